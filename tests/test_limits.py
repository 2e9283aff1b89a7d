"""Recommended limits, limit requests and the indemnity simulation, checked by hand (as_of 2025-06-30)."""
from __future__ import annotations

import pandas as pd
import pytest

from functions.cover import exposure_sheet
from functions.ledger import build_ledger
from functions.limits import (EQUITY_SHARE_BY_GRADE, PortfolioIndemnity, indemnity, insurer_grade_letter,
                              limit_requests, portfolio_indemnity, recommended_limits)
from functions.policy import Policy
from test_cover import AS_OF, inv, lim, table

EN = Policy(language="en")


def recommend(invoices, debtors, financials=(), grades=None, **kwargs) -> pd.DataFrame:
    ledger = build_ledger(table("Invoices", *invoices), None, AS_OF)
    return recommended_limits(ledger, table("Debtors", *debtors), table("Financials", *financials), EN,
                              grades, **kwargs).set_index("debtor_id")


SALES = [inv("S1", "D1", 365000, "2025-03-01")]
EQUITY = [dict(debtor_id="D1", fiscal_year_end="2024-12-31", equity=500000)]


def test_worked_example_needs_capped_by_equity_share_of_the_grade():
    # needs 365,000 x 60 / 365 x 1.2 = 72,000; cap 10% (grade C) x 500,000 = 50,000
    row = recommend(SALES, [dict(debtor_id="D1", payment_terms_days=60)], EQUITY, pd.Series({"D1": "C"})).loc["D1"]
    assert (row.needs, row.equity_cap, row.recommended_limit) == pytest.approx((72000, 50000, 50000))
    assert row.basis == "needs EUR 365,000 x 60 days / 365 x 1.2; capped at 10% of equity EUR 500,000 (grade C)"


def test_equity_share_table_can_be_overridden():
    # 5% x 500,000 = 25,000
    row = recommend(SALES, [dict(debtor_id="D1", payment_terms_days=60)], EQUITY, pd.Series({"D1": "C"}),
                    equity_share={**EQUITY_SHARE_BY_GRADE, "C": 0.05}).loc["D1"]
    assert row.recommended_limit == pytest.approx(25000)


def test_uncapped_without_financials_or_without_grade():
    debtors = [dict(debtor_id="D1", payment_terms_days=60)]
    no_financials = recommend(SALES, debtors).loc["D1"]
    no_grade = recommend(SALES, debtors, EQUITY).loc["D1"]
    assert no_financials.recommended_limit == no_grade.recommended_limit == pytest.approx(72000)
    assert no_financials.basis.endswith("uncapped: no financials")
    assert no_grade.basis.endswith("uncapped: no grade")


def test_terms_from_invoices_credit_notes_deducted_and_only_twelve_months():
    # sales 146,000 (30 days) + 292,000 (90 days) - credit note 73,000 = 365,000; the invoice of
    # 2024-06-30 is outside (as_of - 12 months, as_of]. terms (146,000x30 + 292,000x90) / 438,000 = 70
    # needs 365,000 x 70 / 365 x 1.2 = 84,000
    invoices = [inv("S1", "D1", 146000, "2025-01-10", "2025-02-09"), inv("S2", "D1", 292000, "2025-02-01", "2025-05-02"),
                inv("C1", "D1", -73000, "2025-03-01", "2025-03-01"), inv("OLD", "D1", 99999, "2024-06-30")]
    row = recommend(invoices, [dict(debtor_id="D1")]).loc["D1"]
    assert (row.annual_sales, row.terms_days, row.recommended_limit) == pytest.approx((365000, 70, 84000))


def test_no_sales_no_needs():
    assert recommend([inv("S1", "D1", 100, "2024-01-01")], [dict(debtor_id="D1")]).loc["D1", "recommended_limit"] == 0


def test_latest_financials_up_to_as_of_and_score_grade_first():
    financials = [dict(debtor_id="D1", fiscal_year_end="2023-12-31", equity=100000),
                  dict(debtor_id="D1", fiscal_year_end="2024-12-31", equity=200000),
                  dict(debtor_id="D1", fiscal_year_end="2025-12-31", equity=900000)]
    debtors = [dict(debtor_id="D1", payment_terms_days=60, insurer_grade="9", grade_scale="allianz")]
    by_insurer = recommend(SALES, debtors, financials).loc["D1"]  # Allianz 9 -> E -> 0% -> 0
    by_score = recommend(SALES, debtors, financials, pd.Series({"D1": "A"})).loc["D1"]  # 20% x 200,000
    assert (by_insurer.grade, by_insurer.recommended_limit) == ("E", 0)
    assert (by_score.grade, by_score.equity, by_score.recommended_limit) == ("A", 200000, pytest.approx(40000))


def test_insurer_grades_mapped_to_letters():
    debtors = table("Debtors", *[dict(debtor_id=f"D{i}", insurer_grade=g, grade_scale=s) for i, (g, s) in enumerate(
        [("3", "allianz"), ("9", "coface"), ("4+", "bdf"), ("P", "bdf"), ("0", "bdf"), ("3", None), (None, "allianz")])])
    assert list(insurer_grade_letter(debtors)) == ["B", "A", "C", "E", None, None, None]


def requests(invoices, limits=(), debtors=None, orders=(), recommended=None) -> pd.DataFrame:
    invoices = table("Invoices", *invoices)
    debtors = table("Debtors", *(debtors or [dict(debtor_id=d) for d in invoices["debtor_id"].unique()]))
    ledger = build_ledger(invoices, None, AS_OF)
    exposure = exposure_sheet(ledger, debtors, table("Limits", *limits), table("Orders", *orders), EN)
    rec = pd.DataFrame({"debtor_id": list(recommended), "recommended_limit": list(recommended.values())})
    return limit_requests(exposure, rec, EN).set_index("debtor_id")


def test_limit_requests_list_and_amounts():
    invoices = [inv(f"I{d}", d, a) for d, a in [("D1", 8000), ("D2", 2000), ("D3", 500), ("D4", 500), ("D5", 500),
                                                 ("D6", 500)]]
    limits = [lim(d, "2025-01-10", "granted", 10000) for d in ("D1", "D2", "D5")] + [lim("D3", "2025-02-01", "refused")]
    debtors = [dict(debtor_id=d) for d in ("D1", "D2", "D3", "D5", "D6")] + [dict(debtor_id="D4", excluded=True)]
    result = requests(invoices, limits, debtors, orders=[dict(debtor_id="D1", amount=3000)],
                      recommended={"D1": 9000, "D2": 24500, "D3": 50000, "D4": 50000, "D5": 9000, "D6": 12000})
    assert list(result.columns[:4]) == ["current_limit", "recommended_limit", "amount_to_request", "reason"]
    # D1: max(9,000, 8,000 + 3,000) = 11,000; D2: 24,500 rounded up to 25,000; D6 non-named 10,000 -> 12,000;
    # D3 refused, D4 excluded, D5 recommended below its limit: not listed
    assert result["amount_to_request"].to_dict() == {"D1": 11000, "D2": 25000, "D6": 12000}
    # D1's request follows its exposure with orders, 11,000 - 9,000 = 2,000 above the recommended limit shown beside it
    assert result.loc["D1", "reason"] == ("Exposure with orders EUR 11,000 is above the current cover of EUR 10,000; "
                                          "the request covers the exposure with orders and is EUR 2,000 above the "
                                          "recommended limit: review the client's risk before asking")
    assert result["basis"].to_dict() == {"D1": "exposure_with_orders", "D2": "recommended_limit",
                                         "D6": "recommended_limit"}
    assert result.loc["D2", "reason"] == "Recommended limit EUR 24,500 is above the current cover of EUR 10,000"
    assert (result.loc["D6", "current_limit"], result.loc["D6", "limit_type"]) == (10000, "non_named")


def test_limit_request_mentions_a_refused_increase():
    limits = [lim("D1", "2025-01-10", "granted", 10000), lim("D1", "2025-04-01", "refused", 20000)]
    result = requests([inv("I1", "D1", 500)], limits, recommended={"D1": 20000})
    assert result.loc["D1", "reason"] == ("Recommended limit EUR 20,000 is above the current cover of EUR 10,000; "
                                          "last request refused on 2025-04-01")


def test_indemnity_per_debtor_and_portfolio():
    # D1 overdue, named 10,000: 0.9 x min(eligible 12,500, 10,000) - 500 = 8,500, retained 12,500 - 8,500 = 4,000
    # D2 not due: no default. D3 overdue non-named: 0.6 x 500 - 500 < 0 -> 0, retained 500
    invoices = [inv("I1", "D1", 12500, "2025-04-01", "2025-06-01"), inv("I2", "D2", 7000, "2025-06-01", "2025-06-30"),
                inv("I3", "D3", 500, "2025-04-01", "2025-06-29")]
    policy = Policy(language="en", deductible=500)
    ledger = build_ledger(table("Invoices", *invoices), None, AS_OF)
    exposure = exposure_sheet(ledger, table("Debtors", *[dict(debtor_id=d) for d in ("D1", "D2", "D3")]),
                              table("Limits", lim("D1", "2025-01-10", "granted", 10000)), None, policy)
    per = indemnity(exposure, ledger, policy).set_index("debtor_id")
    assert per["defaulted"].to_dict() == {"D1": True, "D2": False, "D3": True}
    assert per["indemnity"].to_dict() == {"D1": 8500, "D2": 0, "D3": 0}
    assert per["retained_loss"].to_dict() == {"D1": 4000, "D2": 0, "D3": 500}
    assert portfolio_indemnity(per.reset_index()) == PortfolioIndemnity(2, 13000, 8500, 4500)
