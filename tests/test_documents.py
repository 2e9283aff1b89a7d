"""The documents of a run: templates prepared once (same parts as docxtpl), file names unique
across the run, names computed from a bounded prefix, every file written whole."""
from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from docxtpl import DocxTemplate
from lxml import etree

from addin import run as pipeline
from addin.letters import DUNNING_KINDS, KINDS, LANGUAGES, bulk_file, document_name
from addin.letters.files import RunNames, name_key, remove_stale_temporaries
from addin.letters.prepared import PreparedTemplate
from addin.letters.render import NAME_PREFIX, environment
from addin.letters.report import KIND as REPORT, report_context, report_environment
from addin.letters.templates import template_path

from addin.workbook.book import STALE_SECONDS, FileBook
from test_letters import _invoice_rows, sample_context

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = ["C/013", "C.013", "c013", "C013"]  # the first two clean to C_013; the last two differ by case only


def letter_contexts() -> list[dict]:
    """Every section filled; every optional section empty; values that look like markup or tags,
    with newlines and tabs (docxtpl's listing characters)."""
    full = sample_context()
    full["reminder"] = {"level": 2, "days_to_pay": 8, "pay_by": date(2025, 4, 23), "total": 17000.0,
                        "previous_name": "Relance", "previous_date": date(2025, 3, 1), "indemnity": 40.0}
    empty = copy.deepcopy(full)
    for key in ("credit_notes", "payments", "disputes", "actions", "penalties", "attachments", "securities",
                "turnover", "dunning_history"):
        empty[key] = []
    empty["reminder"]["previous_date"] = None
    empty["penalty_totals"] = {"principal": 0.0, "interest": None, "indemnity": 0.0, "claim_total": None}
    hostile = copy.deepcopy(full)
    hostile["debtor"].update(name="{{ 7*7 }} <b>&amp;</b> {%p if x %} _{_{", address="1 rue\tA\n2\x07 étage\x0c")
    hostile["invoices"][0]["invoice_id"] = "{_%r x %_}"
    return [full, empty, hostile]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def docxtpl_parts(path: Path, context: dict, env) -> dict[str, bytes]:
    template = DocxTemplate(str(path))
    template.render(context, env, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return parts(out.getvalue())


@pytest.mark.parametrize("kind", KINDS + DUNNING_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_prepared_template_gives_docxtpl_parts_byte_for_byte(kind, language):
    """Every part of the letter (document.xml, footer, core properties and the rest) is what
    plain docxtpl gives, for each context; filling twice from one preparation gives the same."""
    path, env = template_path(kind, language), environment(language)
    prepared = PreparedTemplate(path, env)
    for context in letter_contexts():
        ours = parts(prepared.fill(context))
        assert ours == docxtpl_parts(path, context, environment(language))
    assert parts(prepared.fill(letter_contexts()[0])) == docxtpl_parts(path, letter_contexts()[0], env)


def test_template_tags_in_core_properties_and_plain_footers(tmp_path):
    """A user's template may carry tags in its title and none in its footer: both as docxtpl does."""
    from docx import Document
    doc = Document(str(template_path("reminder", "en")))
    doc.core_properties.title = "Reminder {{ debtor.name }}"
    doc.core_properties.subject = "fixed subject"
    doc.sections[0].footer.paragraphs[0].text = "no tag here"
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    context = letter_contexts()[0]
    ours = parts(PreparedTemplate(path, environment("en")).fill(context))
    assert ours == docxtpl_parts(path, context, environment("en"))
    assert b"Reminder Soci" in ours["docProps/core.xml"]


# --- a run's letters: one per row, names unique ---------------------------------------------

def colliding_workbook(path: Path) -> Path:
    """Four clients whose ids give the same file name on Windows and macOS, one overdue invoice each."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheets = {"Policy": [["Parameter", "Value"], ["as_of", "30/06/2025"], ["language", "fr"]],
              "Debtors": [["Code client", "Raison sociale"]] + [[c, "Même Nom SA"] for c in CLIENTS],
              "Invoices": [["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC"]]
              + [[f"F{k}", c, "01/01/2025", "31/01/2025", 1000 + k] for k, c in enumerate(CLIENTS)]}
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    return path


@pytest.fixture(scope="module")
def colliding_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("collide")
    book = FileBook(colliding_workbook(folder / "ar.xlsx"), folder / "ar.results.xlsx", quiet=True)
    return pipeline.run(book), book.documents_dir()


@pytest.mark.parametrize("sheet, column", [("Declarations", "debtor_id"), ("Dunning", "debtor_id")])
def test_one_letter_per_row_even_when_client_ids_collide(colliding_run, sheet, column):
    run, folder = colliding_run
    table = run.sheets[sheet]
    rows = table.loc[table[column].isin(CLIENTS)]
    assert sorted(rows[column]) == sorted(CLIENTS)
    names = [d.split("/", 1)[1] for d in rows["document"]]
    assert len({name_key(n) for n in names}) == 4
    assert sum(n.endswith("_2.docx") for n in names) == 2  # C/013 or C.013, c013 or C013
    for client, name in zip(rows[column], names):
        with zipfile.ZipFile(folder / name) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert f">{client}<" in body, (client, name)  # each letter is its own client's


def test_every_document_name_of_the_run_is_unique_ignoring_case_and_normalisation(colliding_run):
    _, folder = colliding_run
    names = [p.name for p in folder.iterdir()]
    assert len({name_key(n) for n in names}) == len(names) >= 12
    assert not [n for n in names if n.endswith(".tmp")]


def test_run_names_add_a_suffix_within_the_byte_cap():
    names = RunNames()
    assert names.claim("C_013.docx") == "C_013.docx"
    assert names.claim("c_013.docx") == "c_013_2.docx"
    assert names.claim("C_013.DOCX") == "C_013_3.DOCX"
    composed, decomposed = unicodedata.normalize("NFC", "Élan.docx"), unicodedata.normalize("NFD", "élan.docx")
    assert names.claim(composed) == composed and names.claim(decomposed).endswith("_2.docx")
    long = "É" * 60 + ".docx"  # 120 bytes of stem
    assert names.claim(long) == long
    second = names.claim(long)
    assert second.endswith("_2.docx") and len(second[:-len(".docx")].encode("utf-8")) <= 120


def test_report_prepared_gives_docxtpl_parts(colliding_run):
    run, _ = colliding_run
    context = report_context(run.analysis)
    for language in LANGUAGES:
        path = template_path(REPORT, language)
        ours = PreparedTemplate(path, report_environment(language)).fill(context)
        assert parts(ours) == docxtpl_parts(path, context, report_environment(language))


# --- names from a bounded prefix ----------------------------------------------------------------

@pytest.mark.parametrize("tail", ["", "x" * 2_000_000, "/" * 1000 + "ACME", "\u0301" * 500])
def test_file_name_is_read_from_a_bounded_prefix(tail):
    """Whatever follows the first NAME_PREFIX characters of a name cannot change the file name:
    naming a 2,000,000-character name reads no more of it than a short one (linear, not quadratic)."""
    head = "Société Générale " * (NAME_PREFIX // 17 + 1)
    context = {"declaration": {"id": "overdue_notice:D1:2025-01-31"}, "debtor": {"name": head + tail}}
    bounded = {"declaration": {"id": "overdue_notice:D1:2025-01-31"}, "debtor": {"name": head[:NAME_PREFIX]}}
    assert document_name(context) == document_name(bounded)
    assert len(document_name(context).encode("utf-8")) <= 120 + len(".docx")


# --- written whole ------------------------------------------------------------------------------

def test_a_failed_bulk_write_leaves_the_previous_file(tmp_path, monkeypatch):
    from addin.letters import render
    csv_path, xlsx_path = bulk_file("overdue_notice", _invoice_rows(), tmp_path / "overdue_notice")
    before = csv_path.read_bytes(), xlsx_path.read_bytes()

    def broken(frame, path, sheet):
        Path(path).write_bytes(b"half a workbook")
        raise OSError("disk full")
    monkeypatch.setattr(render, "_write_xlsx", broken)
    with pytest.raises(OSError, match="disk full"):
        bulk_file("overdue_notice", _invoice_rows().iloc[:1], tmp_path / "overdue_notice")
    assert xlsx_path.read_bytes() == before[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overdue_notice.csv", "overdue_notice.xlsx"]


def test_stale_temporaries_go_young_ones_stay(tmp_path):
    stale, young, letter = tmp_path / ".a.docx.1a2b.tmp", tmp_path / ".b.docx.3c4d.tmp", tmp_path / "a.docx"
    for f in (stale, young, letter):
        f.write_bytes(b"x")
    long_ago = time.time() - STALE_SECONDS - 60
    os.utime(stale, (long_ago, long_ago))
    assert remove_stale_temporaries(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b.docx.3c4d.tmp", "a.docx"]


# The run is killed (SIGKILL) half-way through writing its third letter file, whatever the way
# it opens it: python-docx's zip file or our temporary file.
KILLER = """
import builtins, io, os, signal, sys
from pathlib import Path
folder = Path(sys.argv[1]).resolve()
opened, real_open = [], io.open

class Killer:
    def __init__(self, f): self.f = f
    def write(self, data):
        self.f.write(bytes(data)[:len(data) // 2]); self.f.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    def __getattr__(self, name): return getattr(self.f, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.f.close()

def killing_open(file, mode="r", *args, **kwargs):
    f = real_open(file, mode, *args, **kwargs)
    path = Path(os.fsdecode(file)) if isinstance(file, (str, bytes, os.PathLike)) else None
    if path and set(mode) & set("wxa") and path.resolve().parent == folder and ".docx" in path.name:
        opened.append(path)
        if len(opened) == 3:
            return Killer(f)
    return f

builtins.open = io.open = killing_open
from addin.cli import main
main(["run", sys.argv[2], "--out", sys.argv[3]])
"""


def test_kill_while_writing_letters_leaves_every_previous_letter_whole(colliding_run, tmp_path):
    _, previous = colliding_run  # a run's input, result and letters, copied: the previous run
    shutil.copytree(previous.parent, tmp_path / "run")
    src, out, folder = tmp_path / "run" / "ar.xlsx", tmp_path / "run" / "ar.results.xlsx", tmp_path / "run" / previous.name
    before = {p.name: p.read_bytes() for p in folder.glob("*.docx")}
    done = subprocess.run([sys.executable, "-c", KILLER, str(folder), str(src), str(out)], cwd=ROOT,
                          capture_output=True, timeout=300)
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    after = {p.name: p.read_bytes() for p in folder.glob("*.docx")}
    assert after.keys() == before.keys()
    unchanged = [name for name in before if after[name] == before[name]]
    assert len(unchanged) >= len(before) - 2  # the two letters renamed into place before the kill
    for name, data in after.items():           # and those two are whole letters
        assert etree.fromstring(parts(data)["word/document.xml"]) is not None, name
