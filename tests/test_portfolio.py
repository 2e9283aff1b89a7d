"""Portfolio risk analysis: concentration, expected and stressed loss, policy variants, watch alerts.
Every expected value is worked by hand in the comment beside it."""
from __future__ import annotations

import pandas as pd
import pytest

from addin.run import read_raw, validate
from functions.analysis import analyse
from functions.exposure import exposure as plain_exposure
from functions.ledger import build_ledger
from functions.policy import Policy
from functions.portfolio import (Variant, compare_variants, concentration, cover_at, current_variant, debtor_pd,
                                 expected_loss_by_grade, history_dates, ledger_at, loss_model, read_pd,
                                 read_variants, stress, variant_premium)
from functions.watch import grade_downgrades, new_debtors_without_cover, score_drops
from tests.builders import invoice, payment, table

POLICY = Policy(insurer="Allianz Trade", language="en")
AS_OF = pd.Timestamp("2026-10-31")


def book() -> pd.DataFrame:
    """X grade A 100,000 under a named 80,000; Y grade C 50,000 non-named (10,000 at 60 %);
    Z not scored 20,000 without cover; W insolvent 5,000 under a named 10,000."""
    return pd.DataFrame({
        "debtor_id": ["X", "Y", "Z", "W"], "exposure": [100_000.0, 50_000.0, 20_000.0, 5_000.0],
        "eligible": [100_000.0, 50_000.0, 20_000.0, 5_000.0], "limit": [80_000.0, 10_000.0, 0.0, 10_000.0],
        "limit_type": ["named", "non_named", "none", "named"]})


def risk() -> pd.DataFrame:
    grades = pd.Series({"X": "A", "Y": "C", "Z": None, "W": "E"})  # the Scores sheet grades an insolvent debtor E
    insolvent = pd.Series({"W": True})
    return debtor_pd(book()["debtor_id"], grades, insolvent, read_pd(None)[0])


def test_herfindahl_and_top_share_on_a_small_portfolio():
    # positive exposures 60, 30, 10 (zero and credit left out): shares .6 .3 .1
    c = concentration(pd.Series({"A": 60.0, "B": 30.0, "C": 10.0, "D": 0.0, "E": -5.0}), top=2)
    assert c.total == 100.0 and c.debtors == 3
    assert c.hhi == pytest.approx(0.46)            # .36 + .09 + .01
    assert c.hhi_points == pytest.approx(4600.0)   # x 10,000
    assert c.equivalent_debtors == pytest.approx(1 / 0.46)
    assert c.top_share == pytest.approx(0.9) and c.largest_id == "A"  # 60 + 30 of 100


def test_expected_loss_per_grade():
    model = loss_model(book(), risk(), current_variant(POLICY))
    by = expected_loss_by_grade(model).set_index("risk_class")
    # X: indemnity .9 x 80,000 = 72,000, loss 28,000; PD A .25 % -> 70 expected, 180 indemnity
    assert by.loc["A", "loss"] == pytest.approx(28_000) and by.loc["A", "expected_loss"] == pytest.approx(70)
    assert by.loc["A", "expected_indemnity"] == pytest.approx(180)
    # Y: non-named .6 x 10,000 = 6,000, loss 44,000; PD C 3 % -> 1,320
    assert by.loc["C", "expected_loss"] == pytest.approx(1_320)
    # Z: no cover, loss 20,000 at the not_scored PD 3 % -> 600
    assert by.loc["not_scored", "expected_loss"] == pytest.approx(600)
    # W: insolvency proceedings, class E as on the Scores sheet, PD 100 %: .9 x 5,000 = 4,500 indemnity, 500 loss
    assert by.loc["E", "pd"] == 1.0 and by.loc["E", "expected_loss"] == pytest.approx(500)
    assert by.loc["total", "expected_loss"] == pytest.approx(2_490)  # 70 + 1,320 + 600 + 500
    assert "insolvent" not in by.index  # one class per debtor, the Scores grade


def test_stressed_loss_of_the_three_largest():
    hit = stress(loss_model(book(), risk(), current_variant(POLICY)))
    assert hit["debtor_id"].tolist() == ["X", "Y", "Z"]
    assert hit["indemnity"].sum() == pytest.approx(78_000)   # 72,000 + 6,000 + 0
    assert hit["loss"].sum() == pytest.approx(92_000)        # 28,000 + 44,000 + 20,000


def test_variants_are_ordered_by_expected_and_stressed_cost():
    current = current_variant(POLICY)
    high = Variant("high", 0.95, 0.60, 0.0, 0.0040, 0.0, 10_000.0)
    deductible = Variant("deductible", 0.90, 0.60, 5_000.0, 0.0015, 0.0, 10_000.0)
    table_ = compare_variants(book(), risk(), [current, high, deductible], pd.Series([1_000_000.0])).set_index("variant")
    # premiums 2,500 / 4,000 / 1,500 on 1,000,000 insured turnover
    assert table_["premium"].tolist() == [2_500.0, 4_000.0, 1_500.0]
    # expected retained: current 2,490; high 60 + 1,320 + 600 + 250 = 2,230;
    # deductible (72,000-5,000 -> loss 33,000 x .25 %) 82.5 + (1,000 -> 49,000 x 3 %) 1,470 + 600 + 5,000 = 7,152.5
    assert table_["expected_cost"].tolist() == pytest.approx([4_990.0, 6_230.0, 8_652.5])
    # stressed retained: 92,000; 24,000 + 44,000 + 20,000 = 88,000; 33,000 + 49,000 + 20,000 = 102,000
    assert table_["stressed_cost"].tolist() == pytest.approx([94_500.0, 92_000.0, 103_500.0])
    assert table_.index[table_["cheapest_expected"]].tolist() == ["current policy"]
    assert table_.index[table_["cheapest_stressed"]].tolist() == ["high"]


def test_premium_minimum_and_variant_rows_keep_blank_terms():
    assert variant_premium(pd.Series([1_000_000.0]), Variant("v", 0.9, 0.6, 0.0, 0.0025, 3_000.0, 10_000.0)) == 3_000.0  # 2,500 < 3,000
    rows = table_frame([{"variant": "cheap", "premium_rate": 0.002}, {"variant": "bad", "quotite": 1.5}])
    variants, issues = read_variants(rows, POLICY)
    assert [v.variant for v in variants] == ["current policy", "cheap"]
    assert variants[1].quotite == 0.90 and variants[1].premium_rate == 0.002
    assert issues[0].row == 3 and issues[0].column == "quotite"


def table_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).reindex(columns=["variant", "quotite", "quotite_non_named", "deductible",
                                                "premium_rate", "minimum_premium", "non_named_threshold"])
    return frame.assign(_row=range(2, 2 + len(frame)))


def test_pd_table_overrides_and_flags_bad_rows():
    pds, issues = read_pd(pd.DataFrame({"grade": ["a", "Not scored", "F"], "pd": [0.01, 0.05, 0.2], "_row": [2, 3, 4]}))
    assert pds["A"] == 0.01 and pds["not_scored"] == 0.05 and pds["E"] == 0.20
    assert [(i.row, i.column) for i in issues] == [(4, "grade")]


def test_grade_downgrade_flag():
    grades = table("Grades", [
        {"debtor_id": "D1", "date": "2025-03-01", "insurer_grade": "4", "grade_scale": "bdf"},
        {"debtor_id": "D1", "date": "2026-10-22", "insurer_grade": "P", "grade_scale": "bdf"},     # 46 -> 0 points
        {"debtor_id": "D2", "date": "2025-03-01", "insurer_grade": "6", "grade_scale": "allianz"},
        {"debtor_id": "D2", "date": "2026-10-20", "insurer_grade": "4", "grade_scale": "allianz"},  # upgrade
        {"debtor_id": "D3", "date": "2025-03-01", "insurer_grade": "4", "grade_scale": "allianz"},
        {"debtor_id": "D3", "date": "2026-08-01", "insurer_grade": "8", "grade_scale": "allianz"},  # before the window
    ])
    rows = grade_downgrades(grades, pd.Series({"D1": 8_000.0}), POLICY, AS_OF)
    assert rows["debtor_id"].tolist() == ["D1"] and rows["flag"].tolist() == ["GRADE_DOWNGRADE"]
    assert rows["amount"].tolist() == [8_000.0]
    assert rows["message"][0].startswith("Grade lowered from 4 to P (Banque de France) on 2026-10-22")


def test_score_drop_flag():
    now = pd.DataFrame({"debtor_id": ["D1", "D2"], "score": [58.0, 70.0], "reasons": ["paid late", "ok"]})
    before = pd.Series({"D1": 71.0, "D2": 79.0})   # drops 13 (> 10) and 9
    rows = score_drops(now, before, pd.Series({"D1": 1_000.0}), POLICY, AS_OF)
    assert rows["debtor_id"].tolist() == ["D1"]
    assert "from 71 to 58 since 2026-10-01" in rows["message"][0]


def test_new_debtor_without_cover_flag():
    invoices = table("Invoices", [invoice("1", "N1", "2026-09-25", "2026-10-25", 1_000),
                                  invoice("2", "N2", "2026-09-25", "2026-10-25", 1_000),
                                  invoice("3", "O1", "2025-01-10", "2025-02-10", 1_000)])
    ledger = build_ledger(invoices, None, AS_OF)
    limits = table("Limits", [{"debtor_id": "N2", "decision_date": "2026-10-01", "decision": "refused"}])
    exposure = pd.DataFrame({"debtor_id": ["N1", "N2", "O1"], "limit_type": ["non_named"] * 3,
                             "exposure_with_orders": [1_500.0, 1_000.0, 1_000.0]})
    rows = new_debtors_without_cover(ledger, exposure, limits, POLICY)  # 36 days old, within 90 days
    assert rows["debtor_id"].tolist() == ["N1"] and rows["amount"].tolist() == [1_500.0]


def test_ledger_at_keeps_exposure_exact():
    invoices = table("Invoices", [invoice("1", "D", "2026-01-10", "2026-02-10", 1_000),
                                  invoice("2", "D", "2026-02-10", "2026-03-10", 500)])
    payments = table("Payments", [payment("P1", "D", "2026-02-20", 400), payment("P2", "D", "2026-03-15", 600)])
    ledger = build_ledger(invoices, payments, AS_OF)
    feb = ledger_at(ledger, "2026-02-28")
    # by 28 Feb: 1,500 invoiced - 400 paid = 1,100, the 400 partial payment held as unapplied credit
    assert plain_exposure(feb, pd.Series(["D"]))["exposure"].tolist() == [1_100.0]
    # by 31 Mar: invoice 1 settled on 15 Mar (400 + 600), invoice 2 open: 500
    assert plain_exposure(ledger_at(ledger, "2026-03-31"), pd.Series(["D"]))["exposure"].tolist() == [500.0]
    # the four quarter ends before as_of's quarter, then as_of
    assert [d.strftime("%Y-%m-%d") for d in history_dates("2026-10-15")] == ["2025-12-31", "2026-03-31", "2026-06-30",
                                                                             "2026-09-30", "2026-10-15"]



def test_cover_at_stacks_dates_as_separate_runs():
    """The demo's limits (reductions, withdrawals, expiries, refusals) at five dates in one run
    must read as the cover engine run on ledger_at each date."""

    from addin.workbook.book import FileBook
    from addin.cli import DEMO
    from functions.cover import exposure_sheet
    inputs = validate(read_raw(FileBook(DEMO, quiet=True)))
    early = analyse(inputs, AS_OF, want=["ledger", "debtors"])
    ledger, debtors = early["ledger"], early["debtors"]
    dates = [*history_dates(AS_OF)[:-1], pd.Timestamp("2026-10-01")]
    stacked = cover_at(ledger, debtors, inputs.table("Limits"), inputs.policy, dates)
    for when in dates:
        alone = exposure_sheet(ledger_at(ledger, when), debtors, inputs.table("Limits"), None, inputs.policy)
        got = stacked.loc[stacked["date"] == when].drop(columns="date").reset_index(drop=True)
        # stacking leaves out long-settled invoices (open 0): sums differ in the last bit at most
        pd.testing.assert_frame_equal(got, alone[got.columns], check_dtype=False, rtol=1e-12)

def test_run_writes_the_portfolio_sheet_and_alerts():
    raw = {"Invoices": pd.DataFrame({"invoice_id": ["1", "2"], "debtor_id": ["A", "B"],
                                     "invoice_date": ["2026-10-01", "2026-01-05"], "due_date": ["2026-11-30", "2026-02-05"],
                                     "amount": [30_000.0, 10_000.0]}, index=[2, 3])}
    result = analyse(validate(raw), AS_OF.date())
    sheet = result.sheet("Portfolio").set_index(["section", "item", "measure"])["value"]
    assert sheet[("totals", "portfolio", "exposure")] == 40_000.0
    # A: non-named 10,000 covered of 30,000; B: 10,000 covered -> uninsured 20,000 = 50 %
    assert sheet[("totals", "portfolio", "uninsured_share")] == pytest.approx(50.0)
    assert sheet[("concentration", "herfindahl", "index")] == pytest.approx(6_250.0)  # .75^2 + .25^2
    breaches = result.sheet("Breaches")
    assert breaches.loc[breaches["flag"] == "NEW_DEBTOR_WITHOUT_COVER", "debtor_id"].tolist() == ["A"]
