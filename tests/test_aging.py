import numpy as np
import pandas as pd
import pytest

from functions.aging import aging, bucket_names, count_back
from functions.exposure import exposure
from functions.ledger import build_ledger
from functions.policy import Policy

from builders import invoice, payment, table

AS_OF = "2025-06-30"


def aged(rows, policy=Policy(), payments=None, ids=("D",)):
    led = build_ledger(table("Invoices", rows), payments, AS_OF)
    return aging(led, pd.Series(list(ids)), policy).set_index("debtor_id")


@pytest.mark.parametrize("days_past_due, bucket", [
    (-5, "not_due"), (0, "not_due"), (1, "d1_30"), (30, "d1_30"), (31, "d31_60"), (60, "d31_60"),
    (61, "d61_90"), (90, "d61_90"), (91, "d91_120"), (120, "d91_120"), (121, "over_120")])
def test_bucket_upper_bounds_are_inclusive(days_past_due, bucket):
    due = pd.Timestamp(AS_OF) - pd.Timedelta(days=days_past_due)
    row = aged([invoice("A", "D", due - pd.Timedelta(days=30), due, 100)]).loc["D"]
    assert row[bucket] == 100
    assert row[bucket_names((30, 60, 90, 120))].sum() == 100


def test_configurable_buckets_and_invoice_date_basis():
    policy = Policy(aging_buckets=(45, 90), aging_basis="invoice_date")
    # invoiced 2025-05-01: 60 days before as_of on the invoice-date basis -> 46-90
    row = aged([invoice("A", "D", "2025-05-01", "2025-07-31", 100)], policy).loc["D"]
    assert list(row.index[:4]) == ["not_due", "d1_45", "d46_90", "over_90"]
    assert row["d46_90"] == 100


def test_total_is_net_of_unapplied_credit_and_zero_debtors_are_listed():
    pay = table("Payments", [payment("P", "D", "2025-06-01", 150)])
    frame = aged([invoice("A", "D", "2025-05-01", "2025-07-31", 100)], payments=pay, ids=("D", "E"))
    assert frame.loc["D", "total"] == -50 and frame.loc["D", "unapplied_credit"] == 50
    assert frame.loc["E", "total"] == 0 and list(frame.index) == ["D", "E"]


def test_count_back_hand_checked():
    # Receivables 250; sales newest first 100, 100, 200 over months of 30, 31, 30 days:
    # 100 absorbs 30 days, next 100 absorbs 31 days, the last 50 of 200 is a quarter of 30 days.
    dso = count_back(np.array([250.0]), np.array([[100.0, 100.0, 200.0]]), np.array([30.0, 31.0, 30.0]))
    assert dso[0] == pytest.approx(30 + 31 + 7.5)


def test_count_back_edge_cases():
    days = np.array([30.0, 31.0])
    out = count_back(np.array([0.0, 50.0, 500.0, 100.0]), np.array([[10.0, 10.0], [0.0, 100.0], [10.0, 10.0], [100.0, 0.0]]), days)
    assert out[0] == 0                          # nothing owed
    assert out[1] == pytest.approx(30 + 15.5)   # a month with no sales counts in full
    assert np.isnan(out[2])                     # two months of sales do not explain the balance
    assert out[3] == pytest.approx(30)          # exactly absorbed: stops there


def test_count_back_takes_a_last_bit_of_rounding_as_absorbed():
    # 0.1 + 0.2 is 0.30000000000000004 in doubles: the 0.30 of last month's sales absorb it all
    # (30 days), the empty months before must not count, and the balance is explained.
    out = count_back(np.array([0.1 + 0.2, 0.31]), np.array([[0.3, 0.0, 0.0], [0.3, 0.0, 0.0]]),
                     np.array([30.0, 31.0, 30.0]))
    assert out[0] == 30
    assert np.isnan(out[1])  # a whole cent more is not rounding: 0.30 of sales do not explain 0.31


def test_dso_dbt_on_a_ledger():
    # As of 30 June: sales 70 in June (not due), 40 in March (net of a credit note), 100 in February.
    rows = [invoice("A", "D", "2025-02-01", "2025-03-01", 100), invoice("B", "D", "2025-03-01", "2025-05-31", 50),
            invoice("N", "D", "2025-03-20", "2025-03-20", -10), invoice("E", "D", "2025-06-01", "2025-07-01", 70)]
    row = aged(rows).loc["D"]
    # receivables 210 = all sales back to Feb: months (30 May,30 Jun]=31, (30 Apr,30 May]=30, (30 Mar,30 Apr]=31,
    # (28 Feb,30 Mar]=30, (30 Jan,28 Feb]=29 -> 151 days; best: current 70 = June's sales -> 31 days.
    assert row["dso"] == pytest.approx(151)
    assert row["best_dso"] == pytest.approx(31)
    assert row["dbt"] == pytest.approx(120)
    assert row["simple_dso"] == pytest.approx(210 / 210 * 365)


def test_exposure_with_orders():
    led = build_ledger(table("Invoices", [invoice("A", "D", "2025-05-01", "2025-07-31", 100)]), None, AS_OF)
    orders = table("Orders", [dict(order_id="O1", debtor_id="D", amount=25.0), dict(order_id="O2", debtor_id="E", amount=5.0)])
    frame = exposure(led, pd.Series(["D", "E", "F"]), orders).set_index("debtor_id")
    assert frame.loc["D", ["exposure", "open_orders", "exposure_with_orders"]].tolist() == [100, 25, 125]
    assert frame.loc["E", "exposure_with_orders"] == 5 and frame.loc["F", "exposure"] == 0


def test_balances_in_whole_cents_add_up_exactly():
    # In doubles 0.1 + 0.2 is 0.30000000000000004 and 3333.33 + 3333.33 + 3333.34 is not 10000:
    # counted in cents they are 0.30 and 10,000.00 exactly, so a total at a limit compares equal.
    rows = [invoice(i, d, "2025-06-01", "2025-07-31", a) for i, d, a in
            [("A", "D", 0.1), ("B", "D", 0.2), ("C", "E", 3333.33), ("F", "E", 3333.33), ("G", "E", 3333.34)]]
    led = build_ledger(table("Invoices", rows), None, AS_OF)
    frame = exposure(led, pd.Series(["D", "E"])).set_index("debtor_id")
    assert frame.loc["D", "exposure"] == 0.3 and frame.loc["E", "exposure"] == 10_000.0
    assert aging(led, pd.Series(["D", "E"]), Policy()).set_index("debtor_id").loc["E", "not_due"] == 10_000.0


def test_amounts_finer_than_a_cent_are_summed_as_given():
    # Three-decimal amounts (a dinar, a unit price): no rounding to the cent; pandas' sums instead.
    rows = [invoice("A", "D", "2025-06-01", "2025-07-31", 1.234), invoice("B", "D", "2025-06-01", "2025-07-31", 2.0005)]
    led = build_ledger(table("Invoices", rows), None, AS_OF)
    assert exposure(led, pd.Series(["D"]))["exposure"].iloc[0] == pytest.approx(3.2345, abs=1e-12)
