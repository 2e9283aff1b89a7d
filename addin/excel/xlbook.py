"""The `Book` port over a live Excel workbook (xlwings), used by the ribbon macros.

It uses a handful of xlwings calls only (sheets, used_range / tables, range value, add,
clear, status bar), so tests run it against a small fake of those calls.

Inside Excel results go into the same workbook, result sheets only: input sheets are read,
never written. Text that Excel would read as a formula (`=`, `+`, `-`, `@` first) is written
with the apostrophe prefix, which keeps it text. Cells are read as xlwings hands them over
from COM: Currency-formatted amounts as Decimal (parse.uniform makes them numbers), error cells
as their text (#N/A ...), which validation reports instead of reading a blank.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from functions.texts import text

from addin.workbook.contract import INPUT_SHEETS
from addin.workbook.results import header, shown
from addin.workbook.writer import cap_issues
from addin.workbook.layout import draw_excel, layout
from addin.workbook.read import match_headers

FORMULA_STARTS = ("=", "+", "-", "@")


class XlBook:
    """Book port over an `xw.Book` (or anything with the same few attributes)."""

    def __init__(self, book):
        self.book = book
        self.name = book.name

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def _sheet(self, name: str):
        for sheet in self.book.sheets:
            if sheet.name.lower() == name.lower():
                return sheet
        return None

    def read_sheet(self, name: str) -> pd.DataFrame | None:
        sheet = self._sheet(name)
        if sheet is None:
            return None
        tables = list(sheet.tables)
        area = tables[0].range if tables else sheet.used_range
        values = area.options(ndim=2, err_to_str=True).value
        if not values or not values[0] or all(v is None for v in values[0]):
            return pd.DataFrame()
        headers = [str(h) if h is not None else f"column{i + 1}" for i, h in enumerate(values[0])]
        frame = pd.DataFrame(values[1:], columns=headers, dtype=object)
        frame.index = pd.RangeIndex(area.row + 1, area.row + 1 + len(frame))
        return frame

    draw_dashboard = staticmethod(draw_excel)  # values, then native charts

    def write_results(self, sheets: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
        if "Issues" in sheets:  # past the sheet's capacity, the first rows and a count of the rest
            sheets = {**sheets, "Issues": cap_issues(sheets["Issues"], language)}
        for name, frame in sheets.items():
            self.status(text("run.writing_sheet", language, name=name))
            sheet = self._sheet(name)
            if sheet is None:
                sheet = self.book.sheets.add(name, after=self.book.sheets[len(self.book.sheets) - 1])
            else:
                sheet.clear()
            if name == "Dashboard":
                self.draw_dashboard(sheet, layout(frame, language))
            else:
                sheet.range("A1").value = to_cells(frame, language, headers)
        self.status(text("run.written", language, count=len(sheets)))

    def documents_dir(self) -> Path:
        full = Path(self.book.fullname)
        return full.with_name(f"{full.stem}.documents")

    def status(self, message: str) -> None:
        self.book.app.status_bar = message

    def alert(self, message: str) -> None:
        self.book.app.alert(message, title="Credit insurance")

    def open_workbook(self, path: Path) -> None:
        self.book.app.books.open(str(path))

    def selected_value(self):
        return self.book.selection.value

    def ask_open_file(self, title: str) -> Path | None:
        chosen = self.book.app.api.GetOpenFilename("Text files (*.txt;*.csv),*.txt;*.csv", 1, title)
        return Path(chosen) if isinstance(chosen, str) and chosen else None  # False when cancelled

    def append_row(self, sheet: str, values: dict) -> None:
        """Below the last used row, under the matching headers (case, accents and aliases aside)."""
        target = self._sheet(sheet)
        if target is None:
            target = self.book.sheets.add(sheet, after=self.book.sheets[len(self.book.sheets) - 1])
            target.range("A1").value = [list(values)]
        area = target.used_range
        headers = area.options(ndim=2).value[0]
        mapping = match_headers([h for h in headers if h is not None], INPUT_SHEETS[sheet])
        row = [values.get(mapping.get(h)) if h is not None else None for h in headers]
        cells = com_values(pd.Series(row, dtype=object))
        target.range(f"A{area.row + len(area.options(ndim=2).value)}").value = [cells]


def to_cells(frame: pd.DataFrame, language: str, headers: str = "labels") -> list[list]:
    """Header row plus rows, in COM conventions: None for empty, floats, datetimes, safe text;
    headers and coded cells worded as addin.workbook.results says."""
    rows = [[header(c, language, headers) for c in frame.columns]]
    frame = shown(frame, language, headers)
    columns = [com_values(frame[c]) for c in frame.columns]
    rows += [list(r) for r in zip(*columns)]
    return rows


def com_values(series: pd.Series, escape: bool = True) -> list:
    """One column as values Excel accepts through COM: None for empty, floats, bools, datetimes,
    text with a leading ' where Excel would read a formula (`escape`: written into cells; a
    worksheet function's result is a value, never a formula, and keeps its text as is).
    Typed columns convert at once."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return series.tolist()
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return [None if v != v else v for v in series.to_numpy(float, na_value=np.nan).tolist()]
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):  # most of a result: on arrays
        cells = series.to_numpy(dtype=object)
        text = np.where(pd.isna(cells), None, cells)
        risky = series.str.startswith(FORMULA_STARTS).fillna(False).to_numpy(bool) if escape and len(series) else []
        if np.any(risky):
            text[risky] = "'" + text[risky]
        return text.tolist()
    return [_com_value(v, escape) for v in series.astype(object)]


def _com_value(v, escape: bool = True):
    """One cell of a column mixing types (see com_values)."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, (datetime, pd.Timestamp, date)):
        return pd.Timestamp(v).to_pydatetime()
    text = str(v)
    return "'" + text if escape and text.startswith(FORMULA_STARTS) else text
