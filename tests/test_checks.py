import pandas as pd

from functions.checks import run_checks

from builders import invoice, payment, table


def test_every_check_reports_and_skips_the_row():
    tables = {
        "Debtors": table("Debtors", [dict(debtor_id="D"), dict(debtor_id="D")]),
        "Invoices": table("Invoices", [
            invoice("A", "D", "2025-01-01", "2025-02-01", 100),       # row 2 fine
            invoice("A", "D", "2025-01-01", "2025-02-01", 100),       # row 3 duplicate id
            invoice("B", "Z", "2025-01-01", "2025-02-01", 100),       # row 4 unknown debtor
            invoice("C", "D", "2025-03-01", "2025-02-01", 100),       # row 5 due before invoice date
            invoice("E", "D", "2025-01-01", "2025-02-01", -5, document_type="invoice"),  # row 6 negative invoice
            invoice("F", "D", "2025-01-01", "2025-02-01", -5),        # row 7 credit note by sign: fine
        ]),
        "Payments": table("Payments", [payment("P1", "D", "2025-02-01", 10, "nope"), payment("P2", "D", "2025-02-01", -1)]),
    }
    clean, issues, repaired = run_checks(tables)
    # row 4 stays under its unknown code; row 5's due date is repaired (invoice date + 30 default days)
    assert clean["Invoices"]["_row"].tolist() == [2, 4, 5, 7]
    assert clean["Invoices"].set_index("_row").loc[5, "due_date"] == pd.Timestamp("2025-03-31")
    assert repaired == {"Invoices": {5}}
    assert clean["Debtors"]["_row"].tolist() == [2]
    assert clean["Payments"]["_row"].tolist() == [2]
    got = {(i.sheet, i.row, i.column, i.severity) for i in issues}
    assert got == {("Debtors", 3, "debtor_id", "error"), ("Invoices", 3, "invoice_id", "error"),
                   ("Invoices", 4, "debtor_id", "warning"), ("Invoices", 5, "due_date", "warning"),
                   ("Invoices", 6, "amount", "error"), ("Payments", 2, "invoice_id", "warning"),
                   ("Payments", 3, "amount", "error")}
    dup = next(i for i in issues if i.sheet == "Invoices" and i.row == 3)
    assert "already used on row 2" in dup.message
