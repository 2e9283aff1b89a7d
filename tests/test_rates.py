"""Bundled ECB and legal rates, the Rates sheet override, missing semesters."""
import pandas as pd
import pytest

from addin.workbook.read import empty_table
from functions.rates import missing_rate, rate_table, semester_label, semester_starts

T = pd.Timestamp


def rates_sheet(**cols):
    n = len(next(iter(cols.values())))
    extra = pd.DataFrame({**cols, "_row": range(2, 2 + n)})
    return pd.concat([empty_table("Rates"), extra], ignore_index=True)


@pytest.mark.parametrize("start, rate", [
    ("2023-01-01", 2.50),  # decision of 2022-12-21
    ("2023-07-01", 4.00),  # 2023-06-21
    ("2024-01-01", 4.50),  # 2023-09-20
    ("2024-07-01", 4.25),  # 2024-06-12
    ("2025-01-01", 3.15),  # 2024-12-18
    ("2025-07-01", 2.15),  # 2025-06-11
])
def test_bundled_ecb_rate_in_force_on_semester_start(start, rate):
    table, issues = rate_table()
    assert table.ecb_for(T(start)) == rate
    assert issues == []


def test_decision_effective_on_the_first_day_counts():
    table, _ = rate_table(rates_sheet(date=pd.to_datetime(["2026-01-01"]), ecb_mro_rate=[1.90]))
    assert table.ecb_for(T("2026-01-01")) == 1.90


def test_semester_after_last_confirmed_date_has_no_rate():
    table, _ = rate_table()
    assert table.ecb_for(T("2026-01-01")) is None
    assert table.ecb_for(T("2022-07-01")) is None  # before the bundled table too


def test_later_rates_row_confirms_the_rate_in_force():
    # A decision dated 2026-02-04 tells us nothing changed on 2026-01-01: 2.15 still holds.
    table, _ = rate_table(rates_sheet(date=pd.to_datetime(["2026-02-04"]), ecb_mro_rate=[2.00]))
    assert table.ecb_for(T("2026-01-01")) == 2.15
    assert table.ecb_for(T("2026-07-01")) is None


def test_rates_row_overrides_bundled_date_and_reads_excel_percentages():
    sheet = rates_sheet(date=pd.to_datetime(["2025-06-11", "2026-01-01"]), ecb_mro_rate=[2.0, 0.0175])
    table, _ = rate_table(sheet)
    assert table.ecb_for(T("2025-07-01")) == 2.0
    assert table.ecb_for(T("2026-01-01")) == pytest.approx(1.75)


def test_bundled_legal_rates_for_professionals():
    table, _ = rate_table()
    got = [table.legal_for(s) for s in semester_starts(T("2023-01-01"), T("2025-12-31"))]
    assert got == [2.06, 4.22, 5.07, 4.92, 3.71, 2.76]
    assert table.legal_for(T("2026-01-01")) is None


def test_legal_rate_row_sets_its_semester():
    table, _ = rate_table(rates_sheet(date=pd.to_datetime(["2026-03-15"]), legal_rate=[2.5]))
    assert table.legal_for(T("2026-01-01")) == 2.5
    assert table.ecb_for(T("2026-01-01")) is None  # a legal rate does not confirm the ECB table


def test_row_without_any_rate_is_an_issue():
    _, issues = rate_table(rates_sheet(date=pd.to_datetime(["2026-01-01"])))
    assert [(i.sheet, i.row, i.severity) for i in issues] == [("Rates", 2, "warning")]


def test_missing_rate_issue_names_the_semester():
    issue = missing_rate(T("2026-07-01"), "ecb_mro_rate")
    assert (issue.sheet, issue.column, issue.severity) == ("Rates", "ecb_mro_rate", "error")
    assert "2026-H2" in issue.message and "2026-07-01" in issue.message


def test_semesters_between_dates():
    starts = semester_starts(T("2024-06-30"), T("2025-07-01"))
    assert [semester_label(s) for s in starts] == ["2024-H1", "2024-H2", "2025-H1", "2025-H2"]
    assert semester_starts(T("2025-02-01"), T("2025-01-01")) == []
