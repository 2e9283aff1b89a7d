import numpy as np
import pandas as pd
import pytest

from functions.financials import ALTMAN_ZONES, CONAN_ZONES, financial_scores, zone_names

from builders import table

AS_OF = "2024-06-30"
STATEMENT = dict(total_assets=1000.0, current_assets=400.0, current_liabilities=250.0, retained_earnings=150.0,
                 ebit=80.0, equity=300.0, total_liabilities=700.0, ebitda=120.0, permanent_capital=500.0,
                 receivables=200.0, cash=50.0, financial_charges=20.0, revenue=2000.0, staff_costs=300.0,
                 value_added=600.0)


def scores(rows, ids=("D1",), as_of=AS_OF, language="en"):
    return financial_scores(table("Financials", rows), pd.Series(list(ids)), as_of, language).set_index("debtor_id")


def test_altman_and_conan_holder_by_hand():
    s = scores([dict(debtor_id="D1", fiscal_year_end="2023-12-31", **STATEMENT)]).loc["D1"]
    # X1 = (400 - 250) / 1000 = 0.15; X2 = 150 / 1000 = 0.15; X3 = 80 / 1000 = 0.08; X4 = 300 / 700
    # Z'' = 6.56 x 0.15 + 3.26 x 0.15 + 6.72 x 0.08 + 1.05 x 0.428571 = 0.984 + 0.489 + 0.5376 + 0.45 = 2.4606
    assert [s["z_x1"], s["z_x2"], s["z_x3"], s["z_x4"]] == pytest.approx([0.15, 0.15, 0.08, 300 / 700])
    assert s["z_score"] == pytest.approx(2.4606)
    assert s["z_zone"] == "grey" and s["z_note"] is None
    # R1 = 120 / 700 = 0.171429; R2 = 500 / 1000 = 0.5; R3 = (200 + 50) / 1000 = 0.25;
    # R4 = 20 / 2000 = 0.01; R5 = 300 / 600 = 0.5
    # CH = 24 x 0.171429 + 22 x 0.5 + 16 x 0.25 - 87 x 0.01 - 10 x 0.5 = 4.114286 + 11 + 4 - 0.87 - 5 = 13.244286
    assert s["conan_holder"] == pytest.approx(13.244286, abs=1e-6)
    assert s["ch_zone"] == "watch" and s["ch_note"] is None


@pytest.mark.parametrize("z, expected", [(2.61, "safe"), (2.60, "grey"), (1.10, "grey"), (1.0999, "distress"), (-3, "distress")])
def test_altman_zone_bounds(z, expected):
    assert zone_names(np.array([z], float), *ALTMAN_ZONES)[0] == expected


@pytest.mark.parametrize("ch, expected", [(16.01, "good"), (16, "watch"), (9, "watch"), (8.99, "alert"), (4, "alert"),
                                          (3.99, "danger")])
def test_conan_holder_zone_bounds(ch, expected):
    assert zone_names(np.array([ch], float), *CONAN_ZONES)[0] == expected


def test_missing_input_is_not_computed_with_the_field_named():
    row = dict(STATEMENT, ebit=None, cash=None)
    s = scores([dict(debtor_id="D1", fiscal_year_end="2023-12-31", **row)]).loc["D1"]
    assert np.isnan(s["z_score"]) and pd.isna(s["z_zone"]) and np.isnan(s["z_x1"])
    assert s["z_note"] == "not computed: missing EBIT"
    assert np.isnan(s["conan_holder"]) and s["ch_note"] == "not computed: missing Cash"
    french = scores([dict(debtor_id="D1", fiscal_year_end="2023-12-31", **row)], language="fr").loc["D1"]
    assert french["z_note"] == "non calculé : manque Résultat d'exploitation"


def test_zero_denominator_is_not_computed():
    row = dict(STATEMENT, total_liabilities=0.0, revenue=None)
    s = scores([dict(debtor_id="D1", fiscal_year_end="2023-12-31", **row)]).loc["D1"]
    assert np.isnan(s["z_score"]) and s["z_note"] == "not computed: Total liabilities is zero"
    assert s["ch_note"] == "not computed: missing Revenue; Total liabilities is zero"


def test_latest_statement_on_or_before_as_of_and_debtors_without_any():
    rows = [dict(debtor_id="D1", fiscal_year_end="2022-12-31", **dict(STATEMENT, ebit=-500.0)),
            dict(debtor_id="D1", fiscal_year_end="2023-12-31", **STATEMENT),
            dict(debtor_id="D1", fiscal_year_end="2024-12-31", **dict(STATEMENT, ebit=900.0))]
    s = scores(rows, ids=("D1", "D2"))
    assert s.loc["D1", "fiscal_year_end"] == pd.Timestamp("2023-12-31")
    assert s.loc["D1", "z_score"] == pytest.approx(2.4606)
    assert np.isnan(s.loc["D2", "z_score"]) and s.loc["D2", "z_note"].startswith("not computed: no financial statements")
    # on the closing date itself the statement counts
    assert scores(rows, as_of="2022-12-31").loc["D1", "fiscal_year_end"] == pd.Timestamp("2022-12-31")
