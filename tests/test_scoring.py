import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from functions.ledger import build_ledger
from functions.policy import Policy
from functions.scoring import (DEFAULT_SCORING, SCORES_COLUMNS, Scoring, grade_letters, read_scoring, score_one,
                               score_values, scores_issues, scores_sheet)

from builders import invoice, payment, table

AS_OF = pd.Timestamp("2024-03-31")
STATEMENT = dict(total_assets=1000.0, current_assets=400.0, current_liabilities=250.0, retained_earnings=150.0,
                 ebit=80.0, equity=300.0, total_liabilities=700.0, ebitda=120.0, permanent_capital=500.0,
                 receivables=200.0, cash=50.0, financial_charges=20.0, revenue=2000.0, staff_costs=300.0,
                 value_added=600.0)


def invoices(extra=()):
    # weighted days late: 12 months 6400 / 600 = 10.67, 3 months 10.8, recent 11.454 (see test_behaviour)
    return table("Invoices", [invoice("A", "D1", "2023-10-10", "2023-11-10", 100, paid_date="2023-11-20"),
                              invoice("B", "D1", "2024-01-01", "2024-02-01", 300, paid_date="2024-01-30"),
                              invoice("C", "D1", "2024-02-01", "2024-03-01", 200), *extra])


def debtors(grade="4"):
    return table("Debtors", [dict(debtor_id="D1", insurer_grade=grade, grade_scale="allianz"),
                             dict(debtor_id="D2")])


def financials():
    return table("Financials", [dict(debtor_id="D1", fiscal_year_end="2023-12-31", **STATEMENT)])


def sheet(inv=None, pay=None, deb=None, fin=None, grades=None, usage=None, scoring=None, as_of=AS_OF, language="en"):
    ledger = build_ledger(invoices() if inv is None else inv, pay, as_of)
    return scores_sheet(ledger, debtors() if deb is None else deb, table("Financials", []) if fin is None else fin,
                        table("Grades", []) if grades is None else grades, Policy(language=language), as_of, usage, scoring)


def test_combined_score_by_hand():
    s = sheet(fin=financials(), usage=pd.Series({"D1": 0.8})).set_index("debtor_id")
    assert list(s.reset_index().columns[:6]) == SCORES_COLUMNS
    d1 = s.loc["D1"]
    # behaviour: recent days late 11.4543 -> 88 - 11.4543 x 38 / 30 = 73.4913
    # usage 0.8 -> 100 - 0.3 / 0.5 x 60 = 64; Allianz Trade 4 -> 6 / 9 x 100 = 66.667
    # financials: Z'' 2.4606 -> 35 + 1.3606 / 1.5 x 30 = 62.212; CH 13.244286 -> 40 + 4.244286 / 7 x 25 = 55.158;
    #   mean 58.685
    # score = 0.40 x 73.4913 + 0.15 x 64 + 0.25 x 66.667 + 0.20 x 58.685 = 29.3965 + 9.6 + 16.6667 + 11.737 = 67.400
    assert [d1["behaviour_points"], d1["usage_points"], d1["grade_points"], d1["financials_points"]] == \
        pytest.approx([73.4913, 64.0, 200 / 3, (62.212 + 55.158163) / 2], abs=1e-4)
    assert d1["score"] == pytest.approx(67.4002, abs=1e-3)
    assert d1["grade"] == "B" and d1["completeness"] == pytest.approx(1.0)
    assert d1["weighted_days_late"] == pytest.approx(6400 / 600)
    # costs: behaviour 0.4 x 26.51 = 10.60, grade 0.25 x 33.3 = 8.33, financials 0.2 x 41.3 = 8.26, usage 5.4
    assert d1["reasons"] == ("paid 11 days late on average over 12 months, recent invoices weighing more; "
                             "Allianz Trade grade 4; "
                             "Altman Z'' 2.5: grey zone, Conan-Holder 13.2: watch zone")
    assert d1["z_zone"] == "grey" and d1["ch_zone"] == "watch" and d1["max_days_overdue"] == 30
    french = sheet(fin=financials(), usage=pd.Series({"D1": 0.8}), language="fr").set_index("debtor_id").loc["D1"]
    assert french["reasons"] == ("payé avec 11 jours de retard en moyenne sur 12 mois, factures récentes pondérées "
                                 "davantage ; note Allianz Trade 4 ; "
                                 "Z'' d'Altman 2,5 : zone grise, Conan-Holder 13,2 : zone à surveiller")


def test_missing_components_are_reweighted():
    d1 = sheet().set_index("debtor_id").loc["D1"]
    # no limit usage, no statements: (0.40 x 73.4913 + 0.25 x 66.667) / 0.65 = 46.0632 / 0.65 = 70.866
    assert d1["score"] == pytest.approx((0.40 * 73.4913 + 0.25 * 200 / 3) / 0.65, abs=1e-4)
    assert d1["completeness"] == pytest.approx(0.65)
    assert np.isnan(d1["usage_points"]) and np.isnan(d1["financials_points"])


def test_debtor_without_any_data():
    d2 = sheet().set_index("debtor_id").loc["D2"]
    assert np.isnan(d2["score"]) and pd.isna(d2["grade"]) and d2["completeness"] == 0
    assert d2["reasons"].startswith("not scored")


def test_early_payer_reasons_and_grade_a():
    inv = table("Invoices", [invoice("A", "D1", "2024-01-01", "2024-02-01", 100, paid_date="2024-01-27")])
    d1 = sheet(inv=inv, deb=debtors("1")).set_index("debtor_id").loc["D1"]
    # 5 days early -> 88 + 5 x 12 / 30 = 90; grade 1 -> 100: (0.4 x 90 + 0.25 x 100) / 0.65 = 93.85
    assert d1["score"] == pytest.approx((0.4 * 90 + 25) / 0.65) and d1["grade"] == "A"
    assert d1["reasons"] == ("paid 5 days early on average over 12 months, recent invoices weighing more; "
                             "Allianz Trade grade 1")


@pytest.mark.parametrize("score, grade", [(100, "A"), (80, "A"), (79.999, "B"), (65, "B"), (64.9, "C"), (50, "C"),
                                          (49.9, "D"), (35, "D"), (34.99, "E"), (0, "E")])
def test_grade_bounds(score, grade):
    assert grade_letters(np.array([score], float))[0] == grade


def test_read_scoring_defaults_and_problems():
    assert read_scoring(None) == (Scoring(), [])
    assert read_scoring(DEFAULT_SCORING)[0] == Scoring()
    sheet_rows = pd.DataFrame({"parameter": ["weight_behaviour", "weight_usage", "equity_share_A", "weight_bogus",
                                             "weight_grade"],
                               "value": ["0,5", "abc", 1.5, 1, -1], "_row": [2, 3, 4, 5, 6]})
    scoring, issues = read_scoring(sheet_rows)
    assert scoring.weight_behaviour == 0.5 and scoring.weight_usage == 0.15 and scoring.weight_grade == 0.25
    assert dict(scoring.equity_shares)["A"] == 0.20
    assert [(i.row, i.column) for i in issues] == [(5, "parameter"), (3, "value"), (4, "value"), (6, "value")]
    assert read_scoring(pd.DataFrame({"parameter": [" Equity_Share_a "], "value": [0.3]})) == \
        (Scoring(equity_shares=(("A", 0.3), ("B", 0.15), ("C", 0.10), ("D", 0.05), ("E", 0.0))), [])
    zero = pd.DataFrame({"parameter": ["weight_behaviour", "weight_usage", "weight_grade", "weight_financials"],
                         "value": [0, 0, 0, 0]})
    scoring, issues = read_scoring(zero)
    assert scoring.weights() == Scoring().weights() and issues[-1].severity == "error"


def test_weights_from_the_scoring_table():
    only_grade = pd.DataFrame({"parameter": ["weight_behaviour", "weight_grade"], "value": [0, 1]})
    d1 = sheet(scoring=only_grade).set_index("debtor_id").loc["D1"]
    assert d1["score"] == pytest.approx(200 / 3)
    assert d1["completeness"] == pytest.approx(1 / 1.35)  # grade 1 of 0 + 0.15 + 1 + 0.20


def test_reasons_give_the_plain_figure_when_it_reads_differently():
    inv = table("Invoices", [invoice("A", "D1", "2023-03-10", "2023-04-10", 100, paid_date="2023-05-10"),
                             invoice("B", "D1", "2024-02-01", "2024-03-01", 100, paid_date="2024-03-01")])
    d1 = sheet(inv=inv).set_index("debtor_id").loc["D1"]
    # plain (100 x 30 + 100 x 0) / 200 = 15; recent: A due 356 days ago weighs 100 x 0.5^(356/182) = 25.774,
    # B 30 days ago 100 x 0.5^(30/182) = 89.203: 30 x 25.774 / 114.977 = 6.725 -> 7
    assert d1["recent_days_late"] == pytest.approx(6.725, abs=1e-3)
    assert d1["reasons"].endswith("paid 7 days late on average over 12 months, recent invoices weighing more "
                                    "(15 days late without that weighting)")


def test_half_life_from_the_scoring_table():
    flat = pd.DataFrame({"parameter": ["behaviour_half_life_days"], "value": [1e12]})
    d1 = sheet(scoring=flat).set_index("debtor_id").loc["D1"]
    # plain 12-month figure 10.667 -> 88 - 10.667 x 38 / 30 = 74.489
    assert d1["behaviour_points"] == pytest.approx(88 - 6400 / 600 * 38 / 30)
    scoring, issues = read_scoring(pd.DataFrame({"parameter": ["behaviour_half_life_days"], "value": [0], "_row": [9]}))
    assert scoring.behaviour_half_life_days == 182 and [(i.row, i.column) for i in issues] == [(9, "value")]


def test_score_one_matches_the_sheet():
    full = sheet(fin=financials()).set_index("debtor_id").loc["D1"]
    one = score_one("D1", build_ledger(invoices(), None, AS_OF), debtors(), financials(), table("Grades", []),
                    Policy(language="en"), AS_OF)
    assert one["score"] == pytest.approx(full["score"]) and one["reasons"] == full["reasons"]
    stranger = score_one("ZZ", build_ledger(invoices(), None, AS_OF), debtors(), financials(), table("Grades", []),
                         Policy(language="en"), AS_OF)
    assert np.isnan(stranger["score"])


def test_scores_issues_collects_scoring_and_grade_problems():
    deb = table("Debtors", [dict(debtor_id="D1", insurer_grade="11", grade_scale="allianz")])
    bad = pd.DataFrame({"parameter": ["weight_usage"], "value": ["x"], "_row": [3]})
    issues = scores_issues(deb, table("Grades", []), Policy(), AS_OF, bad)
    assert [(i.sheet, i.row) for i in issues] == [("Scoring", 3), ("Debtors", 2)]


def test_nothing_after_as_of_leaks_into_a_score():
    inv = invoices()
    pay = table("Payments", [payment("P1", "D1", "2023-11-20", 100, "A"), payment("P2", "D1", "2024-01-30", 300, "B")])
    grades = table("Grades", [dict(debtor_id="D1", date="2024-01-15", insurer_grade="5", grade_scale="allianz")])
    before = sheet(inv=inv.assign(paid_date=pd.NaT), pay=pay, fin=financials(), grades=grades)
    later_inv = pd.concat([inv, table("Invoices", [invoice("F", "D1", "2024-04-02", "2024-04-10", 5000),
                                                   invoice("G", "D2", "2024-05-01", "2024-05-02", 50)])],
                          ignore_index=True).assign(paid_date=pd.NaT)
    later_pay = pd.concat([pay, table("Payments", [payment("P3", "D1", "2024-04-01", 200, "C"),
                                                   payment("P4", "D1", "2024-06-01", 999)])], ignore_index=True)
    later_grades = pd.concat([grades, table("Grades", [dict(debtor_id="D1", date="2024-04-01", insurer_grade="10",
                                                            grade_scale="allianz")])], ignore_index=True)
    later_fin = pd.concat([financials(), table("Financials", [dict(debtor_id="D1", fiscal_year_end="2024-04-30",
                                                                   **dict(STATEMENT, ebit=-900.0))])], ignore_index=True)
    after = sheet(inv=later_inv, pay=later_pay, fin=later_fin, grades=later_grades.assign(_row=range(2, 4)))
    after_paid = sheet(inv=later_inv, pay=later_pay.iloc[:3], fin=later_fin, grades=later_grades)
    pd.testing.assert_frame_equal(before, after)
    pd.testing.assert_frame_equal(before, after_paid)
    assert before.set_index("debtor_id").loc["D1", "insurer_grade"] == "5"


# Property tests ------------------------------------------------------------------------------

invoice_specs = st.lists(st.tuples(st.integers(-500, 60),              # due date, days from as_of
                                   st.floats(1, 1000),                 # amount
                                   st.one_of(st.none(), st.integers(-30, 400))),  # paid, days after due
                         min_size=1, max_size=5)
BEST_FIRST = {"allianz": [str(g) for g in range(1, 11)], "coface": [str(g) for g in range(10, -1, -1)],
              "bdf": ["1+", "1", "2", "3++", "3+", "3", "4+", "4", "5+", "5", "6", "7", "8", "P"]}


def spec_rows(debtor, specs) -> list[dict]:
    rows = []
    for k, (due, amount, paid) in enumerate(specs):
        due_date = AS_OF + pd.Timedelta(days=due)
        rows.append(invoice(f"{debtor}-{k}", debtor, due_date - pd.Timedelta(days=30), due_date, amount,
                            paid_date=None if paid is None else due_date + pd.Timedelta(days=paid)))
    return rows


def delayed(specs, k, delay):
    due, amount, paid = specs[k % len(specs)]
    return [s if i != k % len(specs) else (due, amount, None if paid is None else paid + delay) for i, s in enumerate(specs)]


# Each example scores several debtors at once (one sheet per side), to keep the test fast.
@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(invoice_specs, st.integers(0, 4), st.integers(1, 400), st.sampled_from(["1", "5", "10"])),
                min_size=1, max_size=8))
def test_paying_later_never_improves_the_score(cases):
    ids = [f"D{n}" for n in range(len(cases))]
    deb = table("Debtors", [dict(debtor_id=d, insurer_grade=g, grade_scale="allianz") for d, (_, _, _, g) in zip(ids, cases)])
    before = table("Invoices", [r for d, (specs, _, _, _) in zip(ids, cases) for r in spec_rows(d, specs)])
    after = table("Invoices", [r for d, (specs, k, delay, _) in zip(ids, cases) for r in spec_rows(d, delayed(specs, k, delay))])
    s0, s1 = sheet(inv=before, deb=deb)["score"], sheet(inv=after, deb=deb)["score"]
    assert (s1 <= s0 + 1e-9).all()


@settings(max_examples=10, deadline=None)
@given(invoice_specs, st.sampled_from(sorted(BEST_FIRST)))
def test_worse_insurer_grade_never_improves_the_score(specs, scale):
    grades = BEST_FIRST[scale]
    deb = table("Debtors", [dict(debtor_id=f"G{n}", insurer_grade=g, grade_scale=scale) for n, g in enumerate(grades)])
    inv = table("Invoices", [r for n in range(len(grades)) for r in spec_rows(f"G{n}", specs)])
    fin = table("Financials", [dict(debtor_id=f"G{n}", fiscal_year_end="2023-12-31", **STATEMENT) for n in range(len(grades))])
    scores = sheet(inv=inv, deb=deb, fin=fin)["score"]
    assert (scores.diff().dropna() <= 1e-9).all() and len(scores) == len(grades)


def test_the_score_from_the_components_alone_is_the_sheets_score():
    # the module's worked example: recent days late 11.454 -> 73.49 points, Allianz Trade grade 4 -> 66.67,
    # no limit, no statements: (0.40 x 73.49 + 0.25 x 66.67) / 0.65 = 70.87; D2 has nothing to score
    ledger = build_ledger(invoices(), None, AS_OF)
    values = score_values(ledger, debtors(), table("Financials", []), table("Grades", []), Policy(), AS_OF,
                          pd.Series(dtype=float), Scoring())
    assert values["D1"] == pytest.approx(70.87, abs=0.01) and np.isnan(values["D2"])
    # and to the last digit what the Scores sheet says, with statements and a limit usage too
    usage = pd.Series({"D1": 0.8})
    full = sheet(fin=financials(), usage=usage).set_index("debtor_id")["score"]
    lean = score_values(ledger, debtors(), financials(), table("Grades", []), Policy(), AS_OF, usage, Scoring())
    pd.testing.assert_series_equal(lean, full, check_names=False)
