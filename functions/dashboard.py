"""The figures behind the `Dashboard` sheet (tableau de bord): small frames, one per chart or table.

- `quality`: rows read, repaired and left out per input sheet, and the amount left out
  (functions.checks.QUALITY_COLUMNS), shown first;
- `key_figures`: as_of, currency, exposure, covered, insured_amount, uninsured, uninsured_share,
  overdue, overdue_share, dso, dbt (portfolio count-back, see `portfolio_dso`),
  declarations_due (drafts to send) and declarations_late (drafts past their due_by);
- `aged_balance`: the 15 largest open balances split by aging bucket (balance âgée);
- `cover`: the 15 largest exposures against their cover: covered, uninsured, unused_limit (limit -
  covered: the stacked bar covered + unused_limit is the limit), limit, exposure;
- `grades`: debtors and exposure per score grade A-E;
- `deadline_weeks`: amounts of every kind of deadline falling in the next 30 days, by week:
  overdue notices, hand-overs, insolvency notices, proofs of claim, limit expiries;
- `deadlines`: those deadlines per debtor and date (table under the chart);
- `penalties`: late interest and recovery indemnities per client in the policy currency, claimed
  and not claimed (below the Policy's thresholds, functions.penalties.claim), largest claim
  first, then a `total` row; the two grand totals are also key figures;
- `history`: exposure and uninsured amount at each point of the portfolio history, and
  `expected_loss`: expected loss and indemnity per risk class, from the same
  PortfolioAnalysis as the `Portfolio` sheet (functions.portfolio).

Portfolio DSO is the count-back of the summed receivables over the summed monthly sales (not an
average of the debtors' DSOs), DBT the same minus the count-back of the not-yet-due part.
Worked example: receivables 150, monthly sales newest first 100, 100 over 30-day months:
DSO = 30 + 50/100 x 30 = 45 days; not due 60 -> best DSO 60/100 x 30 = 18, DBT 27.

The blocks travel through the Book port as they are (a dict of frames): the writers lay them
out (addin.workbook.layout).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .aging import bucket_names, count_back, monthly_sales
from .ledger import Ledger, lookup
from .policy import Policy

TOP = 15
HORIZON_DAYS = 30
WEEKS = ((1, 7), (8, 14), (15, 21), (22, 30))  # days after as_of, inclusive; day 0 = as_of itself


def portfolio_dso(ledger: Ledger, aging: pd.DataFrame) -> tuple[float, float]:
    """(DSO, DBT) of the whole portfolio: count-back on total receivables and total monthly sales."""
    ids = pd.Index(aging["debtor_id"], name="debtor_id")
    sales, days = monthly_sales(ledger, ids)
    total = sales.sum(axis=0)[None, :]
    receivables = np.array([aging["total"].sum(), aging["not_due"].sum()])
    dso, best = count_back(receivables, np.vstack([total, total]), days)
    return float(dso), float(dso - best)


def key_figures(aging: pd.DataFrame, exposure: pd.DataFrame, declarations: pd.DataFrame, ledger: Ledger,
                policy: Policy, as_of, penalties: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per key figure: figure, value."""
    as_of = pd.Timestamp(as_of)
    gross = aging["total"].sum() + aging["unapplied_credit"].sum()
    total_exposure = exposure["exposure"].sum()
    drafts = declarations.loc[declarations["status"] == "draft"]
    dso, dbt = portfolio_dso(ledger, aging)
    figures = {
        "as_of": as_of, "currency": policy.currency,
        "exposure": total_exposure, "covered": exposure["covered"].sum(),
        "insured_amount": exposure["insured_amount"].sum(), "uninsured": exposure["uninsured"].sum(),
        "uninsured_share": _share(exposure["uninsured"].sum(), total_exposure),
        "overdue": aging["overdue"].sum(), "overdue_share": _share(aging["overdue"].sum(), gross),
        "dso": dso, "dbt": dbt,
        "declarations_due": len(drafts), "declarations_late": int((drafts["due_by"] < as_of).sum()),
    }
    if penalties is not None:
        total = penalties.iloc[-1] if len(penalties) else pd.Series({"claimed": 0.0, "not_claimed": 0.0})
        figures.update(penalties_claimed=float(total["claimed"]), penalties_not_claimed=float(total["not_claimed"]))
    return pd.DataFrame({"figure": list(figures), "value": pd.Series(list(figures.values()), dtype=object)})


def _share(part: float, whole: float) -> float:
    return float(part / whole) if whole else 0.0


def _largest(frame: pd.DataFrame, column: str, top: int) -> pd.DataFrame:
    """The `top` rows with the largest positive `column`, largest first (ties by debtor_id)."""
    positive = frame.loc[frame[column] > 0]
    return positive.sort_values([column, "debtor_id"], ascending=[False, True], kind="stable").head(top)


def aged_balance(aging: pd.DataFrame, buckets: list[str], top: int = TOP) -> pd.DataFrame:
    """debtor_id, name, one column per bucket, for the largest gross open balances."""
    gross = aging.assign(gross=aging[buckets].sum(axis=1))
    return _largest(gross, "gross", top)[["debtor_id", "name", *buckets]].reset_index(drop=True)


def cover(exposure: pd.DataFrame, top: int = TOP) -> pd.DataFrame:
    """debtor_id, name, covered, uninsured, unused_limit, limit, exposure for the largest exposures."""
    largest = _largest(exposure, "exposure", top)
    unused = (largest["limit"].fillna(0.0) - largest["covered"]).clip(lower=0.0)
    return (largest.assign(unused_limit=unused)[["debtor_id", "name", "covered", "uninsured", "unused_limit", "limit",
                                                 "exposure"]].reset_index(drop=True))


def grades(scores: pd.DataFrame, exposure: pd.DataFrame) -> pd.DataFrame:
    """grade (A-E, then `-` for unscored), debtors, exposure."""
    grade = scores.set_index("debtor_id")["grade"].fillna("-")
    amounts = exposure.set_index("debtor_id")["exposure"].reindex(grade.index, fill_value=0.0)
    table = pd.DataFrame({"grade": grade.to_numpy(), "exposure": amounts.to_numpy()})
    letters = ["A", "B", "C", "D", "E"] + (["-"] if (grade == "-").any() else [])
    by = table.groupby("grade")
    return pd.DataFrame({"grade": letters,
                         "debtors": by.size().reindex(letters, fill_value=0).astype(int).to_numpy(),
                         "exposure": by["exposure"].sum().reindex(letters, fill_value=0.0).to_numpy()})


def penalty_totals(penalties: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """debtor_id, name, invoices (claimed), claimed, not_claimed: interest + indemnity per client in the
    policy currency, largest claim first, then a `total` row (debtor_id `total`, name blank).

    Worked example: D1 owes 12.00 + 40 claimed and 1.00 + 40 not claimed, D2 3.00 + 40 claimed ->
    D1 (1, 52.00, 41.00), D2 (1, 43.00, 0.00), total (2, 95.00, 41.00).
    """
    interest = penalties["interest_converted"] if "interest_converted" in penalties else penalties["interest"]
    owed = interest.fillna(0.0) + penalties["indemnity"]
    is_claimed = penalties["claim"].eq("claimed") if "claim" in penalties else pd.Series(True, index=penalties.index)
    by = pd.DataFrame({"debtor_id": penalties["debtor_id"], "invoices": is_claimed.astype(int),
                       "claimed": owed.where(is_claimed, 0.0), "not_claimed": owed.where(~is_claimed, 0.0)})
    table = by.groupby("debtor_id", sort=True).sum().reset_index()
    table = table.sort_values(["claimed", "not_claimed", "debtor_id"], ascending=[False, False, True], kind="stable")
    table.insert(1, "name", lookup(table["debtor_id"], names).to_numpy() if len(table) else [])
    total = pd.DataFrame({"debtor_id": ["total"], "name": [None], "invoices": [int(table["invoices"].sum())],
                          "claimed": [float(table["claimed"].sum())], "not_claimed": [float(table["not_claimed"].sum())]})
    out = pd.concat([table, total], ignore_index=True)
    return out.astype({"invoices": int, "claimed": float, "not_claimed": float}).round({"claimed": 2, "not_claimed": 2})


DEADLINE_KINDS = ("notify_by", "handover_by", "insolvency_notice_by", "proof_of_claim_by", "limit_expiry")
CLAIM_KINDS = {"insolvency_notice": "insolvency_notice_by", "proof_of_claim": "proof_of_claim_by"}


def upcoming_deadlines(deadlines: pd.DataFrame, as_of, days: int = HORIZON_DAYS, declarations: pd.DataFrame | None = None,
                       exposure: pd.DataFrame | None = None) -> pd.DataFrame:
    """date, deadline (one of DEADLINE_KINDS), debtor_id, name, invoices, amount: obligations not
    yet met whose last day falls within as_of .. as_of + days, earliest first. Every kind of
    deadline: overdue notices and hand-overs per invoice (Deadlines), insolvency notices and proofs
    of claim still to send (Declarations drafts), and limits expiring (Exposure)."""
    as_of = pd.Timestamp(as_of)
    end = as_of + pd.Timedelta(days=days)
    within = lambda dates: (dates >= as_of) & (dates <= end)  # noqa: E731
    open_notice = deadlines["notice_id"].isna() & deadlines["collection_id"].isna()
    open_handover = deadlines["collection_id"].isna()
    parts = []
    for kind, pending in (("notify_by", open_notice), ("handover_by", open_handover)):
        rows = deadlines.loc[pending & within(deadlines[kind])]
        parts.append(pd.DataFrame({"date": rows[kind], "deadline": kind, "debtor_id": rows["debtor_id"],
                                   "name": rows["name"], "amount": rows["open"], "count": 1}))
    if declarations is not None and len(declarations):
        drafts = declarations.loc[declarations["type"].isin(list(CLAIM_KINDS)) & (declarations["status"] == "draft")
                                  & within(declarations["due_by"])]
        names = exposure.set_index("debtor_id")["name"] if exposure is not None else pd.Series(dtype=object)
        parts.append(pd.DataFrame({"date": drafts["due_by"], "deadline": drafts["type"].map(CLAIM_KINDS),
                                   "debtor_id": drafts["debtor_id"], "name": drafts["debtor_id"].map(names),
                                   "amount": drafts["amount"], "count": drafts["invoices"].fillna(0)}))
    if exposure is not None and len(exposure):
        limited = exposure["limit_type"].isin(["named", "temporary", "discretionary"]) & exposure["cover_stopped"].isna()
        rows = exposure.loc[limited & within(exposure["expiry_date"])]
        parts.append(pd.DataFrame({"date": rows["expiry_date"], "deadline": "limit_expiry", "debtor_id": rows["debtor_id"],
                                   "name": rows["name"], "amount": rows["exposure"], "count": 0}))
    rows = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    rank = rows["deadline"].map({k: i for i, k in enumerate(DEADLINE_KINDS)})
    table = (rows.assign(rank=rank).groupby(["date", "rank", "deadline", "debtor_id"], sort=True, dropna=False)
             .agg(name=("name", "first"), invoices=("count", "sum"), amount=("amount", "sum")).reset_index())
    return table[["date", "deadline", "debtor_id", "name", "invoices", "amount"]].astype(
        {"date": "datetime64[ns]", "invoices": int, "amount": float})


def deadline_weeks(upcoming: pd.DataFrame, as_of) -> pd.DataFrame:
    """week (`0-7`, `8-14`, ... days from as_of), then the amount of each kind of deadline."""
    offset = (upcoming["date"] - pd.Timestamp(as_of)).dt.days.to_numpy()
    labels = [f"{0 if k == 0 else lo}-{hi}" for k, (lo, hi) in enumerate(WEEKS)]
    week = np.searchsorted(np.array([hi for _, hi in WEEKS]), offset, side="left")
    table = pd.DataFrame({"week": week, "deadline": upcoming["deadline"].to_numpy(), "amount": upcoming["amount"]})
    amounts = table.pivot_table(index="week", columns="deadline", values="amount", aggfunc="sum", fill_value=0.0)
    amounts = amounts.reindex(index=range(len(WEEKS)), columns=list(DEADLINE_KINDS), fill_value=0.0)
    return pd.DataFrame({"week": labels, **{k: amounts[k].to_numpy(dtype=float) for k in DEADLINE_KINDS}})


def dashboard(tables, policy: Policy, as_of) -> dict[str, pd.DataFrame]:
    """Every block of the Dashboard from the analysis' tables (functions.analysis): quality, aging,
    exposure, scores, deadlines, declarations, due_ledger and portfolio."""
    aging, exposure, portfolio = tables["aging"], tables["exposure"], tables["portfolio"]
    upcoming = upcoming_deadlines(tables["deadlines"], as_of, declarations=tables["declarations"], exposure=exposure)
    expected = portfolio.expected
    penalties = penalty_totals(tables["penalties"], exposure.set_index("debtor_id")["name"])
    return {
        "quality": tables["quality"].reset_index(drop=True),
        "key_figures": key_figures(aging, exposure, tables["declarations"], tables["due_ledger"], policy, as_of,
                                   penalties),
        "aged_balance": aged_balance(aging, bucket_names(policy.aging_buckets)),
        "cover": cover(exposure),
        "grades": grades(tables["scores"], exposure),
        "history": portfolio.history[["date", "exposure", "uninsured"]].reset_index(drop=True),
        "expected_loss": expected.loc[expected["risk_class"] != "total",
                                      ["risk_class", "expected_loss", "expected_indemnity"]].reset_index(drop=True),
        "deadline_weeks": deadline_weeks(upcoming, as_of),
        "deadlines": upcoming,
        "penalties": penalties,
    }
