"""Limit fees (frais d'étude et de surveillance des agréments) and idle limits.

Policies charge `limit_request_fee` per limit request and `monitoring_fee` per year for each
client the insurer monitors under a named or temporary limit. A limit is idle when the client
had no sales (no invoice dated) for `idle_limit_months` months, or none since the limit was
granted that long ago, owes nothing and has nothing on order: it costs the monitoring fee for nothing, and cancelling it saves that fee each year (ask
for it again, at the request fee, when sales resume). The `Idle limits` sheet lists them and
IDLE_LIMIT (info) says so in Breaches; the Portfolio's `fees` section gives the year's fees.

Worked example: monitoring fee 90, request fee 150, idle after 6 months, as of 2026-10-31: a
named limit of 20,000 on a client last invoiced 2026-03-12, nothing owed or ordered: 7 months
without sales, idle, 90 a year saved. 12 clients monitored: 1,080 of monitoring fees a year;
3 requests decided in the 12 months: 450.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .breaches import Flags
from .cover import day, money
from .ledger import CENT, Ledger, among, column_at, debtor_positions, latest_dates, months_before, sorted_order
from .policy import Policy
from .texts import lang, text

KEY_COLUMNS = ["debtor_id", "limit", "limit_type", "last_invoice_date", "months_without_sales", "fee_saved"]
EXTRA_COLUMNS = ["exposure_with_orders", "decision_date", "expiry_date", "insurer_ref"]
MONITORED = ("named", "temporary")
REQUESTED = ("granted", "increased", "refused")  # decisions the insured asked for (reductions and withdrawals are the insurer's)
FLAG = "IDLE_LIMIT"


def monitored(exposure: pd.DataFrame) -> np.ndarray:
    """The positions of the Exposure rows under a named or temporary limit in force (the clients
    the insurer monitors)."""
    return np.flatnonzero(among(exposure["limit_type"].to_numpy(object), MONITORED)
                          & (exposure["limit"].to_numpy(float) > 0) & pd.isna(exposure["cover_stopped"].to_numpy()))


def idle_limits(exposure: pd.DataFrame, ledger: Ledger, policy: Policy) -> pd.DataFrame:
    """The `Idle limits` sheet (KEY_COLUMNS, EXTRA_COLUMNS); empty when `idle_limit_months` is blank."""
    columns = KEY_COLUMNS + EXTRA_COLUMNS
    if policy.idle_limit_months is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    since = months_before(ledger.as_of, int(policy.idle_limit_months))
    rows = monitored(exposure)
    sheet = {c: exposure[c] for c in columns if c in exposure}  # each column looked up once
    ids = sheet["debtor_id"].to_numpy(object)
    last = _last_invoices(ledger, pd.Index(ids[rows], dtype=object))  # objects: no text dtype to infer
    quiet = np.where(np.isnat(last), sheet["decision_date"].to_numpy("datetime64[ns]")[rows], last)  # never invoiced: since the decision
    idle = (quiet <= since) & (sheet["exposure_with_orders"].to_numpy(float)[rows] <= CENT)
    rows, last, quiet = rows[idle], last[idle], quiet[idle]
    order = sorted_order(ids[rows])
    rows, last, quiet = rows[order], last[order], quiet[order]
    index = pd.RangeIndex(len(rows))
    table = {c: column_at(column, rows) for c, column in sheet.items()}
    month = quiet.astype("datetime64[M]")
    as_of = ledger.as_of
    table["last_invoice_date"] = last
    table["months_without_sales"] = ((as_of.year * 12 + as_of.month - 1 - 1970 * 12 - month.astype(np.int64))
                                     - (as_of.day < (quiet.astype("datetime64[D]") - month).astype(np.int64) + 1)
                                     ).astype("float64")
    table["fee_saved"] = np.full(len(rows), float(policy.monitoring_fee))
    if "insurer_ref" not in table:
        table["insurer_ref"] = pd.Series(None, index=index)
    return pd.DataFrame({c: table[c] for c in columns}, index=index)


def _last_invoices(ledger: Ledger, ids: pd.Index) -> np.ndarray:
    """Each client's latest invoice date (NaT when none), as group-by max gives it."""
    code = debtor_positions(ledger, ids)
    dates = ledger.invoices["invoice_date"].to_numpy("datetime64[ns]")
    return latest_dates(code[code >= 0], dates[code >= 0], len(ids))


def idle_flags(sheet: pd.DataFrame, policy: Policy, language: str | None = None) -> Flags:
    """IDLE_LIMIT (info), one row per idle limit, in the Breaches layout (rows merge_breaches frames)."""
    language = lang(language or policy.language)
    insurer = policy.insurer or text("breach_word.insurer", language)
    last_sale, granted = (sheet[c].to_numpy("datetime64[ns]") for c in ("last_invoice_date", "decision_date"))
    since = [text("breach_word.since_granted", language, date=day(decided, language)) if np.isnat(sold)
             else text("breach_word.sales_since", language, date=day(sold, language))
             for sold, decided in zip(last_sale, granted)]
    fee_saved = sheet["fee_saved"].to_numpy(dtype=float)
    messages = [text(f"breach.{FLAG}", language, since=when, insurer=insurer,
                     limit=money(limit, policy.currency, language), fee=money(fee, policy.currency, language))
                for limit, fee, when in zip(sheet["limit"].tolist(), fee_saved.tolist(), since)]
    return Flags.made(sheet["debtor_id"].to_numpy(), FLAG, "info", fee_saved, messages,
                      np.where(np.isnat(last_sale), granted, last_sale))


def yearly_fees(exposure: pd.DataFrame, limits: pd.DataFrame, requests: pd.DataFrame, idle: pd.DataFrame,
                policy: Policy, as_of, language: str | None = None) -> pd.DataFrame:
    """The Portfolio's `fees` rows (section | item | measure | value | unit | note, the notes in
    `language`); none when the policy has no fee and no idle-limit rule."""
    if not (policy.monitoring_fee or policy.limit_request_fee or policy.idle_limit_months is not None):
        return pd.DataFrame(columns=["section", "item", "measure", "value", "unit", "note"])
    since = pd.Timestamp(as_of) - pd.DateOffset(months=12)
    decided = limits["decision_date"].to_numpy("datetime64[ns]")
    asked = np.count_nonzero(among(limits["decision"].to_numpy(object), REQUESTED) & (decided > since.to_datetime64())
                             & (decided <= pd.Timestamp(as_of).to_datetime64()))
    clients = len(monitored(exposure))
    cur, note = policy.currency, lambda key: text(f"fee_note.{key}", lang(language or policy.language))  # noqa: E731
    rows = [("monitoring", "clients", float(clients), "clients", note("monitored")),
            ("monitoring", "fees", clients * policy.monitoring_fee, cur, note("yearly")),
            ("requests", "decided_12m", float(asked), "requests", note("decided")),
            ("requests", "fees", asked * policy.limit_request_fee, cur, note("twelve_months")),
            ("requests", "to_send", float(len(requests)), "requests", note("requests_sheet")),
            ("requests", "fees_to_send", len(requests) * policy.limit_request_fee, cur, note("requests_sheet")),
            ("idle_limits", "clients", float(len(idle)), "clients", note("idle_sheet")),
            ("idle_limits", "fees_saved", float(idle["fee_saved"].sum()) if len(idle) else 0.0, cur, note("if_cancelled"))]
    return pd.DataFrame({"section": ["fees"] * len(rows), **dict(zip(["item", "measure", "value", "unit", "note"],
                                                                    map(list, zip(*rows))))})
