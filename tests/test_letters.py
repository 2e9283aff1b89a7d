"""Letters to the insurer: formatting, escaping, file names, templates, bulk files, PDF rendering."""
from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document
from hypothesis import given, settings, strategies as st
from jinja2.exceptions import SecurityError

from addin.letters import KINDS, LANGUAGES, bulk_file, bulk_rows, document_name, draft
from addin.letters.render import RESERVED_NAMES, date_text, environment, money_text, percent_text
from addin.letters.templates import TITLES, build, docx_bytes, template_path

REPO = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def sample_context() -> dict:
    """letter_data (functions.declarations) of one buyer: two overdue invoices, one not yet due,
    a credit note, a payment, an action, penalties; plus turnover rows for the turnover letter."""
    d = date
    return {
        "declaration": {"id": "overdue_notice:D001:2025-01-31", "reference": "MS-D001-20250131", "type": "overdue_notice",
                        "period": "2025-Q1",
                        "amount": 17000.0, "due_by": d(2025, 5, 1), "status": "draft",
                        "first_due_date": d(2025, 1, 31)},
        "as_of": d(2025, 4, 15), "language": "fr", "currency": "EUR",
        "insured": {"name": "Dupont Équipements SAS", "policy_number": "POL-778899", "insurer": "Allianz Trade",
                    "address": ["12 rue des Forges", "69007 Lyon"], "siren": "552 100 554", "contact": "Anne Roux",
                    "phone": "04 72 00 00 00", "email": "credit@dupont.fr", "signatory": "Anne Roux",
                    "signatory_title": "Credit manager"},
        "insurer": {"name": "Allianz Trade", "address": ["1 place des Saisons", "92048 Paris La Défense Cedex"]},
        "missing": [],
        "debtor": {"id": "D001", "name": "Société Générale d'Outillage", "address": "4 av. Foch\n75008 Paris",
                   "country": "FR", "registration_id": "732 829 320", "registration_kind": "SIREN",
                   "registration_valid": True, "insurer_ref": "AT-55512", "group": None, "sector": None,
                   "security": "Réserve de propriété", "insolvency_date": d(2025, 3, 3)},
        "invoices": [
            {"invoice_id": "F2025-0001", "invoice_date": d(2024, 12, 2), "due_date": d(2025, 1, 31),
             "delivery_date": d(2024, 12, 2), "amount": 12500.0, "open": 12500.0, "days_past_due": 74,
             "overdue": True, "disputed": False, "status": "to_notify"},
            {"invoice_id": "F2025-0002", "invoice_date": d(2025, 1, 10), "due_date": d(2025, 3, 11),
             "delivery_date": d(2025, 1, 10), "amount": 6000.0, "open": 4500.0, "days_past_due": 35,
             "overdue": True, "disputed": True, "status": "overdue"},
            {"invoice_id": "F2025-0003", "invoice_date": d(2025, 3, 20), "due_date": d(2025, 5, 19),
             "delivery_date": d(2025, 3, 20), "amount": 1250.0, "open": 1250.0, "days_past_due": 0,
             "overdue": False, "disputed": False, "status": "not_due"},
        ],
        "credit_notes": [{"credit_note_id": "AV-0007", "date": d(2025, 2, 1), "amount": 1500.0,
                          "credited_invoice_id": "F2025-0002"}],
        "payments": [{"payment_id": "VIR-20250220", "date": d(2025, 2, 20), "amount": 500.0, "invoice_id": None}],
        "disputes": [{"invoice_id": "F2025-0002", "due_date": d(2025, 3, 11), "amount": 6000.0, "open": 4500.0}],
        "actions": [{"date": d(2025, 3, 1), "invoice_id": "F2025-0001", "action": "Mise en demeure", "note": "LRAR"}],
        "cover": {"limit": 50000.0, "limit_type": "named", "covered": 18250.0},
        # 12 500 + 4 500 + 1 250 = 18 250 open, of which 12 500 + 4 500 = 17 000 overdue, 4 500 disputed
        "totals": {"open": 18250.0, "overdue": 17000.0, "not_due": 1250.0, "disputed": 4500.0,
                   "unapplied_credit": 0.0, "exposure": 18250.0},
        "dunning_history": [
            {"invoice_id": "F2025-0001", "due_date": d(2025, 1, 31), "open": 12500.0, "reminders": 1,
             "first_reminder": d(2025, 3, 1), "last_reminder": d(2025, 3, 1)},
            {"invoice_id": "F2025-0002", "due_date": d(2025, 3, 11), "open": 4500.0, "reminders": 0,
             "first_reminder": None, "last_reminder": None}],
        "penalties": [{"invoice_id": "F2025-0001", "days_late": 74, "rate": 13.15, "interest": 333.26,
                       "indemnity": 40.0, "semesters": 1},
                      {"invoice_id": "F2025-0002", "days_late": 35, "rate": 13.15, "interest": 56.74,
                       "indemnity": 40.0, "semesters": 1}],
        # claim = 17 000 principal + 390.00 interest + 80 indemnities = 17 470.00
        "penalty_totals": {"principal": 17000.0, "interest": 390.0, "indemnity": 80.0, "claim_total": 17470.0},
        "attachments": [{"kind": "invoice", "reference": "F2025-0001", "date": d(2024, 12, 2),
                         "description": "Copie de la facture F2025-0001"},
                        {"kind": "order", "reference": None, "date": None,
                         "description": "Bons de commande ou contrat signé"}],
        "securities": ["Réserve de propriété"],
        "turnover": [
            {"country": "FR", "insured": True, "turnover_excl_vat": 1250000.0, "turnover_incl_vat": 1500000.0,
             "premium": 3125.0},
            {"country": "DE", "insured": False, "turnover_excl_vat": 80000.0, "turnover_incl_vat": 80000.0,
             "premium": 0.0}],
        # premium = 1 250 000 x 0.25 % = 3 125
        "turnover_totals": {"insured_turnover": 1250000.0, "excluded_turnover": 80000.0, "premium": 3125.0},
    }


def docx_text(path: Path) -> str:
    """Body paragraphs, table cells and footer text of a .docx, one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    lines += [p.text for p in doc.sections[0].footer.paragraphs]
    return "\n".join(lines)


def render_text(tmp_path: Path, context: dict, kind: str = "overdue_notice", language: str = "en") -> str:
    return docx_text(draft(kind, context, language, tmp_path))


# --- formatting ----------------------------------------------------------------------------

def test_money_in_french_and_english():
    assert money_text(12500, "EUR", "fr") == f"12{NBSP}500,00{NBSP}€"
    assert money_text(12500, "EUR", "en") == "EUR 12,500.00"
    assert money_text(-1234567.891, "USD", "fr") == f"-1{NBSP}234{NBSP}567,89{NBSP}$"
    assert money_text(0.125, "CHF", "en") == "CHF 0.13"  # half up, not banker's rounding
    assert money_text(-0.001, "EUR", "en") == "EUR 0.00"  # rounds to zero: no "-0.00"
    assert money_text(None, "EUR", "fr") == money_text(float("nan"), "EUR", "en") == ""


def test_dates_and_rates():
    assert date_text(date(2025, 1, 31), "fr") == "31/01/2025"
    assert date_text(pd.Timestamp("2025-01-31"), "en") == "31 Jan 2025"
    assert date_text(datetime(2025, 12, 5, 13, 0), "en") == "5 Dec 2025"
    assert date_text(pd.NaT, "fr") == date_text(None, "en") == ""
    assert percent_text(12.15, "fr") == f"12,15{NBSP}%"  # the Penalties sheet gives rates in percent
    assert percent_text(13.15, "en") == "13.15%"


# --- templates -----------------------------------------------------------------------------

def _xml_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_templates_are_up_to_date(kind, language):
    """Regenerate with: python -c "from addin.letters.templates import write_templates; write_templates()"."""
    committed = _xml_parts(template_path(kind, language).read_bytes())
    generated = _xml_parts(docx_bytes(build(kind, language)))
    assert committed.keys() == generated.keys()
    assert committed["word/document.xml"] == generated["word/document.xml"]
    assert committed == generated


def test_generator_is_deterministic():
    assert docx_bytes(build("collection_request", "fr")) == docx_bytes(build("collection_request", "fr"))


# --- rendering -----------------------------------------------------------------------------

EXPECTED_TOTALS = {  # open, overdue, disputed (see sample_context)
    "fr": [f"18{NBSP}250,00{NBSP}€", f"17{NBSP}000,00{NBSP}€", f"4{NBSP}500,00{NBSP}€"],
    "en": ["EUR 18,250.00", "EUR 17,000.00", "EUR 4,500.00"],
}
TURNOVER_TOTALS = {"fr": [f"1{NBSP}250{NBSP}000,00{NBSP}€", f"80{NBSP}000,00{NBSP}€", f"3{NBSP}125,00{NBSP}€"],
                   "en": ["EUR 1,250,000.00", "EUR 80,000.00", "EUR 3,125.00"]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_letter_carries_identities_invoices_and_totals(tmp_path, kind, language):
    text = render_text(tmp_path, sample_context(), kind, language)
    assert TITLES[kind][language] in text
    for expected in ("POL-778899", "Dupont Équipements SAS", "Allianz Trade", "overdue_notice:D001:2025-01-31"):
        assert expected in text
    assert "{{" not in text and "{%" not in text
    if kind == "turnover":
        assert "2025-Q1" in text and "FR" in text and "DE" in text
        assert all(total in text for total in TURNOVER_TOTALS[language])
        return
    if kind == "proof_of_claim":  # lists claim lines instead (tests/test_insolvency.py)
        return
    for expected in ("Société Générale d'Outillage", "732 829 320 (SIREN)", "AT-55512", "F2025-0001", "F2025-0002",
                     "F2025-0003", *EXPECTED_TOTALS[language]):
        assert expected in text
    assert ("31/01/2025" if language == "fr" else "31 Jan 2025") in text
    assert ("agrément nommé" if language == "fr" else "named limit") in text
    if kind == "collection_request":
        assert (f"17{NBSP}470,00{NBSP}€" if language == "fr" else "EUR 17,470.00") in text
        assert (f"13,15{NBSP}%" if language == "fr" else "13.15%") in text
        assert "Réserve de propriété" in text and "Copie de la facture F2025-0001" in text
    if kind == "insolvency_notice":
        assert ("03/03/2025" if language == "fr" else "3 Mar 2025") in text


def test_optional_sections_disappear_when_empty(tmp_path):
    context = sample_context()
    context.update(credit_notes=[], payments=[], disputes=[], actions=[], cover=None)
    text = render_text(tmp_path, context)
    for section in ("Credit notes", "Payments received", "Disputed invoices", "Actions taken", "Unapplied credit"):
        assert section not in text
    assert "Credit limit held\nnone\n" in text
    assert "F2025-0003" in text


def test_missing_interest_rate_is_said_not_zeroed(tmp_path):
    context = sample_context()
    context["penalties"][1]["interest"] = None
    context["penalty_totals"].update(interest=None, claim_total=None)
    text = render_text(tmp_path, context, "collection_request", "en")
    assert "rate missing" in text and "to be completed (interest rate missing)" in text
    assert "EUR 0.00" not in text


HOSTILE_NAMES = ["{{ 7*7 }}", "{% for x in range(3) %}X{% endfor %}", "{_{ 7*7 }_}", "{#x#}",
                 "Smith & Sons <b>Ltd</b>", '=HYPERLINK("http://evil","x")', "a_b {% raw %}",
                 "{{ ''.__class__.__mro__ }}", "]]></w:t><w:t>"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_debtor_name_with_template_or_markup_syntax_is_printed_literally(tmp_path, name):
    context = sample_context()
    context["debtor"]["name"] = name
    context["actions"][0]["note"] = name
    doc = Document(str(draft("collection_request", context, "en", tmp_path)))
    identity = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert identity["Buyer"] == name
    notes = [row.cells[3].text for table in doc.tables for row in table.rows if row.cells[0].text == "1 Mar 2025"]
    assert notes == [name]
    assert "49" not in docx_text(tmp_path / document_name(context)).replace("AT-55512", "")


@settings(max_examples=15, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_printable_debtor_name_round_trips(tmp_path_factory, name):
    context = sample_context()
    context["debtor"]["name"] = name
    doc = Document(str(draft("overdue_notice", context, "fr", tmp_path_factory.mktemp("n"))))
    identity = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert identity["Débiteur"] == name


def test_control_characters_are_dropped_and_newlines_kept(tmp_path):
    context = sample_context()
    context["debtor"]["name"] = "ACME\x07\x0c\x00 SA"
    context["debtor"]["address"] = "1 rue A\r\n75001 Paris"
    doc = Document(str(draft("overdue_notice", context, "en", tmp_path)))
    identity = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert identity["Buyer"] == "ACME SA"
    assert identity["Address"] == "1 rue A\n75001 Paris"


def test_templates_run_sandboxed():
    with pytest.raises(SecurityError):
        environment("en").from_string("{{ x.__class__.__init__.__globals__ }}").render(x=1)


def test_unknown_kind_or_language_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown letter kind"):
        draft("claim", sample_context(), "fr", tmp_path)
    with pytest.raises(ValueError, match="language"):
        draft("turnover", sample_context(), "de", tmp_path)


# --- file names ----------------------------------------------------------------------------

def _named(declaration_id, debtor_name) -> str:
    return document_name({"declaration": {"id": declaration_id}, "debtor": {"name": debtor_name}})


def test_file_name_from_declaration_and_debtor():
    assert _named("overdue_notice:D001:2025-01-31", "Société Générale d'Outillage") == \
        "overdue_notice_D001_2025-01-31_Société_Générale_d_Outillage.docx"
    assert _named("turnover:2025-Q1", None) == "turnover_2025-Q1.docx"
    assert _named(None, None) == "declaration.docx"


@pytest.mark.parametrize("debtor, expected", [
    ("../../etc/passwd", "etc_passwd"), ("..\\..\\Windows\\System32", "Windows_System32"),
    ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"), ("  ...  ", ""), ("x\x00y\ny", "x_y_y"),
])
def test_file_name_strips_separators_and_forbidden_characters(debtor, expected):
    assert _named("", debtor) == (expected or "declaration") + ".docx"


@pytest.mark.parametrize("reserved", ["CON", "prn", "Aux", "NUL", "COM1", "lpt9"])
def test_reserved_windows_names_are_prefixed(reserved):
    assert _named(None, reserved) == f"_{reserved}.docx"
    assert _named(None, reserved + ".txt") == f"{reserved}_txt.docx"  # the dot goes, so nothing is reserved


def test_long_names_are_capped_in_bytes():
    name = _named("ON-D001", "É" * 300)
    assert len(name.encode("utf-8")) <= 120 + len(".docx")
    assert name.startswith("ON-D001_ÉÉÉ")


@settings(max_examples=200, deadline=None)  # a pure function: timing is not its subject (shared machine)
@given(st.one_of(st.none(), st.text(max_size=80)), st.one_of(st.none(), st.text(max_size=200)))
def test_any_file_name_is_safe_and_deterministic(declaration_id, debtor):
    name = _named(declaration_id, debtor)
    stem = name[:-len(".docx")]
    assert name.endswith(".docx") and stem
    assert not set('/\\:*?"<>|\x00') & set(name)
    assert not stem.startswith((".", " ")) and Path(name).name == name
    assert stem.split(".")[0].upper() not in RESERVED_NAMES
    assert len(stem.encode("utf-8")) <= 120
    assert name == _named(declaration_id, debtor)


# --- bulk upload files ---------------------------------------------------------------------

def _invoice_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "policy_number": ["POL-778899", "POL-778899"], "insurer_debtor_ref": ["AT-55512", None],
        "debtor_name": ['=HYPERLINK("http://evil","x")', "Société & Fils; \"Lyon\""],
        "registration_id": ["732 829 320", "FR40303265045"], "invoice_id": ["F2025-0001", "0042"],
        "invoice_date": pd.to_datetime(["2024-12-02", "2025-01-10"]),
        "due_date": pd.to_datetime(["2025-01-31", None]),
        "open_amount": [12500.5, 4500.0], "currency": ["EUR", "EUR"], "note": ["dropped", "dropped"],
    })


def test_bulk_file_csv_is_shaped_for_french_excel(tmp_path):
    csv_path, _ = bulk_file("overdue_notice", _invoice_rows(), tmp_path / "overdue_notice")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ("policy_number;insurer_debtor_ref;debtor_name;registration_id;invoice_id;invoice_date;"
                        "due_date;open_amount;currency")
    assert lines[1] == ('POL-778899;AT-55512;"\'=HYPERLINK(""http://evil"",""x"")";732 829 320;F2025-0001;'
                        "02/12/2024;31/01/2025;12500,50;EUR")
    assert lines[2] == 'POL-778899;;"Société & Fils; ""Lyon""";FR40303265045;0042;10/01/2025;;4500,00;EUR'


def test_bulk_file_xlsx_keeps_text_as_text_and_types(tmp_path):
    _, xlsx_path = bulk_file("collection_request", _invoice_rows(), tmp_path / "collection_request")
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet.title == "collection_request"
    assert [c.value for c in sheet[1]][:3] == ["policy_number", "insurer_debtor_ref", "debtor_name"]
    name = sheet["C2"]
    assert name.value == '=HYPERLINK("http://evil","x")' and name.data_type == "s"
    assert sheet["E3"].value == "0042"  # an invoice number stays text, leading zeros kept
    assert sheet["F2"].value == datetime(2024, 12, 2) and sheet["G3"].value is None
    assert sheet["H2"].value == 12500.5 and sheet["B3"].value is None


def test_bulk_file_turnover_and_missing_columns(tmp_path):
    rows = pd.DataFrame({"period": ["2025-Q1", "2025-Q1"], "country": ["FR", "DE"], "insured": [True, False],
                         "turnover_excl_vat": [1250000.0, 80000.0], "premium": [3125.0, 0.0]})
    csv_path, xlsx_path = bulk_file("turnover", rows, tmp_path / "turnover")
    assert csv_path.read_bytes().decode("utf-8-sig").split("\r\n")[1:3] == [
        "2025-Q1;FR;true;1250000,00;3125,00", "2025-Q1;DE;false;80000,00;0,00"]
    assert openpyxl.load_workbook(xlsx_path).active["C2"].value is True
    with pytest.raises(ValueError, match="premium"):
        bulk_file("turnover", rows.drop(columns="premium"), tmp_path / "bad")


# --- PDF through LibreOffice -----------------------------------------------------------------

needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="LibreOffice Writer or poppler-utils not installed (run scripts/install-libreoffice.sh)")


@needs_office
def test_letters_convert_to_pdf_with_titles_and_totals(tmp_path):
    """Every kind in both languages through LibreOffice Writer; first pages kept as PNG in artifacts/letters."""
    docs = tmp_path / "docs"
    for kind in KINDS:
        for language in LANGUAGES:
            context = copy.deepcopy(sample_context())
            context["declaration"]["id"] = f"{kind}-{language}"  # distinct file names in one folder
            draft(kind, context, language, docs)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *sorted(map(str, docs.glob("*.docx")))],
                   check=True, capture_output=True, timeout=180)
    artifacts = REPO / "artifacts" / "letters"
    artifacts.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        for language in LANGUAGES:
            (pdf,) = (tmp_path / "pdf").glob(f"{kind}-{language}_*.pdf")
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.replace(NBSP, " ")
            assert TITLES[kind][language] in text
            assert "POL-778899" in text
            totals = (TURNOVER_TOTALS if kind == "turnover" else EXPECTED_TOTALS)[language]
            totals = () if kind == "proof_of_claim" else totals  # claim lines: tests/test_insolvency.py
            for total in (t.replace(NBSP, " ") for t in totals):
                assert total in text, (kind, language, total)
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(artifacts / f"{kind}_{language}")], check=True)


def test_bulk_rows_from_letter_data():
    notice, request = sample_context(), sample_context()
    notice_rows = bulk_rows("overdue_notice", [notice])
    assert notice_rows["invoice_id"].tolist() == ["F2025-0001", "F2025-0002", "F2025-0003"]  # not yet due too
    assert notice_rows.iloc[0].to_dict() == {
        "policy_number": "POL-778899", "insurer_debtor_ref": "AT-55512", "debtor_name": "Société Générale d'Outillage",
        "registration_id": "732 829 320", "invoice_id": "F2025-0001", "invoice_date": pd.Timestamp("2024-12-02"),
        "due_date": pd.Timestamp("2025-01-31"), "open_amount": 12500.0, "currency": "EUR"}
    assert bulk_rows("collection_request", [request])["invoice_id"].tolist() == ["F2025-0001", "F2025-0002"]
    turnover = bulk_rows("turnover", [notice])
    assert turnover.to_dict("list") == {"period": ["2025-Q1", "2025-Q1"], "country": ["FR", "DE"],
                                        "insured": [True, False], "turnover_excl_vat": [1250000.0, 80000.0],
                                        "premium": [3125.0, 0.0]}
    assert bulk_rows("insolvency_notice", []).columns.tolist()[:2] == ["policy_number", "insurer_debtor_ref"]
