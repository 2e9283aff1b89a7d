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

from .aging import dso
from .ledger import Ledger, debtor_positions

BEHAVIOUR_COLUMNS = ["debtor_id", "weighted_days_late", "weighted_days_late_3m", "trend", "recent_days_late",
                     "overdue_share",
                     "max_days_overdue", "disputes", "dso", "dbt"]


def window_start(as_of: pd.Timestamp, months: int) -> pd.Timestamp:
    return pd.Timestamp(as_of) - pd.DateOffset(months=months)


def weighted_days_late(ledger: Ledger, ids: pd.Index, months: int, half_life_days: float | None = None) -> pd.Series:
    """Amount-weighted days late over the last `months` months per debtor (NaN: nothing to count);
    with `half_life_days`, each weight also halves every half_life_days from due date to as_of."""
    return _days_late(ledger, ids, debtor_positions(ledger, ids), [(months, half_life_days)])[0]


def _days_late(ledger: Ledger, ids: pd.Index, row: np.ndarray, windows: list[tuple[int, float | None]]
               ) -> list[pd.Series]:
    """weighted_days_late for each (months, half_life_days) of `windows`; `row` is the position in
    `ids` of each ledger invoice's debtor (-1: not one of them, its group dropped).

    Grouped by position, not by id: the same sums without hashing the ids again. One grouping
    per window and every row kept: pandas adds a column holding a blank (NaN) another way than
    one without, to the last digit, so each window's column holds exactly the rows it always did.
    """
    inv, as_of, n = ledger.invoices, ledger.as_of, len(ids)
    found = []
    for months, half_life_days in windows:
        start = window_start(as_of, months)
        cap = (as_of - start).days
        overdue_open = (inv["open"] > 0) & (inv["due_date"] < as_of)
        counted = (((inv["due_date"] > start) & (inv["due_date"] <= as_of)) | overdue_open).to_numpy()
        end = inv["settled_date"].where(inv["open"] <= 0, as_of)
        days = (end - inv["due_date"]).dt.days.clip(upper=cap)
        weight = inv["amount"]
        if half_life_days is not None:
            weight = weight * 0.5 ** ((as_of - inv["due_date"]).dt.days.clip(lower=0) / half_life_days)
        frame = pd.DataFrame({"w": weight, "wd": weight * days}).loc[counted]
        sums = frame.groupby(row[counted]).sum().reindex(range(n))
        w, wd = sums["w"].to_numpy(), sums["wd"].to_numpy()
        found.append(pd.Series(wd / np.where(w > 0, w, np.nan), index=ids, name=f"weighted_days_late_{months}m"))
    return found


def behaviour(ledger: Ledger, debtor_ids: pd.Series, half_life_days: float = 182.0) -> pd.DataFrame:
    """One row per debtor id (in the given order) with the columns of BEHAVIOUR_COLUMNS."""
    ids = pd.Index(pd.Series(debtor_ids).drop_duplicates(), name="debtor_id")
    inv, as_of = ledger.invoices, ledger.as_of
    row = debtor_positions(ledger, ids)  # -1: not one of `ids`, left out
    year, quarter, recent_days = _days_late(ledger, ids, row, [(12, None), (3, None), (12, half_life_days)])
    late = (as_of - inv["due_date"]).dt.days.where((inv["open"] > 0) & (inv["due_date"] < as_of))
    disputed = inv["disputed"].fillna(False).astype(bool) if "disputed" in inv else pd.Series(False, index=inv.index)
    recent = (inv["open"] > 0) | (inv["invoice_date"] > window_start(as_of, 12))
    by_debtor = pd.DataFrame({"open": inv["open"], "overdue": inv["open"].where(late.notna(), 0.0),
                              "disputes": disputed & recent}).groupby(row)  # all rows: see _days_late
    sums = by_debtor.sum().reindex(range(len(ids)))
    max_late = late.groupby(row).max().reindex(range(len(ids)))
    speed = dso(ledger, ids)
    result = pd.DataFrame({
        "weighted_days_late": year, "weighted_days_late_3m": quarter, "trend": quarter - year,
        "recent_days_late": recent_days,
        "overdue_share": sums["overdue"].to_numpy() / sums["open"].where(sums["open"] > 0).to_numpy(),
        "max_days_overdue": max_late.fillna(0).astype(int).to_numpy(),
        "disputes": sums["disputes"].fillna(0).astype(int).to_numpy(), "dso": speed["dso"], "dbt": speed["dbt"]},
        index=ids)
    return result.reset_index()[BEHAVIOUR_COLUMNS]
