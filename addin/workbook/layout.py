"""Layout of the `Dashboard` sheet (tableau de bord): where each table and chart goes, in the policy language.

The figures come from `functions.dashboard` (one long frame through the Book port); this module
places them, once, for both writers: `addin.workbook.writer` (headless, XlsxWriter native charts with
number formats) and `addin.excel.xlbook` (inside Excel: values, then charts through xlwings).

Sections, top to bottom, each table in columns A-G with its chart to the right (column I):
under the title, a line saying what was left out of the analysis (when anything was); data
key figures, and beside them (columns C-G) the data quality: rows read, repaired and left out
per input sheet, and the amount left out; aged balance of the 15 largest balances (stacked bars by bucket); exposure against
cover of the 15 largest exposures (covered, uninsured, unused limit); clients per score grade;
insurer deadlines of the next 30 days by week, then one row per client and date; late penalties
per client, claimed and not claimed, with their grand total.

>>> sections = layout(analysis["dashboard"], "en")      # doctest: +SKIP
>>> sections.charts[0].title
'Aged balance, 15 largest balances'
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from functions.checks import QUALITY_COLUMNS
from functions.cover import money
from functions.dashboard import DEADLINE_KINDS
from functions.texts import lang, table as words_by_language

MONEY_SHEETS = ("Invoices", "Payments", "Orders")  # the sheets whose rows left out carry an amount

TABLE_COLUMN, QUALITY_COLUMN, CHART_COLUMN = 0, 2, 8  # A, C (beside the key figures) and I
CHART_ROWS, CHART_WIDTH = 20, 640        # rows of 20 px, pixels
HEADER_LINE_PX = 15
COLUMN_WIDTHS = (40, 15, 15, 15, 15, 15, 15, 3)  # A-H, in characters
BUCKET_COLOURS = ("#70AD47", "#FFD966", "#F4B183", "#ED7D31", "#C55A11", "#843C0C", "#5B2408", "#3A1704")
DEADLINE_COLOURS = ("#C00000", "#ED7D31", "#7030A0", "#2E75B6", "#A6A6A6")
GRADE_COLOURS = {"A": "#548235", "B": "#A9D18E", "C": "#FFD966", "D": "#F4B183", "E": "#C00000", "-": "#A6A6A6"}

TEXT = words_by_language("dashboard")  # {"fr": {...}, "en": {...}}: the Dashboard's words (functions/texts.py)

# Number format kind of each key figure (see addin.workbook.writer formats).
FIGURE_KINDS = {"as_of": "date", "currency": None, "uninsured_share": "percent", "overdue_share": "percent",
                "dso": "days", "dbt": "days", "declarations_due": "int", "declarations_late": "int"}


@dataclass(frozen=True)
class Table:
    """A titled block of cells: `cells[r][c]` is (value, kind); kind names a number format."""

    row: int
    col: int
    title: str
    headers: tuple[str, ...]
    cells: tuple[tuple[tuple[object, str | None], ...], ...]

    @property
    def first_data_row(self) -> int:
        return self.row + 2

    @property
    def last_row(self) -> int:
        return self.row + 1 + max(len(self.cells), 1)


@dataclass(frozen=True)
class Chart:
    """A native chart over columns `series` (categories in column 0) of `table`."""

    kind: str                      # bar_stacked, column_stacked, column
    title: str
    table: Table
    series: tuple[int, ...]
    colours: tuple[str, ...]
    axis_title: str
    row: int
    point_colours: tuple[str, ...] = ()   # one colour per category (single-series charts)

    @property
    def height(self) -> int:
        """Pixels: at least CHART_ROWS rows, and one 24 px band per category."""
        return max(CHART_ROWS * 20, 90 + 24 * len(self.table.cells))


@dataclass(frozen=True)
class Layout:
    title: str
    subtitle: str
    as_of: pd.Timestamp | None
    currency: str
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]
    as_of_cell: tuple[int, int] | None  # zero-based (row, col) of the as-of date, for formulas
    page_starts: tuple[str, ...] = ()   # titles of the sections that start a printed page
    alert: str = ""                     # under the subtitle: what was left out of the analysis, when anything was


def bucket_label(name: str, language: str) -> str:
    """`d31_60` -> '31-60 days' / '31-60 j'; `over_120` -> 'Over 120 days'; `not_due` -> 'Not due'."""
    text = TEXT[language]
    if name == "not_due":
        return text["not_due"]
    if name.startswith("over_"):
        return text["over"].format(days=name[5:])
    lo, hi = name[1:].split("_")
    return text["days"].format(lo=lo, hi=hi)


def _rows(frame: pd.DataFrame, kinds: list[str | None]) -> tuple:
    values = frame.astype(object).where(frame.notna(), None).itertuples(index=False)
    return tuple(tuple(zip(row, kinds)) for row in values)


def layout(blocks, language: str) -> Layout:
    """Where every table and chart of the Dashboard goes, from the blocks of functions.dashboard."""
    language = lang(language)
    t = TEXT[language]
    blocks = dict(blocks or {})
    figures = blocks.get("key_figures", pd.DataFrame({"figure": [], "value": []}))
    values = dict(zip(figures["figure"], figures["value"]))
    as_of = pd.Timestamp(values["as_of"]) if values.get("as_of") is not None else None
    currency = str(values.get("currency") or "")
    date_text = "" if as_of is None else as_of.strftime("%d/%m/%Y" if language == "fr" else "%Y-%m-%d")
    axis = t["amount_axis"].format(currency=currency)
    key_table = Table(3, TABLE_COLUMN, t["key_figures"], (t["figure"], t["value"]),
                      tuple(((t.get(f, f), None), (v, FIGURE_KINDS.get(f, "money"))) for f, v in values.items()))
    quality = blocks.get("quality", pd.DataFrame(columns=QUALITY_COLUMNS))
    amounts = quality["amount_left_out"].where(quality["sheet"].isin(MONEY_SHEETS))  # other sheets have no amount
    quality_table = Table(3, QUALITY_COLUMN, t["quality"], tuple(t[c] for c in QUALITY_COLUMNS),
                          _rows(quality[QUALITY_COLUMNS].assign(amount_left_out=amounts), [None, "int", "int", "int", "money"]))
    tables, charts = [key_table, quality_table], []
    row = max(key_table.last_row, quality_table.last_row) + 2

    def section(name: str, headers: list[str], frame: pd.DataFrame, kinds: list[str | None]) -> Table:
        table = Table(row, TABLE_COLUMN, t[name], tuple(headers), _rows(frame, kinds))
        tables.append(table)
        return table

    def chart(table: Table, kind: str, series: tuple[int, ...], colours: tuple[str, ...], axis_title: str,
              point_colours: tuple[str, ...] = ()) -> None:
        nonlocal row
        drawn = Chart(kind, table.title, table, series, colours, axis_title, table.row, point_colours)
        charts.append(drawn)
        row = max(table.last_row, table.row + -(-drawn.height // 20)) + 2

    if "aged_balance" in blocks:
        aged = blocks["aged_balance"]
        buckets = [c for c in aged.columns if c not in ("debtor_id", "name")]
        table = section("aged_balance", [t["client"], *(bucket_label(b, language) for b in buckets)],
                        aged[["name", *buckets]], [None] + ["money"] * len(buckets))
        chart(table, "bar_stacked", tuple(range(1, len(buckets) + 1)), BUCKET_COLOURS[:len(buckets)], axis)
    if "cover" in blocks:
        columns = ["name", "covered", "uninsured", "unused_limit", "limit", "exposure"]
        table = section("cover", [t["client"], t["covered_series"], t["uninsured_series"], t["unused_limit"],
                                  t["limit"], t["exposure_series"]], blocks["cover"][columns],
                        [None] + ["money"] * 5)
        chart(table, "bar_stacked", (1, 2, 3), ("#2E75B6", "#C00000", "#D9D9D9"), axis)
    if "grades" in blocks:
        grades = blocks["grades"]
        table = section("grades", [t["grade"], t["debtors"], t["grade_exposure"]], grades, [None, "int", "money"])
        chart(table, "column", (1,), ("#2E75B6",), t["debtors"],
              tuple(GRADE_COLOURS.get(g, "#A6A6A6") for g in grades["grade"]))
    if "history" in blocks:
        table = section("history", [t["point"], t["exposure_series"], t["uninsured_series"]], blocks["history"],
                        [None, "money", "money"])
        chart(table, "column", (1, 2), ("#2E75B6", "#C00000"), axis)
    if "expected_loss" in blocks:
        table = section("expected_loss", [t["risk_class"], t["expected_loss_series"], t["expected_indemnity"]],
                        blocks["expected_loss"], [None, "money", "money"])
        chart(table, "column", (1, 2), ("#C00000", "#2E75B6"), axis)
    if "deadline_weeks" in blocks:
        kinds = [k for k in DEADLINE_KINDS if k in blocks["deadline_weeks"]]
        table = section("deadline_weeks", [t["week"], *(t[k] for k in kinds)], blocks["deadline_weeks"][["week", *kinds]],
                        [None] + ["money"] * len(kinds))
        chart(table, "column_stacked", tuple(range(1, len(kinds) + 1)), DEADLINE_COLOURS[:len(kinds)], axis)
        detail = blocks.get("deadlines", pd.DataFrame(columns=["date", "deadline", "name", "invoices", "amount"]))
        shown = detail.assign(deadline=detail["deadline"].map(lambda k: t.get(k, k)))
        table = section("deadlines", [t["client"], t["date"], t["invoices"], t["amount"], t["deadline"]],
                        shown[["name", "date", "invoices", "amount", "deadline"]], [None, "date", "int", "money", None])
        if not table.cells:
            tables[-1] = Table(table.row, table.col, table.title, table.headers, (((t["none"], None),),))
        row = tables[-1].last_row + 2
    if "penalties" in blocks:
        totals = blocks["penalties"]
        named = totals.assign(name=totals["name"].where(totals["debtor_id"] != "total", t["total"]).fillna(totals["debtor_id"]))
        table = section("penalties", [t["client"], t["claimed_invoices"], t["claimed"], t["not_claimed"]],
                        named[["name", "invoices", "claimed", "not_claimed"]], [None, "int", "money", "money"])
        row = table.last_row + 2
    as_of_cell = None
    if as_of is not None:
        as_of_cell = (key_table.first_data_row + list(values).index("as_of"), TABLE_COLUMN + 1)
    left_out = int(quality["rows_left_out"].sum())
    alert = t["left_out"].format(rows=left_out, amount=money(quality["amount_left_out"].sum(), currency, language)) \
        if left_out else ""
    return Layout(t["title"], t["subtitle"].format(date=date_text, currency=currency), as_of, currency,
                  tuple(tables), tuple(charts), as_of_cell, (t["cover"], t["history"], t["deadline_weeks"]), alert)


XLSX_TYPES = {"bar_stacked": {"type": "bar", "subtype": "stacked"},
              "column_stacked": {"type": "column", "subtype": "stacked"}, "column": {"type": "column"}}
EXCEL_TYPES = {"bar_stacked": "bar_stacked", "column_stacked": "column_stacked", "column": "column_clustered"}


def _value(value):
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


def draw_xlsx(book, sheet, board: Layout, formats: dict) -> None:
    """Titles, tables (in row order: the writer streams) and native XlsxWriter charts on `sheet`."""
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&L&A&R&P / &N")
    cells = [(0, 0, board.title, "title"), (1, 0, board.subtitle, "subtitle")]
    cells += [(2, 0, board.alert, "alert")] if board.alert else []
    heights: dict[int, int] = {}
    for table in board.tables:
        lines = max(_lines(h, w) for h, w in zip(table.headers, COLUMN_WIDTHS[table.col:]))
        heights[table.row + 1] = max(heights.get(table.row + 1, 1), lines)
        cells.append((table.row, table.col, table.title, "section"))
        cells += [(table.row + 1, c, h, "header") for c, h in enumerate(table.headers, start=table.col)]
        cells += [(r, c, _value(value), kind or "text") for r, row in enumerate(table.cells, start=table.first_data_row)
                  for c, (value, kind) in enumerate(row, start=table.col) if value is not None]
    current = -1
    for r, c, value, kind in sorted(cells, key=lambda cell: cell[:2]):  # row by row: the writer streams
        if r != current and r in heights:
            sheet.set_row(r, HEADER_LINE_PX * heights[r])
        current = r
        sheet.write(r, c, value, formats[kind])
    sheet.set_h_pagebreaks([table.row for table in board.tables if table.title in board.page_starts])
    for chart in board.charts:
        sheet.insert_chart(chart.row, CHART_COLUMN, _xlsx_chart(book, sheet.name, chart),
                           {"x_offset": 4, "y_offset": 2})


def _lines(header: str, width: int) -> int:
    """Lines a wrapped header needs in a column `width` characters wide."""
    return -(-len(header) // max(width - 2, 1))


def _xlsx_chart(book, sheet_name: str, chart: Chart):
    table = chart.table
    drawn = book.add_chart(XLSX_TYPES[chart.kind])
    first, last = table.first_data_row, table.first_data_row + len(table.cells) - 1
    for k, column in enumerate(chart.series):
        series = {"name": [sheet_name, table.row + 1, table.col + column],
                  "categories": [sheet_name, first, table.col, last, table.col],
                  "values": [sheet_name, first, table.col + column, last, table.col + column],
                  "fill": {"color": chart.colours[k]}, "border": {"none": True}, "gap": 60}
        if chart.point_colours:
            series["points"] = [{"fill": {"color": colour}} for colour in chart.point_colours]
        drawn.add_series(series)
    drawn.set_title({"name": chart.title, "name_font": {"size": 12, "bold": True}})
    drawn.set_legend({"position": "bottom"} if len(chart.series) > 1 else {"none": True})
    value_axis = {"name": chart.axis_title, "num_format": "#,##0", "major_gridlines": {"visible": True,
                  "line": {"color": "#E0E0E0"}}, "min": 0}
    if chart.kind.startswith("bar"):
        drawn.set_x_axis(value_axis)
        # largest first, at the top; the value axis stays at the bottom
        drawn.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}})
    else:
        drawn.set_y_axis(value_axis)
        drawn.set_x_axis({"name": table.headers[0], "num_font": {"size": 9}})
    drawn.set_size({"width": CHART_WIDTH, "height": chart.height})
    return drawn


def blocks_of_cells(board: Layout) -> list[tuple[int, int, list[list]]]:
    """The layout's values as (first row, first column, rows of values), zero-based: the titles,
    then each table's title and its header and data rows. For writers that place values only
    (Excel through xlwings, xlwings Lite, the in-place writer); charts are drawn apart."""
    blocks = [(0, 0, [[board.title], [board.subtitle], [board.alert or None]])]
    for table in board.tables:
        rows = [list(table.headers)] + [[_value(v) for v, _ in cells] + [None] * (len(table.headers) - len(cells))
                                        for cells in table.cells]
        blocks += [(table.row, table.col, [[table.title]]), (table.row + 1, table.col, rows)]
    return blocks


def draw_values(sheet, board: Layout) -> None:
    """The layout's title and tables through xlwings, without charts (xlwings Lite draws these only)."""
    for row, col, values in blocks_of_cells(board):
        sheet.range((row + 1, col + 1)).value = values


def draw_excel(sheet, board: Layout) -> None:
    """The same layout inside Excel through xlwings: values, then charts over the sheet's own cells
    (Excel's own colours). Charts of a previous run are deleted first."""
    draw_values(sheet, board)
    for old in list(sheet.charts):
        old.delete()
    for chart in board.charts:
        table = chart.table
        anchor = sheet.range((chart.row + 1, CHART_COLUMN + 1))
        source = sheet.range((table.row + 2, table.col + 1),
                             (table.first_data_row + len(table.cells), table.col + 1 + max(chart.series)))
        drawn = sheet.charts.add(left=anchor.left, top=anchor.top, width=CHART_WIDTH * 0.75,
                                 height=chart.height * 0.75, chart_type=EXCEL_TYPES[chart.kind], source=source)
        drawn.title = chart.title
        drawn.value_axis.title = chart.axis_title
        if chart.kind.startswith("bar"):
            drawn.category_axis.reverse_order = True
