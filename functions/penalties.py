"""Late-payment penalties (pénalités de retard) and the fixed recovery indemnity (indemnité
forfaitaire pour frais de recouvrement).

Rules (Policy `interest_rule`):
- `fr` (Code de commerce L441-10): ECB rate in force on 1 January for the days of the first
  half-year, on 1 July for the second, + `late_penalty_points` (10);
- `eu` (directive 2011/7): ECB rate of the semester + 8 points;
- `contract`: `contract_rate`, never below 3 x the legal interest rate of the semester; with
  no contract_rate the `fr` rule applies (and a warning says so).
Interest = balance x rate x days / 365, split across semesters. Days late run from the day
after the due date to the paid date, or to as_of while the invoice is open. The indemnity
(`recovery_indemnity`, 40 EUR) is due once per invoice paid late or still overdue.

Worked example: 10,000 EUR due 2025-05-15, paid 2025-08-15, `fr` rule: 92 days late, 46 in
2025-H1 at 3.15 + 10 = 13.15 % and 46 in 2025-H2 at 2.15 + 10 = 12.15 %:
10000 x 0.1315 x 46/365 + 10000 x 0.1215 x 46/365 = 165.73 + 153.12 = 318.85, indemnity 40.

Balance used: the amount still unpaid at as_of for open invoices, the invoice amount for
invoices settled late (partial payments before settlement are not tracked by day).
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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cover import percent
from .fx import currency_codes
from .ledger import Ledger
from .model import Issue
from .policy import Policy
from .texts import message, text
from .rates import RateTable, missing_rate, rate_table, semester_end, semester_label, semester_starts

KEY_COLUMNS = ["invoice_id", "debtor_id", "days_late", "rate", "interest", "indemnity"]
EXTRA_COLUMNS = ["claim", "due_date", "end_date", "paid", "balance", "basis", "disputed", "rule", "semesters", "currency"]
CLAIMS = ("claimed", "not_claimed")  # `claim`: below the Policy's thresholds a penalty is listed apart, not claimed
EU_POINTS = 8.0
LOOKBACK_MONTHS = 12


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
    """
    table = rates if rates is not None else rate_table()[0]
    rows = pd.DataFrame({"due_date": [pd.Timestamp(due_date)], "end_date": [pd.Timestamp(paid_or_as_of)],
                         "balance": [float(amount)]})
    result, issues = _interest(rows, rule or policy.interest_rule, policy, table, policy.language)
    late = int(result["days_late"].iloc[0])
    return LateInterest(late, float(result["rate"].iloc[0]), float(result["interest"].iloc[0]),
                        policy.recovery_indemnity if late > 0 else 0.0, result["semesters"].iloc[0], issues)


def penalties(ledger: Ledger, policy: Policy, rates: pd.DataFrame | RateTable | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Penalties` sheet: open overdue invoices and invoices settled late in the last 12 months."""
    table, issues = rates, []
    if not isinstance(rates, RateTable):
        table, issues = rate_table(rates)
    inv = ledger.invoices
    as_of = ledger.as_of
    is_open = (inv["open"] > 0) & (inv["due_date"] < as_of)
    since = as_of - pd.DateOffset(months=LOOKBACK_MONTHS)
    paid_late = (inv["open"] <= 0) & (inv["settled_date"] > inv["due_date"]) & (inv["settled_date"] > since)
    rows = inv.loc[is_open | paid_late].copy()
    rows["paid"] = ~is_open.loc[rows.index]
    rows["end_date"] = rows["settled_date"].where(rows["paid"], as_of)
    rows["balance"] = rows["amount"].where(rows["paid"], rows["open"])
    rows["basis"] = np.where(rows["paid"], "invoice_amount", "open_balance")
    rule = policy.interest_rule
    if rule == "contract" and policy.contract_rate is None:
        issues.append(Issue("Policy", None, "contract_rate", "warning", message("penalty.no_contract_rate")))
        rule = "fr"
    computed, rate_issues = _interest(rows, rule, policy, table, policy.language)
    rows[computed.columns] = computed
    rows["indemnity"] = policy.recovery_indemnity
    rows["claim"] = claim(rows, policy)
    rows["rule"] = rule
    rows["currency"] = currency_codes(rows.get("currency"), rows.index, policy.currency)
    rows["disputed"] = rows["disputed"].fillna(False).astype(bool) if "disputed" in rows else False
    rows = rows.assign(_apart=rows["claim"] != "claimed").sort_values(["_apart", "debtor_id", "due_date", "invoice_id"],
                                                                       kind="stable")
    return rows[KEY_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True), issues + rate_issues


def claimed(rows: pd.DataFrame) -> pd.Series:
    """The Penalties rows a letter claims (all of them for a table without the `claim` column)."""
    return rows["claim"].eq("claimed") if "claim" in rows else pd.Series(True, index=rows.index)


def claim(rows: pd.DataFrame, policy: Policy) -> np.ndarray:
    """`claimed`, or `not_claimed` below the Policy's thresholds: fewer than `penalty_min_days` days
    late, or interest + indemnity under `penalty_min_amount` (an unknown interest counts as 0).

    >>> rows = pd.DataFrame({"days_late": [3, 12, 12], "interest": [0.5, 4.0, float("nan")], "indemnity": [40.0, 0.0, 0.0]})
    >>> claim(rows, Policy(penalty_min_days=5, penalty_min_amount=10)).tolist()
    ['not_claimed', 'not_claimed', 'not_claimed']
    >>> claim(rows, Policy(penalty_min_days=5, penalty_min_amount=0)).tolist()
    ['not_claimed', 'claimed', 'claimed']
    """
    total = rows["interest"].fillna(0.0) + rows["indemnity"]
    enough = (rows["days_late"] >= policy.penalty_min_days) & (total >= policy.penalty_min_amount)
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


def _interest(rows: pd.DataFrame, rule: str, policy: Policy, table: RateTable,
              language: str = "en") -> tuple[pd.DataFrame, list[Issue]]:
    """days_late, rate, interest, semesters for rows with due_date, end_date, balance.

    Vectorised over rows; the loop runs over the handful of semesters the late days span.
    """
    due, end, balance = rows["due_date"], rows["end_date"], rows["balance"].to_numpy(float)
    late = (end - due).dt.days.clip(lower=0).to_numpy()
    interest = np.zeros(len(rows))
    rate_days = np.zeros(len(rows))
    detail = pd.Series("", index=rows.index, dtype=object)
    issues: list[Issue] = []
    first = (due + pd.Timedelta(days=1)).min() if len(rows) else pd.NaT
    separator = text("score.separator", language)
    for start in semester_starts(first, end.max() if len(rows) else pd.NaT):
        # Late days in this semester: d with due < d <= end and start <= d <= semester end.
        lower = due.where(due > start - pd.Timedelta(days=1), start - pd.Timedelta(days=1))
        upper = end.where(end < semester_end(start), semester_end(start))
        days = (upper - lower).dt.days.clip(lower=0).to_numpy()
        if not days.any():
            continue
        rate, problems = semester_rate(start, rule, policy, table)
        issues += problems
        hit = days > 0
        interest = np.where(hit, interest + balance * rate / 100.0 * days / 365.0, interest)
        rate_days = np.where(hit, rate_days + rate * days, rate_days)
        at = text("penalty.no_rate", language) if np.isnan(rate) else percent(rate, language)
        # text only for the rows late in this semester: string work is the costly part
        days_text = pd.Series(days[hit], index=rows.index[hit]).astype(str)
        before, after = text("penalty.semester", language, label=semester_label(start, language), rate=at,
                             days="{days}").split("{days}")
        detail.loc[hit] = detail.loc[hit] + before + days_text + after + separator
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(late > 0, rate_days / np.maximum(late, 1), 0.0)
    result = pd.DataFrame({"days_late": late.astype(int), "rate": np.round(average, 4),
                           "interest": np.round(interest, 2), "semesters": detail.str.slice(0, -len(separator)).where(detail != "", "")},
                          index=rows.index)
    return result, issues
