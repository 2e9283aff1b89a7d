"""The demo's `Functions` sheet: every worksheet function written as a formula on the demo's
own tables, so a user sees them work as soon as the add-in is loaded (Windows Excel).

Each example is data (`Example`: the function, its arguments, what it shows), so the same list
gives the formulas written here, their results computed without Excel (`results`, from the
cells Excel would pass) and the place of each result on the sheet (`layout`), which
`credit-addin check-excel` compares with what Excel shows.

Array functions are written as dynamic-array formulas over the whole range of their result: Excel
365 and 2021 spill them from the first cell, and Excel 2016 and 2019, which have no dynamic
arrays, show the same formula as a legacy array formula over that range (without the range
they show only the header cell). Each block is as tall as its result, so no spill runs into the
next one. The as-of date is the Policy table's `as_of`, through the workbook name `AsOf`, and the
language of the functions without a Policy argument its `language`, through `Lang`.
Headless tools cannot evaluate add-in functions: LibreOffice shows #NAME? here, which is expected.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from functions.texts import text

SHEET = "Functions"
FIRST_SCALAR_ROW = 3                   # 0-based: row 4, after the title and the as-of date
EXPOSURE_NAME = "Exposure_demo"        # the exposure column of CREDIT_EXPOSURE's result


@dataclass(frozen=True)
class Table:
    """An Excel table with its header row: `Invoices[#All]`."""
    name: str


@dataclass(frozen=True)
class Name:
    """A workbook name: `AsOf` (the Policy's as_of), `Exposure_demo` (the exposures spilled)."""
    name: str


AS_OF, EXPOSURES, LANGUAGE = Name("AsOf"), Name(EXPOSURE_NAME), Name("Lang")
BUCKETS = "30,60,90,120"


@dataclass(frozen=True)
class Example:
    function: str
    args: tuple

    def shows(self, language: str) -> str:
        """What the example shows, in `language` (functions/texts.py, section `functions_sheet`)."""
        return text(f"functions_sheet.{self.function}", language)

    @property
    def formula(self) -> str:
        return f"={self.function}({','.join(_formula(a) for a in self.args)})"


def _formula(arg) -> str:
    if isinstance(arg, Table):
        return f"{arg.name}[#All]"
    if isinstance(arg, Name):
        return arg.name
    if isinstance(arg, date):
        return f"DATE({arg.year},{arg.month},{arg.day})"
    if isinstance(arg, str):
        return '"' + arg.replace('"', '""') + '"'
    return repr(arg)


def _tables(*names: str) -> tuple[Table, ...]:
    return tuple(Table(n) for n in names)


SCALARS = (
    Example("CREDIT_NOTIFY_BY", (date(2026, 7, 31), Table("Policy"))),
    Example("CREDIT_LATE_INTEREST", (10000, date(2025, 5, 15), date(2025, 8, 15))),
    Example("CREDIT_RECOMMENDED_LIMIT", (365000, 60, 100000, "B", 1.2)),
    Example("CREDIT_PREMIUM", (1000000, 0.0025, 3000)),
    Example("CREDIT_PROOF_OF_CLAIM_BY", (date(2025, 12, 31),)),
    Example("CREDIT_FX_CONVERT", (1000, "USD", AS_OF, Table("FX"), "EUR")),
    Example("CREDIT_LEGAL_DUE_BY", (date(2026, 2, 15), Table("Policy"))),
    Example("CREDIT_MAX_LIABILITY_HEADROOM", (Table("Claims"), Table("Policy"), AS_OF)),
    Example("CREDIT_CLAIM_INDEMNITY", ("C018", *_tables("Invoices", "Debtors", "Payments", "Limits", "Claims", "Register",
                                                         "Policy"), AS_OF, Table("Extensions"))),
    Example("CREDIT_SCORE", ("C001", *_tables("Invoices", "Debtors", "Payments", "Financials", "Grades", "Limits",
                                               "Policy"), AS_OF)),
)
ARRAYS = (
    Example("CREDIT_AGING", (*_tables("Invoices", "Payments", "Debtors"), AS_OF, BUCKETS, LANGUAGE, Table("Extensions"))),
    Example("CREDIT_EXPOSURE", (*_tables("Invoices", "Payments", "Debtors", "Orders"), AS_OF, LANGUAGE)),
    Example("CREDIT_COVER", (*_tables("Invoices", "Limits", "Debtors", "Payments", "Orders", "Policy"), AS_OF,
                             *_tables("Extensions", "Claims", "Financials", "Grades"))),
    Example("CREDIT_BREACHES", (*_tables("Invoices", "Limits", "Debtors", "Payments", "Orders", "Register", "Policy"),
                                AS_OF, *_tables("Extensions", "Claims", "Financials", "Grades", "Actions"))),
    Example("CREDIT_SCORES", (*_tables("Invoices", "Debtors", "Payments", "Financials", "Grades", "Limits",
                                       "Policy"), AS_OF)),
    Example("CREDIT_DEADLINES", (*_tables("Invoices", "Debtors", "Payments", "Register", "Policy"), AS_OF,
                                 Table("Extensions"))),
    Example("CREDIT_NEXT_ACTION", (*_tables("Invoices", "Actions", "Debtors", "Payments", "Dunningplan", "Policy"),
                                   AS_OF, Table("Extensions"))),
    Example("CREDIT_EXPECTED_LOSS", (*_tables("Invoices", "Debtors", "Payments", "Limits", "Grades", "Financials",
                                              "PD", "Policy"), AS_OF)),
    Example("CREDIT_CONCENTRATION", (EXPOSURES, 10, LANGUAGE)),
    Example("CREDIT_GROUPS", (*_tables("Invoices", "Debtors", "Payments", "Limits", "Orders", "FX", "Policy"), AS_OF)),
    Example("CREDIT_INSOLVENCY", (*_tables("Invoices", "Debtors", "Payments", "Limits", "Orders", "FX", "Policy"),
                                  AS_OF)),
    Example("CREDIT_INDEMNITIES", (*_tables("Invoices", "Debtors", "Payments", "Limits", "Claims", "Register", "Policy"),
                                   AS_OF, Table("Extensions"))),
    Example("CREDIT_LEGAL_TERMS", (*_tables("Invoices", "Debtors", "Payments", "Policy"), AS_OF)),
    Example("CREDIT_IDLE_LIMITS", (*_tables("Invoices", "Limits", "Debtors", "Payments", "Orders", "Policy"), AS_OF)),
)
EXAMPLES = SCALARS + ARRAYS


# ---- results without Excel ---------------------------------------------------------------------

def policy_value(tables: dict[str, list[list]], parameter: str = "as_of"):
    """What `AsOf` (or `Lang`) holds: the Policy table's as_of (language) value."""
    return next((row[1] for row in tables["Policy"][1:] if row[0] == parameter), None)


def policy_lookup(parameter: str, language: str) -> str:
    """The formula a workbook name uses to read one Policy value (headers in `language`)."""
    value, name = text("template.value", language), text("template.parameter", language)
    return f'=INDEX(Policy[{value}],MATCH("{parameter}",Policy[{name}],0))'


def results(tables: dict[str, list[list]]) -> dict[str, object]:
    """Each example's result, computed by the add-in's worksheet functions from `tables` (table
    name -> its cells header row first, as Excel passes `Name[#All]`): a value, or rows."""
    from addin.excel import udfs

    out: dict[str, object] = {}
    for example in SCALARS + ARRAYS:
        args = [_value(a, tables, out) for a in example.args]
        out[example.function] = getattr(udfs, example.function)(*args)
    return out


def _value(arg, tables: dict, done: dict):
    if isinstance(arg, Table):  # a table the workbook lacks reads as an empty argument
        return tables.get(arg.name)
    if arg == AS_OF:
        return policy_value(tables, "as_of")
    if arg == LANGUAGE:
        return policy_value(tables, "language")
    if arg == EXPOSURES:                 # column B of CREDIT_EXPOSURE's spill, without its header
        return [[row[1]] for row in done["CREDIT_EXPOSURE"][1:]]
    if isinstance(arg, date):
        return datetime(arg.year, arg.month, arg.day)
    return float(arg) if isinstance(arg, int) else arg


# ---- where each result goes --------------------------------------------------------------------

@dataclass(frozen=True)
class Placed:
    example: Example
    row: int            # 0-based cell of the formula (top-left of an array's range)
    column: int
    rows: int = 1
    columns: int = 1


def shape(value) -> tuple[int, int]:
    """Rows and columns of a result as Excel shows it (an error text is one cell)."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        return len(value), max(len(value[0]), 1)
    return 1, 1


def layout(computed: dict[str, object]) -> list[Placed]:
    """Scalars in column B from row 4; then each array under its title, as tall as its result."""
    placed = [Placed(e, FIRST_SCALAR_ROW + i, 1) for i, e in enumerate(SCALARS)]
    row = FIRST_SCALAR_ROW + len(SCALARS) + 1
    for example in ARRAYS:
        rows, columns = shape(computed[example.function])
        placed.append(Placed(example, row + 1, 0, rows, columns))
        row += rows + 3                  # title, result, two blank rows
    return placed


def write_functions_sheet(wb, fmt, computed: dict[str, object], language: str = "fr") -> None:
    """The sheet, laid out for the results `computed` from the demo's own tables, its words in `language`."""
    ws = wb.add_worksheet(SHEET)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 40, 14)
    ws.write_string(0, 0, text("demo.functions_title", language), fmt.title)
    ws.write_string(1, 0, text("demo.as_of", language))
    ws.write_formula(1, 1, policy_lookup("as_of", language), fmt.date)
    wb.define_name("AsOf", f"={SHEET}!$B$2")
    wb.define_name("Lang", policy_lookup("language", language))
    for p in layout(computed):
        name = p.example.function
        if p.example in SCALARS:
            ws.write_string(p.row, 0, name, fmt.bold)
            ws.write_formula(p.row, 1, p.example.formula)
            ws.write_string(p.row, 2, p.example.shows(language))
            continue
        ws.write_string(p.row - 1, 0, text("functions_sheet.example_title", language, function=name,
                                           shows=p.example.shows(language)), fmt.bold)
        if name == "CREDIT_EXPOSURE":
            wb.define_name(EXPOSURE_NAME, f"={SHEET}!$B${p.row + 2}:$B${p.row + p.rows}")
        ws.write_dynamic_array_formula(p.row, 0, p.row + p.rows - 1, p.columns - 1, p.example.formula)
