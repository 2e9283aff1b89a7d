"""Our cell formats added to a user's styles.xml, never changing or removing theirs.

An in-place write brings sheets laid out by XlsxWriter, whose cells point at XlsxWriter's
styles by index (`s="3"`). `merge` appends each of those formats to the user's styles (or
finds the identical one already there, so repeated runs do not grow the file) and returns the
index maps that renumber our sheets: cell formats (`s`, `style`) and conditional formats
(`dxfId`).
"""
from __future__ import annotations

import copy
import re

from lxml import etree

from addin.workbook.package import MAIN

# The order of styleSheet's children in the schema: a new container goes in its place.
ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
         "colors", "extLst")
FIRST_CUSTOM_FORMAT = 164  # number formats below are Excel's built-in ones
DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}
DATE_CODE = re.compile(r"(?<![\"\\])[dmyDMY]")


def _tag(root: etree._Element, name: str) -> str:
    return f"{{{root.nsmap.get(None, MAIN)}}}{name}"


def container(root: etree._Element, name: str) -> etree._Element:
    """The styleSheet child `name`, created (empty, in schema order) when missing."""
    found = root.find(_tag(root, name))
    if found is not None:
        return found
    element = etree.Element(_tag(root, name), count="0")
    later = [root.find(_tag(root, n)) for n in ORDER[ORDER.index(name) + 1:]]
    later = [e for e in later if e is not None]
    if later:
        later[0].addprevious(element)
    else:
        root.append(element)
    return element


def _key(element: etree._Element) -> bytes:
    """Two formats are the same when their canonical XML is (namespaces and attribute order aside)."""
    clone = copy.deepcopy(element)
    for node in clone.iter():
        node.tag = etree.QName(node).localname
    etree.cleanup_namespaces(clone)
    return etree.tostring(clone, method="c14n")


_KNOWN: dict[int, tuple[etree._Element, dict[bytes, int], list[int]]] = {}


def _add(parent: etree._Element, element: etree._Element) -> int:
    """Index of `element` in `parent`: the identical one already there, else appended.
    (Workbooks may carry tens of thousands of formats: each container is keyed once.)"""
    entry = _KNOWN.get(id(parent))
    if entry is None or entry[0] is not parent or entry[2][0] != len(parent):
        known = {}
        for index, existing in enumerate(parent):
            known.setdefault(_key(existing), index)
        entry = _KNOWN[id(parent)] = (parent, known, [len(parent)])
    known = entry[1]
    key = _key(element)
    if key in known:
        return known[key]
    copied = copy.deepcopy(element)
    for node in copied.iter():  # written in the user's styles' namespace
        node.tag = f"{{{parent.nsmap.get(None, MAIN)}}}{etree.QName(node).localname}"
    parent.append(copied)
    parent.set("count", str(len(parent)))
    known[key] = len(parent) - 1
    entry[2][0] = len(parent)
    return len(parent) - 1


def _number_formats(user: etree._Element, ours: etree._Element) -> dict[str, str]:
    """Our custom number format ids -> the user's (same code reused, else a new id)."""
    theirs = container(user, "numFmts")
    by_code = {f.get("formatCode"): f.get("numFmtId") for f in theirs}
    next_id = max([int(f.get("numFmtId")) for f in theirs] + [FIRST_CUSTOM_FORMAT - 1]) + 1
    mapping = {}
    found = ours.find(_tag(ours, "numFmts"))
    for fmt in (found if found is not None else []):
        code = fmt.get("formatCode")
        if code not in by_code:
            etree.SubElement(theirs, _tag(user, "numFmt"), numFmtId=str(next_id), formatCode=code)
            by_code[code] = str(next_id)
            next_id += 1
        mapping[fmt.get("numFmtId")] = by_code[code]
    theirs.set("count", str(len(theirs)))
    if not len(theirs):
        user.remove(theirs)
    return mapping


def merge(user: etree._Element, ours: etree._Element) -> tuple[dict[int, int], dict[int, int]]:
    """Add our fonts, fills, borders, cell formats and conditional formats to the user's
    styleSheet (changed in place). Returns (cell format map, conditional format map)."""
    _KNOWN.clear()
    formats = _number_formats(user, ours)
    maps = {}
    for name in ("fonts", "fills", "borders"):
        mine = ours.find(_tag(ours, name))
        theirs = container(user, name)
        maps[name] = {i: _add(theirs, element) for i, element in enumerate(mine if mine is not None else [])}
    cells = container(user, "cellXfs")
    mine = ours.find(_tag(ours, "cellXfs"))
    xf_map = {}
    for index, xf in enumerate(mine if mine is not None else []):
        xf = copy.deepcopy(xf)
        xf.set("numFmtId", formats.get(xf.get("numFmtId", "0"), xf.get("numFmtId", "0")))
        for attribute, name in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            xf.set(attribute, str(maps[name].get(int(xf.get(attribute, "0")), 0)))
        xf.set("xfId", "0")  # the user's Normal style
        xf_map[index] = _add(cells, xf)
    mine = ours.find(_tag(ours, "dxfs"))
    dxf_map = {}
    if mine is not None and len(mine):
        theirs = container(user, "dxfs")
        dxf_map = {i: _add(theirs, dxf) for i, dxf in enumerate(mine)}
    return xf_map, dxf_map


def restyler(xf_map: dict[int, int], dxf_map: dict[int, int]):
    """A function renumbering the style references of a sheet's XML (cells, rows, columns,
    conditional formats)."""
    def renumber(table: dict[int, int]):
        return lambda m: f'{m.group(1)}="{table.get(int(m.group(2)), int(m.group(2)))}"'
    cell, conditional = renumber(xf_map), renumber(dxf_map)
    pattern = re.compile(r'(?<=\s)(s|style)="(\d+)"')
    dxf = re.compile(r'(?<=\s)(dxfId)="(\d+)"')
    return lambda xml: dxf.sub(conditional, pattern.sub(cell, xml))


def is_date_format(styles: etree._Element, xf_index: int) -> bool:
    """Does cell format `xf_index` show a date?"""
    cells = styles.find(_tag(styles, "cellXfs"))
    if cells is None or xf_index >= len(cells):
        return False
    number = int(cells[xf_index].get("numFmtId", "0"))
    if number in DATE_FORMATS:
        return True
    formats = styles.find(_tag(styles, "numFmts"))
    code = next((f.get("formatCode", "") for f in (formats if formats is not None else [])
                 if f.get("numFmtId") == str(number)), "")
    return bool(DATE_CODE.search(re.sub(r"\[[^\]]*\]|\"[^\"]*\"", "", code)))


def date_format(styles: etree._Element, like: int = 0) -> int:
    """A cell format showing a date (Excel's short date, shown dd/mm/yyyy in French Excel),
    otherwise like format `like`; added when the styles have none such."""
    _KNOWN.clear()
    cells = container(styles, "cellXfs")
    base = copy.deepcopy(cells[like]) if like < len(cells) else etree.Element(_tag(styles, "xf"))
    base.set("numFmtId", "14")
    base.set("applyNumberFormat", "1")
    for attribute in ("fontId", "fillId", "borderId", "xfId"):
        base.set(attribute, base.get(attribute, "0"))
    return _add(cells, base)
