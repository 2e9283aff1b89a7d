"""The demo workbook: Fournitures Industrielles du Dauphiné, a Grenoble distributor of
industrial supplies insured with Allianz Trade, seen on 31/10/2026.

About 60 customers in France and abroad and 3,000 invoices over 24 months come from a seeded
random background (most customers pay on time or a few days late, a few are chronic late
payers; partial and unreferenced payments, an overpayment, credit notes, disputes, open
orders). On top of it, named scenarios give the credit manager one case of every breach flag
and deadline status, computed by the rules of DESIGN.md with the default Policy:

| debtor | expected | how |
|---|---|---|
| C001 | OVER_LIMIT | named limit 50,000; 62,400 invoiced, not yet due |
| C002 | NO_COVER | limit refused 12/05/2026, none in force; 8,500 still shipped |
| C003 | DELIVERED_AFTER_WITHDRAWAL | 40,000 withdrawn 20/08/2026, effective 19/09/2026; deliveries 28/09 and 13/10 |
| C004 | DELIVERED_ABOVE_REDUCED_LIMIT | 60,000 reduced to 20,000 effective 02/09/2026; 23,500 delivered after it |
| C005 | LIMIT_EXPIRED | named 25,000 expired 30/06/2026; 6,000 open |
| C006 | LIMIT_REQUEST_NEEDED | 40,000, increase refused 18/06/2026 (limit stays); 30,000 open + 15,000 orders |
| C007 | HIGH_USAGE | 35,000 increased to 45,000; 41,800 open (93 %) |
| C008 | DISPUTED_EXPOSURE, overdue | 3,600 disputed invoice due 20/10/2026 |
| C009 | LIMIT_EXPIRING | named 35,000 expiring 20/11/2026 |
| C010 | (none) | temporary 50,000 in force until 31/12/2026 on top of named 30,000; 42,000 open |
| C011 | (none) | temporary 45,000 expired 31/08/2026, falls back to named 30,000; 18,000 open |
| C012 | overdue | 2,400 due 01/10/2026 (30 days late) |
| C013 | to_notify, OVERDUE_BEYOND_MEP | 4,800 due 15/08/2026 (MEP end 14/10, notify by 13/11) |
| C014 | notification_late, NOTIFICATION_LATE, OVERDUE_BEYOND_MEP | 7,200 due 03/07/2026, 1,000 paid, not notified |
| C015 | notified | 5,300 due 12/08/2026; overdue notice sent 20/10/2026 |
| C016 | handover_due | 8,900 due 03/07/2026; notice sent 15/09/2026; hand over by 30/11/2026 |
| C017 | handover_late | 12,400 due 15/04/2026; notice sent 06/07/2026; hand-over deadline 12/09/2026 missed |
| C018 | handed_over | 9,750 due 10/03/2026; notice 02/06/2026, collection request 28/07/2026 |
| C023 | TERMS_BEYOND_MAX | 150-day terms, beyond max_credit_days 120: its open invoices are not covered |
| C024 | LIMIT_REQUEST_NEEDED | new customer, no limit, no history, 14,500 open (above the 10,000 non-named threshold) |

Other cases: C019 insolvency judgment 22/10/2026 (Banque de France grade P), C020 do not
remind, C021 (our affiliate) and C022 (a public hospital) excluded, C023 on 150-day terms
(beyond max_credit_days 120), C025 discretionary limit justified by a credit report of
15/03/2026, C003 downgraded 5 -> 8 in Grades, C019 in the Altman distress zone, C042's
accounts lack staff costs, value added and financial charges.

The policy's further terms (`demo_tables(terms=True)`, the default; without them the demo is the
one of the previous release): a maximum liability of 200,000 and an aggregate first loss of
10,000 per calendar year, which C030's claim used (accepted 14,400 in March, 4,400 paid after the
first loss, 2,000 recovered in September); C018's claim filed on 05/10/2026; the statutory 60 days / 45 days
end of month, exceeded by C023's 150-day terms; C036 (transport) under the 30-day sector rule;
C013's invoice extended within the MEP to 30/09/2026; a payment plan on C052's largest open
invoice whose last instalment lies beyond the MEP without the insurer's approval; limit fees
(150 per request, 90 a year per monitored client) and C061, a prospect whose 25,000 limit has
seen no sale in a year (idle); C019's liquidation published in the BODACC on 29/10/2026; C022,
a public hospital, under the public-procurement late-payment rule.

Register ids follow the deterministic declaration id scheme, so a run matches them:
`overdue_notice:{debtor_id}:{first due date yyyy-mm-dd}` and
`collection_request:{debtor_id}:{first due date yyyy-mm-dd}`.

The background keeps every invoice due more than 55 days before as_of paid, and never puts
credit notes, unreferenced payments or split payments on scenario customers, so no
allocation choice can move a scenario.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from stdnum import get_cc_module, luhn

from addin.workbook.contract import INPUT_SHEETS

from addin.build.functions_sheet import results as functions_results, write_functions_sheet
from addin.build.sheets import build, excel_cells, input_spec
from addin.build.template import TEMPLATE_POLICY, parameter_sheets
from functions.texts import text, words

AS_OF = date(2026, 10, 31)
START = AS_OF - timedelta(days=730)
SEED = 20261031
INSURED = "Fournitures Industrielles du Dauphiné SAS"
POLICY = {"insurer": "Allianz Trade", "policy_number": "AT-FR-2025-0048213", "insured_name": INSURED,
          "insured_address": "14 avenue de l'Isle ; 38000 Grenoble ; France", "insured_siren": "521 347 983",
          "contact_name": "Claire Martin", "contact_phone": "+33 4 76 00 12 34", "contact_email": "credit@fid-dauphine.fr",
          "signatory_name": "Claire Martin",
          "insurer_address": "Allianz Trade, service Indemnisation ; 1 place des Saisons ; 92048 Paris La Défense Cedex ; France",
          "as_of": AS_OF, "penalty_min_days": 10, "penalty_min_amount": 50}
TERMS_POLICY = {"max_liability": 200000.0, "aggregate_first_loss": 10000.0, "legal_terms_days": 60,
                "legal_terms_eom_days": 45, "limit_request_fee": 150.0, "monitoring_fee": 90.0, "idle_limit_months": 6}
TERMS_DEBTOR_EXTRAS = {"C019": {"procedure": "liquidation", "publication_date": date(2026, 10, 29)},
                       "C022": {"sector": "demo.public_sector"}, "C036": {"legal_terms_days": 30}}
# a prospect granted a limit a year ago, never invoiced since: an idle limit
PROSPECT = {"debtor_id": "C061", "name": "Menuiserie Industrielle Savoyarde SAS", "country": "FR",
            "registration_id": "732829320", "insurer_ref": "58213904", "address": "14 rue de l'Industrie, 73000 Chambéry",
            "sector": "Joinery", "payment_terms_days": 45, "insurer_grade": "4", "grade_scale": "allianz"}
PROSPECT_LIMIT = ("C061", "2025-10-20", "2025-10-20", None, 25000, "named", "granted")
CLAIMS = [("C030", "2026-02-02", "filed", 16000.0, "AT-SIN-2026-0112"), ("C030", "2026-03-10", "accepted", 14400.0, None),
          ("C030", "2026-03-24", "paid", 4400.0, None), ("C030", "2026-09-10", "recovered", 2000.0, None),
          ("C018", "2026-10-05", "filed", 9750.0, "AT-SIN-2026-0457")]
DEMOS = {"fr": "demo.xlsx", "en": "demo_en.xlsx"}


def policy(language: str) -> dict:
    """The demo's Policy values in `language` (the signatory's title is words)."""
    return {**POLICY, "language": language, "signatory_title": text("demo.signatory_title", language)}


SCENARIOS: dict[str, tuple[str, ...]] = {
    "C001": ("OVER_LIMIT",),
    "C002": ("NO_COVER",),
    "C003": ("DELIVERED_AFTER_WITHDRAWAL",),
    "C004": ("DELIVERED_ABOVE_REDUCED_LIMIT",),
    "C005": ("LIMIT_EXPIRED",),
    "C006": ("LIMIT_REQUEST_NEEDED",),
    "C007": ("HIGH_USAGE",),
    "C008": ("DISPUTED_EXPOSURE", "overdue"),
    "C009": ("LIMIT_EXPIRING",),
    "C012": ("overdue",),
    "C013": ("to_notify", "OVERDUE_BEYOND_MEP"),
    "C014": ("notification_late", "NOTIFICATION_LATE", "OVERDUE_BEYOND_MEP"),
    "C015": ("notified",),
    "C016": ("handover_due",),
    "C017": ("handover_late",),
    "C018": ("handed_over",),
    "C023": ("TERMS_BEYOND_MAX",),
    "C024": ("LIMIT_REQUEST_NEEDED",),
}

# id, name, country, postcode and city, sector, terms, grade, scale, group
DEBTORS = [
    ("C001", "Maintenance Industrielle Rhône SAS", "FR", "69007 Lyon", "Industrial maintenance", 60, "4", "allianz", ""),
    ("C002", "Chaudronnerie Vasseur SARL", "FR", "59000 Lille", "Boilermaking", 45, "8", "allianz", ""),
    ("C003", "Hydraulik Weber GmbH", "DE", "70173 Stuttgart", "Hydraulics", 60, "8", "allianz", ""),
    ("C004", "Officine Meccaniche Bassi Srl", "IT", "25121 Brescia", "Machining", 60, "6", "allianz", ""),
    ("C005", "Emballages Morel SAS", "FR", "44000 Nantes", "Packaging", 30, "5", "allianz", ""),
    ("C006", "Agroalimentaire Bréhat SA", "FR", "35000 Rennes", "Food processing", 45, "4", "allianz", ""),
    ("C007", "Transformaciones Metálicas Ebro SL", "ES", "50001 Zaragoza", "Metal processing", 60, "4", "allianz", ""),
    ("C008", "Menuiseries Lambert SAS", "FR", "21000 Dijon", "Joinery", 45, "5", "allianz", ""),
    ("C009", "Van Damme Techniek NV", "BE", "9000 Gent", "Industrial equipment", 30, "3", "allianz", ""),
    ("C010", "Papeteries de l'Isère SA", "FR", "38000 Grenoble", "Paper mills", 60, "3", "allianz", ""),
    ("C011", "Cimenteries du Nord SAS", "FR", "59300 Valenciennes", "Cement", 60, "4", "allianz", ""),
    ("C012", "Garage Poids Lourds Martin SARL", "FR", "45000 Orléans", "Truck repair", 30, "5", "allianz", ""),
    ("C013", "Plasturgie Océane SAS", "FR", "17000 La Rochelle", "Plastics", 45, "6", "allianz", ""),
    ("C014", "Thermique Services Provence SARL", "FR", "13002 Marseille", "HVAC services", 30, "7", "allianz", ""),
    ("C015", "Mecánica Álvarez SA", "ES", "46001 Valencia", "Machining", 60, "6", "allianz", ""),
    ("C016", "Fonderie Girard SAS", "FR", "42000 Saint-Étienne", "Foundry", 45, "7", "allianz", ""),
    ("C017", "Britton Engineering Ltd", "GB", "B1 1AA Birmingham", "Engineering", 60, "7", "allianz", ""),
    ("C018", "Sablières et Carrières Roux SA", "FR", "87000 Limoges", "Quarrying", 45, "8", "allianz", ""),
    ("C019", "Textiles Techniques Vosgiens SAS", "FR", "88000 Épinal", "Technical textiles", 60, "P", "bdf", ""),
    ("C020", "Aéro Composites Toulouse SAS", "FR", "31000 Toulouse", "Aerospace", 60, "2", "allianz", ""),
    ("C021", "FID Sud SARL (filiale)", "FR", "26000 Valence", "Distribution (affiliate)", 30, "", "", "Groupe FID"),
    ("C022", "Centre Hospitalier de Valence", "FR", "26953 Valence", "Public hospital", 60, "", "", ""),
    ("C023", "Midwest Industrial Supply Inc.", "US", "60601 Chicago IL", "Distribution", 150, "4", "allianz", ""),
    ("C024", "Robotique Avenir SAS", "FR", "74000 Annecy", "Robotics", 30, "", "", ""),
    ("C025", "Élec Pro Distribution SARL", "FR", "37000 Tours", "Electrical wholesale", 30, "5", "allianz", ""),
    ("C026", "Berthier Levage SAS", "FR", "69003 Lyon", "Lifting equipment", 45, "4", "allianz", "Groupe Berthier"),
    ("C027", "Berthier Hydraulique SAS", "FR", "69100 Villeurbanne", "Hydraulics", 45, "4", "allianz", "Groupe Berthier"),
    ("C028", "Berthier Services SARL", "FR", "69200 Vénissieux", "Industrial services", 45, "5", "allianz", "Groupe Berthier"),
    ("C029", "Usinage de Précision Cholet SAS", "FR", "49300 Cholet", "Machining", 45, "4+", "bdf", ""),
    ("C030", "Scierie Fabre et Fils SARL", "FR", "48000 Mende", "Sawmill", 30, "0", "bdf", ""),
    ("C031", "Électricité Industrielle Normande SAS", "FR", "76000 Rouen", "Electrical contracting", 45, "3", "allianz", ""),
    ("C032", "Boulonnerie Charentaise SA", "FR", "16000 Angoulême", "Fasteners", 60, "4", "allianz", ""),
    ("C033", "Robinetterie du Sud-Ouest SAS", "FR", "31100 Toulouse", "Valves", 45, "5", "allianz", ""),
    ("C034", "Pneumatique Service Alsace SARL", "FR", "68100 Mulhouse", "Pneumatics", 30, "5", "allianz", ""),
    ("C035", "Métallerie Picard SAS", "FR", "80000 Amiens", "Metalwork", 45, "7", "coface", ""),
    ("C036", "Transports Frigorifiques Bernard SAS", "FR", "84000 Avignon", "Refrigerated transport", 30, "6", "allianz", ""),
    ("C037", "Bâtiment Industriel Lorrain SA", "FR", "57000 Metz", "Industrial building", 60, "5", "allianz", ""),
    ("C038", "Soudure et Tôlerie Bretonne SARL", "FR", "29200 Brest", "Welding", 30, "6", "allianz", ""),
    ("C039", "Ascenseurs Dumas SAS", "FR", "63000 Clermont-Ferrand", "Lifts", 45, "3", "allianz", ""),
    ("C040", "Kessler Antriebstechnik GmbH", "DE", "40210 Düsseldorf", "Drive technology", 60, "2", "allianz", "Kessler Holding AG"),
    ("C041", "Kessler Systems AG", "CH", "4051 Basel", "Automation", 60, "2", "allianz", "Kessler Holding AG"),
    ("C042", "Maschinenbau Hoffmann KG", "DE", "33602 Bielefeld", "Machine building", 60, "5", "allianz", ""),
    ("C043", "Schneider Fördertechnik GmbH", "DE", "04109 Leipzig", "Conveyors", 45, "4", "allianz", ""),
    ("C044", "Valvole Industriali Rossi SpA", "IT", "20121 Milano", "Valves", 60, "3", "allianz", ""),
    ("C045", "Meccanica Lombarda Srl", "IT", "24121 Bergamo", "Machining", 60, "5", "allianz", ""),
    ("C046", "Suministros Industriales Ortega SL", "ES", "48001 Bilbao", "Industrial supplies", 60, "3", "coface", ""),
    ("C047", "Laiterie Coopérative du Cantal", "FR", "15000 Aurillac", "Dairy", 30, "4", "allianz", ""),
    ("C048", "Outillage Bordelais SAS", "FR", "33000 Bordeaux", "Tools", 45, "5", "allianz", ""),
    ("C049", "Imprimerie Moderne de Reims SA", "FR", "51100 Reims", "Printing", 45, "6", "allianz", ""),
    ("C050", "Logistique Seine-Maritime SAS", "FR", "76600 Le Havre", "Logistics", 30, "4", "allianz", ""),
    ("C051", "Menuiserie Aluminium Côte d'Azur SARL", "FR", "06000 Nice", "Aluminium joinery", 30, "7", "allianz", ""),
    ("C052", "Forges de Bourgogne SAS", "FR", "71200 Le Creusot", "Forging", 60, "4", "allianz", ""),
    ("C053", "Talleres Navarro SA", "ES", "31001 Pamplona", "Workshops", 60, "5", "allianz", ""),
    ("C054", "Ateliers Dupont Liège SA", "BE", "4000 Liège", "Metalwork", 30, "4", "allianz", ""),
    ("C055", "Vandenberghe Industrie BV", "BE", "8500 Kortrijk", "Industrial equipment", 30, "3", "allianz", ""),
    ("C056", "Harrison Fluid Power Ltd", "GB", "LS1 4AP Leeds", "Fluid power", 60, "4", "allianz", ""),
    ("C057", "Northern Conveyors plc", "GB", "M1 1AE Manchester", "Conveyors", 60, "3", "allianz", ""),
    ("C058", "Great Lakes Machinery Corp.", "US", "48226 Detroit MI", "Machinery", 60, "3", "allianz", ""),
    ("C059", "Précision Romande SA", "CH", "1003 Lausanne", "Precision parts", 30, "2", "allianz", ""),
    ("C060", "Van Leeuwen Aandrijvingen BV", "NL", "3011 Rotterdam", "Drive technology", 30, "4", "allianz", ""),
]
STREETS = {"FR": "rue de l'Industrie", "DE": "Industriestraße", "IT": "Via dell'Industria", "ES": "Calle de la Industria",
           "BE": "Industrieweg", "GB": "Industrial Estate", "US": "Industrial Parkway", "CH": "Industriestrasse",
           "NL": "Industrieweg"}
DEBTOR_EXTRAS = {
    "C017": {"security": "title"}, "C018": {"security": "title"},
    "C016": {"security": "guarantee"}, "C019": {"insolvency_date": date(2026, 10, 22), "security": "title"},
    "C020": {"do_not_remind": True}, "C021": {"excluded": True}, "C022": {"excluded": True},
    "C025": {"evidence_date": date(2026, 3, 15)}, "C026": {"security": "title"},
    "C032": {"security": "title"}, "C042": {"security": "title"},
    "C051": {"security": "title"}, "C058": {"security": "credit"},  # securities: keys of texts.py's `demo` section
}
CHRONIC_LATE = {"C022": 38, "C035": 28, "C046": 30, "C051": 22, "C049": 18}  # mean days late
CONTROLLED = {f"C{i:03d}" for i in range(1, 20)} | {"C024", "C025"}  # open position fully scripted
NO_HISTORY = {"C024"}

# debtor, invoice date, amount, delivery date (None = invoice date), disputed
SCENARIO_INVOICES = [
    ("C001", "2026-09-04", 18600), ("C001", "2026-09-18", 14200), ("C001", "2026-10-02", 16900), ("C001", "2026-10-20", 12700),
    ("C002", "2026-09-22", 4300), ("C002", "2026-10-13", 4200),
    ("C003", "2026-09-04", 9600, "2026-09-03"), ("C003", "2026-09-28", 7200, "2026-09-28"), ("C003", "2026-10-14", 5400, "2026-10-13"),
    ("C004", "2026-09-01", 18000, "2026-08-31"), ("C004", "2026-09-21", 14000), ("C004", "2026-10-12", 9500),
    ("C005", "2026-10-05", 3500), ("C005", "2026-10-22", 2500),
    ("C006", "2026-09-20", 9800), ("C006", "2026-10-01", 11400), ("C006", "2026-10-19", 8800),
    ("C007", "2026-09-03", 10900), ("C007", "2026-09-17", 9700), ("C007", "2026-10-05", 11300), ("C007", "2026-10-26", 9900),
    ("C008", "2026-09-05", 3600, None, True), ("C008", "2026-09-25", 4700), ("C008", "2026-10-16", 3700),
    ("C009", "2026-10-06", 5800), ("C009", "2026-10-23", 6200),
    ("C010", "2026-09-08", 14500), ("C010", "2026-09-24", 13800), ("C010", "2026-10-15", 13700),
    ("C011", "2026-09-10", 9200), ("C011", "2026-10-08", 8800),
    ("C012", "2026-09-01", 2400), ("C012", "2026-10-14", 3100),
    ("C013", "2026-07-01", 4800), ("C014", "2026-06-03", 7200), ("C015", "2026-06-13", 5300),
    ("C016", "2026-05-19", 8900), ("C017", "2026-02-14", 12400), ("C018", "2026-01-24", 9750),
    ("C019", "2026-08-01", 3900), ("C019", "2026-09-15", 4100),
    ("C024", "2026-09-25", 7600), ("C024", "2026-10-19", 6900),
    ("C025", "2026-10-02", 8300), ("C025", "2026-10-21", 7700),
]
SCENARIO_PAYMENTS = [("C014", "2026-06-03", "2026-08-10", 1000.0)]  # debtor, invoice date, paid on, amount
SCENARIO_ORDERS = [("C006", 9000.0, "2026-11-06"), ("C006", 6000.0, "2026-11-20")]

# debtor, decision date, effective, expiry, amount, type, decision
SCENARIO_LIMITS = [
    ("C001", "2024-05-14", "2024-05-14", None, 50000, "named", "granted"),
    ("C002", "2026-05-12", None, None, None, "named", "refused"),
    ("C003", "2024-02-01", "2024-02-01", None, 40000, "named", "granted"),
    ("C003", "2026-08-20", "2026-09-19", None, 0, "named", "withdrawn"),
    ("C004", "2024-09-10", "2024-09-10", None, 60000, "named", "granted"),
    ("C004", "2026-08-03", "2026-09-02", None, 20000, "named", "reduced"),
    ("C005", "2025-07-01", "2025-07-01", "2026-06-30", 25000, "named", "granted"),
    ("C006", "2025-01-15", "2025-01-15", None, 40000, "named", "granted"),
    ("C006", "2026-06-18", None, None, None, "named", "refused"),
    ("C007", "2023-11-02", "2023-11-02", None, 35000, "named", "granted"),
    ("C007", "2025-10-01", "2025-10-01", None, 45000, "named", "increased"),
    ("C008", "2024-04-22", "2024-04-22", None, 30000, "named", "granted"),
    ("C009", "2025-11-20", "2025-11-20", "2026-11-20", 35000, "named", "granted"),
    ("C010", "2024-03-01", "2024-03-01", None, 30000, "named", "granted"),
    ("C010", "2026-08-28", "2026-09-01", "2026-12-31", 50000, "temporary", "granted"),
    ("C011", "2024-06-17", "2024-06-17", None, 30000, "named", "granted"),
    ("C011", "2026-04-24", "2026-05-01", "2026-08-31", 45000, "temporary", "granted"),
    ("C012", "2024-01-10", "2024-01-10", None, 20000, "named", "granted"),
    ("C013", "2025-02-03", "2025-02-03", None, 15000, "named", "granted"),
    ("C014", "2024-07-08", "2024-07-08", None, 20000, "named", "granted"),
    ("C015", "2024-10-15", "2024-10-15", None, 25000, "named", "granted"),
    ("C016", "2024-05-27", "2024-05-27", None, 20000, "named", "granted"),
    ("C017", "2023-09-12", "2023-09-12", None, 30000, "named", "granted"),
    ("C018", "2024-03-18", "2024-03-18", None, 25000, "named", "granted"),
    ("C019", "2024-11-05", "2024-11-05", None, 15000, "named", "granted"),
]
# debtor, first due date, type, status, sent on, insurer reference
REGISTER = [
    ("C015", "2026-08-12", "overdue_notice", "sent", "2026-10-20", ""),
    ("C016", "2026-07-03", "overdue_notice", "acknowledged", "2026-09-15", "AT-MS-2026-04417"),
    ("C017", "2026-04-15", "overdue_notice", "acknowledged", "2026-07-06", "AT-MS-2026-03120"),
    ("C018", "2026-03-10", "overdue_notice", "acknowledged", "2026-06-02", "AT-MS-2026-02268"),
    ("C018", "2026-03-10", "collection_request", "sent", "2026-07-28", "AT-CT-2026-00093"),
]
# debtor, date, grade, scale: the latest row is the grade on the Debtors sheet
GRADES = [
    ("C003", "2025-02-10", "5", "allianz"), ("C003", "2026-08-10", "8", "allianz"),
    ("C007", "2025-01-20", "5", "allianz"), ("C007", "2025-09-15", "4", "allianz"),
    ("C017", "2025-03-04", "6", "allianz"), ("C017", "2026-05-20", "7", "allianz"),
    ("C019", "2025-03-01", "4", "bdf"), ("C019", "2026-10-22", "P", "bdf"),
    ("C014", "2025-06-12", "5", "allianz"), ("C014", "2026-04-02", "7", "allianz"),
    ("C035", "2025-05-05", "8", "coface"), ("C035", "2026-02-11", "7", "coface"),
]
FINANCIALS = ["C001", "C003", "C004", "C006", "C007", "C010", "C016", "C017", "C019",
              "C026", "C031", "C037", "C042", "C044", "C052"]
DISTRESS, INCOMPLETE = "C019", "C042"


def _d(text: str | None) -> pd.Timestamp | None:
    return pd.Timestamp(text) if text else None


def _registration(rng: np.random.Generator, country: str) -> str | None:
    """A SIREN (France) or an EU-style VAT number with a valid checksum; blank elsewhere."""
    if country == "FR":
        body = "".join(map(str, rng.integers(0, 10, 8)))
        body = str(rng.integers(3, 9)) + body[1:]  # SIRENs of companies start 3-8
        return body + luhn.calc_check_digit(body)
    shapes = {"DE": ("DE", 9), "IT": ("IT", 11), "ES": ("ESB", 8), "BE": ("BE0", 9), "GB": ("GB", 9),
              "CH": ("CHE", 9), "NL": ("NL", 9)}
    if country not in shapes:
        return None
    prefix, digits = shapes[country]
    module = get_cc_module(country.lower(), "vat")
    while True:  # about one candidate in ten is valid: a few draws of the seeded generator
        candidate = prefix + "".join(map(str, rng.integers(0, 10, digits)))
        candidate += {"CH": "MWST", "NL": "B01"}.get(country, "")
        if module.is_valid(candidate):
            return module.format(candidate) if country == "CH" else candidate


def debtors(rng: np.random.Generator, language: str = "fr") -> pd.DataFrame:
    """The Debtors sheet: the customer list above with addresses, registrations and insurer ids."""
    rows = []
    for did, name, country, city, sector, terms, grade, scale, group in DEBTORS:
        extras = dict(DEBTOR_EXTRAS.get(did, {}))
        if "security" in extras:
            extras["security"] = text(f"demo.security.{extras['security']}", language)
        rows.append({
            "debtor_id": did, "name": name, "country": country,
            "registration_id": _registration(rng, country),
            "insurer_ref": None if extras.get("excluded") else str(rng.integers(10**7, 10**8)),
            "address": f"{rng.integers(1, 120)} {STREETS[country]}, {city}",
            "sector": text(f"demo.sector.{sector}", language), "group": group or None, "payment_terms_days": terms,
            "insurer_grade": grade or None, "grade_scale": scale or None, **extras})
    frame = pd.DataFrame(rows)
    evidence = frame.index[(rng.random(len(frame)) < 0.25) & ~frame.debtor_id.isin(CONTROLLED)]
    frame.loc[evidence, "evidence_date"] = pd.to_datetime("2025-01-01") + pd.to_timedelta(
        rng.integers(0, 600, len(evidence)), unit="D")
    return frame


def _history(rng: np.random.Generator, deb: pd.DataFrame) -> pd.DataFrame:
    """Two years of invoices per customer, each with the date it was paid (NaT = still open)."""
    n, ids = len(deb), deb.debtor_id.to_numpy()
    controlled = np.isin(ids, list(CONTROLLED))
    per_month = np.where(controlled, 1.5, np.exp(rng.normal(np.log(2.25), 0.45, n)))
    per_month[np.isin(ids, list(NO_HISTORY))] = 0
    first = np.where(rng.random(n) < 0.15, rng.integers(60, 360, n), 0)  # some newer customers
    last = np.where(controlled, 580, 730)  # scripted customers: history ends 150 days before as_of
    counts = rng.poisson(per_month * (last - first) / 30.4)
    who = np.repeat(np.arange(n), counts)
    start = np.datetime64(START)
    inv = start + (first[who] + rng.random(who.size) * (last - first)[who]).astype(int)
    due = inv + deb.payment_terms_days.to_numpy()[who]
    size = np.exp(rng.normal(np.log(2300), 0.6, n))
    amount = np.maximum(np.round(size[who] * np.exp(rng.normal(0, 0.5, who.size)), 2), 60.0)
    late = np.array([CHRONIC_LATE.get(i, np.nan) for i in ids])
    mean = np.where(np.isnan(late), rng.uniform(-2, 6, n), late)
    spread = np.where(np.isnan(late), 4.0, 10.0)
    paid = np.maximum(due + np.rint(mean[who] + rng.normal(0, spread[who])).astype(int), inv + 1)
    as_of = np.datetime64(AS_OF)
    stale = (due < as_of - 55) & (paid > as_of)  # old debts are settled: no stray notices
    paid[stale] = as_of - rng.integers(1, 20, stale.sum())
    paid = np.where(paid > as_of, np.datetime64("NaT"), paid)
    frame = pd.DataFrame({"debtor_id": ids[who], "invoice_date": inv, "due_date": due, "amount": amount,
                          "delivery_date": inv - rng.integers(0, 3, who.size), "paid": paid})
    return frame.sort_values(["invoice_date", "debtor_id"], kind="stable").reset_index(drop=True)


def _scenario_invoices(deb: pd.DataFrame) -> pd.DataFrame:
    terms = deb.set_index("debtor_id").payment_terms_days
    rows = []
    for did, day, amount, *rest in SCENARIO_INVOICES:
        delivery, disputed = (*rest, None, False)[:2]
        inv = pd.Timestamp(day)
        rows.append({"debtor_id": did, "invoice_date": inv, "due_date": inv + pd.Timedelta(days=int(terms[did])),
                     "amount": float(amount), "delivery_date": _d(delivery) or inv, "disputed": bool(disputed),
                     "scripted": True})
    return pd.DataFrame(rows)


def ledger(rng: np.random.Generator, deb: pd.DataFrame):
    """Invoices with credit notes and the payments settling them, as the ERP would export them."""
    hist = _history(rng, deb)
    background = ~hist.debtor_id.isin(CONTROLLED).to_numpy()
    as_of = pd.Timestamp(AS_OF)
    is_open = hist.paid.isna().to_numpy()
    old = background & ~is_open & (hist.due_date < as_of - pd.Timedelta(days=120)).to_numpy()
    credited = old & (rng.random(len(hist)) < 0.03)
    full = rng.random(len(hist)) < 0.35  # a full credit cancels a wrong delivery
    credit = np.where(full, hist.amount, np.round(hist.amount * rng.uniform(0.05, 0.3, len(hist)), 2))
    credit = np.where(credited, credit, 0.0)
    unreferenced = old & ~credited & (rng.random(len(hist)) < 0.06)
    split = background & ~is_open & ~credited & ~unreferenced & (rng.random(len(hist)) < 0.04)
    partial_open = background & is_open & (rng.random(len(hist)) < 0.12)
    hist["disputed"] = background & is_open & (rng.random(len(hist)) < 0.02)

    n, inv, paid = len(hist), hist.invoice_date.to_numpy(), hist.paid.to_numpy()
    net = hist.amount.to_numpy() - credit
    inv_rows = np.arange(n)
    share = np.round(net * rng.uniform(0.3, 0.7, n), 2)
    first_day = np.maximum(paid - _days(rng.integers(10, 30, n)), inv + _days(1))
    open_day = np.minimum(inv + _days(rng.integers(15, 40, n)), np.datetime64(AS_OF))
    settled = ~is_open & (net > 0)
    pay = pd.concat(ignore_index=True, objs=[
        pd.DataFrame({"row": inv_rows, "date": hist.paid, "amount": np.where(split, net - share, net),
                      "referenced": ~unreferenced})[settled],
        pd.DataFrame({"row": inv_rows, "date": first_day, "amount": share, "referenced": True})[split],
        pd.DataFrame({"row": inv_rows, "date": open_day, "amount": np.round(hist.amount * 0.4, 2),
                      "referenced": True})[partial_open],
    ])
    rows = pay.row.to_numpy()
    overpaid = pay.index[pay.referenced & old[rows] & (hist.debtor_id.to_numpy()[rows] == "C031")][0]
    pay.loc[overpaid, "amount"] += 180.0  # an overpayment: an unapplied credit

    notes = hist[credited].assign(
        credited_row=inv_rows[credited], amount=-credit[credited],
        invoice_date=inv[credited] + _days(rng.integers(3, 25, credited.sum())),
        delivery_date=pd.NaT, disputed=False)
    notes["due_date"] = notes.invoice_date
    notes.loc[rng.random(len(notes)) < 0.25, "credited_row"] = -1  # some credit notes quote no invoice
    return hist, notes, pay


def _days(count) -> np.ndarray:
    return np.asarray(count).astype("timedelta64[D]")


def _scenario_ledger(hist: pd.DataFrame, pay: pd.DataFrame, deb: pd.DataFrame):
    extra = _scenario_invoices(deb)
    rows = np.arange(len(hist), len(hist) + len(extra))
    hist = pd.concat([hist, extra], ignore_index=True)
    key = dict(zip(zip(extra.debtor_id, extra.invoice_date), rows))
    scripted = pd.DataFrame([{"row": key[(d, pd.Timestamp(i))], "date": pd.Timestamp(p), "amount": a, "referenced": True}
                             for d, i, p, a in SCENARIO_PAYMENTS])
    return hist, pd.concat([pay, scripted], ignore_index=True)


def _numbered(frame: pd.DataFrame, prefix: str, by: str) -> pd.Series:
    """Document numbers per year in date order: FA25-00001, AV26-0001 ..."""
    year = frame[by].dt.strftime("%y")
    seq = frame.groupby(year).cumcount() + 1
    width = 5 if prefix == "FA" else 4
    return prefix + year + "-" + seq.astype(str).str.zfill(width)


def invoices_sheet(hist: pd.DataFrame, notes: pd.DataFrame, deb: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The Invoices sheet and the invoice id of each history row."""
    hist = hist.assign(_row=np.arange(len(hist))).sort_values(["invoice_date", "debtor_id", "_row"], kind="stable")
    hist["invoice_id"] = _numbered(hist, "FA", "invoice_date").to_numpy()
    ids = hist.set_index("_row").invoice_id.sort_index()
    notes = notes.sort_values(["invoice_date", "debtor_id"], kind="stable")
    notes = notes.assign(invoice_id=_numbered(notes, "AV", "invoice_date").to_numpy(),
                         credited_invoice_id=notes.credited_row.map(lambda r: ids.get(r)),
                         document_type="credit_note")
    frame = pd.concat([hist.assign(document_type="invoice"), notes], ignore_index=True)
    frame = frame.sort_values(["invoice_date", "document_type", "invoice_id"], kind="stable")
    french = frame.debtor_id.map(deb.set_index("debtor_id").country).eq("FR")
    frame["amount_excl_vat"] = np.where(french, np.round(frame.amount / 1.2, 2), frame.amount)
    frame["currency"] = "EUR"
    frame["disputed"] = frame.disputed.eq(True)
    frame["scripted"] = frame.scripted.eq(True)
    return frame.reset_index(drop=True), ids


def payments_sheet(pay: pd.DataFrame, hist: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    frame = pay.assign(debtor_id=hist.debtor_id.to_numpy()[pay.row.to_numpy()],
                       invoice_id=np.where(pay.referenced, ids.reindex(pay.row).to_numpy(), None))
    frame = frame.sort_values(["date", "debtor_id", "amount"], kind="stable").reset_index(drop=True)
    frame["payment_id"] = "RG-" + pd.Series(np.arange(1, len(frame) + 1)).astype(str).str.zfill(6)
    frame["amount"] = frame.amount.round(2)
    return frame


def _open_balances(hist: pd.DataFrame, pay: pd.DataFrame) -> pd.Series:
    """What each customer owes at as_of on its open invoices, net of part payments."""
    is_open = hist.paid.isna() & (hist.invoice_date <= pd.Timestamp(AS_OF))
    part = pay[pay.row.isin(np.flatnonzero(is_open))].groupby("row").amount.sum()
    owed = hist.amount[is_open] - part.reindex(hist.index[is_open]).fillna(0).to_numpy()
    return owed.groupby(hist.debtor_id[is_open]).sum()


def orders_sheet(rng: np.random.Generator, deb: pd.DataFrame, monthly: pd.Series) -> pd.DataFrame:
    pool = deb.debtor_id[~deb.debtor_id.isin(CONTROLLED) & deb.excluded.ne(True)].to_numpy()
    who = np.sort(rng.choice(pool, 16, replace=False))
    who = np.concatenate([who, who[:6]])  # a few customers with two orders
    rows = pd.DataFrame({"debtor_id": who,
                         "amount": np.round(monthly.reindex(who).fillna(2000).to_numpy() * rng.uniform(0.3, 0.9, who.size), 2),
                         "ship_date": pd.Timestamp(AS_OF) + pd.to_timedelta(rng.integers(2, 48, who.size), unit="D")})
    scripted = pd.DataFrame([{"debtor_id": d, "amount": a, "ship_date": pd.Timestamp(s)} for d, a, s in SCENARIO_ORDERS])
    rows = pd.concat([rows, scripted]).sort_values(["ship_date", "debtor_id"], kind="stable").reset_index(drop=True)
    rows["order_id"] = "CDE-" + pd.Series(np.arange(2601, 2601 + len(rows))).astype(str)
    return rows


def limits_sheet(rng: np.random.Generator, deb: pd.DataFrame, need: pd.Series) -> pd.DataFrame:
    """Insurer decisions: the scripted ones, and for other customers a named limit sized on
    their exposure with orders (small ones stay under non-named cover), some increased."""
    rows = [dict(zip(("debtor_id", "decision_date", "effective_date", "expiry_date", "amount", "limit_type", "decision"),
                     (d, _d(a), _d(b), _d(c), amt, t, dec))) for d, a, b, c, amt, t, dec in SCENARIO_LIMITS]
    pool = deb[~deb.debtor_id.isin(CONTROLLED) & deb.excluded.ne(True)].debtor_id
    reduced = "C037"  # a benign reduction: later deliveries stay within the new limit
    for did in pool:
        wanted = need.get(did, 0.0)
        if wanted < 9000 and did != reduced:
            continue  # non-named cover is enough
        amount = float(np.ceil(max(wanted, 9000) * rng.uniform(1.1, 1.6) / 5000) * 5000)
        granted = pd.Timestamp(START) - pd.Timedelta(days=int(rng.integers(30, 500)))
        if did == reduced:
            rows.append(_decision(did, granted, amount + 15000, "granted"))
            rows.append(_decision(did, pd.Timestamp("2025-11-14"), amount, "reduced", effective=None))
        elif rng.random() < 0.3:
            rows.append(_decision(did, granted, max(5000.0, np.round(amount * 0.6 / 5000) * 5000), "granted"))
            rows.append(_decision(did, pd.Timestamp("2025-03-01") + pd.Timedelta(days=int(rng.integers(0, 540))),
                                  amount, "increased"))
        else:
            rows.append(_decision(did, granted, amount, "granted"))
    frame = pd.DataFrame(rows).sort_values(["debtor_id", "decision_date"], kind="stable").reset_index(drop=True)
    frame["insurer_ref"] = [f"AT-{d.year}-{rng.integers(100000, 1000000)}" for d in frame.decision_date]
    return frame


def _decision(did, day, amount, decision, effective="same") -> dict:
    return {"debtor_id": did, "decision_date": day, "effective_date": day if effective == "same" else effective,
            "amount": amount, "limit_type": "named", "decision": decision}


def financials_sheet(rng: np.random.Generator, monthly: pd.Series) -> pd.DataFrame:
    """Last accounts of 15 customers; one in Altman's distress zone, one incomplete."""
    rows = []
    for did in FINANCIALS:
        revenue = float(np.round(max(monthly.get(did, 3000.0), 3000.0) * rng.uniform(150, 400), -3))
        assets = revenue * rng.uniform(0.5, 0.9)
        distress = did == DISTRESS
        equity = assets * (0.05 if distress else rng.uniform(0.25, 0.45))
        liabilities = assets - equity  # debts only: assets = equity + liabilities
        current_liab = liabilities * (0.85 if distress else rng.uniform(0.45, 0.7))
        current_assets = assets * (0.35 if distress else rng.uniform(0.5, 0.7))
        ebitda = revenue * (-0.01 if distress else rng.uniform(0.05, 0.11))
        staff = revenue * rng.uniform(0.18, 0.28)
        cash = current_assets * (0.03 if distress else rng.uniform(0.08, 0.2))
        row = {"debtor_id": did, "fiscal_year_end": pd.Timestamp("2025-06-30" if did in ("C017", "C044") else "2025-12-31"),
               "total_assets": assets, "current_assets": current_assets, "current_liabilities": current_liab,
               "total_liabilities": liabilities, "equity": equity,
               "permanent_capital": equity + liabilities - current_liab,
               "retained_earnings": equity * (-1.2 if distress else rng.uniform(0.3, 0.7)),
               "ebit": ebitda - revenue * rng.uniform(0.02, 0.035), "ebitda": ebitda, "revenue": revenue,
               "financial_charges": liabilities * rng.uniform(0.01, 0.03), "staff_costs": staff,
               "value_added": staff + ebitda + revenue * 0.015, "cash": cash,
               "receivables": current_assets * rng.uniform(0.35, 0.55)}
        row = {k: round(v, -2) if isinstance(v, float) else v for k, v in row.items()}
        # rounded figures still balance: assets = equity + debts
        row["total_liabilities"] = row["total_assets"] - row["equity"]
        row["permanent_capital"] = row["equity"] + row["total_liabilities"] - row["current_liabilities"]
        if did == INCOMPLETE:
            row.update(staff_costs=None, value_added=None, financial_charges=None)
        rows.append(row)
    return pd.DataFrame(rows)


def actions_sheet(invoices: pd.DataFrame, deb: pd.DataFrame, language: str = "fr") -> pd.DataFrame:
    """Dunning history on the scripted overdue invoices and the chronic late payers' last delays."""
    w = words("demo", language)
    steps = [(8, w["action.reminder1"], ""), (22, w["action.reminder2"], ""), (30, w["action.phone"], w["note.promised"]),
             (45, w["action.notice"], w["note.registered"])]
    as_of = pd.Timestamp(AS_OF)
    quiet = set(deb.debtor_id[deb.do_not_remind.eq(True) | deb.excluded.eq(True)])
    scripted = invoices[invoices.scripted & (invoices.due_date < as_of)]
    rows = []
    for inv in scripted.itertuples():
        stop = pd.Timestamp(DEBTOR_EXTRAS.get(inv.debtor_id, {}).get("insolvency_date") or as_of)
        for days, action, note in steps:
            day = inv.due_date + pd.Timedelta(days=days)
            if day <= min(stop, as_of) and inv.debtor_id not in quiet:
                rows.append({"debtor_id": inv.debtor_id, "invoice_id": inv.invoice_id, "date": day, "action": action,
                             "note": w["note.disputed"] if inv.disputed else note or None})
    return pd.DataFrame(rows).sort_values(["date", "debtor_id"], kind="stable").reset_index(drop=True)


def _late_reminders(invoices: pd.DataFrame, payments: pd.DataFrame, language: str = "fr") -> pd.DataFrame:
    """A first reminder for each chronic late payer's invoice settled more than 15 days late this year."""
    paid = payments.dropna(subset=["invoice_id"]).groupby("invoice_id").date.max()
    inv = invoices[invoices.debtor_id.isin(list(CHRONIC_LATE)) & invoices.document_type.eq("invoice")
                   & (invoices.invoice_date >= pd.Timestamp("2026-01-01"))].copy()
    inv["paid"] = inv.invoice_id.map(paid)
    late = inv[(inv.paid - inv.due_date).dt.days > 15]
    return pd.DataFrame({"debtor_id": late.debtor_id, "invoice_id": late.invoice_id,
                         "date": late.due_date + pd.Timedelta(days=8), "action": text("demo.action.reminder1", language),
                         "note": None})


def register_sheet() -> pd.DataFrame:
    return pd.DataFrame([{"declaration_id": f"{kind}:{did}:{due}", "type": kind, "debtor_id": did, "status": status,
                          "sent_date": pd.Timestamp(sent), "reference": ref or None}
                         for did, due, kind, status, sent, ref in REGISTER])


def grades_sheet(deb: pd.DataFrame) -> pd.DataFrame:
    """Grade history: the scripted changes, and the current grade of other customers as of early 2025."""
    scripted = pd.DataFrame(GRADES, columns=["debtor_id", "date", "insurer_grade", "grade_scale"])
    scripted["date"] = pd.to_datetime(scripted.date)
    rest = deb[deb.insurer_grade.notna() & ~deb.debtor_id.isin(scripted.debtor_id)]
    stable = pd.DataFrame({"debtor_id": rest.debtor_id, "date": pd.Timestamp("2025-01-15"),
                           "insurer_grade": rest.insurer_grade, "grade_scale": rest.grade_scale})
    return pd.concat([stable, scripted]).sort_values(["debtor_id", "date"], kind="stable").reset_index(drop=True)


def fx_sheet() -> pd.DataFrame:
    """Illustrative rates (EUR per unit) at the start of the year and a month before the as-of date:
    the invoices are in euros, the rows give CREDIT_FX_CONVERT and the FX table an example."""
    return pd.DataFrame({"currency": ["USD", "GBP", "CHF", "USD", "GBP", "CHF"],
                         "date": pd.to_datetime(["2026-01-02"] * 3 + ["2026-10-01"] * 3),
                         "rate": [0.86, 1.15, 1.07, 0.87, 1.16, 1.06]})


def rates_sheet() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(["2026-01-01", "2026-07-01"]), "ecb_mro_rate": [2.15, 2.15],
                         "legal_rate": [3.0, 3.0]})


def terms_tables(tables: dict[str, pd.DataFrame], language: str = "fr") -> dict[str, pd.DataFrame]:
    """The demo with one example of each further policy term (see the module's docstring), drawing no
    random number: the other sheets stay as they were."""
    prospect = {**PROSPECT, "sector": text("demo.prospect_sector", language)}
    deb = pd.concat([tables["Debtors"], pd.DataFrame([prospect])], ignore_index=True)
    for did, extras in TERMS_DEBTOR_EXTRAS.items():
        for column, value in extras.items():  # a sector is worded in the demo's language
            deb.loc[deb.debtor_id == did, column] = text(value, language) if column == "sector" else value
    d, a, b, c, amt, kind, dec = PROSPECT_LIMIT
    limits = pd.concat([tables["Limits"], pd.DataFrame([{
        "debtor_id": d, "decision_date": _d(a), "effective_date": _d(b), "expiry_date": _d(c), "amount": amt,
        "limit_type": kind, "decision": dec, "insurer_ref": "AT-2025-418807"}])], ignore_index=True)
    claims = pd.DataFrame([{"debtor_id": d, "date": pd.Timestamp(day), "event": e, "amount": amount, "reference": ref}
                           for d, day, e, amount, ref in CLAIMS])
    return {**tables, "Debtors": deb, "Limits": limits, "Claims": claims,
            "Extensions": extensions_sheet(tables["Invoices"], tables["Payments"], language)}


def extensions_sheet(invoices: pd.DataFrame, payments: pd.DataFrame, language: str = "fr") -> pd.DataFrame:
    """C013's overdue invoice extended within the MEP; a three-instalment plan on C052's largest open
    invoice, the last instalment beyond the MEP and not approved."""
    paid = payments.dropna(subset=["invoice_id"]).groupby("invoice_id").amount.sum()
    owed = invoices.assign(open=invoices.amount - invoices.invoice_id.map(paid).fillna(0.0))
    c013 = owed[(owed.debtor_id == "C013") & (owed.open > 0)].iloc[0]
    c052 = owed[(owed.debtor_id == "C052") & (owed.open > 0) & (owed.due_date > pd.Timestamp(AS_OF))]
    plan = c052.sort_values(["amount", "invoice_id"], ascending=[False, True]).iloc[0]
    third = round(plan.amount / 3, 2)
    day = lambda n: plan.due_date + pd.Timedelta(days=n)  # noqa: E731
    note = lambda key, **fields: text(f"demo.{key}", language, **fields)  # noqa: E731
    return pd.DataFrame([
        {"invoice_id": c013.invoice_id, "debtor_id": "C013", "agreed_date": pd.Timestamp("2026-08-20"),
         "new_due_date": pd.Timestamp("2026-09-30"), "note": note("extension_note")},
        {"invoice_id": plan.invoice_id, "debtor_id": "C052", "agreed_date": pd.Timestamp("2026-10-26"),
         "new_due_date": day(30), "amount": third, "note": note("plan_note", k=1)},
        {"invoice_id": plan.invoice_id, "debtor_id": "C052", "agreed_date": pd.Timestamp("2026-10-26"),
         "new_due_date": day(60), "amount": third, "note": note("plan_note", k=2)},
        {"invoice_id": plan.invoice_id, "debtor_id": "C052", "agreed_date": pd.Timestamp("2026-10-26"),
         "new_due_date": day(90), "note": note("plan_last_note")},
    ])


def demo_tables(seed: int = SEED, terms: bool = True, language: str = "fr") -> dict[str, pd.DataFrame]:
    """Every input sheet of the demo as a DataFrame with the contract's column names, its words
    (sectors, securities, actions) in `language`; `terms=False` leaves out the examples of the
    further policy terms (the demo of the previous release)."""
    rng = np.random.default_rng(seed)
    deb = debtors(rng, language)
    hist, notes, pay = ledger(rng, deb)
    hist, pay = _scenario_ledger(hist, pay, deb)
    invoices, ids = invoices_sheet(hist, notes, deb)
    payments = payments_sheet(pay, hist, ids)
    recent = hist[hist.invoice_date > pd.Timestamp(AS_OF) - pd.Timedelta(days=365)]
    monthly = recent.groupby("debtor_id").amount.sum() / 12
    orders = orders_sheet(rng, deb, monthly)
    need = _open_balances(hist, pay).add(orders.groupby("debtor_id").amount.sum(), fill_value=0)
    need = np.maximum(need * 1.4, monthly.reindex(need.index).fillna(0) * 1.5)
    actions = pd.concat([actions_sheet(invoices, deb, language), _late_reminders(invoices, payments, language)])
    tables = {
        "Debtors": deb, "Invoices": invoices, "Payments": payments, "Orders": orders,
        "Limits": limits_sheet(rng, deb, need), "Grades": grades_sheet(deb),
        "Financials": financials_sheet(rng, monthly),
        "Actions": actions.sort_values(["date", "debtor_id"], kind="stable").reset_index(drop=True),
        "Register": register_sheet(), "Rates": rates_sheet(), "FX": fx_sheet(),
    }
    return terms_tables(tables) if terms else tables


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def build_demo(path, seed: int = SEED, tables: dict[str, pd.DataFrame] | None = None,
               terms: bool = True, language: str = "fr") -> dict[str, object]:
    """Write the demo workbook in `language` (workbooks/demo.xlsx, demo_en.xlsx) to `path` (from
    `tables` instead of the seeded ones if given; `terms=False`: without the further policy terms);
    returns the worksheet functions' results its Functions sheet shows."""
    tables = demo_tables(seed, terms, language) if tables is None else tables
    specs = [input_spec(name, _records(tables.get(name, pd.DataFrame()))) for name in INPUT_SHEETS
             if terms or name not in ("Extensions", "Claims")]
    specs += parameter_sheets(language)
    values = {**policy(language), **TEMPLATE_POLICY, **TERMS_POLICY} if terms else policy(language)
    computed = functions_results(excel_cells(specs, values, language))  # sizes the Functions sheet
    build(path, specs, values, notes={"Rates": text("template.rates_note", language)},
          extra=lambda wb, fmt: write_functions_sheet(wb, fmt, computed, language), language=language)
    return computed
