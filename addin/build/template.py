"""The empty template we distribute: every input sheet of the contract as an empty table,
the Policy sheet with its defaults and the Instructions sheet.

Parameter-table sheets (Scoring, Dunning plan, PD, Policy variants, Mapping) are added by
appending a `SheetSpec` with their shipped default rows to `TEMPLATE_SHEETS`.
"""
from __future__ import annotations

from addin.contract import INPUT_SHEETS

from .sheets import SheetSpec, build, input_spec

TEMPLATE_SHEETS: list[SheetSpec] = [input_spec(name) for name in INPUT_SHEETS]


def build_template(path) -> None:
    """Write the template workbook (workbooks/template.xlsx) to `path`."""
    build(path, TEMPLATE_SHEETS)
