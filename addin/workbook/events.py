"""Record an agreed extension (an `Extensions` row) or a claim event (a `Claims` row).

    extension_row(inputs, "FA26-00744", agreed=date(2026, 8, 20))
    # {invoice_id: FA26-00744, debtor_id: C013, agreed_date: 2026-08-20, new_due_date: 2026-10-14 (the MEP end) ...}
    claim_event_row(analyse(inputs, as_of, want=["Indemnities"]), "C018", date(2026, 10, 5))
    # {debtor_id: C018, date: 2026-10-05, event: filed, amount: 9750.0 (what is overdue)}

An extension defaults to the longest the policy grants without the insurer: the invoice's MEP end
(functions.deadlines.insurer_deadlines); edit the date in the sheet when a shorter one was
agreed. A claim event defaults to the claim's next step when its amount is known: `filed` (the
amount claimed) for a claim still to file, `paid` (the indemnity accepted, less what was paid)
once the insurer accepted. A decision or a recovery carries the insurer's or the client's own
amount: it is typed, or given with --event and --amount. Headless the workbook is rewritten under
the --in-place rules (addin.workbook.register.append_rows); in Excel the ribbon appends through
the Book.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from functions.analysis import Analysis
from functions.claims import EVENTS
from functions.cover import day
from functions.deadlines import insurer_deadlines
from functions.model import Inputs
from functions.texts import message, text

from addin.workbook.read import ContractError

NEXT = {"waiting": "filed", "to_file": "filed", "accepted": "paid"}


def _day(value) -> datetime:
    stamp = pd.Timestamp(value)
    return datetime(stamp.year, stamp.month, stamp.day)


def refusal(language: str, key: str, **fields) -> ContractError:
    """What cannot be recorded, in the workbook's language (its Policy is read by then)."""
    return ContractError(message(f"event.{key}", **fields).in_language(language))


def extension_row(inputs: Inputs, invoice_id: str, agreed: date, new_due: date | None = None,
                  amount: float | None = None, approved: date | None = None) -> dict:
    """The Extensions row recording an extension of `invoice_id` agreed on `agreed`."""
    invoices = inputs.table("Invoices")
    base = str(invoice_id).strip()
    rows = invoices.loc[(invoices["invoice_id"].astype(str) == base) & (invoices["amount"] > 0)]
    if rows.empty:
        hint = message("event.instalment_hint") if "/" in base else ""
        raise refusal(inputs.policy.language, "unknown_invoice", invoice=invoice_id, hint=hint)
    inv = rows.iloc[0]
    until = pd.Timestamp(new_due) if new_due else insurer_deadlines(inv["due_date"], inputs.policy).mep_end
    if until <= inv["due_date"]:
        raise refusal(inputs.policy.language, "not_later", invoice=base, date=day(inv["due_date"], inputs.policy.language))
    return {"invoice_id": inv["invoice_id"], "debtor_id": inv["debtor_id"], "agreed_date": _day(agreed),
            "new_due_date": _day(until), "amount": amount, "approval_date": _day(approved) if approved else None,
            "note": None if new_due else text("event.extension_note", inputs.policy.language)}


def claim_event_row(analysis: Analysis, debtor_id: str, when: date, event: str | None = None,
                    amount: float | None = None, reference: str | None = None) -> dict:
    """The Claims row recording `event` (default: the claim's next step) of the client's claim on `when`;
    `analysis` holds the Indemnities sheet."""
    table = analysis.sheet("Indemnities")
    rows = table.loc[table["debtor_id"].astype(str) == str(debtor_id).strip()]
    if rows.empty:
        raise refusal(analysis.policy.language, "no_claim", debtor=debtor_id)
    row = rows.iloc[0]
    event = (event or NEXT.get(row["status"]) or "").strip().lower()
    if not event:
        step = row["status"] if row["status"] in ("filed", "paid") else "other"
        raise refusal(analysis.policy.language, "claim_is", debtor=debtor_id, status=message(f"status.{row['status']}"),
                      step=message(f"event.next_after_{step}"))
    if event not in EVENTS:
        raise refusal(analysis.policy.language, "unknown_event", event=event, events=", ".join(EVENTS))
    if amount is None:
        if event in ("accepted", "recovered"):
            raise refusal(analysis.policy.language, "needs_amount", event=event)
        amount = {"filed": row["claimed"], "paid": row["expected_indemnity"] - row["indemnity_paid"]}.get(event)
    return {"debtor_id": row["debtor_id"], "date": _day(when), "event": event,
            "amount": None if amount is None else round(float(amount), 2), "reference": reference or None}
