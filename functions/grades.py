"""Insurer and central-bank grades on one 0-100 scale, 100 safest (notes assureur).

Mapping table (linear between the ends of each scale):

| scale | grades, best first | points |
|---|---|---|
| `allianz` (Allianz Trade) | 1, 2, ..., 10 | (10 - g) / 9 x 100: 1 -> 100, 4 -> 66.7, 7 -> 33.3, 10 -> 0 |
| `coface` (Coface DRA) | 10, 9, ..., 0 | 10 x g: 10 -> 100, 5 -> 50, 0 -> 0 |
| `bdf` (Banque de France) | 1+, 1, 2, 3++, 3+, 3, 4+, 4, 5+, 5, 6, 7, 8, P | (13 - rank) / 13 x 100, rank 0 = 1+ |

Banque de France points: 1+ 100, 1 92.3, 2 84.6, 3++ 76.9, 3+ 69.2, 3 61.5, 4+ 53.8, 4 46.2,
5+ 38.5, 5 30.8, 6 23.1, 7 15.4, 8 7.7, P 0.

Banque de France `P` means insolvency proceedings (procédure collective): 0 points. `0`
means no adverse information: it is not a grade, so the component is missing (not scored).
Grades are read as text: `7`, `7.0` and ` 7 ` are the same Allianz grade; `3++` and `p` work.

The grade used at as_of is the latest `Grades` row dated on or before as_of, else the
`insurer_grade` / `grade_scale` columns of `Debtors`. A blank scale falls back to
`default_scale` (the policy's insurer, see scale_of_insurer).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .ledger import debtor_ids, latest_rows
from .model import Issue
from .texts import message, words

BDF_ORDER = ("1+", "1", "2", "3++", "3+", "3", "4+", "4", "5+", "5", "6", "7", "8", "P")
GRADE_POINTS: dict[str, dict[str, float]] = {
    "allianz": {str(g): (10 - g) / 9 * 100 for g in range(1, 11)},
    "coface": {str(g): 10.0 * g for g in range(0, 11)},
    "bdf": {g: (13 - i) / 13 * 100 for i, g in enumerate(BDF_ORDER)},
}
NEUTRAL = {"bdf": "0"}  # no adverse information: no grade
GRADE_COLUMNS = ["debtor_id", "insurer_grade", "grade_scale", "grade_date", "grade_score", "grade_note"]


def scale_of_insurer(insurer: str | None) -> str | None:
    """The grade scale an insurer uses: Allianz Trade (ex Euler Hermes) or Coface; else None."""
    name = (insurer or "").lower()
    if "allianz" in name or "euler" in name:
        return "allianz"
    return "coface" if "coface" in name else None


def _cleaned(grade: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, -1 when blank; the distinct grades as written in GRADE_POINTS: trimmed, upper
    case, without a trailing `.0`), each distinct grade cleaned once."""
    codes, distinct = pd.factorize(grade)
    return codes, np.array([re.sub(r"\.0+$", "", str(g).strip().upper()) for g in distinct], dtype=object)


def cleaned_grades(grade: np.ndarray) -> np.ndarray:
    """Each grade as written in GRADE_POINTS (None where blank)."""
    codes, distinct = _cleaned(grade)
    return np.append(distinct, None)[codes]


def grade_array_points(grade: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """grade_points on arrays of grades and scales."""
    return _points(*_cleaned(grade), scale)


def _points(codes: np.ndarray, distinct: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """grade_array_points of the grades _cleaned gives (codes, distinct) on their scales."""
    points = np.full(len(codes), np.nan)
    for name, table in GRADE_POINTS.items():
        of_grade = np.array([table.get(g, np.nan) for g in distinct] + [np.nan])  # the last: blank (code -1)
        points = np.where(scale == name, of_grade[codes], points)
    return points


def grade_points(grade: pd.Series, scale: pd.Series) -> pd.Series:
    """0-100 points per grade (NaN when not a grade: blank, neutral, unknown)."""
    return pd.Series(grade_array_points(grade.to_numpy(object), scale.to_numpy(object)), index=grade.index)


def scale_labels(language: str) -> dict[str, str]:
    """How each scale is named before a grade: 'Allianz Trade grade', 'note Allianz Trade' ..."""
    return words("grade_label", language)


def _in_force(grades: pd.DataFrame, debtors: pd.DataFrame, as_of) -> tuple[pd.Index, np.ndarray, np.ndarray]:
    """Per Debtors id (debtor_ids' index, returned first) the row giving its grade at as_of: the
    latest Grades row dated on or before as_of (-1 where none), else the first Debtors row of the
    id when it has a grade (-1 where not)."""
    ids, own = debtor_ids(debtors)
    history = latest_rows(ids, grades["debtor_id"], grades["date"], as_of)
    listed = (history < 0) & pd.notna(debtors["insurer_grade"].to_numpy(object)[own])
    return ids, history, np.where(listed, own, -1)


def _picked(grades: pd.DataFrame, debtors: pd.DataFrame, history: np.ndarray, listed: np.ndarray,
            column: str) -> np.ndarray:
    """`column` of the rows _in_force found (an object array), NaN where neither sheet has one."""
    mine = np.full(len(history), np.nan, dtype=object)
    found, on_sheet = history >= 0, listed >= 0
    mine[found] = grades[column].to_numpy(object)[history[found]]
    mine[on_sheet] = debtors[column].to_numpy(object)[listed[on_sheet]]
    return mine


def _graded(grades: pd.DataFrame, debtors: pd.DataFrame, history: np.ndarray, listed: np.ndarray,
            default_scale: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The insurer_grade and grade_scale in force (_in_force), a blank scale read as `default_scale`."""
    grade, scale = (_picked(grades, debtors, history, listed, c) for c in ("insurer_grade", "grade_scale"))
    return grade, np.where(pd.isna(scale), default_scale, scale) if default_scale else scale


def grade_scores(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None) -> np.ndarray:
    """latest_grades' grade_score per Debtors id (in order, an array), without its notes and issues."""
    _, history, listed = _in_force(grades, debtors, as_of)
    return grade_array_points(*_graded(grades, debtors, history, listed, default_scale))


def latest_grades(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None
                  ) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per debtor (GRADE_COLUMNS) and an Issue per grade that is not on its scale."""
    columns, issues = grade_columns(grades, debtors, as_of, default_scale)
    index = pd.RangeIndex(len(columns["debtor_id"]))  # the Series below on the frame's own index: no reindex
    # objects, as the input columns are: pandas would make a column of text str
    texts = {c: pd.Series(columns[c], index=index, dtype=object) for c in ("insurer_grade", "grade_scale",
                                                                            "grade_note")}
    return pd.DataFrame({c: texts.get(c, columns[c]) for c in GRADE_COLUMNS}, index=index), issues


def grade_columns(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None
                  ) -> tuple[dict, list[Issue]]:
    """latest_grades' columns as arrays (debtor_id: an Index; text: object arrays), without the
    frame (the Scores sheet takes them as they are), and its Issues."""
    ids, history, listed = _in_force(grades, debtors, as_of)
    grade, scale = _graded(grades, debtors, history, listed, default_scale)
    codes, distinct = _cleaned(grade)
    points, clean = _points(codes, distinct, scale), np.append(distinct, None)[codes]
    neutral = np.any([(scale == name) & (clean == blank) for name, blank in NEUTRAL.items()], axis=0)
    bad = np.flatnonzero(pd.notna(grade) & np.isnan(points) & ~neutral)
    note = np.full(len(ids), None, dtype=object)
    note[neutral] = message("grade_note.neutral")
    why = [message("grade_note.off_scale", grade=str(g), scale=s) if isinstance(s, str)
           else message("grade_note.no_scale", grade=str(g)) for g, s in zip(grade[bad], scale[bad])]
    note[bad] = [str(w) for w in why]
    rows = _picked(grades, debtors, history, listed, "_row")[bad] if len(bad) else []
    issues = [Issue("Grades" if history[r] >= 0 else "Debtors", int(row), "insurer_grade", "warning", w)
              for r, row, w in zip(bad, rows, why)]  # the Message: worded in the workbook's language
    found = history >= 0
    date = np.full(len(ids), np.datetime64("NaT", "ns"))
    date[found] = grades["date"].to_numpy("datetime64[ns]")[history[found]]
    return {"debtor_id": ids, "insurer_grade": grade, "grade_scale": scale, "grade_date": date,
            "grade_score": points, "grade_note": note}, issues
