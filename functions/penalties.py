"""Late-payment penalties (pénalités de retard) and the fixed recovery indemnity (indemnité
forfaitaire pour frais de recouvrement).

Rules (Policy `interest_rule`):
- `fr` (Code de commerce L441-10): ECB rate in force on 1 January for the days of the first
  half-year, on 1 July for the second, + `late_penalty_points` (10);
- `eu` (directive 2011/7): ECB rate of the semester + 8 points;
- `contract`: `contract_rate`, never below 3 x the legal interest rate of the semester; with
  no contract_rate the `fr` rule applies (and a warning says so).
- `public`, for clients whose Debtors `sector` says public (public buyers under the Code de la
  commande publique): the ECB rate in force on the first day of the semester in which interest
  began to run, + `public_late_points` (8), for every day late (R2192-31: one rate, never
  split); the same 40 EUR indemnity (D2192-35). It applies per client, whatever `interest_rule`.
Interest = balance x rate x days / 365, split across semesters (one semester for `public`). Days late run from the day
after the due date to the paid date, or to as_of while the invoice is open. The indemnity
(`recovery_indemnity`, 40 EUR) is due once per invoice paid late or still overdue.

Worked example: 10,000 EUR due 2025-05-15, paid 2025-08-15, `fr` rule: 92 days late, 46 in
2025-H1 at 3.15 + 10 = 13.15 % and 46 in 2025-H2 at 2.15 + 10 = 12.15 %:
10000 x 0.1315 x 46/365 + 10000 x 0.1215 x 46/365 = 165.73 + 153.12 = 318.85, indemnity 40.

Day by day on what is still owed (L441-10): each payment received after the due date bears
interest from the due date to its own date, the balance still open bears it to as_of. Worked
example: 1,000 due 2025-03-01, 600 paid 2025-03-31 and 400 paid 2025-04-30, at 13.15 %:
600 x 0.1315 x 30/365 + 400 x 0.1315 x 60/365 = 6.48 + 8.65 = 15.13. A credit note is not a
payment: what it settles bears no interest, and an invoice settled late only by credit notes
owes neither interest nor the indemnity. `balance` is the open balance of an open invoice, the
amount paid late of a settled one; `basis` says which (`open_balance`, `invoice_amount` when
the whole invoice was paid late at once, else `owed_day_by_day`).

Public buyer: the same invoice owed by a public hospital: interest runs from 2025-05-16, in
2025-H1, whose ECB rate is 3.15 % (in force on 1 January 2025): 92 days at 3.15 + 8 = 11.15 %,
10000 x 0.1115 x 92/365 = 281.04, indemnity 40.
`rate` is the day-weighted average rate over the days late, in percent (12.65 above);
`semesters` details the split: "2025-H1: 46 days at 13.15 %; 2025-H2: 46 days at 12.15 %".
A semester whose rate is unknown leaves `interest` and `rate` blank and comes back as an Issue.
Contract rates given as a fraction (0.12) are read as percent (12): a contractual rate below 1 %
cannot be lawful between businesses.

Currencies: balance and interest are in the invoice's currency (`currency` column; blank = the
policy's), computed on the original-currency balance; the fixed indemnity stays in the policy
currency (it is a fixed EUR amount in French law).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cover import percent
from .fx import currency_codes
from .ledger import Ledger, among, disputed, sorted_order
from .model import Issue
from .policy import Policy
from .texts import message, text
from .rates import RateTable, missing_rate, rate_table, semester_end, semester_label, semester_starts

KEY_COLUMNS = ["invoice_id", "debtor_id", "days_late", "rate", "interest", "indemnity"]
EXTRA_COLUMNS = ["claim", "due_date", "end_date", "paid", "balance", "basis", "disputed", "rule", "semesters", "currency"]
CLAIMS = ("claimed", "not_claimed")  # `claim`: below the Policy's thresholds a penalty is listed apart, not claimed
EU_POINTS = 8.0
PUBLIC = "public"
# Debtors `sector` values that mark a public buyer (compared lower-case, without accents, spaces or punctuation)
PUBLIC_SECTORS = {"public", "publicsector", "secteurpublic", "acheteurpublic", "publicbuyer", "publicbody",
                  "personnepublique", "pouvoiradjudicateur"}
NOT_ALNUM = re.compile(r"[^a-z0-9]")
LOOKBACK_MONTHS = 12
ROW_COLUMNS = ["invoice_id", "debtor_id", "due_date", "disputed", "currency"]  # the invoice columns the sheet keeps


@dataclass(frozen=True)
class LateInterest:
    """Late interest of one invoice."""

    days_late: int
    rate: float  # day-weighted average, percent; NaN when a semester rate is missing
    interest: float  # NaN when a semester rate is missing
    indemnity: float
    semesters: str
    issues: list[Issue] = field(default_factory=list)


def late_interest(amount: float, due_date, paid_or_as_of, rule: str | None, policy: Policy,
                  rates: RateTable | None = None) -> LateInterest:
    """Interest and indemnity on one amount paid (or still unpaid) at `paid_or_as_of`.

    >>> r = late_interest(10000, "2025-05-15", "2025-08-15", "fr", Policy())
    >>> r.days_late, r.interest, r.indemnity
    (92, 318.85, 40.0)
    >>> late_interest(10000, "2025-05-15", "2025-08-15", "public", Policy()).interest
    281.04
    """
    table = rates if rates is not None else rate_table()[0]
    due, end = (np.array([pd.Timestamp(d).to_datetime64()], "datetime64[ns]") for d in (due_date, paid_or_as_of))
    result, issues = interest_by_semester(due, end, np.array([float(amount)]), rule or policy.interest_rule, policy,
                                          table, language=policy.language)
    late = int(result["days_late"][0])
    return LateInterest(late, float(result["rate"][0]), float(result["interest"][0]),
                        policy.recovery_indemnity if late > 0 else 0.0, result["semesters"][0], issues)


def public_buyers(debtors: pd.DataFrame) -> pd.Index:
    """The debtor ids whose `sector` says public buyer (PUBLIC_SECTORS)."""
    ids = debtors["debtor_id"]
    return pd.Index(pd.unique(ids.to_numpy()[public_sector(debtors["sector"])]), dtype=ids.dtype, name=ids.name)


def public_sector(sector: pd.Series) -> np.ndarray:
    """Per row, whether `sector` says public buyer (PUBLIC_SECTORS); a blank or a number never
    does. On Python strings, each distinct sector read once: pandas' string methods cost more
    than the few sectors of a Debtors sheet."""
    names = sector.to_numpy(object).tolist()
    public = {s: _letters(s) in PUBLIC_SECTORS for s in set(names) if isinstance(s, str)}
    return np.array([public.get(s, False) for s in names], dtype=bool)


def _letters(sector: str) -> str:
    """A sector as PUBLIC_SECTORS spells it: accents dropped, lower case, letters and digits only."""
    return NOT_ALNUM.sub("", unicodedata.normalize("NFKD", sector).encode("ascii", "ignore").decode("ascii").lower())


def penalties(ledger: Ledger, policy: Policy, rates: pd.DataFrame | RateTable | None = None,
              public: pd.Index | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Penalties` sheet: open overdue invoices and invoices paid late in the last 12 months;
    invoices of the `public` debtor ids (public_buyers) under the public-procurement rule.

    Interest runs day by day on what is still owed (L441-10): each payment received after the
    due date bears interest from the due date to its own date, the open balance to as_of. What a
    credit note settles is not a late payment: it bears no interest, and an invoice settled late
    only by credit notes is not listed (no indemnity either).
    """
    table, rule, issues = interest_rule(rates, policy)
    inv = ledger.invoices
    as_of = ledger.as_of
    n = len(inv)
    pieces = _late_payments(ledger)
    paid_amount = np.bincount(pieces["row"], weights=pieces["amount"], minlength=n)
    paid_count = np.bincount(pieces["row"], minlength=n)
    last = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    np.maximum.at(last.view("int64"), pieces["row"], pieces["date"].view("int64"))
    owed = inv["open"].to_numpy(float)
    due = inv["due_date"].to_numpy("datetime64[ns]")
    is_open = (owed > 0) & (due < np.datetime64(as_of, "ns"))
    since = (as_of - pd.DateOffset(months=LOOKBACK_MONTHS)).to_datetime64()
    paid_late = (owed <= 0) & (paid_count > 0) & (inv["settled_date"].to_numpy("datetime64[ns]") > since)
    at = np.flatnonzero(is_open | paid_late)
    kept = {c: inv[c] for c in ROW_COLUMNS if c in inv}
    rows = {c: column.to_numpy()[at] for c, column in kept.items()}
    paid = ~is_open[at]
    end_date = np.where(paid, last[at], np.datetime64(as_of, "ns"))
    balance = np.where(paid, paid_amount[at], owed[at])
    whole = paid & (paid_count[at] == 1) & (paid_amount[at] >= inv["amount"].to_numpy()[at] - 0.005)
    public_rows = among(rows["debtor_id"].astype(object), public if public is not None else [])
    computed = {"days_late": np.zeros(len(at), int), "rate": np.zeros(len(at)),
                "semesters": np.full(len(at), "", dtype=object)}
    interest, rate_issues = np.full(len(at), np.nan), []
    for chosen, by in ((~public_rows, rule), (public_rows, PUBLIC)):
        if chosen.any():
            part = interest_by_semester(due[at[chosen]], end_date[chosen], balance[chosen], by, policy, table,
                                        language=policy.language)[0]
            for c in computed:
                computed[c][chosen] = part[c]
            interest[chosen], found = _owed_day_by_day(inv, at[chosen], ~paid[chosen], pieces, as_of, by, policy,
                                                       table)
            rate_issues += [i for i in found if i not in rate_issues]
    late = {"days_late": computed["days_late"], "interest": interest, "indemnity": policy.recovery_indemnity}
    columns = {
        "invoice_id": rows["invoice_id"], "debtor_id": rows["debtor_id"], "days_late": computed["days_late"],
        "rate": computed["rate"], "interest": interest, "indemnity": np.full(len(at), policy.recovery_indemnity),
        "claim": claim(late, policy), "due_date": rows["due_date"],
        "end_date": end_date, "paid": paid, "balance": balance,
        "basis": np.where(whole, "invoice_amount", np.where(paid_amount[at] > 0, "owed_day_by_day", "open_balance")),
        "disputed": disputed(kept)[at],
        "rule": np.where(public_rows, PUBLIC, rule), "semesters": computed["semesters"],
        "currency": currency_codes(pd.Series(rows["currency"], dtype=kept["currency"].dtype) if "currency" in kept
                                   else None, pd.RangeIndex(len(at)), policy.currency).to_numpy()}
    order = sorted_order(columns["claim"] != "claimed", *(rows[k] for k in ("debtor_id", "due_date", "invoice_id")))
    # built once, in order; the invoice columns keep their dtypes, the other texts stay objects
    dtypes = {**{c: kept[c].dtype for c in ("invoice_id", "debtor_id", "due_date")}, "semesters": object,
              "currency": object}
    return pd.DataFrame({c: pd.Series(v[order], dtype=dtypes[c]) if c in dtypes else v[order]
                         for c, v in columns.items()}), issues + rate_issues


def interest_rule(rates: pd.DataFrame | RateTable | None, policy: Policy) -> tuple[RateTable, str, list[Issue]]:
    """The rate table (the `Rates` sheet on top of the bundled rates) and the rule late interest runs
    under: `fr` for a `contract` rule without contract_rate, with a warning; the Issues."""
    table, issues = (rates, []) if isinstance(rates, RateTable) else rate_table(rates)
    rule = policy.interest_rule
    if rule == "contract" and policy.contract_rate is None:
        issues.append(Issue("Policy", None, "contract_rate", "warning", message("penalty.no_contract_rate")))
        rule = "fr"
    return table, rule, issues


def _late_payments(ledger: Ledger) -> dict[str, np.ndarray]:
    """Payments received after their invoice's due date: row (the invoice's position in the
    ledger), date, amount, as arrays. Credit notes are not payments. A ledger without its
    allocation trace counts each settled invoice as paid in full on its settled date."""
    inv = ledger.invoices
    trace = ledger.allocations
    if trace is None:
        row = np.flatnonzero(inv["settled_date"].notna().to_numpy())
        date, amount = inv["settled_date"].to_numpy("datetime64[ns]")[row], inv["amount"].to_numpy(float)[row]
        payment = np.ones(len(row), bool)
    else:
        row, date = trace["row"].to_numpy(), trace["date"].to_numpy("datetime64[ns]")
        amount, payment = trace["amount"].to_numpy(float), (trace["source"] == "payment").to_numpy()
    late = payment & (date > inv["due_date"].to_numpy("datetime64[ns]")[row])
    return {"row": row[late], "date": date[late], "amount": amount[late]}


def _owed_day_by_day(inv: pd.DataFrame, at: np.ndarray, still_open: np.ndarray, pieces: dict[str, np.ndarray], as_of,
                     rule: str, policy: Policy, table: RateTable) -> tuple[np.ndarray, list[Issue]]:
    """Interest of the invoices at positions `at`: every late payment from the due date to its
    date, plus the balance still open to as_of, split by semester; NaN where a semester rate is
    unknown."""
    chosen = np.zeros(len(inv), bool)
    chosen[at] = True
    pieces = {k: v[chosen[pieces["row"]]] for k, v in pieces.items()}
    open_rows = at[still_open]
    row = np.concatenate([pieces["row"], open_rows])
    end = np.concatenate([pieces["date"], np.full(len(open_rows), np.datetime64(as_of, "ns"))])
    computed, issues = interest_by_semester(inv["due_date"].to_numpy("datetime64[ns]")[row], end, np.concatenate(
        [pieces["amount"], inv["open"].to_numpy(float)[open_rows]]), rule, policy, table, digits=None, described=False)
    interest = computed["interest"]
    total = np.bincount(row, weights=np.nan_to_num(interest), minlength=len(inv))
    unknown = np.bincount(row, weights=np.isnan(interest), minlength=len(inv)) > 0
    return np.round(np.where(unknown, np.nan, total), 2)[at], issues
def claimed(rows: pd.DataFrame) -> pd.Series:
    """The Penalties rows a letter claims (all of them for a table without the `claim` column)."""
    return rows["claim"].eq("claimed") if "claim" in rows else pd.Series(True, index=rows.index)


def claim(rows, policy: Policy) -> np.ndarray:
    """`claimed`, or `not_claimed` below the Policy's thresholds (`rows`: a frame or a dict of
    days_late, interest and indemnity): fewer than `penalty_min_days` days
    late, or interest + indemnity under `penalty_min_amount` (an unknown interest counts as 0).

    >>> rows = pd.DataFrame({"days_late": [3, 12, 12], "interest": [0.5, 4.0, float("nan")], "indemnity": [40.0, 0.0, 0.0]})
    >>> claim(rows, Policy(penalty_min_days=5, penalty_min_amount=10)).tolist()
    ['not_claimed', 'not_claimed', 'not_claimed']
    >>> claim(rows, Policy(penalty_min_days=5, penalty_min_amount=0)).tolist()
    ['not_claimed', 'claimed', 'claimed']
    """
    interest = np.asarray(rows["interest"], float)
    total = np.where(np.isnan(interest), 0.0, interest) + np.asarray(rows["indemnity"], float)
    enough = (np.asarray(rows["days_late"]) >= policy.penalty_min_days) & (total >= policy.penalty_min_amount)
    return np.where(enough, "claimed", "not_claimed")


def semester_rate(start: pd.Timestamp, rule: str, policy: Policy, table: RateTable) -> tuple[float, list[Issue]]:
    """The annual rate (percent) for the days of one semester; NaN with an Issue when unknown."""
    if rule == "contract":
        legal = table.legal_for(start)
        if legal is None:
            return np.nan, [missing_rate(start, "legal_rate")]
        contract = policy.contract_rate * 100.0 if policy.contract_rate < 1 else policy.contract_rate
        return max(contract, 3.0 * legal), []
    ecb = table.ecb_for(start)
    if ecb is None:
        return np.nan, [missing_rate(start, "ecb_mro_rate")]
    return ecb + (EU_POINTS if rule == "eu" else policy.late_penalty_points), []


def interest_by_semester(due: np.ndarray, end: np.ndarray, balance: np.ndarray, rule: str, policy: Policy,
                         table: RateTable, digits: int | None = 2, described: bool = True,
                         language: str = "en") -> tuple[dict[str, np.ndarray], list[Issue]]:
    """days_late, rate, interest (rounded to `digits`, None: not rounded), semesters (blank unless
    `described`) of amounts `balance` due at `due` and late until `end` (datetime64[ns] arrays).

    Vectorised over rows; the loop runs over the handful of semesters the late days span.
    """
    if rule == PUBLIC:
        return _public_interest(due, end, balance, policy, table, digits, language)
    late = _days_between(due, end)
    interest = np.zeros(len(due))
    rate_days = np.zeros(len(due))
    detail = np.full(len(due), "", dtype=object)
    issues: list[Issue] = []
    first = pd.Timestamp(due.min() + np.timedelta64(1, "D")) if len(due) else pd.NaT
    separator = text("score.separator", language)
    for start in semester_starts(first, pd.Timestamp(end.max()) if len(due) else pd.NaT):
        # Late days in this semester: d with due < d <= end and start <= d <= semester end.
        before_start = np.datetime64((start - pd.Timedelta(days=1)).to_datetime64(), "ns")
        last_day = np.datetime64(pd.Timestamp(semester_end(start)).to_datetime64(), "ns")
        days = _days_between(np.where(due > before_start, due, before_start), np.where(end < last_day, end, last_day))
        if not days.any():
            continue
        rate, problems = semester_rate(start, rule, policy, table)
        issues += problems
        hit = days > 0
        interest = np.where(hit, interest + balance * rate / 100.0 * days / 365.0, interest)
        rate_days = np.where(hit, rate_days + rate * days, rate_days)
        at = text("penalty.no_rate", language) if np.isnan(rate) else percent(rate, language)
        if not described:
            continue
        # text only for the rows late in this semester, added by numpy's loops over objects
        before, after = text("penalty.semester", language, label=semester_label(start, language), rate=at,
                             days="{days}").split("{days}")
        said = detail[hit]
        detail[hit] = np.where(said == "", "", said + separator) + before + days[hit].astype(str).astype(object) + after
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(late > 0, rate_days / np.maximum(late, 1), 0.0)
    return {"days_late": late.astype(int), "rate": np.round(average, 4),
            "interest": interest if digits is None else np.round(interest, digits), "semesters": detail}, issues


def _days_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole days from start to end (datetime64[ns] arrays, no blank), 0 when end is not after start."""
    return np.maximum((end - start) // np.timedelta64(1, "D"), 0)


def _public_interest(due: np.ndarray, end: np.ndarray, balance: np.ndarray, policy: Policy, table: RateTable,
                     digits: int | None = 2, language: str = "en") -> tuple[dict[str, np.ndarray], list[Issue]]:
    """The public-procurement rule (R2192-31): one rate for every day late, the ECB rate in force on
    the first day of the semester in which interest began to run (the day after the due date) + points."""
    late = _days_between(due, end)
    month = (due + np.timedelta64(1, "D")).astype("datetime64[M]").astype(np.int64)  # months since 1970
    start = month - month % 6  # 1 January or 1 July
    rate = np.full(len(due), np.nan)
    said = {}  # the semester's label and rate, in words
    issues: list[Issue] = []
    for when in pd.unique(start[late > 0]):
        first = pd.Timestamp(np.datetime64(int(when), "M"))
        ecb = table.ecb_for(first)
        if ecb is None:
            issues.append(missing_rate(first, "ecb_mro_rate"))
        known = np.nan if ecb is None else ecb + policy.public_late_points
        rate[start == when] = known
        said[when] = (semester_label(first, language),
                      text("penalty.no_rate", language) if np.isnan(known) else percent(known, language))
    detail = [text("penalty.public", language, label=said[s][0], days=d, rate=said[s][1]) if d > 0 else ""
              for s, d in zip(start, late)]
    interest = np.where(late > 0, balance * rate / 100.0 * late / 365.0, 0.0)
    return {"days_late": late.astype(int), "rate": np.round(np.where(late > 0, rate, 0.0), 4),
            "interest": interest if digits is None else np.round(interest, digits),
            "semesters": np.array(detail, dtype=object)}, issues
