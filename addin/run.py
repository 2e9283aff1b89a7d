"""A run, top to bottom: read the Book, validate, analyse, draft the documents, write the sheets.

    inputs = load(book)                       # addin.workbook.load: typed tables + Policy + issues
    analysis = analyse(inputs, as_of, want)   # functions.analysis: only the steps `want` needs
    sheets = analysis.sheets(want)            # every output reads this one Analysis
    book.write_results(sheets, language, as_of)

Documents (letters, bulk files, the portfolio report) are drafted from the same Analysis; the
Declarations and Dunning sheets then carry each letter's path. Every phase is timed so the
benchmark can split a run into read / validate / compute / documents / write.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from functions.analysis import Analysis, analyse
from functions.cover import day
from functions.model import Inputs
from functions.texts import text

from addin.letters.documents import draft_documents, draft_reminders
from addin.letters.render import Letters
from addin.letters.report import draft_portfolio_report
from addin.workbook.book import Book
from addin.workbook.load import load, read_raw, validate
from addin.workbook.contract import POLICY_SHEET
from addin.workbook.read import as_of_date, read_policy

__all__ = ["Run", "run", "load", "read_raw", "validate"]


@dataclass
class Run:
    """What a run produced: the analysis, the sheets as written (documents filled in), timings."""

    as_of: date
    inputs: Inputs
    analysis: Analysis
    sheets: dict[str, object]
    timings: dict[str, float] = field(default_factory=dict)
    printing: list[Path] = field(default_factory=list)  # the reminders to print, one letter per page


def run(book: Book, as_of: date | None = None, today: date | None = None, write: bool = True,
        documents: bool = True, sheets: list[str] | None = None, headers: str | None = None) -> Run:
    """Read, validate, analyse and (unless write=False) write the result sheets (all, or `sheets`,
    computing only what they need). `headers` ("labels" or "ids") overrides the Policy's."""
    timings, clock = {}, time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[phase] = now - clock
        clock = now

    raw = read_raw(book)
    lap("read")
    say = lambda key, **fields: book.status(text(f"run.{key}", language, **fields))  # noqa: E731
    language = read_policy(raw.get(POLICY_SHEET))[0].language  # the first words are in the workbook's language
    say("checking", name=book.name)
    inputs = validate(raw)
    del raw  # the raw cells are not needed again: a few hundred MB at a million invoices
    lap("validate")
    when = as_of_date(inputs.policy, as_of, today or date.today())
    say("computing", date=day(when, language))
    # what the documents read besides the sheets: the letters' sources, the credit policy of the report
    extra = ["letters", "credit_policy"] if write and documents else ["credit_policy"]
    analysis = analyse(inputs, when, want=None if sheets is None else [*sheets, *extra])
    results = analysis.sheets(sheets)
    lap("compute")
    printing = []
    if write and documents:
        say("drafting")
        out = book.documents_dir()
        letters = Letters(out)  # one per run: templates prepared once, names unique
        if "Declarations" in results:
            results["Declarations"] = draft_documents(analysis, out, letters)
        if "Portfolio" in results:
            draft_portfolio_report(analysis, out)
        if "Dunning" in results:
            results["Dunning"], printing = draft_reminders(analysis, out, letters)
        lap("documents")
    if write:
        say("writing")
        book.write_results(results, inputs.policy.language, analysis.as_of, headers or inputs.policy.headers)
        lap("write")
    return Run(when, inputs, analysis, results, timings, printing)
