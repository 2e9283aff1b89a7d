"""Breaches (alertes de garantie): what voids or threatens the cover, per debtor, with the action.

Severities: `critical` (cover lost now), `warning` (act soon), `info`. One row per debtor and
flag; sorted by severity, then amount descending. Excluded debtors get no flag.

Worked example (insurer Allianz Trade, language en): exposure 12,500 on a named limit of
10,000 gives OVER_LIMIT, critical, amount 2,500 (the uninsured part):
"Exposure EUR 12,500 exceeds the Allianz Trade limit of EUR 10,000 by EUR 2,500: hold
deliveries or request an increase". Exposure exactly 10,000 is not a breach (HIGH_USAGE only).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .cover import day, money
from .deadlines import insurer_deadlines
from .ledger import Ledger, lookup
from .policy import Policy
from .texts import lang, text, words

COLUMNS = ["debtor_id", "flag", "severity", "amount", "message"]
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
LIMITED = ("named", "temporary", "discretionary")  # a limit figure the insured must stay under
MAX_LISTED = 5  # invoices named in a message, then "+N"
MONEY_FIELDS = {"amount", "covered", "excess", "exposure", "limit", "total"}

# flag: severity. The sentences, by flag, are in functions/texts.py (section `breach`; how a limit
# is named in them, and the insurer when the Policy leaves it blank: section `breach_word`).
SEVERITY = {
    "OVER_LIMIT": "critical", "NO_COVER": "critical", "DELIVERED_AFTER_WITHDRAWAL": "critical",
    "DELIVERED_ABOVE_REDUCED_LIMIT": "critical", "TERMS_BEYOND_MAX": "critical",
    "DELIVERED_BEFORE_COVER": "critical", "DELIVERED_AFTER_MEP": "critical",
    "DELIVERED_AFTER_INSOLVENCY": "critical", "OVERDUE_BEYOND_MEP": "critical", "NOTIFICATION_LATE": "critical",
    "LIMIT_EXPIRED": "warning", "LIMIT_REQUEST_NEEDED": "warning", "HIGH_USAGE": "warning",
    "DISPUTED_EXPOSURE": "warning", "FORMAL_NOTICE_DEADLINE_NEAR": "warning", "NOT_ON_DEBTORS_SHEET": "warning",
    "LIMIT_EXPIRING": "info",
}

# The flag that reports each part of the exposure that is not eligible for cover (Exposure's
# `ineligible_<reason>` columns): with OVER_LIMIT (eligible exposure above the limit) or NO_COVER,
# every euro of uninsured exposure of an insured client has its flag.
REASON_FLAGS = {"disputed": "DISPUTED_EXPOSURE", "beyond_max_credit_days": "TERMS_BEYOND_MAX",
                "delivered_before_cover": "DELIVERED_BEFORE_COVER", "delivered_after_mep": "DELIVERED_AFTER_MEP",
                "delivered_after_withdrawal": "DELIVERED_AFTER_WITHDRAWAL",
                "delivered_above_reduced_limit": "DELIVERED_ABOVE_REDUCED_LIMIT",
                "delivered_after_insolvency": "DELIVERED_AFTER_INSOLVENCY"}


def breaches(exposure: pd.DataFrame, ledger: Ledger, policy: Policy, deadlines: pd.DataFrame | None = None,
             language: str | None = None, dunning: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `Breaches` sheet: debtor_id, flag, severity, amount, message, then date.

    `exposure` is the Exposure sheet (functions.cover.exposure_sheet); `deadlines` the per-invoice
    deadlines (invoice_id, debtor_id, status, notify_by), optional; `dunning` the Dunning sheet
    (functions.dunning), optional: its priority-1 lines (formal notice running, insurer deadline
    within `deadline_warning_days`) give FORMAL_NOTICE_DEADLINE_NEAR.
    """
    text = _Text(policy, language or policy.language)
    x = exposure.loc[exposure["limit_type"] != "excluded"].set_index("debtor_id")
    insured = x.index
    found = [_cover_flags(x, ledger.as_of, policy, text), _ineligible(x, policy, text),
             _not_on_debtors_sheet(exposure, text), _overdue_beyond_mep(ledger, insured, policy, text),
             _notification_late(deadlines, ledger, insured, text), _formal_notice_near(dunning, insured, text)]
    return merge_breaches(*found)[COLUMNS + ["date"]]


def merge_breaches(*frames: pd.DataFrame) -> pd.DataFrame:
    """Flag rows from every source (cover, deadlines, insolvency, groups, watch alerts) as one table,
    in the one order every output shows: severity, then amount descending, then debtor and flag.
    Columns: COLUMNS, date, then any other column the frames carry (e.g. name)."""
    found = [f for f in frames if len(f)]
    table = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=COLUMNS + ["date"])
    table["amount"] = table["amount"].astype(float)
    table["date"] = pd.to_datetime(table["date"]).astype("datetime64[ns]")
    rank = table["severity"].map(SEVERITY_ORDER).to_numpy()
    order = np.lexsort((table["flag"].astype(str), table["debtor_id"].astype(str), -table["amount"].fillna(0.0), rank))
    columns = COLUMNS + ["date"] + [c for c in table.columns if c not in COLUMNS + ["date"]]
    return table.iloc[order][columns].reset_index(drop=True)


class _Text:
    """Formatting in the policy language: amounts, dates, limit names, the insurer."""

    def __init__(self, policy: Policy, language: str):
        self.language = lang(language)
        self.words = words("breach_word", self.language)
        self.currency = policy.currency
        self.insurer = policy.insurer or self.words["insurer"]
        self.insurer_adj = policy.insurer or self.words["insurer_adj"]

    def format(self, name: str, values: list) -> list:
        """A template field as text: amounts, dates, usage and `since` by their name, others as given."""
        if name in MONEY_FIELDS:
            return [money(v, self.currency, self.language) for v in values]
        if name in ("date", "since"):
            text = [day(v, self.language) for v in values]
            return [self.words["since"].format(date=d) if d else "" for d in text] if name == "since" else text
        if name == "usage":
            return [f"{round(u * 100)}{' %' if self.language == 'fr' else '%'}" for u in values]
        if name == "limit_name":
            return [self.words[kind].format(adj=self.insurer_adj) for kind in values]
        return values

    def rows(self, flag: str, mask: pd.Series, amount: pd.Series, date=None, /, **fields: pd.Series) -> pd.DataFrame:
        """One breach row per debtor selected by `mask` (a boolean Series indexed by debtor_id).

        `amount` and `date` are the row's figures; `fields` the raw values of the template's fields.
        Worded on plain lists: a handful of rows per flag, where frames would cost more than the words.
        """
        ids = mask.index[mask.to_numpy(bool)]
        if ids.empty:
            return pd.DataFrame(columns=COLUMNS + ["date"])
        severity, template = SEVERITY[flag], text(f"breach.{flag}", self.language)
        values = {k: self.format(k, v.reindex(ids).tolist()) for k, v in fields.items()}
        messages = [_sentence(template.format(**{k: column[i] for k, column in values.items()},
                                              insurer=self.insurer, insurer_adj=self.insurer_adj))
                    for i in range(len(ids))]
        when = date.reindex(ids) if date is not None else pd.Series(pd.NaT, index=ids)
        return pd.DataFrame({"debtor_id": ids, "flag": flag, "severity": severity,
                             "amount": amount.reindex(ids).to_numpy(), "message": messages, "date": when.to_numpy()})


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cover_flags(x: pd.DataFrame, as_of: pd.Timestamp, policy: Policy, t: _Text) -> pd.DataFrame:
    """Every flag read from the Exposure sheet (insured debtors only)."""
    stopped = x["cover_stopped"].notna()
    limited = x["limit_type"].isin(LIMITED) & ~stopped
    has_limit = x["limit_type"].isin(LIMITED + ("non_named",)) & ~stopped & (x["limit"] > 0)
    over = limited & (x["eligible"] > x["limit"])  # what is not eligible has its own flag (_ineligible)
    no_cover = (stopped | (x["limit_type"] == "none")) & (x["exposure_with_orders"] > 0)
    request = has_limit & ~over & (x["exposure_with_orders"] > x["limit"] + policy.limit_request_threshold)
    high = has_limit & (x["usage"] >= policy.high_usage_threshold) & (x["exposure"] <= x["limit"])
    expiring = limited & x["expiry_date"].between(as_of, as_of + pd.Timedelta(days=policy.expiry_warning_days))
    kind = x["limit_type"]
    lost = (x["covered"] - x[["eligible", "fallback_limit"]].min(axis=1)).clip(lower=0.0)
    shortfall = x["exposure_with_orders"] - x["limit"]
    uncovered = (x["exposure_with_orders"] - x["covered"]).clip(lower=0.0)
    # without an insurer limit the request is for a named one
    request_what = pd.Series(t.words["higher"], index=x.index).where(~kind.isin(["non_named", "discretionary"]),
                                                                    t.words["named_limit"])
    partly = x["eligible"] < x["exposure"] - 0.005
    what = pd.Series(t.words["exposure"], index=x.index).where(~partly, t.words["eligible"])
    return pd.concat([
        t.rows("OVER_LIMIT", over, x["eligible"] - x["limit"], what=what, exposure=x["eligible"], limit_name=kind,
               limit=x["limit"], excess=x["eligible"] - x["limit"]),
        t.rows("NO_COVER", no_cover, uncovered, x["cover_stopped"], since=x["cover_stopped"], amount=uncovered),
        t.rows("LIMIT_EXPIRED", x["expired_on"].notna() & ~stopped & (x["exposure_with_orders"] > 0),
               x["exposure_with_orders"], x["expired_on"], limit=x["expired_limit"], date=x["expired_on"],
               exposure=x["exposure_with_orders"], covered=x["covered"]),
        t.rows("LIMIT_REQUEST_NEEDED", request, shortfall, total=x["exposure_with_orders"], limit_name=kind,
               limit=x["limit"], amount=shortfall, request=request_what),
        t.rows("HIGH_USAGE", high, x["exposure"], exposure=x["exposure"], usage=x["usage"], limit_name=kind,
               limit=x["limit"]),
        t.rows("LIMIT_EXPIRING", expiring, lost, x["expiry_date"], limit_name=kind, limit=x["limit"],
               date=x["expiry_date"]),
    ])


def _ineligible(x: pd.DataFrame, policy: Policy, t: _Text) -> pd.DataFrame:
    """One flag per reason a part of the exposure is not eligible (REASON_FLAGS), amount = that part."""
    rows = []
    for reason, flag in REASON_FLAGS.items():
        lost = x.get(f"ineligible_{reason}")
        if lost is None:
            continue
        when = {"delivered_before_cover": x.get("cover_from"), "delivered_after_withdrawal": x["cut_date"],
                "delivered_above_reduced_limit": x["cut_date"]}.get(reason)
        if reason == "delivered_before_cover" and when is not None:
            when = when - pd.Timedelta(days=policy.retroactive_cover_days)
        fields = {"amount": lost, "days": pd.Series(policy.max_credit_days, index=x.index)}
        if reason == "delivered_above_reduced_limit":
            fields["limit"] = x["cut_limit"]
        if when is not None:
            fields["date"] = when
        rows.append(t.rows(flag, lost > 0.005, lost, when, **fields))
    return pd.concat(rows)


def _not_on_debtors_sheet(exposure: pd.DataFrame, t: _Text) -> pd.DataFrame:
    """Client codes used on other sheets but absent from the Debtors sheet (when it lists anyone)."""
    if "on_debtors_sheet" not in exposure or not exposure["on_debtors_sheet"].any():
        return pd.DataFrame(columns=COLUMNS + ["date"])
    x = exposure.set_index("debtor_id")
    return t.rows("NOT_ON_DEBTORS_SHEET", ~x["on_debtors_sheet"].astype(bool), x["exposure"].clip(lower=0.0),
                  debtor=pd.Series(x.index, index=x.index), exposure=x["exposure"], cover=x["justification"])


def _invoice_list(ids: pd.Series, debtor: pd.Series) -> pd.Series:
    """'I1, I2, I3' per debtor, at most MAX_LISTED ids then '+N'."""
    def join(group: pd.Series) -> str:
        shown = ", ".join(map(str, group.iloc[:MAX_LISTED]))
        return shown + (f" +{len(group) - MAX_LISTED}" if len(group) > MAX_LISTED else "")
    return ids.groupby(debtor).agg(join)


def _overdue_beyond_mep(ledger: Ledger, insured: pd.Index, policy: Policy, t: _Text) -> pd.DataFrame:
    """Open invoices past their MEP end (due date + max_extension_days)."""
    inv = ledger.invoices
    mep_end = insurer_deadlines(inv["due_date"], policy, inv.get("contract_due_date")).mep_end
    late = inv.loc[(inv["open"] > 0) & (ledger.as_of > mep_end) & inv["debtor_id"].isin(insured)]
    late = late.assign(mep_end=mep_end).sort_values(["debtor_id", "due_date", "invoice_id"], kind="stable")
    by = late.groupby("debtor_id")
    amount, since = by["open"].sum(), by["mep_end"].min()
    return t.rows("OVERDUE_BEYOND_MEP", pd.Series(True, index=amount.index), amount, since, amount=amount,
                  date=since, invoices=_invoice_list(late["invoice_id"], late["debtor_id"]))


def _notification_late(deadlines: pd.DataFrame | None, ledger: Ledger, insured: pd.Index, t: _Text) -> pd.DataFrame:
    """Invoices whose overdue notice deadline (notify_by) has passed without a notice."""
    if deadlines is None or deadlines.empty:
        return pd.DataFrame(columns=COLUMNS + ["date"])
    late = deadlines.loc[(deadlines["status"] == "notification_late") & deadlines["debtor_id"].isin(insured)]
    late = late.sort_values(["debtor_id", "notify_by", "invoice_id"], kind="stable")
    balance = ledger.invoices.drop_duplicates("invoice_id").set_index("invoice_id")["open"]
    late = late.assign(open=lookup(late["invoice_id"], balance).fillna(0.0))
    by = late.groupby("debtor_id")
    amount, due = by["open"].sum(), by["notify_by"].min()
    return t.rows("NOTIFICATION_LATE", pd.Series(True, index=amount.index), amount, due, amount=amount,
                  date=due, invoices=_invoice_list(late["invoice_id"], late["debtor_id"]))


def _formal_notice_near(dunning: pd.DataFrame | None, insured: pd.Index, t: _Text) -> pd.DataFrame:
    """Debtors under formal notice whose insurer deadline is near: the declaration cannot wait."""
    if dunning is None or dunning.empty:
        return pd.DataFrame(columns=COLUMNS + ["date"])
    near = dunning.loc[(dunning["priority"] == 1) & dunning["debtor_id"].isin(insured)].set_index("debtor_id")
    sent = near["formal_notice_date"].map(lambda v: day(v, t.language))
    step = near["insurer_step"].map(lambda s: t.words.get(s, s))
    return t.rows("FORMAL_NOTICE_DEADLINE_NEAR", pd.Series(True, index=near.index), near["amount"],
                  near["insurer_deadline"], date_sent=sent, step=step, date=near["insurer_deadline"], amount=near["amount"])
