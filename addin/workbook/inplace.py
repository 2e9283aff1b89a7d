"""`--in-place`: result sheets written into the user's own workbook, at the package level.

The workbook is never re-saved through openpyxl (which drops VBA, the ribbon, pivot tables,
text boxes, rich text, extension lists ...). Instead the result sheets are laid out by
XlsxWriter as for a separate result workbook, then grafted into the user's package:

- a result sheet already there (matched ignoring case: `aging` is Aging) is replaced in its
  place, with the parts only it used (its drawing, charts); other result sheets are added at
  the end;
- our cell formats are added to the user's styles (styles.merge) and our sheets renumbered;
- the workbook's sheet list, relationships, defined names (as_of, print titles, filters of the
  result sheets), content types and the calculation chain of replaced sheets are updated;
- every other part is copied byte for byte (addin.workbook.package.rewrite).

A timestamped backup is kept, the lock of addin.workbook.locks is held, and the new file
replaces the old one in one rename.
"""
from __future__ import annotations

import copy
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from lxml import etree

from addin.workbook.book import FileBook, atomic_write
from addin.workbook.locks import one_writer
from addin.workbook.outputs import backup
from addin.workbook.package import (MAIN, R, RELS, SHEET_REL, TYPES, parse, relationships, rels_part, relative,
                                    resolve, rewrite, serialize, workbook_part, workbook_root)
from addin.workbook.safety import Package
from addin.workbook.sheetdata import write_filled
from addin.workbook.styles import merge, restyler
from addin.workbook.writer import lay_out

STYLES_REL = R + "/styles"
CALC_CHAIN_REL = R + "/calcChain"
# workbook.xml children that come after definedNames in the schema
AFTER_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
               "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")


class InPlaceBook(FileBook):
    """A FileBook whose results go into the workbook itself, after a backup."""

    def __init__(self, path, quiet: bool = False, now: datetime | None = None):
        super().__init__(path, out=path, quiet=quiet)
        self.backup = None
        self._now = now

    def write_results(self, sheets: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
        self._reader = None  # let go of the file before it is replaced (Windows refuses otherwise)
        with one_writer(self.path):
            self.backup = backup(self.path, self._now)
            write_in_place(self.path, sheets, language, as_of, headers)

    def documents_dir(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.documents")


def write_in_place(path: Path, frames: dict[str, pd.DataFrame], language: str, as_of=None,
                   headers: str = "labels") -> None:
    """Write the result sheets into the workbook at `path` (the caller holds its lock)."""
    laid_out, data = lay_out(frames, language, mark=False, as_of=as_of, headers=headers)
    changes = Graft(Package(path), zipfile.ZipFile(laid_out), data).changes()
    atomic_write(path, lambda tmp: rewrite(path, tmp, changes))


def reachable(read_rels, starts: list[str], avoid: set[str] = frozenset()) -> set[str]:
    """Parts reached from `starts` through relationships, not going through `avoid`."""
    seen, todo = set(), [s for s in starts if s not in avoid]
    while todo:
        part = todo.pop()
        if part in seen:
            continue
        seen.add(part)
        for rel in read_rels(part):
            if rel.get("TargetMode") != "External":
                target = resolve(part, rel.get("Target"))
                if target not in avoid and target not in seen:
                    todo.append(target)
    return seen


def fresh_name(part: str, taken: set[str]) -> str:
    """`part`, or the same name with another number when it is taken (sheet3.xml -> sheet7.xml)."""
    stem, number, ext = re.match(r"(.*?)(\d*)(\.[^./]+)$", part).groups()
    k = int(number or 1)
    while part in taken:
        k += 1
        part = f"{stem}{k}{ext}"
    taken.add(part)
    return part


class Graft:
    """The package changes that put our laid-out result sheets into the user's workbook."""

    def __init__(self, package: Package, ours: zipfile.ZipFile, data: dict[str, pd.DataFrame]):
        self.package, self.ours, self.data = package, ours, data
        self.book = workbook_part(package)
        self.root = workbook_root(package)
        self.ns = self.root.nsmap.get(None, MAIN)
        self.rels = parse(package.read(rels_part(self.book)))
        self.types = parse(package.read("[Content_Types].xml"))
        self.taken = set(package.infos)
        self.out: dict = {}

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def _our_rels(self, part: str) -> list:
        name = rels_part(part)
        return list(parse(self.ours.read(name)).iter(f"{{{RELS}}}Relationship")) if name in self.ours.NameToInfo else []

    def changes(self) -> dict:
        restyle = self._styles()
        sheets = self.root.find(self._q("sheets"))
        targets = {r.get("Id"): resolve(self.book, r.get("Target")) for r in self.rels}
        existing = {el.get("name", "").lower(): el for el in sheets}
        replaced = {name: el for name, el in existing.items()
                    if name in {n.lower() for n, _ in self._our_sheets()}}
        old_ids = {el.get("sheetId") for el in replaced.values()}
        self._remove_parts([targets[_rid(el)] for el in replaced.values() if _rid(el) in targets])
        for el in replaced.values():
            self.rels.remove(next(r for r in self.rels if r.get("Id") == _rid(el)))
        next_id = max([int(el.get("sheetId", "0")) for el in sheets] + [0]) + 1
        placed = {}  # our sheet index -> its index in the user's workbook
        local_names = [i for i, el in enumerate(sheets) if el.get("name", "").lower() in replaced]
        for index, (name, part) in enumerate(self._our_sheets()):
            new_part = self._graft_sheet(part, name, restyle)
            rid = self._add_rel(SHEET_REL, relative(self.book, new_part))
            element = replaced.get(name.lower())
            if element is None:
                element = etree.SubElement(sheets, self._q("sheet"))
            element.set("name", name)
            element.set("sheetId", str(next_id))
            element.set(next((k for k in element.attrib if k.endswith("}id")), f"{{{R}}}id"), rid)
            next_id += 1
            placed[index] = list(sheets).index(element)
        self._names(placed, set(local_names))
        self._calc_chain(old_ids)
        self.out[self.book] = serialize(self.root)
        self.out[rels_part(self.book)] = serialize(self.rels)
        self.out["[Content_Types].xml"] = serialize(self.types)
        return self.out

    # --- the user's parts ----------------------------------------------------------------

    def _styles(self):
        part = next((resolve(self.book, r.get("Target")) for r in self.rels if r.get("Type") == STYLES_REL), None)
        if part is None or not self.package.has(part):  # a workbook without styles takes ours whole
            part = fresh_name("xl/styles.xml", self.taken)
            self.out[part] = self.ours.read("xl/styles.xml")
            self._add_rel(STYLES_REL, relative(self.book, part))
            self._override(part, self._our_type("xl/styles.xml"))
            return lambda xml: xml
        styles = parse(self.package.read(part))
        xf_map, dxf_map = merge(styles, parse(self.ours.read("xl/styles.xml")))
        self.out[part] = serialize(styles)
        return restyler(xf_map, dxf_map)

    def _remove_parts(self, roots: list[str]) -> None:
        """The replaced sheets and every part only they reach (drawings, charts, comments ...)."""
        if not roots:
            return
        read = lambda part: relationships(self.package, part)  # noqa: E731
        kept = reachable(read, [""], set(roots))
        for part in reachable(read, roots) - kept:
            for name in (part, rels_part(part)):
                if self.package.has(name):
                    self.out[name] = None
                    self.taken.discard(name)  # free for our new parts: names do not grow run after run
            self._override(part, None)

    def _add_rel(self, kind: str, target: str) -> str:
        ids = {r.get("Id") for r in self.rels}
        k = 1
        while f"rIdCredit{k}" in ids:
            k += 1
        etree.SubElement(self.rels, f"{{{RELS}}}Relationship", Id=f"rIdCredit{k}", Type=kind, Target=target)
        return f"rIdCredit{k}"

    def _override(self, part: str, content_type: str | None) -> None:
        """Set (or, with None, remove) the content type of `part`."""
        for override in self.types.findall(f"{{{TYPES}}}Override"):
            if override.get("PartName") == "/" + part:
                self.types.remove(override)
        if content_type:
            etree.SubElement(self.types, f"{{{TYPES}}}Override", PartName="/" + part, ContentType=content_type)

    def _names(self, placed: dict[int, int], replaced_positions: set[int]) -> None:
        """Our defined names (as_of, the print titles and filters of our sheets) replace those of
        the previous run; the user's own names stay."""
        ours = parse(self.ours.read("xl/workbook.xml")).find(f"{{{MAIN}}}definedNames")
        names = self.root.find(self._q("definedNames"))
        ours_global = {n.get("name") for n in (ours if ours is not None else []) if n.get("localSheetId") is None}
        if names is not None:
            for name in list(names):
                local = name.get("localSheetId")
                if (local is not None and int(local) in replaced_positions and name.get("name", "").startswith("_xlnm.")) \
                        or (local is None and name.get("name") in ours_global):
                    names.remove(name)
        if ours is None or not len(ours):
            return
        if names is None:
            names = etree.Element(self._q("definedNames"))
            after = [self.root.find(self._q(n)) for n in AFTER_NAMES]
            after = [e for e in after if e is not None]
            after[0].addprevious(names) if after else self.root.append(names)
        for name in ours:
            added = copy.deepcopy(name)
            added.tag = self._q("definedName")
            if added.get("localSheetId") is not None:
                added.set("localSheetId", str(placed[int(added.get("localSheetId"))]))
            names.append(added)
        if not len(names):
            self.root.remove(names)

    def _calc_chain(self, old_ids: set[str]) -> None:
        """Formulas of the replaced sheets leave Excel's calculation chain (it names them by sheet id)."""
        rel = next((r for r in self.rels if r.get("Type") == CALC_CHAIN_REL), None)
        if rel is None or not old_ids:
            return
        part = resolve(self.book, rel.get("Target"))
        if not self.package.has(part):
            return
        chain, current = parse(self.package.read(part)), None
        for cell in list(chain):
            current = cell.get("i", current)
            if current in old_ids:
                chain.remove(cell)
            elif current is not None:
                cell.set("i", current)  # the cell before it may be gone: say its sheet itself
        if len(chain):
            self.out[part] = serialize(chain)
            return
        self.out[part] = None
        self.rels.remove(rel)
        self._override(part, None)

    # --- our parts -----------------------------------------------------------------------

    def _our_sheets(self) -> list[tuple[str, str]]:
        book = parse(self.ours.read("xl/workbook.xml"))
        targets = {r.get("Id"): resolve("xl/workbook.xml", r.get("Target")) for r in self._our_rels("xl/workbook.xml")}
        return [(s.get("name"), targets[s.get(f"{{{R}}}id")]) for s in book.find(f"{{{MAIN}}}sheets")]

    def _our_type(self, part: str) -> str:
        types = parse(self.ours.read("[Content_Types].xml"))
        for override in types.findall(f"{{{TYPES}}}Override"):
            if override.get("PartName") == "/" + part:
                return override.get("ContentType")
        extension = part.rsplit(".", 1)[-1]
        default = next(d for d in types.findall(f"{{{TYPES}}}Default") if d.get("Extension") == extension)
        self._default(extension, default.get("ContentType"))
        return None

    def _default(self, extension: str, content_type: str) -> None:
        if not any(d.get("Extension", "").lower() == extension.lower() for d in self.types.findall(f"{{{TYPES}}}Default")):
            self.types.insert(0, etree.Element(f"{{{TYPES}}}Default", Extension=extension, ContentType=content_type))

    def _graft_sheet(self, sheet: str, name: str, restyle) -> str:
        """Copy our sheet and the parts it reaches (drawing, charts) under fresh part names."""
        parts = sorted(reachable(self._our_rels, [sheet]))
        renamed = {part: fresh_name(part, self.taken) for part in parts}
        for part in parts:
            new = renamed[part]
            rels = self._our_rels(part)
            if rels:
                for rel in rels:
                    if rel.get("TargetMode") != "External":
                        rel.set("Target", relative(new, renamed[resolve(part, rel.get("Target"))]))
                self.out[rels_part(new)] = serialize(rels[0].getparent())
            self._override(new, self._our_type(part))
            xml = self.ours.read(part)
            if part != sheet:
                self.out[new] = xml
                continue
            text = xml.decode("utf-8").replace(' tabSelected="1"', "")  # the user's selected sheet stays so
            frame = self.data.get(name)
            if frame is not None and len(frame):
                self.out[new] = lambda stream, text=text, frame=frame: write_filled(stream, text, frame, restyle)
            else:
                self.out[new] = restyle(text).encode("utf-8")
        return renamed[sheet]


def _rid(sheet: etree._Element) -> str | None:
    return next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
