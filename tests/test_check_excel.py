"""`credit-addin check-excel` (addin/excel/check.py) against a fake Excel: the fake opens the
workbook file, and on recalculation writes each add-in formula's result where the formula sits
in the file (spilled), as Excel does; the check reads where the demo's layout says and compares."""
from __future__ import annotations

import datetime as dt
import re
import types

import openpyxl
import pytest
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from addin import cli
from addin.build import functions_sheet as fs
from addin.build.demo import build_demo, demo_tables
from addin.excel import check, install, macros, ribbon

from fake_xlwings import FakeApp, FakeBook, FakeRange, FakeTable
from test_book_contract import com_rows

CLIENTS = ("C001", "C004", "C013", "C019", "C022")


@pytest.fixture(scope="module")
def mini_demo(tmp_path_factory):
    """The demo restricted to a few clients (C004: a limit breach, C013: a declaration to send,
    C019: insolvency, C022: a reminder due), built by the demo's own code with its Functions sheet."""
    tables = {name: frame[frame["debtor_id"].isin(CLIENTS)].reset_index(drop=True)
              if "debtor_id" in frame.columns else frame for name, frame in demo_tables().items()}
    path = tmp_path_factory.mktemp("mini") / "demo.xlsx"
    return path, build_demo(path, tables=tables)


class ExcelBooks(list):
    def __init__(self, app):
        super().__init__()
        self.app = app

    def open(self, path):
        name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
        if name.endswith(".xlam") or name == "template.xlsx":
            book = FakeBook(name, {})
        else:
            wb = openpyxl.load_workbook(path)
            book = FakeBook(name, {ws.title: com_rows(ws) for ws in wb}, folder=str(path).rsplit("/", 1)[0])
            for ws, sheet in zip(wb, book.sheets):
                for table_name, ref in ws.tables.items():
                    c1, r1, c2, r2 = range_boundaries(ref)
                    sheet.tables.append(FakeTable(FakeRange(sheet, r1, c1, r2, c2), table_name))
        book.app = self.app
        book.close = lambda: self.remove(book)
        self.append(book)
        return book


class FakeExcel(FakeApp):
    """Excel as check-excel drives it. `functions` False: the add-in's functions did not load
    (#NAME?); `spoil`: a function whose first number Excel would show wrong."""

    def __init__(self, functions=True, spoil=None):
        super().__init__()
        self.books, self.functions, self.spoil, self.quitted = ExcelBooks(self), functions, spoil, False

    def calculate(self):
        for book in self.books:
            computed = None
            for sheet in book.sheets:
                for (r, c), value in list(sheet.cells.items()):
                    formula = value.text if isinstance(value, ArrayFormula) else value
                    if isinstance(formula, str) and formula.startswith("=CREDIT_"):
                        computed = computed or fs.results(check.table_cells(book))
                        self._spill(sheet, r, c, formula, computed)

    def _spill(self, sheet, r, c, formula, computed):
        """The result where the formula is, spilled right and down as Excel shows it."""
        [example] = [e for e in fs.EXAMPLES if e.formula == formula]
        if not self.functions:
            sheet.cells[(r, c)] = "#NAME?"
            return
        result = computed[example.function]
        rows = result if isinstance(result, list) else [[result]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if isinstance(v, dt.datetime):               # a General cell shows the serial number
                    v = (v - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
                if example.function == self.spoil and isinstance(v, float) and i == 1:
                    v, self.spoil = v + 1.0, None
                sheet.write(r + i, c + j, v)

    def quit(self):
        self.quitted = True


def fake_xlwings(excel=None, fails=None):
    def App(visible=True, add_book=True):  # noqa: N802 - xlwings' name
        if fails:
            raise fails
        return excel
    return types.SimpleNamespace(App=App)


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData"))
    return install.install(platform="win32")


# Every kind of verification: a sheet compared with the headless run, every result sheet and the
# dashboard, a cancelled dialog, a workbook opened, a message, the two appended rows. (Each other
# button writes sheets that Refresh all writes too; the full list runs in real Excel.)
BUTTONS = tuple(ribbon.button(b) for b in ("credit_mark_sent", "credit_scores", "credit_refresh", "credit_import_fec",
                                           "credit_template", "credit_help", "credit_mark_reminded"))


def test_everything_passes_on_a_working_excel(mini_demo, installed):
    excel, lines = FakeExcel(), []
    items = check.check_excel(fake_xlwings(excel), demo=mini_demo[0], platform="win32", out=lines.append,
                              buttons=BUTTONS)
    failed = [i.line() for i in items if i.status != "PASS"]
    assert failed == []
    names = [i.name for i in items]
    assert names[:2] == ["settings", "add-in opens"]
    assert [n for n in names if n.startswith("CREDIT_")] == [e.function for e in fs.EXAMPLES]
    assert [n for n in names if n.startswith("ribbon: ")] == ["ribbon: Score clients", "ribbon: Refresh all",
        "ribbon: Import FEC", "ribbon: Open template", "ribbon: Help", "ribbon: Mark as sent",
        "ribbon: Mark reminder sent"]                             # the two that append rows last
    assert lines[-1] == f"{len(items)} passed, 0 failed, 0 skipped"
    assert lines[:-1] == [i.line() for i in items] and all(line.startswith("PASS  ") for line in lines[:-1])
    assert items[1].detail == str(installed.addin) and excel.quitted


def test_functions_not_loaded_fail_with_name_error(mini_demo):
    excel = FakeExcel(functions=False)
    book = excel.books.open(mini_demo[0])
    items = check.check_functions(excel, book, "win32")
    assert {i.status for i in items} == {"FAIL"} and len(items) == len(fs.EXAMPLES)
    assert "#NAME?" in items[0].detail and "not loaded" in items[0].detail


def test_a_wrong_cell_is_named(mini_demo):
    excel = FakeExcel(spoil="CREDIT_AGING")
    book = excel.books.open(mini_demo[0])
    items = {i.name: i for i in check.check_functions(excel, book, "win32")}
    assert items["CREDIT_AGING"].status == "FAIL"
    assert re.match(r"row 2, column \d+: Excel shows [\d.]+, expected [\d.]+$", items["CREDIT_AGING"].detail)
    assert all(i.status == "PASS" for name, i in items.items() if name != "CREDIT_AGING")


def test_a_failing_button_is_reported_and_the_others_go_on(mini_demo, monkeypatch):
    def broken(book):
        raise ValueError("the Invoices table is empty")
    monkeypatch.setattr(macros, "score_clients", broken)
    excel = FakeExcel()
    book = excel.books.open(mini_demo[0])
    headless = check.run(check.FileBook(mini_demo[0], None, quiet=True), write=False)
    items = [check._check_button(book, ribbon.button(b), headless) for b in ("credit_scores", "credit_help")]
    assert items[0].line() == "FAIL  ribbon: Score clients: ValueError: the Invoices table is empty"
    assert items[1].line() == "PASS  ribbon: Help: Complément assurance-crédit"   # the (French) demo's language


def test_a_sheet_excel_holds_differently_fails(mini_demo, monkeypatch):
    """A write that does not arrive as written (here: the adapter drops the last row) fails."""
    excel = FakeExcel()
    book = excel.books.open(mini_demo[0])
    real = check.XlBook.write_results

    def lossy(self, sheets, language, as_of=None, headers="labels"):
        real(self, {name: frame.iloc[:-1] for name, frame in sheets.items()}, language, as_of, headers)
    monkeypatch.setattr(check.XlBook, "write_results", lossy)
    item = check._check_button(book, ribbon.button("credit_scores"), check.run(
        check.FileBook(mini_demo[0], None, quiet=True), write=False))
    assert item.status == "FAIL" and item.detail.startswith("Scores: Excel holds something else than was written")


def test_mac_skips_the_worksheet_functions(mini_demo):
    excel = FakeExcel()
    items = check.check_functions(excel, excel.books.open(mini_demo[0]), "darwin")
    assert [i.line() for i in items] == ["SKIP  worksheet functions: xlwings worksheet functions run on Windows only"]


def test_no_excel_is_one_failure_and_the_summary(mini_demo, installed):
    lines = []
    items = check.check_excel(fake_xlwings(fails=OSError("Excel is not installed")), demo=mini_demo[0],
                              platform="win32", out=lines.append)
    assert lines == ["PASS  settings: " + items[0].detail,
                     "FAIL  Excel starts through xlwings: OSError: Excel is not installed",
                     "1 passed, 1 failed, 0 skipped"]


def test_settings_missing_say_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    item = check.check_settings("win32")
    assert item.status == "FAIL" and "run credit-addin install" in item.detail


def test_cli_exit_code_when_excel_cannot_start(monkeypatch, capsys):
    monkeypatch.setattr(check, "check_excel", lambda addin=None: [check.Item("FAIL", "Excel starts through xlwings")])
    assert cli.main(["check-excel"]) == 1
    monkeypatch.setattr(check, "check_excel", lambda addin=None: [check.Item("PASS", "settings")])
    assert cli.main(["check-excel"]) == 0
