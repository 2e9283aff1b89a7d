"""The insurance policy's parameters (the `Policy` sheet), with the defaults of a typical
French whole-turnover policy. Every number a rule uses comes from here.

>>> p = Policy(quotite_named=0.85)
>>> p.quotite_named, p.overdue_notice_days
(0.85, 30)
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from .texts import message, text


def _p(default, choices: tuple[str, ...] = ()):
    """A parameter: its default and the values it accepts; its description is in functions/texts.py
    (section `policy`), in French and English."""
    return field(default=default, metadata={"choices": choices})


@dataclass(frozen=True)
class Policy:
    insurer: str = _p("")
    policy_number: str = _p("")
    insured_name: str = _p("")
    insured_address: str = _p("")
    insured_siren: str = _p("")
    contact_name: str = _p("")
    contact_phone: str = _p("")
    contact_email: str = _p("")
    signatory_name: str = _p("")
    signatory_title: str = _p("")
    insurer_address: str = _p("")
    currency: str = _p("EUR")
    as_of: date | None = _p(None)
    language: str = _p("fr", ("fr", "en"))
    headers: str = _p("labels", ("labels", "ids"))
    max_credit_days: int = _p(120)
    max_extension_days: int = _p(60)
    overdue_notice_basis: str = _p("mep_end", ("mep_end", "due_date"))
    overdue_notice_days: int = _p(30)
    collection_handover_days: int = _p(60)
    min_notifiable_amount: float = _p(300.0)
    waiting_period_days: int = _p(150)
    quotite_named: float = _p(0.90)
    quotite_discretionary: float = _p(0.90)
    quotite_non_named: float = _p(0.60)
    non_named_threshold: float = _p(10000.0)
    discretionary_max: float = _p(20000.0)
    discretionary_evidence_months: int = _p(12)
    reduction_notice_days: int = _p(30)
    deductible: float = _p(0.0)
    premium_rate: float = _p(0.0025)
    minimum_premium: float = _p(0.0)
    premium_basis: str = _p("excl_vat", ("excl_vat", "incl_vat"))
    turnover_period: str = _p("quarter", ("quarter", "month"))
    interest_rule: str = _p("fr", ("fr", "eu", "contract"))
    contract_rate: float | None = _p(None)
    late_penalty_points: float = _p(10.0)
    recovery_indemnity: float = _p(40.0)
    penalty_min_days: int = _p(0)
    penalty_min_amount: float = _p(0.0)
    aging_buckets: tuple[int, ...] = _p((30, 60, 90, 120))
    aging_basis: str = _p("due_date", ("due_date", "invoice_date"))
    high_usage_threshold: float = _p(0.90)
    expiry_warning_days: int = _p(30)
    limit_headroom: float = _p(1.2)
    limit_request_threshold: float = _p(0.0)
    insolvency_notice_days: int = _p(10)
    deadline_warning_days: int = _p(15)
    score_drop_points: float = _p(10.0)
    alert_lookback_days: int = _p(30)
    new_debtor_days: int = _p(90)
    credit_decision_by: str = _p("")

    def __post_init__(self):
        bounds = tuple(self.aging_buckets)
        if not bounds or any(b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
            raise ValueError(message("policy_error.aging_buckets"))


def parameters(language: str = "fr") -> list[tuple[str, object, str, tuple[str, ...]]]:
    """(name, default, description in `language`, choices) for every parameter, in sheet order."""
    return [(f.name, f.default, text(f"policy.{f.name}", language), f.metadata["choices"]) for f in fields(Policy)]


def parameter_types() -> dict[str, str]:
    """The annotated type of each parameter, as written in the dataclass."""
    return {f.name: str(f.type) for f in fields(Policy)}
