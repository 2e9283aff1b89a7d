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
from functions.checks import run_checks
from functions.exposure import exposure
from functions.ledger import Ledger, build_ledger, lookup
from functions.model import Issue, issues_frame

from .book import Book
from .contract import INPUT_SHEETS, POLICY_SHEET
from .read import ContractError, Inputs, as_of_date, match_headers, read_policy, read_table


@dataclass
class Run:
    """What a run produced, for the summary and the benchmark."""

    as_of: date
    inputs: Inputs
    results: dict[str, pd.DataFrame]
    timings: dict[str, float] = field(default_factory=dict)


def read_raw(book: Book) -> dict[str, pd.DataFrame]:
    """Every contract sheet the workbook has, as raw frames. No Invoices sheet is fatal."""
    raw = {}
    for name in (POLICY_SHEET, *INPUT_SHEETS):
        frame = book.read_sheet(name)
        if frame is not None:
            raw[name] = frame
    if "Invoices" not in raw:
        raise ContractError(f"{book.name} has no Invoices sheet: add one with at least invoice_id, debtor_id, "
                            "invoice_date, due_date and amount")
    return raw


def validate(raw: dict[str, pd.DataFrame]) -> Inputs:
    """Parse and check every sheet; problems become Issues and the rows are left out."""
    policy, issues = read_policy(raw.get(POLICY_SHEET))
    tables, headers = {}, {}
    for name in INPUT_SHEETS:
        if name not in raw:
            continue
        try:
            tables[name], found = read_table(name, raw[name])
        except ContractError as exc:
            if name == "Invoices":
                raise
            issues.append(Issue(name, None, "", "error", f"{exc}; sheet ignored"))
            continue
        issues += found
        headers[name] = {contract: user for user, contract in match_headers(raw[name].columns, INPUT_SHEETS[name]).items()}
    tables, found = run_checks(tables)
    # Checks name contract columns; the user knows the headers of their own sheet.
    found = [replace(i, column=headers.get(i.sheet, {}).get(i.column, i.column)) for i in found]
    order = {name: k for k, name in enumerate((POLICY_SHEET, *INPUT_SHEETS))}
    issues = sorted(issues + found, key=lambda i: (order.get(i.sheet, 99), i.row or 0))
    return Inputs(policy, tables, issues)


def load(book: Book) -> Inputs:
    return validate(read_raw(book))


def debtor_ids(inputs: Inputs) -> pd.Series:
    """Debtors in sheet order, then any debtor only seen on invoices (when there is no Debtors sheet)."""
    listed = inputs.table("Debtors")["debtor_id"]
    seen = inputs.table("Invoices")["debtor_id"]
    return pd.concat([listed, seen[~seen.isin(set(listed))]], ignore_index=True).drop_duplicates().reset_index(drop=True)


def ledger_of(inputs: Inputs, as_of: date) -> Ledger:
    payments = inputs.tables.get("Payments")
    return build_ledger(inputs.table("Invoices"), payments, as_of)


def compute(inputs: Inputs, as_of: date) -> dict[str, pd.DataFrame]:
    """Every result table, keyed by result sheet name, columns named as in the contract."""
    ledger = ledger_of(inputs, as_of)
    ids = debtor_ids(inputs)
    names = inputs.table("Debtors").set_index("debtor_id")["name"]
    with_name = lambda frame: frame.assign(name=lookup(frame["debtor_id"], names))  # noqa: E731
    return {
        "Aging": with_name(aging(ledger, ids, inputs.policy)),
        "Exposure": with_name(exposure(ledger, ids, inputs.tables.get("Orders"))),
        "Issues": issues_frame(inputs.issues),
    }


def run(book: Book, as_of: date | None = None, today: date | None = None, write: bool = True) -> Run:
    """Read, validate, compute and (unless write=False) write every result sheet."""
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
    lap("validate")
    when = as_of_date(inputs.policy, as_of, today or date.today())
    book.status(f"Computing as of {when:%Y-%m-%d} ...")
    results = compute(inputs, when)
    lap("compute")
    if write:
        book.status("Writing the result sheets ...")
        book.write_results(results, inputs.policy.language)
        lap("write")
    return Run(when, inputs, results, timings)
