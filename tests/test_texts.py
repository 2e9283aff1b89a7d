"""French first: every word a user reads is in the catalogue (functions/texts.py) in French and
English, and a French run shows no English word.

The English vocabulary the scan looks for is the catalogue's own English (every sentence, label
and code the product can print) plus the identifiers' words and common English words; a word
the French catalogue also uses (date, total, message ...) or a proper noun of the workbook's data
(client names, addresses) is not English here. A failure names the word, the text and where it
was found: put the text in the catalogue (or its French in the entry) and read it from there.
"""
import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from addin.cli import summary
from addin.run import run
from addin.workbook.book import FileBook
from addin.workbook.contract import INPUT_SHEETS, PARAMETER_SHEETS, header_lookup, normalise_header
from addin.workbook.results import VALUES, header
from functions import texts

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")
FIELD = re.compile(r"{{.*?}}|{%.*?%}|{[a-z_0-9]*(?:[:!][^}]*)?}")
# not words: stable ids (overdue_notice:C013:2026-08-15), identifiers (max_credit_days), file paths
IDS = re.compile(r"\b[a-z_]+:[^\s()]+|\b\w+_\w+\b|\S*[/\\]\S*|\S+\.(?:xlsx|docx|csv|pdf)\b")
COMMON = set("the of to and in is are for on at by with from this that be not no was it as or an any all into "
             "per your our we you will please been has have had than then after before more less out up over".split())
SAME = set("total date type message note score section document documents action principal justification contact "
           "dso dbt minimum simple email e mail code client clients points conan holder herfindahl altman fec siren "
           "siret bce ecb eur hhi ebit ebitda z trade allianz coface atradius banque france dra insurance".split())


def tokens(text: str) -> list[str]:
    """The words of a text, lower case; codes in capitals (BE, EUR, SAS) are not words."""
    return [w.lower() for w in WORD.findall(IDS.sub(" ", FIELD.sub(" ", str(text)))) if len(w) > 1 and not w.isupper()]


def vocabulary(index: int) -> set[str]:
    return {w for pair in texts.TEXTS.values() for w in tokens(pair[index])}


FRENCH = vocabulary(0)
ENGLISH = (vocabulary(1) | COMMON | {w for key in texts.TEXTS for w in key.split(".")[-1].lower().split("_") if len(w) > 1}
           ) - FRENCH - SAME


# --- the catalogue -------------------------------------------------------------------------------

def test_every_entry_has_french_and_english_with_the_same_fields():
    problems = []
    for key, pair in texts.TEXTS.items():
        if len(pair) != 2 or not all(isinstance(w, str) for w in pair):
            problems.append(f"{key}: not a (French, English) pair")
        elif not key.startswith("example.kind.text") and not (pair[0].strip() and pair[1].strip()):
            problems.append(f"{key}: a language is empty")
        elif sorted(FIELD.findall(pair[0])) != sorted(FIELD.findall(pair[1])) and not key.startswith(("letter", "reminder",
                                                                                                       "report", "claim")):
            problems.append(f"{key}: fields differ {FIELD.findall(pair[0])} / {FIELD.findall(pair[1])}")
    assert not problems, "\n".join(problems)


def test_letter_entries_use_the_same_template_tags():
    """The same values and blocks in both languages (a French filter such as `|de` aside)."""
    tags = re.compile(r"{{\s*([\w.]+)|({%.*?%})")
    problems = [key for key, (fr, en) in texts.TEXTS.items() if sorted(tags.findall(fr)) != sorted(tags.findall(en))]
    assert not problems, problems


def test_french_entries_hold_no_english_word():
    found = [f"{key}: '{w}' in {fr!r}" for key, (fr, _) in texts.TEXTS.items() for w in tokens(fr) if w in ENGLISH]
    assert not found, "\n".join(found)


def test_text_formats_fields_and_message_is_worded_when_written():
    assert texts.text("cli.as_of", "fr", date="31/10/2026", currency="EUR") == "Au 31/10/2026  (EUR)"
    said = texts.message("check.unknown_debtor", debtor="C9")
    assert said == "debtor 'C9' is not on the Debtors sheet; row skipped"
    assert texts.translated(said, "fr") == "le client « C9 » n'est pas dans la feuille Debtors ; ligne ignorée"
    with pytest.raises(KeyError, match="no text 'nowhere.key'"):
        texts.text("nowhere.key", "fr")


def test_every_input_header_reads_back_in_either_language_and_as_identifier():
    from addin.build.sheets import column_title
    for sheet, columns in {**INPUT_SHEETS, **PARAMETER_SHEETS}.items():
        lookup = header_lookup(columns)
        for col in columns:
            for shown in (col.name, column_title(sheet, col, "fr"), column_title(sheet, col, "en")):
                assert lookup[normalise_header(shown)] == col.name, (sheet, col.name, shown)


def test_every_input_column_has_its_help():
    missing = [f"help.{sheet}.{col.name}" for sheet, columns in {**INPUT_SHEETS, **PARAMETER_SHEETS}.items()
               for col in columns if not texts.has(f"help.{sheet}.{col.name}")]
    assert not missing, f"input columns without help (functions/texts.py, section help): {missing}"


# --- a French run of the demo: sheets, letters, console ------------------------------------------

@pytest.fixture(scope="module")
def french_run(demo_session):
    return demo_session  # tests/conftest.py: the (French) demo's run and what it printed, once per session


def proper_nouns(done) -> set[str]:
    """Words of the workbook's own names and addresses (client names such as 'Midwest Industrial
    Supply Inc.'): the user's data, printed as typed."""
    debtors = done.inputs.table("Debtors")
    policy = done.inputs.policy
    typed = [*debtors["name"].dropna(), *debtors["address"].dropna(), *debtors["group"].dropna(),
             policy.insured_name, policy.insured_address, policy.insurer_address, policy.contact_email]
    return {w for text in typed for w in tokens(text)}


def english_in(texts_found: list[tuple[str, str]], allowed: set[str]) -> list[str]:
    return [f"{where}: '{w}' in {text[:150]!r}" for where, text in texts_found for w in dict.fromkeys(tokens(text))
            if w in ENGLISH and w not in allowed]


def test_a_french_run_shows_no_english_word(french_run):
    done, out, console = french_run
    found = [("console", line) for line in console.splitlines()]
    book = openpyxl.load_workbook(out, read_only=True)
    for sheet in book:
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            found += [(f"{sheet.title}!row {r}", v) for v in row if isinstance(v, str)]
    letters = sorted(out.with_name("demo.results.documents").glob("*.docx"))
    assert len(letters) > 10
    for letter in letters:
        doc = Document(str(letter))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        footers = [p.text for s in doc.sections for p in s.footer.paragraphs]
        found += [(letter.name, t) for t in [*(p.text for p in doc.paragraphs), *cells, *footers]]
    sheet_names = {w for name in INPUT_SHEETS for w in tokens(name)}  # never translated (README)
    problems = english_in(found, proper_nouns(done) | sheet_names)
    assert not problems, "English words in a French run:\n" + "\n".join(problems[:40])


def test_every_column_and_coded_cell_of_the_run_is_worded(french_run):
    done = french_run[0]
    unlabelled, unworded = set(), set()
    for name, frame in done.sheets.items():
        if name == "Dashboard":
            continue
        unlabelled |= {c for c in frame.columns if header(c, "fr") == c}
        for column in set(frame.columns) & set(VALUES):
            codes = {v for v in frame[column].dropna().unique() if isinstance(v, str) and not v.isupper()
                     and re.search(r"[a-z]", v)}
            unworded |= {(column, v) for v in codes if not texts.has(f"{VALUES[column]}.{v}")
                         and not (column in ("item", "risk_class", "rule") and not re.fullmatch(r"[a-z_ ]+", v))}
    assert not unlabelled, f"columns without a label in functions/texts.py (section column): {sorted(unlabelled)}"
    assert not unworded, f"codes without words in functions/texts.py: {sorted(unworded)}"


def test_issues_of_a_messy_french_workbook_are_in_french(tmp_path):
    """Every kind of bad row, read with Policy language = fr: the Issues messages are French."""
    import xlsxwriter
    path = tmp_path / "messy.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheets = {
        "Policy": [["Parameter", "Value"], ["language", "fr"], ["as_of", "30/06/2025"], ["colour", "blue"],
                   ["max_credit_days", "many"], ["interest_rule", "contract"], ["turnover_period", "week"]],
        "Debtors": [["Code client", "Nom", "Pays", "SIREN / SIRET / TVA", "Note assureur", "Échelle"],
                    ["D", "Dupont", "FR", "732829321", "11", "allianz"], ["D", "Twice", "FR", None, None, None],
                    ["E", "Eiffel", "FR", "FR40303265046", "B7", "coface"]],
        "Invoices": [["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC", "Montant HT", "Devise"],
                     ["A", "D", "01/02/2025", "01/03/2025", "1 000,00", None, "USD"], ["A", "D", "01/02/2025", "01/03/2025", 5, 4, None],
                     ["B", "Z", "01/02/2025", "01/03/2025", 5, 4, None], ["C", "D", "01/04/2025", "01/03/2025", 5, 4, None],
                     ["F", "D", "bad date", "01/03/2025", "abc", 4, None], ["G", "E", "01/02/2025", "01/03/2025", 0, 0, None],
                     ["H", "E", "01/02/2025", None, 10, 8, None]],
        "Payments": [["N° règlement", "Client", "Date", "Montant", "N° facture"], ["P1", "D", "05/03/2025", -5, None],
                     ["P2", "E", "05/03/2025", 5, "NOPE"]],
        "Limits": [["Code client", "Date de décision", "Montant de la limite", "Décision"], ["D", "01/01/2025", None, "accordée"],
                   ["D", "01/01/2025", 1000, "peut-être"]],
        "Rates": [["Date", "Taux BCE", "Taux légal"], ["01/01/2026", None, None]],
        "FX": [["Devise", "Date", "Cours"], ["GBP", "01/01/2025", -1]],
        "Orders": [["N° commande", "Montant"], ["O1", 100]],
    }
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    done = run(FileBook(path, tmp_path / "messy.results.xlsx", quiet=True))
    issues = done.sheets["Issues"]
    assert len(issues) >= 15
    typed = {"contract", "week", "blue", "colour", "many", "nope", "bad", "abc", *(w.lower() for w in INPUT_SHEETS)}
    problems = english_in([(f"Issues row {i}", m) for i, m in enumerate(issues["message"])], typed)
    assert not problems, "English Issues messages:\n" + "\n".join(problems)


def test_the_english_demo_runs_in_english(demo_en_results):
    done, out = demo_en_results  # tests/conftest.py: the English demo's run, once per session
    book = openpyxl.load_workbook(out, read_only=True)
    first = [c.value for c in next(book["Exposure"].iter_rows(max_row=1))]
    assert first[:3] == ["Client code", "Exposure", "Open orders"]
    assert done.sheets["Breaches"]["message"].str.contains("Exposure").any()
    assert "Au " not in summary(done, None)


def test_a_french_letter_is_ready_to_post(french_run):
    """Sender block, the insurer's address, elision, no-break spaces before ':' and '€', the short
    reference beside the stable id, the signatory: the demo's overdue notice to C013 (its invoice extended to 30/09/2026)."""
    out = french_run[1]
    [letter] = out.with_name("demo.results.documents").glob("overdue_notice_C013_*.docx")
    doc = Document(str(letter))
    lines = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    body = "\n".join(lines + cells)
    for expected in ("Fournitures Industrielles du Dauphiné SAS", "14 avenue de l'Isle", "38000 Grenoble",
                     "SIREN\u00a0: 521 347 983", "Contact\u00a0: Claire Martin", "Téléphone\u00a0: +33 4 76 00 12 34",
                     "E-mail\u00a0: credit@fid-dauphine.fr", "À l’attention d’Allianz Trade", "1 place des Saisons",
                     "92048 Paris La Défense Cedex", "MS-C013-20260930 (overdue_notice:C013:2026-09-30)",
                     "AT-FR-2025-0048213", "Claire Martin\nResponsable crédit clients", "4\u00a0800,00\u00a0€",
                     "Total dû\u00a0: 4\u00a0800,00\u00a0€"):
        assert expected in body, expected
    assert "Lettre incomplète" not in body
    assert "MS-C013-20260930" in doc.sections[0].footer.paragraphs[0].text


def test_readme_lists_every_identifier_with_its_headers():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_0-9]+)` \| (.*?) \| (.*?) \|$", readme, re.MULTILINE))
    expected = {(k.split(".", 1)[1], fr, en) for k, (fr, en) in texts.TEXTS.items() if k.startswith("column.")
                and k.count(".") == 1}
    assert listed == expected, f"README table differs: missing {sorted(expected - listed)[:5]}, extra {sorted(listed - expected)[:5]}"
