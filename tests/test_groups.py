"""Debtor groups: keys, the Groups sheet, GROUP_OVER_COVER, and a run end to end."""
from __future__ import annotations

import pandas as pd
import pytest

from addin.workbook.read import inputs as make_inputs
from functions.groups import concentration_units, group_flags, group_key, groups_sheet
from functions.policy import Policy
from tests.builders import invoice, table
from functions.analysis import analyse

DEBTORS = table("Debtors", [dict(debtor_id="D1", group="Groupe Durand"), dict(debtor_id="D2", group=" groupe  DURAND "),
                            dict(debtor_id="D3"), dict(debtor_id="D4", group="Solo SA"),
                            dict(debtor_id="D5", group="Groupe Durand", excluded=True)])


def exposure(rows):
    """Exposure rows (debtor_id, exposure, limit, limit_type); other figures derived simply."""
    frame = pd.DataFrame(rows, columns=["debtor_id", "exposure", "limit", "limit_type"])
    frame["open_orders"] = 0.0
    frame["exposure_with_orders"] = frame["exposure"]
    frame["covered"] = frame[["exposure", "limit"]].min(axis=1)
    frame["insured_amount"] = 0.9 * frame["covered"]
    frame["uninsured"] = frame["exposure"] - frame["covered"]
    return frame


EXPOSURE = exposure([("D1", 8000.0, 10000.0, "named"), ("D2", 9000.0, 5000.0, "named"), ("D3", 500.0, 10000.0, "non_named"),
                     ("D4", 7000.0, 5000.0, "named"), ("D5", 3000.0, 0.0, "excluded")])


def test_group_key_matches_spellings_and_keeps_stand_alone_debtors_apart():
    assert group_key(DEBTORS).tolist() == ["Groupe Durand", "Groupe Durand", "D3", "Solo SA", "Groupe Durand"]
    assert concentration_units(DEBTORS) == 3  # Durand (D1, D2, D5), D3, Solo SA


def test_groups_sheet_sums_insured_members_and_flags_a_group_over_its_cover():
    groups = groups_sheet(EXPOSURE, DEBTORS).set_index("group")
    assert groups.index.tolist() == ["Groupe Durand", "Solo SA"]  # named groups only, largest exposure first
    durand = groups.loc["Groupe Durand"]
    # D1 + D2 (D5 excluded): exposure 8,000 + 9,000 = 17,000; cover 10,000 + 5,000 = 15,000
    assert (durand["members"], durand["exposure"], durand["limit"], durand["over_cover"]) == (2, 17000.0, 15000.0, 2000.0)
    assert durand["usage"] == pytest.approx(17000 / 15000)
    assert durand["covered"] == 13000.0 and durand["excluded_members"] == 1 and durand["largest_member"] == "D2"
    assert durand["debtor_ids"] == "D1, D2, D5"
    flags = group_flags(groups.reset_index(), Policy(insurer="Coface", language="en"))
    (flag,) = flags.frame().itertuples()  # Solo SA is over too, but one company: OVER_LIMIT already says it
    assert (flag.debtor_id, flag.flag, flag.severity, flag.amount) == ("Groupe Durand", "GROUP_OVER_COVER", "warning", 2000.0)
    assert flag.message == ("Group Groupe Durand: exposure EUR 17,000 across 2 companies exceeds their combined cover of "
                            "EUR 15,000 by EUR 2,000; its companies share one risk: hold deliveries to the group or ask "
                            "Coface for a group limit")


def test_a_group_within_its_cover_raises_no_flag():
    under = exposure([("D1", 8000.0, 10000.0, "named"), ("D2", 6000.0, 5000.0, "named")])  # 14,000 <= 15,000
    assert group_flags(groups_sheet(under, DEBTORS), Policy()).frame().empty


def test_run_writes_groups_and_the_group_flag_in_breaches():
    invoices = table("Invoices", [invoice("A", "D1", "2025-06-01", "2025-07-31", 8000),
                                  invoice("B", "D2", "2025-06-01", "2025-07-31", 9000)])
    limits = table("Limits", [dict(debtor_id="D1", decision_date="2025-01-01", amount=10000.0, limit_type="named", decision="granted"),
                              dict(debtor_id="D2", decision_date="2025-01-01", amount=5000.0, limit_type="named", decision="granted")])
    debtors = table("Debtors", [dict(debtor_id="D1", name="Durand Nord", group="Durand"),
                                dict(debtor_id="D2", name="Durand Sud", group="Durand")])
    result = analyse(make_inputs(Policy(), {"Invoices": invoices, "Limits": limits, "Debtors": debtors}),
                              pd.Timestamp("2025-06-30").date()).sheets()
    assert result["Groups"][["group", "exposure", "limit", "over_cover"]].values.tolist() == [["Durand", 17000.0, 15000.0, 2000.0]]
    breaches = result["Breaches"]
    group_row = breaches.loc[breaches["flag"] == "GROUP_OVER_COVER"].iloc[0]
    assert (group_row["debtor_id"], group_row["name"], group_row["amount"]) == ("Durand", "Durand", 2000.0)
    assert breaches.loc[breaches["flag"] == "OVER_LIMIT", "debtor_id"].tolist() == ["D2"]  # 9,000 > 5,000
    assert breaches["severity"].map({"critical": 0, "warning": 1, "info": 2}).is_monotonic_increasing


def test_worksheet_function_returns_the_groups_table():
    from addin.excel.udfs import CREDIT_GROUPS
    invoices = [["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"],
                ["A", "D1", "2025-06-01", "2025-07-31", 8000.0], ["B", "D2", "2025-06-01", "2025-07-31", 9000.0]]
    debtors = [["debtor_id", "group"], ["D1", "Durand"], ["D2", "Durand"]]
    limits = [["debtor_id", "decision_date", "amount", "limit_type", "decision"],
              ["D1", "2025-01-01", 10000.0, "named", "granted"], ["D2", "2025-01-01", 5000.0, "named", "granted"]]
    out = CREDIT_GROUPS(invoices, debtors, None, limits, None, None, None, "2025-06-30")
    row = dict(zip(out[0], out[1]))  # no Policy argument: French headers
    assert (row["Groupe"], row["Sociétés"], row["Encours"], row["Limite"], row["Dépassement de garantie"]) == (
        "Durand", 2, 17000.0, 15000.0, 2000.0)
