"""The bundled demo shows every breach flag and every deadline status, on the intended client."""
import openpyxl
import pytest

from addin.build.demo import AS_OF, SCENARIOS
from functions.analysis import SHEETS

FLAGS = {"OVER_LIMIT", "NO_COVER", "DELIVERED_AFTER_WITHDRAWAL", "DELIVERED_ABOVE_REDUCED_LIMIT", "OVERDUE_BEYOND_MEP",
         "NOTIFICATION_LATE", "LIMIT_EXPIRED", "LIMIT_REQUEST_NEEDED", "HIGH_USAGE", "DISPUTED_EXPOSURE", "LIMIT_EXPIRING",
         "TERMS_BEYOND_MAX"}
STATUSES = {"overdue", "to_notify", "notification_late", "notified", "handover_due", "handover_late", "handed_over"}


@pytest.fixture(scope="module")
def demo_run(demo_results):
    return demo_results  # tests/conftest.py: one demo run per session


def test_demo_runs_at_its_policy_date_without_issues(demo_run):
    run, _ = demo_run
    assert str(run.as_of) == str(AS_OF)
    assert run.sheets["Issues"].empty


def test_every_flag_and_status_on_the_intended_client(demo_run):
    run, _ = demo_run
    flags = set(zip(run.sheets["Breaches"]["debtor_id"], run.sheets["Breaches"]["flag"]))
    statuses = set(zip(run.sheets["Deadlines"]["debtor_id"], run.sheets["Deadlines"]["status"]))
    assert {f for _, f in flags} >= FLAGS
    assert {s for _, s in statuses} >= STATUSES
    for debtor, expected in SCENARIOS.items():
        for item in expected:
            assert (debtor, item) in (flags if item in FLAGS else statuses), (debtor, item)


def test_result_workbook_and_letters(demo_run):
    run, out = demo_run
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == list(SHEETS)
    for sheet in ("Aging", "Exposure", "Scores"):
        assert wb[sheet].max_row == 62                     # header + one row per debtor (60 and the prospect C061)
    drafted = run.sheets["Declarations"].query("status == 'draft'")
    assert len(drafted) and drafted["document"].notna().all()
    folder = out.with_name("demo.results.documents")
    assert all((folder.parent / doc).exists() for doc in drafted["document"])
    # letters already sent (Register) are not drafted again
    sent = run.sheets["Declarations"].query("status != 'draft'")
    assert len(sent) and sent["document"].isna().all()


def test_exposure_shows_deadline_status_and_the_indemnity_simulation(demo_run):
    run, _ = demo_run
    exposure = run.sheets["Exposure"].set_index("debtor_id")
    assert exposure.loc["C014", "deadline_status"] == "notification_late"
    assert exposure.loc["C001", "deadline_status"] == "not_overdue"
    assert exposure.loc["C022", "deadline_status"] == "excluded"      # a public body: outside the policy
    portfolio = run.sheets["Portfolio"]
    sim = portfolio.query("section == 'indemnity_simulation'").set_index("measure")["value"]
    ceiling = portfolio.query("section == 'max_liability'").set_index("measure")["value"]
    # each client alone is within the year's ceilings; all together are not: the demo's maximum liability
    # of 200,000, less the 4,400 paid on C030's claim (accepted 14,400, first loss 10,000), leaves 195,600
    assert ceiling["indemnity_before_ceilings"] == pytest.approx(exposure["indemnity_if_default"].sum())
    assert (ceiling["headroom"], sim["indemnity"]) == (195600.0, 195600.0)
    assert sim["retained_loss"] == pytest.approx(sim["exposure"] - 195600.0)
    assert exposure["retained_loss_if_default"].sum() < sim["retained_loss"]
    # C013 owes 4,800, all overdue and within its named limit: the insurer pays 90 % = 4,320, 480 stays with us
    c013 = exposure.loc["C013"]
    assert (c013["exposure"], c013["covered"]) == (4800, 4800)
    assert (c013["indemnity_if_default"], c013["retained_loss_if_default"]) == (pytest.approx(4320), pytest.approx(480))
