"""Issue 19, done when: a workbook filled from the template (French headers, six clients) whose
25,500 EUR overdue invoice has its due date typed 31/02/2025 keeps that invoice in the exposure,
the breaches, the overdue notice and the turnover, and its Dashboard shows the repair."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from addin import run as pipeline
from addin.workbook.book import FileBook
from addin.workbook.contract import INPUT_SHEETS, header_lookup, normalise_header

TEMPLATE = Path(__file__).resolve().parents[1] / "workbooks" / "template.xlsx"
D = datetime

# client, name, terms, named limit (None: no limit), invoice, date, due date as typed, amount incl. and excl. VAT
CLIENTS = [
    ("CL001", "Alpha SARL", 30, 10000, "F001", D(2025, 6, 10), D(2025, 7, 10), 5000.00, 4166.67),
    ("CL002", "Beta SA", 45, 8000, "F002", D(2025, 5, 20), D(2025, 7, 4), 3600.00, 3000.00),
    ("CL003", "Gamma Industrie SAS", 60, 20000, "F003", D(2025, 1, 2), "31/02/2025", 25500.00, 21250.00),
    ("CL004", "Delta SNC", 30, 5000, "F004", D(2025, 6, 15), D(2025, 7, 15), 4200.00, 3500.00),
    ("CL005", "Epsilon EURL", 30, None, "F005", D(2025, 6, 1), D(2025, 7, 1), 2860.00, 2383.33),
    ("CL006", "Zeta SAS", 30, 5000, "F006", D(2025, 6, 5), D(2025, 7, 5), 1700.00, 1416.67),
]


def fill(ws, headers: list[str], rows: list[tuple]) -> None:
    """French headers over the template's first columns, then the rows."""
    for col, header in enumerate(headers, start=1):
        ws.cell(1, col, header)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            ws.cell(r, col, value)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    wb = openpyxl.load_workbook(TEMPLATE)
    policy = wb["Policy"]
    for row in policy.iter_rows(min_row=2):
        if row[0].value == "as_of":
            row[1].value = D(2025, 6, 30)
        if row[0].value == "insurer":
            row[1].value = "Allianz Trade"
    fill(wb["Debtors"], ["Code client", "Raison sociale", "Pays"], [(c[0], c[1], "FR") for c in CLIENTS])
    debtors = wb["Debtors"]
    lookup = header_lookup(INPUT_SHEETS["Debtors"])  # the template's headers are French labels
    terms_col = [lookup.get(normalise_header(c.value)) for c in debtors[1]].index("payment_terms_days") + 1
    debtors.cell(1, terms_col, "Délai de paiement")
    for r, c in enumerate(CLIENTS, start=2):
        debtors.cell(r, terms_col, c[2])
    fill(wb["Invoices"], ["N° facture", "Code client", "Date facture", "Date d'échéance", "Montant TTC", "Montant HT"],
         [(c[4], c[0], c[5], c[6], c[7], c[8]) for c in CLIENTS])
    fill(wb["Limits"], ["Code client", "Date de décision", "Date d'effet", "Date d'expiration", "Plafond",
                        "Type de limite", "Décision"],
         [(c[0], D(2024, 6, 1), None, None, c[3], "nommé", "accordé") for c in CLIENTS if c[3]])
    source = folder / "clients.xlsx"
    wb.save(source)
    out = folder / "clients.results.xlsx"
    return pipeline.run(FileBook(source, out, quiet=True)), out


def test_the_invoice_is_kept_with_its_due_date_repaired_and_said(scenario):
    run, _ = scenario
    repair = [i for i in run.sheets["Issues"].itertuples() if i.sheet == "Invoices"]
    assert [(i.row, i.column, i.severity) for i in repair] == [(4, "Date d'échéance", "warning")]
    # 02/01/2025 + CL003's 60 days of terms = 03/03/2025
    assert repair[0].message == ("Date d'échéance « 31/02/2025 » n'est pas une date : 03/03/2025 retenue à la place "
                                 "(date de facture + 60 jours, délai de paiement du client)")


def test_exposure_breaches_notice_and_turnover_keep_the_invoice(scenario):
    run, _ = scenario
    exposure = run.sheets["Exposure"].set_index("debtor_id")
    # 5,000 + 3,600 + 25,500 + 4,200 + 2,860 + 1,700 = 42,860 (17,360 when the invoice was dropped)
    assert exposure["exposure"].sum() == 42860.00 and exposure.loc["CL003", "exposure"] == 25500.00
    flags = run.sheets["Breaches"].query("debtor_id == 'CL003'").set_index("flag")["amount"]
    # eligible 25,500 over the 20,000 limit by 5,500; due 03/03 + 60 = MEP end 02/05/2025, notify by 01/06/2025
    assert flags.to_dict() == {"OVER_LIMIT": 5500.0, "OVERDUE_BEYOND_MEP": 25500.0, "NOTIFICATION_LATE": 25500.0}
    notice = run.sheets["Declarations"].set_index("declaration_id").loc["overdue_notice:CL003:2025-03-03"]
    assert (notice["status"], notice["amount"], notice["due_by"]) == ("draft", 25500.0, datetime(2025, 6, 1))
    # Q1 holds F003 alone: 21,250 excl. VAT declared
    q1 = run.sheets["Declarations"].set_index("declaration_id").loc["turnover:2025-Q1"]
    assert q1["amount"] == 21250.00
    assert run.sheets["Scores"].set_index("debtor_id").loc["CL003", "grade"] == "E"


def test_the_dashboard_shows_the_repair(scenario):
    _, out = scenario
    board = openpyxl.load_workbook(out)["Dashboard"]
    assert board["A3"].value is None                                 # nothing left out: no alert line
    assert board["C4"].value == "Qualité des données : lignes lues du classeur"
    rows = {r[0]: r[1:] for r in board.iter_rows(min_row=6, max_row=20, min_col=3, max_col=7, values_only=True) if r[0]}
    assert rows["Invoices"][:3] == (6, 1, 0)                         # read, repaired, left out
    assert rows["Debtors"][:3] == (6, 0, 0)
