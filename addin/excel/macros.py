"""Ribbon macros: one function per button, each taking a `Book`.

The same macro runs inside Excel (XlBook, through addin.excel.ribbon.dispatch) and headless
(FileBook, in the tests): it never looks for the calling workbook itself.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from functions.analysis import analyse
from functions.model import issues_frame
from functions.cover import day, money
from functions.texts import label, text

from addin.letters.report import draft_portfolio_report
from addin.run import Run, load, run
from addin.workbook.contract import POLICY_SHEET
from addin.workbook.read import ContractError, as_of_date, read_policy
from addin.workbook.register import parse_id
from addin.workbook.actions import parse_reminder_id, reminder_actions
from addin.workbook.events import claim_event_row, extension_row

TEMPLATE = Path(__file__).resolve().parents[2] / "workbooks" / "template.xlsx"


def say(book, key: str, language: str | None = None, **fields) -> None:
    """An alert in the workbook's language (its Policy sheet's, French when it has none)."""
    book.alert(text(f"macro.{key}", language or workbook_language(book), **fields))


def workbook_language(book) -> str:
    try:
        return read_policy(book.read_sheet(POLICY_SHEET))[0].language
    except ContractError:  # an unreadable Policy sheet: the default
        return "fr"


def _run(book, sheets: list[str], documents: bool = False) -> Run:
    return run(book, sheets=sheets + ["Issues"], documents=documents)


def refresh_all(book) -> None:
    """Every result sheet, and the letters of the declarations to send."""
    run(book)


def check_limits(book) -> None:
    _run(book, ["Exposure", "Breaches", "Limit requests"])


def score_clients(book) -> None:
    _run(book, ["Scores"])


def deadlines(book) -> None:
    _run(book, ["Deadlines"])


def draft_declarations(book) -> None:
    done = _run(book, ["Declarations"], documents=True)
    drafts = done.sheets["Declarations"].query("status == 'draft'")
    say(book, "drafted", done.inputs.policy.language, count=len(drafts), folder=book.documents_dir())


def turnover(book) -> None:
    _run(book, ["Turnover"])


def penalties(book) -> None:
    _run(book, ["Penalties"])


def portfolio_report(book) -> None:
    """The Portfolio sheet, the watch alerts in Breaches, and the portfolio report (.docx) for the insurer."""
    done = _run(book, ["Portfolio", "Breaches"])
    path = draft_portfolio_report(done.analysis, book.documents_dir())
    say(book, "report", done.inputs.policy.language, path=path)


def groups_insolvency(book) -> None:
    """Groups and Insolvency sheets, the flags they raise, and the proofs of claim to file."""
    done = _run(book, ["Groups", "Insolvency", "Breaches", "Declarations"], documents=True)
    say(book, "groups", done.inputs.policy.language, groups=len(done.sheets["Groups"]),
        insolvent=len(done.sheets["Insolvency"]))


def reminders(book) -> None:
    """The Dunning sheet, and the reminders and formal notices due now drafted as letters."""
    done = _run(book, ["Dunning"], documents=True)
    due = done.sheets["Dunning"].query("status == 'due'")
    figures = dict(count=len(due), letters=int(due["document"].notna().sum()), folder=book.documents_dir())
    if done.printing:
        say(book, "reminders_to_print", done.inputs.policy.language, batch=", ".join(p.name for p in done.printing),
            **figures)
    else:
        say(book, "reminders", done.inputs.policy.language, **figures)


def mark_reminder_sent(book) -> None:
    """Record the reminder whose id is selected (Dunning sheet) as sent today: one Actions row per invoice."""
    debtor_id, level = parse_reminder_id(book.selected_value())
    inputs = load(book)
    today = date.today()
    rows = reminder_actions(analyse(inputs, as_of_date(inputs.policy, None, today), want=["Dunning"]), debtor_id, level,
                            today)
    for row in rows:
        book.append_row("Actions", row)
    say(book, "reminded", inputs.policy.language, id=rows[0]["note"], count=len(rows))


def claims_and_terms(book) -> None:
    """The Indemnities, Legal terms and Idle limits sheets and the flags they raise."""
    done = _run(book, ["Indemnities", "Legal terms", "Idle limits", "Breaches"])
    say(book, "claims_and_terms", done.inputs.policy.language, claims=len(done.sheets["Indemnities"]),
        invoices=len(done.sheets["Legal terms"]), idle=len(done.sheets["Idle limits"]))


def record_extension(book) -> None:
    """Record an extension of the invoice whose id is selected (Deadlines or Invoices sheet) in Extensions:
    agreed today, to the end of its maximum extension period (edit the date if a shorter one was agreed)."""
    inputs = load(book)
    language = inputs.policy.language
    row = extension_row(inputs, _selected(book, "select_invoice", language), date.today())
    book.append_row("Extensions", row)
    say(book, "extended", language, invoice=row["invoice_id"], date=day(row["new_due_date"], language))


def record_claim_event(book) -> None:
    """Record the next event of the claim of the client whose id is selected (Indemnities sheet) in Claims:
    filed (the amount claimed), or paid (the indemnity accepted); decisions and recoveries are typed."""
    inputs = load(book)
    today = date.today()
    analysis = analyse(inputs, as_of_date(inputs.policy, None, today), want=["Indemnities"])
    language = inputs.policy.language
    row = claim_event_row(analysis, _selected(book, "select_client", language), today)
    book.append_row("Claims", row)
    amount = "" if row["amount"] is None else money(row["amount"], inputs.policy.currency, language)
    say(book, "claim_event", language, debtor=row["debtor_id"], event=label(row["event"], "claim_event", language),
        amount=amount)


def _selected(book, what: str, language: str) -> str:
    value = book.selected_value()
    if not isinstance(value, str) or not value.strip():
        raise ContractError(text(f"macro.{what}", language))
    return value.strip()


def validate(book) -> None:
    inputs = load(book)
    language = inputs.policy.language
    book.write_results({"Issues": issues_frame(inputs.issues, language)}, language, headers=inputs.policy.headers)
    say(book, "problems" if inputs.issues else "no_problem", language, count=len(inputs.issues))


def mark_sent(book) -> None:
    """Record the declaration whose id is selected (Declarations sheet) as sent today."""
    declaration_id = book.selected_value()
    if not isinstance(declaration_id, str) or ":" not in declaration_id:
        raise ContractError(text("macro.select_declaration", workbook_language(book)))
    book.append_row("Register", {"declaration_id": declaration_id, **parse_id(declaration_id), "status": "sent",
                                 "sent_date": date.today()})
    say(book, "marked", id=declaration_id)


def open_template(book) -> None:
    book.open_workbook(TEMPLATE)


def help(book) -> None:  # noqa: A001 - the button is called Help
    say(book, "help")


def import_fec(book) -> None:
    """Fill this workbook's Debtors, Invoices and Payments from a French FEC the user picks.

    Only into sheets that are absent or empty: an import never overwrites receivables data.
    """
    from addin.imports.fec import import_fec as read_fec

    language = workbook_language(book)
    path = book.ask_open_file(text("macro.fec_title", language))
    if path is None:
        say(book, "fec_cancelled", language)
        return
    tables = read_fec(path).tables(language)
    filled = [name for name in ("Debtors", "Invoices", "Payments")
              if (frame := book.read_sheet(name)) is not None and len(frame.dropna(how="all"))]
    if filled:
        raise ContractError(text("macro.fec_filled", language, sheets=", ".join(filled)))
    book.write_results(tables, language)
    say(book, "fec_done", language, name=path.name, debtors=len(tables["Debtors"]), invoices=len(tables["Invoices"]),
        payments=len(tables["Payments"]), issues=len(tables["Issues"]))
