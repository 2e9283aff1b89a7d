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
(earlier open invoices first, then by delivery date).

Worked example (defaults, as_of 2025-06-30): named limit 20,000 reduced to 10,000 on
2025-05-01, effective 2025-05-31. Open: 8,000 delivered 2025-05-10, 5,000 delivered 2025-06-05.
The June delivery stacks on 8,000: 2,000 fits under 10,000, 3,000 is delivered above the
reduced limit. Eligible 10,000; limit max(10,000, min(8,000, 20,000)) = 10,000; covered 10,000;
insured 0.90 x 10,000 = 9,000; uninsured 13,000 - 10,000 = 3,000.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .ledger import Ledger, lookup, money_sums
from .exposure import exposure
from .policy import Policy
from .texts import table

KEY_COLUMNS = ["debtor_id", "exposure", "open_orders", "exposure_with_orders", "eligible", "limit", "limit_type",
               "quotite", "covered", "insured_amount", "uninsured", "usage"]
INVOICE_COLUMNS = ["invoice_id", "debtor_id", "invoice_date", "due_date", "delivery_date", "amount", "open",
                   "settled_date", "disputed"]  # what the engine reads of ledger.invoices
INELIGIBLE = ("disputed", "beyond_max_credit_days", "delivered_before_cover", "delivered_after_mep",
              "delivered_after_withdrawal", "delivered_above_reduced_limit")
GRANTS = ("granted", "increased", "reduced")

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


def effective_dates(limits: pd.DataFrame, policy: Policy) -> pd.Series:
    """The effective_date column, else decision date (+ reduction_notice_days for cuts)."""
    cutting = limits["decision"].isin(["reduced", "withdrawn"]).to_numpy()
    notice = pd.to_timedelta(np.where(cutting, policy.reduction_notice_days, 0), unit="D")
    return limits["effective_date"].fillna(limits["decision_date"] + notice)


def at_each(as_of, debtor_ids: pd.Series):
    """`as_of` for each of `debtor_ids`: the date itself, or, when `as_of` is a Series of dates
    by debtor id (each id then stands for a debtor at its own date), the id's date."""
    if isinstance(as_of, pd.Series):
        return lookup(debtor_ids, as_of).astype("datetime64[ns]")
    return pd.Timestamp(as_of)


def limit_state(limits: pd.DataFrame, debtor_ids: pd.Series, as_of, policy: Policy) -> pd.DataFrame:
    """The insurer decisions in force per debtor at `as_of`, before any exposure is looked at.

    `as_of` is a date, or a Series of dates by debtor id (see at_each). Columns, one row per
    debtor id: for each track named/temporary/discretionary, `<track>_`
    src (row position), value, expiry, date, ref, in_force; blocked (withdrawal or refusal
    with no limit), block_decision, block_date; cut_date, cut_limit, former_limit, former_type
    (the reduction or withdrawal later deliveries are held to); temporary_wins; refused_on;
    pending_decision, pending_date (the next decision not yet effective).

    Tables here have a row per debtor (a few dozen to a few thousand) and the stacked dates of
    functions.portfolio multiply them: the columns are numpy arrays taken by row position, not
    pandas look-ups, which cost more than the arithmetic on so few rows.
    """
    ids = pd.Index(debtor_ids.drop_duplicates(), name="debtor_id")
    rows = _applied(limits, as_of, policy)
    last = _Runs(rows["debtor_id"]).last_rows(ids)
    when = at_each(as_of, ids.to_series())
    when = when.to_numpy("datetime64[ns]") if isinstance(when, pd.Series) else when.to_datetime64()
    columns = {}
    for track in ("named", "temporary", "discretionary"):
        src = _take(rows[f"{track}_src"].to_numpy(float), last, np.nan)
        value = np.nan_to_num(_pick(src, rows["value"].to_numpy(float), np.nan), nan=0.0)
        expiry = _pick(src, rows["expiry_date"].to_numpy("datetime64[ns]"), np.datetime64("NaT"))
        columns[f"{track}_src"] = src
        columns[f"{track}_value"] = value
        columns[f"{track}_expiry"] = expiry
        columns[f"{track}_date"] = _pick(src, rows["decision_date"].to_numpy("datetime64[ns]"), np.datetime64("NaT"))
        columns[f"{track}_ref"] = pd.Series(_pick(src, rows["insurer_ref"].to_numpy(object), np.nan), index=ids,
                                            dtype=object)  # as read: pandas would make text columns `str`
        columns[f"{track}_in_force"] = (value > 0) & (np.isnat(expiry) | (expiry >= when))
    columns["discretionary_value"] = np.minimum(columns["discretionary_value"], policy.discretionary_max)
    block = _take(rows["block_src"].to_numpy(float), last, np.nan)
    block_decision = _pick(block, rows["decision"].to_numpy(object), np.nan)
    blocked = pd.Series(block_decision).isin(["withdrawn", "refused"]).to_numpy()
    block_date = _pick(block, rows["effective"].to_numpy("datetime64[ns]"), np.datetime64("NaT"))
    state = pd.DataFrame({**columns, "block_decision": pd.Series(block_decision, index=ids, dtype=object),
                          "blocked": blocked,
                          "block_date": np.where(blocked, block_date, np.datetime64("NaT"))}, index=ids)
    _cut(state, rows, block)
    starts = rows.loc[rows["starts_cover"]].groupby("debtor_id")["effective"].max()
    insurer = state["named_in_force"] | state["temporary_in_force"] | state["blocked"]
    state["cover_from"] = starts.reindex(ids).astype("datetime64[ns]").where(insurer)
    refusals = rows.loc[rows["decision"] == "refused"].groupby("debtor_id")["decision_date"].max()
    state["refused_on"] = refusals.reindex(ids).astype("datetime64[ns]")
    limit_as_of = at_each(as_of, limits["debtor_id"])
    pending = (limits.assign(effective=effective_dates(limits, policy))
               .loc[lambda r: (r["decision_date"] <= limit_as_of) & (r["effective"] > limit_as_of)]
               .sort_values(["debtor_id", "effective"], kind="stable").groupby("debtor_id").first())
    state["pending_decision"] = pending["decision"].reindex(ids).astype(object)
    state["pending_date"] = pending["effective"].reindex(ids).astype("datetime64[ns]")
    return state


def _take(values: np.ndarray, at: np.ndarray, missing) -> np.ndarray:
    """values[at], `missing` where at is -1."""
    out = np.full(len(at), missing, dtype=values.dtype if values.dtype != bool else object)
    found = at >= 0
    out[found] = values[at[found]]
    return out


def _pick(src: np.ndarray, values: np.ndarray, missing) -> np.ndarray:
    """values at the row positions `src` (floats, NaN for none), `missing` where NaN."""
    return _take(values, np.where(np.isnan(src), -1, np.nan_to_num(src, nan=-1)).astype(np.int64), missing)


def _applied(limits: pd.DataFrame, as_of, policy: Policy) -> pd.DataFrame:
    """Decisions in force by as_of (see at_each), in order, with the row that sets each track's state so far.

    `<track>_src` is the position of the latest row that set the track (forward-filled per
    debtor); `block_src` the latest withdrawal, blocking refusal or insurer grant.
    """
    rows = limits.assign(effective=effective_dates(limits, policy))
    limit_as_of = at_each(as_of, rows["debtor_id"])
    rows = rows.loc[(rows["decision_date"] <= limit_as_of) & (rows["effective"] <= limit_as_of)]
    rows = rows.sort_values(["debtor_id", "effective", "decision_date", "_row"], kind="stable").reset_index(drop=True)
    debtor = _Runs(rows["debtor_id"])
    kind = rows["limit_type"].fillna("named").to_numpy(object)
    decision = rows["decision"].to_numpy(object)
    grant = pd.Series(decision).isin(GRANTS).to_numpy() & rows["amount"].notna().to_numpy()
    withdrawn = decision == "withdrawn"
    everything = withdrawn & (kind == "named")  # a withdrawal of the debtor, not of one limit
    value = np.where(grant, rows["amount"].to_numpy(float), 0.0)
    rows["value"] = value
    effective = rows["effective"].to_numpy("datetime64[ns]")
    expiry = rows["expiry_date"].to_numpy("datetime64[ns]")
    in_force = {}
    for track in ("named", "temporary", "discretionary"):
        src = debtor.last_marked((grant | withdrawn) & (kind == track) | everything)
        before = debtor.previous(src)
        rows[f"{track}_src"], rows[f"{track}_before"] = src, before
        if track != "discretionary":  # the amount `before` points to, if in force on the row's effective date
            held = np.nan_to_num(_pick(before, value, np.nan), nan=0.0)
            until = _pick(before, expiry, np.datetime64("NaT"))
            in_force[track] = np.where((held > 0) & (np.isnat(until) | (until >= effective)), held, 0.0)
    insurer_limit = (in_force["named"] > 0) | (in_force["temporary"] > 0)
    blocking = everything | ((decision == "refused") & ~insurer_limit)
    lifting = grant & ((kind == "named") | (kind == "temporary"))
    rows["block_src"] = debtor.last_marked(blocking | lifting)
    # An insurer grant starts the cover when it is the debtor's first, or follows a withdrawal or refusal.
    event = np.flatnonzero(blocking | lifting)
    same_debtor = np.r_[False, debtor.code[event][1:] == debtor.code[event][:-1]] if len(event) else np.zeros(0, bool)
    after_block = np.where(same_debtor, np.r_[True, blocking[event][:-1]] if len(event) else blocking[event], True)
    starts_cover = np.zeros(len(rows), bool)
    starts_cover[event] = lifting[event] & after_block
    rows["starts_cover"] = starts_cover
    # The limit in force just before each row: what earlier deliveries keep after a cut.
    temp_first = (in_force["temporary"] > 0) & ((kind == "temporary") | everything)
    rows["former"] = np.where(temp_first, in_force["temporary"], in_force["named"])
    rows["former_type"] = np.where(temp_first, "temporary", "named")
    return rows


class _Runs:
    """Rows sorted by a key, as runs of equal keys: a group-by's ffill and shift(1) on arrays."""

    def __init__(self, key: pd.Series):
        self.key, self.code = key.to_numpy(), pd.factorize(key)[0]
        self.index = np.arange(len(key))
        self.first = np.r_[True, self.code[1:] != self.code[:-1]] if len(key) else np.zeros(0, bool)
        self.start = np.maximum.accumulate(np.where(self.first, self.index, 0)) if len(key) else self.index

    def last_rows(self, keys: pd.Index) -> np.ndarray:
        """The position of the last row of each key's run, -1 for a key without rows."""
        ends = np.flatnonzero(np.r_[self.code[1:] != self.code[:-1], True]) if len(self.code) else self.index
        ends = ends[self.code[ends] >= 0]
        found = pd.Index(self.key[ends]).get_indexer(keys)
        return np.where(found >= 0, ends[np.maximum(found, 0)], -1) if len(ends) else np.full(len(keys), -1)

    def last_marked(self, marked: np.ndarray) -> np.ndarray:
        """Per row, the position of the latest marked row of its run so far (NaN: none yet)."""
        latest = np.maximum.accumulate(np.where(marked, self.index, -1)) if len(marked) else self.index
        return np.where((latest >= self.start) & (self.code >= 0), latest, np.nan).astype(float)

    def previous(self, values: np.ndarray) -> np.ndarray:
        """Per row, the value of the row before it in its run (NaN for a run's first row)."""
        before = np.r_[np.nan, values[:-1]] if len(values) else values
        return np.where(self.first | (self.code < 0), np.nan, before)


def _cut(state: pd.DataFrame, rows: pd.DataFrame, block: np.ndarray) -> None:
    """The reduction or withdrawal deliveries are measured against (cut_date NaT when none)."""
    column = lambda name: state[name].to_numpy()  # noqa: E731
    temp_wins = column("temporary_in_force") & (~column("named_in_force") | (column("temporary_src") > column("named_src")))
    current = np.where(temp_wins, column("temporary_src"), np.where(column("named_in_force"), column("named_src"), np.nan))
    withdrawal = column("block_decision") == "withdrawn"
    reduced = _pick(current, rows["decision"].to_numpy(object), np.nan) == "reduced"
    src = np.where(withdrawal, block, np.where(reduced, current, np.nan))
    former = np.nan_to_num(_pick(src, rows["former"].to_numpy(float), np.nan), nan=0.0)
    new = np.nan_to_num(_pick(src, rows["value"].to_numpy(float), np.nan), nan=0.0)
    real = former > new
    never = np.datetime64("NaT")
    cut_date = np.where(real, _pick(src, rows["effective"].to_numpy("datetime64[ns]"), never), never)
    # A temporary limit that expired over a named one is a reduction to the named limit from the day
    # after its expiry: deliveries made while it was in force keep its cover.
    expired = (~real & column("named_in_force") & ~column("temporary_in_force") & (column("temporary_value") > 0)
               & (column("temporary_src") > column("named_src")) & (column("temporary_value") > column("named_value")))
    state["cut_date"] = np.where(expired, column("temporary_expiry") + np.timedelta64(1, "D"), cut_date)
    state["cut_limit"] = np.where(expired, column("named_value"), np.where(real, new, np.nan))
    state["former_limit"] = np.where(expired, column("temporary_value"), np.where(real, former, np.nan))
    former_type = _pick(src, rows["former_type"].to_numpy(object), np.nan)
    state["former_type"] = pd.Series(np.where(withdrawal & real, former_type, np.nan), index=state.index, dtype=object)
    state["temporary_wins"] = temp_wins


def invoice_cover(ledger: Ledger, debtors: pd.DataFrame, state: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per open invoice: invoice_id, debtor_id, delivery_date, open, eligible_open, ineligible_reason.

    `ineligible_reason` is '' for a fully eligible invoice, else excluded, disputed,
    beyond_max_credit_days, delivered_after_withdrawal or delivered_above_reduced_limit (the
    part above the reduced limit is left out, the part under it stays eligible).
    """
    inv = ledger.invoices.loc[ledger.invoices["open"] > 0]
    inv = inv.sort_values(["debtor_id", "delivery_date", "invoice_date", "invoice_id"], kind="stable")
    excluded = lookup(inv["debtor_id"], debtors.drop_duplicates("debtor_id").set_index("debtor_id")["excluded"])
    terms = (inv["due_date"] - inv["invoice_date"]).dt.days
    cover_from = lookup(inv["debtor_id"], state["cover_from"]).astype("datetime64[ns]")
    before_cover = inv["delivery_date"] < cover_from - pd.Timedelta(days=policy.retroactive_cover_days)
    reason = pd.Series(np.select([excluded.eq(True), inv["disputed"].eq(True),
                                  terms > policy.max_credit_days, before_cover, after_mep(ledger, inv, policy)],
                                 ["excluded", "disputed", "beyond_max_credit_days", "delivered_before_cover",
                                  "delivered_after_mep"], ""), index=inv.index)
    cut_date = lookup(inv["debtor_id"], state["cut_date"]).astype("datetime64[ns]")
    cut_limit = lookup(inv["debtor_id"], state["cut_limit"])
    after = (reason == "") & (inv["delivery_date"] >= cut_date)
    before_total = inv["open"].where((reason == "") & ~after, 0.0).groupby(inv["debtor_id"]).transform("sum")
    stacked = before_total + inv["open"].where(after, 0.0).groupby(inv["debtor_id"]).cumsum() - inv["open"]
    room = (cut_limit - stacked).clip(lower=0.0).clip(upper=inv["open"])
    eligible = inv["open"].where(reason == "", 0.0).where(~after, room)
    cut_reason = np.where(cut_limit > 0, "delivered_above_reduced_limit", "delivered_after_withdrawal")
    reason = reason.where(~(after & (eligible < inv["open"])), pd.Series(cut_reason, index=inv.index))
    return (pd.DataFrame({"invoice_id": inv["invoice_id"], "debtor_id": inv["debtor_id"],
                          "delivery_date": inv["delivery_date"], "open": inv["open"], "eligible_open": eligible,
                          "ineligible_reason": reason, "before_cut": (reason == "") & ~after})
            .sort_index())


def after_mep(ledger: Ledger, open_invoices: pd.DataFrame, policy: Policy) -> np.ndarray:
    """Per open invoice: delivered while another invoice of the same debtor was unpaid past its
    MEP end (due date + max_extension_days)? Such deliveries are not covered.

    Invoice i blocks the days d with mep_end_i < d < settled_date_i (or every day after mep_end_i
    while open): an invoice settled on the day of a delivery no longer blocks it. The blocked
    days are counted per debtor from sorted interval starts and ends, no loop per invoice.
    """
    inv = ledger.invoices
    start = inv["due_date"] + pd.Timedelta(days=policy.max_extension_days + 1)
    end = inv["settled_date"]
    blocking = start.notna() & (end.isna() | (end > start))
    codes, uniques = pd.factorize(pd.concat([inv["debtor_id"], open_invoices["debtor_id"]], ignore_index=True))
    own, other = codes[:len(inv)], codes[len(inv):]
    key = lambda code, when: code * 2**20 + _day_number(when)  # noqa: E731  (debtor, then day)
    starts = np.sort(key(own[blocking.to_numpy()], start[blocking]))
    ends = np.sort(key(own[blocking.to_numpy()], end[blocking]))
    day = open_invoices["delivery_date"]
    delivered = key(other, day)
    active = np.searchsorted(starts, delivered, "right") - np.searchsorted(ends, delivered, "right")
    rows = open_invoices.index  # rows of ledger.invoices: an invoice never blocks its own delivery
    own_block = blocking[rows] & (day >= start[rows]) & ~(end[rows] <= day)
    return ((active - own_block.to_numpy(int)) > 0) & day.notna().to_numpy()


def _day_number(when: pd.Series) -> np.ndarray:
    """Days since 1800-01-01 (every date of a workbook is after it), 2**19 for no date (never)."""
    days = ((when - pd.Timestamp("1800-01-01")).dt.days).to_numpy(dtype=float)
    return np.where(np.isnan(days), 2**19, days).astype(np.int64)


def paid_since(as_of):
    """Invoices settled on time after this date (12 months before `as_of`, a date or a Series) count."""
    return as_of - pd.DateOffset(months=12)


def paid_on_time(ledger: Ledger, ids: pd.Index, as_of=None) -> pd.Series:
    """Invoices settled on or before their due date in the 12 months up to as_of, per debtor.

    `as_of` is ledger.as_of, or a Series of dates by debtor id (see at_each)."""
    inv = ledger.invoices
    start = at_each(paid_since(ledger.as_of if as_of is None else as_of), inv["debtor_id"])
    ok = inv["settled_date"].notna() & (inv["settled_date"] <= inv["due_date"]) & (inv["settled_date"] > start)
    return inv.loc[ok].groupby("debtor_id")["amount"].sum().reindex(ids, fill_value=0.0)


def key_cover(ledger: Ledger, debtors: pd.DataFrame, limits: pd.DataFrame, policy: Policy, as_of=None) -> pd.DataFrame:
    """exposure_sheet's KEY_COLUMNS (no open orders: open_orders 0), without its extras.

    `as_of` is ledger.as_of, or a Series of dates by debtor id: functions.portfolio stacks
    several dates into one run this way, each (date, debtor) pair under its own id.
    """
    table = _cover(ledger, debtors, limits, None, policy, ledger.as_of if as_of is None else as_of)[0]
    return table.reset_index()[KEY_COLUMNS]


def exposure_sheet(ledger: Ledger, debtors: pd.DataFrame, limits: pd.DataFrame, orders: pd.DataFrame | None,
                   policy: Policy, recommended: pd.Series | None = None, language: str | None = None) -> pd.DataFrame:
    """The `Exposure` sheet (see exposure_cover)."""
    return exposure_cover(ledger, debtors, limits, orders, policy, recommended, language)[0]


def exposure_cover(ledger: Ledger, debtors: pd.DataFrame, limits: pd.DataFrame, orders: pd.DataFrame | None,
                   policy: Policy, recommended: pd.Series | None = None, language: str | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `Exposure` sheet, and the per-invoice cover behind it (invoice_cover), which the
    insolvency cut-off reads (functions.insolvency.insolvency_cover).

    The sheet: one row per Debtors row, key columns first (see KEY_COLUMNS).

    Extras: recommended_limit (from `recommended`, a Series by debtor_id, when given),
    justification, expiry_date, decision_date, decision_ref, insurer_ref (the debtor's id at the
    insurer), cover_stopped (withdrawal or refusal date), cover_from (the effective date of the
    grant that started the insurer's cover), cut_date and cut_limit (the reduction
    or withdrawal later deliveries are held to), former_limit, expired_on,
    expired_limit, fallback_limit, refused_on, pending_decision, pending_date,
    paid_on_time_12m, one `ineligible_<reason>` column per reason, unapplied_credit.
    """
    language = language or policy.language
    table, state, per_invoice, info = _cover(ledger, debtors, limits, orders, policy, ledger.as_of)
    ids = table.index
    if recommended is not None:
        table["recommended_limit"] = recommended.reindex(ids)
    table["justification"] = _justification(table, state, policy, language)
    table = table.drop(columns=["evidence", "evidence_date"])
    table["insurer_ref"] = info["insurer_ref"]
    table["cover_stopped"] = state["block_date"]
    for column in ("cover_from", "cut_date", "cut_limit", "former_limit", "refused_on", "pending_decision", "pending_date"):
        table[column] = state[column]
    reasons = (per_invoice.assign(lost=per_invoice["open"] - per_invoice["eligible_open"])
               .pivot_table(index="debtor_id", columns="ineligible_reason", values="lost", aggfunc="sum")
               .reindex(index=ids, columns=list(INELIGIBLE)).fillna(0.0))
    table = table.join(reasons.add_prefix("ineligible_"))
    table["unapplied_credit"] = table.pop("unapplied_credit")
    return table.reset_index()[KEY_COLUMNS + [c for c in table.columns if c not in KEY_COLUMNS]], per_invoice


def _cover(ledger: Ledger, debtors: pd.DataFrame, limits: pd.DataFrame, orders: pd.DataFrame | None,
           policy: Policy, as_of) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The key columns and _choose's facts by debtor id; the limit state, the per-invoice cover
    and the Debtors row of each id, which exposure_sheet's extras read."""
    table = exposure(ledger, debtors["debtor_id"], orders).set_index("debtor_id")
    ids = table.index
    info = debtors.drop_duplicates("debtor_id").set_index("debtor_id").reindex(ids)
    state = limit_state(limits, pd.Series(ids), as_of, policy)
    per_invoice = invoice_cover(ledger, debtors, state, policy)
    eligible_open = money_sums(per_invoice["eligible_open"], per_invoice["debtor_id"]).reindex(ids, fill_value=0.0)
    before_cut = money_sums(per_invoice["open"].where(per_invoice["before_cut"], 0.0), per_invoice["debtor_id"])
    table["eligible"] = (eligible_open - table["unapplied_credit"]).clip(lower=0.0)
    cover = _choose(state, info, table["eligible"], before_cut.reindex(ids, fill_value=0.0),
                    paid_on_time(ledger, ids, as_of), at_each(as_of, ids.to_series()), policy)
    table = table.join(cover)
    excluded = table["limit_type"] == "excluded"
    table.loc[excluded, "eligible"] = 0.0
    table["covered"] = np.minimum(table["eligible"], table["limit"])
    table["insured_amount"] = table["quotite"] * table["covered"]
    table["uninsured"] = (table["exposure"] - table["covered"]).clip(lower=0.0)
    table["usage"] = (table["exposure"] / table["limit"]).where(table["limit"] > 0)
    return table, state, per_invoice, info


def _choose(state: pd.DataFrame, info: pd.DataFrame, eligible: pd.Series, before_cut: pd.Series,
            paid: pd.Series, as_of, policy: Policy) -> pd.DataFrame:
    """limit, limit_type, quotite and the facts behind them, per debtor (as_of: a date or a Series by debtor id).
    On the state's columns as arrays: one row per debtor, where each pandas operation costs more than its sums."""
    s = {c: state[c].to_numpy() for c in state.columns}
    never = np.datetime64("NaT")
    excluded = info["excluded"].eq(True).to_numpy()
    blocked = s["blocked"] & ~excluded
    run_off = np.minimum(before_cut.to_numpy(), np.nan_to_num(s["former_limit"], nan=0.0))  # earlier deliveries, former limit
    insurer = ~excluded & ~blocked & (s["temporary_in_force"] | s["named_in_force"])
    temporary = s["temporary_wins"]
    track = np.where(temporary, "temporary", "named")
    insurer_limit = np.where(temporary, s["temporary_value"], s["named_value"])
    insurer_limit = np.maximum(insurer_limit, np.where(~np.isnat(s["cut_date"]), run_off, 0.0))
    disc_row = s["discretionary_in_force"]
    disc_limit = np.where(disc_row, s["discretionary_value"], policy.discretionary_max)
    window = as_of - pd.DateOffset(months=policy.discretionary_evidence_months)
    evidence = info["evidence_date"].between(window, as_of).to_numpy()
    paid_ = paid.to_numpy()
    by_payments = ~evidence & (paid_ > 0) & (paid_ >= np.minimum(eligible.to_numpy(), disc_limit))
    discretionary = ~excluded & ~blocked & ~insurer & (disc_limit > 0) & (evidence | by_payments)
    non_named = ~excluded & ~blocked & ~insurer & ~discretionary & (policy.non_named_threshold > 0)
    held = blocked & (run_off > 0)
    conditions = [excluded, held, insurer, discretionary, non_named]  # first true wins
    held_type = state["former_type"].fillna("named").to_numpy(object)
    limit_type = np.select(conditions, ["excluded", held_type, track.astype(object), "discretionary", "non_named"], "none")
    limit = np.select(conditions, [0.0, run_off, insurer_limit, disc_limit, policy.non_named_threshold], 0.0)
    quotite = pd.Series(limit_type, index=state.index).map(
        {"named": policy.quotite_named, "temporary": policy.quotite_named,
         "discretionary": policy.quotite_discretionary, "non_named": policy.quotite_non_named}).fillna(0.0)
    expiry = np.where(insurer & temporary, s["temporary_expiry"], np.where(
        insurer, s["named_expiry"], np.where(discretionary & disc_row, s["discretionary_expiry"], never)))
    named_expired = (s["named_value"] > 0) & ~s["named_in_force"]
    temporary_expired = (s["temporary_value"] > 0) & ~s["temporary_in_force"] & ~s["named_in_force"]
    expired_src = np.select([named_expired & ~blocked & ~excluded, temporary_expired & ~blocked & ~excluded],
                            ["named", "temporary"], "")
    fallback = np.where(insurer & temporary & s["named_in_force"], s["named_value"], 0.0)
    decided = insurer | held
    reference = np.where(decided, np.where(temporary, s["temporary_ref"], s["named_ref"]), np.nan)
    return pd.DataFrame({
        "limit": limit, "limit_type": limit_type, "quotite": quotite,
        "expiry_date": expiry,
        "decision_date": np.where(decided, np.where(temporary, s["temporary_date"], s["named_date"]), never),
        "decision_ref": pd.Series(reference, index=state.index, dtype=object),
        "evidence": np.where(discretionary & evidence, "evidence", np.where(discretionary, "payments", "")),
        "paid_on_time_12m": paid,
        "expired_on": np.where(expired_src == "named", s["named_expiry"],
                               np.where(expired_src == "temporary", s["temporary_expiry"], never)),
        "expired_limit": np.where(expired_src == "named", s["named_value"],
                                  np.where(expired_src == "temporary", s["temporary_value"], np.nan)),
        "fallback_limit": fallback,
        "evidence_date": info["evidence_date"],
    }, index=state.index)


def _justification(table: pd.DataFrame, state: pd.DataFrame, policy: Policy, language: str) -> pd.Series:
    """Why the debtor has this cover, in words (one sentence per row)."""
    words = TEXT["fr" if language == "fr" else "en"]
    insurer = policy.insurer or words["insurer"]
    cur = policy.currency

    def one(row) -> str:
        kind = row.limit_type
        if kind == "excluded":
            return words["excluded"]
        if kind == "discretionary":
            if row.evidence == "evidence":
                return words["evidence"].format(date=day(row.evidence_date, language))
            return words["payments"].format(amount=money(row.paid_on_time_12m, cur, language))
        if kind == "non_named":
            return words["non_named"].format(amount=money(policy.non_named_threshold, cur, language))
        if row.blocked:
            text = words["withdrawn" if row.block_decision == "withdrawn" else "refused"].format(
                date=day(row.block_date, language))
        elif kind in ("named", "temporary"):
            text = words["decision"].format(insurer=insurer, date=day(row.decision_date, language))
            text += words["ref"].format(ref=row.decision_ref) if isinstance(row.decision_ref, str) else ""
        else:
            return words["none"]
        if pd.notna(row.cut_date):
            text += words["reduced"].format(date=day(row.cut_date, language), amount=money(row.former_limit, cur, language))
        return text

    rows = table.join(state[["blocked", "block_decision", "block_date", "cut_date", "former_limit"]])
    return pd.Series([one(r) for r in rows.itertuples()], index=table.index, dtype=object)
