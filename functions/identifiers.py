"""Debtor registration numbers: SIREN, SIRET and VAT numbers checked with python-stdnum.

- 9 digits: SIREN (French company number), 14 digits: SIRET (establishment number), for debtors
  in France or without a country;
- two letters then digits: an intra-community (or GB, CH, NO ...) VAT number, whose prefix
  should match the debtor's country (EL is Greece);
- digits only for a debtor outside France: checked as that country's VAT number when it is
  one, otherwise left unchecked (national registers stdnum does not know are not errors).

>>> check_registration("732 829 320", "FR")
Registration(kind='SIREN', formatted='732 829 320', valid=True, problem=None)
>>> check_registration("732829321", "FR").problem
'SIREN 732829321 is invalid: the checksum or check digit is invalid'

A blank id is not reported here. Problems are warnings: the debtor is still used, but a
declaration to the insurer needs a valid number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import stdnum
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren, siret

from .model import Issue
from .texts import has, message


@dataclass(frozen=True)
class Registration:
    """A registration id as the insurer expects it: kind (SIREN, SIRET, VAT or None when not
    recognised), the number formatted for print, whether it passed its check."""

    kind: str | None
    formatted: str
    valid: bool
    problem: str | None


def _vat_module(prefix: str):
    code = "gr" if prefix == "el" else prefix
    return eu_vat if code in eu_vat.MEMBER_STATES else stdnum.get_cc_module(code, "vat")


def _check(module, kind: str, number: str, shown: str) -> Registration:
    """Validate with stdnum; SIREN/SIRET print grouped, VAT numbers compact with their prefix."""
    try:
        compact = module.validate(number)
    except ValidationError as exc:
        why = type(exc).__name__  # InvalidChecksum, InvalidLength, InvalidFormat, InvalidComponent
        reason = message(f"identifier.{why}") if has(f"identifier.{why}") else message("identifier.InvalidFormat")
        return Registration(kind, shown, False, message("identifier.invalid", kind=message(f"identifier.kind.{kind}"),
                                                        number=shown, reason=reason))
    return Registration(kind, module.format(compact) if kind != "VAT" else number, True, None)


@lru_cache(maxsize=65536)
def check_registration(value: str | None, country: str | None = None) -> Registration:
    """Recognise, check and format one registration id (blank or non-text: no id). Remembered: every
    worksheet function reading Debtors checks the same numbers again."""
    if not isinstance(value, str) or not value.strip():
        return Registration(None, "", False, None)
    shown = value.strip()
    number = re.sub(r"[\s.\-/]", "", shown).upper()
    country = (country.strip().upper() or None) if isinstance(country, str) else None
    prefixed = re.fullmatch(r"[A-Z]{2}[0-9A-Z]+", number) is not None
    prefix = {"EL": "GR"}.get(number[:2], number[:2])
    module = _vat_module(number[:2].lower()) if prefixed else None
    if prefixed and country in (None, prefix):
        if module is None:
            return Registration(None, shown, False, message("identifier.prefix", number=shown, prefix=number[:2]))
        return _check(module, "VAT", number, shown)
    if module is not None and module.is_valid(number):
        return Registration("VAT", number, True, message("identifier.country", number=shown, prefix=prefix,
                                                                  country=country))
    if country in (None, "FR"):
        if number.isdigit() and len(number) == 9:
            return _check(siren, "SIREN", number, shown)
        if number.isdigit() and len(number) == 14:
            return _check(siret, "SIRET", number, shown)
        return Registration(None, shown, False,
                            message("identifier.unknown", number=shown))
    national = stdnum.get_cc_module(country.lower(), "vat")
    if national is not None and national.is_valid(number):
        return Registration("VAT", country + national.compact(number), True, None)
    return Registration(None, shown, False, None)


def registrations(debtors: pd.DataFrame) -> pd.DataFrame:
    """Per Debtors row: debtor_id, registration_kind, registration_formatted, registration_valid, problem, _row.

    stdnum checks one number at a time; each distinct (id, country) pair is checked once.
    """
    found = _checked(debtors)
    return pd.DataFrame({"debtor_id": debtors["debtor_id"].to_numpy(), "registration_kind": [r.kind for r in found],
                         "registration_formatted": [r.formatted for r in found],
                         "registration_valid": [r.valid for r in found], "problem": [r.problem for r in found],
                         "_row": debtors["_row"].to_numpy()})


def registration_issues(debtors: pd.DataFrame) -> list[Issue]:
    """One warning per Debtors row whose registration_id fails its check."""
    return [Issue("Debtors", int(r), "registration_id", "warning", found.problem)  # the Message, not its str
            for r, found in zip(debtors["_row"], _checked(debtors)) if found.problem]


def _checked(debtors: pd.DataFrame) -> list[Registration]:
    """check_registration of each Debtors row's registration_id and country (None where blank)."""
    ids, countries = (debtors[c].to_numpy(dtype=object) for c in ("registration_id", "country"))
    return [check_registration(i, c) for i, c in zip(np.where(pd.isna(ids), None, ids),
                                                      np.where(pd.isna(countries), None, countries))]
