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

TITLES = {"en": ("Payment terms", "Credit limits", "Dunning plan", "Declarations to the insurer", "Who decides"),
          "fr": ("Conditions de paiement", "Limites de crédit", "Plan de relance", "Déclarations à l'assureur",
                 "Qui décide")}
TEXT = {
    "en": {
        "terms": "Usual payment terms: {usual} days after invoice (longest granted: {longest} days); the policy "
                 "insures terms up to {max} days.",
        "no_terms": "Payment terms are set per client; the policy insures terms up to {max} days.",
        "mep": "Overdue invoices may be extended by up to {days} days after the due date (maximum extension period).",
        "late": "Late payers owe late-payment interest and a fixed recovery indemnity of {indemnity} per invoice.",
        "named": "Every client owing more than {threshold} needs a named limit from {insurer} before delivery; "
                 "below it, non-named cover insures {quotite} of the debt.",
        "discretionary": "A discretionary limit of up to {max} may be set on a credit report less than {months} "
                         "months old, or on a year of punctual payments.",
        "hold": "Deliveries stop when exposure exceeds the limit, after a withdrawal, or once an invoice is overdue "
                "beyond the extension period; a limit increase is requested from {usage} usage.",
        "quotite": "Named limits are insured at {quotite}, with a deductible of {deductible} per claim.",
        "no_plan": "Reminders follow the Dunning plan sheet when it is filled in; otherwise each overdue invoice is "
                   "reminded in writing, then by phone, then by formal notice before the collection hand-over.",
        "notice": "Overdue debts from {minimum} are notified to {insurer} within {days} days of the {basis}.",
        "handover": "Debts still unpaid are handed over for collection within {days} days after the notification "
                    "deadline; the claim follows after a waiting period of {wait} days.",
        "insolvency": "An insolvency judgment is notified within {days} days.",
        "turnover": "Insured turnover is declared every {period} for the premium ({rate} of turnover{minimum}).",
        "decider": "{who} decides the limits and payment terms, within the cover {insurer} grants.",
        "default_decider": "The credit manager decides limits and payment terms within the cover {insurer} grants; "
                           "anything above it is referred to management.",
        "bases": {"mep_end": "end of the extension period", "due_date": "due date"},
        "periods": {"quarter": "quarter", "month": "month"}, "minimum": ", minimum {amount} a year",
        "insurer": "the insurer", "step": "Day {days} after the due date: {label}",
    },
    "fr": {
        "terms": "Délai de paiement habituel : {usual} jours après facture (le plus long accordé : {longest} "
                 "jours) ; la police garantit les délais jusqu'à {max} jours.",
        "no_terms": "Les délais de paiement sont fixés par client ; la police garantit les délais jusqu'à {max} jours.",
        "mep": "Une facture échue peut être prorogée jusqu'à {days} jours après l'échéance (délai maximum de "
               "prorogation).",
        "late": "Les retards donnent lieu à des pénalités de retard et à une indemnité forfaitaire de {indemnity} "
                "par facture.",
        "named": "Tout client dont l'encours dépasse {threshold} doit faire l'objet d'un agrément nommé de "
                 "{insurer} avant livraison ; en dessous, le non-dénommé garantit {quotite} de la créance.",
        "discretionary": "Une limite discrétionnaire jusqu'à {max} peut être fixée sur un renseignement de moins "
                         "de {months} mois ou sur un an de paiements à l'échéance.",
        "hold": "Les livraisons sont suspendues si l'encours dépasse la limite, après un retrait, ou dès qu'une "
                "facture est impayée au-delà du délai de prorogation ; une augmentation est demandée dès {usage} "
                "d'utilisation.",
        "quotite": "Les agréments nommés sont garantis à {quotite}, avec une franchise de {deductible} par sinistre.",
        "no_plan": "Les relances suivent la feuille Dunning plan lorsqu'elle est remplie ; à défaut, chaque facture "
                   "échue est relancée par écrit, puis par téléphone, puis par mise en demeure avant la transmission "
                   "au contentieux.",
        "notice": "Les impayés à partir de {minimum} sont déclarés à {insurer} (menace de sinistre) dans les "
                  "{days} jours suivant la {basis}.",
        "handover": "Les créances toujours impayées sont transmises au contentieux dans les {days} jours suivant "
                    "la date limite de déclaration ; l'indemnisation suit un délai constitutif de {wait} jours.",
        "insolvency": "Un jugement d'ouverture de procédure collective est déclaré dans les {days} jours.",
        "turnover": "Le chiffre d'affaires assuré est déclaré chaque {period} pour la prime ({rate} du chiffre "
                    "d'affaires{minimum}).",
        "decider": "{who} décide des limites et des conditions de paiement, dans la limite de la garantie accordée "
                   "par {insurer}.",
        "default_decider": "Le credit manager décide des limites et des conditions de paiement dans la limite de la "
                           "garantie accordée par {insurer} ; au-delà, la direction tranche.",
        "bases": {"mep_end": "fin du délai de prorogation", "due_date": "date d'échéance"},
        "periods": {"quarter": "trimestre", "month": "mois"}, "minimum": ", minimum {amount} par an",
        "insurer": "l'assureur", "step": "{days} jours après l'échéance : {label}",
    },
}


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
        channel = f" ({r['channel']})" if isinstance(r.get("channel"), str) else ""
        lines.append(t["step"].format(days=int(r["days_after_due"]), label=name + channel))
    return lines
