"""The written credit policy (procédure de crédit client), stated from the workbook's parameters:
payment terms, limit rules, the dunning plan, the insurer's declaration deadlines and who
decides (Policy `credit_decision_by`, else a fixed sentence: the credit manager within the
insurer's cover). It is the section an underwriter asks for; every number comes from the
Policy sheet, the Debtors' terms or the `Dunning plan` table.

>>> [s["title"] for s in credit_policy(Policy(), None, None, "en")]
['Payment terms', 'Credit limits', 'Dunning plan', 'Declarations to the insurer', 'Who decides']
>>> credit_policy(Policy(max_extension_days=60), None, None, "en")[0]["lines"][1]
'Overdue invoices may be extended by up to 60 days after the due date (maximum extension period).'
"""
from __future__ import annotations

import pandas as pd

from .cover import money
from .policy import Policy
from .texts import label, table

TEXT = table("credit_policy")  # the sentences by language (functions/texts.py)
TITLES = {language: tuple(TEXT[language]["title"][str(k)] for k in range(5)) for language in TEXT}

def _pct(value: float, lang: str) -> str:
    text = f"{100 * value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %" if lang == "fr" else text + "%"


def credit_policy(policy: Policy, debtors: pd.DataFrame | None, dunning_plan: pd.DataFrame | None,
                  language: str) -> list[dict]:
    """Sections [{'title': ..., 'lines': [...]}] of the written credit policy, in `language`."""
    lang = "fr" if language == "fr" else "en"
    t, cur = TEXT[lang], policy.currency
    insurer = policy.insurer or t["insurer"]
    m = lambda amount: money(amount, cur, lang)  # noqa: E731
    terms = debtors["payment_terms_days"].dropna() if debtors is not None and "payment_terms_days" in debtors else []
    payment = [t["terms"].format(usual=int(pd.Series(terms).mode().iloc[0]), longest=int(max(terms)),
                                 max=policy.max_credit_days) if len(terms) else t["no_terms"].format(max=policy.max_credit_days),
               t["mep"].format(days=policy.max_extension_days), t["late"].format(indemnity=m(policy.recovery_indemnity))]
    limits = [t["named"].format(threshold=m(policy.non_named_threshold), insurer=insurer,
                                quotite=_pct(policy.quotite_non_named, lang)),
              t["discretionary"].format(max=m(policy.discretionary_max), months=policy.discretionary_evidence_months),
              t["quotite"].format(quotite=_pct(policy.quotite_named, lang), deductible=m(policy.deductible)),
              t["hold"].format(usage=_pct(policy.high_usage_threshold, lang))]
    minimum = t["minimum"].format(amount=m(policy.minimum_premium)) if policy.minimum_premium > 0 else ""
    declarations = [
        t["notice"].format(minimum=m(policy.min_notifiable_amount), insurer=insurer, days=policy.overdue_notice_days,
                           basis=t["bases"][policy.overdue_notice_basis]),
        t["handover"].format(days=policy.collection_handover_days, wait=policy.waiting_period_days),
        t["insolvency"].format(days=policy.insolvency_notice_days),
        t["turnover"].format(period=t["periods"][policy.turnover_period], rate=_pct(policy.premium_rate, lang),
                             minimum=minimum)]
    who = (t["decider"].format(who=policy.credit_decision_by, insurer=insurer) if policy.credit_decision_by
           else t["default_decider"].format(insurer=insurer))
    return [{"title": title, "lines": lines} for title, lines in zip(
        TITLES[lang], (payment, limits, dunning_steps(dunning_plan, lang) or [t["no_plan"]], declarations, [who]))]


def dunning_steps(plan: pd.DataFrame | None, language: str) -> list[str]:
    """One sentence per `Dunning plan` row, in days_after_due order: 'Day 15: Second reminder (letter)'."""
    if plan is None or plan.empty or "days_after_due" not in plan:
        return []
    t = TEXT["fr" if language == "fr" else "en"]
    lines = []
    for r in plan.sort_values("days_after_due", kind="stable").to_dict("records"):
        name = r.get("name") if isinstance(r.get("name"), str) else f"{r.get('level', '')}"
        channel = f" ({label(r['channel'], 'channel', language).lower()})" if isinstance(r.get("channel"), str) else ""
        lines.append(t["step"].format(days=int(r["days_after_due"]), label=name + channel))
    return lines
