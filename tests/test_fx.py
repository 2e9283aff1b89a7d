"""Foreign currencies: rates by date, conversion per figure, missing rates, the single-currency path."""
from __future__ import annotations

import pandas as pd
import pytest

from addin.workbook.read import inputs as make_inputs
from addin.excel.udfs import CREDIT_FX_CONVERT
from functions.fx import converted, rates_at
from functions.policy import Policy
from tests.builders import invoice, payment, table
from functions.analysis import analyse
from tests.builders import assert_sheets_equal

AS_OF = pd.Timestamp("2025-06-30")
FX = table("FX", [dict(currency="USD", date="2025-01-01", rate=0.95), dict(currency="USD", date="2025-06-01", rate=0.90),
                  dict(currency="CHF", date="2025-01-01", rate=1.05)])


def test_rate_is_the_latest_on_or_before_the_date():
    cur = pd.Series(["USD", "USD", "USD", "EUR", "usd".upper(), "GBP"])
    days = pd.to_datetime(pd.Series(["2025-03-10", "2025-06-01", "2024-12-31", "2020-01-01", "2025-05-31", "2025-03-10"]))
    rates = rates_at(cur, days, FX, "EUR")
    # 03-10 -> rate of 01-01; 06-01 -> its own day; before the first rate -> none; EUR -> 1; no GBP -> none
    assert rates.tolist()[:2] == [0.95, 0.90] and pd.isna(rates[2]) and rates[3] == 1.0 and rates[4] == 0.95
    assert pd.isna(rates[5])


def usd_book():
    invoices = table("Invoices", [invoice("U1", "D1", "2025-03-10", "2025-04-10", 10000, currency="usd"),
                                  invoice("E1", "D2", "2025-03-10", "2025-04-10", 1000)])
    payments = table("Payments", [payment("P1", "D1", "2025-05-01", 4000)])
    return invoices, payments


def test_turnover_at_the_invoice_date_exposure_at_as_of_payments_in_the_invoice_currency():
    invoices, payments = usd_book()
    c = converted(invoices, payments, None, FX, Policy(), AS_OF)
    sales = c.sales.set_index("invoice_id")["amount"]
    assert sales["U1"] == pytest.approx(9500.0)  # 10,000 x 0.95 (rate of 2025-01-01, in force on 03-10)
    inv = c.ledger.invoices.set_index("invoice_id")
    # the unreferenced USD 4,000 of D1 (invoices only in USD) settles U1 in USD: 6,000 open x 0.90 = 5,400
    assert inv.loc["U1", ["open_original", "open", "fx_rate", "currency"]].tolist() == [6000.0, pytest.approx(5400.0), 0.9, "USD"]
    assert inv.loc["E1", "open"] == 1000.0 and inv.loc["E1", "fx_rate"] == 1.0
    assert c.original.invoices.set_index("invoice_id").loc["U1", "open"] == 6000.0
    assert c.issues == []


def test_a_missing_rate_is_an_issue_naming_currency_and_date_and_never_one_to_one():
    invoices = table("Invoices", [invoice("G1", "D1", "2025-03-10", "2025-04-10", 500, currency="GBP"),
                                  invoice("E1", "D1", "2025-03-10", "2025-04-10", 1000)])
    c = converted(invoices, None, None, FX, Policy(), AS_OF)
    assert c.ledger.invoices["invoice_id"].tolist() == ["E1"]  # G1 left out of exposure
    assert c.sales["invoice_id"].tolist() == ["E1"]  # and of the turnover
    messages = [i.message for i in c.issues]
    assert all(i.sheet == "FX" and i.severity == "error" for i in c.issues) and len(messages) == 2
    assert messages[0].startswith("No GBP rate on or before 2025-06-30") and "exposure" in messages[0]
    assert messages[1].startswith("No GBP rate on or before 2025-03-10") and "turnover" in messages[1]
    assert "GBP 500.00" in messages[0]


def test_mixed_currency_debtor_allocates_per_currency_and_warns_on_an_unknown_payment():
    invoices = table("Invoices", [invoice("U1", "D1", "2025-03-10", "2025-04-10", 1000, currency="USD"),
                                  invoice("E1", "D1", "2025-03-11", "2025-04-11", 1000)])
    payments = table("Payments", [payment("P1", "D1", "2025-05-01", 300, "U1"),  # names U1: USD
                                  payment("P2", "D1", "2025-05-02", 100)])  # neither: taken in EUR, warned
    c = converted(invoices, payments, None, FX, Policy(), AS_OF)
    inv = c.ledger.invoices.set_index("invoice_id")
    assert inv.loc["U1", "open_original"] == 700.0 and inv.loc["U1", "open"] == pytest.approx(630.0)  # 700 x 0.90
    assert inv.loc["E1", "open"] == 900.0
    (warning,) = c.issues
    assert warning.sheet == "Payments" and warning.row == 3 and "taken in EUR" in warning.message


def inputs(invoices, payments=None, fx=None, debtors=None):
    tables = {"Invoices": invoices}
    for name, frame in (("Payments", payments), ("FX", fx), ("Debtors", debtors)):
        if frame is not None:
            tables[name] = frame
    return make_inputs(Policy(), tables)


def test_single_currency_path_is_unchanged_by_an_fx_table_and_an_explicit_policy_currency():
    rows = [invoice("A", "D1", "2025-01-10", "2025-02-10", 1200), invoice("B", "D2", "2025-05-10", "2025-06-10", 800),
            invoice("C", "D1", "2025-06-01", "2025-07-01", 300)]
    bare = analyse(inputs(table("Invoices", rows)), AS_OF.date()).sheets()
    eur = analyse(inputs(table("Invoices", [dict(r, currency="EUR") for r in rows]), fx=FX), AS_OF.date()).sheets()
    assert bare.keys() == eur.keys()
    assert_sheets_equal(bare, eur)


def test_run_converts_exposure_turnover_and_keeps_penalties_in_the_invoice_currency():
    invoices, payments = usd_book()
    result = analyse(inputs(invoices, payments, FX), AS_OF.date())
    exposure = result.sheet("Exposure").set_index("debtor_id")["exposure"]
    assert exposure["D1"] == pytest.approx(5400.0) and exposure["D2"] == 1000.0
    q1 = result.sheet("Turnover").query("period == '2025-Q1'")["turnover_excl_vat"].sum()
    assert q1 == pytest.approx(10500.0)  # 9,500 + 1,000
    pen = result.sheet("Penalties").set_index("invoice_id")
    assert pen.loc["U1", "currency"] == "USD" and pen.loc["U1", "balance"] == 6000.0  # USD, not converted
    assert pen.loc["U1", "interest_converted"] == pytest.approx(round(pen.loc["U1", "interest"] * 0.90, 2))


def test_letters_show_the_original_amount_beside_the_converted_one():
    from functions.declarations import letter_data
    invoices, payments = usd_book()
    result = analyse(inputs(invoices, payments, FX), AS_OF.date())
    row = {"declaration_id": "overdue_notice:D1:2025-04-10", "type": "overdue_notice", "debtor_id": "D1"}
    (line,) = letter_data(row, result["letters"])["invoices"]
    assert (line["currency"], line["amount_original"], line["open_original"], line["open"]) == ("USD", 10000.0, 6000.0, 5400.0)


def test_worksheet_function_converts_at_the_date_or_says_which_rate_is_missing():
    fx = [["currency", "date", "rate"], ["USD", "2025-01-01", 0.95], ["USD", "2025-06-01", 0.9]]
    assert CREDIT_FX_CONVERT(1000, "USD", "2025-03-01", fx) == pytest.approx(950.0)
    assert CREDIT_FX_CONVERT(1000, "GBP", "2025-03-01", fx) == "#CREDIT! pas de cours GBP au 2025-03-01 ou avant dans la table FX"
