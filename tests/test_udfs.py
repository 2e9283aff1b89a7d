"""Worksheet functions called as Excel calls them: lists of rows, COM values."""
from datetime import datetime

import pytest

from addin import udfs

INVOICES = [["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC"],
            ["A", "D", datetime(2025, 2, 1), datetime(2025, 3, 1), 1000.0],
            ["B", "E", datetime(2025, 6, 1), datetime(2025, 7, 1), 500.0],
            ["C", "D", "01/06/2025", "2025-06-15", "250,50"],
            ["X", None, None, None, None]]
PAYMENTS = [["debtor_id", "date", "amount", "invoice_id"], ["D", datetime(2025, 6, 20), 200.0, None]]
DEBTORS = [["debtor_id", "name"], ["D", "Dupont"], ["E", "Eiffel"], ["F", "Idle"]]
AS_OF = datetime(2025, 6, 30)


def as_dicts(rows):
    return {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}


def test_aging_spills_one_row_per_debtor_with_hand_checked_buckets():
    out = udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    assert out[0][:3] == ["debtor_id", "not_due", "d1_30"]
    rows = as_dicts(out)
    assert list(rows) == ["D", "E", "F"]
    # D: A 1000 is 121 days past due; 200 unreferenced settles A first -> 800 over 120; C 250.50 is 15 days past due.
    assert rows["D"]["over_120"] == 800.0 and rows["D"]["d1_30"] == 250.5 and rows["D"]["total"] == 1050.5
    assert rows["E"]["not_due"] == 500.0
    assert rows["F"]["total"] == 0.0
    assert all(isinstance(v, (float, str, type(None))) for r in out[1:] for v in r)  # COM types only


def test_exposure_with_orders():
    orders = [["debtor_id", "amount"], ["E", 100.0]]
    rows = as_dicts(udfs.CREDIT_EXPOSURE(INVOICES, PAYMENTS, DEBTORS, orders, "30/06/2025"))
    assert rows["E"]["exposure_with_orders"] == 600.0 and rows["D"]["exposure"] == 1050.5


def test_nan_comes_back_as_empty_cell():
    out = udfs.CREDIT_AGING([INVOICES[0], INVOICES[2]], None, None, AS_OF)
    dso = out[0].index("dso")
    assert out[1][dso] is not None  # E has sales
    only_old = [INVOICES[0], ["Z", "Q", datetime(2020, 1, 1), datetime(2020, 2, 1), 10.0]]
    out = udfs.CREDIT_AGING(only_old, None, None, AS_OF)
    assert out[1][dso] is None       # 24 months of sales do not explain the balance: empty, not NaN


@pytest.mark.parametrize("args, text", [
    ((INVOICES, None, None, None), "as_of"),
    ((INVOICES, None, None, "someday"), "as_of"),
    (([["foo"], [1.0]], None, None, AS_OF), "required column missing"),
    ((None, None, None, AS_OF), "Invoices table is empty"),
])
def test_bad_arguments_return_short_text(args, text):
    out = udfs.CREDIT_AGING(*args)
    assert isinstance(out, str) and out.startswith("#CREDIT! ") and text in out and "Traceback" not in out


def test_cache_hit_miss_and_bound(monkeypatch):
    cache = udfs.ResultCache(size=2)
    monkeypatch.setattr(udfs, "CACHE", cache)
    first = udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    again = udfs.CREDIT_AGING([list(r) for r in INVOICES], PAYMENTS, DEBTORS, AS_OF)  # same content, new lists
    assert again is first and (cache.hits, cache.misses) == (1, 1)
    changed = [list(r) for r in INVOICES]
    changed[1][4] = 999.0
    assert udfs.CREDIT_AGING(changed, PAYMENTS, DEBTORS, AS_OF) != first
    assert cache.misses == 2
    udfs.CREDIT_EXPOSURE(INVOICES, PAYMENTS, DEBTORS, None, AS_OF)
    assert len(cache.entries) == 2  # bounded: the oldest entry was evicted
    udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    assert cache.misses == 4        # ... so the first call is computed again
