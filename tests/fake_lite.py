"""A fake of the workbook xlwings Lite hands a script, following xlwings 0.37.8's remote Book
(`xlwings/pro/_xlremote.py`), which Lite runs:
- the book is a snapshot of every sheet's values taken when the script starts, as the Office.js
  client sends them: "" for an empty cell, numbers (integral ones arrive as int through
  Pyodide), booleans, dates as ISO strings ending in "Z";
- reads clean them as `_clean_value_data_element` does ("" -> None, ISO -> datetime, error
  texts -> None); writes are queued as actions (values prepared as `prepare_xl_data_element`
  does: None and NaN -> "", dates -> ISO text) and applied by "Excel" (here `excel`) after the
  script: the snapshot does not see them;
- `App.status_bar`, `Range.left/top` and chart listing raise NotImplementedError as there;
- `Book.fullname` is the name: there is no path.
"""
from __future__ import annotations

import datetime as dt
import math
import re

ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def to_wire(value):
    """A cell as the Office.js client sends it to Python."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Pyodide turns JS integral numbers into int
    return value


def clean(value):
    if value == "":
        return None
    if isinstance(value, str):
        if ISO.match(value):
            return dt.datetime.fromisoformat(value[:-1])
        if value in ERRORS:
            return None
    return value


def prepare(value):
    """A value written by Python, as xlwings sends it to Excel."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ").split(".")[0]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def column_number(letters: str) -> int:
    return sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))


def parse_address(address: str):
    first, _, last = address.replace("$", "").partition(":")
    cells = []
    for part in (first, last or first):
        m = re.fullmatch(r"([A-Z]+)(\d+)", part)
        cells.append((int(m.group(2)), column_number(m.group(1))))
    return cells[0], cells[1]


class Range:
    def __init__(self, sheet, first, last=None):
        self.sheet, (self.row, self.column) = sheet, first
        self.last_row, self.last_column = last or first
        self._ndim = None

    def options(self, ndim=None, **_):
        self._ndim = ndim
        return self

    @property
    def shape(self):
        return self.last_row - self.row + 1, self.last_column - self.column + 1

    @property
    def value(self):
        values = self.sheet.snapshot
        rows = [[clean(values[r - 1][c - 1]) if r <= len(values) and c <= len(values[r - 1]) else None
                 for c in range(self.column, self.last_column + 1)] for r in range(self.row, self.last_row + 1)]
        if self._ndim == 2 or (len(rows) > 1 and len(rows[0]) > 1):
            return rows
        flat = [v for row in rows for v in row]
        return flat[0] if len(flat) == 1 else flat

    @value.setter
    def value(self, data):
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else [[data]]
        self.sheet.book.act("setValues", self.sheet.name, self.row, self.column, [[prepare(v) for v in r] for r in rows])

    @property
    def left(self):
        raise NotImplementedError("Reading the left position synchronously isn't supported on this engine.")

    top = left


class Table:
    def __init__(self, sheet, address):
        self.range = Range(sheet, *parse_address(address))


class Charts:
    def __iter__(self):
        raise NotImplementedError("charts are not loaded in a synchronous book")


class Sheet:
    def __init__(self, book, name, snapshot, tables=()):
        self.book, self.name, self.snapshot = book, name, snapshot
        self.tables = [Table(self, a) for a in tables]
        self.charts = Charts()

    @property
    def used_range(self):
        rows = len(self.snapshot)
        columns = max((len(r) for r in self.snapshot), default=0)
        return Range(self, (1, 1), (rows, columns) if rows and columns else None)

    def range(self, first, last=None):
        if isinstance(first, str):
            return Range(self, *parse_address(first))
        return Range(self, first, last)

    def __getitem__(self, address):
        return self.range(address)

    def clear(self):
        self.book.act("sheetClear", self.name)


class Sheets(list):
    def __init__(self, book, sheets):
        super().__init__(sheets)
        self.book = book

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name.casefold() == key.casefold())
        return list.__getitem__(self, key)

    def add(self, name=None, before=None, after=None):
        sheet = Sheet(self.book, name, [[]])
        self.insert(self.index(after) + 1 if after is not None else len(self), sheet)
        self.book.act("addSheet", name)
        return sheet


class App:
    def __init__(self):
        self.alerts = []

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append(prompt)

    @property
    def status_bar(self):
        raise NotImplementedError("App.status_bar is not supported on this engine: it has no equivalent setting.")

    @status_bar.setter
    def status_bar(self, value):
        raise NotImplementedError("App.status_bar is not supported on this engine: it has no equivalent setting.")


class Book:
    """`sheets`: {name: (rows of Python values, [table addresses])}; `selection`: 'Sheet!A1'."""

    def __init__(self, name, sheets: dict, selection: str | None = None):
        self.name = self.fullname = name
        self.sheets = Sheets(self, [Sheet(self, n, [[to_wire(v) for v in row] for row in rows], tables)
                                    for n, (rows, tables) in sheets.items()])
        self.app = App()
        self.actions = []
        self._selection = selection

    @property
    def selection(self):
        sheet, address = self._selection.split("!")
        return self.sheets[sheet].range(address)

    def act(self, func, *args):
        self.actions.append((func, *args))

    def excel(self) -> dict[str, dict[tuple[int, int], object]]:
        """What Excel shows once it applied the actions: cells by (row, column), per sheet."""
        cells = {s.name: {(r + 1, c + 1): v for r, row in enumerate(s.snapshot) for c, v in enumerate(row) if v != ""}
                 for s in self.sheets}
        for func, sheet, *args in self.actions:
            if func in ("addSheet", "sheetClear"):
                cells[sheet] = {}
            elif func == "setValues":
                row, column, rows = args
                for i, values in enumerate(rows):
                    for j, v in enumerate(values):
                        cells[sheet].pop((row + i, column + j), None) if v == "" else \
                            cells[sheet].__setitem__((row + i, column + j), v)
        return cells
