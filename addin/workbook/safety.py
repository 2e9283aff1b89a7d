"""Refuse hostile or unsupported files before any parser touches them.

An .xlsx is a zip of XML parts. Before reading one we look at its zip directory only (a few
kB, bounded time and memory) and refuse, with a message that says what to do:
- files that are not zip at all: an encrypted (password-protected) workbook or an old .xls
  is an OLE2 container; anything else is not a workbook;
- .ods and .xlsb, which are zips of another format;
- zip bombs: a part whose uncompressed size exceeds MAX_PART_BYTES, a total above
  MAX_TOTAL_BYTES, or a large part compressed more than MAX_RATIO times.

The ceilings are far above real workbooks: the 1M-invoice benchmark workbook (about 60 MB on
disk) has its largest part near 500 MB uncompressed and compresses about 8 times.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from addin.workbook.read import ContractError

MAX_PART_BYTES = 2 * 1024**3      # one sheet's XML
MAX_TOTAL_BYTES = 4 * 1024**3     # every part together
MAX_RATIO = 200                   # XML compresses 5-20x; bombs 1000x and more
RATIO_FLOOR_BYTES = 10 * 1024**2  # small parts may compress well (repeated styles): not checked
MAX_PARTS = 10_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnsafeWorkbook(ContractError):
    """The file is not a workbook we can read safely; the message says why and what to do."""


def check_workbook_file(path: Path) -> None:
    """Raise UnsafeWorkbook unless `path` looks like a sane .xlsx/.xlsm/.xlam."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE2_MAGIC:
        raise UnsafeWorkbook(f"{path.name} is password-protected (encrypted) or an old .xls file: "
                             "remove the password or save it as .xlsx in Excel")
    if not zipfile.is_zipfile(path):
        raise UnsafeWorkbook(f"{path.name} is not an Excel .xlsx workbook")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeWorkbook(f"{path.name} is a damaged workbook ({exc})") from exc
    if "mimetype" in names and "content.xml" in names:
        raise UnsafeWorkbook(f"{path.name} is an OpenDocument (.ods) file: save it as .xlsx")
    if any(n.endswith(".bin") and n.startswith("xl/worksheets/") for n in names):
        raise UnsafeWorkbook(f"{path.name} is a binary workbook (.xlsb): save it as .xlsx")
    if "[Content_Types].xml" not in names:
        raise UnsafeWorkbook(f"{path.name} is a zip file but not an Excel workbook")
    _check_sizes(path.name, entries)


def _check_sizes(name: str, entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_PARTS:
        raise UnsafeWorkbook(f"{name} holds {len(entries):,} parts (limit {MAX_PARTS:,}): refused as unsafe")
    total = 0
    for entry in entries:
        size, packed = entry.file_size, max(entry.compress_size, 1)
        total += size
        if size > MAX_PART_BYTES:
            raise UnsafeWorkbook(f"{name}: part {entry.filename} would unpack to {size / 1024**3:.1f} GB "
                                 f"(limit {MAX_PART_BYTES / 1024**3:.0f} GB): refused as unsafe")
        if size > RATIO_FLOOR_BYTES and size / packed > MAX_RATIO:
            raise UnsafeWorkbook(f"{name}: part {entry.filename} is compressed {size / packed:,.0f} times "
                                 f"(limit {MAX_RATIO}): this looks like a zip bomb, refused")
    if total > MAX_TOTAL_BYTES:
        raise UnsafeWorkbook(f"{name} would unpack to {total / 1024**3:.1f} GB "
                             f"(limit {MAX_TOTAL_BYTES / 1024**3:.0f} GB): refused as unsafe")
