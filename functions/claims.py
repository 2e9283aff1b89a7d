"""The claim after the hand-over (le sinistre), and the policy's yearly ceilings on indemnities.

The `Claims` sheet records each event of a client's claim, one row per event: `debtor_id`,
`date`, `event`, `amount`, `reference`, `note`. Events: `filed` (claim filed with the insurer;
amount: the debt claimed), `accepted` (the insurer's decision; amount: the indemnity it grants
under the policy's formula, quotite x covered - deductible, before the aggregate first loss),
`refused`, `paid` (indemnity received), `recovered` (money the client or its liquidator paid
after the hand-over), `closed`.

Ceilings, per policy year (from `policy_year_start`'s day and month; blank = 1 January):
- maximum liability (`max_liability`, limite maximale d'indemnité): the most the insurer pays;
- aggregate first loss (`aggregate_first_loss`): indemnities the insured keeps before it pays.
The insurer pays on the year's decided indemnities D (each claim's accepted amount, else its
payments, dated by the decision, else the first payment; in that order):
    insurer_total(D) = min(max(D - aggregate_first_loss, 0), max_liability).
A decided claim expects what it adds to that total; an indemnity g still to decide adds
payable(g) = insurer_total(D + g) - insurer_total(D); with neither term, payable(g) = g.
The headroom is max_liability - insurer_total(D).

Worked example: maximum liability 100,000, aggregate first loss 20,000; claims decided this
year 15,000 then 90,000: the insurer pays 0 on the first (15,000 of first loss kept) and
min(105,000 - 20,000, 100,000) - 0 = 85,000 on the second; headroom 15,000; a new default
whose indemnity would be 30,000 adds 15,000.

The `Indemnities` sheet: one row per client with a claim event, handed over for collection
(Deadlines `handed_over`) or in insolvency proceedings, excluded clients left out:
status (closed, paid, accepted, refused, filed, to_file once the expected claim date has passed,
else waiting), the claim expected date (Deadlines), what is claimed (the filed amount, else what
is overdue), the expected indemnity (refused: 0; decided: as above; otherwise the Exposure
sheet's indemnity if default), what was paid and recovered, the insurer's share of the
recoveries made after it paid (quotite x recovered, at most what it paid), and the VAT in the
unpaid invoices (amount incl. VAT - amount excl. VAT, pro rata of the open balance), which the
insured recovers once the debt is irrecoverable (CGI art. 272, 1): from the liquidation
judgment for a client in liquidation (`vat_recoverable_from`), else once it is proven.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.extensions import take

from .ledger import (CENT, Ledger, by_ids, earliest_dates, first_of, first_rows, group_sums, last_of, positions,
                     sorted_order, ticked, values_at)
from .policy import Policy

EVENTS = ("filed", "accepted", "refused", "paid", "recovered", "closed")
DECIDED = ("accepted", "refused", "paid", "closed")
KEY_COLUMNS = ["debtor_id", "status", "claim_expected", "claimed", "expected_indemnity", "indemnity_paid", "recovered",
               "recoveries_to_insurer", "recoverable_vat"]
EXTRA_COLUMNS = ["filed_date", "decision_date", "accepted", "paid_date", "quotite", "vat_recoverable_from", "reference"]
STATE_COLUMNS = ["debtor_id", "filed_date", "filed", "decision", "decision_date", "accepted", "indemnity_paid",
                 "paid_date", "recovered", "recovered_after_payment", "closed_date", "reference", "decided",
                 "decided_date", "year_start"]


@dataclass(frozen=True)
class Liability:
    """The policy year at as_of and what its ceilings leave (see the module's rule)."""

    year_start: pd.Timestamp
    max_liability: float | None = None
    first_loss: float = 0.0
    decided: float = 0.0  # indemnities decided this policy year, before the aggregate first loss

    @property
    def active(self) -> bool:
        return self.max_liability is not None or self.first_loss > 0

    def insurer_total(self, decided):
        """What the insurer pays on `decided` indemnities of one policy year."""
        paid = np.maximum(np.asarray(decided, dtype=float) - self.first_loss, 0.0)
        return paid if self.max_liability is None else np.minimum(paid, self.max_liability)

    @property
    def paid_by_insurer(self) -> float:
        return float(self.insurer_total(self.decided))

    @property
    def headroom(self) -> float | None:
        """What the insurer may still pay this policy year (None: no maximum liability)."""
        return None if self.max_liability is None else max(self.max_liability - self.paid_by_insurer, 0.0)

    @property
    def first_loss_left(self) -> float:
        return max(self.first_loss - self.decided, 0.0)

    def payable(self, indemnity):
        """What indemnities still to decide add to the insurer's payments (each as the only new one)."""
        return self.insurer_total(self.decided + np.asarray(indemnity, dtype=float)) - self.paid_by_insurer


def policy_year_start(policy: Policy, as_of) -> pd.Timestamp:
    """The first day of the policy year holding `as_of` (the anniversary of `policy_year_start`, else 1 January)."""
    as_of = pd.Timestamp(as_of).normalize()
    month, day = (policy.policy_year_start.month, policy.policy_year_start.day) if policy.policy_year_start else (1, 1)

    def anniversary(year: int) -> pd.Timestamp:
        return pd.Timestamp(year, month, min(day, pd.Timestamp(year, month, 1).days_in_month))
    start = anniversary(as_of.year)
    return start if start <= as_of else anniversary(as_of.year - 1)


def claim_state(claims: pd.DataFrame | None, policy: Policy, as_of) -> pd.DataFrame:
    """One row per client with Claims events dated by as_of (STATE_COLUMNS)."""
    if claims is None or claims.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STATE_COLUMNS})
    when = claims["date"].to_numpy("datetime64[ns]")
    dated = np.flatnonzero(when <= pd.Timestamp(as_of).to_datetime64())
    clients, events = claims["debtor_id"], claims["event"]
    rows = dated[sorted_order(clients.to_numpy()[dated], when[dated])]  # as a stable sort by client, date
    debtor = clients.array.take(rows)
    # the clients in order of their rows, as drop_duplicates keeps them (a blank one too); a blank
    # comes last, so the codes of the others are their positions (-1 for a blank: a group-by leaves it out)
    code, _ = pd.factorize(debtor)
    ids = np.asarray(pd.unique(debtor), dtype=object)
    # rows come by client then date: a client's first event of a kind is its earliest, its last the latest
    event, date = events.to_numpy(object)[rows], when[rows]
    amount = claims["amount"].to_numpy(float, na_value=np.nan)[rows]
    amount = np.where(np.isnan(amount), 0.0, amount)
    kind = {e: (event == e) & (code >= 0) for e in EVENTS}
    n = len(ids)

    def at(marked: np.ndarray, last: bool = True) -> np.ndarray:
        """The position of each client's last (else first) marked row, -1 where none."""
        return (last_of if last else first_of)(np.where(marked, code, -1), n)

    first_paid = values_at(date, at(kind["paid"], last=False))
    after = kind["recovered"] & (date >= np.r_[first_paid, np.datetime64("NaT")][code])
    decision = at(kind["accepted"] | kind["refused"])
    decided_event, decided_on = values_at(event, decision), values_at(date, decision)
    # the sums per client, the three kinds of rows at once (rows by client: sorted keys, as a group-by's)
    stacked = [np.flatnonzero(m) for m in (kind["paid"], kind["recovered"], after)]
    keys = np.concatenate([k * n + code[r] for k, r in enumerate(stacked)])
    paid, recovered, recovered_after = group_sums(keys, amount[np.concatenate(stacked)], 3 * n).reshape(3, n)
    references = claims["reference"].array.take(rows)
    accepted = np.where(decided_event == "accepted", values_at(amount, at(kind["accepted"])), np.nan)
    decided = np.where(np.isnan(accepted), np.where(paid > 0, paid, np.nan), accepted)
    decided_date = np.where(pd.notna(decided_event), decided_on, first_paid)
    return pd.DataFrame({
        "debtor_id": pd.Series(ids).infer_objects().array,  # typed as reset_index types the index it inserts
        "filed_date": values_at(date, at(kind["filed"], last=False)),
        "filed": values_at(amount, at(kind["filed"])),
        "decision": pd.Index(decided_event, dtype=object if events.dtype == object else "str"),
        "decision_date": decided_on, "accepted": accepted,
        "indemnity_paid": paid, "paid_date": first_paid, "recovered": recovered,
        "recovered_after_payment": recovered_after,
        "closed_date": values_at(date, at(kind["closed"])),
        "reference": pd.Index(references.take(at(pd.notna(references) & (code >= 0)), allow_fill=True),
                              dtype=references.dtype),
        "decided": np.where(decided_event == "refused", 0.0, decided),
        "decided_date": decided_date,
        "year_start": np.array([policy_year_start(policy, d).to_datetime64() if not np.isnat(d) else d
                                for d in decided_date], dtype="datetime64[ns]")}, copy=False)


def liability(state: pd.DataFrame, policy: Policy, as_of) -> Liability:
    """The ceilings of the policy year holding as_of, with the indemnities decided in it."""
    start = policy_year_start(policy, as_of)
    decided = state["decided"].to_numpy(float)[state["year_start"].to_numpy("datetime64[ns]") == start.to_datetime64()]
    decided = np.where(np.isnan(decided), 0.0, decided)  # numpy's pairwise sum, as Series.sum adds
    return Liability(start, policy.max_liability, float(policy.aggregate_first_loss or 0.0), float(decided.sum()))


def decided_indemnities(state: pd.DataFrame, policy: Policy) -> pd.Series:
    """What the insurer pays on each decided claim, by debtor_id: its share of its policy year's total."""
    decided = state.loc[state["decided"].notna()].sort_values(["decided_date", "debtor_id"], kind="stable")
    result = pd.Series(dtype=float)
    for start, year in decided.groupby("year_start", sort=False):
        ceiling = Liability(start, policy.max_liability, float(policy.aggregate_first_loss or 0.0))
        totals = ceiling.insurer_total(np.cumsum(year["decided"].to_numpy(float)))
        result = pd.concat([result, pd.Series(np.diff(totals, prepend=0.0), index=year["debtor_id"].to_numpy())])
    return result


def indemnities_sheet(state: pd.DataFrame, exposure: pd.DataFrame, deadlines: pd.DataFrame, due_ledger: Ledger,
                      debtors: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """The `Indemnities` sheet (KEY_COLUMNS, EXTRA_COLUMNS), one row per client with a claim to follow."""
    as_of = due_ledger.as_of
    book = debtors.drop_duplicates("debtor_id")
    excluded = book["debtor_id"].to_numpy()[ticked(book["excluded"])]
    handed = deadlines.loc[deadlines["status"] == "handed_over", "debtor_id"]
    since = book["insolvency_date"].to_numpy("datetime64[ns]")
    insolvent = book["debtor_id"].to_numpy()[~np.isnat(since) & (since <= as_of.to_datetime64())]
    ids = pd.Index(pd.concat([state["debtor_id"], handed, pd.Series(insolvent)]).drop_duplicates(), name="debtor_id")
    ids = ids[~ids.isin(excluded)]
    s = first_rows(state["debtor_id"].to_numpy(), ids)  # state and exposure rows of each client
    x = first_rows(exposure["debtor_id"].to_numpy(), ids)
    d = first_rows(book["debtor_id"].to_numpy(), ids)

    def at(frame: pd.DataFrame, rows: np.ndarray, column: str) -> pd.Series:
        """frame[column] at `rows` (missing where -1) as a reindex by client gives it: same dtype
        (the claim state's columns are text ones without any Claims sheet, hence Series here)."""
        values = frame[column]
        return pd.Series(take(values.to_numpy(), rows, allow_fill=True), index=ids, dtype=values.dtype)
    overdue, vat = _overdue(due_ledger, ids)
    expected_on = _earliest(deadlines, ids)
    decided = decided_indemnities(state, policy)
    decided = by_ids(decided, ids)
    decision, paid = at(state, s, "decision"), at(state, s, "indemnity_paid").fillna(0.0)
    status = np.select(
        [at(state, s, "closed_date").notna(), paid > 0, decision == "accepted", decision == "refused",
         at(state, s, "filed_date").notna(), expected_on <= as_of.to_datetime64()],
        ["closed", "paid", "accepted", "refused", "filed", "to_file"], "waiting")
    expected = np.where(np.isnan(decided), filled(at(exposure, x, "indemnity_if_default").to_numpy(float)), decided)
    quotite = at(exposure, x, "quotite").fillna(0.0)
    after = at(state, s, "recovered_after_payment").fillna(0.0)
    filed = at(state, s, "filed").to_numpy(float)
    liquidation = (at(book, d, "procedure") == "liquidation").to_numpy(bool) if "procedure" in book else False
    table = pd.DataFrame({
        "status": status.astype(object), "claim_expected": expected_on,
        "claimed": filled(np.where(np.isnan(filed), overdue, filed)),
        "expected_indemnity": expected, "indemnity_paid": paid,  # the Exposure figure, as is
        "recovered": at(state, s, "recovered").fillna(0.0),
        "recoveries_to_insurer": np.minimum(quotite * after, paid).round(2), "recoverable_vat": vat.round(2),
        "filed_date": at(state, s, "filed_date"), "decision_date": at(state, s, "decision_date"),
        "accepted": at(state, s, "accepted"), "paid_date": at(state, s, "paid_date"), "quotite": quotite,
        "vat_recoverable_from": np.where(liquidation, values_at(since, d), np.datetime64("NaT", "ns")),
        "reference": at(state, s, "reference").astype(object),
    }, index=ids)
    return table.reset_index()[KEY_COLUMNS + EXTRA_COLUMNS]


def filled(values: np.ndarray) -> np.ndarray:
    """Missing amounts as 0."""
    return np.where(np.isnan(values), 0.0, values)


def _earliest(deadlines: pd.DataFrame, ids: pd.Index) -> np.ndarray:
    """Each client's earliest claim_expected (NaT when none)."""
    code = ids.get_indexer(deadlines["debtor_id"])
    return earliest_dates(code[code >= 0], deadlines["claim_expected"].to_numpy("datetime64[ns]")[code >= 0], len(ids))


def _overdue(ledger: Ledger, ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Per client of `ids`: what is overdue (NaN when nothing) and the VAT in it (0 where unknown)."""
    inv = ledger.invoices
    balance = inv["open"].to_numpy(float)
    rows = np.flatnonzero((balance > 0) & (inv["due_date"].to_numpy("datetime64[ns]") < ledger.as_of.to_datetime64()))
    code = positions(ids, inv["debtor_id"].iloc[rows])  # the overdue invoices only: few of a big ledger
    rows, code = rows[code >= 0], code[code >= 0]
    balance = balance[rows]
    if "amount_excl_vat" in inv:
        amount = inv["amount"].to_numpy(float)[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(np.abs(amount) > CENT, 1.0 - inv["amount_excl_vat"].to_numpy(float)[rows] / amount, np.nan)
        vat = balance * filled(np.where(share < 0.0, 0.0, share))  # the VAT share, pro rata of the open balance
    else:
        vat = np.zeros(len(rows))
    sums = pd.DataFrame({"open": balance, "vat": vat}).groupby(code).sum()  # pandas' compensated sums
    overdue, vat = np.full(len(ids), np.nan), np.zeros(len(ids))
    overdue[sums.index.to_numpy(int)] = sums["open"].to_numpy()
    vat[sums.index.to_numpy(int)] = sums["vat"].to_numpy()
    return overdue, vat
