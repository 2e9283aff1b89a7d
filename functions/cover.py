"""Cover per debtor (garantie): the insurer's limits applied to the exposure at `as_of`.

Order of cover, first that applies:
1. excluded debtor (hors police): aging and exposure only, no cover;
2. withdrawal (retrait), or refusal (refus) with no insurer limit in force: no cover, except that
   invoices delivered before a withdrawal's effective date keep the former limit;
3. temporary limit (limite temporaire) in force, or the named limit (agrément nommé) in force;
   while both are in force the more recent decision wins; the expiry date itself is covered;
4. discretionary limit (limite discrétionnaire), the Limits row's amount or else
   `discretionary_max`, capped at `discretionary_max`, justified by an `evidence_date` within
   `discretionary_evidence_months`, or by invoices paid on time over the last 12 months totalling
   at least the amount used;
5. non-named cover (non-dénommé) up to `non_named_threshold` at `quotite_non_named`.

A reduction (réduction) or withdrawal applies to deliveries made from its effective date
(default decision date + `reduction_notice_days`); earlier deliveries keep the former limit. A
refused increase changes nothing. A withdrawal typed `temporary` or `discretionary` ends only
that limit. Rows decided after `as_of` do not exist yet; rows decided but not yet effective are
shown as `pending_decision`.

Eligible exposure leaves out disputed invoices, terms beyond `max_credit_days`, deliveries after
a withdrawal, and the part of deliveries after a reduction stacked above the reduced limit
(earlier open invoices first, then by delivery date); on the Exposure sheet, deliveries after
the debtor's insolvency judgment too (functions.insolvency).

Worked example (defaults, as_of 2025-06-30): named limit 20,000 reduced to 10,000 on
2025-05-01, effective 2025-05-31. Open: 8,000 delivered 2025-05-10, 5,000 delivered 2025-06-05.
The June delivery stacks on 8,000: 2,000 fits under 10,000, 3,000 is delivered above the
reduced limit. Eligible 10,000; limit max(10,000, min(8,000, 20,000)) = 10,000; covered 10,000;
insured 0.90 x 10,000 = 9,000; uninsured 13,000 - 10,000 = 3,000.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ledger import (Ledger, among, day_span, debtor_positions, first_of, first_of_each, first_rows, found_at,
                     group_sums, latest_dates, months_before, run_ends, run_starts, run_sums, running_sums, sort_keys,
                     sums_at, values_at)
from .exposure import exposure_columns
from .policy import Policy
from .texts import table

KEY_COLUMNS = ["debtor_id", "exposure", "open_orders", "exposure_with_orders", "eligible", "limit", "limit_type",
               "quotite", "covered", "insured_amount", "uninsured", "usage"]
# What the engine reads of ledger.invoices, Debtors and Limits, with the dtypes it reads them as (None: pandas' own;
# the yes/no columns too: the engine compares them with True, which reads booleans as it reads objects).
DATE = "datetime64[ns]"
INVOICE_COLUMNS = {"invoice_id": None, "debtor_id": None, "invoice_date": DATE, "due_date": DATE, "delivery_date": DATE,
                   "amount": float, "open": float, "settled_date": DATE, "disputed": None}
DEBTOR_COLUMNS = {"debtor_id": None, "excluded": None, "evidence_date": DATE, "insolvency_date": DATE,
                  "insurer_ref": object}
LIMIT_COLUMNS = {"debtor_id": None, "decision": object, "limit_type": object, "amount": float, "decision_date": DATE,
                 "effective_date": DATE, "expiry_date": DATE, "insurer_ref": object, "_row": None}
INELIGIBLE = ("disputed", "beyond_max_credit_days", "delivered_before_cover", "delivered_after_mep",
              "delivered_after_withdrawal", "delivered_above_reduced_limit")
REASONS = np.array(["", "excluded", *INELIGIBLE], object)  # an invoice's ineligible_reason by its code ("": eligible)
GRANTS = ("granted", "increased", "reduced")
TRACKS = np.array(["named", "temporary"], object)  # an insurer limit's kind, taken by a yes/no "temporary"

# Sentences of the `justification` column, by language (functions/texts.py, section `cover`).
TEXT = table("cover")

def money(amount: float, currency: str = "EUR", language: str = "en") -> str:
    """'EUR 12,500' in English, '12 500 EUR' in French (whole units)."""
    whole = f"{round(float(amount)):,}"
    return f"{whole.replace(',', ' ')} {currency}" if language == "fr" else f"{currency} {whole}"


def percent(value: float, language: str = "en") -> str:
    """A rate already in percent: '12.15 %' in English, '12,15 %' in French."""
    shown = f"{value:.2f}"
    return (shown.replace(".", ",") if language == "fr" else shown) + " %"


def day(value, language: str = "en") -> str:
    """'2025-03-01' in English, '01/03/2025' in French; '' when missing."""
    if pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y" if language == "fr" else "%Y-%m-%d")


def days(values: np.ndarray, language: str = "en") -> list[str]:
    """day() of each of an array of datetime64 dates: formatted by numpy at once, not a Timestamp each."""
    shown = np.datetime_as_string(np.asarray(values, "datetime64[D]"), unit="D").tolist()
    if language == "fr":
        return ["" if d == "NaT" else f"{d[8:10]}/{d[5:7]}/{d[:4]}" for d in shown]
    return ["" if d == "NaT" else d for d in shown]


def columns(frame: pd.DataFrame, dtypes: dict) -> dict[str, np.ndarray]:
    """The columns of `frame` named in `dtypes` (e.g. LIMIT_COLUMNS) as arrays of those dtypes, each read once:
    pandas builds a Series at each column access, which costs more than the engine's arithmetic on a few rows."""
    return {name: _as(frame[name], dtype) for name, dtype in dtypes.items()}


def _as(column: pd.Series, dtype) -> np.ndarray:
    """column.to_numpy(dtype): a column of that dtype already is read as it is (converting dates costs more),
    a NumPy one by `.values`, which hands its dates over five times faster than to_numpy."""
    values = column.values if isinstance(column.dtype, np.dtype) else column.to_numpy()
    return values if dtype is None or values.dtype == dtype else column.to_numpy(dtype)


def effective_dates(limits: dict[str, np.ndarray], policy: Policy) -> np.ndarray:
    """The effective_date column, else decision date (+ reduction_notice_days for cuts), as datetime64[ns]
    (`limits`: the Limits table's LIMIT_COLUMNS)."""
    cutting = among(limits["decision"], ("reduced", "withdrawn"))
    notice = np.where(cutting, day_span(policy.reduction_notice_days), np.timedelta64(0, "ns"))
    given = limits["effective_date"]
    return np.where(np.isnat(given), limits["decision_date"] + notice, given)


@dataclass(frozen=True)
class LedgerArrays:
    """What the engine reads of a Ledger: its invoices' INVOICE_COLUMNS as arrays, the ledger's order of
    them (its invoices' index; None: row order) and its unapplied credit by debtor id."""

    invoices: dict[str, np.ndarray]
    unapplied: pd.Series
    index: pd.Index | None = None

    @classmethod
    def of(cls, ledger: Ledger) -> "LedgerArrays":
        return cls(columns(ledger.invoices, INVOICE_COLUMNS), ledger.unapplied, ledger.invoices.index)


def as_objects(ids: pd.Index) -> pd.Index:
    """Text ids as an object index, to look ids up in: found_at then hashes them as Python strings instead
    of converting each array looked up to text first (pandas' `str` indexes)."""
    return pd.Index(ids.to_numpy(object), dtype=object) if ids.dtype == "str" and not ids.hasnans else ids


def on_ids(as_of):
    """`as_of` as datetime64[ns]: the date itself, or an array of dates, one per debtor id (each id then
    stands for a debtor at its own date: functions.portfolio's stacked dates)."""
    if isinstance(as_of, np.ndarray):
        return as_of.astype("datetime64[ns]", copy=False)
    return np.datetime64(pd.Timestamp(as_of), "ns")


def _per_row(when, at):
    """A date of on_ids for rows of the debtors at positions `at` in the ids (-1: none, NaT)."""
    if not np.ndim(when):
        return when
    return values_at(when, at, np.datetime64("NaT", "ns"))


def limit_state(limits: pd.DataFrame, debtor_ids: pd.Series, as_of, policy: Policy) -> pd.DataFrame:
    """The insurer decisions in force per debtor at `as_of`, before any exposure is looked at.

    `as_of` is a date. Columns, one row per
    debtor id: for each track named/temporary/discretionary, `<track>_`
    src (the row's position among these debtors' decisions in force, by debtor then date), value,
    expiry, date, ref, in_force; blocked (withdrawal or refusal
    with no limit), block_decision, block_date; cut_date, cut_limit, former_limit, former_type
    (the reduction or withdrawal later deliveries are held to); temporary_wins; cover_from;
    refused_on; pending_decision, pending_date (the next decision not yet effective).
    """
    ids = pd.Index(debtor_ids.drop_duplicates(), name="debtor_id")
    table = columns(limits, LIMIT_COLUMNS)
    state = _state(table, _limit_rows(ids, table), len(ids), on_ids(as_of), policy)
    return pd.DataFrame({name: as_column(values, ids) for name, values in state.items()}, index=ids)


def as_column(values: np.ndarray, index: pd.Index | None = None):
    """An array as a frame column on `index`: object arrays stay object (pandas would make text `str`)."""
    return pd.Series(values, index=index, dtype=object) if values.dtype == object else values


def _limit_rows(ids: pd.Index, limits: dict[str, np.ndarray]) -> np.ndarray:
    """The position in `ids` of each Limits row's debtor (-1: none; a row without a debtor id has none,
    even when `ids` holds a missing one), from the Limits table's LIMIT_COLUMNS."""
    at = found_at(ids, limits["debtor_id"])
    if ids.hasnans:
        at[pd.isna(limits["debtor_id"])] = -1
    return at


def _state(limits: dict[str, np.ndarray], at: np.ndarray, size: int, when, policy: Policy,
           extras: bool = True) -> dict[str, np.ndarray]:
    """limit_state's columns as arrays aligned on the `size` debtor ids, at `when` (see on_ids), from the Limits
    table's LIMIT_COLUMNS, each row's debtor at position `at` in the ids (-1: none, see _limit_rows); without
    `extras`, none of refused_on, pending_decision and pending_date, which no key column reads.

    Tables here have a row per debtor (a few dozen to a few thousand) and the stacked dates of
    functions.portfolio multiply them: the columns are numpy arrays taken by row position, not
    pandas look-ups, which cost more than the arithmetic on so few rows.
    """
    effective = effective_dates(limits, policy)
    limit_as_of = _per_row(when, at)
    rows, debtor = _applied(limits, at, effective, limit_as_of)
    last = debtor.last_rows(size)
    never = np.datetime64("NaT", "ns")
    s, src = {}, {}  # src: each track's row (-1: none)
    for track in ("named", "temporary", "discretionary"):
        src[track] = row = values_at(rows[f"{track}_src"], last, -1)
        value, expiry = values_at(rows["value"], row, 0.0), values_at(rows["expiry_date"], row, never)
        s[f"{track}_src"] = np.where(row >= 0, row, np.nan)
        s[f"{track}_value"], s[f"{track}_expiry"] = value, expiry
        s[f"{track}_date"] = values_at(rows["decision_date"], row, never)
        s[f"{track}_ref"] = values_at(rows["insurer_ref"], row, np.nan)
        s[f"{track}_in_force"] = (value > 0) & (np.isnat(expiry) | (expiry >= when))
    s["discretionary_value"] = np.minimum(s["discretionary_value"], policy.discretionary_max)
    block = values_at(rows["block_src"], last, -1)
    s["block_decision"] = values_at(rows["decision"], block, np.nan)
    s["blocked"] = among(s["block_decision"], ("withdrawn", "refused"))
    s["block_date"] = np.where(s["blocked"], values_at(rows["effective"], block, never), never)
    s.update(_cut(s, rows, src, block))
    insurer = s["named_in_force"] | s["temporary_in_force"] | s["blocked"]
    start = values_at(debtor.last_marked(rows["starts_cover"]), last, -1)  # the latest start: rows go by date
    s["cover_from"] = np.where(insurer, values_at(rows["effective"], start, never), never)
    if extras:
        refused = rows["decision"] == "refused"
        s["refused_on"] = latest_dates(debtor.code[refused], rows["decision_date"][refused], size)
        s["pending_decision"], s["pending_date"] = _pending(limits, at, effective, limit_as_of, size)
    return s


def _pending(limits: dict[str, np.ndarray], at: np.ndarray, effective: np.ndarray, as_of,
             size: int) -> tuple[np.ndarray, np.ndarray]:
    """The decision and date of each id's next decision decided by as_of but not yet effective
    (the earliest effective; among equal dates the first row; NaN/NaT: none); `at`, `size`: see _state."""
    waiting = np.flatnonzero((limits["decision_date"] <= as_of) & (effective > as_of) & (at >= 0))
    waiting = waiting[np.lexsort((effective[waiting], at[waiting]))]
    code, decision = at[waiting], limits["decision"][waiting]
    return (_first(code, ~pd.isna(decision), decision, size, np.nan),
            _first(code, np.ones(len(waiting), bool), effective[waiting], size, np.datetime64("NaT", "ns")))


def _first(code: np.ndarray, usable: np.ndarray, values: np.ndarray, size: int, missing) -> np.ndarray:
    """A group-by's first() by `code` (0 <= code < size): the first usable value of each one's rows."""
    return values_at(values, first_of(np.where(usable, code, -1), size), missing)


def _applied(limits: dict[str, np.ndarray], at: np.ndarray, effective: np.ndarray,
             as_of) -> tuple[dict[str, np.ndarray], "_Runs"]:
    """Decisions in force by as_of (an array by limits row, or one date) of the debtors of the ids (`at`: each
    Limits row's debtor position in them, see _state), in order (debtor, effective date, decision date, row), with
    the row that sets each track's state so far; and their runs by debtor.

    `<track>_src` is the position of the latest row that set the track (forward-filled per
    debtor, -1: none); `block_src` the latest withdrawal, blocking refusal or insurer grant.
    """
    decided = limits["decision_date"]
    kept = np.flatnonzero((decided <= as_of) & (effective <= as_of) & (at >= 0))  # the others' state is not asked
    order = kept[np.lexsort((limits["_row"][kept], decided[kept], effective[kept], at[kept]))]
    rows = {"effective": effective[order], "decision_date": decided[order],
            "expiry_date": limits["expiry_date"][order], "decision": limits["decision"][order],
            "insurer_ref": limits["insurer_ref"][order]}
    debtor = _Runs(at[order])
    kind = limits["limit_type"][order]
    kind = np.where(pd.isna(kind), "named", kind)
    decision = rows["decision"]
    amount = limits["amount"][order]
    grant = among(decision, GRANTS) & ~np.isnan(amount)
    withdrawn = decision == "withdrawn"
    everything = withdrawn & (kind == "named")  # a withdrawal of the debtor, not of one limit
    value = np.nan_to_num(np.where(grant, amount, 0.0))  # an infinite amount: the largest float
    rows["value"] = value
    effective, expiry = rows["effective"], rows["expiry_date"]
    in_force = {}
    for track in ("named", "temporary", "discretionary"):
        src = debtor.last_marked((grant | withdrawn) & (kind == track) | everything)
        rows[f"{track}_src"] = src
        if track != "discretionary":  # the amount before `src`, if in force on the row's effective date
            before = debtor.previous(src)
            held = values_at(value, before, 0.0)
            until = values_at(expiry, before, np.datetime64("NaT"))
            in_force[track] = np.where((held > 0) & (np.isnat(until) | (until >= effective)), held, 0.0)
    insurer_limit = (in_force["named"] > 0) | (in_force["temporary"] > 0)
    blocking = everything | ((decision == "refused") & ~insurer_limit)
    lifting = grant & ((kind == "named") | (kind == "temporary"))
    rows["block_src"] = debtor.last_marked(blocking | lifting)
    # An insurer grant starts the cover when it is the debtor's first, or follows a withdrawal or refusal.
    event = np.flatnonzero(blocking | lifting)
    after_block = np.concatenate(([True], blocking[event][:-1]))[:len(event)]  # the event before blocks,
    after_block[run_starts(debtor.code[event])] = True  # or there is none of the same debtor
    starts_cover = np.zeros(len(decision), bool)
    starts_cover[event] = lifting[event] & after_block
    rows["starts_cover"] = starts_cover
    # The limit in force just before each row: what earlier deliveries keep after a cut.
    temp_first = (in_force["temporary"] > 0) & ((kind == "temporary") | everything)
    rows["former"] = np.where(temp_first, in_force["temporary"], in_force["named"])
    rows["former_type"] = TRACKS[temp_first.astype(int)]
    return rows, debtor


class _Runs:
    """Rows sorted by a code (a debtor's position in the ids), as runs of equal codes: a group-by's ffill
    and shift(1) on arrays."""

    def __init__(self, code: np.ndarray):
        self.code = code
        self.index = np.arange(len(code))
        self.first = np.zeros(len(code), bool)
        self.first[run_starts(code)] = True
        self.start = np.maximum.accumulate(np.where(self.first, self.index, 0)) if len(code) else self.index

    def last_rows(self, size: int) -> np.ndarray:
        """The position of the last row of each code's run (0 <= code < size), -1 for a code without rows."""
        ends = run_ends(self.code)
        last = np.full(size, -1)
        last[self.code[ends]] = ends
        return last

    def last_marked(self, marked: np.ndarray) -> np.ndarray:
        """Per row, the position of the latest marked row of its run so far (-1: none yet)."""
        latest = np.maximum.accumulate(np.where(marked, self.index, -1)) if len(marked) else self.index
        return np.where(latest >= self.start, latest, -1)

    def previous(self, rows: np.ndarray) -> np.ndarray:
        """Per row, the row position in `rows` of the row before it in its run (-1 for a run's first row)."""
        before = np.concatenate(([-1], rows[:-1]))[:len(rows)]
        return np.where(self.first, -1, before)


def _cut(s: dict[str, np.ndarray], rows: dict[str, np.ndarray], track: dict[str, np.ndarray],
         block: np.ndarray) -> dict[str, np.ndarray]:
    """The reduction or withdrawal deliveries are measured against (cut_date NaT when none); `track`: the row
    of each track's limit, `block`: the row of the withdrawal or refusal (-1: none)."""
    named, temporary = track["named"], track["temporary"]
    temp_wins = s["temporary_in_force"] & (~s["named_in_force"] | (temporary > named))
    current = np.where(temp_wins, temporary, np.where(s["named_in_force"], named, -1))
    withdrawal = s["block_decision"] == "withdrawn"
    reduced = values_at(rows["decision"], current, np.nan) == "reduced"
    src = np.where(withdrawal, block, np.where(reduced, current, -1))
    former, new = values_at(rows["former"], src, 0.0), values_at(rows["value"], src, 0.0)
    real = former > new
    never = np.datetime64("NaT", "ns")
    cut_date = np.where(real, values_at(rows["effective"], src, never), never)
    # A temporary limit that expired over a named one is a reduction to the named limit from the day
    # after its expiry: deliveries made while it was in force keep its cover.
    expired = (~real & s["named_in_force"] & ~s["temporary_in_force"] & (s["temporary_value"] > 0)
               & (temporary > named) & (s["temporary_value"] > s["named_value"]))
    former_type = values_at(rows["former_type"], src, np.nan)
    return {"cut_date": np.where(expired, s["temporary_expiry"] + np.timedelta64(1, "D"), cut_date),
            "cut_limit": np.where(expired, s["named_value"], np.where(real, new, np.nan)),
            "former_limit": np.where(expired, s["temporary_value"], np.where(real, former, np.nan)),
            "former_type": np.where(withdrawal & real, former_type, np.nan).astype(object),
            "temporary_wins": temp_wins}


def invoice_cover(ledger: Ledger, debtors: pd.DataFrame, state: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per open invoice: invoice_id, debtor_id, delivery_date, open, eligible_open, ineligible_reason.

    `ineligible_reason` is '' for a fully eligible invoice, else excluded, disputed,
    beyond_max_credit_days, delivered_after_withdrawal or delivered_above_reduced_limit (the
    part above the reduced limit is left out, the part under it stays eligible).
    """
    ids = state.index
    state_columns = {c: state[c].to_numpy() for c in ("cover_from", "cut_date", "cut_limit")}
    book = columns(debtors, DEBTOR_COLUMNS)
    excluded = _debtor_facts(book, first_rows(book["debtor_id"], ids))["excluded"]
    cover = _invoice_cover(LedgerArrays.of(ledger), debtor_positions(ledger, ids), excluded, state_columns, policy)
    rows = cover["rows"]
    shown = {c: ledger.invoices[c].iloc[rows] for c in ("invoice_id", "debtor_id", "delivery_date", "open")}
    return pd.DataFrame({**shown, "eligible_open": cover["eligible_open"],
                         "ineligible_reason": pd.Series(REASONS[cover["reason"]], index=shown["open"].index, dtype="str")})


def _invoice_cover(ledger: LedgerArrays, at: np.ndarray, excluded: np.ndarray, state: dict[str, np.ndarray],
                   policy: Policy) -> dict[str, np.ndarray]:
    """invoice_cover on arrays: `at` is each ledger invoice's debtor position in the ids (-1: none),
    `excluded` and limit_state's columns are aligned on the ids. Per open invoice, in the order of
    the ledger's index: rows (positions in ledger.invoices), at, delivery (date), open,
    eligible_open, reason (a code: its position in REASONS) and before_cut. A fixed handful of numpy operations,
    whatever the number of invoices."""
    invoices, index = ledger.invoices, ledger.index
    rows = np.flatnonzero(invoices["open"] > 0)
    if index is not None and not index.is_monotonic_increasing and not index[rows].is_monotonic_increasing:
        rows = rows[np.argsort(index[rows], kind="stable")]
    mep = after_mep(invoices, at, rows, policy)
    at = at[rows]
    column = lambda name: invoices[name][rows]  # noqa: E731
    delivery, opened = column("delivery_date"), column("open")
    terms = column("due_date") - column("invoice_date")
    long_terms = ~np.isnat(terms) & (np.floor_divide(terms.view(np.int64), _DAY) > policy.max_credit_days)
    never = np.datetime64("NaT", "ns")
    cover_from = values_at(state["cover_from"].astype("datetime64[ns]"), at, never)
    before_cover = delivery < cover_from - day_span(policy.retroactive_cover_days)
    applies = [values_at(excluded, at, False) == True, column("disputed") == True,  # noqa: E712
               long_terms, before_cover, mep]
    reason = np.zeros(len(rows), np.int64)  # eligible
    for code in range(len(applies), 0, -1):  # REASONS' order: the first that applies wins, assigned last
        reason[applies[code - 1]] = code
    cut_date = values_at(state["cut_date"].astype("datetime64[ns]"), at, never)
    cut_limit = values_at(state["cut_limit"].astype(float), at, np.nan)
    eligible = np.where(reason == 0, opened, 0.0)
    after = (reason == 0) & (delivery >= cut_date)
    if after.any():
        eligible = np.where(after, _room(invoices, rows, at, opened, reason, after, cut_limit), eligible)
        cut_reason = np.where(cut_limit > 0, _REASON_CODE["delivered_above_reduced_limit"],
                              _REASON_CODE["delivered_after_withdrawal"])
        reason = np.where(after & (eligible < opened), cut_reason, reason)
    return {"rows": rows, "at": at, "delivery": delivery, "open": opened, "eligible_open": eligible, "reason": reason,
            "before_cut": (reason == 0) & ~after}


_DAY = 86_400 * 10**9  # nanoseconds
_REASON_CODE = {reason: code for code, reason in enumerate(REASONS)}


def _room(invoices: dict[str, np.ndarray], rows: np.ndarray, at: np.ndarray, opened: np.ndarray, reason: np.ndarray,
          after: np.ndarray, cut_limit: np.ndarray) -> np.ndarray:
    """Per open invoice (`rows` of `invoices`, of the debtors at positions `at`, `opened` owed) delivered after a cut
    (`after`), the part that fits under the cut limit, stacked on the debtor's earlier open
    invoices, then on its later deliveries by delivery date."""
    cut = np.zeros(at.max() + 2, bool)  # by debtor position; -1 (no debtor) reads the last, never cut
    cut[at[after]] = True
    picked = np.flatnonzero(cut[at])  # the invoices of the debtors with deliveries after a cut
    keys = [sort_keys(invoices[c][rows[picked]]) for c in ("invoice_id", "invoice_date", "delivery_date")]
    picked = picked[np.lexsort((*keys, at[picked]))]
    opened, late, group = opened[picked], after[picked], at[picked]
    starts = run_starts(group)  # the sorted invoices' runs, one per debtor
    earlier = run_sums(np.where((reason[picked] == 0) & ~late, opened, 0.0), starts)
    earlier = np.repeat(earlier, np.diff(starts, append=len(group)))
    stacked = earlier + running_sums(np.where(late, opened, 0.0), group) - opened
    room = np.full(len(rows), np.nan)
    fits = cut_limit[picked] - stacked
    fits = np.where(fits < 0.0, 0.0, fits)
    room[picked] = np.where(fits > opened, opened, fits)
    return room


def after_mep(invoices: dict[str, np.ndarray], at: np.ndarray, rows: np.ndarray, policy: Policy) -> np.ndarray:
    """Per open invoice (`rows`: positions in a ledger's `invoices`, its INVOICE_COLUMNS; `at`: each
    invoice's debtor position in the ids, -1: none): delivered while another invoice of the same
    debtor was unpaid past its MEP end (due date + max_extension_days)? Such deliveries are not covered.

    Invoice i blocks the days d with mep_end_i < d < settled_date_i (or every day after mep_end_i
    while open): an invoice settled on the day of a delivery no longer blocks it. The blocked
    days are counted per debtor from sorted interval starts and ends, no loop per invoice.
    """
    start = invoices["due_date"] + day_span(policy.max_extension_days + 1)
    end = invoices["settled_date"]
    blocking = ~np.isnat(start) & (np.isnat(end) | (end > start))
    code = at  # the debtors outside the ids, all -1, block only one another: their cover is not asked
    key = lambda code, when: code * 2**20 + _day_number(when)  # noqa: E731  (debtor, then day)
    starts = np.sort(key(code[blocking], start[blocking]))
    ends = np.sort(key(code[blocking], end[blocking]))
    day = invoices["delivery_date"][rows]
    delivered = key(code[rows], day)
    active = np.searchsorted(starts, delivered, "right") - np.searchsorted(ends, delivered, "right")
    own_block = blocking[rows] & (day >= start[rows]) & ~(end[rows] <= day)  # an invoice never blocks its own delivery
    return ((active - own_block.astype(int)) > 0) & ~np.isnat(day)


def _day_number(when: np.ndarray) -> np.ndarray:
    """Days since 1800-01-01 (every date of a workbook is after it), 2**19 for no date (never)."""
    days = np.floor_divide((when - np.datetime64("1800-01-01", "ns")).view(np.int64), _DAY)
    return np.where(np.isnat(when), 2**19, days)


def paid_since(as_of):
    """Invoices settled on time after this date (12 months before `as_of`, see on_ids) count."""
    return months_before(as_of, 12)


def paid_on_time(invoices: dict[str, np.ndarray], at: np.ndarray, size: int, when) -> np.ndarray:
    """Invoices (a ledger's INVOICE_COLUMNS) settled on or before their due date in the 12 months up to `when`
    (see on_ids), summed by the position `at` of each one's debtor in the ids (-1: none), in an array of `size`."""
    settled = invoices["settled_date"]
    ok = ~np.isnat(settled) & (settled <= invoices["due_date"]) & (at >= 0)
    ok &= settled > _per_row(paid_since(when), at)
    return group_sums(at[ok], invoices["amount"][ok], size)  # as a group-by by debtor_id adds them


def key_cover(ledger: LedgerArrays, debtors: dict[str, np.ndarray], limits: dict[str, np.ndarray], policy: Policy,
              as_of) -> tuple[pd.Index, dict[str, np.ndarray]]:
    """The debtor ids and, as arrays aligned on them, exposure_sheet's other KEY_COLUMNS (no open
    orders: open_orders 0), without its extras. `debtors` and `limits`: the DEBTOR_COLUMNS and
    LIMIT_COLUMNS of the Debtors and Limits tables (see columns).

    `as_of` is an array of dates by stacked key: functions.portfolio stacks several dates into one
    run, each (date, debtor) pair under a key of its own, a whole number from 0 (the debtor ids of the
    ledger, `debtors` and `limits`), `as_of[key]` its date.
    """
    first = first_of_each(debtors["debtor_id"])
    keys = debtors["debtor_id"][first]
    where = np.full(len(as_of), -1)  # each key's position in the ids: a look-up, no hashing
    where[keys] = np.arange(len(keys))
    ids = pd.Index(keys)
    rows = _Rows(ids, where[ledger.invoices["debtor_id"]], where[limits["debtor_id"]], first)
    return ids, _cover(ledger, rows, debtors, limits, None, policy, as_of[keys], extras=False)[0]


def exposure_sheet(ledger: Ledger, debtors: pd.DataFrame, limits: pd.DataFrame, orders: pd.DataFrame | None,
                   policy: Policy, recommended: pd.Series | None = None, language: str | None = None,
                   insolvent_at=None) -> pd.DataFrame:
    """The `Exposure` sheet: one row per Debtors row, key columns first (see KEY_COLUMNS).

    Extras: recommended_limit (from `recommended`, a Series by debtor_id, when given),
    justification, expiry_date, decision_date, decision_ref, insurer_ref (the debtor's id at the
    insurer), cover_stopped (withdrawal or refusal date), cover_from (the effective date of the
    grant that started the insurer's cover), cut_date and cut_limit (the reduction
    or withdrawal later deliveries are held to), former_limit, expired_on,
    expired_limit, fallback_limit, refused_on, pending_decision, pending_date,
    paid_on_time_12m, one `ineligible_<reason>` column per reason, unapplied_credit.

    With `insolvent_at` (the as-of date), deliveries after the insolvency date of a debtor
    judged by then (its first Debtors row's insolvency_date) leave the eligible exposure too:
    `ineligible_delivered_after_insolvency`, before unapplied_credit (functions.insolvency).
    """
    language = language or policy.language
    book, terms = columns(debtors, DEBTOR_COLUMNS), columns(limits, LIMIT_COLUMNS)
    first = first_of_each(book["debtor_id"])
    ids = pd.Index(book["debtor_id"][first])  # text ids as `str`, as on a column
    lookup = as_objects(ids)
    where = _Rows(lookup, debtor_positions(ledger, lookup), _limit_rows(lookup, terms), first)
    table, state, per_invoice, info = _cover(LedgerArrays.of(ledger), where, book, terms, orders, policy,
                                             ledger.as_of, insolvent_at)
    rows = pd.RangeIndex(len(ids))
    if recommended is not None:
        table["recommended_limit"] = as_column(recommended.reindex(ids).to_numpy(), rows)
    table["justification"] = pd.Series(_justification(table, state, policy, language), index=rows, dtype=object)
    del table["evidence"], table["evidence_date"]
    table["decision_ref"] = as_column(table["decision_ref"], rows)
    table["insurer_ref"] = as_column(info["insurer_ref"], rows)
    table["cover_stopped"] = state["block_date"]
    for column in ("cover_from", "cut_date", "cut_limit", "former_limit", "refused_on", "pending_decision", "pending_date"):
        table[column] = as_column(state[column], rows)
    lost = _ineligible_sums(per_invoice, len(ids))
    for k, reason in enumerate(INELIGIBLE):
        table[f"ineligible_{reason}"] = lost[:, k]
    for column in ("ineligible_delivered_after_insolvency", "unapplied_credit"):  # last, in this order
        if column in table:
            table[column] = table.pop(column)
    return pd.DataFrame({"debtor_id": ids, **{c: table[c] for c in KEY_COLUMNS[1:]},
                         **{c: v for c, v in table.items() if c not in KEY_COLUMNS}}, index=rows)


@dataclass(frozen=True)
class _Rows:
    """The debtor ids the engine works on (the distinct ones of Debtors, in order) and where the rows of its
    tables meet them: the position in the ids of each ledger invoice's and each Limits row's debtor (-1: none),
    and each id's first Debtors row. Found once, they spare every step of the engine a look-up by id."""

    ids: pd.Index
    invoices: np.ndarray
    limits: np.ndarray
    debtors: np.ndarray


def _cover(ledger: LedgerArrays, where: _Rows, debtors: dict[str, np.ndarray], limits: dict[str, np.ndarray],
           orders: pd.DataFrame | None, policy: Policy, as_of, insolvent_at=None,
           extras: bool = True) -> tuple[dict, dict, dict, dict]:
    """For the debtor ids of `where`: the key columns and _choose's facts as arrays aligned on them, the limit
    state (see _state), the per-invoice cover (see _invoice_cover) and the Debtors facts of each id, which
    exposure_sheet's extras read. `debtors`, `limits`: see key_cover; `insolvent_at`: see exposure_sheet;
    `extras`: see _state.

    On arrays: a row per debtor, where each pandas operation would cost more than its sums."""
    invoices, ids, at = ledger.invoices, where.ids, where.invoices
    table = exposure_columns(invoices["open"], ledger.unapplied, ids, at, orders)
    info = _debtor_facts(debtors, where.debtors)
    when = on_ids(as_of)
    state = _state(limits, where.limits, len(ids), when, policy, extras)
    per_invoice = _invoice_cover(ledger, at, info["excluded"], state, policy)
    sums = _Sums(per_invoice["at"], len(ids)).of
    eligible = sums(per_invoice["eligible_open"]) - table["unapplied_credit"]
    table["eligible"] = np.where(eligible < 0.0, 0.0, eligible)
    before_cut = sums(np.where(per_invoice["before_cut"], per_invoice["open"], 0.0))
    table.update(_choose(state, info, table["eligible"], before_cut, paid_on_time(invoices, at, len(ids), when),
                         when, policy))
    table["eligible"] = np.where(table["limit_type"] == "excluded", 0.0, table["eligible"])
    if insolvent_at is not None:
        judged = np.where(info["insolvency_date"] <= np.datetime64(pd.Timestamp(insolvent_at), "ns"),
                          info["insolvency_date"], np.datetime64("NaT", "ns"))
        after = per_invoice["delivery"] > values_at(judged, per_invoice["at"], np.datetime64("NaT", "ns"))
        table["ineligible_delivered_after_insolvency"] = lost = sums(np.where(after, per_invoice["eligible_open"], 0.0))
        eligible = table["eligible"] - lost
        table["eligible"] = np.where(eligible < 0.0, 0.0, eligible)
    table["covered"] = np.minimum(table["eligible"], table["limit"])
    table["insured_amount"] = table["quotite"] * table["covered"]
    uninsured = table["exposure"] - table["covered"]
    table["uninsured"] = np.where(uninsured < 0.0, 0.0, uninsured)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["usage"] = np.where(table["limit"] > 0, table["exposure"] / table["limit"], np.nan)
    return table, state, per_invoice, info


def _debtor_facts(debtors: dict[str, np.ndarray], found: np.ndarray) -> dict[str, np.ndarray]:
    """excluded, evidence_date, insolvency_date and insurer_ref of each id's (first) Debtors row, at `found`
    (False/NaT/NaN where -1: none), from the Debtors' DEBTOR_COLUMNS."""
    never = np.datetime64("NaT", "ns")
    date = lambda column: values_at(debtors[column], found, never)  # noqa: E731
    return {"excluded": values_at(debtors["excluded"], found, np.nan) == True,  # noqa: E712
            "evidence_date": date("evidence_date"), "insolvency_date": date("insolvency_date"),
            "insurer_ref": values_at(debtors["insurer_ref"], found, np.nan)}


class _Sums:
    """Sums of per-invoice values by debtor position `at` (-1: none) in an array of `size`
    (ledger.sums_at), keyed by first appearance, so that pandas, which adds sorted keys otherwise
    than unsorted ones, sees the same keys sorted or not."""

    def __init__(self, at: np.ndarray, size: int):
        self.kept = np.flatnonzero(at >= 0)
        self.code, positions = pd.factorize(at[self.kept])
        self.size, self.at = len(positions), np.full(size, -1)
        self.at[positions] = np.arange(len(positions))

    def of(self, values: np.ndarray) -> np.ndarray:
        return values_at(sums_at(self.code, values[self.kept], self.size), self.at, 0.0)


def _ineligible_sums(per_invoice: dict[str, np.ndarray], size: int) -> np.ndarray:
    """The open amount left out for each INELIGIBLE reason, a row per id (of `size`), a column per
    reason: pandas' group sums, as a pivot table by debtor and reason adds them."""
    reason, at = per_invoice["reason"], per_invoice["at"]
    which = reason - (len(REASONS) - len(INELIGIBLE))  # the position in INELIGIBLE: REASONS end with them
    kept = (which >= 0) & (at >= 0)
    lost = (per_invoice["open"] - per_invoice["eligible_open"])[kept]
    grid = group_sums(at[kept] * len(INELIGIBLE) + which[kept], lost, size * len(INELIGIBLE))
    return grid.reshape(size, len(INELIGIBLE))


def _choose(s: dict[str, np.ndarray], info: dict[str, np.ndarray], eligible: np.ndarray, before_cut: np.ndarray,
            paid: np.ndarray, as_of, policy: Policy) -> dict[str, np.ndarray]:
    """limit, limit_type, quotite and the facts behind them, per debtor (as_of: see on_ids), as arrays
    on the limit state's (see _state)."""
    never = np.datetime64("NaT", "ns")
    excluded = info["excluded"]
    blocked = s["blocked"] & ~excluded
    run_off = np.minimum(before_cut, np.nan_to_num(s["former_limit"], nan=0.0))  # earlier deliveries, former limit
    insurer = ~excluded & ~blocked & (s["temporary_in_force"] | s["named_in_force"])
    temporary = s["temporary_wins"]
    track = TRACKS[temporary.astype(int)]
    insurer_limit = np.where(temporary, s["temporary_value"], s["named_value"])
    insurer_limit = np.maximum(insurer_limit, np.where(~np.isnat(s["cut_date"]), run_off, 0.0))
    disc_row = s["discretionary_in_force"]
    disc_limit = np.where(disc_row, s["discretionary_value"], policy.discretionary_max)
    window = months_before(as_of, policy.discretionary_evidence_months)
    evidence = (info["evidence_date"] >= window) & (info["evidence_date"] <= as_of)
    by_payments = ~evidence & (paid > 0) & (paid >= np.minimum(eligible, disc_limit))
    discretionary = ~excluded & ~blocked & ~insurer & (disc_limit > 0) & (evidence | by_payments)
    non_named = ~excluded & ~blocked & ~insurer & ~discretionary & (policy.non_named_threshold > 0)
    held = blocked & (run_off > 0)
    # the first true of excluded, held, insurer, discretionary, non_named wins (np.select, without its overhead)
    first = np.argmax(np.array([excluded, held, insurer, discretionary, non_named, np.ones(len(held), bool)]), axis=0)
    held_type = np.where(pd.isna(s["former_type"]), "named", s["former_type"]).astype(object)
    limit_type = np.choose(first, ["excluded", held_type, track, "discretionary", "non_named", "none"])
    limit = np.choose(first, [0.0, run_off, insurer_limit, disc_limit, policy.non_named_threshold, 0.0])
    quotite = np.zeros(len(limit))
    for kind, rate in (("named", policy.quotite_named), ("temporary", policy.quotite_named),
                       ("discretionary", policy.quotite_discretionary), ("non_named", policy.quotite_non_named)):
        quotite = np.where(limit_type == kind, rate, quotite)
    expiry = np.where(insurer & temporary, s["temporary_expiry"], np.where(
        insurer, s["named_expiry"], np.where(discretionary & disc_row, s["discretionary_expiry"], never)))
    # the limit that expired: the named one, else a temporary one with no named one in force
    named_expired = (s["named_value"] > 0) & ~s["named_in_force"] & ~blocked & ~excluded
    temporary_expired = ((s["temporary_value"] > 0) & ~s["temporary_in_force"] & ~s["named_in_force"] & ~blocked
                         & ~excluded & ~named_expired)
    fallback = np.where(insurer & temporary & s["named_in_force"], s["named_value"], 0.0)
    decided = insurer | held
    return {
        "limit": limit, "limit_type": limit_type, "quotite": quotite,
        "expiry_date": expiry,
        "decision_date": np.where(decided, np.where(temporary, s["temporary_date"], s["named_date"]), never),
        "decision_ref": np.where(decided, np.where(temporary, s["temporary_ref"], s["named_ref"]), np.nan).astype(object),
        "evidence": np.where(discretionary & evidence, "evidence", np.where(discretionary, "payments", "")),
        "paid_on_time_12m": paid,
        "expired_on": np.where(named_expired, s["named_expiry"], np.where(temporary_expired, s["temporary_expiry"], never)),
        "expired_limit": np.where(named_expired, s["named_value"],
                                  np.where(temporary_expired, s["temporary_value"], np.nan)),
        "fallback_limit": fallback,
        "evidence_date": info["evidence_date"],
    }


def _justification(table: dict[str, np.ndarray], state: dict[str, np.ndarray], policy: Policy,
                   language: str) -> list[str]:
    """Why the debtor has this cover, in words (one sentence per row)."""
    words = TEXT["fr" if language == "fr" else "en"]
    insurer = policy.insurer or words["insurer"]
    cur = policy.currency

    def one(kind, evidence, evidence_day, paid, blocked, block_decision, block_day, decision_day, decision_ref,
            cut_day, former_limit) -> str:
        if kind == "excluded":
            return words["excluded"]
        if kind == "discretionary":
            if evidence == "evidence":
                return words["evidence"].format(date=evidence_day)
            return words["payments"].format(amount=money(paid, cur, language))
        if kind == "non_named":
            return words["non_named"].format(amount=money(policy.non_named_threshold, cur, language))
        if blocked:
            text = words["withdrawn" if block_decision == "withdrawn" else "refused"].format(date=block_day)
        elif kind in ("named", "temporary"):
            text = words["decision"].format(insurer=insurer, date=decision_day)
            text += words["ref"].format(ref=decision_ref) if isinstance(decision_ref, str) else ""
        else:
            return words["none"]
        if cut_day:
            text += words["reduced"].format(date=cut_day, amount=money(former_limit, cur, language))
        return text

    shown = lambda dates: days(dates, language)  # noqa: E731
    # as lists: Python walks them faster than arrays, whose every cell it would box into a NumPy scalar
    return [one(*row) for row in zip(table["limit_type"].tolist(), table["evidence"].tolist(),
                                     shown(table["evidence_date"]), table["paid_on_time_12m"].tolist(),
                                     state["blocked"].tolist(), state["block_decision"].tolist(),
                                     shown(state["block_date"]), shown(table["decision_date"]),
                                     table["decision_ref"].tolist(), shown(state["cut_date"]),
                                     state["former_limit"].tolist())]
