"""SIREN / SIRET / VAT checks with python-stdnum."""
import pandas as pd
import pytest

from addin.workbook.read import empty_table
from functions.identifiers import check_registration, registration_issues, registrations


@pytest.mark.parametrize("value, country, kind, formatted", [
    ("732829320", "FR", "SIREN", "732 829 320"),
    ("732 829 320 00074", None, "SIRET", "732 829 320 00074"),
    ("fr 40 303 265 045", "FR", "VAT", "FR40303265045"),
    ("EL094259216", "GR", "VAT", "EL094259216"),
    ("136695976", "DE", "VAT", "DE136695976"),  # German VAT number given without its prefix
])
def test_valid_numbers_are_recognised_and_formatted(value, country, kind, formatted):
    reg = check_registration(value, country)
    assert (reg.kind, reg.formatted, reg.valid, reg.problem) == (kind, formatted, True, None)


@pytest.mark.parametrize("value, country, words", [
    ("732829321", "FR", "SIREN 732829321 is invalid"),     # last digit changed: Luhn fails
    ("73282932000075", "FR", "SIRET"),
    ("FR40303265046", None, "VAT number FR40303265046 is invalid"),
    ("12345", "FR", "neither a SIREN"),
    ("FR40303265045", "DE", "is from FR but the debtor's country is DE"),
    ("XX123456", None, "unknown VAT country prefix XX"),
])
def test_problems(value, country, words):
    assert words in check_registration(value, country).problem


@pytest.mark.parametrize("value, country", [(None, "FR"), ("  ", "FR"), (float("nan"), None), ("HRB 1234", "DE")])
def test_blank_or_foreign_national_ids_are_not_reported(value, country):
    assert check_registration(value, country).problem is None


def test_issues_name_the_debtors_row_and_column():
    debtors = pd.concat([empty_table("Debtors"), pd.DataFrame({
        "debtor_id": ["D1", "D2", "D3"], "registration_id": ["732829320", "732829321", None],
        "country": ["FR", "FR", None], "_row": [2, 3, 4]})], ignore_index=True)
    issues = registration_issues(debtors)
    assert [(i.sheet, i.row, i.column, i.severity) for i in issues] == [("Debtors", 3, "registration_id", "warning")]
    table = registrations(debtors)
    assert table["registration_formatted"].tolist() == ["732 829 320", "732829321", ""]
    assert table["registration_valid"].tolist() == [True, False, False]
