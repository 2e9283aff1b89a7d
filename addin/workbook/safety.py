"""Refuse hostile or unsupported files before any reader allocates memory for them.

An .xlsx is a zip of XML parts. `Package(path)` looks at the zip directory (a few kB) and
refuses files that are not workbooks: an encrypted workbook or an old .xls (OLE2
containers), .ods and .xlsb (zips of another format), anything else. Then every part a
reader is about to decompress goes through `Package.read` or `Package.check_sheet`, which
inflate it themselves and count what decompression *actually* produces (a zip may declare
any size it likes), with one byte budget for the whole workbook:

- MAX_READ_BYTES of XML in all, MAX_SHARED_BYTES of shared strings (readers keep them all);
- a part compressed more than MAX_RATIO times is a zip bomb (checked as it inflates);
- a sheet's cells: at most MAX_CELLS in the sheets read (counted only once the bytes read
  could hold that many: a cell takes 15 bytes at least), and a sheet must not spread over
  more than MAX_SPAN rows x columns. Readers lay a sheet out as a dense grid from its first
  to its last cell, so one value at XFD1048576 asks for 17 billion cells (a 512 GB
  allocation that kills the process). The span is checked from the sheet's dimension and from
  the cells themselves, cheaply: one search for cells past column Z or row 1,049,999 (a sheet
  without any spans 27 million cells at most); only when there are some is every cell placed,
  those without a reference (rare) row by row as readers do.

The ceilings sit above real workbooks: the 1M-invoice benchmark workbook inflates to 680 MB
and holds about 15 million cells, its widest sheet 9 columns. The checks cost about a fifth of
what fastexcel spends reading the same sheets (benchmarks/mark_sent.py): fastexcel holds the
interpreter while it reads, so they cannot run beside it.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from addin.workbook.messages import say
from addin.workbook.read import ContractError

MAX_READ_BYTES = 1280 * 1024**2   # XML the readers may inflate from one workbook
MAX_SHARED_BYTES = 512 * 1024**2  # the shared strings, which readers hold in memory whole
MAX_PARSED_BYTES = 64 * 1024**2   # a part we parse whole to edit it (a Register of 300,000 rows)
MAX_RATIO = 200                   # XML compresses 5-20x (an honest sheet of blanks ~150x); bombs 1000x
RATIO_FLOOR_BYTES = 10 * 1024**2  # small parts may compress well (repeated styles): not checked
MAX_CELLS = 30_000_000            # cells in the sheets read (1M invoices: ~15 million)
MAX_SPAN = 30_000_000             # rows x columns one sheet spreads over
MAX_PARTS = 10_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 4 * 1024**2               # inflated bytes looked at once


class UnsafeWorkbook(ContractError):
    """The file is not a workbook we can read safely; the message says why and what to do."""


def check_workbook_file(path: Path) -> Package:
    """The workbook's package after the checks of its directory and of the parts every reader
    inflates on opening (workbook, relationships, shared strings, styles)."""
    package = Package(path)
    package.check_opening()
    return package


class Package:
    """An .xlsx/.xlsm/.xlam zip, its parts inflated under one budget."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = self.path.name
        self.spent = 0
        self.cells = 0
        self.entries = _directory(self.path)
        self.infos = {e.filename: e for e in self.entries}

    # --- reading parts -------------------------------------------------------------------

    def stream(self, part: str, budget: int | None = None) -> Iterator[bytes]:
        """The part's bytes as they inflate, CHUNK at a time, counted against the budget."""
        info = self.infos[part]
        limit = MAX_READ_BYTES if budget is None else budget
        produced, consumed = 0, 0
        for chunk, consumed in _inflate(self.path, info):
            produced += len(chunk)
            self.spent += len(chunk)
            if self.spent > MAX_READ_BYTES or produced > limit:
                raise UnsafeWorkbook(say("unsafe.part_too_big", name=self.name, part=part, size=limit / 1024**2,
                                         limit=MAX_READ_BYTES / 1024**2))
            if produced > RATIO_FLOOR_BYTES and produced > MAX_RATIO * max(consumed, 1):
                raise UnsafeWorkbook(say("unsafe.part_bomb", name=self.name, part=part, ratio=MAX_RATIO))
            yield chunk

    def read(self, part: str) -> bytes:
        """A whole part (workbook.xml, styles, a table, the Register ...) to parse: at most
        MAX_PARSED_BYTES, an XML tree taking several times its size."""
        return b"".join(self.stream(part, MAX_PARSED_BYTES))

    def has(self, part: str) -> bool:
        return part in self.infos

    def check_opening(self) -> None:
        """Inflate, under the budget, the parts a reader parses when it opens the workbook."""
        for part in self.opening_parts():
            budget = MAX_SHARED_BYTES if part.endswith("sharedStrings.xml") else None
            for _ in self.stream(part, budget):
                pass

    def opening_parts(self) -> list[str]:
        names = [n for n in self.infos if n == "[Content_Types].xml" or n.endswith(".rels")
                 or re.fullmatch(r"xl/(workbook|styles|sharedStrings)\.xml", n)]
        return names

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> its part, from workbook.xml and its relationships."""
        from addin.workbook.package import sheet_parts  # the XML of the package lives there
        return sheet_parts(self)

    def check_sheet(self, sheet: str) -> None:
        """Refuse the sheet before a reader loads it: too big, too many cells, or cells so far
        apart that a dense grid of them cannot be held."""
        parts = {n.lower(): p for n, p in self.sheet_parts().items()}
        part = parts.get(sheet.lower())
        if part is None or part not in self.infos:
            return
        info = self.infos[part]
        # Counting cells costs a pass: done only when the bytes alone could hold too many.
        count = (self.spent + info.file_size) // MIN_CELL_BYTES > MAX_CELLS - self.cells
        scan = SheetScan(sheet, count=count)
        for chunk in self.stream(part):
            scan.feed(chunk)
        scan.verdict(self.name)
        if scan.unusual or (not count and self.spent // MIN_CELL_BYTES > MAX_CELLS - self.cells):
            # Cells far out, without a reference, or more bytes than declared: look at every cell.
            scan = SheetScan(sheet, exact=True)
            for chunk in inflated(self.path, info):
                scan.feed(chunk)
            scan.verdict(self.name)
        self.cells += scan.cells if scan.counted else 0
        if self.cells > MAX_CELLS:
            raise UnsafeWorkbook(say("unsafe.too_many_cells", name=self.name, limit=MAX_CELLS, sheet=sheet,
                                     cells=scan.cells))


# --- the zip directory ---------------------------------------------------------------------

def _directory(path: Path) -> list[zipfile.ZipInfo]:
    name = path.name
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE2_MAGIC:
        raise UnsafeWorkbook(say("unsafe.encrypted", name=name))
    if not zipfile.is_zipfile(path):
        raise UnsafeWorkbook(say("unsafe.not_xlsx", name=name))
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeWorkbook(say("unsafe.damaged", name=name, problem=_one_line(exc))) from exc
    names = {e.filename for e in entries}
    if "mimetype" in names and "content.xml" in names:
        raise UnsafeWorkbook(say("unsafe.ods", name=name))
    if any(n.endswith(".bin") and n.startswith("xl/worksheets/") for n in names):
        raise UnsafeWorkbook(say("unsafe.xlsb", name=name))
    if "[Content_Types].xml" not in names:
        raise UnsafeWorkbook(say("unsafe.zip_not_workbook", name=name))
    if len(entries) > MAX_PARTS:
        raise UnsafeWorkbook(say("unsafe.too_many_parts", name=name, parts=len(entries), limit=MAX_PARTS))
    for entry in entries:
        if entry.flag_bits & 0x1 or entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeWorkbook(say("unsafe.part_encoding", name=name, part=entry.filename))
        declared = entry.file_size  # a claim only; what inflates is counted in Package.stream
        if declared > RATIO_FLOOR_BYTES and declared > MAX_RATIO * max(entry.compress_size, 1):
            raise UnsafeWorkbook(say("unsafe.declared_bomb", name=name, part=entry.filename,
                                     ratio=declared / max(entry.compress_size, 1), limit=MAX_RATIO))
    return entries


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _data_offset(handle, info: zipfile.ZipInfo) -> int:
    """Where the part's compressed bytes start (after its local header)."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise UnsafeWorkbook(say("unsafe.part_damaged", part=info.filename))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_length + extra_length


def _inflate(path: Path, info: zipfile.ZipInfo) -> Iterator[tuple[bytes, int]]:
    """(inflated chunk, compressed bytes consumed so far), never more than CHUNK inflated at
    once: a bomb is caught after a few MB, whatever its declared size."""
    with open(path, "rb") as handle:
        handle.seek(_data_offset(handle, info))
        left, consumed = info.compress_size, 0
        if info.compress_type == zipfile.ZIP_STORED:
            while left:
                data = handle.read(min(left, CHUNK))
                if not data:
                    return
                left -= len(data)
                consumed += len(data)
                yield data, consumed
            return
        inflater = zlib.decompressobj(-15)
        while left and not inflater.eof:
            data = handle.read(min(left, 256 * 1024))
            if not data:
                break
            left -= len(data)
            consumed += len(data)
            try:
                chunk = inflater.decompress(data, CHUNK)
                while True:
                    if chunk:
                        yield chunk, consumed
                    if not inflater.unconsumed_tail or inflater.eof:
                        break
                    chunk = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            except zlib.error as exc:
                raise UnsafeWorkbook(say("unsafe.part_damaged_because", part=info.filename, problem=_one_line(exc))) from exc


def inflated(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A second pass over a part already counted once."""
    for chunk, _ in _inflate(path, info):
        yield chunk


# --- cells of a sheet ----------------------------------------------------------------------

# A cell as every writer of real workbooks writes it: its reference first, one column letter,
# a row up to 1,049,999. Anything else (far columns, far rows, lower-case letters, which readers
# accept too, no reference) is unusual.
UNUSUAL = re.compile(rb'<c(?! r="[A-Z](?:[0-9]{1,6}|10[0-4][0-9]{4})")[ >/]')
DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
ROOT_PREFIX = re.compile(rb'<(\w+:)?worksheet\b')
TOKENS = rb'<(?P<row>%(p)srow\b[^>]*)>|(?P<end></%(p)srow>)|<%(p)sc\b(?P<cell>[^>]*)>'
MIN_CELL_BYTES = 15  # `<c><v>1</v></c>`: no cell a reader keeps takes fewer bytes
CELL_REF = re.compile(rb' r="([A-Za-z]+)([0-9]+)"')
UNLABELLED = re.compile(rb'<c(?! r=")[ >/]')
LABELLED = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"[^>]*?(/?)>')
ROW_REF = re.compile(rb' r="([0-9]+)"')


def column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, 'XFD' -> 16384."""
    number = 0
    for letter in (letters if isinstance(letters, str) else letters.decode("ascii")).upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SheetScan:
    """What a reader would allocate for one sheet, measured on its XML as it inflates.

    The usual pass only searches for unusual cells (one regular expression): a sheet without
    any lies within A..Z and 1,049,999 rows, 27 million cells at most. When there are some, the
    `exact` pass places every cell as readers do (by its reference, else after the previous
    cell of its row) and counts them."""

    def __init__(self, sheet: str, exact: bool = False, count: bool = False):
        self.sheet, self.exact, self.counted = sheet, exact, exact or count
        self.cells = 0
        self.unusual = False
        self.prefix = None
        self.dimension = None
        self.rows = [None, None]  # first and last row of a cell with a value
        self.columns = [None, None]
        self.farthest = None  # (row, column) of the cell that spreads the sheet most
        self.tail = b""
        self.row = self.column = 0

    def feed(self, chunk: bytes) -> None:
        if self.prefix is None:
            self._start(chunk)
        text = self.tail + chunk  # a tag may straddle two chunks: it is looked at whole
        cut = text.rfind(b">") + 1
        text, self.tail = text[:cut], text[cut:][-4096:]
        if self.exact:
            if self.prefix or UNLABELLED.search(text):
                self._follow(text)
            else:
                self._labelled(text)
            return
        if self.counted:
            self.cells += text.count(b"<c ") + text.count(b"<c>")
        if not self.unusual:
            self.unusual = bool(self.prefix) or UNUSUAL.search(text) is not None

    def _start(self, chunk: bytes) -> None:
        root = ROOT_PREFIX.search(chunk[:65536])
        self.prefix = (root.group(1) or b"") if root else b""
        self._tokens = re.compile(TOKENS % {b"p": re.escape(self.prefix)})
        found = DIMENSION.search(chunk[:65536])
        if found:
            first_col, first_row, last_col, last_row = found.groups()
            last_col, last_row = last_col or first_col, last_row or first_row
            self.dimension = (int(first_row), column_number(first_col), int(last_row), column_number(last_col))

    def _follow(self, text: bytes) -> None:
        """Every cell placed as readers place it: by its reference, else after the previous cell
        of its row; a row without a number follows the previous one. Self-closing cells and
        rows hold nothing and are skipped, as readers do."""
        for match in self._tokens.finditer(text):
            if match.group("end"):
                self.row, self.column = self.row + 1, 0
            elif match.group("row") is not None:
                number = ROW_REF.search(match.group("row"))
                if number and not match.group("row").endswith(b"/"):
                    self.row = int(number.group(1)) - 1
            elif not match.group("cell").endswith(b"/"):
                ref = CELL_REF.search(match.group("cell"))
                row, column = (int(ref.group(2)) - 1, column_number(ref.group(1)) - 1) if ref else (self.row, self.column)
                self.column = column + 1
                self.cells += 1
                self._place(row + 1, column + 1)

    def _labelled(self, text: bytes) -> None:
        """Every cell carries its reference: their extremes, a column at a time (no Python loop per cell)."""
        refs = [(letters, row) for letters, row, closed in LABELLED.findall(text) if not closed]
        self.cells += len(refs)
        if not refs:
            return
        rows = np.array([row for _, row in refs]).astype(np.int64)
        numbers = {letters: column_number(letters) for letters in {letters for letters, _ in refs}}
        columns = np.array([numbers[letters] for letters, _ in refs], dtype=np.int64)
        far = int(np.argmax(rows * columns))
        for row, column in ((int(rows.min()), int(columns.min())), (int(rows.max()), int(columns.max()))):
            self._place(row, column)
        self._place(int(rows[far]), int(columns[far]))
        last = ROW_REF.findall(text[text.rfind(b"<row"):]) if b"<row" in text else []
        self.row = int(last[0]) - 1 if last else self.row

    def _place(self, row: int, column: int) -> None:
        rows, columns = self.rows, self.columns
        if rows[0] is None:
            rows[:], columns[:] = [row, row], [column, column]
        else:
            rows[0], rows[1] = min(rows[0], row), max(rows[1], row)
            columns[0], columns[1] = min(columns[0], column), max(columns[1], column)
        if self.farthest is None or row * column > self.farthest[0] * self.farthest[1]:
            self.farthest = (row, column)

    def span(self) -> int:
        if self.rows[0] is None:
            return 0
        return (self.rows[1] - self.rows[0] + 1) * (self.columns[1] - self.columns[0] + 1)
    def verdict(self, workbook: str) -> None:
        if self.dimension:
            first_row, first_col, last_row, last_col = self.dimension
            cells = (abs(last_row - first_row) + 1) * (abs(last_col - first_col) + 1)
            if cells > MAX_SPAN:
                where = f"{column_letters(first_col)}{first_row}:{column_letters(last_col)}{last_row}"
                raise UnsafeWorkbook(say("unsafe.used_range", name=workbook, sheet=self.sheet, where=where, cells=cells,
                                         limit=MAX_SPAN))
        if self.span() > MAX_SPAN:
            row, column = self.farthest
            cell = f"{column_letters(column)}{row}"
            raise UnsafeWorkbook(say("unsafe.far_cell", name=workbook, sheet=self.sheet, cell=cell, cells=self.span(),
                                     limit=MAX_SPAN))


# --- text files (FEC, CSV exports) ---------------------------------------------------------

MAX_TEXT_BYTES = 512 * 1024**2  # a 3-million-line FEC; pandas needs several times the file in memory


def check_text_file(path: Path) -> None:
    """Refuse a CSV or FEC file too big to parse within memory (read whole by the importers)."""
    size = Path(path).stat().st_size
    if size > MAX_TEXT_BYTES:
        raise UnsafeWorkbook(say("unsafe.text_too_big", name=Path(path).name, size=size / 1024**2,
                                 limit=MAX_TEXT_BYTES / 1024**2))
