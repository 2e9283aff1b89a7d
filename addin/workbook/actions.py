"""Mark a reminder as sent: one `Actions` row per invoice it listed.

    rows = reminder_actions(analyse(inputs, as_of, want=["Dunning"]), "C046", 1, sent=date(2026, 11, 2))
    # [{debtor_id: C046, invoice_id: FA26-..., date: 2026-11-02, action: "Friendly reminder / Relance amiable",
    #   note: "reminder:C046:1:2026-09-23"}, ...]

The rows name the level by the plan's name and carry the reminder id in `note`, so the next run
counts the level as reached (functions.dunning) and the collection request's dunning history
lists the reminder against each invoice. Only the debtor's next level can be recorded (or a
later one its plan lets skip to); a reminder id already in Actions is refused: the same
reminder is never recorded twice. Headless the workbook is rewritten under the --in-place rules
(addin.workbook.register.append_rows); in Excel the ribbon's macro appends through the Book.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from functions.analysis import Analysis
from functions.cover import day
from functions.dunning import reminded
from functions.texts import label, text

from addin.workbook.messages import say
from addin.workbook.read import ContractError


def reminder_actions(analysis: Analysis, debtor_id: str, level: int, sent: date) -> list[dict]:
    """The Actions rows recording that the debtor's reminder at `level` was sent on `sent`;
    `analysis` holds the Dunning sheet (functions.analysis.analyse(inputs, as_of, want=["Dunning"]))."""
    ledger, table, as_of = analysis["due_ledger"], analysis["dunning"], analysis.as_of
    language = analysis.inputs.policy.language
    actions = analysis.inputs.table("Actions")
    rows = table.loc[table["debtor_id"].astype(str) == str(debtor_id)]
    if rows.empty:
        raise ContractError(text("record.no_overdue", language, debtor=debtor_id, date=day(as_of, language)))
    row = rows.iloc[0]
    if row["reminder_id"] is None or pd.isna(row["reminder_id"]):
        reason = text("record.status_is", language, status=label(row["status"], "status", language)) \
            if row["status"] != "due" else text("record.amicable_over", language)
        raise ContractError(text("record.nothing_to_record", language, debtor=debtor_id, reason=reason))
    if int(level) <= int(row["level"]):
        raise ContractError(text("record.level_recorded", language, level=level, debtor=debtor_id, reached=row["level"],
                                 date=day(row["level_date"], language)))
    if int(level) != int(row["next_level"]):
        raise ContractError(text("record.level_skipped", language, debtor=debtor_id, next=row["next_level"],
                                 action=row["next_action"]))
    reminder_id = row["reminder_id"]
    if actions["note"].astype(str).str.contains(reminder_id, regex=False).any():
        raise ContractError(text("record.already_sent", language, id=reminder_id))
    invoices = ledger.invoices.loc[(ledger.invoices["debtor_id"] == row["debtor_id"])
                                   & reminded(ledger.invoices, as_of)].sort_values(["due_date", "invoice_id"])
    when = datetime(sent.year, sent.month, sent.day)
    return [{"debtor_id": row["debtor_id"], "invoice_id": i, "date": when, "action": row["next_action"],
             "note": reminder_id} for i in invoices["invoice_id"]]


def parse_reminder_id(reminder_id: str) -> tuple[str, int]:
    """(debtor_id, level) of `reminder:{debtor}:{level}:{date}`; a clear error for anything else."""
    parts = str(reminder_id).strip().split(":")
    if len(parts) != 4 or parts[0] != "reminder" or not parts[2].isdigit():
        raise ContractError(say("record.not_reminder_id", id=reminder_id))
    return parts[1], int(parts[2])
