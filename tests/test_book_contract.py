"""Both Book implementations give the same run on the same workbook content."""
import openpyxl
import pandas as pd
import pytest

from addin import run as pipeline
from addin.workbook.book import FileBook
from addin.excel.xlbook import XlBook, com_values

from fake_xlwings import FakeBook
from test_cli import make_workbook
from functions.analysis import SHEETS
from tests.builders import assert_sheets_equal


def com_rows(ws):
    """Cell values as Excel hands them to Python through COM (numbers are floats)."""
    return [[float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in row] for row in ws.values]


@pytest.fixture
def books(tmp_path):
    path = make_workbook(tmp_path / "ar.xlsx")
    wb = openpyxl.load_workbook(path)
    fake = FakeBook("ar.xlsx", {ws.title: com_rows(ws) for ws in wb}, folder=str(tmp_path))
    return FileBook(path, tmp_path / "out.xlsx", quiet=True), XlBook(fake), fake


def test_same_results_from_file_and_excel(books):
    file_book, xl_book, _ = books
    a = pipeline.run(file_book, write=False)
    b = pipeline.run(xl_book, write=False)
    assert a.as_of == b.as_of
    assert_sheets_equal(a.sheets, b.sheets, check_dtype=False)
    assert a.inputs.issues == b.inputs.issues


def test_excel_book_writes_result_sheets_only(books):
    _, xl_book, fake = books
    inputs_before = {s.name: dict(s.cells) for s in fake.sheets}
    pipeline.run(xl_book)
    names = [s.name for s in fake.sheets]
    assert names == ["Policy", "Debtors", "Invoices", *list(SHEETS)]
    assert {n: fake.sheet(n).cells for n in inputs_before} == inputs_before
    exposure = fake.sheet("Exposure")
    assert exposure.cells[(1, 1)] == "Client code" and exposure.cells[(2, 1)] == "D"   # the workbook's language
    assert exposure.cells[(2, 2)] == 1000.0
    assert fake.app.status_bar.startswith(f"Credit insurance: {len(list(SHEETS))} result sheet(s)")
    # a name Excel would take for a formula is written as text (apostrophe prefix)
    assert any(v == "'=HYPERLINK(\"http://x\")" for v in fake.sheet("Aging").cells.values())
    # a second run replaces the sheet content instead of adding sheets
    pipeline.run(xl_book)
    assert [s.name for s in fake.sheets] == names


def test_com_values_conventions():
    values = com_values(pd.Series([1, 2.5, float("nan"), None, "=x", "ok", True], dtype=object))
    assert values == [1.0, 2.5, None, None, "'=x", "ok", True]
    dates = com_values(pd.Series(pd.to_datetime(["2025-01-31", None])))
    assert dates[0].year == 2025 and dates[1] is None
    # typed columns take the fast paths, with the same conventions
    assert com_values(pd.Series(["=SUM(A1)", None, "-5 days", "ok"], dtype="str")) == ["'=SUM(A1)", None, "'-5 days", "ok"]
    assert com_values(pd.Series([1, None, 3], dtype="Int64")) == [1.0, None, 3.0]
    assert com_values(pd.Series([True, False])) == [True, False]
    assert com_values(pd.Series([True, None], dtype="boolean")) == [True, None]
    assert com_values(pd.Series([], dtype="str")) == []
