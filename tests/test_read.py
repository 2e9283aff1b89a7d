import pandas as pd
import pytest

from addin.workbook.contract import INPUT_SHEETS, normalise_header
from addin.workbook.read import ContractError, match_headers, read_policy, read_table
from addin.workbook.parse import parse_amount, parse_date


def raw(columns: dict, start=2) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    frame.index = range(start, start + len(frame))
    return frame


@pytest.mark.parametrize("header, column", [
    ("N° facture", "invoice_id"), ("Client", "debtor_id"), ("Code client", "debtor_id"), ("Date facture", "invoice_date"),
    ("Date d'échéance", "due_date"), ("Échéance", "due_date"), ("Montant TTC", "amount"), ("Montant HT", "amount_excl_vat"),
    ("Date de règlement", "paid_date"), ("Litige", "disputed"), ("DUE_DATE", "due_date"), ("due date", "due_date")])
def test_invoice_aliases(header, column):
    assert match_headers([header], INPUT_SHEETS["Invoices"]) == {header: column}


@pytest.mark.parametrize("header, column", [("Plafond", "amount"), ("Limite", "amount"), ("Date de décision", "decision_date")])
def test_limit_aliases(header, column):
    assert match_headers([header], INPUT_SHEETS["Limits"]) == {header: column}


def test_total_passif_is_never_total_liabilities():
    assert match_headers(["Total passif"], INPUT_SHEETS["Financials"]) == {}


def test_normalise_header_ignores_case_accents_spaces_underscores():
    assert normalise_header("Date d'Échéance") == normalise_header("date_d_echeance") == "datedecheance"


@pytest.mark.parametrize("text, value", [("1 234,56", 1234.56), ("1\u00a0234,56", 1234.56), ("1\u202f234,56", 1234.56),
                                         ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("-12,5", -12.5), (7, 7.0)])
def test_amounts(text, value):
    assert parse_amount(pd.Series([text], dtype=object))[0].iloc[0] == pytest.approx(value)


@pytest.mark.parametrize("cell", ["31/01/2025", "2025-01-31", "31.01.2025", 45688.0, pd.Timestamp("2025-01-31"),
                                  "2025-01-31 00:00:00"])
def test_dates(cell):
    assert parse_date(pd.Series([cell], dtype=object))[0].iloc[0] == pd.Timestamp("2025-01-31")


def test_read_table_reports_sheet_row_column_and_skips_bad_rows():
    frame = raw({"N° facture": ["F1", "F2", "F3", "F4", None],
                 "Client": ["C1", "C1", "C1", "C1", None],
                 "Date facture": ["01/02/2025", "01/02/2025", "01/02/2025", "01/02/2025", None],
                 "Date d'échéance": ["03/03/2025", None, "03/03/2025", "03/03/2025", None],
                 "Montant TTC": ["1 000,00", "5", "abc", "#N/A", None],
                 "Litige": ["oui", "", "peut-être", "non", None]})
    typed, issues = read_table("Invoices", frame)
    assert typed["invoice_id"].tolist() == ["F1"]
    assert typed["amount"].tolist() == [1000.0] and typed["disputed"].tolist() == [True]
    found = {(i.row, i.column, i.severity) for i in issues}
    assert found == {(3, "Date d'échéance", "error"), (4, "Montant TTC", "error"), (4, "Litige", "warning"),
                     (5, "Montant TTC", "error")}
    assert all(i.sheet == "Invoices" for i in issues)
    assert "Excel error #N/A" in next(i.message for i in issues if i.row == 5)


def test_a_typed_table_keeps_text_as_objects_in_one_block_per_type():
    """Text columns hold Python strings and None (pandas' constructor would type them str), each
    other column its contract type, one block per type: the steps take rows of it often."""
    from datetime import datetime

    for text in (object, "str"):
        frame = raw({"N° facture": pd.Series(["F1", "F2"], dtype=text), "Client": pd.Series(["C1", "C2"], dtype=text),
                     "Date facture": [datetime(2025, 2, 1)] * 2, "Échéance": [datetime(2025, 3, 3)] * 2,
                     "Montant": [10.0, 5.5], "Devise": pd.Series(["EUR", None], dtype=text)})
        typed, _ = read_table("Invoices", frame)
        assert typed["invoice_id"].dtype == object and typed["currency"].tolist() == ["EUR", None]
        assert str(typed["due_date"].dtype) == "datetime64[ns]" and typed["amount"].dtype == float
        assert typed["disputed"].tolist() == [False, False] and typed["_row"].tolist() == [2, 3]
        assert len(typed._mgr.blocks) == len(set(map(str, typed.dtypes)))


def test_a_typed_table_is_the_same_without_pandas_private_constructor(monkeypatch):
    """read_table builds its frame with pandas' `_from_arrays`; a pandas without it gets the
    same table (values, None, types, blocks) from the public constructor."""
    from addin.workbook import read

    frame = raw({"N° facture": ["F1", "F2", "F3"], "Client": ["C1", "C2", "C3"], "Date facture": ["01/02/2025"] * 3,
                 "Échéance": ["03/03/2025", "x", "03/03/2025"], "Montant": [10.0, 5.5, 1.0], "Devise": ["EUR", None, ""],
                 "Litige": ["oui", "", "non"]})
    fast, said = read_table("Invoices", frame)
    monkeypatch.setattr(read, "FROM_ARRAYS", None)
    plain, told = read_table("Invoices", frame)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert said == told and len(fast._mgr.blocks) == len(plain._mgr.blocks)
    assert fast["invoice_id"].tolist() == ["F1", "F3"] and fast["currency"].tolist() == ["EUR", None]  # "x" is no date
    assert fast["currency"].dtype == object and fast["disputed"].tolist() == [True, False]


def test_missing_required_column_is_structural():
    with pytest.raises(ContractError, match="due_date"):
        read_table("Invoices", raw({"N° facture": ["F1"], "Client": ["C"], "Date facture": ["01/01/2025"], "Montant": [1]}))


def test_policy_sheet_overrides_defaults_and_reports_bad_values():
    policy, issues = read_policy(raw({"Parameter": ["quotite_named", "language", "aging_buckets", "as_of", "max_credit_days"],
                                      "Value": ["0,85", "EN", "30,60", "31/10/2026", "soon"]}))
    assert policy.quotite_named == 0.85 and policy.language == "en" and policy.aging_buckets == (30, 60)
    assert str(policy.as_of) == "2026-10-31" and policy.max_credit_days == 120
    assert [(i.row, i.severity) for i in issues] == [(6, "error")]


def test_absent_yes_no_columns_mean_no():
    # a Debtors sheet without `excluded` must not exclude everybody, nor Invoices without `disputed` dispute all
    debtors, _ = read_table("Debtors", raw({"Code client": ["D", "E"]}))
    invoices, _ = read_table("Invoices", raw({"N° facture": ["F1"], "Client": ["D"], "Date facture": ["01/01/2025"],
                                              "Échéance": ["31/01/2025"], "Montant": [10.0]}))
    assert debtors["excluded"].tolist() == [False, False] and debtors["do_not_remind"].tolist() == [False, False]
    assert invoices["disputed"].tolist() == [False]


def test_excel_object_columns_take_the_typed_paths_with_the_same_results():
    from datetime import datetime, timezone

    from addin.workbook import parse
    # Excel (xlwings) hands columns over as objects: one type per column is converted first
    assert parse.uniform(pd.Series([1.0, None, 3], dtype=object)).dtype == float
    assert str(parse.uniform(pd.Series(["a", None], dtype=object)).dtype) == "str"
    dates = pd.Series([datetime(2025, 1, 31), None], dtype=object)
    assert parse.parse_date(dates)[0].tolist()[0] == pd.Timestamp("2025-01-31")
    zoned = pd.Series([datetime(2025, 1, 31, 10, tzinfo=timezone.utc)], dtype=object)
    assert parse.parse_date(zoned)[0].tolist() == [pd.Timestamp("2025-01-31 10:00")]  # wall time kept
    serials = pd.Series([45688.0, 0.5, None], dtype=object)  # 45688 = 2025-01-31; 0.5 is no date
    parsed, reasons = parse.parse_date(serials)
    assert parsed.iloc[0] == pd.Timestamp("2025-01-31") and pd.isna(parsed.iloc[1]) and "not a date" in reasons.iloc[1]
    assert parse.parse_text(pd.Series([" x ", "  ", None], dtype=object))[0].tolist() == ["x", None, None]


def test_a_text_column_in_several_arrow_chunks_reads_as_one():
    """A column concatenated from two frames holds its text in two arrow chunks: read as one column."""
    from addin.workbook.parse import clean_values, parse_text
    column = pd.concat([pd.Series([" a ", "b"], dtype="str"), pd.Series(["c", None], dtype="str")], ignore_index=True)
    assert column.array._pa_array.num_chunks == 2
    values, reasons = parse_text(column)
    assert values.tolist()[:3] == ["a", "b", "c"] and pd.isna(values.iloc[3])
    assert list(clean_values(column, "text", ()))[:3] == ["a", "b", "c"]


def test_a_single_date_cell_reads_as_parse_date_reads_it():
    """plain_date (a worksheet function's as_of) gives parse_date's date for ISO text and serial
    numbers, and leaves every other cell, or an unusable one, to parse_date (None)."""
    from decimal import Decimal
    from addin.workbook.parse import parse_date, plain_date
    cells = ["2026-10-31", " 2026-10-31 00:00:00", "2026-10-31T08:00", "2026-02-30", "1899-12-31", "2200-01-01",
             "2199-12-31", "31/10/2026", 46326.0, 46326.9, Decimal("46326"), 46326, 1, 0.5, 1e10, True, None, ""]
    expected = parse_date(pd.Series(cells, dtype=object))[0]
    for cell, want in zip(cells, expected):
        got = plain_date(cell)
        assert got is None or got == want.date(), cell
    assert plain_date("2026-10-31") == plain_date(46326) == pd.Timestamp("2026-10-31").date()
    assert [plain_date(c) for c in ("2026-02-30", "1899-12-31", "31/10/2026", 0.5, True)] == [None] * 5
