"""Amicable recovery: dunning levels, disputes, thresholds, grouping, idempotence, letters, interfaces.

Default plan (functions.dunning): level 1 at +5 days (email reminder), 2 at +15 (letter), 3 at
+25 (phone), 4 at +35 (formal notice, 8 days to pay); 50 EUR minimum at every level.
"""
import io
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pandas as pd
import pytest
from docx import Document

from addin.excel import macros
from addin.workbook.book import FileBook
from addin.cli import main
from addin.letters import DUNNING_KINDS, LANGUAGES, draft
from addin.letters.reminders import TITLES, build
from addin.letters.templates import docx_bytes, template_path
from addin.workbook.read import ContractError, inputs as make_inputs
from addin.workbook.actions import reminder_actions
from functions.analysis import analyse
from addin.excel.udfs import CREDIT_NEXT_ACTION
from addin.excel.xlbook import XlBook
from builders import invoice, table
from fake_xlwings import FakeBook
from functions.breaches import breaches
from functions.cover import exposure_sheet
from functions.deadlines import deadlines
from functions.declarations import letter_sources
from functions.dunning import Plan, action_position, dunning, plan_records, read_plan, reminder_data
from functions.ledger import build_ledger
from functions.penalties import penalties
from functions.policy import Policy
from test_book_contract import com_rows
from test_cli import make_workbook

POLICY = Policy(insured_name="Fabrique SA")
PLAN = Plan()
NBSP = "\u00a0"


def debtors(*rows):
    return table("Debtors", [dict(debtor_id=d) | extra for d, extra in rows] if rows else [dict(debtor_id="D1")])


def actions(*rows):
    """rows: (debtor_id, invoice_id, date, action[, note])."""
    return table("Actions", [dict(debtor_id=r[0], invoice_id=r[1], date=r[2], action=r[3], note=(r[4:] or [None])[0])
                             for r in rows])


def run(invoices, as_of, acts=(), book=None, plan=None, calendar=False):
    inv = table("Invoices", invoices)
    ledger = build_ledger(inv, None, pd.Timestamp(as_of))
    book = book if book is not None else debtors(*[(d, {}) for d in sorted({i["debtor_id"] for i in invoices})])
    dl = deadlines(ledger, book, table("Register", []), POLICY)[0] if calendar else None
    frame, issues = dunning(ledger, book, actions(*acts), POLICY, plan, dl)
    assert issues == []
    return frame.set_index("debtor_id")


A = invoice("A", "D1", "2025-01-01", "2025-01-31", 1000)


# --- level boundaries -----------------------------------------------------------------------

@pytest.mark.parametrize("as_of, status", [("2025-02-04", "planned"), ("2025-02-05", "due")])
def test_first_level_is_due_exactly_five_days_after_the_due_date(as_of, status):
    row = run([A], as_of).loc["D1"]
    # 2025-01-31 + 5 days = 2025-02-05, due on that day, not the day before
    assert (row["level"], row["next_level"], row["due_date"], row["status"]) == (0, 1, pd.Timestamp("2025-02-05"), status)
    assert row["next_action"] == "Relance amiable" and row["channel"] == "email"
    assert (row["amount"], row["invoices"], row["invoice_ids"]) == (1000.0, 1, "A")


def test_nothing_on_the_due_date_itself():
    assert run([A], "2025-01-31").empty  # past due means as_of > due_date


@pytest.mark.parametrize("as_of, status", [("2025-02-16", "planned"), ("2025-02-17", "due")])
def test_a_reminder_sent_late_pushes_the_next_level_back(as_of, status):
    # level 1 sent on 2025-02-07: level 2 on max(2025-01-31 + 15 = 02-15, 2025-02-07 + (15 - 5) = 02-17)
    row = run([A], as_of, [("D1", "A", "2025-02-07", "Reminder letter 1")]).loc["D1"]
    assert (row["level"], row["level_date"], row["next_level"]) == (1, pd.Timestamp("2025-02-07"), 2)
    assert (row["due_date"], row["status"]) == (pd.Timestamp("2025-02-17"), status)


# --- grouping, disputes, thresholds ----------------------------------------------------------

def test_one_line_per_debtor_at_the_oldest_invoice_listing_every_overdue_invoice():
    rows = [A, invoice("C", "D1", "2025-02-01", "2025-03-03", 200), invoice("B", "D1", "2025-01-15", "2025-02-14", 300),
            invoice("N", "D1", "2025-03-01", "2025-03-31", 999)]  # N not yet due on 2025-03-10
    row = run(rows, "2025-03-10").loc["D1"]
    # oldest due 2025-01-31 is 38 days late; no action yet: level 1 (no skipping), due since 2025-02-05
    assert (row["invoices"], row["invoice_ids"], row["amount"]) == (3, "A, B, C", 1500.0)  # 1000 + 300 + 200
    assert (row["next_level"], row["due_date"], row["days_past_due"]) == (1, pd.Timestamp("2025-02-05"), 38)


def test_disputed_invoices_are_left_out_without_blocking_the_others():
    rows = [A, invoice("B", "D1", "2025-01-01", "2025-01-20", 500, disputed=True),
            invoice("X", "D2", "2025-01-01", "2025-01-20", 700, disputed=True)]
    frame = run(rows, "2025-02-05", [("D1", "B", "2025-01-25", "Reminder letter 1")])
    d1, d2 = frame.loc["D1"], frame.loc["D2"]
    # B is older (due 01-20) but disputed: the schedule runs from A (01-31), and the reminder on B does not count
    assert (d1["amount"], d1["invoice_ids"], d1["disputed_amount"], d1["first_due_date"]) == \
        (1000.0, "A", 500.0, pd.Timestamp("2025-01-31"))
    assert (d1["level"], d1["next_level"], d1["status"]) == (0, 1, "due")
    assert (d2["status"], d2["amount"], d2["priority"]) == ("disputed_only", 0.0, 4) and pd.isna(d2["reminder_id"])


@pytest.mark.parametrize("amount, status", [(49.99, "below_threshold"), (50.0, "due")])
def test_no_reminder_under_the_threshold(amount, status):
    row = run([invoice("A", "D1", "2025-01-01", "2025-01-31", amount)], "2025-02-05").loc["D1"]
    assert row["status"] == status
    assert pd.isna(row["next_action"]) == (status == "below_threshold")


def test_threshold_comes_from_the_plan():
    plan = table_plan(min_amount=[0.0, 0.0, 0.0, 500.0])
    row = run([invoice("A", "D1", "2025-01-01", "2025-01-31", 30)], "2025-02-05", plan=plan).loc["D1"]
    assert row["status"] == "due"  # 30 >= 0 at level 1


def test_do_not_remind_and_insolvency_stop_reminders():
    book = debtors(("D1", {"do_not_remind": True}), ("D2", {"insolvency_date": "2025-02-01"}),
                   ("D3", {"insolvency_date": "2025-03-01"}))
    rows = [A, invoice("B", "D2", "2025-01-01", "2025-01-31", 800), invoice("C", "D3", "2025-01-01", "2025-01-31", 800)]
    frame = run(rows, "2025-02-05", book=book)
    assert frame["status"].to_dict() == {"D1": "do_not_remind", "D2": "insolvent", "D3": "due"}  # D3's judgment is later
    assert frame.loc[["D1", "D2"], "reminder_id"].isna().all() and (frame.loc[["D1", "D2"], "priority"] == 4).all()


# --- no skipping ----------------------------------------------------------------------------

def test_levels_are_not_skipped_unless_the_plan_allows_it():
    old = invoice("A", "D1", "2024-12-01", "2025-01-01", 1000)  # 60 days late on 2025-03-02
    assert run([old], "2025-03-02").loc["D1", "next_level"] == 1
    # level 1 may be skipped: level 2 (due 2025-01-16) is already due, so it comes first; level 2 may not be skipped
    plan = table_plan(allow_skip=[True, False, False, False])
    row = run([old], "2025-03-02", plan=plan).loc["D1"]
    assert (row["next_level"], row["due_date"]) == (2, pd.Timestamp("2025-01-16"))
    # skippable 1 and 2: past 01-26 (level 3's date) the phone call comes first
    row = run([old], "2025-03-02", plan=table_plan(allow_skip=[True, True, False, False])).loc["D1"]
    assert row["next_level"] == 3


# --- formal notice, exhaustion, priority ---------------------------------------------------------

SENT = [("D1", "A", "2025-02-05", "Relance 1"), ("D1", "A", "2025-02-15", "2e relance"),
        ("D1", "A", "2025-02-25", "Appel téléphonique"), ("D1", "A", "2025-03-10", "Mise en demeure LRAR")]


@pytest.mark.parametrize("as_of, exhausted, status", [("2025-03-18", False, "planned"), ("2025-03-19", True, "due")])
def test_amicable_phase_is_exhausted_once_the_formal_notice_time_has_passed(as_of, exhausted, status):
    row = run([A], as_of, SENT).loc["D1"]
    # formal notice 2025-03-10 + 8 days = 2025-03-18, still within; exhausted from 2025-03-19
    assert (row["level"], row["formal_notice_date"], row["formal_notice_deadline"]) == \
        (4, pd.Timestamp("2025-03-10"), pd.Timestamp("2025-03-18"))
    assert (row["amicable_exhausted"], row["status"], row["next_action"]) == (exhausted, status, "Transmission au contentieux")
    assert (row["due_date"], row["template"]) == (pd.Timestamp("2025-03-19"), None)


@pytest.mark.parametrize("as_of, priority", [("2025-04-15", 3), ("2025-04-16", 1)])
def test_formal_notice_with_a_near_insurer_deadline_is_the_most_urgent_line(as_of, priority):
    sent = SENT[:3] + [("D1", "A", "2025-04-10", "Formal notice")]
    row = run([A], as_of, sent, calendar=True).loc["D1"]
    # notify_by = 2025-01-31 + 60 (MEP) + 30 = 2025-05-01: 16 days after 04-15, 15 after 04-16 (deadline_warning_days 15)
    assert (row["insurer_deadline"], row["insurer_step"]) == (pd.Timestamp("2025-05-01"), "overdue_notice")
    assert row["priority"] == priority


def test_breaches_flag_formal_notice_with_near_deadline():
    ledger = build_ledger(table("Invoices", [A]), None, pd.Timestamp("2025-04-20"))
    calendar = deadlines(ledger, debtors(), table("Register", []), POLICY)[0]
    reminders, _ = dunning(ledger, debtors(), actions(*SENT[:3], ("D1", "A", "2025-04-10", "Formal notice")), POLICY,
                           None, calendar)
    exposure = exposure_sheet(ledger, debtors(), table("Limits", []), None, POLICY)
    found = breaches(exposure, ledger, POLICY, deadlines=calendar, dunning=reminders)
    flag = found.query("flag == 'FORMAL_NOTICE_DEADLINE_NEAR'")
    assert flag["debtor_id"].tolist() == ["D1"] and flag["severity"].tolist() == ["warning"]
    assert flag["message"].iloc[0].startswith("Mise en demeure envoyée le 10/04/2025, et la menace de sinistre")
    assert flag["date"].tolist() == [pd.Timestamp("2025-05-01")]


def test_a_new_cycle_starts_when_earlier_reminders_concern_paid_invoices():
    paid = invoice("P", "D1", "2024-11-01", "2024-12-01", 400, paid_date="2025-01-10")
    frame = run([paid, A], "2025-02-05", [("D1", "P", "2024-12-10", "Reminder 1"), ("D1", None, "2024-12-20", "Relance 2")])
    # P is paid; the reminder naming it and the unnamed one (before A fell due) do not concern A
    assert frame.loc["D1", "level"] == 0 and frame.loc["D1", "next_level"] == 1


# --- Actions -> levels -------------------------------------------------------------------------

@pytest.mark.parametrize("action, note, position", [
    ("Reminder letter 1", None, 1), ("Relance n°2", None, 2), ("2e relance", None, 2), ("Second reminder", None, 2),
    ("Relance", None, 1), ("Phone call", None, 3), ("Appel téléphonique", None, 3), ("Mise en demeure", None, 4),
    ("Lettre recommandée", None, 4), ("Final demand", None, 4), ("level 3", None, 3), ("Niveau 4", None, 4),
    ("Promise to pay", None, None), ("Courrier", "reminder:D1:2:2025-01-31", 2),
    ("Friendly reminder / Relance amiable", None, 1), ("level 9", None, None)])
def test_free_text_actions_map_to_plan_levels(action, note, position):
    assert action_position(action, note, PLAN) == position


# --- plan sheet ------------------------------------------------------------------------------

def table_plan(**columns) -> pd.DataFrame:
    frame = pd.DataFrame(plan_records())
    for name, values in columns.items():
        frame[name] = values
    frame["_row"] = range(2, 2 + len(frame))
    return frame


def test_plan_defaults_round_trip_and_bad_plans_fall_back():
    assert read_plan(table_plan()) == (PLAN, [])
    plan, issues = read_plan(table_plan(days_after_due=[5, 15, 10, 35]))
    assert plan == PLAN and issues[0].sheet == "Dunning plan" and "grow with the level" in issues[0].message
    plan, _ = read_plan(table_plan(channel=["letter", "letter", "phone", "letter"], template=[None, None, None, None]))
    assert [lv.template for lv in plan.levels] == ["reminder", "reminder", None, "reminder"]


# --- idempotence -------------------------------------------------------------------------------

def inputs_of(invoices, acts=()):
    return make_inputs(POLICY, {"Invoices": table("Invoices", invoices), "Debtors": debtors(), "Actions": actions(*acts)})


def test_marking_a_reminder_sent_moves_to_the_next_level_and_is_never_recorded_twice():
    rows = [A, invoice("B", "D1", "2025-01-10", "2025-02-01", 250)]
    first = run(rows, "2025-02-05").loc["D1", "reminder_id"]
    assert first == run(rows, "2025-02-06").loc["D1", "reminder_id"] == "reminder:D1:1:2025-01-31"  # same id each run
    sent = reminder_actions(analyse(inputs_of(rows), date(2025, 2, 5), want=["Dunning"]), "D1", 1, date(2025, 2, 5))
    assert [(r["invoice_id"], r["note"], r["action"]) for r in sent] == [
        ("A", first, "Relance amiable"), ("B", first, "Relance amiable")]
    recorded = [(r["debtor_id"], r["invoice_id"], r["date"], r["action"], r["note"]) for r in sent]
    row = run(rows, "2025-02-06", recorded).loc["D1"]
    assert (row["level"], row["next_level"], row["reminder_id"]) == (1, 2, "reminder:D1:2:2025-01-31")
    with pytest.raises(ContractError, match="le niveau 1 est déjà enregistré pour D1"):  # in the Policy's language
        reminder_actions(analyse(inputs_of(rows, recorded), date(2025, 2, 6), want=["Dunning"]), "D1", 1, date(2025, 2, 6))
    with pytest.raises(ContractError, match="un niveau n'est sauté que si allow_skip"):
        reminder_actions(analyse(inputs_of(rows, recorded), date(2025, 2, 6), want=["Dunning"]), "D1", 3, date(2025, 2, 6))


def test_mark_reminded_command_appends_actions_rows(tmp_path, capsys):
    src = make_workbook(tmp_path / "ar.xlsx")  # D owes A, 1,000 due 2025-03-01; as_of 2025-06-30
    assert main(["mark-reminded", str(src), "D", "1", "--in-place", "--date", "2025-06-30"]) == 0
    rows = list(openpyxl.load_workbook(src)["Actions"].iter_rows(values_only=True))
    assert rows[0][:5] == ("debtor_id", "invoice_id", "date", "action", "note")
    assert rows[1][:2] == ("D", "A") and rows[1][4] == "reminder:D:1:2025-03-01"
    assert main(["mark-reminded", str(src), "D", "1", "--in-place"]) == 2
    assert "already recorded" in capsys.readouterr().err
    assert main(["dunning", str(src)]) == 0
    assert "Second reminder" in capsys.readouterr().out


# --- letters -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", DUNNING_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_dunning_templates_are_up_to_date(kind, language):
    """Regenerate with: python -c "from addin.letters.reminders import write_templates; write_templates()"."""
    def parts(data):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    assert parts(template_path(kind, language).read_bytes()) == parts(docx_bytes(build(kind, language)))


def formal_notice_data():
    as_of = pd.Timestamp("2025-03-17")
    inv = table("Invoices", [A, invoice("B", "D1", "2025-01-01", "2025-01-20", 500, disputed=True)])
    ledger = build_ledger(inv, None, as_of)
    book = table("Debtors", [dict(debtor_id="D1", name="Acme <SARL>", country="DE", address="1 Hauptstraße")])
    frame, _ = dunning(ledger, book, actions(*SENT[:3]), POLICY)
    sources = letter_sources(POLICY, ledger, book, deadlines(ledger, book, table("Register", []), POLICY)[0],
                             penalties(ledger, POLICY)[0], actions(), dunning=frame)
    return reminder_data(frame.iloc[0].to_dict(), sources)


def test_formal_notice_states_interest_and_indemnity():
    data = formal_notice_data()
    # 1,000 due 2025-01-31, 45 days late on 2025-03-17 at ECB 3.15 + 10 = 13.15 %: 1000 x 0.1315 x 45/365 = 16.21
    # a German buyer: the letter is in the policy's language (French); a French-speaking one always gets French
    assert data["declaration"]["type"] == "formal_notice" and data["language"] == "fr"
    assert [i["invoice_id"] for i in data["invoices"]] == ["A"]  # disputed B left out
    assert data["penalty_totals"] == {"principal": 1000.0, "interest": 16.21, "indemnity": 40.0, "claim_total": 1056.21}
    assert data["reminder"]["pay_by"] == date(2025, 3, 25)  # 8 days to pay
    assert data["dunning"]["level"] == 3


@pytest.mark.parametrize("language, expected", [
    ("fr", ["Mise en demeure de payer", f"1{NBSP}056,21{NBSP}€", f"16,21{NBSP}€", "25/03/2025", "article 1344"]),
    ("en", ["Formal notice to pay", "EUR 1,056.21", "EUR 16.21", "25 Mar 2025", "Acme <SARL>"])])
def test_formal_notice_letter_prints_the_claim(tmp_path, language, expected):
    path = draft("formal_notice", formal_notice_data(), language, tmp_path)
    doc = Document(str(path))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert all(e in text for e in expected), [e for e in expected if e not in text]
    assert "{{" not in text and path.name.startswith("reminder_D1_4_2025-01-31")


def test_friendly_then_firm_reminder(tmp_path):
    data = formal_notice_data()
    data["declaration"]["type"] = "reminder"
    firm = Document(str(draft("reminder", data, "en", tmp_path / "a"))).paragraphs
    data["reminder"]["previous_date"] = None
    friendly = Document(str(draft("reminder", data, "en", tmp_path / "b"))).paragraphs
    assert any("Despite our reminder of 25 Feb 2025" in p.text for p in firm)
    assert any("probably an oversight" in p.text for p in friendly)
    assert any(TITLES["reminder"]["en"] in p.text for p in friendly)


# --- interfaces -------------------------------------------------------------------------------

def test_reminders_macro_writes_dunning_and_letters(tmp_path):
    src = make_workbook(tmp_path / "ar.xlsx")
    out = tmp_path / "out.xlsx"
    macros.reminders(FileBook(src, out, quiet=True))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Dunning", "Issues"]
    rows = list(book["Dunning"].iter_rows(values_only=True))
    assert rows[1][:6] == ("D", 0, "Friendly reminder", rows[1][3], 1000, 1)
    document = rows[1][rows[0].index("Document")]
    assert document.startswith("out.documents/reminder_D_1_2025-03-01") and (tmp_path / document).exists()


def test_mark_reminder_sent_macro_appends_to_actions(tmp_path):
    wb = openpyxl.load_workbook(make_workbook(tmp_path / "ar.xlsx"))
    fake = FakeBook("ar.xlsx", {ws.title: com_rows(ws) for ws in wb}, folder=str(tmp_path))
    fake.selection.value = "reminder:D:1:2025-03-01"
    macros.mark_reminder_sent(XlBook(fake))
    rows = fake.sheet("Actions").used_range.value
    assert rows[1][:2] == ["D", "A"] and rows[1][4] == "reminder:D:1:2025-03-01"
    fake.selection.value = "overdue_notice:D:2025-03-01"
    with pytest.raises(ContractError, match="not a reminder id"):
        macros.mark_reminder_sent(XlBook(fake))


def test_next_action_worksheet_function():
    invoices = [["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"],
                ["A", "D1", "2025-01-01", "2025-01-31", 1000.0]]
    acts = [["debtor_id", "invoice_id", "date", "action"], ["D1", "A", "2025-02-07", "Relance 1"]]
    result = CREDIT_NEXT_ACTION(invoices, acts, None, None, None, None, "2025-02-17")
    header, row = result
    # no Policy argument: French, the default language
    assert header[:6] == ["Code client", "Niveau", "Prochaine action", "Échéance", "Montant", "Factures"]
    assert row[:3] == ["D1", 1.0, "Deuxième relance"] and row[4] == 1000.0
    english = CREDIT_NEXT_ACTION(invoices, acts, None, None, None, [["Parameter", "Value"], ["language", "en"]], "2025-02-17")
    assert english[0][:3] == ["Client code", "Level", "Next action"] and english[1][2] == "Second reminder"
    ids = CREDIT_NEXT_ACTION(invoices, acts, None, None, None, [["Parameter", "Value"], ["headers", "ids"]], "2025-02-17")
    assert ids[0][:3] == ["debtor_id", "level", "next_action"] and ids[1][2] == "Deuxième relance"
    assert CREDIT_NEXT_ACTION(None, None, None, None, None, None, "2025-02-17").startswith("#CREDIT! ")


def test_policy_deadline_warning_days_moves_the_priority():
    sent = SENT[:3] + [("D1", "A", "2025-04-10", "Formal notice")]
    inv = table("Invoices", [A])
    ledger = build_ledger(inv, None, pd.Timestamp("2025-04-15"))
    dl = deadlines(ledger, debtors(), table("Register", []), POLICY)[0]
    frame, _ = dunning(ledger, debtors(), actions(*sent), replace(POLICY, deadline_warning_days=16), None, dl)
    assert frame["priority"].tolist() == [1]  # 05-01 is 16 days after 04-15
