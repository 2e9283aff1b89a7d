"""Writing input sheets the way the template presents them to the credit manager, in one language.

Each sheet is one formatted Excel table with the columns' labels in row 1 (French: `N° facture`,
English: `Invoice no.`; the reader also accepts the identifiers), a note on every header (meaning,
format, example, required or not), a frozen header, dates as dd/mm/yyyy, amounts as #,##0.00 and
drop-down lists in the language for choice and yes/no columns; a `Help` / `Aide` sheet lists every
column. The words come from functions/texts.py. Text is always written as text: a debtor called
"=ACME" must not become a formula.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter

from addin.workbook.contract import AMOUNT, BOOL, CHOICE, DATE, INPUT_SHEETS, INT, POLICY_SHEET, Column, choice_word
from addin.workbook.results import header
from functions.policy import parameters
from functions.texts import has, text

# A fixed creation date: the only thing that would otherwise differ between two builds
# (XlsxWriter already stamps every zip member with 1980-01-01).
CREATED = datetime(2026, 1, 1)
VALIDATION_ROWS = 1000  # drop-downs reach this far below the data, for rows the user adds
RATE_COLUMNS = {"pd", "quotite", "quotite_non_named", "premium_rate"}  # fractions shown as 0.25%


@dataclass(frozen=True)
class SheetSpec:
    """One input sheet: its columns and the rows it ships with; its line of help is in functions/texts.py
    (section `sheet_help`)."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[dict, ...] = ()

    def help(self, language: str) -> str:
        return text(f"sheet_help.{self.name}", language)


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


def choice_values(col: Column, language: str = "fr") -> list[str]:
    """The values offered in a column's drop-down, in the contract's order, as words in `language`
    (the reader accepts them back: addin.workbook.contract.CHOICE_WORDS)."""
    if col.kind == BOOL:
        return [text("template.yes", language), text("template.no", language)]
    codes = list(dict.fromkeys(col.choices.values())) if col.kind == CHOICE and col.choices else []
    return [choice_word(col.name, code, language) for code in codes]


def cell_value(value, col: Column | None = None, language: str = "fr"):
    """A Python value as the cell should hold it: blank for None/NaN/NaT, `oui`/`yes` (or blank) for
    booleans, a choice column's code as its word in `language`."""
    if value is None or value != value:  # NaN and NaT are the only values unequal to themselves
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        return value.to_pydatetime()
    if isinstance(value, bool):
        return text("template.yes", language) if value else None
    if col is not None and col.kind == CHOICE and isinstance(value, str):
        return choice_word(col.name, value, language)
    return value


def _width(title: str, col: Column, rows: list[list], index: int) -> float:
    """Wide enough for the header and its filter button, and for the longest value: never `###`."""
    minimum = {DATE: 12, AMOUNT: 14, INT: 8}.get(col.kind, 10)
    longest = max((len(_shown(r[index])) for r in rows), default=0)
    return min(max(len(title) + 4, minimum, longest + 2), 60)


def _shown(value) -> str:
    """The value roughly as Excel displays it, to size the column."""
    if isinstance(value, date):
        return "dd/mm/yyyy"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def _format(fmt: Formats, col: Column):
    return fmt.rate if col.name in RATE_COLUMNS else fmt.of(col.kind)


def column_title(sheet: str, col: Column, language: str) -> str:
    """The header of an input column in `language`: its sheet's own label when it has one (Limits
    `amount`: 'Montant de la limite'), else the column's label (addin.workbook.results.header)."""
    own = f"column.{sheet}.{col.name}"
    return text(own, language) if has(own) else header(col.name, language)


def column_help(sheet: str, col: Column, language: str) -> dict[str, str]:
    """meaning, format, example and required of an input column, in `language`."""
    kind = "rate" if col.name in RATE_COLUMNS else col.kind
    if kind == CHOICE:
        shown = text("format.choice", language, values=", ".join(choice_values(col, language)))
    else:
        shown = text(f"format.{kind}", language)
    example = next((text(k, language) for k in (f"example.{col.name}", f"example.kind.{col.kind}") if has(k)), "")
    meaning = text(f"help.{sheet}.{col.name}", language) if has(f"help.{sheet}.{col.name}") else ""
    return {"meaning": meaning, "format": shown,
            "example": text("template.yes", language) if col.kind == BOOL else example,
            "required": text("template.yes" if col.required else "template.no", language)}


def write_table(wb: xlsxwriter.Workbook, fmt: Formats, name: str, columns: tuple[Column, ...],
                records: list[dict], language: str = "fr") -> xlsxwriter.worksheet.Worksheet:
    """One input sheet as an Excel table named after the sheet (spaces removed), headers in
    `language`, each with a note saying what goes in the column."""
    ws = wb.add_worksheet(name)
    rows = [[cell_value(r.get(c.name), c, language) for c in columns] for r in records]
    data = rows or [[None] * len(columns)]  # a table needs one data row, even empty
    titles = [column_title(name, c, language) for c in columns]
    ws.add_table(0, 0, len(data), len(columns) - 1, {
        "name": name.replace(" ", ""), "style": "Table Style Medium 2", "data": data,
        "columns": [{"header": t, "format": _format(fmt, c)} for t, c in zip(titles, columns)]})
    for i, (col, title) in enumerate(zip(columns, titles)):
        ws.set_column(i, i, _width(title, col, rows, i), _format(fmt, col))
        about = column_help(name, col, language)
        required = text("template.note_required" if col.required else "template.note_optional", language)
        if about["meaning"]:  # every contract column has one (tests/test_texts.py)
            ws.write_comment(0, i, text("template.note", language, meaning=about["meaning"], format=about["format"],
                                        example=about["example"], required=f"{required} ({col.name})"),
                             {"x_scale": 2.2, "y_scale": 1.3})
        values = choice_values(col, language)
        if values:
            # a warning, not a stop: the reader also accepts the codes and the other language's words
            ws.data_validation(1, i, len(data) + VALIDATION_ROWS, i, {
                "validate": "list", "source": values, "error_type": "warning"})
    ws.freeze_panes(1, 0)
    return ws


def policy_choice(name: str, code: str, language: str) -> str:
    """A Policy drop-down value in `language` (`mep_end` -> 'fin de prorogation'); the code when unworded."""
    key = f"choice.{name}.{code}"
    return text(key, language) if has(key) else code


def policy_records(values: dict | None = None, language: str = "fr") -> list[dict]:
    """Parameter | Value | Description rows: the defaults, overridden by `values`, in `language`."""
    values = values or {}
    records = []
    for name, default, description, choices in parameters(language):
        value = values.get(name, default)
        if isinstance(value, tuple):
            value = ",".join(str(v) for v in value)  # aging_buckets as typed: 30,60,90,120
        if choices and isinstance(value, str):
            value = policy_choice(name, value, language)
        records.append({"parameter": name, "value": value, "description": description})
    return records


def policy_headers(language: str) -> list[str]:
    return [text(f"template.{k}", language) for k in ("parameter", "value", "description")]


def write_policy(wb: xlsxwriter.Workbook, fmt: Formats, values: dict | None = None, language: str = "fr"):
    """The Policy sheet, pre-filled with the defaults, drop-downs on parameters with choices."""
    ws = wb.add_worksheet(POLICY_SHEET)
    records = policy_records(values, language)
    headers = policy_headers(language)
    if wb.constant_memory:  # streamed workbooks cannot hold tables: a plain range
        for col, title in enumerate(headers):
            ws.write_string(0, col, title)
    else:
        ws.add_table(0, 0, len(records), 2, {"name": POLICY_SHEET, "style": "Table Style Medium 2",
                                             "columns": [{"header": h} for h in headers]})
    for row, (rec, (name, _, _, choices)) in enumerate(zip(records, parameters(language)), start=1):
        ws.write_string(row, 0, rec["parameter"])
        _write_value(ws, fmt, row, rec["value"])
        ws.write_string(row, 2, rec["description"])
        if choices:
            ws.data_validation(row, 1, row, 1, {"validate": "list", "error_type": "warning",
                                                "source": [policy_choice(name, c, language) for c in choices]})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, max([22] + [len(_shown(r["value"])) + 2 for r in records]))
    ws.set_column(2, 2, 90)
    ws.freeze_panes(1, 0)
    return ws


def excel_cells(specs: list[SheetSpec], policy: dict | None = None, language: str = "fr") -> dict[str, list[list]]:
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

    cells = {POLICY_SHEET: [policy_headers(language)] + [
        [r["parameter"], policy_value(r["value"]), r["description"]] for r in policy_records(policy, language)]}
    for spec in specs:
        rows = [[com(cell_value(r.get(c.name), c, language)) for c in spec.columns] for r in spec.rows]
        cells[spec.name.replace(" ", "")] = [[column_title(spec.name, c, language) for c in spec.columns]] + (
            rows or [[None] * len(spec.columns)])
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


def write_instructions(wb: xlsxwriter.Workbook, fmt: Formats, specs: list[SheetSpec], language: str):
    """What the add-in does, how to run it, one line per sheet, in `language`."""
    ws = wb.add_worksheet("Instructions")
    ws.write_string(0, 0, text("template.title", language), fmt.title)
    intro = [text(f"template.intro.{k}", language) for k in range(3)]
    for row, line in enumerate(intro, start=2):
        ws.merge_range(row, 0, row, 1, line, fmt.wrap)
        ws.set_row(row, 32)
    top = len(intro) + 3
    for col, head in enumerate((text("template.sheet", language), text("template.what", language))):
        ws.write_string(top, col, head, fmt.bold)
    lines = [(POLICY_SHEET, text(f"sheet_help.{POLICY_SHEET}", language))] + [(s.name, s.help(language)) for s in specs]
    lines.append((text("template.help_sheet", language), text("template.help_title", language)))
    for row, line in enumerate(lines, start=top + 1):
        for col, words in enumerate(line):
            ws.write_string(row, col, words, fmt.wrap if col else fmt.bold)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 110)
    _one_page_wide(ws)
    return ws


def _one_page_wide(ws) -> None:
    """Printed landscape, as wide as one page: the help reads on paper too."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def write_help(wb: xlsxwriter.Workbook, fmt: Formats, specs: list[SheetSpec], language: str):
    """The `Help` / `Aide` sheet: one row per input column: sheet, header, identifier, meaning,
    format, example, required."""
    ws = wb.add_worksheet(text("template.help_sheet", language))
    ws.write_string(0, 0, text("template.help_title", language), fmt.title)
    heads = [text(f"template.{k}", language) for k in ("sheet", "column", "identifier", "meaning", "format", "example",
                                                       "required")]
    for col, head in enumerate(heads):
        ws.write_string(2, col, head, fmt.bold)
    row = 3
    for spec in specs:
        for col in spec.columns:
            about = column_help(spec.name, col, language)
            for k, value in enumerate((spec.name, column_title(spec.name, col, language), col.name, about["meaning"],
                                       about["format"], about["example"], about["required"])):
                ws.write_string(row, k, value, fmt.wrap)
            row += 1
    ws.freeze_panes(3, 0)
    ws.autofilter(2, 0, row - 1, len(heads) - 1)
    for col, width in enumerate((16, 26, 22, 60, 34, 24, 11)):
        ws.set_column(col, col, width)
    ws.repeat_rows(2)
    _one_page_wide(ws)
    return ws


def input_spec(name: str, rows=()) -> SheetSpec:
    """The contract's sheet `name` with the rows it should hold."""
    return SheetSpec(name, INPUT_SHEETS[name], tuple(rows))


def build(path, specs: list[SheetSpec], policy: dict | None = None, notes: dict | None = None, extra=None,
          language: str = "fr"):
    """Instructions, Policy, one table per spec, then the Help sheet, all in `language`; `notes` puts a
    note on a sheet's A2; `extra(wb, fmt)` adds sheets after them."""
    wb = new_workbook(path)
    fmt = Formats(wb)
    write_instructions(wb, fmt, specs, language)
    write_policy(wb, fmt, policy, language)
    for spec in specs:
        ws = write_table(wb, fmt, spec.name, spec.columns, list(spec.rows), language)
        if notes and spec.name in notes:
            ws.write_comment(1, 0, notes[spec.name], {"x_scale": 3, "y_scale": 2})
    write_help(wb, fmt, specs, language)
    if extra:
        extra(wb, fmt)
    wb.close()
