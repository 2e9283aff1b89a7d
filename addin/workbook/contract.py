"""The workbook contract: input sheets, their columns, French aliases and result headers.

Headers match ignoring case, accents, spaces, `_` and punctuation, so `Date d'échéance`,
`DATE_ECHEANCE` and `due date` all find `due_date`:

>>> normalise_header("Date d'échéance")
'datedecheance'
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from functions.declaration_kinds import KINDS

from functions.texts import LANGUAGES, label

from addin.workbook.results import labels

# Column kinds: how a cell is parsed (see addin.workbook.parse).
ID, TEXT, DATE, AMOUNT, INT, BOOL, CHOICE = "id", "text", "date", "amount", "int", "bool", "choice"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: dict[str, str] | None = None  # normalised spelling -> canonical value
    repairable: bool = False  # an unusable cell keeps the row, for functions.checks.repair_invoices


def normalise_header(text: object) -> str:
    """Lower-case ASCII letters and digits only: the key headers and aliases are compared by."""
    return _normalised(str(text))


@functools.lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    """Remembered: every table argument of every worksheet function has its headers matched."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.lower() if c.isascii() and c.isalnum())


# The catalogue section (functions/texts.py) wording each choice column's codes: what the template's
# drop-down lists offer in French or English, accepted back by the reader in either language.
CHOICE_WORDS = {"document_type": "document_type", "limit_type": "limit_type", "decision": "choice.decision",
                "grade_scale": "grade_scale", "type": "declaration", "status": "status", "channel": "channel",
                "template": "template"}


def choice_word(column: str, code: str, language: str) -> str:
    """A choice column's code as the template's drop-down shows it in `language` (the code when unworded)."""
    return label(code, CHOICE_WORDS[column], language) if column in CHOICE_WORDS else code


def _choices(column: str | None = None, **synonyms: tuple[str, ...]) -> dict[str, str]:
    """Map every accepted spelling (English value, French words, the catalogue's words for `column`)
    to the canonical value."""
    table = {}
    for value, words in synonyms.items():
        worded = [choice_word(column, value, language) for language in LANGUAGES] if column else []
        for word in (value, *words, *worded):
            table.setdefault(normalise_header(word), value)
    return table


YES_NO = _choices()  # parsed by addin.workbook.parse.parse_bool
DOCUMENT_TYPES = _choices("document_type", invoice=("facture", "inv", "fa"), credit_note=("avoir", "credit note", "credit", "av"))
LIMIT_TYPES = _choices("limit_type", named=("nomme", "denomme", "agrement", "limite nommee"), temporary=("temporaire",),
                       discretionary=("discretionnaire", "autoevaluation", "self assessed"))
DECISIONS = _choices("decision", granted=("accorde", "accordee", "agree"), increased=("augmente", "augmentee", "majore"),
                     reduced=("reduit", "reduite", "minore"), withdrawn=("retire", "retiree", "resilie", "annule"),
                     refused=("refuse", "refusee"))
GRADE_SCALES = _choices("grade_scale", allianz=("allianz trade", "euler hermes", "grade"), coface=("dra", "coface dra"),
                        bdf=("banque de france", "cotation bdf", "cotation banque de france"))
REGISTER_TYPES = _choices("type", **{k.type: (k.name("en"), k.name("fr"), *k.register_words) for k in KINDS.values()})
REGISTER_STATUSES = _choices("status", sent=("envoye", "envoyee"), acknowledged=("accuse de reception", "recu", "acquitte"),
                             closed=("clos", "cloture", "classe"))

CHANNELS = _choices("channel", letter=("lettre", "courrier", "lettre recommandée"), email=("e-mail", "mail", "courriel"),
                    phone=("téléphone", "appel", "tel"))
DUNNING_TEMPLATES = _choices("template", reminder=("relance", "rappel"), formal_notice=("mise en demeure", "med", "formal notice"))

PROCEDURES = _choices(safeguard=("sauvegarde", "procédure de sauvegarde", "sauvegarde accélérée"),
                      reorganisation=("redressement", "redressement judiciaire", "rj", "reorganization"),
                      liquidation=("liquidation judiciaire", "lj"))
CLAIM_EVENTS = _choices(filed=("déclaré", "déclaration de sinistre", "sinistre déclaré", "réclamation"),
                        accepted=("accepté", "accord", "accordé", "indemnité accordée", "décision favorable"),
                        refused=("refusé", "refus", "rejeté"),
                        paid=("payé", "indemnisé", "indemnité versée", "indemnité reçue", "versement"),
                        recovered=("récupéré", "récupération", "recouvré", "encaissé après indemnisation"),
                        closed=("clos", "clôturé", "clôture", "classé"))

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
        Column("procedure", CHOICE, False, ("Procédure", "Type de procédure", "Procédure collective"), PROCEDURES),
        Column("publication_date", DATE, False, ("Date de publication", "Publication BODACC", "Date BODACC")),
        Column("legal_terms_days", INT, False, ("Délai légal", "Délai légal (j)", "Délai maximum légal")),
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
    "Extensions": (
        Column("invoice_id", ID, True, ("N° facture", "Facture", "Numéro de facture")),
        Column("debtor_id", ID, False, DEBTOR),
        Column("agreed_date", DATE, False, ("Date d'accord", "Accordée le", "Date de l'accord")),
        Column("new_due_date", DATE, True, ("Nouvelle échéance", "Échéance prorogée", "Échéance reportée", "Date d'échéance")),
        Column("amount", AMOUNT, False, ("Montant", "Montant de l'échéance", "Montant échéance")),
        Column("approval_date", DATE, False, ("Accord de l'assureur", "Date d'accord de l'assureur", "Accord assureur le")),
        Column("reference", TEXT, False, ("Référence", "Référence assureur")),
        Column("note", TEXT, False, ("Note", "Commentaire")),
    ),
    "Claims": (
        Column("debtor_id", ID, True, DEBTOR),
        Column("date", DATE, True, ("Date",)),
        Column("event", CHOICE, True, ("Événement", "Étape", "Évènement"), CLAIM_EVENTS),
        Column("amount", AMOUNT, False, ("Montant",)),
        Column("reference", TEXT, False, ("Référence", "N° sinistre", "Référence assureur")),
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

def header_lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    """Normalised header or alias -> canonical column name, for one sheet: the identifier, the
    aliases, the column's labels and its sheet's own labels (functions/texts.py: `column.Limits.amount`).
    Built once per set of columns: every table argument of every worksheet function reads it."""
    key = tuple((c.name, c.aliases) for c in columns)
    if key not in _LOOKUPS:
        _LOOKUPS[key] = _lookup(columns)
    return _LOOKUPS[key]


_LOOKUPS: dict[tuple, dict[str, str]] = {}


def _lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    names = [c.name for c in columns]  # the sheet's columns, possibly marked repairable (read.repairable)
    sheet = next((name for name, cols in {**INPUT_SHEETS, **PARAMETER_SHEETS}.items()
                  if [c.name for c in cols] == names), None)
    lookup = {}
    for col in columns:
        own = [label(f"{sheet}.{col.name}", "column", language) for language in LANGUAGES] if sheet else []
        for alias in (col.name, *col.aliases, *labels(col.name), *own):
            lookup.setdefault(normalise_header(alias), col.name)
    return lookup
