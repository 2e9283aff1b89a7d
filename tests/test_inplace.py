"""--in-place: only result sheets change, a backup is kept, fragile workbooks are refused."""
import hashlib
import zipfile

import openpyxl
import pytest
import xlsxwriter

from addin.cli import main
from addin.run import RESULT_SHEETS

from test_cli import make_workbook


def test_in_place_writes_result_sheets_and_keeps_a_backup(tmp_path, capsys):
    src = make_workbook(tmp_path / "ar.xlsx")
    original = src.read_bytes()
    inputs_before = {ws.title: list(ws.values) for ws in openpyxl.load_workbook(src)}
    assert main(["run", str(src), "--in-place"]) == 0
    backups = list(tmp_path.glob("ar.backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    wb = openpyxl.load_workbook(src)
    assert wb.sheetnames == ["Policy", "Debtors", "Invoices", *RESULT_SHEETS]
    assert {name: list(wb[name].values) for name in inputs_before} == inputs_before
    exposure = {r[0]: r[1] for r in wb["Exposure"].iter_rows(min_row=2, values_only=True)}
    assert exposure == {"D": 1000, "E": 500, "F": 0}
    name = next(c for c in wb["Aging"][2] if isinstance(c.value, str) and c.value.startswith("="))
    assert name.data_type == "s"
    # a second run replaces the result sheets instead of adding more
    assert main(["run", str(src), "--in-place"]) == 0
    assert openpyxl.load_workbook(src).sheetnames == wb.sheetnames
