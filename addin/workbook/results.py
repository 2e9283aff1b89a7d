"""The result sheets, declared once: key columns, headers in French and English, number formats,
what the command line prints and which worksheet function returns each sheet. The writers
(addin.workbook.writer, the xlwings and in-place writers), the command line and the worksheet
functions read this module; the reader accepts these headers back (addin.workbook.contract).

>>> header("insured_amount", "fr"), column_format("usage", "float64")
('Montant assuré', 'percent')
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from functions.analysis import SHEETS as ANALYSIS_SHEETS
from functions.breaches import COLUMNS as BREACH_COLUMNS
from functions.claims import KEY_COLUMNS as INDEMNITY_COLUMNS
from functions.cover import KEY_COLUMNS as EXPOSURE_COLUMNS
from functions.deadlines import KEY_COLUMNS as DEADLINE_COLUMNS
from functions.declarations import KEY_COLUMNS as DECLARATION_COLUMNS
from functions.dunning import KEY_COLUMNS as DUNNING_COLUMNS
from functions.fees import KEY_COLUMNS as IDLE_COLUMNS
from functions.groups import KEY_COLUMNS as GROUP_COLUMNS
from functions.insolvency import KEY_COLUMNS as INSOLVENCY_COLUMNS
from functions.model import ISSUE_COLUMNS
from functions.penalties import KEY_COLUMNS as PENALTY_COLUMNS
from functions.portfolio import SHEET_COLUMNS as PORTFOLIO_COLUMNS
from functions.scoring import SCORES_COLUMNS
from functions.terms import KEY_COLUMNS as LEGAL_TERMS_COLUMNS
from functions.turnover import KEY_COLUMNS as TURNOVER_COLUMNS


@dataclass(frozen=True)
class ResultSheet:
    name: str
    key: tuple[str, ...]                  # key columns, first on the sheet (DESIGN.md, the workbook contract)
    shown: tuple[str, ...]                # what the command line prints of it
    function: str | None = None           # the worksheet function returning exactly this sheet's rows


AGING_COLUMNS = ("debtor_id", "not_due", "d1_30", "d31_60", "d61_90", "d91_120", "over_120", "total", "dso", "dbt")
REQUEST_COLUMNS = ("debtor_id", "current_limit", "recommended_limit", "amount_to_request", "reason", "basis")

SHEETS: dict[str, ResultSheet] = {s.name: s for s in (
    ResultSheet("Aging", AGING_COLUMNS, AGING_COLUMNS, "CREDIT_AGING"),
    ResultSheet("Exposure", tuple(EXPOSURE_COLUMNS),
                ("debtor_id", "exposure", "limit", "limit_type", "covered", "insured_amount", "uninsured", "usage"),
                "CREDIT_COVER"),
    ResultSheet("Breaches", tuple(BREACH_COLUMNS), tuple(BREACH_COLUMNS), "CREDIT_BREACHES"),
    ResultSheet("Limit requests", REQUEST_COLUMNS, REQUEST_COLUMNS),
    ResultSheet("Scores", tuple(SCORES_COLUMNS),
                ("debtor_id", "name", "score", "grade", "weighted_days_late", "completeness", "reasons"), "CREDIT_SCORES"),
    ResultSheet("Deadlines", tuple(DEADLINE_COLUMNS), tuple(DEADLINE_COLUMNS), "CREDIT_DEADLINES"),
    ResultSheet("Declarations", tuple(DECLARATION_COLUMNS), tuple(DECLARATION_COLUMNS)),
    ResultSheet("Turnover", tuple(TURNOVER_COLUMNS), tuple(TURNOVER_COLUMNS)),
    ResultSheet("Penalties", tuple(PENALTY_COLUMNS), tuple(PENALTY_COLUMNS)),
    ResultSheet("Dunning", tuple(DUNNING_COLUMNS),
                ("debtor_id", "level", "next_action", "due_date", "amount", "invoices", "status", "priority",
                 "reminder_id"), "CREDIT_NEXT_ACTION"),
    ResultSheet("Groups", tuple(GROUP_COLUMNS),
                ("group", "members", "exposure", "limit", "covered", "usage", "over_cover", "debtor_ids"), "CREDIT_GROUPS"),
    ResultSheet("Insolvency", tuple(INSOLVENCY_COLUMNS), (*INSOLVENCY_COLUMNS, "delivered_after_insolvency"),
                "CREDIT_INSOLVENCY"),
    ResultSheet("Indemnities", tuple(INDEMNITY_COLUMNS), tuple(INDEMNITY_COLUMNS), "CREDIT_INDEMNITIES"),
    ResultSheet("Legal terms", tuple(LEGAL_TERMS_COLUMNS), tuple(LEGAL_TERMS_COLUMNS), "CREDIT_LEGAL_TERMS"),
    ResultSheet("Idle limits", tuple(IDLE_COLUMNS), tuple(IDLE_COLUMNS), "CREDIT_IDLE_LIMITS"),
    ResultSheet("Portfolio", tuple(PORTFOLIO_COLUMNS), tuple(PORTFOLIO_COLUMNS)),
    ResultSheet("Issues", tuple(ISSUE_COLUMNS), tuple(ISSUE_COLUMNS)),
    ResultSheet("Dashboard", (), ()),
)}
assert list(SHEETS) == list(ANALYSIS_SHEETS), "every result sheet of the analysis is declared here, in its order"

# French headers of result (and input) columns: result headers when Policy `language` is `fr`,
# and accepted as aliases by the reader, so a French result sheet reads back.
FRENCH: dict[str, str] = {
    "debtor_id": "Code client", "name": "Nom", "invoice_id": "N° facture", "not_due": "Non échu",
    "d1_30": "1-30 j", "d31_60": "31-60 j", "d61_90": "61-90 j", "d91_120": "91-120 j",
    "over_120": "Plus de 120 j", "total": "Total", "dso": "DSO", "dbt": "DBT",
    "simple_dso": "DSO simple", "best_dso": "Meilleur DSO possible", "overdue": "Échu",
    "exposure": "Encours", "open_orders": "Commandes en cours",
    "exposure_with_orders": "Encours avec commandes", "eligible": "Encours éligible",
    "limit": "Limite", "limit_type": "Type de limite", "quotite": "Quotité", "covered": "Couvert",
    "insured_amount": "Montant assuré", "uninsured": "Non assuré", "usage": "Utilisation",
    "unapplied_credit": "Crédit non affecté", "country": "Pays",
    "sheet": "Feuille", "row": "Ligne", "column": "Colonne", "severity": "Gravité", "message": "Message",
    # Breaches, Limit requests, Scores, Deadlines, Declarations, Turnover, Penalties, Exposure extras
    "recommended_limit": "Limite recommandée", "expiry_date": "Date d'expiration",
    "decision_date": "Date de décision", "decision_ref": "Réf. décision",
    "paid_on_time_12m": "Payé à l'échéance sur 12 mois", "expired_on": "Expirée le",
    "expired_limit": "Limite expirée", "fallback_limit": "Limite de repli", "justification": "Justification",
    "insurer_ref": "Référence assureur", "cover_stopped": "Garantie arrêtée le", "cut_date": "Date de réduction",
    "cut_limit": "Limite réduite", "former_limit": "Ancienne limite", "refused_on": "Refusée le",
    "pending_decision": "Décision à venir", "pending_date": "Date d'effet à venir",
    "ineligible_disputed": "Non éligible : litige",
    "ineligible_beyond_max_credit_days": "Non éligible : délai au-delà du maximum",
    "ineligible_delivered_after_withdrawal": "Non éligible : livré après retrait",
    "ineligible_delivered_above_reduced_limit": "Non éligible : livré au-delà de la limite réduite",
    "flag": "Alerte", "date": "Date", "current_limit": "Limite actuelle", "amount_to_request": "Montant à demander",
    "reason": "Motif", "score": "Score", "grade": "Classe", "weighted_days_late": "Retard moyen pondéré (j)",
    "completeness": "Complétude", "reasons": "Motifs", "behaviour_points": "Points comportement",
    "usage_points": "Points utilisation", "grade_points": "Points note assureur",
    "financials_points": "Points bilan", "weighted_days_late_3m": "Retard pondéré 3 mois (j)",
    "recent_days_late": "Retard récent pondéré (j)", "trend": "Tendance",
    "overdue_share": "Part échue", "max_days_overdue": "Retard maximum (j)", "disputes": "Litiges",
    "insurer_grade": "Note assureur", "grade_scale": "Échelle", "grade_date": "Date de la note",
    "grade_score": "Note sur 100", "z_score": "Z'' d'Altman", "z_zone": "Zone Altman",
    "z_note": "Commentaire Altman", "conan_holder": "Conan-Holder", "ch_zone": "Zone Conan-Holder",
    "ch_note": "Commentaire Conan-Holder", "fiscal_year_end": "Date de clôture", "mep_end": "Fin de prorogation",
    "notify_by": "Menace de sinistre avant le", "handover_by": "Transmission au contentieux avant le",
    "claim_expected": "Indemnisation attendue le", "open": "Solde ouvert", "disputed": "Litige",
    "terms_days": "Délai de paiement (j)", "beyond_max_credit": "Au-delà du délai maximum",
    "notifiable": "À déclarer", "next_deadline": "Prochaine échéance", "deadline_status": "Statut échéances",
    "indemnity_if_default": "Indemnité si défaut", "retained_loss_if_default": "Perte conservée si défaut", "notice_id": "Menace de sinistre envoyée",
    "collection_id": "Demande contentieuse envoyée", "declaration_id": "N° déclaration", "type": "Type",
    "period": "Période", "due_by": "À envoyer avant le", "premium": "Prime", "sent_date": "Date d'envoi",
    "reference": "Référence", "insured": "Assuré", "turnover_excl_vat": "CA HT", "turnover_incl_vat": "CA TTC",
    "documents": "Pièces", "complete": "Complet", "period_start": "Début de période", "period_end": "Fin de période",
    "days_late": "Jours de retard", "rate": "Taux (%)", "interest": "Intérêts de retard",
    "indemnity": "Indemnité forfaitaire", "end_date": "Date de fin", "paid": "Réglée", "balance": "Assiette",
    "basis": "Base", "rule": "Règle", "semesters": "Semestres", "block": "Bloc", "label": "Ligne du bloc",
    "series": "Série",
    # Dunning
    "level": "Niveau", "next_action": "Prochaine action", "due_date": "Échéance", "amount": "Montant",
    "invoices": "Factures", "status": "Statut", "priority": "Priorité", "next_level": "Niveau suivant",
    "channel": "Canal", "template": "Modèle", "reminder_id": "N° relance", "invoice_ids": "N° factures",
    "level_name": "Dernière relance", "level_date": "Date de la dernière relance", "first_due_date": "Première échéance",
    "days_past_due": "Jours de retard", "disputed_amount": "Montant en litige", "days_to_pay": "Délai accordé",
    "formal_notice_date": "Date de mise en demeure", "formal_notice_deadline": "Fin du délai de mise en demeure",
    "amicable_exhausted": "Amiable épuisé", "insurer_deadline": "Échéance assureur",
    "insurer_step": "Déclaration assureur", "document": "Document", "days_after_due": "Jours après échéance",
    "min_amount": "Montant minimum", "allow_skip": "Peut être sautée",
    # Groups, Insolvency, currencies
    "group": "Groupe", "members": "Sociétés", "over_cover": "Dépassement de garantie", "debtor_ids": "Codes clients",
    "largest_member": "Principale société", "largest_exposure": "Encours principal", "excluded_members": "Sociétés exclues",
    "insolvency_date": "Date de jugement", "insolvency_notice_by": "Avis à l'assureur avant le",
    "proof_of_claim_by": "Déclaration de créance avant le", "principal": "Principal", "claim_total": "Créance déclarée",
    "delivered_after_insolvency": "Livré après le jugement", "currency": "Devise",
    "ineligible_delivered_after_insolvency": "Non éligible : livré après le jugement",
    # Extensions, Indemnities, Legal terms, Idle limits, procedures
    "contract_due_date": "Échéance d'origine", "instalment": "Échéance n°", "extension": "Prorogation",
    "procedure": "Procédure", "publication_date": "Date de publication BODACC", "claimed": "Montant réclamé",
    "expected_indemnity": "Indemnité attendue", "indemnity_paid": "Indemnité reçue", "recovered": "Récupéré",
    "recoveries_to_insurer": "Récupérations à reverser à l'assureur", "recoverable_vat": "TVA récupérable",
    "filed_date": "Sinistre déclaré le", "decision_date": "Décision le", "accepted": "Indemnité accordée",
    "paid_date": "Indemnisé le", "vat_recoverable_from": "TVA récupérable à partir du", "invoice_date": "Date facture",
    "legal_due_by": "Échéance légale maximale", "days_beyond": "Jours au-delà du délai légal",
    "last_invoice_date": "Dernière facture", "months_without_sales": "Mois sans vente", "fee_saved": "Frais économisés",
    "ineligible_delivered_before_cover": "Non éligible : livré avant la garantie",
    "ineligible_delivered_after_mep": "Non éligible : livré après une fin de prorogation impayée",
    "on_debtors_sheet": "Sur la feuille Debtors", "cover_from": "Garantie depuis le", "rows_read": "Lignes lues",
    "rows_repaired": "Lignes corrigées",
    "rows_left_out": "Lignes écartées", "amount_left_out": "Montant écarté",
    # Portfolio
    "section": "Section", "item": "Élément", "measure": "Mesure", "value": "Valeur", "unit": "Unité", "note": "Note",
}

# Number format of a float column by its id; other floats are money in the policy currency.
FORMATS: dict[str, str] = {
    **dict.fromkeys(("usage", "quotite", "completeness", "overdue_share", "share", "uninsured_share"), "percent"),
    "rate": "points",  # already in percent: 12.15 -> 12.15 %
    **dict.fromkeys(("dso", "dbt", "best_dso", "simple_dso", "weighted_days_late", "weighted_days_late_3m",
                     "recent_days_late", "trend", "score", "behaviour_points", "usage_points", "grade_points",
                     "financials_points", "grade_score"), "days"),
    **dict.fromkeys(("z_score", "conan_holder"), "ratio"),
    "months_without_sales": "days",
}


def header(column: str, language: str) -> str:
    """The header a result column gets in the policy language (English = the column id)."""
    return FRENCH.get(column, column) if language == "fr" else column


def labels(column: str) -> tuple[str, ...]:
    """Every header a result column may carry, for the reader to accept it back."""
    return tuple(dict.fromkeys((column, FRENCH.get(column, column))))


def column_format(column: str, values) -> str | None:
    """The number format kind of a result column (its values or dtype): date, money, percent, points,
    days, ratio, int, or None for text and yes/no."""
    types = pd.api.types
    if types.is_datetime64_any_dtype(values):
        return "date"
    if types.is_bool_dtype(values):
        return None
    if types.is_integer_dtype(values):
        return "int"
    if types.is_float_dtype(values):
        return FORMATS.get(column, "money")
    return None
