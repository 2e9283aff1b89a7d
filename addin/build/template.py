"""The empty template we distribute: every input sheet of the contract as an empty table,
the Policy sheet with its defaults and the Instructions sheet.

Parameter-table sheets (Scoring, Dunning plan, PD, Policy variants, Mapping) are added by
appending a `SheetSpec` with their shipped default rows to `TEMPLATE_SHEETS`.
"""
from __future__ import annotations

from addin.workbook.contract import INPUT_SHEETS, PARAMETER_SHEETS
from functions.dunning import plan_records
from functions.portfolio import DEFAULT_PD, EXAMPLE_VARIANTS
from functions.scoring import DEFAULT_SCORING

from addin.build.sheets import SheetSpec, build, input_spec

TEMPLATE_SHEETS: list[SheetSpec] = [input_spec(name) for name in INPUT_SHEETS]
PORTFOLIO_SHEETS: list[SheetSpec] = [
    SheetSpec("PD", PARAMETER_SHEETS["PD"],
              "Probabilité de défaut à un an par note de score (A à E, non noté), pour la perte attendue.",
              "One-year probability of default per score grade (A to E, not scored), for the expected loss.",
              tuple(DEFAULT_PD.to_dict("records"))),
    SheetSpec("Policy variants", PARAMETER_SHEETS["Policy variants"],
              "Formules de police à comparer (quotité, franchise, taux, seuil de non-dénommé) ; vide = valeur actuelle.",
              "Policy terms to compare (quotite, deductible, rate, non-named threshold); blank = the current value.",
              tuple(EXAMPLE_VARIANTS.astype(object).where(EXAMPLE_VARIANTS.notna(), None).to_dict("records"))),
]
TEMPLATE_SHEETS += PORTFOLIO_SHEETS

SCORING = SheetSpec(
    "Scoring", PARAMETER_SHEETS["Scoring"],
    "Poids des composantes du score client, demi-vie du retard récent et part des fonds propres par classe "
    "(limite recommandée).",
    "Weights of the client score's components, half-life of the recent days late and share of equity per "
    "grade (recommended limit).", tuple(DEFAULT_SCORING.to_dict("records")))
TEMPLATE_SHEETS.append(SCORING)

DUNNING_PLAN = SheetSpec(
    "Dunning plan", PARAMETER_SHEETS["Dunning plan"],
    "Plan de relance : niveaux, jours après l'échéance, canal, modèle de lettre, seuil, délai accordé "
    "(valeurs par défaut : pratique française, modifiables).",
    "Dunning plan: levels, days after the due date, channel, letter template, threshold, time to pay "
    "(defaults: French practice, editable).", tuple(plan_records(language="fr")))
TEMPLATE_SHEETS.append(DUNNING_PLAN)


def build_template(path) -> None:
    """Write the template workbook (workbooks/template.xlsx) to `path`."""
    build(path, TEMPLATE_SHEETS)
