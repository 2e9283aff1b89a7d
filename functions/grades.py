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

import pandas as pd

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


def clean_grade(grade: pd.Series) -> pd.Series:
    """Grade text as written in GRADE_POINTS: trimmed, upper case, without a trailing `.0`."""
    return grade.astype(str).str.strip().str.upper().str.replace(r"\.0+$", "", regex=True)


def grade_points(grade: pd.Series, scale: pd.Series) -> pd.Series:
    """0-100 points per grade (NaN when not a grade: blank, neutral, unknown)."""
    clean = clean_grade(grade)
    points = pd.Series(float("nan"), index=grade.index)
    for name, table in GRADE_POINTS.items():
        mine = scale == name
        points = points.where(~mine, clean.map(table).astype(float))
    return points


def scale_labels(language: str) -> dict[str, str]:
    """How each scale is named before a grade: 'Allianz Trade grade', 'note Allianz Trade' ..."""
    return words("grade_label", language)


def describe_grade(grade: pd.Series, scale: pd.Series, language: str = "en") -> pd.Series:
    """'Allianz Trade grade 7', 'Coface DRA 3', 'Banque de France 4+' (None without a grade)."""
    return scale.astype(str).map(scale_labels(language)).astype(str) + " " + clean_grade(grade)


def _chosen(grades: pd.DataFrame, debtors: pd.DataFrame, ids: pd.Index, as_of, default_scale: str | None
            ) -> pd.DataFrame:
    """The grade in force per debtor id: the latest Grades row by as_of, else the Debtors column."""
    known = grades.loc[grades["date"] <= pd.Timestamp(as_of)].assign(sheet="Grades")
    history = known.sort_values("date", kind="stable").groupby("debtor_id").tail(1).set_index("debtor_id")
    own = debtors.drop_duplicates("debtor_id").set_index("debtor_id").assign(date=pd.NaT, sheet="Debtors")
    own = own.loc[own["insurer_grade"].notna()]
    cols = ["insurer_grade", "grade_scale", "date", "sheet", "_row"]
    chosen = pd.concat([history[cols], own.loc[~own.index.isin(history.index), cols]]).reindex(ids)
    chosen["grade_scale"] = chosen["grade_scale"].fillna(default_scale) if default_scale else chosen["grade_scale"]
    return chosen


def grade_scores(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None) -> pd.Series:
    """latest_grades' grade_score per debtor id, without its notes and issues."""
    ids = pd.Index(debtors["debtor_id"].drop_duplicates(), name="debtor_id")
    chosen = _chosen(grades, debtors, ids, as_of, default_scale)
    return grade_points(chosen["insurer_grade"], chosen["grade_scale"])


def latest_grades(grades: pd.DataFrame, debtors: pd.DataFrame, as_of, default_scale: str | None = None
                  ) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per debtor (GRADE_COLUMNS) and an Issue per grade that is not on its scale."""
    ids = pd.Index(debtors["debtor_id"].drop_duplicates(), name="debtor_id")
    chosen = _chosen(grades, debtors, ids, as_of, default_scale)
    points = grade_points(chosen["insurer_grade"], chosen["grade_scale"])
    neutral = clean_grade(chosen["insurer_grade"]).eq(chosen["grade_scale"].map(NEUTRAL)).fillna(False).astype(bool)
    bad = chosen["insurer_grade"].notna() & points.isna() & ~neutral
    note = pd.Series(None, index=ids, dtype=object)
    note[neutral] = message("grade_note.neutral")
    scale = chosen["grade_scale"]
    why = [message("grade_note.off_scale", grade=g, scale=s) if isinstance(s, str) else message("grade_note.no_scale", grade=g)
           for g, s in zip(chosen.loc[bad, "insurer_grade"].astype(str), scale[bad])]
    note[bad] = [str(w) for w in why]
    issues = [Issue(sheet, int(row), "insurer_grade", "warning", w)  # the Message: worded in the workbook's language
              for sheet, row, w in zip(chosen.loc[bad, "sheet"], chosen.loc[bad, "_row"], why)]
    table = pd.DataFrame({"insurer_grade": chosen["insurer_grade"], "grade_scale": chosen["grade_scale"],
                          "grade_date": chosen["date"].astype("datetime64[ns]"), "grade_score": points,
                          "grade_note": note}, index=ids)
    return table.reset_index()[GRADE_COLUMNS], issues
