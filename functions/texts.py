"""Every word a user reads, in French and English: the one catalogue both layers read.

Result sheets (headers, statuses, flags' messages, reasons), the Issues sheet, the Dashboard,
the command line, the worksheet functions' messages, the template's help and the letters take
their words from here, by key:

>>> text("column.insured_amount", "fr"), text("column.insured_amount", "en")
('Montant assuré', 'Insured amount')
>>> text("status.to_notify", "fr")
'À déclarer'
>>> text("cli.as_of", "en", date="2026-10-31", currency="EUR")
'As of 2026-10-31  (EUR)'

Each entry is `key: (French, English)`, French first. `{name}` fields are filled by `text(...,
**fields)`; letter words hold Jinja (`{{ reminder.total|money }}`) and are read raw. A section is
a dict of entries under one prefix; `table(prefix)` gives it as {"fr": {...}, "en": {...}} (with
nested dicts for dotted sub-keys) for modules that format whole sentences themselves.

Adding words: put the pair in the section of the module that shows it (or a new section),
never a literal in the module. tests/test_texts.py fails when an entry lacks a language, when
the two languages name different fields, when a French run shows an English word, and when
addin/ or functions/ hold French words or an English and French pair of their own. Refusals
said before the Policy is read go through addin.workbook.messages.say (the system's language).

`message(key, **fields)` is a sentence decided before the language is known (an Issue found while
reading the sheets): it behaves as its English text and is written in the workbook's language
(`translated(value, language)`).
"""
from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("fr", "en")


def lang(language: str | None) -> str:
    """'fr' or 'en': the policy's language, French unless English is asked for (`en`, or the
    Policy drop-down's words `English` / `anglais`)."""
    return "en" if str(language or "").strip().lower() in ("en", "english", "anglais") else "fr"


def text(key: str, language: str | None, **fields) -> str:
    """The words of `key` in `language`, with `fields` filled in (raw when no field is given)."""
    try:
        pair = TEXTS[key]
    except KeyError:
        raise KeyError(f"no text '{key}' in functions/texts.py") from None
    words = pair[LANGUAGES.index(lang(language))]
    return words.format(**fields) if fields else words


def has(key: str) -> bool:
    return key in TEXTS


def words(prefix: str, language: str | None) -> dict[str, str]:
    """Every entry under `prefix.` in one language, keyed by the rest of its key."""
    return dict(_words(prefix, LANGUAGES.index(lang(language)), len(TEXTS)))


@lru_cache(maxsize=None)
def _words(prefix: str, index: int, size: int) -> dict[str, str]:
    """words, read once (a scan of every text costs a millisecond); `size`, the number of texts,
    reads them anew should a section be added after a first call."""
    start = prefix + "."
    return {k[len(start):]: v[index] for k, v in TEXTS.items() if k.startswith(start)}


_words.package_data = True  # kept by udfs.forget(): the same for every workbook


def table(prefix: str) -> dict[str, dict]:
    """{"fr": {...}, "en": {...}} of a section, dotted sub-keys as nested dicts."""
    result = {}
    for language in LANGUAGES:
        nested: dict = {}
        for key, value in words(prefix, language).items():
            *parents, last = key.split(".")
            node = nested
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
        result[language] = nested
    return result


def label(code, prefix: str, language: str | None):
    """A code's words under `prefix` (`status.to_notify` -> 'À déclarer'); other values as they are."""
    key = f"{prefix}.{code}"
    return text(key, language) if isinstance(code, str) and key in TEXTS else code


class Message(str):
    """A sentence whose language is chosen when it is written: its value is the English text."""

    def __new__(cls, key: str, **fields):
        self = super().__new__(cls, text(key, "en", **fields))
        self.key, self.fields = key, fields
        return self

    def __reduce__(self):
        return (_message, (self.key, self.fields))

    def __deepcopy__(self, memo):
        return self

    def in_language(self, language: str | None) -> str:
        return text(self.key, language, **{k: translated(v, language) for k, v in self.fields.items()})


def _message(key: str, fields: dict) -> Message:
    return Message(key, **fields)


def message(key: str, **fields) -> Message:
    return Message(key, **fields)


def joined(parts: list) -> str:
    """Words joined with ', ' in whichever language they are written (Messages stay Messages)."""
    if not any(isinstance(p, Message) for p in parts):
        return ", ".join(map(str, parts))
    out = parts[0]
    for part in parts[1:]:
        out = message("list.and", first=out, second=part)
    return out


class Amount(float):
    """A sum in a message, written as its language writes it: 1,234.50 in English (the Message's
    own value), 1 234,50 in French.

    >>> message("check.negative_invoice", amount=Amount(-1234.5)).in_language("fr")[:26]
    'montant négatif -1 234,50 '
    """

    def __format__(self, spec: str) -> str:
        return f"{float(self):,.2f}" if not spec else float.__format__(self, spec)

    def __str__(self) -> str:
        return format(self, "")

    def in_language(self, language: str | None) -> str:
        shown = f"{float(self):,.2f}"
        return shown.replace(",", " ").replace(".", ",") if lang(language) == "fr" else shown


def translated(value, language: str | None):
    """A Message or an Amount in `language`; anything else unchanged."""
    return value.in_language(language) if isinstance(value, (Message, Amount)) else value


TEXTS: dict[str, tuple[str, str]] = {}


def _section(prefix: str, entries: dict[str, tuple[str, str]]) -> None:
    for key, pair in entries.items():
        full = f"{prefix}.{key}"
        assert full not in TEXTS, f"{full} is defined twice"
        TEXTS[full] = pair


_section("breach", {
    'OVER_LIMIT': ('{what} de {exposure} dépasse {limit_name} de {limit} de {excess} : suspendez les livraisons ou demandez une augmentation',
        '{what} {exposure} exceeds {limit_name} of {limit} by {excess}: hold deliveries or request an increase'),
    'NO_COVER': ("Aucune garantie {insurer_adj}{since} : {amount} d'encours et de commandes non assurés ; ne livrez rien avant un nouvel agrément",
        'No {insurer_adj} cover{since}: {amount} of exposure and orders is uninsured; ship nothing before a new limit is granted'),
    'DELIVERED_AFTER_WITHDRAWAL': ("{amount} livrés depuis le {date}, date d'effet du retrait {insurer_adj}, ne sont pas garantis : arrêtez les livraisons et recouvrez ces factures en priorité",
        '{amount} delivered on or after {date}, when the {insurer_adj} withdrawal took effect, is not covered: stop deliveries and collect these invoices first'),
    'DELIVERED_ABOVE_REDUCED_LIMIT': ("{amount} livrés depuis le {date} au-delà de la limite {insurer_adj} réduite à {limit} ne sont pas garantis : suspendez les livraisons jusqu'au retour sous la limite",
        '{amount} delivered from {date} above the reduced {insurer_adj} limit of {limit} is not covered: hold deliveries until exposure is back under the limit'),
    'OVERDUE_BEYOND_MEP': ('{amount} impayés au-delà du délai maximum de prorogation depuis le {date} ({invoices}) : arrêtez les livraisons, les nouvelles expéditions ne sont pas garanties',
        '{amount} is overdue beyond the maximum extension period since {date} ({invoices}): stop deliveries, new shipments are not covered'),
    'NOTIFICATION_LATE': ('La menace de sinistre à {insurer} devait partir avant le {date} pour {amount} ({invoices}) : déclarez-la maintenant, la garantie est en jeu',
        'The overdue notice to {insurer} was due by {date} for {amount} ({invoices}): notify now, the cover is at risk'),
    'LIMIT_EXPIRED': ("La limite {insurer_adj} de {limit} a expiré le {date} ; sur {exposure} d'encours avec commandes, {covered} reste couvert : demandez un renouvellement à {insurer}",
        'The {insurer_adj} limit of {limit} expired on {date}; of {exposure} exposure with orders, {covered} is still covered: ask {insurer} for a renewal'),
    'LIMIT_REQUEST_NEEDED': ("L'encours avec commandes de {total} dépasse {limit_name} de {limit} de {amount} : demandez {request} à {insurer} avant d'expédier",
        'Exposure with orders {total} is above {limit_name} of {limit} by {amount}: request {request} from {insurer} before shipping'),
    'HIGH_USAGE': ("L'encours de {exposure} utilise {usage} de {limit_name} de {limit} : anticipez une augmentation avant les prochaines commandes",
        'Exposure {exposure} uses {usage} of {limit_name} of {limit}: plan a limit increase before the next orders'),
    'DISPUTED_EXPOSURE': ('{amount} en litige ne sont pas garantis tant que le litige dure : réglez-le ou documentez-le pour {insurer}',
        '{amount} in dispute is not covered while the dispute lasts: resolve it or document it for {insurer}'),
    'FORMAL_NOTICE_DEADLINE_NEAR': ('Mise en demeure envoyée le {date_sent}, et {step} à {insurer} est à faire avant le {date} ({amount} échus) : envoyez-la maintenant, la phase amiable ne doit pas la retarder',
        'Formal notice sent on {date_sent}, and the {step} to {insurer} is due by {date} ({amount} overdue): send it now, the amicable phase must not delay it'),
    'LIMIT_EXPIRING': ('{limit_name} de {limit} expire le {date} : demandez son renouvellement à {insurer}',
        '{limit_name} of {limit} expires on {date}: ask {insurer} to renew it'),
    'GRADE_DOWNGRADE': ("Note abaissée de {before} à {after} ({scale}) le {date} : revoyez la limite et les conditions de paiement de ce compte ({amount} d'encours)",
        'Grade lowered from {before} to {after} ({scale}) on {date}: review the limit and the payment terms of this account ({amount} exposure)'),
    'SCORE_DROP': ('Le score est passé de {before} à {after} depuis le {date} ({reasons}) : réexaminez le compte avant les prochaines commandes',
        'Score fell from {before} to {after} since {date} ({reasons}): review the account before the next orders'),
    'NEW_DEBTOR_WITHOUT_COVER': ("Nouveau client facturé depuis le {date} sans aucune décision {insurer_adj} ({amount} d'encours avec commandes) : demandez dès maintenant une limite ou un avis à {insurer}",
        'New client first invoiced on {date} without any {insurer_adj} decision ({amount} exposure with orders): ask {insurer} for a limit or its opinion now'),
    'GROUP_OVER_COVER': ("Groupe {group} : l'encours de {exposure} sur {members} sociétés dépasse leur garantie cumulée de {limit} de {excess} ; ses sociétés forment un seul risque : suspendez les livraisons au groupe ou demandez une limite de groupe à {insurer}",
        'Group {group}: exposure {exposure} across {members} companies exceeds their combined cover of {limit} by {excess}; its companies share one risk: hold deliveries to the group or ask {insurer} for a group limit'),
    'INSOLVENCY': ('{proceedings} depuis le {date} : les livraisons postérieures ne sont pas garanties ({lost} déjà livrés, {orders} en commande) : arrêtez les livraisons, avisez {insurer} avant le {notice_by} et déclarez la créance au mandataire judiciaire avant le {claim_by}',
        '{proceedings} since {date}: deliveries after that date are not covered ({lost} already delivered, {orders} on order): stop deliveries, notify {insurer} by {notice_by} and file the proof of claim with the court-appointed representative by {claim_by}'),
})

_section("proceedings", {  # the Insolvency sheet's `procedure`, named as the court does
    "any": ("Procédure collective", "Insolvency proceedings"),
    "safeguard": ("Procédure de sauvegarde", "Safeguard proceedings"),
    "reorganisation": ("Redressement judiciaire", "Reorganisation proceedings"),
    "liquidation": ("Liquidation judiciaire", "Liquidation"),
})

_section("breach", {  # the flags of issue 19: every uninsured euro has one
    "TERMS_BEYOND_MAX": ('{amount} facturés à un délai de paiement supérieur au maximum de la police ({days} jours) ne sont pas garantis : raccourcissez le délai ou faites-le accepter par {insurer}',
        "{amount} is invoiced on payment terms longer than the policy's maximum of {days} days and is not covered: shorten the terms or ask {insurer} to accept them"),
    "DELIVERED_BEFORE_COVER": ('{amount} livrés avant le {date}, date à laquelle la limite {insurer_adj} commence à couvrir les livraisons, ne sont pas garantis par elle',
        '{amount} delivered before {date}, when the {insurer_adj} limit started to cover deliveries, is not covered by it'),
    "DELIVERED_AFTER_MEP": ("{amount} livrés alors qu'une autre facture restait impayée au-delà de son délai maximum de prorogation ne sont pas garantis : recouvrez l'impayé avant toute nouvelle livraison",
        '{amount} delivered while another invoice was unpaid beyond its maximum extension period is not covered: collect the overdue invoices before shipping again'),
    "DELIVERED_AFTER_INSOLVENCY": ("{amount} livrés après le jugement d'ouverture ne sont pas garantis",
        '{amount} delivered after the insolvency judgment is not covered'),
    "NOT_ON_DEBTORS_SHEET": ("Le code client {debtor} n'est pas sur la feuille Debtors : son encours de {exposure} est compté sous ce code ({cover}) ; ajoutez le client à la feuille Debtors",
        'Client code {debtor} is not on the Debtors sheet: its exposure of {exposure} is counted under this code ({cover}); add the client to the Debtors sheet'),
    "IDLE_LIMIT": ("Aucune vente {since} sous la limite de {limit} de {insurer} : résiliez-la pour économiser {fee} par an, ou gardez-la si des commandes arrivent",
                   "No sales {since} under {insurer}'s limit of {limit}: cancel it to save {fee} a year, or keep it if orders will come"),
    "LEGAL_TERMS_EXCEEDED": ("{count} facture(s) ({invoices}) accordent des délais jusqu'à {days} jours au-delà du plafond légal ({rule}) : raccourcissez vos délais ; la DGCCRF peut infliger jusqu'à 2 M EUR d'amende à une société (L441-16)",
                             "{count} invoice(s) ({invoices}) give payment terms up to {days} days beyond the legal limit ({rule}): shorten your terms; the DGCCRF can fine a company up to EUR 2M (L441-16)"),
    "EXTENSION_NEEDS_APPROVAL": ("{amount} prorogés au-delà du délai maximum de prorogation ({invoices}) sans l'accord de {insurer} : demandez-le avant le {date}, sinon ces créances sont échues à cette date pour l'assureur",
                                 "{amount} extended beyond the maximum extension period ({invoices}) without {insurer}'s approval: ask for it before {date}, or these debts fall due on that date for the insurer"),
})
_section("legal_rule", {  # the Legal terms sheet's `rule`: the lawful term an invoice was checked against
    "days": ("{n} jours", "{n} days"), "eom": ("{n} jours fin de mois", "{n} days end of month"),
    "debtor": ("{n} jours pour ce client", "{n} days for this client"),
})
_section("fee_note", {  # the Portfolio's `fees` rows (functions.fees.yearly_fees)
    "monitored": ("limites nommées ou temporaires en vigueur", "named or temporary limits in force"),
    "yearly": ("par an", "a year"), "decided": ("décisions des 12 mois jusqu'à la date d'analyse", "decisions of the 12 months to as_of"),
    "twelve_months": ("12 mois jusqu'à la date d'analyse", "12 months to as_of"),
    "requests_sheet": ("feuille Limit requests", "Limit requests sheet"), "idle_sheet": ("feuille Idle limits", "Idle limits sheet"),
    "if_cancelled": ("par an, si elles sont résiliées", "a year, if cancelled"),
})
_section("turnover_note", {
    "nil": ("déclaration à néant : aucune facture ni aucun avoir n'est daté de cette période",
            "nil declaration: no invoice or credit note is dated in this period"),
})
_section("breach_word", {
    "exposure": ("l'encours", 'exposure'),
    "eligible": ("l'encours éligible", 'eligible exposure'),
    "sales_since": ("depuis le {date}", "since {date}"),
    "since_granted": ("depuis l'agrément du {date}", "since the limit was granted on {date}"),
})
_section("breach_word", {
    'named': ('la limite {adj}',
        'the {adj} limit'),
    'temporary': ('la limite temporaire {adj}',
        'the {adj} temporary limit'),
    'discretionary': ('votre limite discrétionnaire',
        'your discretionary limit'),
    'non_named': ('le seuil de non-dénommé',
        'the non-named threshold'),
    'insurer': ("l'assureur",
        'the insurer'),
    'insurer_adj': ("de l'assureur",
        'insurer'),
    'since': (' depuis le {date}',
        ' since {date}'),
    'higher': ('une limite plus élevée',
        'a higher limit'),
    'named_limit': ('un agrément nommé',
        'a named limit'),
    'overdue_notice': ('la menace de sinistre',
        'overdue notice'),
    'collection_request': ("la demande d'intervention contentieuse",
        'collection request'),
})

_section("limit_request", {
    'needs': ('besoin {sales} x {terms} jours / 365 x {headroom}',
        'needs {sales} x {terms} days / 365 x {headroom}'),
    'cap': ('plafonné à {share:.0%} des capitaux propres {equity} (note {grade})',
        'capped at {share:.0%} of equity {equity} (grade {grade})'),
    'no_financials': ('sans plafond : pas de bilan',
        'uncapped: no financials'),
    'no_grade': ('sans plafond : pas de note',
        'uncapped: no grade'),
    'orders': ("l'encours avec commandes de {total} dépasse la garantie actuelle de {limit}",
        'exposure with orders {total} is above the current cover of {limit}'),
    'recommended': ('la limite recommandée de {recommended} dépasse la garantie actuelle de {limit}',
        'recommended limit {recommended} is above the current cover of {limit}'),
    'refused': ('dernière demande refusée le {date}',
        'last request refused on {date}'),
    'above_recommended': ("la demande couvre l'encours avec commandes et dépasse de {gap} la limite recommandée : réexaminez le risque du client avant de la déposer",
        "the request covers the exposure with orders and is {gap} above the recommended limit: review the client's risk before asking"),
})

_section("cover", {
    'insurer': ("l'assureur",
        'insurer'),
    'decision': ('décision {insurer} du {date}',
        '{insurer} decision of {date}'),
    'ref': (' (réf. {ref})',
        ' (ref {ref})'),
    'reduced': (" ; les livraisons avant le {date} gardent l'ancienne limite de {amount}",
        '; deliveries before {date} keep the former limit of {amount}'),
    'withdrawn': ('limite retirée à compter du {date}',
        'limit withdrawn from {date}'),
    'refused': ('limite refusée le {date}, aucune limite en vigueur',
        'limit refused on {date}, no limit in force'),
    'evidence': ('renseignement du {date}',
        'evidence dated {date}'),
    'payments': ("{amount} payés à l'échéance sur les 12 derniers mois",
        '{amount} paid on time in the last 12 months'),
    'non_named': ("non-dénommé jusqu'à {amount}",
        'non-named cover up to {amount}'),
    'excluded': ('exclu de la police',
        'excluded from the policy'),
    'none': ('aucune garantie',
        'no cover'),
})

_section("credit_policy", {
    'terms': ("Délai de paiement habituel : {usual} jours après facture (le plus long accordé : {longest} jours) ; la police garantit les délais jusqu'à {max} jours.",
        'Usual payment terms: {usual} days after invoice (longest granted: {longest} days); the policy insures terms up to {max} days.'),
    'no_terms': ("Les délais de paiement sont fixés par client ; la police garantit les délais jusqu'à {max} jours.",
        'Payment terms are set per client; the policy insures terms up to {max} days.'),
    'mep': ("Une facture échue peut être prorogée jusqu'à {days} jours après l'échéance (délai maximum de prorogation).",
        'Overdue invoices may be extended by up to {days} days after the due date (maximum extension period).'),
    'late': ('Les retards donnent lieu à des pénalités de retard et à une indemnité forfaitaire de {indemnity} par facture.',
        'Late payers owe late-payment interest and a fixed recovery indemnity of {indemnity} per invoice.'),
    'named': ("Tout client dont l'encours dépasse {threshold} doit faire l'objet d'un agrément nommé de {insurer} avant livraison ; en dessous, le non-dénommé garantit {quotite} de la créance.",
        'Every client owing more than {threshold} needs a named limit from {insurer} before delivery; below it, non-named cover insures {quotite} of the debt.'),
    'discretionary': ("Une limite discrétionnaire jusqu'à {max} peut être fixée sur un renseignement de moins de {months} mois ou sur un an de paiements à l'échéance.",
        'A discretionary limit of up to {max} may be set on a credit report less than {months} months old, or on a year of punctual payments.'),
    'hold': ("Les livraisons sont suspendues si l'encours dépasse la limite, après un retrait, ou dès qu'une facture est impayée au-delà du délai de prorogation ; une augmentation est demandée dès {usage} d'utilisation.",
        'Deliveries stop when exposure exceeds the limit, after a withdrawal, or once an invoice is overdue beyond the extension period; a limit increase is requested from {usage} usage.'),
    'quotite': ('Les agréments nommés sont garantis à {quotite}, avec une franchise de {deductible} par sinistre.',
        'Named limits are insured at {quotite}, with a deductible of {deductible} per claim.'),
    'no_plan': ("Les relances suivent la feuille Dunning plan lorsqu'elle est remplie ; à défaut, chaque facture échue est relancée par écrit, puis par téléphone, puis par mise en demeure avant la transmission au contentieux.",
        'Reminders follow the Dunning plan sheet when it is filled in; otherwise each overdue invoice is reminded in writing, then by phone, then by formal notice before the collection hand-over.'),
    'notice': ('Les impayés à partir de {minimum} sont déclarés à {insurer} (menace de sinistre) dans les {days} jours suivant la {basis}.',
        'Overdue debts from {minimum} are notified to {insurer} within {days} days of the {basis}.'),
    'handover': ("Les créances toujours impayées sont transmises au contentieux dans les {days} jours suivant la date limite de déclaration ; l'indemnisation suit un délai constitutif de {wait} jours.",
        'Debts still unpaid are handed over for collection within {days} days after the notification deadline; the claim follows after a waiting period of {wait} days.'),
    'insolvency': ("Un jugement d'ouverture de procédure collective est déclaré dans les {days} jours.",
        'An insolvency judgment is notified within {days} days.'),
    'turnover': ("Le chiffre d'affaires assuré est déclaré chaque {period} pour la prime ({rate} du chiffre d'affaires{minimum}).",
        'Insured turnover is declared every {period} for the premium ({rate} of turnover{minimum}).'),
    'decider': ('{who} décide des limites et des conditions de paiement, dans la limite de la garantie accordée par {insurer}.',
        '{who} decides the limits and payment terms, within the cover {insurer} grants.'),
    'default_decider': ('Le credit manager décide des limites et des conditions de paiement dans la limite de la garantie accordée par {insurer} ; au-delà, la direction tranche.',
        'The credit manager decides limits and payment terms within the cover {insurer} grants; anything above it is referred to management.'),
    'bases.mep_end': ('fin du délai de prorogation',
        'end of the extension period'),
    'bases.due_date': ("date d'échéance",
        'due date'),
    'periods.quarter': ('trimestre',
        'quarter'),
    'periods.month': ('mois',
        'month'),
    'minimum': (', minimum {amount} par an',
        ', minimum {amount} a year'),
    'insurer': ("l'assureur",
        'the insurer'),
    'step': ("{days} jours après l'échéance : {label}",
        'Day {days} after the due date: {label}'),
    'title.0': ('Conditions de paiement',
        'Payment terms'),
    'title.1': ('Limites de crédit',
        'Credit limits'),
    'title.2': ('Plan de relance',
        'Dunning plan'),
    'title.3': ("Déclarations à l'assureur",
        'Declarations to the insurer'),
    'title.4': ('Qui décide',
        'Who decides'),
})

_section("dashboard", {
    'title': ('Tableau de bord assurance-crédit',
        'Credit insurance dashboard'),
    'subtitle': ('Au {date}, montants en {currency}',
        'As of {date}, amounts in {currency}'),
    'key_figures': ('Chiffres clés',
        'Key figures'),
    'figure': ('Indicateur',
        'Key figure'),
    'value': ('Valeur',
        'Value'),
    'as_of': ("Date d'analyse",
        'As of'),
    'currency': ('Devise',
        'Currency'),
    'exposure': ('Encours total',
        'Total exposure'),
    'covered': ('Couvert par les limites',
        'Covered by limits'),
    'insured_amount': ('Montant assuré (quotité x couvert)',
        'Insured (quotité x covered)'),
    'uninsured': ('Non assuré',
        'Uninsured'),
    'uninsured_share': ("Part non assurée de l'encours",
        'Uninsured share of exposure'),
    'overdue': ('Échu',
        'Overdue'),
    'overdue_share': ('Part échue des créances',
        'Overdue share of receivables'),
    'dso': ('DSO, méthode par épuisement (jours)',
        'DSO, count-back (days)'),
    'dbt': ('DBT, retard moyen (jours)',
        'DBT, days beyond terms'),
    'declarations_due': ('Déclarations à envoyer',
        'Declarations to send'),
    'declarations_late': ('dont hors délai',
        'of which past their due date'),
    'aged_balance': ('Balance âgée, 15 plus gros soldes',
        'Aged balance, 15 largest balances'),
    'client': ('Client',
        'Client'),
    'not_due': ('Non échu',
        'Not due'),
    'days': ('{lo}-{hi} j',
        '{lo}-{hi} days'),
    'over': ('Plus de {days} j',
        'Over {days} days'),
    'cover': ('Encours et garantie, 15 plus gros encours',
        'Exposure against cover, 15 largest exposures'),
    'covered_series': ('Couvert',
        'Covered'),
    'uninsured_series': ('Non assuré',
        'Uninsured'),
    'unused_limit': ('Limite disponible',
        'Unused limit'),
    'limit': ('Limite',
        'Limit'),
    'exposure_series': ('Encours',
        'Exposure'),
    'grades': ('Clients par classe de score',
        'Clients per score grade'),
    'grade': ('Classe',
        'Grade'),
    'debtors': ('Clients',
        'Clients'),
    'grade_exposure': ('Encours',
        'Exposure'),
    'deadline_weeks': ('Échéances assureur des 30 prochains jours',
        'Insurer deadlines in the next 30 days'),
    'week': ("Jours après la date d'analyse",
        'Days from as-of date'),
    'notify_by': ('Menaces de sinistre',
        'Overdue notices'),
    'handover_by': ('Transmissions au contentieux',
        'Collection hand-overs'),
    'insolvency_notice_by': ('Avis de procédure collective',
        'Insolvency notices'),
    'proof_of_claim_by': ('Déclarations de créance',
        'Proofs of claim'),
    'limit_expiry': ('Limites arrivant à échéance',
        'Limits expiring'),
    'deadlines': ('Échéances des 30 prochains jours, par client',
        'Deadlines in the next 30 days, per client'),
    'date': ('Dernier jour',
        'Last day'),
    'deadline': ('Obligation',
        'Obligation'),
    'invoices': ('Factures',
        'Invoices'),
    'amount': ('Montant',
        'Amount'),
    'none': ('Aucune échéance dans les 30 prochains jours',
        'No deadline in the next 30 days'),
    'amount_axis': ('Montant ({currency})',
        'Amount ({currency})'),
    'history': ('Encours et part non assurée sur 12 mois',
        'Exposure and uninsured part over the last 12 months'),
    'point': ('Date',
        'Date'),
    'expected_loss': ('Perte attendue par classe de risque (un an)',
        'Expected loss by risk class (one year)'),
    'risk_class': ('Classe de risque',
        'Risk class'),
    'expected_loss_series': ('Perte attendue (à votre charge)',
        'Expected loss (yours)'),
    'expected_indemnity': ('Indemnité attendue (assureur)',
        'Expected indemnity (insurer)'),
})

_section("attachment", {
    'invoice': ('Copie de la facture',
        'Copy of invoice'),
    'delivery_proof': ('Preuve de livraison de la facture',
        'Proof of delivery for invoice'),
    'order': ('Bons de commande ou contrat signé',
        'Purchase orders or signed contract'),
    'correspondence': ('Correspondance',
        'Correspondence'),
    'statement': ('Relevé de compte',
        'Statement of account'),
})

_section("declaration", {
    'overdue_notice': ('Menace de sinistre',
        'Overdue notice'),
    'title.overdue_notice': ('Déclaration de menace de sinistre',
        'Overdue notification'),
    'collection_request': ("Demande d'intervention contentieuse",
        'Collection request'),
    'title.collection_request': ('Demande d’intervention contentieuse',
        'Collection request'),
    'insolvency_notice': ('Avis de procédure collective',
        'Insolvency notice'),
    'title.insolvency_notice': ('Avis de procédure collective',
        'Insolvency notice'),
    'proof_of_claim': ('Déclaration de créance',
        'Proof of claim'),
    'title.proof_of_claim': ('Déclaration de créance',
        'Proof of claim'),
    'turnover': ("Déclaration de chiffre d'affaires",
        'Turnover declaration'),
    'title.turnover': ('Déclaration de chiffre d’affaires',
        'Turnover declaration'),
})

_section("column", {
    'debtor_id': ('Code client', 'Client code'),
    'name': ('Nom', 'Name'),
    'invoice_id': ('N° facture', 'Invoice no.'),
    'not_due': ('Non échu', 'Not due'),
    'd1_30': ('1-30 j', '1-30 days'),
    'd31_60': ('31-60 j', '31-60 days'),
    'd61_90': ('61-90 j', '61-90 days'),
    'd91_120': ('91-120 j', '91-120 days'),
    'over_120': ('Plus de 120 j', 'Over 120 days'),
    'total': ('Total', 'Total'),
    'dso': ('DSO', 'DSO'),
    'dbt': ('DBT', 'DBT'),
    'simple_dso': ('DSO simple', 'Simple DSO'),
    'best_dso': ('Meilleur DSO possible', 'Best possible DSO'),
    'overdue': ('Échu', 'Overdue'),
    'exposure': ('Encours', 'Exposure'),
    'open_orders': ('Commandes en cours', 'Open orders'),
    'exposure_with_orders': ('Encours avec commandes', 'Exposure with orders'),
    'eligible': ('Encours éligible', 'Eligible exposure'),
    'limit': ('Limite', 'Limit'),
    'limit_type': ('Type de limite', 'Limit type'),
    'quotite': ('Quotité', 'Insured share'),
    'covered': ('Couvert', 'Covered'),
    'insured_amount': ('Montant assuré', 'Insured amount'),
    'uninsured': ('Non assuré', 'Uninsured'),
    'usage': ('Utilisation', 'Limit usage'),
    'unapplied_credit': ('Crédit non affecté', 'Unapplied credit'),
    'country': ('Pays', 'Country'),
    'sheet': ('Feuille', 'Sheet'),
    'row': ('Ligne', 'Row'),
    'column': ('Colonne', 'Column'),
    'severity': ('Gravité', 'Severity'),
    'message': ('Message', 'Message'),
    'recommended_limit': ('Limite recommandée', 'Recommended limit'),
    'expiry_date': ("Date d'expiration", 'Expiry date'),
    'decision_date': ('Date de décision', 'Decision date'),
    'decision_ref': ('Réf. décision', 'Decision ref.'),
    'paid_on_time_12m': ("Payé à l'échéance sur 12 mois", 'Paid on time over 12 months'),
    'expired_on': ('Expirée le', 'Expired on'),
    'expired_limit': ('Limite expirée', 'Expired limit'),
    'fallback_limit': ('Limite de repli', 'Fallback limit'),
    'justification': ('Justification', 'Justification'),
    'insurer_ref': ('Référence assureur', 'Insurer reference'),
    'cover_stopped': ('Garantie arrêtée le', 'Cover stopped on'),
    'cut_date': ('Date de réduction', 'Reduction date'),
    'cut_limit': ('Limite réduite', 'Reduced limit'),
    'former_limit': ('Ancienne limite', 'Former limit'),
    'refused_on': ('Refusée le', 'Refused on'),
    'pending_decision': ('Décision à venir', 'Coming decision'),
    'pending_date': ("Date d'effet à venir", 'Coming effective date'),
    'ineligible_disputed': ('Non éligible : litige', 'Ineligible: disputed'),
    'ineligible_beyond_max_credit_days': ('Non éligible : délai au-delà du maximum', 'Ineligible: terms beyond the maximum'),
    'ineligible_delivered_after_withdrawal': ('Non éligible : livré après retrait', 'Ineligible: delivered after withdrawal'),
    'ineligible_delivered_above_reduced_limit': ('Non éligible : livré au-delà de la limite réduite', 'Ineligible: delivered above the reduced limit'),
    'flag': ('Alerte', 'Alert'),
    'date': ('Date', 'Date'),
    'current_limit': ('Limite actuelle', 'Current limit'),
    'amount_to_request': ('Montant à demander', 'Amount to request'),
    'reason': ('Motif', 'Reason'),
    'score': ('Score', 'Score'),
    'grade': ('Classe', 'Grade'),
    'weighted_days_late': ('Retard moyen pondéré (j)', 'Weighted days late'),
    'completeness': ('Complétude', 'Completeness'),
    'reasons': ('Motifs', 'Reasons'),
    'behaviour_points': ('Points comportement', 'Behaviour points'),
    'usage_points': ('Points utilisation', 'Usage points'),
    'grade_points': ('Points note assureur', 'Insurer grade points'),
    'financials_points': ('Points bilan', 'Financials points'),
    'weighted_days_late_3m': ('Retard pondéré 3 mois (j)', 'Weighted days late, 3 months'),
    'recent_days_late': ('Retard récent pondéré (j)', 'Recent weighted days late'),
    'trend': ('Tendance', 'Trend'),
    'overdue_share': ('Part échue', 'Overdue share'),
    'max_days_overdue': ('Retard maximum (j)', 'Most days overdue'),
    'disputes': ('Litiges', 'Disputes'),
    'insurer_grade': ('Note assureur', 'Insurer grade'),
    'grade_scale': ('Échelle', 'Grade scale'),
    'grade_date': ('Date de la note', 'Grade date'),
    'grade_score': ('Note sur 100', 'Grade out of 100'),
    'z_score': ("Z'' d'Altman", "Altman Z''"),
    'z_zone': ('Zone Altman', 'Altman zone'),
    'z_note': ('Commentaire Altman', 'Altman comment'),
    'conan_holder': ('Conan-Holder', 'Conan-Holder'),
    'ch_zone': ('Zone Conan-Holder', 'Conan-Holder zone'),
    'ch_note': ('Commentaire Conan-Holder', 'Conan-Holder comment'),
    'fiscal_year_end': ('Date de clôture', 'Fiscal year end'),
    'mep_end': ('Fin de prorogation', 'End of extension period'),
    'notify_by': ('Menace de sinistre avant le', 'Notify insurer by'),
    'handover_by': ('Transmission au contentieux avant le', 'Hand over by'),
    'claim_expected': ('Indemnisation attendue le', 'Claim expected on'),
    'open': ('Solde ouvert', 'Open balance'),
    'disputed': ('Litige', 'Disputed'),
    'terms_days': ('Délai de paiement (j)', 'Payment terms (days)'),
    'beyond_max_credit': ('Au-delà du délai maximum', 'Beyond maximum terms'),
    'notifiable': ('À déclarer', 'To notify'),
    'next_deadline': ('Prochaine échéance', 'Next deadline'),
    'deadline_status': ('Statut échéances', 'Deadline status'),
    'indemnity_if_default': ('Indemnité si défaut', 'Indemnity if default'),
    'retained_loss_if_default': ('Perte conservée si défaut', 'Retained loss if default'),
    'notice_id': ('Menace de sinistre envoyée', 'Overdue notice sent'),
    'collection_id': ('Demande contentieuse envoyée', 'Collection request sent'),
    'declaration_id': ('N° déclaration', 'Declaration id'),
    'type': ('Type', 'Type'),
    'period': ('Période', 'Period'),
    'due_by': ('À envoyer avant le', 'Send by'),
    'premium': ('Prime', 'Premium'),
    'sent_date': ("Date d'envoi", 'Date sent'),
    'reference': ('Référence', 'Reference'),
    'insured': ('Assuré', 'Insured'),
    'turnover_excl_vat': ('CA HT', 'Turnover excl. VAT'),
    'turnover_incl_vat': ('CA TTC', 'Turnover incl. VAT'),
    'documents': ('Pièces', 'Documents'),
    'complete': ('Complet', 'Complete'),
    'period_start': ('Début de période', 'Period start'),
    'period_end': ('Fin de période', 'Period end'),
    'days_late': ('Jours de retard', 'Days late'),
    'rate': ('Taux (%)', 'Rate (%)'),
    'interest': ('Intérêts de retard', 'Late interest'),
    'indemnity': ('Indemnité forfaitaire', 'Recovery indemnity'),
    'end_date': ('Date de fin', 'End date'),
    'paid': ('Réglée', 'Paid'),
    'balance': ('Assiette', 'Basis amount'),
    'basis': ('Base', 'Basis'),
    'rule': ('Règle', 'Rule'),
    'semesters': ('Semestres', 'Semesters'),
    'block': ('Bloc', 'Block'),
    'label': ('Ligne du bloc', 'Block line'),
    'series': ('Série', 'Series'),
    'level': ('Niveau', 'Level'),
    'next_action': ('Prochaine action', 'Next action'),
    'due_date': ('Échéance', 'Due date'),
    'amount': ('Montant', 'Amount'),
    'invoices': ('Factures', 'Invoices'),
    'status': ('Statut', 'Status'),
    'priority': ('Priorité', 'Priority'),
    'next_level': ('Niveau suivant', 'Next level'),
    'channel': ('Canal', 'Channel'),
    'template': ('Modèle', 'Template'),
    'reminder_id': ('N° relance', 'Reminder id'),
    'invoice_ids': ('N° factures', 'Invoice nos.'),
    'level_name': ('Dernière relance', 'Last reminder'),
    'level_date': ('Date de la dernière relance', 'Last reminder date'),
    'first_due_date': ('Première échéance', 'First due date'),
    'days_past_due': ('Jours de retard', 'Days past due'),
    'disputed_amount': ('Montant en litige', 'Disputed amount'),
    'days_to_pay': ('Délai accordé', 'Days to pay'),
    'formal_notice_date': ('Date de mise en demeure', 'Formal notice date'),
    'formal_notice_deadline': ('Fin du délai de mise en demeure', 'Formal notice deadline'),
    'amicable_exhausted': ('Amiable épuisé', 'Amicable recovery exhausted'),
    'insurer_deadline': ('Échéance assureur', 'Insurer deadline'),
    'insurer_step': ('Déclaration assureur', 'Insurer declaration'),
    'document': ('Document', 'Document'),
    'days_after_due': ('Jours après échéance', 'Days after due date'),
    'min_amount': ('Montant minimum', 'Minimum amount'),
    'allow_skip': ('Peut être sautée', 'May be skipped'),
    'group': ('Groupe', 'Group'),
    'members': ('Sociétés', 'Companies'),
    'over_cover': ('Dépassement de garantie', 'Above cover'),
    'debtor_ids': ('Codes clients', 'Client codes'),
    'largest_member': ('Principale société', 'Largest company'),
    'largest_exposure': ('Encours principal', 'Largest exposure'),
    'excluded_members': ('Sociétés exclues', 'Excluded companies'),
    'insolvency_date': ('Date de jugement', 'Judgment date'),
    'insolvency_notice_by': ("Avis à l'assureur avant le", 'Notify insurer of insolvency by'),
    'proof_of_claim_by': ('Déclaration de créance avant le', 'Proof of claim by'),
    'principal': ('Principal', 'Principal'),
    'claim_total': ('Créance déclarée', 'Claim lodged'),
    'delivered_after_insolvency': ('Livré après le jugement', 'Delivered after the judgment'),
    'currency': ('Devise', 'Currency'),
    'ineligible_delivered_after_insolvency': ('Non éligible : livré après le jugement', 'Ineligible: delivered after the judgment'),
    'section': ('Section', 'Section'),
    'item': ('Élément', 'Item'),
    'measure': ('Mesure', 'Measure'),
    'value': ('Valeur', 'Value'),
    'unit': ('Unité', 'Unit'),
    'note': ('Note', 'Note'),
})

_section("letter", {
    'to': ('À l’attention',
        'For the attention of'),
    'incomplete': ('Lettre incomplète, à compléter avant envoi', 'Letter incomplete, to complete before sending'),
    'siren': ('SIREN', 'Company no. (SIREN)'), 'contact': ('Contact', 'Contact'), 'phone': ('Téléphone', 'Phone'),
    'email': ('E-mail', 'Email'),
    'policy': ('Police n°',
        'Policy no.'),
    'insured': ('Assuré',
        'Insured'),
    'debtor': ('Débiteur',
        'Buyer'),
    'debtor_id': ('Code client',
        'Customer code'),
    'registration': ('Identifiant (SIREN / SIRET / TVA)',
        'Registration / VAT no.'),
    'insurer_ref': ('Référence assureur',
        'Insurer reference'),
    'address': ('Adresse',
        'Address'),
    'country': ('Pays',
        'Country'),
    'limit': ('Limite de crédit détenue',
        'Credit limit held'),
    'none': ('aucune',
        'none'),
    'reference': ('Référence de la déclaration',
        'Declaration reference'),
    'due_by': ('À déclarer avant le',
        'To be declared by'),
    'handover_by': ('À transmettre avant le',
        'To be handed over by'),
    'period': ('Période',
        'Period'),
    'date_place': ('Le',
        'Date:'),
    'salutation': ('Madame, Monsieur,',
        'Dear Sir or Madam,'),
    'invoices': ('Factures ouvertes',
        'Open invoices'),
    'invoice': ('N° facture',
        'Invoice'),
    'invoice_date': ('Date',
        'Date'),
    'due_date': ('Échéance',
        'Due date'),
    'amount': ('Montant TTC',
        'Amount incl. VAT'),
    'open': ('Solde dû',
        'Balance due'),
    'days_late': ('Retard (j)',
        'Days late'),
    'disputed': ('litige',
        'disputed'),
    'total': ('Total',
        'Total'),
    'total_open': ('Total dû',
        'Total due'),
    'overdue': ('dont échu',
        'of which overdue'),
    'not_due': ('dont non échu',
        'of which not yet due'),
    'credit_notes': ('Avoirs',
        'Credit notes'),
    'credit_note': ('N° avoir',
        'Credit note'),
    'credited': ('Facture avoirée',
        'Credited invoice'),
    'payments': ('Paiements reçus',
        'Payments received'),
    'payment_date': ('Date',
        'Date'),
    'payment_ref': ('Référence',
        'Reference'),
    'disputes': ('Factures en litige',
        'Disputed invoices'),
    'of_disputed': ('dont en litige',
        'of which disputed'),
    'declared': ('Montant déclaré',
        'Amount declared'),
    'unapplied': ('Crédit non imputé',
        'Unapplied credit'),
    'unapplied_text': ('Paiements ou avoirs reçus non encore imputés sur une facture',
        'Payments or credit notes received, not yet applied to an invoice'),
    'actions': ('Démarches entreprises',
        'Actions taken'),
    'dunning': ('Historique des relances',
        'Dunning history'),
    'action': ('Démarche',
        'Action'),
    'note': ('Commentaire',
        'Note'),
    'penalties': ('Pénalités de retard et indemnités forfaitaires',
        'Late-payment interest and fixed recovery indemnities'),
    'rate': ('Taux',
        'Rate'),
    'interest': ('Intérêts',
        'Interest'),
    'indemnity': ('Indemnité',
        'Indemnity'),
    'rate_missing': ('taux manquant',
        'rate missing'),
    'reminders': ('Relances',
        'Reminders'),
    'first_reminder': ('Première',
        'First'),
    'last_reminder': ('Dernière',
        'Last'),
    'document': ('Pièce',
        'Document'),
    'claim': ('Montant total réclamé (principal, intérêts et indemnités)',
        'Total amount claimed (principal, interest and indemnities)'),
    'claim_missing': ('à compléter (taux d’intérêt manquant)',
        'to be completed (interest rate missing)'),
    'documents': ('Pièces jointes',
        'Documents attached'),
    'securities': ('Garanties et sûretés',
        'Securities'),
    'insolvency_date': ('Date du jugement',
        'Judgment date'),
    'country_col': ('Pays',
        'Country'),
    'insured_col': ('Clients',
        'Buyers'),
    'insured_yes': ('assurés',
        'insured'),
    'insured_no': ('exclus',
        'excluded'),
    'turnover_col': ('Chiffre d’affaires HT',
        'Turnover excl. VAT'),
    'premium': ('Prime',
        'Premium'),
    'insured_turnover': ('Chiffre d’affaires assuré',
        'Insured turnover'),
    'turnover_vat_col': ('Chiffre d’affaires TTC',
        'Turnover incl. VAT'),
    'excluded_turnover': ('Chiffre d’affaires exclu',
        'Excluded turnover'),
    'closing': ('Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
        'Yours faithfully,'),
    'signature': ('Signature',
        'Signature'),
    'page': ('page',
        'page'),
    'colon': ('\xa0: ',
        ': '),
})

_section("letter_intro", {
    'overdue_notice': ('Conformément aux conditions de notre police, nous vous déclarons une menace de sinistre sur le débiteur ci-dessous : les factures suivantes restent impayées au-delà de leur échéance. Nous vous communiquons l’ensemble de ses factures ouvertes, y compris celles non encore échues.',
        "Under the terms of our policy, we notify you of overdue debts on the buyer below: the following invoices remain unpaid after their due date. All the buyer's open invoices are listed, including those not yet due."),
    'collection_request': ('Nos relances étant restées sans effet, nous vous confions le recouvrement de la créance ci-dessous et vous demandons d’intervenir auprès du débiteur.',
        'Our reminders having remained unanswered, we hand over the debt below for collection and ask you to take action against the buyer.'),
    'turnover': ('Nous vous déclarons ci-dessous notre chiffre d’affaires hors taxes de la période, ventilé par pays et selon que les clients sont assurés ou exclus de la police.',
        'Please find below our turnover excluding VAT for the period, split by country and by insured or excluded buyers.'),
    'insolvency_notice': ('Nous vous informons de l’ouverture d’une procédure collective à l’encontre du débiteur ci-dessous. Vous trouverez l’état de notre créance.',
        'We inform you that insolvency proceedings have been opened against the buyer below. Our claim is set out hereafter.'),
    'proof_of_claim': ('À la suite du jugement d’ouverture d’une procédure collective à l’encontre du débiteur ci-dessous, nous déclarons entre vos mains notre créance, à titre chirographaire sauf sûretés indiquées ci-après, conformément aux articles L622-24 et suivants du Code de commerce.',
        'Following the judgment opening insolvency proceedings against the debtor below, we hereby lodge our claim with you, as an unsecured creditor save for the securities listed below.'),
})

_section("claim", {
    'to': ('À l’attention de Maître ………………, mandataire judiciaire / liquidateur',
        'For the attention of the court-appointed representative (insolvency administrator or liquidator)'),
    'claim': ('Créance déclarée',
        'Claim lodged'),
    'original': ('Montant d’origine',
        'Original amount'),
    'fx_rate': ('Cours',
        'Rate'),
    'principal': ('Principal',
        'Principal'),
    'total_claim': ('Total de la créance déclarée',
        'Total claim lodged'),
    'insured_by': ('Créance assurée auprès {{ insured.insurer|de }} (police n° {{ insured.policy_number }}), subrogée dans nos droits à hauteur de son indemnisation.',
        'This claim is insured with {{ insured.insurer }} (policy no. {{ insured.policy_number }}), subrogated to our rights up to its indemnity.'),
    'legal': ('Les créances en devises sont converties en euros au cours du jour du jugement d’ouverture (article L622-25 du Code de commerce) ; les intérêts de retard sont arrêtés à cette date (article L622-28). Nous certifions sincère et véritable la présente déclaration de créance.',
        'Amounts in foreign currencies are converted at the rate of the day of the opening judgment; late interest is computed up to that date. We certify this proof of claim true and accurate.'),
})

_section("reminder", {
    'registered': ('Lettre recommandée avec accusé de réception',
        'Registered letter with acknowledgement of receipt'),
    'date_place': ('Le',
        'Date:'),
    'customer': ('Votre code client',
        'Your customer code'),
    'reference': ('Notre référence',
        'Our reference'),
    'salutation': ('Madame, Monsieur,',
        'Dear Sir or Madam,'),
    'invoice': ('N° facture',
        'Invoice'),
    'invoice_date': ('Date',
        'Date'),
    'due_date': ('Échéance',
        'Due date'),
    'amount': ('Montant TTC',
        'Amount incl. VAT'),
    'open': ('Solde dû',
        'Balance due'),
    'days_late': ('Retard (j)',
        'Days late'),
    'total': ('Total',
        'Total'),
    'rate': ('Taux',
        'Rate'),
    'interest': ('Pénalités',
        'Interest'),
    'indemnity': ('Indemnité',
        'Indemnity'),
    'penalties': ('Pénalités de retard et indemnités forfaitaires',
        'Late-payment interest and fixed recovery indemnities'),
    'missing': ('à compléter',
        'to be completed'),
    'closing': ('Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
        'Yours faithfully,'),
    'first': ('Sauf erreur ou omission de notre part, les factures ci-dessous restent impayées à ce jour. Il s’agit sans doute d’un oubli : nous vous remercions de bien vouloir en effectuer le règlement.',
        'According to our records, the invoices below are still unpaid. This is probably an oversight: please arrange for their payment.'),
    'again': ('Malgré notre relance du {{ reminder.previous_date|date }}, les factures ci-dessous restent impayées. Nous vous demandons de procéder à leur règlement sans tarder.',
        'Despite our reminder of {{ reminder.previous_date|date }}, the invoices below are still unpaid. Please settle them without delay.'),
    'pay': ('Nous vous remercions de nous régler la somme de {{ reminder.total|money }} au plus tard le {{ reminder.pay_by|date }}. Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte de la présente.',
        'Please pay {{ reminder.total|money }} by {{ reminder.pay_by|date }} at the latest. If you have paid in the meantime, please disregard this letter.'),
    'law': ('Nous vous rappelons que tout retard de paiement donne lieu de plein droit à des pénalités de retard et à une indemnité forfaitaire pour frais de recouvrement de {{ reminder.indemnity|money }} par facture (article L441-10 du Code de commerce).',
        'Please note that any late payment entitles us to late-payment interest and to a fixed recovery indemnity of {{ reminder.indemnity|money }} per invoice (French Commercial Code, art. L441-10; EU Directive 2011/7).'),
    'notice_intro': ('Malgré nos relances{% if reminder.previous_date %}, dont la dernière du {{ reminder.previous_date|date }}{% endif %}, les factures ci-dessous restent impayées.',
        'Despite our reminders{% if reminder.previous_date %}, the last one dated {{ reminder.previous_date|date }}{% endif %}, the invoices below are still unpaid.'),
    'demand': ('En conséquence, nous vous mettons en demeure de nous régler, dans un délai de {{ reminder.days_to_pay }} jours à compter de la réception de la présente, soit au plus tard le {{ reminder.pay_by|date }}, la somme de ',
        'We therefore give you formal notice to pay, within {{ reminder.days_to_pay }} days of receipt of this letter and by {{ reminder.pay_by|date }} at the latest, the sum of '),
    'claim_missing': ('{{ penalty_totals.principal|money }} en principal, augmentée des pénalités de retard (montant à compléter : taux manquant)',
        '{{ penalty_totals.principal|money }} in principal plus late-payment interest (amount to be completed: interest rate missing)'),
    'breakdown': ('Principal : {{ penalty_totals.principal|money }} ; pénalités de retard arrêtées au {{ as_of|date }} : {% if penalty_totals.interest is none %}à compléter{% else %}{{ penalty_totals.interest|money }}{% endif %} ; indemnités forfaitaires pour frais de recouvrement ({{ reminder.indemnity|money }} par facture, article D441-5 du Code de commerce) : {{ penalty_totals.indemnity|money }}.',
        'Principal: {{ penalty_totals.principal|money }}; late-payment interest up to {{ as_of|date }}: {% if penalty_totals.interest is none %}to be completed{% else %}{{ penalty_totals.interest|money }}{% endif %}; fixed recovery indemnities ({{ reminder.indemnity|money }} per invoice): {{ penalty_totals.indemnity|money }}.'),
    'running': ('Les pénalités de retard continuent de courir jusqu’au complet paiement (article L441-10 du Code de commerce).',
        'Late-payment interest keeps running until payment in full.'),
    'threat': ('À défaut de règlement dans ce délai, nous engagerons sans autre avis le recouvrement contentieux de notre créance, dont les frais resteront à votre charge. La présente vaut mise en demeure au sens de l’article 1344 du Code civil.',
        'Failing payment within this time, we will start legal recovery proceedings without further notice, at your expense. This letter is a formal notice (mise en demeure) within the meaning of article 1344 of the French Civil Code.'),
    'title.reminder': ('Relance : factures impayées',
        'Payment reminder'),
    'title.formal_notice': ('Mise en demeure de payer',
        'Formal notice to pay'),
})

_section("report", {
    'insured': ('Assuré',
        'Insured'),
    'insurer': ('Assureur',
        'Insurer'),
    'policy': ('Police n°',
        'Policy no.'),
    'as_of': ('Situation au',
        'As of'),
    'intro': ("Ce rapport présente l'encours clients, sa couverture par la police, sa concentration, la perte attendue et la procédure de crédit de l'entreprise.",
        "This report sets out the receivables, their cover under the policy, their concentration, the expected loss and the company's credit policy."),
    'totals': ('1. Encours et garantie',
        '1. Exposure and cover'),
    'exposure': ('Encours',
        'Exposure'),
    'covered': ('Couvert par les limites',
        'Covered within limits'),
    'insured_amt': ('Montant assuré',
        'Insured amount'),
    'uninsured': ('Non assuré',
        'Uninsured'),
    'share': ('Part',
        'Share'),
    'debtors': ('Clients',
        'Clients'),
    'by_grade': ('2. Répartition par note de risque',
        '2. Exposure by risk grade'),
    'by_country': ('Répartition par pays',
        'Exposure by country'),
    'by_sector': ('Répartition par secteur',
        'Exposure by sector'),
    'key': ('Catégorie',
        'Category'),
    'concentration': ('3. Concentration',
        '3. Concentration'),
    'top': ('Part des {{ top|length }} premiers clients',
        'Share of the {{ top|length }} largest clients'),
    'hhi': ('Indice de Herfindahl',
        'Herfindahl index'),
    'equivalent': ('soit autant que {{ concentration.equivalent|num }} clients de même taille',
        'as concentrated as {{ concentration.equivalent|num }} clients of equal size'),
    'debtor': ('Client',
        'Client'),
    'name': ('Nom',
        'Name'),
    'expected': ('4. Perte attendue à un an',
        '4. One-year expected loss'),
    'class': ('Note',
        'Grade'),
    'pd': ('Probabilité de défaut',
        'Probability of default'),
    'loss': ('Perte si défaut',
        'Loss at default'),
    'el': ('Perte attendue',
        'Expected loss'),
    'ei': ('Indemnité attendue',
        'Expected indemnity'),
    'expected_note': ("Perte si défaut = encours - indemnité ; indemnité = quotité x encours couvert - franchise. Aucune récupération sur le débiteur n'est supposée.",
        'Loss at default = exposure - indemnity; indemnity = quotite x covered exposure - deductible. No recovery from the debtor is assumed.'),
    'stress': ('5. Scénario de crise : défaut des trois premiers clients',
        '5. Stress test: the three largest clients default'),
    'indemnity': ('Indemnité',
        'Indemnity'),
    'history': ('6. Part non assurée sur douze mois',
        '6. Uninsured share over twelve months'),
    'date': ('Date',
        'Date'),
    'premium': ('7. Prime et indemnisation',
        '7. Premium against indemnity'),
    'turnover': ("Chiffre d'affaires assuré sur 12 mois",
        'Insured turnover over 12 months'),
    'variant': ('Formule',
        'Terms'),
    'quotite': ('Quotité',
        'Quotite'),
    'deductible': ('Franchise',
        'Deductible'),
    'rate': ('Taux',
        'Rate'),
    'premium_col': ('Prime',
        'Premium'),
    'cost': ('Coût attendu',
        'Expected cost'),
    'stressed_cost': ('Coût en crise',
        'Stressed cost'),
    'cheapest': ('La formule la moins chère est « {{ v.variant|klass }} »',
        'The cheapest terms are “{{ v.variant|klass }}”'),
    'for_expected': ('pour la perte attendue',
        'for the expected loss'),
    'for_stressed': ('pour le scénario de crise',
        'for the stress test'),
    'cost_note': ('Coût = prime + perte conservée (attendue, ou en cas de défaut des trois premiers clients).',
        'Cost = premium + retained loss (expected, or if the three largest clients default).'),
    'policy_title': ('8. Procédure de crédit client',
        '8. Credit policy'),
    'title': ('Analyse du portefeuille clients',
        'Receivables portfolio analysis'),
    'class.not_scored': ('non noté',
        'not scored'),
    'class.insolvent': ('en procédure',
        'insolvency proceedings'),
    'class.total': ('Total',
        'Total'),
    'class.current policy': ('police actuelle', 'current policy'),
    'class.unknown': ('inconnu',
        'unknown'),
})

_section("term", {
    'named': ('agrément nommé',
        'named limit'),
    'temporary': ('agrément temporaire',
        'temporary limit'),
    'discretionary': ('limite discrétionnaire',
        'discretionary limit'),
    'non_named': ('non dénommé',
        'non-named cover'),
    'none': ('aucune',
        'none'),
    'excluded': ('exclu',
        'excluded'),
})

# --- codes shown in result cells (results.VALUES says which column holds which) ---------------
_section("status", {
    "not_overdue": ("Non échu", "Not overdue"), "overdue": ("Échu, prorogation possible", "Overdue, may be extended"),
    "to_notify": ("À déclarer", "To notify"), "notification_late": ("Déclaration en retard", "Notification late"),
    "notified": ("Déclaré", "Notified"), "handover_due": ("À transmettre au contentieux", "Hand-over due"),
    "handover_late": ("Transmission en retard", "Hand-over late"), "handed_over": ("Transmis au contentieux", "Handed over"),
    "excluded": ("Exclu de la police", "Excluded from the policy"), "not_due": ("Non échu", "Not due"),
    "draft": ("À envoyer", "Draft"), "sent": ("Envoyée", "Sent"), "acknowledged": ("Accusé de réception", "Acknowledged"),
    "closed": ("Clôturée", "Closed"), "due": ("À faire", "Due"), "planned": ("Prévue", "Planned"),
    "disputed_only": ("Uniquement en litige", "Disputed only"), "insolvent": ("Procédure collective", "Insolvency proceedings"),
    "do_not_remind": ("Ne pas relancer", "Do not remind"), "below_threshold": ("Sous le seuil", "Below threshold"),
    "claimed": ("Réclamé", "Claimed"), "not_claimed": ("Non réclamé (sous les seuils)", "Not claimed (below thresholds)"),
    # the Indemnities sheet: where each claim stands
    "waiting": ("En attente de la date de déclaration", "Waiting for the claim date"),
    "to_file": ("Sinistre à déclarer", "Claim to file"), "filed": ("Sinistre déclaré", "Claim filed"),
    "accepted": ("Indemnité accordée", "Indemnity accepted"), "refused": ("Indemnisation refusée", "Claim refused"),
    "paid": ("Indemnisé", "Indemnity paid"),
})
_section("severity", {
    "critical": ("Critique", "Critical"), "warning": ("Attention", "Warning"), "info": ("Information", "Info"),
    "error": ("Erreur", "Error"),
})
_section("limit_type", {
    "named": ("Agrément nommé", "Named limit"), "temporary": ("Agrément temporaire", "Temporary limit"),
    "discretionary": ("Limite discrétionnaire", "Discretionary limit"), "non_named": ("Non-dénommé", "Non-named cover"),
    "none": ("Aucune", "None"), "excluded": ("Exclu de la police", "Excluded from the policy"),
})
_section("flag", {
    "OVER_LIMIT": ("Dépassement de limite", "Over limit"), "NO_COVER": ("Sans garantie", "No cover"),
    "DELIVERED_AFTER_WITHDRAWAL": ("Livré après retrait", "Delivered after withdrawal"),
    "DELIVERED_ABOVE_REDUCED_LIMIT": ("Livré au-delà de la limite réduite", "Delivered above reduced limit"),
    "OVERDUE_BEYOND_MEP": ("Impayé au-delà de la prorogation", "Overdue beyond extension"),
    "NOTIFICATION_LATE": ("Menace de sinistre en retard", "Overdue notice late"),
    "LIMIT_EXPIRED": ("Limite expirée", "Limit expired"), "LIMIT_REQUEST_NEEDED": ("Demande de limite à faire", "Limit request needed"),
    "HIGH_USAGE": ("Limite presque atteinte", "High limit usage"), "DISPUTED_EXPOSURE": ("Encours en litige", "Disputed exposure"),
    "FORMAL_NOTICE_DEADLINE_NEAR": ("Mise en demeure, échéance assureur proche", "Formal notice, insurer deadline near"),
    "LIMIT_EXPIRING": ("Limite bientôt expirée", "Limit expiring"), "GRADE_DOWNGRADE": ("Note abaissée", "Grade downgrade"),
    "SCORE_DROP": ("Baisse du score", "Score drop"), "NEW_DEBTOR_WITHOUT_COVER": ("Nouveau client sans décision", "New client without cover"),
    "GROUP_OVER_COVER": ("Groupe au-delà de sa garantie", "Group over its cover"),
    "INSOLVENCY": ("Procédure collective", "Insolvency proceedings"),
    "TERMS_BEYOND_MAX": ("Délai au-delà du maximum", "Terms beyond maximum"),
    "DELIVERED_BEFORE_COVER": ("Livré avant la garantie", "Delivered before cover"),
    "DELIVERED_AFTER_MEP": ("Livré après la prorogation", "Delivered after extension end"),
    "DELIVERED_AFTER_INSOLVENCY": ("Livré après le jugement", "Delivered after insolvency"),
    "NOT_ON_DEBTORS_SHEET": ("Client absent de Debtors", "Client not on Debtors"),
    "EXTENSION_NEEDS_APPROVAL": ("Prorogation à faire accepter", "Extension needs approval"),
    "LEGAL_TERMS_EXCEEDED": ("Délais légaux dépassés", "Legal terms exceeded"),
    "IDLE_LIMIT": ("Limite inutilisée", "Idle limit"),
})
_section("zone", {
    "safe": ("sûre", "safe"), "grey": ("grise", "grey"), "distress": ("de défaillance", "distress"),
    "good": ("bonne", "good"), "watch": ("à surveiller", "watch"), "alert": ("d'alerte", "alert"), "danger": ("de danger", "danger"),
})
_section("grade_scale", {
    "allianz": ("Allianz Trade", "Allianz Trade"), "coface": ("Coface DRA", "Coface DRA"),
    "bdf": ("Banque de France", "Banque de France"),
})
_section("channel", {"letter": ("Courrier", "Letter"), "email": ("E-mail", "Email"), "phone": ("Téléphone", "Phone")})
_section("template", {"reminder": ("Lettre de relance", "Reminder letter"), "formal_notice": ("Mise en demeure", "Formal notice")})
_section("rule", {"fr": ("France (BCE + 10 points)", "France (ECB + 10 points)"), "eu": ("UE (taux de référence + 8 points)", "EU (reference rate + 8 points)"),
                  "contract": ("Taux contractuel", "Contractual rate"),
                  "public": ("Acheteur public (BCE + 8 points)", "Public buyer (ECB + 8 points)")})
_section("basis", {
    "invoice_amount": ("Montant de la facture", "Invoice amount"), "open_balance": ("Solde ouvert", "Open balance"),
    "owed_day_by_day": ("Dû au jour le jour", "Owed day by day"),
    "exposure_with_orders": ("Encours avec commandes", "Exposure with orders"),
    "recommended_limit": ("Limite recommandée", "Recommended limit"),
})

# --- the Policy sheet's descriptions (functions.policy), by parameter ------------------------------
_section("policy", {
    "insurer": ("Nom de l'assureur (Allianz Trade, Coface, Atradius…)", "Insurer name (Allianz Trade, Coface, Atradius ...)"),
    "policy_number": ("Numéro de police, imprimé sur chaque déclaration", "Policy number, printed on every declaration"),
    "insured_name": ("Raison sociale de votre société (l'assuré), en tête des lettres", "Your company's name (the insured), heading the letters"),
    "insured_address": ("Adresse de votre société (lignes séparées par « ; »)", "Your company's address (lines separated by ';')"),
    "insured_siren": ("SIREN ou SIRET de votre société", "Your company's SIREN or SIRET"),
    "contact_name": ("Personne à contacter pour les déclarations", "Contact person for the declarations"),
    "contact_phone": ("Téléphone du contact", "Contact's phone number"),
    "contact_email": ("E-mail du contact", "Contact's email"),
    "signatory_name": ("Nom du signataire des lettres", "Name of the person signing the letters"),
    "signatory_title": ("Fonction du signataire", "Title of the person signing the letters"),
    "insurer_address": ("Adresse de l'assureur à laquelle envoyer les déclarations (lignes séparées par « ; »)",
                        "Insurer's address for declarations (lines separated by ';')"),
    "currency": ("Devise de la police (ISO 4217)", "Policy currency (ISO 4217)"),
    "as_of": ("Date d'analyse ; vide = aujourd'hui", "Date of the analysis; blank = today"),
    "language": ("Langue des feuilles de résultats et des lettres (fr, en)", "Language of result sheets and letters (fr, en)"),
    "headers": ("En-têtes des résultats : libellés lisibles (labels) ou identifiants (ids) pour les scripts et formules",
                "Result headers: readable labels, or identifiers (ids) for scripts and formulas"),
    "max_credit_days": ("Délai de paiement maximum garanti par la police (jours)", "Longest payment term the policy insures (days)"),
    "max_extension_days": ("Délai maximum de prorogation après l'échéance (jours)", "Maximum extension period (MEP) after the due date (days)"),
    "overdue_notice_basis": ("Menace de sinistre comptée depuis la fin de prorogation ou l'échéance",
                             "Overdue notice counted from the MEP end or the due date"),
    "overdue_notice_days": ("Délai pour déclarer une menace de sinistre (jours)", "Days to notify an overdue debt (overdue notice)"),
    "collection_handover_days": ("Jours après la date limite de déclaration pour transmettre au contentieux",
                                 "Days after notify-by to hand the debt over for collection"),
    "min_notifiable_amount": ("Plus petit impayé par client à déclarer", "Smallest overdue total per debtor that must be notified"),
    "waiting_period_days": ("Délai constitutif de sinistre avant indemnisation (jours)", "Waiting period before the claim is paid (days)"),
    "quotite_named": ("Quotité garantie d'un agrément nommé", "Insured share of a named limit"),
    "quotite_discretionary": ("Quotité garantie d'une limite discrétionnaire", "Insured share of a discretionary limit"),
    "quotite_non_named": ("Quotité garantie du non-dénommé", "Insured share of non-named cover"),
    "non_named_threshold": ("Encours maximum garanti sans agrément nommé (non-dénommé)", "Largest exposure covered without a named limit"),
    "discretionary_max": ("Limite discrétionnaire maximum que l'assuré peut fixer", "Largest discretionary limit the insured may set"),
    "discretionary_evidence_months": ("Ancienneté maximum du renseignement justifiant une limite discrétionnaire (mois)",
                                      "Age limit of the evidence justifying a discretionary limit (months)"),
    "reduction_notice_days": ("Jours entre une décision de réduction ou de retrait et son effet",
                              "Days between a reduction or withdrawal decision and its effect"),
    "deductible": ("Franchise par sinistre", "Deductible per claim"),
    "premium_rate": ("Taux de prime sur le chiffre d'affaires assuré", "Premium rate on insured turnover"),
    "minimum_premium": ("Prime minimum par année de police", "Minimum premium per policy year"),
    "premium_basis": ("Assiette de la prime : chiffre d'affaires HT ou TTC", "Turnover basis of the premium: excl. or incl. VAT"),
    "turnover_period": ("Périodicité de la déclaration de chiffre d'affaires", "Turnover declaration period"),
    "interest_rule": ("Règle des pénalités de retard : France, UE ou taux contractuel", "Late interest rule: France, EU or contractual rate"),
    "contract_rate": ("Taux contractuel des pénalités de retard (si règle = taux contractuel)",
                      "Contractual late interest rate (when the rule is the contractual rate)"),
    "late_penalty_points": ("Points ajoutés au taux BCE pour les pénalités de retard (France : 10)",
                            "Points added to the ECB rate for late interest (France: 10)"),
    "recovery_indemnity": ("Indemnité forfaitaire pour frais de recouvrement par facture payée en retard (EUR)",
                           "Fixed recovery indemnity per invoice paid late (EUR)"),
    "penalty_min_days": ("Pénalités non réclamées en dessous de ce nombre de jours de retard",
                         "Penalties are not claimed below this many days late"),
    "penalty_min_amount": ("Pénalités non réclamées en dessous de ce montant par facture (intérêts + indemnité)",
                           "Penalties are not claimed below this amount per invoice (interest + indemnity)"),
    "aging_buckets": ("Bornes des tranches de la balance âgée en jours, séparées par des virgules",
                      "Upper bounds of the aging buckets in days, comma separated"),
    "aging_basis": ("Antériorité comptée depuis l'échéance ou la date de facture", "Aging counted from the due date or the invoice date"),
    "high_usage_threshold": ("Utilisation de la limite à partir de laquelle une alerte est levée", "Limit usage from which a warning is raised"),
    "expiry_warning_days": ("Jours avant l'expiration d'une limite pour prévenir", "Days before a limit expires when a notice is raised"),
    "limit_headroom": ("Marge appliquée à la limite recommandée selon les besoins", "Headroom applied to the needs-based recommended limit"),
    "limit_request_threshold": ("Dépassement de la garantie par l'encours avec commandes déclenchant une demande de limite",
                                "Exposure with orders above cover by more than this triggers a limit request"),
    "insolvency_notice_days": ("Délai pour aviser l'assureur d'un jugement d'ouverture (jours)",
                               "Days to notify the insurer of an insolvency judgment"),
    "deadline_warning_days": ("Jours avant une échéance assureur à partir desquels un client en mise en demeure passe en tête",
                              "Days before an insurer deadline from which a debtor under formal notice is the most urgent line"),
    "score_drop_points": ("Baisse du score depuis la revue précédente déclenchant une alerte (points)",
                          "A score falling by more than this since the previous review is an alert"),
    "alert_lookback_days": ("Jours jusqu'à la revue précédente, pour les alertes de note et de score",
                            "Days back to the previous review, for grade downgrade and score drop alerts"),
    "new_debtor_days": ("Un client facturé depuis moins de ces jours sans décision de l'assureur est une alerte",
                        "A client first invoiced within this many days without an insurer decision is an alert"),
    "credit_decision_by": ("Qui décide des limites et des délais de paiement (procédure de crédit)",
                           "Who decides credit limits and payment terms (stated in the written credit policy)"),
    "default_terms_days": ("Délai de paiement (jours) qui répare une date invalide quand le client n'en a pas",
                           "Payment terms (days) that repair a bad date when the client has none"),
    "retroactive_cover_days": ("Jours de garantie rétroactive avant la date d'effet d'une limite",
                               "Days of retroactive cover before a limit's effective date"),
    "policy_year_start": ("Début de l'année de police (jour et mois ; vide = 1er janvier) pour les plafonds annuels",
                          "Policy year start (day and month; blank = 1 January) for the yearly ceilings"),
    "max_liability": ("Limite maximale d'indemnité par année de police ; vide = aucune",
                      "Maximum liability per policy year (limite maximale d'indemnité); blank = none"),
    "aggregate_first_loss": ("Franchise annuelle globale : indemnités que vous gardez à votre charge chaque année de police",
                             "Aggregate first loss: indemnities you keep each policy year"),
    "legal_terms_days": ("Délai de paiement légal à compter de la facture (L441-10 I : 60) ; vide = non contrôlé",
                         "Lawful payment term from the invoice date (L441-10 I: 60); blank = unchecked"),
    "legal_terms_eom_days": ("Délai légal fin de mois, s'il est convenu (L441-10 I : 45) ; vide = aucun",
                             "Lawful term end of month, when agreed (L441-10 I: 45); blank = none"),
    "limit_request_fee": ("Frais d'étude par demande de limite", "Fee per limit request (frais d'étude)"),
    "monitoring_fee": ("Frais de surveillance annuels par client sous limite nommée ou temporaire",
                       "Yearly fee per client under a named or temporary limit (frais de surveillance)"),
    "idle_limit_months": ("Mois sans vente qui rendent une limite inutilisée ; vide = non listé",
                          "Months without sales that make a limit idle; blank = not listed"),
    "public_late_points": ("Points au-dessus du taux BCE pour les acheteurs publics (R2192-31 : 8)",
                           "Points over the ECB rate for public buyers (R2192-31: 8)"),
})
# Words a Policy drop-down offers for a parameter's codes; the reader accepts them back.
_section("choice", {
    "language.fr": ("français", "French"), "language.en": ("anglais", "English"),
    "headers.labels": ("libellés", "labels"), "headers.ids": ("identifiants", "identifiers"),
    "overdue_notice_basis.mep_end": ("fin de prorogation", "end of extension period"),
    "overdue_notice_basis.due_date": ("échéance", "due date"),
    "premium_basis.excl_vat": ("HT", "excl. VAT"), "premium_basis.incl_vat": ("TTC", "incl. VAT"),
    "turnover_period.quarter": ("trimestre", "quarter"), "turnover_period.month": ("mois", "month"),
    "interest_rule.fr": ("France", "France"), "interest_rule.eu": ("UE", "EU"),
    "interest_rule.contract": ("contractuel", "contractual"),
    "aging_basis.due_date": ("échéance", "due date"), "aging_basis.invoice_date": ("date de facture", "invoice date"),
})

# --- a run's progress (status bar in Excel, stderr on the command line) ---------------------------
_section("run", {
    "checking": ("Vérification des feuilles de {name}…", "Checking the sheets of {name} ..."),
    "computing": ("Calcul au {date}…", "Computing as of {date} ..."),
    "drafting": ("Rédaction des lettres…", "Drafting the letters ..."),
    "writing": ("Écriture des feuilles de résultats…", "Writing the result sheets ..."),
    "written": ("Assurance-crédit : {count} feuille(s) de résultats mise(s) à jour", "Credit insurance: {count} result sheet(s) updated"),
    "writing_sheet": ("Écriture de {name}…", "Writing {name} ..."),
})

# --- reading the sheets: why a cell or a row was not used (the Issues sheet) --------------------
_section("parse", {
    "excel_error": ("contient l'erreur Excel {error}", "holds the Excel error {error}"),
    "not": ("« {value} » n'est pas {what}", "'{value}' is not {what}"),
    "huge": ("le montant {amount} est invraisemblable", "amount {amount} is implausibly large"),
    "date_range": ("la date {date} est hors limites (1900-2199)", "date {date} is out of range (1900-2199)"),
    "date_serial": ("le numéro de série de date {serial} n'est pas une date entre 1900 et 2199",
                    "date serial {serial} is not a date between 1900 and 2199"),
    "not_one_of": ("« {value} » n'est pas l'une des valeurs : {allowed}", "'{value}' is not one of: {allowed}"),
})
_section("expected", {
    "text": ("un texte", "text"), "amount": ("un montant", "an amount"),
    "date": ("une date (jj/mm/aaaa ou aaaa-mm-jj)", "a date (dd/mm/yyyy or yyyy-mm-dd)"),
    "yes_no": ("oui ou non", "yes or no"), "whole": ("un nombre entier", "a whole number"),
    "day_counts": ("une liste de nombres de jours comme 30,60,90,120", "a list of day counts such as 30,60,90,120"),
    "number": ("un nombre est attendu", "a number is required"), "a_date": ("une date est attendue", "a date is required"),
})
_section("policy_error", {
    "aging_buckets": ("aging_buckets doit être une suite croissante de jours positifs, par exemple 30,60,90,120",
                      "aging_buckets must be increasing positive day counts, e.g. 30,60,90,120"),
})
_section("issue", {
    "because": ("{reason} ; {then}", "{reason}; {then}"),
    "row_skipped": ("ligne ignorée", "row skipped"), "value_ignored": ("valeur ignorée", "value ignored"),
    "empty": ("{column} est vide ; ligne ignorée", "{column} is empty; row skipped"),
    "missing_columns": ("Feuille {sheet} : colonne obligatoire absente : {names}", "Sheet {sheet}: required column missing: {names}"),
    "unknown_parameter": ("paramètre inconnu « {name} » ignoré", "unknown parameter '{name}' ignored"),
    "parameter_default": ("{name} : {reason} ; valeur par défaut utilisée", "{name}: {reason}; default used"),
    "defaults_used": ("{reason} ; valeurs par défaut utilisées", "{reason}; defaults used"),
    "sheet_ignored": ("{reason} ; feuille ignorée", "{reason}; sheet ignored"),
})
_section("event", {  # recording an extension or a claim event (addin/workbook/events.py)
    "extension_note": ("Prorogation jusqu'à la fin du délai maximum de prorogation (corrigez la date si une échéance plus proche a été convenue)",
                       "Extended to the end of the maximum extension period (edit the date if a shorter one was agreed)"),
    "instalment_hint": (" (une échéance d'un plan : indiquez sa facture, avant le /)", " (an instalment: name its invoice, before the /)"),
    "unknown_invoice": ("la facture « {invoice} » n'est pas sur la feuille Invoices{hint}", "invoice '{invoice}' is not on the Invoices sheet{hint}"),
    "not_later": ("{invoice} est échue le {date} : une prorogation la reporte à plus tard", "{invoice} is due on {date}: an extension moves it later"),
    "no_claim": ("le client {debtor} n'a pas de sinistre à suivre : ni transmission au contentieux, ni procédure collective, ni événement sur la feuille Claims",
                 "client {debtor} has no claim to follow: no hand-over, insolvency or Claims event"),
    "claim_is": ("le sinistre de {debtor} est au statut « {status} » : saisissez {step}", "the claim of {debtor} stands at '{status}': record {step}"),
    "next_after_filed": ("la décision de l'assureur (--event accepted --amount X, ou --event refused)",
                         "the insurer's decision (--event accepted --amount X, or --event refused)"),
    "next_after_paid": ("une récupération (--event recovered --amount X) ou la clôture (--event closed)",
                        "a recovery (--event recovered --amount X) or the closing (--event closed)"),
    "next_after_other": ("plus rien", "nothing more"),
    "unknown_event": ("« {event} » n'est pas un événement de sinistre ({events})", "'{event}' is not a claim event ({events})"),
    "needs_amount": ("un événement de sinistre « {event} » demande son montant (--amount)", "a claim event '{event}' needs its amount (--amount)"),
})
_section("claim_event", {  # the Claims sheet's `event`
    "filed": ("déclaré", "filed"), "accepted": ("accepté", "accepted"), "refused": ("refusé", "refused"),
    "paid": ("indemnisé", "paid"), "recovered": ("récupéré", "recovered"), "closed": ("clos", "closed"),
})
_section("repair", {  # functions/checks.py: what a run repaired in Invoices, or could not
    "not_a_date": ("« {text} » n'est pas une date", "'{text}' is not a date"),
    "empty": ("est vide", "is empty"), "error": ("contient l'erreur Excel {text}", "holds the Excel error {text}"),
    "before": ("{due} est antérieure à la date de facture {issued}", "{due} is before the invoice date {issued}"),
    "due": ("Date d'échéance {typed} : {used} retenue à la place (date de facture + {terms} jours, {source})",
            "Due date {typed}: {used} used instead (invoice date + {terms} days, {source})"),
    "issued": ("Date de facture {typed} : {used} retenue à la place (échéance - {terms} jours, {source})",
               "Invoice date {typed}: {used} used instead (due date - {terms} days, {source})"),
    "delivery": ("Date de livraison {typed} : la date de facture {used} est retenue à la place",
                 "Delivery date {typed}: the invoice date {used} is used instead"),
    "client_terms": ("délai de paiement du client", "the client's payment terms"),
    "policy_terms": ("default_terms_days de la feuille Policy", "default_terms_days of the Policy"),
    "no_id": ("Pas de numéro de facture : la ligne est gardée sous {used}", "No invoice number: the row is kept as {used}"),
    "no_date": ("Ni la date de facture ni la date d'échéance n'est utilisable ; ligne écartée",
                "Neither the invoice date nor the due date is usable; row left out"),
    "paid_date": ("La date de règlement {date} n'est pas utilisée : la feuille Payments existe et laisse {open} ouverts sur cette facture ; saisissez le règlement sur la feuille Payments",
                  "paid_date {date} is not used: a Payments sheet exists and leaves {open} open on this invoice; record the payment on the Payments sheet"),
    "unknown": ("Le client « {debtor} » n'est pas sur la feuille Debtors : ses {rows} ligne(s) de cette feuille sont gardées sous ce code, avec la garantie d'un client sans limite ; ajoutez-le à la feuille Debtors",
                "Client '{debtor}' is not on the Debtors sheet: its {rows} row(s) on this sheet are kept under this code, with the cover of a client without a limit; add the client to the Debtors sheet"),
})
_section("batch", {
    "name": ("relances_{date}", "reminders_{date}"),   # the reminders of a run in one document, to print
})


_section("extension", {
    "unknown_invoice": ("la facture « {invoice} » n'est pas sur la feuille Invoices ; ligne ignorée",
                        "invoice '{invoice}' is not on the Invoices sheet; row ignored"),
    "not_adding_up": ("{invoice} : les échéances ne font pas le montant de la facture ({total}) ; les dernières y sont ramenées",
                      "{invoice}: the instalments do not add up to the invoice's {total}; the last ones are cut to it"),
})


_section("check", {
    "unknown_debtor": ("le client « {debtor} » n'est pas dans la feuille Debtors ; ligne ignorée",
                       "debtor '{debtor}' is not on the Debtors sheet; row skipped"),
    "duplicate": ("{column} « {value} » déjà utilisé ligne {row} ; ligne ignorée", "{column} '{value}' already used on row {row}; row skipped"),
    "due_before_invoice": ("l'échéance {due} est antérieure à la date de facture {invoice} ; ligne ignorée",
                           "due date {due} is before the invoice date {invoice}; row skipped"),
    "negative_invoice": ("montant négatif {amount} sur une ligne de type facture ; saisissez les avoirs en avoir ; ligne ignorée",
                         "negative amount {amount} on a line whose document_type is invoice; enter credit notes as credit_note; "
                         "row skipped"),
    "zero_amount": ("le montant est nul", "amount is zero"),
    "payment_not_positive": ("le règlement de {amount} n'est pas positif ; ligne ignorée", "payment amount {amount} is not positive; row skipped"),
    "unknown_invoice": ("la facture « {invoice} » n'est pas dans la feuille Invoices ; le règlement solde la plus ancienne facture ouverte",
                        "invoice '{invoice}' is not on the Invoices sheet; the payment settles the oldest open invoice instead"),
    "limit_amount": ("une décision « {decision} » exige un montant positif ; ligne ignorée", "a {decision} limit needs a positive amount; row skipped"),
})
_section("choice.decision", {
    "granted": ("accordée", "granted"), "increased": ("augmentée", "increased"), "reduced": ("réduite", "reduced"),
    "withdrawn": ("retirée", "withdrawn"), "refused": ("refusée", "refused"),
})

# --- worksheet functions (addin/excel/udfs.py): messages in the cell, CREDIT_CONCENTRATION's lines --
_section("udf", {
    "empty_table": ("la table {sheet} est vide", "the {sheet} table is empty"),
    "argument": ("{name} : {reason}", "{name}: {reason}"),
    "unknown_debtor": ("le client « {debtor} » n'est pas dans les tables", "debtor '{debtor}' is not in the tables"),
    "no_rate": ("pas de cours {currency} au {date} ou avant dans la table FX", "no {currency} rate on or before {date} in the FX table"),
    "rule": ("rule : « {rule} » n'est ni « fr », ni « eu », ni « contract », ni « public »", "rule: '{rule}' is not fr, eu, contract or public"),
    "no_claim": ("aucun sinistre à suivre pour le client « {debtor} » (ni événement Claims, ni transmission au "
                 "contentieux, ni procédure collective)",
                 "no claim to follow for client '{debtor}' (no Claims event, hand-over or insolvency)"),
    "no_max_liability": ("la Policy n'a pas de max_liability : les paiements annuels de l'assureur ne sont pas plafonnés",
                         "the Policy has no max_liability: the insurer's yearly payments are not capped"),
})
_section("concentration", {
    "exposure": ("Encours", "Exposure"), "debtors": ("Clients", "Clients"), "top_share": ("Part des {top} premiers", "Share of the top {top}"),
    "largest_share": ("Part du premier client", "Share of the largest client"), "herfindahl": ("Herfindahl (0-1)", "Herfindahl (0-1)"),
    "herfindahl_points": ("Herfindahl (points)", "Herfindahl (points)"),
    "equivalent_debtors": ("Nombre équivalent de clients égaux", "Equivalent number of equal clients"),
})

# --- input columns not shown on result sheets (the template's headers; accepted when reading) ---
_section("column", {
    "registration_id": ("SIREN / SIRET / TVA", "Registration no. (SIREN / VAT)"), "address": ("Adresse", "Address"),
    "sector": ("Secteur", "Sector"), "payment_terms_days": ("Délai de paiement (jours)", "Payment terms (days)"),
    "evidence_date": ("Date du renseignement", "Evidence date"), "security": ("Sûretés", "Securities"),
    "do_not_remind": ("Ne pas relancer", "Do not remind"), "excluded": ("Exclu de la police", "Excluded from the policy"),
    "invoice_date": ("Date facture", "Invoice date"), "amount_excl_vat": ("Montant HT", "Amount excl. VAT"),
    "document_type": ("Type de pièce", "Document type"), "credited_invoice_id": ("Facture d'origine", "Credited invoice"),
    "delivery_date": ("Date de livraison", "Delivery date"), "paid_date": ("Date de règlement", "Date paid"),
    "payment_id": ("N° règlement", "Payment no."), "order_id": ("N° commande", "Order no."),
    "ship_date": ("Date d'expédition prévue", "Planned ship date"), "effective_date": ("Date d'effet", "Effective date"),
    "decision": ("Décision", "Decision"), "total_assets": ("Total actif", "Total assets"),
    "current_assets": ("Actif circulant", "Current assets"), "current_liabilities": ("Dettes à court terme", "Current liabilities"),
    "total_liabilities": ("Total dettes", "Total liabilities"), "equity": ("Capitaux propres", "Equity"),
    "permanent_capital": ("Capitaux permanents", "Permanent capital"), "retained_earnings": ("Réserves", "Retained earnings"),
    "ebit": ("Résultat d'exploitation", "EBIT"), "ebitda": ("EBE", "EBITDA"), "revenue": ("Chiffre d'affaires", "Revenue"),
    "financial_charges": ("Charges financières", "Financial charges"), "staff_costs": ("Charges de personnel", "Staff costs"),
    "value_added": ("Valeur ajoutée", "Value added"), "cash": ("Trésorerie", "Cash"), "receivables": ("Créances clients", "Receivables"),
    "action": ("Action", "Action"), "ecb_mro_rate": ("Taux BCE", "ECB rate"), "legal_rate": ("Taux légal", "Legal rate"),
    "parameter": ("Paramètre", "Parameter"), "description": ("Description", "Description"),
    "pd": ("Probabilité de défaut", "Probability of default"), "variant": ("Formule", "Terms"),
    "quotite_non_named": ("Quotité non dénommé", "Non-named insured share"), "deductible": ("Franchise", "Deductible"),
    "premium_rate": ("Taux de prime", "Premium rate"), "minimum_premium": ("Prime minimum", "Minimum premium"),
    "non_named_threshold": ("Seuil de non-dénommé", "Non-named threshold"),
    "claim": ("Réclamation", "Claim"), "missing": ("Lettre incomplète : manque", "Letter incomplete: missing"),
    "short_reference": ("Référence courte", "Short reference"),
})
_section("financials", {
    "not_computed": ("non calculé : ", "not computed: "), "missing": ("manque ", "missing "), "is_zero": (" est nul", " is zero"),
    "no_statements": ("non calculé : aucun bilan clos à la date d'analyse", "not computed: no financial statements closed on or before the as-of date"),
})
_section("grade_label", {
    "allianz": ("note Allianz Trade", "Allianz Trade grade"), "coface": ("DRA Coface", "Coface DRA"),
    "bdf": ("cotation Banque de France", "Banque de France"),
})
_section("grade_note", {
    "neutral": ("Banque de France 0 : aucune information défavorable, pas une cotation",
                "Banque de France 0: no adverse information, not a grade"),
    "off_scale": ("la note {grade} n'est pas sur l'échelle {scale} ; note non prise en compte", "grade {grade} is not on scale {scale}; grade not scored"),
    "no_scale": ("la note {grade} n'a pas d'échelle (grade_scale) ; note non prise en compte", "grade {grade} has no grade_scale; grade not scored"),
})
_section("score", {
    "paid": ("payé {lateness} en moyenne sur 12 mois, factures récentes pondérées davantage",
             "paid {lateness} on average over 12 months, recent invoices weighing more"),
    "unweighted": (" ({lateness} sans cette pondération)", " ({lateness} without that weighting)"),
    "late": ("avec {days} de retard", "{days} late"), "early": ("avec {days} d'avance", "{days} early"),
    "on_time": ("à l'échéance", "on time"), "day": ("jour", "day"), "days": ("jours", "days"),
    "altman": ("Z'' d'Altman {value} : zone {zone}", "Altman Z'' {value}: {zone} zone"),
    "conan": ("Conan-Holder {value} : zone {zone}", "Conan-Holder {value}: {zone} zone"),
    "usage": ("limite utilisée à {usage} %", "limit used at {usage}%"),
    "not_scored": ("non noté : ni historique de paiement, ni utilisation de limite, ni note, ni bilan",
                   "not scored: no payment history, limit usage, grade or statements"),
    "insolvency": ("procédure collective depuis le {date}", "insolvency proceedings since {date}"),
    "separator": (" ; ", "; "),
})
_section("rates", {
    "semester": ("{year}-S{half}", "{year}-H{half}"),
    "ecb_mro_rate": ("taux de refinancement de la BCE", "ECB main refinancing rate"),
    "legal_rate": ("taux d'intérêt légal", "legal interest rate"),
    "missing": ("aucun {what} pour le semestre {year}-S{half} (en vigueur le {start}) : ajoutez une ligne Rates datée du {start} "
                "ou après ; les pénalités touchant ce semestre restent vides",
                "no {what} for semester {year}-H{half} (in force on {start}): add a Rates row dated {start} or later; late "
                "interest touching that semester is left blank"),
    "empty_row": ("ligne sans taux BCE ni taux légal ; ignorée", "row has neither an ECB rate nor a legal rate; ignored"),
})
_section("penalty", {
    "semester": ("{label} : {days} jours à {rate}", "{label}: {days} days at {rate}"),
    "no_rate": ("taux inconnu", "no rate"),
    "public": ("depuis {label} : {days} jours à {rate}", "from {label}: {days} days at {rate}"),
    "no_contract_rate": ("interest_rule vaut « contract » mais contract_rate est vide : la règle française (BCE + points) "
                         "s'applique", "interest_rule is 'contract' but contract_rate is blank: the French rule (ECB + points) is used"),
})
_section("dunning", {
    "level.1": ("Relance amiable", "Friendly reminder"), "level.2": ("Deuxième relance", "Second reminder"),
    "level.3": ("Relance téléphonique", "Phone call"), "level.4": ("Mise en demeure", "Formal notice"),
    "level_n": ("Niveau {level}", "Level {level}"), "hand_over": ("Transmission au contentieux", "Hand over for collection"),
    "twice": ("un numéro de niveau apparaît deux fois", "a level number appears twice"),
    "order": ("days_after_due doit être positif ou nul et croître avec le niveau", "days_after_due must be zero or more and grow with the level"),
    "both": ("{first} ; {second}", "{first}; {second}"),
    "default_plan": ("{problems} ; le plan par défaut est utilisé", "{problems}; the default plan is used"),
})
_section("deadline", {
    "undated": ("{declaration} : pas de date d'envoi ; considérée envoyée le {date} (couvre toute facture échue à cette date)",
                "{declaration}: no sent date; taken as sent on {date} (covers every invoice past due then)"),
})
_section("fx", {
    "not_positive": ("le cours {rate} n'est pas positif ; ligne ignorée", "rate {rate} is not positive; row ignored"),
    "missing": ("Pas de cours {code} au {date} ou avant dans la feuille FX : {count} {what} ({code} {total}) exclus {left_out_of} ; "
                "ajoutez un cours {code} daté du {date} ou avant",
                "No {code} rate on or before {date} in the FX sheet: {count} {what} ({code} {total}) left out of {left_out_of}; "
                "add a {code} rate dated {date} or earlier"),
    "what.documents": ("facture(s) et avoir(s)", "invoice(s) and credit note(s)"),
    "what.orders": ("commande(s) en cours", "open order(s)"), "what.open_invoices": ("facture(s) ouverte(s)", "open invoice(s)"),
    "what.unapplied": ("crédit(s) non affecté(s)", "unapplied credit(s)"),
    "what.insolvent_invoices": ("facture(s) ouverte(s) de clients en procédure collective", "open invoice(s) of insolvent debtors"),
    "out_of.turnover": ("du chiffre d'affaires", "the turnover"),
    "out_of.exposure_with_orders": ("de l'encours avec commandes", "the exposure with orders"),
    "out_of.exposure_cover": ("de l'encours, de la garantie, de la balance âgée et des échéances", "exposure, cover, aging and deadlines"),
    "out_of.exposure": ("de l'encours", "exposure"), "out_of.proof_of_claim": ("de la déclaration de créance", "the proof of claim"),
    "payment_currency": ("{debtor} est facturé en plusieurs devises et ce règlement n'indique ni devise ni facture : pris en {home}",
                         "{debtor} is invoiced in several currencies and this payment names neither a currency nor an invoice: "
                         "taken in {home}"),
})
_section("identifier", {
    "invalid": ("{kind} {number} invalide : {reason}", "{kind} {number} is invalid: {reason}"),
    "kind.SIREN": ("SIREN", "SIREN"), "kind.SIRET": ("SIRET", "SIRET"), "kind.VAT": ("N° de TVA", "VAT number"),
    "InvalidChecksum": ("la clé de contrôle est fausse", "the checksum is invalid"),
    "InvalidLength": ("la longueur est fausse", "the length is invalid"),
    "InvalidFormat": ("le format est faux", "the format is invalid"),
    "InvalidComponent": ("une partie du numéro est fausse", "a part of the number is invalid"),
    "prefix": ("{number} : préfixe pays de TVA inconnu {prefix}", "{number}: unknown VAT country prefix {prefix}"),
    "country": ("le n° de TVA {number} est de {prefix} mais le pays du client est {country}",
                "VAT number {number} is from {prefix} but the debtor's country is {country}"),
    "unknown": ("{number} n'est ni un SIREN (9 chiffres), ni un SIRET (14 chiffres), ni un n° de TVA (FR…)",
                "{number} is neither a SIREN (9 digits), a SIRET (14 digits) nor a VAT number (FR...)"),
})
_section("portfolio", {
    "unknown_grade": ("classe inconnue {grade} ; ligne ignorée", "unknown grade {grade}; row ignored"),
    "bad_pd": ("{grade} : {value} n'est pas une probabilité entre 0 et 1 ; valeur par défaut {default}",
               "{grade}: {value} is not a probability between 0 and 1; default {default} used"),
    "bad_variant": ("{column} {value} hors limites ; formule ignorée", "{column} {value} is out of range; variant ignored"),
})
_section("scoring", {
    "unknown": ("paramètre inconnu {name} ; ligne ignorée", "unknown parameter {name}; row ignored"),
    "bad_value": ("{name} : {value} n'est pas une valeur valable ; valeur par défaut {default}",
                  "{name}: {value} is not a valid value; default {default} used"),
    "zero_weights": ("tous les poids sont nuls ; poids par défaut utilisés", "all weights are zero; default weights used"),
})
_section("turnover", {
    "no_excl_vat": ("pas de montant HT : le montant TTC est déclaré en chiffre d'affaires",
                    "no amount excl. VAT: the amount incl. VAT is declared as turnover"),
    "no_excl_vat_column": ("pas de montant HT : le montant TTC est déclaré en chiffre d'affaires pour toutes les factures (colonne vide)",
                           "no amount excl. VAT: the amount incl. VAT is declared as turnover for every invoice (column empty)"),
    "bad_period": ("la période « {period} » n'est ni un trimestre comme 2025-Q1 ni un mois comme 2025-01",
                   "period '{period}' is not a quarter such as 2025-Q1 or a month such as 2025-01"),
})

# --- the Portfolio sheet: its sections, measures and units (codes worded by the writers) and the
# items and notes the analysis writes -------------------------------------------------------------
_section("portfolio_section", {
    "totals": ("Totaux", "Totals"), "grade": ("Par classe", "By grade"), "country": ("Par pays", "By country"),
    "sector": ("Par secteur", "By sector"), "concentration": ("Concentration", "Concentration"),
    "top_debtors": ("Premiers clients", "Largest clients"), "expected_loss": ("Perte attendue", "Expected loss"),
    "stress": ("Scénario de crise", "Stress test"), "history": ("Historique", "History"), "premium": ("Prime", "Premium"),
    "variants": ("Formules de police", "Policy terms"), "indemnity_simulation": ("Simulation d'indemnisation", "Indemnity simulation"),
    "max_liability": ("Plafond d'indemnisation", "Maximum liability"),
})
_section("portfolio_section", {"fees": ("Frais d'agrément", "Limit fees")})
_section("portfolio_measure", {
    "exposure": ("Encours", "Exposure"), "covered": ("Couvert", "Covered"), "insured": ("Assuré", "Insured"),
    "uninsured": ("Non assuré", "Uninsured"), "uninsured_share": ("Part non assurée", "Uninsured share"),
    "share": ("Part", "Share"), "debtors": ("Clients", "Clients"), "count": ("Nombre", "Count"), "index": ("Indice", "Index"),
    "loss": ("Perte si défaut", "Loss at default"), "indemnity": ("Indemnité", "Indemnity"),
    "expected_loss": ("Perte attendue", "Expected loss"), "expected_indemnity": ("Indemnité attendue", "Expected indemnity"),
    "pd": ("Probabilité de défaut", "Probability of default"), "turnover": ("Chiffre d'affaires", "Turnover"),
    "premium": ("Prime", "Premium"), "expected_cost": ("Coût attendu", "Expected cost"),
    "stressed_indemnity": ("Indemnité en crise", "Stressed indemnity"), "stressed_loss": ("Perte en crise", "Stressed loss"),
    "stressed_cost": ("Coût en crise", "Stressed cost"), "clients": ("Clients", "Clients"),
    "retained_loss": ("Perte conservée", "Retained loss"),
    "indemnity_before_ceilings": ("Indemnité avant plafonds", "Indemnity before ceilings"),
    "max_liability": ("Plafond d'indemnisation", "Maximum liability"),
    "aggregate_first_loss": ("Franchise annuelle globale", "Aggregate first loss"),
    "decided_this_year": ("Sinistres décidés cette année", "Decided this year"),
    "paid_by_insurer": ("Payé par l'assureur", "Paid by the insurer"), "headroom": ("Marge restante", "Headroom"),
    "first_loss_left": ("Franchise restant à absorber", "First loss left"),
    "decided_12m": ("Décisions sur 12 mois", "Decided in 12 months"), "fees": ("Frais", "Fees"),
    "fees_saved": ("Frais économisés", "Fees saved"), "fees_to_send": ("Frais des demandes à envoyer", "Fees of the requests to send"),
    "to_send": ("À envoyer", "To send"),
})
_section("portfolio_unit", {"debtors": ("clients", "clients"), "clients": ("clients", "clients"), "points": ("points", "points"),
                            "requests": ("demandes", "requests")})
_section("portfolio_item", {
    "portfolio": ("portefeuille", "portfolio"), "top 10": ("10 premiers", "top 10"), "largest debtor": ("premier client", "largest debtor"),
    "herfindahl": ("Herfindahl", "Herfindahl"), "debtors": ("clients", "debtors"), "total": ("total", "total"),
    "insured turnover": ("chiffre d'affaires assuré", "insured turnover"), "current policy": ("police actuelle", "current policy"),
    "not_scored": ("non noté", "not scored"), "overdue clients default": ("défaut des clients en retard", "overdue clients default"),
    "twelve_months": ("12 mois jusqu'à la date d'analyse", "12 months to as_of"),
    "cheapest_expected": ("la moins chère en perte attendue", "cheapest expected"),
    "cheapest_stressed": ("la moins chère en crise", "cheapest stressed"),
    "hhi_note": ("HHI {hhi} sur l'échelle 0-1 ; {equal} clients égaux équivalents", "HHI {hhi} on the 0-1 scale; {equal} equivalent equal debtors"),
    "simulation_note": ("si tous les clients ayant une facture échue faisaient défaut aujourd'hui",
                        "if every client with an overdue invoice defaulted today"),
    "policy year": ("année de police", "policy year"),
    "year_note": ("année de police à partir du {date}", "policy year from {date}"),
    "monitoring": ("surveillance", "monitoring"), "requests": ("demandes de limite", "limit requests"),
    "idle_limits": ("limites inutilisées", "idle limits"),
})
_section("dashboard", {
    "penalties_claimed": ("Pénalités de retard à réclamer", "Late penalties to claim"),
    "penalties_not_claimed": ("Pénalités non réclamées (sous les seuils)", "Late penalties not claimed (below thresholds)"),
    "penalties": ("Pénalités de retard et indemnités par client", "Late penalties and indemnities per client"),
    "claimed_invoices": ("Factures réclamées", "Invoices claimed"), "claimed": ("À réclamer", "To claim"),
    "not_claimed": ("Non réclamé", "Not claimed"), "total": ("Total", "Total"),
    "quality": ("Qualité des données : lignes lues du classeur", "Data quality: rows read from the workbook"),
    "sheet": ("Feuille", "Sheet"), "rows_read": ("Lignes lues", "Rows read"),
    "rows_repaired": ("Lignes corrigées", "Rows repaired"), "rows_left_out": ("Lignes écartées", "Rows left out"),
    "amount_left_out": ("Montant écarté", "Amount left out"),
    "left_out": ("{rows} ligne(s) écartée(s) de l'analyse, {amount} au total : voir la feuille Issues",
                 "{rows} row(s) left out of the analysis, {amount} in all: see the Issues sheet"),
})

# --- the command line (addin/cli.py) -------------------------------------------------------------
_section("cli", {
    "as_of": ("Au {date}  ({currency})", "As of {date}  ({currency})"),
    "debtors": ("clients", "debtors"), "invoices": ("factures lues", "invoices read"), "exposure": ("encours", "exposure"),
    "overdue": ("échu", "overdue"), "overdue_share": ("  ({share} % de l'encours)", "  ({share}% of exposure)"),
    "covered": ("couvert", "covered"), "uninsured": ("non assuré", "uninsured"),
    "insured": ("assuré", "insured"), "insured_share": ("  (couvert × quotité ; le reste du couvert est à votre charge)",
                                                        "  (covered × quotité; the rest of the covered amount is yours)"),
    "breaches": ("alertes", "breaches"),
    "severities": ("{critical:>6} critiques {warning:>4} attention {info:>4} information",
                   "{critical:>6} critical {warning:>4} warning {info:>4} info"),
    "declarations": ("déclarations à envoyer", "declarations to send"),
    "first_due": ("  (première avant le {date})", "  (first due {date})"),
    "first_late": ("  (en retard : la première était à envoyer avant le {date})", "  (late: the first was due {date})"),
    "grades": ("classes A-E", "grades A-E"), "issues": ("anomalies", "issues"),
    "skipped": ("  ({errors} ligne(s) ignorée(s) ; toutes listées dans la feuille Issues)",
                "  ({errors} input rows skipped; all listed in the Issues sheet)"),
    "penalties": ("pénalités à réclamer", "penalties to claim"),
    "not_claimed": ("  (non réclamé : {amount})", "  (not claimed: {amount})"),
    "urgent": ("le plus urgent :", "most urgent:"), "written": ("Résultats écrits dans {path}", "Results written to {path}"),
    "printing": ("relances à imprimer, une par page : {paths} ({count} lettre(s))",
                 "reminders to print, one per page: {paths} ({count} letter(s))"),
    "backup": ("Copie de sauvegarde du classeur d'origine : {path}", "Backup of the original workbook: {path}"),
    "where_row": ("{sheet}!{column} ligne {row}", "{sheet}!{column} row {row}"), "where": ("{sheet}!{column}", "{sheet}!{column}"),
    "issue_count": ("{count} anomalie(s) dans {name}", "{count} issue(s) in {name}"),
    "no_demo": ("le classeur de démonstration fourni est absent ({path}) ; réinstallez avec pip install -e .",
                "the bundled demo workbook is missing ({path}); reinstall with pip install -e ."),
    "copied": ("Classeur de démonstration copié dans {path}", "Copied the demo workbook to {path}"),
    "none": ("(aucun)", "(none)"),
    "input_issues": ("{count} anomalie(s) dans les feuilles : lancez credit-addin validate {name}",
                     "{count} issue(s) in the input sheets: run credit-addin validate {name}"),
    "turnover_title": ("Déclaration de chiffre d'affaires {period} (au {date})", "Turnover declaration {period} (as of {date})"),
    "turnover_total": ("chiffre d'affaires assuré {insured}   prime {premium} {currency}",
                       "insured turnover {insured}   premium {premium} {currency}"),
    "reminded": ("{id} enregistrée comme envoyée : {count} ligne(s) Actions dans {name} (sauvegarde : {backup})",
                 "{id} recorded as sent: {count} Actions row(s) in {name} (backup: {backup})"),
    "marked": ("{id} enregistrée comme envoyée dans le Register de {name} (sauvegarde : {backup})",
               "{id} recorded as sent in the Register of {name} (backup: {backup})"),
    "quality": ("  lignes lues / corrigées / écartées {read:>6} / {repaired} / {left}  (montant écarté {amount})",
                "  rows read / repaired / left out {read:>6} / {repaired} / {left}  (amount left out {amount})"),
    "max_liability": ("  {label:<22}{headroom:>14}  (sur {ceiling} pour l'année de police, depuis le {start})",
                      "  {label:<22}{headroom:>14}  (of {ceiling} this policy year, from {start})"),
    "max_liability_label": ("plafond d'indemnité restant", "max liability left"),
    "extended": ("{invoice} prorogée au {date} dans la feuille Extensions de {name} (sauvegarde : {backup})",
                 "{invoice} extended to {date} in the Extensions sheet of {name} (backup: {backup})"),
    "claim_event": ("Sinistre de {debtor} : {event}{amount} le {date} enregistré dans la feuille Claims de {name} "
                    "(sauvegarde : {backup})",
                    "Claim of {debtor}: {event}{amount} on {date} recorded in the Claims sheet of {name} (backup: {backup})"),
    "replaced_backup": ("Copie de sauvegarde de {name} remplacé : {path}", "Backup of the replaced {name}: {path}"),
    "no_turnover": ("Pas de déclaration de chiffre d'affaires pour {period} : la période précède la première facture ou "
                    "commence après la date d'analyse du {date}",
                    "No turnover declaration for {period}: the period is before the first invoice or starts after the "
                    "as-of date {date}"),
})

# --- the template: one line per sheet, the help of every input column (its header's note and the
# Help sheet: meaning, format, example), the words of the drop-down lists ---------------------------
_section("sheet_help", {
    "Policy": ("Paramètres de votre police d'assurance-crédit (délais, quotités, seuils) et de vos lettres (expéditeur, signataire).",
               "Your credit-insurance policy's parameters (deadlines, insured shares, thresholds) and your letters' sender and signatory."),
    "Debtors": ("Vos clients : identifiant, pays, SIREN/TVA, conditions de paiement, note de l'assureur.",
                "Your customers: id, country, SIREN/VAT, payment terms, insurer grade."),
    "Invoices": ("Factures et avoirs : dates, échéance, montants TTC/HT, litiges.",
                 "Invoices and credit notes: dates, due date, amounts incl./excl. VAT, disputes."),
    "Payments": ("Règlements reçus, avec la facture réglée quand elle est connue.", "Payments received, with the invoice settled when known."),
    "Orders": ("Commandes en cours, pas encore facturées.", "Open orders, not yet invoiced."),
    "Limits": ("Décisions de l'assureur : agréments, augmentations, réductions, retraits, refus.",
               "Insurer decisions: limits granted, increased, reduced, withdrawn, refused."),
    "Grades": ("Historique des notes de l'assureur par client.", "History of the insurer's grades per customer."),
    "Financials": ("Bilans et comptes de résultat des clients (scores Altman et Conan-Holder).",
                   "Customers' balance sheets and income statements (Altman and Conan-Holder scores)."),
    "Actions": ("Historique des relances : lettres, appels, mises en demeure.", "Dunning history: letters, phone calls, formal notices."),
    "Register": ("Déclarations envoyées à l'assureur (menaces de sinistre, contentieux, chiffre d'affaires).",
                 "Declarations sent to the insurer (overdue notices, collection requests, turnover)."),
    "Extensions": ("Prorogations et échéanciers accordés à vos clients (nouvelle échéance, montant, accord de "
                   "l'assureur au-delà du délai maximum de prorogation).",
                   "Extensions and payment plans agreed with your customers (new due date, amount, the insurer's "
                   "approval beyond the maximum extension period)."),
    "Claims": ("Suivi des sinistres : déclaration, décision de l'assureur, indemnité reçue, récupérations.",
               "Claims after the hand-over: filed, the insurer's decision, indemnity received, recoveries."),
    "Rates": ("Taux BCE et taux d'intérêt légal par semestre, si les tables fournies ne suffisent pas.",
              "ECB and legal interest rates per semester, when the bundled tables are not enough."),
    "FX": ("Taux de change vers la devise de la police.", "Exchange rates into the policy currency."),
    "PD": ("Probabilité de défaut à un an par classe de score (A à E, non noté), pour la perte attendue.",
           "One-year probability of default per score grade (A to E, not scored), for the expected loss."),
    "Policy variants": ("Formules de police à comparer (quotité, franchise, taux, seuil de non-dénommé) ; vide = valeur actuelle.",
                        "Policy terms to compare (insured share, deductible, rate, non-named threshold); blank = the current value."),
    "Scoring": ("Poids des composantes du score client, demi-vie du retard récent et part des fonds propres par classe (limite recommandée).",
                "Weights of the client score's components, half-life of the recent days late and share of equity per grade "
                "(recommended limit)."),
    "Dunning plan": ("Plan de relance : niveaux, jours après l'échéance, canal, modèle de lettre, seuil, délai accordé (valeurs par défaut : "
                     "pratique française, modifiables).",
                     "Dunning plan: levels, days after the due date, channel, letter template, threshold, time to pay (defaults: French "
                     "practice, editable)."),
})
_section("template", {
    "title": ("Complément Excel assurance-crédit", "Credit-insurance Excel add-in"),
    "intro.0": ("Le complément lit les feuilles ci-dessous et calcule l'antériorité, l'encours couvert, les dépassements de limite, "
                "les scores, les délais de l'assureur et prépare vos déclarations. Il ne réécrit jamais vos feuilles : il crée des "
                "feuilles de résultats.",
                "The add-in reads the sheets below and computes aging, covered exposure, limit breaches, scores and the insurer's "
                "deadlines, and drafts your declarations. It never rewrites your sheets: it creates result sheets."),
    "intro.1": ("Lancer : ruban « Assurance-crédit » dans Excel, ou en ligne de commande « credit-addin run classeur.xlsx ».",
                "Run: the \"Credit insurance\" ribbon in Excel, or on the command line \"credit-addin run workbook.xlsx\"."),
    "intro.2": ("Chaque en-tête porte une note (sens, format, exemple) ; la feuille Aide les reprend toutes. Les en-têtes peuvent "
                "aussi être en anglais ou être les identifiants (invoice_id…). Les colonnes facultatives peuvent être supprimées.",
                "Every header carries a note (meaning, format, example); the Help sheet lists them all. Headers may also be in French "
                "or be the identifiers (invoice_id ...). Optional columns may be deleted."),
    "sheet": ("Feuille", "Sheet"), "what": ("Contenu", "What it holds"),
    "help_sheet": ("Aide", "Help"), "help_title": ("Aide : chaque colonne des feuilles à remplir", "Help: every column of the input sheets"),
    "column": ("Colonne", "Column"), "identifier": ("Identifiant", "Identifier"), "meaning": ("Signification", "Meaning"),
    "format": ("Format", "Format"), "example": ("Exemple", "Example"), "required": ("Obligatoire", "Required"),
    "yes": ("oui", "yes"), "no": ("non", "no"),
    "note": ("{meaning}\nFormat : {format}\nExemple : {example}\n{required}", "{meaning}\nFormat: {format}\nExample: {example}\n{required}"),
    "note_required": ("Obligatoire", "Required"), "note_optional": ("Facultatif", "Optional"),
    "parameter": ("Paramètre", "Parameter"), "value": ("Valeur", "Value"), "description": ("Description", "Description"),
    "rates_note": ("Vos saisies : taux de refinancement de la BCE et taux d'intérêt légal des professionnels par semestre, en %. "
                   "Vérifiez-les auprès de la BCE et de l'arrêté publié au Journal officiel.",
                   "Your entries: ECB main refinancing rate and the French legal interest rate for professionals (taux d'intérêt "
                   "légal) per semester, in %. Check them against the ECB and the arrêté published in the Journal officiel."),
})
_section("format", {
    "id": ("texte (identifiant)", "text (identifier)"), "text": ("texte", "text"),
    "date": ("date (jj/mm/aaaa)", "date (dd/mm/yyyy or yyyy-mm-dd)"), "amount": ("montant (1 234,56)", "amount (1,234.56)"),
    "int": ("nombre entier", "whole number"), "bool": ("oui / non", "yes / no"), "choice": ("liste : {values}", "list: {values}"),
    "rate": ("pourcentage (0,25 %)", "percentage (0.25%)"),
})
_section("document_type", {"invoice": ("Facture", "Invoice"), "credit_note": ("Avoir", "Credit note")})
# Meaning of each input column (the note on its header, the Help sheet), then an example value.
_section("help", {
    "Debtors.debtor_id": ("Code du client dans votre comptabilité, unique", "Your accounting's customer code, unique"),
    "Debtors.name": ("Raison sociale", "Company name"),
    "Debtors.country": ("Pays (code ISO à 2 lettres)", "Country (ISO 2-letter code)"),
    "Debtors.registration_id": ("SIREN, SIRET ou n° de TVA intracommunautaire, vérifié", "SIREN, SIRET or EU VAT number, checked"),
    "Debtors.insurer_ref": ("Référence du client chez l'assureur", "The insurer's reference for the customer"),
    "Debtors.address": ("Adresse postale (imprimée sur les lettres)", "Postal address (printed on the letters)"),
    "Debtors.sector": ("Secteur d'activité", "Business sector"), "Debtors.group": ("Groupe auquel appartient le client", "Parent group"),
    "Debtors.payment_terms_days": ("Délai de paiement accordé, en jours", "Payment terms granted, in days"),
    "Debtors.insurer_grade": ("Note de l'assureur ou cotation Banque de France", "Insurer grade or Banque de France rating"),
    "Debtors.grade_scale": ("Échelle de la note", "Scale of the grade"),
    "Debtors.evidence_date": ("Date du dernier renseignement commercial (justifie une limite discrétionnaire)",
                              "Date of the latest credit report (justifies a discretionary limit)"),
    "Debtors.security": ("Garanties : réserve de propriété, caution… (séparées par « ; »)", "Securities: retention of title, guarantee ... (separated by ';')"),
    "Debtors.insolvency_date": ("Date du jugement d'ouverture d'une procédure collective", "Date of the insolvency judgment"),
    "Debtors.do_not_remind": ("Ne jamais relancer ce client", "Never remind this customer"),
    "Debtors.excluded": ("Hors police : filiale, organisme public, paiement comptant", "Outside the policy: affiliate, public body, cash sales"),
    "Debtors.procedure": ("Procédure collective : sauvegarde, redressement ou liquidation (vide = liquidation, la lecture la plus prudente)",
                          "Insolvency proceedings: safeguard, reorganisation or liquidation (blank = liquidation, the safest reading)"),
    "Debtors.publication_date": ("Date de publication du jugement au BODACC : le délai de déclaration de créance (2 mois) en part",
                                 "Date the judgment was published in the BODACC: the 2 months to file the proof of claim run from it"),
    "Debtors.legal_terms_days": ("Délai légal propre à ce client, en jours (secteur à délai dérogatoire) ; vide = celui de la feuille Policy",
                                 "Lawful payment term for this client, in days (a sector with its own term); blank = the Policy's"),
    "Extensions.invoice_id": ("Facture dont l'échéance est reportée", "Invoice whose due date is extended"),
    "Extensions.debtor_id": ("Code du client ; vide = celui de la facture", "Customer code; blank = the invoice's"),
    "Extensions.agreed_date": ("Date où le report a été accordé au client", "Date the extension was agreed with the client"),
    "Extensions.new_due_date": ("Nouvelle échéance (une ligne par échéance d'un plan de règlement)",
                                "New due date (one row per instalment of a payment plan)"),
    "Extensions.amount": ("Montant dû à cette échéance ; vide = le solde de la facture", "Amount due on this date; blank = the invoice's balance"),
    "Extensions.approval_date": ("Date de l'accord de l'assureur, s'il faut l'obtenir (au-delà du délai maximum de prorogation)",
                                 "Date the insurer approved it, when needed (beyond the maximum extension period)"),
    "Extensions.reference": ("Référence de l'accord de l'assureur", "The insurer's reference for the approval"),
    "Extensions.note": ("Commentaire", "Note"),
    "Claims.debtor_id": ("Code du client en sinistre", "Customer code of the claim"),
    "Claims.date": ("Date de l'événement", "Date of the event"),
    "Claims.event": ("Étape du sinistre : déclaré, accepté, refusé, indemnisé, récupération…",
                     "Claim step: filed, accepted, refused, paid, recovery ..."),
    "Claims.amount": ("Montant de l'étape (indemnité versée, récupération…)", "Amount of the step (indemnity paid, recovery ...)"),
    "Claims.reference": ("Numéro de sinistre chez l'assureur", "The insurer's claim number"),
    "Claims.note": ("Commentaire", "Note"),
    "Invoices.invoice_id": ("Numéro de facture ou d'avoir, unique", "Invoice or credit note number, unique"),
    "Invoices.debtor_id": ("Code du client facturé", "Customer code"), "Invoices.invoice_date": ("Date de la facture", "Invoice date"),
    "Invoices.due_date": ("Date d'échéance", "Due date"), "Invoices.amount": ("Montant TTC (négatif pour un avoir)", "Amount incl. VAT (negative for a credit note)"),
    "Invoices.amount_excl_vat": ("Montant HT (déclaration de chiffre d'affaires)", "Amount excl. VAT (turnover declaration)"),
    "Invoices.currency": ("Devise de la facture ; vide = celle de la police", "Invoice currency; blank = the policy's"),
    "Invoices.document_type": ("Facture ou avoir ; vide = selon le signe du montant", "Invoice or credit note; blank = by the amount's sign"),
    "Invoices.credited_invoice_id": ("Facture corrigée par l'avoir", "Invoice the credit note corrects"),
    "Invoices.delivery_date": ("Date de livraison ; vide = date de facture", "Delivery date; blank = invoice date"),
    "Invoices.disputed": ("Facture en litige", "Invoice in dispute"),
    "Invoices.paid_date": ("Date du règlement complet, sans feuille Payments", "Date fully paid, when there is no Payments sheet"),
    "Payments.payment_id": ("Référence du règlement", "Payment reference"), "Payments.debtor_id": ("Code du client payeur", "Paying customer's code"),
    "Payments.date": ("Date du règlement", "Payment date"), "Payments.amount": ("Montant reçu", "Amount received"),
    "Payments.invoice_id": ("Facture réglée ; vide = la plus ancienne", "Invoice settled; blank = the oldest one"),
    "Payments.currency": ("Devise du règlement ; vide = celle de la police", "Payment currency; blank = the policy's"),
    "Orders.order_id": ("Numéro de commande", "Order number"), "Orders.debtor_id": ("Code du client", "Customer code"),
    "Orders.amount": ("Montant TTC restant à facturer", "Amount incl. VAT still to invoice"),
    "Orders.ship_date": ("Date d'expédition prévue", "Planned ship date"), "Orders.currency": ("Devise ; vide = celle de la police", "Currency; blank = the policy's"),
    "Limits.debtor_id": ("Code du client", "Customer code"), "Limits.decision_date": ("Date de la décision de l'assureur", "Date of the insurer's decision"),
    "Limits.effective_date": ("Date d'effet ; vide = décision + délai de préavis", "Effective date; blank = decision + notice period"),
    "Limits.expiry_date": ("Date d'expiration d'une limite temporaire", "Expiry date of a temporary limit"),
    "Limits.amount": ("Montant de la limite", "Limit amount"), "Limits.limit_type": ("Type de limite", "Limit type"),
    "Limits.decision": ("Décision de l'assureur", "The insurer's decision"), "Limits.insurer_ref": ("Référence de la décision", "Decision reference"),
    "Grades.debtor_id": ("Code du client", "Customer code"), "Grades.date": ("Date de la note", "Grade date"),
    "Grades.insurer_grade": ("Note attribuée", "Grade given"), "Grades.grade_scale": ("Échelle de la note", "Scale of the grade"),
    "Financials.debtor_id": ("Code du client", "Customer code"), "Financials.fiscal_year_end": ("Date de clôture de l'exercice", "Fiscal year end"),
    "Financials.total_assets": ("Total du bilan", "Total assets"), "Financials.current_assets": ("Actif circulant", "Current assets"),
    "Financials.current_liabilities": ("Dettes à moins d'un an", "Current liabilities"),
    "Financials.total_liabilities": ("Total des dettes, hors capitaux propres", "Total debts, equity excluded"),
    "Financials.equity": ("Capitaux propres", "Equity"), "Financials.permanent_capital": ("Capitaux permanents", "Permanent capital"),
    "Financials.retained_earnings": ("Réserves et report à nouveau", "Retained earnings"),
    "Financials.ebit": ("Résultat d'exploitation", "Operating profit (EBIT)"), "Financials.ebitda": ("Excédent brut d'exploitation", "EBITDA"),
    "Financials.revenue": ("Chiffre d'affaires", "Revenue"), "Financials.financial_charges": ("Charges financières", "Financial charges"),
    "Financials.staff_costs": ("Charges de personnel", "Staff costs"), "Financials.value_added": ("Valeur ajoutée", "Value added"),
    "Financials.cash": ("Disponibilités", "Cash"), "Financials.receivables": ("Créances clients", "Trade receivables"),
    "Actions.debtor_id": ("Code du client relancé", "Customer code"), "Actions.invoice_id": ("Facture relancée ; vide = tout le compte", "Invoice reminded; blank = the whole account"),
    "Actions.date": ("Date de la relance", "Date of the action"), "Actions.action": ("Relance faite (lettre, appel, mise en demeure…)", "What was done (letter, call, formal notice ...)"),
    "Actions.note": ("Commentaire", "Note"),
    "Register.declaration_id": ("Identifiant de la feuille Declarations", "Id from the Declarations sheet"),
    "Register.type": ("Type de déclaration", "Declaration type"), "Register.debtor_id": ("Code du client", "Customer code"),
    "Register.period": ("Période (déclaration de chiffre d'affaires)", "Period (turnover declaration)"),
    "Register.status": ("Statut de la déclaration", "Declaration status"), "Register.sent_date": ("Date d'envoi", "Date sent"),
    "Register.reference": ("Référence donnée par l'assureur", "The insurer's reference"), "Register.note": ("Commentaire", "Note"),
    "Rates.date": ("Début du semestre", "Semester start"), "Rates.ecb_mro_rate": ("Taux de refinancement de la BCE, en %", "ECB main refinancing rate, in %"),
    "Rates.legal_rate": ("Taux d'intérêt légal des professionnels, en %", "Legal interest rate for professionals, in %"),
    "FX.currency": ("Devise (ISO 4217)", "Currency (ISO 4217)"), "FX.date": ("Date du cours", "Rate date"),
    "FX.rate": ("Unités de la devise de la police pour une unité", "Policy currency per unit"),
    "Scoring.parameter": ("Paramètre du score", "Score parameter"), "Scoring.value": ("Valeur", "Value"), "Scoring.description": ("Description", "Description"),
    "Dunning plan.level": ("Numéro du niveau", "Level number"), "Dunning plan.name": ("Nom de la relance", "Name of the step"),
    "Dunning plan.days_after_due": ("Jours après l'échéance", "Days after the due date"), "Dunning plan.channel": ("Canal", "Channel"),
    "Dunning plan.template": ("Modèle de lettre", "Letter template"), "Dunning plan.min_amount": ("Montant minimum relancé", "Smallest amount reminded"),
    "Dunning plan.days_to_pay": ("Délai de paiement accordé (jours)", "Days given to pay"), "Dunning plan.allow_skip": ("Niveau pouvant être sauté", "Level may be skipped"),
    "PD.grade": ("Classe de score", "Score grade"), "PD.pd": ("Probabilité de défaut à un an", "One-year probability of default"),
    "PD.description": ("Source de la valeur", "Where the figure comes from"),
    "Policy variants.variant": ("Nom de la formule", "Name of the terms"), "Policy variants.quotite": ("Quotité garantie", "Insured share"),
    "Policy variants.quotite_non_named": ("Quotité du non-dénommé", "Insured share of non-named cover"),
    "Policy variants.deductible": ("Franchise par sinistre", "Deductible per claim"), "Policy variants.premium_rate": ("Taux de prime", "Premium rate"),
    "Policy variants.minimum_premium": ("Prime minimum annuelle", "Minimum premium a year"),
    "Policy variants.non_named_threshold": ("Seuil de non-dénommé", "Non-named threshold"), "Policy variants.description": ("Description", "Description"),
})
_section("example", {
    "debtor_id": ("C001", "C001"), "name": ("Dupont Industrie SAS", "Dupont Industrie SAS"), "country": ("FR", "FR"),
    "registration_id": ("732 829 320", "732 829 320"), "insurer_ref": ("89678857", "89678857"),
    "address": ("12 rue de l'Industrie ; 69007 Lyon", "12 rue de l'Industrie; 69007 Lyon"), "sector": ("Mécanique", "Machining"),
    "group": ("Groupe Berthier", "Groupe Berthier"), "payment_terms_days": ("60", "60"), "insurer_grade": ("4", "4"),
    "grade_scale": ("Allianz Trade", "Allianz Trade"), "security": ("Réserve de propriété", "Retention of title"),
    "invoice_id": ("FA26-00123", "FA26-00123"), "amount": ("1 234,56", "1,234.56"), "amount_excl_vat": ("1 028,80", "1,028.80"),
    "currency": ("EUR", "EUR"), "document_type": ("Facture", "Invoice"), "credited_invoice_id": ("FA26-00098", "FA26-00098"),
    "payment_id": ("VIR-2026-0456", "VIR-2026-0456"), "order_id": ("CDE-2026-0077", "CDE-2026-0077"),
    "limit_type": ("Agrément nommé", "Named limit"), "decision": ("accordée", "granted"),
    "action": ("Relance 1", "Reminder 1"), "note": ("Paiement promis", "Payment promised"),
    "declaration_id": ("overdue_notice:C013:2026-08-15", "overdue_notice:C013:2026-08-15"),
    "type": ("Menace de sinistre", "Overdue notice"), "period": ("2026-Q3", "2026-Q3"), "status": ("Envoyée", "Sent"),
    "reference": ("AT-MS-2026-04417", "AT-MS-2026-04417"), "ecb_mro_rate": ("2,15", "2.15"), "legal_rate": ("3,00", "3.00"),
    "rate": ("0,87", "0.87"), "parameter": ("weight_behaviour", "weight_behaviour"), "value": ("0,40", "0.40"),
    "description": ("Poids du comportement de paiement", "Weight of payment behaviour"), "level": ("1", "1"),
    "days_after_due": ("5", "5"), "channel": ("E-mail", "Email"), "template": ("Lettre de relance", "Reminder letter"),
    "min_amount": ("50", "50"), "days_to_pay": ("10", "10"), "grade": ("B", "B"), "pd": ("1,00 %", "1.00%"),
    "variant": ("Quotité 95 %", "95% insured share"), "quotite": ("95 %", "95%"), "deductible": ("5 000", "5,000"),
    "premium_rate": ("0,25 %", "0.25%"), "minimum_premium": ("3 000", "3,000"), "non_named_threshold": ("10 000", "10,000"),
    "kind.date": ("15/03/2026", "2026-03-15"), "kind.amount": ("125 000,00", "125,000.00"), "kind.bool": ("oui", "yes"),
    "kind.int": ("30", "30"), "kind.text": ("", ""),
})
# The shipped rows of the parameter sheets: their descriptions, and the example policy variants.
_section("scoring_param", {
    "weight_behaviour": ("Poids du comportement de paiement (retard récent sur 12 mois)", "Weight of payment behaviour (recent days late over 12 months)"),
    "weight_usage": ("Poids de l'utilisation de la limite de l'assureur (encours / limite)", "Weight of insurer limit usage (exposure / limit)"),
    "weight_grade": ("Poids de la note de l'assureur (Allianz Trade, DRA Coface, Banque de France)",
                     "Weight of the insurer grade (Allianz Trade, Coface DRA, Banque de France)"),
    "weight_financials": ("Poids des bilans (Z'' d'Altman, Conan-Holder)", "Weight of the financial statements (Altman Z'', Conan-Holder)"),
    "behaviour_half_life_days": ("Jours après l'échéance au bout desquels une facture compte moitié moins dans le retard récent",
                                 "Days after its due date at which an invoice counts half as much in the recent days late"),
    "equity_share_A": ("Part des capitaux propres qu'un client de classe A peut devoir (limite recommandée)",
                       "Share of equity a grade A debtor may owe (recommended limit)"),
    "equity_share_B": ("Part des capitaux propres qu'un client de classe B peut devoir", "Share of equity a grade B debtor may owe"),
    "equity_share_C": ("Part des capitaux propres qu'un client de classe C peut devoir", "Share of equity a grade C debtor may owe"),
    "equity_share_D": ("Part des capitaux propres qu'un client de classe D peut devoir", "Share of equity a grade D debtor may owe"),
    "equity_share_E": ("Part des capitaux propres qu'un client de classe E peut devoir", "Share of equity a grade E debtor may owe"),
})
_section("pd_note", {
    "A": ("Environ BBB (S&P environ 0,15 %) plus une marge PME", "About BBB (S&P about 0.15 %) plus an SME margin"),
    "B": ("Environ BB (S&P 0,6 %) ; les entreprises françaises défaillent à environ 1 % par an", "About BB (S&P 0.6 %); French firms fail about 1 % a year"),
    "C": ("Environ B (S&P environ 3 %)", "About B (S&P about 3 %)"),
    "D": ("Entre B- et CCC : retards chroniques, comptes fragiles", "Between B- and CCC: chronic late payers, weak accounts"),
    "E": ("Environ CCC/C (S&P environ 26 %), moins les simples retards", "About CCC/C (S&P about 26 %), less the merely late"),
    "not_scored": ("Pas de données pour noter (nouveaux comptes) : comme la classe C", "No data to score (new accounts): as grade C"),
})
_section("variant", {
    "0.name": ("Quotité 95 %", "Higher quotite"), "0.description": ("Quotité de 95 %, taux plus élevé", "95 % insured share, higher rate"),
    "1.name": ("Franchise 5 000", "Deductible 5,000"), "1.description": ("5 000 conservés par sinistre, taux plus bas", "5,000 per claim kept, lower rate"),
    "2.name": ("Non-dénommé réduit", "Lower non-named"),
    "2.description": ("Seuil de non-dénommé divisé par deux, quotité 50 %", "Non-named threshold halved, 50 % insured"),
})

# --- the demo workbook's own words (addin/build/demo.py): a French distributor's data -------------
_section("demo.sector", {
    "Aerospace": ("Aéronautique", "Aerospace"), "Aluminium joinery": ("Menuiserie aluminium", "Aluminium joinery"),
    "Automation": ("Automatisme", "Automation"), "Boilermaking": ("Chaudronnerie", "Boilermaking"), "Cement": ("Cimenterie", "Cement"),
    "Conveyors": ("Convoyeurs", "Conveyors"), "Dairy": ("Laiterie", "Dairy"), "Distribution": ("Distribution", "Distribution"),
    "Distribution (affiliate)": ("Distribution (filiale)", "Distribution (affiliate)"), "Drive technology": ("Transmissions", "Drive technology"),
    "Electrical contracting": ("Installation électrique", "Electrical contracting"),
    "Electrical wholesale": ("Négoce de matériel électrique", "Electrical wholesale"), "Engineering": ("Ingénierie", "Engineering"),
    "Fasteners": ("Visserie", "Fasteners"), "Fluid power": ("Oléohydraulique", "Fluid power"), "Food processing": ("Agroalimentaire", "Food processing"),
    "Forging": ("Forge", "Forging"), "Foundry": ("Fonderie", "Foundry"), "HVAC services": ("Génie climatique", "HVAC services"),
    "Hydraulics": ("Hydraulique", "Hydraulics"), "Industrial building": ("Bâtiment industriel", "Industrial building"),
    "Industrial equipment": ("Équipement industriel", "Industrial equipment"), "Industrial maintenance": ("Maintenance industrielle", "Industrial maintenance"),
    "Industrial services": ("Services industriels", "Industrial services"), "Industrial supplies": ("Fournitures industrielles", "Industrial supplies"),
    "Joinery": ("Menuiserie", "Joinery"), "Lifting equipment": ("Levage", "Lifting equipment"), "Lifts": ("Ascenseurs", "Lifts"),
    "Logistics": ("Logistique", "Logistics"), "Machine building": ("Construction de machines", "Machine building"),
    "Machinery": ("Machines", "Machinery"), "Machining": ("Usinage", "Machining"), "Metal processing": ("Transformation des métaux", "Metal processing"),
    "Metalwork": ("Métallerie", "Metalwork"), "Packaging": ("Emballage", "Packaging"), "Paper mills": ("Papeterie", "Paper mills"),
    "Plastics": ("Plasturgie", "Plastics"), "Pneumatics": ("Pneumatique", "Pneumatics"), "Precision parts": ("Pièces de précision", "Precision parts"),
    "Printing": ("Imprimerie", "Printing"), "Public hospital": ("Hôpital public", "Public hospital"), "Quarrying": ("Carrières", "Quarrying"),
    "Refrigerated transport": ("Transport frigorifique", "Refrigerated transport"), "Robotics": ("Robotique", "Robotics"),
    "Sawmill": ("Scierie", "Sawmill"), "Technical textiles": ("Textiles techniques", "Technical textiles"), "Tools": ("Outillage", "Tools"),
    "Truck repair": ("Réparation poids lourds", "Truck repair"), "Valves": ("Robinetterie", "Valves"), "Welding": ("Soudure", "Welding"),
    "Workshops": ("Ateliers", "Workshops"),
})
_section("demo", {
    "security.title": ("Réserve de propriété", "Retention of title"), "security.guarantee": ("Caution bancaire 5 000", "Bank guarantee 5,000"),
    "security.credit": ("Lettre de crédit", "Letter of credit"),
    "action.reminder1": ("Relance 1", "Reminder letter 1"), "action.reminder2": ("Relance 2", "Reminder letter 2"),
    "action.phone": ("Relance téléphonique", "Phone call"), "action.notice": ("Mise en demeure", "Formal notice"),
    "note.promised": ("Paiement promis, non reçu", "Promised payment, not received"),
    "note.registered": ("Mise en demeure, lettre recommandée", "Formal notice, registered letter"),
    "note.disputed": ("Le client conteste la livraison (marchandise abîmée)", "Customer disputes the delivery (damaged goods)"),
    "functions_title": ("Fonctions de feuille de calcul du complément Assurance-crédit (Excel Windows, complément chargé)",
                        "Worksheet functions of the Credit insurance add-in (Windows Excel, add-in loaded)"),
    "as_of": ("date d'analyse (as_of de la Policy)", "as of (Policy as_of)"),
    "signatory_title": ("Responsable crédit clients", "Credit manager"),
    "prospect_sector": ("Menuiserie", "Joinery"),
    "public_sector": ("Secteur public", "Public sector"),
    "extension_note": ("Le client a demandé six semaines de plus", "Customer asked for six more weeks"),
    "plan_note": ("Échéancier, {k} sur 3", "Payment plan, {k} of 3"),
    "plan_last_note": ("Échéancier, 3 sur 3 : au-delà de la prorogation, demander l'accord de l'assureur",
                       "Payment plan, 3 of 3: beyond the MEP, ask the insurer"),
})
_section("functions_sheet", {
    "example_title": ("{function} : {shows}", "{function}: {shows}"),
    "CREDIT_NOTIFY_BY": ("dernier jour pour déclarer une facture échue le 31/07/2026", "last day to notify an invoice due 31/07/2026"),
    "CREDIT_LATE_INTEREST": ("pénalités de retard françaises : 318,85", "French late interest: 318.85"),
    "CREDIT_RECOMMENDED_LIMIT": ("min(besoin 72 000, 15 % des capitaux propres) = 15 000", "min(needs 72,000, 15% of equity) = 15,000"),
    "CREDIT_PREMIUM": ("taux x chiffre d'affaires assuré, minimum 3 000", "rate x insured turnover, minimum 3,000"),
    "CREDIT_PROOF_OF_CLAIM_BY": ("déclaration de créance 2 mois après le jugement", "proof of claim 2 months after the judgment"),
    "CREDIT_FX_CONVERT": ("1 000 USD en EUR au cours de la table FX à la date d'analyse (0,87) : 870,00",
                          "1,000 USD in EUR at the FX table's rate on the as-of date (0.87): 870.00"),
    "CREDIT_SCORE": ("score du client C001", "score of client C001"),
    "CREDIT_AGING": ("balance âgée par client", "aged balance per client"), "CREDIT_EXPOSURE": ("encours par client", "exposure per client"),
    "CREDIT_COVER": ("encours et garantie de l'assureur", "exposure against the insurer's cover"),
    "CREDIT_BREACHES": ("ce qui fait perdre la garantie", "what voids the cover"), "CREDIT_SCORES": ("scores et classes", "scores and grades"),
    "CREDIT_DEADLINES": ("échéances de l'assureur par facture échue", "insurer deadlines per overdue invoice"),
    "CREDIT_NEXT_ACTION": ("prochaine relance par client", "next reminder per client"),
    "CREDIT_EXPECTED_LOSS": ("perte attendue par classe", "expected loss by grade"),
    "CREDIT_CONCENTRATION": ("part des 10 premiers et indice de Herfindahl", "top-10 share and Herfindahl index"),
    "CREDIT_GROUPS": ("encours et garantie par groupe", "exposure and cover per group"),
    "CREDIT_INSOLVENCY": ("procédures collectives : avis et déclaration de créance", "insolvency proceedings: notice and proof of claim"),
    "CREDIT_LEGAL_DUE_BY": ("échéance légale maximale d'une facture du 15/02/2026", "latest lawful due date of an invoice of 15/02/2026"),
    "CREDIT_MAX_LIABILITY_HEADROOM": ("ce que l'assureur peut encore payer cette année", "what the insurer may still pay this year"),
    "CREDIT_CLAIM_INDEMNITY": ("indemnité attendue sur le sinistre de C018", "indemnity expected on C018's claim"),
    "CREDIT_INDEMNITIES": ("sinistres : indemnité attendue, récupérations, TVA", "claims: expected indemnity, recoveries, VAT"),
    "CREDIT_LEGAL_TERMS": ("factures au-delà des délais de paiement légaux", "invoices beyond the legal payment terms"),
    "CREDIT_IDLE_LIMITS": ("limites inutilisées et frais économisés", "idle limits and the fee saved"),
})
_section("column", {
    "risk_class": ("Classe de risque", "Risk class"), "debtors": ("Clients", "Clients"), "loss": ("Perte si défaut", "Loss at default"),
    "expected_loss": ("Perte attendue", "Expected loss"), "expected_indemnity": ("Indemnité attendue", "Expected indemnity"),
    "unused_limit": ("Limite disponible", "Unused limit"),
})
_section("column", {  # the further policy terms (issue 24) and the data quality (issue 19)
    "contract_due_date": ("Échéance d'origine", "Contract due date"), "instalment": ("Échéance n°", "Instalment"),
    "extension": ("Prorogation", "Extension"), "procedure": ("Procédure", "Procedure"),
    "publication_date": ("Date de publication BODACC", "BODACC publication date"),
    "claimed": ("Montant réclamé", "Amount claimed"), "indemnity_paid": ("Indemnité reçue", "Indemnity received"),
    "recovered": ("Récupéré", "Recovered"),
    "recoveries_to_insurer": ("Récupérations à reverser à l'assureur", "Recoveries owed to the insurer"),
    "recoverable_vat": ("TVA récupérable", "Recoverable VAT"), "filed_date": ("Sinistre déclaré le", "Claim filed on"),
    "accepted": ("Indemnité accordée", "Indemnity accepted"),
    "vat_recoverable_from": ("TVA récupérable à partir du", "VAT recoverable from"),
    "legal_due_by": ("Échéance légale maximale", "Latest lawful due date"),
    "days_beyond": ("Jours au-delà du délai légal", "Days beyond the legal term"),
    "last_invoice_date": ("Dernière facture", "Last invoice"), "months_without_sales": ("Mois sans vente", "Months without sales"),
    "fee_saved": ("Frais économisés", "Fee saved"),
    "ineligible_delivered_before_cover": ("Non éligible : livré avant la garantie", "Not eligible: delivered before cover"),
    "ineligible_delivered_after_mep": ("Non éligible : livré après une fin de prorogation impayée",
                                       "Not eligible: delivered after an unpaid extension end"),
    "on_debtors_sheet": ("Sur la feuille Debtors", "On the Debtors sheet"), "cover_from": ("Garantie depuis le", "Covered since"),
    "rows_read": ("Lignes lues", "Rows read"), "rows_repaired": ("Lignes corrigées", "Rows repaired"),
    "rows_left_out": ("Lignes écartées", "Rows left out"), "amount_left_out": ("Montant écarté", "Amount left out"),
})
_section("missing", {
    "policy_number": ("numéro de police", "policy number"), "sender": ("expéditeur (raison sociale et adresse)", "sender (name and address)"),
    "debtor_identifier": ("identifiant du client (SIREN, TVA ou référence assureur)", "debtor identifier (SIREN, VAT or insurer reference)"),
    "and": ("{first}, {second}", "{first}, {second}"),
    "issue": ("{reference} : lettre rédigée mais incomplète, il manque : {fields}", "{reference}: letter drafted but incomplete, missing: {fields}"),
})

# --- the ribbon (addin/excel/ribbon.py): labels and screentips, chosen in VBA by Excel's interface
# language (addin/excel/xlam.py); the tab, its groups, its buttons ---------------------------------
_section("ribbon", {
    "tab": ("Assurance-crédit", "Credit insurance"),
    "group.analysis": ("Analyse", "Analysis"), "group.recovery": ("Recouvrement", "Recovery"),
    "group.insurer": ("Assureur", "Insurer"), "group.workbook": ("Classeur", "Workbook"),
    "credit_scores": ("Noter les clients", "Score clients"), "credit_limits": ("Contrôler les limites", "Check limits"),
    "credit_portfolio": ("Rapport portefeuille", "Portfolio report"), "credit_reminders": ("Relances", "Reminders"),
    "credit_mark_reminded": ("Marquer relance envoyée", "Mark reminder sent"), "credit_deadlines": ("Échéances assureur", "Deadlines"),
    "credit_declarations": ("Préparer les déclarations", "Draft declarations"), "credit_mark_sent": ("Marquer envoyée", "Mark as sent"),
    "credit_turnover": ("Déclaration de CA", "Turnover declaration"), "credit_penalties": ("Pénalités de retard", "Late penalties"),
    "credit_groups": ("Groupes et procédures", "Groups & insolvency"), "credit_import_fec": ("Importer le FEC", "Import FEC"),
    "credit_validate": ("Vérifier le classeur", "Validate workbook"), "credit_refresh": ("Tout actualiser", "Refresh all"),
    "credit_template": ("Ouvrir le modèle", "Open template"), "credit_help": ("Aide", "Help"),
    "credit_claims_terms": ("Sinistres et conditions", "Claims & terms"),
    "credit_record_extension": ("Enregistrer une prorogation", "Record extension"),
    "credit_record_claim": ("Enregistrer un événement de sinistre", "Record claim event"),
    "no_workbook": ("Ouvrez d'abord votre classeur de créances, ou cliquez sur Ouvrir le modèle.",
                    "Open your receivables workbook first, or click Open template."),
})
_section("ribbon_tip", {
    "credit_scores": ("Note chaque client de 0 à 100 et le classe de A à E", "Score every client 0-100 and grade A-E"),
    "credit_limits": ("L'encours face aux limites de l'assureur, et ce qui fait perdre la garantie",
                      "Exposure against the insurer's limits, and what voids the cover"),
    "credit_portfolio": ("Concentration, perte attendue, prime et indemnisation, procédure de crédit, pour l'assureur",
                         "Concentration, expected loss, premium against indemnity and the credit policy, for the insurer"),
    "credit_reminders": ("Prochaine relance par client ; relances et mises en demeure dues rédigées en lettres",
                         "Next dunning action per client; reminders and formal notices due drafted as letters"),
    "credit_mark_reminded": ("Enregistre la relance sélectionnée comme envoyée dans Actions", "Record the selected reminder as sent in Actions"),
    "credit_deadlines": ("Dates limites de menace de sinistre et de contentieux par facture", "Overdue notification and collection deadlines per invoice"),
    "credit_declarations": ("Menaces de sinistre et demandes contentieuses à envoyer", "Overdue notifications and collection requests due"),
    "credit_mark_sent": ("Enregistre la déclaration sélectionnée comme envoyée dans le Register", "Record the selected declaration as sent in the Register"),
    "credit_turnover": ("Chiffre d'affaires assuré et prime par période", "Insured turnover and premium per period"),
    "credit_penalties": ("Pénalités de retard et indemnité forfaitaire de 40 EUR", "Late interest and the 40 EUR recovery indemnity"),
    "credit_groups": ("Encours par groupe, échéances des procédures collectives et déclarations de créance",
                      "Exposure per debtor group, insolvency deadlines and proofs of claim"),
    "credit_import_fec": ("Remplit Debtors, Invoices et Payments depuis l'export comptable (FEC)",
                          "Fill Debtors, Invoices and Payments from the accounting export (FEC)"),
    "credit_validate": ("Liste les anomalies des feuilles à remplir", "List the problems in the input sheets"),
    "credit_claims_terms": ("Sinistres après transmission, factures au-delà des délais légaux, limites inutilisées",
                            "Claims after the hand-over, invoices beyond the legal payment terms, idle limits"),
    "credit_record_extension": ("Enregistre une prorogation de la facture sélectionnée dans Extensions",
                                "Record an extension of the selected invoice in Extensions"),
    "credit_record_claim": ("Enregistre l'étape suivante du sinistre du client sélectionné dans Claims",
                            "Record the next event of the selected client's claim in Claims"),
    "credit_refresh": ("Recalcule toutes les feuilles de résultats", "Recompute every result sheet"),
    "credit_template": ("Ouvre le modèle vide et documenté", "Open the empty, documented template workbook"),
    "credit_help": ("Comment utiliser le complément", "How to use the add-in"),
})
_section("list", {"and": ("{first}, {second}", "{first}, {second}")})
# Input columns whose header on their own sheet says more than the column's label.
_section("column.Invoices", {"amount": ("Montant TTC", "Amount incl. VAT")})
_section("column.Limits", {"amount": ("Montant de la limite", "Limit amount")})
_section("column.Debtors", {"name": ("Raison sociale", "Company name")})
_section("column.FX", {"rate": ("Cours", "Exchange rate")})

# --- the ribbon macros' messages (addin/excel/macros.py) -----------------------------------------
_section("macro", {
    "drafted": ("{count} déclaration(s) à envoyer ; lettres dans {folder}", "{count} declaration(s) to send; letters in {folder}"),
    "report": ("Rapport de portefeuille écrit dans {path}", "Portfolio report written to {path}"),
    "groups": ("{groups} groupe(s), {insolvent} client(s) en procédure collective : voir les feuilles Groups et Insolvency",
               "{groups} group(s), {insolvent} debtor(s) in insolvency proceedings: see the Groups and Insolvency sheets"),
    "reminders": ("{count} relance(s) à faire, {letters} lettre(s) dans {folder} ; marquez chacune envoyée avec Marquer relance envoyée",
                  "{count} reminder action(s) due, {letters} letter(s) in {folder}; mark each one sent with Mark reminder sent"),
    "reminders_to_print": ("{count} relance(s) à faire, {letters} lettre(s) dans {folder}, toutes dans {batch} pour les imprimer "
                           "d'un coup ; marquez chacune envoyée avec Marquer relance envoyée",
                           "{count} reminder action(s) due, {letters} letter(s) in {folder}, all in {batch} to print at once; "
                           "mark each one sent with Mark reminder sent"),
    "reminded": ("{id} enregistrée comme envoyée dans Actions ({count} facture(s))", "{id} recorded as sent in Actions ({count} invoice(s))"),
    "problems": ("{count} anomalie(s) : voir la feuille Issues", "{count} problem(s) found: see the Issues sheet"),
    "no_problem": ("Aucune anomalie dans les feuilles à remplir", "No problem found in the input sheets"),
    "select_declaration": ("sélectionnez d'abord un identifiant de déclaration dans la feuille Declarations",
                           "select a declaration id in the Declarations sheet first"),
    "marked": ("{id} enregistrée comme envoyée dans le Register", "{id} recorded as sent in the Register"),
    "claims_and_terms": ("{claims} sinistre(s) à suivre, {invoices} facture(s) au-delà des délais de paiement légaux, {idle} limite(s) inutilisée(s)",
                         "{claims} claim(s) to follow, {invoices} invoice(s) beyond the legal payment terms, {idle} idle limit(s)"),
    "extended": ("{invoice} prorogée au {date} dans la feuille Extensions", "{invoice} extended to {date} in Extensions"),
    "claim_event": ("Sinistre de {debtor} : {event} {amount} enregistré dans la feuille Claims",
                    "Claim of {debtor}: {event} {amount} recorded in Claims"),
    "select_invoice": ("sélectionnez d'abord un numéro de facture dans la feuille Deadlines ou Invoices",
                       "select an invoice id in the Deadlines or Invoices sheet first"),
    "select_client": ("sélectionnez d'abord un code client dans la feuille Indemnities",
                      "select a client id in the Indemnities sheet first"),
    "help": ("Complément assurance-crédit\n\nRemplissez les feuilles (Policy, Debtors, Invoices, Payments, Limits…) ou partez du "
             "modèle, puis utilisez les boutons : chacun recalcule ses feuilles de résultats ; Tout actualiser recalcule tout.\n"
             "Les anomalies des feuilles sont listées dans la feuille Issues avec leur ligne et leur colonne.\n"
             "Documentation : README.md et docs/excel.md du complément.",
             "Credit insurance add-in\n\nFill the input sheets (Policy, Debtors, Invoices, Payments, Limits ...) or start from "
             "the template, then use the buttons: each one recomputes its result sheets; Refresh all recomputes everything.\n"
             "Problems in the input sheets are listed in the Issues sheet with their row and column.\n"
             "Documentation: README.md and docs/excel.md of the add-in."),
    "fec_title": ("Fichier FEC (Fichier des Écritures Comptables)", "FEC file (Fichier des Écritures Comptables)"),
    "fec_cancelled": ("Import annulé ; en ligne de commande : credit-addin import-fec FEC.txt --out creances.xlsx",
                      "Import cancelled; headless, use: credit-addin import-fec FEC.txt --out receivables.xlsx"),
    "fec_filled": ("{sheets} contiennent déjà des données : importez le FEC dans le modèle (Ouvrir le modèle) ou un classeur vide",
                   "{sheets} already hold data: import the FEC into the template (Open template) or an empty workbook"),
    "fec_done": ("{name} : {debtors} clients, {invoices} factures et avoirs, {payments} lignes de règlement importés ; {issues} anomalie(s)",
                 "{name}: {debtors} clients, {invoices} invoices and credit notes, {payments} payment rows imported; {issues} issue(s)"),
})

# --- xlwings Lite (addin/lite) ---------------------------------------------------------------------
_section("lite", {
    "too_large": ("Ce classeur compte {cells} cellules : xlwings Lite (Python dans Excel, 2 Go de mémoire) en traite au plus "
                  "{limit}. Utilisez le complément Excel de bureau (credit-addin install) ou la ligne de commande "
                  "(credit-addin run CLASSEUR.xlsx).",
                  "This workbook has {cells} cells: xlwings Lite (Python inside Excel, 2 GB of memory) handles at most {limit}. "
                  "Use the desktop Excel add-in (credit-addin install) or the command line (credit-addin run WORKBOOK.xlsx)."),
    "no_template": ("xlwings Lite ne peut pas ouvrir un autre classeur : ouvrez template_lite.xlsx (livré avec le complément) par "
                    "Fichier > Ouvrir.", "xlwings Lite cannot open another workbook: open template_lite.xlsx (shipped with the "
                    "add-in) with File > Open."),
    "download": ("{count} document(s) dans xlwings Lite, menu « ☰ > Files > Import/Export » ({folder}) : téléchargez-les un par un "
                 "ou par « Download All ».", "{count} document(s) in xlwings Lite, menu ☰ > Files > Import/Export ({folder}): "
                 "download them one by one or with Download All."),
})

# --- refusals about the files themselves (addin/workbook, addin/imports): said by
# addin.workbook.messages.say in the system's language until the Policy sheet is read ------------
_section("file", {
    "not_found": ("{path} : fichier introuvable", "{path}: no such file"),
    "not_supported": ("{name} : les fichiers {suffix} ne sont pas lus ; enregistrez le classeur en .xlsx",
                      "{name}: {suffix} files are not supported; save the workbook as .xlsx"),
    "sheet_unreadable": ("{name} : feuille {sheet}{at} illisible : {problem}", "{name}: sheet {sheet}{at} cannot be read: {problem}"),
    "at_cell": (", cellule {cell}", ", cell {cell}"),
    "unreadable": ("{name} n'est pas un classeur .xlsx lisible : {problem}", "{name} is not a readable .xlsx workbook: {problem}"),
    "not_a_number": ("« {value} » n'est pas un nombre", "'{value}' is not a number"),
    "xml_damaged": ("le XML est endommagé ({problem}, ligne {line})", "the XML is damaged ({problem}, line {line})"),
    "busy": ("{name} est en cours de modification par une autre commande credit-addin ; réessayez quand elle aura fini",
             "{name} is being changed by another credit-addin command; try again when it has finished"),
    "open_by": (" par {who}", " by {who}"),
    "open_elsewhere": ("{name} est ouvert dans {program}{by} : fermez-le d'abord (si personne ne l'a ouvert, supprimez {marker})",
                       "{name} is open in {program}{by}: close it there first (if nobody has it open, delete {marker})"),
    "is_folder": ("{path} est un dossier : donnez un nom de fichier en .xlsx", "{path} is a folder: give a file name ending in .xlsx"),
    "not_ours": ("{name} existe déjà et n'est pas un classeur de résultats de credit-addin : choisissez un autre --out, ou "
                 "ajoutez --force pour le remplacer (une copie de sauvegarde est gardée)",
                 "{name} already exists and is not a result workbook of credit-addin: choose another --out, or add --force "
                 "to replace it (a backup is kept)"),
    "no_backup_name": ("aucun nom de sauvegarde libre à côté de {name}", "no free backup name beside {name}"),
    "strict_xml": ("{name} est enregistré au format {standard} strict, qui ne peut pas être modifié sur place : enregistrez-le "
                   "d'abord en Classeur Excel (.xlsx)",
                   "{name} is saved as Strict {standard}, which cannot be edited in place: save it as an Excel Workbook (.xlsx) first"),
    "no_mapping": ("{name} n'a pas de feuille Mapping", "{name} has no Mapping sheet"),
    "not_declaration_id": ("« {id} » n'est pas un identifiant de déclaration comme overdue_notice:C013:2026-08-15 ou "
                           "turnover:2026-Q3 (voir la feuille Declarations)",
                           "'{id}' is not a declaration id such as overdue_notice:C013:2026-08-15 or turnover:2026-Q3 "
                           "(see the Declarations sheet)"),
    "no_column": ("{name} : la feuille {sheet} n'a pas de colonne {columns}", "{name}: the {sheet} sheet has no {columns} column"),
    "read_only": ("{name} n'est ici qu'en lecture : utilisez credit-addin mark-sent CLASSEUR ID --in-place",
                  "{name} is read-only here: use credit-addin mark-sent WORKBOOK ID --in-place"),
    "no_invoices": ("{name} n'a pas de feuille Invoices : ajoutez-en une avec au moins invoice_id, debtor_id, invoice_date, "
                    "due_date et amount",
                    "{name} has no Invoices sheet: add one with at least invoice_id, debtor_id, invoice_date, due_date and amount"),
})

# --- refusals of a workbook unsafe to open (addin/workbook/safety.py): sizes in MB -----------------
_section("unsafe", {
    "part_too_big": ("{name} : la partie {part} dépasse {size:,.0f} Mo une fois décompressée (limite du classeur "
                     "{limit:,.0f} Mo) : refusé par sécurité",
                     "{name}: part {part} unpacks to more than {size:,.0f} MB (the workbook's limit is {limit:,.0f} MB): "
                     "refused as unsafe"),
    "part_bomb": ("{name} : la partie {part} est compressée plus de {ratio} fois : cela ressemble à une bombe de "
                  "décompression, refusé",
                  "{name}: part {part} is compressed more than {ratio} times: this looks like a zip bomb, refused"),
    "too_many_cells": ("{name} : les feuilles lues dépassent {limit:,} cellules (la feuille {sheet} en apporte {cells:,}) : "
                       "refusé, la lecture dépasserait la mémoire",
                       "{name}: the sheets read hold more than {limit:,} cells (sheet {sheet} brings {cells:,}): refused, "
                       "it cannot be read within memory"),
    "encrypted": ("{name} est protégé par un mot de passe (chiffré) ou au format .xls : retirez le mot de passe ou "
                  "enregistrez-le en .xlsx dans Excel",
                  "{name} is password-protected (encrypted) or an old .xls file: remove the password or save it as .xlsx in Excel"),
    "not_xlsx": ("{name} n'est pas un classeur Excel .xlsx", "{name} is not an Excel .xlsx workbook"),
    "damaged": ("{name} est un classeur endommagé ({problem})", "{name} is a damaged workbook ({problem})"),
    "ods": ("{name} est un fichier OpenDocument (.ods) : enregistrez-le en .xlsx", "{name} is an OpenDocument (.ods) file: save it as .xlsx"),
    "xlsb": ("{name} est un classeur binaire (.xlsb) : enregistrez-le en .xlsx", "{name} is a binary workbook (.xlsb): save it as .xlsx"),
    "zip_not_workbook": ("{name} est un fichier zip mais pas un classeur Excel", "{name} is a zip file but not an Excel workbook"),
    "too_many_parts": ("{name} contient {parts:,} parties (limite {limit:,}) : refusé par sécurité",
                       "{name} holds {parts:,} parts (limit {limit:,}): refused as unsafe"),
    "part_encoding": ("{name} : la partie {part} est chiffrée ou compressée d'une façon qu'Excel n'utilise pas : refusé",
                      "{name}: part {part} is encrypted or compressed in a way Excel does not use: refused"),
    "declared_bomb": ("{name} : la partie {part} est compressée {ratio:,.0f} fois (limite {limit}) : cela ressemble à une "
                      "bombe de décompression, refusé",
                      "{name}: part {part} is compressed {ratio:,.0f} times (limit {limit}): this looks like a zip bomb, refused"),
    "part_damaged": ("la partie {part} est endommagée", "part {part} is damaged"),
    "part_damaged_because": ("la partie {part} est endommagée ({problem})", "part {part} is damaged ({problem})"),
    "used_range": ("{name} : la feuille {sheet} déclare une plage utilisée {where} ({cells:,} cellules, limite {limit:,}) : "
                   "effacez ou supprimez les lignes et colonnes au-delà du tableau, puis enregistrez",
                   "{name}: sheet {sheet} declares a used range of {where} ({cells:,} cells, limit {limit:,}): clear or "
                   "delete the rows and columns beyond your table, then save"),
    "far_cell": ("{name} : feuille {sheet}, la cellule {cell} est très loin du tableau (la lire occuperait {cells:,} "
                 "cellules, limite {limit:,}) : supprimez-la ou rapprochez-la du tableau",
                 "{name}: sheet {sheet}, cell {cell} lies far outside the table (reading it would lay out {cells:,} cells, "
                 "limit {limit:,}): delete that cell or move it into the table"),
    "text_too_big": ("{name} fait {size:,.0f} Mo (limite {limit:,.0f} Mo) : découpez l'export en périodes plus courtes",
                     "{name} is {size:,.0f} MB (limit {limit:,.0f} MB): split the export into smaller periods"),
})

# --- a Policy value out of its range stops the run (addin/workbook/read.py) ------------------------
_section("policy_range", {
    "outside": ("hors de {low:g} à {high:g}", "outside {low:g} to {high:g}"),
    "below": ("inférieur à {low:g}", "below {low:g}"),
    "share_hint": (" (une part : vouliez-vous dire {meant} ?)", " (a share: did you mean {meant}?)"),
    "problem": ("{name} = {value:g} (ligne {row}) est {bounds}{hint}", "{name} = {value:g} (row {row}) is {bounds}{hint}"),
    "separator": (" ; ", "; "),
    "refused": ("Feuille Policy : {problems}. Corrigez-la puis relancez", "Policy sheet: {problems}. Correct it and run again"),
})

# --- the result workbook's limits (addin/workbook/writer.py) ---------------------------------------
_section("sheet_limit", {
    "too_many_rows": ("plus de lignes qu'une feuille Excel n'en contient ({limit:,} sous l'en-tête) : {sheets}",
                      "more rows than an Excel sheet holds ({limit:,} below the header): {sheets}"),
    "sheet_rows": ("{sheet} ({rows:,} lignes)", "{sheet} ({rows:,} rows)"),
    "other_kinds": ("autres sortes de problèmes", "other kinds of issues"),
    "more_like": ("{count:,} autre(s) problème(s) de ce type, non détaillé(s) : {kind}",
                  "{count:,} more issue(s) like this one, not listed: {kind}"),
})

# --- recording a sent reminder (addin/workbook/actions.py): in the workbook's language --------------
_section("record", {
    "no_overdue": ("le client {debtor} n'a pas de facture échue à relancer au {date}",
                   "debtor {debtor} has no overdue invoice to remind on {date}"),
    "nothing_to_record": ("aucune relance à enregistrer pour {debtor} : {reason}", "no reminder to record for {debtor}: {reason}"),
    "status_is": ("son statut est « {status} »", "its status is {status}"),
    "amicable_over": ("la phase amiable est terminée", "the amicable phase is over"),
    "level_recorded": ("le niveau {level} est déjà enregistré pour {debtor} (niveau {reached} atteint le {date})",
                       "level {level} is already recorded for {debtor} (level {reached} reached on {date})"),
    "level_skipped": ("la prochaine relance de {debtor} est le niveau {next} ({action}) ; un niveau n'est sauté que si "
                      "allow_skip du plan de relance (feuille Dunning) le permet",
                      "the next reminder of {debtor} is level {next} ({action}); levels are not skipped unless the "
                      "Dunning plan's allow_skip says so"),
    "already_sent": ("{id} est déjà enregistrée dans la feuille Actions", "{id} is already recorded in the Actions sheet"),
    "not_reminder_id": ("« {id} » n'est pas un identifiant de relance comme reminder:C046:1:2026-09-23 (voir la feuille Dunning)",
                        "'{id}' is not a reminder id such as reminder:C046:1:2026-09-23 (see the Dunning sheet)"),
})

# --- importing an ERP export (addin/imports/fec.py): said before any Policy is read ----------------
_section("import", {
    "unknown_sheet": ("feuille inconnue « {sheet} » : attendue l'une de {sheets}", "unknown sheet '{sheet}': expected one of {sheets}"),
    "unknown_columns": ("Mapping de {sheet} : colonne(s) inconnue(s) {columns} ; attendue l'une de {expected}",
                        "Mapping for {sheet}: unknown column(s) {columns}; expected one of {expected}"),
})

# --- the command line's help (addin/cli.py): in the system's language, as no workbook is read yet --
_section("cli_help", {
    "description": ("Assurance-crédit : encours, garantie, échéances de l'assureur et déclarations à partir d'un "
                    "classeur de créances clients.",
                    "Trade-credit insurance: exposure, cover, insurer deadlines and declarations from a receivables workbook."),
    "usage": ("utilisation : ", "usage: "), "positionals": ("arguments", "positional arguments"),
    "options": ("options", "options"), "help": ("affiche cette aide et s'arrête", "show this help message and exit"),
    "error": ("{prog} : erreur : {message}", "{prog}: error: {message}"),
    "bad_date": ("« {text} » n'est pas une date de la forme AAAA-MM-JJ", "'{text}' is not a date in the form YYYY-MM-DD"),
    "force": ("remplace un fichier existant que credit-addin n'a pas écrit (une copie de sauvegarde est gardée)",
              "replace an existing file that credit-addin did not write (a backup is kept)"),
    "headers": ("en-têtes des résultats : labels (lisibles, dans la langue du classeur ; par défaut : « headers » de la feuille "
                "Policy) ou ids (identifiants)",
                "result headers: labels (readable, in the workbook's language; default: Policy headers) or ids (identifiers)"),
    "as_of": ("date d'analyse AAAA-MM-JJ (par défaut : as_of de la feuille Policy, sinon aujourd'hui)",
              "analysis date YYYY-MM-DD (default: Policy as_of, else today)"),
    "run": ("calcule toutes les feuilles de résultats dans un nouveau classeur", "compute every result sheet into a new workbook"),
    "run_out": ("classeur de résultats (par défaut : <nom>.results.xlsx à côté du classeur lu)",
                "result workbook (default: <name>.results.xlsx beside the input)"),
    "in_place": ("écrit les feuilles de résultats dans CLASSEUR lui-même (après une copie de sauvegarde horodatée)",
                 "write the result sheets into WORKBOOK itself (after a timestamped backup)"),
    "validate": ("liste les anomalies des feuilles de saisie", "list the problems in the input sheets"),
    "validate_out": ("écrit aussi la feuille Issues dans ce classeur", "also write the Issues sheet to this workbook"),
    "demo": ("copie le classeur de démonstration dans ./demo.xlsx (s'il n'y est pas) et le calcule",
             "copy the demo workbook to ./demo.xlsx (unless present) and run on it"),
    "demo_language": ("la démonstration en français (par défaut) ou en anglais (copiée dans ./demo_en.xlsx)",
                      "the French demo (default) or the English one (copied to ./demo_en.xlsx)"),
    "synth": ("écrit un grand classeur synthétique pour les mesures de performance",
              "write a large synthetic workbook for benchmarks"),
    "view_out": ("écrit aussi ces feuilles de résultats (et les lettres) dans ce classeur",
                 "also write these result sheets (and letters) to this workbook"),
    "period": ("une période de déclaration, par exemple 2025-Q1 ou 2025-01", "one declaration period, e.g. 2025-Q1 or 2025-01"),
    "mark_reminded": ("enregistre une relance comme envoyée : ajoute des lignes à la feuille Actions (une par facture)",
                      "record a reminder as sent: append Actions rows (one per invoice)"),
    "debtor": ("le debtor_id du client, par exemple {example}", "the client's debtor_id, e.g. {example}"),
    "level": ("le niveau du plan de relance envoyé (next_level de la feuille Dunning)",
              "the Dunning plan level sent (the Dunning sheet's next_level)"),
    "in_place_sheet": ("obligatoire : la feuille {sheet} de CLASSEUR est modifiée (après une copie de sauvegarde horodatée)",
                       "required: the {sheet} sheet of WORKBOOK is changed (after a timestamped backup)"),
    "date_sent": ("date d'envoi (par défaut aujourd'hui)", "date sent (default today)"),
    "reminder_as_of": ("date pour laquelle la relance a été calculée (par défaut : as_of de la feuille Policy, sinon aujourd'hui)",
                       "date the reminder was computed for (default: Policy as_of, else today)"),
    "mark_sent": ("enregistre une déclaration comme envoyée : ajoute une ligne à la feuille Register",
                  "record a declaration as sent: append a Register row"),
    "declaration_id": ("identifiant de la feuille Declarations, par exemple overdue_notice:C013:2026-08-15",
                       "id from the Declarations sheet, e.g. overdue_notice:C013:2026-08-15"),
    "reference": ("la référence de l'assureur, s'il y en a une", "the insurer's reference, if any"),
    "record_extension": ("enregistre une prorogation accordée à un client : ajoute une ligne à la feuille Extensions",
                         "record an extension agreed with a client: append an Extensions row"),
    "invoice": ("l'identifiant de la facture (invoice_id), par exemple FA26-00744", "the invoice's id (invoice_id), e.g. FA26-00744"),
    "until": ("nouvelle échéance AAAA-MM-JJ (par défaut : la fin du MEP de la facture)",
              "new due date YYYY-MM-DD (default: the end of the invoice's MEP)"),
    "instalment": ("le montant de l'échéance, pour un échéancier (par défaut : toute la facture)",
                   "the instalment's amount, for a payment plan (default: the whole invoice)"),
    "approved": ("date à laquelle l'assureur a accepté une prorogation au-delà du MEP",
                 "date the insurer approved an extension beyond the MEP"),
    "date_agreed": ("date de l'accord (par défaut aujourd'hui)", "date agreed (default today)"),
    "record_claim": ("enregistre un événement de sinistre ({events}) : ajoute une ligne à la feuille Claims",
                     "record a claim event ({events}): append a Claims row"),
    "event": ("{events} ou {last} (par défaut : l'étape suivante du sinistre)", "{events} or {last} (default: the claim's next step)"),
    "event_amount": ("le montant de l'événement (obligatoire pour {accepted} et {recovered})",
                     "the event's amount (required for {accepted} and {recovered})"),
    "claim_reference": ("la référence du sinistre chez l'assureur, s'il y en a une", "the insurer's claim reference, if any"),
    "event_date": ("date de l'événement (par défaut aujourd'hui)", "date of the event (default today)"),
    "claim_as_of": ("date pour laquelle le sinistre est calculé (par défaut : as_of de la feuille Policy, sinon aujourd'hui)",
                    "date the claim is computed for (default: Policy as_of, else today)"),
    "import_fec": ("reconstitue Debtors, Invoices et Payments à partir d'un export FEC",
                   "rebuild Debtors, Invoices and Payments from a French FEC export"),
    "fec_out": ("classeur de créances à écrire (.xlsx)", "receivables workbook to write (.xlsx)"),
    "terms_days": ("délai de paiement quand le FEC n'a pas d'échéances (jours)", "payment terms when the FEC has no due dates (days)"),
    "import": ("importe un export d'ERP (CSV ou Excel) dans une feuille de saisie, en faisant correspondre ses colonnes",
               "import an ERP export (CSV or Excel) into one input sheet, mapping its columns"),
    "sheet": ("feuille de saisie remplie (par défaut Invoices)", "input sheet it fills (default Invoices)"),
    "mapping": ("classeur dont la feuille Mapping donne la correspondance des colonnes à reprendre",
                "workbook whose Mapping sheet gives the column mapping to reuse"),
    "import_out": ("classeur à écrire (.xlsx), avec la feuille Mapping", "workbook to write (.xlsx), with the Mapping sheet"),
    "backtest": ("dans quelle mesure le score a classé les clients selon ce qui s'est passé ensuite",
                 "how well the score ranked clients by what happened next"),
    "backtest_as_of": ("date du score AAAA-MM-JJ (seules les données connues à cette date servent)",
                       "score date YYYY-MM-DD (only data known then is used)"),
    "horizon": ("jours après la date du score qui sont jugés", "days after the score date that are judged"),
    "late_days": ("payé avec plus de jours de retard que cela compte comme mauvais", "paid more than this many days late counts as bad"),
    "every": ("regroupe des dates de score mensuelles sur les 12 mois jusqu'à --as-of",
              "pool monthly score dates over the 12 months to --as-of"),
    "import_ibm": ("convertit l'échantillon public de créances clients d'IBM en classeur",
                   "convert the public IBM accounts-receivable sample to a workbook"),
    "build_addin": ("construit le complément Excel (.xlam) à partir du complément xlwings d'origine",
                    "build the Excel add-in (.xlam) from the stock xlwings add-in"),
    "build_out": ("où l'écrire (par défaut : addin/excel/credit.xlam)", "where to write it (default: addin/excel/credit.xlam)"),
    "udf_module": ("module dont les fonctions de feuille de calcul reçoivent une enveloppe VBA",
                   "module whose worksheet functions get VBA wrappers"),
    "install": ("copie le complément dans le dossier de démarrage d'Excel et le fait pointer vers ce Python",
                "copy the add-in to Excel's start-up folder and point it at this Python"),
    "dest": ("dossier de démarrage (par défaut : XLSTART d'Excel)", "start-up folder (default: Excel's XLSTART)"),
    "python": ("interpréteur qu'Excel doit lancer (par défaut : celui-ci)", "interpreter Excel should run (default: this one)"),
    "check_excel": ("vérifie le complément installé dans Excel sur une copie de la démonstration (Windows, Mac) : une ligne "
                    "PASS/FAIL par fonction et par bouton",
                    "check the installed add-in in real Excel on a copy of the demo (Windows, Mac): one PASS/FAIL line per "
                    "function and button"),
    "addin": ("le .xlam à ouvrir (par défaut : celui qui est installé)", "the .xlam to open (default: the installed one)"),
    "uninstall": ("retire ce que credit-addin install a ajouté", "remove what install added"),
    "uninstall_dest": ("dossier de démarrage donné à l'installation", "start-up folder used at install"),
})
_section("cli_help.name", {  # the arguments' names in the usage lines
    "workbook": ("classeur", "workbook"), "out": ("sortie", "out"), "debtor": ("client", "debtor"), "level": ("niveau", "level"),
    "invoice": ("facture", "invoice"), "declaration_id": ("déclaration", "declaration_id"),
})
_section("cli_help.view", {  # the commands printing result sheets, by command name
    "limits": ("alertes par gravité puis montant, et les demandes de limite",
               "breaches by severity then amount, and the limit requests"),
    "scores": ("scores des clients de 0 à 100 et classes A-E", "client scores 0-100 and grades A-E"),
    "deadlines": ("échéances de l'assureur par facture échue", "insurer deadlines per overdue invoice"),
    "declarations": ("déclarations à envoyer et leur statut", "declarations to send and their status"),
    "turnover": ("déclaration de chiffre d'affaires et prime", "turnover declaration and premium"),
    "penalties": ("intérêts de retard et indemnités forfaitaires de recouvrement", "late interest and recovery indemnities"),
    "dunning": ("prochaine relance par client (recouvrement amiable), la plus urgente d'abord",
                "next reminder per client (amicable recovery), most urgent first"),
    "groups": ("encours et garantie par groupe de clients, groupes au-delà de leur garantie",
               "exposure and cover per debtor group, groups over their cover"),
    "insolvency": ("clients en procédure collective : délais d'avis et de déclaration de créance, le sinistre",
                   "debtors in insolvency proceedings: notice and proof-of-claim deadlines, the claim"),
    "portfolio": ("risque du portefeuille pour l'assureur : concentration, perte attendue, prime face aux indemnités",
                  "portfolio risk for the insurer: concentration, expected loss, premium against indemnity"),
    "indemnities": ("sinistres après transmission : indemnité attendue, récupérations à reverser, TVA récupérable",
                    "claims after the hand-over: expected indemnity, recoveries to pass on, recoverable VAT"),
    "legal-terms": ("factures dont le délai de paiement dépasse le plafond légal (Code de commerce L441-10)",
                    "invoices whose payment terms exceed the legal limit (Code de commerce L441-10)"),
    "idle-limits": ("limites nominatives sans ventes depuis des mois, et les frais qu'économise la résiliation de chacune",
                    "named limits without sales for months, and the fee cancelling each saves"),
})

# --- what the file commands say (synth, import-fec, import, import-ibm): the system's language ------
_section("import", {
    "synth_written": ("{invoices} factures pour {debtors} clients écrites dans {path}",
                      "Wrote {invoices} invoices for {debtors} debtors to {path}"),
    "fec_read": ("{name} : {lines} lignes ({encoding}, séparateur {separator}) -> {debtors} clients, {invoices} factures et "
                 "avoirs, {payments} lignes de règlement ; {issues} anomalie(s)",
                 "{name}: {lines} lines ({encoding}, separator {separator}) -> {debtors} debtors, {invoices} invoices and "
                 "credit notes, {payments} payment rows; {issues} issue(s)"),
    "written": ("Écrit dans {path}", "Written to {path}"),
    "ignored": ("(ignorée)", "(ignored)"),
    "table_read": ("{rows} ligne(s) dans {sheet} ; {issues} anomalie(s) ; écrit dans {path}",
                   "{rows} rows into {sheet}; {issues} issue(s); written to {path}"),
    "ibm_written": ("{debtors} clients, {invoices} factures écrits dans {path}", "{debtors} debtors, {invoices} invoices written to {path}"),
    "unreadable": ("{path} : ce n'est pas un fichier CSV lisible (texte UTF-8, valeurs séparées par des virgules)",
                "{path}: not a readable CSV file (UTF-8 text, comma-separated values)"),
    "not_ibm": ("{path} : ce n'est pas l'échantillon de créances clients d'IBM, colonne(s) manquante(s) : {columns}",
                "{path}: not the IBM accounts-receivable sample, missing {columns}"),
    "not_fec": ("{name} n'est pas un FEC : son en-tête n'est séparé ni par des tabulations ni par des barres verticales",
                "{name} is not an FEC: its header is neither tab- nor pipe-separated"),
    "incomplete_fec": ("{name} n'est pas un FEC complet : colonne(s) obligatoire(s) manquante(s) : {columns}",
                       "{name} is not a complete FEC: mandatory column(s) missing: {columns}"),
    "fec_line_skipped": ("{problem} ; ligne ignorée", "{problem}; line skipped"),
    "fec_not_amount": ("« {value} » n'est pas un montant (1234,56)", "'{value}' is not an amount (1234,56)"),
    "fec_not_date": ("« {value} » n'est pas une date (aaaammjj)", "'{value}' is not a date (yyyymmdd)"),
    "fec_unbalanced": ("l'écriture {journal} {number} n'est pas équilibrée : débit {debit:.2f} != crédit {credit:.2f}",
                       "entry {journal} {number} is unbalanced: debit {debit:.2f} != credit {credit:.2f}"),
    "fec_unusable": ("ligne client sans montant ni date lisible ; ignorée", "customer line without a readable amount or date; skipped"),
})

# --- installing the Excel add-in (addin/excel/install.py, xlam.py): the system's language ---------
_section("install", {
    "installed": ("Complément installé : {path}", "Installed {path}"),
    "settings": ("Réglages dans {path} :", "Settings in {path}:"),
    "launcher": ("{path} écrit (il lance ce Python : xlwings ne peut pas lancer un chemin contenant des espaces)",
                 "Wrote {path} (runs this Python: xlwings cannot run a path with spaces)"),
    "copied": ("{path} copié", "Copied {path}"),
    "restart": ("Redémarrez Excel pour charger le complément.", "Restart Excel to load the add-in."),
    "no_startup": ("Excel fonctionne sous Windows et Mac : sur ce système, donnez le dossier avec --dest",
                   "Excel runs on Windows and Mac: on this system give the folder with --dest"),
    "double_quote": ("un chemin contient un guillemet droit, que le fichier de réglages du complément ne peut pas stocker",
                     "a path holds a double quote, which the add-in's settings file cannot store"),
    "cannot_write": ("impossible d'écrire {path} : quittez Excel et relancez la commande",
                     "cannot write {path}: quit Excel and run the command again"),
    "cannot_remove": ("impossible de supprimer {path} : quittez Excel et relancez la commande",
                      "cannot remove {path}: quit Excel and run the command again"),
    "shell_path": ("{path} contient une espace ou un caractère spécial de l'interpréteur de commandes : xlwings ne peut pas lancer Python depuis là",
                   "{path} holds a space or a shell character: xlwings cannot run Python from there"),
    "code_page": ("{value} contient des caractères que la page de code de Windows ({encoding}) ne peut pas stocker, et que le "
                  "VBA du complément ne pourrait donc pas lire : choisissez un dossier dont le nom n'en contient pas",
                  "{value} holds characters Windows' code page ({encoding}) cannot store, so the add-in's VBA could not read "
                  "it: use a folder whose name has none"),
    "removed": ("supprimé : {path}", "removed {path}"),
    "removed_count": ("{count} élément(s) supprimé(s)", "{count} item(s) removed"),
    "built": ("{path} écrit : onglet « {tab} » avec {buttons} boutons", "Wrote {path}: tab '{tab}' with {buttons} buttons"),
    "no_functions": ("Aucune fonction de feuille de calcul : {why}", "No worksheet functions: {why}"),
    "functions": ("{count} fonctions de feuille de calcul de {module} : {names}",
                  "{count} worksheet functions from {module}: {names}"),
    "no_module": ("impossible d'importer le module « {module} »", "cannot import module '{module}'"),
})
_section("file", {"open_in_excel": ("Ouvrez {path} dans Excel", "Open {path} in Excel")})
_section("cli_help.argparse", {  # argparse's error details, matched in addin/cli.py
    "argument": ("argument {argument} : {message}", "argument {argument}: {message}"),
    "required": ("arguments obligatoires manquants : {names}", "the following arguments are required: {names}"),
    "one_required": ("l'un des arguments {names} est obligatoire", "one of the arguments {names} is required"),
    "unrecognized": ("arguments inconnus : {names}", "unrecognized arguments: {names}"),
    "invalid_choice": ("choix invalide : {value} (possibles : {choices})", "invalid choice: {value} (choose from {choices})"),
    "invalid_value": ("valeur {type} invalide : {value}", "invalid {type} value: {value}"),
    "expected_one": ("une valeur est attendue", "expected one argument"),
    "not_allowed_with": ("incompatible avec l'argument {other}", "not allowed with argument {other}"),
    "ambiguous": ("option ambiguë : {option} peut désigner {matches}", "ambiguous option: {option} could match {matches}"),
})
_section("backtest", {  # credit-addin backtest (functions/backtest.py)
    "sample": ("au {dates} ; horizon {horizon} jours ; mauvais = payé plus de {late} jours en retard ou impayé "
               "(part > {threshold})",
               "as-of {dates}; horizon {horizon} days; bad = paid more than {late} days late or unpaid (share > {threshold})"),
    "counts": ("couples client-date {count}, mauvais {bad}", "debtor-dates {count}, bad {bad}"),
    "ranking": ("{name} : AUC {auc} [{auc_low} ; {auc_high}], Gini {gini} [{gini_low} ; {gini_high}]",
                "{name}: AUC {auc} [{auc_low}, {auc_high}], Gini {gini} [{gini_low}, {gini_high}]"),
    "score": ("score combiné", "combined score"),
    "baseline": ("référence (retard moyen pondéré passé)", "baseline (past weighted days late)"),
    "gain": ("gain d'AUC du score sur la référence {gain} [{low} ; {high}]",
             "AUC gain of the score over the baseline {gain} [{low}, {high}]"),
    "column.grade": ("note", "grade"), "column.count": ("nombre", "count"), "column.bad": ("mauvais", "bad"),
    "column.bad_rate": ("taux_mauvais", "bad_rate"), "column.mean_outcome": ("part_moyenne_en_retard", "mean_outcome"),
    "column.as_of": ("date", "as_of"), "column.score_auc": ("AUC_score", "score_auc"),
    "column.baseline_auc": ("AUC_référence", "baseline_auc"), "column.gain": ("gain", "gain"),
})
