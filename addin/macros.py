"""Ribbon macros: one function per button, each taking a `Book`.

The same macro runs inside Excel (XlBook, through addin.ribbon.dispatch) and headless
(FileBook, in the tests): it never looks for the calling workbook itself.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from functions.model import issues_frame

from . import pipeline
from .read import ContractError
from .register import parse_id

TEMPLATE = Path(__file__).resolve().parents[1] / "workbooks" / "template.xlsx"
HELP = ("Credit insurance add-in\n\n"
        "Fill the input sheets (Policy, Debtors, Invoices, Payments, Limits ...) or start from the template, "
        "then use the buttons: each one recomputes its result sheets; Refresh all recomputes everything.\n"
        "Problems in the input sheets are listed in the Issues sheet with their row and column.\n"
        "Documentation: README.md and docs/excel.md of the add-in.")


def _run(book, sheets: list[str], documents: bool = False) -> pipeline.Run:
    return pipeline.run(book, sheets=sheets + ["Issues"], documents=documents)


def refresh_all(book) -> None:
    """Every result sheet, and the letters of the declarations to send."""
    pipeline.run(book)


def check_limits(book) -> None:
    _run(book, ["Exposure", "Breaches", "Limit requests"])


def score_clients(book) -> None:
    _run(book, ["Scores"])


def deadlines(book) -> None:
    _run(book, ["Deadlines"])


def draft_declarations(book) -> None:
    run = _run(book, ["Declarations"], documents=True)
    drafts = run.results["Declarations"].query("status == 'draft'")
    book.alert(f"{len(drafts)} declaration(s) to send; letters in {book.documents_dir()}")


def turnover(book) -> None:
    _run(book, ["Turnover"])


def penalties(book) -> None:
    _run(book, ["Penalties"])


def validate(book) -> None:
    inputs = pipeline.load(book)
    book.write_results({"Issues": issues_frame(inputs.issues)}, inputs.policy.language)
    book.alert(f"{len(inputs.issues)} problem(s) found: see the Issues sheet" if inputs.issues
               else "No problem found in the input sheets")


def mark_sent(book) -> None:
    """Record the declaration whose id is selected (Declarations sheet) as sent today."""
    declaration_id = book.selected_value()
    if not isinstance(declaration_id, str) or ":" not in declaration_id:
        raise ContractError("select a declaration id in the Declarations sheet first")
    book.append_row("Register", {"declaration_id": declaration_id, **parse_id(declaration_id), "status": "sent",
                                 "sent_date": date.today()})
    book.alert(f"{declaration_id} recorded as sent in the Register")


def open_template(book) -> None:
    book.open_workbook(TEMPLATE)


def help(book) -> None:  # noqa: A001 - the button is called Help
    book.alert(HELP)
