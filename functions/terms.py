"""French statutory payment terms (délais de paiement, Code de commerce L441-10 I).

Between businesses the agreed term may not exceed 60 days from the invoice date
(`legal_terms_days`), or, when agreed, 45 days end of month (`legal_terms_eom_days`); the
DGCCRF fines a breach up to EUR 2M for a company (L441-16), whatever the credit insurer allows
(`max_credit_days`). An invoice's lawful due date is the latest the rule allows: invoice date +
60 days, or the two readings of "45 days end of month" the administration accepts (end of the
invoice's month + 45 days; invoice date + 45 days, then the end of that month). A Debtors
`legal_terms_days` replaces them for a client under a sector rule (L441-11: e.g. 30 days for
transport or perishable food), with no end-of-month reading. Public buyers (functions.penalties
public_buyers) follow the Code de la commande publique instead, and are not checked.

The `Legal terms` sheet lists the invoices of the 12 months to as_of (and any older one still
open) whose due date is after their lawful due date; LEGAL_TERMS_EXCEEDED (warning) sums them
per client. Blank parameters and no Debtors override: nothing is checked.

Worked example (60 days; 45 days end of month): invoice 2026-01-10 -> 2026-03-11 (60 days),
2026-03-17 (31 January + 45), 2026-02-28 (24 February, end of month): lawful until 2026-03-17.
Due 2026-04-10 (90 days): 24 days beyond. Invoice 2026-02-15: 60 days gives 2026-04-16, end of
February + 45 days 2026-04-14, 2026-04-01 then end of month 2026-04-30: lawful until 2026-04-30.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .breaches import Flags
from .ledger import (DAY, Ledger, by_ids, column_at, debtor_ids, debtor_positions, earliest, run_sums, runs_by,
                     sorted_order, values_at)
from .penalties import public_sector
from .policy import Policy
from .texts import lang, text

KEY_COLUMNS = ["invoice_id", "debtor_id", "invoice_date", "due_date", "terms_days", "legal_due_by", "days_beyond",
               "amount"]
EXTRA_COLUMNS = ["open", "rule"]
LOOKBACK_MONTHS = 12
FLAG = "LEGAL_TERMS_EXCEEDED"


def legal_due_by(invoice_date, policy: Policy, client_days=None):
    """The latest lawful due date of invoices dated `invoice_date` (a Series, or one date); NaT when
    nothing is checked. `client_days`: the Debtors override per row (NaN where none).

    >>> p = Policy(legal_terms_days=60, legal_terms_eom_days=45)
    >>> legal_due_by(pd.Timestamp("2026-01-10"), p).date(), legal_due_by(pd.Timestamp("2026-02-15"), p).date()
    (datetime.date(2026, 3, 17), datetime.date(2026, 4, 30))
    """
    single = not isinstance(invoice_date, pd.Series)
    dates = pd.Series([invoice_date]) if single else invoice_date
    days = None if client_days is None else pd.Series(client_days, index=dates.index).to_numpy("float64", na_value=np.nan)
    latest = pd.Series(_lawful(dates.to_numpy("datetime64[ns]"), policy, days), index=dates.index)
    return latest.iloc[0] if single else latest


def _lawful(dates: np.ndarray, policy: Policy, client_days: np.ndarray | None) -> np.ndarray:
    """legal_due_by on datetime64[ns] dates; `client_days` as floats (NaN where none)."""
    latest = np.full(len(dates), np.datetime64("NaT", "ns"))
    if policy.legal_terms_days is not None:
        latest = dates + np.timedelta64(int(policy.legal_terms_days), "D")
    if policy.legal_terms_eom_days is not None:
        days = np.timedelta64(int(policy.legal_terms_eom_days), "D")
        # the two readings of "45 days end of month"; NaT only where the date is missing
        latest = np.fmax(latest, np.maximum(_month_end(dates) + days, _month_end(dates + days)))
    if client_days is not None:
        given = ~np.isnan(client_days)
        latest = np.where(given, dates + np.where(given, client_days, 0).astype(np.int64).astype("timedelta64[D]"), latest)
    return latest.astype("datetime64[ns]")


def _month_end(dates: np.ndarray) -> np.ndarray:
    """The last day of each date's month, at the same time of day (pandas' MonthEnd(0))."""
    day = dates.astype("datetime64[D]")
    last = (dates.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    return last.astype("datetime64[ns]") + (dates - day.astype("datetime64[ns]"))


def legal_terms(ledger: Ledger, debtors: pd.DataFrame, policy: Policy, language: str | None = None,
                names: pd.Series | None = None) -> pd.DataFrame:
    """The `Legal terms` sheet: invoices whose due date is after their lawful due date (KEY_COLUMNS, EXTRA_COLUMNS).

    `names`: the client's name per debtor_id (index); given, a last `name` column, built with the
    others (a column added to a frame copies the frame)."""
    language = lang(language or policy.language)
    ids, first = debtor_ids(debtors)
    inv = ledger.invoices
    debtor = debtor_positions(ledger, ids)
    since = (ledger.as_of - pd.DateOffset(months=LOOKBACK_MONTHS)).to_datetime64()
    kept = {c: inv[c] for c in KEY_COLUMNS[:4]}  # each column read once
    issued, due = (kept[c].to_numpy("datetime64[ns]") for c in ("invoice_date", "due_date"))
    balance = inv["open"].to_numpy(float)
    public = public_sector(debtors["sector"])[first]
    rows = np.flatnonzero(((issued > since) | (balance > 0))
                          & ~np.append(public, False)[debtor])  # position -1: a client not on Debtors, not public
    override = debtors["legal_terms_days"].to_numpy("float64", na_value=np.nan)[first] \
        if "legal_terms_days" in debtors else np.full(len(first), np.nan)
    client = values_at(override, debtor[rows])
    # the general rule allows at least its longest term (the end of month only adds to it): a due
    # date within it is lawful, only the others (and the clients' own terms) need their lawful date
    terms = [d for d in (policy.legal_terms_days, policy.legal_terms_eom_days) if d is not None]
    longer = due[rows] > issued[rows] + np.timedelta64(int(max(terms)), "D") if terms else False
    checked = longer | ~np.isnan(client)
    rows, client = rows[checked], client[checked]
    due_by = _lawful(issued[rows], policy, client)
    beyond = due[rows] > due_by
    rows, client, due_by = rows[beyond], client[beyond], due_by[beyond]
    general = "; ".join(text(f"legal_rule.{k}", language, n=v) for k, v in (("days", policy.legal_terms_days),
                                                                            ("eom", policy.legal_terms_eom_days)) if v is not None)
    order = sorted_order(kept["debtor_id"].to_numpy()[rows], issued[rows], kept["invoice_id"].to_numpy()[rows])
    rows, client, due_by = rows[order], client[order], due_by[order]
    worded = {n: text("legal_rule.debtor", language, n=int(n)) for n in set(client[~np.isnan(client)].tolist())}
    taken = {c: column_at(column, rows) for c, column in kept.items()}
    return pd.DataFrame({
        **taken,
        "terms_days": (due[rows] - issued[rows]).view(np.int64) // DAY,  # whole days, as .dt.days
        "legal_due_by": due_by, "days_beyond": (due[rows] - due_by).view(np.int64) // DAY,
        "amount": inv["amount"].to_numpy(float)[rows], "open": balance[rows],
        "rule": pd.Index([general if n != n else worded[n] for n in client.tolist()], dtype=object),
        **({} if names is None else {"name": by_ids(names, taken["debtor_id"])})}, copy=False)


def legal_terms_flags(sheet: pd.DataFrame, policy: Policy, language: str | None = None) -> Flags:
    """LEGAL_TERMS_EXCEEDED (warning), one row per client, in the Breaches layout (rows merge_breaches frames)."""
    language = lang(language or policy.language)
    order, code, ids, starts = runs_by(sheet["debtor_id"].to_numpy())
    ends = np.append(starts[1:], len(order))
    amount = run_sums(sheet["amount"].to_numpy(float)[order], starts)  # pandas' sums
    days = sheet["days_beyond"].to_numpy()[order]
    worst = np.maximum.reduceat(days, starts) if len(starts) else days  # whole days: no blank to skip
    first = earliest(sheet["invoice_date"].to_numpy("datetime64[ns]")[order], starts)
    invoices, rules = sheet["invoice_id"].to_numpy()[order], sheet["rule"].to_numpy(object)[order]
    listed = [", ".join(map(str, invoices[a:min(b, a + 5)])) + (f" +{b - a - 5}" if b - a > 5 else "")
              for a, b in zip(starts, ends)]
    rule = [next((r for r in rules[a:b] if not pd.isna(r)), np.nan) for a, b in zip(starts, ends)]  # first(): non-null
    messages = [text(f"breach.{FLAG}", language, count=int(b - a), invoices=names, days=int(days), rule=why)
                for a, b, names, days, why in zip(starts, ends, listed, worst, rule)]
    return Flags.made(np.asarray(ids, dtype=object)[code[starts]], FLAG, "warning", amount.astype(float), messages,
                      first)
