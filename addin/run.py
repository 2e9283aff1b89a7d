"""A run, top to bottom: read the Book, validate, compute the result tables, write them.

    inputs = load(book)                    # typed tables + Policy + issues
    results = compute(inputs, as_of)       # {sheet name: DataFrame}
    book.write_results(results, language)

Every phase is timed so the benchmark can split a run into read / validate / compute / write.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from functions.aging import aging
from functions.breaches import breaches
from functions.checks import run_checks
from functions.cover import exposure_sheet
from functions.dashboard import dashboard, dashboard_sheet
from functions.deadlines import deadlines, debtor_status
from functions.declarations import LetterSources, declarations, letter_sources
from functions.dunning import dunning
from functions.fx import converted, interest_converted
from functions.groups import group_flags, groups_sheet, with_flags
from functions.identifiers import registration_issues
from functions.insolvency import accelerated, claims, insolvency_cover, insolvency_flags, insolvency_sheet
from functions.ledger import Ledger, build_ledger, lookup
from functions.limits import indemnity, indemnity_rows, limit_requests, portfolio_indemnity, recommended_limits
from functions.model import Issue, issues_frame
from functions.penalties import penalties
from functions.scoring import scores_issues, scores_sheet
from functions.turnover import turnover

from addin.workbook.book import Book
from addin.workbook.contract import INPUT_SHEETS, PARAMETER_SHEETS, POLICY_SHEET
from addin.letters.documents import draft_documents, draft_reminders
from addin.letters.render import Letters
from addin.portfolio import PortfolioRun, add_alerts, draft_portfolio_report, portfolio_of
from addin.workbook.read import ContractError, Inputs, as_of_date, empty_table, match_headers, read_policy, read_table


RESULT_SHEETS = ["Aging", "Exposure", "Breaches", "Limit requests", "Scores", "Deadlines", "Declarations", "Turnover",
                 "Penalties", "Dunning", "Groups", "Insolvency", "Portfolio", "Issues", "Dashboard"]


@dataclass
class Run:
    """What a run produced, for the summary and the benchmark."""

    as_of: date
    inputs: Inputs
    results: dict[str, pd.DataFrame]
    timings: dict[str, float] = field(default_factory=dict)
    analysis: Analysis | None = None


def read_raw(book: Book) -> dict[str, pd.DataFrame]:
    """Every contract sheet the workbook has, as raw frames. No Invoices sheet is fatal."""
    raw = {}
    for name in (POLICY_SHEET, *INPUT_SHEETS, *PARAMETER_SHEETS):
        frame = book.read_sheet(name)
        if frame is not None:
            raw[name] = frame
    if "Invoices" not in raw:
        raise ContractError(f"{book.name} has no Invoices sheet: add one with at least invoice_id, debtor_id, "
                            "invoice_date, due_date and amount")
    return raw


def validate(raw: dict[str, pd.DataFrame], read=read_table) -> Inputs:
    """Parse and check every sheet; problems become Issues and the rows are left out.
    `read` is read_table, or one that remembers tables already read (the worksheet functions)."""
    policy, issues = read_policy(raw.get(POLICY_SHEET))
    tables, headers = {}, {}
    for name in INPUT_SHEETS:
        if name not in raw:
            continue
        try:
            tables[name], found = read(name, raw[name])
        except ContractError as exc:
            if name == "Invoices":
                raise
            issues.append(Issue(name, None, "", "error", f"{exc}; sheet ignored"))
            continue
        issues += found
        headers[name] = {contract: user for user, contract in match_headers(raw[name].columns, INPUT_SHEETS[name]).items()}
    for name, columns in PARAMETER_SHEETS.items():
        if name in raw:
            try:
                tables[name], found = read(name, raw[name], columns)
            except ContractError as exc:
                found = [Issue(name, None, "", "error", f"{exc}; defaults used")]
            issues += found
    tables, found = run_checks(tables)
    found += registration_issues(tables["Debtors"]) if "Debtors" in tables else []  # SIREN/SIRET/VAT checksums
    # Checks name contract columns; the user knows the headers of their own sheet.
    found = [replace(i, column=headers.get(i.sheet, {}).get(i.column, i.column)) for i in found]
    order = {name: k for k, name in enumerate((POLICY_SHEET, *INPUT_SHEETS))}
    issues = sorted(issues + found, key=lambda i: (order.get(i.sheet, 99), i.row or 0))
    return Inputs(policy, tables, issues)


def load(book: Book) -> Inputs:
    return validate(read_raw(book))


def debtors_table(inputs: Inputs) -> pd.DataFrame:
    """The Debtors rows, plus a blank row for any debtor only seen on invoices (no Debtors sheet)."""
    listed = inputs.table("Debtors")
    seen = inputs.table("Invoices")["debtor_id"].drop_duplicates()
    extra = seen[~seen.isin(set(listed["debtor_id"]))]
    if extra.empty:
        return listed.reset_index(drop=True)
    blank = empty_table("Debtors").reindex(range(len(extra)))
    blank["debtor_id"] = extra.to_numpy()
    blank["excluded"] = blank["do_not_remind"] = False
    return pd.concat([listed, blank], ignore_index=True)


def debtor_ids(inputs: Inputs) -> pd.Series:
    return debtors_table(inputs)["debtor_id"]


def money_of(inputs: Inputs, as_of: date):
    """The ledger, orders and sales in the policy currency (functions.fx; one plain ledger when
    everything is in the policy currency)."""
    table = inputs.tables.get
    return converted(inputs.table("Invoices"), table("Payments"), table("Orders"), table("FX"), inputs.policy, as_of)


def ledger_of(inputs: Inputs, as_of: date) -> Ledger:
    return money_of(inputs, as_of).ledger


def with_debtor_view(exposure: pd.DataFrame, calendar: pd.DataFrame, debtors: pd.DataFrame, ledger: Ledger,
                     policy) -> pd.DataFrame:
    """Exposure extras a credit manager reads per client: the most urgent insurer deadline status
    and the indemnity simulation (what the insurer pays if the client defaulted today)."""
    status = debtor_status(calendar, debtors, policy).set_index("debtor_id")
    paid = indemnity(exposure, ledger, policy).set_index("debtor_id")
    ids = exposure["debtor_id"]
    # excluded clients have no insurer deadlines: say so rather than "not overdue"
    deadline_status = lookup(ids, status["status"]).where(exposure["limit_type"] != "excluded", "excluded")
    return exposure.assign(deadline_status=deadline_status,
                           next_deadline=lookup(ids, status["next_deadline"]).astype("datetime64[ns]"),
                           indemnity_if_default=lookup(ids, paid["indemnity"]),
                           retained_loss_if_default=lookup(ids, paid["retained_loss"]))


@dataclass
class Analysis:
    """Every result table of a run, and what the documents need."""

    results: dict[str, pd.DataFrame]
    letters: LetterSources
    issues: list[Issue]
    portfolio: PortfolioRun | None = None


def analyse(inputs: Inputs, as_of: date) -> Analysis:
    """Every result table, keyed by result sheet name, columns named as in the contract."""
    policy, table = inputs.policy, inputs.table
    money = money_of(inputs, as_of)
    ledger = money.ledger
    debtors = debtors_table(inputs)
    names = debtors.set_index("debtor_id")["name"]
    with_name = lambda frame: frame.assign(name=lookup(frame["debtor_id"], names))  # noqa: E731
    exposure = exposure_sheet(ledger, debtors, table("Limits"), money.orders, policy)
    exposure = insolvency_cover(exposure, ledger, debtors, table("Limits"), policy)
    scores = scores_sheet(ledger, debtors, table("Financials"), table("Grades"), policy, as_of,
                          usage=exposure.set_index("debtor_id")["usage"], scoring=inputs.tables.get("Scoring"))
    recommended = recommended_limits(ledger, debtors, table("Financials"), policy,
                                     grades=scores.set_index("debtor_id")["grade"])
    exposure.insert(exposure.columns.get_loc("usage") + 1, "recommended_limit",
                    lookup(exposure["debtor_id"], recommended.set_index("debtor_id")["recommended_limit"]))
    calendar, deadline_issues = deadlines(accelerated(ledger, debtors), debtors, table("Register"), policy)
    exposure = with_debtor_view(exposure, calendar, debtors, ledger, policy)
    late, penalty_issues = penalties(money.original, policy, inputs.tables.get("Rates"))
    late = interest_converted(late, inputs.tables.get("FX"), policy, as_of)
    sales, turnover_issues = turnover(money.sales, debtors, policy, as_of)
    claim_rows, claim_issues = claims(money.original, debtors, inputs.tables.get("FX"), policy, inputs.tables.get("Rates"))
    drafts = declarations(calendar, ledger, debtors, table("Register"), policy, sales, claims=claim_rows)
    groups = groups_sheet(exposure, debtors)
    reminders, dunning_issues = dunning(ledger, debtors, table("Actions"), policy, inputs.tables.get("Dunning plan"), calendar)
    insolvencies = with_name(insolvency_sheet(claim_rows, exposure, debtors, policy, as_of))
    results = {
        "Aging": with_name(aging(ledger, debtors["debtor_id"], policy)),
        "Exposure": with_name(exposure),
        "Breaches": with_flags(with_name(breaches(exposure, ledger, policy, deadlines=calendar, dunning=reminders)),
                               with_name(insolvency_flags(insolvencies, policy)), group_flags(groups, policy)),
        "Limit requests": with_name(limit_requests(exposure, recommended, policy)),
        "Scores": with_name(scores),
        "Deadlines": with_name(calendar),
        "Declarations": drafts,
        "Turnover": sales,
        "Penalties": with_name(late),
        "Dunning": with_name(reminders),
        "Groups": groups,
        "Insolvency": insolvencies,
    }
    risk = portfolio_of(inputs, as_of, ledger, debtors, results)
    results["Breaches"] = add_alerts(results["Breaches"], with_name(risk.alerts))
    simulated = portfolio_indemnity(indemnity(exposure, ledger, policy))
    results["Portfolio"] = pd.concat([risk.sheet, indemnity_rows(simulated, policy.currency)], ignore_index=True)
    issues = (inputs.issues + deadline_issues + dunning_issues + penalty_issues + turnover_issues
              + money.issues + claim_issues + scores_issues(debtors, table("Grades"), policy, as_of, inputs.tables.get("Scoring")))
    issues += risk.issues
    results["Issues"] = issues_frame(issues)
    results["Dashboard"] = dashboard_sheet(dashboard(results, ledger, policy, as_of))
    letters = letter_sources(policy, ledger, debtors, calendar, late, table("Actions"), sales, claims=claim_rows,
                             dunning=reminders)
    return Analysis(results, letters, issues, risk)


def compute(inputs: Inputs, as_of: date) -> dict[str, pd.DataFrame]:
    return analyse(inputs, as_of).results


def run(book: Book, as_of: date | None = None, today: date | None = None, write: bool = True,
        documents: bool = True, sheets: list[str] | None = None) -> Run:
    """Read, validate, compute and (unless write=False) write the result sheets (all, or `sheets`)."""
    timings, clock = {}, time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[phase] = now - clock
        clock = now

    book.status(f"Reading {book.name} ...")
    raw = read_raw(book)
    lap("read")
    book.status("Checking the sheets ...")
    inputs = validate(raw)
    del raw  # the raw cells are not needed again: a few hundred MB at a million invoices
    lap("validate")
    when = as_of_date(inputs.policy, as_of, today or date.today())
    book.status(f"Computing as of {when:%Y-%m-%d} ...")
    analysis = analyse(inputs, when)
    results = analysis.results
    lap("compute")
    if write and documents:
        book.status("Drafting the letters ...")
        letters = Letters(book.documents_dir())  # one per run: templates prepared once, names unique
        results["Declarations"] = draft_documents(analysis, book.documents_dir(), letters)
        if sheets is None or "Portfolio" in sheets:
            draft_portfolio_report(analysis.portfolio, inputs.policy, book.documents_dir())
        if sheets is None or "Dunning" in sheets:
            results["Dunning"] = draft_reminders(analysis, book.documents_dir(), letters)
        lap("documents")
    if write:
        book.status("Writing the result sheets ...")
        book.write_results({n: f for n, f in results.items() if sheets is None or n in sheets}, inputs.policy.language)
        lap("write")
    return Run(when, inputs, results, timings, analysis)
