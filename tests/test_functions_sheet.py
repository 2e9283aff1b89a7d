"""The demo's Functions sheet (addin/build/functions_sheet.py): every example computes without an
error on the demo's own tables, and each array formula covers its whole result, so Excel 2016 and
2019 (no dynamic arrays) show the table as a legacy array formula, and Excel 365 spills it into
room of its own."""
from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from addin.build import functions_sheet as fs
from addin.cli import DEMO


@pytest.fixture(scope="module")
def committed():
    return openpyxl.load_workbook(DEMO)[fs.SHEET]


def test_every_example_computes_on_the_demo(demo_build):
    _, computed = demo_build
    errors = {name: value for name, value in computed.items() if isinstance(value, str)}
    assert errors == {}                                   # e.g. no "#CREDIT! no USD rate" in B9
    assert computed["CREDIT_FX_CONVERT"] == pytest.approx(870.0)     # 1,000 USD x 0.87 (FX row of 01/10/2026)
    assert computed["CREDIT_LATE_INTEREST"] == pytest.approx(318.85)
    assert computed["CREDIT_RECOMMENDED_LIMIT"] == pytest.approx(15_000)
    assert computed["CREDIT_PREMIUM"] == pytest.approx(3_000)


def test_array_formulas_cover_their_results_and_never_overlap(committed, demo_build):
    _, computed = demo_build
    placed = {p.example.function: p for p in fs.layout(computed)}
    arrays = {}
    for row in committed.iter_rows():
        for cell in row:
            if isinstance(cell.value, ArrayFormula):
                name = re.match(r"=(CREDIT_[A-Z_]+)\(", cell.value.text).group(1)
                arrays[name] = range_boundaries(cell.value.ref)       # (min_col, min_row, max_col, max_row)
    assert set(arrays) == {e.function for e in fs.ARRAYS}
    for name, (c1, r1, c2, r2) in arrays.items():
        p = placed[name]
        assert (r2 - r1 + 1, c2 - c1 + 1) == fs.shape(computed[name]) == (p.rows, p.columns), name
        assert (r1, c1) == (p.row + 1, p.column + 1), name
    spans = sorted((r1, r2) for _, r1, _, r2 in arrays.values())
    assert all(below[0] > above[1] + 1 for above, below in zip(spans, spans[1:]))   # a title row between
    assert max(fs.shape(computed[e.function])[0] for e in fs.ARRAYS) > 2             # tables, not a header cell


def test_formulas_are_written_from_the_examples(committed):
    formulas = {c.value.text if isinstance(c.value, ArrayFormula) else c.value
                for row in committed.iter_rows() for c in row
                if isinstance(c.value, ArrayFormula) or (isinstance(c.value, str) and c.value.startswith("=CREDIT"))}
    assert formulas == {e.formula for e in fs.EXAMPLES}
    assert fs.Example("CREDIT_FX_CONVERT", (1000, "USD", fs.AS_OF, fs.Table("FX"), "EUR")).formula \
        == '=CREDIT_FX_CONVERT(1000,"USD",AsOf,FX[#All],"EUR")'
    assert fs.Example("CREDIT_AGING", (fs.Table("Invoices"), fs.AS_OF, fs.BUCKETS, fs.LANGUAGE)).formula \
        == '=CREDIT_AGING(Invoices[#All],AsOf,"30,60,90,120",Lang)'   # the language of the Policy's `language` row
