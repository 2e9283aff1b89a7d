import hashlib
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from addin.workbook import book as book_module
from addin.cli import main
from functions.analysis import SHEETS


def make_workbook(path, language="en", name_d="=HYPERLINK(\"http://x\")"):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("Policy")
    for r, row in enumerate([["Parameter", "Value"], ["as_of", "30/06/2025"], ["language", language]]):
        ws.write_row(r, 0, row)
    ws = wb.add_worksheet("Debtors")
    for r, row in enumerate([["Code client", "Raison sociale"], ["D", name_d], ["E", "Eiffel SA"], ["F", "Idle SARL"]]):
        ws.write_row(r, 0, row)
    ws = wb.add_worksheet("Invoices")
    rows = [["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC"],
            ["A", "D", "01/02/2025", "01/03/2025", "1 000,00"], ["B", "E", "2025-06-01", "2025-07-01", 500],
            ["C", "Z", "2025-06-01", "2025-07-01", 5]]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_run_writes_result_sheets_and_leaves_input_unchanged(tmp_path, capsys):
    src = make_workbook(tmp_path / "ar.xlsx")
    before = digest(src)
    assert main(["run", str(src)]) == 0
    assert digest(src) == before
    out = tmp_path / "ar.results.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == list(SHEETS)
    aging = list(wb["Aging"].iter_rows(values_only=True))
    assert aging[0][:10] == ("Client code", "Not due", "1-30 days", "31-60 days", "61-90 days", "91-120 days",
                             "Over 120 days", "Total", "DSO", "DBT")
    # one row per Debtors row, zero balance included, then Z, a code absent from Debtors whose invoice is kept
    assert [r[0] for r in aging[1:]] == ["D", "E", "F", "Z"]
    assert aging[1][6] == 1000 and aging[2][1] == 500              # D 121 days past due; E not due
    exposure = {r[0]: r[1] for r in wb["Exposure"].iter_rows(min_row=2, values_only=True)}
    assert exposure == {"D": 1000, "E": 500, "F": 0, "Z": 5}
    issues = [r for r in wb["Issues"].iter_rows(min_row=2, values_only=True) if r[2] == "Client"]
    assert issues == [("Invoices", 4, "Client", "Warning", "Client 'Z' is not on the Debtors sheet: its 1 row(s) on this "
                       "sheet are kept under this code, with the cover of a client without a limit; add the client to "
                       "the Debtors sheet")]
    name_cell = next(c for c in wb["Aging"][2] if c.value and str(c.value).startswith("="))
    assert name_cell.data_type == "s"                               # a name starting with = stays text
    printed = capsys.readouterr().out
    assert "exposure" in printed and "1,505.00" in printed


def test_french_policy_gives_french_headers(tmp_path):
    src = make_workbook(tmp_path / "ar.xlsx", language="fr")
    out = tmp_path / "custom.xlsx"
    assert main(["run", str(src), "--out", str(out), "--as-of", "2025-06-30"]) == 0
    headers = next(openpyxl.load_workbook(out)["Exposure"].iter_rows(max_row=1, values_only=True))
    assert headers[:3] == ("Code client", "Encours", "Commandes en cours")


def test_headers_ids_writes_the_identifiers_and_codes(tmp_path, capsys):
    """--headers ids gives today's column names (and the codes in coded cells), in either language."""
    src = make_workbook(tmp_path / "ar.xlsx", language="fr")
    out = tmp_path / "ids.xlsx"
    assert main(["run", str(src), "--out", str(out), "--as-of", "2025-06-30", "--headers", "ids"]) == 0
    book = openpyxl.load_workbook(out)
    aging = next(book["Aging"].iter_rows(max_row=1, values_only=True))
    assert aging[:10] == ("debtor_id", "not_due", "d1_30", "d31_60", "d61_90", "d91_120", "over_120", "total", "dso", "dbt")
    assert list(next(book["Exposure"].iter_rows(max_row=1, values_only=True)))[:12] == [
        "debtor_id", "exposure", "open_orders", "exposure_with_orders", "eligible", "limit", "limit_type", "quotite",
        "covered", "insured_amount", "uninsured", "usage"]
    issues = list(book["Issues"].iter_rows(values_only=True))
    assert issues[0] == ("sheet", "row", "column", "severity", "message")
    assert ("Invoices", 4, "Client", "warning", "Le client « Z » n'est pas sur la feuille Debtors : ses 1 ligne(s) de cette "
            "feuille sont gardées sous ce code, avec la garantie d'un client sans limite ; ajoutez-le à la feuille "
            "Debtors") in issues
    capsys.readouterr()
    assert main(["validate", str(src), "--out", str(tmp_path / "v.xlsx"), "--headers", "ids"]) == 0
    assert "Attention   Invoices!Client ligne 4" in capsys.readouterr().out  # French, whatever the headers
    assert next(openpyxl.load_workbook(tmp_path / "v.xlsx")["Issues"].iter_rows(max_row=1, values_only=True))[0] == "sheet"


@pytest.mark.parametrize("content, message", [(b"not a workbook", "not an Excel .xlsx workbook"), (None, "no Invoices sheet")])
def test_unusable_workbook_exits_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.xlsx"
    if content is None:
        wb = xlsxwriter.Workbook(str(path))
        wb.add_worksheet("Debtors").write_row(0, 0, ["debtor_id"])
        wb.close()
    else:
        path.write_bytes(content)
    assert main(["run", str(path)]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("credit-addin:")]
    assert len(err) == 1 and message in err[0]  # progress lines aside, one line names the cause


def test_failed_write_leaves_previous_output_intact(tmp_path, monkeypatch):
    src = make_workbook(tmp_path / "ar.xlsx")
    assert main(["run", str(src)]) == 0
    out = tmp_path / "ar.results.xlsx"
    before = digest(out)

    def crash(path, frames, language, as_of=None, headers="labels"):
        path.write_bytes(b"half written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(book_module, "write_frames", crash)
    with pytest.raises(RuntimeError):
        main(["run", str(src)])
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_result_file_gets_ordinary_permissions(tmp_path):
    src = make_workbook(tmp_path / "ar.xlsx")
    assert main(["run", str(src)]) == 0
    assert (tmp_path / "ar.results.xlsx").stat().st_mode & 0o044  # readable by others, as files normally are


def test_validate_lists_issues(tmp_path, capsys):
    src = make_workbook(tmp_path / "ar.xlsx")
    assert main(["validate", str(src)]) == 0
    out = capsys.readouterr().out
    assert "Invoices!Client row 4" in out and "1 issue(s)" in out


def test_summary_first_says_what_was_left_out_then_the_data_quality(tmp_path, capsys):
    # a 4th invoice row without a client is left out with its 250: the first line says so, in the policy language
    wb = xlsxwriter.Workbook(str(tmp_path / "ar.xlsx"))
    ws = wb.add_worksheet("Policy")
    for r, row in enumerate([["Parameter", "Value"], ["as_of", "30/06/2025"], ["language", "en"]]):
        ws.write_row(r, 0, row)
    ws = wb.add_worksheet("Invoices")
    rows = [["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"], ["A", "D", "2025-06-01", "2025-07-01", 100],
            ["B", "D", "2025-06-01", "31/02/2025", 200], ["C", None, "2025-06-01", "2025-07-01", 250]]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    assert main(["run", str(tmp_path / "ar.xlsx")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "! 1 row(s) left out of the analysis, EUR 250 in all: see the Issues sheet"
    assert lines[2] == "  rows read / repaired / left out      3 / 1 / 1  (amount left out 250.00)"
    board = openpyxl.load_workbook(tmp_path / "ar.results.xlsx")["Dashboard"]
    assert board["A3"].value == "1 row(s) left out of the analysis, EUR 250 in all: see the Issues sheet"


def test_limits_lists_every_client_with_uninsured_exposure_and_why(capsys, tmp_path):
    from addin.cli import DEMO
    assert main(["limits", str(DEMO)]) == 0
    printed = capsys.readouterr().out
    # C023: 150-day terms against a maximum of 120, 28,597.67 uninsured, the largest of the demo
    line = next(line for line in printed.splitlines() if "C023" in line and "Délai au-delà du maximum" in line)
    assert "28597,67" in re.sub(r"\s", "", line)   # French: 28 597,67
def test_demo_language_en_copies_and_runs_the_english_demo(tmp_path, monkeypatch, capsys):
    """`credit-addin demo` is the French demo; `--language en` copies the English one (a small stand-in
    here, to stay fast) beside the user and runs it: its summary is in English."""
    from addin import cli
    english = make_workbook(tmp_path / "demo_en.xlsx", language="en")
    monkeypatch.setattr(cli, "DEMOS", {**cli.DEMOS, "en": english})
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["demo", "--language", "en"]) == 0
    printed = capsys.readouterr().out
    assert (work / "demo_en.xlsx").exists() and "Copied the demo workbook" in printed and "invoices read" in printed
    assert cli.DEMO == cli.DEMOS["fr"] == Path(cli.__file__).resolve().parents[1] / "workbooks" / "demo.xlsx"


def test_summary_figures_reconcile(demo_session):
    """Exposure = covered + uninsured, and the insured share is covered × quotité: the French
    demo's summary, against its Exposure sheet (1,101,847.30 = 981,861.54 + 119,985.76)."""
    done, _, console = demo_session
    shown = {m[0].strip(): float(m[1].replace("\u202f", "").replace(" ", "").replace(",", "."))
             for m in re.findall(r"^  (encours|couvert|non assuré|assuré) +([\d  \u202f]+,\d\d)", console, re.MULTILINE)}
    assert shown == {"encours": 1_101_847.30, "couvert": 981_861.54, "non assuré": 119_985.76, "assuré": 879_590.02}
    assert shown["encours"] == pytest.approx(shown["couvert"] + shown["non assuré"], abs=0.01)
    exposure = done.sheets["Exposure"]
    assert shown["assuré"] == pytest.approx((exposure["covered"] * exposure["quotite"]).sum(), abs=0.01)


def test_first_declaration_due_or_late():
    from addin.cli import first_due
    as_of = pd.Timestamp("2026-10-31")
    assert first_due(pd.Timestamp("2026-11-13"), as_of, "fr") == "  (première avant le 13/11/2026)"
    assert first_due(pd.Timestamp("2026-09-12"), as_of, "fr") == \
        "  (en retard : la première était à envoyer avant le 12/09/2026)"
    assert first_due(pd.NaT, as_of, "fr") == ""


def test_results_open_on_the_dashboard(demo_session):
    """The alerts, the data quality and what was left out are what the user sees first."""
    book = openpyxl.load_workbook(demo_session[1], read_only=False)
    assert book.active.title == "Dashboard"
    assert [ws.title for ws in book if ws.sheet_view.tabSelected] == ["Dashboard"]
