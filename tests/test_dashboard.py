"""Dashboard figures (functions.dashboard), its layout and both writers (XlsxWriter, xlwings fake)."""
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest

from addin.workbook.layout import layout
from addin.excel.xlbook import XlBook
from addin.workbook.writer import money_format, write_frames
from functions.aging import aging
from functions.dashboard import deadline_weeks, grades, portfolio_dso, upcoming_deadlines
from functions.dashboard import cover as cover_block
from functions.ledger import build_ledger
from functions.policy import Policy

from builders import invoice, payment, table
from fake_xlwings import FakeBook

AS_OF = date(2025, 6, 30)


def test_portfolio_dso_is_count_back_on_the_totals():
    # D1: 100 invoiced 2025-06-15, not due. D2: 100 invoiced 2025-05-15, due 2025-06-14, 50 paid.
    invoices = table("Invoices", [invoice("I1", "D1", "2025-06-15", "2025-07-15", 100),
                                  invoice("I2", "D2", "2025-05-15", "2025-06-14", 100)])
    payments = table("Payments", [payment("P1", "D2", "2025-06-20", 50, "I2")])
    ledger = build_ledger(invoices, payments, AS_OF)
    aged = aging(ledger, pd.Series(["D1", "D2"]), Policy())
    dso, dbt = portfolio_dso(ledger, aged)
    # receivables 150; month (05-30, 06-30] = 31 days sold 100, (04-30, 05-30] = 30 days sold 100:
    # DSO = 31 + 50/100 x 30 = 46; best (not due 100) = 31; DBT = 15. The mean of the debtors' DSOs
    # (31 and 46) would be 38.5.
    assert dso == pytest.approx(46.0) and dbt == pytest.approx(15.0)


DEADLINES = pd.DataFrame({
    "invoice_id": ["A", "B", "C", "D", "E"], "debtor_id": ["D1", "D1", "D2", "D3", "D4"],
    "name": ["One", "One", "Two", "Three", "Four"],
    "notify_by": pd.to_datetime(["2025-07-03", "2025-07-03", "2025-07-20", "2025-06-01", "2025-07-02"]),
    "handover_by": pd.to_datetime(["2025-09-01", "2025-09-01", "2025-09-18", "2025-07-25", "2025-08-31"]),
    "notice_id": [None, None, None, "overdue_notice:D3:2025-03-01", "overdue_notice:D4:2025-03-01"],
    "collection_id": [None, None, None, None, None], "open": [1000.0, 500.0, 200.0, 300.0, 50.0]})


def test_upcoming_deadlines_within_30_days_not_yet_met():
    upcoming = upcoming_deadlines(DEADLINES, AS_OF)
    # A+B notify 07-03 (3 days, 1,500), C notify 07-20 (20 days), D handover 07-25 (25 days, notified);
    # E was notified, so its notify-by 07-02 is met and its handover 08-31 is 62 days away.
    assert upcoming[["date", "deadline", "debtor_id", "invoices", "amount"]].values.tolist() == [
        [pd.Timestamp("2025-07-03"), "notify_by", "D1", 2, 1500.0],
        [pd.Timestamp("2025-07-20"), "notify_by", "D2", 1, 200.0],
        [pd.Timestamp("2025-07-25"), "handover_by", "D3", 1, 300.0]]
    weeks = deadline_weeks(upcoming, AS_OF)
    assert weeks[["week", "notify_by", "handover_by"]].values.tolist() == [
        ["0-7", 1500.0, 0.0], ["8-14", 0.0, 0.0], ["15-21", 200.0, 0.0], ["22-30", 0.0, 300.0]]
    assert weeks.drop(columns=["week", "notify_by", "handover_by"]).to_numpy().sum() == 0.0


def test_upcoming_deadlines_of_every_kind():
    """Insolvency notices and proofs of claim still to send, and limits expiring, join the invoices' deadlines."""
    declarations = pd.DataFrame({
        "type": ["insolvency_notice", "proof_of_claim", "proof_of_claim", "overdue_notice"],
        "debtor_id": ["D5", "D5", "D6", "D1"], "status": ["draft", "draft", "sent", "draft"],
        "due_by": pd.to_datetime(["2025-07-05", "2025-08-29", "2025-07-10", "2025-07-03"]),
        "amount": [4000.0, 4100.0, 900.0, 1500.0], "invoices": [2, 2, 1, 2]})
    exposure = pd.DataFrame({"debtor_id": ["D5", "D7", "D8"], "name": ["Five", "Seven", "Eight"],
                             "limit_type": ["named", "temporary", "named"], "cover_stopped": pd.NaT,
                             "expiry_date": pd.to_datetime(["2025-12-31", "2025-07-15", "2025-06-29"]),
                             "exposure": [4000.0, 2500.0, 100.0]})
    upcoming = upcoming_deadlines(DEADLINES, AS_OF, declarations=declarations, exposure=exposure)
    # D5's notice by 07-05 (the proof of claim, 08-29, is 60 days away; D6's was sent); D7's temporary
    # limit expires 07-15 (15 days), D8's expired yesterday (no longer ahead)
    assert upcoming[["date", "deadline", "debtor_id", "name", "amount"]].values.tolist() == [
        [pd.Timestamp("2025-07-03"), "notify_by", "D1", "One", 1500.0],
        [pd.Timestamp("2025-07-05"), "insolvency_notice_by", "D5", "Five", 4000.0],
        [pd.Timestamp("2025-07-15"), "limit_expiry", "D7", "Seven", 2500.0],
        [pd.Timestamp("2025-07-20"), "notify_by", "D2", "Two", 200.0],
        [pd.Timestamp("2025-07-25"), "handover_by", "D3", "Three", 300.0]]
    weeks = deadline_weeks(upcoming, AS_OF).set_index("week")
    assert weeks.loc["0-7", "insolvency_notice_by"] == 4000.0 and weeks.loc["15-21", "limit_expiry"] == 2500.0


def test_grades_and_cover_blocks():
    scores = pd.DataFrame({"debtor_id": ["D1", "D2", "D3"], "grade": ["A", "E", None]})
    exposure = pd.DataFrame({"debtor_id": ["D1", "D2", "D3"], "name": ["One", "Two", "Three"],
                             "exposure": [900.0, 300.0, 50.0], "covered": [500.0, 300.0, 0.0],
                             "uninsured": [400.0, 0.0, 50.0], "limit": [500.0, 1000.0, None]})
    assert grades(scores, exposure).values.tolist() == [["A", 1, 900.0], ["B", 0, 0.0], ["C", 0, 0.0],
                                                        ["D", 0, 0.0], ["E", 1, 300.0], ["-", 1, 50.0]]
    bars = cover_block(exposure, top=2)
    # unused limit = limit - covered: D1 500 - 500 = 0, D2 1,000 - 300 = 700; D3 is not in the top 2
    assert bars[["debtor_id", "covered", "uninsured", "unused_limit"]].values.tolist() == [
        ["D1", 500.0, 400.0, 0.0], ["D2", 300.0, 0.0, 700.0]]


def _sheet(language="en"):
    blocks = {
        "key_figures": pd.DataFrame({"figure": ["as_of", "currency", "exposure"],
                                     "value": pd.Series([pd.Timestamp(AS_OF), "EUR", 1200.0], dtype=object)}),
        "aged_balance": pd.DataFrame({"debtor_id": ["D1"], "name": ["One"], "not_due": [700.0], "d1_30": [500.0]}),
        "cover": pd.DataFrame({"debtor_id": ["D1"], "name": ["One"], "covered": [1000.0], "uninsured": [200.0],
                               "unused_limit": [0.0], "limit": [1000.0], "exposure": [1200.0]}),
        "grades": pd.DataFrame({"grade": ["A", "B", "C", "D", "E"], "debtors": [1, 0, 0, 0, 0],
                                "exposure": [1200.0, 0.0, 0.0, 0.0, 0.0]}),
        "deadline_weeks": pd.DataFrame({"week": ["0-7"], "notify_by": [500.0], "handover_by": [0.0],
                                        "insolvency_notice_by": [0.0], "proof_of_claim_by": [0.0],
                                        "limit_expiry": [0.0]}),
        "deadlines": pd.DataFrame({"date": pd.to_datetime(["2025-07-03"]), "deadline": ["notify_by"],
                                   "debtor_id": ["D1"], "name": ["One"], "invoices": [1], "amount": [500.0]}),
    }
    return blocks


def test_layout_titles_in_the_policy_language():
    english, french = layout(_sheet(), "en"), layout(_sheet(), "fr")
    assert [c.title for c in english.charts] == ["Aged balance, 15 largest balances",
                                                 "Exposure against cover, 15 largest exposures",
                                                 "Clients per score grade", "Insurer deadlines in the next 30 days"]
    assert french.charts[0].title == "Balance âgée, 15 plus gros soldes"
    assert french.subtitle == "Au 30/06/2025, montants en EUR"
    assert french.charts[0].table.headers == ("Client", "Non échu", "1-30 j")
    # key figures start at row 4 (zero-based 3): title, header, then as_of on the first data row
    assert english.as_of_cell == (5, 1)


def test_money_formats():
    assert money_format("EUR") == '#,##0.00 "€"'
    assert money_format("USD") == '"$"#,##0.00'
    assert money_format("CHF") == '#,##0.00 "CHF"'
    assert money_format("") == "#,##0.00"


def test_workbook_dashboard_charts_and_conditional_formats(tmp_path):
    frames = {
        "Breaches": pd.DataFrame({"debtor_id": ["D1"], "flag": ["OVER_LIMIT"], "severity": ["critical"],
                                  "amount": [200.0], "message": ["Exposure exceeds the limit"]}),
        "Deadlines": pd.DataFrame({"invoice_id": ["A"], "debtor_id": ["D1"], "due_date": pd.to_datetime(["2025-03-01"]),
                                   "status": ["to_notify"], "days_past_due": [121],
                                   "next_deadline": pd.to_datetime(["2025-07-03"])}),
        "Dashboard": _sheet(),
    }
    path = tmp_path / "r.xlsx"
    write_frames(path, frames, "fr")
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 4
        assert b"Balance \xc3\xa2g\xc3\xa9e, 15 plus gros soldes" in archive.read(charts[0])
        # key figures: title row 4, header 5, 3 figures rows 6-8; aged balance: title 10, header 11,
        # one client on row 12: the first bucket series is named by B11, categories A12, values B12
        assert b"<c:f>Dashboard!$B$11</c:f>" in archive.read(charts[0])
        assert b"<c:f>Dashboard!$B$12</c:f>" in archive.read(charts[0])
    wb = openpyxl.load_workbook(path)
    assert wb.defined_names["as_of"].attr_text == "Dashboard!$B$6"
    assert wb["Dashboard"]["B6"].value.date() == AS_OF
    assert wb["Breaches"]["A1"].value == "Code client" and wb["Breaches"]["B1"].value == "Alerte"
    assert wb["Breaches"]["D2"].number_format == '#,##0.00 "€"'
    assert wb["Deadlines"]["C2"].number_format == "dd/mm/yyyy"
    assert wb["Breaches"].freeze_panes == "A2"
    rules = {r.formula[0] for cf in wb["Breaches"].conditional_formatting for r in cf.rules}
    # the coded cells are written in French, and the colours compare with the French words
    assert wb["Breaches"]["B2"].value == "Dépassement de limite" and wb["Breaches"]["C2"].value == "Critique"
    assert rules == {'$C2="Critique"', '$C2="Attention"', '$C2="Information"'}
    rules = [r.formula[0] for cf in wb["Deadlines"].conditional_formatting for r in cf.rules]
    assert 'AND($D2<>"Transmis au contentieux",$F2<>"",$F2<as_of)' in rules
    assert 'AND($D2<>"Transmis au contentieux",$F2<>"",$F2<=as_of+7)' in rules
    write_frames(path, frames, "fr", headers="ids")  # identifiers: headers and codes as the analysis has them
    wb = openpyxl.load_workbook(path)
    assert wb["Breaches"]["A1"].value == "debtor_id" and wb["Breaches"]["C2"].value == "critical"
    assert {r.formula[0] for cf in wb["Breaches"].conditional_formatting for r in cf.rules} == {
        '$C2="critical"', '$C2="warning"', '$C2="info"'}


def test_as_of_given_when_no_dashboard(tmp_path):
    frames = {"Deadlines": pd.DataFrame({"invoice_id": ["A"], "status": ["overdue"],
                                         "due_date": pd.to_datetime(["2025-06-20"]), "days_past_due": [10],
                                         "next_deadline": pd.to_datetime(["2025-08-19"])})}
    write_frames(tmp_path / "d.xlsx", frames, "en", as_of=AS_OF)
    assert openpyxl.load_workbook(tmp_path / "d.xlsx").defined_names["as_of"].attr_text == "DATE(2025,6,30)"


def test_excel_dashboard_values_and_charts_replace_previous_ones():
    fake = FakeBook("ar.xlsx", {"Policy": [["parameter", "value"]]})
    book = XlBook(fake)
    book.write_results({"Dashboard": _sheet("en")}, "en")
    book.write_results({"Dashboard": _sheet("en")}, "en")
    sheet = fake.sheet("Dashboard")
    assert sheet.cells[(1, 1)] == "Credit insurance dashboard"
    assert sheet.cells[(6, 1)] == "As of" and sheet.cells[(6, 2)].date() == AS_OF
    assert [c.title for c in sheet.charts][2] == "Clients per score grade"
    assert len(sheet.charts) == 4                     # the second run replaced the charts
    grade_chart = sheet.charts[2]
    assert grade_chart.chart_type == "column_clustered" and grade_chart.value_axis.title == "Clients"
    source = grade_chart.source
    # header row + 5 grades, columns Grade and Clients only (exposure is on another scale)
    assert (source.last_row - source.row, source.column, source.last_col) == (5, 1, 2)
    assert sheet.cells[(source.row, 2)] == "Clients"


def test_portfolio_blocks_are_the_portfolio_analysis():
    """The Dashboard's history and expected-loss blocks are the PortfolioAnalysis' frames, not a re-read sheet."""
    from functions.analysis import analyse
    from addin.workbook.read import inputs

    rows = [invoice("I1", "D1", "2025-03-01", "2025-04-30", 1200), invoice("I2", "D2", "2025-06-01", "2025-07-31", 800)]
    analysis = analyse(inputs(Policy(), {"Invoices": table("Invoices", rows)}), AS_OF)
    blocks, portfolio = analysis["dashboard"], analysis["portfolio"]
    pd.testing.assert_frame_equal(blocks["history"], portfolio.history[["date", "exposure", "uninsured"]])
    expected = portfolio.expected.query("risk_class != 'total'")[["risk_class", "expected_loss", "expected_indemnity"]]
    pd.testing.assert_frame_equal(blocks["expected_loss"], expected.reset_index(drop=True))
    assert blocks["history"]["exposure"].iloc[-1] == 2000.0   # the last point is as_of: 1,200 + 800 open
