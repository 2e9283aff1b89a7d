"""Turnover declaration (déclaration de chiffre d'affaires) and premium (prime).

Turnover is counted by invoice date, credit notes deducted, per period (`2025-Q1` or `2025-01`
per Policy `turnover_period`), country of the debtor and insured flag (excluded debtors are
not insured). The window is the 12 months up to as_of in whole periods: the 4 quarters (or 12
months) ending with the period that contains as_of, documents dated on or before as_of (the
current period is therefore partial; `complete` says whether a period has ended, as_of > its
last day). The window starts at the period of the first invoice or credit note: no declaration
is drafted for a period without data, before it, or after as_of (none at all from an empty
workbook). Every period from then on has at least one row: a period with no document inside
that range is a nil declaration, and its `note` says so.

premium = premium_rate x insured turnover on `premium_basis` (excl. or incl. VAT); uninsured
rows carry no premium. An invoice without `amount_excl_vat` is counted at its amount incl.
VAT, never grossed down by a guessed VAT rate, with a warning naming the row (one sheet-level
warning when the column is empty throughout).

Minimum premium: the policy sets a minimum per policy year. The Policy sheet has no policy-year
start date, so the 12-month window stands for the policy year: one extra row, period
`2025-Q1..2025-Q4 minimum`, carries the top-up max(0, minimum_premium - premiums of the window)
with the window's insured turnover. It is never spread over the periods.

Worked example (quarters, rate 0.25 %): as_of 2025-11-15, FR insured sales 100,000 in 2025-Q2
give the row (2025-Q2, FR, True, 100000, 250); with minimum_premium 1,000 and no other sales
the top-up row is (2025-Q1..2025-Q4 minimum, None, True, 100000, 750).
"""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pandas as pd

from .ledger import debtor_ids, is_credit_note, positions, sorted_order, ticked, values_at
from .model import Issue, row_issues
from .policy import Policy
from .texts import message, text

KEY_COLUMNS = ["period", "country", "insured", "turnover_excl_vat", "premium"]
EXTRA_COLUMNS = ["turnover_incl_vat", "documents", "complete", "period_start", "period_end", "note"]
MINIMUM_SUFFIX = " minimum"


def premium(basis, rate: float):
    """The premium on an insured turnover (a figure, or a Series or array of declaration rows): rate x the
    turnover on the Policy's premium basis, rounded to the cent. The one premium rule: the
    Turnover sheet, the Portfolio's variants and CREDIT_PREMIUM call it.

    >>> premium(100000.0, 0.0025)
    250.0
    """
    return np.round(basis * rate, 2) if isinstance(basis, (pd.Series, np.ndarray)) else round(float(basis) * rate, 2)


def yearly_premium(premiums: float, minimum: float) -> float:
    """What a policy year costs: the sum of its periods' premiums, topped up to the minimum premium.

    >>> yearly_premium(750.0, 1000.0), yearly_premium(1250.0, 1000.0)
    (1000.0, 1250.0)
    """
    return round(max(float(premiums), float(minimum or 0.0)), 2)


def period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of '2025-Q1' or '2025-01'; ValueError with the accepted forms otherwise."""
    text = period.strip().upper()
    quarter = re.fullmatch(r"(\d{4})-?Q([1-4])", text)
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if quarter:
        start = pd.Timestamp(int(quarter[1]), 3 * int(quarter[2]) - 2, 1)
        return start, start + pd.offsets.QuarterEnd(0)
    if month and 1 <= int(month[2]) <= 12:
        start = pd.Timestamp(int(month[1]), int(month[2]), 1)
        return start, start + pd.offsets.MonthEnd(0)
    raise ValueError(message("turnover.bad_period", period=period))


def turnover(invoices: pd.DataFrame, debtors: pd.DataFrame, policy: Policy, as_of) -> tuple[pd.DataFrame, list[Issue]]:
    """The `Turnover` sheet: the 12 months up to as_of, from the period of the first document on
    (no data, no declaration), then the minimum-premium top-up row."""
    as_of = pd.Timestamp(as_of)
    step = 3 if policy.turnover_period == "quarter" else 1
    last_start = _period_start(as_of.to_datetime64(), policy.turnover_period)
    first = data_start(invoices, policy.turnover_period, as_of)
    if first is None or first > last_start:
        return pd.DataFrame({c: [] for c in KEY_COLUMNS + EXTRA_COLUMNS}), []
    first_start = max(last_start - pd.DateOffset(months=12 - step), first)
    rows, issues = _declared(invoices, debtors, policy, first_start, as_of, as_of)
    rows = _sheet(rows, sorted_order(rows["period_start"], ~rows["insured"], rows["country"]))
    if policy.minimum_premium > 0:
        rows = pd.concat([rows, _top_up(rows, policy, first_start, last_start + pd.DateOffset(months=step) - pd.Timedelta(days=1))],
                         ignore_index=True)[KEY_COLUMNS + EXTRA_COLUMNS]
    return rows, issues


def data_start(invoices: pd.DataFrame, kind: str, as_of) -> pd.Timestamp | None:
    """First day of the period of the first invoice or credit note dated on or before as_of (None: none)."""
    dates = invoices["invoice_date"].to_numpy("datetime64[ns]")
    dated = dates[dates <= pd.Timestamp(as_of).to_datetime64()]  # NaT: not dated
    return _period_start(dated.min(), kind) if len(dated) else None


def _period_start(date: np.datetime64, kind: str) -> pd.Timestamp:
    """First day of the period holding `date`."""
    return period_bounds(_period_labels(_period_keys(np.array([date], "datetime64[ns]"), kind), kind)[0])[0]


def turnover_declaration(period: str, invoices: pd.DataFrame, debtors: pd.DataFrame, policy: Policy,
                         as_of) -> tuple[pd.DataFrame, list[Issue]]:
    """One period's declaration rows ('2025-Q1' or '2025-01'), documents dated on or before as_of;
    none for a period before the first document or starting after as_of."""
    start, end = period_bounds(period)
    kind = "quarter" if "Q" in period.upper() else "month"
    as_of = pd.Timestamp(as_of)
    first = data_start(invoices, kind, as_of)
    if first is None or start < first or start > as_of:
        return pd.DataFrame({c: [] for c in KEY_COLUMNS + EXTRA_COLUMNS}), []
    rows, issues = _declared(invoices, debtors, replace(policy, turnover_period=kind), start, min(end, as_of), as_of)
    return _sheet(rows, sorted_order(~rows["insured"], rows["country"])), issues


def _sheet(rows: dict[str, np.ndarray], order: np.ndarray) -> pd.DataFrame:
    """The declaration rows in this order, as the sheet lays them out."""
    return pd.DataFrame({c: pd.Series(rows[c][order], dtype=object) if c in ("country", "note") else rows[c][order]
                         for c in KEY_COLUMNS + EXTRA_COLUMNS})


def _declared(invoices: pd.DataFrame, debtors: pd.DataFrame, policy: Policy, start: pd.Timestamp,
              until: pd.Timestamp, as_of: pd.Timestamp) -> tuple[dict[str, np.ndarray], list[Issue]]:
    """Rows per period, country and insured flag for documents dated in [start, until], as columns."""
    dated = invoices["invoice_date"].to_numpy("datetime64[ns]")
    docs = np.flatnonzero((dated >= start.to_datetime64()) & (dated <= until.to_datetime64()))
    sign = np.where(is_credit_note(invoices)[docs], -1.0, 1.0)
    amount = invoices["amount"].to_numpy(float)[docs]
    excl_vat = invoices["amount_excl_vat"].to_numpy(float, na_value=np.nan)[docs]
    missing = np.isnan(excl_vat)
    issues = _missing_excl_vat(invoices, invoices.iloc[docs], missing) if missing.any() else []
    ids, first = debtor_ids(debtors)
    client = positions(ids, invoices["debtor_id"].to_numpy(object)[docs])
    country = values_at(debtors["country"].to_numpy(object)[first], client)
    insured = ~values_at(ticked(debtors["excluded"])[first], client, False)
    # one integer key per (period, country, insured), ordered as the group-by sorts them (no country last)
    period = _period_keys(dated[docs], policy.turnover_period)
    rank, countries = pd.factorize(country, sort=True)
    rank = np.where(rank < 0, len(countries), rank)
    key = (period * (len(countries) + 1) + rank) * 2 + insured
    sums = pd.DataFrame({"turnover_excl_vat": sign * np.abs(np.where(missing, amount, excl_vat)),
                         "turnover_incl_vat": sign * np.abs(amount), "documents": 1}).groupby(key).sum()
    key = sums.index.to_numpy(np.int64)
    group, period = key % 2 == 1, key // 2 // (len(countries) + 1)
    rank = key // 2 % (len(countries) + 1)
    months = np.arange(_period_keys(np.array([start.to_datetime64()]), "month")[0],
                       _period_keys(np.array([until.to_datetime64()]), "month")[0] + 1)
    every = pd.unique(months // 3 if policy.turnover_period == "quarter" else months)
    nil = every[~np.isin(every, period)]
    labels = _period_labels(np.r_[period, nil], policy.turnover_period)
    rows = {"period": labels, "country": np.r_[np.array([*countries, None], object)[rank], [None] * len(nil)],
            "insured": np.r_[group, np.ones(len(nil), bool)],
            "turnover_excl_vat": np.r_[sums["turnover_excl_vat"].to_numpy(), np.zeros(len(nil))],
            "turnover_incl_vat": np.r_[sums["turnover_incl_vat"].to_numpy(), np.zeros(len(nil))],
            "documents": np.r_[sums["documents"].to_numpy(np.int64), np.zeros(len(nil), np.int64)],
            "note": np.array([None] * len(key) + [text("turnover_note.nil", policy.language)] * len(nil), object)}
    basis = rows["turnover_excl_vat"] if policy.premium_basis == "excl_vat" else rows["turnover_incl_vat"]
    rows["premium"] = np.where(rows["insured"], premium(basis, policy.premium_rate), 0.0)
    code, distinct = pd.factorize(labels)
    bounds = pd.DataFrame([period_bounds(p) for p in distinct], columns=["period_start", "period_end"])
    rows["period_start"] = bounds["period_start"].to_numpy()[code]
    rows["period_end"] = bounds["period_end"].to_numpy()[code]
    rows["complete"] = as_of.to_datetime64() > rows["period_end"]
    return rows, issues


def _period_keys(dates: np.ndarray, kind: str) -> np.ndarray:
    """Each date's period as an integer that sorts as its label: months (or quarters) since 1970."""
    months = dates.astype("datetime64[M]").astype(np.int64)
    return months if kind == "month" else months // 3


def _period_labels(keys: np.ndarray, kind: str) -> np.ndarray:
    """The labels of period keys: '2025-Q1' or '2025-01', each distinct one worded once."""
    code, distinct = pd.factorize(keys)
    words = [f"{1970 + k // 12}-{k % 12 + 1:02d}" if kind == "month" else f"{1970 + k // 4}-Q{k % 4 + 1}"
             for k in distinct.tolist()]
    return np.array(words, object)[code] if len(keys) else np.zeros(0, object)


def _missing_excl_vat(invoices: pd.DataFrame, docs: pd.DataFrame, missing: np.ndarray) -> list[Issue]:
    """The issues for the documents `docs` without amount_excl_vat (`missing`, some of them)."""
    if invoices["amount_excl_vat"].isna().all():
        return [Issue("Invoices", None, "amount_excl_vat", "warning", message("turnover.no_excl_vat_column"))]
    return row_issues(docs, missing, "Invoices", "amount_excl_vat", "warning", message("turnover.no_excl_vat"))


def _top_up(rows: pd.DataFrame, policy: Policy, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The yearly minimum-premium row for the window [start, end]."""
    insured = rows.loc[rows["insured"]]
    label = f"{rows['period'].iloc[0]}..{rows['period'].iloc[-1]}{MINIMUM_SUFFIX}"
    paid = float(rows["premium"].sum())
    top_up = round(yearly_premium(paid, policy.minimum_premium) - paid, 2)
    return pd.DataFrame({"period": [label], "country": [None], "insured": [True],
                         "turnover_excl_vat": [float(insured["turnover_excl_vat"].sum())], "premium": [top_up],
                         "turnover_incl_vat": [float(insured["turnover_incl_vat"].sum())],
                         "documents": [int(insured["documents"].sum())], "complete": [bool(rows["complete"].all())],
                         "period_start": [start], "period_end": [end], "note": [None]})
