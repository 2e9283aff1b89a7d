"""Exposure per debtor (encours): what the debtor owes now, and with open orders.

exposure = open invoice balances (due and not yet due) - unapplied credit.

Open orders are shown apart: exposure_with_orders = exposure + open orders.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .aging import sums_by
from .ledger import Ledger, debtor_positions, positions


def exposure(ledger: Ledger, debtor_ids: pd.Series, orders: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per debtor id, in the given order (zero balances included)."""
    ids = pd.Index(debtor_ids.drop_duplicates(), name="debtor_id")
    return pd.DataFrame(exposure_columns(ledger, ids, debtor_positions(ledger, ids), orders), index=ids).reset_index()


def exposure_columns(ledger: Ledger, ids: pd.Index, at: np.ndarray, orders: pd.DataFrame | None = None) -> dict:
    """exposure's columns as arrays aligned on `ids` (distinct), `at` the position in them of each
    ledger invoice's debtor (-1: none)."""
    open_total = sums_by(at, len(ids), np.zeros(len(at), int), ledger.invoices["open"], 1)[:, 0]
    credit = ledger.unapplied.reindex(ids, fill_value=0.0).to_numpy()
    pending = np.zeros(len(ids)) if orders is None or not len(orders) else \
        sums_by(positions(ids, orders["debtor_id"]), len(ids), np.zeros(len(orders), int), orders["amount"], 1)[:, 0]
    owed = open_total - credit
    return {"exposure": owed, "open_orders": pending, "exposure_with_orders": owed + pending, "unapplied_credit": credit}
