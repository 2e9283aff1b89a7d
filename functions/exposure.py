"""Exposure per debtor (encours): what the debtor owes now, and with open orders.

exposure = open invoice balances (due and not yet due) - unapplied credit.

Open orders are shown apart: exposure_with_orders = exposure + open orders.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .aging import sums_by
from .ledger import Ledger, debtor_positions, positions, sums_at


def exposure(ledger: Ledger, debtor_ids: pd.Series, orders: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per debtor id, in the given order (zero balances included)."""
    ids = pd.Index(debtor_ids.drop_duplicates(), name="debtor_id")
    columns = exposure_columns(ledger.invoices["open"].to_numpy(float), ledger.unapplied, ids,
                               debtor_positions(ledger, ids), orders)
    return pd.DataFrame(columns, index=ids).reset_index()


def exposure_columns(opened: np.ndarray, unapplied: pd.Series, ids: pd.Index, at: np.ndarray,
                     orders: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """exposure's columns as arrays aligned on `ids` (distinct), from a ledger's open invoice balances
    `opened`, `at` the position in `ids` of each one's debtor (-1: none), and its `unapplied` credit."""
    kept = at >= 0
    open_total = sums_at(at[kept], opened[kept], len(ids))
    credit = unapplied.reindex(ids, fill_value=0.0).to_numpy()
    pending = np.zeros(len(ids)) if orders is None or not len(orders) else \
        sums_by(positions(ids, orders["debtor_id"]), len(ids), np.zeros(len(orders), int), orders["amount"], 1)[:, 0]
    owed = open_total - credit
    return {"exposure": owed, "open_orders": pending, "exposure_with_orders": owed + pending,
            "unapplied_credit": credit}
