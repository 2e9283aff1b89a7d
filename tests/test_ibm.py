from pathlib import Path

import pandas as pd
import pytest

from addin.imports.ibm import IbmError, ibm_tables
from addin.workbook.read import empty_table
from functions.ledger import build_ledger

IBM = Path("/work/shared/data/ibm_accounts_receivable.csv")
HEADER = ("countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,"
          "SettledDate,PaperlessBill,DaysToSettle,DaysLate\n")


@pytest.fixture(scope="module")
def tables():
    return ibm_tables(IBM)


def test_tables_are_shaped_like_the_contract(tables):
    for sheet in ("Debtors", "Invoices"):
        assert list(tables[sheet].columns) == list(empty_table(sheet).columns)
        assert dict(tables[sheet].dtypes) == dict(empty_table(sheet).dtypes)
    assert len(tables["Invoices"]) == 2466 and len(tables["Debtors"]) == 100
    assert tables["Invoices"]["invoice_id"].is_unique
    assert tables["Invoices"]["disputed"].sum() == 561  # README: Disputed Yes on 561 rows
    assert set(tables["Debtors"]["country"]) == {"XA", "XB", "XC", "XD", "XE"}
    assert (tables["Debtors"]["payment_terms_days"] == 30).all()


def test_first_row_by_hand(tables):
    # 391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,...
    first = tables["Invoices"].iloc[0]
    assert first["invoice_id"] == "0000611365" and first["debtor_id"] == "0379-NEVHP"
    assert (first["invoice_date"], first["due_date"], first["paid_date"]) == \
        (pd.Timestamp("2013-01-02"), pd.Timestamp("2013-02-01"), pd.Timestamp("2013-01-15"))
    assert first["amount"] == 55.94 and not first["disputed"] and first["document_type"] == "invoice"
    assert first["_row"] == 2
    debtor = tables["Debtors"].set_index("debtor_id").loc["0379-NEVHP"]
    assert debtor["country"] == "XA"  # 391


def test_every_invoice_is_settled_on_its_paid_date(tables):
    ledger = build_ledger(tables["Invoices"], None, "2014-12-31")
    assert (ledger.invoices["open"] == 0).all()
    merged = ledger.invoices.set_index("invoice_id")
    assert (merged["settled_date"] == merged["paid_date"]).all()


def test_unknown_country_and_bad_file(tmp_path):
    path = tmp_path / "ar.csv"
    path.write_text(HEADER + "123,C-1,,0001,3/1/2013,3/31/2013,10.5,Yes,4/2/2013,Paper,32,2\n")
    t = ibm_tables(path)
    assert t["Debtors"]["country"].tolist() == ["XX"] and t["Invoices"]["disputed"].tolist() == [True]
    assert t["Invoices"]["due_date"].iloc[0] == pd.Timestamp("2013-03-31")
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="missing countryCode"):
        ibm_tables(tmp_path / "other.csv")
    (tmp_path / "binary.csv").write_bytes(bytes(range(128, 256)) * 3)
    (tmp_path / "empty.csv").write_bytes(b"")
    for name in ("binary.csv", "empty.csv"):  # one line, no traceback (the command line prints it)
        with pytest.raises(IbmError, match="not a readable CSV file"):
            ibm_tables(tmp_path / name)
