"""The xlwings Lite edition run in CPython: every script (one per ribbon button) and every
worksheet function, with Lite's decorators and Book replaced by fakes that follow xlwings
0.37.8's remote Book (tests/fake_lite.py), give the headless run's results on the demo."""
import datetime as dt
import importlib
import inspect
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwings

import addin.lite.book as lite_book
from addin import run as pipeline
from addin.build.functions_sheet import ARRAYS, SCALARS
from addin.excel import udfs
from addin.excel.ribbon import BUTTONS
from addin.excel.xlbook import to_cells
from addin.lite import entry
from functions.texts import label, text
from addin.lite.book import LiteBook, MAX_CELLS, workbook_cells
from addin.workbook.book import FileBook
from addin.workbook.layout import draw_values, layout
from functions.analysis import SHEETS as RESULTS

import fake_lite
from test_fec import LINES, write_fec

ROOT = Path(__file__).resolve().parents[1]
IDS = {label(c, "column", "en"): c for c in ("declaration_id", "status", "sent_date")}
DEMO = ROOT / "workbooks" / "demo_en.xlsx"          # the English editions: the French ones differ only in words
TEMPLATE = ROOT / "workbooks" / "template_en.xlsx"


def workbook_sheets(path) -> dict:
    """{sheet: (rows, table addresses)} of a workbook, cells as Python values (openpyxl)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: ([list(r) for r in ws.iter_rows(values_only=True)], [t.ref for t in ws.tables.values()])
            for ws in wb.worksheets}


@pytest.fixture(scope="module")
def demo_sheets():
    return workbook_sheets(DEMO)


@pytest.fixture(scope="module")
def headless(demo_en_results):
    run, out = demo_en_results  # tests/conftest.py: the English demo's run, once per session
    return run, out.with_name(f"{out.stem}.documents")


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(lite_book, "DATA", tmp_path / "data")
    return tmp_path / "data"


def run_script(macro: str, sheets: dict, selection=None, name="demo.xlsx"):
    book = fake_lite.Book(name, sheets, selection)
    entry.namespace("en")[macro](book)
    return book


def expected_cells(rows: list[list]) -> dict:
    return {(r + 1, c + 1): fake_lite.prepare(v) for r, row in enumerate(rows) for c, v in enumerate(row)
            if fake_lite.prepare(v) != ""}


def expected_sheet(name: str, frame: pd.DataFrame, language: str) -> dict:
    if name == "Dashboard":
        recorder = fake_lite.Book("x.xlsx", {"Dashboard": ([], [])})
        draw_values(recorder.sheets["Dashboard"], layout(frame, language))
        return recorder.excel()["Dashboard"]
    return expected_cells(to_cells(frame, language))


def relocated(cells: dict, old, new) -> dict:
    return {k: v.replace(str(old), str(new)) if isinstance(v, str) else v for k, v in cells.items()}


# (1) what Lite registers

def recording_decorators(monkeypatch):
    """Lite's `script` and `func` as marks on the function, the way Lite finds them (__xlscript__, __xlfunc__)."""
    def script(f=None, **meta):
        def mark(g):
            g.__xlscript__ = meta
            return g
        return mark(f) if f else mark
    monkeypatch.setattr(xlwings, "script", script)


def test_one_script_per_ribbon_button_named_in_the_workbook_language(monkeypatch):
    recording_decorators(monkeypatch)
    module = importlib.reload(entry)
    try:
        for language in ("fr", "en"):
            names = module.namespace(language)
            scripts = {n: f for n, f in names.items() if hasattr(f, "__xlscript__")}
            assert sorted(scripts) == sorted(b.macro for b in BUTTONS)
            labels = {b.macro: (b.label_fr if language == "fr" else b.label_en) for b in BUTTONS}
            assert {n: f.__xlscript__["name"] for n, f in scripts.items()} == labels
            assert all(list(inspect.signature(f).parameters) == ["book"] for f in scripts.values())
    finally:
        monkeypatch.undo()
        importlib.reload(entry)


def test_every_worksheet_function_of_the_desktop_add_in_is_offered():
    names = entry.namespace("fr")
    offered = {n: f for n, f in names.items() if n.startswith("CREDIT_")}
    assert offered == {n: getattr(udfs, n) for n in dir(udfs) if n.startswith("CREDIT_")}
    assert len(offered) == 24


# (2) every script against the fake gives the headless results

SCRIPT_SHEETS = {
    "refresh_all": list(RESULTS),
    "check_limits": ["Exposure", "Breaches", "Limit requests", "Issues"],
    "score_clients": ["Scores", "Issues"],
    "deadlines": ["Deadlines", "Issues"],
    "turnover": ["Turnover", "Issues"],
    "penalties": ["Penalties", "Issues"],
    "draft_declarations": ["Declarations", "Issues"],
    "portfolio_report": ["Portfolio", "Breaches", "Issues"],
    "groups_insolvency": ["Groups", "Insolvency", "Breaches", "Declarations", "Issues"],
    "reminders": ["Dunning", "Issues"],
}


@pytest.mark.parametrize("macro", SCRIPT_SHEETS)
def test_script_writes_the_headless_results(macro, demo_sheets, headless, files):
    run, documents = headless
    book = run_script(macro, demo_sheets)
    shown = book.excel()
    written = [a[1] for a in book.actions if a[0] == "sheetClear" or a[0] == "addSheet"]
    assert sorted(written) == sorted(SCRIPT_SHEETS[macro])
    lite_documents = files / "demo.documents"
    for name in SCRIPT_SHEETS[macro]:
        expected = relocated(expected_sheet(name, run.sheets[name], "en"), documents, lite_documents)
        assert shown[name] == expected, name
    assert {k: v for k, v in shown.items() if k not in SCRIPT_SHEETS[macro]} == \
        {k: v for k, v in fake_lite.Book("x", demo_sheets).excel().items()}  # input sheets untouched
    drafted = sorted(p.name for p in lite_documents.glob("*")) if lite_documents.exists() else []
    if macro in ("refresh_all", "draft_declarations", "reminders", "portfolio_report", "groups_insolvency"):
        assert drafted and set(drafted) <= {p.name for p in documents.glob("*")}
        if macro == "refresh_all":
            assert drafted == sorted(p.name for p in documents.glob("*"))  # every headless document
        assert "Files > Import/Export" in book.app.alerts[-1] and f"{len(drafted)} document(s)" in book.app.alerts[-1]
    else:
        assert drafted == []


def test_validate_lists_the_headless_issues(demo_sheets, files):
    book = run_script("validate", demo_sheets)
    issues = pipeline.load(FileBook(DEMO, quiet=True)).issues
    from functions.model import issues_frame
    assert book.excel()["Issues"] == expected_cells(to_cells(issues_frame(issues), "en"))
    assert book.app.alerts == [f"{len(issues)} problem(s) found: see the Issues sheet" if issues
                               else "No problem found in the input sheets"]


def test_mark_sent_appends_the_selected_declaration_to_the_register(demo_sheets, headless, files):
    run, _ = headless
    draft = run.sheets["Declarations"].query("status == 'draft'")["declaration_id"].iloc[0]
    sheets = {**demo_sheets, "Declarations": ([["declaration_id"], [draft]], [])}
    book = run_script("mark_sent", sheets, selection="Declarations!A2")
    register = book.excel()["Register"]
    rows = len(demo_sheets["Register"][0])
    headers = demo_sheets["Register"][0][0]
    row = {IDS.get(headers[c - 1], headers[c - 1]): v for (r, c), v in register.items() if r == rows + 1}
    assert row["declaration_id"] == draft and row["status"] == "sent"
    assert row["sent_date"] == dt.date.today().isoformat()
    assert book.app.alerts == [f"{draft} recorded as sent in the Register"]


def test_mark_reminder_sent_appends_one_actions_row_per_invoice(demo_sheets, headless, files):
    run, _ = headless
    reminders = run.sheets["Dunning"].dropna(subset=["reminder_id"])
    due = reminders.sort_values("invoices", ascending=False, kind="stable").iloc[0]
    assert due["invoices"] >= 2  # several invoices: each needs its own row
    reminder_id = due["reminder_id"]
    sheets = {**demo_sheets, "Dunning": ([["reminder_id"], [reminder_id]], [])}
    book = run_script("mark_reminder_sent", sheets, selection="Dunning!A2")
    actions = book.excel()["Actions"]
    first = len(demo_sheets["Actions"][0]) + 1
    new_rows = sorted({r for (r, _) in actions if r >= first})
    assert new_rows == list(range(first, first + due["invoices"]))  # one row per invoice, none overwritten
    assert "recorded as sent in Actions" in book.app.alerts[-1]


def test_open_template_and_help_say_what_lite_can_do(demo_sheets, files):
    assert run_script("open_template", demo_sheets).app.alerts == [text("lite.no_template", "en")]
    assert run_script("help", demo_sheets).app.alerts == [text("macro.help", "en")]


def test_import_fec_takes_the_file_imported_into_lite(tmp_path, files):
    from addin.imports.fec import import_fec
    files.mkdir()
    fec = write_fec(files / "FEC.txt", LINES)
    book = run_script("import_fec", workbook_sheets(TEMPLATE), name="template.xlsx")
    shown = book.excel()
    for name, frame in import_fec(fec).tables().items():
        assert shown[name] == expected_cells(to_cells(frame, "en")), name
    assert book.app.alerts[-1] == "FEC.txt: 3 clients, 7 invoices and credit notes, 5 payment rows imported; 1 issue(s)"


def test_import_fec_without_a_file_says_how(files):
    book = run_script("import_fec", workbook_sheets(TEMPLATE), name="template.xlsx")
    assert book.actions == [] and "Import cancelled" in book.app.alerts[0]


def test_a_workbook_beyond_the_limit_is_refused_with_a_clear_message(demo_sheets, files, monkeypatch):
    cells = workbook_cells(fake_lite.Book("demo.xlsx", demo_sheets))
    monkeypatch.setattr(lite_book, "MAX_CELLS", cells - 1)
    monkeypatch.setattr(LiteBook.check_size, "__defaults__", (cells - 1,))
    book = run_script("refresh_all", demo_sheets)
    assert book.actions == []
    message = book.app.alerts[0]
    assert f"This workbook has {cells:,} cells" in message   # the (English) workbook's language
    assert "credit-addin install" in message and "credit-addin run" in message
    assert cells < MAX_CELLS  # the demo itself fits


def test_status_goes_to_the_output_pane(capsys):
    LiteBook(fake_lite.Book("x.xlsx", {})).status("Reading x.xlsx ...")
    assert capsys.readouterr().out == "Reading x.xlsx ...\n"


# (3) every worksheet function, called as Lite calls it, gives the desktop's and the headless results

def serial(value: dt.date) -> float:
    return float((pd.Timestamp(value) - pd.Timestamp("1899-12-30")).days)


def officejs(value):
    """A cell as an Office.js custom function receives it: dates are serial numbers (no format),
    integral numbers int, empty cells None."""
    if isinstance(value, (dt.datetime, dt.date)):
        return serial(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def com(value):
    """The same cell through COM (the desktop add-in): numbers float, dates datetime."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, dt.datetime)):
        return value
    return float(value) if isinstance(value, (int, float)) else value


def table(demo_sheets, name, cell):
    rows = demo_sheets[name][0]
    width = max((i + 1 for i, v in enumerate(rows[0]) if v is not None), default=0)
    return [[cell(v) for v in row[:width]] for row in rows if any(v is not None for v in row[:width])]


def arguments(text: str, demo_sheets, cell, as_of, results):
    args = []
    for token in re.findall(r'DATE\(\d+,\d+,\d+\)|"[^"]*"|[^,]+', text):
        if m := re.fullmatch(r"DATE\((\d+),(\d+),(\d+)\)", token):
            args.append(cell(dt.datetime(*map(int, m.groups()))))
        elif m := re.fullmatch(r"(\w+)\[#All\]", token):
            args.append(table(demo_sheets, {"Dunningplan": "Dunning plan"}.get(m.group(1), m.group(1)), cell))
        elif token == "AsOf":
            args.append(cell(as_of))
        elif token == "Lang":   # the Policy's language row, as the workbook name reads it
            args.append(next(row[1] for row in table(demo_sheets, "Policy", cell)[1:] if row[0] == "language"))
        elif token == "Exposure_demo":
            args.append([[row[1]] for row in results["CREDIT_EXPOSURE"][1:]])  # B: exposure, header left out
        elif token.startswith('"'):
            args.append(token.strip('"'))
        else:
            args.append(cell(float(token)))
    return args


def call_all(demo_sheets, cell):
    as_of = pipeline.load(FileBook(DEMO, quiet=True)).policy.as_of
    results = {}
    for example in ARRAYS + SCALARS:
        name, text = example.function, example.formula[len(example.function) + 2:-1]
        results[name] = entry.namespace("en")[name](*arguments(text, demo_sheets, cell, as_of, results))
    return results


@pytest.fixture(scope="module")
def lite_results(demo_sheets):
    udfs.CACHE.entries.clear()
    return call_all(demo_sheets, officejs)


CHEAP = ("CREDIT_NOTIFY_BY", "CREDIT_LATE_INTEREST", "CREDIT_RECOMMENDED_LIMIT", "CREDIT_PREMIUM",
         "CREDIT_PROOF_OF_CLAIM_BY", "CREDIT_FX_CONVERT")


def test_every_function_answers_through_lite(lite_results):
    assert set(lite_results) == {n for n in dir(udfs) if n.startswith("CREDIT_")}
    errors = {n: v for n, v in lite_results.items() if isinstance(v, str) and v.startswith(udfs.ERROR_PREFIX)}
    assert errors == {}
    assert lite_results["CREDIT_FX_CONVERT"] == pytest.approx(870.0)  # 1,000 USD at the demo's FX rate
    assert lite_results["CREDIT_LATE_INTEREST"] == 318.85 and lite_results["CREDIT_RECOMMENDED_LIMIT"] == 15000.0
    assert lite_results["CREDIT_PREMIUM"] == 3000.0 and lite_results["CREDIT_PROOF_OF_CLAIM_BY"] == dt.datetime(2026, 2, 28)


def test_scalar_functions_give_what_they_give_through_excel(demo_sheets, lite_results):
    as_of = pipeline.load(FileBook(DEMO, quiet=True)).policy.as_of
    for example in SCALARS:
        name, text = example.function, example.formula[len(example.function) + 2:-1]
        if name in CHEAP:
            udfs.CACHE.entries.clear()
            assert udfs.__dict__[name](*arguments(text, demo_sheets, com, as_of, {})) == lite_results[name], name


@pytest.mark.parametrize("sheet", ["Invoices", "Debtors", "Payments", "Limits", "Orders", "Register", "Financials",
                                   "Grades", "Actions"])
def test_lite_cells_parse_to_the_tables_excel_cells_give(demo_sheets, sheet):
    """Same typed tables from Office.js cells (serial dates, ints) as from COM cells: every
    function, whatever it computes from them, answers the same in Lite as in desktop Excel."""
    lite_table = udfs.table_arg(sheet, table(demo_sheets, sheet, officejs), required=False)
    desktop = udfs.table_arg(sheet, table(demo_sheets, sheet, com), required=False)
    assert len(desktop) > 0
    pd.testing.assert_frame_equal(lite_table, desktop)
    assert udfs.policy_arg(table(demo_sheets, "Policy", officejs)) == udfs.policy_arg(table(demo_sheets, "Policy", com))
    assert udfs.date_arg(serial(dt.date(2026, 10, 31))) == udfs.date_arg(dt.datetime(2026, 10, 31)) == dt.date(2026, 10, 31)


def test_table_functions_equal_the_headless_sheets(lite_results, headless):
    results = headless[0].sheets
    token = udfs.DISPLAY.set(("en", "labels"))  # the English demo: its Policy (and Lang) say English
    try:
        assert lite_results["CREDIT_AGING"] == udfs.to_range(results["Aging"])
        exposure = lite_results["CREDIT_EXPOSURE"]
        ids = {label(c, "column", "en"): c for c in results["Exposure"].columns}
        assert exposure == udfs.to_range(results["Exposure"][[ids[h] for h in exposure[0]]])
        for function, sheet in [("CREDIT_SCORES", "Scores"), ("CREDIT_DEADLINES", "Deadlines"), ("CREDIT_GROUPS", "Groups")]:
            assert lite_results[function] == udfs.to_range(results[sheet]), function
    finally:
        udfs.DISPLAY.reset(token)
    score = {row[0]: row for row in lite_results["CREDIT_SCORES"]}
    assert lite_results["CREDIT_SCORE"] == score["C001"][lite_results["CREDIT_SCORES"][0].index("Score")]
