"""Row checks across the typed tables, as a plain ordered list of functions.

Each check looks at the tables as cleaned by the checks before it and returns Issues; rows
with an `error` are then left out, so a later check never reports a row already rejected.

Example: Invoices row 7 names debtor C9, absent from Debtors, and gives
Issue('Invoices', 7, 'debtor_id', 'error', message("check.unknown_debtor", debtor="C9")), which reads
"debtor 'C9' is not on the Debtors sheet; row skipped" in English and "le client « C9 » n'est pas dans
la feuille Debtors ; ligne ignorée" in French (functions/texts.py).
"""
from __future__ import annotations

from typing import Callable

import pandas as pd

from .ledger import document_kind
from .model import Issue, row_issues
from .texts import message

Tables = dict[str, pd.DataFrame]


def unknown_debtors(tables: Tables) -> list[Issue]:
    """Every row naming a debtor must name one on the Debtors sheet (when there is one)."""
    debtors = tables.get("Debtors")
    if debtors is None or debtors.empty:
        return []
    known = set(debtors["debtor_id"])
    issues = []
    for sheet in ("Invoices", "Payments", "Orders", "Limits", "Grades", "Financials", "Actions"):
        frame = tables.get(sheet)
        if frame is not None and len(frame):
            issues += row_issues(frame, ~frame["debtor_id"].isin(known), sheet, "debtor_id", "error",
                                 lambda r: message("check.unknown_debtor", debtor=r["debtor_id"]))
    return issues


def duplicate_ids(tables: Tables) -> list[Issue]:
    """An id used twice: the first row counts, the later ones are skipped."""
    issues = []
    for sheet, column in (("Debtors", "debtor_id"), ("Invoices", "invoice_id"), ("Payments", "payment_id"),
                          ("Orders", "order_id"), ("Register", "declaration_id")):
        frame = tables.get(sheet)
        if frame is None or frame.empty:
            continue
        ids = frame[column]
        dup = ids.notna() & ids.duplicated()
        if not dup.any():
            continue
        first_row = frame.loc[ids.notna()].drop_duplicates(column).set_index(column)["_row"]
        issues += row_issues(frame, dup, sheet, column, "error",
                             lambda r: message("check.duplicate", column=column, value=r[column], row=first_row[r[column]]))
    return issues


def invoice_dates(tables: Tables) -> list[Issue]:
    """A due date before the invoice date is a typing error."""
    inv = tables["Invoices"]
    return row_issues(inv, inv["due_date"] < inv["invoice_date"], "Invoices", "due_date", "error",
                      lambda r: message("check.due_before_invoice", due=f"{r['due_date']:%d/%m/%Y}",
                                        invoice=f"{r['invoice_date']:%d/%m/%Y}"))


def invoice_signs(tables: Tables) -> list[Issue]:
    """document_type says invoice but the amount is negative: the sign or the type is wrong."""
    inv = tables["Invoices"]
    wrong = (inv["document_type"] == "invoice") & (inv["amount"] < 0)
    return row_issues(inv, wrong, "Invoices", "amount", "error",
                      lambda r: message("check.negative_invoice", amount=f"{r['amount']:,.2f}"))


def zero_amounts(tables: Tables) -> list[Issue]:
    """A zero invoice changes nothing; say so rather than drop it silently."""
    inv = tables["Invoices"]
    return row_issues(inv, inv["amount"] == 0, "Invoices", "amount", "warning", message("check.zero_amount"))


def payment_amounts(tables: Tables) -> list[Issue]:
    """Payments are positive; refunds belong in the accounting, not here."""
    pay = tables.get("Payments")
    if pay is None or pay.empty:
        return []
    return row_issues(pay, pay["amount"] <= 0, "Payments", "amount", "error",
                      lambda r: message("check.payment_not_positive", amount=f"{r['amount']:,.2f}"))


def payment_references(tables: Tables) -> list[Issue]:
    """A payment naming an unknown invoice is still used, as an unreferenced payment."""
    pay = tables.get("Payments")
    if pay is None or pay.empty:
        return []
    inv = tables["Invoices"]
    known = inv.loc[document_kind(inv) == "invoice", "invoice_id"]  # a Series: isin hashes it in C, not via a set
    unknown = pay["invoice_id"].notna() & ~pay["invoice_id"].isin(known)
    return row_issues(pay, unknown, "Payments", "invoice_id", "warning",
                      lambda r: message("check.unknown_invoice", invoice=r["invoice_id"]))


def limit_amounts(tables: Tables) -> list[Issue]:
    """A granted, increased or reduced limit needs a positive amount."""
    lim = tables.get("Limits")
    if lim is None or lim.empty:
        return []
    needs = lim["decision"].isin(["granted", "increased", "reduced"])
    bad = needs & ~(lim["amount"] > 0)
    return row_issues(lim, bad, "Limits", "amount", "error",
                      lambda r: message("check.limit_amount", decision=message(f"choice.decision.{r['decision']}")))


CHECKS: list[Callable[[Tables], list[Issue]]] = [
    duplicate_ids, unknown_debtors, invoice_dates, invoice_signs, zero_amounts,
    payment_amounts, payment_references, limit_amounts,
]


def run_checks(tables: Tables) -> tuple[Tables, list[Issue]]:
    """Apply every check in order; return the tables without rejected rows, and all issues."""
    tables, issues = dict(tables), []
    for check in CHECKS:
        found = check(tables)
        issues += found
        rejected: dict[str, set[int]] = {}
        for issue in found:
            if issue.severity == "error" and issue.row is not None:
                rejected.setdefault(issue.sheet, set()).add(issue.row)
        for sheet, rows in rejected.items():
            frame = tables[sheet]
            tables[sheet] = frame.loc[~frame["_row"].isin(rows)].reset_index(drop=True)
    return tables, issues
