"""--in-place, mark-sent and mark-reminded edit the user's workbook at the package level: only
the parts they own change, every other part keeps its very bytes (issue: reliability, cases 3,
8, 12 and 14)."""
import os
import shutil
import struct
import subprocess
import zipfile

import openpyxl
import pytest
import xlsxwriter

from addin.cli import main
from functions.analysis import SHEETS
RESULT_SHEETS = list(SHEETS)
from addin.workbook.package import rewrite

from rich_workbook import rich_workbook
from test_cli import make_workbook
from test_validity import audit, well_formed

# What each command may change; every other part must come out byte for byte.
BOOK_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}


def test_in_place_writes_result_sheets_and_keeps_a_backup(tmp_path, capsys):
    src = make_workbook(tmp_path / "ar.xlsx")
    original = src.read_bytes()
    inputs_before = {ws.title: list(ws.values) for ws in openpyxl.load_workbook(src)}
    assert main(["run", str(src), "--in-place"]) == 0
    backups = list(tmp_path.glob("ar.backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    wb = openpyxl.load_workbook(src)
    assert wb.sheetnames == ["Policy", "Debtors", "Invoices", *SHEETS]
    assert {name: list(wb[name].values) for name in inputs_before} == inputs_before
    exposure = {r[0]: r[1] for r in wb["Exposure"].iter_rows(min_row=2, values_only=True)}
    assert exposure == {"D": 1000, "E": 500, "F": 0, "Z": 5}  # Z, absent from Debtors, keeps its invoice (issue 19)
    name = next(c for c in wb["Aging"][2] if isinstance(c.value, str) and c.value.startswith("="))
    assert name.data_type == "s"
    # a second run replaces the result sheets instead of adding more
    assert main(["run", str(src), "--in-place"]) == 0
    assert openpyxl.load_workbook(src).sheetnames == wb.sheetnames


def stored(path):
    """Each part's stored form: (CRC, compressed size, compressed bytes)."""
    out = {}
    with open(path, "rb") as raw, zipfile.ZipFile(path) as z:
        for info in z.infolist():
            raw.seek(info.header_offset)
            name_length, extra_length = struct.unpack("<HH", raw.read(30)[26:30])
            raw.seek(info.header_offset + 30 + name_length + extra_length)
            out[info.filename] = (info.CRC, info.compress_size, raw.read(info.compress_size))
    return out


def sheet_part(path, name):
    from addin.workbook.safety import Package
    return Package(path).sheet_parts()[name]


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    """The rich workbook before, and after each of the three in-place commands in turn."""
    folder = tmp_path_factory.mktemp("rich")
    src = rich_workbook(folder / "ar.xlsm")
    states = {"before": folder / "before.xlsm"}
    shutil.copy(src, states["before"])
    for label, argv in (("run", ["run", str(src), "--in-place"]),
                        ("mark-sent", ["mark-sent", str(src), "overdue_notice:D:2025-05-01", "--in-place",
                                       "--date", "2025-06-30", "--reference", "=cmd|' /C calc'!A0"]),
                        ("mark-reminded", ["mark-reminded", str(src), "D", "1", "--in-place", "--date", "2025-06-30"]),
                        ("run again", ["run", str(src), "--in-place"])):
        assert main(argv) == 0, label
        states[label] = folder / f"{label}.xlsm"
        shutil.copy(src, states[label])
    return states


def changed(before, after):
    old, new = stored(before), stored(after)
    return {name for name in old if new.get(name) != old[name]}


def test_run_in_place_keeps_vba_ribbon_pivot_chart_image_textbox_rich_text_and_extensions(rich):
    before = stored(rich["before"])
    assert {"xl/vbaProject.bin", "customUI/customUI14.xml", "xl/pivotTables/pivotTable1.xml", "xl/charts/chart1.xml",
            "xl/media/image1.png", "xl/drawings/drawing1.xml", "xl/sharedStrings.xml"} <= set(before)
    assert changed(rich["before"], rich["run"]) <= BOOK_PARTS  # sheets, drawings, pivot, VBA ... byte for byte
    added = set(stored(rich["run"])) - set(before)
    assert all(n.startswith(("xl/worksheets/", "xl/drawings/", "xl/charts/")) for n in added)
    sheets = openpyxl.load_workbook(rich["run"], read_only=True).sheetnames
    assert sheets == ["Policy", "Debtors", "Invoices", "Register", "Data", "Pivot", *RESULT_SHEETS]


def test_mark_sent_changes_only_the_register_and_inserts_above_its_totals_row(rich):
    register, table = sheet_part(rich["run"], "Register"), "xl/tables/table1.xml"
    assert changed(rich["run"], rich["mark-sent"]) <= {register, table, "xl/styles.xml"}
    sheet = openpyxl.load_workbook(rich["mark-sent"])["Register"]
    rows = [r[:7] for r in sheet.iter_rows(max_row=7, values_only=True)]
    assert rows[1][:3] == ("overdue_notice:E:2025-01-01", "overdue_notice", "E")
    assert rows[2][:5] == ("overdue_notice:D:2025-05-01", "overdue_notice", "D", None, "sent")
    assert rows[2][5].date().isoformat() == "2025-06-30" and rows[2][6] == "=cmd|' /C calc'!A0"
    assert sheet["G3"].data_type == "s"                        # a reference starting with = stays text
    assert rows[3][:3] == ("Total", None, "=SUBTOTAL(103,[debtor_id])")  # the totals row moved down
    assert sheet["A7"].value == "Notes below the table"       # so did what lay below it
    assert sheet.tables["Register"].ref == "A1:H4"
    assert sheet.tables["Register"].autoFilter.ref == "A1:H3"


def test_mark_reminded_adds_the_actions_sheet_and_keeps_the_rest(rich):
    assert changed(rich["mark-sent"], rich["mark-reminded"]) <= BOOK_PARTS
    actions = list(openpyxl.load_workbook(rich["mark-reminded"])["Actions"].iter_rows(values_only=True))
    assert actions[0] == ("debtor_id", "invoice_id", "date", "action", "note")
    assert actions[1][:2] == ("D", "A") and actions[1][4] == "reminder:D:1:2025-03-01"


def result_parts(path):
    """The result sheets' parts and what only they use (the Dashboard's drawing and charts)."""
    from addin.workbook.safety import Package
    parts = {p for n, p in Package(path).sheet_parts().items() if n in RESULT_SHEETS}
    with zipfile.ZipFile(path) as z:
        ours = {n for n in z.namelist() if n.startswith(("xl/charts/chart", "xl/drawings/")) and "1.xml" not in n}
    return parts | {p.replace("worksheets/", "worksheets/_rels/") + ".rels" for p in parts} | ours


def test_a_second_run_replaces_its_sheets_and_leaves_the_rest(rich):
    assert changed(rich["mark-reminded"], rich["run again"]) <= BOOK_PARTS | result_parts(rich["mark-reminded"])
    names = openpyxl.load_workbook(rich["run again"], read_only=True).sheetnames
    assert names.count("Aging") == 1 and names[-1] == "Actions"
    with zipfile.ZipFile(rich["run"]) as one, zipfile.ZipFile(rich["run again"]) as two:
        assert len(two.namelist()) == len(one.namelist()) + 1      # the Actions sheet, nothing piling up


@pytest.mark.parametrize("state", ["run", "mark-sent", "mark-reminded", "run again"])
def test_in_place_outputs_are_valid(rich, state):
    assert audit(rich[state]) + well_formed(rich[state]) == []


def existing_results_workbook(path, names):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    make = make_workbook(path.with_name("plain.xlsx"))
    for sheet in openpyxl.load_workbook(make):
        ws = wb.add_worksheet(sheet.title)
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            ws.write_row(r, 0, row)
    for name in names:
        wb.add_worksheet(name).write(0, 0, "old")
    wb.close()
    return path


def test_result_sheets_match_whatever_their_case(tmp_path):
    src = existing_results_workbook(tmp_path / "ar.xlsx", ["aging", "ISSUES"])
    for _ in range(2):
        assert main(["run", str(src), "--in-place"]) == 0
    names = openpyxl.load_workbook(src, read_only=True).sheetnames
    assert [n for n in names if n.lower() in ("aging", "issues") or n.lower().startswith("aging")] == ["Aging", "Issues"]
    assert len(names) == 3 + len(RESULT_SHEETS)
    assert audit(src) + well_formed(src) == []


def test_a_control_character_written_as_excel_escape_goes_through(tmp_path):
    src = make_workbook(tmp_path / "ar.xlsx", name_d="Dupont\x0bSA")  # stored as Dupont_x000B_SA
    with zipfile.ZipFile(src) as z:
        assert b"Dupont_x000B_SA" in z.read("xl/sharedStrings.xml")
    debtors = sheet_part(src, "Debtors")
    before = stored(src)
    assert main(["run", str(src), "--in-place"]) == 0
    assert stored(src)[debtors] == before[debtors] and stored(src)["xl/sharedStrings.xml"] == before["xl/sharedStrings.xml"]
    names = [r[-1] for r in openpyxl.load_workbook(src)["Aging"].iter_rows(min_row=2, values_only=True)]
    assert sum(str(n).startswith("Dupont") for n in names) == 1


def test_rewrite_copies_parts_as_stored(tmp_path):
    src = make_workbook(tmp_path / "ar.xlsx")
    out = tmp_path / "out.xlsx"
    rewrite(src, out, {"xl/worksheets/sheet1.xml": None, "extra/new.xml": b"<x/>"})
    old, new = stored(src), stored(out)
    assert "xl/worksheets/sheet1.xml" not in new and new["extra/new.xml"][0] != 0
    assert {n: v for n, v in new.items() if n != "extra/new.xml"} == {n: v for n, v in old.items()
                                                                      if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None


@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("REQUIRE_LIBREOFFICE") != "1",
                    reason="LibreOffice not installed")
def test_libreoffice_opens_the_edited_workbook(rich, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(tmp_path / "lo"), str(rich["run again"])], check=True, capture_output=True,
                   timeout=180)
    book = openpyxl.load_workbook(tmp_path / "lo" / "run again.xlsx")
    assert book["Register"]["A3"].value == "overdue_notice:D:2025-05-01"
    assert book["Actions"]["E2"].value == "reminder:D:1:2025-03-01"
    assert [r[0] for r in book["Exposure"].iter_rows(min_row=2, values_only=True)] == ["D", "E"]


def register_workbook(path, table_rows=None):
    """Policy, Debtors, Invoices and a Register of two rows: a plain range, or an Excel table
    spanning `table_rows` rows (blank ones below the data, as tables often end)."""
    make_workbook(path.with_name("plain.xlsx"))
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    for sheet in openpyxl.load_workbook(path.with_name("plain.xlsx")):
        ws = wb.add_worksheet(sheet.title)
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            ws.write_row(r, 0, row)
    ws = wb.add_worksheet("Register")
    rows = [["N° déclaration", "Type", "Client", "Période", "Statut"],
            ["turnover:2025-Q1", "turnover", None, "2025-Q1", "sent"],
            ["turnover:2025-Q2", "turnover", None, "2025-Q2", "sent"]]
    if table_rows:
        ws.add_table(0, 0, table_rows, 4, {"data": rows[1:], "columns": [{"header": h} for h in rows[0]]})
    else:
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    return path


@pytest.mark.parametrize("table_rows", [None, 6])
def test_mark_sent_appends_after_the_last_row_holding_a_value(tmp_path, table_rows):
    src = register_workbook(tmp_path / "ar.xlsx", table_rows)
    assert main(["mark-sent", str(src), "turnover:2025-Q3", "--in-place"]) == 0
    sheet = openpyxl.load_workbook(src)["Register"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, max_row=4, values_only=True)] == \
        ["turnover:2025-Q1", "turnover:2025-Q2", "turnover:2025-Q3"]
    assert (sheet["C4"].value, sheet["D4"].value, sheet["E4"].value) == (None, "2025-Q3", "sent")
    if table_rows:
        assert sheet.tables["Table1"].ref == "A1:E7"                  # its blank rows took the new one
    assert audit(src) + well_formed(src) == []
