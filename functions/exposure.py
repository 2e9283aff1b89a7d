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
    open_total = sums_by(debtor_positions(ledger, ids), len(ids), np.zeros(len(ledger.invoices), int),
                         ledger.invoices["open"], 1)[:, 0]
    credit = ledger.unapplied.reindex(ids, fill_value=0.0).to_numpy()
    pending = np.zeros(len(ids)) if orders is None or not len(orders) else \
        sums_by(positions(ids, orders["debtor_id"]), len(ids), np.zeros(len(orders), int), orders["amount"], 1)[:, 0]
    owed = open_total - credit
    return pd.DataFrame({"exposure": owed, "open_orders": pending, "exposure_with_orders": owed + pending,
                         "unapplied_credit": credit}, index=ids).reset_index()
