"""Junk in the receivables tables: no exception escapes, every rejected row is reported with
its sheet, row and column, and the accepted rows give the same results as a clean table
holding only them (issue: reliability)."""
from datetime import datetime

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.run import validate
from addin.excel import udfs
from functions.analysis import analyse
from tests.builders import assert_sheets_equal

AS_OF = datetime(2025, 6, 30)
DEBTORS = ["D1", "D2", "D3"]

clean_id = st.sampled_from(DEBTORS).flatmap(lambda d: st.sampled_from([d, f" {d}", f"{d}\u00a0", d.lower().upper()]))
clean_date = st.dates(min_value=datetime(2024, 1, 1).date(), max_value=datetime(2025, 12, 31).date()).flatmap(
    lambda d: st.sampled_from([datetime(d.year, d.month, d.day), d.strftime("%d/%m/%Y"), d.isoformat(),
                               float((pd.Timestamp(d) - pd.Timestamp("1899-12-30")).days)]))
clean_amount = st.floats(min_value=0.01, max_value=1e7, allow_nan=False).map(lambda x: round(x, 2)).flatmap(
    lambda x: st.sampled_from([x, f"{x:,.2f}".replace(",", " ").replace(".", ","), str(x)]))
junk = st.sampled_from([None, "", "   ", "#N/A", "#VALUE!", "abc", float("nan"), "1900-13-45", "01/01/1800",
                        "31/12/2999", 1e300, -5e15, True])


@st.composite
def invoice_rows(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for k in range(n):
        invoice_date = draw(clean_date)
        row = {"N° facture": draw(st.sampled_from([f"F{k}", f"F{k}", f"F{max(k - 1, 0)}"])),
               "Client": draw(clean_id), "Date facture": invoice_date,
               "Date d'échéance": draw(clean_date), "Montant TTC": draw(clean_amount),
               "Litige": draw(st.sampled_from([None, "oui", "non", "x", 1.0, "maybe"]))}
        if draw(st.booleans()):
            row[draw(st.sampled_from(list(row)))] = draw(junk)
        if draw(st.integers(0, 9)) == 0:
            row["Client"] = "UNKNOWN"
        rows.append(row)
    return rows


def raw_tables(rows):
    invoices = pd.DataFrame(rows, dtype=object)
    invoices.index = pd.RangeIndex(2, 2 + len(invoices))
    debtors = pd.DataFrame({"debtor_id": DEBTORS, "name": ["=cmd|' /C calc'!A0", "+33 1 23", "@SUM(A1)"]})
    debtors.index = pd.RangeIndex(2, 5)
    return {"Debtors": debtors, "Invoices": invoices}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invoice_rows())
def test_junk_is_reported_and_the_rest_computed(rows):
    raw = raw_tables(rows)
    inputs = validate(raw)                       # no exception escapes
    accepted = set(inputs.table("Invoices")["_row"])
    rejected = set(raw["Invoices"].index) - accepted
    reported = {i.row for i in inputs.issues if i.sheet == "Invoices" and i.severity == "error"}
    assert rejected == reported
    for issue in inputs.issues:
        assert issue.sheet and issue.column and issue.message
        assert issue.column in raw[issue.sheet].columns    # names the user's own header
    full = analyse(inputs, AS_OF).sheets()

    clean_raw = {"Debtors": raw["Debtors"], "Invoices": raw["Invoices"].loc[sorted(accepted)]}
    clean_inputs = validate(clean_raw)
    assert not [i for i in clean_inputs.issues if i.severity == "error"]
    clean = analyse(clean_inputs, AS_OF).sheets()
    # every result sheet but the list of problems, and the Dashboard but its data quality block,
    # which counts the rows left out (issue 19): the clean table has none
    quality = full["Dashboard"].pop("quality").set_index("sheet")
    assert quality.loc["Invoices", "rows_left_out"] == len(rejected)
    assert quality.loc["Invoices", "rows_read"] == len(raw["Invoices"].dropna(how="all"))
    clean["Dashboard"].pop("quality")
    assert_sheets_equal(full, clean, [s for s in full if s != "Issues"])
    assert np.isfinite(full["Exposure"]["exposure"]).all()

    # The worksheet functions get the same cells as Excel would pass them: same answer, no exception.
    # (every table function but these two goes through the same `_analysis` as CREDIT_COVER)
    for name in ("CREDIT_AGING", "CREDIT_EXPOSURE", "CREDIT_COVER"):
        junk = call(name, raw["Invoices"], raw["Debtors"])
        assert not (isinstance(junk, str) and "Traceback" in junk)
        assert junk == call(name, clean_raw["Invoices"], raw["Debtors"]), name


def cells(frame: pd.DataFrame) -> list[list]:
    """A raw sheet as the list of rows Excel hands to a worksheet function (NaN is an empty cell)."""
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [list(frame.columns)] + rows


def call(name: str, invoices: pd.DataFrame, debtors: pd.DataFrame):
    udfs.CACHE.entries.clear()
    function = getattr(udfs, name)
    if name == "CREDIT_AGING":
        return function(cells(invoices), None, cells(debtors), AS_OF)
    if name == "CREDIT_EXPOSURE":
        return function(cells(invoices), None, cells(debtors), None, AS_OF)
    return function(cells(invoices), None, cells(debtors), None, None, None, AS_OF)
