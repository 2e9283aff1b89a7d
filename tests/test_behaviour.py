import pandas as pd
import pytest

from functions.behaviour import BEHAVIOUR_COLUMNS, behaviour, weighted_days_late
from functions.ledger import build_ledger

from builders import invoice, payment, table

AS_OF = pd.Timestamp("2024-03-31")


def example_invoices(extra=()):
    # The module docstring's example: A 10 days late (out of the 3-month window), B 2 days
    # early, C open 30 days past due.
    return table("Invoices", [
        invoice("A", "D1", "2023-10-10", "2023-11-10", 100, paid_date="2023-11-20"),
        invoice("B", "D1", "2024-01-01", "2024-02-01", 300, paid_date="2024-01-30", disputed=True),
        invoice("C", "D1", "2024-02-01", "2024-03-01", 200),
        *extra])


def by_debtor(frame):
    return frame.set_index("debtor_id")


def test_weighted_days_late_hand_checked():
    b = by_debtor(behaviour(build_ledger(example_invoices(), None, AS_OF), pd.Series(["D1", "D2"])))
    assert list(behaviour(build_ledger(example_invoices(), None, AS_OF), pd.Series(["D1"])).columns) == BEHAVIOUR_COLUMNS
    # 12 months: (100 x 10 + 300 x -2 + 200 x 30) / 600 = 6400 / 600
    assert b.loc["D1", "weighted_days_late"] == pytest.approx(6400 / 600)
    # 3 months (due after 31 Dec 2023): (300 x -2 + 200 x 30) / 500 = 5400 / 500 = 10.8
    assert b.loc["D1", "weighted_days_late_3m"] == pytest.approx(10.8)
    assert b.loc["D1", "trend"] == pytest.approx(10.8 - 6400 / 600)
    # recent: weights halve every 182 days from due date to 31 March: A 142 days, B 59, C 30 ->
    # 100 x 0.5^(142/182) = 58.2278, 300 x 0.5^(59/182) = 239.6264, 200 x 0.5^(30/182) = 178.4061;
    # (582.278 - 479.253 + 5352.183) / 476.2603 = 11.4543
    assert b.loc["D1", "recent_days_late"] == pytest.approx(11.4543, abs=1e-4)
    # open 200, all overdue (due 1 March); 30 days overdue; B is disputed and recent
    assert b.loc["D1", "overdue_share"] == 1.0
    assert b.loc["D1", "max_days_overdue"] == 30
    assert b.loc["D1", "disputes"] == 1
    # a debtor with nothing: no figure, zero counts
    assert pd.isna(b.loc["D2", "weighted_days_late"]) and pd.isna(b.loc["D2", "overdue_share"])
    assert b.loc["D2", "max_days_overdue"] == 0 and b.loc["D2", "disputes"] == 0


def test_overdue_share_counts_not_yet_due_balance():
    # open: C 200 overdue, E 600 not due (due 30 April) -> 200 / 800 = 0.25
    inv = example_invoices([invoice("E", "D1", "2024-03-30", "2024-04-30", 600)])
    b = by_debtor(behaviour(build_ledger(inv, None, AS_OF), pd.Series(["D1"])))
    assert b.loc["D1", "overdue_share"] == pytest.approx(0.25)
    # E is not due: it changes no days-late figure
    assert b.loc["D1", "weighted_days_late"] == pytest.approx(6400 / 600)


def test_old_open_invoice_counts_the_window_length():
    # Due 1 Jan 2022, still open: 12-month window 31 Mar 2023 - 31 Mar 2024 = 366 days (leap
    # year), 3-month window 31 Dec 2023 - 31 Mar 2024 = 91 days.
    inv = table("Invoices", [invoice("OLD", "D1", "2021-12-01", "2022-01-01", 100)])
    led = build_ledger(inv, None, AS_OF)
    ids = pd.Index(["D1"])
    assert weighted_days_late(led, ids, 12).iloc[0] == 366
    assert weighted_days_late(led, ids, 3).iloc[0] == 91
    assert weighted_days_late(led, ids, 12, half_life_days=182).iloc[0] == 366  # however small its weight
    assert by_debtor(behaviour(led, pd.Series(["D1"]))).loc["D1", "max_days_overdue"] == (AS_OF - pd.Timestamp("2022-01-01")).days


def test_window_bounds_by_due_date():
    # due exactly 12 months before as_of (31 Mar 2023): outside; one day later: inside.
    inv = table("Invoices", [invoice("OUT", "D1", "2023-03-01", "2023-03-31", 100, paid_date="2023-05-30"),
                             invoice("IN", "D1", "2023-03-01", "2023-04-01", 100, paid_date="2023-04-06")])
    assert weighted_days_late(build_ledger(inv, None, AS_OF), pd.Index(["D1"]), 12).iloc[0] == 5


def test_partial_payment_keeps_invoice_late_on_its_whole_amount():
    # 100 due 1 March, 60 paid by reference on 5 March: 40 open, the invoice counts 30 days x 100.
    inv = table("Invoices", [invoice("A", "D1", "2024-02-01", "2024-03-01", 100)])
    pay = table("Payments", [payment("P", "D1", "2024-03-05", 60, "A")])
    b = by_debtor(behaviour(build_ledger(inv, pay, AS_OF), pd.Series(["D1"])))
    assert b.loc["D1", "weighted_days_late"] == 30
    assert b.loc["D1", "overdue_share"] == 1.0


def test_dso_and_dbt_come_from_aging():
    # Count-back from 31 March on 200 open: month (29 Feb, 31 Mar] has no sales (31 days),
    # month (31 Jan, 29 Feb] has C's 200 (29 days), which absorbs it exactly: 31 + 29 = 60.
    b = by_debtor(behaviour(build_ledger(example_invoices(), None, AS_OF), pd.Series(["D1"])))
    assert b.loc["D1", "dso"] == pytest.approx(60)
    assert b.loc["D1", "dbt"] == pytest.approx(60)  # nothing is current: best possible DSO is 0


def test_a_long_half_life_is_the_plain_twelve_month_figure():
    led = build_ledger(example_invoices(), None, AS_OF)
    b = by_debtor(behaviour(led, pd.Series(["D1"]), half_life_days=1e12))
    assert b.loc["D1", "recent_days_late"] == pytest.approx(6400 / 600)
