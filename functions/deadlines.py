"""The insurer's deadline calendar (échéancier des obligations) per open invoice past due.

For an invoice due on D (Policy defaults in brackets):
- mep_end = D + max_extension_days (60): end of the maximum extension period (prorogation);
- basis = mep_end, or D when `overdue_notice_basis` is `due_date`;
- notify_by = basis + overdue_notice_days (30): last day to send the overdue notice
  (menace de sinistre);
- handover_by = notify_by + collection_handover_days (60): last day to hand the debt over for
  collection (demande d'intervention contentieuse);
- claim_expected = handover (the collection request's sent date, else handover_by)
  + waiting_period_days (150, délai constitutif de sinistre).

Worked example: due 2025-01-31, MEP 60 days -> mep_end 2025-04-01, notify_by 2025-05-01,
handover_by 2025-06-30, claim_expected 2025-11-27.

"Past X" means as_of > X: on the day X itself the insured is still in time. An invoice is past
due when as_of > due_date. Status at as_of, first match wins:
- `handed_over`: a sent collection request covers it;
- `handover_late`: a sent overdue notice covers it and as_of > handover_by;
- `handover_due`: notified and as_of > notify_by (the collection window has opened);
- `notified`: a sent overdue notice covers it, as_of <= notify_by;
- `notification_late`: as_of > notify_by, not notified;
- `to_notify`: as_of > basis date, not notified;
- `overdue`: past due, not past the basis date (the insured may still extend).

Register coverage: a declaration in the `Register` sheet with status sent, acknowledged or
closed covers the debtor's invoices whose due date is on or after the first due date in its id
(`overdue_notice:{debtor_id}:{yyyy-mm-dd}`) and that were past due when it was sent
(due_date < sent_date). A Register row without a sent date counts as sent on as_of (with a
warning); an id without a date covers every invoice of the debtor past due when sent. Several
rows for one id (sent, then acknowledged): the last row gives the status, the earliest sent
date counts.

Invoices of excluded debtors (not insured) have no insurer deadlines and are left out. An
`insolvency_date` on the debtor makes an insolvency notice due at insolvency_date +
insolvency_notice_days (shown on every row of that debtor and in the debtor summary).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.extensions import take

from .declaration_kinds import parse_declaration_ids
from .ledger import (Ledger, among, by_ids, column_at, day_span, earliest, earliest_dates, first_of_each, found_at,
                     group_sums, positions, run_starts, sorted_order, ticked, whole_days)
from .model import Issue
from .policy import Policy
from .texts import message

KEY_COLUMNS = ["invoice_id", "debtor_id", "due_date", "mep_end", "notify_by", "handover_by", "claim_expected", "status"]
EXTRA_COLUMNS = ["open", "days_past_due", "disputed", "terms_days", "beyond_max_credit", "notifiable",
                 "next_deadline", "notice_id", "collection_id", "insolvency_date", "insolvency_notice_by",
                 "contract_due_date", "instalment", "extension"]
SENT_STATUSES = ("sent", "acknowledged", "closed")
# Most urgent first: the debtor summary shows the most urgent status of its invoices.
URGENCY = ("notification_late", "handover_late", "to_notify", "handover_due", "overdue", "notified", "handed_over")
NOT_OVERDUE = "not_overdue"
URGENT = pd.Index(URGENCY, dtype=object)  # a status's rank: its position


@dataclass(frozen=True)
class InsurerDeadlines:
    """The deadlines of an invoice due on `due_date` (Timestamps, or Series of them)."""

    mep_end: object      # end of the maximum extension period (prorogation)
    basis: object        # the date the overdue-notice period counts from
    notify_by: object    # last day of the overdue notice (menace de sinistre)
    handover_by: object  # last day to hand over for collection (demande d'intervention contentieuse)


def insurer_deadlines(due_date, policy: Policy, contract_due=None) -> InsurerDeadlines:
    """The one rule for an overdue invoice's deadlines; the Deadlines sheet, the breaches and the
    worksheet functions all call it.

    `contract_due` (a Series or an array like `due_date`, NaT where no extension was agreed) is the
    invoice's own due date when an agreed extension moved `due_date` (functions.extensions): the
    MEP runs from it, and ends at the extended date when the insurer approved one beyond it.

    >>> d = insurer_deadlines(pd.Timestamp("2025-01-31"), Policy())
    >>> d.mep_end.date(), d.notify_by.date(), d.handover_by.date()
    (datetime.date(2025, 4, 1), datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))
    """
    mep_end = due_date + day_span(policy.max_extension_days)
    if contract_due is not None and pd.notna(contract_due).any():
        own = contract_due + day_span(policy.max_extension_days)
        ends = np.where(pd.isna(contract_due), mep_end, np.where(own >= due_date, own, due_date))
        mep_end = pd.Series(ends, index=due_date.index) if isinstance(due_date, pd.Series) else ends
    basis = mep_end if policy.overdue_notice_basis == "mep_end" else due_date
    notify_by = basis + day_span(policy.overdue_notice_days)
    return InsurerDeadlines(mep_end, basis, notify_by, notify_by + day_span(policy.collection_handover_days))


def claim_expected(handed_over, policy: Policy):
    """When the claim is expected: the hand-over (sent, else its last day) + the waiting period."""
    return handed_over + day_span(policy.waiting_period_days)


def insolvency_notice_by(insolvency_date, policy: Policy):
    """Last day to tell the insurer of an insolvency judgment (avis de procédure collective)."""
    return insolvency_date + day_span(policy.insolvency_notice_days)


def register_entries(register: pd.DataFrame, as_of) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per declaration id sent: declaration_id, type, debtor_id, period, first_date,
    status, sent_date (as_of when blank), reference, _row. Of several rows for one id, each
    column's last value given and the earliest sent date, as a group-by's last() and min() take
    them; worked on arrays (a group-by costs more than the few rows of a Register)."""
    entries, issues = _entries(register, as_of, ("status", "reference", "_row"))
    entries["declaration_id"] = pd.Index(entries["declaration_id"].tolist())  # typed as a group-by types its keys
    # Indexes keep their type: an array of objects would be read as text
    return pd.DataFrame({c: pd.Index(v, dtype=v.dtype) for c, v in entries.items()}), issues


def _entries(register: pd.DataFrame, as_of,
             kept: tuple[str, ...] = ("_row",)) -> tuple[dict[str, np.ndarray], list[Issue]]:
    """register_entries' columns as arrays (the ids as objects), of the Register's own columns
    only `kept`."""
    ids = register["declaration_id"].to_numpy(object)
    rows = np.flatnonzero(among(register["status"].to_numpy(object), SENT_STATUSES) & pd.notna(ids))
    parts = parse_declaration_ids(ids[rows])
    given = {c: register[c].to_numpy(object)[rows] for c in ("type", "debtor_id", "period")}
    kind = np.where(pd.notna(given["type"]), given["type"], parts["type"])
    period = np.where(pd.notna(given["period"]), given["period"], np.where(kind == "turnover", parts["period"], None))
    columns = {"type": kind, "debtor_id": np.where(pd.notna(given["debtor_id"]), given["debtor_id"], parts["debtor"]),
               "period": period, "first_date": parts["first"]}
    columns |= {c: register[c].values[rows] for c in kept}
    group, keys = pd.factorize(ids[rows])
    entries = {"declaration_id": keys}
    entries |= {c: _last_given(v, group, len(keys)) for c, v in columns.items()}
    order = np.argsort(group, kind="stable")
    sent = earliest(register["sent_date"].to_numpy("datetime64[ns]")[rows][order],
                    run_starts(group[order]))  # where each id's rows start
    undated = np.flatnonzero(np.isnat(sent))
    issues = [Issue("Register", int(entries["_row"][u]), "sent_date", "warning",
                    message("deadline.undated", declaration=keys[u], date=f"{pd.Timestamp(as_of):%Y-%m-%d}"))
              for u in undated]
    entries["sent_date"] = np.where(np.isnat(sent), np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns"), sent)
    return entries, issues


def _last_given(values, group: np.ndarray, size: int):
    """Each group's last value that is not blank, as a group-by's last() takes it: a blank where
    none (None among objects)."""
    objects = isinstance(values, np.ndarray) and values.dtype == object
    if len(values) == size:  # one row per group (factorize numbers them in order): the rows as they are
        return np.where(pd.notna(values), values, None) if objects else values
    given = np.flatnonzero(pd.notna(values))
    last = np.full(size, -1)
    np.maximum.at(last, group[given], given)  # the group's last row given
    if objects:
        found = values[last]
        found[last < 0] = None
        return found
    return take(values, last, allow_fill=True)


def deadlines(ledger: Ledger, debtors: pd.DataFrame, register: pd.DataFrame, policy: Policy,
              names: pd.Series | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Deadlines` sheet: one row per open invoice past due of an insured debtor.

    Worked on arrays, the rows in the sheet's order, and built as one frame at the end: a column
    set on a frame costs more than computing it on a small ledger. `names`: the client's name per
    debtor_id (index); given, a last `name` column, built with the others (a column added to a
    frame copies the frame)."""
    as_of = ledger.as_of
    today = as_of.to_datetime64()
    entries, issues = _entries(register, as_of)
    inv = ledger.invoices
    due, owed, clients, invoice_ids = (inv[c] for c in ("due_date", "open", "debtor_id", "invoice_id"))
    due, owed, debtor = due.to_numpy(), owed.to_numpy(float), clients.to_numpy(object)
    mine = np.flatnonzero((owed > 0) & (due < today))
    ids = debtors["debtor_id"]
    book = first_of_each(ids)
    # the overdue invoices' clients only (few of a big ledger); -1: not on the Debtors sheet
    where = positions(pd.Index(ids.to_numpy()[book], dtype=object), debtor[mine])
    insured = ~np.append(ticked(debtors["excluded"])[book], False)[where]
    mine, where = mine[insured], where[insured]
    order = sorted_order(debtor[mine], due[mine], invoice_ids.to_numpy()[mine])
    mine, where = mine[order], where[order]  # in the sheet's order from here on
    kept = {"invoice_id": column_at(invoice_ids, mine), "debtor_id": column_at(clients, mine)}
    kept |= {c: _kept(inv, c, mine) for c in ("contract_due_date", "instalment", "extension")}
    due, contract_due, debtor = due[mine], np.asarray(kept["contract_due_date"]), debtor[mine]
    dates = insurer_deadlines(due, policy, contract_due)
    (notice, _), (collection, handed_on) = _covering(debtor, due, entries,
                                                     ("overdue_notice", "collection_request"))
    claim = claim_expected(np.where(np.isnat(handed_on), dates.handover_by, handed_on), policy)
    basis, notify_by, handover_by = dates.basis, dates.notify_by, dates.handover_by
    notified, handed = pd.notna(notice), pd.notna(collection)
    status = _status(notified, handed, basis, notify_by, handover_by, as_of)
    open_ = owed[mine]
    terms = _whole_days(np.where(np.isnat(contract_due), due, contract_due) - inv["invoice_date"].to_numpy()[mine])
    insolvency_date = np.append(debtors["insolvency_date"].to_numpy("datetime64[ns]")[book],
                                np.datetime64("NaT"))[where]
    columns = {
        "invoice_id": kept["invoice_id"], "debtor_id": kept["debtor_id"], "due_date": due,
        "mep_end": dates.mep_end, "notify_by": notify_by, "handover_by": handover_by,
        "claim_expected": claim, "status": status, "open": open_,
        "days_past_due": _whole_days(today - due), "disputed": ticked(inv["disputed"])[mine],
        "terms_days": terms, "beyond_max_credit": terms > policy.max_credit_days,
        "notifiable": _debtor_totals(debtor, np.where(notified | handed, 0.0, open_), order)
        >= policy.min_notifiable_amount,
        "next_deadline": _next_deadline(status, basis, notify_by, handover_by, claim),
        "notice_id": pd.Index(notice, dtype=object), "collection_id": pd.Index(collection, dtype=object),
        "insolvency_date": insolvency_date, "insolvency_notice_by": insolvency_notice_by(insolvency_date, policy),
        **{c: kept[c] for c in ("contract_due_date", "instalment", "extension")},
        **({} if names is None else {"name": by_ids(names, kept["debtor_id"])})}
    return pd.DataFrame(columns, copy=False), issues  # copy=False: the Indexes are not copied


def _kept(invoices: pd.DataFrame, column: str, rows: np.ndarray):
    """A ledger column at `rows` (column_at); blank when the ledger has no such column (agreed
    extensions, functions.extensions)."""
    if column not in invoices:
        return np.full(len(rows), np.datetime64("NaT") if column == "contract_due_date" else None,
                       "datetime64[ns]" if column == "contract_due_date" else object)
    return column_at(invoices[column], rows)


def _debtor_totals(debtor: np.ndarray, amounts: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Each row's debtor total of `amounts` (a group-by's transform("sum"), NaN for a blank debtor),
    the rows added in ledger order as the group-by did (`order` put the rows, in ledger order, in
    the sheet's order)."""
    in_ledger = np.empty_like(order)
    in_ledger[order] = np.arange(len(order))
    code, ids = pd.factorize(debtor[in_ledger])
    known = code >= 0
    totals = group_sums(code[known], amounts[in_ledger][known], len(ids))
    return np.append(totals, np.nan)[code][order]


def _whole_days(delta: np.ndarray) -> np.ndarray:
    """whole_days, as integers when no date is missing (as pandas' .dt.days)."""
    days = whole_days(delta)
    return days if np.isnan(days).any() else days.astype(np.int64)


def _covering(debtor: np.ndarray, due: np.ndarray, entries: dict,
              kinds: tuple[str, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each of `kinds`, each row's earliest-sent Register declaration of that kind covering it
    (NaN where none), and its sent date. Each row is paired with its debtor's declarations only
    (few of them), by positions rather than a merge: a merge costs more than the rows it pairs on
    a small ledger."""
    sent = np.flatnonzero(among(entries["type"], kinds) & pd.notna(entries["debtor_id"]))
    code, debtors = pd.factorize(entries["debtor_id"][sent])
    # by debtor, the earliest sent first (an entry always has an id, one row each, and a sent date)
    sent = sent[sorted_order(code, entries["sent_date"][sent], entries["declaration_id"][sent])]
    count = np.bincount(code, minlength=len(debtors))
    first = np.cumsum(count) - count
    of_row = found_at(pd.Index(debtors, dtype=object), debtor)
    mine = np.flatnonzero(of_row >= 0)
    many = count[of_row[mine]]
    row = np.repeat(mine, many)  # the pairs: row by row, each debtor's declarations in turn
    entry = sent[np.repeat(first[of_row[mine]] - np.cumsum(many) + many, many) + np.arange(many.sum())]
    due = due.astype("datetime64[ns]")[row]
    starts, sent_on = entries["first_date"][entry], entries["sent_date"]
    hit = (np.isnat(starts) | (due >= starts)) & (due < sent_on[entry])
    kind, ids = entries["type"][entry], entries["declaration_id"]
    found = []
    for name in kinds:
        covered, earliest = np.unique(row[hit & (kind == name)], return_index=True)
        chosen = entry[hit & (kind == name)][earliest]
        declaration = np.full(len(debtor), np.nan, dtype=object)
        declaration[covered] = ids[chosen]
        on = np.full(len(debtor), np.datetime64("NaT"), dtype="datetime64[ns]")
        on[covered] = sent_on[chosen]
        found.append((declaration, on))
    return found


def _status(notified: np.ndarray, handed: np.ndarray, basis: np.ndarray, notify_by: np.ndarray,
            handover_by: np.ndarray, as_of: pd.Timestamp) -> np.ndarray:
    today = as_of.to_datetime64()
    conditions = [handed, notified & (today > handover_by), notified & (today > notify_by), notified,
                  today > notify_by, today > basis]
    choices = ["handed_over", "handover_late", "handover_due", "notified", "notification_late", "to_notify"]
    return np.select(conditions, choices, default="overdue").astype(object)


def _next_deadline(status: np.ndarray, basis: np.ndarray, notify_by: np.ndarray, handover_by: np.ndarray,
                   claim: np.ndarray) -> np.ndarray:
    """The date the next obligation falls due: end of extension, notify-by, handover-by or claim
    (the next of them when one is blank)."""
    found = np.where(among(status, ("notified", "handover_due", "handover_late")) & ~np.isnat(handover_by),
                     handover_by, claim)
    found = np.where(among(status, ("to_notify", "notification_late")) & ~np.isnat(notify_by), notify_by, found)
    return np.where((status == "overdue") & ~np.isnat(basis), basis, found).astype(basis.dtype)  # basis' unit


def debtor_status(table: pd.DataFrame, debtors: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per debtor (one row per Debtors row): debtor_id, status (most urgent of its invoices, or
    `not_overdue`), overdue, invoices, notifiable, next_deadline, insolvency_notice_by.

    The group-by's reductions on arrays: sums in the same order, the other ones exact."""
    ids = debtors["debtor_id"]
    book = first_of_each(ids)
    ids = ids.to_numpy()[book]
    row = positions(pd.Index(ids, dtype=object), table["debtor_id"].to_numpy(object))
    known = np.flatnonzero(row >= 0)
    worst = np.full(len(ids), len(URGENCY))  # not overdue, unless an invoice says more
    rank = found_at(URGENT, table["status"].to_numpy(object))
    np.minimum.at(worst, row[known], np.where(rank < 0, len(URGENCY), rank)[known])
    next_deadline = earliest_dates(row[known], table["next_deadline"].to_numpy("datetime64[ns]")[known], len(ids))
    notifiable = row[known][table["notifiable"].to_numpy(bool)[known]]
    insolvency_date = debtors["insolvency_date"].to_numpy("datetime64[ns]")[book]
    return pd.DataFrame({
        "debtor_id": ids, "status": np.array(URGENCY + (NOT_OVERDUE,), dtype=object)[worst],
        "overdue": group_sums(row[known], table["open"].to_numpy(float)[known], len(ids)),
        "invoices": np.bincount(row[known], minlength=len(ids)),
        "notifiable": np.bincount(notifiable, minlength=len(ids)) > 0, "next_deadline": next_deadline,
        "insolvency_notice_by": insolvency_notice_by(insolvency_date, policy)})
