"""Ribbon buttons -> macros taking a Book, run headless (FileBook) and against the xlwings fake."""
import datetime as dt

import openpyxl
import pytest

from addin.excel import macros
from addin.excel import ribbon
from addin.workbook.book import FileBook
from addin.excel.xlbook import XlBook

from fake_xlwings import FakeBook
from test_book_contract import com_rows
from test_cli import make_workbook


def test_every_button_dispatches_to_a_macro():
    ids = [b.id for b in ribbon.BUTTONS]
    assert len(ids) == len(set(ids))
    for b in ribbon.BUTTONS:
        assert callable(ribbon.macro_for(b.id)), b.id
        assert b.group in ribbon.GROUPS and b.label_fr and b.label_en
    with pytest.raises(KeyError):
        ribbon.button("nope")


@pytest.mark.parametrize("macro, sheets", [
    ("check_limits", ["Exposure", "Breaches", "Limit requests", "Issues"]),
    ("score_clients", ["Scores", "Issues"]),
    ("deadlines", ["Deadlines", "Issues"]),
    ("turnover", ["Turnover", "Issues"]),
    ("penalties", ["Penalties", "Issues"]),
    ("validate", ["Issues"]),
])
def test_each_macro_writes_its_sheets(tmp_path, macro, sheets):
    src = make_workbook(tmp_path / "ar.xlsx")
    out = tmp_path / "out.xlsx"
    getattr(macros, macro)(FileBook(src, out, quiet=True))
    assert openpyxl.load_workbook(out).sheetnames == sheets


def fake_book(tmp_path):
    wb = openpyxl.load_workbook(make_workbook(tmp_path / "ar.xlsx"))
    return FakeBook("ar.xlsx", {ws.title: com_rows(ws) for ws in wb}, folder=str(tmp_path))


def test_refresh_all_in_excel_writes_every_result_sheet(tmp_path):
    fake = fake_book(tmp_path)
    macros.refresh_all(XlBook(fake))
    names = [s.name for s in fake.sheets]
    assert names[:3] == ["Policy", "Debtors", "Invoices"]
    assert {"Aging", "Exposure", "Breaches", "Scores", "Deadlines", "Declarations", "Turnover", "Penalties",
            "Issues"} <= set(names)


def test_reminders_button_names_the_document_to_print(tmp_path, capsys):
    from addin.cli import DEMO
    macros.reminders(FileBook(DEMO, tmp_path / "demo.results.xlsx", quiet=True))
    said = capsys.readouterr().out
    assert "lettre(s) dans" in said and "toutes dans relances_2026-10-31.docx pour les imprimer d'un coup" in said
    assert (tmp_path / "demo.results.documents" / "relances_2026-10-31.docx").exists()


def test_mark_sent_appends_the_selected_declaration_to_the_register(tmp_path):
    fake = fake_book(tmp_path)
    fake.selection.value = "overdue_notice:D:2025-03-01"
    macros.mark_sent(XlBook(fake))
    register = fake.sheet("Register")
    rows = register.used_range.value
    assert rows[1][0] == "overdue_notice:D:2025-03-01" and "sent" in rows[1]
    assert any(isinstance(v, dt.datetime) for v in rows[1])
    assert fake.app.alerts[-1].endswith("recorded as sent in the Register")
    fake.selection.value = "overdue_notice:E:2025-07-01"
    macros.mark_sent(XlBook(fake))
    assert len(register.used_range.value) == 3          # appended below, header kept


def test_mark_sent_needs_a_selected_id(tmp_path):
    fake = fake_book(tmp_path)
    fake.selection.value = 42.0
    with pytest.raises(Exception, match="select a declaration id"):
        macros.mark_sent(XlBook(fake))


def test_help_and_template(tmp_path):
    fake = fake_book(tmp_path)
    macros.help(XlBook(fake))
    macros.open_template(XlBook(fake))
    assert "Credit insurance add-in" in fake.app.alerts[0]
    assert fake.app.books.opened == [str(macros.TEMPLATE)] and macros.TEMPLATE.exists()


def test_import_fec_fills_an_empty_workbook_and_never_overwrites(tmp_path):
    from test_fec import LINES, write_fec

    fec = write_fec(tmp_path / "FEC.txt", LINES)
    empty = FakeBook("new.xlsx", {"Policy": [["Parameter", "Value"]]}, folder=str(tmp_path))
    macros.import_fec(XlBook(empty))                       # dialog cancelled: nothing written
    assert [s.name for s in empty.sheets] == ["Policy"] and "annulé" in empty.app.alerts[-1]   # no language: French
    empty.app.api.chosen = str(fec)
    macros.import_fec(XlBook(empty))
    assert [s.name for s in empty.sheets] == ["Policy", "Debtors", "Invoices", "Payments", "Issues"]
    assert empty.sheet("Invoices").cells[(1, 1)] == "N° facture" and "importés" in empty.app.alerts[-1]
    with pytest.raises(Exception, match="contiennent déjà des données"):
        macros.import_fec(XlBook(empty))                   # a second import would overwrite: refused
