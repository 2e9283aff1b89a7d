import numpy as np
import pandas as pd
import pytest

from functions.grades import grade_points, latest_grades, scale_of_insurer

from builders import table


@pytest.mark.parametrize("scale, grade, points", [
    ("allianz", "1", 100.0), ("allianz", "4", 200 / 3), ("allianz", "7.0", 100 / 3), ("allianz", "10", 0.0),
    ("coface", "10", 100.0), ("coface", "3", 30.0), ("coface", "0", 0.0),
    ("bdf", "1+", 100.0), ("bdf", "3++", 100 * 10 / 13), ("bdf", "4+", 100 * 7 / 13), ("bdf", "8", 100 / 13),
    ("bdf", "P", 0.0), ("bdf", " p ", 0.0)])
def test_mapping_table(scale, grade, points):
    # allianz (10 - g) / 9 x 100; coface 10 g; bdf (13 - position) / 13 x 100, 1+ at position 0
    assert grade_points(pd.Series([grade]), pd.Series([scale])).iloc[0] == pytest.approx(points)


@pytest.mark.parametrize("scale, grade", [("bdf", "0"), ("allianz", "11"), ("allianz", "0"), ("coface", "A"),
                                          (None, "5"), ("bdf", None)])
def test_not_a_grade_is_not_scored(scale, grade):
    assert np.isnan(grade_points(pd.Series([grade], dtype=object), pd.Series([scale], dtype=object)).iloc[0])


def test_each_scale_is_ordered_best_first():
    bdf = ["1+", "1", "2", "3++", "3+", "3", "4+", "4", "5+", "5", "6", "7", "8", "P"]
    points = grade_points(pd.Series(bdf), pd.Series(["bdf"] * len(bdf)))
    assert points.is_monotonic_decreasing and points.is_unique
    allianz = grade_points(pd.Series([str(g) for g in range(1, 11)]), pd.Series(["allianz"] * 10))
    coface = grade_points(pd.Series([str(g) for g in range(10, -1, -1)]), pd.Series(["coface"] * 11))
    assert allianz.is_monotonic_decreasing and coface.is_monotonic_decreasing


def test_latest_grade_from_history_else_debtors():
    grades = table("Grades", [dict(debtor_id="D1", date="2024-01-01", insurer_grade="7", grade_scale="allianz"),
                              dict(debtor_id="D1", date="2024-05-01", insurer_grade="3", grade_scale="allianz"),
                              dict(debtor_id="D1", date="2024-09-01", insurer_grade="9", grade_scale="allianz"),
                              dict(debtor_id="D3", date="2024-07-01", insurer_grade="2", grade_scale="coface")])
    debtors = table("Debtors", [dict(debtor_id="D1", insurer_grade="1", grade_scale="allianz"),
                                dict(debtor_id="D2", insurer_grade="4+", grade_scale="bdf"),
                                dict(debtor_id="D3", insurer_grade="8", grade_scale="coface")])
    g, issues = latest_grades(grades, debtors, "2024-06-30")
    g = g.set_index("debtor_id")
    assert g.loc["D1", "insurer_grade"] == "3" and g.loc["D1", "grade_date"] == pd.Timestamp("2024-05-01")
    assert g.loc["D1", "grade_score"] == pytest.approx(700 / 9)  # (10 - 3) / 9 x 100
    assert g.loc["D2", "grade_score"] == pytest.approx(700 / 13) and pd.isna(g.loc["D2", "grade_date"])
    assert g.loc["D3", "grade_score"] == 80.0  # the 2 of July is not known yet: Debtors' 8
    assert issues == []


def test_neutral_and_unknown_grades():
    debtors = table("Debtors", [dict(debtor_id="N", insurer_grade="0", grade_scale="bdf"),
                                dict(debtor_id="U", insurer_grade="12", grade_scale="coface"),
                                dict(debtor_id="S", insurer_grade="6")])
    g, issues = latest_grades(table("Grades", []), debtors, "2024-06-30")
    g = g.set_index("debtor_id")
    assert g["grade_score"].isna().all()
    assert "no adverse information" in g.loc["N", "grade_note"]
    assert [(i.sheet, i.row, i.column) for i in issues] == [("Debtors", 3, "insurer_grade"), ("Debtors", 4, "insurer_grade")]
    assert "not on scale coface" in issues[0].message and "no grade_scale" in issues[1].message
    # a blank scale takes the policy insurer's scale
    g2, issues2 = latest_grades(table("Grades", []), debtors, "2024-06-30", scale_of_insurer("Allianz Trade"))
    assert g2.set_index("debtor_id").loc["S", "grade_score"] == pytest.approx(400 / 9) and len(issues2) == 1


@pytest.mark.parametrize("insurer, scale", [("Allianz Trade", "allianz"), ("Euler Hermes", "allianz"),
                                            ("COFACE", "coface"), ("Atradius", None), ("", None)])
def test_scale_of_insurer(insurer, scale):
    assert scale_of_insurer(insurer) == scale
