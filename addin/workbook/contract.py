"""The workbook contract: input sheets, their columns, French aliases and result headers.

Headers match ignoring case, accents, spaces, `_` and punctuation, so `Date d'échéance`,
`DATE_ECHEANCE` and `due date` all find `due_date`:

>>> normalise_header("Date d'échéance")
'datedecheance'
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Column kinds: how a cell is parsed (see addin.workbook.parse).
ID, TEXT, DATE, AMOUNT, INT, BOOL, CHOICE = "id", "text", "date", "amount", "int", "bool", "choice"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: dict[str, str] | None = None  # normalised spelling -> canonical value


def normalise_header(text: object) -> str:
    """Lower-case ASCII letters and digits only: the key headers and aliases are compared by."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed.lower() if c.isascii() and c.isalnum())


def _choices(**synonyms: tuple[str, ...]) -> dict[str, str]:
    """Map every accepted spelling (English value, French words) to the canonical value."""
    table = {}
    for value, words in synonyms.items():
        for word in (value, *words):
            table[normalise_header(word)] = value
    return table


YES_NO = _choices()  # parsed by addin.workbook.parse.parse_bool
DOCUMENT_TYPES = _choices(invoice=("facture", "inv", "fa"), credit_note=("avoir", "credit note", "credit", "av"))
LIMIT_TYPES = _choices(named=("nomme", "denomme", "agrement", "limite nommee"), temporary=("temporaire",),
                       discretionary=("discretionnaire", "autoevaluation", "self assessed"))
DECISIONS = _choices(granted=("accorde", "accordee", "agree"), increased=("augmente", "augmentee", "majore"),
                     reduced=("reduit", "reduite", "minore"), withdrawn=("retire", "retiree", "resilie", "annule"),
                     refused=("refuse", "refusee"))
GRADE_SCALES = _choices(allianz=("allianz trade", "euler hermes", "grade"), coface=("dra", "coface dra"),
                        bdf=("banque de france", "cotation bdf", "cotation banque de france"))
REGISTER_TYPES = _choices(overdue_notice=("menace de sinistre", "avis de retard"),
                          collection_request=("demande d'intervention contentieuse", "dic", "contentieux"),
                          turnover=("declaration de chiffre d'affaires", "chiffre d'affaires"),
                          insolvency_notice=("avis de procedure collective",),
                          proof_of_claim=("declaration de creance",))
REGISTER_STATUSES = _choices(sent=("envoye", "envoyee"), acknowledged=("accuse de reception", "recu", "acquitte"),
                             closed=("clos", "cloture", "classe"))

CHANNELS = _choices(letter=("lettre", "courrier", "lettre recommandée"), email=("e-mail", "mail", "courriel"),
                    phone=("téléphone", "appel", "tel"))
DUNNING_TEMPLATES = _choices(reminder=("relance", "rappel"), formal_notice=("mise en demeure", "med", "formal notice"))

DEBTOR = ("Client", "Code client", "N° client", "Numéro client", "Débiteur", "Compte client", "Acheteur")

INPUT_SHEETS: dict[str, tuple[Column, ...]] = {
    "Debtors": (
        Column("debtor_id", ID, True, DEBTOR),
        Column("name", TEXT, False, ("Nom", "Raison sociale", "Nom client", "Dénomination")),
        Column("country", TEXT, False, ("Pays", "Code pays")),
        Column("registration_id", TEXT, False, ("SIREN", "SIRET", "N° TVA", "Numéro TVA", "Identifiant", "N° SIREN")),
        Column("insurer_ref", TEXT, False, ("Référence assureur", "N° assureur", "Code assureur", "Identifiant assureur")),
        Column("address", TEXT, False, ("Adresse",)),
        Column("sector", TEXT, False, ("Secteur", "Code NAF", "Activité")),
        Column("group", TEXT, False, ("Groupe", "Maison mère")),
        Column("payment_terms_days", INT, False, ("Délai de paiement", "Conditions de paiement", "Délai (jours)")),
        Column("insurer_grade", TEXT, False, ("Note assureur", "Note", "Grade", "Cotation")),
        Column("grade_scale", CHOICE, False, ("Échelle", "Échelle de note"), GRADE_SCALES),
        Column("evidence_date", DATE, False, ("Date de renseignement", "Date d'information", "Date du dernier renseignement")),
        Column("security", TEXT, False, ("Sûreté", "Sûretés", "Garantie", "Garanties")),
        Column("insolvency_date", DATE, False, ("Date de jugement", "Date de procédure collective", "Date d'insolvabilité")),
        Column("do_not_remind", BOOL, False, ("Ne pas relancer",)),
        Column("excluded", BOOL, False, ("Exclu", "Hors police", "Non assurable")),
    ),
    "Invoices": (
        Column("invoice_id", ID, True, ("N° facture", "Numéro de facture", "No facture", "Facture", "Pièce", "N° pièce")),
        Column("debtor_id", ID, True, DEBTOR),
        Column("invoice_date", DATE, True, ("Date facture", "Date de facture", "Date d'émission", "Date pièce")),
        Column("due_date", DATE, True, ("Date d'échéance", "Échéance", "Date échéance")),
        Column("amount", AMOUNT, True, ("Montant TTC", "Montant", "Total TTC")),
        Column("amount_excl_vat", AMOUNT, False, ("Montant HT", "Total HT")),
        Column("currency", TEXT, False, ("Devise",)),
        Column("document_type", CHOICE, False, ("Type de pièce", "Type de document", "Type"), DOCUMENT_TYPES),
        Column("credited_invoice_id", ID, False, ("Facture d'origine", "Facture créditée", "Facture avoir")),
        Column("delivery_date", DATE, False, ("Date de livraison", "Date d'expédition")),
        Column("disputed", BOOL, False, ("Litige", "Litigieux", "En litige")),
        Column("paid_date", DATE, False, ("Date de règlement", "Date de paiement", "Réglée le")),
    ),
    "Payments": (
        Column("payment_id", ID, False, ("N° règlement", "N° paiement", "Règlement", "Référence règlement")),
        Column("debtor_id", ID, True, DEBTOR),
        Column("date", DATE, True, ("Date", "Date de règlement", "Date de paiement", "Date valeur")),
        Column("amount", AMOUNT, True, ("Montant", "Montant réglé", "Montant du règlement")),
        Column("invoice_id", ID, False, ("N° facture", "Facture", "Numéro de facture")),
        Column("currency", TEXT, False, ("Devise",)),
    ),
    "Orders": (
        Column("order_id", ID, False, ("N° commande", "Commande", "Numéro de commande")),
        Column("debtor_id", ID, True, DEBTOR),
        Column("amount", AMOUNT, True, ("Montant", "Montant TTC", "Montant commande")),
        Column("ship_date", DATE, False, ("Date d'expédition", "Date de livraison prévue", "Date de livraison")),
        Column("currency", TEXT, False, ("Devise",)),
    ),
    "Limits": (
        Column("debtor_id", ID, True, DEBTOR),
        Column("decision_date", DATE, True, ("Date de décision", "Date décision")),
        Column("effective_date", DATE, False, ("Date d'effet",)),
        Column("expiry_date", DATE, False, ("Date d'expiration", "Date de fin", "Fin de validité")),
        Column("amount", AMOUNT, False, ("Plafond", "Limite", "Montant", "Montant agréé", "Agrément")),
        Column("limit_type", CHOICE, False, ("Type de limite", "Type d'agrément", "Type"), LIMIT_TYPES),
        Column("decision", CHOICE, True, ("Décision",), DECISIONS),
        Column("insurer_ref", TEXT, False, ("Référence assureur", "N° décision", "Référence")),
    ),
    "Grades": (
        Column("debtor_id", ID, True, DEBTOR),
        Column("date", DATE, True, ("Date",)),
        Column("insurer_grade", TEXT, True, ("Note assureur", "Note", "Grade", "Cotation")),
        Column("grade_scale", CHOICE, False, ("Échelle",), GRADE_SCALES),
    ),
    "Financials": (
        Column("debtor_id", ID, True, DEBTOR),
        Column("fiscal_year_end", DATE, True, ("Date de clôture", "Clôture", "Fin d'exercice", "Exercice")),
        Column("total_assets", AMOUNT, False, ("Total actif", "Total bilan")),
        Column("current_assets", AMOUNT, False, ("Actif circulant",)),
        Column("current_liabilities", AMOUNT, False, ("Dettes à court terme", "Passif circulant", "Dettes court terme")),
        # Never `Total passif`: it includes equity.
        Column("total_liabilities", AMOUNT, False, ("Total dettes", "Dettes totales", "Endettement total")),
        Column("equity", AMOUNT, False, ("Capitaux propres", "Fonds propres")),
        Column("permanent_capital", AMOUNT, False, ("Capitaux permanents", "Ressources stables")),
        Column("retained_earnings", AMOUNT, False, ("Réserves", "Bénéfices non distribués", "Réserves et report à nouveau")),
        Column("ebit", AMOUNT, False, ("Résultat d'exploitation", "REX")),
        Column("ebitda", AMOUNT, False, ("EBE", "Excédent brut d'exploitation")),
        Column("revenue", AMOUNT, False, ("Chiffre d'affaires", "CA")),
        Column("financial_charges", AMOUNT, False, ("Charges financières",)),
        Column("staff_costs", AMOUNT, False, ("Charges de personnel", "Frais de personnel")),
        Column("value_added", AMOUNT, False, ("Valeur ajoutée", "VA")),
        Column("cash", AMOUNT, False, ("Trésorerie", "Disponibilités")),
        Column("receivables", AMOUNT, False, ("Créances clients",)),
    ),
    "Actions": (
        Column("debtor_id", ID, True, DEBTOR),
        Column("invoice_id", ID, False, ("N° facture", "Facture")),
        Column("date", DATE, True, ("Date",)),
        Column("action", TEXT, True, ("Action", "Type d'action", "Relance")),
        Column("note", TEXT, False, ("Note", "Commentaire", "Remarque")),
    ),
    "Register": (
        Column("declaration_id", ID, True, ("N° déclaration", "Identifiant déclaration", "Déclaration")),
        Column("type", CHOICE, False, ("Type",), REGISTER_TYPES),
        Column("debtor_id", ID, False, DEBTOR),
        Column("period", TEXT, False, ("Période",)),
        Column("status", CHOICE, True, ("Statut", "État"), REGISTER_STATUSES),
        Column("sent_date", DATE, False, ("Date d'envoi", "Envoyé le")),
        Column("reference", TEXT, False, ("Référence", "Référence assureur")),
        Column("note", TEXT, False, ("Note", "Commentaire")),
    ),
    "Rates": (
        Column("date", DATE, True, ("Date", "Date d'effet")),
        Column("ecb_mro_rate", AMOUNT, False, ("Taux BCE", "Taux de refinancement BCE", "Taux directeur")),
        Column("legal_rate", AMOUNT, False, ("Taux légal", "Taux d'intérêt légal")),
    ),
    "FX": (
        Column("currency", TEXT, True, ("Devise",)),
        Column("date", DATE, True, ("Date",)),
        Column("rate", AMOUNT, True, ("Taux", "Cours", "Taux de change")),
    ),
}

POLICY_SHEET = "Policy"
POLICY_COLUMNS = (
    Column("parameter", TEXT, True, ("Paramètre",)),
    Column("value", TEXT, False, ("Valeur",)),
    Column("description", TEXT, False, ("Description",)),
)

# Parameter tables with shipped defaults (the template carries them); each capability that
# has one adds its sheet here, with its columns.
PARAMETER_SHEETS: dict[str, tuple[Column, ...]] = {
    "Scoring": POLICY_COLUMNS,
    "Dunning plan": (
        Column("level", INT, True, ("Niveau", "N° de relance")),
        Column("name", TEXT, False, ("Nom", "Étape", "Libellé")),
        Column("days_after_due", INT, True, ("Jours après échéance", "Délai après échéance", "Jours")),
        Column("channel", CHOICE, False, ("Canal", "Moyen"), CHANNELS),
        Column("template", CHOICE, False, ("Modèle", "Modèle de lettre"), DUNNING_TEMPLATES),
        Column("min_amount", AMOUNT, False, ("Montant minimum", "Seuil")),
        Column("days_to_pay", INT, False, ("Délai accordé", "Délai de paiement accordé")),
        Column("allow_skip", BOOL, False, ("Peut être sautée", "Saut autorisé")),
    ),
    "PD": (
        Column("grade", TEXT, True, ("Note", "Classe", "Classe de risque")),
        Column("pd", AMOUNT, True, ("Probabilité de défaut", "Taux de défaut")),
        Column("description", TEXT, False, ("Description", "Source")),
    ),
    "Policy variants": (
        Column("variant", TEXT, True, ("Formule", "Variante")),
        Column("quotite", AMOUNT, False, ("Quotité", "Quotité garantie")),
        Column("quotite_non_named", AMOUNT, False, ("Quotité non dénommé",)),
        Column("deductible", AMOUNT, False, ("Franchise",)),
        Column("premium_rate", AMOUNT, False, ("Taux de prime",)),
        Column("minimum_premium", AMOUNT, False, ("Prime minimum", "Prime minimale")),
        Column("non_named_threshold", AMOUNT, False, ("Seuil non dénommé", "Seuil de non-dénommé")),
        Column("description", TEXT, False, ("Description",)),
    ),
}

# French labels of result (and input) columns: result headers when Policy `language` is
# `fr`, and accepted as aliases by the reader, so a French result sheet reads back.
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
    # Portfolio
    "section": "Section", "item": "Élément", "measure": "Mesure", "value": "Valeur", "unit": "Unité", "note": "Note",
}


def result_header(column: str, language: str) -> str:
    """The header a result column gets in the policy language (English = the column name)."""
    return FRENCH.get(column, column) if language == "fr" else column


def header_lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    """Normalised header or alias -> canonical column name, for one sheet."""
    lookup = {}
    for col in columns:
        for alias in (col.name, *col.aliases, FRENCH.get(col.name, col.name)):
            lookup.setdefault(normalise_header(alias), col.name)
    return lookup
