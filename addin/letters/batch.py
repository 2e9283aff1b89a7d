"""The reminders of a run in one .docx for printing (lot d'impression): one letter per page.

Each letter drafted into the batch keeps its own section: its body, then a section break that
starts the next letter on a new page, its own footer (the footer names the letter's reference)
and page numbers starting again at 1. The letters are the ones written one by one beside it,
rendered once: the batch reuses their parts.

    batch = Batch()
    letters.draft("reminder", data, "fr", batch)     # the letter's file, and its page in the batch
    letters.write_batch(batch, "relances_2026-10-31") # [relances_2026-10-31.docx]; [] when empty

Letters whose templates do not share their styles, numbering and relationships (a user's own
edited template) cannot share one document: each such template gets its own batch
(`groups()`); the shipped reminder and formal notice templates, in both languages, share one.
Footnotes and document properties, one set per document, are the first letter's.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from addin.letters.prepared import PreparedTemplate
from addin.workbook.package import rels_part, serialize

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
# The letters' XML is joined as text, not parsed: python-docx and Word write the w:, r: and wp:
# prefixes. sectPr children that come after w:pgNumType (ECMA-376 CT_SectPr) are where it goes.
_BODY = re.compile(rb"<w:body>(.*)</w:body>", re.DOTALL)
_SECTION = re.compile(rb"<w:sectPr\b[^>]*>.*?</w:sectPr>", re.DOTALL)
_REFERENCE = re.compile(rb'(<w:(?:header|footer)Reference\b[^>]*?\br:id=")([^"]*)(")')
_PAGE_NUMBERS = re.compile(rb"<w:pgNumType\b([^>]*?)(/?>)")
_START = re.compile(rb'\s+w:start="[^"]*"')
_AFTER_PAGE_NUMBERS = re.compile(rb"<w:(?:cols|formProt|vAlign|noEndnote|titlePg|textDirection|bidi|rtlGutter|docGrid"
                                 rb"|printerSettings|sectPrChange)\b")
_DRAWING_ID = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


@dataclass
class Batch:
    """Letters added in order, grouped by the template parts they share."""
    letters: list[tuple[PreparedTemplate, dict[str, bytes]]] = field(default_factory=list)

    def add(self, template: PreparedTemplate, parts: dict[str, bytes]) -> None:
        self.letters.append((template, parts))

    def groups(self) -> list[list[tuple[PreparedTemplate, dict[str, bytes]]]]:
        """The letters by shared template parts, in the order their first letter came."""
        grouped: dict[bytes, list] = {}
        templates = {id(template): template for template, _ in self.letters}
        keys = {key: shared_parts(template) for key, template in templates.items()}  # once per template
        for template, parts in self.letters:
            grouped.setdefault(keys[id(template)], []).append((template, parts))
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
    own_rels = {rels_part(name): entries.pop(rels_part(name)) for name in per_letter if rels_part(name) in entries}
    bodies, added = [], {}
    for number, (_, parts) in enumerate(letters, 1):
        own = {}
        for rid, rel in renamed.items():  # this letter's copy of each header and footer
            name = target_of[rid].replace(".xml", f"_{number}.xml")
            own[rid] = f"{rid}_{number}"
            etree.SubElement(rels, _q(RELS, "Relationship"), Id=own[rid], Type=rel.get("Type"),
                             Target=name.removeprefix("word/"))
            etree.SubElement(types, _q(TYPES, "Override"), PartName="/" + name,
                             ContentType=override[target_of[rid]].get("ContentType"))
            added[name] = parts[target_of[rid]]
            if rels_part(target_of[rid]) in own_rels:  # the part's own links and pictures (a logo in the footer)
                added[rels_part(name)] = own_rels[rels_part(target_of[rid])]
        bodies.append(_letter_body(parts[first.document_name], own, last=number == len(letters)))
    document = letters[0][1][first.document_name]
    opening, closing = _BODY.search(document).span(1)
    ids = iter(range(1, 1 << 31))  # drawing ids unique in the document
    entries[first.document_name] = document[:opening] + _DRAWING_ID.sub(
        lambda m: m.group(1) + str(next(ids)).encode() + m.group(3), b"".join(bodies)) + document[closing:]
    entries[DOCUMENT_RELS] = serialize(rels)
    entries["[Content_Types].xml"] = serialize(types)
    entries |= added
    entries |= {name: data for name, data in letters[0][1].items() if name != first.document_name and name not in per_letter}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    return out.getvalue()


def _letter_body(document: bytes, own: dict[str, str], last: bool) -> bytes:
    """What a letter's body holds, its sections made its own; but for the last letter, its final
    section properties move into a paragraph: a section break, the next letter on a new page."""
    body = _SECTION.sub(lambda m: _own_section(m.group(0), own), _BODY.search(document).group(1))
    final = body.rstrip()
    if not last and final.endswith(b"</w:sectPr>"):
        section = final.rindex(b"<w:sectPr")
        body = final[:section] + b"<w:p><w:pPr>" + final[section:] + b"</w:pPr></w:p>"
    return body


def _own_section(section: bytes, own: dict[str, str]) -> bytes:
    """A letter's section: its own headers and footers, page numbers from 1."""
    section = _REFERENCE.sub(lambda m: m.group(1) + own.get(m.group(2).decode(), m.group(2).decode()).encode()
                             + m.group(3), section)
    if _PAGE_NUMBERS.search(section):
        return _PAGE_NUMBERS.sub(lambda m: b"<w:pgNumType" + _START.sub(b"", m.group(1)) + b' w:start="1"' + m.group(2),
                                 section, count=1)
    later = _AFTER_PAGE_NUMBERS.search(section)
    at = later.start() if later else section.rindex(b"</w:sectPr>")
    return section[:at] + b'<w:pgNumType w:start="1"/>' + section[at:]
