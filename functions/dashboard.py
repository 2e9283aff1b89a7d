"""The figures behind the `Dashboard` sheet (tableau de bord): small frames, one per chart or table.

- `key_figures`: as_of, currency, exposure, covered, insured_amount, uninsured, uninsured_share,
  overdue, overdue_share, dso, dbt (portfolio count-back, see `portfolio_dso`),
  declarations_due (drafts to send) and declarations_late (drafts past their due_by);
- `aged_balance`: the 15 largest open balances split by aging bucket (balance âgée);
- `cover`: the 15 largest exposures against their cover: covered, uninsured, unused_limit (limit -
  covered: the stacked bar covered + unused_limit is the limit), limit, exposure;
- `grades`: debtors and exposure per score grade A-E;
- `deadline_weeks`: amounts whose notify-by or handover-by falls in the next 30 days, by week;
- `deadlines`: those deadlines per debtor and date (table under the chart);
- `history`: exposure and uninsured amount at each point of the portfolio history, and
  `expected_loss`: expected loss and indemnity per risk class, both read back from the
  `Portfolio` sheet (functions.portfolio) so the two sheets never disagree.

Portfolio DSO is the count-back of the summed receivables over the summed monthly sales (not an
average of the debtors' DSOs), DBT the same minus the count-back of the not-yet-due part.
Worked example: receivables 150, monthly sales newest first 100, 100 over 30-day months:
DSO = 30 + 50/100 x 30 = 45 days; not due 60 -> best DSO 60/100 x 30 = 18, DBT 27.

For the Book port the blocks travel as one long frame (`dashboard_sheet`: block, label, series,
value), which `dashboard_blocks` turns back into the frames.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .aging import bucket_names, count_back, monthly_sales
from .ledger import Ledger
from .policy import Policy

TOP = 15
HORIZON_DAYS = 30
WEEKS = ((1, 7), (8, 14), (15, 21), (22, 30))  # days after as_of, inclusive; day 0 = as_of itself
BLOCK_COLUMNS = ["block", "label", "series", "value"]


def portfolio_dso(ledger: Ledger, aging: pd.DataFrame) -> tuple[float, float]:
    """(DSO, DBT) of the whole portfolio: count-back on total receivables and total monthly sales."""
    ids = pd.Index(aging["debtor_id"], name="debtor_id")
    sales, days = monthly_sales(ledger, ids)
    total = sales.sum(axis=0)[None, :]
    receivables = np.array([aging["total"].sum(), aging["not_due"].sum()])
    dso, best = count_back(receivables, np.vstack([total, total]), days)
    return float(dso), float(dso - best)


def key_figures(aging: pd.DataFrame, exposure: pd.DataFrame, declarations: pd.DataFrame, ledger: Ledger,
                policy: Policy, as_of) -> pd.DataFrame:
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


def upcoming_deadlines(deadlines: pd.DataFrame, as_of, days: int = HORIZON_DAYS) -> pd.DataFrame:
    """date, deadline (notify_by / handover_by), debtor_id, name, invoices, amount: obligations not yet
    met whose last day falls within as_of .. as_of + days, earliest first."""
    as_of = pd.Timestamp(as_of)
    end = as_of + pd.Timedelta(days=days)
    open_notice = deadlines["notice_id"].isna() & deadlines["collection_id"].isna()
    open_handover = deadlines["collection_id"].isna()
    parts = []
    for kind, pending in (("notify_by", open_notice), ("handover_by", open_handover)):
        due = deadlines[kind]
        rows = deadlines.loc[pending & (due >= as_of) & (due <= end)]
        parts.append(pd.DataFrame({"date": rows[kind], "deadline": kind, "debtor_id": rows["debtor_id"],
                                   "name": rows["name"], "amount": rows["open"]}))
    rows = pd.concat(parts, ignore_index=True)
    table = (rows.groupby(["date", "deadline", "debtor_id"], sort=True, dropna=False)
             .agg(name=("name", "first"), invoices=("amount", "size"), amount=("amount", "sum")).reset_index())
    return table[["date", "deadline", "debtor_id", "name", "invoices", "amount"]].astype(
        {"date": "datetime64[ns]", "invoices": int, "amount": float})


def deadline_weeks(upcoming: pd.DataFrame, as_of) -> pd.DataFrame:
    """week (`0-7`, `8-14`, ... days from as_of), notify_by and handover_by amounts."""
    offset = (upcoming["date"] - pd.Timestamp(as_of)).dt.days.to_numpy()
    labels = [f"{0 if k == 0 else lo}-{hi}" for k, (lo, hi) in enumerate(WEEKS)]
    week = np.searchsorted(np.array([hi for _, hi in WEEKS]), offset, side="left")
    table = pd.DataFrame({"week": week, "deadline": upcoming["deadline"].to_numpy(), "amount": upcoming["amount"]})
    amounts = table.pivot_table(index="week", columns="deadline", values="amount", aggfunc="sum", fill_value=0.0)
    amounts = amounts.reindex(index=range(len(WEEKS)), columns=["notify_by", "handover_by"], fill_value=0.0)
    return pd.DataFrame({"week": labels, "notify_by": amounts["notify_by"].to_numpy(dtype=float),
                         "handover_by": amounts["handover_by"].to_numpy(dtype=float)})


def portfolio_block(portfolio: pd.DataFrame, section: str, measures: list[str], key: str) -> pd.DataFrame:
    """One section of the long Portfolio sheet (section | item | measure | value ...) as a table:
    `key` (the item), then one column per measure, in the sheet's order."""
    rows = portfolio.loc[(portfolio["section"] == section) & portfolio["measure"].isin(measures)]
    wide = rows.pivot(index="item", columns="measure", values="value")
    wide = wide.reindex(index=pd.unique(rows["item"]), columns=measures).astype(float)
    return wide.rename_axis(index=key, columns=None).reset_index()


def dashboard(results: dict[str, pd.DataFrame], ledger: Ledger, policy: Policy, as_of) -> dict[str, pd.DataFrame]:
    """Every block of the Dashboard from the result sheets Aging, Exposure, Scores, Deadlines and
    Declarations (with their `name` column)."""
    upcoming = upcoming_deadlines(results["Deadlines"], as_of)
    return {
        "key_figures": key_figures(results["Aging"], results["Exposure"], results["Declarations"], ledger, policy,
                                   as_of),
        "aged_balance": aged_balance(results["Aging"], bucket_names(policy.aging_buckets)),
        "cover": cover(results["Exposure"]),
        "grades": grades(results["Scores"], results["Exposure"]),
        "deadline_weeks": deadline_weeks(upcoming, as_of),
        "deadlines": upcoming,
        **({"history": portfolio_block(results["Portfolio"], "history", ["exposure", "uninsured"], "date"),
            "expected_loss": portfolio_block(results["Portfolio"], "expected_loss",
                                             ["expected_loss", "expected_indemnity"], "risk_class")
                             .query("risk_class != 'total'").reset_index(drop=True)}
           if "Portfolio" in results else {}),
    }


def dashboard_sheet(blocks: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The blocks as one long frame: block, label (row number within the block), series (column), value."""
    parts = []
    for name, frame in blocks.items():
        cells = frame.astype(object).where(frame.notna(), None).reset_index(drop=True)
        long = cells.stack(future_stack=True).reset_index()
        long.columns = ["label", "series", "value"]
        parts.append(long.assign(block=name))
    if not parts:
        return pd.DataFrame(columns=BLOCK_COLUMNS)
    return pd.concat(parts, ignore_index=True)[BLOCK_COLUMNS]


def dashboard_blocks(sheet: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The inverse of `dashboard_sheet`: block name -> frame, rows and columns in their first order."""
    blocks = {}
    for name in pd.unique(sheet["block"]):
        part = sheet.loc[sheet["block"] == name]
        wide = part.pivot(index="label", columns="series", values="value")
        wide = wide.reindex(index=pd.unique(part["label"]), columns=pd.unique(part["series"]))
        blocks[name] = wide.reset_index(drop=True).rename_axis(columns=None).infer_objects()
    return blocks
