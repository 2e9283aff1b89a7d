"""The insurance policy's parameters (the `Policy` sheet), with the defaults of a typical
French whole-turnover policy. Every number a rule uses comes from here.

>>> p = Policy(quotite_named=0.85)
>>> p.quotite_named, p.overdue_notice_days
(0.85, 30)
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date


def _p(default, description: str, choices: tuple[str, ...] = (), low: float | None = None, high: float | None = None,
       share: bool = False):
    """A parameter: its default, what it means, and the values it may take (choices, or a range
    low..high; `share` marks a fraction 0..1 that users may type as a percentage)."""
    return field(default=default, metadata={"description": description, "choices": choices, "low": low, "high": high,
                                            "share": share})


DAYS = {"low": 0, "high": 3650}  # ten years: any longer delay is a typing accident
MONEY = {"low": 0}
SHARE = {"low": 0, "high": 1, "share": True}


@dataclass(frozen=True)
class Policy:
    insurer: str = _p("", "Insurer name (Allianz Trade, Coface, Atradius ...)")
    policy_number: str = _p("", "Policy number, printed on every declaration")
    insured_name: str = _p("", "Your company's name (the insured)")
    currency: str = _p("EUR", "Policy currency (ISO 4217)")
    as_of: date | None = _p(None, "Date of the analysis; blank = today")
    language: str = _p("fr", "Language of result headers and letters", ("fr", "en"))
    max_credit_days: int = _p(120, "Longest payment term the policy insures (days)", **DAYS)
    max_extension_days: int = _p(60, "Maximum extension period (MEP) after the due date (days)", **DAYS)
    overdue_notice_basis: str = _p("mep_end", "Overdue notice counted from the MEP end or the due date", ("mep_end", "due_date"))
    overdue_notice_days: int = _p(30, "Days to notify an overdue debt (menace de sinistre)", **DAYS)
    collection_handover_days: int = _p(60, "Days after notify-by to hand the debt over for collection", **DAYS)
    min_notifiable_amount: float = _p(300.0, "Smallest overdue total per debtor that must be notified", **MONEY)
    waiting_period_days: int = _p(150, "Waiting period (délai constitutif de sinistre) before the claim is paid", **DAYS)
    quotite_named: float = _p(0.90, "Insured share of a named limit (quotité garantie)", **SHARE)
    quotite_discretionary: float = _p(0.90, "Insured share of a discretionary limit", **SHARE)
    quotite_non_named: float = _p(0.60, "Insured share of non-named cover", **SHARE)
    non_named_threshold: float = _p(10000.0, "Largest exposure covered without a named limit", **MONEY)
    discretionary_max: float = _p(20000.0, "Largest discretionary limit the insured may set", **MONEY)
    discretionary_evidence_months: int = _p(12, "Age limit of the evidence justifying a discretionary limit (months)", low=0, high=120)
    reduction_notice_days: int = _p(30, "Days between a reduction or withdrawal decision and its effect", **DAYS)
    deductible: float = _p(0.0, "Deductible per claim (franchise)", **MONEY)
    premium_rate: float = _p(0.0025, "Premium rate on insured turnover", **SHARE)
    minimum_premium: float = _p(0.0, "Minimum premium per policy year", **MONEY)
    premium_basis: str = _p("excl_vat", "Turnover basis of the premium", ("excl_vat", "incl_vat"))
    turnover_period: str = _p("quarter", "Turnover declaration period", ("quarter", "month"))
    interest_rule: str = _p("fr", "Late interest rule", ("fr", "eu", "contract"))
    contract_rate: float | None = _p(None, "Contractual late interest rate (when interest_rule = contract)", low=0, high=100)
    late_penalty_points: float = _p(10.0, "Points added to the ECB rate for late interest (France: 10)", low=0, high=100)
    recovery_indemnity: float = _p(40.0, "Fixed recovery indemnity per invoice paid late (EUR)", **MONEY)
    aging_buckets: tuple[int, ...] = _p((30, 60, 90, 120), "Upper bounds of the aging buckets in days, comma separated")
    aging_basis: str = _p("due_date", "Aging counted from the due date or the invoice date", ("due_date", "invoice_date"))
    high_usage_threshold: float = _p(0.90, "Limit usage from which a warning is raised", **SHARE)
    expiry_warning_days: int = _p(30, "Days before a limit expires when a notice is raised", **DAYS)
    limit_headroom: float = _p(1.2, "Headroom applied to the needs-based recommended limit", low=0, high=10)
    limit_request_threshold: float = _p(0.0, "Exposure with orders above cover by more than this triggers a limit request", **MONEY)
    insolvency_notice_days: int = _p(10, "Days to notify the insurer of an insolvency judgment", **DAYS)
    deadline_warning_days: int = _p(15, "Days before an insurer deadline from which a debtor under formal notice is the most urgent line", **DAYS)
    score_drop_points: float = _p(10.0, "A score falling by more than this since the previous review is an alert", low=0, high=100)
    alert_lookback_days: int = _p(30, "Days back to the previous review, for grade downgrade and score drop alerts", **DAYS)
    new_debtor_days: int = _p(90, "A client first invoiced within this many days without an insurer decision is an alert", **DAYS)
    credit_decision_by: str = _p("", "Who decides credit limits and payment terms (stated in the written credit policy)")
    default_terms_days: int = _p(30, "Payment terms (days) that repair a bad date when the client has none")
    retroactive_cover_days: int = _p(0, "Days of retroactive cover before a limit's effective date")
    # Terms some policies and the law add; blank (or 0) = not in your policy, results as without them.
    policy_year_start: date | None = _p(None, "Policy year start (day and month; blank = 1 January) for the yearly ceilings")
    max_liability: float | None = _p(None, "Maximum liability per policy year (limite maximale d'indemnité); blank = none")
    aggregate_first_loss: float = _p(0.0, "Aggregate first loss: indemnities you keep each policy year")
    legal_terms_days: int | None = _p(None, "Lawful payment term from the invoice date (L441-10 I: 60); blank = unchecked")
    legal_terms_eom_days: int | None = _p(None, "Lawful term end of month, when agreed (L441-10 I: 45); blank = none")
    limit_request_fee: float = _p(0.0, "Fee per limit request (frais d'étude)")
    monitoring_fee: float = _p(0.0, "Yearly fee per client under a named or temporary limit (frais de surveillance)")
    idle_limit_months: int | None = _p(None, "Months without sales that make a limit idle; blank = not listed")
    public_late_points: float = _p(8.0, "Points over the ECB rate for public buyers (R2192-31: 8)")
    def __post_init__(self):
        bounds = tuple(self.aging_buckets)
        if not bounds or any(b <= 0 for b in bounds) or list(bounds) != sorted(set(bounds)):
            raise ValueError("aging_buckets must be increasing positive day counts, e.g. 30,60,90,120")


def parameters() -> list[tuple[str, object, str, tuple[str, ...]]]:
    """(name, default, description, choices) for every parameter, in sheet order."""
    return [(f.name, f.default, f.metadata["description"], f.metadata["choices"]) for f in fields(Policy)]


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
