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

def _p(default, choices: tuple[str, ...] = (), low: float | None = None, high: float | None = None,
       share: bool = False):
    """A parameter: its default and the values it accepts (choices, or a range low..high; `share`
    marks a fraction 0..1 that users may type as a percentage); its description is in
    functions/texts.py (section `policy`), in French and English."""
    return field(default=default, metadata={"choices": choices, "low": low, "high": high, "share": share})


DAYS = {"low": 0, "high": 3650}  # ten years: any longer delay is a typing accident
MONEY = {"low": 0}
SHARE = {"low": 0, "high": 1, "share": True}


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
    max_credit_days: int = _p(120, **DAYS)
    max_extension_days: int = _p(60, **DAYS)
    overdue_notice_basis: str = _p("mep_end", ("mep_end", "due_date"))
    overdue_notice_days: int = _p(30, **DAYS)
    collection_handover_days: int = _p(60, **DAYS)
    min_notifiable_amount: float = _p(300.0, **MONEY)
    waiting_period_days: int = _p(150, **DAYS)
    quotite_named: float = _p(0.90, **SHARE)
    quotite_discretionary: float = _p(0.90, **SHARE)
    quotite_non_named: float = _p(0.60, **SHARE)
    non_named_threshold: float = _p(10000.0, **MONEY)
    discretionary_max: float = _p(20000.0, **MONEY)
    discretionary_evidence_months: int = _p(12, low=0, high=120)
    reduction_notice_days: int = _p(30, **DAYS)
    deductible: float = _p(0.0, **MONEY)
    premium_rate: float = _p(0.0025, **SHARE)
    minimum_premium: float = _p(0.0, **MONEY)
    premium_basis: str = _p("excl_vat", ("excl_vat", "incl_vat"))
    turnover_period: str = _p("quarter", ("quarter", "month"))
    interest_rule: str = _p("fr", ("fr", "eu", "contract"))
    contract_rate: float | None = _p(None, low=0, high=100)
    late_penalty_points: float = _p(10.0, low=0, high=100)
    recovery_indemnity: float = _p(40.0, **MONEY)
    penalty_min_days: int = _p(0)
    penalty_min_amount: float = _p(0.0)
    aging_buckets: tuple[int, ...] = _p((30, 60, 90, 120))
    aging_basis: str = _p("due_date", ("due_date", "invoice_date"))
    high_usage_threshold: float = _p(0.90, **SHARE)
    expiry_warning_days: int = _p(30, **DAYS)
    limit_headroom: float = _p(1.2, low=0, high=10)
    limit_request_threshold: float = _p(0.0, **MONEY)
    insolvency_notice_days: int = _p(10, **DAYS)
    deadline_warning_days: int = _p(15, **DAYS)
    score_drop_points: float = _p(10.0, low=0, high=100)
    alert_lookback_days: int = _p(30, **DAYS)
    new_debtor_days: int = _p(90, **DAYS)
    credit_decision_by: str = _p("")
    default_terms_days: int = _p(30)
    retroactive_cover_days: int = _p(0)
    policy_year_start: date | None = _p(None)
    max_liability: float | None = _p(None)
    aggregate_first_loss: float = _p(0.0)
    legal_terms_days: int | None = _p(None)
    legal_terms_eom_days: int | None = _p(None)
    limit_request_fee: float = _p(0.0)
    monitoring_fee: float = _p(0.0)
    idle_limit_months: int | None = _p(None)
    public_late_points: float = _p(8.0)
    def __post_init__(self):
        bounds = tuple(self.aging_buckets)
        if not bounds or any(b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
            raise ValueError(message("policy_error.aging_buckets"))


def parameters(language: str = "fr") -> list[tuple[str, object, str, tuple[str, ...]]]:
    """(name, default, description in `language`, choices) for every parameter, in sheet order."""
    return [(f.name, f.default, text(f"policy.{f.name}", language), f.metadata["choices"]) for f in fields(Policy)]


def out_of_range(values: dict[str, object]) -> list[tuple[str, float, float | None, float | None, bool]]:
    """(name, value, low, high, share) of each value outside its parameter's declared range."""
    found = []
    for f in fields(Policy):
        value, low, high = values.get(f.name), f.metadata["low"], f.metadata["high"]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and (
                (low is not None and value < low) or (high is not None and value > high)):
            found.append((f.name, value, low, high, f.metadata["share"]))
    return found


def parameter_types() -> dict[str, str]:
    """The annotated type of each parameter, as written in the dataclass."""
    return {f.name: str(f.type) for f in fields(Policy)}
