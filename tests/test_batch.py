"""The reminders of a run in one document to print (addin.letters.batch): one section per letter,
its own footer, page numbers from 1, the same words as the letter written on its own."""
from __future__ import annotations

import copy
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from addin.letters.batch import Batch, _own_section
from addin.letters.render import Letters
from addin.letters.templates import template_path
from test_letters import sample_context

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def reminder_context(debtor: str, reference: str) -> dict:
    context = copy.deepcopy(sample_context())
    context["debtor"]["name"] = debtor
    context["declaration"]["id"] = reference
    context["reminder"] = {"level": 1, "days_to_pay": 8, "pay_by": date(2025, 4, 23), "total": 17000.0,
                           "previous_name": None, "previous_date": None, "indemnity": 40.0}
    return context


LETTERS = [("reminder", "fr", "Alpha SARL", "reminder:A:1:2025-04-15"),
           ("formal_notice", "fr", "Bravo SAS", "formal_notice:B:3:2025-04-15"),
           ("reminder", "en", "Charlie Ltd", "reminder:C:1:2025-04-15")]


def drafted(tmp_path, letters=LETTERS, template_dir=None):
    writer, batch = Letters(tmp_path / "out", template_dir), Batch()
    files = [writer.draft(kind, reminder_context(debtor, ref), language, batch)
             for kind, language, debtor, ref in letters]
    return writer, batch, files


def words(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_one_section_per_letter_with_its_own_footer_and_page_numbers_from_one(tmp_path):
    writer, batch, files = drafted(tmp_path)
    [path] = writer.write_batch(batch, "relances_2025-04-15")  # the shipped templates share their parts
    printed = docx.Document(str(path))
    assert len(printed.sections) == 3
    for section, (_, _, _, reference) in zip(printed.sections, LETTERS):
        footer = "".join(p.text for p in section.footer.paragraphs)
        assert reference in footer and "page" in footer
        assert section.start_type == docx.enum.section.WD_SECTION.NEW_PAGE
        assert section._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    # the batch says word for word what the letters written one by one say, in their order
    assert words(printed) == [w for f in files for w in words(docx.Document(str(f)))]


def test_the_batch_is_a_valid_package(tmp_path):
    writer, batch, _ = drafted(tmp_path)
    [path] = writer.write_batch(batch, "relances")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    footers = sorted(n for n in names if n.startswith("word/footer"))
    assert footers == ["word/footer1_1.xml", "word/footer1_2.xml", "word/footer1_3.xml"]
    for name in footers:  # each part declared and related once; the template's own footer is gone
        assert types.count(f'PartName="/{name}"') == 1 and rels.count(f'Target="{name[5:]}"') == 1
    assert "word/footer1.xml" not in names and 'Target="footer1.xml"' not in rels


def test_a_template_with_other_styles_gets_its_own_batch(tmp_path):
    def garamond(entries):
        assert b"Calibri" in entries["word/styles.xml"]
        entries["word/styles.xml"] = entries["word/styles.xml"].replace(b"Calibri", b"Garamond")
    writer, batch, _ = drafted(tmp_path, template_dir=edited_templates(tmp_path, "formal_notice", "fr", garamond))
    paths = writer.write_batch(batch, "relances")
    assert [p.name for p in paths] == ["relances.docx", "relances_2.docx"]
    assert [len(docx.Document(str(p)).sections) for p in paths] == [2, 1]


def edited_templates(tmp_path, kind: str, language: str, edit) -> Path:
    """Copies of the templates LETTERS use, the one of `kind` and `language` edited: `edit(entries)`."""
    mine = tmp_path / "templates"
    mine.mkdir(exist_ok=True)
    for k, lang in {(k, lang) for k, lang, _, _ in LETTERS}:
        shutil.copy(template_path(k, lang), mine / template_path(k, lang).name)
    edited = mine / template_path(kind, language).name
    with zipfile.ZipFile(edited) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    edit(entries)
    with zipfile.ZipFile(edited, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return mine


def test_a_footer_with_its_own_link_keeps_it_on_every_page(tmp_path):
    """A footer a user gave a link (or a logo) has relationships of its own: each letter's copy
    of the footer gets them."""
    def link(entries):
        entries["word/footer1.xml"] = entries["word/footer1.xml"].replace(
            b"</w:p>", b'<w:hyperlink r:id="rIdSite"><w:r><w:t>www.example.fr</w:t></w:r></w:hyperlink></w:p>', 1)
        entries["word/_rels/footer1.xml.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdSite" Type="http://schemas.openxmlformats.'
            b'org/officeDocument/2006/relationships/hyperlink" Target="https://www.example.fr" TargetMode="External"/>'
            b'</Relationships>')
    mine = edited_templates(tmp_path, "reminder", "fr", link)
    writer, batch, _ = drafted(tmp_path, LETTERS[:1] * 2, template_dir=mine)
    [path] = writer.write_batch(batch, "relances")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        assert {"word/_rels/footer1_1.xml.rels", "word/_rels/footer1_2.xml.rels"} <= names
        assert "word/_rels/footer1.xml.rels" not in names
        assert b"https://www.example.fr" in z.read("word/_rels/footer1_2.xml.rels")
    footers = [s.footer for s in docx.Document(str(path)).sections]
    assert all("www.example.fr" in "".join(p.text for p in f.paragraphs) for f in footers)
    assert all(f.part.rels["rIdSite"].target_ref == "https://www.example.fr" for f in footers)


def test_an_empty_batch_writes_nothing(tmp_path):
    assert Letters(tmp_path).write_batch(Batch(), "relances") == []
    assert not (tmp_path / "relances.docx").exists()


def test_the_demo_run_prints_its_reminders_in_one_document(demo_session):
    done, out, console = demo_session
    dunning = done.sheets["Dunning"]
    drafted = dunning.dropna(subset=["document"])
    assert len(drafted) == 7
    [path] = done.printing
    assert path == out.parent / "demo.results.documents" / "relances_2026-10-31.docx"
    printed = docx.Document(io.BytesIO(path.read_bytes()))
    footers = ["".join(p.text for p in s.footer.paragraphs) for s in printed.sections]
    assert [next(r for r in drafted["reminder_id"] if r in f) for f in footers] == list(drafted["reminder_id"])
    assert "relances à imprimer, une par page : demo.results.documents/relances_2026-10-31.docx (7 lettre(s))" in console


@pytest.mark.parametrize("section, expected", [
    (b'<w:sectPr><w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="1"/><w:cols w:space="720"/></w:sectPr>',
     b'<w:sectPr><w:footerReference w:type="default" r:id="rId9_2"/><w:pgSz w:w="1"/><w:pgNumType w:start="1"/>'
     b'<w:cols w:space="720"/></w:sectPr>'),
    (b'<w:sectPr><w:headerReference r:id="rId4" w:type="first"/><w:pgNumType w:fmt="lowerRoman" w:start="5"/></w:sectPr>',
     b'<w:sectPr><w:headerReference r:id="rId4_2" w:type="first"/><w:pgNumType w:fmt="lowerRoman" w:start="1"/></w:sectPr>'),
    (b'<w:sectPr><w:footerReference r:id="rIdOther"/></w:sectPr>',
     b'<w:sectPr><w:footerReference r:id="rIdOther"/><w:pgNumType w:start="1"/></w:sectPr>'),
])
def test_a_letters_section_takes_its_own_footer_and_numbers_pages_from_one(section, expected):
    assert _own_section(section, {"rId9": "rId9_2", "rId4": "rId4_2"}) == expected
