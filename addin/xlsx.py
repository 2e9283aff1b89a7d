"""Writing result sheets to a new .xlsx with XlsxWriter (fast, streaming, formula-safe).

Text is always written as text: a debtor called `=HYPERLINK(...)` stays a string. NaN and
NaT become empty cells. Headers follow the policy language (contract.result_header).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from .contract import result_header

SAFE_TEXT = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
             "constant_memory": True}
PERCENT_COLUMNS = {"usage", "quotite", "completeness", "overdue_share", "rate", "share", "uninsured_share"}
DATE_FORMAT = {"fr": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
MAX_WIDTH = 60


def write_frames(path: Path, frames: dict[str, pd.DataFrame], language: str) -> None:
    """One formatted sheet per frame, in the given order."""
    book = xlsxwriter.Workbook(str(path), SAFE_TEXT)
    book.set_properties({"created": pd.Timestamp("2000-01-01").to_pydatetime()})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True,
                                   "valign": "top"}),
        "date": book.add_format({"num_format": DATE_FORMAT.get(language, "yyyy-mm-dd")}),
        "amount": book.add_format({"num_format": "#,##0.00"}),
        "percent": book.add_format({"num_format": "0.0%"}),
        "int": book.add_format({"num_format": "0"}),
        None: None,
    }
    for name, frame in frames.items():
        _write_sheet(book.add_worksheet(name[:31]), frame, language, formats)
    book.close()


def _column_format(name: str, series: pd.Series) -> str | None:
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "percent" if name in PERCENT_COLUMNS else "amount"
    return None


def _cells(series: pd.Series) -> list:
    """Column values as Python objects XlsxWriter understands; missing -> None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    values = series.astype(object).where(series.notna(), None).tolist()
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def _width(name: str, series: pd.Series, kind: str | None) -> float:
    if kind == "date":
        return 12
    if kind in ("amount", "int"):
        return max(len(name) + 2, 14)
    sample = series.dropna().astype(str).head(500)
    longest = int(sample.str.len().max()) if len(sample) else 0
    return min(max(len(name) + 2, longest + 2, 8), MAX_WIDTH)


def _write_sheet(sheet, frame: pd.DataFrame, language: str, formats: dict) -> None:
    headers = [result_header(c, language) for c in frame.columns]
    kinds = [_column_format(c, frame[c]) for c in frame.columns]
    sheet.freeze_panes(1, 0)
    for col, (header, kind) in enumerate(zip(headers, kinds)):
        sheet.set_column(col, col, _width(header, frame.iloc[:, col], kind), formats[kind])
    sheet.write_row(0, 0, headers, formats["header"])
    columns = [_cells(frame.iloc[:, i]) for i in range(frame.shape[1])]
    cell_formats = [formats[k] for k in kinds]
    for r, row in enumerate(zip(*columns), start=1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value, cell_formats[c])
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
