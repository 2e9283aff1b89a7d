"""Turnover declaration: periods, countries, insured flag, credit notes, premium, minimum top-up."""
import pandas as pd
import pytest

from addin.workbook.read import empty_table
from functions.policy import Policy
from functions.turnover import KEY_COLUMNS, period_bounds, turnover, turnover_declaration

T = pd.Timestamp


def table(sheet, **cols):
    n = len(next(iter(cols.values())))
    return pd.concat([empty_table(sheet), pd.DataFrame({**cols, "_row": range(2, 2 + n)})], ignore_index=True)


INVOICES = table(
    "Invoices", invoice_id=["A", "B", "AV", "C", "OLD", "LATER"], debtor_id=["FR1", "FR1", "FR1", "DE1", "FR1", "FR1"],
    invoice_date=pd.to_datetime(["2025-04-01", "2025-06-30", "2025-05-10", "2025-06-01", "2024-12-31", "2025-11-16"]),
    due_date=pd.to_datetime(["2025-05-31"] * 6),
    amount=[120000.0, 1200.0, -240.0, 600.0, 999.0, 5000.0],
    amount_excl_vat=[100000.0, 1000.0, -200.0, None, 800.0, 4000.0],
    document_type=["invoice", "invoice", "credit_note", "invoice", "invoice", "invoice"])
DEBTORS = table("Debtors", debtor_id=["FR1", "DE1"], country=["FR", "DE"], excluded=[False, True])


def test_quarters_of_the_last_twelve_months_with_credit_notes_deducted():
    sheet, issues = turnover(INVOICES, DEBTORS, Policy(), "2025-11-15")
    assert list(sheet.columns[:5]) == KEY_COLUMNS
    assert sheet["period"].tolist() == ["2025-Q1", "2025-Q2", "2025-Q2", "2025-Q3", "2025-Q4"]
    q2 = sheet.loc[sheet["period"] == "2025-Q2"].set_index("country")
    # FR: 100000 + 1000 - 200 = 100800 ; premium 0.25 % = 252.00
    assert q2.loc["FR", ["insured", "turnover_excl_vat", "premium"]].tolist() == [True, 100800.0, 252.0]
    # DE is excluded: not insured, no premium; no amount excl. VAT -> amount incl. VAT declared
    assert q2.loc["DE", ["insured", "turnover_excl_vat", "premium"]].tolist() == [False, 600.0, 0.0]
    # nil periods still get a row; 2024-12-31 is before the window, 2025-11-16 after as_of
    assert sheet.loc[sheet["period"] == "2025-Q4", "turnover_excl_vat"].tolist() == [0.0]
    assert sheet["complete"].tolist() == [True, True, True, True, False]
    assert [(i.sheet, i.row, i.column, i.severity) for i in issues] == [("Invoices", 5, "amount_excl_vat", "warning")]


def test_months_and_premium_on_amount_incl_vat():
    sheet, _ = turnover(INVOICES, DEBTORS, Policy(turnover_period="month", premium_basis="incl_vat"), "2025-11-15")
    assert sheet["period"].drop_duplicates().tolist()[0] == "2024-12" and sheet["period"].iloc[-1] == "2025-11"
    assert sheet["period"].nunique() == 12
    april = sheet.loc[sheet["period"] == "2025-04"].iloc[0]
    assert april["premium"] == 300.0  # 120000 incl. VAT x 0.25 %
    assert sheet.loc[sheet["period"] == "2024-12", "turnover_excl_vat"].tolist() == [800.0]


def test_minimum_premium_top_up_is_one_yearly_row():
    # premiums of the window: 252.00 ; top-up to 1000 = 748.00, never spread over periods
    sheet, _ = turnover(INVOICES, DEBTORS, Policy(minimum_premium=1000.0), "2025-11-15")
    top = sheet.iloc[-1]
    assert top["period"] == "2025-Q1..2025-Q4 minimum"
    assert (top["insured"], top["turnover_excl_vat"], top["premium"]) == (True, 100800.0, 748.0)
    assert sheet.iloc[:-1]["premium"].sum() == 252.0
    assert (top["period_start"], top["period_end"]) == (T("2025-01-01"), T("2025-12-31"))


def test_no_top_up_row_without_minimum_or_when_reached():
    assert not turnover(INVOICES, DEBTORS, Policy(), "2025-11-15")[0]["period"].str.contains("minimum").any()
    sheet, _ = turnover(INVOICES, DEBTORS, Policy(minimum_premium=200.0), "2025-11-15")
    assert sheet["premium"].iloc[-1] == 0.0


def test_single_period_declaration():
    sheet, _ = turnover_declaration("2025-Q2", INVOICES, DEBTORS, Policy(), "2025-11-15")
    assert sheet[["country", "insured", "turnover_excl_vat"]].values.tolist() == [["FR", True, 100800.0], ["DE", False, 600.0]]
    assert sheet["complete"].all()
    month, _ = turnover_declaration("2025-06", INVOICES, DEBTORS, Policy(), "2025-06-30")
    assert month["turnover_excl_vat"].tolist() == [1000.0, 600.0] and not month["complete"].any()


def test_whole_column_missing_is_one_warning():
    inv = INVOICES.assign(amount_excl_vat=float("nan"))
    _, issues = turnover(inv, DEBTORS, Policy(), "2025-11-15")
    assert [(i.row, i.column) for i in issues] == [(None, "amount_excl_vat")]


def test_period_parsing():
    assert period_bounds("2025-Q1") == (T("2025-01-01"), T("2025-03-31"))
    assert period_bounds("2024-02") == (T("2024-02-01"), T("2024-02-29"))
    with pytest.raises(ValueError, match="2025-Q1"):
        period_bounds("Q5-2025")


# --- issue 19: no declaration for a period without data -----------------------------------------

def test_no_period_before_the_first_invoice_and_a_nil_period_inside_says_so():
    # first document 2025-04-01 (Q2): as of 2026-01-15 the window would start at 2025-Q2 anyway; as of 2025-08-15
    # it would start at 2024-Q4, but nothing is dated before 2025-Q2. 2025-Q3 has no document: a nil declaration.
    first = INVOICES.loc[INVOICES["invoice_id"].isin(["A", "B", "AV", "C"])]
    sheet, _ = turnover(first, DEBTORS, Policy(language="en"), "2025-08-15")
    assert sheet["period"].drop_duplicates().tolist() == ["2025-Q2", "2025-Q3"]
    nil = sheet.loc[sheet["period"] == "2025-Q3"].iloc[0]
    assert (nil["turnover_excl_vat"], nil["note"]) == (0.0, "nil declaration: no invoice or credit note is dated in this period")
    assert sheet.loc[sheet["period"] == "2025-Q2", "note"].isna().all()


def test_no_declaration_for_a_period_before_the_data_or_after_as_of():
    assert turnover_declaration("2025-Q1", INVOICES.iloc[:4], DEBTORS, Policy(), "2025-11-15")[0].empty  # before
    assert turnover_declaration("2026-Q1", INVOICES, DEBTORS, Policy(), "2025-11-15")[0].empty          # after as_of
    assert len(turnover_declaration("2025-Q2", INVOICES, DEBTORS, Policy(), "2025-11-15")[0]) == 2      # FR and DE
    assert turnover(INVOICES.iloc[0:0], DEBTORS, Policy(minimum_premium=1000), "2025-11-15")[0].empty  # no data
