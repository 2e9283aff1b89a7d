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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .breaches import Flags
from .cover import day, money
from .deadlines import insurer_deadlines
from .insolvency import accelerated, brought_forward
from .ledger import (CENT, Ledger, column_at, earliest, first_of, found_at, objects, run_starts, run_sums, runs_by,
                     ticked)
from .model import Issue, text_dtype
from .policy import Policy
from .texts import Amount, lang, message, text

PLAN_COLUMNS = ["invoice_id", "debtor_id", "instalment", "contract_due_date", "new_due_date", "mep_end", "due_date",
                "amount", "open", "extension", "approval_date"]
FLAG = "EXTENSION_NEEDS_APPROVAL"


@dataclass(frozen=True)
class ExtensionPlan:
    """The Extensions sheet read against the ledger. table: one row per instalment (PLAN_COLUMNS);
    issues: the sheet's; for the due ledger (`extended`): the table's columns as the arrays it was
    built of, whether each ledger invoice is replaced by its instalments and the ledger row of each
    instalment's invoice (found once, not again)."""

    table: pd.DataFrame
    issues: list[Issue]
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    replaced: np.ndarray | None = None
    rows: np.ndarray | None = None


def extension_plan(ledger: Ledger, extensions: pd.DataFrame | None, policy: Policy) -> ExtensionPlan:
    """One row per instalment of each open invoice the Extensions sheet names (PLAN_COLUMNS)."""
    if extensions is None or extensions.empty:
        return ExtensionPlan(_no_plan(), [])
    inv = ledger.invoices
    agreed = {c: extensions[c].to_numpy(kind) for c, kind in (("new_due_date", "datetime64[ns]"),
              ("approval_date", "datetime64[ns]"), ("_row", None), ("invoice_id", object))}
    agreed["amount"] = extensions["amount"].to_numpy(float, na_value=np.nan)
    ids = agreed.pop("invoice_id")
    code, named = pd.factorize(ids)  # in order of first mention
    owner = found_at(pd.Index(named, dtype=object), inv["invoice_id"].to_numpy(object))  # -1: not named
    first = first_of(owner, len(named))
    known = np.append(first, -1)[code] >= 0  # a blank id (code -1) is unknown
    issues = [Issue("Extensions", int(r), "invoice_id", "warning", message("extension.unknown_invoice", invoice=i))
              for i, r in zip(ids[~known], agreed["_row"][~known])]
    invoice = {c: inv[c].to_numpy(kind) for c, kind in (
        ("amount", float), ("open", float), ("due_date", "datetime64[ns]"), ("debtor_id", object))}
    parts, planned = [], np.zeros(len(named) + 1, bool)  # the last for -1
    rows = np.flatnonzero(known)
    rows = rows[np.argsort(code[rows], kind="stable")]  # each invoice's rows together, in sheet order
    for part in np.split(rows, run_starts(code[rows])[1:]) if len(rows) else []:  # each invoice's rows
        k = code[part[0]]
        at = first[k]
        if invoice["open"][at] <= CENT:
            continue  # settled: the plan is done
        found, issue = _instalments(named[k], {c: v[at] for c, v in invoice.items()}, {c: v[part] for c, v in agreed.items()})
        found["row"] = np.full(len(found["amount"]), at)
        parts.append(found)
        planned[k] = True
        issues += issue
    if not parts:
        return ExtensionPlan(_no_plan(), issues)
    plan = {c: np.concatenate([p[c] for p in parts]) for c in parts[0]}
    new, contract, approved = plan["new_due_date"], plan["contract_due_date"], plan.pop("approved")
    mep_end = insurer_deadlines(contract, policy).mep_end
    beyond = new > mep_end
    plan["mep_end"] = mep_end
    plan["extension"] = np.select([new <= contract, ~beyond, approved], ["not_extended", "within_mep", "approved"],
                                  "needs_approval")
    plan["due_date"] = np.where(~beyond | approved, new, mep_end)
    count = np.concatenate([np.full(len(p["amount"]), len(p["amount"])) for p in parts])
    rank = np.concatenate([np.arange(1, len(p["amount"]) + 1) for p in parts])
    plan["instalment"] = np.array([f"{r}/{c}" if c > 1 else None for r, c in zip(rank, count)], dtype=object)
    invoice_rows = plan.pop("row")
    table = pd.DataFrame({c: plan[c] for c in PLAN_COLUMNS})  # one frame: text columns read as str
    return ExtensionPlan(table, issues, plan, planned[owner], invoice_rows)


def _no_plan() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PLAN_COLUMNS})


def _instalments(invoice_id, inv: dict, agreed: dict) -> tuple[dict[str, np.ndarray], list[Issue]]:
    """The instalments of one open invoice, in due order, with the open balance they hold."""
    total, issues = float(inv["amount"]), []
    order = np.argsort(agreed["new_due_date"], kind="stable")
    agreed = {c: v[order] for c, v in agreed.items()}
    blank = np.isnan(agreed["amount"])
    amounts = np.where(blank, 0.0, agreed["amount"])
    rest = round(total - float(amounts.sum()), 2)
    if blank.sum() > 1 or rest < -CENT:
        issues.append(Issue("Extensions", int(agreed["_row"][-1]), "amount", "warning",
                            message("extension.not_adding_up", invoice=invoice_id, total=Amount(total))))
    if blank.any():
        amounts[np.argmax(blank)] = max(rest, 0.0)
    dates = agreed["new_due_date"]
    if not blank.any() and rest > CENT:  # the part not in the plan stays due at the invoice's due date
        dates, amounts = np.r_[inv["due_date"], dates], np.r_[rest, amounts]
    order = np.argsort(dates, kind="stable")
    dates, amounts = dates[order], amounts[order]
    paid = total - float(inv["open"])
    upto = np.minimum(np.cumsum(amounts), total)  # payments settle the earliest instalments first
    held = np.clip(upto - paid, 0.0, amounts)
    held[-1] += max(float(inv["open"]) - held.sum(), 0.0)  # rounding, or instalments short of the invoice
    approval = agreed["approval_date"][~np.isnat(agreed["approval_date"])]
    n = len(dates)
    return {"invoice_id": np.full(n, invoice_id, object), "debtor_id": np.full(n, inv["debtor_id"], object),
            "contract_due_date": np.full(n, inv["due_date"]), "new_due_date": dates, "amount": amounts,
            "open": np.array([round(h, 2) for h in held]), "approved": np.full(n, len(approval) > 0),
            "approval_date": np.full(n, approval.min() if len(approval) else np.datetime64("NaT", "ns"))}, issues


def extended(ledger: Ledger, plan: ExtensionPlan, debtors: pd.DataFrame | None = None) -> Ledger:
    """The ledger with each planned invoice replaced by its open instalments, due as the plan says;
    `contract_due_date` keeps the invoice's own due date (NaT on invoices without a plan). Given the
    Debtors, the due ledger: a liquidation judgment brings the due dates forward too, in the same
    frame (functions.insolvency.brought_forward; without a plan, functions.insolvency.accelerated)."""
    if plan.replaced is None:
        return ledger if debtors is None else accelerated(ledger, debtors)
    inv, planned = ledger.invoices, plan.columns
    parts = np.flatnonzero(planned["open"] > CENT)
    kept = np.flatnonzero(~plan.replaced)
    rows = np.concatenate([kept, plan.rows[parts]])
    # text as the plan's table holds it (a missing instalment is NaN among text)
    text = ("invoice_id", "instalment", "extension")
    planned_ids, instalment, extension = (plan.table[c].to_numpy(object)[parts] for c in text)
    id_column = inv["invoice_id"]
    ranked = [i if k is None or k != k else f"{i}/{str(k).split('/')[0]}" for i, k in zip(planned_ids, instalment)]
    named = np.concatenate([id_column.to_numpy(object)[kept], ranked])
    # text ids stay as the ledger holds them (object ids with the new ones: object)
    columns = {"invoice_id": objects(named) if id_column.dtype == object else pd.array(named, dtype=text_dtype())}
    for column, kind in (("due_date", "datetime64[ns]"), ("open", float), ("amount", float)):
        columns[column] = np.concatenate([inv[column].to_numpy(kind)[kept], planned[column][parts]])
    forward = None if debtors is None else brought_forward(ledger, debtors, columns["due_date"], rows)
    if forward is not None:
        columns["due_date"] = forward
    columns["contract_due_date"] = np.concatenate([np.full(len(kept), np.datetime64("NaT", "ns")),
                                                   planned["contract_due_date"][parts]])
    # object columns, None on the invoices without a plan
    for column, values in (("instalment", instalment), ("extension", extension)):
        columns[column] = objects(np.concatenate([np.full(len(kept), None, object), values]))
    return Ledger(ledger.as_of, _rows_with(inv, rows, columns), ledger.credits, ledger.unapplied)


def _rows_with(frame: pd.DataFrame, rows: np.ndarray, columns: dict) -> pd.DataFrame:
    """ledger.rows_at(frame, rows, **columns) built from its columns at once: with this many columns
    set, cheaper than taking the frame and setting each (every one splits its blocks again)."""
    table = {c: columns[c] if c in columns else column_at(frame[c], rows) for c in frame.columns}
    table.update((c, v) for c, v in columns.items() if c not in table)  # added after the others
    return pd.DataFrame(table, index=pd.RangeIndex(len(rows)), copy=False)


def extension_flags(plan: pd.DataFrame, debtors: pd.DataFrame, policy: Policy, language: str | None = None) -> Flags:
    """EXTENSION_NEEDS_APPROVAL (warning), one row per insured client, in the Breaches layout (rows
    merge_breaches frames)."""
    language = lang(language or policy.language)
    excluded = set(debtors["debtor_id"].to_numpy()[ticked(debtors["excluded"])])
    debtor, owed = plan["debtor_id"], plan["open"].to_numpy(float)
    hit = np.flatnonzero((plan["extension"].to_numpy(object) == "needs_approval") & (owed > CENT)
                         & ~(debtor.isin(excluded).to_numpy() if excluded else np.zeros(len(plan), bool)))
    order, code, ids, starts = runs_by(debtor.to_numpy()[hit])
    rows = hit[order]
    amount = run_sums(owed[rows], starts)  # pandas' sums, per client
    first = earliest(plan["mep_end"].to_numpy("datetime64[ns]")[rows], starts)
    invoices = plan["invoice_id"].to_numpy()[rows]
    listed = [", ".join(dict.fromkeys(map(str, invoices[a:b]))) for a, b in zip(starts, np.r_[starts[1:], len(rows)])]
    insurer = policy.insurer or text("breach_word.insurer", language)
    messages = [text(f"breach.{FLAG}", language, amount=money(owed, policy.currency, language), invoices=names,
                     insurer=insurer, date=day(when, language)) for owed, names, when in zip(amount, listed, first)]
    return Flags.made(np.asarray(ids, dtype=object)[code[starts]], FLAG, "warning", amount.astype(float), messages,
                      first)
