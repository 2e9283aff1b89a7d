"""Wrong output the reliability issue found (cases 6, 7 and 13): text XML cannot hold, Policy
values out of range, more Issues than a sheet holds."""
import os
import shutil
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from addin import run as pipeline
from addin.cli import main
from addin.workbook.book import FileBook
from addin.workbook import writer
from addin.workbook.sheetdata import xml_safe

from test_validity import audit, well_formed

FORBIDDEN = ["Acme\ufffe SA", "Bolt\uffff SARL", "Cyan\ufffe\uffff"]


def workbook(path, debtors, invoices, policy=(("as_of", "30/06/2025"), ("language", "en"))):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    for name, rows in (("Policy", [("Parameter", "Value"), *policy]), ("Debtors", [("debtor_id", "name"), *debtors]),
                       ("Invoices", [("invoice_id", "debtor_id", "invoice_date", "due_date", "amount"), *invoices])):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def forbidden_names(path):
    """Sixty clients, some of whose names hold U+FFFE or U+FFFF raw in the XML, as a hostile
    file may (XlsxWriter itself would write them as _xFFFE_)."""
    debtors = [(f"D{k:02d}", FORBIDDEN[k % 3] if k % 4 == 0 else f"Client {k}") for k in range(60)]
    invoices = [(f"F{k}", f"D{k:02d}", "2025-05-01", "2025-06-01", 100 + k) for k in range(60)]
    workbook(path, debtors, invoices)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    strings = parts["xl/sharedStrings.xml"]
    parts["xl/sharedStrings.xml"] = strings.replace(b"_xFFFE_", "\ufffe".encode()).replace(b"_xFFFF_", "\uffff".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def forbidden_results(tmp_path_factory):
    src = forbidden_names(tmp_path_factory.mktemp("xml") / "ar.xlsx")
    pipeline.run(FileBook(src, quiet=True), documents=False)  # the sheets are what is looked at here
    return src.with_name("ar.results.xlsx")


def test_characters_xml_forbids_are_replaced(forbidden_results):
    assert well_formed(forbidden_results) == [] and audit(forbidden_results) == []   # was: raw U+FFFE in the sheet
    names = [r[-1] for r in openpyxl.load_workbook(forbidden_results)["Aging"].iter_rows(min_row=2, values_only=True)]
    assert len(names) == 60 and names[0] == "Acme\ufffd SA" and names[8] == "Cyan\ufffd\ufffd"


@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("REQUIRE_LIBREOFFICE") != "1",
                    reason="LibreOffice not installed")
def test_libreoffice_shows_every_row(forbidden_results, tmp_path):
    """LibreOffice used to stop reading the sheet at the first raw U+FFFE: 13 of 60 Aging rows."""
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(forbidden_results)],
                   check=True, capture_output=True, timeout=180)
    aging = openpyxl.load_workbook(tmp_path / forbidden_results.name)["Aging"]
    assert aging.max_row == 61 and aging.cell(2, 1).value == "D00"


def test_every_writer_makes_text_xml_safe(tmp_path):
    assert xml_safe("a\ud800b\ufffec\U0001f600") == "a\ufffdb\ufffdc\U0001f600"
    csv = tmp_path / "export.csv"
    csv.write_text("invoice_id;debtor_id;invoice_date;due_date;amount\nA;Bolt\uffff;01/01/2025;01/02/2025;10\n")
    out = tmp_path / "imported.xlsx"
    assert main(["import", str(csv), "--out", str(out)]) == 0
    assert well_formed(out) == []
    frame = pd.DataFrame({"sheet": ["Debtors"], "row": pd.array([2], dtype="Int64"), "column": ["name"],
                          "severity": ["error"], "message": pd.Series(["'x\ud800' is not\x0b text"], dtype=object)})
    writer.write_frames(tmp_path / "issues.xlsx", {"Issues": frame}, "en")      # a lone surrogate used to crash
    assert well_formed(tmp_path / "issues.xlsx") == []
    with zipfile.ZipFile(tmp_path / "issues.xlsx") as z:
        assert "'x\ufffd' is not_x000B_ text" in z.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("value, shown", [(90, "quotite_named = 90 (row 4) is outside 0 to 1 (a share: did you mean 0.90?)"),
                                          (2, "quotite_named = 2 (row 4) is outside 0 to 1"),
                                          (-1, "quotite_named = -1 (row 4) is outside 0 to 1")])
def test_a_quotite_out_of_range_stops_the_run(tmp_path, capsys, value, shown):
    """A quotité of 90 (a percentage typed) used to insure 84 M on 1.1 M of exposure."""
    src = workbook(tmp_path / "ar.xlsx", [("D", "Dupont")], [("A", "D", "2025-05-01", "2025-06-01", 100)],
                   policy=(("as_of", "30/06/2025"), ("language", "en"), ("quotite_named", value)))
    assert main(["run", str(src)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"credit-addin: Policy sheet: {shown}") and not (tmp_path / "ar.results.xlsx").exists()


def test_policy_refusal_in_french(tmp_path, capsys):
    src = workbook(tmp_path / "ar.xlsx", [("D", "Dupont")], [("A", "D", "2025-05-01", "2025-06-01", 100)],
                   policy=(("language", "fr"), ("premium_rate", -1), ("quotite_non_named", 60)))
    assert main(["run", str(src)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "credit-addin: Feuille Policy : quotite_non_named = 60 (ligne 4) est hors de 0 à 1 (une part : vouliez-vous "
        "dire 0,60 ?) ; premium_rate = -1 (ligne 3) est hors de 0 à 1. Corrigez-la puis relancez")


def test_cap_issues_counts_the_rest_by_kind():
    issues = pd.DataFrame({"sheet": ["Invoices"] * 5, "row": pd.array([2, 3, 4, 5, 6], dtype="Int64"),
                           "column": ["amount"] * 5, "severity": ["error"] * 5,
                           "message": ["'a' is not an amount", "'b' is not an amount", "'c' is not an amount",
                                       "amount is empty", "'d' is not an amount"]})
    capped = writer.cap_issues(issues, "en", cap=2)
    assert capped["message"].tolist() == ["'a' is not an amount", "'b' is not an amount",
                                          "2 more issue(s) like this one, not listed: '…' is not an amount",
                                          "1 more issue(s) like this one, not listed: amount is empty"]
    assert capped["row"].isna().tolist() == [False, False, True, True]
    assert writer.cap_issues(issues, "fr", cap=4)["message"].iloc[-1] == \
        "1 autre(s) problème(s) de ce type, non détaillé(s) : '…' is not an amount"


def test_more_issues_than_a_sheet_holds_still_give_results(tmp_path, capsys, monkeypatch):
    """270,000 junk rows used to end the run (exit 2, no results): here a sheet of 300 rows."""
    monkeypatch.setattr(writer, "MAX_ROWS", 300)
    junk = [(f"F{k}", "D", "2025-05-01", "2025-06-01", "abc") for k in range(400)]
    src = workbook(tmp_path / "ar.xlsx", [("D", "Dupont")], [("A", "D", "2025-05-01", "2025-06-01", 100), *junk])
    assert main(["run", str(src)]) == 0
    rows = list(openpyxl.load_workbook(tmp_path / "ar.results.xlsx")["Issues"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 152 and rows[149] == ("Invoices", 152, "amount", "Error", "'abc' is not an amount; row skipped")
    assert rows[150] == ("Invoices", None, "amount", "Error",
                         "250 more issue(s) like this one, not listed: '…' is not an amount; row skipped")
    assert rows[151][2:4] == ("amount_excl_vat", "Warning") and rows[151][4].startswith("1 more issue(s) like this")
