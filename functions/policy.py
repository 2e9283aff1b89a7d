"""The insurance policy's parameters (the `Policy` sheet), with the defaults of a typical
French whole-turnover policy. Every number a rule uses comes from here.

>>> p = Policy(quotite_named=0.85)
>>> p.quotite_named, p.overdue_notice_days
(0.85, 30)
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date


def _p(default, description: str, choices: tuple[str, ...] = ()):
    return field(default=default, metadata={"description": description, "choices": choices})


@dataclass(frozen=True)
class Policy:
    insurer: str = _p("", "Insurer name (Allianz Trade, Coface, Atradius ...)")
    policy_number: str = _p("", "Policy number, printed on every declaration")
    insured_name: str = _p("", "Your company's name (the insured)")
    currency: str = _p("EUR", "Policy currency (ISO 4217)")
    as_of: date | None = _p(None, "Date of the analysis; blank = today")
    language: str = _p("fr", "Language of result headers and letters", ("fr", "en"))
    max_credit_days: int = _p(120, "Longest payment term the policy insures (days)")
    max_extension_days: int = _p(60, "Maximum extension period (MEP) after the due date (days)")
    overdue_notice_basis: str = _p("mep_end", "Overdue notice counted from the MEP end or the due date", ("mep_end", "due_date"))
    overdue_notice_days: int = _p(30, "Days to notify an overdue debt (menace de sinistre)")
    collection_handover_days: int = _p(60, "Days after notify-by to hand the debt over for collection")
    min_notifiable_amount: float = _p(300.0, "Smallest overdue total per debtor that must be notified")
    waiting_period_days: int = _p(150, "Waiting period (délai constitutif de sinistre) before the claim is paid")
    quotite_named: float = _p(0.90, "Insured share of a named limit (quotité garantie)")
    quotite_discretionary: float = _p(0.90, "Insured share of a discretionary limit")
    quotite_non_named: float = _p(0.60, "Insured share of non-named cover")
    non_named_threshold: float = _p(10000.0, "Largest exposure covered without a named limit")
    discretionary_max: float = _p(20000.0, "Largest discretionary limit the insured may set")
    discretionary_evidence_months: int = _p(12, "Age limit of the evidence justifying a discretionary limit (months)")
    reduction_notice_days: int = _p(30, "Days between a reduction or withdrawal decision and its effect")
    deductible: float = _p(0.0, "Deductible per claim (franchise)")
    premium_rate: float = _p(0.0025, "Premium rate on insured turnover")
    minimum_premium: float = _p(0.0, "Minimum premium per policy year")
    premium_basis: str = _p("excl_vat", "Turnover basis of the premium", ("excl_vat", "incl_vat"))
    turnover_period: str = _p("quarter", "Turnover declaration period", ("quarter", "month"))
    interest_rule: str = _p("fr", "Late interest rule", ("fr", "eu", "contract"))
    contract_rate: float | None = _p(None, "Contractual late interest rate (when interest_rule = contract)")
    late_penalty_points: float = _p(10.0, "Points added to the ECB rate for late interest (France: 10)")
    recovery_indemnity: float = _p(40.0, "Fixed recovery indemnity per invoice paid late (EUR)")
    aging_buckets: tuple[int, ...] = _p((30, 60, 90, 120), "Upper bounds of the aging buckets in days, comma separated")
    aging_basis: str = _p("due_date", "Aging counted from the due date or the invoice date", ("due_date", "invoice_date"))
    high_usage_threshold: float = _p(0.90, "Limit usage from which a warning is raised")
    expiry_warning_days: int = _p(30, "Days before a limit expires when a notice is raised")
    limit_headroom: float = _p(1.2, "Headroom applied to the needs-based recommended limit")
    limit_request_threshold: float = _p(0.0, "Exposure with orders above cover by more than this triggers a limit request")
    insolvency_notice_days: int = _p(10, "Days to notify the insurer of an insolvency judgment")
    deadline_warning_days: int = _p(15, "Days before an insurer deadline from which a debtor under formal notice is the most urgent line")
    score_drop_points: float = _p(10.0, "A score falling by more than this since the previous review is an alert")
    alert_lookback_days: int = _p(30, "Days back to the previous review, for grade downgrade and score drop alerts")
    new_debtor_days: int = _p(90, "A client first invoiced within this many days without an insurer decision is an alert")
    credit_decision_by: str = _p("", "Who decides credit limits and payment terms (stated in the written credit policy)")
    default_terms_days: int = _p(30, "Payment terms (days) that repair a bad date when the client has none")
    retroactive_cover_days: int = _p(0, "Days of retroactive cover before a limit's effective date")

    def __post_init__(self):
        bounds = tuple(self.aging_buckets)
        if not bounds or any(b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
            raise ValueError("aging_buckets must be increasing positive day counts, e.g. 30,60,90,120")


def parameters() -> list[tuple[str, object, str, tuple[str, ...]]]:
    """(name, default, description, choices) for every parameter, in sheet order."""
    return [(f.name, f.default, f.metadata["description"], f.metadata["choices"]) for f in fields(Policy)]


def parameter_types() -> dict[str, str]:
    """The annotated type of each parameter, as written in the dataclass."""
    return {f.name: str(f.type) for f in fields(Policy)}
