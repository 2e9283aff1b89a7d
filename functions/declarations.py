"""Declarations to the insurer drafted as data (the `Declarations` sheet), and the data each
letter needs.

Kinds and deterministic ids (Register rows match them across runs):
- `overdue_notice:{debtor_id}:{first due date}` (menace de sinistre): one per debtor once any
  invoice not yet covered by a sent notice is `to_notify` or `notification_late` and the
  debtor's uncovered overdue total (disputed invoices included, their share in
  `disputed_amount`) reaches `min_notifiable_amount`; amount = that total, due_by = earliest
  notify_by, first due date = earliest due date of those invoices;
- `collection_request:{debtor_id}:{first due date}` (demande d'intervention contentieuse): once
  any invoice is `handover_due` or `handover_late`; it hands over every overdue invoice of the
  debtor not yet handed over (amount), due_by = earliest handover_by of those statuses;
- `insolvency_notice:{debtor_id}:{insolvency date}` (avis de procédure collective): a debtor
  with an insolvency_date on or before as_of and an open balance; amount = every open invoice
  (due or not), due_by = insolvency_date + insolvency_notice_days;
- `proof_of_claim:{debtor_id}:{insolvency date}` (déclaration de créance, to the court-appointed
  representative, not the insurer): a debtor with an insolvency_date on or before as_of and an
  open balance, excluded debtors included; amount = principal + interest to the judgment date +
  indemnities in the policy currency at the judgment-date rate, due_by = insolvency_date + 2
  months, month-end clipped (functions.insolvency.claims builds the rows);
- `turnover:{period}` (déclaration de chiffre d'affaires): each ended period of the `Turnover`
  result (none before the first invoice); amount = insured turnover excl. VAT, premium in the
  extras, `note` saying a nil declaration; due_by is blank (the Policy sheet has no declaration
  delay parameter).

`short_reference` is what a person reads and types back (MS-C013-20260815); `missing` says what a
draft lacks that the insurer needs (policy number, sender, debtor identifier): it is still drafted,
and listed in Issues (`incomplete_issues`).

Status is `draft`, or the status of the Register row with the same id (sent, acknowledged,
closed): such a declaration is never drafted again. Register declarations no longer drafted
(their invoices are covered now) are listed too, with the amount still open on the invoices
they cover, so the sheet is the complete register. Running twice gives the same ids: nothing
new is drafted. `document` is left blank: the documents layer fills it.

Worked example: D1 owes invoice A, 1,000 due 2025-01-31; on 2025-05-02 A is
notification_late (notify_by 2025-05-01) -> row (overdue_notice:D1:2025-01-31, overdue_notice,
D1, None, 1000.0, 2025-05-01, draft, None).

Letter data (`letter_data(row, letter_sources(...))`) is a plain dict; dates are `datetime.date`, amounts floats rounded
to the cent, missing values None, and every key below is always present (empty list or None
when it does not apply):
    declaration: {id, reference (short: MS-C013-20260815), type, period, amount, due_by, status, first_due_date}
    as_of: date;  language: 'fr' | 'en';  currency: 'EUR'
    insured: {name, policy_number, insurer, address (lines), siren, contact, phone, email, signatory,
        signatory_title} (the sender block, from the Policy sheet)
    insurer: {name, address (lines)}
    missing: what the insurer needs and the letter lacks, in words (empty when complete)
    debtor: None for turnover, else {id, name, address, country, registration_id (formatted:
        '732 829 320', '732 829 320 00074' or 'FR40303265045'), registration_kind ('SIREN',
        'SIRET', 'VAT' or None), registration_valid (bool), insurer_ref, group, sector,
        security, insolvency_date}
    invoices: every open invoice of the debtor, due or not, by due date: [{invoice_id,
        invoice_date, due_date, delivery_date, amount, open, days_past_due (0 when not due),
        overdue (bool), disputed (bool), status (Deadlines status, or 'not_due'), mep_end,
        notify_by, handover_by, currency (the invoice's), amount_original, open_original (in that
        currency; equal to amount and open for invoices in the policy currency)}]
    credit_notes: the debtor's credit notes of the last 12 months: [{credit_note_id, date,
        amount (positive), credited_invoice_id}]
    payments: the debtor's payments of the last 12 months: [{payment_id, date, amount, invoice_id}]
    disputes: open disputed invoices: [{invoice_id, due_date, amount, open}]
    actions: the debtor's Actions rows up to as_of, oldest first: [{date, invoice_id, action, note}]
    cover: the debtor's Exposure row (limit, limit_type, covered ...) or None
    totals: {open, overdue, not_due, disputed, unapplied_credit, exposure (open - unapplied)}
    dunning: the debtor's amicable recovery state from the Dunning sheet (functions.dunning) when
        letter_sources got it, else None: {status, level, level_name, level_date, next_action,
        due_date, formal_notice_date, formal_notice_deadline, amicable_exhausted}
    dunning_history (collection requests): per overdue invoice [{invoice_id, due_date, open,
        reminders (count of Actions naming it), first_reminder, last_reminder}]
    penalties (collection requests): per overdue invoice [{invoice_id, days_late, rate (percent),
        interest (None when a semester rate is missing), indemnity, semesters}]
    penalty_totals (collection requests): {principal, interest, indemnity, claim_total}
        (interest and claim_total None when a rate is missing), else None
    attachments (collection requests): [{kind ('invoice', 'delivery_proof', 'order',
        'correspondence', 'statement'), reference, date, description (in the letter language)}]
    securities (collection requests): the debtor's `security` text split on ';' and new lines
    turnover (turnover declarations): [{country, insured, turnover_excl_vat, turnover_incl_vat, premium}]
    turnover_totals (turnover declarations): {insured_turnover, excluded_turnover, premium}, else None
    claim_lines (proofs of claim): per open invoice [{invoice_id, invoice_date, due_date, currency,
        open_original, fx_rate (at the judgment date), principal, days_late (at the judgment),
        rate, interest, indemnity, semesters}]; penalty_totals then holds the claim's totals
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from .deadlines import insolvency_notice_by, register_entries
from .declaration_kinds import TYPES, declaration_ids, short_reference
from .identifiers import check_registration
from .insolvency import proof_of_claim_by
from .ledger import Ledger, lookup
from .policy import Policy
from .turnover import MINIMUM_SUFFIX
from .model import Issue
from .penalties import claimed
from .texts import joined, message, text, words

KEY_COLUMNS = ["declaration_id", "type", "debtor_id", "period", "amount", "due_by", "status", "document"]
EXTRA_COLUMNS = ["short_reference", "missing", "first_due_date", "invoices", "disputed_amount", "premium", "sent_date",
                 "reference", "note"]
# What the insurer (or the court) needs on a letter, by kind: a letter lacking one is still drafted,
# marked incomplete (`missing`) and listed in Issues. The sender is the insured's name and address.
NEEDS = {"overdue_notice": ("policy_number", "sender", "debtor_identifier"),
         "collection_request": ("policy_number", "sender", "debtor_identifier"),
         "insolvency_notice": ("policy_number", "sender", "debtor_identifier"),
         "proof_of_claim": ("sender", "debtor_identifier"), "turnover": ("policy_number", "sender")}
NOTIFY = ("to_notify", "notification_late")
HAND_OVER = ("handover_due", "handover_late")
HISTORY_MONTHS = 12


def declarations(deadlines: pd.DataFrame, ledger: Ledger, debtors: pd.DataFrame, register: pd.DataFrame,
                 policy: Policy, turnover: pd.DataFrame | None = None, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `Declarations` sheet (Register problems are reported by `deadlines.deadlines`).

    `claims` is functions.insolvency.claims (per open invoice of an insolvent debtor), optional."""
    entries, _ = register_entries(register, ledger.as_of)
    drafts = pd.concat([_overdue_notices(deadlines, policy), _collection_requests(deadlines),
                        _insolvency_notices(ledger, debtors, policy), _proofs_of_claim(claims),
                        _turnover(turnover)], ignore_index=True)
    history = _register_only(entries.loc[~entries["declaration_id"].isin(drafts["declaration_id"])], deadlines, turnover)
    table = pd.concat([drafts, history], ignore_index=True)
    sent = entries.set_index("declaration_id")
    table["status"] = lookup(table["declaration_id"], sent["status"].astype(object)).astype(object).fillna("draft")
    table["sent_date"] = lookup(table["declaration_id"], sent["sent_date"]).astype("datetime64[ns]")
    table["reference"] = lookup(table["declaration_id"], sent["reference"]).astype(object)
    table["document"] = None
    table["short_reference"] = [short_reference(i) for i in table["declaration_id"]]
    table["missing"] = missing_words(table, debtors, policy)
    order = table["type"].map({t: i for i, t in enumerate(TYPES)})
    table = table.assign(_order=order).sort_values(["_order", "debtor_id", "period", "declaration_id"], kind="stable")
    return table[KEY_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def missing_fields(kind: str, policy: Policy, debtor: Mapping | None) -> list[str]:
    """The fields a letter of `kind` needs and lacks: policy_number, sender (the insured's name and
    address), debtor_identifier (a registration number or the insurer's reference)."""
    have = {"policy_number": bool(str(policy.policy_number).strip()),
            "sender": bool(str(policy.insured_name).strip() and str(policy.insured_address).strip()),
            "debtor_identifier": debtor is not None and any(isinstance(debtor.get(k), str) and debtor.get(k).strip()
                                                            for k in ("registration_id", "insurer_ref"))}
    return [need for need in NEEDS.get(kind, ()) if not have[need]]


def missing_words(table: pd.DataFrame, debtors: pd.DataFrame, policy: Policy) -> list:
    """The `missing` column: what each draft lacks, in the policy language (None when complete)."""
    book = debtors.drop_duplicates("debtor_id").set_index("debtor_id")
    out = []
    for kind, debtor_id, status in zip(table["type"], table["debtor_id"], table["status"]):
        debtor = book.loc[debtor_id].to_dict() if debtor_id in book.index else None
        lacking = missing_fields(kind, policy, debtor) if status == "draft" else []
        out.append(", ".join(text(f"missing.{m}", policy.language) for m in lacking) or None)
    return out


def incomplete_issues(table: pd.DataFrame, debtors: pd.DataFrame, policy: Policy) -> list[Issue]:
    """One warning per draft letter lacking what the insurer needs: on the Policy when it lacks the
    policy number or the sender, else on the debtor's Debtors row."""
    rows = debtors.drop_duplicates("debtor_id").set_index("debtor_id")["_row"] if "_row" in debtors else pd.Series(dtype=object)
    book = debtors.drop_duplicates("debtor_id").set_index("debtor_id")
    issues = []
    for r in table.loc[table["missing"].notna()].itertuples():
        lacking = missing_fields(r.type, policy, book.loc[r.debtor_id].to_dict() if r.debtor_id in book.index else None)
        on_policy = bool(set(lacking) & {"policy_number", "sender"})
        row = None if on_policy or pd.isna(rows.get(r.debtor_id)) else int(rows.get(r.debtor_id))
        issues.append(Issue("Policy" if on_policy else "Debtors", row,
                            "policy_number" if "policy_number" in lacking else "insured_address" if "sender" in lacking
                            else "registration_id", "warning",
                            message("missing.issue", reference=r.short_reference,
                                    fields=joined([message(f"missing.{m}") for m in lacking]))))
    return issues


def _frame(rows: dict) -> pd.DataFrame:
    columns = ["declaration_id", "type", "debtor_id", "period", "amount", "due_by", "first_due_date", "invoices",
               "disputed_amount", "premium", "note"]
    frame = pd.DataFrame(rows)
    return frame.reindex(columns=columns).astype({"due_by": "datetime64[ns]", "first_due_date": "datetime64[ns]",
                                                  "amount": float, "disputed_amount": float, "premium": float,
                                                  "invoices": "Int64"})


def _per_debtor(rows: pd.DataFrame, kind: str, due_by: pd.Series) -> pd.DataFrame:
    by = rows.groupby("debtor_id")
    first = by["due_date"].min()
    return _frame({"declaration_id": declaration_ids(kind, first.index, first).to_numpy(), "type": kind, "debtor_id": first.index.to_numpy(),
                   "period": None, "amount": by["open"].sum().round(2).to_numpy(),
                   "due_by": due_by.reindex(first.index).to_numpy(), "first_due_date": first.to_numpy(),
                   "invoices": by.size().to_numpy(),
                   "disputed_amount": rows["open"].where(rows["disputed"], 0.0).groupby(rows["debtor_id"]).sum().to_numpy()})


def _overdue_notices(deadlines: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    pending = deadlines.loc[deadlines["notice_id"].isna() & deadlines["collection_id"].isna()]
    by = pending.groupby("debtor_id")
    due = by["open"].sum() >= policy.min_notifiable_amount
    triggered = pending["status"].isin(NOTIFY).groupby(pending["debtor_id"]).any()
    chosen = pending.loc[pending["debtor_id"].isin(due.index[due & triggered])]
    return _per_debtor(chosen, "overdue_notice", chosen.groupby("debtor_id")["notify_by"].min())


def _collection_requests(deadlines: pd.DataFrame) -> pd.DataFrame:
    pending = deadlines.loc[deadlines["collection_id"].isna()]
    late = pending.loc[pending["status"].isin(HAND_OVER)]
    chosen = pending.loc[pending["debtor_id"].isin(late["debtor_id"])]
    return _per_debtor(chosen, "collection_request", late.groupby("debtor_id")["handover_by"].min())


def _insolvency_notices(ledger: Ledger, debtors: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    book = debtors.drop_duplicates("debtor_id")
    inv = ledger.invoices.loc[ledger.invoices["open"] > 0]
    open_total = inv.groupby("debtor_id")["open"].sum()
    hit = book.loc[(book["insolvency_date"] <= ledger.as_of) & ~book["excluded"].fillna(False).astype(bool)
                   & book["debtor_id"].isin(open_total.index)]
    when = hit["insolvency_date"]
    return _frame({"declaration_id": declaration_ids("insolvency_notice", hit["debtor_id"], when).to_numpy(),
                   "type": "insolvency_notice", "debtor_id": hit["debtor_id"].to_numpy(), "period": None,
                   "amount": open_total.reindex(hit["debtor_id"]).round(2).to_numpy(),
                   "due_by": insolvency_notice_by(when, policy).to_numpy(),
                   "invoices": inv["debtor_id"].value_counts().reindex(hit["debtor_id"]).to_numpy()})


def _proofs_of_claim(claims: pd.DataFrame | None) -> pd.DataFrame:
    if claims is None or claims.empty:
        return _frame({})
    by = claims.groupby("debtor_id")
    when = by["insolvency_date"].first()
    total = (by["principal"].sum() + by["interest"].sum() + by["indemnity"].sum()).round(2)
    return _frame({"declaration_id": declaration_ids("proof_of_claim", when.index, when).to_numpy(),
                   "type": "proof_of_claim", "debtor_id": when.index.to_numpy(), "period": None,
                   "amount": total.to_numpy(), "due_by": _claim_by(by, when).to_numpy(),
                   "first_due_date": by["due_date"].min().to_numpy(), "invoices": by.size().to_numpy()})


def _claim_by(by, when: pd.Series) -> pd.Series:
    """The proof of claim's last day: the claim rows' own (from the BODACC publication), else from the judgment."""
    return by["proof_of_claim_by"].first() if "proof_of_claim_by" in by.obj else proof_of_claim_by(when)


def _turnover(turnover: pd.DataFrame | None) -> pd.DataFrame:
    if turnover is None or turnover.empty:
        return _frame({})
    ended = turnover.loc[turnover["complete"] & ~turnover["period"].str.endswith(MINIMUM_SUFFIX)]
    insured = ended["turnover_excl_vat"].where(ended["insured"], 0.0)
    by = insured.groupby(ended["period"])
    note = ended.groupby("period")["note"].first() if "note" in ended else pd.Series(None, index=by.sum().index)
    return _frame({"declaration_id": ("turnover:" + by.sum().index).to_numpy(), "type": "turnover",
                   "debtor_id": None, "period": by.sum().index.to_numpy(), "amount": by.sum().round(2).to_numpy(),
                   "premium": ended.groupby("period")["premium"].sum().round(2).to_numpy(),
                   "note": note.reindex(by.sum().index).to_numpy(object)})


def _register_only(entries: pd.DataFrame, deadlines: pd.DataFrame, turnover: pd.DataFrame | None) -> pd.DataFrame:
    """Sent declarations not drafted now: amount and due_by from the invoices they still cover."""
    notices = deadlines.groupby("notice_id").agg(amount=("open", "sum"), due_by=("notify_by", "min"))
    handed = deadlines.groupby("collection_id").agg(amount=("open", "sum"), due_by=("handover_by", "min"))
    covered = pd.concat([notices, handed[~handed.index.isin(notices.index)]])
    if turnover is not None and len(turnover):
        periods = turnover.loc[turnover["insured"]].groupby("period")["turnover_excl_vat"].sum()
        covered = pd.concat([covered, pd.DataFrame({"amount": periods.to_numpy()}, index="turnover:" + periods.index)])
    found = covered.reindex(entries["declaration_id"])
    return _frame({"declaration_id": entries["declaration_id"].to_numpy(), "type": entries["type"].to_numpy(),
                   "debtor_id": entries["debtor_id"].to_numpy(), "period": entries["period"].to_numpy(),
                   "amount": found["amount"].round(2).to_numpy(), "due_by": found["due_by"].to_numpy(),
                   "first_due_date": entries["first_date"].to_numpy()})


@dataclass(frozen=True)
class LetterSources:
    """The computed tables letters draw on, each indexed by debtor once (build it with `letter_sources`)."""

    policy: Policy
    as_of: pd.Timestamp
    debtors: pd.DataFrame  # first Debtors row per debtor_id, indexed by it
    unapplied: pd.Series
    tables: dict[str, pd.DataFrame]  # table name -> its rows for every debtor
    turnover: pd.DataFrame | None = None
    claims: pd.DataFrame | None = None  # functions.insolvency.claims, for proofs of claim
    dunning: pd.DataFrame | None = None  # the Dunning sheet (functions.dunning), indexed by debtor_id
    cover: pd.DataFrame | None = None    # the Exposure sheet, indexed by debtor_id
    # table name -> {debtor_id: positions of its rows}, built on a letter's first use of the table
    positions: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)
    # (table name, column) -> the column as a NumPy array, taken on a letter's first use of it
    columns: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    # "debtors" / "dunning" -> {debtor_id: its row as a dict}
    debtor_rows: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    def rows(self, name: str, debtor_id) -> pd.DataFrame:
        return self._table(name).take(self._positions(name).get(debtor_id, []))

    def values(self, name: str, column: str, debtor_id) -> list:
        """One column of the debtor's rows as Python values (what Series.tolist gives). The column
        is taken out of pandas once: a letter then costs a few NumPy look-ups, not dozens of
        pandas calls, and only its own rows are turned into Python objects."""
        if (name, column) not in self.columns:
            self.columns[name, column] = self._table(name)[column].to_numpy()
        picked = self.columns[name, column][self._positions(name).get(debtor_id, NO_ROWS)]
        return pd.DatetimeIndex(picked).tolist() if picked.dtype.kind == "M" else picked.tolist()

    def records(self, name: str, debtor_id, columns: Mapping[str, str]) -> list[dict]:
        """The debtor's rows as dicts of plain values, {source column: key} renamed."""
        picked = [self.values(name, column, debtor_id) for column in columns]
        return [{key: _plain(v) for key, v in zip(columns.values(), row)} for row in zip(*picked)]

    def by_debtor(self, which: str, debtor_id) -> dict | None:
        """The debtor's row of `debtors` or `dunning` (both indexed by debtor_id) as a dict, or None."""
        if which not in self.debtor_rows:
            frame = getattr(self, which)
            self.debtor_rows[which] = {} if frame is None else frame.to_dict("index")
        return self.debtor_rows[which].get(debtor_id)

    def _positions(self, name: str) -> dict:
        if name not in self.positions:
            self.positions[name] = self._table(name).groupby("debtor_id").indices
        return self.positions[name]

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self.tables and name == LETTER_INVOICES:
            self.tables[name] = _letter_invoices(self)
        return self.tables[name]


def letter_sources(policy: Policy, ledger: Ledger, debtors: pd.DataFrame, deadlines: pd.DataFrame,
                   penalties: pd.DataFrame, actions: pd.DataFrame, turnover: pd.DataFrame | None = None,
                   claims: pd.DataFrame | None = None, dunning: pd.DataFrame | None = None,
                   cover: pd.DataFrame | None = None) -> LetterSources:
    """The tables letters draw on. Each is indexed by debtor on its first use (none when no
    letter is drafted), so each letter costs only its own debtor's rows."""
    since = ledger.as_of - pd.DateOffset(months=HISTORY_MONTHS)
    tables = {"invoices": ledger.invoices.loc[ledger.invoices["open"] > 0].sort_values(["due_date", "invoice_id"]),
              "credits": ledger.credits.loc[ledger.credits["date"] > since].sort_values("date", kind="stable"),
              "deadlines": deadlines, "penalties": penalties.loc[~penalties["paid"].astype(bool)],
              "actions": actions.loc[actions["date"] <= ledger.as_of].sort_values("date", kind="stable")}
    return LetterSources(policy, ledger.as_of, debtors.drop_duplicates("debtor_id").set_index("debtor_id"),
                         ledger.unapplied, tables, turnover, claims,
                         None if dunning is None else dunning.drop_duplicates("debtor_id").set_index("debtor_id"),
                         None if cover is None else cover.drop_duplicates("debtor_id").set_index("debtor_id"))


def letter_data(declaration: Mapping, sources: LetterSources) -> dict:
    """Everything one letter prints, as the plain dict documented in the module docstring."""
    kind, debtor_id = declaration.get("type"), declaration.get("debtor_id")
    policy = sources.policy
    known = sources.cover is not None and debtor_id in sources.cover.index
    cover = sources.cover.loc[debtor_id].to_dict() if known else None
    debtor_row = sources.debtors.loc[debtor_id].to_dict() if debtor_id in sources.debtors.index else None
    data = {
        "declaration": {"id": declaration.get("declaration_id"), "reference": _reference(declaration.get("declaration_id")),
                        "type": kind, "period": _plain(declaration.get("period")),
                        "amount": _plain(declaration.get("amount")), "due_by": _plain(declaration.get("due_by")),
                        "status": declaration.get("status"), "first_due_date": _plain(declaration.get("first_due_date"))},
        "as_of": sources.as_of.date(), "language": policy.language, "currency": policy.currency,
        "insured": {"name": policy.insured_name, "policy_number": policy.policy_number, "insurer": policy.insurer,
                    "address": _lines(policy.insured_address), "siren": policy.insured_siren or None,
                    "contact": policy.contact_name or None, "phone": policy.contact_phone or None,
                    "email": policy.contact_email or None, "signatory": policy.signatory_name or None,
                    "signatory_title": policy.signatory_title or None},
        "insurer": {"name": policy.insurer, "address": _lines(policy.insurer_address)},
        "missing": [text(f"missing.{m}", policy.language) for m in missing_fields(kind, policy, debtor_row)],
        "debtor": None, "invoices": [], "credit_notes": [], "payments": [], "disputes": [], "actions": [],
        "cover": {k: _plain(v) for k, v in cover.items()} if cover is not None else None, "totals": None,
        "dunning_history": [], "penalties": [], "penalty_totals": None, "attachments": [], "securities": [],
        "turnover": [], "turnover_totals": None, "claim_lines": [], "dunning": None,
    }
    if kind == "turnover":
        data.update(_turnover_data(sources.turnover, declaration.get("period")))
        return data
    data.update(_debtor_data(debtor_id, sources))
    data["dunning"] = _dunning_state(sources.by_debtor("dunning", debtor_id))
    if kind == "collection_request":
        data.update(_collection_data(debtor_id, data, sources))
    if kind == "proof_of_claim":
        data.update(_claim_data(debtor_id, data, sources))
    return data


DUNNING_STATE = ("status", "level", "level_name", "level_date", "next_action", "due_date", "formal_notice_date",
                 "formal_notice_deadline", "amicable_exhausted")


def _dunning_state(row: dict | None) -> dict | None:
    """The debtor's Dunning row (amicable recovery state), or None when it has none."""
    return None if row is None else {k: _plain(row[k]) for k in DUNNING_STATE}


def _plain(value):
    """A cell as a template-friendly value: date, float rounded to the cent, None for blanks."""
    if value is None or (not isinstance(value, (str, bool, np.bool_)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, np.datetime64)):
        return pd.Timestamp(value).date()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        return round(float(value), 2)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _records(frame: pd.DataFrame, columns: dict[str, str]) -> list[dict]:
    """Rows as dicts with the given {source column: key} names and plain values."""
    picked = frame[list(columns)].rename(columns=columns)
    return [{k: _plain(v) for k, v in row.items()} for row in picked.to_dict("records")]


def _debtor_data(debtor_id, sources: LetterSources) -> dict:
    row = sources.by_debtor("debtors", debtor_id) or {}
    reg = check_registration(row.get("registration_id"), row.get("country"))
    debtor = {"id": debtor_id, "name": row.get("name"), "address": row.get("address"), "country": row.get("country"),
              "registration_id": reg.formatted or None, "registration_kind": reg.kind, "registration_valid": reg.valid,
              "insurer_ref": row.get("insurer_ref"), "group": row.get("group"), "sector": row.get("sector"),
              "security": row.get("security"), "insolvency_date": row.get("insolvency_date")}
    invoices = sources.records(LETTER_INVOICES, debtor_id, {c: c for c in INVOICE_KEYS})
    open_ = sources.values(LETTER_INVOICES, "open", debtor_id)  # unrounded, for the totals
    overdue, disputed = [i["overdue"] for i in invoices], [i["disputed"] for i in invoices]
    credits = sources.records("credits", debtor_id, {"source": "source", "source_id": "id", "date": "date",
                                                     "amount": "amount", "ref": "ref"})
    unapplied = float(sources.unapplied.get(debtor_id, 0.0))
    open_total = _sum(open_)
    return {
        "debtor": {k: _plain(v) for k, v in debtor.items()},
        "invoices": invoices,
        "credit_notes": [{"credit_note_id": c["id"], "date": c["date"], "amount": c["amount"],
                          "credited_invoice_id": c["ref"]} for c in credits if c["source"] == "credit_note"],
        "payments": [{"payment_id": c["id"], "date": c["date"], "amount": c["amount"], "invoice_id": c["ref"]}
                     for c in credits if c["source"] == "payment"],
        "disputes": [{k: i[k] for k in ("invoice_id", "due_date", "amount", "open")} for i in invoices if i["disputed"]],
        "actions": sources.records("actions", debtor_id, {c: c for c in ("date", "invoice_id", "action", "note")}),
        "totals": {k: round(v, 2) for k, v in {
            "open": open_total, "overdue": _sum(open_, overdue), "not_due": _sum(open_, [not o for o in overdue]),
            "disputed": _sum(open_, disputed), "unapplied_credit": unapplied,
            "exposure": open_total - unapplied}.items()},
    }


LETTER_INVOICES = "letter_invoices"
NO_ROWS = np.empty(0, dtype=np.intp)
INVOICE_KEYS = ("invoice_id", "invoice_date", "due_date", "delivery_date", "amount", "open", "days_past_due", "overdue",
                "disputed", "status", "mep_end", "notify_by", "handover_by", "currency", "amount_original",
                "open_original")


def _letter_invoices(sources: LetterSources) -> pd.DataFrame:
    """Every open invoice with what its letter prints (days past due, its deadlines, currency,
    original amounts), computed once for all debtors."""
    as_of, inv = sources.as_of, sources.tables["invoices"]
    inv = inv.assign(days_past_due=(as_of - inv["due_date"]).dt.days.clip(lower=0), overdue=inv["due_date"] < as_of,
                     disputed=inv["disputed"].fillna(False).astype(bool))
    deadlines = sources.tables["deadlines"].drop_duplicates(["debtor_id", "invoice_id"])
    deadlines = deadlines.set_index(["debtor_id", "invoice_id"])
    keys = pd.MultiIndex.from_arrays([inv["debtor_id"], inv["invoice_id"]])
    for column in ("status", "mep_end", "notify_by", "handover_by"):
        inv[column] = deadlines[column].reindex(keys).to_numpy()
    inv["status"] = inv["status"].astype(object).where(inv["overdue"], "not_due")
    inv["currency"] = inv["currency"].fillna(sources.policy.currency) if "currency" in inv else sources.policy.currency
    for column in ("amount", "open"):
        original = inv[f"{column}_original"] if f"{column}_original" in inv else inv[column]
        inv[f"{column}_original"] = original.fillna(inv[column])
    return inv


def _sum(values: list, where: list | None = None) -> float:
    """A column's sum as pandas gives it (NaN skipped, numpy's pairwise order): the totals agree
    to the last bit with the same sums taken on the sheet's rows."""
    picked = values if where is None else [v for v, keep in zip(values, where) if keep]
    return float(np.nansum(np.asarray(picked, dtype=float))) if picked else 0.0


def _collection_data(debtor_id, data: dict, sources: LetterSources) -> dict:
    overdue = [i for i in data["invoices"] if i["overdue"]]
    named = sources.rows("actions", debtor_id).groupby("invoice_id")["date"].agg(["size", "min", "max"])
    history = [{"invoice_id": i["invoice_id"], "due_date": i["due_date"], "open": i["open"],
                "reminders": int(named["size"].get(i["invoice_id"], 0)),
                "first_reminder": _plain(named["min"].get(i["invoice_id"])),
                "last_reminder": _plain(named["max"].get(i["invoice_id"]))} for i in overdue]
    pen = sources.rows("penalties", debtor_id)
    pen = pen.loc[claimed(pen)]
    penalties = _records(pen, {c: c for c in ("invoice_id", "days_late", "rate", "interest", "indemnity", "semesters",
                                               "currency") if c in pen})
    principal = round(sum(i["open"] for i in overdue), 2)
    interest_column = "interest_converted" if "interest_converted" in pen else "interest"  # policy currency
    interest = None if pen[interest_column].isna().any() else round(float(pen[interest_column].sum()), 2)
    indemnity = round(float(pen["indemnity"].sum()), 2)
    totals = {"principal": principal, "interest": interest, "indemnity": indemnity,
              "claim_total": None if interest is None else round(principal + interest + indemnity, 2)}
    security = data["debtor"]["security"] or ""
    return {"dunning_history": history, "penalties": penalties, "penalty_totals": totals,
            "attachments": _attachments(overdue, data["actions"], data["language"], data["as_of"]),
            "securities": [s.strip() for s in security.replace("\n", ";").split(";") if s.strip()]}


def _claim_data(debtor_id, data: dict, sources: LetterSources) -> dict:
    """The proof of claim: each open invoice converted at the judgment date, interest to that date."""
    rows = sources.claims.loc[sources.claims["debtor_id"] == debtor_id] if sources.claims is not None else None
    if rows is None or rows.empty:
        return {}
    lines = _records(rows, {c: c for c in ("invoice_id", "invoice_date", "due_date", "currency", "open_original", "fx_rate",
                                           "principal", "days_late", "rate", "interest", "indemnity", "semesters")})
    for line, rate in zip(lines, rows["fx_rate"]):
        line["fx_rate"] = float(rate)  # a rate keeps its decimals
    principal, interest, indemnity = (round(float(rows[c].sum()), 2) for c in ("principal", "interest", "indemnity"))
    security = data["debtor"]["security"] or ""
    return {"claim_lines": lines,
            "penalty_totals": {"principal": principal, "interest": interest, "indemnity": indemnity,
                               "claim_total": round(principal + interest + indemnity, 2)},
            "attachments": _attachments(data["invoices"], [], data["language"], data["as_of"]),
            "securities": [s.strip() for s in security.replace("\n", ";").split(";") if s.strip()]}


def _lines(address: str) -> list[str]:
    """An address typed on one Policy cell, lines separated by ';' or new lines."""
    return [line.strip() for line in str(address or "").replace("\n", ";").split(";") if line.strip()]


def _reference(declaration_id) -> str | None:
    """The short reference of a declaration id; None for ids that are not declarations (reminders)."""
    try:
        return short_reference(declaration_id)
    except ValueError:
        return None


def _attachments(overdue: list[dict], actions: list[dict], language: str, as_of: dt.date) -> list[dict]:
    word = words("attachment", language)
    items = [{"kind": "invoice", "reference": i["invoice_id"], "date": i["invoice_date"],
              "description": f"{word['invoice']} {i['invoice_id']}"} for i in overdue]
    items += [{"kind": "delivery_proof", "reference": i["invoice_id"], "date": i["delivery_date"],
               "description": f"{word['delivery_proof']} {i['invoice_id']}"} for i in overdue]
    items.append({"kind": "order", "reference": None, "date": None, "description": word["order"]})
    items += [{"kind": "correspondence", "reference": a["action"], "date": a["date"],
               "description": f"{word['correspondence']}: {a['action']}"} for a in actions]
    items.append({"kind": "statement", "reference": None, "date": as_of, "description": f"{word['statement']} ({as_of:%Y-%m-%d})"})
    return items


def _turnover_data(turnover: pd.DataFrame | None, period) -> dict:
    rows = turnover.loc[turnover["period"] == period] if turnover is not None else pd.DataFrame()
    if rows.empty:
        return {}
    insured = rows["insured"].astype(bool)
    return {"turnover": _records(rows, {c: c for c in ("country", "insured", "turnover_excl_vat", "turnover_incl_vat", "premium")}),
            "turnover_totals": {"insured_turnover": round(float(rows.loc[insured, "turnover_excl_vat"].sum()), 2),
                                "excluded_turnover": round(float(rows.loc[~insured, "turnover_excl_vat"].sum()), 2),
                                "premium": round(float(rows["premium"].sum()), 2)}}
