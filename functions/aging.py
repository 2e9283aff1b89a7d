"""Aged balance (balance âgée) and days sales outstanding per debtor.

Buckets: not due, then one bucket per upper bound of `Policy.aging_buckets` (inclusive),
then everything beyond. With the default 30,60,90,120: an invoice exactly 30 days past due
is in 1-30, 31 days past due in 31-60.

DSO, count-back method: take the receivables, subtract each month's sales newest first,
count the whole months they absorb and the fraction of the month where they run out.
Best possible DSO is the same count-back on the not-yet-due receivables; DBT (days beyond
terms) is DSO minus best possible DSO. Simple DSO = receivables / last 12 months' sales x 365.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .ledger import CENT, Ledger, debtor_positions, months_before, positions, sums_at
from .policy import Policy

COUNT_BACK_MONTHS = 24


def bucket_names(bounds: tuple[int, ...]) -> list[str]:
    """['not_due', 'd1_30', 'd31_60', ..., 'over_120'] for the given upper bounds."""
    lows = (1,) + tuple(b + 1 for b in bounds[:-1])
    return ["not_due"] + [f"d{lo}_{hi}" for lo, hi in zip(lows, bounds)] + [f"over_{bounds[-1]}"]


def days_past(ledger: Ledger, basis: str) -> np.ndarray:
    """Whole days (rounded down) from each invoice's basis date (due or invoice date) to
    as_of; NaN where the date is missing."""
    stamps = ledger.invoices[basis].to_numpy("datetime64[ns]")
    with np.errstate(invalid="ignore"):  # NaT, set to NaN below
        days = ((ledger.as_of.to_datetime64() - stamps) // np.timedelta64(1, "D")).astype(float)
    days[np.isnat(stamps)] = np.nan
    return days


def aging(ledger: Ledger, debtor_ids: pd.Series, policy: Policy) -> pd.DataFrame:
    """Aged open balances per debtor: buckets, total (net of unapplied credit), DSO, DBT."""
    ids = pd.Index(debtor_ids.drop_duplicates(), name="debtor_id")
    names = bucket_names(policy.aging_buckets)
    edges = np.array([0, *policy.aging_buckets])
    bucket = np.searchsorted(edges, days_past(ledger, policy.aging_basis), side="left")  # <= 0 -> 0, 1..30 -> 1, ...
    row = debtor_positions(ledger, ids)
    table = sums_by(row, len(ids), bucket, ledger.invoices["open"], len(names))
    credit = ledger.unapplied.reindex(ids, fill_value=0.0).to_numpy()
    return pd.DataFrame({**dict(zip(names, table.T)), "total": table.sum(axis=1) - credit,
                         **_dso_columns(ledger, ids, row, credit), "unapplied_credit": credit,
                         "overdue": table[:, 1:].sum(axis=1)}, index=ids).reset_index()


def sums_by(row: np.ndarray, rows: int, column: np.ndarray, values: pd.Series, width: int) -> np.ndarray:
    """A rows x width matrix of the sums of `values` by (row, column): a pivot table without the
    pivot. Negative or too large rows and columns are left out.

    Amounts in whole cents, the usual case, are added as whole numbers of cents, which doubles
    hold exactly: the sums are exact, so a total equal to a limit compares equal. Other values
    are added by pandas (compensated sums, in input order).
    """
    keep = (row >= 0) & (row < rows) & (column >= 0) & (column < width)
    key, amounts = row * width + column, values.to_numpy(float)
    if not keep.all():
        key, amounts = key[keep], amounts[keep]
    return sums_at(key, amounts, rows * width).reshape(rows, width)


def monthly_sales(ledger: Ledger, ids: pd.Index, months: int = COUNT_BACK_MONTHS, row: np.ndarray | None = None):
    """Sales incl. VAT, credit notes deducted, per debtor and month back from as_of.

    Month k covers (as_of - k-1 months, as_of - k months]; returns (sales matrix, days per
    month). `row`: the position in `ids` of each ledger invoice's debtor, when already known.
    """
    starts, days = _months_back(ledger.as_of, months)
    credits = ledger.credits
    notes = np.flatnonzero((credits["source"] == "credit_note").to_numpy())  # their columns taken, not the rows
    row = debtor_positions(ledger, ids) if row is None else row
    row = np.concatenate([row, positions(ids, credits["debtor_id"].to_numpy()[notes])])
    when = np.concatenate([ledger.invoices["invoice_date"].to_numpy("datetime64[ns]"),
                           credits["date"].to_numpy("datetime64[ns]")[notes]])
    amount = pd.Series(np.concatenate([ledger.invoices["amount"].to_numpy(float),
                                       -credits["amount"].to_numpy(float)[notes]]))
    month = np.where(when > starts[0], months - np.searchsorted(starts, when, side="left"), -1)  # -1: too old
    return sums_by(row, len(ids), month, amount, months), days


@lru_cache(maxsize=64)
def _months_back(as_of: pd.Timestamp, months: int) -> tuple[np.ndarray, np.ndarray]:
    """(the month boundaries back from as_of, ascending, the days in each month, newest first),
    read-only: the cache hands the same arrays to every caller."""
    ends = months_before(as_of, np.arange(months + 1))
    days = ((ends[:-1] - ends[1:]) // np.timedelta64(1, "D")).astype(float)
    starts = ends[::-1].copy()
    starts.flags.writeable = days.flags.writeable = False
    return starts, days


def count_back(receivables: np.ndarray, sales: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Count-back DSO per row; NaN when 24 months of sales do not absorb the receivables.

    Within half a cent counts as absorbed: the same amounts added in another order may differ
    in the last bit, and that must not count the months without sales that follow.
    """
    sales = np.clip(sales, 0.0, None)
    cum = np.cumsum(sales, axis=1)
    before = np.concatenate([np.zeros((len(sales), 1)), cum[:, :-1]], axis=1)
    owed = receivables[:, None]
    running = before < owed - CENT  # receivables not yet absorbed at the month's start
    whole = running & (cum <= owed + CENT)
    partial = running & ~whole
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(partial, (owed - before) / sales, 0.0)
    result = (whole * days).sum(axis=1) + (fraction * days).sum(axis=1)
    absorbed = cum[:, -1] >= receivables - CENT if len(days) else receivables <= 0
    return np.where(receivables <= 0, 0.0, np.where(absorbed, result, np.nan))


def dso(ledger: Ledger, ids: pd.Index) -> pd.DataFrame:
    """dso (count-back), dbt, best possible DSO and simple DSO per debtor."""
    credit = ledger.unapplied.reindex(ids, fill_value=0.0).to_numpy()
    return pd.DataFrame(_dso_columns(ledger, ids, debtor_positions(ledger, ids), credit), index=ids)


def _dso_columns(ledger: Ledger, ids: pd.Index, row: np.ndarray, credit: np.ndarray) -> dict[str, np.ndarray]:
    """The columns of `dso`; `row` as in `monthly_sales`, `credit` the unapplied credit per debtor."""
    inv = ledger.invoices
    sales, days = monthly_sales(ledger, ids, row=row)
    not_due = inv["due_date"].to_numpy("datetime64[ns]") >= np.datetime64(ledger.as_of.to_datetime64(), "ns")
    open_ = sums_by(row, len(ids), not_due.astype(int), inv["open"], 2)  # [due, not due]
    receivables = open_.sum(axis=1) - credit
    total_dso = count_back(receivables, sales, days)
    best = count_back(open_[:, 1], sales, days)
    year_sales = sales[:, :12].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        simple = np.where(year_sales > 0, receivables / year_sales * 365.0, np.where(receivables <= 0, 0.0, np.nan))
    return {"dso": total_dso, "dbt": total_dso - best, "best_dso": best, "simple_dso": simple}
