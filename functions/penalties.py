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

Day by day on what is still owed (L441-10): each payment received after the due date bears
interest from the due date to its own date, the balance still open bears it to as_of. Worked
example: 1,000 due 2025-03-01, 600 paid 2025-03-31 and 400 paid 2025-04-30, at 13.15 %:
600 x 0.1315 x 30/365 + 400 x 0.1315 x 60/365 = 6.48 + 8.65 = 15.13. A credit note is not a
payment: what it settles bears no interest, and an invoice settled late only by credit notes
owes neither interest nor the indemnity. `balance` is the open balance of an open invoice, the
amount paid late of a settled one; `basis` says which ("open balance", "invoice amount" when
the whole invoice was paid late at once, else "owed day by day").
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

from .fx import currency_codes
from .ledger import Ledger, lookup
from .model import Issue
from .policy import Policy
from .rates import RateTable, missing_rate, rate_table, semester_end, semester_label, semester_starts

KEY_COLUMNS = ["invoice_id", "debtor_id", "days_late", "rate", "interest", "indemnity"]
EXTRA_COLUMNS = ["due_date", "end_date", "paid", "balance", "basis", "disputed", "rule", "semesters", "currency"]
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
    result, issues = _interest(rows, rule or policy.interest_rule, policy, table)
    late = int(result["days_late"].iloc[0])
    return LateInterest(late, float(result["rate"].iloc[0]), float(result["interest"].iloc[0]),
                        policy.recovery_indemnity if late > 0 else 0.0, result["semesters"].iloc[0], issues)


def penalties(ledger: Ledger, policy: Policy, rates: pd.DataFrame | RateTable | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Penalties` sheet: open overdue invoices and invoices paid late in the last 12 months.

    Interest runs day by day on what is still owed (L441-10): each payment received after the
    due date bears interest from the due date to its own date, the open balance to as_of. What a
    credit note settles is not a late payment: it bears no interest, and an invoice settled late
    only by credit notes is not listed (no indemnity either).
    """
    table, issues = rates, []
    if not isinstance(rates, RateTable):
        table, issues = rate_table(rates)
    inv = ledger.invoices
    as_of = ledger.as_of
    late, pieces = _late_payments(ledger)
    is_open = (inv["open"] > 0) & (inv["due_date"] < as_of)
    since = as_of - pd.DateOffset(months=LOOKBACK_MONTHS)
    paid_late = (inv["open"] <= 0) & inv["invoice_id"].isin(late.index) & (inv["settled_date"] > since)
    rows = inv.loc[is_open | paid_late].copy()
    rows["paid"] = ~is_open.loc[rows.index]
    paid_amount = lookup(rows["invoice_id"], late["amount"]).fillna(0.0)
    rows["end_date"] = lookup(rows["invoice_id"], late["last"]).astype("datetime64[ns]").where(rows["paid"], as_of)
    rows["balance"] = paid_amount.where(rows["paid"], rows["open"])
    whole = rows["paid"] & (lookup(rows["invoice_id"], late["count"]) == 1) & (paid_amount >= rows["amount"] - 0.005)
    rows["basis"] = np.where(whole, "invoice amount", np.where(paid_amount > 0, "owed day by day", "open balance"))
    rule = policy.interest_rule
    if rule == "contract" and policy.contract_rate is None:
        issues.append(Issue("Policy", None, "contract_rate", "warning",
                            "interest_rule is 'contract' but contract_rate is blank: the French rule (ECB + points) is used"))
        rule = "fr"
    computed, _ = _interest(rows, rule, policy, table)  # days late, average rate and semesters of the whole span
    rows[computed.columns] = computed
    rows["interest"], rate_issues = _owed_day_by_day(rows, pieces, rule, policy, table)
    rows["indemnity"] = policy.recovery_indemnity
    rows["rule"] = rule
    rows["currency"] = currency_codes(rows.get("currency"), rows.index, policy.currency)
    rows["disputed"] = rows["disputed"].fillna(False).astype(bool) if "disputed" in rows else False
    rows = rows.sort_values(["debtor_id", "due_date", "invoice_id"], kind="stable")
    return rows[KEY_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True), issues + rate_issues


def _late_payments(ledger: Ledger) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Payments received after the due date: per invoice id, amount (their sum), last (latest
    date) and count; and each of them (invoice_id, date, amount). Credit notes are not payments. A ledger
    without its allocation trace counts each settled invoice as paid in full on its settled date."""
    inv = ledger.invoices
    trace = ledger.allocations
    if trace is None:
        done = inv.loc[inv["settled_date"].notna()]
        trace = pd.DataFrame({"invoice_id": done["invoice_id"], "date": done["settled_date"],
                              "amount": done["amount"], "source": "payment"})
    due = lookup(trace["invoice_id"], inv.drop_duplicates("invoice_id").set_index("invoice_id")["due_date"])
    pieces = trace.loc[(trace["source"] == "payment") & (trace["date"] > due)]
    by = pieces.groupby("invoice_id", sort=False)
    summary = pd.DataFrame({"amount": by["amount"].sum(), "last": by["date"].max(), "count": by.size()})
    return summary, pieces[["invoice_id", "date", "amount"]]


def _owed_day_by_day(rows: pd.DataFrame, pieces: pd.DataFrame, rule: str, policy: Policy,
                     table: RateTable) -> tuple[pd.Series, list[Issue]]:
    """Interest of each row: every late payment from the due date to its date, plus the open
    balance to as_of (end_date), split by semester; NaN where a semester rate is unknown."""
    pieces = pieces.loc[pieces["invoice_id"].isin(rows["invoice_id"])]
    due = rows.drop_duplicates("invoice_id").set_index("invoice_id")["due_date"]
    still_open = rows.loc[~rows["paid"]]
    spans = pd.concat([
        pd.DataFrame({"invoice_id": pieces["invoice_id"].to_numpy(), "due_date": lookup(pieces["invoice_id"], due).to_numpy(),
                      "end_date": pieces["date"].to_numpy(), "balance": pieces["amount"].to_numpy()}),
        pd.DataFrame({"invoice_id": still_open["invoice_id"].to_numpy(), "due_date": still_open["due_date"].to_numpy(),
                      "end_date": still_open["end_date"].to_numpy(), "balance": still_open["open"].to_numpy()}),
    ], ignore_index=True).astype({"due_date": "datetime64[ns]", "end_date": "datetime64[ns]", "balance": float})
    computed, issues = _interest(spans, rule, policy, table, digits=None)
    by = computed["interest"].groupby(spans["invoice_id"].to_numpy())
    total = by.sum().where(~computed["interest"].isna().groupby(spans["invoice_id"].to_numpy()).any())
    return lookup(rows["invoice_id"], total).round(2), issues


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
              digits: int | None = 2) -> tuple[pd.DataFrame, list[Issue]]:
    """days_late, rate, interest (rounded to `digits`, None: not rounded), semesters for rows with
    due_date, end_date, balance.

    Vectorised over rows; the loop runs over the handful of semesters the late days span.
    """
    due, end, balance = rows["due_date"], rows["end_date"], rows["balance"].to_numpy(float)
    late = (end - due).dt.days.clip(lower=0).to_numpy()
    interest = np.zeros(len(rows))
    rate_days = np.zeros(len(rows))
    detail = pd.Series("", index=rows.index, dtype=object)
    issues: list[Issue] = []
    first = (due + pd.Timedelta(days=1)).min() if len(rows) else pd.NaT
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
        at = "no rate" if np.isnan(rate) else f"{rate:.2f} %"
        # text only for the rows late in this semester: string work is the costly part
        days_text = pd.Series(days[hit], index=rows.index[hit]).astype(str)
        detail.loc[hit] = detail.loc[hit] + f"{semester_label(start)}: " + days_text + f" days at {at}; "
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(late > 0, rate_days / np.maximum(late, 1), 0.0)
    result = pd.DataFrame({"days_late": late.astype(int), "rate": np.round(average, 4),
                           "interest": interest if digits is None else np.round(interest, digits),
                           "semesters": detail.str.rstrip("; ")}, index=rows.index)
    return result, issues
