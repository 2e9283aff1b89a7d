"""One analysis, one truth: figures shown side by side on different sheets reconcile, by
construction, on generated workbooks (hypothesis, seeded) and on the demo.

Generated workbooks hold credit notes, partial and unreferenced payments, invoices in USD with
an FX table, debtor groups, an insolvent and an excluded debtor, named, temporary and withdrawn
limits, open orders, and Register and Actions rows recorded the way a user records them: the
declarations and reminders a first analysis drafts are marked sent, then the workbook is analysed
again.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from addin.excel import udfs
from addin.workbook.actions import reminder_actions
from addin.workbook.read import inputs as make_inputs
from addin.workbook.results import SHEETS as RESULTS
from functions.analysis import analyse
from functions.insolvency import accelerating, proof_of_claim_by
from functions.breaches import REASON_FLAGS
from functions.limits import REQUEST_STEP
from functions.penalties import public_buyers
from functions.policy import Policy
from tests.builders import table

AS_OF = pd.Timestamp("2026-06-30")
CENT = 0.005


# --- the generated workbooks ------------------------------------------------------------------

def generated(seed: int) -> dict[str, pd.DataFrame]:
    """A small receivables workbook as typed tables, drawn from `seed`."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 9))
    ids = [f"D{k}" for k in range(n)]
    day = lambda back: (AS_OF - pd.Timedelta(days=int(back))).strftime("%Y-%m-%d")  # noqa: E731
    debtors = [dict(debtor_id=d, name=f"Client {d}", country=str(rng.choice(["FR", "DE", "IT"])),
                    group=str(rng.choice(["Alpha", "Beta"])) if rng.random() < 0.5 else None,
                    payment_terms_days=int(rng.choice([30, 45, 60])), insurer_grade=str(rng.integers(1, 11)),
                    grade_scale="allianz") for d in ids]
    debtors[1]["insolvency_date"] = day(rng.integers(5, 60))          # insolvent
    debtors[2]["excluded"] = True                                       # not insurable
    invoices, payments, number = [], [], 0
    for d in ids:
        for _ in range(int(rng.integers(1, 7))):
            number += 1
            issued = int(rng.integers(0, 400))
            terms = int(rng.choice([30, 60, 90, 150]))
            amount = round(float(rng.integers(100, 40_000)) + float(rng.integers(0, 100)) / 100, 2)
            row = dict(invoice_id=f"F{number:04d}", debtor_id=d, invoice_date=day(issued),
                       due_date=day(issued - terms), amount=amount, amount_excl_vat=round(amount / 1.2, 2),
                       delivery_date=day(issued), disputed=bool(rng.random() < 0.08))
            if rng.random() < 0.15:
                row["currency"] = "USD"
            invoices.append(row)
            if rng.random() < 0.5 and issued > 20:   # paid, in full or in part, named or not
                paid = amount if rng.random() < 0.6 else round(amount * float(rng.uniform(0.2, 0.8)), 2)
                payments.append(dict(payment_id=f"P{number:04d}", debtor_id=d, date=day(issued - int(rng.integers(10, 120)) if issued > 120 else issued // 2),
                                     amount=paid, invoice_id=row["invoice_id"] if rng.random() < 0.7 else None,
                                     currency=row.get("currency")))
        if rng.random() < 0.3:                        # a credit note on the debtor's last invoice
            number += 1
            last = invoices[-1]
            invoices.append(dict(invoice_id=f"AV{number:04d}", debtor_id=d, invoice_date=last["invoice_date"],
                                 due_date=last["due_date"], amount=-round(last["amount"] / 4, 2),
                                 document_type="credit_note", credited_invoice_id=last["invoice_id"],
                                 currency=last.get("currency")))
    limits = []
    for k, d in enumerate(ids):
        roll = rng.random()
        if roll < 0.6:
            limits.append(dict(debtor_id=d, decision_date=day(500), amount=float(rng.integers(5, 60)) * 1000,
                               limit_type="named", decision="granted"))
        if 0.45 < roll < 0.6:
            limits.append(dict(debtor_id=d, decision_date=day(60), amount=float(rng.integers(5, 60)) * 1000,
                               limit_type="temporary", decision="granted", expiry_date=day(-int(rng.integers(1, 40)))))
        if roll < 0.1:
            limits.append(dict(debtor_id=d, decision_date=day(100), decision="withdrawn"))
    orders = [dict(order_id=f"O{k}", debtor_id=d, amount=float(rng.integers(1, 20)) * 1000)
              for k, d in enumerate(ids) if rng.random() < 0.3]
    fx = [dict(currency="USD", date=day(800), rate=0.9), dict(currency="USD", date=day(200), rate=0.92)]
    return {"Debtors": table("Debtors", debtors), "Invoices": table("Invoices", invoices),
            "Payments": table("Payments", payments), "Limits": table("Limits", limits),
            "Orders": table("Orders", orders), "FX": table("FX", fx)}


POLICY = Policy(insurer="Allianz Trade", policy_number="POL-1", language="en", minimum_premium=5000.0)
TERMS = Policy(insurer="Allianz Trade", policy_number="POL-1", language="en", minimum_premium=5000.0,
               max_liability=40000.0, aggregate_first_loss=5000.0, legal_terms_days=60, legal_terms_eom_days=45,
               limit_request_fee=150.0, monitoring_fee=90.0, idle_limit_months=3)


def with_terms(tables: dict[str, pd.DataFrame], seed: int) -> dict[str, pd.DataFrame]:
    """The workbook with the policy's further terms: a procedure and its BODACC publication on the
    insolvent client, a public buyer, a sector payment rule, extensions and payment plans (within the
    MEP, beyond it, approved or not) and a claim's events."""
    rng = np.random.default_rng(seed + 2)
    debtors = tables["Debtors"].copy()
    debtors.loc[1, "procedure"] = rng.choice(["safeguard", "reorganisation", "liquidation", None])
    debtors.loc[1, "publication_date"] = debtors.loc[1, "insolvency_date"] + pd.Timedelta(days=int(rng.integers(0, 20)))
    debtors.loc[3, "sector"] = "public"
    debtors.loc[0, "legal_terms_days"] = 30
    invoices = tables["Invoices"].loc[tables["Invoices"]["amount"] > 0]
    chosen = invoices.sample(min(4, len(invoices)), random_state=seed)
    extensions = []
    for k, inv in enumerate(chosen.itertuples()):
        days = [int(rng.integers(5, 120)) for _ in range(1 + k % 3)]
        for j, d in enumerate(sorted(days)):
            extensions.append(dict(invoice_id=inv.invoice_id, new_due_date=inv.due_date + pd.Timedelta(days=d),
                                   amount=round(inv.amount / len(days), 2) if j < len(days) - 1 else None,
                                   approval_date=AS_OF - pd.Timedelta(days=30) if rng.random() < 0.3 else None))
    day = lambda back: (AS_OF - pd.Timedelta(days=back)).strftime("%Y-%m-%d")  # noqa: E731
    claims = [dict(debtor_id="D0", date=day(150), event="filed", amount=20000.0),
              dict(debtor_id="D0", date=day(120), event="accepted", amount=float(rng.integers(1, 30)) * 1000),
              dict(debtor_id="D0", date=day(100), event="paid", amount=8000.0),
              dict(debtor_id="D0", date=day(50), event="recovered", amount=1500.0),
              dict(debtor_id="D3", date=day(10), event="filed", amount=3000.0)]
    return {**tables, "Debtors": debtors, "Extensions": table("Extensions", extensions), "Claims": table("Claims", claims)}


def recorded(tables: dict[str, pd.DataFrame], seed: int, policy: Policy = POLICY):
    """The workbook after the user marked half of the drafted declarations and the due reminders sent."""
    rng = np.random.default_rng(seed + 1)
    first = analyse(make_inputs(policy, tables), AS_OF)
    drafts = first.sheet("Declarations").query("status == 'draft'")
    sent = drafts.loc[rng.random(len(drafts)) < 0.5]
    register = [dict(declaration_id=r.declaration_id, type=r.type, debtor_id=r.debtor_id, period=r.period,
                     status="sent", sent_date=(AS_OF - pd.Timedelta(days=int(rng.integers(0, 20)))).strftime("%Y-%m-%d"))
                for r in sent.itertuples()]
    actions = []
    due = first.sheet("Dunning").query("status == 'due'")
    for r in due.itertuples():
        actions += reminder_actions(first, r.debtor_id, int(r.next_level), AS_OF.date())
    tables = {**tables, "Register": table("Register", register), "Actions": table("Actions", actions)}
    return analyse(make_inputs(policy, tables), AS_OF)


# --- what must reconcile -------------------------------------------------------------------------

def close(a, b) -> bool:
    return abs(float(a) - float(b)) <= CENT or (pd.isna(a) and pd.isna(b))


def problems(analysis) -> list[str]:
    """Every contradiction between the sheets of one analysis, in words."""
    found = []
    sheet = analysis.sheet
    aging, exposure = sheet("Aging").set_index("debtor_id"), sheet("Exposure").set_index("debtor_id")
    scores, deadlines = sheet("Scores").set_index("debtor_id"), sheet("Deadlines")
    board, portfolio = analysis["dashboard"], analysis["portfolio"]

    # balances: Aging, Exposure, the Dashboard and the Portfolio
    for d in exposure.index:
        if not close(aging.loc[d, "total"], exposure.loc[d, "exposure"]):
            found.append(f"{d}: Aging total {aging.loc[d, 'total']} != Exposure {exposure.loc[d, 'exposure']}")
    figures = dict(zip(board["key_figures"]["figure"], board["key_figures"]["value"]))
    totals = {"exposure": "exposure", "covered": "covered", "insured_amount": "insured_amount", "uninsured": "uninsured"}
    for figure, column in totals.items():
        if not close(figures[figure], exposure[column].sum()):
            found.append(f"Dashboard {figure} {figures[figure]} != Exposure sum {exposure[column].sum()}")
    for name, column in {"exposure": "exposure", "covered": "covered", "insured": "insured_amount",
                         "uninsured": "uninsured"}.items():
        if not close(portfolio.totals[name], exposure[column].sum()):
            found.append(f"Portfolio {name} {portfolio.totals[name]} != Exposure sum {exposure[column].sum()}")
    if not close(figures["overdue"], aging["overdue"].sum()):
        found.append("Dashboard overdue != Aging overdue")

    # one grade class per debtor: Scores, Dashboard, Portfolio
    grade = scores["grade"].where(scores["grade"].notna(), None)
    counts = grade.fillna("-").value_counts()
    for row in board["grades"].itertuples():
        if int(counts.get(row.grade, 0)) != row.debtors:
            found.append(f"Dashboard grade {row.grade}: {row.debtors} debtors, Scores {counts.get(row.grade, 0)}")
    klass = portfolio.model.set_index("debtor_id")["risk_class"]
    for d in exposure.index:
        expected = grade.get(d) if grade.get(d) is not None else "not_scored"
        if klass.get(d) != expected:
            found.append(f"{d}: Portfolio class {klass.get(d)} != Scores grade {expected}")

    # what is due: Aging's overdue = the Deadlines rows, insolvent debtors included
    insured = exposure.index[exposure["limit_type"] != "excluded"]
    due = deadlines.groupby("debtor_id")["open"].sum()
    for d in insured:
        if not close(aging.loc[d, "overdue"], due.get(d, 0.0)):
            found.append(f"{d}: Aging overdue {aging.loc[d, 'overdue']} != Deadlines open {due.get(d, 0.0)}")
    insolvency = sheet("Insolvency").set_index("debtor_id")
    liquidated = insolvency.index[accelerating(insolvency, np.arange(len(insolvency)))]
    for d in liquidated.intersection(insured):  # liquidation makes the claimed debts due (L643-1)
        if aging.loc[d, "not_due"] > CENT and insolvency.loc[d, "invoices"] > 0:
            listed = deadlines.loc[deadlines["debtor_id"] == d, "invoice_id"]
            claimed = analysis["claims"].loc[analysis["claims"]["debtor_id"] == d, "invoice_id"]
            if not set(claimed) <= set(listed):
                found.append(f"{d}: claimed invoices not due on Aging/Deadlines: {set(claimed) - set(listed)}")

    # reminders: never what the Register or the Actions record as done
    dunning, actions = sheet("Dunning"), analysis.inputs.table("Actions")
    handed = set(deadlines.loc[deadlines["status"] == "handed_over", "invoice_id"])
    for r in dunning.itertuples():
        listed = set(str(r.invoice_ids).split(", ")) if isinstance(r.invoice_ids, str) else set()
        if r.next_action is not None and listed & handed:
            found.append(f"{r.debtor_id}: Dunning reminds {listed & handed}, handed over for collection")
        if isinstance(r.reminder_id, str) and actions["note"].astype(str).str.contains(r.reminder_id, regex=False).any():
            found.append(f"{r.debtor_id}: Dunning proposes {r.reminder_id}, already in Actions")
    register = analysis.inputs.table("Register")
    drafted = sheet("Declarations").query("status == 'draft'")["declaration_id"]
    if set(drafted) & set(register["declaration_id"]):
        found.append(f"drafted again though sent: {set(drafted) & set(register['declaration_id'])}")

    # figures printed side by side explain each other
    for d, r in exposure.iterrows():
        if r["limit_type"] not in ("excluded", "none") and not close(r["covered"], min(r["eligible"], r["limit"])):
            found.append(f"{d}: covered {r['covered']} != min(eligible {r['eligible']}, limit {r['limit']})")
        if not close(r["insured_amount"], r["quotite"] * r["covered"]):
            found.append(f"{d}: insured {r['insured_amount']} != quotite x covered")
        if not close(r["uninsured"], max(r["exposure"] - r["covered"], 0.0)):
            found.append(f"{d}: uninsured {r['uninsured']} != exposure - covered")
    requests = sheet("Limit requests").set_index("debtor_id")
    for d, r in requests.iterrows():
        if not close(r["recommended_limit"], exposure.loc[d, "recommended_limit"]):
            found.append(f"{d}: Limit requests' recommended limit differs from Exposure's")
        base = r["recommended_limit"] if r["basis"] == "recommended_limit" else exposure.loc[d, "exposure_with_orders"]
        if not close(r["amount_to_request"], math.ceil(round(base, 2) / REQUEST_STEP) * REQUEST_STEP):
            found.append(f"{d}: request {r['amount_to_request']} does not follow its basis {r['basis']} ({base})")
        if r["amount_to_request"] > r["recommended_limit"] + CENT and r["basis"] == "recommended_limit":
            found.append(f"{d}: request above the recommended limit without saying why")
    turnover = sheet("Turnover")
    premiums = [v for v in portfolio.variants.itertuples() if v.variant == "current policy"]
    if premiums and not close(premiums[0].premium, turnover["premium"].sum()):
        found.append(f"Portfolio premium {premiums[0].premium} != Turnover premiums {turnover['premium'].sum()}")

    found += policy_terms(analysis)

    # the Dashboard's next 30 days: every deadline that falls in them, of every kind
    upcoming = board["deadlines"]
    end = analysis.as_of + pd.Timedelta(days=30)
    within = lambda dates: (dates >= analysis.as_of) & (dates <= end)  # noqa: E731
    pending = deadlines.loc[deadlines["notice_id"].isna() & deadlines["collection_id"].isna() & within(deadlines["notify_by"])]
    expected = {("notify_by", d) for d in pending["debtor_id"]}
    drafts = sheet("Declarations").query("status == 'draft'")
    for kind, deadline in (("insolvency_notice", "insolvency_notice_by"), ("proof_of_claim", "proof_of_claim_by")):
        rows = drafts.loc[(drafts["type"] == kind) & within(drafts["due_by"])]
        expected |= {(deadline, d) for d in rows["debtor_id"]}
    expiring = exposure.loc[exposure["limit_type"].isin(["named", "temporary", "discretionary"])
                            & exposure["cover_stopped"].isna() & within(exposure["expiry_date"])]
    expected |= {("limit_expiry", d) for d in expiring.index}
    shown = set(zip(upcoming["deadline"], upcoming["debtor_id"]))
    if expected - shown:
        found.append(f"deadlines missing from the Dashboard: {sorted(expected - shown)}")

    # penalties: the Dashboard's totals per client and grand totals are the Penalties sheet's rows, split
    # by `claim`; every row is claimed or listed apart
    penalties = sheet("Penalties")
    if not set(penalties["claim"]) <= {"claimed", "not_claimed"}:
        found.append(f"Penalties claim values {set(penalties['claim'])}")
    owed = penalties.get("interest_converted", penalties["interest"]).fillna(0.0) + penalties["indemnity"]
    per_client = board["penalties"].set_index("debtor_id")
    for claim in ("claimed", "not_claimed"):
        mine = owed.where(penalties["claim"] == claim, 0.0).groupby(penalties["debtor_id"]).sum()
        for d, amount in mine.items():
            if not close(per_client.loc[d, claim], amount):
                found.append(f"{d}: Dashboard {claim} penalties {per_client.loc[d, claim]} != Penalties {amount}")
        if not close(figures[f"penalties_{claim}"], mine.sum()) or not close(per_client.loc["total", claim], mine.sum()):
            found.append(f"Dashboard {claim} penalties total != Penalties {mine.sum()}")

    # letters: every draft the insurer would refuse as it stands says what it lacks
    listed = [i.message.fields["reference"] for i in analysis.issues if getattr(i.message, "key", "") == "missing.issue"]
    if drafts["short_reference"].isna().any() or sorted(drafts.loc[drafts["missing"].notna(), "short_reference"]) != sorted(listed):
        found.append(f"Declarations: incomplete drafts and their Issues differ ({listed})")
    return found + unexplained_uninsured(exposure, sheet("Breaches")) + quality_problems(analysis)


def unexplained_uninsured(exposure: pd.DataFrame, breaches: pd.DataFrame) -> list[str]:
    """Every euro of uninsured exposure of an insured client has its flag (issue 19): NO_COVER for all of it,
    else each ineligible part its reason's flag (REASON_FLAGS), the eligible exposure above a limit OVER_LIMIT
    (above the non-named threshold, LIMIT_REQUEST_NEEDED), and together they make the uninsured amount."""
    found = []
    flagged = breaches.groupby(["debtor_id", "flag"])["amount"].sum().to_dict()
    for d, r in exposure.iterrows():
        if r["limit_type"] == "excluded" or r["uninsured"] <= CENT:
            continue
        amount = lambda flag: flagged.get((d, flag), 0.0)  # noqa: E731
        if (d, "NO_COVER") in flagged:
            if amount("NO_COVER") < r["uninsured"] - CENT:
                found.append(f"{d}: NO_COVER {amount('NO_COVER')} < uninsured {r['uninsured']}")
            continue
        for reason, flag in REASON_FLAGS.items():
            part = r.get(f"ineligible_{reason}", 0.0)
            if part > CENT and not close(amount(flag), part):
                found.append(f"{d}: {reason} {part} not flagged by {flag} ({amount(flag)})")
        excess = max(r["eligible"] - r["limit"], 0.0)
        if r["limit_type"] == "non_named" and excess > CENT and (d, "LIMIT_REQUEST_NEEDED") not in flagged:
            found.append(f"{d}: {excess} above the non-named threshold without LIMIT_REQUEST_NEEDED")
        over = excess if r["limit_type"] == "non_named" else amount("OVER_LIMIT")
        explained = sum(amount(flag) for flag in REASON_FLAGS.values()) + over
        if not close(r["uninsured"], max(min(r["exposure"], explained), 0.0)):
            found.append(f"{d}: uninsured {r['uninsured']} explained by flags for {explained}")
    return found


def quality_problems(analysis) -> list[str]:
    """The Dashboard shows the data quality of the inputs; every invoice kept is counted as read."""
    quality = analysis["quality"].set_index("sheet")
    shown = analysis["dashboard"]["quality"].set_index("sheet")
    found = [] if quality.equals(shown) else ["Dashboard data quality differs from the analysis'"]
    kept = len(analysis.inputs.table("Invoices"))
    if quality.loc["Invoices", "rows_read"] != kept + quality.loc["Invoices", "rows_left_out"]:
        found.append(f"Invoices read {quality.loc['Invoices', 'rows_read']} != kept {kept} + left out")
    return found


def policy_terms(analysis) -> list[str]:
    """The further terms of the policy: ceilings, claims, extensions, legal terms, idle limits, procedures,
    public buyers, each against the sheets beside it."""
    found, sheet, policy = [], analysis.sheet, analysis.policy
    exposure, aging = sheet("Exposure").set_index("debtor_id"), sheet("Aging").set_index("debtor_id")
    flags = sheet("Breaches").groupby(["flag", "debtor_id"])["amount"].sum()

    # the indemnity simulation within the policy year's ceilings
    for d, r in exposure.iterrows():
        gross = max(r["quotite"] * r["covered"] - policy.deductible, 0.0)
        if r["indemnity_if_default"] > gross + CENT:
            found.append(f"{d}: indemnity if default {r['indemnity_if_default']} above quotite x covered {gross}")
    ceiling, simulation = analysis["liability"], analysis["portfolio"].simulation
    if simulation.indemnity > exposure["indemnity_if_default"].sum() + CENT:
        found.append("Portfolio simulation pays more than the clients' indemnities added up")
    if ceiling.headroom is not None and simulation.indemnity > ceiling.headroom + CENT:
        found.append(f"simulation {simulation.indemnity} above the maximum liability left {ceiling.headroom}")

    # claims: the expected indemnity of an undecided claim is the Exposure's, recoveries shared at most up to the paid
    claims = sheet("Indemnities").set_index("debtor_id")
    for d, r in claims.iterrows():
        if r["status"] in ("waiting", "to_file", "filed") and not close(r["expected_indemnity"],
                                                                         exposure.loc[d, "indemnity_if_default"]):
            found.append(f"{d}: Indemnities expects {r['expected_indemnity']}, Exposure {exposure.loc[d, 'indemnity_if_default']}")
        if r["recoveries_to_insurer"] > r["indemnity_paid"] + CENT or r["recoverable_vat"] > aging.loc[d, "overdue"] + CENT:
            found.append(f"{d}: recoveries to pass on or recoverable VAT beyond what was paid or is overdue")
        if pd.isna(r["filed_date"]) and not close(r["claimed"], aging.loc[d, "overdue"]):
            found.append(f"{d}: claimed {r['claimed']} != Aging overdue {aging.loc[d, 'overdue']}")

    # agreed extensions: beyond the MEP without approval, due at the MEP end, and flagged for what it holds
    deadlines = sheet("Deadlines")
    unapproved = deadlines.loc[deadlines["extension"] == "needs_approval"]
    if (unapproved["due_date"] != unapproved["mep_end"]).any():
        found.append("an extension beyond the MEP without approval is not due at the MEP end")
    plan = analysis["extension_plan"]
    pending = plan.loc[(plan["extension"] == "needs_approval") & (plan["open"] > CENT)]
    for d, amount in pending.groupby("debtor_id")["open"].sum().items():
        if d in exposure.index and exposure.loc[d, "limit_type"] != "excluded" and \
                not close(flags.get(("EXTENSION_NEEDS_APPROVAL", d), 0.0), amount):
            found.append(f"{d}: EXTENSION_NEEDS_APPROVAL {flags.get(('EXTENSION_NEEDS_APPROVAL', d))} != {amount}")

    # legal terms: each listed invoice is beyond its lawful date, and the flag adds them up
    terms = sheet("Legal terms")
    if (terms["due_date"] <= terms["legal_due_by"]).any():
        found.append("Legal terms lists an invoice within the legal terms")
    for d, amount in terms.groupby("debtor_id")["amount"].sum().items():
        if not close(flags.get(("LEGAL_TERMS_EXCEEDED", d), 0.0), amount):
            found.append(f"{d}: LEGAL_TERMS_EXCEEDED differs from the Legal terms sheet")
    if set(terms["debtor_id"]) & set(public_buyers(analysis["debtors"])):
        found.append("a public buyer's invoice is checked against the commercial legal terms")

    # idle limits: nothing owed or ordered, a limit in force, flagged
    for r in sheet("Idle limits").itertuples():
        if exposure.loc[r.debtor_id, "exposure_with_orders"] > CENT or exposure.loc[r.debtor_id, "limit"] <= 0 \
                or ("IDLE_LIMIT", r.debtor_id) not in flags.index:
            found.append(f"{r.debtor_id}: idle limit with exposure, without a limit, or without its flag")

    # procedures: the proof of claim from the BODACC publication; public buyers' interest by their rule
    insolvency = sheet("Insolvency")
    start = insolvency["publication_date"].fillna(insolvency["insolvency_date"])
    if (insolvency["proof_of_claim_by"] != proof_of_claim_by(start)).any():
        found.append("a proof of claim is not due 2 months after the BODACC publication")
    penalties = sheet("Penalties")
    public = penalties["debtor_id"].isin(public_buyers(analysis["debtors"]))
    if (public != (penalties["rule"] == "public")).any():
        found.append("a public buyer's late interest follows another rule, or another client's the public one")
    return found


@settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_generated_workbooks_reconcile(seed):
    analysis = recorded(generated(seed), seed)
    assert problems(analysis) == []


@settings(max_examples=4, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_generated_workbooks_with_the_policy_terms_reconcile(seed):
    analysis = recorded(with_terms(generated(seed), seed), seed, TERMS)
    assert problems(analysis) == []


@pytest.fixture(scope="module")
def demo(demo_analysis):
    return demo_analysis  # tests/conftest.py: the demo analysed at 2026-10-31, once per session


def test_the_demo_reconciles(demo):
    assert problems(demo) == []


# --- each worksheet function returns exactly its result sheet ------------------------------------

def rows_of(frame: pd.DataFrame) -> list[list]:
    """A typed table as the rows Excel hands a function: header row, then cells (blank = None)."""
    cells = frame.drop(columns="_row").astype(object).where(frame.drop(columns="_row").notna(), None)
    return [list(cells.columns)] + [[v.to_pydatetime() if isinstance(v, pd.Timestamp) else v for v in row]
                                    for row in cells.values.tolist()]


ARGUMENTS = {  # the function's table arguments before as_of, and after it (None: another argument, blank)
    "CREDIT_AGING": (("Invoices", "Payments", "Debtors"), (None, None, "Extensions")),
    "CREDIT_COVER": (("Invoices", "Limits", "Debtors", "Payments", "Orders", "Policy"),
                     ("Extensions", "Claims", "Financials", "Grades")),
    "CREDIT_BREACHES": (("Invoices", "Limits", "Debtors", "Payments", "Orders", "Register", "Policy"),
                        ("Extensions", "Claims", "Financials", "Grades", "Actions")),
    "CREDIT_SCORES": (("Invoices", "Debtors", "Payments", "Financials", "Grades", "Limits", "Policy"), ()),
    "CREDIT_DEADLINES": (("Invoices", "Debtors", "Payments", "Register", "Policy"), ("Extensions",)),
    "CREDIT_NEXT_ACTION": (("Invoices", "Actions", "Debtors", "Payments", "Dunning plan", "Policy"), ("Extensions",)),
    "CREDIT_GROUPS": (("Invoices", "Debtors", "Payments", "Limits", "Orders", "FX", "Policy"), ()),
    "CREDIT_INSOLVENCY": (("Invoices", "Debtors", "Payments", "Limits", "Orders", "FX", "Policy"), ()),
    "CREDIT_INDEMNITIES": (("Invoices", "Debtors", "Payments", "Limits", "Claims", "Register", "Policy"),
                           ("Extensions",)),
    "CREDIT_LEGAL_TERMS": (("Invoices", "Debtors", "Payments", "Policy"), ()),
    "CREDIT_IDLE_LIMITS": (("Invoices", "Limits", "Debtors", "Payments", "Orders", "Policy"), ()),
}


def test_every_sheet_function_is_declared_with_its_arguments():
    assert {s.function for s in RESULTS.values() if s.function} == set(ARGUMENTS)


def test_each_worksheet_function_returns_its_result_sheet():
    """Small workbook without FX (the functions taking no FX table would leave USD rows out)."""
    tables = with_terms(generated(7), 7)
    # balance sheets and insurer grades: the recommended limit on Exposure, score drops on Breaches
    tables["Financials"] = table("Financials", [dict(debtor_id=d, fiscal_year_end="2025-12-31", equity=e,
                                                     total_assets=3 * e, current_assets=e, current_liabilities=e / 2,
                                                     total_liabilities=2 * e, retained_earnings=e / 3, ebit=e / 10)
                                                for d, e in (("D0", 400000.0), ("D3", 80000.0))])
    tables["Grades"] = table("Grades", [dict(debtor_id="D0", date="2026-05-01", insurer_grade="4", grade_scale="allianz"),
                                        dict(debtor_id="D0", date="2026-06-20", insurer_grade="8", grade_scale="allianz")])
    tables["Invoices"] = tables["Invoices"].assign(currency=None)
    tables["Payments"] = tables["Payments"].assign(currency=None)
    policy_rows = [["Parameter", "Value"], ["insurer", POLICY.insurer], ["language", "en"],
                   ["minimum_premium", POLICY.minimum_premium], ["max_liability", TERMS.max_liability],
                   ["aggregate_first_loss", TERMS.aggregate_first_loss], ["legal_terms_days", 60],
                   ["legal_terms_eom_days", 45], ["monitoring_fee", 90], ["idle_limit_months", 3]]
    policy = Policy(insurer=POLICY.insurer, language="en", minimum_premium=POLICY.minimum_premium,
                    max_liability=TERMS.max_liability, aggregate_first_loss=TERMS.aggregate_first_loss,
                    legal_terms_days=60, legal_terms_eom_days=45, monitoring_fee=90.0, idle_limit_months=3)
    as_of = AS_OF.to_pydatetime()
    cells = lambda s: policy_rows if s == "Policy" else rows_of(tables[s]) if s in tables else None  # noqa: E731
    for function, (before, after) in ARGUMENTS.items():
        got = getattr(udfs, function)(*map(cells, before), as_of, *map(cells, after))
        # the same workbook: every table of it, whether the function takes it or not
        name = next(n for n, s in RESULTS.items() if s.function == function)
        analysis = analyse(make_inputs(policy, tables), AS_OF, want=[name])
        expected = analysis.sheet(name)
        if function == "CREDIT_NEXT_ACTION":
            expected = expected.drop(columns="document")
        token = udfs.DISPLAY.set(("en" if "Policy" in (*before, *after) else "fr", "labels"))  # as the function saw it
        try:
            assert got == udfs.to_range(expected), function
        finally:
            udfs.DISPLAY.reset(token)


# --- the four contradictions found on the demo, and the Scoring sheet's equity shares --------------

def test_a_debtor_handed_over_for_collection_is_not_reminded(demo):
    """C018's collection request was sent on 2026-07-28 (Register): Dunning proposes nothing,
    where it used to propose "Hand over for collection" again."""
    row = demo.sheet("Dunning").set_index("debtor_id").loc["C018"]
    assert row["status"] == "handed_over" and pd.isna(row["next_action"]) and pd.isna(row["reminder_id"])


def test_an_insolvent_debtor_is_due_on_every_sheet(demo):
    """C019 (judgment 2026-10-22): FA26-01020, due later under its terms, is due at the judgment on
    Deadlines and on Aging alike (it was 'not due' on Aging)."""
    aging = demo.sheet("Aging").set_index("debtor_id").loc["C019"]
    assert aging["not_due"] == 0.0 and aging["d1_30"] == 4100.0 and aging["overdue"] == 8000.0
    calendar = demo.sheet("Deadlines").set_index("invoice_id")
    assert calendar.loc["FA26-01020", "due_date"] == pd.Timestamp("2026-10-22")


def test_an_insolvent_debtor_has_one_grade_everywhere(demo):
    """C019 is graded E on Scores, in the Portfolio (pd 100 %) and counted in E on the Dashboard
    (it was D on Scores and the Dashboard, 'insolvent' in the Portfolio)."""
    scores = demo.sheet("Scores").set_index("debtor_id").loc["C019"]
    assert (scores["score"], scores["grade"]) == (0.0, "E")
    assert scores["reasons"].startswith("procédure collective depuis le 22/10/2026 ; ")   # the French demo
    model = demo["portfolio"].model.set_index("debtor_id").loc["C019"]
    assert (model["risk_class"], model["pd"]) == ("E", 1.0)
    assert "insolvent" not in set(demo["portfolio"].by_grade["key"])


def test_a_limit_request_says_why_it_is_above_the_recommended_limit(demo):
    """C001: recommended 15,055.31 beside a request of 63,000 = exposure with orders 62,400 rounded up to
    1,000; the row says so, and by how much the request exceeds the recommendation (47,944.69)."""
    row = demo.sheet("Limit requests").set_index("debtor_id").loc["C001"]
    assert row["amount_to_request"] == 63000.0 and row["basis"] == "exposure_with_orders"
    assert row["recommended_limit"] == pytest.approx(15055.31, abs=0.01)
    assert "dépasse de 47 945 EUR la limite recommandée" in row["reason"]


def test_the_scoring_sheets_equity_shares_cap_the_recommended_limit():
    """Sales 365,000 on 60-day terms: needs 365,000 x 60 / 365 x 1.2 = 72,000; equity 100,000 at the
    Scoring sheet's 7 % for every grade caps it at 7,000 (no shipped share is 7 %); at 0 %, at 0."""
    tables = {"Invoices": table("Invoices", [dict(invoice_id="I1", debtor_id="D1", invoice_date="2026-01-15",
                                                   due_date="2026-03-16", amount=365000.0)]),
              "Debtors": table("Debtors", [dict(debtor_id="D1", payment_terms_days=60)]),
              "Financials": table("Financials", [dict(debtor_id="D1", fiscal_year_end="2025-12-31", equity=100000.0)])}

    def recommended(share):
        rows = pd.DataFrame({"parameter": [f"equity_share_{g}" for g in "ABCDE"], "value": [share] * 5,
                             "description": None, "_row": range(2, 7)})
        analysis = analyse(make_inputs(POLICY, {**tables, "Scoring": rows}), AS_OF, want=["Exposure"])
        return analysis.sheet("Exposure").set_index("debtor_id").loc["D1", "recommended_limit"]
    assert recommended("0.07") == pytest.approx(7000.0)
    assert recommended("0") == 0.0
    assert udfs.CREDIT_RECOMMENDED_LIMIT(365000, 60, 100000, "C", 1.2,
                                         [["Parameter", "Value"], ["equity_share_C", 0.07]]) == pytest.approx(7000.0)
