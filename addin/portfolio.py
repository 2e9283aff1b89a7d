"""The portfolio analysis of a run: the `Portfolio` sheet, the watch alerts added to `Breaches`,
and the portfolio report (.docx) with the written credit policy.

    risk = portfolio_of(inputs, as_of, ledger, debtors, results)   # in pipeline.analyse
    results["Portfolio"] = risk.sheet
    draft_portfolio_report(risk, policy, out_dir)                  # documents/portfolio_report_<date>.docx
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from functions.breaches import SEVERITY_ORDER
from functions.credit_policy import credit_policy
from functions.ledger import Ledger
from functions.model import Issue
from functions.policy import Policy
from functions.portfolio import (PortfolioAnalysis, portfolio_analysis, portfolio_sheet, read_pd, read_variants,
                                 uninsured_history)
from functions.watch import grade_downgrades, new_debtors_without_cover, previous_scores, score_drops

from addin.letters.report import draft_report


@dataclass(frozen=True)
class PortfolioRun:
    analysis: PortfolioAnalysis
    sheet: pd.DataFrame           # the Portfolio result sheet
    alerts: pd.DataFrame          # GRADE_DOWNGRADE, SCORE_DROP, NEW_DEBTOR_WITHOUT_COVER rows (Breaches columns)
    credit_policy: list[dict]     # sections of the written credit policy, in the policy language
    issues: list[Issue]


def portfolio_of(inputs, as_of, ledger: Ledger, debtors: pd.DataFrame, results: dict[str, pd.DataFrame]) -> PortfolioRun:
    """The portfolio analysis from a run's Exposure, Scores and Turnover results."""
    policy, table = inputs.policy, inputs.table
    exposure, scores = results["Exposure"], results["Scores"]
    pd_by_grade, pd_issues = read_pd(inputs.tables.get("PD"))
    variants, variant_issues = read_variants(inputs.tables.get("Policy variants"), policy)
    history = uninsured_history(ledger, debtors, table("Limits"), policy, exposure)
    grades = scores.set_index("debtor_id")["grade"]
    analysis = portfolio_analysis(exposure, debtors, grades, results["Turnover"], history, policy, as_of,
                                  pd_by_grade, variants)
    owed = exposure.set_index("debtor_id")["exposure"]
    before = previous_scores(ledger, debtors, table("Limits"), table("Financials"), table("Grades"), policy,
                             inputs.tables.get("Scoring"))
    found = [grade_downgrades(table("Grades"), owed, policy, as_of), score_drops(scores, before, owed, policy, as_of),
             new_debtors_without_cover(ledger, exposure, table("Limits"), policy)]
    alerts = pd.concat([f for f in found if len(f)] or [found[0]], ignore_index=True)
    return PortfolioRun(analysis, portfolio_sheet(analysis), alerts,
                        credit_policy(policy, debtors, inputs.tables.get("Dunning plan"), policy.language),
                        pd_issues + variant_issues)


def add_alerts(breaches: pd.DataFrame, alerts: pd.DataFrame) -> pd.DataFrame:
    """The Breaches rows and the watch alerts, sorted as functions.breaches sorts: severity, amount, debtor."""
    if alerts.empty:
        return breaches
    rows = pd.concat([breaches, alerts[[c for c in breaches.columns if c in alerts]]], ignore_index=True)
    rank = rows["severity"].map(SEVERITY_ORDER)
    order = rows.assign(_rank=rank).sort_values(["_rank", "amount", "debtor_id", "flag"],
                                                ascending=[True, False, True, True], kind="stable").index
    return rows.loc[order].reset_index(drop=True)


def draft_portfolio_report(risk: PortfolioRun, policy: Policy, out_dir: Path, language: str | None = None) -> Path:
    """Write the portfolio report (.docx) in the policy language (or `language`) into `out_dir`."""
    return draft_report(report_context(risk, policy), language or policy.language, out_dir)


def report_context(risk: PortfolioRun, policy: Policy) -> dict:
    """The plain dict the portfolio report template reads (see addin.letters.report)."""
    a = risk.analysis
    records = lambda frame: frame.astype(object).where(frame.notna(), None).to_dict("records")  # noqa: E731
    c = a.concentration
    share = lambda part: part / a.totals["exposure"] if a.totals["exposure"] > 0 else None  # noqa: E731
    return {
        "as_of": a.as_of, "currency": a.currency,
        "insured": {"name": policy.insured_name, "insurer": policy.insurer, "policy_number": policy.policy_number},
        "totals": {**a.totals, "insured_share": share(a.totals["insured"]), "uninsured_share": share(a.totals["uninsured"])},
        "by_grade": records(a.by_grade), "by_country": records(a.by_country), "by_sector": records(a.by_sector),
        "concentration": {"top_amount": c.top_amount, "top_share": c.top_share, "hhi": c.hhi,
                          "hhi_points": c.hhi_points, "equivalent": c.equivalent_debtors, "debtors": c.debtors},
        "top": records(a.top), "expected": records(a.expected), "stressed": records(a.stressed),
        "stressed_total": {k: float(a.stressed[k].sum()) for k in ("exposure", "indemnity", "loss")},
        "history": records(a.history), "insured_turnover": a.insured_turnover,
        "variants": records(a.variants), "credit_policy": risk.credit_policy,
    }
