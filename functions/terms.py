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

from .ledger import Ledger, earliest, lookup, runs_by
from .penalties import public_buyers
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
    latest = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    if policy.legal_terms_days is not None:
        latest = dates + pd.to_timedelta(int(policy.legal_terms_days), unit="D")
    if policy.legal_terms_eom_days is not None:
        days = pd.to_timedelta(int(policy.legal_terms_eom_days), unit="D")
        month_end = dates + pd.offsets.MonthEnd(0)
        eom = np.maximum(month_end + days, (dates + days) + pd.offsets.MonthEnd(0))
        latest = pd.Series(np.fmax(latest.to_numpy(), pd.Series(eom, index=dates.index).to_numpy()), index=dates.index)
    if client_days is not None:
        days = pd.to_timedelta(pd.Series(client_days, index=dates.index).astype("float64"), unit="D")
        latest = (dates + days).where(days.notna(), latest)
    return latest.iloc[0] if single else latest.astype("datetime64[ns]")


def legal_terms(ledger: Ledger, debtors: pd.DataFrame, policy: Policy, language: str | None = None) -> pd.DataFrame:
    """The `Legal terms` sheet: invoices whose due date is after their lawful due date (KEY_COLUMNS, EXTRA_COLUMNS)."""
    language = lang(language or policy.language)
    book = debtors.drop_duplicates("debtor_id").set_index("debtor_id")
    override = book["legal_terms_days"] if "legal_terms_days" in book else pd.Series(dtype="float64")
    inv = ledger.invoices
    since = ledger.as_of - pd.DateOffset(months=LOOKBACK_MONTHS)
    rows = inv.loc[((inv["invoice_date"] > since) | (inv["open"] > 0))
                   & ~inv["debtor_id"].isin(public_buyers(debtors.drop_duplicates("debtor_id")))]
    client = lookup(rows["debtor_id"], override).astype("float64")
    rows = rows.assign(legal_due_by=legal_due_by(rows["invoice_date"], policy, client))
    rows = rows.loc[rows["due_date"] > rows["legal_due_by"]]
    general = "; ".join(text(f"legal_rule.{k}", language, n=v) for k, v in (("days", policy.legal_terms_days),
                                                                            ("eom", policy.legal_terms_eom_days)) if v is not None)
    client = client.reindex(rows.index)
    rule = client.map(lambda n: text("legal_rule.debtor", language, n=int(n)) if pd.notna(n) else general)
    table = rows.assign(terms_days=(rows["due_date"] - rows["invoice_date"]).dt.days,
                        days_beyond=(rows["due_date"] - rows["legal_due_by"]).dt.days,
                        amount=rows["amount"].astype(float), open=rows["open"].astype(float), rule=rule.astype(object))
    table = table.sort_values(["debtor_id", "invoice_date", "invoice_id"], kind="stable")
    return table[KEY_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def legal_terms_flags(sheet: pd.DataFrame, policy: Policy, language: str | None = None) -> pd.DataFrame:
    """LEGAL_TERMS_EXCEEDED (warning), one row per client, in the Breaches layout."""
    language = lang(language or policy.language)
    order, code, ids, starts = runs_by(sheet["debtor_id"].to_numpy())
    ends = np.r_[starts[1:], len(order)]
    amount = pd.Series(sheet["amount"].to_numpy(float)[order]).groupby(code).sum().to_numpy()  # pandas' sums
    worst = pd.Series(sheet["days_beyond"].to_numpy()[order]).groupby(code).max().to_numpy()
    first = earliest(sheet["invoice_date"].to_numpy("datetime64[ns]")[order], starts)
    invoices, rules = sheet["invoice_id"].to_numpy()[order], sheet["rule"].to_numpy(object)[order]
    listed = [", ".join(map(str, invoices[a:min(b, a + 5)])) + (f" +{b - a - 5}" if b - a > 5 else "")
              for a, b in zip(starts, ends)]
    rule = [next((r for r in rules[a:b] if not pd.isna(r)), np.nan) for a, b in zip(starts, ends)]  # first(): non-null
    messages = [text(f"breach.{FLAG}", language, count=int(b - a), invoices=names, days=int(days), rule=why)
                for a, b, names, days, why in zip(starts, ends, listed, worst, rule)]
    return pd.DataFrame({"debtor_id": np.asarray(ids, dtype=object)[code[starts]], "flag": FLAG, "severity": "warning",
                         "amount": amount.astype(float), "message": messages, "date": first})
