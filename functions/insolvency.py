"""Insolvency proceedings (procédures collectives): what an insolvency judgment changes at once.

A debtor whose `insolvency_date` is on or before as_of (French redressement or liquidation
judiciaire published in the BODACC, or the equivalent abroad):
- insolvency notice to the insurer (avis de procédure collective) due by insolvency_date +
  `insolvency_notice_days` (drafted by functions.declarations);
- proof of claim to the court-appointed representative (déclaration de créance au mandataire
  judiciaire) due 2 months after the judgment's publication in the BODACC (R622-24), calendar
  months clipped to the month's end (31 Dec 2025 -> 28 Feb 2026; 30 Dec 2023 -> 29 Feb 2024):
  from `publication_date` when given, else from `insolvency_date` (the judgment comes days or
  weeks before its publication: an earlier, safe deadline). The claim is drafted for excluded
  debtors too: it is owed to the court, not to the insurer;
- the claim (`claims`): every invoice open at as_of and delivered on or before the insolvency
  date (later deliveries are post-judgment debts, paid at maturity, never declared), in its currency, with late interest up to
  the judgment date only (the judgment stops interest, L622-28), the fixed indemnity for
  invoices overdue at the judgment, converted at the rate of the judgment date (L622-25);
- reminders stop (functions.dunning reads `insolvency_date`);
- in liquidation (`procedure` liquidation, L641-3 / L643-1) every open invoice delivered by
  the insolvency date becomes due: the due ledger (functions.extensions.extended) uses the
  earlier of due_date and insolvency_date (`brought_forward`), so Aging, Deadlines and Dunning
  count such invoices as due; safeguard and reorganisation do not make debts due (L622-29):
  they keep their due dates. A blank `procedure` is read as liquidation, the reading that never
  lets a deadline slip; cover eligibility and penalties keep the contractual due date;
- cover is lost for new deliveries: invoices delivered after the insolvency date leave the
  eligible exposure (`ineligible_delivered_after_insolvency` on Exposure, functions.cover), and the Breaches
  flag INSOLVENCY (critical) says so with both deadlines.

Worked example: judgment 2025-12-31, notice days 10 -> insolvency notice by 2026-01-10, proof
of claim by 2026-02-28. Invoice 10,000 EUR due 2025-11-30: 31 days late at the judgment, at
2.15 + 10 = 12.15 % -> interest 10000 x 0.1215 x 31/365 = 103.19, indemnity 40, claim 10,143.19.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.extensions import take

from .breaches import Flags
from .claims import filled
from .cover import day, money
from .deadlines import insolvency_notice_by
from .fx import currency_codes, missing_rates, rates_at
from .ledger import (Ledger, among, by_ids, column_at, column_sums, debtor_positions, first_of_each, first_rows,
                     found_at, months_before, runs_by, sorted_order, ticked, values_at)
from .model import Issue
from .penalties import interest_by_semester, interest_rule
from .policy import Policy
from .texts import lang, text

CLAIM_MONTHS = 2
KEY_COLUMNS = ["debtor_id", "insolvency_date", "insolvency_notice_by", "proof_of_claim_by", "principal", "interest",
               "indemnity", "claim_total"]
EXTRA_COLUMNS = ["invoices", "delivered_after_insolvency", "open_orders", "excluded", "procedure", "publication_date"]
CLAIM_COLUMNS = ["debtor_id", "invoice_id", "invoice_date", "due_date", "currency", "open_original", "days_late",
                 "rate", "interest_original", "fx_rate", "principal", "interest", "indemnity", "semesters",
                 "insolvency_date", "proof_of_claim_by"]
ACCELERATING = ("liquidation",)  # procedures whose judgment makes every debt due (L643-1); blank reads as one
PROCEDURES = ("safeguard", "reorganisation", "liquidation")


def proof_of_claim_by(insolvency_date):
    """insolvency_date + 2 calendar months, clipped to the month's end (dates or a Series).

    >>> proof_of_claim_by(pd.Timestamp("2025-12-31")).date(), proof_of_claim_by(pd.Timestamp("2023-12-30")).date()
    (datetime.date(2026, 2, 28), datetime.date(2024, 2, 29))
    """
    return insolvency_date + pd.DateOffset(months=CLAIM_MONTHS)


def claim_start(debtors: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """The day the proof-of-claim period starts, at Debtors positions `rows` (datetime64[ns]): the
    BODACC publication, else the judgment. On the few rows' arrays: a Series of them costs more."""
    judged = debtors["insolvency_date"].to_numpy("datetime64[ns]")[rows]
    if "publication_date" not in debtors:
        return judged
    published = debtors["publication_date"].to_numpy("datetime64[ns]")[rows]
    return np.where(np.isnat(published), judged, published)


def proofs_of_claim_by(starts: np.ndarray) -> np.ndarray:
    """proof_of_claim_by of each of `starts` (datetime64[ns], NaT staying NaT), on the array."""
    return months_before(starts, -CLAIM_MONTHS)


def accelerating(debtors: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """True per Debtors row at `rows` whose procedure makes not-yet-due debts due (liquidation, or blank)."""
    if "procedure" not in debtors:
        return np.ones(len(rows), bool)
    kind = debtors["procedure"].to_numpy(object)[rows]
    return pd.isna(kind) | among(kind, ACCELERATING)


def insolvent_rows(debtors: pd.DataFrame, as_of) -> np.ndarray:
    """The positions of the Debtors rows of the clients insolvent at as_of: the first row per id,
    judged on or before as_of."""
    first = first_of_each(debtors["debtor_id"])
    return first[~np.isnat(insolvency_dates(debtors, first, as_of))]


def insolvency_dates(debtors: pd.DataFrame, first: np.ndarray, as_of) -> np.ndarray:
    """The insolvency date of each Debtors id (its `first` row) when on or before as_of, NaT where not."""
    date = debtors["insolvency_date"].to_numpy("datetime64[ns]")[first]
    return np.where(date <= pd.Timestamp(as_of).to_datetime64(), date, np.datetime64("NaT", "ns"))  # NaT: False


def accelerated(ledger: Ledger, debtors: pd.DataFrame) -> Ledger:
    """The ledger with each open invoice of a debtor in liquidation due at the latest on the insolvency
    date: the due ledger when no extension was agreed (functions.extensions.extended)."""
    given = ledger.invoices["due_date"]
    due = given.to_numpy("datetime64[ns]")
    forward = brought_forward(ledger, debtors, due)
    if forward is None:
        return ledger
    inv = ledger.invoices
    if not (forward < due).any():  # nothing falls due earlier: the same dates
        return Ledger(ledger.as_of, inv.copy(deep=False), ledger.credits, ledger.unapplied)
    due = forward.astype(given.dtype)  # in the ledger's unit, as Series.where keeps it
    return Ledger(ledger.as_of, inv.assign(due_date=due), ledger.credits, ledger.unapplied)


def brought_forward(ledger: Ledger, debtors: pd.DataFrame, due: np.ndarray,
                    rows: np.ndarray | slice = slice(None)) -> np.ndarray | None:
    """The due dates `due` (datetime64[ns]) of the ledger invoices at `rows`, each the earlier of
    itself and the day a liquidation judgment makes the invoice due (falling_due); None when no
    debtor's procedure brings debts forward."""
    when = falling_due(ledger, debtors)
    if when is None:
        return None
    when = when[rows]
    return np.where(when < due, when, due)  # NaT compares False: the due date stays


def falling_due(ledger: Ledger, debtors: pd.DataFrame) -> np.ndarray | None:
    """Per ledger invoice, the day a liquidation judgment makes it due: its debtor's insolvency date
    when delivered by then, else NaT; None when no debtor's procedure brings debts forward."""
    hit = insolvent_rows(debtors, ledger.as_of)  # positions: a frame of them costs more than the few columns read
    hit = hit[accelerating(debtors, hit)]
    if not len(hit):
        return None
    at = debtor_positions(ledger, pd.Index(debtors["debtor_id"].to_numpy(object)[hit], dtype=object))
    when = values_at(debtors["insolvency_date"].to_numpy("datetime64[ns]")[hit], at)  # NaT: not liquidated
    return np.where(_delivered(ledger.invoices, slice(None)) <= when, when, np.datetime64("NaT", "ns"))


def claims(original: Ledger, debtors: pd.DataFrame, fx: pd.DataFrame | None, policy: Policy,
           rates: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """Per open invoice of an insolvent debtor: the claim in its currency and in the policy currency.

    Worked on the positions of the claimed invoices and built as one frame at the end: a claim
    holds a handful of invoices, a frame operation costs more than the arithmetic."""
    book = insolvent_rows(debtors, original.as_of)  # positions: a frame of those rows costs more than what is read
    invoices = original.invoices
    column = debtors["debtor_id"]
    where = debtor_positions(original, pd.Index(column.to_numpy()[book], dtype=column.dtype))  # -1: not insolvent
    owed = invoices["open"].to_numpy(float)
    mine = np.flatnonzero((owed > 0) & (where >= 0))
    hit = debtors["insolvency_date"].to_numpy("datetime64[ns]")[book][where[mine]]
    kept = _delivered(invoices, mine) <= hit  # later deliveries are not in the claim
    mine, hit = mine[kept], hit[kept]
    if not len(mine):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CLAIM_COLUMNS}), []
    by_date, _, _, starts = runs_by(hit)  # by judgment date, as a group-by takes them
    mine, hit = mine[by_date], hit[by_date]
    kept = {c: invoices[c] for c in CLAIM_COLUMNS[:4]}  # each column read once
    due, open_ = kept["due_date"].to_numpy("datetime64[ns]")[mine], owed[mine]
    late, issues = _interest_until(due, open_, hit, starts, policy, rates)
    currency = currency_codes(pd.Series(invoices["currency"].to_numpy(object)[mine], dtype=object)
                              if "currency" in invoices else None, pd.RangeIndex(len(mine)), policy.currency)
    judged = pd.Series(hit)
    fx_rate = rates_at(currency, judged, fx, policy.currency.upper())
    issues += missing_rates(currency, judged, pd.Series(open_), fx_rate, "insolvent_invoices", "proof_of_claim")
    known = np.flatnonzero(fx_rate.notna().to_numpy())
    at = mine[known]
    order = known[sorted_order(kept["debtor_id"].to_numpy()[at], due[known], kept["invoice_id"].to_numpy()[at])]
    fx_rate, overdue, interest = fx_rate.to_numpy()[order], late["overdue"][order], late["interest"][order]
    at, open_ = mine[order], open_[order]
    claim_by = proofs_of_claim_by(claim_start(debtors, book))
    # built once; its Indexes not copied (copy=False)
    return pd.DataFrame({
        **{c: column_at(column, at) for c, column in kept.items()},
        "currency": pd.Index(currency.to_numpy()[order], dtype=object), "open_original": open_,
        "days_late": late["days_late"][order], "rate": filled(late["rate"][order]),
        "interest_original": interest, "fx_rate": fx_rate, "principal": np.round(open_ * fx_rate, 2),
        "interest": np.where(overdue, np.round(interest * fx_rate, 2), 0.0), "indemnity": late["indemnity"][order],
        "semesters": pd.Index(late["semesters"][order], dtype=object), "insolvency_date": hit[order],
        "proof_of_claim_by": claim_by[where[at]]}, copy=False), issues


def _interest_until(due: np.ndarray, owed: np.ndarray, hit: np.ndarray, starts: np.ndarray, policy: Policy,
                    rates) -> tuple[dict[str, np.ndarray], list[Issue]]:
    """Late interest of invoices due on `due` on their open balance `owed` up to their judgment
    date `hit` (sorted, each date's run beginning at `starts`): the judgment stops interest, as
    functions.penalties computes it. Row for row: overdue (at the judgment), days_late, rate,
    interest (NaN when not overdue or a rate is unknown), indemnity, semesters; the Penalties
    issues, each once, in the order the judgment dates raise them."""
    table, rule, issues = interest_rule(rates, policy)
    overdue = due < hit
    late = {"days_late": np.zeros(len(due), int), "rate": np.zeros(len(due)), "interest": np.full(len(due), np.nan),
            "semesters": np.full(len(due), "", dtype=object)}
    for start, end in zip(starts.tolist(), np.append(starts[1:], len(hit)).tolist()):
        at = start + np.flatnonzero(overdue[start:end])
        found, problems = interest_by_semester(due[at], hit[at], owed[at], rule, policy, table,
                                               language=policy.language)
        for c in late:
            late[c][at] = found[c]
        issues += [i for i in problems if i not in issues]
    return {**late, "overdue": overdue, "indemnity": np.where(overdue, policy.recovery_indemnity, 0.0)}, issues


def _delivered(invoices: pd.DataFrame, rows) -> np.ndarray:
    """The delivery date of the invoices at `rows`, else their invoice date (datetime64[ns]): the
    fill on the arrays of those rows only."""
    issued = invoices["invoice_date"].to_numpy("datetime64[ns]")[rows]
    if "delivery_date" not in invoices:
        return issued
    delivered = invoices["delivery_date"].to_numpy("datetime64[ns]")[rows]
    return np.where(np.isnat(delivered), issued, delivered)


def insolvency_sheet(claim_rows: pd.DataFrame, exposure: pd.DataFrame, debtors: pd.DataFrame,
                     policy: Policy, as_of, names: pd.Series | None = None) -> pd.DataFrame:
    """The `Insolvency` sheet: one row per insolvent debtor, the deadlines and the claim.

    Read on the Debtors columns at the insolvent rows (insolvent_rows), as arrays: no frame of them.
    `names`: the client's name per debtor_id (index); given, a last `name` column, built with the
    others (a column added to a frame copies the frame)."""
    hit, column = insolvent_rows(debtors, as_of), debtors["debtor_id"]
    ids, n = column.to_numpy()[hit], len(hit)
    code = found_at(pd.Index(np.asarray(ids, dtype=object), dtype=object), claim_rows["debtor_id"].to_numpy())
    rows = np.flatnonzero(code >= 0)
    code = code[rows]
    # the three sums per client, as a group-by by client adds them
    principal, interest, indemnity = column_sums(
        code, [claim_rows[c].to_numpy(float)[rows] for c in ("principal", "interest", "indemnity")], n)
    cover = first_rows(exposure["debtor_id"].to_numpy(), ids)

    def covered(name: str) -> np.ndarray:
        values = exposure[name].to_numpy(float) if name in exposure else np.zeros(len(exposure))
        return filled(take(values, cover, allow_fill=True))

    def at_hit(name: str, missing, dtype) -> np.ndarray:
        return debtors[name].to_numpy(dtype=dtype)[hit] if name in debtors else np.full(n, missing, dtype)
    judged = debtors["insolvency_date"].to_numpy()[hit]  # the deadlines in its unit, on the insolvent rows only
    table = {
        "insolvency_date": judged,
        "insolvency_notice_by": insolvency_notice_by(judged, policy),
        "proof_of_claim_by": proofs_of_claim_by(claim_start(debtors, hit)).astype(judged.dtype),
        "principal": principal, "interest": interest, "indemnity": indemnity,
        "claim_total": np.round(principal + interest + indemnity, 2),
        "invoices": np.bincount(code, minlength=n),
        "delivered_after_insolvency": covered("ineligible_delivered_after_insolvency"),
        "open_orders": covered("open_orders"),
        "excluded": ticked(debtors["excluded"])[hit],
        "procedure": at_hit("procedure", None, object),
        "publication_date": at_hit("publication_date", np.datetime64("NaT", "ns"), "datetime64[ns]"),
    }
    order = np.argsort(table["insolvency_date"], kind="stable")
    index = pd.RangeIndex(n)
    debtor = pd.Series(ids[order], index=index, dtype=column.dtype)
    # typed as reset_index types an index of the Debtors ids: objects as what they hold (numbers, text)
    debtor = debtor.infer_objects() if debtor.dtype == object else debtor
    return pd.DataFrame({"debtor_id": debtor, **{c: v[order] for c, v in table.items()},
                         **({} if names is None else {"name": by_ids(names, debtor)})}, index=index)


def proceedings(procedure, language: str) -> str:
    """The court's name for `procedure` (Redressement judiciaire...), generic when blank or unknown."""
    return text(f"proceedings.{procedure if procedure in PROCEDURES else 'any'}", language)


def insolvency_flags(sheet: pd.DataFrame, policy: Policy, language: str | None = None) -> Flags:
    """INSOLVENCY rows (critical) in the Breaches layout, for insured insolvent debtors (rows merge_breaches frames)."""
    language = lang(language or policy.language)
    rows = np.flatnonzero(~sheet["excluded"].to_numpy(bool))
    column = {c: sheet[c].to_numpy()[rows] for c in ("debtor_id", "procedure", "insolvency_date", "principal",
                                                     "delivered_after_insolvency", "open_orders",
                                                     "insolvency_notice_by", "proof_of_claim_by")}
    insurer = policy.insurer or text("breach_word.insurer", language)
    fmt = lambda v: money(v, policy.currency, language)  # noqa: E731
    messages = [text("breach.INSOLVENCY", language, proceedings=proceedings(procedure, language),
                     date=day(judged, language), lost=fmt(lost), orders=fmt(orders), insurer=insurer,
                     notice_by=day(notice_by, language), claim_by=day(claim_by, language))
                for procedure, judged, lost, orders, notice_by, claim_by in zip(*(column[c] for c in (
                    "procedure", "insolvency_date", "delivered_after_insolvency", "open_orders", "insolvency_notice_by",
                    "proof_of_claim_by")))]
    return Flags.made(column["debtor_id"], "INSOLVENCY", "critical",
                      (column["principal"] + column["open_orders"]).astype(float), messages, column["insolvency_date"])
