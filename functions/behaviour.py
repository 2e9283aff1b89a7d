"""Payment behaviour per debtor (comportement de paiement) from the ledger at `as_of`.

Weighted days late over a window of W months (retard moyen pondéré): every invoice due
within (as_of - W months, as_of], plus every invoice still open and overdue at as_of, counts
(settled date, else as_of) - due date, negative when paid early, weighted by its amount.
Open invoices due before the window count the window's length in days (the most a window
can show). Membership by due date and this cap make the figure monotone: paying any invoice
later never lowers it, which the score relies on.

Worked example, as_of 31 March 2024: A 100 due 10 Nov 2023 paid 20 Nov (10 days late),
B 300 due 1 Feb 2024 paid 30 Jan (2 days early), C 200 due 1 Mar 2024 still open (30 days):
12 months (100 x 10 + 300 x -2 + 200 x 30) / 600 = 10.67 days; 3 months (A is out)
(300 x -2 + 200 x 30) / 500 = 10.8 days; trend = 10.8 - 10.67 = +0.13 day (worsening).

Recent days late (retard récent pondéré), what the score uses: the 12-month figure where each
invoice also weighs half as much for every `half_life_days` (default 182, six months) between
its due date and as_of. Recent habits announce the next payments better than old ones (in the
IBM backtest it ranks clients better than the plain 12-month figure, see the README), and a
weight fixed by amount and due date keeps the figure monotone. In the example: weights
100 x 0.5^(142/182) = 58.23, 300 x 0.5^(59/182) = 239.63, 200 x 0.5^(30/182) = 178.40, so
(58.23 x 10 - 239.63 x 2 + 178.40 x 30) / 476.26 = 11.45 days.

Other figures: overdue_share = overdue open balance / open balance (part échue de l'encours),
max_days_overdue (retard maximal en cours, 0 when nothing is overdue), disputes (disputed
invoices open now or issued in the last 12 months: litiges), DSO and DBT (functions.aging).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .aging import _dso_columns
from .ledger import Ledger, by_ids, column_sums, debtor_positions, disputed, months_before, stood_at, whole_days

BEHAVIOUR_COLUMNS = ["debtor_id", "weighted_days_late", "weighted_days_late_3m", "trend", "recent_days_late",
                     "overdue_share",
                     "max_days_overdue", "disputes", "dso", "dbt"]


def weighted_days_late(ledger: Ledger, ids: pd.Index, months: int, half_life_days: float | None = None) -> pd.Series:
    """Amount-weighted days late over the last `months` months per debtor (NaN: nothing to count);
    with `half_life_days`, each weight also halves every half_life_days from due date to as_of."""
    return pd.Series(days_late_values(ledger, ids, months, half_life_days), index=ids,
                     name=f"weighted_days_late_{months}m")


def days_late_values(ledger: Ledger, ids: pd.Index, months: int, half_life_days: float | None = None,
                     at: pd.Timestamp | None = None) -> np.ndarray:
    """weighted_days_late as an array, in the order of `ids`; `at`: a date before the ledger's
    as_of, to judge the ledger as it stood then (functions.watch's previous scores)."""
    invoices, row, as_of = _invoices(ledger, ids, at)
    return _late_figures(invoices, as_of, len(ids), row, [(months, half_life_days)], [])[0][0]


def _invoices(ledger: Ledger, ids: pd.Index, at: pd.Timestamp | None = None
              ) -> tuple[dict[str, np.ndarray], np.ndarray, pd.Timestamp]:
    """The invoices' due_date, settled_date, open and amount as arrays, the position in `ids` of
    each one's debtor (-1: not one of them) and the date they stand at: as_of, or `at` when earlier.
    At `at`, the invoices dated by then as functions.portfolio.ledger_at restates them: closed
    when settled by `at`, else open in full."""
    inv = ledger.invoices
    invoices = {c: inv[c].to_numpy("datetime64[ns]") for c in ("due_date", "settled_date")}
    invoices.update({c: inv[c].to_numpy(float) for c in ("open", "amount")})
    row = debtor_positions(ledger, ids)
    if at is None or pd.Timestamp(at) >= ledger.as_of:
        return invoices, row, ledger.as_of
    at = pd.Timestamp(at)
    stamp = np.datetime64(at.to_datetime64(), "ns")
    kept = inv["invoice_date"].to_numpy("datetime64[ns]") <= stamp
    invoices = {c: values[kept] for c, values in invoices.items()}
    invoices["open"], invoices["settled_date"] = stood_at(invoices["amount"], invoices["settled_date"], stamp)
    return invoices, row[kept], at


def _late_figures(invoices: dict[str, np.ndarray], as_of: pd.Timestamp, n: int, row: np.ndarray,
                  windows: list[tuple[int, float | None]], totals: list[tuple[np.ndarray, np.ndarray]]
                  ) -> tuple[list[np.ndarray], np.ndarray]:
    """weighted_days_late for each (months, half_life_days) of `windows` at as_of, as arrays by
    debtor position (`invoices` and `row` as _invoices gives them, `n` debtors), and per debtor
    position the sums over all its invoices of each pair of `totals` (arrays by invoice), as
    rows of an array with two columns.

    One grouping keyed by (window or pair, position) instead of one per window: pandas'
    compensated sums run per group in row order, so each sum adds exactly the rows, in the
    order, that it did with a grouping of its own (numpy's sums would differ in the last digit).
    """
    due, open_, amount = invoices["due_date"], invoices["open"], invoices["amount"]
    stamp = np.datetime64(as_of.to_datetime64(), "ns")
    overdue_open = (open_ > 0) & (due < stamp)
    end = np.where(open_ <= 0, invoices["settled_date"], stamp)
    days, age = whole_days(end - due), None
    ours = row >= 0
    keys, weights, weighted = [], [], []
    for k, (months, half_life_days) in enumerate(windows):
        start = months_before(stamp, months)
        counted = ((due > start) & (due <= stamp) | overdue_open) & ours
        weight = amount
        if half_life_days is not None:
            age = whole_days(stamp - due) if age is None else age
            weight = amount * 0.5 ** (np.clip(age, 0, None) / half_life_days)
        keys.append(k * n + row[counted])
        weights.append(weight[counted])
        weighted.append((weight * np.clip(days, None, (stamp - start) // np.timedelta64(1, "D")))[counted])
    for k, (a, b) in enumerate(totals, len(windows)):
        keys.append(k * n + row[ours])
        weights.append(a[ours])
        weighted.append(b[ours])
    sums = key_sums(np.concatenate(keys), np.column_stack([np.concatenate(weights), np.concatenate(weighted)]),
                    (len(windows) + len(totals)) * n)
    found = []
    for k in range(len(windows)):
        w, wd = sums[k * n:(k + 1) * n, 0], sums[k * n:(k + 1) * n, 1]
        found.append(wd / np.where(w > 0, w, np.nan))
    return found, sums[len(windows) * n:]


def key_sums(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """A frame's group-by sum() of each column of `values` by key (0 <= key < size, NaN skipped)
    as a (size, columns) array, NaN where a key has no row, to the last bit (ledger.column_sums),
    without the frame, the categorical and the labels."""
    sums = column_sums(keys, list(values.T), size).T
    sums[np.bincount(keys, minlength=size) == 0] = np.nan
    return sums


def behaviour(ledger: Ledger, debtor_ids: pd.Series, half_life_days: float = 182.0) -> pd.DataFrame:
    """One row per debtor id (in the given order) with the columns of BEHAVIOUR_COLUMNS."""
    ids = pd.Index(pd.Series(debtor_ids).drop_duplicates(), name="debtor_id")
    return pd.DataFrame(behaviour_columns(ledger, ids, half_life_days), index=ids).reset_index()


def behaviour_columns(ledger: Ledger, ids: pd.Index, half_life_days: float = 182.0) -> dict[str, np.ndarray]:
    """behaviour's columns but debtor_id, as arrays in the order of `ids` (distinct debtor ids)."""
    inv, as_of, n = ledger.invoices, ledger.as_of, len(ids)
    invoices, row, _ = _invoices(ledger, ids)  # row -1: not one of `ids`, left out
    open_, due = invoices["open"], invoices["due_date"]
    stamp = np.datetime64(as_of.to_datetime64(), "ns")
    overdue = (open_ > 0) & (due < stamp)
    (year, quarter, recent_days), sums = _late_figures(
        invoices, as_of, n, row, [(12, None), (3, None), (12, half_life_days)],
        [(open_, np.where(overdue, open_, 0.0))])
    ours = row >= 0
    marked = disputed(inv)
    year_ago = months_before(stamp, 12)
    recent = (open_ > 0) | (inv["invoice_date"].to_numpy("datetime64[ns]") > year_ago)
    disputes = np.bincount(row[ours & marked & recent], minlength=n)
    late = whole_days(stamp - due)  # overdue: 0 days or more
    max_late = np.zeros(n)
    np.maximum.at(max_late, row[ours & overdue], late[ours & overdue])
    unapplied = ledger.unapplied  # mostly none: nothing to look up
    credit = by_ids(unapplied, ids, 0.0) if len(unapplied) else np.zeros(n)
    speed = _dso_columns(ledger, ids, row, credit)
    with np.errstate(invalid="ignore", divide="ignore"):
        overdue_share = sums[:, 1] / np.where(sums[:, 0] > 0, sums[:, 0], np.nan)
    return {"weighted_days_late": year, "weighted_days_late_3m": quarter, "trend": quarter - year,
            "recent_days_late": recent_days, "overdue_share": overdue_share, "max_days_overdue": max_late.astype(int),
            "disputes": disputes, "dso": speed["dso"], "dbt": speed["dbt"]}
