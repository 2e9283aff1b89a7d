"""The reminders of a run in one .docx for printing (lot d'impression): one letter per page.

Each letter drafted into the batch keeps its own section: its body, then a section break that
starts the next letter on a new page, its own footer (the footer names the letter's reference)
and page numbers starting again at 1. The letters are the ones written one by one beside it,
rendered once: the batch reuses their parts.

    batch = Batch()
    letters.draft("reminder", data, "fr", batch)     # the letter's file, and its page in the batch
    batch.package()                                   # the .docx bytes, None when empty

Letters whose templates do not share their styles, numbering and relationships (a user's own
edited template) cannot share one document: each such template gets its own batch
(`groups()`); the shipped reminder and formal notice templates, in both languages, share one.
Footnotes and document properties, one set per document, are the first letter's.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from addin.letters.prepared import PreparedTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
# sectPr children that come after w:pgNumType (ECMA-376 CT_SectPr): it is inserted before them
AFTER_PAGE_NUMBERS = {f"{{{W}}}{n}" for n in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
                                               "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")}


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


@dataclass
class Batch:
    """Letters added in order, grouped by the template parts they share."""
    letters: list[tuple[PreparedTemplate, dict[str, bytes]]] = field(default_factory=list)

    def add(self, template: PreparedTemplate, parts: dict[str, bytes]) -> None:
        self.letters.append((template, parts))

    def __len__(self) -> int:
        return len(self.letters)

    def groups(self) -> list[list[tuple[PreparedTemplate, dict[str, bytes]]]]:
        """The letters by shared template parts, in the order their first letter came."""
        grouped: dict[bytes, list] = {}
        for template, parts in self.letters:
            grouped.setdefault(shared_parts(template), []).append((template, parts))
        return list(grouped.values())


def shared_parts(template: PreparedTemplate) -> bytes:
    """A fingerprint of what letters of one document must share: every part of the template
    but its body, its per-letter parts and its document properties."""
    digest = hashlib.blake2b(digest_size=16)
    with zipfile.ZipFile(io.BytesIO(template.base)) as package:
        for name in sorted(package.namelist()):
            if not name.startswith("docProps/"):
                digest.update(name.encode() + b"\0" + package.read(name) + b"\0")
    digest.update(repr(sorted(template.per_letter.items())).encode())
    return digest.digest()


def package(letters: list[tuple[PreparedTemplate, dict[str, bytes]]]) -> bytes:
    """One .docx holding `letters` (templates sharing their parts), one section each."""
    first = letters[0][0]
    with zipfile.ZipFile(io.BytesIO(first.base)) as base:
        entries = {item.filename: base.read(item.filename) for item in base.infolist()}
    rels = etree.fromstring(entries[DOCUMENT_RELS])
    types = etree.fromstring(entries["[Content_Types].xml"])
    per_letter = {name: kind for name, kind in first.per_letter.items() if kind == "xml"}  # headers, footers
    target_of = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
    renamed = {rel.get("Id"): rel for rel in rels if target_of[rel.get("Id")] in per_letter}
    override = {o.get("PartName").lstrip("/"): o for o in types if o.get("PartName", "").lstrip("/") in per_letter}
    for element in [*renamed.values(), *override.values()]:
        element.getparent().remove(element)
    own_rels = {_rels_of(name): entries.pop(_rels_of(name)) for name in per_letter if _rels_of(name) in entries}
    document, body, added = None, [], {}
    for number, (_, parts) in enumerate(letters, 1):
        tree = etree.fromstring(parts[first.document_name])
        own = {}
        for rid, rel in renamed.items():  # this letter's copy of each header and footer
            name = target_of[rid].replace(".xml", f"_{number}.xml")
            own[rid] = f"{rid}_{number}"
            etree.SubElement(rels, _q(RELS, "Relationship"), Id=own[rid], Type=rel.get("Type"),
                             Target=name.removeprefix("word/"))
            etree.SubElement(types, _q(TYPES, "Override"), PartName="/" + name,
                             ContentType=override[target_of[rid]].get("ContentType"))
            added[name] = parts[target_of[rid]]
            if _rels_of(target_of[rid]) in own_rels:  # the part's own links and pictures (a logo in the footer)
                added[_rels_of(name)] = own_rels[_rels_of(target_of[rid])]
        for section in tree.iter(_q(W, "sectPr")):
            _own_section(section, own)
        children = list(tree.find(_q(W, "body")))
        last = children[-1]
        if number < len(letters) and last.tag == _q(W, "sectPr"):  # a section break before the next letter
            paragraph = etree.Element(_q(W, "p"))
            etree.SubElement(paragraph, _q(W, "pPr")).append(last)
            children[-1] = paragraph
        body += children
        document = document if document is not None else tree
    root = document.find(_q(W, "body"))
    root[:] = body
    for number, drawing in enumerate(document.iter(_q(WP, "docPr")), 1):  # drawing ids unique in the document
        drawing.set("id", str(number))
    entries[first.document_name] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries[DOCUMENT_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries |= added
    entries |= {name: data for name, data in letters[0][1].items() if name != first.document_name and name not in per_letter}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    return out.getvalue()


def _rels_of(name: str) -> str:
    """word/footer1.xml -> word/_rels/footer1.xml.rels"""
    folder, _, file = name.rpartition("/")
    return f"{folder}/_rels/{file}.rels"


def _own_section(section, own: dict[str, str]) -> None:
    """A letter's section: its own headers and footers, page numbers from 1, on a new page."""
    for reference in section:
        if reference.tag in (_q(W, "headerReference"), _q(W, "footerReference")) and reference.get(_q(R, "id")) in own:
            reference.set(_q(R, "id"), own[reference.get(_q(R, "id"))])
    numbers = section.find(_q(W, "pgNumType"))
    if numbers is None:
        numbers = etree.Element(_q(W, "pgNumType"))
        later = next((k for k, child in enumerate(section) if child.tag in AFTER_PAGE_NUMBERS), len(section))
        section.insert(later, numbers)
    numbers.set(_q(W, "start"), "1")
