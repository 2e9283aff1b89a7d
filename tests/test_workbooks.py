"""The distributed workbooks: regenerated identically, shaped by the contract, and a demo that
holds every scenario the credit manager should see."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from stdnum import get_cc_module
from stdnum.fr import siren

from addin.build.demo import AS_OF, CONTROLLED, SCENARIOS, build_demo
from addin.build.lite import build_lite
from addin.build.sheets import Formats, choice_values, column_title, new_workbook, policy_choice, write_table
from addin.build.synth import synth
from addin.build.template import TEMPLATE_POLICY, build_template
from addin.workbook.contract import BOOL, CHOICE, INPUT_SHEETS, PARAMETER_SHEETS, Column, TEXT
from addin.workbook.read import read_policy, read_table
from functions.policy import parameters

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
FLAGS = ("OVER_LIMIT", "NO_COVER", "DELIVERED_AFTER_WITHDRAWAL", "DELIVERED_ABOVE_REDUCED_LIMIT",
         "OVERDUE_BEYOND_MEP", "NOTIFICATION_LATE", "LIMIT_EXPIRED", "LIMIT_REQUEST_NEEDED", "HIGH_USAGE",
         "DISPUTED_EXPOSURE", "LIMIT_EXPIRING")
STATUSES = ("overdue", "to_notify", "notification_late", "notified", "handover_due", "handover_late", "handed_over")
TODAY = pd.Timestamp(AS_OF)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory, demo_build) -> Path:
    folder = tmp_path_factory.mktemp("workbooks")
    build_template(folder / "template.xlsx")
    build_template(folder / "template_en.xlsx", "en")
    shutil.copyfile(demo_build[0], folder / "demo.xlsx")
    build_demo(folder / "demo_en.xlsx", language="en")
    build_lite(folder)  # the Lite editions of the four, carrying the add-in's code
    return folder


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    """The committed demo read back through the add-in's own reader."""
    raw = pd.read_excel(WORKBOOKS / "demo.xlsx", sheet_name=None, engine="calamine")
    tables = {}
    for name, frame in raw.items():
        if name in INPUT_SHEETS:
            frame.index = frame.index + 2  # Excel row numbers
            tables[name], issues = read_table(name, frame)
            assert issues == [], (name, issues[:3])
    tables["Policy"] = raw["Policy"]
    return tables


@pytest.fixture(scope="module")
def books() -> dict[str, openpyxl.Workbook]:
    """The committed workbooks, loaded once."""
    return {name: openpyxl.load_workbook(WORKBOOKS / name)
            for name in ("template.xlsx", "template_en.xlsx", "demo.xlsx", "demo_en.xlsx")}


def snapshot(book: openpyxl.Workbook) -> dict:
    """Every sheet's cell values, table names and ranges, and data validations."""
    return {ws.title: ([tuple(getattr(v, "text", v) for v in row) for row in ws.iter_rows(values_only=True)],
                       dict(ws.tables.items()),
                       sorted((str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation))
            for ws in book.worksheets}


# (1) the committed workbooks are what the code generates

@pytest.mark.parametrize("name", ["template.xlsx", "template_en.xlsx", "demo.xlsx", "demo_en.xlsx"])
def test_committed_workbook_matches_the_code(rebuilt, books, name):
    assert snapshot(openpyxl.load_workbook(rebuilt / name)) == snapshot(books[name])
    assert (rebuilt / name).read_bytes() == (WORKBOOKS / name).read_bytes()


@pytest.mark.parametrize("name", ["template_lite.xlsx", "template_lite_en.xlsx", "demo_lite.xlsx", "demo_lite_en.xlsx"])
def test_committed_lite_workbook_matches_the_code(rebuilt, name):
    assert (rebuilt / name).read_bytes() == (WORKBOOKS / name).read_bytes()


# (2) the template follows the contract

@pytest.mark.parametrize("template, language", [("template.xlsx", "fr"), ("template_en.xlsx", "en")])
def test_template_has_every_input_sheet_as_an_empty_table(books, template, language):
    book = books[template]
    assert {"Instructions", "Policy", *INPUT_SHEETS, {"fr": "Aide", "en": "Help"}[language]} <= set(book.sheetnames)
    for name, columns in INPUT_SHEETS.items():
        ws = book[name]
        assert [c.value for c in ws[1]] == [column_title(name, c, language) for c in columns]
        # every header carries a note: meaning, format, example, required or not
        assert all(c.comment and f"({col.name})" in c.comment.text for c, col in zip(ws[1], columns))
        assert list(ws.tables) == [name.replace(" ", "")]
        assert all(v is None for row in ws.iter_rows(min_row=2, values_only=True) for v in row)
        assert ws.freeze_panes == "A2"


def test_template_policy_lists_every_parameter_with_its_default(books):
    ws = books["template.xlsx"]["Policy"]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in ws[1]] == ["Paramètre", "Valeur", "Description"]
    for name, default, _, choices in parameters():
        default = TEMPLATE_POLICY.get(name, default)  # the statutory payment terms, a six-month idle review
        expected = ",".join(map(str, default)) if isinstance(default, tuple) else default
        assert rows[name] == (policy_choice(name, expected, "fr") if choices else expected), name
    assert (rows["legal_terms_days"], rows["legal_terms_eom_days"]) == (60, 45)  # Code de commerce L441-10 I
    assert rows["overdue_notice_basis"] == "fin de prorogation" and rows["language"] == "français"
    assert rows["aging_buckets"] == "30,60,90,120"
    raw = pd.read_excel(WORKBOOKS / "template.xlsx", sheet_name="Policy", engine="calamine")
    assert read_policy(raw)[1] == []


def test_template_offers_drop_downs_for_choices_and_yes_no(books):
    book = books["template.xlsx"]
    for name, columns in INPUT_SHEETS.items():
        validations = book[name].data_validations.dataValidation
        for index, col in enumerate(columns):
            if col.kind not in (CHOICE, BOOL):
                continue
            cell = f"{openpyxl.utils.get_column_letter(index + 1)}2"
            found = [dv for dv in validations if cell in dv.sqref]
            assert found, (name, col.name)
            assert found[0].formula1 == '"' + ",".join(choice_values(col, "fr")) + '"'
    assert choice_values(INPUT_SHEETS["Limits"][6], "fr") == ["accordée", "augmentée", "réduite", "retirée", "refusée"]
    policy = book["Policy"]
    choices = {n: c for n, _, _, c in parameters() if c}
    rows = {r[0].value: r[0].row for r in policy.iter_rows(min_row=2)}
    for name, values in choices.items():
        cell = f"B{rows[name]}"
        words = [policy_choice(name, v, "fr") for v in values]
        assert any(cell in dv.sqref and dv.formula1 == '"' + ",".join(words) + '"'
                   for dv in policy.data_validations.dataValidation), name


def test_dates_and_amounts_are_formatted_and_wide_enough(books):
    ws = books["demo.xlsx"]["Invoices"]
    assert ws["C2"].number_format == "dd/mm/yyyy" and ws["E2"].number_format == "#,##0.00"
    assert ws.column_dimensions["C"].width >= 11 and ws.column_dimensions["E"].width >= 13


# (3) the demo: shape and the raw-data preconditions of every scenario

def test_demo_size_and_variety(demo):
    debtors, invoices, payments = demo["Debtors"], demo["Invoices"], demo["Payments"]
    assert 55 <= len(debtors) <= 65
    assert 2700 <= len(invoices) <= 3300
    span = invoices.invoice_date.max() - invoices.invoice_date.min()
    assert span.days >= 700 and invoices.invoice_date.max() <= TODAY
    assert set(debtors.country) >= {"FR", "DE", "IT", "ES", "BE", "GB", "US", "CH"}
    notes = invoices[invoices.document_type == "credit_note"]
    assert len(notes) >= 20 and (notes.amount < 0).all() and notes.credited_invoice_id.notna().any()
    assert notes.credited_invoice_id.isna().any()
    assert invoices.disputed.sum() >= 2
    assert payments.invoice_id.isna().sum() >= 10  # unreferenced payments
    per_invoice = payments.dropna(subset=["invoice_id"]).groupby("invoice_id").amount.agg(["sum", "count"])
    amounts = invoices.set_index("invoice_id").amount
    assert (per_invoice["count"] >= 2).sum() >= 10  # paid in instalments
    assert (per_invoice["sum"] > amounts.reindex(per_invoice.index) + 0.005).any()  # an overpayment
    assert len(demo["Orders"]) >= 10
    assert set(demo["Limits"].decision) == {"granted", "increased", "reduced", "withdrawn", "refused"}
    assert {"named", "temporary"} <= set(demo["Limits"].limit_type)
    assert debtors.group.value_counts().max() >= 2 and debtors.excluded.sum() == 2
    assert debtors.do_not_remind.sum() == 1 and debtors.insolvency_date.notna().sum() == 1
    assert debtors.payment_terms_days.max() > 120
    assert {("coface",), ("bdf",)} <= {(s,) for s in debtors.grade_scale.dropna()}
    assert {"0", "P"} <= set(debtors.insurer_grade[debtors.grade_scale == "bdf"])


def test_demo_policy_rates_and_instructions(demo, books):
    policy, issues = read_policy(demo["Policy"])
    assert issues == [] and policy.as_of == AS_OF and policy.language == "fr" and policy.policy_number
    assert list(demo["Rates"].date.dt.strftime("%m-%d")) == ["01-01", "07-01"]
    book = books["demo.xlsx"]
    assert "Vos saisies" in book["Rates"]["A2"].comment.text
    lines = {r[0]: r[1:] for r in book["Instructions"].iter_rows(values_only=True) if r[0]}
    assert all(lines[name][0] for name in ("Policy", *INPUT_SHEETS))


def test_demo_vat_and_registrations(demo):
    invoices = demo["Invoices"].merge(demo["Debtors"][["debtor_id", "country"]], on="debtor_id")
    french = invoices.country == "FR"
    assert np.allclose(invoices.amount_excl_vat[french], invoices.amount[french] / 1.2, atol=0.006)
    assert (invoices.amount_excl_vat[~french] == invoices.amount[~french]).all()
    for country, number in demo["Debtors"][["country", "registration_id"]].itertuples(index=False):
        if country == "FR":
            assert siren.is_valid(number), number
        elif isinstance(number, str):
            assert get_cc_module(country.lower(), "vat").is_valid(number), number


def test_demo_financials_are_coherent(demo):
    fin = demo["Financials"]
    assert 12 <= len(fin) <= 18
    full = fin.dropna()
    assert np.allclose(full.total_assets, full.equity + full.total_liabilities)
    z = (6.56 * (fin.current_assets - fin.current_liabilities) / fin.total_assets
         + 3.26 * fin.retained_earnings / fin.total_assets + 6.72 * fin.ebit / fin.total_assets
         + 1.05 * fin.equity / fin.total_liabilities)
    assert (z < 1.10).sum() >= 1 and (z > 2.60).sum() >= 1
    assert fin.isna().any(axis=1).sum() == 1


def open_items(demo) -> pd.DataFrame:
    """Open invoice balances at as_of: referenced payments first, then unreferenced payments,
    overpayments and credit notes on the oldest open invoice (earliest due date)."""
    inv, pay = demo["Invoices"], demo["Payments"]
    pay = pay[pay.date <= TODAY]
    bills = inv[inv.document_type == "invoice"].copy()
    bills["open"] = bills.amount - bills.invoice_id.map(pay.groupby("invoice_id").amount.sum()).fillna(0)
    pool = (pay[pay.invoice_id.isna()].groupby("debtor_id").amount.sum()
            .add(-inv[inv.document_type == "credit_note"].groupby("debtor_id").amount.sum(), fill_value=0)
            .add(-bills.open.clip(upper=0).groupby(bills.debtor_id).sum(), fill_value=0))
    bills["open"] = bills.open.clip(lower=0)
    bills = bills.sort_values(["debtor_id", "due_date", "invoice_date"])
    before = bills.groupby("debtor_id").open.cumsum() - bills.open
    credit = bills.debtor_id.map(pool).fillna(0)
    bills["open"] = (bills.open - (credit - before).clip(lower=0, upper=bills.open)).round(2)
    return bills[bills.open > 0.005]


def statuses(demo, items: pd.DataFrame) -> pd.DataFrame:
    """Deadline status of each open invoice past due, by the rules of DESIGN.md (default Policy)."""
    past = items[items.due_date < TODAY].copy()
    past["mep_end"] = past.due_date + pd.Timedelta(days=60)
    past["notify_by"] = past.mep_end + pd.Timedelta(days=30)
    past["handover_by"] = past.notify_by + pd.Timedelta(days=60)
    first_due = past.groupby("debtor_id").due_date.transform("min").dt.strftime("%Y-%m-%d")
    sent = set(demo["Register"].declaration_id)
    notice = (("overdue_notice:" + past.debtor_id + ":" + first_due).isin(sent))
    handed = (("collection_request:" + past.debtor_id + ":" + first_due).isin(sent))
    past["status"] = np.select(
        [handed, notice & (TODAY > past.handover_by), notice & (TODAY > past.notify_by), notice,
         TODAY > past.notify_by, TODAY > past.mep_end],
        ["handed_over", "handover_late", "handover_due", "notified", "notification_late", "to_notify"], "overdue")
    return past


def test_scenarios_cover_every_flag_and_status():
    expected = {e for values in SCENARIOS.values() for e in values}
    assert set(FLAGS) | set(STATUSES) <= expected


def test_deadline_scenarios(demo):
    past = statuses(demo, open_items(demo))
    for debtor, expected in SCENARIOS.items():
        mine = past[past.debtor_id == debtor]
        for status in set(expected) & set(STATUSES):
            assert status in set(mine.status), (debtor, status, mine.status.tolist())
        if "OVERDUE_BEYOND_MEP" in expected:
            assert (TODAY > mine.mep_end).any()
        if "NOTIFICATION_LATE" in expected:
            assert (mine.status == "notification_late").any() and mine.open.sum() >= 300
    background = past[~past.debtor_id.isin(CONTROLLED)]
    assert set(background.status) == {"overdue"}  # the random background never reaches the insurer


def test_cover_scenarios(demo):
    items = open_items(demo)
    exposure = items.groupby("debtor_id").open.sum()
    orders = demo["Orders"].groupby("debtor_id").amount.sum()
    limits = demo["Limits"].sort_values("decision_date")
    rows = lambda d: limits[limits.debtor_id == d]  # noqa: E731
    named = lambda d: rows(d)[rows(d).decision.isin(["granted", "increased", "reduced"])].amount.iloc[-1]  # noqa: E731
    assert exposure["C001"] > named("C001") == 50000
    assert list(rows("C002").decision) == ["refused"] and exposure["C002"] > 0
    withdrawal = rows("C003")[rows("C003").decision == "withdrawn"].effective_date.iloc[0]
    assert (items[items.debtor_id == "C003"].delivery_date >= withdrawal).any()
    cut = rows("C004")[rows("C004").decision == "reduced"].iloc[0]
    after = items[(items.debtor_id == "C004") & (items.delivery_date >= cut.effective_date)]
    assert after.open.sum() > cut.amount
    assert (rows("C005").expiry_date < TODAY).all() and exposure["C005"] > 0
    assert rows("C006").decision.iloc[-1] == "refused"
    assert exposure["C006"] < named("C006") < exposure["C006"] + orders["C006"]
    assert 0.9 <= exposure["C007"] / named("C007") < 1
    assert items[(items.debtor_id == "C008")].disputed.any()
    expiry = rows("C009").expiry_date.max()
    assert TODAY < expiry <= TODAY + pd.Timedelta(days=30)
    assert rows("C024").empty and exposure["C024"] > 10000
    assert demo["Debtors"].set_index("debtor_id").evidence_date.isna()["C024"]
    assert not (demo["Invoices"].debtor_id == "C024").any() or (
        demo["Invoices"][demo["Invoices"].debtor_id == "C024"].invoice_date.min() > TODAY - pd.Timedelta(days=60))
    temporary = rows("C010")[rows("C010").limit_type == "temporary"].iloc[0]
    assert temporary.effective_date <= TODAY <= temporary.expiry_date


# (4) synthetic workbooks

def test_synth_writes_the_requested_size(tmp_path):
    path = tmp_path / "synth.xlsx"
    synth(path, invoices=500, debtors=25, seed=3)
    raw = pd.read_excel(path, sheet_name=None, engine="calamine")
    assert {"Policy", "Debtors", "Invoices", "Payments", "Limits", "Orders"} <= set(raw)
    for name in ("Debtors", "Invoices", "Payments", "Limits", "Orders"):
        table, issues = read_table(name, raw[name].set_axis(raw[name].index + 2))
        assert issues == [], name
        raw[name] = table
    assert len(raw["Invoices"]) == 500 and len(raw["Debtors"]) == 25
    assert set(raw["Invoices"].debtor_id) <= set(raw["Debtors"].debtor_id)
    assert read_policy(pd.read_excel(path, sheet_name="Policy", engine="calamine"))[0].as_of == AS_OF
    again = tmp_path / "again.xlsx"
    synth(again, invoices=500, debtors=25, seed=3)
    assert again.read_bytes() == path.read_bytes()


# (5) text stays text

def test_a_name_starting_with_equals_stays_text(tmp_path):
    path = tmp_path / "names.xlsx"
    wb = new_workbook(path)
    write_table(wb, Formats(wb), "Debtors", INPUT_SHEETS["Debtors"],
                [{"debtor_id": "=D1", "name": "=ACME SA", "registration_id": "012345678"},
                 {"debtor_id": "D2", "name": "=SUM(A1:A2)", "address": "http://example.com"}])
    wb.close()
    ws = openpyxl.load_workbook(path)["Debtors"]
    for cell in ("A2", "B2", "D2", "B3", "F3"):
        assert ws[cell].data_type == "s", cell
    assert ws["B2"].value == "=ACME SA" and ws["D2"].value == "012345678" and ws["B3"].value == "=SUM(A1:A2)"


def test_write_table_accepts_any_columns(tmp_path):
    """Parameter-table sheets of later issues use the same helper with their own columns."""
    path = tmp_path / "param.xlsx"
    wb = new_workbook(path)
    write_table(wb, Formats(wb), "Dunning plan", (Column("step", TEXT), Column("days", TEXT)), [{"step": "r1", "days": "8"}])
    wb.close()
    assert list(openpyxl.load_workbook(path)["Dunning plan"].tables) == ["Dunningplan"]


def test_demo_shows_every_worksheet_function():
    import re

    from addin.excel import udfs
    from openpyxl.worksheet.formula import ArrayFormula

    wb = openpyxl.load_workbook(WORKBOOKS / "demo.xlsx")
    cells = [c.value for row in wb["Functions"].iter_rows() for c in row if c.value is not None]
    formulas = [c.text if isinstance(c, ArrayFormula) else c for c in cells if isinstance(c, ArrayFormula)
                or (isinstance(c, str) and c.startswith("="))]
    used = {m for f in formulas for m in re.findall(r"\b(CREDIT_[A-Z_]+)\(", f)}
    assert used == {n for n in dir(udfs) if n.startswith("CREDIT_")}
    arrays = {re.match(r"=(CREDIT_[A-Z_]+)\(", c.text).group(1) for c in cells if isinstance(c, ArrayFormula)}
    assert {"CREDIT_AGING", "CREDIT_COVER", "CREDIT_SCORES", "CREDIT_DEADLINES"} <= arrays   # spill
    tables = {t for ws in wb for t in ws.tables}
    referenced = {m for f in formulas for m in re.findall(r"\b(\w+)\[", f)}
    assert referenced <= tables, referenced - tables


@pytest.mark.parametrize("name", ["template.xlsx", "demo.xlsx"])
def test_workbooks_carry_the_scoring_defaults(name):
    from functions.scoring import Scoring, read_scoring
    raw = pd.read_excel(WORKBOOKS / name, sheet_name="Scoring", engine="calamine")
    raw.index = raw.index + 2
    table, issues = read_table("Scoring", raw, PARAMETER_SHEETS["Scoring"])
    assert issues == [] and read_scoring(table) == (Scoring(), [])
    assert "behaviour_half_life_days" in set(table["parameter"])
