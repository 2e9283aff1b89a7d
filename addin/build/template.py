"""The empty template we distribute, in French (`template.xlsx`) and English (`template_en.xlsx`):
every input sheet of the contract as an empty table with a note on each header, the Policy sheet
with its defaults, the parameter sheets with their shipped rows, the Instructions and Help sheets.

Parameter-table sheets (Scoring, Dunning plan, PD, Policy variants, Mapping) are added by
appending a `SheetSpec` with their shipped default rows to `template_sheets`.
"""
from __future__ import annotations

import pandas as pd

from addin.workbook.contract import INPUT_SHEETS, PARAMETER_SHEETS
from functions.dunning import plan_records
from functions.portfolio import DEFAULT_PD, EXAMPLE_VARIANTS
from functions.scoring import DEFAULT_SCORING
from functions.texts import text

from addin.build.sheets import SheetSpec, build, input_spec

TEMPLATES = {"fr": "template.xlsx", "en": "template_en.xlsx"}


# Policy values the template ships where the rule's default is "not checked": the statutory
# payment terms (Code de commerce L441-10 I) and a six-month idle-limit review.
TEMPLATE_POLICY = {"legal_terms_days": 60, "legal_terms_eom_days": 45, "idle_limit_months": 6}


def _records(frame: pd.DataFrame) -> tuple[dict, ...]:
    return tuple(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def parameter_sheets(language: str) -> list[SheetSpec]:
    """Dunning plan, PD, Policy variants and Scoring with their shipped rows, described in `language`."""
    pd_rows = DEFAULT_PD.assign(description=[text(f"pd_note.{g}", language) for g in DEFAULT_PD["grade"]])
    variants = EXAMPLE_VARIANTS.assign(
        variant=[text(f"variant.{k}.name", language) for k in range(len(EXAMPLE_VARIANTS))],
        description=[text(f"variant.{k}.description", language) for k in range(len(EXAMPLE_VARIANTS))])
    scoring = DEFAULT_SCORING.assign(description=[text(f"scoring_param.{p}", language) for p in DEFAULT_SCORING["parameter"]])
    return [SheetSpec("Dunning plan", PARAMETER_SHEETS["Dunning plan"], tuple(plan_records(language=language))),
            SheetSpec("PD", PARAMETER_SHEETS["PD"], _records(pd_rows)),
            SheetSpec("Policy variants", PARAMETER_SHEETS["Policy variants"], _records(variants)),
            SheetSpec("Scoring", PARAMETER_SHEETS["Scoring"], _records(scoring))]


def template_sheets(language: str) -> list[SheetSpec]:
    return [input_spec(name) for name in INPUT_SHEETS] + parameter_sheets(language)


def build_template(path, language: str = "fr") -> None:
    """Write the template workbook in `language` (workbooks/template.xlsx, template_en.xlsx) to `path`."""
    build(path, template_sheets(language), {**TEMPLATE_POLICY, "language": language}, language=language)
