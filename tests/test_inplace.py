"""--in-place: only result sheets change, a backup is kept, fragile workbooks are refused."""
import hashlib
import zipfile

import openpyxl
import pytest
import xlsxwriter

from addin.cli import main
from addin.workbook.inplace import fragile_content
from functions.analysis import SHEETS

from test_cli import make_workbook


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


def chart_workbook(path):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"])
    ws.write_row(1, 0, ["A", "D", "2025-01-01", "2025-02-01", 10])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Invoices!$E$2:$E$2"})
    ws.insert_chart("G2", chart)
    wb.close()
    return path


def with_part(path, name, data=b"x"):
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(name, data)
    return path


@pytest.mark.parametrize("build, lost", [
    (lambda p: chart_workbook(p), "charts"),
    (lambda p: with_part(make_workbook(p), "xl/vbaProject.bin"), "VBA macros"),
    (lambda p: with_part(make_workbook(p), "customUI/customUI14.xml"), "a custom ribbon"),
    (lambda p: with_part(make_workbook(p), "xl/pivotTables/pivotTable1.xml"), "pivot tables"),
    (lambda p: with_part(make_workbook(p), "xl/media/image1.png"), "images"),
    (lambda p: with_part(make_workbook(p), "xl/worksheets/sheet9.xml", b"<worksheet><extLst/></worksheet>"), "extension lists"),
])
def test_refuses_workbooks_whose_parts_would_be_lost(tmp_path, capsys, build, lost):
    src = build(tmp_path / "ar.xlsx")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    assert any(lost in item for item in fragile_content(src))
    assert main(["run", str(src), "--in-place"]) == 2
    assert "--in-place refused" in capsys.readouterr().err
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.backup-*"))


def test_plain_workbook_is_not_fragile(tmp_path):
    assert fragile_content(make_workbook(tmp_path / "ar.xlsx")) == []
