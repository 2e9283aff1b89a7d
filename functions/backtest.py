"""Backtest of the credit score (validation a posteriori): does a low score announce late payment?

At each as-of date D the debtors are scored with only what was known at D: the ledger built at
D (invoices issued and payments made by D), Grades rows and Financials dated on or before D.
The undated grade columns of Debtors are ignored, since nothing says they were known at D.

Outcome per debtor (what happened next, from the full data): among its invoices due within
(D, D + horizon], the share by amount that was settled more than `late_days` after its due
date or never (judged on the ledger at the last date of the data). A debtor is `bad` when that
share exceeds `bad_threshold` (default 0: any such invoice). Debtors with no invoice due in
the horizon have no outcome and are left out; so are debtors without a score or without past
weighted days late, so that both rankings are measured on the same debtors.

AUC: the probability that a bad debtor ranks riskier than a good one, ties counting half
(Mann-Whitney U / (bad x good)). The combined score ranks low = risky; the one-variable
baseline, past 12-month weighted days late, ranks high = risky. Gini = 2 AUC - 1.
Confidence intervals: percentile bootstrap resampling debtors (all dates of a drawn debtor
come together, since its rows are not independent), the same draws for both rankings, so the
difference has its own interval.

With `every='month'` the as-of dates are D and the dates 1 to 11 months before it (twelve
dates, one year of monthly scoring), and their rows are pooled.

Worked example of the AUC: risks bad [3, 2], good [1, 2]: pairs (3>1) 1, (3>2) 1, (2>1) 1,
(2=2) 0.5 -> AUC = 3.5 / 4 = 0.875.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cover import day
from .ledger import build_ledger, run_starts
from .policy import Policy
from .scoring import GRADE_LETTERS, Scoring, scores_sheet
from .texts import lang, text


@dataclass(frozen=True)
class Ranking:
    """How well one ranking separates bad from good debtors."""

    auc: float
    auc_ci: tuple[float, float]

    @property
    def gini(self) -> float:
        return 2 * self.auc - 1

    @property
    def gini_ci(self) -> tuple[float, float]:
        return (2 * self.auc_ci[0] - 1, 2 * self.auc_ci[1] - 1)


@dataclass(frozen=True)
class BacktestResult:
    """Summary figures, the table by grade and the rows (debtor, as-of date) behind them."""

    as_of_dates: tuple[pd.Timestamp, ...]
    horizon_days: int
    late_days: int
    bad_threshold: float
    count: int
    bad: int
    score: Ranking
    baseline: Ranking
    auc_gain: float
    auc_gain_ci: tuple[float, float]
    by_grade: pd.DataFrame
    by_date: pd.DataFrame
    rows: pd.DataFrame

    def lines(self, language: str | None = "en") -> list[str]:
        """The figures as text lines in `language`, for the command line and the README."""
        def n(value: float, spec: str) -> str:
            shown = format(value, spec)
            return shown.replace(".", ",") if lang(language) == "fr" else shown

        def ranking(key: str, r: Ranking) -> str:
            return text("backtest.ranking", language, name=text(f"backtest.{key}", language), auc=n(r.auc, ".3f"),
                        auc_low=n(r.auc_ci[0], ".3f"), auc_high=n(r.auc_ci[1], ".3f"), gini=n(r.gini, ".3f"),
                        gini_low=n(r.gini_ci[0], ".3f"), gini_high=n(r.gini_ci[1], ".3f"))

        def table(frame: pd.DataFrame) -> str:
            shown = frame.rename(columns=lambda c: text(f"backtest.column.{c}", language))
            return shown.to_string(index=False, float_format=lambda v: n(v, ".3f"), na_rep="-")
        dates = ", ".join(day(d, lang(language)) for d in self.as_of_dates)
        return [text("backtest.sample", language, dates=dates, horizon=self.horizon_days, late=self.late_days,
                     threshold=n(self.bad_threshold, "g")),
                text("backtest.counts", language, count=self.count, bad=self.bad),
                ranking("score", self.score), ranking("baseline", self.baseline),
                text("backtest.gain", language, gain=n(self.auc_gain, "+.3f"), low=n(self.auc_gain_ci[0], "+.3f"),
                     high=n(self.auc_gain_ci[1], "+.3f")),
                table(self.by_grade)] + ([table(self.by_date)] if len(self.by_date) > 1 else [])


def auc(risk: np.ndarray, bad: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """AUC of `risk` (higher = riskier) for the binary `bad`, once per row of `counts` (B, n).

    counts[b, i] = how many times item i is drawn in replicate b (ones = the sample itself).
    Items are sorted by risk and grouped by equal risk; each bad item beats the good items of
    lower groups and ties with half those of its own: the Mann-Whitney rank sum.
    """
    risk, bad = np.asarray(risk, float), np.asarray(bad, bool)
    counts = np.ones((1, len(risk))) if counts is None else np.atleast_2d(counts).astype(float)
    order = np.argsort(risk, kind="stable")
    starts = run_starts(risk[order])
    c = counts[:, order]
    pos = np.add.reduceat(c * bad[order], starts, axis=1) if len(risk) else np.zeros((len(counts), 0))
    neg = np.add.reduceat(c * ~bad[order], starts, axis=1) if len(risk) else np.zeros((len(counts), 0))
    below = np.cumsum(neg, axis=1) - neg
    wins = (pos * (below + 0.5 * neg)).sum(axis=1)
    pairs = pos.sum(axis=1) * neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, wins / pairs, np.nan)


def as_of_dates(as_of, every: str | None) -> tuple[pd.Timestamp, ...]:
    """(as_of,) or, monthly, as_of and the 11 dates 1 to 11 months before it, oldest first."""
    as_of = pd.Timestamp(as_of)
    if every is None:
        return (as_of,)
    if every != "month":
        raise ValueError(f"every must be 'month' or None, not {every!r}")
    return tuple(as_of - pd.DateOffset(months=k) for k in range(11, -1, -1))


def outcomes(invoices: pd.DataFrame, payments: pd.DataFrame | None, dates, horizon_days: int,
             late_days: int) -> pd.DataFrame:
    """as_of, debtor_id, due (amount due in the horizon), late (amount settled late or never), outcome."""
    ends = [_last_date(invoices, payments), *(d + pd.Timedelta(days=horizon_days + late_days) for d in dates)]
    final = build_ledger(invoices, payments, max(ends)).invoices
    deadline = final["due_date"] + pd.Timedelta(days=late_days)
    late = final["settled_date"].isna() | (final["settled_date"] > deadline)
    frames = []
    for d in dates:
        mine = (final["due_date"] > d) & (final["due_date"] <= d + pd.Timedelta(days=horizon_days))
        frames.append(pd.DataFrame({"as_of": d, "debtor_id": final["debtor_id"], "due": final["amount"],
                                    "late": final["amount"].where(late, 0.0)}).loc[mine])
    table = pd.concat(frames).groupby(["as_of", "debtor_id"], as_index=False)[["due", "late"]].sum()
    table["outcome"] = table["late"] / table["due"]
    return table


def _last_date(invoices: pd.DataFrame, payments: pd.DataFrame | None) -> pd.Timestamp:
    dates = [invoices["invoice_date"].max(), invoices["paid_date"].max()]
    if payments is not None:
        dates.append(payments["date"].max())
    return max(d for d in dates if pd.notna(d))


def scores_at(invoices, payments, debtors, financials, grades, as_of, scoring=None) -> pd.DataFrame:
    """The Scores sheet as it would have been computed at as_of (undated Debtors grades dropped)."""
    blind = debtors.assign(insurer_grade=None, grade_scale=None)
    ledger = build_ledger(invoices, payments, as_of)
    sheet = scores_sheet(ledger, blind, financials, grades, Policy(), as_of, scoring=scoring)
    return sheet[["debtor_id", "score", "grade", "weighted_days_late"]].assign(as_of=pd.Timestamp(as_of))


def backtest(invoices: pd.DataFrame, payments: pd.DataFrame | None, debtors: pd.DataFrame, financials: pd.DataFrame,
             grades: pd.DataFrame, as_of, horizon_days: int = 90, late_days: int = 10, every: str | None = None,
             bootstrap: int = 1000, seed: int = 0, bad_threshold: float = 0.0,
             scoring: Scoring | pd.DataFrame | None = None) -> BacktestResult:
    """Score at each as-of date, compare with what happened in the next `horizon_days`."""
    dates = as_of_dates(as_of, every)
    scored = pd.concat([scores_at(invoices, payments, debtors, financials, grades, d, scoring) for d in dates])
    rows = scored.merge(outcomes(invoices, payments, dates, horizon_days, late_days), on=["as_of", "debtor_id"])
    rows = rows.loc[rows["score"].notna() & rows["weighted_days_late"].notna()].reset_index(drop=True)
    rows["bad"] = rows["outcome"] > bad_threshold
    draws = _debtor_draws(rows["debtor_id"], bootstrap, seed)
    risk, base_risk, bad = -rows["score"].to_numpy(), rows["weighted_days_late"].to_numpy(), rows["bad"].to_numpy()
    score_auc, base_auc = auc(risk, bad, draws), auc(base_risk, bad, draws)
    score, base = float(auc(risk, bad)[0]), float(auc(base_risk, bad)[0])
    return BacktestResult(dates, horizon_days, late_days, bad_threshold, len(rows), int(rows["bad"].sum()),
                          Ranking(score, _ci(score_auc)), Ranking(base, _ci(base_auc)), score - base,
                          _ci(score_auc - base_auc), by_grade(rows), by_date(rows), rows)


def _debtor_draws(debtor_ids: pd.Series, bootstrap: int, seed: int) -> np.ndarray:
    """Counts (bootstrap, rows): each replicate draws debtors with replacement, all their rows at once."""
    codes, uniques = pd.factorize(debtor_ids)
    if bootstrap <= 0 or len(uniques) == 0:
        return np.ones((0, len(codes)))
    per_debtor = np.random.default_rng(seed).multinomial(len(uniques), np.full(len(uniques), 1 / len(uniques)),
                                                         size=bootstrap)
    return per_debtor[:, codes]


def _ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return (float("nan"), float("nan"))
    low, high = np.percentile(values, [50 * (1 - level), 50 * (1 + level)])
    return (float(low), float(high))


def by_grade(rows: pd.DataFrame) -> pd.DataFrame:
    """grade, count, bad, bad_rate, mean_outcome (mean share paid late), one row per grade A-E."""
    table = rows.groupby("grade").agg(count=("bad", "size"), bad=("bad", "sum"), mean_outcome=("outcome", "mean"))
    table = table.reindex(list(GRADE_LETTERS)).fillna({"count": 0, "bad": 0}).astype({"count": int, "bad": int})
    table["bad_rate"] = table["bad"] / table["count"].where(table["count"] > 0)
    return table.rename_axis("grade").reset_index()[["grade", "count", "bad", "bad_rate", "mean_outcome"]]



def by_date(rows: pd.DataFrame) -> pd.DataFrame:
    """as_of, count, bad, score_auc, baseline_auc, gain: the two rankings at each as-of date alone."""
    def one(group: pd.DataFrame) -> pd.Series:
        bad = group["bad"].to_numpy()
        score, base = auc(-group["score"].to_numpy(), bad)[0], auc(group["weighted_days_late"].to_numpy(), bad)[0]
        return pd.Series({"count": len(group), "bad": int(bad.sum()), "score_auc": score, "baseline_auc": base,
                          "gain": score - base})
    table = pd.DataFrame([one(g).rename(d) for d, g in rows.groupby("as_of")])
    table = table.rename_axis("as_of").reset_index() if len(table) else pd.DataFrame(
        columns=["as_of", "count", "bad", "score_auc", "baseline_auc", "gain"])
    return table.astype({"count": int, "bad": int})
