"""FEC import: samples written to the official layout (article A47 A-1 LPF), hand-checked results."""
from __future__ import annotations

from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from addin.workbook.contract import INPUT_SHEETS
from addin.imports.fec import (MANDATORY, FecError, import_fec, import_table, mapping_frame, resolve_mapping,
                       write_receivables)
from addin.workbook.read import ContractError, read_table
from functions.ledger import build_ledger

T = pd.Timestamp


def line(journal, number, day, account, debit=0.0, credit=0.0, aux="", aux_name="", ref="", let="", let_day="",
         account_name="", label="", **extra) -> dict:
    """One FEC line with the 18 official fields, amounts with comma decimals."""
    names = {"411000": "Clients", "411100": "Clients divers", "706000": "Prestations de services",
             "445710": "TVA collectée", "512000": "Banque"}
    return {"JournalCode": journal, "JournalLib": {"VE": "Ventes", "BQ": "Banque", "OD": "Opérations diverses"}[journal],
            "EcritureNum": number, "EcritureDate": day, "CompteNum": account,
            "CompteLib": account_name or names.get(account, "Compte"), "CompAuxNum": aux, "CompAuxLib": aux_name,
            "PieceRef": ref, "PieceDate": day, "EcritureLib": label or f"{number} {aux_name}",
            "Debit": f"{debit:.2f}".replace(".", ","), "Credit": f"{credit:.2f}".replace(".", ","),
            "EcritureLet": let, "DateLet": let_day, "ValidDate": day, "Montantdevise": "", "Idevise": "", **extra}


def sale(number, day, aux, name, ref, net, let="", let_day=""):
    """A sales entry: 411 debit incl. VAT = 706 credit + 20 % VAT credit."""
    return [line("VE", number, day, "411000", debit=net * 1.2, aux=aux, aux_name=name, ref=ref, let=let, let_day=let_day),
            line("VE", number, day, "706000", credit=net, ref=ref),
            line("VE", number, day, "445710", credit=net * 0.2, ref=ref)]


def receipt(number, day, aux, name, ref, amount, let="", let_day=""):
    """A bank entry: 512 debit, 411 credit."""
    return [line("BQ", number, day, "512000", debit=amount, ref=ref),
            line("BQ", number, day, "411000", credit=amount, aux=aux, aux_name=name, ref=ref, let=let, let_day=let_day)]


ALPHA, BETA = ("C001", "Alpha SA"), ("C002", "Bêta SARL")

LINES = [
    *sale("VE1", "20250110", *ALPHA, "FA1", 1000, let="A", let_day="20250215"),       # lines 2-4
    *sale("VE2", "20250120", *ALPHA, "FA2", 500, let="b"),                            # lines 5-7, partly paid
    # credit note AV1 of 120 on FA1: 411 credit, 706 and VAT debit, in the sales journal
    line("VE", "VE3", "20250201", "411000", credit=120, aux="C001", aux_name="Alpha SA", ref="AV1", let="A",
         let_day="20250215"),                                                         # line 8
    line("VE", "VE3", "20250201", "706000", debit=100, ref="AV1"),
    line("VE", "VE3", "20250201", "445710", debit=20, ref="AV1"),
    *receipt("BQ1", "20250215", *ALPHA, "VIR1", 1080, let="A", let_day="20250215"),   # lines 11-12
    *receipt("BQ2", "20250220", *ALPHA, "VIR2", 250, let="b"),                        # lines 13-14
    *sale("VE4", "20250301", *BETA, "FA3", 2000),                                     # lines 15-17
    *sale("VE5", "20250301", *ALPHA, "FA4", 250, let="C", let_day="20250320"),        # 300 incl. VAT
    *sale("VE6", "20250302", *ALPHA, "FA5", 500 / 3, let="C", let_day="20250320"),    # 200 incl. VAT
    *receipt("BQ3", "20250310", *BETA, "CHQ1", 1000),                                 # lines 24-25, no letter
    *receipt("BQ4", "20250320", *ALPHA, "VIR3", 500, let="C", let_day="20250320"),    # lines 26-27
    # an unbalanced entry on a general customer account without auxiliary, no PieceRef
    line("OD", "OD1", "20250315", "411100", debit=50),                                # line 28
    line("OD", "OD1", "20250315", "706000", credit=40),                               # line 29
]


def write_fec(path, lines, sep="\t", encoding="utf-8", columns=MANDATORY, newline="\n"):
    frame = pd.DataFrame(lines).reindex(columns=list(columns)).fillna("")
    text = newline.join([sep.join(columns), *(sep.join(map(str, row)) for row in frame.itertuples(index=False))])
    path.write_bytes(text.encode(encoding) + newline.encode())
    return path


@pytest.fixture
def sample(tmp_path):
    return import_fec(write_fec(tmp_path / "FEC.txt", LINES), terms={"C002": 60})


def test_invoices_credit_notes_and_settlement(sample):
    inv = sample.invoices.set_index("invoice_id")
    assert list(sample.invoices.columns) == [c.name for c in INPUT_SHEETS["Invoices"]]
    assert list(inv.index) == ["FA1", "FA2", "AV1", "FA3", "FA4", "FA5", "OD1"]  # by date, then line
    assert inv.loc["FA1", "amount"] == 1200 and inv.loc["FA1", "amount_excl_vat"] == 1000
    # FA1 1200 - AV1 120 - VIR1 1080 = 0 under upper-case letter A: settled at DateLet
    assert inv.loc["FA1", "paid_date"] == T("2025-02-15")
    assert inv.loc["FA1", "due_date"] == T("2025-02-09")  # 10 Jan + 30 days (default terms)
    # FA2 600 lettered `b` with VIR2 250 only: partial, stays open
    assert pd.isna(inv.loc["FA2", "paid_date"])
    assert inv.loc["AV1", ["document_type", "amount", "amount_excl_vat", "credited_invoice_id"]].tolist() == \
        ["credit_note", -120.0, -100.0, "FA1"]
    assert inv.loc["AV1", "due_date"] == T("2025-02-01")  # a credit note is due on its date
    assert inv.loc["FA3", "due_date"] == T("2025-04-30")  # 1 March + 60 days (terms given for C002)
    assert inv.loc["FA4", "paid_date"] == inv.loc["FA5", "paid_date"] == T("2025-03-20")
    # OD1: no PieceRef -> EcritureNum; no auxiliary -> the general account is the debtor
    assert inv.loc["OD1", ["debtor_id", "amount", "amount_excl_vat"]].tolist() == ["411100", 50.0, 40.0]
    assert all(isinstance(v, str) for v in sample.invoices["invoice_id"])


def test_payments_follow_the_lettering(sample):
    pay = sample.payments
    assert list(pay.columns) == [c.name for c in INPUT_SHEETS["Payments"]]
    rows = list(zip(pay["payment_id"], pay["debtor_id"], pay["date"], pay["amount"], pay["invoice_id"]))
    assert rows == [
        ("VIR1", "C001", T("2025-02-15"), 1080.0, "FA1"),  # group A: AV1 takes FA1's first 120, VIR1 the rest
        ("VIR2", "C001", T("2025-02-20"), 250.0, "FA2"),   # partial letter b
        ("CHQ1", "C002", T("2025-03-10"), 1000.0, None),   # unlettered: the ledger imputes it oldest first
        ("VIR3", "C001", T("2025-03-20"), 300.0, "FA4"),   # group C: 500 = FA4 300 + FA5 200
        ("VIR3", "C001", T("2025-03-20"), 200.0, "FA5"),
    ]


def test_debtors_and_terms(sample):
    debtors = sample.debtors
    assert list(debtors.columns) == [c.name for c in INPUT_SHEETS["Debtors"]]
    assert debtors[["debtor_id", "name"]].values.tolist() == [["411100", "Clients divers"], ["C001", "Alpha SA"],
                                                              ["C002", "Bêta SARL"]]
    assert debtors["payment_terms_days"].tolist() == [30, 30, 60]
    assert debtors["payment_terms_days"].dtype == "Int64"


def test_ledger_reproduces_the_lettering(sample):
    ledger = build_ledger(sample.invoices, sample.payments, date(2025, 3, 31))
    open_ = ledger.invoices.set_index("invoice_id")["open"]
    # FA2 600 - 250 = 350; FA3 2400 - CHQ1 1000 = 1400; OD1 50; the lettered ones are settled
    assert open_.to_dict() == {"FA1": 0.0, "FA2": 350.0, "FA3": 1400.0, "FA4": 0.0, "FA5": 0.0, "OD1": 50.0}
    assert ledger.unapplied.empty


def test_unbalanced_entry_is_reported_on_its_first_line(sample):
    assert [(i.sheet, i.row, i.severity) for i in sample.issues] == [("FEC", 28, "warning")]
    assert "OD1" in sample.issues[0].message and "50.00 != credit 40.00" in sample.issues[0].message


@pytest.mark.parametrize("sep", ["\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "iso-8859-15"])
def test_separators_and_encodings(tmp_path, sample, sep, encoding):
    result = import_fec(write_fec(tmp_path / "FEC.txt", LINES, sep=sep, encoding=encoding), terms={"C002": 60})
    assert (result.separator, result.encoding) == (sep, encoding)
    pd.testing.assert_frame_equal(result.invoices, sample.invoices)
    pd.testing.assert_frame_equal(result.payments, sample.payments)
    assert "Bêta SARL" in result.debtors["name"].tolist()


def test_missing_mandatory_columns_raise(tmp_path):
    columns = [c for c in MANDATORY if c not in ("EcritureLet", "Idevise")]
    path = write_fec(tmp_path / "FEC.txt", LINES, columns=columns)
    with pytest.raises(FecError, match="EcritureLet, Idevise"):
        import_fec(path)
    (tmp_path / "x.txt").write_text("a;b\n1;2\n")
    with pytest.raises(ContractError, match="neither tab- nor pipe"):
        import_fec(tmp_path / "x.txt")


def test_unreadable_cells_and_bad_lines(tmp_path):
    lines = [*sale("VE1", "20250110", *ALPHA, "FA1", 100),                       # lines 2-4
             line("VE", "VE2", "20251301", "411000", debit=10, aux="C001"),         # line 5: month 13
             line("VE", "VE2", "20251301", "706000", credit=10)]                    # line 6
    lines[0]["Debit"] = "12O,00"                                                    # line 2: letter O
    path = write_fec(tmp_path / "FEC.txt", lines)
    text = path.read_text().splitlines()
    text.insert(3, text[3] + "\textra")   # line 4 now has 19 fields; the old lines 4-6 become 5-7
    text.insert(1, "")                    # a blank line 2: everything moves one further
    path.write_text("\n".join(text) + "\n")
    result = import_fec(path)
    found = [(i.row, i.column, i.severity) for i in result.issues]
    assert found == [
        (3, "CompteNum", "error"),    # FA1's 411 line has no readable amount: skipped
        (3, "Debit", "error"),        # '12O,00'
        (3, "Debit", "warning"),      # so its entry VE1 no longer balances
        (5, "", "error"),             # 19 fields: skipped
        (7, "CompteNum", "error"),    # VE2's 411 line has no date
        (7, "EcritureDate", "error"),
        (7, "PieceDate", "warning"),  # the same 20251301
        (8, "EcritureDate", "error"),
    ]
    assert result.invoices.empty


def test_due_dates_from_the_file_and_real_world_formatting(tmp_path):
    """DateEcheance when present; space-padded amounts, `-` as PieceRef, CRLF, as some ERPs write."""
    lines = [line("VE", "INV/2025/00001", "20250502", "411100", aux="42", aux_name="Gamma", DateEcheance="20250615"),
             line("VE", "INV/2025/00001", "20250502", "706000"),
             line("VE", "INV/2025/00002", "20250503", "411100", aux="42", aux_name="Gamma")]
    lines[0].update(Debit=" 000000000001437,12", PieceRef="-")
    lines[1].update(Credit=" 000000000001437,12", PieceRef="-")
    lines[2].update(Debit="10,00", Credit="0,00", PieceRef="-")
    path = write_fec(tmp_path / "FEC.txt", lines, sep="|", columns=(*MANDATORY, "DateEcheance"), newline="\r\n")
    result = import_fec(path, default_terms_days=45)
    inv = result.invoices
    assert inv["invoice_id"].tolist() == ["INV/2025/00001", "INV/2025/00002"]
    assert inv["amount"].tolist() == [1437.12, 10.0]
    # the file's due date, else 3 May + 45 days
    assert inv["due_date"].tolist() == [T("2025-06-15"), T("2025-06-17")]
    assert [i.row for i in result.issues] == [4]  # INV/2025/00002 debits 10 with no credit


def test_montant_sens_variant_and_repeated_references(tmp_path):
    """Montant + Sens replace Debit + Credit; one invoice split over two lines gets two ids."""
    columns = [c for c in MANDATORY if c not in ("Debit", "Credit")] + ["Montant", "Sens"]
    lines = [line("VE", "VE1", "20250110", "411000", aux="C001", ref="FA1", Montant="60,00", Sens="D"),
             line("VE", "VE1", "20250110", "411000", aux="C001", ref="FA1", Montant="40,00", Sens="D"),
             line("VE", "VE1", "20250110", "706000", ref="FA1", Montant="100,00", Sens="C")]
    result = import_fec(write_fec(tmp_path / "FEC.txt", lines, columns=columns))
    assert result.invoices[["invoice_id", "amount"]].values.tolist() == [["FA1-1", 60.0], ["FA1-2", 40.0]]
    assert result.issues == []


def test_write_receivables_reads_back_through_the_contract(tmp_path, sample):
    tables = sample.tables()
    tables["Debtors"].loc[0, "name"] = "=HYPERLINK(\"x\")"  # a name is text, never a formula
    out = write_receivables(tables, tmp_path / "receivables.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FEC.txt", "receivables.xlsx"]  # no temp file left
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Debtors", "Invoices", "Payments", "Issues"]
    assert book["Debtors"]["B2"].data_type == "s" and book["Debtors"]["B2"].value.startswith("=HYPERLINK")
    assert book["Invoices"].tables  # an Excel table, as the template has
    for name in ("Invoices", "Payments"):
        rows = list(book[name].values)
        raw = pd.DataFrame(rows[1:], columns=rows[0], index=range(2, len(rows) + 1))
        typed, issues = read_table(name, raw)
        assert issues == []
        pd.testing.assert_frame_equal(_cells(typed.drop(columns="_row")), _cells(getattr(sample, name.lower())))


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as Excel holds them: blanks (None, NaN, NaT) alike."""
    return frame.astype(object).where(frame.notna(), "")


def test_write_is_atomic(tmp_path):
    out = tmp_path / "receivables.xlsx"
    out.write_bytes(b"previous")
    tables = {"Debtors": pd.DataFrame({"a": [1]}), "A sheet name longer than 31 characters": pd.DataFrame()}
    with pytest.raises(Exception, match="31 characters"):
        write_receivables(tables, out)
    assert out.read_bytes() == b"previous" and len(list(tmp_path.iterdir())) == 1


def test_import_table_guesses_french_headers_and_saves_the_mapping(tmp_path):
    csv = "N° facture;Client;Date facture;Échéance;Montant TTC;Commentaire\n" \
          "F1;C001;31/01/2025;02/03/2025;1 234,56;à relancer\n" \
          "F2;C002;15/02/2025;;100;\n"
    path = tmp_path / "balance.csv"
    path.write_bytes(csv.encode("cp1252"))
    result = import_table(path)
    assert result.mapping == {"N° facture": "invoice_id", "Client": "debtor_id", "Date facture": "invoice_date",
                              "Échéance": "due_date", "Montant TTC": "amount"}
    assert result.table[["invoice_id", "amount", "due_date"]].values.tolist() == [["F1", 1234.56, T("2025-03-02")]]
    # F2 has no due date: a row problem reported in the file's words (line 3, its own header)
    assert [(i.sheet, i.row, i.column, i.severity) for i in result.issues] == [("balance.csv", 3, "Échéance", "error")]
    saved = result.tables()["Mapping"]
    assert saved.columns.tolist() == ["sheet", "source_column", "contract_column"]
    assert saved["sheet"].eq("Invoices").all() and len(saved) == 5


def test_import_table_explicit_mapping_wins_and_is_reused(tmp_path):
    frame = pd.DataFrame({"Doc": ["F1"], "Tiers": ["C001"], "Date": [pd.Timestamp("2025-01-31")],
                          "Due": [pd.Timestamp("2025-03-02")], "Montant": [50.0], "Montant TTC": [60.0]})
    path = tmp_path / "export.xlsx"
    frame.to_excel(path, index=False)
    given = {"Doc": "invoice_id", "Tiers": "debtor_id", "Date": "invoice_date", "Due": "due_date",
             "Montant TTC": "amount", "Montant": None}  # None: ignore a column the guess would take
    first = import_table(path, "Invoices", given)
    assert first.mapping == {"Doc": "invoice_id", "Tiers": "debtor_id", "Date": "invoice_date", "Due": "due_date",
                             "Montant TTC": "amount"}
    assert first.table["amount"].tolist() == [60.0]
    # the Mapping sheet as written, read back and given to the next import, gives the same result
    again = import_table(path, "Invoices", mapping_frame("Invoices", first.mapping).rename(columns=str.title))
    assert again.mapping == first.mapping
    pd.testing.assert_frame_equal(again.table, first.table)


def test_mapping_errors_name_the_column():
    with pytest.raises(ContractError, match="amount_ttc"):
        resolve_mapping(["Montant"], "Invoices", {"Montant": "amount_ttc"})
    with pytest.raises(ContractError, match="unknown sheet"):
        import_table("x.csv", "Nope")


def test_empty_customer_ledger(tmp_path):
    lines = [line("OD", "OD1", "20250101", "601000", debit=10), line("OD", "OD1", "20250101", "401000", credit=10)]
    result = import_fec(write_fec(tmp_path / "FEC.txt", lines))
    assert result.invoices.empty and result.payments.empty and result.debtors.empty and result.issues == []
    assert list(result.invoices.columns) == [c.name for c in INPUT_SHEETS["Invoices"]]
    assert np.dtype(result.invoices["due_date"].dtype) == np.dtype("datetime64[ns]")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 500_00), st.sampled_from(["", "A", "B", "c"]),
                          st.booleans()), min_size=1, max_size=12))
def test_amounts_are_conserved_whatever_the_lettering(tmp_path_factory, items):
    """Every customer cent lands once: debits in Invoices, bank credits in Payments, none
    invented; a referenced payment never exceeds what its invoice owes."""
    lines = []
    for n, (debtor, cents, let, is_payment) in enumerate(items):
        aux, amount = f"C{debtor}", cents / 100
        if is_payment:
            lines += receipt(f"BQ{n}", "20250301", aux, aux, f"P{n}", amount, let=let)
        else:
            lines += sale(f"VE{n}", "20250201", aux, aux, f"F{n}", amount / 1.2, let=let)
    result = import_fec(write_fec(tmp_path_factory.mktemp("fec") / "FEC.txt", lines))
    paid = sum(c for _, c, _, p in items if p) / 100
    billed = sum(c for _, c, _, p in items if not p) / 100
    assert result.payments["amount"].sum() == pytest.approx(paid)
    assert result.invoices["amount"].sum() == pytest.approx(billed)
    owed = result.invoices.set_index("invoice_id")["amount"]
    per_invoice = result.payments.groupby("invoice_id")["amount"].sum()
    assert (per_invoice <= owed.reindex(per_invoice.index) + 0.005).all()
