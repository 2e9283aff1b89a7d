"""Worksheet functions and ribbon macros given the values Excel hands over through COM, through
xlwings' own Windows code (tests/fake_pywin32.py: only pywin32 and the Windows DLLs stubbed):
Decimal amounts (Currency/Accounting formats), timezone-aware pywintypes dates, COM error
integers, omitted arguments, single cells, empty cells."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from addin import run as pipeline
from addin.cli import DEMO
from addin.excel import macros
from addin.excel.xlbook import XlBook

import fake_pywin32 as com
from fake_xlwings import FakeBook, FakeTable, FakeRange
from test_udfs import DEBTORS, INVOICES, PAYMENTS

MODULE = "addin.excel.udfs"
DEMO_AGING_TOTAL = 1_101_847.30     # the demo's aged balance (issue 20), also the headless run's


@pytest.fixture(scope="module")
def excel():
    """`call(name, *args)`: the function as Excel's VBA wrapper calls it (XLPython.CallUDF, the
    workbook and caller left out as when called from VBA)."""
    with com.windows_xlwings() as windows:
        server = windows.com_server.XLPython()
        yield lambda name, *args: server.CallUDF(MODULE, name, args, None, None)


def as_com(value, amount: bool = False):
    """A cell's value as pywin32 gives it: dates as UTC pywintypes datetimes; amounts formatted
    as Currency as Decimal (4 decimals at most, Excel's Currency type)."""
    if isinstance(value, dt.datetime):
        return com.com_datetime(value.year, value.month, value.day)
    if amount and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(f"{value:.2f}")
    return value


def com_table(rows, amount_columns=("Montant TTC", "amount")):
    header = rows[0]
    return com.com_range([header] + [[as_com(v, header[j] in amount_columns) for j, v in enumerate(r)]
                                     for r in rows[1:]])


# ---- worksheet functions ------------------------------------------------------------------------

def test_decimal_amounts_and_pywintypes_dates_give_the_float_results(excel):
    """test_udfs' hand-checked aging: D is owed 1000 (over 120 days) + 250.50 - 200 paid, E 500
    not due; the same cells formatted as Currency (Decimal) and dates as pywintypes."""
    floats = {r[0]: r for r in excel("CREDIT_AGING", com.com_range(INVOICES), com.com_range(PAYMENTS),
                                     com.com_range(DEBTORS), com.com_datetime(2025, 6, 30), com.MISSING)[1:]}
    decimals = excel("CREDIT_AGING", com_table(INVOICES), com_table(PAYMENTS), com_table(DEBTORS),
                     com.com_datetime(2025, 6, 30), com.MISSING)
    header, rows = decimals[0], {r[0]: r for r in decimals[1:]}
    total = header.index("Total")
    assert rows == floats
    assert rows["D"][total] == pytest.approx(1050.50) and rows["E"][total] == pytest.approx(500.0)


def test_error_cells_are_reported_not_read_as_blanks(excel):
    """An invoice amount holding #N/A would otherwise count as nothing: the function says which."""
    rows = [list(r) for r in INVOICES]
    rows[1][4] = com.ERRORS["#N/A"]
    out = excel("CREDIT_AGING", com.com_range(rows), com.MISSING, com.MISSING, com.com_datetime(2025, 6, 30),
                com.MISSING)
    totals = {r[0]: r[out[0].index("Total")] for r in out[1:]}
    assert totals["D"] == pytest.approx(250.50)      # invoice A (the #N/A) left out, reported by validation
    assert excel("CREDIT_LATE_INTEREST", com.com_range([[com.ERRORS["#N/A"]]]), com.com_datetime(2025, 5, 15),
                 com.com_datetime(2025, 8, 15), com.MISSING, com.MISSING) == "#CREDIT! amount : contient l'erreur Excel #N/A"
    assert excel("CREDIT_NOTIFY_BY", com.com_range([[com.ERRORS["#REF!"]]]),
                 com.com_range([["Parameter", "Value"], ["language", "en"]])) \
        == "#CREDIT! due_date: holds the Excel error #REF!"  # the Policy argument's language


def test_single_cells_missing_and_empty_arguments(excel):
    """A single cell arrives as its value, an omitted argument as the Python default, an empty
    cell as None: hand-checked French late interest 10,000 x (ECB 2.40% + 10) x 92/365 = 318.85
    (test_udfs), the Currency-formatted amount as Decimal."""
    interest = excel("CREDIT_LATE_INTEREST", com.com_range([[Decimal("10000")]]), com.com_datetime(2025, 5, 15),
                     com.com_datetime(2025, 8, 15), com.MISSING, com.MISSING)
    assert interest == pytest.approx(318.85, abs=0.005)
    # 365,000 x 60 / 365 x 1.2 = 72,000, capped at 15% of 100,000 for grade B
    assert excel("CREDIT_RECOMMENDED_LIMIT", com.com_range([[Decimal("365000")]]), 60.0, Decimal("100000"), "B",
                 com.MISSING) == pytest.approx(15_000)
    assert excel("CREDIT_RECOMMENDED_LIMIT", 365000.0, 60.0, com.com_range([[None]]), com.MISSING,
                 com.MISSING) == pytest.approx(72_000)
    assert excel("CREDIT_PREMIUM", Decimal("1000000"), 0.0025, com.MISSING) == pytest.approx(2_500)
    # due 31/07/2026 + 60 days' extension + 30 = 29/10/2026; xlwings hands a date to COM marked UTC, unshifted
    assert excel("CREDIT_NOTIFY_BY", com.com_datetime(2026, 7, 31), com.MISSING) \
        == dt.datetime(2026, 10, 29, tzinfo=dt.timezone.utc)


def test_fx_convert_takes_its_currency_code(excel):
    """The renamed parameter (`currency` is reserved in VBA): 1,000 USD at 1.10 USD per EUR."""
    fx = com.com_range([("currency", "date", "rate"), ("USD", com.com_datetime(2025, 6, 1), 0.9)])
    assert excel("CREDIT_FX_CONVERT", Decimal("1000"), "USD", com.com_datetime(2025, 6, 30), fx, com.MISSING) \
        == pytest.approx(900.0)
    assert excel("CREDIT_FX_CONVERT", 1000.0, "GBP", com.com_datetime(2025, 6, 30), fx, com.MISSING) \
        == "#CREDIT! pas de cours GBP au 2025-06-30 ou avant dans la table FX"


def test_returned_text_keeps_its_first_character(excel):
    """A result cell is a value, never a formula: `-`, `=`, `+`, `@` at the start stay as typed
    (no apostrophe), unlike text the ribbon writes into cells."""
    debtors = [["debtor_id", "name"], ["@HOME", "@Home SARL"], ["-7", "=Dupont"]]
    invoices = [["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"],
                ["A", "@HOME", dt.datetime(2025, 2, 1), dt.datetime(2025, 3, 1), 100.0],
                ["B", "-7", dt.datetime(2025, 2, 1), dt.datetime(2025, 3, 1), 50.0]]
    out = excel("CREDIT_AGING", com.com_range(invoices), com.MISSING, com.com_range(debtors),
                com.com_datetime(2025, 6, 30), com.MISSING)
    assert sorted(r[0] for r in out[1:]) == ["-7", "@HOME"]


# ---- the demo's Currency-formatted tables, both paths -----------------------------------------

AMOUNTS = {"Invoices": ("Montant TTC",), "Payments": ("Montant",)}  # the French demo's headers


def demo_com_sheets() -> dict[str, list[list]]:
    """The demo workbook's sheets as COM reads them, amounts formatted as Currency (Decimal)."""
    wb = openpyxl.load_workbook(DEMO)
    sheets = {}
    for ws in wb:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if not rows:
            continue
        header = rows[0]
        money = {j for j, h in enumerate(header) if h in AMOUNTS.get(ws.title, ())}
        sheets[ws.title] = [header] + [[as_com(float(v) if isinstance(v, int) and not isinstance(v, bool) else v,
                                               j in money) for j, v in enumerate(r)] for r in rows[1:]]
    assert all(isinstance(r[sheets["Invoices"][0].index("Montant TTC")], Decimal) for r in sheets["Invoices"][1:])
    return sheets


@pytest.fixture(scope="module")
def headless_total(demo_results) -> float:
    return float(demo_results[0].sheets["Aging"]["total"].sum())  # tests/conftest.py: the demo's run


def test_demo_with_currency_amounts_worksheet_function(excel, headless_total):
    sheets = demo_com_sheets()
    as_of = next(r[1] for r in sheets["Policy"] if r[0] == "as_of")
    out = excel("CREDIT_AGING", com.com_range(sheets["Invoices"]), com.com_range(sheets["Payments"]),
                com.com_range(sheets["Debtors"]), as_of, com.MISSING)
    total = sum(r[out[0].index("Total")] for r in out[1:])
    assert round(total, 2) == round(headless_total, 2) == DEMO_AGING_TOTAL


def test_demo_with_currency_amounts_ribbon(headless_total, tmp_path):
    with com.windows_xlwings():
        fake = FakeBook("demo.xlsx", demo_com_sheets(), folder=str(tmp_path), com=True)
        run = pipeline.run(XlBook(fake), write=False)
    assert run.inputs.issues == [] or all("amount" not in i.message for i in run.inputs.issues)
    assert round(float(run.sheets["Aging"]["total"].sum()), 2) == round(headless_total, 2) == DEMO_AGING_TOTAL


def test_ribbon_reports_error_cells_and_reads_tables(tmp_path):
    """Through xlwings' reading of a table (ListObject) range: #N/A in an amount is an issue
    naming the cell, pywintypes dates and Decimal amounts read as dates and numbers."""
    rows = [["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"],
            ["A", "D", com.com_datetime(2025, 2, 1), com.com_datetime(2025, 3, 1), Decimal("1000.00")],
            ["B", "D", com.com_datetime(2025, 6, 1), com.com_datetime(2025, 7, 1), com.ERRORS["#N/A"]]]
    with com.windows_xlwings():
        fake = FakeBook("ar.xlsx", {"Policy": [["Parameter", "Value"], ["as_of", com.com_datetime(2025, 6, 30)]],
                                    "Invoices": rows}, folder=str(tmp_path), com=True)
        invoices = fake.sheet("Invoices")
        invoices.tables.append(FakeTable(FakeRange(invoices, 1, 1, 3, 5)))
        macros.validate(XlBook(fake))
    text = " ".join(str(v) for v in fake.sheet("Issues").cells.values())
    assert "contient l'erreur Excel #N/A" in text and "amount" in text   # the default language: French
    assert "n'est pas un montant" not in text                      # the Decimal of row 2 is a number
