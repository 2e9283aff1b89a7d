"""Deadline calendar: dates, exact-day status boundaries, Register coverage, debtor summary."""
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from addin.workbook.read import empty_table
from functions.deadlines import KEY_COLUMNS, URGENCY, debtor_status, deadlines
from functions.ledger import build_ledger
from functions.policy import Policy

T = pd.Timestamp


def table(sheet, **cols):
    n = len(next(iter(cols.values())))
    return pd.concat([empty_table(sheet), pd.DataFrame({**cols, "_row": range(2, 2 + n)})], ignore_index=True)


def invoices(due=("2025-01-31",), debtor=None, issued=None, amount=1000.0):
    n = len(due)
    return table("Invoices", invoice_id=[f"F{i}" for i in range(n)], debtor_id=debtor or ["D1"] * n,
                 invoice_date=pd.to_datetime(issued or ["2024-12-01"] * n), due_date=pd.to_datetime(list(due)),
                 amount=[amount] * n)


DEBTORS = table("Debtors", debtor_id=["D1", "D2"], excluded=[False, False])


def register(*rows):
    """rows: (declaration_id, sent_date or None)."""
    if not rows:
        return empty_table("Register")
    ids, dates = zip(*rows)
    return table("Register", declaration_id=list(ids), status=["sent"] * len(ids), sent_date=pd.to_datetime(list(dates)))


def run(as_of, inv=None, reg=None, debtors=DEBTORS, policy=Policy()):
    ledger = build_ledger(invoices() if inv is None else inv, None, as_of)
    return deadlines(ledger, debtors, register() if reg is None else reg, policy)


def status(as_of, **kw):
    frame, _ = run(as_of, **kw)
    return frame["status"].tolist()


def test_issue_example_dates():
    # due 2025-01-31 + 60 = mep_end 2025-04-01 ; + 30 = notify_by 2025-05-01 ;
    # + 60 = handover_by 2025-06-30 ; + 150 = claim_expected 2025-11-27
    frame, issues = run("2025-02-10")
    assert list(frame.columns[:8]) == KEY_COLUMNS
    row = frame.iloc[0]
    assert (row["mep_end"], row["notify_by"], row["handover_by"], row["claim_expected"]) == (
        T("2025-04-01"), T("2025-05-01"), T("2025-06-30"), T("2025-11-27"))
    assert (row["days_past_due"], row["terms_days"], row["beyond_max_credit"]) == (10, 61, False)
    assert issues == []


@pytest.mark.parametrize("as_of, expected", [
    ("2025-01-31", []),                      # due today: not past due
    ("2025-02-01", ["overdue"]),
    ("2025-04-01", ["overdue"]),             # MEP end itself: may still extend
    ("2025-04-02", ["to_notify"]),
    ("2025-05-01", ["to_notify"]),           # notify_by itself: still in time
    ("2025-05-02", ["notification_late"]),
    ("2025-12-31", ["notification_late"]),   # never notified stays late
])
def test_status_boundaries_without_register(as_of, expected):
    assert status(as_of) == expected


@pytest.mark.parametrize("as_of, expected", [
    ("2025-05-01", "notified"),
    ("2025-05-02", "handover_due"),
    ("2025-06-30", "handover_due"),          # handover_by itself: still in time
    ("2025-07-01", "handover_late"),
])
def test_status_boundaries_after_notification(as_of, expected):
    reg = register(("overdue_notice:D1:2025-01-31", "2025-04-20"))
    assert status(as_of, reg=reg) == [expected]


def test_handed_over_and_claim_from_the_sent_date():
    # collection request sent 2025-07-10: claim expected 2025-07-10 + 150 = 2025-12-07
    reg = register(("overdue_notice:D1:2025-01-31", "2025-04-20"), ("collection_request:D1:2025-01-31", "2025-07-10"))
    frame, _ = run("2025-08-01", reg=reg)
    assert frame["status"].tolist() == ["handed_over"]
    assert frame["claim_expected"].iloc[0] == T("2025-12-07")
    assert frame["collection_id"].iloc[0] == "collection_request:D1:2025-01-31"


def test_due_date_basis():
    # basis = due date: notify_by = 2025-01-31 + 30 = 2025-03-02; to_notify from the first day past due
    policy = Policy(overdue_notice_basis="due_date")
    frame, _ = run("2025-02-01", policy=policy)
    assert frame["notify_by"].iloc[0] == T("2025-03-02") and frame["status"].tolist() == ["to_notify"]
    assert status("2025-03-02", policy=policy) == ["to_notify"]
    assert status("2025-03-03", policy=policy) == ["notification_late"]


def test_notice_covers_only_invoices_past_due_when_sent_and_due_from_its_first_date():
    inv = invoices(due=["2025-01-15", "2025-01-31", "2025-04-19", "2025-04-20"])
    reg = register(("overdue_notice:D1:2025-01-31", "2025-04-20"))
    frame, _ = run("2025-04-25", inv=inv, reg=reg)
    covered = dict(zip(frame["due_date"].dt.strftime("%m-%d"), frame["notice_id"].notna()))
    # 01-15 is before the notice's first due date; 04-20 was not past due on 2025-04-20
    assert covered == {"01-15": False, "01-31": True, "04-19": True, "04-20": False}


def test_register_row_without_sent_date_is_a_warning_and_counts_as_sent_on_as_of():
    reg = register(("overdue_notice:D1:2025-01-31", None))
    frame, issues = run("2025-04-25", reg=reg)
    assert frame["status"].tolist() == ["notified"]
    assert [(i.sheet, i.row, i.column, i.severity) for i in issues] == [("Register", 2, "sent_date", "warning")]


def test_appended_acknowledgement_keeps_the_sent_date_and_gives_the_status():
    reg = table("Register", declaration_id=["overdue_notice:D1:2025-01-31"] * 2, status=["sent", "acknowledged"],
                sent_date=pd.to_datetime(["2025-04-20", None]))
    frame, issues = run("2025-04-25", reg=reg)
    assert frame["status"].tolist() == ["notified"] and issues == []


def test_excluded_debtors_and_max_credit_flag():
    inv = invoices(due=["2025-04-30", "2025-05-01", "2025-03-01"], debtor=["D1", "D1", "D2"],
                   issued=["2024-12-31", "2024-12-31", "2025-01-01"])
    debtors = table("Debtors", debtor_id=["D1", "D2"], excluded=[False, True])
    frame, _ = run("2025-06-01", inv=inv, debtors=debtors)
    # terms 120 days (2024-12-31 -> 2025-04-30) is allowed, 121 is beyond max_credit_days
    assert frame[["terms_days", "beyond_max_credit"]].values.tolist() == [[120, False], [121, True]]
    assert set(frame["debtor_id"]) == {"D1"}


def test_insolvency_notice_due_date_and_debtor_summary():
    inv = invoices(due=["2025-01-31", "2025-03-31", "2025-06-30"], debtor=["D1", "D1", "D2"], amount=500.0)
    debtors = table("Debtors", debtor_id=["D1", "D2", "D3"], excluded=[False] * 3,
                    insolvency_date=pd.to_datetime([None, "2025-04-20", None]))
    frame, _ = run("2025-05-02", inv=inv, debtors=debtors)
    summary = debtor_status(frame, debtors, Policy())
    assert summary["debtor_id"].tolist() == ["D1", "D2", "D3"]
    assert summary["status"].tolist() == ["notification_late", "not_overdue", "not_overdue"]
    assert summary["overdue"].tolist() == [1000.0, 0.0, 0.0]
    assert summary["next_deadline"].iloc[0] == T("2025-05-01")
    assert summary["insolvency_notice_by"].iloc[1] == T("2025-04-30")  # 2025-04-20 + 10 days


@settings(max_examples=15, deadline=None)
@given(first=st.integers(0, 400), step=st.integers(0, 200))
def test_status_never_goes_back_as_time_passes(first, step):
    order = ["overdue", "to_notify", "notification_late"]
    as_of = T("2025-01-31") + pd.Timedelta(days=first)
    before, after = status(as_of), status(as_of + pd.Timedelta(days=step))
    assert set(before + after) <= set(URGENCY)
    if before:
        assert order.index(after[0]) >= order.index(before[0])
