"""Issue 19, nothing silently lost: invoices are repaired rather than dropped, unknown client codes keep
their invoices, what is left out is counted, and Invoices' paid_date is never ignored silently."""
from __future__ import annotations

import pandas as pd

from addin.run import validate
from functions.analysis import analyse
from functions.texts import translated

AS_OF = pd.Timestamp("2025-06-30")


def raw(columns: dict, first_row: int = 2) -> pd.DataFrame:
    frame = pd.DataFrame(columns, dtype=object)
    frame.index = pd.RangeIndex(first_row, first_row + len(frame))
    return frame


def policy(**values) -> pd.DataFrame:
    return raw({"Parameter": list(values), "Value": list(values.values())})


DEBTORS = raw({"Code client": ["CL1", "CL2"], "Raison sociale": ["Un SA", "Deux SARL"],
               "Délai de paiement": [60, None]})
HEADERS = ["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC", "Date de livraison"]
ROWS = [  # Excel rows 2-10
    ["F1", "CL1", "01/01/2025", "31/02/2025", 1000, None],        # 2: due typed 31/02: 01/01 + 60 days
    ["F2", "CL2", "10/01/2025", None, 500, None],                 # 3: no due date, no client terms: + 45 (Policy)
    ["F3", "CL1", "abc", "15/03/2025", 200, None],                # 4: invoice date 15/03 - 60 days
    ["F4", "CL1", "01/02/2025", "01/01/2025", 400, None],         # 5: due before the invoice date: 01/02 + 60
    [None, "CL1", "01/02/2025", "03/03/2025", 300, "32/01/2025"],  # 6: no number; delivery date not a date
    ["F7", "CL1", None, None, 700, None],                          # 7: neither date: left out
    ["F1", "CL1", "01/01/2025", "02/03/2025", 900, None],          # 8: F1 again: left out, the first row counts
    ["F9", None, "01/01/2025", "01/02/2025", 50, None],            # 9: no client: left out
    ["F10", "CL1", "01/01/2025", "01/02/2025", "abc", None],       # 10: no amount: left out
]


def workbook(language="fr"):
    return {"Policy": policy(language=language, default_terms_days=45, as_of="30/06/2025"), "Debtors": DEBTORS,
            "Invoices": raw(dict(zip(HEADERS, map(list, zip(*ROWS)))))}


def test_invoices_are_repaired_and_each_repair_says_what_was_typed_and_used():
    inputs = validate(workbook())
    invoices = inputs.table("Invoices").set_index("_row")
    assert invoices.index.tolist() == [2, 3, 4, 5, 6]
    assert invoices.loc[2, "due_date"] == pd.Timestamp("2025-03-02")      # 2025-01-01 + 60
    assert invoices.loc[3, "due_date"] == pd.Timestamp("2025-02-24")      # 2025-01-10 + 45
    assert invoices.loc[4, "invoice_date"] == pd.Timestamp("2025-01-14")  # 2025-03-15 - 60
    assert invoices.loc[5, "due_date"] == pd.Timestamp("2025-04-02")      # 2025-02-01 + 60
    assert (invoices.loc[6, "invoice_id"], invoices.loc[6, "delivery_date"]) == ("Invoices-6", pd.Timestamp("2025-02-01"))
    said = {(i.row, i.column): (i.severity, translated(i.message, "fr")) for i in inputs.issues if i.sheet == "Invoices"}
    assert said[(2, "Date d'échéance")] == ("warning", "Date d'échéance « 31/02/2025 » n'est pas une date : 02/03/2025 "
                                            "retenue à la place (date de facture + 60 jours, délai de paiement du client)")
    assert said[(3, "Date d'échéance")][1] == ("Date d'échéance est vide : 24/02/2025 retenue à la place (date de facture "
                                               "+ 45 jours, default_terms_days de la feuille Policy)")
    assert said[(4, "Date facture")][1].startswith("Date de facture « abc » n'est pas une date : 14/01/2025 retenue")
    assert said[(5, "Date d'échéance")][1].startswith("Date d'échéance 01/01/2025 est antérieure à la date de facture "
                                                      "01/02/2025 : 02/04/2025 retenue")
    assert said[(6, "N° facture")][1] == "Pas de numéro de facture : la ligne est gardée sous Invoices-6"
    assert said[(6, "Date de livraison")][1] == ("Date de livraison « 32/01/2025 » n'est pas une date : la date de "
                                                 "facture 01/02/2025 est retenue à la place")
    assert {r for (r, _), (severity, _) in said.items() if severity == "error"} == {7, 8, 9, 10}


def test_repairs_in_english():
    inputs = validate(workbook("en"))
    message = next(i.message for i in inputs.issues if i.row == 2)
    assert message == ("Due date '31/02/2025' is not a date: 2025-03-02 used instead (invoice date + 60 days, "
                       "the client's payment terms)")


def test_rows_read_repaired_and_left_out_with_their_amount():
    quality = validate(workbook()).quality.set_index("sheet")
    # 9 rows read; 5 repaired (rows 2-6); 4 left out: 700 + 900 + 50 (+ an amount that is not one) = 1,650
    assert quality.loc["Invoices"].tolist() == [9, 5, 4, 1650.0]
    assert quality.loc["Debtors"].tolist() == [2, 0, 0, 0.0]


def test_an_unknown_client_keeps_its_invoices_under_its_code():
    book = workbook()
    book["Invoices"] = raw({"N° facture": ["A", "B"], "Client": ["CL1", "CL9"], "Date facture": ["01/06/2025"] * 2,
                            "Date d'échéance": ["31/07/2025"] * 2, "Montant TTC": [1000, 5000]})
    analysis = analyse(validate(book), AS_OF)
    exposure = analysis.sheet("Exposure").set_index("debtor_id")
    # CL9 has a row, marked, with the cover of a client without a limit: non-named 10,000 at 60 %
    row = exposure.loc["CL9"]
    assert (row.on_debtors_sheet, row.exposure, row.limit_type, row.covered, row.insured_amount) == (
        False, 5000, "non_named", 5000, 3000)
    assert exposure["exposure"].sum() == analysis["ledger"].invoices["open"].sum() == 6000  # totals equal the ledger
    assert analysis.sheet("Aging").set_index("debtor_id").loc["CL9", "on_debtors_sheet"] == False  # noqa: E712
    flag = analysis.sheet("Breaches").query("flag == 'NOT_ON_DEBTORS_SHEET'").iloc[0]
    assert (flag.debtor_id, flag.severity, flag.amount) == ("CL9", "warning", 5000)
    assert flag.message == ("Le code client CL9 n'est pas sur la feuille Debtors : son encours de 5 000 EUR est compté "
                            "sous ce code (non-dénommé jusqu'à 10 000 EUR) ; ajoutez le client à la feuille Debtors")
    issue = next(i for i in analysis.issues if i.sheet == "Invoices")
    assert (issue.row, issue.column, issue.severity) == (3, "Client", "warning")


PAID = {"N° facture": ["F1"], "Client": ["CL1"], "Date facture": ["01/01/2025"], "Date d'échéance": ["31/01/2025"],
        "Montant TTC": [1000], "Date de règlement": ["10/02/2025"]}


def test_paid_date_contradicted_by_the_payments_sheet_is_listed():
    # Payments hold 400 on F1: they settle it, paid_date is not used, and F1 is listed with the 600 left open
    book = {**workbook("en"), "Invoices": raw(PAID),
            "Payments": raw({"Client": ["CL1"], "Date": ["10/02/2025"], "Montant": [400], "N° facture": ["F1"]})}
    analysis = analyse(validate(book), AS_OF)
    assert analysis.sheet("Exposure").set_index("debtor_id").loc["CL1", "exposure"] == 600
    issue = next(i for i in analysis.issues if i.column == "paid_date")
    assert (issue.sheet, issue.row, issue.severity) == ("Invoices", 2, "warning")
    assert issue.message == ("paid_date 2025-02-10 is not used: a Payments sheet exists and leaves EUR 600 open on this "
                             "invoice; record the payment on the Payments sheet")


def test_an_empty_payments_sheet_leaves_paid_date_in_use():
    empty = raw({"Client": [], "Date": [], "Montant": [], "N° facture": []})
    analysis = analyse(validate({**workbook("en"), "Invoices": raw(PAID), "Payments": empty}), AS_OF)
    assert analysis.sheet("Exposure").set_index("debtor_id").loc["CL1", "exposure"] == 0
    assert not [i for i in analysis.issues if i.column == "paid_date"]


def test_an_empty_workbook_drafts_no_declaration():
    # the empty template used to report 3 turnover declarations to send
    empty = {"Policy": policy(as_of="30/06/2025"), "Invoices": raw({h: [] for h in HEADERS[:5]})}
    analysis = analyse(validate(empty), AS_OF)
    assert analysis.sheet("Declarations").empty and analysis.sheet("Turnover").empty
    assert analysis["dashboard"]["quality"].set_index("sheet").loc["Invoices"].tolist() == [0, 0, 0, 0.0]
