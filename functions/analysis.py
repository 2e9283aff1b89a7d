"""The analysis of a receivables workbook: an ordered list of steps building one frozen `Analysis`.

Read STEPS top to bottom like a loader pipeline. Each step is a pure function with one
signature, `step(a: Tables) -> (tables it adds, issues)`: it reads the tables of the steps it
names in `needs` (and the typed input sheets, the Policy and as_of), adds its own, and returns
its problems as data. Every result sheet, the Dashboard, the letters, the command line and the
worksheet functions read the same `Analysis`; nothing reads back a sheet we wrote.

    analysis = analyse(inputs, date(2026, 11, 30))                     # every step
    analysis = analyse(inputs, date(2026, 11, 30), want=["Deadlines"])  # ledger, debtors, deadlines only
    analysis.sheet("Exposure")            # a result sheet, with its `name` column
    analysis["cover"]                      # any table a step added

Two ledgers: `ledger` holds the contractual due dates (cover eligibility, penalties, payment
behaviour); `due_ledger` the dates debts are payable at as_of, which agreed extensions and
payment plans move (functions.extensions) and a liquidation judgment brings forward
(functions.insolvency.brought_forward). Aging, Deadlines, Dunning, the declarations
and the Dashboard's overdue figures read `due_ledger`, so they agree on what is due.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from .aging import aging
from .breaches import breach_flags, merge_breaches
from .claims import claim_state, indemnities_sheet, liability
from .checks import paid_date_ignored, quality_of
from .cover import exposure_sheet
from .credit_policy import credit_policy
from .dashboard import dashboard
from .deadlines import deadlines, debtor_status
from .declarations import declarations, incomplete_issues, letter_sources
from .dunning import dunning, plan_of
from .exposure import exposure as exposure_balances
from .extensions import extended, extension_flags, extension_plan
from .fees import idle_flags, idle_limits, yearly_fees
from .fx import converted, interest_converted
from .grades import grade_columns, scale_of_insurer
from .groups import group_flags, groups_sheet
from .insolvency import accelerating, claims, insolvency_flags, insolvency_sheet, insolvent_rows
from .ledger import by_ids, first_of_each, found_at, values_at
from .limits import indemnity, limit_requests, recommended_limits
from .model import Inputs, Issue, issues_frame
from .penalties import penalties, public_buyers
from .portfolio import (cover_at, portfolio_analysis, portfolio_sheet, read_pd, read_variants, review_dates,
                        uninsured_history)
from .rates import rate_table
from .scoring import read_scoring, scores_sheet
from .terms import legal_terms, legal_terms_flags
from .turnover import turnover
from .watch import grade_downgrades, new_debtors_without_cover, previous_scores, score_drops


class Tables(Mapping):
    """What a step reads: the tables added so far, the inputs, the Policy and as_of."""

    def __init__(self, inputs: Inputs, as_of: pd.Timestamp, tables: dict):
        self.inputs, self.as_of, self._tables = inputs, as_of, tables

    @property
    def policy(self):
        return self.inputs.policy

    def input(self, sheet: str) -> pd.DataFrame:
        """A typed input sheet (an empty table with the contract's columns when the sheet is absent)."""
        return self.inputs.table(sheet)

    def optional(self, sheet: str) -> pd.DataFrame | None:
        """A typed input sheet, or None when the workbook has no such sheet."""
        return self.inputs.tables.get(sheet)

    def __getitem__(self, name: str):
        return self._tables[name]

    def __iter__(self):
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


Result = tuple[dict[str, object], list[Issue]]


@dataclass(frozen=True)
class Step:
    run: Callable[[Tables], Result]
    adds: tuple[str, ...]
    needs: tuple[str, ...] = ()    # tables of earlier steps it reads
    reads: tuple[str, ...] = ()    # input sheets it reads itself (besides the Policy and as_of)
    policy: tuple[str, ...] | None = None  # the Policy parameters it reads; None: any of them


@dataclass(frozen=True)
class Analysis:
    """Every table of a run at one as-of date, and every problem found, in step order."""

    as_of: pd.Timestamp
    inputs: Inputs
    tables: Mapping[str, object]
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def policy(self):
        return self.inputs.policy

    def __getitem__(self, name: str):
        return self.tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self.tables

    def sheet(self, name: str) -> pd.DataFrame:
        """The result sheet `name` (Aging, Exposure ... Issues), as every output shows it."""
        if name == "Issues":
            return issues_frame(list(self.issues), self.policy.language)
        return self.tables[SHEETS[name]]

    def sheets(self, names: Iterable[str] | None = None) -> dict[str, object]:
        """Result sheets by name, in workbook order; the Dashboard as its blocks (functions.dashboard)."""
        chosen = [n for n in SHEETS if (names is None or n in names) and (n == "Issues" or SHEETS[n] in self.tables)]
        return {n: self.sheet(n) for n in chosen}


# --- the steps, in the order they run ---------------------------------------------------------

# The parameter sheets, each its own step: a step reading the Scoring sheet does not depend on
# the Rates (a worksheet function given the Rates shares the scores of one that is not).
def scoring_step(a: Tables) -> Result:
    scoring, issues = read_scoring(a.optional("Scoring"))
    return {"scoring": scoring}, issues


def plan_step(a: Tables) -> Result:
    plan, issues = plan_of(a.optional("Dunning plan"), a.policy.language)
    return {"plan": plan}, issues


def pd_step(a: Tables) -> Result:
    pd_by_grade, issues = read_pd(a.optional("PD"))
    return {"pd_by_grade": pd_by_grade}, issues


def variants_step(a: Tables) -> Result:
    variants, issues = read_variants(a.optional("Policy variants"), a.policy)
    return {"variants": variants}, issues


def rates_step(a: Tables) -> Result:
    rates, issues = rate_table(a.optional("Rates"))
    return {"rates": rates}, issues


def money(a: Tables) -> Result:
    """The ledger (payments allocated) in the policy currency; the same in each invoice's currency;
    open orders and sales converted (functions.fx). An empty Payments sheet is no Payments sheet:
    `paid_date` then settles invoices; with payments, a `paid_date` they contradict is listed."""
    payments = a.optional("Payments")
    payments = payments if payments is not None and len(payments) else None
    found = converted(a.input("Invoices"), payments, a.optional("Orders"), a.optional("FX"), a.policy, a.as_of)
    issues = found.issues + (paid_date_ignored(found.original, a.policy) if payments is not None else [])
    return {"ledger": found.ledger, "original": found.original, "orders": found.orders, "sales": found.sales}, issues


def debtors(a: Tables) -> Result:
    """One row per Debtors row, plus a blank row for a client code only seen on other sheets
    (`on_debtors_sheet` False): its invoices count under that code, with the cover of a client
    without a limit (usually non-named cover)."""
    listed = a.input("Debtors")
    seen = pd.unique(np.concatenate([a.input(sheet)["debtor_id"].to_numpy(object) for sheet in
                                     ("Invoices", "Payments", "Orders", "Limits") if sheet in a.inputs.tables]))
    extra = seen[~pd.Index(seen, dtype=object).isin(listed["debtor_id"].to_numpy(object))]  # as objects, not as text
    table = listed.copy(deep=False)  # copied on write, indexed from 0
    table.index = pd.RangeIndex(len(listed))
    table["on_debtors_sheet"] = True
    if len(extra):
        blank = listed.iloc[0:0].reindex(range(len(extra)))
        blank["debtor_id"] = extra
        blank["excluded"] = blank["do_not_remind"] = False
        table = pd.concat([table, blank.assign(on_debtors_sheet=False)], ignore_index=True)
    ids = table["debtor_id"]
    first = first_of_each(ids)
    name = table["name"]  # of their own dtypes: objects stay objects
    names = pd.Series(name.to_numpy()[first], index=pd.Index(ids.to_numpy()[first], dtype=ids.dtype, name="debtor_id"),
                      dtype=name.dtype, name="name")
    return {"debtors": table, "names": names}, []


def quality(a: Tables) -> Result:
    """Rows read, repaired and left out per input sheet, and the amount left out (addin.workbook.load)."""
    table = a.inputs.quality
    return {"quality": quality_of(a.inputs.tables) if table is None else table}, []


def balances(a: Tables) -> Result:
    """What each client owes, now and with open orders (functions.exposure), before any cover."""
    return {"balances": named(exposure_balances(a["ledger"], a["debtors"]["debtor_id"], a["orders"]), a)}, []


def due_dates(a: Tables) -> Result:
    """The ledger with the dates debts are payable at as_of: agreed extensions and payment plans move
    them (functions.extensions), a liquidation judgment brings them forward (functions.insolvency)."""
    plan = extension_plan(a["ledger"], a.optional("Extensions"), a.policy)
    return {"due_ledger": extended(a["ledger"], plan, a["debtors"]), "extension_plan": plan.table}, plan.issues


def claim_history(a: Tables) -> Result:
    """Each client's claim from the Claims sheet, and the policy year's ceilings (functions.claims)."""
    state = claim_state(a.optional("Claims"), a.policy, a.as_of)
    return {"claim_state": state, "liability": liability(state, a.policy, a.as_of)}, []


def aging_step(a: Tables) -> Result:
    return {"aging": named(listed(aging(a["due_ledger"], a["debtors"]["debtor_id"], a.policy), a), a)}, []


def deadlines_step(a: Tables) -> Result:
    calendar, issues = deadlines(a["due_ledger"], a["debtors"], a.input("Register"), a.policy,
                                 names=a["names"])
    return {"deadlines": calendar}, issues


def cover(a: Tables) -> Result:
    """Exposure against cover per debtor (functions.cover), insolvency cut-off applied."""
    return {"cover": exposure_sheet(a["ledger"], a["debtors"], a.input("Limits"), a["orders"], a.policy,
                                    insolvent_at=a.as_of)}, []


def scores(a: Tables) -> Result:
    usage = by_debtor(a["cover"], "usage")
    # the grades in force, read once for the sheet and for their issues (the Scoring sheet's come with `scoring_step`)
    latest, issues = grade_columns(a.input("Grades"), a["debtors"], a.as_of, scale_of_insurer(a.policy.insurer))
    table = scores_sheet(a["ledger"], a["debtors"], a.input("Financials"), a.input("Grades"), a.policy, a.as_of,
                         usage=usage, scoring=a["scoring"], insolvency=True, latest=latest, names=a["names"])
    return {"scores": table}, issues


def recommended(a: Tables) -> Result:
    table = recommended_limits(a["ledger"], a["debtors"], a.input("Financials"), a.policy,
                               grades=by_debtor(a["scores"], "grade"),
                               equity_share=dict(a["scoring"].equity_shares))
    return {"recommended": table}, []


def exposure(a: Tables) -> Result:
    """The Exposure sheet: cover, the recommended limit, the most urgent insurer deadline and the
    indemnity simulation (what the insurer pays if the client defaulted today), per client; the
    simulation's own table serves the Portfolio too."""
    table = a["cover"]
    ids = table["debtor_id"]
    rec = a["recommended"]
    status = debtor_status(a["deadlines"], a["debtors"], a.policy)
    simulation = simulated(a, table)  # row for row with `table` (functions.limits.indemnity)
    at = found_at(pd.Index(status["debtor_id"]), ids)
    table = table.copy(deep=False)  # copied on write: the cover table stays as it is
    table.insert(table.columns.get_loc("usage") + 1, "recommended_limit",
                 by_ids(by_debtor(rec, "recommended_limit"), ids))
    # excluded clients have no insurer deadlines: say so rather than "not overdue"
    insured = table["limit_type"].to_numpy(object) != "excluded"
    table = table.assign(deadline_status=np.where(insured, values_at(status["status"].to_numpy(), at), "excluded"),
                         next_deadline=values_at(status["next_deadline"].to_numpy(), at).astype("datetime64[ns]"),
                         indemnity_if_default=simulation["indemnity"].to_numpy(),
                         retained_loss_if_default=simulation["retained_loss"].to_numpy(),
                         on_debtors_sheet=on_debtors_sheet(ids, a), name=by_ids(a["names"], ids))  # listed, named
    return {"exposure": table, "simulation": simulation}, []


def simulated(a: Tables, table: pd.DataFrame) -> pd.DataFrame:
    """The indemnity simulation (functions.limits.indemnity) within the policy year's ceilings."""
    state, hit = a["claim_state"], insolvent_rows(a["debtors"], a.as_of)
    # in liquidation every debt is due already; safeguard and reorganisation default by the judgment alone
    return indemnity(table, a["due_ledger"], a.policy, a["liability"],
                     a["debtors"]["debtor_id"].to_numpy()[hit[~accelerating(a["debtors"], hit)]],
                     state["debtor_id"].to_numpy()[state["decided"].notna().to_numpy()])


def by_debtor(frame: pd.DataFrame, column: str) -> pd.Series:
    """`frame[column]` indexed by the frame's debtor_id, the ids as objects: looked up as objects
    (ledger.found_at), not converted to text first."""
    return pd.Series(frame[column].to_numpy(), index=pd.Index(frame["debtor_id"].to_numpy(object), dtype=object))


def requests(a: Tables) -> Result:
    return {"limit_requests": named(limit_requests(a["exposure"], a["recommended"], a.policy), a)}, []


def penalties_step(a: Tables) -> Result:
    late, issues = penalties(a["original"], a.policy, a["rates"], public_buyers(a["debtors"]))
    return {"penalties": named(interest_converted(late, a.optional("FX"), a.policy, a.as_of), a)}, issues


def turnover_step(a: Tables) -> Result:
    table, issues = turnover(a["sales"], a["debtors"], a.policy, a.as_of)
    return {"turnover": table}, issues


def claims_step(a: Tables) -> Result:
    rows, issues = claims(a["original"], a["debtors"], a.optional("FX"), a.policy, a["rates"])
    return {"claims": rows}, issues


def dunning_step(a: Tables) -> Result:
    table, issues = dunning(a["due_ledger"], a["debtors"], a.input("Actions"), a.policy, a["plan"], a["deadlines"],
                            names=a["names"])
    return {"dunning": table}, issues


def declarations_step(a: Tables) -> Result:
    table = declarations(a["deadlines"], a["due_ledger"], a["debtors"], a.input("Register"), a.policy,
                         a["turnover"], claims=a["claims"])
    return {"declarations": table}, incomplete_issues(table, a["debtors"], a.policy)


def legal_terms_step(a: Tables) -> Result:
    return {"legal_terms": legal_terms(a["ledger"], a["debtors"], a.policy, names=a["names"])}, []


def indemnities(a: Tables) -> Result:
    """Claims after the hand-over: expected indemnity, recoveries to pass on, VAT (functions.claims)."""
    table = indemnities_sheet(a["claim_state"], a["exposure"], a["deadlines"], a["due_ledger"], a["debtors"], a.policy)
    return {"indemnities": named(table, a)}, []


def idle(a: Tables) -> Result:
    """Limits without sales for `idle_limit_months` (functions.fees)."""
    return {"idle_limits": named(idle_limits(a["cover"], a["ledger"], a.policy), a)}, []


def fees(a: Tables) -> Result:
    """The year's limit fees (functions.fees)."""
    return {"fees": yearly_fees(a["cover"], a.input("Limits"), a["limit_requests"], a["idle_limits"], a.policy,
                                a.as_of)}, []


def groups(a: Tables) -> Result:
    return {"groups": groups_sheet(a["cover"], a["debtors"])}, []


def insolvency(a: Tables) -> Result:
    return {"insolvency": insolvency_sheet(a["claims"], a["cover"], a["debtors"], a.policy, a.as_of,
                                           names=a["names"])}, []


def past_cover(a: Tables) -> Result:
    """The cover engine rerun at the history's quarter ends and at the previous review, in one
    stacked run (functions.portfolio.cover_at): limits and ledger as they stood at each date."""
    dates = review_dates(a.as_of, a.policy.alert_lookback_days)
    return {"past_cover": cover_at(a["ledger"], a["debtors"], a.input("Limits"), a.policy, dates)}, []


def watch(a: Tables) -> Result:
    """Alerts like an insurer's risk watch (functions.watch): grade downgrades, score drops since
    the previous review, new clients without cover."""
    cover_, past = a["cover"], a["past_cover"]
    owed = by_debtor(cover_, "exposure")
    when = a.as_of.normalize() - pd.Timedelta(days=a.policy.alert_lookback_days)
    then = past["date"].to_numpy() == when.to_datetime64()
    reviewed = pd.Index(past["debtor_id"].to_numpy(object)[then], dtype=object)
    usage = pd.Series(past["usage"].to_numpy()[then], index=reviewed)
    before = previous_scores(a["ledger"], a["debtors"], a.input("Financials"), a.input("Grades"), a.policy, usage,
                             a["scoring"], now=a["scores"])
    names = a["names"]  # each alert table named as it is built, not copied to add the names
    alerts = [grade_downgrades(a.input("Grades"), owed, a.policy, a.as_of, names=names),
              score_drops(a["scores"], before, owed, a.policy, a.as_of, names=names),
              new_debtors_without_cover(a["ledger"], cover_, a.input("Limits"), a.policy, names=names)]
    return {"watch": alerts}, []


def portfolio(a: Tables) -> Result:
    """Concentration, expected loss, history and variants (functions.portfolio)."""
    exposure_ = a["exposure"]
    history = uninsured_history(a["past_cover"], exposure_, a.as_of)
    scores_ = a["scores"]
    grades = pd.Series(scores_["grade"].to_numpy(), index=pd.Index(scores_["debtor_id"], name="debtor_id"),
                       name="grade", dtype=scores_["grade"].dtype)  # set_index would copy the whole sheet
    analysis = portfolio_analysis(exposure_, a["debtors"], grades, a["turnover"], history, a.policy, a.as_of,
                                  a["pd_by_grade"], a["variants"], a["simulation"], a["liability"])
    return {"portfolio": analysis}, []


def portfolio_step(a: Tables) -> Result:
    """The Portfolio sheet: the portfolio analysis, then the fees."""
    sheet = portfolio_sheet(a["portfolio"], a.policy.language)
    if len(a["fees"]):
        sheet = pd.concat([sheet, a["fees"]], ignore_index=True)
    return {"portfolio_sheet": sheet}, []


def credit_policy_step(a: Tables) -> Result:
    """The written credit policy, for the portfolio report."""
    return {"credit_policy": credit_policy(a.policy, a["debtors"], a.optional("Dunning plan"), a.policy.language)}, []


def breaches_step(a: Tables) -> Result:
    """Every flag, merged and put in order (functions.breaches.merge_breaches)."""
    cover_ = a["cover"]
    own = breach_flags(cover_, a["due_ledger"], a.policy, deadlines=a["deadlines"], dunning=a["dunning"],
                       on_debtors_sheet=on_debtors_sheet(cover_["debtor_id"], a))  # NOT_ON_DEBTORS_SHEET
    made = [own, insolvency_flags(a["insolvency"], a.policy),
            extension_flags(a["extension_plan"], a["debtors"], a.policy),
            legal_terms_flags(a["legal_terms"], a.policy), idle_flags(a["idle_limits"], a.policy)]
    # named as columns, all at once (merge_breaches leaves the empty ones out)
    names = np.split(by_ids(a["names"], np.concatenate([f.columns["debtor_id"] for f in made])),
                     np.cumsum([len(f) for f in made])[:-1])
    own, insolvency_, *terms = [f.with_column("name", n) if len(f) else f for f, n in zip(made, names)]
    table = merge_breaches(own, insolvency_, group_flags(a["groups"], a.policy), *a["watch"], *terms)
    return {"breaches": table}, []


def letters(a: Tables) -> Result:
    """What the letters draw on, indexed by debtor on first use (functions.declarations)."""
    sources = letter_sources(a.policy, a["due_ledger"], a["debtors"], a["deadlines"], a["penalties"],
                             a.input("Actions"), a["turnover"], claims=a["claims"], dunning=a["dunning"],
                             cover=a["exposure"])
    return {"letters": sources}, []


def dashboard_step(a: Tables) -> Result:
    return {"dashboard": dashboard(a, a.policy, a.as_of)}, []


def listed(frame: pd.DataFrame, a: Tables) -> pd.DataFrame:
    """`frame` with `on_debtors_sheet`: False for a client code only seen on other sheets."""
    return frame.assign(on_debtors_sheet=on_debtors_sheet(frame["debtor_id"], a))


def named(frame: pd.DataFrame, a: Tables) -> pd.DataFrame:
    """`frame` with the client's name as its last column (rows keyed by debtor_id)."""
    return frame.assign(name=by_ids(a["names"], frame["debtor_id"]))


def on_debtors_sheet(ids: pd.Series, a: Tables) -> np.ndarray:
    """Per client code, whether the Debtors sheet lists it (the column `listed` adds)."""
    book = a["debtors"]
    on_sheet = book["on_debtors_sheet"].to_numpy(bool)[first_of_each(book["debtor_id"])]
    at = found_at(a["names"].index, ids)  # `names`: the first row of each id, in order
    return values_at(on_sheet, at, False)


# Policy parameters the invoices were repaired with when read: every step's tables depend on them.
REPAIRED_WITH = ("default_terms_days",)
# The input sheets whose reading the data quality table counts (addin.workbook.contract.INPUT_SHEETS).
INPUT_SHEETS = ("Debtors", "Invoices", "Payments", "Orders", "Limits", "Grades", "Financials", "Actions", "Register",
                "Extensions", "Claims", "Rates", "FX")

STEPS: tuple[Step, ...] = (
    Step(scoring_step, ("scoring",), (), ("Scoring",), ()),
    Step(plan_step, ("plan",), (), ("Dunning plan",), ("language",)),
    Step(pd_step, ("pd_by_grade",), (), ("PD",), ()),
    Step(variants_step, ("variants",), (), ("Policy variants",)),
    Step(rates_step, ("rates",), (), ("Rates",), ()),
    Step(money, ("ledger", "original", "orders", "sales"), (), ("Invoices", "Payments", "Orders", "FX"),
         ("currency", "language")),
    Step(debtors, ("debtors", "names"), (), ("Debtors", "Invoices", "Payments", "Orders", "Limits"), ()),
    Step(quality, ("quality",), (), INPUT_SHEETS, ()),
    Step(balances, ("balances",), ("ledger", "debtors", "orders"), (), ()),
    Step(due_dates, ("due_ledger", "extension_plan"), ("ledger", "debtors"), ("Extensions",)),
    Step(claim_history, ("claim_state", "liability"), (), ("Claims",)),
    Step(aging_step, ("aging",), ("due_ledger", "debtors")),
    Step(deadlines_step, ("deadlines",), ("due_ledger", "debtors"), ("Register",)),
    Step(cover, ("cover",), ("ledger", "debtors", "orders"), ("Limits",)),
    Step(scores, ("scores",), ("ledger", "debtors", "cover", "scoring"), ("Financials", "Grades")),
    Step(recommended, ("recommended",), ("ledger", "debtors", "scores", "scoring"), ("Financials",)),
    Step(exposure, ("exposure", "simulation"), ("cover", "recommended", "deadlines", "due_ledger", "debtors",
                                                 "claim_state", "liability")),
    Step(requests, ("limit_requests",), ("exposure", "recommended")),
    Step(penalties_step, ("penalties",), ("original", "rates", "debtors"), ("FX",)),
    Step(turnover_step, ("turnover",), ("sales", "debtors")),
    Step(claims_step, ("claims",), ("original", "debtors", "rates"), ("FX",)),
    Step(dunning_step, ("dunning",), ("due_ledger", "debtors", "plan", "deadlines"), ("Actions",)),
    Step(declarations_step, ("declarations",), ("deadlines", "due_ledger", "debtors", "turnover", "claims"),
         ("Register",)),
    Step(groups, ("groups",), ("cover", "debtors")),
    Step(insolvency, ("insolvency",), ("claims", "cover", "debtors")),
    Step(indemnities, ("indemnities",), ("claim_state", "exposure", "deadlines", "due_ledger", "debtors")),
    Step(legal_terms_step, ("legal_terms",), ("ledger", "debtors")),
    Step(idle, ("idle_limits",), ("cover", "ledger")),
    Step(fees, ("fees",), ("cover", "limit_requests", "idle_limits"), ("Limits",)),
    Step(past_cover, ("past_cover",), ("ledger", "debtors"), ("Limits",)),
    Step(watch, ("watch",), ("ledger", "debtors", "cover", "scores", "scoring", "past_cover"),
         ("Financials", "Grades", "Limits")),
    Step(portfolio, ("portfolio",),
         ("debtors", "exposure", "simulation", "scores", "turnover", "pd_by_grade", "variants", "past_cover",
          "liability")),
    Step(portfolio_step, ("portfolio_sheet",), ("portfolio", "fees")),
    Step(credit_policy_step, ("credit_policy",), ("debtors",), ("Dunning plan",)),
    Step(breaches_step, ("breaches",), ("cover", "debtors", "due_ledger", "deadlines", "dunning", "insolvency",
                                        "groups", "watch", "extension_plan", "legal_terms", "idle_limits")),
    Step(letters, ("letters",), ("due_ledger", "debtors", "deadlines", "penalties", "turnover", "claims", "dunning",
                                 "exposure"), ("Actions",)),
    Step(dashboard_step, ("dashboard",), ("quality", "aging", "exposure", "scores", "deadlines", "declarations",
                                          "due_ledger", "portfolio", "insolvency", "limit_requests", "penalties")),
)

# Result sheet -> the table holding it, in workbook order.
SHEETS: dict[str, str] = {
    "Aging": "aging", "Exposure": "exposure", "Breaches": "breaches", "Limit requests": "limit_requests",
    "Scores": "scores", "Deadlines": "deadlines", "Declarations": "declarations", "Turnover": "turnover",
    "Penalties": "penalties", "Dunning": "dunning", "Groups": "groups", "Insolvency": "insolvency",
    "Indemnities": "indemnities", "Legal terms": "legal_terms", "Idle limits": "idle_limits",
    "Portfolio": "portfolio_sheet", "Issues": "", "Dashboard": "dashboard",
}


def policy_read(step: Step, policy) -> tuple:
    """The values of the Policy parameters a step's result depends on, its own and those of the
    steps it needs (all of them when one does not declare them), with those the rows were repaired
    with when read (functions.checks.repair_invoices)."""
    names = policy_names(step)
    return (policy,) if names is None else tuple(getattr(policy, name) for name in (*names, *REPAIRED_WITH))


@functools.lru_cache(maxsize=None)
def policy_names(step: Step) -> tuple[str, ...] | None:
    """The Policy parameters `step` and the steps it needs read, sorted; None: any of them."""
    maker = {name: s for s in STEPS for name in s.adds}
    found, todo, seen = set(step.policy or ()), list(step.needs), set()
    if step.policy is None:
        return None
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if maker[name].policy is None:
            return None
        found |= set(maker[name].policy)
        todo += list(maker[name].needs)
    return tuple(sorted(found))


policy_names.package_data = True  # kept by udfs.forget(): the same for every workbook


def steps_for(want: Iterable[str] | None) -> list[Step]:
    """The steps that build `want` (table or result sheet names) and what they need, in order."""
    if want is None:
        return list(STEPS)
    maker = {name: step for step in STEPS for name in step.adds}
    needed, todo = set(), [SHEETS.get(w, w) for w in want if SHEETS.get(w, w)]
    while todo:
        name = todo.pop()
        if name not in maker:
            raise KeyError(f"no step adds '{name}'")
        step = maker[name]
        if step.run not in needed:
            needed.add(step.run)
            todo += list(step.needs)
    return [s for s in STEPS if s.run in needed]


def analyse(inputs: Inputs, as_of, want: Iterable[str] | None = None,
            given: Callable[[Step, Tables], Result] | None = None) -> Analysis:
    """Run the steps that `want` needs (all of them by default) on the typed inputs at `as_of`.

    `given(step, tables)` may answer a step instead of running it (the worksheet functions share
    the ledger of identical tables this way); it returns None to let the step run."""
    when = pd.Timestamp(as_of)
    tables: dict[str, object] = {}
    issues = list(inputs.issues)
    view = Tables(inputs, when, tables)
    for step in steps_for(want):
        added, found = (given and given(step, view)) or step.run(view)
        tables.update(added)
        issues += found
    return Analysis(when, inputs, MappingProxyType(tables), tuple(issues))
