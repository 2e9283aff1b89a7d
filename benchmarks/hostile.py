"""The hostile workbooks of the reliability issue, at full size: each refused in bounded time and memory.

    python benchmarks/hostile.py [--cache /tmp/credit-addin-hostile]

Generated once into the cache folder (a few GB of XML deflated into small files, about a
minute), then each command runs in its own process, measured with os.wait4:

- one value at XFD1048576 in Invoices (a 17-billion-cell grid for the reader): run, validate;
- an honest 1.9 GB Invoices sheet compressed about 100 times;
- 1.9 GB of shared strings no cell uses;
- an Invoices sheet that declares 100 kB and inflates to 2.5 GB;
- a 300 MB zip bomb given to `import` (which once ran 87 s to a MemoryError at 6.3 GB).

Each must exit 2 with one line, under 60 s and 1.5 GB (targets of the issue).
"""
from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

TARGET_SECONDS, TARGET_MB = 60, 1536
HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>invoice_id</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>debtor_id</t></is></c></row>')
TAIL = b"</sheetData></worksheet>"
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Invoices" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>%s</Relationships>')
SHARED_REL = (b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              b'sharedStrings" Target="sharedStrings.xml"/>')
ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats'
             b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/'
         b'2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')


def package(path: Path, sheet_rows, shared=None) -> Path:
    """A minimal workbook whose sheet (and shared strings) stream from generators of bytes."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS % (SHARED_REL if shared else b""))
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet_rows), ("xl/sharedStrings.xml", shared)):
            if chunks is None:
                continue
            with z.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    os.replace(tmp, path)
    return path


def honest_rows(target_bytes: int):
    """Rows of one long text cell, a few random letters in each: XML that compresses about 100 times."""
    yield HEAD
    written, row = 0, 2
    while written < target_bytes:
        rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s%s</t></is></c></row>'
                        % (r, r, os.urandom(8).hex().encode(), b"x" * 2400) for r in range(row, row + 1000))
        row += 1000
        written += len(rows)
        yield rows
    yield TAIL


def unused_strings(target_bytes: int):
    yield b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/' \
          b'spreadsheetml/2006/main">'
    written = 0
    while written < target_bytes:
        block = b"".join(b"<si><t>%s%s</t></si>" % (os.urandom(8).hex().encode(), b"never used " * 220)
                         for _ in range(1000))
        written += len(block)
        yield block
    yield b"</sst>"


def declared(path: Path, part: str, size: int) -> Path:
    """Make `part` declare `size` bytes unpacked, in its local header and in the central
    directory; its compressed size stays true. A zip64 part keeps its sizes in the zip64 extra
    field (uncompressed size first): that is where the lie goes."""
    data = bytearray(path.read_bytes())

    def lie(size_at: int, extra_at: int, extra_length: int) -> None:
        if struct.unpack_from("<I", data, size_at)[0] != 0xFFFFFFFF:
            struct.pack_into("<I", data, size_at, size)
            return
        at = extra_at
        while at + 4 <= extra_at + extra_length:
            kind, length = struct.unpack_from("<HH", data, at)
            if kind == 1:
                struct.pack_into("<Q", data, at + 4, size)
            at += 4 + length

    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    lie(info.header_offset + 22, info.header_offset + 30 + name_length, extra_length)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length, extra_length = struct.unpack_from("<HH", data, at + 28)
        if data[at + 46:at + 46 + name_length].decode() == part:
            lie(at + 24, at + 46 + name_length, extra_length)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def far_cell(path: Path) -> Path:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"])
    ws.write_row(1, 0, ["A", "D", "2025-01-01", "2025-02-01", 10])
    ws.write(1048575, 16383, 5)
    wb.close()
    return path


def bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", TYPES)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * (16 * 1024**2)
            for _ in range(300 // 16):
                part.write(block)
    return path


def files(cache: Path) -> list[tuple[str, list[str]]]:
    cache.mkdir(parents=True, exist_ok=True)
    made = {
        "far-cell.xlsx": lambda p: far_cell(p),
        "honest-1.9GB.xlsx": lambda p: package(p, honest_rows(int(1.9e9))),
        "unused-strings-1.9GB.xlsx": lambda p: package(p, honest_rows(10_000), unused_strings(int(1.9e9))),
        "declares-100kB.xlsx": lambda p: declared(package(p, honest_rows(int(2.5e9))), "xl/worksheets/sheet1.xml",
                                                  100_000),
        "bomb.xlsx": lambda p: bomb(p),
    }
    for name, build in made.items():
        if not (cache / name).exists():
            start = time.perf_counter()
            build(cache / name)
            print(f"generated {name} ({(cache / name).stat().st_size / 1e6:.1f} MB) in "
                  f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    c = {name: str(cache / name) for name in made}
    return [("run far cell", ["run", c["far-cell.xlsx"]]), ("validate far cell", ["validate", c["far-cell.xlsx"]]),
            ("run honest 1.9 GB sheet", ["run", c["honest-1.9GB.xlsx"]]),
            ("run 1.9 GB unused strings", ["run", c["unused-strings-1.9GB.xlsx"]]),
            ("run sheet declaring 100 kB", ["run", c["declares-100kB.xlsx"]]),
            ("import zip bomb", ["import", c["bomb.xlsx"], "--out", str(cache / "imported.xlsx")])]


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--cache", type=Path, default=Path("/tmp/credit-addin-hostile"))
    opts = args.parse_args(argv)
    for label, command in files(opts.cache):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "addin.cli", *command], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds, mb = time.perf_counter() - start, usage.ru_maxrss / 1024
        said = [line for line in proc.stderr.read().decode().splitlines() if line.startswith("credit-addin:")]
        ok = os.waitstatus_to_exitcode(status) == 2 and len(said) == 1 and seconds < TARGET_SECONDS and mb < TARGET_MB
        print(f"{label:<28} exit {os.waitstatus_to_exitcode(status):>3} {seconds:6.1f} s {mb:6.0f} MB  "
              f"{'PASS' if ok else 'FAIL'}  {said[0][:110] if said else ''}")


if __name__ == "__main__":
    main()
