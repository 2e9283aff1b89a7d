"""Row checks across the typed tables, as a plain ordered list of functions, after the repairs.

`repair_invoices` first gives an invoice with an unusable number or date the value a credit
manager would use (due date = invoice date + the client's payment terms, ...), saying what was
typed and what was used. Each check then looks at the tables as cleaned by the checks before it
and returns Issues; rows with an `error` are then left out, so a later check never reports a row
already rejected. Only rows with no usable amount or client code, duplicates of an id already
used, and invoices with neither date usable are left out.

Example: Invoices row 7 names debtor C9, absent from Debtors: the row is kept under C9 and
Issue('Invoices', 7, 'debtor_id', 'warning', "client 'C9' is not on the Debtors sheet: ...") says so.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from .cover import day, money
from .ledger import Ledger, document_kind, lookup
from .model import Issue, row_issues
from .policy import Policy
from .texts import Amount, message

Tables = dict[str, pd.DataFrame]
TYPED = "_typed_"  # what was typed in a cell the reader could not use (addin.workbook.read)
QUALITY_COLUMNS = ["sheet", "rows_read", "rows_repaired", "rows_left_out", "amount_left_out"]

def repair_invoices(tables: Tables, policy: Policy | None = None) -> tuple[Tables, list[Issue]]:
    """Invoices with an unusable number or date, repaired; one `warning` per repaired cell.

    - no invoice number: `Invoices-<row>`;
    - due date missing, not a date or before the invoice date: invoice date + terms;
    - invoice date missing or not a date: due date - terms;
    - delivery date not a date: the invoice date;
    terms = the client's payment_terms_days, else the Policy's default_terms_days. A row with
    neither date usable is left out (`error`). The reader's `_typed_<column>` columns (what was
    typed) are dropped. Messages are built for the repaired rows only.
    """
    inv = tables.get("Invoices")
    if inv is None:
        return tables, []
    policy = policy or Policy()
    lang = policy.language
    typed = {c[len(TYPED):]: inv[c] for c in inv.columns if c.startswith(TYPED)}
    # a copy either way (the repairs write to it); a shallow one costs nothing until written to
    fixed, issues = inv.drop(columns=[TYPED + c for c in typed]) if typed else inv.copy(deep=False), []

    def said(column: str, rows: pd.Index) -> list[str]:
        """What was typed in these rows' cells, in words ('31/02/2025' is not a date / holds the Excel
        error #N/A / is empty)."""
        text = typed[column].reindex(rows) if column in typed else pd.Series(None, index=rows, dtype=object)
        return [message("repair.empty") if not isinstance(v, str)
                else message("repair.error" if v.startswith("#") else "repair.not_a_date", text=v) for v in text]

    def warn(mask: np.ndarray | pd.Series, column: str, messages, severity: str = "warning") -> None:
        issues.extend(Issue("Invoices", int(r), column, severity, m) for r, m in zip(fixed.loc[mask, "_row"], messages))

    missing_id = fixed["invoice_id"].isna()
    if missing_id.any():
        fixed.loc[missing_id, "invoice_id"] = "Invoices-" + fixed.loc[missing_id, "_row"].astype(str)
        warn(missing_id, "invoice_id", [message("repair.no_id", used=v) for v in fixed.loc[missing_id, "invoice_id"]])
    issued, due = fixed["invoice_date"], fixed["due_date"]
    no_issue, no_due = issued.isna().to_numpy(), due.isna().to_numpy()  # masks as arrays: a few operations
    neither = no_issue & no_due
    before = ~no_issue & ~no_due & (due < issued).to_numpy()
    bad_due = ~no_issue & (no_due | before)
    bad_issued = no_issue & ~no_due
    if (bad_due | bad_issued).any():
        terms, source = _terms(fixed, tables.get("Debtors"), policy)
        offset = pd.to_timedelta(terms, unit="D")
        for mask, column, base, sign, key in ((bad_due, "due_date", issued, 1, "due"),
                                              (bad_issued, "invoice_date", due, -1, "issued")):
            rows = fixed.index[mask]
            used = base[rows] + sign * offset[rows]
            what = said(column, rows)
            if column == "due_date":  # a due date before the invoice date was typed as a date
                what = [message("repair.before", due=day(d, lang), issued=day(i, lang)) if b else w
                        for w, b, d, i in zip(what, before[mask], due[rows], issued[rows])]
            warn(mask, column, [message(f"repair.{key}", typed=w, used=day(u, lang), terms=n, source=message(src))
                                for w, u, n, src in zip(what, used, terms[rows], source[rows])])
            fixed.loc[rows, column] = used
    if "delivery_date" in typed:
        bad_delivery = typed["delivery_date"].notna() & ~neither
        rows = fixed.index[bad_delivery]
        fixed.loc[rows, "delivery_date"] = fixed.loc[rows, "invoice_date"]
        warn(bad_delivery, "delivery_date", [message("repair.delivery", typed=w, used=day(u, lang))
                                             for w, u in zip(said("delivery_date", rows), fixed.loc[rows, "invoice_date"])])
    if neither.any():
        warn(neither, "due_date", [message("repair.no_date")] * int(neither.sum()), "error")
        fixed = fixed.loc[~neither].reset_index(drop=True)
    tables = {**tables, "Invoices": fixed}
    issues.sort(key=lambda i: i.row)
    return tables, issues


def _terms(invoices: pd.DataFrame, debtors: pd.DataFrame | None, policy: Policy) -> tuple[pd.Series, pd.Series]:
    """Per invoice: the payment terms in days (the client's, else the Policy's default) and where they
    come from (a catalogue key)."""
    client = pd.Series(np.nan, index=invoices.index)
    if debtors is not None and "payment_terms_days" in debtors:
        terms = debtors.drop_duplicates("debtor_id").set_index("debtor_id")["payment_terms_days"]
        client = pd.to_numeric(lookup(invoices["debtor_id"], terms), errors="coerce")
    source = pd.Series(np.where(client.notna(), "repair.client_terms", "repair.policy_terms"), index=invoices.index)
    return client.fillna(policy.default_terms_days).astype(int), source


def unknown_debtors(tables: Tables, policy: Policy | None = None) -> list[Issue]:
    """A row naming a client absent from the Debtors sheet (when there is one) is kept under its
    code: one warning per sheet and code, on its first row, with the number of rows."""
    debtors = tables.get("Debtors")
    if debtors is None or debtors.empty:
        return []
    known = debtors["debtor_id"].to_numpy()  # an array: isin hashes it in C
    issues = []
    for sheet in ("Invoices", "Payments", "Orders", "Limits", "Grades", "Financials", "Actions"):
        frame = tables.get(sheet)
        if frame is None or not len(frame):
            continue
        absent = ~frame["debtor_id"].isin(known).to_numpy()
        if not absent.any():
            continue
        unknown = frame.loc[absent]
        for debtor, rows in unknown.groupby("debtor_id", sort=False)["_row"]:
            issues.append(Issue(sheet, int(rows.iloc[0]), "debtor_id", "warning",
                                message("repair.unknown", debtor=debtor, rows=len(rows))))
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
        if ids.is_unique:
            continue
        dup = ids.notna() & ids.duplicated()
        if not dup.any():
            continue
        first_row = frame.loc[ids.notna()].drop_duplicates(column).set_index(column)["_row"]
        issues += row_issues(frame, dup, sheet, column, "error",
                             lambda r: message("check.duplicate", column=column, value=r[column], row=first_row[r[column]]))
    return issues


def invoice_signs(tables: Tables) -> list[Issue]:
    """document_type says invoice but the amount is negative: the sign or the type is wrong."""
    inv = tables["Invoices"]
    wrong = (inv["document_type"].to_numpy() == "invoice") & (_amounts(inv) < 0)
    return row_issues(inv, wrong, "Invoices", "amount", "error",
                    lambda r: message("check.negative_invoice", amount=Amount(r['amount'])))


def zero_amounts(tables: Tables) -> list[Issue]:
    """A zero invoice changes nothing; say so rather than drop it silently."""
    inv = tables["Invoices"]
    return row_issues(inv, _amounts(inv) == 0, "Invoices", "amount", "warning", message("check.zero_amount"))


def payment_amounts(tables: Tables) -> list[Issue]:
    """Payments are positive; refunds belong in the accounting, not here."""
    pay = tables.get("Payments")
    if pay is None or pay.empty:
        return []
    return row_issues(pay, _amounts(pay) <= 0, "Payments", "amount", "error",
                    lambda r: message("check.payment_not_positive", amount=Amount(r['amount'])))


def payment_references(tables: Tables) -> list[Issue]:
    """A payment naming an unknown invoice is still used, as an unreferenced payment."""
    pay = tables.get("Payments")
    if pay is None or pay.empty:
        return []
    inv = tables["Invoices"]
    known = inv["invoice_id"].to_numpy()[document_kind(inv).to_numpy() == "invoice"]  # an array: isin hashes it in C
    ids = pay["invoice_id"]
    unknown = ids.notna().to_numpy() & ~ids.isin(known).to_numpy()
    return row_issues(pay, unknown, "Payments", "invoice_id", "warning",
                    lambda r: message("check.unknown_invoice", invoice=r["invoice_id"]))


def limit_amounts(tables: Tables) -> list[Issue]:
    """A granted, increased or reduced limit needs a positive amount."""
    lim = tables.get("Limits")
    if lim is None or lim.empty:
        return []
    needs = lim["decision"].isin(["granted", "increased", "reduced"]).to_numpy()
    bad = needs & ~(_amounts(lim) > 0)
    return row_issues(lim, bad, "Limits", "amount", "error",
                    lambda r: message("check.limit_amount", decision=message(f"choice.decision.{r['decision']}")))


def _amounts(frame: pd.DataFrame) -> np.ndarray:
    """The amount column as floats, NaN where blank: compared as an array, as pandas compares it."""
    return frame["amount"].to_numpy(dtype=float, na_value=np.nan)


CHECKS: list[Callable[[Tables], list[Issue]]] = [
    duplicate_ids, unknown_debtors, invoice_signs, zero_amounts, payment_amounts, payment_references, limit_amounts,
]


def run_checks(tables: Tables, policy: Policy | None = None) -> tuple[Tables, list[Issue], dict[str, set[int]]]:
    """Repair the invoices, then apply every check in order: the tables without rejected rows, all
    issues, and the rows repaired per sheet (what the data quality figures count)."""
    tables, issues = repair_invoices(tables, policy)
    repaired = {"Invoices": {i.row for i in issues if i.severity == "warning"}}
    tables = dict(tables)
    for check in CHECKS:
        found = check(tables, policy) if check is unknown_debtors else check(tables)
        issues += found
        rejected: dict[str, set[int]] = {}
        for issue in found:
            if issue.severity == "error" and issue.row is not None:
                rejected.setdefault(issue.sheet, set()).add(issue.row)
        for sheet, rows in rejected.items():
            frame = tables[sheet]
            tables[sheet] = frame.loc[~frame["_row"].isin(rows)].reset_index(drop=True)
    return tables, issues, repaired


def paid_date_ignored(ledger: Ledger, policy: Policy) -> list[Issue]:
    """With a Payments sheet, Invoices' `paid_date` is not used (the payments settle invoices): each
    invoice marked paid by as_of that the payments leave open is listed, so it is not lost silently."""
    inv = ledger.invoices
    if "paid_date" not in inv or "_row" not in inv:
        return []
    paid, owed = inv["paid_date"].to_numpy("datetime64[ns]"), inv["open"].to_numpy(float)
    hit = np.flatnonzero((paid <= pd.Timestamp(ledger.as_of).to_datetime64()) & (owed > 0))  # NaT compares False
    if not len(hit):  # the usual case: no row numbers to read
        return []
    lang = policy.language
    return [Issue("Invoices", int(r), "paid_date", "warning",
                  message("repair.paid_date", date=day(d, lang), open=money(o, policy.currency, lang)))
            for r, d, o in zip(inv["_row"].to_numpy()[hit], paid[hit], owed[hit])]


def quality_of(tables: Tables) -> pd.DataFrame:
    """The data quality table of tables not read from a workbook (built in code): every invoice
    counted as read, nothing repaired or left out."""
    rows = [("Invoices", len(tables["Invoices"]), 0, 0, 0.0)] if "Invoices" in tables else []
    return pd.DataFrame(rows, columns=QUALITY_COLUMNS).astype({"rows_read": int, "rows_repaired": int,
                                                               "rows_left_out": int, "amount_left_out": float})
