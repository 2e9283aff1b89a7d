"""`credit-addin check-excel`: the first run in real Excel as one command whose output can be
pasted into a bug report (Windows or Mac, Excel installed, after `credit-addin install`).

xlwings starts Excel and opens the installed add-in and a copy of the demo workbook, then checks:

1. settings: the file `install` wrote names an existing Python and this project;
2. worksheet functions (Windows: xlwings' are Windows-only): after a recalculation every cell of
   the Functions sheet equals what the add-in's functions compute without Excel from the same
   table cells (a #NAME? means the add-in's functions did not load);
3. ribbon: the Python of each button runs on the copy through the xlwings Book adapter (messages
   collected instead of shown), and every sheet it writes holds what it wrote and what the
   headless run of the same workbook computes. Clicking the buttons themselves (RunPython) stays
   on the manual checklist in docs/excel.md.

One PASS, FAIL or SKIP line per item, then a summary; exit code 1 when anything failed.
"""
from __future__ import annotations

import datetime as dt
import math
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from addin.run import Run, run
from addin.build import functions_sheet as fs
from addin.excel import install, ribbon
from addin.excel.xlam import ADDIN
from addin.excel.xlbook import XlBook, com_values
from addin.workbook.book import FileBook
from addin.workbook.results import header, shown
from functions.texts import LANGUAGES, text

DEMO = Path(__file__).resolve().parents[2] / "workbooks" / "demo.xlsx"
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
LAST = ("mark_reminder_sent", "mark_sent")      # append rows: run after the comparisons


@dataclass(frozen=True)
class Item:
    status: str                 # PASS, FAIL or SKIP
    name: str
    detail: str = ""

    def line(self) -> str:
        return f"{self.status}  {self.name}" + (f": {self.detail}" if self.detail else "")


def summary(items: list[Item]) -> str:
    counts = {s: sum(i.status == s for i in items) for s in ("PASS", "FAIL", "SKIP")}
    return f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped"


def check_excel(xw=None, demo: Path = DEMO, addin: Path | None = None, platform: str = sys.platform,
                out=print, buttons: tuple[ribbon.Button, ...] = ribbon.BUTTONS) -> list[Item]:
    """Run every check in a new Excel (the ribbon's for `buttons`); print each line as it comes,
    then the summary."""
    if xw is None:
        import xlwings as xw
    items: list[Item] = []

    def report(new: list[Item]) -> None:
        for item in new:
            items.append(item)
            out(item.line())

    report([check_settings(platform)])
    addin = addin or _installed_addin(platform)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(shutil.copyfile(demo, Path(tmp) / "demo-check.xlsx"))
        try:
            app = xw.App(visible=False, add_book=False)
        except Exception as exc:  # no Excel on this machine, or it cannot be automated
            where = "" if platform.startswith("win") or platform == "darwin" else " (Excel runs on Windows and Mac)"
            report([Item("FAIL", "Excel starts through xlwings", f"{type(exc).__name__}: {exc}{where}")])
            out(summary(items))
            return items
        try:
            app.display_alerts = False
            app.books.open(str(addin))
            report([Item("PASS", "add-in opens", str(addin))])
            book = app.books.open(str(copy))
            report(check_functions(app, book, platform))
            report(check_ribbon(book, copy, buttons))
        except Exception as exc:
            report([Item("FAIL", "Excel automation", f"{type(exc).__name__}: {exc}")])
        finally:
            app.quit()
    out(summary(items))
    return items


def _installed_addin(platform: str) -> Path:
    startup = install.places(platform).startup
    installed = startup / ADDIN.name if startup else None
    return installed if installed is not None and installed.exists() else ADDIN


def check_settings(platform: str) -> Item:
    where = install.places(platform)
    lines = install.read_settings(where.config, install.settings_encoding(platform))
    values = {install._key(line): line.split(",", 1)[1].strip().strip('"') for line in lines if "," in line}
    expected = install.settings(sys.executable, platform)
    interpreter = next(key for key in expected if key.startswith("INTERPRETER"))
    if interpreter not in values or "PYTHONPATH" not in values:
        return Item("FAIL", "settings", f"{where.config} lacks {interpreter} or PYTHONPATH: run credit-addin install")
    if not Path(values[interpreter]).exists():
        return Item("FAIL", "settings", f"{interpreter} {values[interpreter]} does not exist: run credit-addin install")
    if values["PYTHONPATH"] != expected["PYTHONPATH"]:
        return Item("FAIL", "settings", f"PYTHONPATH is {values['PYTHONPATH']}, this project is {expected['PYTHONPATH']}")
    return Item("PASS", "settings", f"{where.config}: {values[interpreter]}")


# ---- worksheet functions ---------------------------------------------------------------------------

def table_cells(book) -> dict[str, list[list]]:
    """Every Excel table of the workbook as a function receives `Name[#All]`."""
    return {table.name: table.range.options(ndim=2, err_to_str=True).value
            for sheet in book.sheets for table in sheet.tables}


def check_functions(app, book, platform: str) -> list[Item]:
    if not platform.startswith("win"):
        return [Item("SKIP", "worksheet functions", "xlwings worksheet functions run on Windows only")]
    app.calculate()
    computed = fs.results(table_cells(book))
    sheet = book.sheets[fs.SHEET]
    items = []
    for p in fs.layout(computed):
        shown = sheet.range((p.row + 1, p.column + 1), (p.row + p.rows, p.column + p.columns)) \
            .options(ndim=2, err_to_str=True).value
        expected = computed[p.example.function]
        problem = differences(expected if isinstance(expected, list) else [[expected]], shown)
        items.append(Item("FAIL" if problem else "PASS", p.example.function, problem or ""))
    return items


def differences(expected: list[list], shown: list[list]) -> str | None:
    """The first cell where Excel shows something else than expected, in words; None if none."""
    if shown and shown[0] and isinstance(shown[0][0], str) and shown[0][0].startswith("#NAME"):
        return "#NAME?: the add-in's worksheet functions are not loaded (is credit.xlam open, does it compile?)"
    if len(shown) != len(expected) or any(len(a) != len(b) for a, b in zip(shown, expected)):
        return f"{len(shown)} x {len(shown[0]) if shown else 0} cells shown, {len(expected)} x {len(expected[0])} expected"
    for i, (row, want) in enumerate(zip(shown, expected)):
        for j, (a, b) in enumerate(zip(row, want)):
            if not same(b, a):
                return f"row {i + 1}, column {j + 1}: Excel shows {a!r}, expected {b!r}"
    return None


def same(expected, shown) -> bool:
    """Equal as cells: a date equals its serial number, blank equals empty text, numbers to 1e-9."""
    expected, shown = _plain(expected), _plain(shown)
    if isinstance(expected, float) and isinstance(shown, float):
        return math.isclose(expected, shown, rel_tol=1e-9, abs_tol=1e-9)
    return expected == shown


def _plain(value):
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=None) - EXCEL_EPOCH) / dt.timedelta(days=1)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


# ---- ribbon actions --------------------------------------------------------------------------------

class CheckBook(XlBook):
    """The Book adapter of the ribbon, with messages collected and the dialogs answered: the file
    dialog cancelled, the selection given."""

    def __init__(self, book, selection=None):
        super().__init__(book)
        self.selection, self.alerts, self.written, self.opened = selection, [], {}, []

    def alert(self, message: str) -> None:
        self.alerts.append(message)

    def ask_open_file(self, title: str):
        return None

    def selected_value(self):
        return self.selection

    def open_workbook(self, path: Path) -> None:
        self.opened.append(self.book.app.books.open(str(path)))

    def write_results(self, sheets: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
        self.written.update(sheets)
        super().write_results(sheets, language, as_of, headers)


def check_ribbon(book, copy: Path, buttons: tuple[ribbon.Button, ...] = ribbon.BUTTONS) -> list[Item]:
    headless = run(FileBook(copy, None, quiet=True), write=False)
    return [_check_button(book, button, headless) for button in sorted(buttons, key=lambda b: b.macro in LAST)]


def _check_button(book, button: ribbon.Button, headless: Run) -> Item:
    name = f"ribbon: {button.label_en}"
    before = _rows(book, {"mark_sent": "Register", "mark_reminder_sent": "Actions"}.get(button.macro))
    checked = CheckBook(book, _selection(button, headless))
    if button.macro in LAST and checked.selection is None:
        return Item("SKIP", name, "nothing to mark in this workbook")
    try:
        ribbon.macro_for(button.id)(checked)
    except Exception as exc:
        return Item("FAIL", name, f"{type(exc).__name__}: {exc}")
    shows = (headless.inputs.policy.language, headless.inputs.policy.headers)
    for sheet, frame in checked.written.items():
        problem = _sheet_problem(book, sheet, frame, headless.sheets.get(sheet), *shows)
        if problem:
            return Item("FAIL", name, f"{sheet}: {problem}")
    problem = _effect_problem(book, button, checked, before)
    return Item("FAIL", name, problem) if problem else Item(
        "PASS", name, ", ".join(checked.written) or "; ".join(m.splitlines()[0] for m in checked.alerts)[:120])


def _selection(button: ribbon.Button, headless: Run):
    """What the user would select before the marking buttons: the first item to send."""
    if button.macro == "mark_sent":
        drafts = headless.sheets["Declarations"].query("status == 'draft'")
        return drafts["declaration_id"].iloc[0] if len(drafts) else None
    if button.macro == "mark_reminder_sent":
        due = headless.sheets["Dunning"].dropna(subset=["reminder_id"])
        return due["reminder_id"].iloc[0] if len(due) else None
    return None


def expected_cells(frame: pd.DataFrame, language: str, headers: str = "labels") -> list[list]:
    """A result table as Excel holds it once written: header row, then the values (text without
    the apostrophe that keeps it from being a formula)."""
    shown_frame = shown(frame, language, headers)
    columns = [com_values(shown_frame[c], escape=False) for c in frame.columns]
    return [[header(c, language, headers) for c in frame.columns]] + [list(r) for r in zip(*columns)]


def _sheet_problem(book, sheet: str, written: pd.DataFrame, headless: pd.DataFrame | None, language: str,
                   headers: str = "labels"):
    if sheet == "Dashboard":            # a drawn layout, not a table
        return None if any(s.name == sheet for s in book.sheets) else "not written"
    shown = book.sheets[sheet].used_range.options(ndim=2, err_to_str=True).value
    problem = differences(expected_cells(written, language, headers), shown)
    if problem or headless is None:
        return problem and f"Excel holds something else than was written ({problem})"
    shared = [c for c in written.columns if c in headless.columns and c != "document"]
    problem = differences(expected_cells(headless[shared], language, headers), expected_cells(written[shared], language, headers))
    return problem and f"differs from the headless run ({problem})"


def _rows(book, sheet: str | None) -> int:
    if sheet is None or not any(s.name == sheet for s in book.sheets):
        return 0
    return len(book.sheets[sheet].used_range.options(ndim=2).value)


def _effect_problem(book, button: ribbon.Button, checked: CheckBook, before: int) -> str | None:
    if button.macro == "help" and not checked.alerts:
        return "no help message"
    cancelled = {text("macro.fec_cancelled", language) for language in LANGUAGES}
    if button.macro == "import_fec" and not cancelled & set(checked.alerts):
        return "no message after a cancelled file choice"
    if button.macro == "open_template":
        names = [b.name for b in checked.opened]
        for opened in checked.opened:
            opened.close()
        return None if names == ["template.xlsx"] else f"opened {names or 'nothing'}"
    if button.macro in LAST:
        sheet = "Register" if button.macro == "mark_sent" else "Actions"
        if _rows(book, sheet) <= before:
            return f"no row added to {sheet} for {checked.selection}"
    return None
