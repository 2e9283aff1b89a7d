"""Writing result sheets to a new .xlsx: XlsxWriter lays out formats, filters and charts, and
addin.workbook.sheetdata streams the data rows in, built a column at a time (formula-safe).

Text is always written as text: a debtor called `=HYPERLINK(...)` stays a string. NaN and
NaT become empty cells. Headers and number formats follow addin.workbook.results.

Formatting: frozen header row, autofilter, widths from the longest value (dates and amounts
never show ###), amounts in the policy currency (`#,##0.00 "€"` for EUR), severity colours on
Breaches and deadline proximity on Deadlines. Proximity compares `next_deadline` with the
workbook name `as_of` (the Dashboard's as-of cell, else the date itself), never TODAY():
a run as of 2025-06-30 colours a deadline of 2025-06-28 red (past), 2025-07-04 amber (within 7
days), 2025-07-20 yellow (within 30 days). The `Dashboard` sheet is laid out by addin.workbook.layout.
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from functions.texts import text

from addin.workbook.results import column_format, header, shown, value_label
from addin.workbook.layout import COLUMN_WIDTHS, Layout, draw_xlsx, layout
from addin.workbook.outputs import PROPERTY, RESULTS
from addin.workbook.read import ContractError
from addin.workbook.sheetdata import fill, xml_safe_frame

SAFE_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
             "constant_memory": True}
DATE_FORMAT = {"fr": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
PREFIXED = {"USD": "$", "GBP": "£"}
SUFFIXED = {"EUR": "€"}
MAX_WIDTH = 60
MAX_ROWS = 1_048_576  # an Excel sheet's rows, header included
MAX_ISSUE_ROWS = 100_000  # Issues listed one by one; the rest are counted by kind below them
MAX_ISSUE_KINDS = 1_000
PRINT_WIDTH = 250
HEADER_LINE_PX = 15
# Conditional fills: (fill, font) per severity / proximity.
RED, AMBER, YELLOW, BLUE = ("#FFC7CE", "#9C0006"), ("#FFD8A8", "#8A4B00"), ("#FFF2A8", "#5C4B00"), ("#DDEBF7", "#1F4E78")


def money_format(currency: str) -> str:
    """`#,##0.00 "€"` for EUR, `"$"#,##0.00` for USD, `#,##0.00 "CHF"` for other codes, plain when unknown."""
    code = (currency or "").upper()
    if code in SUFFIXED:
        return f'#,##0.00 "{SUFFIXED[code]}"'
    if code in PREFIXED:
        return f'"{PREFIXED[code]}"#,##0.00'
    return f'#,##0.00 "{code}"' if code.isalpha() and len(code) == 3 else "#,##0.00"


def write_frames(path: Path, frames: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
    """One formatted sheet per frame, in the given order (the Dashboard as its blocks): XlsxWriter
    lays the workbook out in memory, then sheetdata.fill writes it to `path` with the data rows.
    `as_of` is the analysis date the Deadlines colours compare with; `headers` "labels" (words in
    `language`) or "ids" (identifiers and codes, addin.workbook.results). The workbook is marked as
    a result of ours (addin.workbook.outputs), so the next run may replace it."""
    laid_out, data = lay_out(frames, language, mark=True, as_of=as_of, headers=headers)
    fill(laid_out, path, data)


def lay_out(frames: dict[str, pd.DataFrame], language: str, mark: bool, as_of=None,
            headers: str = "labels") -> tuple[io.BytesIO, dict[str, pd.DataFrame]]:
    """The workbook laid out by XlsxWriter with one probe row per sheet, and the frames whose
    rows replace the probes (keyed by sheet name). The Issues sheet is capped (cap_issues)."""
    if "Issues" in frames:
        frames = {**frames, "Issues": cap_issues(frames["Issues"], language)}
    too_long = [text("sheet_limit.sheet_rows", language, sheet=name, rows=len(frame))
                for name, frame in frames.items() if len(frame) >= MAX_ROWS]
    if too_long:
        raise ContractError(text("sheet_limit.too_many_rows", language, limit=MAX_ROWS - 1, sheets=", ".join(too_long)))
    laid_out = io.BytesIO()
    book = xlsxwriter.Workbook(laid_out, SAFE_TEXT)
    book.set_properties({"created": pd.Timestamp("2000-01-01").to_pydatetime()})
    if mark:
        book.set_custom_property(PROPERTY, RESULTS)
    blocks = {k: xml_safe_frame(v) for k, v in frames["Dashboard"].items()} if "Dashboard" in frames else None
    board = layout(blocks, language) if blocks is not None else None
    frames = {name: frame if name == "Dashboard" else shown(frame, language, headers) for name, frame in frames.items()}
    currency = board.currency if board else ""
    formats = _formats(book, language, currency)
    as_of = pd.Timestamp(as_of) if as_of is not None else (board.as_of if board else None)
    if board and board.as_of_cell:
        book.define_name("as_of", "=Dashboard!" + xl_rowcol_to_cell(*board.as_of_cell, row_abs=True, col_abs=True))
    elif as_of is not None:
        book.define_name("as_of", f"=DATE({as_of.year},{as_of.month},{as_of.day})")
    for name, frame in frames.items():
        sheet = book.add_worksheet(name[:31])
        if name == "Dashboard":
            _write_dashboard(book, sheet, board, formats)
            sheet.activate()  # the workbook opens on it: alerts, data quality and what was left out first
        else:
            _write_sheet(sheet, frame, language, formats, currency, headers)
            _conditional(sheet, name, frame, formats, as_of is not None, lambda c, v: value_label(c, v, language, headers))
    book.close()
    laid_out.seek(0)
    return laid_out, {name[:31]: frame for name, frame in frames.items() if name != "Dashboard"}


def cap_issues(issues: pd.DataFrame, language: str, cap: int | None = None) -> pd.DataFrame:
    """The first `cap` issues, then one row per kind of issue counting the rest, so that a
    workbook full of junk still gets its results (an Excel sheet holds 1,048,575 rows).

    A kind is the sheet, column, severity and message with its quoted values left out: 12,000
    rows of `'abc' is not a date` make one row `12,000 more like: '…' is not a date`."""
    cap = min(MAX_ISSUE_ROWS, MAX_ROWS // 2) if cap is None else cap
    kinds = min(MAX_ISSUE_KINDS, MAX_ROWS // 4)
    if len(issues) <= cap:
        return issues
    rest = issues.iloc[cap:]
    kind = rest["message"].astype(str).str.replace(r"'[^']*'", "'…'", regex=True)
    keys = [rest["sheet"].astype(str), rest["column"].astype(str).fillna(""), rest["severity"].astype(str), kind]
    counts = rest.groupby(keys, sort=False, dropna=False).size().reset_index(name="count")
    if len(counts) > kinds:
        others = int(counts["count"].iloc[kinds - 1:].sum())
        counts = counts.iloc[:kinds - 1]
        counts.loc[len(counts)] = ["", "", "warning", text("sheet_limit.other_kinds", language), others]
    counts.columns = ["sheet", "column", "severity", "kind", "count"]
    summary = pd.DataFrame({
        "sheet": counts["sheet"], "row": pd.array([None] * len(counts), dtype="Int64"),
        "column": counts["column"], "severity": counts["severity"],
        "message": [text("sheet_limit.more_like", language, count=n, kind=k)
                    for n, k in zip(counts["count"], counts["kind"])]})
    return pd.concat([issues.iloc[:cap], summary[issues.columns]], ignore_index=True)


def _formats(book, language: str, currency: str) -> dict:
    date = DATE_FORMAT.get(language, "yyyy-mm-dd")
    add = book.add_format
    return {
        "header": add({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True,
                       "valign": "top"}),
        "date": add({"num_format": date, "align": "center", "valign": "top"}),
        **{kind: add({"num_format": number, "valign": "top"}) for kind, number in (
            ("money", money_format(currency)), ("percent", "0.0%"), ("points", '0.00" %"'), ("days", "0.0"),
            ("ratio", "0.00"), ("int", "0"), ("number", "#,##0.00"))},
        "text": add({"valign": "top"}), "wrap": add({"text_wrap": True, "valign": "top"}),
        "title": add({"bold": True, "font_size": 16, "font_color": "#1F4E78"}),
        "subtitle": add({"italic": True, "font_color": "#595959"}),
        "section": add({"bold": True, "font_size": 12, "font_color": "#1F4E78", "bottom": 1}),
        "alert": add({"bold": True, "font_size": 12, "font_color": "#C00000"}),
        **{f"cf_{name}": add({"bg_color": fill, "font_color": font})
           for name, (fill, font) in {"red": RED, "amber": AMBER, "yellow": YELLOW, "blue": BLUE}.items()},
        "cf_percent": add({"num_format": "0.0"}), "cf_count": add({"num_format": "#,##0"}),
    }


def _number_width(series: pd.Series, kind: str, currency: str) -> int:
    """Characters the widest formatted number needs (thousands separators, decimals, sign, symbol)."""
    values = pd.to_numeric(series, errors="coerce").dropna()
    largest = float(values.abs().max()) if len(values) else 0.0
    digits = len(f"{largest:,.0f}")
    decimals = {"money": 3, "percent": 4, "points": 5, "days": 2, "ratio": 3, "int": 0, "number": 3}[kind]
    symbol = len(money_format(currency)) - len("#,##0.00") - 2 if kind == "money" else 0
    return digits + decimals + int((values < 0).any()) + max(symbol, 0)


def _width(header: str, series: pd.Series, kind: str | None, currency: str) -> float:
    """Wide enough for every value (a date needs 10 characters plus margin); headers wrap above 24."""
    header_part = min(len(header), 24) + 2
    if kind == "date":
        return max(13, header_part)
    if kind is not None:
        return max(_number_width(series, kind, currency) + 3, header_part, 8)
    longest = max((len(str(v)) for v in series.dropna().head(500)), default=0)  # no text column: any text goes
    return min(max(header_part, longest + 2, 8), MAX_WIDTH)


def _write_sheet(sheet, frame: pd.DataFrame, language: str, formats: dict, currency: str, style: str) -> None:
    headers = [header(c, language, style) for c in frame.columns]
    kinds = [column_format(c, frame[c]) for c in frame.columns]
    widths = [_width(h, frame.iloc[:, i], k, currency) for i, (h, k) in enumerate(zip(headers, kinds))]
    cut = [k is None and w >= MAX_WIDTH for k, w in zip(kinds, widths)]  # long text wraps
    sheet.freeze_panes(1, 0)
    for col, (width, kind) in enumerate(zip(widths, kinds)):
        sheet.set_column(col, col, width, formats["wrap"] if cut[col] else formats[kind or "text"])
    lines = max([math.ceil(len(h) / max(w - 2, 1)) for h, w in zip(headers, widths)] or [1])
    sheet.set_row(0, HEADER_LINE_PX * max(lines, 1))
    sheet.write_row(0, 0, headers, formats["header"])
    if len(frame):  # the probe row: each column's format, replaced by the data in sheetdata.fill
        for col, (kind, wrap) in enumerate(zip(kinds, cut)):
            sheet.write_blank(1, col, None, formats["wrap"] if wrap else formats[kind or "text"])
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    _print_setup(sheet, sum(widths))


def _print_setup(sheet, width: float) -> None:
    """Landscape A4, header row on every page, sheet name and page in the footer; one page wide
    when that keeps the text at a readable size (about 250 characters of columns)."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.repeat_rows(0)
    sheet.set_footer("&L&A&R&P / &N")
    if width <= PRINT_WIDTH:
        sheet.fit_to_pages(1, 0)


def _conditional(sheet, name: str, frame: pd.DataFrame, formats: dict, has_as_of: bool, shows) -> None:
    """Severity colours on Breaches rows; deadline proximity on the Deadlines key columns; on the
    Portfolio, each value formatted by the unit beside it (a share in % with one decimal, a count of
    clients or points whole, an amount with two decimals). `shows(column, code)` is how a code reads in the sheet (words, or the code)."""
    if frame.empty:
        return
    last, columns = len(frame), list(frame.columns)
    if name == "Portfolio" and {"unit", "value"} <= set(columns):
        unit, value = xl_col_to_name(columns.index("unit")), columns.index("value")
        for code, kind in (("%", "cf_percent"), ("debtors", "cf_count"), ("clients", "cf_count"), ("points", "cf_count")):
            sheet.conditional_format(1, value, last, value, {
                "type": "formula", "criteria": f'=${unit}2="{shows("unit", code)}"', "format": formats[kind]})
    if name == "Breaches" and "severity" in columns:
        severity = xl_col_to_name(columns.index("severity"))
        for value, colour in (("critical", "red"), ("warning", "amber"), ("info", "blue")):
            sheet.conditional_format(1, 0, last, len(columns) - 1, {
                "type": "formula", "criteria": f'=${severity}2="{shows("severity", value)}"', "format": formats[f"cf_{colour}"]})
    if name == "Deadlines" and has_as_of and {"next_deadline", "status"} <= set(columns):
        due, status = xl_col_to_name(columns.index("next_deadline")), xl_col_to_name(columns.index("status"))
        pending = f'${status}2<>"{shows("status", "handed_over")}",${due}2<>""'
        for rule, colour in ((f"${due}2<as_of", "red"), (f"${due}2<=as_of+7", "amber"),
                             (f"${due}2<=as_of+30", "yellow")):
            for first, end in ((0, columns.index("status")), (columns.index("next_deadline"),) * 2):
                sheet.conditional_format(1, first, last, end, {
                    "type": "formula", "criteria": f"=AND({pending},{rule})", "format": formats[f"cf_{colour}"],
                    "stop_if_true": True})


def _write_dashboard(book, sheet, board: Layout, formats: dict) -> None:
    for col, width in enumerate(COLUMN_WIDTHS):
        sheet.set_column(col, col, width)
    draw_xlsx(book, sheet, board, formats)
