"""From a Book to the analysis' Inputs: read every contract sheet, parse and check it.

    inputs = load(book)       # typed tables, the Policy, every problem found as an Issue

Problems become Issues; invoices with an unusable number or date are repaired (functions.checks),
rows with no usable amount or client code are left out, and `Inputs.quality` counts both per
sheet. Only a missing Invoices sheet, or an Invoices sheet without its required columns, stops
the run (ContractError).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from functions.checks import QUALITY_COLUMNS, run_checks
from functions.identifiers import registration_issues
from functions.model import Inputs, Issue
from functions.texts import message

from addin.workbook.book import Book
from addin.workbook.layout import MONEY_SHEETS
from addin.workbook.contract import INPUT_SHEETS, PARAMETER_SHEETS, POLICY_SHEET
from addin.workbook.messages import say
from addin.workbook.parse import parse_amount
from addin.workbook.read import REPAIRED, ContractError, inputs, match_headers, read_policy, read_table, repairable


def read_raw(book: Book) -> dict[str, pd.DataFrame]:
    """Every contract sheet the workbook has, as raw frames. No Invoices sheet is fatal."""
    raw = {}
    for name in (POLICY_SHEET, *INPUT_SHEETS, *PARAMETER_SHEETS):
        frame = book.read_sheet(name)
        if frame is not None:
            raw[name] = frame
    if "Invoices" not in raw:
        raise ContractError(say("file.no_invoices", name=book.name))
    return raw


def validate(raw: dict[str, pd.DataFrame], read=read_table, policy_of=read_policy) -> Inputs:
    """Parse, repair and check every sheet; problems become Issues and unusable rows are left out.
    `read` and `policy_of` are read_table and read_policy, or ones that remember tables already read
    (the worksheet functions)."""
    policy, issues = policy_of(raw.get(POLICY_SHEET))
    issues = list(issues)
    tables, headers, repaired = {}, {}, {}
    for name in INPUT_SHEETS:
        if name not in raw:
            continue
        try:
            tables[name], found = read(name, raw[name], repairable(name) if name in REPAIRED else None)
        except ContractError as exc:
            if name == "Invoices":
                raise
            issues.append(Issue(name, None, "", "error", message("issue.sheet_ignored", reason=exc.args[0])))
            continue
        issues += found
        repaired[name] = {i.row for i in found if i.severity == "warning"}  # a value ignored: its default is used
        headers[name] = {contract: user for user, contract in match_headers(raw[name].columns, INPUT_SHEETS[name]).items()}
    for name, columns in PARAMETER_SHEETS.items():
        if name in raw:
            try:
                tables[name], found = read(name, raw[name], columns)
            except ContractError as exc:
                found = [Issue(name, None, "", "error", message("issue.defaults_used", reason=exc.args[0]))]
            issues += found
    tables, found, fixed = run_checks(tables, policy)
    for name, rows in fixed.items():
        repaired[name] = repaired.get(name, set()) | rows
    found += registration_issues(tables["Debtors"]) if "Debtors" in tables else []  # SIREN/SIRET/VAT checksums
    # Checks name contract columns; the user knows the headers of their own sheet.
    found = [replace(i, column=headers.get(i.sheet, {}).get(i.column, i.column)) for i in found]
    order = {name: k for k, name in enumerate((POLICY_SHEET, *INPUT_SHEETS))}
    issues = sorted(issues + found, key=lambda i: (order.get(i.sheet, 99), i.row or 0))
    return inputs(policy, tables, issues, quality(raw, tables, issues, repaired, headers))


def quality(raw: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame], issues: list[Issue],
            repaired: dict[str, set[int]], headers: dict[str, dict[str, str]]) -> pd.DataFrame:
    """Per input sheet read: rows read, rows kept with a repaired value, rows left out (each has an
    `error` Issue) and, on Invoices, Payments and Orders, the amount of the rows left out, as typed."""
    rows, rejected = [], {}
    for i in issues:
        if i.severity == "error" and i.row is not None:
            rejected.setdefault(i.sheet, set()).add(i.row)
    for name in headers:
        kept, fixed = tables[name]["_row"], repaired.get(name, set())
        kept_rows = set(kept.tolist()) if fixed or name in rejected else set()  # nothing to look up: the usual case
        left_out = sorted(rejected.get(name, set()) - kept_rows)
        amount = 0.0
        header = headers[name].get("amount")
        if name in MONEY_SHEETS and left_out and header is not None:
            amount = float(parse_amount(raw[name].loc[left_out, header])[0].sum())
        rows.append((name, len(kept) + len(left_out), len(fixed & kept_rows), len(left_out), round(amount, 2)))
    quality = pd.DataFrame(rows, columns=QUALITY_COLUMNS)  # counts are ints and amounts floats already
    return quality if rows else quality.astype({"rows_read": int, "rows_repaired": int, "rows_left_out": int,
                                                "amount_left_out": float})


def load(book: Book) -> Inputs:
    return validate(read_raw(book))
