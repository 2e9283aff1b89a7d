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
behaviour); `due_ledger` the dates debts are payable at as_of, which an insolvency judgment
brings forward (functions.insolvency.accelerated). Aging, Deadlines, Dunning, the declarations
and the Dashboard's overdue figures read `due_ledger`, so they agree on what is due.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

import pandas as pd

from .aging import aging
from .breaches import breaches, merge_breaches
from .cover import exposure_sheet
from .credit_policy import credit_policy
from .dashboard import dashboard
from .deadlines import deadlines, debtor_status
from .declarations import declarations, incomplete_issues, letter_sources
from .dunning import dunning, plan_of
from .exposure import exposure as exposure_balances
from .fx import converted, interest_converted
from .groups import group_flags, groups_sheet
from .insolvency import accelerated, claims, insolvency_cover, insolvency_flags, insolvency_sheet, insolvent
from .ledger import lookup
from .limits import indemnity, limit_requests, recommended_limits
from .model import Inputs, Issue, issues_frame
from .penalties import penalties
from .portfolio import portfolio_analysis, portfolio_sheet, read_pd, read_variants, uninsured_history
from .rates import rate_table
from .scoring import read_scoring, scores_issues, scores_sheet
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
    needs: tuple[str, ...] = ()


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

def parameters(a: Tables) -> Result:
    """The parameter sheets (Scoring, Dunning plan, PD, Policy variants, Rates), each read once."""
    scoring, scoring_issues = read_scoring(a.optional("Scoring"))
    plan, plan_issues = plan_of(a.optional("Dunning plan"), a.policy.language)
    pd_by_grade, pd_issues = read_pd(a.optional("PD"))
    variants, variant_issues = read_variants(a.optional("Policy variants"), a.policy)
    rates, rate_issues = rate_table(a.optional("Rates"))
    return ({"scoring": scoring, "plan": plan, "pd_by_grade": pd_by_grade, "variants": variants, "rates": rates},
            scoring_issues + plan_issues + pd_issues + variant_issues + rate_issues)


def money(a: Tables) -> Result:
    """The ledger (payments allocated) in the policy currency; the same in each invoice's currency;
    open orders and sales converted (functions.fx)."""
    found = converted(a.input("Invoices"), a.optional("Payments"), a.optional("Orders"), a.optional("FX"),
                      a.policy, a.as_of)
    return {"ledger": found.ledger, "original": found.original, "orders": found.orders, "sales": found.sales}, \
        found.issues


def debtors(a: Tables) -> Result:
    """One row per Debtors row, plus a blank row for a debtor only seen on invoices (no Debtors sheet)."""
    listed = a.input("Debtors")
    seen = a.input("Invoices")["debtor_id"].drop_duplicates()
    extra = seen[~seen.isin(set(listed["debtor_id"]))]
    table = listed.reset_index(drop=True)
    if len(extra):
        blank = listed.iloc[0:0].reindex(range(len(extra)))
        blank["debtor_id"] = extra.to_numpy()
        blank["excluded"] = blank["do_not_remind"] = False
        table = pd.concat([table, blank], ignore_index=True)
    names = table.drop_duplicates("debtor_id").set_index("debtor_id")["name"]
    return {"debtors": table, "names": names}, []


def balances(a: Tables) -> Result:
    """What each client owes, now and with open orders (functions.exposure), before any cover."""
    return {"balances": named(exposure_balances(a["ledger"], a["debtors"]["debtor_id"], a["orders"]), a)}, []


def due_dates(a: Tables) -> Result:
    """The ledger with the dates debts are payable at as_of (an insolvency judgment brings them forward)."""
    return {"due_ledger": accelerated(a["ledger"], a["debtors"])}, []


def aging_step(a: Tables) -> Result:
    return {"aging": named(aging(a["due_ledger"], a["debtors"]["debtor_id"], a.policy), a)}, []


def deadlines_step(a: Tables) -> Result:
    calendar, issues = deadlines(a["due_ledger"], a["debtors"], a.input("Register"), a.policy)
    return {"deadlines": named(calendar, a)}, issues


def cover(a: Tables) -> Result:
    """Exposure against cover per debtor (functions.cover), insolvency cut-off applied."""
    table = exposure_sheet(a["ledger"], a["debtors"], a.input("Limits"), a["orders"], a.policy)
    return {"cover": insolvency_cover(table, a["ledger"], a["debtors"], a.input("Limits"), a.policy)}, []


def scores(a: Tables) -> Result:
    usage = a["cover"].set_index("debtor_id")["usage"]
    table = scores_sheet(a["ledger"], a["debtors"], a.input("Financials"), a.input("Grades"), a.policy, a.as_of,
                         usage=usage, scoring=a["scoring"], insolvent=insolvent(a["debtors"], a.as_of))
    return {"scores": named(table, a)}, scores_issues(a["debtors"], a.input("Grades"), a.policy, a.as_of)


def recommended(a: Tables) -> Result:
    grades = a["scores"].set_index("debtor_id")["grade"]
    table = recommended_limits(a["ledger"], a["debtors"], a.input("Financials"), a.policy, grades=grades,
                               equity_share=dict(a["scoring"].equity_shares))
    return {"recommended": table}, []


def exposure(a: Tables) -> Result:
    """The Exposure sheet: cover, the recommended limit, the most urgent insurer deadline and the
    indemnity simulation (what the insurer pays if the client defaulted today), per client."""
    table = a["cover"]
    ids = table["debtor_id"]
    rec = a["recommended"].set_index("debtor_id")["recommended_limit"]
    status = debtor_status(a["deadlines"], a["debtors"], a.policy).set_index("debtor_id")
    paid = indemnity(table, a["due_ledger"], a.policy).set_index("debtor_id")
    table = table.copy()
    table.insert(table.columns.get_loc("usage") + 1, "recommended_limit", lookup(ids, rec))
    # excluded clients have no insurer deadlines: say so rather than "not overdue"
    table["deadline_status"] = lookup(ids, status["status"]).where(table["limit_type"] != "excluded", "excluded")
    table["next_deadline"] = lookup(ids, status["next_deadline"]).astype("datetime64[ns]")
    table["indemnity_if_default"] = lookup(ids, paid["indemnity"])
    table["retained_loss_if_default"] = lookup(ids, paid["retained_loss"])
    return {"exposure": named(table, a)}, []


def requests(a: Tables) -> Result:
    return {"limit_requests": named(limit_requests(a["exposure"], a["recommended"], a.policy), a)}, []


def penalties_step(a: Tables) -> Result:
    late, issues = penalties(a["original"], a.policy, a["rates"])
    return {"penalties": named(interest_converted(late, a.optional("FX"), a.policy, a.as_of), a)}, issues


def turnover_step(a: Tables) -> Result:
    table, issues = turnover(a["sales"], a["debtors"], a.policy, a.as_of)
    return {"turnover": table}, issues


def claims_step(a: Tables) -> Result:
    rows, issues = claims(a["original"], a["debtors"], a.optional("FX"), a.policy, a["rates"])
    return {"claims": rows}, issues


def dunning_step(a: Tables) -> Result:
    table, issues = dunning(a["due_ledger"], a["debtors"], a.input("Actions"), a.policy, a["plan"], a["deadlines"])
    return {"dunning": named(table, a)}, issues


def declarations_step(a: Tables) -> Result:
    table = declarations(a["deadlines"], a["due_ledger"], a["debtors"], a.input("Register"), a.policy,
                         a["turnover"], claims=a["claims"])
    return {"declarations": table}, incomplete_issues(table, a["debtors"], a.policy)


def groups(a: Tables) -> Result:
    return {"groups": groups_sheet(a["exposure"], a["debtors"])}, []


def insolvency(a: Tables) -> Result:
    return {"insolvency": named(insolvency_sheet(a["claims"], a["exposure"], a["debtors"], a.policy, a.as_of), a)}, []


def portfolio(a: Tables) -> Result:
    """Concentration, expected loss, history and variants (functions.portfolio), the watch alerts
    (functions.watch) and the written credit policy."""
    ledger, debtors_, exposure_ = a["ledger"], a["debtors"], a["exposure"]
    history = uninsured_history(ledger, debtors_, a.input("Limits"), a.policy, exposure_)
    grades = a["scores"].set_index("debtor_id")["grade"]
    analysis = portfolio_analysis(exposure_, debtors_, grades, a["turnover"], history, a.policy, a.as_of,
                                  a["pd_by_grade"], a["variants"], indemnity(exposure_, a["due_ledger"], a.policy))
    owed = exposure_.set_index("debtor_id")["exposure"]
    before = previous_scores(ledger, debtors_, a.input("Limits"), a.input("Financials"), a.input("Grades"), a.policy,
                             a["scoring"])
    alerts = [grade_downgrades(a.input("Grades"), owed, a.policy, a.as_of),
              score_drops(a["scores"], before, owed, a.policy, a.as_of),
              new_debtors_without_cover(ledger, exposure_, a.input("Limits"), a.policy)]
    return {"portfolio": analysis, "portfolio_sheet": portfolio_sheet(analysis, a.policy.language),
            "watch": [named(frame, a) for frame in alerts],
            "credit_policy": credit_policy(a.policy, debtors_, a.optional("Dunning plan"), a.policy.language)}, []


def breaches_step(a: Tables) -> Result:
    """Every flag, merged and ordered once (functions.breaches.merge_breaches)."""
    own = breaches(a["exposure"], a["due_ledger"], a.policy, deadlines=a["deadlines"], dunning=a["dunning"])
    table = merge_breaches(named(own, a), named(insolvency_flags(a["insolvency"], a.policy), a),
                           group_flags(a["groups"], a.policy), *a["watch"])
    return {"breaches": table}, []


def letters(a: Tables) -> Result:
    """What the letters draw on, indexed by debtor on first use (functions.declarations)."""
    sources = letter_sources(a.policy, a["due_ledger"], a["debtors"], a["deadlines"], a["penalties"],
                             a.input("Actions"), a["turnover"], claims=a["claims"], dunning=a["dunning"],
                             cover=a["exposure"])
    return {"letters": sources}, []


def dashboard_step(a: Tables) -> Result:
    return {"dashboard": dashboard(a, a.policy, a.as_of)}, []


def named(frame: pd.DataFrame, a: Tables) -> pd.DataFrame:
    """`frame` with the client's name as its last column (rows keyed by debtor_id)."""
    return frame.assign(name=lookup(frame["debtor_id"], a["names"]))


STEPS: tuple[Step, ...] = (
    Step(parameters, ("scoring", "plan", "pd_by_grade", "variants", "rates")),
    Step(money, ("ledger", "original", "orders", "sales")),
    Step(debtors, ("debtors", "names")),
    Step(balances, ("balances",), ("ledger", "debtors", "orders")),
    Step(due_dates, ("due_ledger",), ("ledger", "debtors")),
    Step(aging_step, ("aging",), ("due_ledger", "debtors")),
    Step(deadlines_step, ("deadlines",), ("due_ledger", "debtors")),
    Step(cover, ("cover",), ("ledger", "debtors", "orders")),
    Step(scores, ("scores",), ("ledger", "debtors", "cover", "scoring")),
    Step(recommended, ("recommended",), ("ledger", "debtors", "scores", "scoring")),
    Step(exposure, ("exposure",), ("cover", "recommended", "deadlines", "due_ledger", "debtors")),
    Step(requests, ("limit_requests",), ("exposure", "recommended")),
    Step(penalties_step, ("penalties",), ("original", "rates", "debtors")),
    Step(turnover_step, ("turnover",), ("sales", "debtors")),
    Step(claims_step, ("claims",), ("original", "debtors", "rates")),
    Step(dunning_step, ("dunning",), ("due_ledger", "debtors", "plan", "deadlines")),
    Step(declarations_step, ("declarations",), ("deadlines", "due_ledger", "debtors", "turnover", "claims")),
    Step(groups, ("groups",), ("exposure", "debtors")),
    Step(insolvency, ("insolvency",), ("claims", "exposure", "debtors")),
    Step(portfolio, ("portfolio", "portfolio_sheet", "watch", "credit_policy"),
         ("ledger", "due_ledger", "debtors", "exposure", "scores", "turnover", "scoring", "pd_by_grade", "variants")),
    Step(breaches_step, ("breaches",), ("exposure", "due_ledger", "deadlines", "dunning", "insolvency", "groups",
                                        "watch")),
    Step(letters, ("letters",), ("due_ledger", "debtors", "deadlines", "penalties", "turnover", "claims", "dunning",
                                 "exposure")),
    Step(dashboard_step, ("dashboard",), ("aging", "exposure", "scores", "deadlines", "declarations", "due_ledger",
                                          "portfolio", "insolvency", "limit_requests", "penalties")),
)

# Result sheet -> the table holding it, in workbook order.
SHEETS: dict[str, str] = {
    "Aging": "aging", "Exposure": "exposure", "Breaches": "breaches", "Limit requests": "limit_requests",
    "Scores": "scores", "Deadlines": "deadlines", "Declarations": "declarations", "Turnover": "turnover",
    "Penalties": "penalties", "Dunning": "dunning", "Groups": "groups", "Insolvency": "insolvency",
    "Portfolio": "portfolio_sheet", "Issues": "", "Dashboard": "dashboard",
}


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
