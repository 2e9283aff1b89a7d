"""Writing input sheets the way the template presents them to the credit manager.

Each sheet is one formatted Excel table with the contract's English headers in row 1, a frozen
header, dates as dd/mm/yyyy, amounts as #,##0.00 and drop-down lists for choice and yes/no
columns. Text is always written as text: a debtor called "=ACME" must not become a formula.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter

from addin.workbook.contract import AMOUNT, BOOL, CHOICE, DATE, INPUT_SHEETS, INT, POLICY_SHEET, Column
from functions.policy import parameters

# A fixed creation date: the only thing that would otherwise differ between two builds
# (XlsxWriter already stamps every zip member with 1980-01-01).
CREATED = datetime(2026, 1, 1)
VALIDATION_ROWS = 1000  # drop-downs reach this far below the data, for rows the user adds
YES_NO = ["yes", "no"]
RATE_COLUMNS = {"pd", "quotite", "quotite_non_named", "premium_rate"}  # fractions shown as 0.25%


@dataclass(frozen=True)
class SheetSpec:
    """One input sheet: its columns, the rows it ships with, one line of help in French and English."""

    name: str
    columns: tuple[Column, ...]
    help_fr: str
    help_en: str
    rows: tuple[dict, ...] = ()


HELP = {
    POLICY_SHEET: ("Paramètres de votre police d'assurance-crédit (délais, quotités, seuils).",
                   "Your credit-insurance policy's parameters (deadlines, insured shares, thresholds)."),
    "Debtors": ("Vos clients : identifiant, pays, SIREN/TVA, conditions de paiement, note de l'assureur.",
                "Your customers: id, country, SIREN/VAT, payment terms, insurer grade."),
    "Invoices": ("Factures et avoirs : dates, échéance, montants TTC/HT, litiges.",
                 "Invoices and credit notes: dates, due date, amounts incl./excl. VAT, disputes."),
    "Payments": ("Règlements reçus, avec la facture réglée quand elle est connue.",
                 "Payments received, with the invoice settled when known."),
    "Orders": ("Commandes en cours, pas encore facturées.", "Open orders, not yet invoiced."),
    "Limits": ("Décisions de l'assureur : agréments, augmentations, réductions, retraits, refus.",
               "Insurer decisions: limits granted, increased, reduced, withdrawn, refused."),
    "Grades": ("Historique des notes de l'assureur par client.", "History of the insurer's grades per customer."),
    "Financials": ("Bilans et comptes de résultat des clients (scores Altman et Conan-Holder).",
                   "Customers' balance sheets and income statements (Altman and Conan-Holder scores)."),
    "Actions": ("Historique des relances : lettres, appels, mises en demeure.",
                "Dunning history: letters, phone calls, formal notices."),
    "Register": ("Déclarations envoyées à l'assureur (menaces de sinistre, contentieux, chiffre d'affaires).",
                 "Declarations sent to the insurer (overdue notices, collection requests, turnover)."),
    "Rates": ("Taux BCE et taux d'intérêt légal par semestre, si les tables fournies ne suffisent pas.",
              "ECB and legal interest rates per semester, when the bundled tables are not enough."),
    "FX": ("Taux de change vers la devise de la police.", "Exchange rates into the policy currency."),
}

TITLE = "Complément Excel assurance-crédit / Credit-insurance Excel add-in"
INTRO = [
    ("FR", "Le complément lit les feuilles ci-dessous et calcule l'antériorité, l'encours couvert, les "
           "dépassements de limite, les scores, les délais de l'assureur et prépare vos déclarations. "
           "Il ne réécrit jamais vos feuilles : il crée des feuilles de résultats."),
    ("EN", "The add-in reads the sheets below and computes aging, covered exposure, limit breaches, "
           "scores and the insurer's deadlines, and drafts your declarations. It never rewrites your "
           "sheets: it creates result sheets."),
    ("FR", "Lancer : ruban « Assurance-crédit » dans Excel, ou en ligne de commande "
           "« credit-addin run classeur.xlsx »."),
    ("EN", "Run: the \"Credit insurance\" ribbon in Excel, or on the command line "
           "\"credit-addin run workbook.xlsx\"."),
    ("FR", "Les en-têtes peuvent être en français (N° facture, Date d'échéance, Montant TTC...). "
           "Les colonnes facultatives peuvent être supprimées."),
    ("EN", "Headers may be in French (N° facture, Date d'échéance, Montant TTC...). "
           "Optional columns may be deleted."),
]


def new_workbook(path, constant_memory: bool = False) -> xlsxwriter.Workbook:
    """A workbook that writes text as text and is byte-identical from one build to the next.

    constant_memory streams each row to disk (large files): rows must then be written in order.
    """
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "constant_memory": constant_memory})
    wb.set_properties({"title": "Credit insurance", "author": "credit-addin", "created": CREATED})
    return wb


class Formats:
    """The few cell formats every sheet shares, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.date = wb.add_format({"num_format": "dd/mm/yyyy"})
        self.amount = wb.add_format({"num_format": "#,##0.00"})
        self.int = wb.add_format({"num_format": "0"})
        self.text = wb.add_format({"num_format": "@"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})
        self.rate = wb.add_format({"num_format": "0.00%"})

    def of(self, kind: str):
        return {DATE: self.date, AMOUNT: self.amount, INT: self.int}.get(kind, self.text)


def choice_values(col: Column) -> list[str]:
    """The canonical values offered in a column's drop-down, in the contract's order."""
    if col.kind == BOOL:
        return YES_NO
    return list(dict.fromkeys(col.choices.values())) if col.kind == CHOICE and col.choices else []


def cell_value(value):
    """A Python value as the cell should hold it: blank for None/NaN/NaT, `yes` (or blank) for booleans."""
    if value is None or value != value:  # NaN and NaT are the only values unequal to themselves
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        return value.to_pydatetime()
    if isinstance(value, bool):
        return "yes" if value else None
    return value


def _width(col: Column, rows: list[list], index: int) -> float:
    """Wide enough for the header and its filter button, and for the longest value: never `###`."""
    minimum = {DATE: 12, AMOUNT: 14, INT: 8}.get(col.kind, 10)
    longest = max((len(_shown(r[index])) for r in rows), default=0)
    return min(max(len(col.name) + 4, minimum, longest + 2), 60)


def _shown(value) -> str:
    """The value roughly as Excel displays it, to size the column."""
    if isinstance(value, date):
        return "dd/mm/yyyy"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def _format(fmt: Formats, col: Column):
    return fmt.rate if col.name in RATE_COLUMNS else fmt.of(col.kind)


def write_table(wb: xlsxwriter.Workbook, fmt: Formats, name: str, columns: tuple[Column, ...],
                records: list[dict]) -> xlsxwriter.worksheet.Worksheet:
    """One input sheet as an Excel table named after the sheet (spaces removed)."""
    ws = wb.add_worksheet(name)
    rows = [[cell_value(r.get(c.name)) for c in columns] for r in records]
    data = rows or [[None] * len(columns)]  # a table needs one data row, even empty
    ws.add_table(0, 0, len(data), len(columns) - 1, {
        "name": name.replace(" ", ""), "style": "Table Style Medium 2", "data": data,
        "columns": [{"header": c.name, "format": _format(fmt, c)} for c in columns]})
    for i, col in enumerate(columns):
        ws.set_column(i, i, _width(col, rows, i), _format(fmt, col))
        values = choice_values(col)
        if values:
            # a warning, not a stop: the reader also accepts French words (accordé, oui ...)
            ws.data_validation(1, i, len(data) + VALIDATION_ROWS, i, {
                "validate": "list", "source": values, "error_type": "warning"})
    ws.freeze_panes(1, 0)
    return ws


def policy_records(values: dict | None = None) -> list[dict]:
    """Parameter | Value | Description rows: the defaults, overridden by `values`."""
    values = values or {}
    records = []
    for name, default, description, _ in parameters():
        value = values.get(name, default)
        if isinstance(value, tuple):
            value = ",".join(str(v) for v in value)  # aging_buckets as typed: 30,60,90,120
        records.append({"parameter": name, "value": value, "description": description})
    return records


def write_policy(wb: xlsxwriter.Workbook, fmt: Formats, values: dict | None = None):
    """The Policy sheet, pre-filled with the defaults, drop-downs on parameters with choices."""
    ws = wb.add_worksheet(POLICY_SHEET)
    records = policy_records(values)
    headers = ("Parameter", "Value", "Description")
    if wb.constant_memory:  # streamed workbooks cannot hold tables: a plain range
        for col, header in enumerate(headers):
            ws.write_string(0, col, header)
    else:
        ws.add_table(0, 0, len(records), 2, {"name": POLICY_SHEET, "style": "Table Style Medium 2",
                                             "columns": [{"header": h} for h in headers]})
    for row, (rec, (_, _, _, choices)) in enumerate(zip(records, parameters()), start=1):
        ws.write_string(row, 0, rec["parameter"])
        _write_value(ws, fmt, row, rec["value"])
        ws.write_string(row, 2, rec["description"])
        if choices:
            ws.data_validation(row, 1, row, 1, {"validate": "list", "source": list(choices)})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, max([22] + [len(_shown(r["value"])) + 2 for r in records]))
    ws.set_column(2, 2, 90)
    ws.freeze_panes(1, 0)
    return ws


def excel_cells(specs: list[SheetSpec], policy: dict | None = None) -> dict[str, list[list]]:
    """Each table as Excel hands `Name[#All]` to a worksheet function: header row, then the cells
    `build` writes (numbers as floats, dates as datetimes, None for blank), keyed by table name."""
    def com(value):
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime(value.year, value.month, value.day)
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def policy_value(value):            # as _write_value writes it
        if value is None or isinstance(value, date):
            return com(value)
        return float(value) if isinstance(value, (int, float)) else str(value)

    cells = {POLICY_SHEET: [["Parameter", "Value", "Description"]] + [
        [r["parameter"], policy_value(r["value"]), r["description"]] for r in policy_records(policy)]}
    for spec in specs:
        rows = [[com(cell_value(r.get(c.name))) for c in spec.columns] for r in spec.rows]
        cells[spec.name.replace(" ", "")] = [[c.name for c in spec.columns]] + (rows or [[None] * len(spec.columns)])
    return cells


def _write_value(ws, fmt: Formats, row: int, value):
    if value is None:
        ws.write_blank(row, 1, None)
    elif isinstance(value, date):
        ws.write_datetime(row, 1, datetime(value.year, value.month, value.day), fmt.date)
    elif isinstance(value, (int, float)):
        ws.write_number(row, 1, value)
    else:
        ws.write_string(row, 1, str(value))


def write_instructions(wb: xlsxwriter.Workbook, fmt: Formats, specs: list[SheetSpec]):
    """What the add-in does, one line per sheet, how to run it, in French and English."""
    ws = wb.add_worksheet("Instructions")
    ws.write_string(0, 0, TITLE, fmt.title)
    for row, (lang, text) in enumerate(INTRO, start=2):
        ws.write_string(row, 0, lang, fmt.bold)
        ws.write_string(row, 1, text, fmt.wrap)
    top = len(INTRO) + 3
    for col, head in enumerate(("Sheet / Feuille", "Français", "English")):
        ws.write_string(top, col, head, fmt.bold)
    lines = [(POLICY_SHEET, *HELP[POLICY_SHEET])] + [(s.name, s.help_fr, s.help_en) for s in specs]
    for row, line in enumerate(lines, start=top + 1):
        for col, text in enumerate(line):
            ws.write_string(row, col, text, fmt.wrap if col else fmt.bold)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 2, 80)
    return ws


def input_spec(name: str, rows=()) -> SheetSpec:
    """The contract's sheet `name` with its help lines and the rows it should hold."""
    return SheetSpec(name, INPUT_SHEETS[name], *HELP[name], tuple(rows))


def build(path, specs: list[SheetSpec], policy: dict | None = None, notes: dict | None = None, extra=None):
    """Instructions, Policy, then one table per spec; `notes` puts a cell note on a sheet's A1;
    `extra(wb, fmt)` adds sheets after the tables."""
    wb = new_workbook(path)
    fmt = Formats(wb)
    write_instructions(wb, fmt, specs)
    write_policy(wb, fmt, policy)
    for spec in specs:
        ws = write_table(wb, fmt, spec.name, spec.columns, list(spec.rows))
        if notes and spec.name in notes:
            ws.write_comment(0, 0, notes[spec.name], {"x_scale": 3, "y_scale": 2})
    if extra:
        extra(wb, fmt)
    wb.close()
