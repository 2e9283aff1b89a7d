"""Declarations as data: drafting rules, deterministic ids, Register status, letter data."""
import datetime as dt
from dataclasses import replace

import pandas as pd

from addin.workbook.read import empty_table
from functions.deadlines import deadlines
from functions.declarations import KEY_COLUMNS, declarations, letter_data, letter_sources, missing_fields, missing_words
from functions.ledger import build_ledger
from functions.penalties import penalties
from functions.policy import Policy
from functions.turnover import turnover

T = pd.Timestamp
POLICY = Policy(insured_name="Fabrique SA", policy_number="POL-42", insurer="Allianz Trade")


def table(sheet, **cols):
    n = len(next(iter(cols.values())))
    return pd.concat([empty_table(sheet), pd.DataFrame({**cols, "_row": range(2, 2 + n)})], ignore_index=True)


def invoices(rows):
    """rows: (invoice_id, debtor_id, due_date, amount, disputed)."""
    ids, debtors, due, amount, disputed = zip(*rows)
    return table("Invoices", invoice_id=list(ids), debtor_id=list(debtors), invoice_date=pd.to_datetime(["2024-12-01"] * len(ids)),
                 due_date=pd.to_datetime(list(due)), amount=list(amount), amount_excl_vat=[a / 1.2 for a in amount],
                 disputed=list(disputed))


BASE = [("A", "D1", "2025-01-31", 1000.0, False), ("B", "D1", "2025-04-30", 200.0, True)]
DEBTORS = table("Debtors", debtor_id=["D1", "D2", "D3"], name=["Acme SARL", "Beta", "Gamma"], country=["FR"] * 3,
                registration_id=["73282932000074", None, None], excluded=[False] * 3,
                security=["Retention of title; Parent guarantee", None, None],
                insolvency_date=pd.to_datetime([None, None, "2025-04-20"]))


def register(*rows):
    """rows: (declaration_id, status, sent_date)."""
    if not rows:
        return empty_table("Register")
    ids, status, sent = zip(*rows)
    return table("Register", declaration_id=list(ids), status=list(status), sent_date=pd.to_datetime(list(sent)))


def run(rows, as_of, reg=None, policy=POLICY, with_turnover=False):
    inv = invoices(rows)
    ledger = build_ledger(inv, None, as_of)
    reg = register() if reg is None else reg
    dl, _ = deadlines(ledger, DEBTORS, reg, policy)
    sales = turnover(inv, DEBTORS, policy, as_of)[0] if with_turnover else None
    return declarations(dl, ledger, DEBTORS, reg, policy, sales), ledger, dl, sales


def test_overdue_notice_drafted_per_debtor():
    # A is notification_late on 2025-05-02 (notify_by 2025-05-01); B (disputed) is listed and marked
    frame, *_ = run(BASE, "2025-05-02")
    assert list(frame.columns[:8]) == KEY_COLUMNS
    row = frame.iloc[0]
    assert row[KEY_COLUMNS].tolist() == ["overdue_notice:D1:2025-01-31", "overdue_notice", "D1", None, 1200.0,
                                         T("2025-05-01"), "draft", None]
    assert (row["disputed_amount"], row["invoices"]) == (200.0, 2)
    assert len(frame) == 1


def test_nothing_to_notify_while_every_invoice_is_within_its_extension():
    frame, *_ = run(BASE, "2025-04-01")  # MEP end of A itself
    assert frame.empty


def test_min_notifiable_amount_is_reached_at_equality():
    at = [("C", "D2", "2025-01-31", 300.0, False)]
    below = [("C", "D2", "2025-01-31", 299.99, False)]
    assert run(at, "2025-04-02")[0]["declaration_id"].tolist() == ["overdue_notice:D2:2025-01-31"]
    assert run(below, "2025-04-02")[0].empty


def test_running_twice_drafts_nothing_new():
    first, *_ = run(BASE, "2025-05-02")
    second, *_ = run(BASE, "2025-05-02")
    pd.testing.assert_frame_equal(first, second)


def test_register_sent_row_suppresses_the_draft_and_shows_its_status():
    # Sent on notify_by itself; on that day nothing else is due (the collection window opens after it).
    reg = register(("overdue_notice:D1:2025-01-31", "sent", "2025-05-01"))
    frame, *_ = run(BASE, "2025-05-01", reg)
    assert frame[["declaration_id", "status"]].values.tolist() == [["overdue_notice:D1:2025-01-31", "sent"]]
    assert frame["sent_date"].iloc[0] == T("2025-05-01") and frame["amount"].iloc[0] == 1200.0


def test_draft_with_the_same_id_as_a_register_row_takes_its_status():
    # Sent before A was past due: covers nothing, but the id matches, so it is not drafted again.
    reg = register(("overdue_notice:D1:2025-01-31", "acknowledged", "2025-01-15"))
    frame, *_ = run(BASE, "2025-05-02", reg)
    assert frame[["declaration_id", "status"]].values.tolist() == [["overdue_notice:D1:2025-01-31", "acknowledged"]]


def test_after_a_notice_new_overdue_invoices_get_a_new_notice_and_a_collection_request():
    rows = BASE + [("C", "D1", "2025-06-15", 500.0, False)]
    reg = register(("overdue_notice:D1:2025-01-31", "sent", "2025-05-01"))
    frame, *_ = run(rows, "2025-08-20", reg)
    got = frame.set_index("declaration_id")
    assert got.loc["overdue_notice:D1:2025-01-31", "status"] == "sent"
    # C: mep_end 2025-08-14 passed -> to_notify, 500 >= 300; notify_by 2025-09-13
    assert got.loc["overdue_notice:D1:2025-06-15", ["status", "amount", "due_by"]].tolist() == ["draft", 500.0, T("2025-09-13")]
    # A handover_late (handover_by 2025-06-30), B handover_due: every overdue invoice is handed over
    assert got.loc["collection_request:D1:2025-01-31", ["status", "amount", "due_by"]].tolist() == ["draft", 1700.0, T("2025-06-30")]


def test_insolvency_notice_covers_every_open_invoice():
    rows = [("E", "D3", "2025-03-31", 700.0, False), ("F", "D3", "2025-06-30", 300.0, False)]
    frame, *_ = run(rows, "2025-04-25")
    row = frame.set_index("declaration_id").loc["insolvency_notice:D3:2025-04-20"]
    assert (row["amount"], row["due_by"], row["invoices"]) == (1000.0, T("2025-04-30"), 2)  # 2025-04-20 + 10 days


def test_turnover_declarations_for_ended_periods():
    frame, *_ = run(BASE, "2025-05-02", with_turnover=True)
    sales = frame.loc[frame["type"] == "turnover"]
    # invoices dated 2024-12-01: 1200 / 1.2 = 1000 excl. VAT in 2024-Q4, premium 2.50
    # issue 19: nothing for 2024-Q3, before the first invoice; 2025-Q1, empty inside the data, is a nil declaration
    assert sales["declaration_id"].tolist() == ["turnover:2024-Q4", "turnover:2025-Q1"]
    assert sales["amount"].tolist() == [1000.0, 0.0] and sales["premium"].tolist() == [2.5, 0.0]
    assert sales["note"].isna().tolist() == [True, False] and sales["note"].iloc[1].startswith("déclaration à néant")


def sources(rows, as_of, reg=None, cover=None):
    frame, ledger, dl, sales = run(rows, as_of, reg, with_turnover=True)
    actions = table("Actions", debtor_id=["D1", "D1", "D1"], invoice_id=["A", "A", None],
                    date=pd.to_datetime(["2025-02-10", "2025-03-10", "2025-09-01"]),
                    action=["Reminder 1", "Formal notice", "Later call"])
    return frame, letter_sources(POLICY, ledger, DEBTORS, dl, penalties(ledger, POLICY)[0], actions, sales, cover=cover)


KEYS = {"declaration", "as_of", "language", "currency", "insured", "debtor", "invoices", "credit_notes", "payments",
        "disputes", "actions", "cover", "totals", "dunning_history", "penalties", "penalty_totals", "attachments",
        "securities", "turnover", "turnover_totals", "claim_lines", "dunning", "insurer", "missing"}


def test_letter_data_of_an_overdue_notice():
    rows = BASE + [("N", "D1", "2025-06-30", 100.0, False)]  # not yet due, still listed
    held = pd.DataFrame({"debtor_id": ["D1"], "limit": [5000.0], "limit_type": ["named"]})
    frame, src = sources(rows, "2025-05-02", cover=held)
    data = letter_data(frame.iloc[0].to_dict(), src)
    assert set(data) == KEYS
    assert data["insured"] == {"name": "Fabrique SA", "policy_number": "POL-42", "insurer": "Allianz Trade", "address": [],
                               "siren": None, "contact": None, "phone": None, "email": None, "signatory": None,
                               "signatory_title": None}
    assert data["declaration"]["reference"] == "MS-D1-20250131"
    # the Policy gives no sender address: the letter is drafted and says what it lacks (in French, the default)
    assert data["missing"] == ["expéditeur (raison sociale et adresse)"]
    assert data["debtor"]["registration_id"] == "732 829 320 00074" and data["debtor"]["registration_kind"] == "SIRET"
    assert [i["invoice_id"] for i in data["invoices"]] == ["A", "B", "N"]
    assert [i["status"] for i in data["invoices"]] == ["notification_late", "overdue", "not_due"]
    assert data["invoices"][0]["due_date"] == dt.date(2025, 1, 31)
    assert data["totals"] == {"open": 1300.0, "overdue": 1200.0, "not_due": 100.0, "disputed": 200.0,
                              "unapplied_credit": 0.0, "exposure": 1300.0}
    assert data["disputes"] == [{"invoice_id": "B", "due_date": dt.date(2025, 4, 30), "amount": 200.0, "open": 200.0}]
    assert [a["action"] for a in data["actions"]] == ["Reminder 1", "Formal notice"]  # the later call is after as_of
    assert data["cover"] == {"limit": 5000.0, "limit_type": "named"}
    assert data["penalties"] == [] and data["penalty_totals"] is None


def test_letter_data_of_a_collection_request():
    reg = register(("overdue_notice:D1:2025-01-31", "sent", "2025-05-01"))
    frame, src = sources(BASE, "2025-07-01", reg)
    request = frame.loc[frame["type"] == "collection_request"].iloc[0].to_dict()
    data = letter_data(request, src)
    assert data["dunning_history"][0] == {"invoice_id": "A", "due_date": dt.date(2025, 1, 31), "open": 1000.0,
                                          "reminders": 2, "first_reminder": dt.date(2025, 2, 10),
                                          "last_reminder": dt.date(2025, 3, 10)}
    # A: 151 days (150 in H1 at 13.15 %, 1 in H2 at 12.15 %): 1000 x (0.1315 x 150 + 0.1215) / 365 = 54.37
    # B: 62 days (61 at 13.15 %, 1 at 12.15 %): 200 x (0.1315 x 61 + 0.1215) / 365 = 4.46
    assert [p["interest"] for p in data["penalties"]] == [54.37, 4.46]
    assert data["penalty_totals"] == {"principal": 1200.0, "interest": 58.83, "indemnity": 80.0, "claim_total": 1338.83}
    assert data["securities"] == ["Retention of title", "Parent guarantee"]
    kinds = [a["kind"] for a in data["attachments"]]
    assert kinds == ["invoice", "invoice", "delivery_proof", "delivery_proof", "order", "correspondence",
                     "correspondence", "statement"]
    assert data["attachments"][0]["description"] == "Copie de la facture A"  # policy language fr


def test_letter_data_of_a_turnover_declaration():
    frame, src = sources(BASE, "2025-05-02")
    row = frame.set_index("declaration_id").loc["turnover:2024-Q4"].to_dict() | {"declaration_id": "turnover:2024-Q4"}
    data = letter_data(row, src)
    assert data["debtor"] is None and data["invoices"] == []
    assert data["turnover"] == [{"country": "FR", "insured": True, "turnover_excl_vat": 1000.0,
                                 "turnover_incl_vat": 1200.0, "premium": 2.5}]
    assert data["turnover_totals"] == {"insured_turnover": 1000.0, "excluded_turnover": 0.0, "premium": 2.5}


def test_sent_turnover_declaration_keeps_its_register_status():
    reg = table("Register", declaration_id=["turnover:2024-Q4"], status=["closed"], sent_date=pd.to_datetime(["2025-01-10"]))
    frame, *_ = run(BASE, "2025-05-02", reg, with_turnover=True)
    row = frame.set_index("declaration_id").loc["turnover:2024-Q4"]
    assert (row["type"], row["period"], row["status"], row["amount"]) == ("turnover", "2024-Q4", "closed", 1000.0)
    assert (frame["declaration_id"] == "turnover:2024-Q4").sum() == 1


def test_a_letter_missing_what_the_insurer_needs_is_drafted_marked_incomplete_and_listed():
    from functions.declarations import incomplete_issues
    rows = BASE
    frame, src = sources(rows, "2025-05-02")
    complete = replace(POLICY, insured_address="1 rue de la Paix ; 75002 Paris")
    assert missing_fields("overdue_notice", complete, {"registration_id": "732829320"}) == []
    assert missing_fields("overdue_notice", Policy(), {"registration_id": None, "insurer_ref": " "}) == [
        "policy_number", "sender", "debtor_identifier"]
    assert missing_fields("turnover", complete, None) == []
    bare = Policy(language="en")
    table = frame.assign(missing=missing_words(frame, DEBTORS, bare))
    assert table["missing"].iloc[0] == "policy number, sender (name and address)"
    issues = incomplete_issues(table, DEBTORS, bare)
    assert len(issues) == (frame["status"] == "draft").sum()  # every draft lacks the policy number here
    issue = issues[0]
    assert (issue.sheet, issue.column, issue.severity) == ("Policy", "policy_number", "warning")
    assert issue.message == "MS-D1-20250131: letter drafted but incomplete, missing: policy number, sender (name and address)"
    assert issue.message.in_language("fr") == ("MS-D1-20250131 : lettre rédigée mais incomplète, il manque : numéro de "
                                               "police, expéditeur (raison sociale et adresse)")
