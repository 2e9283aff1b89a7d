"""An .xlsx package edited at the zip level: the parts we change are rewritten, every other
part is copied byte for byte (its compressed bytes themselves, not re-inflated), so VBA, a
ribbon, charts, pivot tables, images, text boxes and extension lists stay exactly as they were.

openpyxl is never used to re-save a user's workbook: it drops what it does not model.

    changes = {"xl/workbook.xml": new_bytes, "xl/worksheets/sheet9.xml": write_rows, "xl/calcChain.xml": None}
    rewrite(source, target, changes)   # bytes replace a part, a callable streams one, None removes one

The XML parts we change are small (workbook, relationships, content types, styles, tables,
the Register sheet) and are parsed with lxml, entities never resolved.
"""
from __future__ import annotations

import copy
import posixpath
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_REL = R + "/worksheet"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rels_part(part: str) -> str:
    """The relationships part of `part`: xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source: str, target: str) -> str:
    """The part a relationship of `source` points at (targets are relative to its folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


def relationships(package, part: str) -> list[etree._Element]:
    """The Relationship elements of `part` (empty when it has none)."""
    name = rels_part(part)
    if not package.has(name):
        return []
    return list(parse(package.read(name)).iter(f"{{{RELS}}}Relationship"))


def sheet_parts(package) -> dict[str, str]:
    """Sheet name -> its part (xl/worksheets/sheetN.xml), in the workbook's order."""
    book = workbook_part(package)
    targets = {rel.get("Id"): resolve(book, rel.get("Target")) for rel in relationships(package, book)
               if rel.get("TargetMode") != "External"}
    root = parse(package.read(book))
    sheets = root.find(f"{{{root.nsmap.get(None, MAIN)}}}sheets")
    found = {}
    for sheet in (sheets if sheets is not None else []):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)  # r:id, transitional or strict
        target = targets.get(rid)
        if target:
            found[sheet.get("name")] = target
    return found


def workbook_part(package) -> str:
    """The main part named by the package's root relationships (xl/workbook.xml as a rule)."""
    for rel in relationships(package, ""):
        if rel.get("Type", "").endswith("/officeDocument"):
            return resolve("", rel.get("Target"))
    return "xl/workbook.xml"


def workbook_root(package) -> etree._Element:
    """The parsed workbook part; a Strict Open XML workbook (other namespaces, which our parts do
    not use) is refused for edits."""
    from addin.workbook.messages import say
    from addin.workbook.read import ContractError
    root = parse(package.read(workbook_part(package)))
    if root.nsmap.get(None, MAIN) != MAIN and etree.QName(root).namespace != MAIN:
        raise ContractError(say("file.strict_xml", name=package.name, standard="Open XML"))  # the standard's name
    return root


Change = bytes | Callable[[object], None] | None


def rewrite(source: Path, target: Path, changes: dict[str, Change]) -> None:
    """Copy the package `source` to `target` with `changes` applied: bytes replace a part, a
    callable writes one into the binary stream it is given, None removes one; parts not in
    `source` are added at the end. Every other part is copied as stored."""
    with open(source, "rb") as raw, zipfile.ZipFile(source) as book, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
        for info in book.infolist():
            if info.filename not in changes:
                _copy_stored(raw, info, out)
            elif changes[info.filename] is not None:
                _write(out, info.filename, changes[info.filename])
        for name, change in changes.items():
            if name not in book.NameToInfo and change is not None:
                _write(out, name, change)


def _write(out: zipfile.ZipFile, name: str, change: Change) -> None:
    entry = zipfile.ZipInfo(name, ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    if isinstance(change, bytes):
        out.writestr(entry, change)
        return
    with out.open(entry, "w", force_zip64=True) as stream:
        change(stream)


def _copy_stored(raw, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
    """Append a part to `out` with its compressed bytes as they are (no inflate, no deflate).

    zipfile has no public call for this; ZipFile.write itself does the same steps: a local
    header at the end of the archive, the data, then the entry in the central directory."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    entry = copy.copy(info)
    entry.flag_bits &= ~0x08  # sizes go in the local header, no data descriptor after the data
    entry.extra = _without_zip64(info.extra)
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    out.fp.seek(out.start_dir)
    entry.header_offset = out.fp.tell()
    out.fp.write(entry.FileHeader(zip64))
    left = info.compress_size
    while left:
        data = raw.read(min(left, 1024 * 1024))
        if not data:
            raise zipfile.BadZipFile(f"part {info.filename} is truncated")
        out.fp.write(data)
        left -= len(data)
    out.filelist.append(entry)
    out.NameToInfo[entry.filename] = entry
    out.start_dir = out.fp.tell()


def _without_zip64(extra: bytes) -> bytes:
    """The extra field less its zip64 record, which FileHeader and the directory write anew."""
    kept, at = b"", 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at:at + 4])
        if kind != 1:
            kept += extra[at:at + 4 + size]
        at += 4 + size
    return kept
