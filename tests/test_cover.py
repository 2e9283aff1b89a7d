"""Cover rules of DESIGN.md, checked by hand on tiny typed tables (policy defaults unless said)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from addin.workbook.contract import AMOUNT, BOOL, DATE, INPUT_SHEETS, INT
from functions.cover import _Runs, exposure_sheet, invoice_cover, limit_state, money
from functions.ledger import build_ledger
from functions.policy import Policy

AS_OF = pd.Timestamp("2025-06-30")


def table(sheet: str, *rows: dict) -> pd.DataFrame:
    """A typed input table as addin.workbook.read produces it: every contract column, `_row` from 2."""
    columns = INPUT_SHEETS[sheet]
    frame = pd.DataFrame(list(rows), columns=[c.name for c in columns])
    for col in columns:
        cells = frame[col.name]
        if col.kind == DATE:
            frame[col.name] = pd.to_datetime(cells).astype("datetime64[ns]")
        elif col.kind == AMOUNT:
            frame[col.name] = cells.astype("float64")
        elif col.kind == BOOL:
            frame[col.name] = cells.astype(object).eq(True)
        elif col.kind == INT:
            frame[col.name] = cells.astype("Int64")
        else:
            frame[col.name] = cells.astype(object).where(cells.notna(), None)
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def inv(invoice_id, debtor_id, amount, invoice_date="2025-06-01", due_date=None, **extra) -> dict:
    """An invoice due 60 days after its date unless said otherwise."""
    due = due_date or (pd.Timestamp(invoice_date) + pd.Timedelta(days=60)).strftime("%Y-%m-%d")
    return dict(invoice_id=invoice_id, debtor_id=debtor_id, amount=amount, invoice_date=invoice_date, due_date=due, **extra)


def lim(debtor_id, decision_date, decision, amount=None, limit_type="named", **extra) -> dict:
    return dict(debtor_id=debtor_id, decision_date=decision_date, decision=decision, amount=amount,
                limit_type=limit_type, **extra)


def sheet(invoices, limits=(), debtors=None, policy=Policy(language="en"), payments=None, as_of=AS_OF, orders=None):
    """The Exposure sheet indexed by debtor_id."""
    invoices = table("Invoices", *invoices)
    debtors = table("Debtors", *(debtors or [dict(debtor_id=d) for d in invoices["debtor_id"].unique()]))
    ledger = build_ledger(invoices, None if payments is None else table("Payments", *payments), as_of)
    orders = table("Orders", *(orders or []))
    return exposure_sheet(ledger, debtors, table("Limits", *limits), orders, policy).set_index("debtor_id")


def test_money_formats_both_languages():
    assert money(12500) == "EUR 12,500"
    assert money(12500.4, "EUR", "fr") == "12 500 EUR"


def test_named_limit_with_key_columns():
    # exposure 12,500 on a named limit of 10,000: covered 10,000, insured 0.9 x 10,000 = 9,000,
    # uninsured 2,500, usage 12,500 / 10,000 = 1.25
    row = sheet([inv("I1", "D1", 12500)], [lim("D1", "2025-01-10", "granted", 10000, insurer_ref="R9")]).loc["D1"]
    assert list(sheet([inv("I1", "D1", 1)]).reset_index().columns[:12]) == [
        "debtor_id", "exposure", "open_orders", "exposure_with_orders", "eligible", "limit", "limit_type", "quotite",
        "covered", "insured_amount", "uninsured", "usage"]
    assert (row.limit_type, row.limit, row.quotite) == ("named", 10000, 0.90)
    assert (row.covered, row.insured_amount, row.uninsured, row.usage) == (10000, 9000, 2500, 1.25)
    assert row.justification == "insurer decision of 2025-01-10 (ref R9)"


def test_exposure_equal_to_limit_is_fully_covered():
    # 10,000 on a 10,000 limit: usage exactly 1, nothing uninsured
    row = sheet([inv("I1", "D1", 10000)], [lim("D1", "2025-01-10", "granted", 10000)]).loc["D1"]
    assert (row.covered, row.uninsured, row.usage) == (10000, 0, 1.0)


def test_invoices_adding_up_to_the_limit_are_fully_covered_to_the_cent():
    # 427.31 + 39.60 + 718.53 + 528.59 + 8,285.97 = 10,000.00; in doubles, added one by one, they
    # make 9,999.999999999998. Exposure and cover both count cents: all covered, nothing uninsured.
    amounts = [427.31, 39.6, 718.53, 528.59, 8285.97]
    row = sheet([inv(f"I{k}", "D1", a) for k, a in enumerate(amounts)], [lim("D1", "2025-01-10", "granted", 10000)]).loc["D1"]
    assert (row.exposure, row.covered, row.uninsured, row.usage) == (10000, 10000, 0, 1.0)


def test_one_row_per_debtor_with_zero_balances():
    frame = sheet([inv("I1", "D1", 500)], debtors=[dict(debtor_id="D1"), dict(debtor_id="D2")])
    assert list(frame.index) == ["D1", "D2"]
    assert (frame.loc["D2", "exposure"], frame.loc["D2", "limit_type"], frame.loc["D2", "usage"]) == (0, "non_named", 0)


def test_non_named_cover_up_to_threshold_at_its_quotite():
    # 12,000 without a limit: covered min(12,000, 10,000) = 10,000, insured 0.6 x 10,000 = 6,000
    row = sheet([inv("I1", "D1", 12000)]).loc["D1"]
    assert (row.limit_type, row.limit, row.quotite, row.covered, row.insured_amount) == ("non_named", 10000, 0.6, 10000, 6000)
    assert row.justification == "non-named cover up to EUR 10,000"


def test_withdrawal_keeps_earlier_deliveries_and_the_effective_date_is_not_covered():
    # withdrawal decided 2025-05-01, effective 2025-05-31 (+30 days). I1 delivered the day
    # before keeps the former 20,000 limit; I2 delivered on 2025-05-31 is not covered.
    # eligible 8,000; limit min(8,000, 20,000) = 8,000; insured 0.9 x 8,000 = 7,200; uninsured 3,000
    limits = [lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "withdrawn", limit_type=None)]
    invoices = [inv("I1", "D1", 8000, delivery_date="2025-05-30"), inv("I2", "D1", 3000, delivery_date="2025-05-31")]
    row = sheet(invoices, limits).loc["D1"]
    assert (row.eligible, row.limit, row.limit_type, row.covered, row.insured_amount, row.uninsured) == (
        8000, 8000, "named", 8000, 7200, 3000)
    assert row.ineligible_delivered_after_withdrawal == 3000
    assert row.cover_stopped == pd.Timestamp("2025-05-31")
    assert row.justification == "limit withdrawn from 2025-05-31; deliveries before 2025-05-31 keep the former limit of EUR 20,000"


def test_withdrawal_during_its_notice_is_pending_and_the_limit_still_holds():
    limits = [lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "withdrawn")]
    row = sheet([inv("I1", "D1", 3000, "2025-05-01")], limits, as_of="2025-05-30").loc["D1"]
    assert (row.limit, row.pending_decision, row.pending_date) == (20000, "withdrawn", pd.Timestamp("2025-05-31"))
    assert pd.isna(row.cover_stopped)


def test_withdrawal_with_nothing_delivered_before_leaves_no_cover():
    # an explicit effective date overrides decision date + 30
    limits = [lim("D1", "2025-01-01", "granted", 20000),
              lim("D1", "2025-05-01", "withdrawn", effective_date="2025-05-02")]
    row = sheet([inv("I1", "D1", 3000, delivery_date="2025-05-02")], limits).loc["D1"]
    assert (row.limit_type, row.limit, row.quotite, row.covered, row.uninsured) == ("none", 0, 0, 0, 3000)
    assert row.cover_stopped == pd.Timestamp("2025-05-02")


def test_reduction_applies_to_deliveries_from_its_effective_date():
    # 20,000 reduced to 10,000 from 2025-05-31. I1 (8,000, delivered 05-10) keeps the former
    # limit; I2 (5,000, delivered 06-05) stacks on 8,000: 2,000 fits, 3,000 is above.
    # eligible 10,000; limit max(10,000, min(8,000, 20,000)) = 10,000; uninsured 13,000 - 10,000
    limits = [lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "reduced", 10000)]
    invoices = [inv("I1", "D1", 8000, delivery_date="2025-05-10"), inv("I2", "D1", 5000, delivery_date="2025-06-05")]
    row = sheet(invoices, limits).loc["D1"]
    assert (row.eligible, row.limit, row.covered, row.insured_amount, row.uninsured) == (10000, 10000, 10000, 9000, 3000)
    assert row.ineligible_delivered_above_reduced_limit == 3000
    assert (row.cut_date, row.former_limit) == (pd.Timestamp("2025-05-31"), 20000)


def test_reduction_keeps_the_former_limit_for_larger_earlier_deliveries():
    # 15,000 delivered before the cut stays covered under the former 20,000: limit
    # max(10,000, min(15,000, 20,000)) = 15,000; the 3,000 delivered after is above 10,000
    limits = [lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "reduced", 10000)]
    invoices = [inv("I1", "D1", 15000, delivery_date="2025-05-10"), inv("I2", "D1", 3000, delivery_date="2025-06-05")]
    row = sheet(invoices, limits).loc["D1"]
    assert (row.eligible, row.limit, row.covered, row.uninsured) == (15000, 15000, 15000, 3000)


def test_per_invoice_eligibility_reasons():
    limits = table("Limits", lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "reduced", 10000))
    invoices = table("Invoices", inv("I1", "D1", 8000, delivery_date="2025-05-10"),
                     inv("I2", "D1", 5000, delivery_date="2025-06-05"),
                     inv("I3", "D1", 700, disputed=True, delivery_date="2025-06-20"))
    ledger = build_ledger(invoices, None, AS_OF)
    state = limit_state(limits, pd.Series(["D1"]), AS_OF, Policy())
    per = invoice_cover(ledger, table("Debtors", dict(debtor_id="D1")), state, Policy()).set_index("invoice_id")
    assert per["eligible_open"].to_dict() == {"I1": 8000, "I2": 2000, "I3": 0}
    assert per["ineligible_reason"].to_dict() == {"I1": "", "I2": "delivered_above_reduced_limit", "I3": "disputed"}


def test_disputed_and_terms_beyond_max_credit_days_are_not_eligible():
    # terms = due - invoice date: 121 days > 120 is out, exactly 120 is in; eligible = 2,000
    invoices = [inv("I1", "D1", 5000, disputed=True), inv("I2", "D1", 3000, "2025-06-01", "2025-09-30"),
                inv("I3", "D1", 2000, "2025-06-01", "2025-09-29")]
    row = sheet(invoices, [lim("D1", "2025-01-10", "granted", 20000)]).loc["D1"]
    assert (row.exposure, row.eligible, row.covered, row.uninsured) == (10000, 2000, 2000, 8000)
    assert (row.ineligible_disputed, row.ineligible_beyond_max_credit_days) == (5000, 3000)


def test_unapplied_credit_gives_negative_exposure_and_nothing_eligible():
    # 9,000 paid against I1 (5,000): the 4,000 left settles I2 (3,000), 1,000 stays unapplied
    invoices = [inv("I1", "D1", 5000), inv("I2", "D1", 3000)]
    payments = [dict(debtor_id="D1", date="2025-06-10", amount=9000, invoice_id="I1")]
    row = sheet(invoices, payments=payments).loc["D1"]
    assert (row.exposure, row.eligible, row.covered, row.uninsured, row.unapplied_credit) == (-1000, 0, 0, 0, 1000)


@pytest.mark.parametrize("expiry, limit_type, limit", [("2025-06-30", "temporary", 25000), ("2025-06-29", "named", 10000)])
def test_temporary_limit_replaces_named_until_its_expiry_date_included(expiry, limit_type, limit):
    limits = [lim("D1", "2025-01-01", "granted", 10000),
              lim("D1", "2025-03-01", "granted", 25000, "temporary", expiry_date=expiry)]
    # delivered on 2025-06-30: after a 2025-06-29 expiry the temporary limit no longer covers it
    row = sheet([inv("I1", "D1", 18000, delivery_date="2025-06-30")], limits).loc["D1"]
    assert (row.limit_type, row.limit) == (limit_type, limit)


def test_expired_temporary_without_named_limit_falls_to_non_named():
    limits = [lim("D1", "2025-03-01", "granted", 25000, "temporary", expiry_date="2025-06-29")]
    row = sheet([inv("I1", "D1", 18000)], limits).loc["D1"]
    assert (row.limit_type, row.limit, row.expired_on, row.expired_limit) == (
        "non_named", 10000, pd.Timestamp("2025-06-29"), 25000)


def test_more_recent_named_decision_wins_over_an_older_temporary():
    limits = [lim("D1", "2025-02-01", "granted", 25000, "temporary", expiry_date="2025-12-31"),
              lim("D1", "2025-04-01", "increased", 40000)]
    row = sheet([inv("I1", "D1", 18000)], limits).loc["D1"]
    assert (row.limit_type, row.limit) == ("named", 40000)
    assert pd.isna(row.expiry_date)


def test_withdrawing_a_temporary_limit_falls_back_to_the_named_limit():
    limits = [lim("D1", "2025-01-01", "granted", 10000),
              lim("D1", "2025-03-01", "granted", 25000, "temporary"),
              lim("D1", "2025-04-01", "withdrawn", limit_type="temporary")]
    row = sheet([inv("I1", "D1", 8000)], limits).loc["D1"]
    assert (row.limit_type, row.limit) == ("named", 10000)
    assert pd.isna(row.cover_stopped)


def test_refusal_with_no_limit_in_force_removes_non_named_cover():
    row = sheet([inv("I1", "D1", 4000)], [lim("D1", "2025-03-01", "refused", limit_type=None)]).loc["D1"]
    assert (row.limit_type, row.limit, row.covered, row.insured_amount, row.uninsured) == ("none", 0, 0, 0, 4000)
    assert row.cover_stopped == pd.Timestamp("2025-03-01")
    assert row.justification == "limit refused on 2025-03-01, no limit in force"


def test_refused_increase_keeps_the_current_limit():
    limits = [lim("D1", "2025-01-01", "granted", 10000), lim("D1", "2025-04-01", "refused", 30000)]
    row = sheet([inv("I1", "D1", 12000)], limits).loc["D1"]
    assert (row.limit_type, row.limit, row.covered, row.refused_on) == ("named", 10000, 10000, pd.Timestamp("2025-04-01"))
    assert pd.isna(row.cover_stopped)


def test_grant_after_a_refusal_restores_cover():
    limits = [lim("D1", "2025-01-01", "refused"), lim("D1", "2025-04-01", "granted", 15000)]
    row = sheet([inv("I1", "D1", 12000)], limits).loc["D1"]
    assert (row.limit_type, row.limit) == ("named", 15000)


def test_expired_named_limit_is_reported_and_cover_falls_back():
    row = sheet([inv("I1", "D1", 12000)], [lim("D1", "2024-06-01", "granted", 30000, expiry_date="2025-06-01")]).loc["D1"]
    assert (row.limit_type, row.expired_on, row.expired_limit) == ("non_named", pd.Timestamp("2025-06-01"), 30000)


def test_decisions_after_as_of_do_not_exist_yet():
    row = sheet([inv("I1", "D1", 12000)], [lim("D1", "2025-07-01", "granted", 30000)]).loc["D1"]
    assert row.limit_type == "non_named" and pd.isna(row.pending_decision)


@pytest.mark.parametrize("evidence, limit_type", [("2024-06-30", "discretionary"), ("2024-06-29", "non_named")])
def test_discretionary_limit_justified_by_recent_evidence(evidence, limit_type):
    # window: 12 months back from 2025-06-30 is 2024-06-30, included
    row = sheet([inv("I1", "D1", 15000)], debtors=[dict(debtor_id="D1", evidence_date=evidence)]).loc["D1"]
    assert row.limit_type == limit_type
    if limit_type == "discretionary":
        # discretionary_max 20,000 at 0.9: insured 0.9 x 15,000 = 13,500
        assert (row.limit, row.quotite, row.insured_amount) == (20000, 0.9, 13500)
        assert row.justification == "evidence dated 2024-06-30"


@pytest.mark.parametrize("open_amount, limit_type", [(16000, "discretionary"), (16001, "non_named")])
def test_discretionary_limit_justified_by_payments_on_time(open_amount, limit_type):
    # 16,000 paid on its due date (on time) plus 500 paid late: 16,000 justifies up to 16,000 used
    invoices = [inv("P1", "D1", 16000, "2025-01-01", "2025-03-02", paid_date="2025-03-02"),
                inv("P2", "D1", 500, "2025-01-01", "2025-03-02", paid_date="2025-03-03"),
                inv("I1", "D1", open_amount)]
    row = sheet(invoices).loc["D1"]
    assert row.limit_type == limit_type
    if limit_type == "discretionary":
        assert row.justification == "EUR 16,000 paid on time in the last 12 months"


def test_discretionary_row_amount_is_capped_at_the_policy_maximum():
    debtors = [dict(debtor_id="D1", evidence_date="2025-01-15"), dict(debtor_id="D2", evidence_date="2025-01-15")]
    limits = [lim("D1", "2025-01-15", "granted", 12000, "discretionary"),
              lim("D2", "2025-01-15", "granted", 30000, "discretionary")]
    frame = sheet([inv("I1", "D1", 15000), inv("I2", "D2", 25000)], limits, debtors)
    assert frame["limit"].to_dict() == {"D1": 12000, "D2": 20000}
    assert frame["limit_type"].eq("discretionary").all()


def test_excluded_debtor_has_exposure_but_no_cover():
    debtors = [dict(debtor_id="D1", excluded=True)]
    row = sheet([inv("I1", "D1", 7000)], [lim("D1", "2025-01-10", "granted", 10000)], debtors).loc["D1"]
    assert (row.exposure, row.limit_type, row.limit, row.eligible, row.covered, row.uninsured) == (
        7000, "excluded", 0, 0, 0, 7000)


def test_open_orders_are_shown_apart():
    row = sheet([inv("I1", "D1", 7000)], orders=[dict(debtor_id="D1", amount=2500)]).loc["D1"]
    assert (row.exposure, row.open_orders, row.exposure_with_orders) == (7000, 2500, 9500)


def test_french_justification():
    row = sheet([inv("I1", "D1", 100)], [lim("D1", "2025-01-10", "granted", 10000)],
                policy=Policy(language="fr", insurer="Coface")).loc["D1"]
    assert row.justification == "décision Coface du 10/01/2025"


DECISION = st.tuples(st.integers(0, 170), st.sampled_from(["granted", "increased", "reduced", "withdrawn", "refused"]),
                     st.sampled_from(["named", "temporary", "discretionary", None]),
                     st.sampled_from([0.0, 5000.0, 10000.0, 30000.0]), st.sampled_from([None, 20, 60, 400]))
INVOICE = st.tuples(st.integers(0, 170), st.floats(1, 20000), st.booleans(), st.sampled_from([30, 60, 121]))


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.lists(DECISION, max_size=4), st.lists(INVOICE, max_size=4)), min_size=1, max_size=8))
def test_cover_figures_are_consistent_whatever_the_history(debtors):
    start = pd.Timestamp("2025-01-01")
    limits, invoices = [], []
    for d, (decisions, open_invoices) in enumerate(debtors):
        for offset, decision, kind, amount, expiry in decisions:
            decided = start + pd.Timedelta(days=offset)
            limits.append(lim(f"D{d}", decided, decision, amount, kind,
                              expiry_date=None if expiry is None else decided + pd.Timedelta(days=expiry)))
        for k, (offset, amount, disputed, terms) in enumerate(open_invoices):
            day = start + pd.Timedelta(days=offset)
            invoices.append(inv(f"I{d}-{k}", f"D{d}", amount, day, day + pd.Timedelta(days=terms),
                                delivery_date=day, disputed=disputed))
    frame = sheet(invoices or [inv("X", "D0", 1)], limits, [dict(debtor_id=f"D{d}") for d in range(len(debtors))])
    assert frame["limit_type"].isin(["named", "temporary", "discretionary", "non_named", "none"]).all()
    assert ((frame["eligible"] >= 0) & (frame["eligible"] <= frame["exposure"].clip(lower=0) + 1e-6)).all()
    assert (frame["covered"] == frame[["eligible", "limit"]].min(axis=1)).all()
    assert (frame["insured_amount"] == frame["quotite"] * frame["covered"]).all()
    assert (frame["uninsured"] - (frame["exposure"] - frame["covered"]).clip(lower=0)).abs().max() < 1e-6
    assert ((frame["limit_type"] == "none") == (frame["limit"] == 0)).all()
    assert (frame.loc[frame["limit_type"] == "discretionary", "limit"] <= Policy().discretionary_max).all()


# --- issue 19: cover rules corrected, each with its hand-computed case ---------------------------

def test_deliveries_after_the_mep_end_of_an_unpaid_invoice_are_not_covered():
    # D1: I1 10,000 due 2025-03-03, unpaid: MEP end 2025-05-02 (due + 60). I2 delivered on the MEP end itself is
    # covered, I3 delivered the day after is not. D2: O1 due 2025-03-03, paid 2025-05-20: I5 delivered 2025-05-10,
    # while O1 was unpaid past its MEP end, is not covered; I6 delivered the day O1 was paid is covered again.
    invoices = [inv("I1", "D1", 10000, "2025-02-01", "2025-03-03"), inv("I2", "D1", 4000, "2025-05-02"),
                inv("I3", "D1", 3000, "2025-05-03"),
                inv("O1", "D2", 8000, "2025-02-01", "2025-03-03", paid_date="2025-05-20"),
                inv("I5", "D2", 2000, "2025-05-10"), inv("I6", "D2", 1000, "2025-05-20")]
    limits = [lim("D1", "2025-01-01", "granted", 50000), lim("D2", "2025-01-01", "granted", 50000)]
    frame = sheet(invoices, limits)
    d1, d2 = frame.loc["D1"], frame.loc["D2"]
    assert (d1.exposure, d1.eligible, d1.covered, d1.uninsured, d1.ineligible_delivered_after_mep) == (
        17000, 14000, 14000, 3000, 3000)
    assert (d2.exposure, d2.eligible, d2.covered, d2.uninsured, d2.ineligible_delivered_after_mep) == (
        3000, 1000, 1000, 2000, 2000)


def test_an_expired_temporary_limit_keeps_covering_what_was_delivered_while_in_force():
    # named 10,000; temporary 15,000 from 2025-03-01 to 2025-05-31; 12,000 delivered 2025-04-15 stays covered
    # after the expiry: limit max(10,000, min(12,000, 15,000)) = 12,000 (was 10,000 covered and OVER_LIMIT 2,000)
    limits = [lim("D1", "2025-01-01", "granted", 10000),
              lim("D1", "2025-03-01", "granted", 15000, "temporary", expiry_date="2025-05-31")]
    row = sheet([inv("I1", "D1", 12000, "2025-04-15")], limits).loc["D1"]
    assert (row.limit_type, row.limit, row.covered, row.uninsured) == ("named", 12000, 12000, 0)
    assert (row.cut_date, row.former_limit) == (pd.Timestamp("2025-06-01"), 15000)
    # a delivery after the expiry stacks on the 12,000 against the named 10,000: its 1,000 is not covered
    row = sheet([inv("I1", "D1", 12000, "2025-04-15"), inv("I2", "D1", 1000, "2025-06-10")], limits).loc["D1"]
    assert (row.covered, row.uninsured, row.ineligible_delivered_above_reduced_limit) == (12000, 1000, 1000)


@pytest.mark.parametrize("retro, eligible, before", [(0, 3000, 4000), (15, 7000, 0)])
def test_cover_starts_at_the_effective_date_less_the_retroactive_days(retro, eligible, before):
    # named 20,000 effective 2025-05-01; A delivered 2025-04-20, B 2025-05-05. Without retroactive cover A is not
    # covered; 15 days back (from 2025-04-16) it is.
    limits = [lim("D1", "2025-04-25", "granted", 20000, effective_date="2025-05-01")]
    invoices = [inv("A", "D1", 4000, "2025-04-20"), inv("B", "D1", 3000, "2025-05-05")]
    row = sheet(invoices, limits, policy=Policy(language="en", retroactive_cover_days=retro)).loc["D1"]
    assert (row.eligible, row.ineligible_delivered_before_cover, row.covered) == (eligible, before, eligible)
    assert row.cover_from == pd.Timestamp("2025-05-01")


def test_a_new_grant_after_a_withdrawal_starts_the_cover_again():
    # granted 2024-06-01, withdrawn 2025-01-10 (effective 2025-02-09), granted again 2025-03-01: deliveries of
    # 2025-02-20, before the new grant, are not covered by it
    limits = [lim("D1", "2024-06-01", "granted", 20000), lim("D1", "2025-01-10", "withdrawn", limit_type=None),
              lim("D1", "2025-03-01", "granted", 20000)]
    row = sheet([inv("A", "D1", 5000, "2025-02-20"), inv("B", "D1", 2000, "2025-03-10")], limits).loc["D1"]
    assert (row.cover_from, row.ineligible_delivered_before_cover, row.covered) == (pd.Timestamp("2025-03-01"), 5000, 2000)


def test_runs_of_a_sorted_key_forward_fill_and_shift_within_each_run():
    # what limit_state reads by row position: debtor positions 0 0 0 1 1, rows 1 and 4 marked
    runs = _Runs(np.array([0, 0, 0, 1, 1]))
    np.testing.assert_array_equal(runs.last_marked(np.array([False, True, False, False, True])), [-1, 1, 1, -1, 4])
    np.testing.assert_array_equal(runs.previous(np.array([10, 11, 12, 13, 14])), [-1, 10, 11, -1, 13])
    np.testing.assert_array_equal(runs.last_rows(3), [2, 4, -1])
