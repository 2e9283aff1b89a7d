"""French first: every word a user reads is in the catalogue (functions/texts.py) in French and
English, and a French run shows no English word.

The English vocabulary the scan looks for is the catalogue's own English (every sentence, label
and code the product can print) plus the identifiers' words and common English words; a word
the French catalogue also uses (date, total, message ...) or a proper noun of the workbook's data
(client names, addresses) is not English here. A failure names the word, the text and where it
was found: put the text in the catalogue (or its French in the entry) and read it from there.
"""
import ast
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
# not words: stable ids (overdue_notice:C013:2026-08-15), identifiers (max_credit_days), file paths,
# command-line options (--force)
# command lines (credit-addin mark-sent, --event accepted), and what is quoted as typed or shown
# elsewhere (« Download All », the client « C9 »)
IDS = re.compile(r"\b[a-z_]+:[^\s()]+|\b\w+_\w+\b|\S*[/\\]\S*|\S+\.(?:xlsx|docx|csv|pdf)\b|--event [a-z]+|--[a-z][a-z-]*"
                 r"|credit-addin [a-z][a-z-]*|«[^»]*»")
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


# Words an English text may hold that are French as well: the French terms English letters keep
# (mise en demeure, quotité), words spelt alike, and the names of products and formats. Listed, not
# derived from the French catalogue: an English word in a French entry must fail the scan.
BOTH = set("de en des du la le les non taux limite indemnité plus part demeure quotité mise frais an légal groupe "
           "article intérêt nos maximale liquidation arrêté journal officiel écritures comptables étude rue "
           "maximum format balance zone attention concentration public place charges description information "
           "table tables phase possible surveillance dates unique publication industrie distribution export import "
           "mapping obligation codes signature page civil danger simulation urgent notes commercial services transport "
           "maintenance aluminium textiles six min comment documentation menu report strict manager plan excel addin "
           "credit xlsx xlwings lite python windows pip md txt xls opendocument ods xlsb zip fr ids labels scripts mm "
           "install validate court horizon gain gini argument arguments option options module commerce xlam mac fichier dupont lyon berthier".split())  # the last three: the template's example client
SHEETS = {w for name in INPUT_SHEETS for w in tokens(name)} | {w for name in ("Policy", "Idle limits", "Limit requests", "Groups",
          "Insolvency", "Deadlines", "Indemnities", "Declarations", "Dunning", "Issues", "Scores") for w in tokens(name)}
FRENCH = vocabulary(0)
ENGLISH = (vocabulary(1) | COMMON | {w for key in texts.TEXTS for w in key.split(".")[-1].lower().split("_") if len(w) > 1}
           ) - BOTH - SAME - SHEETS


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
    # identifiers a user types: the required columns, a worksheet function's argument
    identifiers = {"file.no_invoices": {"amount"}, "udf.rule": {"rule"}}
    found = [f"{key}: '{w}' in {fr!r}" for key, (fr, _) in texts.TEXTS.items() for w in tokens(fr)
             if w in ENGLISH and w not in identifiers.get(key, ())]
    assert not found, "\n".join(found)


def test_text_formats_fields_and_message_is_worded_when_written():
    assert texts.text("cli.as_of", "fr", date="31/10/2026", currency="EUR") == "Au 31/10/2026  (EUR)"
    said = texts.message("check.unknown_debtor", debtor="C9")
    assert said == "debtor 'C9' is not on the Debtors sheet; row skipped"
    assert texts.translated(said, "fr") == "le client « C9 » n'est pas dans la feuille Debtors ; ligne ignorée"
    with pytest.raises(KeyError, match="no text 'nowhere.key'"):
        texts.text("nowhere.key", "fr")


# --- no words outside the catalogue --------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
FRENCH_ONLY = FRENCH - vocabulary(1) - SAME
# French the product reads but never shows: header and choice aliases, the Register's type words,
# the demo's data (company names, addresses)
READ_NOT_SHOWN = {"addin/workbook/contract.py", "functions/declaration_kinds.py", "addin/build/demo.py"}


def sources():
    for folder in ("addin", "functions"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name != "functions/texts.py":
                yield name, ast.parse(path.read_text(encoding="utf-8"))


def literal_text(node) -> str | None:
    """A string literal's words, an f-string's fields left blank."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
    return None


def shown_literals(tree):
    """(line, text) of every string literal but docstrings (an f-string once, not its parts)."""
    skipped = {id(node.body[0].value) for node in ast.walk(tree)
               if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
               and node.body and isinstance(node.body[0], ast.Expr)}
    skipped |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    for node in ast.walk(tree):
        words = None if id(node) in skipped else literal_text(node)
        if words is not None:
            yield node.lineno, words


def test_no_english_and_french_pair_outside_the_catalogue():
    """A message written in the code in both languages (`say("the file is open", "le fichier est
    ouvert")`, a {"fr": ..., "en": ...} dict, a French sentence beside its English) is not in the
    catalogue: put it in functions/texts.py and read it by key."""
    found = []
    for name, tree in sources():
        for node in ast.walk(tree):
            called = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(called, "id", getattr(called, "attr", None)) == "say":
                first = [literal_text(a) for a in node.args[:2]]
                if None not in first and len(first) == 2 and not texts.has(first[0]):
                    found.append(f"{name}:{node.lineno}: say() given its own words {first[0][:60]!r}")
        if name in READ_NOT_SHOWN:
            continue
        for line, literal in shown_literals(tree):
            french = [w for w in tokens(literal) if w in FRENCH_ONLY]
            if len(french) >= 2 and len(french) > sum(w in ENGLISH for w in tokens(literal)):
                found.append(f"{name}:{line}: French outside the catalogue {literal[:60]!r}")
    assert not found, "\n".join(found)


def test_issues_take_their_words_from_the_catalogue():
    """An Issue's message is a catalogue Message (worded in the workbook's language when shown),
    never text written in the code, which would show in one language only."""
    found = []
    for name, tree in sources():
        for node in ast.walk(tree):
            called = getattr(node, "func", None)
            if isinstance(node, ast.Call) and getattr(called, "id", None) == "Issue" and len(node.args) == 5:
                if literal_text(node.args[4]) is not None:
                    found.append(f"{name}:{node.lineno}: Issue worded in the code {literal_text(node.args[4])[:60]!r}")
    assert not found, "\n".join(found)


def test_refusals_take_their_words_from_the_catalogue():
    """addin.workbook.messages.say reads a key (in the system's language when none is known); it no
    longer takes an English and a French text."""
    from addin.workbook.messages import say
    assert say("file.not_found", "fr", path="ar.xlsx") == "ar.xlsx : fichier introuvable"
    assert say("file.not_found", "en", path="ar.xlsx") == "ar.xlsx: no such file"
    with pytest.raises(KeyError, match="no text"):
        say("the file is open", "le fichier est ouvert")


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
        "Extensions": [["N° facture", "Nouvelle échéance", "Montant"], ["NOPE", "01/05/2025", None],
                       ["C", "01/04/2025", 3], ["C", "01/05/2025", 4]],   # 7 planned of an invoice of 5
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


# --- the command line without a workbook: its help and the file commands, in the system's language --

def console(args: list[str], language: str, home: Path, monkeypatch, capsys) -> str:
    """What `credit-addin ARGS` prints with LANG=`language` (a wide terminal: help lines unwrapped)."""
    from addin.cli import main
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", language)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("HOME", str(home))  # install writes its settings file under the home folder
    try:
        assert main(args) == 0
    except SystemExit as done:  # --help
        assert done.code == 0
    return capsys.readouterr().out


def command_line_session(tmp_path, language, monkeypatch, capsys) -> tuple[str, dict[str, Path]]:
    tmp_path = tmp_path / language
    tmp_path.mkdir()
    paths = {"synth": tmp_path / "synth.xlsx", "folder": tmp_path / "XLSTART"}
    from addin.cli import COMMANDS
    runs = [["--help"], *([name, "--help"] for name in COMMANDS),
            ["synth", "--invoices", "1200", "--debtors", "5", str(paths["synth"])],
            ["install", "--dest", str(paths["folder"])], ["uninstall", "--dest", str(paths["folder"])]]
    return "".join(console(args, language, tmp_path, monkeypatch, capsys) for args in runs), paths


def test_the_command_line_speaks_the_system_language(tmp_path, monkeypatch, capsys):
    """With LANG=fr_FR.UTF-8 the help of every command (argparse's own words too) and what synth,
    install and uninstall print are French, with no English word but what is typed (the commands'
    names, the claim events' codes); with LANG=C, English."""
    from addin.cli import COMMANDS, main
    from functions.claims import EVENTS
    printed, paths = command_line_session(tmp_path, "fr_FR.UTF-8", monkeypatch, capsys)
    lines = printed.splitlines()
    for expected in ("utilisation : credit-addin [-h]", "Assurance-crédit : encours, garantie, échéances de l'assureur et "
                     "déclarations à partir d'un classeur de créances clients.", "options:", "arguments:",
                     "  -h, --help            affiche cette aide et s'arrête",
                     "    synth               écrit un grand classeur synthétique pour les mesures de performance",
                     "    uninstall           retire ce que credit-addin install a ajouté",
                     "utilisation : credit-addin mark-reminded [-h] --in-place [--date DATE] [--as-of AS_OF] classeur client niveau",
                     "  --as-of AS_OF         date d'analyse AAAA-MM-JJ (par défaut : as_of de la feuille Policy, sinon aujourd'hui)",
                     f"1\u202f200 factures pour 5 clients écrites dans {paths['synth']}",
                     f"Complément installé : {paths['folder'] / 'credit.xlam'}", "Redémarrez Excel pour charger le complément.",
                     f"supprimé : {paths['folder'] / 'credit.xlam'}", "2 élément(s) supprimé(s)"):
        assert expected in lines, expected
    with pytest.raises(SystemExit):
        main(["run", "--headers", "x"])  # argparse's own error details too
    error = capsys.readouterr().err.splitlines()
    assert error[-1] == "credit-addin run : erreur : argument --headers : choix invalide : 'x' (possibles : 'labels', 'ids')"
    typed = {w for name in [*COMMANDS, *EVENTS] for w in tokens(name)}
    problems = english_in([("console", line) for line in lines + error], typed)
    assert not problems, "English words in French command-line output:\n" + "\n".join(problems)

    printed, paths = command_line_session(tmp_path, "C", monkeypatch, capsys)
    lines = printed.splitlines()
    for expected in ("usage: credit-addin [-h]", "positional arguments:", "  -h, --help            show this help message and exit",
                     "    synth               write a large synthetic workbook for benchmarks",
                     "  --as-of AS_OF         analysis date YYYY-MM-DD (default: Policy as_of, else today)",
                     f"Wrote 1,200 invoices for 5 debtors to {paths['synth']}", f"Installed {paths['folder'] / 'credit.xlam'}",
                     "Restart Excel to load the add-in.", "2 item(s) removed"):
        assert expected in lines, expected
    with pytest.raises(SystemExit):
        main(["run"])
    assert capsys.readouterr().err.splitlines()[-1] == "credit-addin run: error: the following arguments are required: workbook"


def test_amounts_in_messages_are_written_as_each_language_writes_them():
    """An amount in an Issue (a negative invoice, a payment plan that does not add up, a missing
    FX rate) reads 1 234,50 in French, not the English 1,234.50."""
    from functions.texts import Amount, message
    said = message("check.negative_invoice", amount=Amount(-1234.5))
    assert "-1,234.50" in said and "-1 234,50" in said.in_language("fr") and "1,234" not in said.in_language("fr")
