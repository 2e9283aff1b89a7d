"""Late interest and the 40 EUR indemnity: French, EU and contractual rules."""
import math

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from addin.workbook.read import empty_table
from functions.ledger import build_ledger
from functions.penalties import KEY_COLUMNS, late_interest, penalties
from functions.policy import Policy


def table(sheet, **cols):
    n = len(next(iter(cols.values())))
    return pd.concat([empty_table(sheet), pd.DataFrame({**cols, "_row": range(2, 2 + n)})], ignore_index=True)


def invoices(due, paid=None, amount=10000.0, ids=None):
    due = [due] if isinstance(due, str) else due
    n = len(due)
    return table("Invoices", invoice_id=ids or [f"F{i}" for i in range(n)], debtor_id=["D1"] * n,
                 invoice_date=pd.to_datetime(["2025-01-02"] * n), due_date=pd.to_datetime(due),
                 amount=[amount] * n, paid_date=pd.to_datetime(paid if isinstance(paid, list) else [paid] * n))


def test_issue_example_french_rule():
    # 92 days: 46 in 2025-H1 at 3.15 + 10 = 13.15 %, 46 in 2025-H2 at 2.15 + 10 = 12.15 %
    # 10000 x 0.1315 x 46/365 = 165.73 ; 10000 x 0.1215 x 46/365 = 153.12 ; total 318.85
    r = late_interest(10000, "2025-05-15", "2025-08-15", "fr", Policy())
    assert (r.days_late, r.interest, r.indemnity) == (92, 318.85, 40.0)
    assert r.rate == pytest.approx(12.65)  # day-weighted average
    assert r.semesters == "2025-S1 : 46 jours à 13,15 % ; 2025-S2 : 46 jours à 12,15 %"  # the Policy's French
    english = late_interest(10000, "2025-05-15", "2025-08-15", "fr", Policy(language="en"))
    assert english.semesters == "2025-H1: 46 days at 13.15 %; 2025-H2: 46 days at 12.15 %"


def test_penalties_sheet_for_an_invoice_paid_late():
    ledger = build_ledger(invoices("2025-05-15", "2025-08-15"), None, "2025-09-01")
    sheet, issues = penalties(ledger, Policy())
    assert list(sheet.columns[:6]) == KEY_COLUMNS
    row = sheet.iloc[0]
    assert (row["days_late"], row["interest"], row["indemnity"], row["paid"]) == (92, 318.85, 40.0, True)
    assert row["balance"] == 10000.0 and row["basis"] == "invoice_amount"
    assert issues == []


def test_eu_rule_is_ecb_plus_eight():
    # 10000 x 0.1115 x 46/365 = 140.52 ; 10000 x 0.1015 x 46/365 = 127.92 ; total 268.44
    assert late_interest(10000, "2025-05-15", "2025-08-15", "eu", Policy()).interest == 268.44


def test_contract_rate_is_floored_at_three_times_the_legal_rate():
    # 5 % < floors 3 x 3.71 = 11.13 % (2025-H1) and 3 x 2.76 = 8.28 % (2025-H2)
    # 10000 x (0.1113 x 46 + 0.0828 x 46) / 365 = 244.62
    low = late_interest(10000, "2025-05-15", "2025-08-15", "contract", Policy(contract_rate=0.05))
    assert low.interest == 244.62
    assert low.semesters == "2025-S1 : 46 jours à 11,13 % ; 2025-S2 : 46 jours à 8,28 %"
    # 12 % is above both floors: 10000 x 0.12 x 92/365 = 302.47 (12 and 0.12 read alike)
    assert late_interest(10000, "2025-05-15", "2025-08-15", "contract", Policy(contract_rate=12)).interest == 302.47
    assert late_interest(10000, "2025-05-15", "2025-08-15", "contract", Policy(contract_rate=0.12)).interest == 302.47


def test_contract_rule_without_rate_falls_back_to_french_rule():
    ledger = build_ledger(invoices("2025-05-15", "2025-08-15"), None, "2025-09-01")
    sheet, issues = penalties(ledger, Policy(interest_rule="contract"))
    assert sheet["interest"].iloc[0] == 318.85 and sheet["rule"].iloc[0] == "fr"
    assert [(i.sheet, i.column, i.severity) for i in issues] == [("Policy", "contract_rate", "warning")]


def test_open_invoice_uses_the_unpaid_balance_up_to_as_of():
    # 1000 due 2025-05-15, 400 paid 2025-06-01: 600 open on 2025-07-15, 61 days late
    # 600 x 0.1315 x 46/365 = 9.94 ; 600 x 0.1215 x 15/365 = 3.00 ; total 12.94 on the open balance,
    # and (issue 19, day by day) the 400 paid 17 days late: 400 x 0.1315 x 17/365 = 2.45 -> 15.39
    inv = invoices("2025-05-15", amount=1000.0, ids=["F1"])
    pay = table("Payments", payment_id=["P1"], debtor_id=["D1"], date=pd.to_datetime(["2025-06-01"]),
                amount=[400.0], invoice_id=["F1"])
    sheet, _ = penalties(build_ledger(inv, pay, "2025-07-15"), Policy())
    row = sheet.iloc[0]
    assert (row["days_late"], row["balance"], row["interest"], row["paid"]) == (61, 600.0, 15.39, False)
    assert row["basis"] == "owed_day_by_day"


def test_exact_day_boundaries():
    # Paid on the due date: not late. Paid the day after: 1 day, 10000 x 0.1315 / 365 = 3.60.
    inv = invoices(["2025-05-15", "2025-05-15"], ["2025-05-15", "2025-05-16"], ids=["ON_TIME", "ONE_DAY"])
    sheet, _ = penalties(build_ledger(inv, None, "2025-06-01"), Policy())
    assert sheet[["invoice_id", "days_late", "interest"]].values.tolist() == [["ONE_DAY", 1, 3.60]]
    # Open: not listed on the due date itself, 1 day late the day after.
    assert penalties(build_ledger(invoices("2025-05-15"), None, "2025-05-15"), Policy())[0].empty
    assert penalties(build_ledger(invoices("2025-05-15"), None, "2025-05-16"), Policy())[0]["days_late"].tolist() == [1]


def test_paid_late_only_within_the_last_twelve_months():
    inv = invoices("2025-03-01", "2025-05-15")
    assert penalties(build_ledger(inv, None, "2026-05-15"), Policy())[0].empty  # exactly 12 months ago: out
    assert len(penalties(build_ledger(inv, None, "2026-05-14"), Policy())[0]) == 1


def test_missing_semester_rate_is_an_issue_never_a_zero():
    ledger = build_ledger(invoices("2025-12-01"), None, "2026-01-10")
    sheet, issues = penalties(ledger, Policy())
    row = sheet.iloc[0]
    assert row["days_late"] == 40 and math.isnan(row["interest"]) and math.isnan(row["rate"])
    assert row["indemnity"] == 40.0
    assert "2026-S1 : 10 jours à taux inconnu" in row["semesters"]
    assert [(i.sheet, i.column) for i in issues] == [("Rates", "ecb_mro_rate")]
    assert "2026-H1" in issues[0].message and "2026-S1" in issues[0].message.in_language("fr")


def test_rates_sheet_fills_the_missing_semester():
    # 30 days of 2025-H2 at 12.15 % + 10 days of 2026-H1 at 2.00 + 10 = 12 %
    # 10000 x (0.1215 x 30 + 0.12 x 10) / 365 = 99.86 + 32.88 = 132.74
    rates = table("Rates", date=pd.to_datetime(["2026-01-01"]), ecb_mro_rate=[2.0])
    sheet, issues = penalties(build_ledger(invoices("2025-12-01"), None, "2026-01-10"), Policy(), rates)
    assert sheet["interest"].iloc[0] == 132.74 and issues == []


@settings(max_examples=40, deadline=None)
@given(due=st.dates(pd.Timestamp("2023-01-01").date(), pd.Timestamp("2025-06-30").date()),
       late=st.integers(0, 90), extra=st.integers(0, 90), amount=st.floats(1, 1e6))
def test_interest_grows_with_time_and_is_proportional_to_the_amount(due, late, extra, amount):
    # Ends stay within 2025 (bundled rates): due <= 2025-06-30, at most 180 days later.
    due = pd.Timestamp(due)
    first = late_interest(amount, due, due + pd.Timedelta(days=late), "fr", Policy())
    later = late_interest(amount, due, due + pd.Timedelta(days=late + extra), "fr", Policy())
    double = late_interest(2 * amount, due, due + pd.Timedelta(days=late), "fr", Policy())
    assert first.days_late == late
    assert later.interest >= first.interest
    assert double.interest == pytest.approx(2 * first.interest, abs=0.011)


# --- issue 19: interest day by day on what is still owed; credit notes are not late payments ---

def one_invoice(extra_rows=()):
    """1,000 due 2025-03-01 (issued 2025-01-30), with credit notes after it when given."""
    rows = [dict(invoice_id="F1", amount=1000.0, due_date="2025-03-01", document_type="invoice")] + list(extra_rows)
    return table("Invoices", invoice_id=[r["invoice_id"] for r in rows], debtor_id=["D1"] * len(rows),
                 invoice_date=pd.to_datetime([r.get("invoice_date", "2025-01-30") for r in rows]),
                 due_date=pd.to_datetime([r["due_date"] for r in rows]), amount=[r["amount"] for r in rows],
                 document_type=[r["document_type"] for r in rows],
                 credited_invoice_id=[r.get("credited_invoice_id") for r in rows])


def paid(*parts):
    return table("Payments", payment_id=[f"P{k}" for k in range(len(parts))], debtor_id=["D1"] * len(parts),
                 date=pd.to_datetime([d for d, _ in parts]), amount=[a for _, a in parts], invoice_id=["F1"] * len(parts))


def test_partial_payments_bear_interest_each_up_to_its_own_date():
    # 600 paid 30 days late, 400 paid 60 days late, all in 2025-H1 at the rate of 1 January, 3.15 + 10 = 13.15 %
    # 600 x 0.1315 x 30/365 = 6.48 ; 400 x 0.1315 x 60/365 = 8.65 ; total 15.13 (was 21.62: 1,000 for 60 days)
    ledger = build_ledger(one_invoice(), paid(("2025-03-31", 600.0), ("2025-04-30", 400.0)), "2025-05-31")
    row = penalties(ledger, Policy())[0].iloc[0]
    assert (row["days_late"], row["interest"], row["indemnity"], row["paid"]) == (60, 15.13, 40.0, True)
    assert (row["balance"], row["basis"]) == (1000.0, "owed_day_by_day")


def test_while_part_is_still_open_the_paid_part_counts_to_its_date():
    # on 2025-04-30, 400 still open 60 days: 400 x 0.1315 x 60/365 = 8.65, plus the 600 paid on day 30: 6.48
    ledger = build_ledger(one_invoice(), paid(("2025-03-31", 600.0)), "2025-04-30")
    row = penalties(ledger, Policy())[0].iloc[0]
    assert (row["days_late"], row["balance"], row["interest"], row["paid"]) == (60, 400.0, 15.13, False)


def test_an_invoice_cancelled_by_a_credit_note_after_its_due_date_owes_nothing():
    # credit note of the full 1,000 on 2025-03-20, 19 days after the due date: no interest (was 6.85), no 40 EUR
    note = dict(invoice_id="AV1", amount=-1000.0, due_date="2025-03-20", invoice_date="2025-03-20",
                document_type="credit_note", credited_invoice_id="F1")
    assert penalties(build_ledger(one_invoice([note]), None, "2025-05-31"), Policy())[0].empty


def test_only_the_part_paid_late_bears_interest_when_the_rest_is_credited():
    # 400 credited on 2025-03-20, 600 paid on 2025-03-31: 600 x 0.1315 x 30/365 = 6.48, and the indemnity
    note = dict(invoice_id="AV1", amount=-400.0, due_date="2025-03-20", invoice_date="2025-03-20",
                document_type="credit_note", credited_invoice_id="F1")
    ledger = build_ledger(one_invoice([note]), paid(("2025-03-31", 600.0)), "2025-05-31")
    row = penalties(ledger, Policy())[0].iloc[0]
    assert (row["days_late"], row["balance"], row["interest"], row["indemnity"]) == (30, 600.0, 6.48, 40.0)

def test_penalties_below_the_policy_thresholds_are_listed_apart_not_claimed():
    # 1,000 each at 2025-H1's 3.15 + 10 = 13.15 %; thresholds 5 days and 45.00 (interest + the 40 indemnity):
    # A1 paid 3 days late (1.08 + 40): too few days; A2 paid 30 days late (10.81 + 40 = 50.81): claimed;
    # A3 open 10 days at as_of (3.60 + 40 = 43.60): too small. Claimed first, then the rest apart.
    inv = invoices(["2025-05-15", "2025-05-15", "2025-06-10"], ["2025-05-18", "2025-06-14", None], 1000.0,
                   ["A1", "A2", "A3"])
    sheet, _ = penalties(build_ledger(inv, None, "2025-06-20"), Policy(penalty_min_days=5, penalty_min_amount=45))
    assert sheet[["invoice_id", "days_late", "claim"]].values.tolist() == [
        ["A2", 30, "claimed"], ["A1", 3, "not_claimed"], ["A3", 10, "not_claimed"]]
    assert sheet["interest"].tolist() == [10.81, 1.08, 3.60]


def test_penalty_totals_per_client_and_grand_total():
    from functions.dashboard import penalty_totals
    rows = pd.DataFrame({"debtor_id": ["D1", "D1", "D2"], "interest": [12.0, 1.0, 3.0], "indemnity": [40.0] * 3,
                         "claim": ["claimed", "not_claimed", "claimed"]})
    table = penalty_totals(rows, pd.Series({"D1": "Dupont SA", "D2": "Martin SARL"}))
    assert table.values.tolist() == [["D1", "Dupont SA", 1, 52.0, 41.0], ["D2", "Martin SARL", 1, 43.0, 0.0],
                                     ["total", None, 2, 95.0, 41.0]]
