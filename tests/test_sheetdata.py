"""Result cells built a column at a time (addin.workbook.sheetdata) read back as what was written."""
from datetime import datetime
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from addin.workbook import sheetdata
from addin.workbook.read import ContractError
from addin.workbook.writer import write_frames

FRAME = pd.DataFrame({
    "debtor_id": ["A&B <x>", " lead", "ctl\x01char", "_x0041_", None, "x" * 40000],
    "amount": [1.5, -2.0, np.nan, 1e16, 0.1, 3.0],
    "count": pd.Series([1, 2, None, 4, 5, 6], dtype="Int64"),
    "flag": [True, False, True, False, True, False],
    "due_date": pd.to_datetime(["2024-01-01", None, "2026-10-31", "1900-01-01", "2024-02-29", "2024-01-01 12:00"],
                               format="ISO8601"),
    "value": [1, "text", 2.5, None, True, np.float64(3)]})


@pytest.fixture(scope="module", params=[1, 2, 1000])
def written(request, tmp_path_factory):
    """The frame written with chunks of 1, 2 and 1,000 rows."""
    path = tmp_path_factory.mktemp("sheetdata") / "out.xlsx"
    chunk, sheetdata.CHUNK_ROWS = sheetdata.CHUNK_ROWS, request.param
    try:
        write_frames(path, {"Exposure": FRAME, "Issues": FRAME.iloc[:0]}, "en", headers="ids")
    finally:
        sheetdata.CHUNK_ROWS = chunk
    return path


def test_values_read_back(written):
    back = pd.read_excel(written, sheet_name="Exposure", engine="calamine")
    assert back["debtor_id"].tolist()[:4] == ["A&B <x>", " lead", "ctl\x01char", "_x0041_"]  # escapes undone
    assert pd.isna(back["debtor_id"][4]) and back["debtor_id"][5] == "x" * 32767  # Excel's cell limit
    assert back["amount"].tolist()[:2] == [1.5, -2.0] and back["amount"].tolist()[3:] == [1e16, 0.1, 3.0]
    assert back["flag"].tolist() == FRAME["flag"].tolist()
    ws = openpyxl.load_workbook(written)["Exposure"]
    assert [ws.cell(r, 5).value for r in range(2, 8)] == [
        datetime(2024, 1, 1), None, datetime(2026, 10, 31), datetime(1900, 1, 1), datetime(2024, 2, 29),
        datetime(2024, 1, 1, 12)]
    assert [ws.cell(r, 6).value for r in range(2, 8)] == [1, "text", 2.5, None, True, 3]
    assert ws.cell(4, 3).value is None and ws.cell(4, 2).value is None  # missing: no cell


def test_formats_and_layout_kept(written):
    ws = openpyxl.load_workbook(written)["Exposure"]
    assert ws.cell(2, 2).number_format == "#,##0.00" and ws.cell(7, 2).number_format == "#,##0.00"
    assert ws.cell(2, 3).number_format == "0" and ws.cell(7, 5).number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F7" and ws.dimensions == "A1:F7"
    assert openpyxl.load_workbook(written)["Issues"].max_row == 1  # an empty sheet keeps its header only


def test_same_input_same_bytes(written, tmp_path):
    again = tmp_path / "again.xlsx"
    write_frames(again, {"Exposure": FRAME, "Issues": FRAME.iloc[:0]}, "en", headers="ids")
    with zipfile.ZipFile(written) as a, zipfile.ZipFile(again) as b:
        assert [(i.filename, i.date_time) for i in a.infolist()] == [(i.filename, i.date_time) for i in b.infolist()]
        assert all(a.read(n) == b.read(n) for n in a.namelist())


def test_cell_xml_by_hand():
    rows = np.array(["2", "3"], dtype=object)
    assert sheetdata.cells(pd.Series([12.5, np.nan]), "B", rows, "3").tolist() == ['<c r="B2" s="3"><v>12.5</v></c>', ""]
    assert sheetdata.cells(pd.Series([7.0, -0.25]), "C", rows, "1").tolist() == [
        '<c r="C2" s="1"><v>7</v></c>', '<c r="C3" s="1"><v>-0.25</v></c>']
    assert sheetdata.cells(pd.Series(["A & B", " x"]), "A", rows, "1").tolist() == [
        '<c r="A2" s="1" t="inlineStr"><is><t>A &amp; B</t></is></c>',
        '<c r="A3" s="1" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c>']
    assert sheetdata.cells(pd.Series([True, False]), "D", rows, "0").tolist() == [
        '<c r="D2" s="0" t="b"><v>1</v></c>', '<c r="D3" s="0" t="b"><v>0</v></c>']


def test_dates_are_written_as_excel_serials():
    dates = pd.Series(pd.to_datetime(["1900-01-01", "1900-02-28", "1900-03-01", "2024-01-01", "2024-01-01 12:00", None], format="ISO8601"))
    # Excel: 1 Jan 1900 = 1, 28 Feb 1900 = 59, (phantom 29 Feb = 60), 1 Mar 1900 = 61, 1 Jan 2024 = 45292
    assert sheetdata.excel_serials(dates).tolist()[:5] == [1.0, 59.0, 61.0, 45292.0, 45292.5]


def test_a_sheet_longer_than_excel_is_refused_not_cut(tmp_path, monkeypatch):
    from addin.workbook import writer as xlsx
    monkeypatch.setattr(xlsx, "MAX_ROWS", 6)
    with pytest.raises(ContractError, match=r"Exposure \(6 rows\)"):  # the command line prints it
        write_frames(tmp_path / "out.xlsx", {"Exposure": FRAME}, "en")
    assert not (tmp_path / "out.xlsx").exists()
