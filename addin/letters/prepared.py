"""A .docx template read, patched and compiled once, then filled for each letter.

    template = PreparedTemplate(template_path("reminder", "fr"), environment("fr"))
    data = template.fill(context)          # the letter's .docx bytes

docxtpl re-reads the .docx, re-parses every part, re-patches the XML and recompiles the Jinja
template for every letter (about 40 ms). Here each step that does not depend on the letter
runs once: the body, headers, footers and footnotes are patched by docxtpl's own `patch_xml`
and compiled once by the letter's (sandboxed, autoescaping) environment; every part that no tag
touches is compressed once into a base package. Filling a letter renders the compiled templates,
then applies docxtpl's own post-processing (listing characters, table grids, picture ids) and
python-docx's serialisation, so each part is byte for byte what `DocxTemplate.render` and
`save` give (tests/test_letters.py compares them for every shipped template), and appends the
rendered parts to a copy of the base package.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as REL_TYPE
from docx.opc.oxml import parse_xml, serialize_part_xml
from docxtpl import DocxTemplate
from jinja2 import Environment

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The core properties docxtpl renders as templates (DocxTemplate.render_properties).
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_TAG = re.compile(r"\{[{%#]")
_PARAGRAPH = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
# What docxtpl's resolve_listing rewrites (tab, \a, newline, \f in a value), and the paragraphs
# it rewrites them in: only those paragraphs go through it, the others are left as they are.
_NAMESPACE = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')
_LISTING = re.compile(r"[\t\a\n\f]")
_LISTING_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


class PreparedTemplate:
    """One template, ready to fill: `fill(context)` returns the letter's .docx bytes."""

    def __init__(self, path: Path, env: Environment):
        self._env = env
        self._tools = DocxTemplate(str(path))  # docxtpl's own patching and fixing, reused as is
        docx = self._tools.docx = Document(str(path))
        self.document_name = docx.part.partname.membername
        self._body = self._compile(self._split_document(docx.element))
        self._parts: dict[str, tuple] = {}  # zip name -> (how to serialise, compiled template, encoding)
        for reltype in (REL_TYPE.HEADER, REL_TYPE.FOOTER):
            for rel in docx.part.rels.values():
                if rel.reltype == reltype and not rel.is_external and rel.target_part.blob:
                    self._add_part(rel.target_part, self._tools.get_part_xml(rel.target_part), "xml")
        for part in docx.part.package.parts:  # docxtpl renders them once per section; here once
            if part.content_type == FOOTNOTES:
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                self._add_part(part, blob, "raw")
        self._core = docx.core_properties
        self._properties = {}
        for name in PROPERTIES:
            compiled = env.from_string(getattr(self._core, name))
            if _TAG.search(getattr(self._core, name)):
                self._properties[name] = compiled
            else:  # rendered once: the same for every letter
                setattr(self._core, name, compiled.render({}))
        if self._properties:
            self._parts[docx.part.package._core_properties_part.partname.membername] = ("core", None, None)
        self.base = self._base_package(docx)

    def _split_document(self, root) -> str:
        """The body's XML, its namespace declarations left to the document element (as lxml
        leaves them when docxtpl puts the rendered body back); keeps the document element's
        XML before and after the body, so each letter is parsed once, as a whole."""
        whole = self._tools.xml_to_string(root)
        start, end = whole.index("<w:body"), whole.rindex("</w:body>") + len("</w:body>")
        self._before_body, self._after_body = whole[:start], whole[end:]
        body = self._tools.xml_to_string(root.body)
        head = body.index(">") + 1
        return _NAMESPACE.sub("", body[:head]) + body[head:]

    def _compile(self, xml: str):
        """docxtpl's patched XML, with its paragraph markers, compiled by the letter's environment."""
        return self._env.from_string(_PARAGRAPH.sub(r"\n<w:p\1", self._tools.patch_xml(xml)))

    def _add_part(self, part, xml: str, kind: str) -> None:
        encoding = self._tools.get_headers_footers_encoding(xml)
        compiled = self._compile(xml)
        if _TAG.search(xml):
            self._parts[part.partname.membername] = (kind, compiled, encoding)
            return
        blob = self._serialised(self._render(compiled, {}), kind, encoding)  # no tag: rendered once
        if kind == "xml":
            part._element = parse_xml(blob)
        else:
            part._blob = blob

    def _base_package(self, docx) -> bytes:
        """The template saved as docxtpl saves it, less the parts each letter renders."""
        saved = io.BytesIO()
        docx.save(saved)
        base = io.BytesIO()
        with zipfile.ZipFile(saved) as source, zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if item.filename != self.document_name and item.filename not in self._parts:
                    target.writestr(item, source.read(item.filename))
        return base.getvalue()

    def _render(self, compiled, context: dict) -> str:
        """docxtpl's render_xml_part after its compile step."""
        xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", compiled.render(context))
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if not _LISTING.search(xml):
            return xml
        return _LISTING_PARAGRAPH.sub(self._listing, xml)

    def _listing(self, paragraph: re.Match) -> str:
        text = paragraph.group(0)
        return self._tools.resolve_listing(text) if _LISTING.search(text) else text

    def _serialised(self, xml: str, kind: str, encoding: str) -> bytes:
        if kind == "raw":
            return xml.encode("utf-8")
        return serialize_part_xml(parse_xml(xml.encode(encoding)))

    def _document(self, context: dict) -> bytes:
        tree = self._tools.fix_tables(self._before_body + self._render(self._body, context) + self._after_body)
        self._tools.docx_ids_index = 1000
        self._tools.fix_docpr_ids(tree)
        return serialize_part_xml(tree)

    def _core_properties(self, context: dict) -> bytes:
        for name, compiled in self._properties.items():
            setattr(self._core, name, compiled.render(context))
        return serialize_part_xml(self._core._element)

    def rendered(self, context: dict) -> dict[str, bytes]:
        """The parts of one letter that depend on it (zip name -> bytes): the body, and the
        headers, footers, footnotes and core properties that carry tags."""
        parts = {self.document_name: self._document(context)}
        for name, (kind, compiled, encoding) in self._parts.items():
            parts[name] = self._core_properties(context) if kind == "core" else \
                self._serialised(self._render(compiled, context), kind, encoding)
        return parts

    def fill(self, context: dict) -> bytes:
        """The .docx of one letter."""
        return self.package(self.rendered(context))

    def package(self, parts: dict[str, bytes]) -> bytes:
        """The .docx of one letter from its rendered parts."""
        out = io.BytesIO(self.base)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return out.getvalue()

    @property
    def per_letter(self) -> dict[str, str]:
        """The parts rendered for each letter besides the body: zip name -> "xml" (a header or
        footer), "raw" (footnotes) or "core" (core properties)."""
        return {name: kind for name, (kind, _, _) in self._parts.items()}
