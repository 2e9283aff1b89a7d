"""Visual review through LibreOffice: the French template, the French demo's results (and the same
results written in English), one French letter of each kind and the reminders to print are converted to PDF in one soffice call, checked with pdftotext (every page
has text, the expected titles and headers are there) and kept as PNG in artifacts/visual/.
A second call recalculates the results workbook: no sheet may hold an error cell.

Skipped when LibreOffice or poppler-utils are missing, unless REQUIRE_LIBREOFFICE=1 (CI).
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from addin.workbook.writer import write_frames
from functions.analysis import SHEETS

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts" / "visual"
TOOLS = ("soffice", "pdftotext", "pdftoppm")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
ERRORS = ("#VALUE!", "#NAME?", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""

if MISSING and os.environ.get("REQUIRE_LIBREOFFICE") == "1":
    pytest.fail(f"REQUIRE_LIBREOFFICE=1 but {', '.join(MISSING)} not found (run scripts/install-libreoffice.sh)",
                pytrace=False)
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"{', '.join(MISSING)} not installed "
                                "(run scripts/install-libreoffice.sh; CI sets REQUIRE_LIBREOFFICE=1)")


def soffice(profile: Path, target: str, outdir: Path, files: list[Path]) -> None:
    """One LibreOffice call with its own profile that recalculates formulas on load."""
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(RECALC)
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=120)


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def footer_sheet(page: str) -> str | None:
    """The sheet name printed at the left of the page footer (`&A`), if the page has one."""
    names = sorted(list(SHEETS), key=len, reverse=True)
    for line in reversed(page.strip().splitlines()):  # chart labels may share the footer's text line
        for name in names:
            if re.match(rf"{re.escape(name)}(\s{{2,}}|$)", line.strip()):
                return name
    return None


def png(pdf: Path, page: int, name: str) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(ARTIFACTS / name)], check=True)
    return ARTIFACTS / f"{name}.png"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, demo_results):
    tmp = tmp_path_factory.mktemp("visual")
    run, out = demo_results  # tests/conftest.py: one demo run per session
    english = tmp / "demo.results.en.xlsx"                       # the demo is French
    write_frames(english, run.sheets, "en", run.as_of)
    drafted = run.sheets["Declarations"].dropna(subset=["document"]).drop_duplicates("type")
    letters = [out.parent / doc for doc in drafted["document"]]
    template = tmp / "template.xlsx"
    shutil.copy(REPO / "workbooks" / "template.xlsx", template)
    soffice(tmp / "profile", "pdf", tmp / "pdf", [template, out, english, *letters, *run.printing])
    soffice(tmp / "profile", "xlsx", tmp / "recalculated", [out])
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return tmp, run, drafted


def test_every_page_has_content(rendered):
    tmp, _, drafted = rendered
    pdfs = sorted((tmp / "pdf").glob("*.pdf"))
    assert len(pdfs) == 4 + len(drafted)   # the template, the results in French and English, the reminders batch
    for pdf in pdfs:
        found = pages(pdf)
        assert found and all(page.strip() for page in found), pdf.name


def test_result_sheets_titles_headers_and_pictures(rendered):
    tmp, _, _ = rendered
    for language, name, expected in (
            ("en", "demo.results.en.pdf", ["Credit insurance dashboard", "Aged balance, 15 largest balances",
                                           "Clients per score grade", "Total exposure", "Client code", "Next deadline"]),
            ("fr", "demo.results.pdf", ["Tableau de bord assurance-crédit", "Encours et garantie",
                                        "Encours total", "Code client", "Prochaine échéance", "Alerte",
                                        "Pénalités de retard et indemnités par client", "Dépassement de limite"])):
        found = pages(tmp / "pdf" / name)
        text = "\n".join(found)
        for words in expected:
            assert words in text, (language, words)
        first = {}
        for number, page in enumerate(found, start=1):
            sheet = footer_sheet(page)
            if sheet:
                first.setdefault(sheet, number)
        assert set(first) == set(list(SHEETS)), (language, first)
        assert "###" not in text, language          # no column too narrow for its numbers or dates
        for sheet, number in first.items():
            assert png(tmp / "pdf" / name, number, f"results_{language}_{sheet.replace(' ', '_')}").stat().st_size


def test_template_and_letters_pictures(rendered):
    tmp, _, drafted = rendered
    found = pages(tmp / "pdf" / "template.pdf")
    assert "Complément Excel assurance-crédit" in found[0]
    for number in range(1, len(found) + 1):
        png(tmp / "pdf" / "template.pdf", number, f"template_{number:02d}")
    for kind, document in zip(drafted["type"], drafted["document"]):
        pdf = tmp / "pdf" / f"{Path(document).stem}.pdf"
        text = "\n".join(pages(pdf))
        assert "Allianz Trade" in text and "Fournitures Industrielles du Dauphiné SAS" in text, kind
        assert kind == "proof_of_claim" or "À l’attention d’Allianz Trade" in text, kind
        png(pdf, 1, f"letter_{kind}")


def test_the_reminders_to_print_one_per_page(rendered):
    """The run's reminders in one document: each on its own page, with its own reference in the
    footer and its page number starting at 1."""
    tmp, run, _ = rendered
    [batch] = run.printing
    reminded = run.sheets["Dunning"].dropna(subset=["document"])["reminder_id"]
    found = pages(tmp / "pdf" / f"{batch.stem}.pdf")
    assert len(found) == len(reminded) == 7
    for page, reference in zip(found, reminded):
        assert f"{reference} — page 1" in page and "Madame, Monsieur" in page
    png(tmp / "pdf" / f"{batch.stem}.pdf", 2, "reminders_batch_page_2")


def test_recalculated_results_hold_no_error_cell(rendered):
    tmp, _, _ = rendered
    book = openpyxl.load_workbook(tmp / "recalculated" / "demo.results.xlsx", data_only=True, read_only=True)
    assert book.sheetnames == list(SHEETS)
    for sheet in book:
        for row in sheet.iter_rows(values_only=True):
            bad = [v for v in row if isinstance(v, str) and v.startswith(ERRORS)]
            assert not bad, (sheet.title, bad)
