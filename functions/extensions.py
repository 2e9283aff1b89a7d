"""Agreed extensions and payment plans (prorogations d'échéance, échéanciers).

The `Extensions` sheet records what was agreed with a client. One row moves an invoice's due
date to `new_due_date`; several rows for one invoice, each with an `amount`, form a payment
plan whose instalments fall due one after the other. A row with a blank amount takes what the
other rows leave of the invoice; without one, that rest stays due at the invoice's due date.
Payments settle the earliest instalments first.

The policy lets the insured extend on its own up to the end of the maximum extension period
(MEP end = the invoice's due date + `max_extension_days`), and beyond it only with the insurer's
approval (`approval_date` on any row of the invoice approves its plan). Each instalment is due:
- at its new date when on or before the MEP end (`within_mep`), or approved (`approved`: the
  MEP then ends at that date, functions.deadlines.insurer_deadlines);
- at the MEP end when later and not approved (`needs_approval`): the insurer's calendar runs as
  if the extension stopped there, and EXTENSION_NEEDS_APPROVAL (warning) says to ask.
These dates are the due ledger's (Aging, Deadlines, Dunning and the declarations agree on what
is due); cover eligibility, late interest and payment behaviour keep the invoice's own due date.
An instalment keeps the invoice's id with its rank: `FA26-00012/2`.

Worked example: invoice 9,000 due 2026-06-30 (MEP 60 days: MEP end 2026-08-29), 2,000 paid.
Plan: 3,000 on 2026-07-31, 3,000 on 2026-08-31, the rest on 2026-09-30, not approved.
Payments settle the first instalment first: open 1,000 due 2026-07-31 (within_mep), 3,000 and
3,000 due 2026-08-29, the MEP end (needs_approval, EXTENSION_NEEDS_APPROVAL for 6,000).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .cover import day, money
from .deadlines import insurer_deadlines
from .ledger import CENT, Ledger, earliest, runs_by
from .model import Issue
from .policy import Policy
from .texts import lang, message, text

PLAN_COLUMNS = ["invoice_id", "debtor_id", "instalment", "contract_due_date", "new_due_date", "mep_end", "due_date",
                "amount", "open", "extension", "approval_date"]
FLAG = "EXTENSION_NEEDS_APPROVAL"


def extension_plan(ledger: Ledger, extensions: pd.DataFrame | None, policy: Policy) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per instalment of each open invoice the Extensions sheet names (PLAN_COLUMNS)."""
    if extensions is None or extensions.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PLAN_COLUMNS}), []
    invoices = ledger.invoices.drop_duplicates("invoice_id").set_index("invoice_id")
    known = extensions["invoice_id"].isin(invoices.index)
    issues = [Issue("Extensions", int(r), "invoice_id", "warning", message("extension.unknown_invoice", invoice=i))
              for i, r in zip(extensions.loc[~known, "invoice_id"], extensions.loc[~known, "_row"])]
    rows = []
    for invoice_id, agreed in extensions.loc[known].groupby("invoice_id", sort=False):
        inv = invoices.loc[invoice_id]
        if inv["open"] <= CENT:
            continue  # settled: the plan is done
        found, issue = _instalments(inv, agreed)
        rows += found
        issues += issue
    plan = pd.DataFrame(rows, columns=["invoice_id", "debtor_id", "contract_due_date", "new_due_date", "amount", "open",
                                       "approved", "approval_date"])
    if plan.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PLAN_COLUMNS}), issues
    for column in ("contract_due_date", "new_due_date", "approval_date"):
        plan[column] = pd.to_datetime(plan[column]).astype("datetime64[ns]")
    plan["mep_end"] = insurer_deadlines(plan["contract_due_date"], policy).mep_end
    beyond = plan["new_due_date"] > plan["mep_end"]
    plan["extension"] = np.select([plan["new_due_date"] <= plan["contract_due_date"], ~beyond, plan["approved"]],
                                  ["not_extended", "within_mep", "approved"], "needs_approval")
    plan["due_date"] = plan["new_due_date"].where(~beyond | plan["approved"], plan["mep_end"])
    rank = plan.groupby("invoice_id").cumcount() + 1
    count = plan.groupby("invoice_id")["invoice_id"].transform("size")
    plan["instalment"] = np.where(count > 1, rank.astype(str) + "/" + count.astype(str), None)
    return plan[PLAN_COLUMNS], issues


def _instalments(inv: pd.Series, agreed: pd.DataFrame) -> tuple[list[tuple], list[Issue]]:
    """The instalments of one open invoice, in due order, with the open balance they hold."""
    total, issues = float(inv["amount"]), []
    agreed = agreed.sort_values("new_due_date", kind="stable")
    given = agreed["amount"].fillna(0.0).astype(float)
    blank = agreed["amount"].isna()
    rest = round(total - float(given.sum()), 2)
    if blank.sum() > 1 or rest < -CENT:
        issues.append(Issue("Extensions", int(agreed["_row"].iloc[-1]), "amount", "warning",
                            message("extension.not_adding_up", invoice=inv.name, total=f"{total:,.2f}")))
    amounts = given.where(~blank, 0.0)
    if blank.any():
        amounts.loc[blank.idxmax()] = max(rest, 0.0)
    dates = list(agreed["new_due_date"])
    if not blank.any() and rest > CENT:  # the part not in the plan stays due at the invoice's due date
        dates, amounts = [inv["due_date"]] + dates, pd.concat([pd.Series([rest]), amounts], ignore_index=True)
    order = np.argsort(np.array(dates, dtype="datetime64[ns]"), kind="stable")
    dates, amounts = [dates[k] for k in order], amounts.to_numpy(float)[order]
    paid = total - float(inv["open"])
    upto = np.minimum(np.cumsum(amounts), total)  # payments settle the earliest instalments first
    held = np.clip(upto - paid, 0.0, amounts)
    held[-1] += max(float(inv["open"]) - held.sum(), 0.0)  # rounding, or instalments short of the invoice
    approval = agreed["approval_date"].dropna()
    when = approval.min() if len(approval) else pd.NaT
    return [(inv.name, inv["debtor_id"], inv["due_date"], d, a, round(h, 2), bool(len(approval)), when)
            for d, a, h in zip(dates, amounts, held)], issues


def extended(ledger: Ledger, plan: pd.DataFrame) -> Ledger:
    """The ledger with each planned invoice replaced by its open instalments, due as the plan says;
    `contract_due_date` keeps the invoice's own due date (NaT on invoices without a plan)."""
    if plan.empty:
        return ledger
    inv = ledger.invoices
    planned = inv["invoice_id"].isin(set(plan["invoice_id"]))
    parts = plan.loc[plan["open"] > CENT]
    base = inv.loc[planned].drop_duplicates("invoice_id").set_index("invoice_id")
    rows = base.loc[parts["invoice_id"]].reset_index()
    rows["invoice_id"] = [i if k is None or k != k else f"{i}/{str(k).split('/')[0]}"
                          for i, k in zip(parts["invoice_id"], parts["instalment"])]
    rows["due_date"] = parts["due_date"].to_numpy()
    rows["open"] = parts["open"].to_numpy(float)
    rows["amount"] = parts["amount"].to_numpy(float)
    rows["contract_due_date"] = parts["contract_due_date"].to_numpy()
    rows["instalment"] = parts["instalment"].to_numpy()
    rows["extension"] = parts["extension"].to_numpy()
    kept = inv.loc[~planned].assign(contract_due_date=pd.NaT, instalment=None, extension=None)
    table = pd.concat([kept, rows[kept.columns]], ignore_index=True)
    table["contract_due_date"] = table["contract_due_date"].astype("datetime64[ns]")
    return Ledger(ledger.as_of, table, ledger.credits, ledger.unapplied)


def extension_flags(plan: pd.DataFrame, debtors: pd.DataFrame, policy: Policy, language: str | None = None) -> pd.DataFrame:
    """EXTENSION_NEEDS_APPROVAL (warning), one row per insured client, in the Breaches layout."""
    language = lang(language or policy.language)
    excluded = set(debtors.loc[debtors["excluded"].fillna(False).astype(bool), "debtor_id"])
    hit = np.flatnonzero(((plan["extension"] == "needs_approval") & (plan["open"] > CENT)
                          & ~plan["debtor_id"].isin(excluded)).to_numpy())
    order, code, ids, starts = runs_by(plan["debtor_id"].to_numpy()[hit])
    rows = hit[order]
    amount = pd.Series(plan["open"].to_numpy(float)[rows]).groupby(code).sum().to_numpy()  # pandas' sums, per client
    first = earliest(plan["mep_end"].to_numpy("datetime64[ns]")[rows], starts)
    invoices = plan["invoice_id"].to_numpy()[rows]
    listed = [", ".join(dict.fromkeys(map(str, invoices[a:b]))) for a, b in zip(starts, np.r_[starts[1:], len(rows)])]
    insurer = policy.insurer or text("breach_word.insurer", language)
    messages = [text(f"breach.{FLAG}", language, amount=money(owed, policy.currency, language), invoices=names,
                     insurer=insurer, date=day(when, language)) for owed, names, when in zip(amount, listed, first)]
    return pd.DataFrame({"debtor_id": np.asarray(ids, dtype=object)[code[starts]], "flag": FLAG, "severity": "warning",
                         "amount": amount.astype(float), "message": messages, "date": first})
