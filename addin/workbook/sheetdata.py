"""The cells of big result sheets, built a column at a time instead of a cell at a time.

XlsxWriter lays every sheet out (header, column formats, filters, conditional formats, print
setup, charts) and writes one probe row of blank cells, each carrying its column's format.
Then `fill` copies the workbook and replaces each probe row with the data rows, built here
with numpy/pandas string operations and streamed in chunks: writing cell by cell through
XlsxWriter's Python calls was three quarters of a run at 100k invoices. The style of a
column is read back from its probe cell, so the formats stay XlsxWriter's own.

Cells are written the way XlsxWriter writes them in constant-memory mode:
numbers `<c r="B2" s="3"><v>12.5</v></c>`, text as inline strings
`<c r="A2" s="1" t="inlineStr"><is><t>A &amp; B</t></is></c>`, booleans `t="b"`, dates as
serial numbers under a date format; a missing value is no cell at all.

Text is made XML-safe here, for every writer: control characters become Excel's `_xHHHH_`;
the characters XML 1.0 forbids outright and Excel's escape cannot carry (U+FFFE, U+FFFF and
lone surrogates, which only broken text holds) become U+FFFD, the replacement character.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

CHUNK_ROWS = 20_000  # rows built at once: bounds memory at 1M invoices
MAX_TEXT = 32_767  # characters Excel keeps in a cell (XlsxWriter truncates there too)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # as XlsxWriter stamps its parts: the same input gives the same bytes
# Patterns as text, not compiled: pandas hands text patterns to Arrow, compiled ones to Python per cell.
CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"  # escaped as _xHHHH_, or (the last two) replaced
NONCHARACTERS = "\ufffe\uffff"
REPLACEMENT = "\ufffd"
ESCAPED_LOOKALIKE = r"_x([0-9A-Fa-f]{4})_"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def excel_serials(series: pd.Series) -> pd.Series:
    """Dates as Excel serial numbers (days since 1899-12-30; one less before 1 March 1900, which
    Excel's phantom 29 February 1900 shifts)."""
    days = (series - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
    return days - (series < pd.Timestamp("1900-03-01"))


def escape_text(text: pd.Series) -> pd.Series:
    """Text for an XML text node: &, <, > escaped; control characters as Excel's _xHHHH_, and a
    literal _xHHHH_ protected as _x005F_xHHHH_ so Excel shows it as typed."""
    text = text.str.slice(0, MAX_TEXT)
    if text.str.contains("_x", regex=False).any():
        text = text.str.replace(ESCAPED_LOOKALIKE, r"_x005F_x\1_", regex=True)
    if text.str.contains(CONTROL).any():
        text = text.str.replace(re.compile(CONTROL), _escape_one, regex=True)
    return text.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False) \
        .str.replace(">", "&gt;", regex=False)


def _escape_one(match: re.Match) -> str:
    char = match.group()
    return REPLACEMENT if char in NONCHARACTERS else f"_x{ord(char):04X}_"


def xml_safe(text: str) -> str:
    """`text` without what XML 1.0 cannot hold and Excel's _xHHHH_ cannot carry: lone surrogates,
    U+FFFE and U+FFFF become U+FFFD (control characters are left to the writer's escape)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (pairs join up through UTF-16)
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.replace("\ufffe", REPLACEMENT).replace("\uffff", REPLACEMENT)


def xml_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell XML-safe (for frames XlsxWriter writes itself)."""
    out = frame
    for column in frame.columns:
        series = frame[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            cleaned = series.map(lambda v: xml_safe(v) if isinstance(v, str) else v)
            if not cleaned.equals(series):
                out = out.copy() if out is frame else out
                out[column] = cleaned
    return out


def _numbers(values: np.ndarray) -> np.ndarray:
    """Shortest round-trip text of each float; whole numbers without '.0'."""
    whole = np.isfinite(values) & (values == np.round(values)) & (np.abs(values) < 1e15)
    text = values.astype(str).astype(object)
    text[whole] = values[whole].astype(np.int64).astype(str).astype(object)
    return text


def cells(series: pd.Series, column: str, rows: np.ndarray, style: str) -> np.ndarray:
    """The XML of a column's cells (object array of str, '' where the value is missing)."""
    head = '<c r="' + column + rows + '" s="' + style + '"'
    if pd.api.types.is_datetime64_any_dtype(series):
        series = excel_serials(series)
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        flags = np.where(series.to_numpy(bool), "1", "0").astype(object)
        return head + ' t="b"><v>' + flags + "</v></c>"
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(float, na_value=np.nan)
        return np.where(np.isfinite(values), head + "><v>" + _numbers(values) + "</v></c>", "")
    return _mixed(series, head)


def _mixed(series: pd.Series, head: np.ndarray) -> np.ndarray:
    """Text columns, and object columns mixing numbers, booleans and text (the Portfolio sheet)."""
    present = series.notna().to_numpy()
    out = np.full(len(series), "", dtype=object)
    if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):  # the usual case: skip the per-cell look
        number = flag = np.zeros(len(series), bool)
    else:
        kinds = series.map(_kind).to_numpy(object)
        number, flag = present & (kinds == "number"), present & (kinds == "bool")
    text = present & ~number & ~flag
    if number.any():
        values = series[number].astype(float).to_numpy()
        ok = np.isfinite(values)
        out[np.flatnonzero(number)[ok]] = head[number][ok] + "><v>" + _numbers(values[ok]) + "</v></c>"
    if flag.any():
        out[flag] = head[flag] + ' t="b"><v>' + np.where(series[flag].astype(bool), "1", "0").astype(object) + "</v></c>"
    if text.any():
        try:
            raw = series[text].astype(str)
        except UnicodeEncodeError:  # lone surrogates: no UTF-8 text column can hold them
            raw = series[text].map(lambda v: xml_safe(str(v))).astype(str)
        edged = (raw.str.strip() != raw).to_numpy(bool)  # leading or trailing whitespace Excel must keep
        space = np.where(edged, ' xml:space="preserve"', "").astype(object)
        out[text] = (head[text] + ' t="inlineStr"><is><t' + space + ">" + escape_text(raw).to_numpy(object)
                     + "</t></is></c>")
    return out


def _kind(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "number"
    return "text"


def rows_xml(frame: pd.DataFrame, styles: dict[str, str], first_row: int = 2) -> Iterator[str]:
    """`<row>` elements for the frame's rows, CHUNK_ROWS at a time. styles: column letter -> s."""
    letters = [xl_col_to_name(c) for c in range(frame.shape[1])]
    for start in range(0, len(frame), CHUNK_ROWS):
        part = frame.iloc[start:start + CHUNK_ROWS]
        rows = np.arange(first_row + start, first_row + start + len(part)).astype(str).astype(object)
        body = '<row r="' + rows + '">'
        for k, letter in enumerate(letters):
            body = body + cells(part.iloc[:, k], letter, rows, styles.get(letter, "0"))
        yield "".join((body + "</row>").tolist())


PROBE_ROW = re.compile(r'<row r="2"[^>]*>(.*?)</row>', re.S)
PROBE_CELL = re.compile(r'<c r="([A-Z]+)2" s="(\d+)"/>')
DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def fill(source, target: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Copy the workbook `source` (a path or a file object) to `target`, the probe row of each
    sheet named in `frames` replaced by that frame's rows."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        parts = _sheet_parts(book)
        filled = {parts[name]: frame for name, frame in frames.items() if len(frame)}
        for info in book.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename not in filled:
                out.writestr(entry, book.read(info.filename))
                continue
            with out.open(entry, "w", force_zip64=True) as stream:
                write_filled(stream, book.read(info.filename).decode("utf-8"), filled[info.filename])


def write_filled(stream, xml: str, frame: pd.DataFrame, restyle=None) -> None:
    """Write a laid-out sheet's XML to `stream` with its probe row replaced by the frame's rows.
    `restyle(xml)` renumbers style indices (in-place writes merge our styles into the user's);
    it is applied to the sheet's head and tail and to each column's style, never to the rows."""
    restyle = restyle or (lambda text: text)
    probe = PROBE_ROW.search(xml)
    styles = {column: _style_of(restyle, style) for column, style in PROBE_CELL.findall(probe.group(1))}
    last = f"{xl_col_to_name(frame.shape[1] - 1)}{len(frame) + 1}"
    head = DIMENSION.sub(f'<dimension ref="A1:{last}"/>', xml[:probe.start()], count=1)
    stream.write(restyle(head).encode("utf-8"))
    for chunk in rows_xml(frame, styles):
        stream.write(chunk.encode("utf-8"))
    stream.write(restyle(xml[probe.end():]).encode("utf-8"))


def _style_of(restyle, style: str) -> str:
    return re.search(r's="(\d+)"', restyle(f'<c s="{style}"/>')).group(1)


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package (xl/worksheets/sheetN.xml), from workbook.xml."""
    sheets = ElementTree.fromstring(book.read("xl/workbook.xml")).find("m:sheets", NS)
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = {rel.get("Id"): rel.get("Target") for rel in rels.findall("p:Relationship", NS)}
    return {sheet.get("name"): "xl/" + target[sheet.get(f"{{{NS['r']}}}id")].lstrip("/").removeprefix("xl/")
            for sheet in sheets.findall("m:sheet", NS)}
