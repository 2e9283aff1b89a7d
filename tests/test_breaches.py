"""Breach flags of DESIGN.md, one hand-checked case each (as_of 2025-06-30, policy defaults)."""
from __future__ import annotations

import pandas as pd
import pytest

from functions.breaches import COLUMNS, SEVERITY, breaches
from functions.cover import exposure_sheet
from functions.ledger import build_ledger
from functions.policy import Policy
from test_cover import AS_OF, inv, lim, table

ALLIANZ = Policy(language="en", insurer="Allianz Trade")


def flags(invoices, limits=(), debtors=None, orders=(), deadlines=None, policy=ALLIANZ) -> pd.DataFrame:
    invoices = table("Invoices", *invoices)
    debtors = table("Debtors", *(debtors or [dict(debtor_id=d) for d in invoices["debtor_id"].unique()]))
    ledger = build_ledger(invoices, None, AS_OF)
    exposure = exposure_sheet(ledger, debtors, table("Limits", *limits), table("Orders", *orders), policy)
    return breaches(exposure, ledger, policy, deadlines)


def only(frame: pd.DataFrame, flag: str) -> pd.Series:
    hits = frame.loc[frame["flag"] == flag]
    assert len(hits) == 1, frame[["debtor_id", "flag", "amount"]]
    return hits.iloc[0]


def test_every_design_flag_has_a_template_in_both_languages():
    assert set(SEVERITY) == {"OVER_LIMIT", "NO_COVER", "DELIVERED_AFTER_WITHDRAWAL", "DELIVERED_ABOVE_REDUCED_LIMIT",
                              "OVERDUE_BEYOND_MEP", "NOTIFICATION_LATE", "LIMIT_EXPIRED", "LIMIT_REQUEST_NEEDED",
                              "HIGH_USAGE", "DISPUTED_EXPOSURE", "LIMIT_EXPIRING", "FORMAL_NOTICE_DEADLINE_NEAR",
                              # issue 19: a flag for every reason exposure is not eligible, and unknown client codes
                              "TERMS_BEYOND_MAX", "DELIVERED_BEFORE_COVER", "DELIVERED_AFTER_MEP",
                              "DELIVERED_AFTER_INSOLVENCY", "NOT_ON_DEBTORS_SHEET"}


def test_over_limit_message_and_amount():
    # 12,500 - 10,000 = 2,500 uninsured
    result = flags([inv("I1", "D1", 12500)], [lim("D1", "2025-01-10", "granted", 10000)])
    assert list(result.columns[:5]) == COLUMNS
    row = only(result, "OVER_LIMIT")
    assert (row.severity, row.amount) == ("critical", 2500)
    assert row.message == ("Exposure EUR 12,500 exceeds the Allianz Trade limit of EUR 10,000 by EUR 2,500: "
                           "hold deliveries or request an increase")
    assert "HIGH_USAGE" not in set(result["flag"])


def test_over_limit_in_french():
    policy = Policy(language="fr", insurer="Coface")
    row = only(flags([inv("I1", "D1", 12500)], [lim("D1", "2025-01-10", "granted", 10000)], policy=policy), "OVER_LIMIT")
    assert row.message == ("L'encours de 12 500 EUR dépasse la limite Coface de 10 000 EUR de 2 500 EUR : "
                           "suspendez les livraisons ou demandez une augmentation")


def test_exposure_exactly_at_the_limit_is_not_a_breach():
    # usage 10,000 / 10,000 = 100% >= 90%: a warning, not OVER_LIMIT
    result = flags([inv("I1", "D1", 10000)], [lim("D1", "2025-01-10", "granted", 10000)])
    assert list(result["flag"]) == ["HIGH_USAGE"]
    assert result.iloc[0].message == ("Exposure EUR 10,000 uses 100% of the Allianz Trade limit of EUR 10,000: "
                                      "plan a limit increase before the next orders")


@pytest.mark.parametrize("amount, raised", [(9000, True), (8999, False)])
def test_high_usage_from_the_threshold_included(amount, raised):
    result = flags([inv("I1", "D1", amount)], [lim("D1", "2025-01-10", "granted", 10000)])
    assert ("HIGH_USAGE" in set(result["flag"])) is raised


def test_no_cover_after_a_refusal_counts_open_orders():
    # exposure 4,000 + orders 1,000 = 5,000 uninsured
    result = flags([inv("I1", "D1", 4000)], [lim("D1", "2025-03-01", "refused", limit_type=None)],
                   orders=[dict(debtor_id="D1", amount=1000)])
    row = only(result, "NO_COVER")
    assert (row.severity, row.amount, row.date) == ("critical", 5000, pd.Timestamp("2025-03-01"))
    assert row.message == ("No Allianz Trade cover since 2025-03-01: EUR 5,000 of exposure and orders is uninsured; "
                           "ship nothing before a new limit is granted")
    assert set(result["flag"]) == {"NO_COVER"}


def test_delivered_after_withdrawal():
    # I2 (3,000) delivered on the effective date 2025-05-31; exposure 11,000, covered 8,000
    limits = [lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "withdrawn", limit_type=None)]
    invoices = [inv("I1", "D1", 8000, delivery_date="2025-05-30"), inv("I2", "D1", 3000, delivery_date="2025-05-31")]
    result = flags(invoices, limits)
    row = only(result, "DELIVERED_AFTER_WITHDRAWAL")
    assert (row.severity, row.amount) == ("critical", 3000)
    assert row.message == ("EUR 3,000 delivered on or after 2025-05-31, when the Allianz Trade withdrawal took effect, "
                           "is not covered: stop deliveries and collect these invoices first")
    assert only(result, "NO_COVER").amount == 3000  # 11,000 - 8,000
    assert "OVER_LIMIT" not in set(result["flag"])


def test_delivered_above_reduced_limit():
    # 8,000 before the cut + 5,000 after, reduced limit 10,000: 3,000 above it
    limits = [lim("D1", "2025-01-01", "granted", 20000), lim("D1", "2025-05-01", "reduced", 10000)]
    invoices = [inv("I1", "D1", 8000, delivery_date="2025-05-10"), inv("I2", "D1", 5000, delivery_date="2025-06-05")]
    result = flags(invoices, limits)
    row = only(result, "DELIVERED_ABOVE_REDUCED_LIMIT")
    assert (row.severity, row.amount) == ("critical", 3000)
    assert row.message == ("EUR 3,000 delivered from 2025-05-31 above the reduced Allianz Trade limit of EUR 10,000 "
                           "is not covered: hold deliveries until exposure is back under the limit")
    # eligible 10,000 is not above the reduced limit: the 3,000 is reported once, above, not again as OVER_LIMIT
    assert "OVER_LIMIT" not in set(result["flag"])


def test_overdue_beyond_mep_is_strictly_after_the_mep_end():
    # due 2025-04-01 + 60 = MEP end 2025-05-31 < as_of: flagged; due 2025-05-01 + 60 = 2025-06-30: not yet
    invoices = [inv("I1", "D1", 1200, "2025-02-01", "2025-04-01"), inv("I2", "D1", 800, "2025-03-01", "2025-05-01")]
    row = only(flags(invoices), "OVERDUE_BEYOND_MEP")
    assert (row.severity, row.amount, row.date) == ("critical", 1200, pd.Timestamp("2025-05-31"))
    assert row.message == ("EUR 1,200 is overdue beyond the maximum extension period since 2025-05-31 (I1): "
                           "stop deliveries, new shipments are not covered")


def test_notification_late_from_the_deadlines_table():
    invoices = [inv("I1", "D1", 1000, "2025-01-01", "2025-02-01"), inv("I2", "D1", 500, "2025-01-05", "2025-02-05"),
                inv("I3", "D1", 300, "2025-03-01", "2025-04-01")]
    deadlines = pd.DataFrame({"invoice_id": ["I1", "I2", "I3"], "debtor_id": ["D1"] * 3,
                              "status": ["notification_late", "notification_late", "to_notify"],
                              "notify_by": pd.to_datetime(["2025-05-02", "2025-05-06", "2025-07-01"])})
    row = only(flags(invoices, deadlines=deadlines), "NOTIFICATION_LATE")
    assert (row.severity, row.amount, row.date) == ("critical", 1500, pd.Timestamp("2025-05-02"))  # 1,000 + 500
    assert row.message == ("The overdue notice to Allianz Trade was due by 2025-05-02 for EUR 1,500 (I1, I2): "
                           "notify now, the cover is at risk")


def test_limit_expired():
    # named 30,000 expired 2025-06-01: 12,000 now under non-named cover of 10,000
    row = only(flags([inv("I1", "D1", 12000)], [lim("D1", "2024-06-01", "granted", 30000, expiry_date="2025-06-01")]),
               "LIMIT_EXPIRED")
    assert (row.severity, row.amount) == ("warning", 12000)
    assert row.message == ("The Allianz Trade limit of EUR 30,000 expired on 2025-06-01; of EUR 12,000 exposure with "
                           "orders, EUR 10,000 is still covered: ask Allianz Trade for a renewal")


def test_limit_request_needed_for_orders_above_the_limit():
    # 8,000 + orders 3,000 = 11,000 > 10,000 by 1,000 (not over the limit yet)
    result = flags([inv("I1", "D1", 8000)], [lim("D1", "2025-01-10", "granted", 10000)],
                   orders=[dict(debtor_id="D1", amount=3000)])
    assert list(result["flag"]) == ["LIMIT_REQUEST_NEEDED"]
    assert (result.iloc[0].severity, result.iloc[0].amount) == ("warning", 1000)


def test_limit_request_needed_without_limit_above_the_non_named_threshold():
    row = only(flags([inv("I1", "D1", 11000)]), "LIMIT_REQUEST_NEEDED")
    assert row.message == ("Exposure with orders EUR 11,000 is above the non-named threshold of EUR 10,000 by EUR 1,000: "
                           "request a named limit from Allianz Trade before shipping")


def test_limit_request_threshold_tolerates_a_small_excess():
    policy = Policy(language="en", limit_request_threshold=500)
    assert flags([inv("I1", "D1", 10400)], policy=policy).empty


def test_disputed_exposure():
    result = flags([inv("I1", "D1", 700, disputed=True), inv("I2", "D1", 300)])
    row = only(result, "DISPUTED_EXPOSURE")
    assert (row.severity, row.amount) == ("warning", 700)


@pytest.mark.parametrize("expiry, raised", [("2025-07-30", True), ("2025-07-31", False)])
def test_limit_expiring_within_the_warning_days(expiry, raised):
    # temporary 25,000 over named 10,000, exposure 18,000: at expiry 18,000 - 10,000 = 8,000 loses cover
    limits = [lim("D1", "2025-01-01", "granted", 10000),
              lim("D1", "2025-03-01", "granted", 25000, "temporary", expiry_date=expiry)]
    result = flags([inv("I1", "D1", 18000)], limits)
    assert ("LIMIT_EXPIRING" in set(result["flag"])) is raised
    if raised:
        row = only(result, "LIMIT_EXPIRING")
        assert (row.severity, row.amount) == ("info", 8000)
        assert row.message == ("The Allianz Trade temporary limit of EUR 25,000 expires on 2025-07-30: "
                               "ask Allianz Trade to renew it")


def test_excluded_debtor_gets_no_flag():
    invoices = [inv("I1", "D1", 50000, "2025-01-01", "2025-02-01", disputed=True)]
    assert flags(invoices, debtors=[dict(debtor_id="D1", excluded=True)]).empty


def test_sorted_by_severity_then_amount():
    invoices = [inv("A1", "A", 15000), inv("B1", "B", 12500), inv("C1", "C", 30000), inv("D1", "D", 700, disputed=True)]
    limits = [lim("B", "2025-01-10", "granted", 10000), lim("C", "2025-01-10", "granted", 20000)]
    result = flags(invoices, limits)
    # critical C 10,000 then B 2,500; warnings A (request 5,000) then D (dispute 700)
    assert list(zip(result["debtor_id"], result["flag"])) == [
        ("C", "OVER_LIMIT"), ("B", "OVER_LIMIT"), ("A", "LIMIT_REQUEST_NEEDED"), ("D", "DISPUTED_EXPOSURE")]


def test_no_breach_gives_an_empty_sheet_with_its_columns():
    result = flags([inv("I1", "D1", 100)])
    assert result.empty and list(result.columns[:5]) == COLUMNS


# --- issue 19: every euro of uninsured exposure has its flag -------------------------------------

def test_over_limit_measures_the_eligible_exposure_and_disputes_are_reported_once():
    # 11,000 of which 2,000 disputed against 10,000: eligible 9,000 is within the limit. Only DISPUTED_EXPOSURE
    # (was OVER_LIMIT 2,000 saying the excess is 1,000)
    result = flags([inv("I1", "D1", 9000), inv("I2", "D1", 2000, disputed=True)], [lim("D1", "2025-01-10", "granted", 10000)])
    assert "OVER_LIMIT" not in set(result["flag"]) and only(result, "DISPUTED_EXPOSURE").amount == 2000
    # 12,500 of which 1,000 disputed: eligible 11,500 exceeds 10,000 by 1,500; 1,500 + 1,000 = 2,500 uninsured
    result = flags([inv("I1", "D1", 11500), inv("I2", "D1", 1000, disputed=True)], [lim("D1", "2025-01-10", "granted", 10000)])
    row = only(result, "OVER_LIMIT")
    assert (row.amount, only(result, "DISPUTED_EXPOSURE").amount) == (1500, 1000)
    assert row.message == ("Eligible exposure EUR 11,500 exceeds the Allianz Trade limit of EUR 10,000 by EUR 1,500: "
                           "hold deliveries or request an increase")


def test_terms_beyond_the_policy_maximum_are_flagged():
    # 150-day terms against 120: the 28,597.67 is not covered (the demo's C023), with a critical flag
    result = flags([inv("I1", "D1", 28597.67, "2025-06-01", "2025-10-29")], [lim("D1", "2025-01-10", "granted", 55000)])
    row = only(result, "TERMS_BEYOND_MAX")
    assert (row.severity, row.amount) == ("critical", 28597.67)
    assert row.message == ("EUR 28,598 is invoiced on payment terms longer than the policy's maximum of 120 days and "
                           "is not covered: shorten the terms or ask Allianz Trade to accept them")


def test_deliveries_after_an_unpaid_mep_end_and_before_cover_are_flagged():
    invoices = [inv("I1", "D1", 10000, "2025-02-01", "2025-03-03"), inv("I3", "D1", 3000, "2025-05-03")]
    row = only(flags(invoices, [lim("D1", "2025-01-01", "granted", 50000)]), "DELIVERED_AFTER_MEP")
    assert (row.severity, row.amount) == ("critical", 3000)
    limits = [lim("D1", "2025-04-25", "granted", 20000, effective_date="2025-05-01")]
    row = only(flags([inv("A", "D1", 4000, "2025-04-20")], limits), "DELIVERED_BEFORE_COVER")
    assert (row.amount, row.date) == (4000, pd.Timestamp("2025-05-01"))
    assert row.message == ("EUR 4,000 delivered before 2025-05-01, when the Allianz Trade limit started to cover "
                           "deliveries, is not covered by it")
    french = flags([inv("A", "D1", 4000, "2025-04-20")], limits, policy=Policy(language="fr", insurer="Coface"))
    assert only(french, "DELIVERED_BEFORE_COVER").message.startswith("4 000 EUR livrés avant le 01/05/2025")
