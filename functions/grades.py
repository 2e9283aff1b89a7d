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

from .ledger import latest_rows
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


def _chosen(grades: pd.DataFrame, debtors: pd.DataFrame, ids: pd.Index, as_of, default_scale: str | None
            ) -> dict[str, np.ndarray]:
    """The grade in force per debtor id (`ids`: the Debtors ids, in order): insurer_grade,
    grade_scale, date, sheet and _row of the latest Grades row by as_of, else of the Debtors row."""
    history = latest_rows(ids, grades["debtor_id"], grades["date"], as_of)
    own = np.flatnonzero(~debtors["debtor_id"].duplicated().to_numpy())  # the first row of each id
    from_debtors = (history < 0) & debtors["insurer_grade"].notna().to_numpy()[own]

    def pick(column: str, date: bool = False) -> np.ndarray:
        blank = np.datetime64("NaT", "ns") if date else np.nan
        mine = np.full(len(ids), blank, dtype="datetime64[ns]" if date else object)
        found = history >= 0
        mine[found] = grades[column].to_numpy("datetime64[ns]" if date else object)[history[found]]
        if not date:
            mine[from_debtors] = debtors[column].to_numpy(object)[own[from_debtors]]
        return mine

    chosen = {c: pick(c) for c in ("insurer_grade", "grade_scale", "_row")}
    chosen["date"] = pick("date", date=True)
    chosen["sheet"] = np.where(history >= 0, "Grades", np.where(from_debtors, "Debtors", None))
    if default_scale:
        chosen["grade_scale"] = np.where(pd.isna(chosen["grade_scale"]), default_scale, chosen["grade_scale"])
    return chosen


def grade_scores(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None) -> np.ndarray:
    """latest_grades' grade_score per Debtors id (in order, an array), without its notes and issues."""
    ids = pd.Index(debtors["debtor_id"].drop_duplicates(), name="debtor_id")
    chosen = _chosen(grades, debtors, ids, as_of, default_scale)
    return grade_array_points(chosen["insurer_grade"], chosen["grade_scale"])


def latest_grades(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None
                  ) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per debtor (GRADE_COLUMNS) and an Issue per grade that is not on its scale."""
    ids = pd.Index(debtors["debtor_id"].drop_duplicates(), name="debtor_id")
    chosen = _chosen(grades, debtors, ids, as_of, default_scale)
    grade, scale = chosen["insurer_grade"], chosen["grade_scale"]
    codes, distinct = _cleaned(grade)
    points, clean = _points(codes, distinct, scale), np.append(distinct, None)[codes]
    neutral = np.any([(scale == name) & (clean == blank) for name, blank in NEUTRAL.items()], axis=0)
    bad = pd.notna(grade) & np.isnan(points) & ~neutral
    note = np.full(len(ids), None, dtype=object)
    note[neutral] = message("grade_note.neutral")
    why = [message("grade_note.off_scale", grade=str(g), scale=s) if isinstance(s, str)
           else message("grade_note.no_scale", grade=str(g)) for g, s in zip(grade[bad], scale[bad])]
    note[np.flatnonzero(bad)] = [str(w) for w in why]
    issues = [Issue(sheet, int(row), "insurer_grade", "warning", w)  # the Message: worded in the workbook's language
              for sheet, row, w in zip(chosen["sheet"][bad], chosen["_row"][bad], why)]
    # objects, as the input columns are: pandas would make a column of text str
    table = pd.DataFrame({"debtor_id": ids, "insurer_grade": pd.Series(grade, dtype=object),  # GRADE_COLUMNS, in order
                          "grade_scale": pd.Series(scale, dtype=object), "grade_date": chosen["date"],
                          "grade_score": points, "grade_note": pd.Series(note, dtype=object)})
    return table, issues
