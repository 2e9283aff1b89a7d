"""The result sheets, declared once: key columns, headers in French and English (their words
live in functions/texts.py, section `column`), number formats,
what the command line prints and which worksheet function returns each sheet. The writers
(addin.workbook.writer, the xlwings and in-place writers), the command line and the worksheet
functions read this module; the reader accepts these headers back (addin.workbook.contract).

>>> header("insured_amount", "fr"), header("insured_amount", "en"), header("insured_amount", "en", "ids")
('Montant assuré', 'Insured amount', 'insured_amount')
>>> column_format("usage", "float64")
'percent'
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from functions.analysis import SHEETS as ANALYSIS_SHEETS
from functions.breaches import COLUMNS as BREACH_COLUMNS
from functions.claims import KEY_COLUMNS as INDEMNITY_COLUMNS
from functions.cover import KEY_COLUMNS as EXPOSURE_COLUMNS
from functions.deadlines import KEY_COLUMNS as DEADLINE_COLUMNS
from functions.declarations import KEY_COLUMNS as DECLARATION_COLUMNS
from functions.dunning import KEY_COLUMNS as DUNNING_COLUMNS
from functions.fees import KEY_COLUMNS as IDLE_COLUMNS
from functions.groups import KEY_COLUMNS as GROUP_COLUMNS
from functions.insolvency import KEY_COLUMNS as INSOLVENCY_COLUMNS
from functions.model import ISSUE_COLUMNS
from functions.penalties import KEY_COLUMNS as PENALTY_COLUMNS
from functions.portfolio import SHEET_COLUMNS as PORTFOLIO_COLUMNS
from functions.scoring import SCORES_COLUMNS
from functions.terms import KEY_COLUMNS as LEGAL_TERMS_COLUMNS
from functions.turnover import KEY_COLUMNS as TURNOVER_COLUMNS
from functions.texts import LANGUAGES, label


@dataclass(frozen=True)
class ResultSheet:
    name: str
    key: tuple[str, ...]                  # key columns, first on the sheet (DESIGN.md, the workbook contract)
    shown: tuple[str, ...]                # what the command line prints of it
    function: str | None = None           # the worksheet function returning exactly this sheet's rows


AGING_COLUMNS = ("debtor_id", "not_due", "d1_30", "d31_60", "d61_90", "d91_120", "over_120", "total", "dso", "dbt")
REQUEST_COLUMNS = ("debtor_id", "current_limit", "recommended_limit", "amount_to_request", "reason", "basis")

SHEETS: dict[str, ResultSheet] = {s.name: s for s in (
    ResultSheet("Aging", AGING_COLUMNS, AGING_COLUMNS, "CREDIT_AGING"),
    ResultSheet("Exposure", tuple(EXPOSURE_COLUMNS),
                ("debtor_id", "exposure", "limit", "limit_type", "covered", "insured_amount", "uninsured", "usage"),
                "CREDIT_COVER"),
    ResultSheet("Breaches", tuple(BREACH_COLUMNS), tuple(BREACH_COLUMNS), "CREDIT_BREACHES"),
    ResultSheet("Limit requests", REQUEST_COLUMNS, REQUEST_COLUMNS),
    ResultSheet("Scores", tuple(SCORES_COLUMNS),
                ("debtor_id", "name", "score", "grade", "weighted_days_late", "completeness", "reasons"), "CREDIT_SCORES"),
    ResultSheet("Deadlines", tuple(DEADLINE_COLUMNS), tuple(DEADLINE_COLUMNS), "CREDIT_DEADLINES"),
    ResultSheet("Declarations", tuple(DECLARATION_COLUMNS), tuple(DECLARATION_COLUMNS)),
    ResultSheet("Turnover", tuple(TURNOVER_COLUMNS), tuple(TURNOVER_COLUMNS)),
    ResultSheet("Penalties", tuple(PENALTY_COLUMNS), tuple(PENALTY_COLUMNS)),
    ResultSheet("Dunning", tuple(DUNNING_COLUMNS),
                ("debtor_id", "level", "next_action", "due_date", "amount", "invoices", "status", "priority",
                 "reminder_id"), "CREDIT_NEXT_ACTION"),
    ResultSheet("Groups", tuple(GROUP_COLUMNS),
                ("group", "members", "exposure", "limit", "covered", "usage", "over_cover", "debtor_ids"), "CREDIT_GROUPS"),
    ResultSheet("Insolvency", tuple(INSOLVENCY_COLUMNS), (*INSOLVENCY_COLUMNS, "delivered_after_insolvency"),
                "CREDIT_INSOLVENCY"),
    ResultSheet("Indemnities", tuple(INDEMNITY_COLUMNS), tuple(INDEMNITY_COLUMNS), "CREDIT_INDEMNITIES"),
    ResultSheet("Legal terms", tuple(LEGAL_TERMS_COLUMNS), tuple(LEGAL_TERMS_COLUMNS), "CREDIT_LEGAL_TERMS"),
    ResultSheet("Idle limits", tuple(IDLE_COLUMNS), tuple(IDLE_COLUMNS), "CREDIT_IDLE_LIMITS"),
    ResultSheet("Portfolio", tuple(PORTFOLIO_COLUMNS), tuple(PORTFOLIO_COLUMNS)),
    ResultSheet("Issues", tuple(ISSUE_COLUMNS), tuple(ISSUE_COLUMNS)),
    ResultSheet("Dashboard", (), ()),
)}
assert list(SHEETS) == list(ANALYSIS_SHEETS), "every result sheet of the analysis is declared here, in its order"

# Coded cells and the catalogue section that words them (functions/texts.py): with readable
# headers a status shows as "À déclarer" / "To notify"; `headers = ids` keeps the codes.
VALUES: dict[str, str] = {
    "status": "status", "deadline_status": "status", "claim": "status", "severity": "severity",
    "limit_type": "limit_type", "flag": "flag", "z_zone": "zone", "ch_zone": "zone", "grade_scale": "grade_scale",
    "channel": "channel", "template": "template", "rule": "rule", "basis": "basis", "type": "declaration",
    "insurer_step": "declaration", "section": "portfolio_section", "measure": "portfolio_measure",
    "unit": "portfolio_unit", "item": "portfolio_item", "risk_class": "portfolio_item",
}
HEADERS = ("labels", "ids")  # Policy `headers` / --headers: readable labels (default) or the identifiers

# Number format of a float column by its id; other floats are money in the policy currency.
FORMATS: dict[str, str] = {
    **dict.fromkeys(("usage", "quotite", "completeness", "overdue_share", "share", "uninsured_share"), "percent"),
    "rate": "points",  # already in percent: 12.15 -> 12.15 %
    **dict.fromkeys(("dso", "dbt", "best_dso", "simple_dso", "weighted_days_late", "weighted_days_late_3m",
                     "recent_days_late", "trend", "score", "behaviour_points", "usage_points", "grade_points",
                     "financials_points", "grade_score"), "days"),
    **dict.fromkeys(("z_score", "conan_holder"), "ratio"),
    "months_without_sales": "days",
    "value": "number",  # the Portfolio's values: the `unit` column beside them says EUR, %, clients (writer formats by unit)
}


def header(column: str, language: str, headers: str = "labels") -> str:
    """The header of a column: its label in the policy language, or its identifier with `headers="ids"`
    (and for a column the catalogue does not word)."""
    return column if headers == "ids" else label(column, "column", language)


def labels(column: str) -> tuple[str, ...]:
    """Every header a column may carry (identifier, French and English labels), for the reader."""
    return tuple(dict.fromkeys((column, *(label(column, "column", lang) for lang in LANGUAGES))))


def value_label(column: str, code, language: str, headers: str = "labels"):
    """How a coded cell of `column` shows: its words, or the code itself with `headers="ids"`."""
    return code if headers == "ids" or column not in VALUES else label(code, VALUES[column], language)


def shown(frame: pd.DataFrame, language: str, headers: str = "labels") -> pd.DataFrame:
    """`frame` as a sheet shows it: coded cells in words (VALUES). The headers stay identifiers:
    the writers word them with `header`."""
    coded = [c for c in frame.columns if c in VALUES]
    if headers == "ids" or not coded or not len(frame):
        return frame
    out = frame.copy(deep=False)  # the other columns are shared, not copied (a million rows at most)
    for c in coded:
        cells = frame[c].to_numpy(object)
        codes, found = pd.factorize(cells)  # a hash lookup per cell, a Python call per distinct code
        is_code = np.array([isinstance(v, str) for v in found] + [False])[codes]  # -1 (blank): the appended False
        words = np.array([label(v, VALUES[c], language) if isinstance(v, str) else v for v in found], object)
        worded = cells.copy()  # other cells stay as they are (factorize takes 1 and True for one value)
        worded[is_code] = words[codes[is_code]]
        out[c] = pd.Series(worded, index=frame.index, dtype=object)
    return out


def column_format(column: str, values) -> str | None:
    """The number format kind of a result column (its values or dtype): date, money, percent, points,
    days, ratio, int, or None for text and yes/no."""
    types = pd.api.types
    if types.is_datetime64_any_dtype(values):
        return "date"
    if types.is_bool_dtype(values):
        return None
    if types.is_integer_dtype(values):
        return "int"
    if types.is_float_dtype(values):
        return FORMATS.get(column, "money")
    return None
