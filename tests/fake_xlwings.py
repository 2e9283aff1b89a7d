"""A fake of the few xlwings calls addin.excel.xlbook uses, holding cells in dicts.

Values follow COM conventions: empty cells are None, numbers float, dates datetime. A book made
with `com=True` holds what pywin32 itself hands over (Decimal amounts, timezone-aware pywintypes
dates, error integers: tests/fake_pywin32.py) and reads them through xlwings' own converters with
the Windows engine, as `Range.options(...).value` does in Excel (inside
`fake_pywin32.windows_xlwings()`).
"""
from __future__ import annotations

import re


class FakeRange:
    def __init__(self, sheet, row, col, last_row=None, last_col=None, options=None):
        self.sheet, self.row, self.column = sheet, row, col
        self.last_row, self.last_col = last_row, last_col
        self.read_options = options or {}

    def options(self, **options):
        return FakeRange(self.sheet, self.row, self.column, self.last_row, self.last_col, options)

    @property
    def left(self):
        return (self.column - 1) * 48.0

    @property
    def top(self):
        return (self.row - 1) * 15.0

    @property
    def value(self):
        rows = [[self.sheet.cells.get((r, c)) for c in range(self.column, self.last_col + 1)]
                for r in range(self.row, self.last_row + 1)]
        if not self.sheet.com:
            return rows
        from xlwings import conversion
        return conversion.read(None, rows, self.read_options)

    @value.setter
    def value(self, rows):
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.sheet.write(self.row + i, self.column + j, v)


class FakeAxis:
    title = None
    reverse_order = False


class FakeChart:
    """What an xlwings chart records: type, source range, title and axes."""

    def __init__(self, charts, left, top, width, height, chart_type, source):
        self.charts, self.left, self.top, self.width, self.height = charts, left, top, width, height
        self.chart_type, self.source, self.title = chart_type, source, None
        self.value_axis, self.category_axis = FakeAxis(), FakeAxis()

    def delete(self):
        self.charts.remove(self)


class FakeCharts(list):
    def add(self, left=0, top=0, width=355, height=211, chart_type=None, source=None):
        chart = FakeChart(self, left, top, width, height, chart_type, source)
        self.append(chart)
        return chart


class FakeTable:
    def __init__(self, range_, name=None):
        self.range, self.name = range_, name


class FakeSheet:
    def __init__(self, name, rows=None, com=False):
        self.name, self.cells, self.tables, self.writes, self.com = name, {}, [], 0, com
        self.charts = FakeCharts()
        for i, row in enumerate(rows or []):
            for j, v in enumerate(row):
                if v is not None:
                    self.cells[(i + 1, j + 1)] = v

    def write(self, r, c, v):
        self.writes += 1
        if v is None:
            self.cells.pop((r, c), None)
        else:
            self.cells[(r, c)] = v

    @property
    def used_range(self):
        if not self.cells:
            return FakeRange(self, 1, 1, 1, 1)
        rows = [r for r, _ in self.cells]
        cols = [c for _, c in self.cells]
        return FakeRange(self, min(rows), min(cols), max(rows), max(cols))

    def range(self, address, last=None):
        """`range("B4")`, `range((4, 2))` or `range((4, 2), (9, 5))`, as xlwings takes them."""
        if isinstance(address, tuple):
            return FakeRange(self, *address, *(last or (None, None)))
        m = re.fullmatch(r"([A-Z]+)(\d+)", address)
        col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(m.group(1))))
        return FakeRange(self, int(m.group(2)), col)

    def clear(self):
        self.cells.clear()


class FakeSheets(list):
    def __getitem__(self, key):
        """By position, or by name as xlwings' Sheets."""
        if isinstance(key, str):
            for sheet in self:
                if sheet.name == key:
                    return sheet
            raise KeyError(key)
        return super().__getitem__(key)

    def add(self, name, after=None):
        sheet = FakeSheet(name, com=bool(self) and self[0].com)
        self.insert(self.index(after) + 1 if after is not None else 0, sheet)
        return sheet


class FakeSelection:
    value = None


class FakeBooks:
    def __init__(self):
        self.opened = []

    def open(self, path):
        self.opened.append(path)


class FakeApi:
    """Excel's COM object model, for the one dialog the macros use."""

    def __init__(self):
        self.chosen = False  # what GetOpenFilename returns: a path, or False when cancelled

    def GetOpenFilename(self, file_filter, filter_index, title):  # noqa: N802 - Excel's name
        return self.chosen


class FakeApp:
    def __init__(self):
        self.status_bar, self.alerts, self.books, self.api = None, [], FakeBooks(), FakeApi()

    def alert(self, message, title=None):
        self.alerts.append(message)


class FakeBook:
    def __init__(self, name, sheets: dict[str, list[list]], folder="/tmp", com=False):
        self.name = name
        self.fullname = f"{folder}/{name}"
        self.sheets = FakeSheets(FakeSheet(n, rows, com) for n, rows in sheets.items())
        self.app = FakeApp()
        self.selection = FakeSelection()

    def sheet(self, name):
        return next(s for s in self.sheets if s.name == name)
