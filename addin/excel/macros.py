"""Ribbon macros: one function per button, each taking a `Book`.

The same macro runs inside Excel (XlBook, through addin.excel.ribbon.dispatch) and headless
(FileBook, in the tests): it never looks for the calling workbook itself.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from functions.analysis import analyse
from functions.model import issues_frame

from addin.letters.report import draft_portfolio_report
from addin.run import Run, load, run
from addin.workbook.read import ContractError, as_of_date
from addin.workbook.register import parse_id
from addin.workbook.actions import parse_reminder_id, reminder_actions
from addin.workbook.events import claim_event_row, extension_row

TEMPLATE = Path(__file__).resolve().parents[2] / "workbooks" / "template.xlsx"
HELP = ("Credit insurance add-in\n\n"
        "Fill the input sheets (Policy, Debtors, Invoices, Payments, Limits ...) or start from the template, "
        "then use the buttons: each one recomputes its result sheets; Refresh all recomputes everything.\n"
        "Problems in the input sheets are listed in the Issues sheet with their row and column.\n"
        "Documentation: README.md and docs/excel.md of the add-in.")


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
    book.alert(f"{len(drafts)} declaration(s) to send; letters in {book.documents_dir()}")


def turnover(book) -> None:
    _run(book, ["Turnover"])


def penalties(book) -> None:
    _run(book, ["Penalties"])


def portfolio_report(book) -> None:
    """The Portfolio sheet, the watch alerts in Breaches, and the portfolio report (.docx) for the insurer."""
    done = _run(book, ["Portfolio", "Breaches"])
    path = draft_portfolio_report(done.analysis, book.documents_dir())
    book.alert(f"Portfolio report written to {path}")


def groups_insolvency(book) -> None:
    """Groups and Insolvency sheets, the flags they raise, and the proofs of claim to file."""
    done = _run(book, ["Groups", "Insolvency", "Breaches", "Declarations"], documents=True)
    book.alert(f"{len(done.sheets['Groups'])} group(s), {len(done.sheets['Insolvency'])} debtor(s) in insolvency "
               "proceedings: see the Groups and Insolvency sheets")


def reminders(book) -> None:
    """The Dunning sheet, and the reminders and formal notices due now drafted as letters."""
    done = _run(book, ["Dunning"], documents=True)
    due = done.sheets["Dunning"].query("status == 'due'")
    book.alert(f"{len(due)} reminder action(s) due, {int(due['document'].notna().sum())} letter(s) in "
               f"{book.documents_dir()}; mark each one sent with Mark reminder sent")


def mark_reminder_sent(book) -> None:
    """Record the reminder whose id is selected (Dunning sheet) as sent today: one Actions row per invoice."""
    debtor_id, level = parse_reminder_id(book.selected_value())
    inputs = load(book)
    today = date.today()
    rows = reminder_actions(analyse(inputs, as_of_date(inputs.policy, None, today), want=["Dunning"]), debtor_id, level,
                            today)
    for row in rows:
        book.append_row("Actions", row)
    book.alert(f"{rows[0]['note']} recorded as sent in Actions ({len(rows)} invoice(s))")


def claims_and_terms(book) -> None:
    """The Indemnities, Legal terms and Idle limits sheets and the flags they raise."""
    done = _run(book, ["Indemnities", "Legal terms", "Idle limits", "Breaches"])
    book.alert(f"{len(done.sheets['Indemnities'])} claim(s) to follow, {len(done.sheets['Legal terms'])} invoice(s) "
               f"beyond the legal payment terms, {len(done.sheets['Idle limits'])} idle limit(s)")


def record_extension(book) -> None:
    """Record an extension of the invoice whose id is selected (Deadlines or Invoices sheet) in Extensions:
    agreed today, to the end of its maximum extension period (edit the date if a shorter one was agreed)."""
    row = extension_row(load(book), _selected(book, "an invoice id in the Deadlines or Invoices sheet"), date.today())
    book.append_row("Extensions", row)
    book.alert(f"{row['invoice_id']} extended to {row['new_due_date']:%d/%m/%Y} in Extensions")


def record_claim_event(book) -> None:
    """Record the next event of the claim of the client whose id is selected (Indemnities sheet) in Claims:
    filed (the amount claimed), or paid (the indemnity accepted); decisions and recoveries are typed."""
    inputs = load(book)
    today = date.today()
    analysis = analyse(inputs, as_of_date(inputs.policy, None, today), want=["Indemnities"])
    row = claim_event_row(analysis, _selected(book, "a client id in the Indemnities sheet"), today)
    book.append_row("Claims", row)
    book.alert(f"Claim of {row['debtor_id']}: {row['event']} {row['amount'] or ''} recorded in Claims")


def _selected(book, what: str) -> str:
    value = book.selected_value()
    if not isinstance(value, str) or not value.strip():
        raise ContractError(f"select {what} first")
    return value.strip()


def validate(book) -> None:
    inputs = load(book)
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


def import_fec(book) -> None:
    """Fill this workbook's Debtors, Invoices and Payments from a French FEC the user picks.

    Only into sheets that are absent or empty: an import never overwrites receivables data.
    """
    from addin.imports.fec import import_fec as read_fec

    path = book.ask_open_file("FEC file (Fichier des Écritures Comptables)")
    if path is None:
        book.alert("Import cancelled; headless, use: credit-addin import-fec FEC.txt --out receivables.xlsx")
        return
    tables = read_fec(path).tables()
    filled = [name for name in ("Debtors", "Invoices", "Payments")
              if (frame := book.read_sheet(name)) is not None and len(frame.dropna(how="all"))]
    if filled:
        raise ContractError(f"{', '.join(filled)} already hold data: import the FEC into the template "
                            "(Open template) or an empty workbook")
    book.write_results(tables, "en")
    book.alert(f"{path.name}: {len(tables['Debtors'])} clients, {len(tables['Invoices'])} invoices and credit "
               f"notes, {len(tables['Payments'])} payment rows imported; {len(tables['Issues'])} issue(s)")
