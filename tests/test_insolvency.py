"""Insolvency proceedings: deadlines across month ends, the proof of claim, cover, flags, letters."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from docx import Document

from addin.letters import draft
from addin.workbook.read import inputs as make_inputs
from addin.excel.udfs import CREDIT_PROOF_OF_CLAIM_BY
from functions.declarations import letter_data
from functions.insolvency import proof_of_claim_by
from functions.policy import Policy
from tests.builders import invoice, table
from functions.analysis import analyse


@pytest.mark.parametrize("judgment, deadline", [
    ("2025-12-31", "2026-02-28"),  # no 31 February: month end
    ("2024-12-31", "2025-02-28"),
    ("2023-12-30", "2024-02-29"),  # leap year
    ("2023-12-31", "2024-02-29"),
    ("2025-01-15", "2025-03-15"),
])
def test_proof_of_claim_is_due_two_calendar_months_later_clipped_to_the_month_end(judgment, deadline):
    assert proof_of_claim_by(pd.Timestamp(judgment)) == pd.Timestamp(deadline)
    assert CREDIT_PROOF_OF_CLAIM_BY(judgment) == pd.Timestamp(deadline).to_pydatetime()


def run(insolvency_date="2025-12-31", as_of="2026-01-15", language="fr", excluded=False, invoices=None):
    invoices = invoices if invoices is not None else table("Invoices", [
        invoice("A", "D1", "2025-10-31", "2025-11-30", 10000),  # overdue at the judgment: 31 days
        invoice("B", "D1", "2025-12-20", "2026-02-20", 2000),  # not due at the judgment: accelerated
        invoice("C", "D1", "2026-01-05", "2026-03-05", 1000),  # delivered after the judgment
        invoice("Z", "D2", "2025-12-01", "2026-01-31", 500)])
    debtors = table("Debtors", [dict(debtor_id="D1", name="Durand SARL", insolvency_date=insolvency_date, excluded=excluded,
                                     security="Réserve de propriété"),
                                dict(debtor_id="D2", name="Martin SA")])
    limits = table("Limits", [dict(debtor_id="D1", decision_date="2025-01-01", amount=20000.0, limit_type="named",
                                   decision="granted")])
    policy = Policy(insurer="Allianz Trade", policy_number="POL-1", language=language)
    return analyse(make_inputs(policy, {"Invoices": invoices, "Debtors": debtors, "Limits": limits}),
                            pd.Timestamp(as_of).date())


def test_insolvency_notice_due_ten_days_later_across_a_month_end():
    invoices = table("Invoices", [invoice("A", "D1", "2024-12-01", "2025-01-31", 700)])
    drafts = run("2025-01-25", "2025-02-01", invoices=invoices).sheet("Declarations").set_index("declaration_id")
    assert drafts.loc["insolvency_notice:D1:2025-01-25", "due_by"] == pd.Timestamp("2025-02-04")  # 25 Jan + 10 days


def test_proof_of_claim_declaration_with_interest_to_the_judgment_and_indemnity():
    result = run()
    drafts = result.sheet("Declarations").set_index("declaration_id")
    claim = drafts.loc["proof_of_claim:D1:2025-12-31"]
    # principal A 10,000 + B 2,000 (C delivered after the judgment is not declared);
    # A: 1-31 Dec at 2.15 + 10 = 12.15 %: 10000 x 0.1215 x 31/365 = 103.19; indemnity 40 (A only)
    assert (claim["type"], claim["amount"], claim["due_by"], claim["invoices"]) == \
        ("proof_of_claim", 12143.19, pd.Timestamp("2026-02-28"), 2)
    assert drafts.loc["insolvency_notice:D1:2025-12-31", "due_by"] == pd.Timestamp("2026-01-10")
    sheet = result.sheet("Insolvency").iloc[0]
    assert (sheet["principal"], sheet["interest"], sheet["indemnity"], sheet["claim_total"]) == (12000.0, 103.19, 40.0, 12143.19)
    assert sheet["proof_of_claim_by"] == pd.Timestamp("2026-02-28") and sheet["delivered_after_insolvency"] == 1000.0


def test_open_invoices_become_due_at_the_judgment_in_the_deadline_calendar():
    calendar = run().sheet("Deadlines").set_index("invoice_id")
    assert calendar.loc["B", "due_date"] == pd.Timestamp("2025-12-31")  # was 2026-02-20
    assert "C" not in calendar.index and "Z" not in calendar.index  # delivered after; other debtor not due
    assert calendar.loc["A", "due_date"] == pd.Timestamp("2025-11-30")  # already due: unchanged


def test_cover_is_lost_for_deliveries_after_the_judgment_and_flagged_critical():
    result = run(language="en")
    exposure = result.sheet("Exposure").set_index("debtor_id").loc["D1"]
    # 13,000 open; C (1,000) delivered after 2025-12-31 is not eligible: covered 12,000 of the 20,000 limit
    assert (exposure["exposure"], exposure["ineligible_delivered_after_insolvency"], exposure["eligible"],
            exposure["covered"], exposure["uninsured"]) == (13000.0, 1000.0, 12000.0, 12000.0, 1000.0)
    flag = result.sheet("Breaches").query("flag == 'INSOLVENCY'").iloc[0]
    assert (flag["debtor_id"], flag["severity"], flag["amount"]) == ("D1", "critical", 12000.0)
    assert flag["message"] == ("Insolvency proceedings since 2025-12-31: deliveries after that date are not covered "
                               "(EUR 1,000 already delivered, EUR 0 on order): stop deliveries, notify Allianz Trade by "
                               "2026-01-10 and file the proof of claim with the court-appointed representative by 2026-02-28")


def test_excluded_debtor_still_gets_its_proof_of_claim_but_no_insurer_notice_or_flag():
    result = run(excluded=True)
    types = result.sheet("Declarations").query("debtor_id == 'D1'")["type"].tolist()
    assert types == ["proof_of_claim"]
    assert result.sheet("Breaches").query("flag == 'INSOLVENCY'").empty


def test_judgment_after_as_of_changes_nothing_yet():
    result = run("2026-02-01")
    assert result.sheet("Insolvency").empty
    assert result.sheet("Declarations").query("type == 'proof_of_claim'").empty


def test_french_proof_of_claim_letter_prints_the_claim(tmp_path):
    result = run()
    row = result.sheet("Declarations").set_index("declaration_id").loc["proof_of_claim:D1:2025-12-31"]
    data = letter_data({**row.to_dict(), "declaration_id": row.name}, result["letters"])
    assert [line["invoice_id"] for line in data["claim_lines"]] == ["A", "B"]
    assert data["penalty_totals"] == {"principal": 12000.0, "interest": 103.19, "indemnity": 40.0, "claim_total": 12143.19}
    assert data["claim_lines"][0]["days_late"] == 31 and data["claim_lines"][1]["interest"] == 0.0
    path = draft("proof_of_claim", data, "fr", tmp_path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    text += "\n".join(c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells)
    assert "Déclaration de créance" in text and "mandataire judiciaire" in text
    assert "12\u00a0143,19\u00a0€" in text and "103,19\u00a0€" in text and "Réserve de propriété" in text
    assert "31/12/2025" in text and "28/02/2026" in text and "{{" not in text


def test_claim_in_a_foreign_currency_is_converted_at_the_judgment_date_rate():
    invoices = table("Invoices", [invoice("U", "D1", "2025-12-01", "2026-01-31", 1000, currency="USD")])
    debtors = table("Debtors", [dict(debtor_id="D1", insolvency_date="2025-12-31")])
    fx = table("FX", [dict(currency="USD", date="2025-12-01", rate=0.95), dict(currency="USD", date="2026-01-10", rate=0.80)])
    result = analyse(make_inputs(Policy(), {"Invoices": invoices, "Debtors": debtors, "FX": fx}), dt.date(2026, 1, 15))
    sheet = result.sheet("Insolvency").iloc[0]
    assert sheet["principal"] == 950.0  # 1,000 USD at 0.95 (rate of the judgment date), not 0.80 (as_of)
    assert result.sheet("Exposure").set_index("debtor_id").loc["D1", "exposure"] == pytest.approx(800.0)


def test_proofs_of_claim_by_are_proof_of_claim_by_on_an_array():
    """Two calendar months after the start, clipped to the month's end, as proof_of_claim_by; NaT stays NaT."""
    from functions.insolvency import proofs_of_claim_by

    starts = np.array(["2025-12-31", "2023-12-30", "2026-01-15", "NaT"], dtype="datetime64[ns]")
    found = proofs_of_claim_by(starts)
    assert [str(d)[:10] for d in found[:3]] == ["2026-02-28", "2024-02-29", "2026-03-15"]
    assert all(found[k] == proof_of_claim_by(pd.Timestamp(starts[k])).to_datetime64() for k in range(3))
    assert np.isnat(found[3])
