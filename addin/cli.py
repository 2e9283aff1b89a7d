"""The `credit-addin` command line: the same runs as the ribbon, on a workbook file.

    credit-addin demo                      copy the demo workbook to ./demo.xlsx and run on it
    credit-addin run WORKBOOK [--as-of D] [--out PATH | --in-place]
    credit-addin validate WORKBOOK         list the problems found in the input sheets
    credit-addin synth --invoices N --debtors M OUT.xlsx

The input workbook is only read; results go to a new file. Exit status 0 when the run went
through (row problems are listed in the Issues sheet), 2 with one line when it could not.

No command writes over a file credit-addin did not write (addin.workbook.outputs): an output
path naming the user's workbook, or any file that is not a result workbook of ours, is refused
unless `--force`, and then a backup is kept. Commands that change the user's workbook
(`--in-place`, `mark-sent`, `mark-reminded`) hold its lock from reading to writing and refuse a
workbook open in Excel or LibreOffice (addin.workbook.locks).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from functions.cover import money

from addin.run import Run, load, run
from addin.workbook.results import SHEETS as RESULT_SHEETS
from addin.workbook.book import FileBook, default_out
from addin.workbook.inplace import InPlaceBook
from addin.workbook.layout import TEXT
from addin.workbook.locks import one_writer
from addin.workbook.messages import say
from addin.workbook.outputs import IMPORT, RESULTS, claim_output
from addin.workbook.read import ContractError

FORCE_HELP = "replace an existing file that credit-addin did not write (a backup is kept)"

DEMO = Path(__file__).resolve().parents[1] / "workbooks" / "demo.xlsx"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="credit-addin", description="Trade-credit insurance: exposure, cover, "
                                "insurer deadlines and declarations from a receivables workbook.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="compute every result sheet into a new workbook")
    run.add_argument("workbook", type=Path)
    run.add_argument("--as-of", type=_date, help="analysis date YYYY-MM-DD (default: Policy as_of, else today)")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="result workbook (default: <name>.results.xlsx beside the input)")
    where.add_argument("--in-place", action="store_true",
                       help="write the result sheets into WORKBOOK itself (after a timestamped backup)")
    run.add_argument("--force", action="store_true", help=FORCE_HELP)
    val = sub.add_parser("validate", help="list the problems in the input sheets")
    val.add_argument("workbook", type=Path)
    val.add_argument("--out", type=Path, help="also write the Issues sheet to this workbook")
    val.add_argument("--force", action="store_true", help=FORCE_HELP)
    demo = sub.add_parser("demo", help="copy the demo workbook to ./demo.xlsx (unless present) and run on it")
    demo.add_argument("--as-of", type=_date)
    demo.add_argument("--force", action="store_true", help=FORCE_HELP)
    synth = sub.add_parser("synth", help="write a large synthetic workbook for benchmarks")
    synth.add_argument("out", type=Path)
    synth.add_argument("--invoices", type=int, default=200_000)
    synth.add_argument("--debtors", type=int, default=2_000)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--force", action="store_true", help=FORCE_HELP)
    for name, text in VIEWS.items():
        view = sub.add_parser(name, help=text[0])
        view.add_argument("workbook", type=Path)
        view.add_argument("--as-of", type=_date, help="analysis date YYYY-MM-DD (default: Policy as_of, else today)")
        view.add_argument("--out", type=Path, help="also write these result sheets (and letters) to this workbook")
        view.add_argument("--force", action="store_true", help=FORCE_HELP)
        if name == "turnover":
            view.add_argument("--period", help="one declaration period, e.g. 2025-Q1 or 2025-01")
    reminded = sub.add_parser("mark-reminded", help="record a reminder as sent: append Actions rows (one per invoice)")
    reminded.add_argument("workbook", type=Path)
    reminded.add_argument("debtor", help="the client's debtor_id, e.g. C046")
    reminded.add_argument("level", type=int, help="the Dunning plan level sent (the Dunning sheet's next_level)")
    reminded.add_argument("--in-place", action="store_true", required=True,
                          help="required: the Actions sheet of WORKBOOK is changed (after a timestamped backup)")
    reminded.add_argument("--date", type=_date, default=None, help="date sent (default today)")
    reminded.add_argument("--as-of", type=_date, help="date the reminder was computed for (default: Policy as_of, else today)")
    mark = sub.add_parser("mark-sent", help="record a declaration as sent: append a Register row")
    mark.add_argument("workbook", type=Path)
    mark.add_argument("declaration_id", help="id from the Declarations sheet, e.g. overdue_notice:C013:2026-08-15")
    mark.add_argument("--in-place", action="store_true", required=True,
                      help="required: the Register sheet of WORKBOOK is changed (after a timestamped backup)")
    mark.add_argument("--date", type=_date, default=None, help="date sent (default today)")
    mark.add_argument("--reference", default="", help="the insurer's reference, if any")
    mark.add_argument("--note", default="")
    ext = sub.add_parser("record-extension", help="record an extension agreed with a client: append an Extensions row")
    ext.add_argument("workbook", type=Path)
    ext.add_argument("invoice", help="the invoice's id (invoice_id), e.g. FA26-00744")
    ext.add_argument("--in-place", action="store_true", required=True,
                     help="required: the Extensions sheet of WORKBOOK is changed (after a timestamped backup)")
    ext.add_argument("--until", type=_date, help="new due date YYYY-MM-DD (default: the end of the invoice's MEP)")
    ext.add_argument("--amount", type=float, help="the instalment's amount, for a payment plan (default: the whole invoice)")
    ext.add_argument("--approved", type=_date, help="date the insurer approved an extension beyond the MEP")
    ext.add_argument("--date", type=_date, default=None, help="date agreed (default today)")
    claim = sub.add_parser("record-claim", help="record a claim event (filed, accepted, refused, paid, recovered, "
                           "closed): append a Claims row")
    claim.add_argument("workbook", type=Path)
    claim.add_argument("debtor", help="the client's debtor_id, e.g. C018")
    claim.add_argument("--in-place", action="store_true", required=True,
                       help="required: the Claims sheet of WORKBOOK is changed (after a timestamped backup)")
    claim.add_argument("--event", help="filed, accepted, refused, paid, recovered or closed (default: the claim's next step)")
    claim.add_argument("--amount", type=float, help="the event's amount (required for accepted and recovered)")
    claim.add_argument("--reference", default="", help="the insurer's claim reference, if any")
    claim.add_argument("--date", type=_date, default=None, help="date of the event (default today)")
    claim.add_argument("--as-of", type=_date, help="date the claim is computed for (default: Policy as_of, else today)")
    fec = sub.add_parser("import-fec", help="rebuild Debtors, Invoices and Payments from a French FEC export")
    fec.add_argument("fec", type=Path)
    fec.add_argument("--out", type=Path, required=True, help="receivables workbook to write (.xlsx)")
    fec.add_argument("--terms-days", type=int, default=30, help="payment terms when the FEC has no due dates (days)")
    fec.add_argument("--force", action="store_true", help=FORCE_HELP)
    imp = sub.add_parser("import", help="import an ERP export (CSV or Excel) into one input sheet, mapping its columns")
    imp.add_argument("source", type=Path)
    imp.add_argument("--sheet", default="Invoices", help="input sheet it fills (default Invoices)")
    imp.add_argument("--mapping", type=Path, help="workbook whose Mapping sheet gives the column mapping to reuse")
    imp.add_argument("--out", type=Path, required=True, help="workbook to write (.xlsx), with the Mapping sheet")
    imp.add_argument("--force", action="store_true", help=FORCE_HELP)
    back = sub.add_parser("backtest", help="how well the score ranked clients by what happened next")
    back.add_argument("workbook", type=Path)
    back.add_argument("--as-of", type=_date, required=True, help="score date YYYY-MM-DD (only data known then is used)")
    back.add_argument("--horizon", type=int, default=90, help="days after the score date that are judged")
    back.add_argument("--late-days", type=int, default=10, help="paid more than this many days late counts as bad")
    back.add_argument("--every", choices=["month"], help="pool monthly score dates over the 12 months to --as-of")
    ibm = sub.add_parser("import-ibm", help="convert the public IBM accounts-receivable sample to a workbook")
    ibm.add_argument("csv", type=Path)
    ibm.add_argument("--out", type=Path, required=True)
    ibm.add_argument("--force", action="store_true", help=FORCE_HELP)
    build = sub.add_parser("build-addin", help="build the Excel add-in (.xlam) from the stock xlwings add-in")
    build.add_argument("--out", type=Path, help="where to write it (default: addin/excel/credit.xlam)")
    build.add_argument("--udf-module", default="addin.excel.udfs", help="module whose worksheet functions get VBA wrappers")
    inst = sub.add_parser("install", help="copy the add-in to Excel's start-up folder and point it at this Python")
    inst.add_argument("--dest", type=Path, help="start-up folder (default: Excel's XLSTART)")
    inst.add_argument("--python", help="interpreter Excel should run (default: this one)")
    check = sub.add_parser("check-excel", help="check the installed add-in in real Excel on a copy of the demo "
                                               "(Windows, Mac): one PASS/FAIL line per function and button")
    check.add_argument("--addin", type=Path, help="the .xlam to open (default: the installed one)")
    uninst = sub.add_parser("uninstall", help="remove what install added")
    uninst.add_argument("--dest", type=Path, help="start-up folder used at install")
    return p


def summary(done: Run, out: Path | None) -> str:
    """The few figures a credit manager looks at first."""
    res, issues = done.sheets, done.inputs.issues
    exposure, aging = res["Exposure"], res["Aging"]
    total, overdue = exposure["exposure"].sum(), aging["overdue"].sum()
    severity = res["Breaches"]["severity"].value_counts()
    drafts = res["Declarations"].query("status == 'draft'")
    grades = res["Scores"]["grade"].value_counts().reindex(list("ABCDE"), fill_value=0)
    errors = sum(i.severity == "error" for i in issues)
    listed = len(res["Issues"])  # input problems plus those found computing (missing rates ...)
    alert, figures = quality_lines(done)
    lines = [*alert, f"As of {done.as_of:%Y-%m-%d}  ({done.inputs.policy.currency})", figures,
        f"  debtors              {len(exposure):>14,}",
        f"  invoices read        {len(done.inputs.table('Invoices')):>14,}",
        f"  exposure             {total:>14,.2f}",
        f"  overdue              {overdue:>14,.2f}" + (f"  ({overdue / total:.1%} of exposure)" if total > 0 else ""),
        f"  insured              {exposure['insured_amount'].sum():>14,.2f}",
        f"  uninsured            {exposure['uninsured'].sum():>14,.2f}",
        f"  breaches             {int(severity.get('critical', 0)):>6} critical {int(severity.get('warning', 0)):>4} warning"
        f" {int(severity.get('info', 0)):>4} info",
        f"  declarations to send {len(drafts):>14,}" + (f"  (first due {drafts['due_by'].min():%Y-%m-%d})"
                                                         if drafts["due_by"].notna().any() else ""),
        f"  grades A-E           {' / '.join(str(int(n)) for n in grades)}",
        f"  issues               {listed:>14,}  ({errors} input rows skipped; all listed in the Issues sheet)",
    ]
    ceiling = done.analysis["liability"] if "liability" in done.analysis else None
    if ceiling is not None and ceiling.max_liability is not None:
        lines.append(f"  max liability left   {ceiling.headroom:>14,.2f}  (of {ceiling.max_liability:,.2f} this policy year, "
                     f"from {ceiling.year_start:%Y-%m-%d})")
    critical = res["Breaches"].query("severity == 'critical'").head(5)
    if len(critical):
        lines.append("  most urgent:")
        lines += [f"    {r.debtor_id:<8} {r.message}" for r in critical.itertuples()]
    if out:
        lines.append(f"Results written to {out}")
    return "\n".join(lines)


QUALITY_WORDS = {"en": "  rows read / repaired / left out {read:>6,} / {repaired:,} / {left:,}  (amount left out {amount:,.2f})",
                 "fr": "  lignes lues / corrigées / écartées {read:>6,} / {repaired:,} / {left:,}  (montant écarté {amount:,.2f})"}


def quality_lines(done: Run) -> tuple[list[str], str]:
    """The data quality of the run, as the Dashboard shows it: the first line of the summary when
    anything was left out (what and how much), and the line of figures."""
    quality, policy = done.analysis["quality"], done.inputs.policy
    language = "fr" if policy.language == "fr" else "en"
    left, amount = int(quality["rows_left_out"].sum()), float(quality["amount_left_out"].sum())
    alert = TEXT[language]["left_out"].format(rows=left, amount=money(amount, policy.currency, language))
    figures = QUALITY_WORDS[language].format(read=int(quality["rows_read"].sum()), repaired=int(quality["rows_repaired"].sum()),
                                             left=left, amount=amount)
    return ([f"! {alert}"] if left else []), figures


def claimed(path: Path, force: bool, kind: str = RESULTS) -> Path:
    """`path`, after checking it may be written (a backup made with --force, and said)."""
    saved = claim_output(path, force, kind)
    if saved:
        print(say(f"Backup of the replaced {path.name}: {saved}", f"Copie de sauvegarde de {path.name} remplacé : {saved}"))
    return path


def cmd_run(args) -> int:
    if getattr(args, "in_place", False):
        with one_writer(args.workbook):  # held from reading to writing: nobody changes it in between
            book = InPlaceBook(args.workbook)
            result = run(book, as_of=args.as_of)
        print(summary(result, book.out))
        print(f"Backup of the original workbook: {book.backup}")
        return 0
    out = claimed(args.out or default_out(args.workbook), getattr(args, "force", False))
    book = FileBook(args.workbook, out)
    result = run(book, as_of=args.as_of)
    print(summary(result, book.out))
    return 0


def cmd_validate(args) -> int:
    if args.out:
        claimed(args.out, args.force)
    book = FileBook(args.workbook, args.out, quiet=True)
    inputs = load(book)
    for i in inputs.issues:
        where = f"{i.sheet}!{i.column or '-'} row {i.row}" if i.row else f"{i.sheet}!{i.column or '-'}"
        print(f"{i.severity:<8}{where:<40}{i.message}")
    print(f"{len(inputs.issues)} issue(s) in {book.name}")
    if args.out:
        from functions.model import issues_frame
        book.write_results({"Issues": issues_frame(inputs.issues)}, inputs.policy.language)
    return 0


def cmd_demo(args) -> int:
    target = Path("demo.xlsx")
    if not target.exists():
        if not DEMO.exists():
            raise ContractError(f"the bundled demo workbook is missing ({DEMO}); reinstall with pip install -e .")
        shutil.copyfile(DEMO, target)
        print(f"Copied the demo workbook to {target.resolve()}")
    args.workbook, args.out = target, None
    return cmd_run(args)


def cmd_synth(args) -> int:
    from addin.build.synth import synth
    claimed(args.out, args.force, IMPORT)
    synth(args.out, invoices=args.invoices, debtors=args.debtors, seed=args.seed)
    print(f"Wrote {args.invoices:,} invoices for {args.debtors:,} debtors to {args.out}")
    return 0


# command -> (help, sheets it prints first-to-last, columns shown)
VIEWS = {
    "limits": ("breaches by severity then amount, and the limit requests", ["Breaches", "Limit requests"]),
    "scores": ("client scores 0-100 and grades A-E", ["Scores"]),
    "deadlines": ("insurer deadlines per overdue invoice", ["Deadlines"]),
    "declarations": ("declarations to send and their status", ["Declarations"]),
    "turnover": ("turnover declaration and premium", ["Turnover"]),
    "penalties": ("late interest and recovery indemnities", ["Penalties"]),
    "dunning": ("next reminder per client (amicable recovery), most urgent first", ["Dunning"]),
    "groups": ("exposure and cover per debtor group, groups over their cover", ["Groups"]),
    "insolvency": ("debtors in insolvency proceedings: notice and proof-of-claim deadlines, the claim", ["Insolvency"]),
    "portfolio": ("portfolio risk for the insurer: concentration, expected loss, premium against indemnity",
                  ["Portfolio"]),
    "indemnities": ("claims after the hand-over: expected indemnity, recoveries to pass on, recoverable VAT",
                    ["Indemnities"]),
    "legal-terms": ("invoices whose payment terms exceed the legal limit (Code de commerce L441-10)", ["Legal terms"]),
    "idle-limits": ("named limits without sales for months, and the fee cancelling each saves", ["Idle limits"]),
}


def show(frame: pd.DataFrame, columns: list[str]) -> str:
    if frame.empty:
        return "(none)"
    return frame[[c for c in columns if c in frame]].to_string(index=False, max_colwidth=110,
                                                                 float_format=lambda v: f"{v:,.2f}")


def cmd_view(args) -> int:
    if args.out:
        claimed(args.out, args.force)
    book = FileBook(args.workbook, args.out, quiet=True)
    sheets = VIEWS[args.command][1]
    result = run(book, as_of=args.as_of, write=bool(args.out), documents=args.command in ("declarations", "portfolio", "dunning"),
                 sheets=sheets + ["Issues"])
    if getattr(args, "period", None):
        print(period_declaration(result, args.period))
    else:
        for name in sheets:
            print(f"== {name} ({len(result.sheets[name])}) ==")
            print(show(result.sheets[name], RESULT_SHEETS[name].shown))
    if result.inputs.issues:
        print(f"{len(result.inputs.issues)} issue(s) in the input sheets: run credit-addin validate {args.workbook.name}")
    if args.out:
        print(f"Results written to {book.out}")
    return 0


NO_DATA = {"en": "No turnover declaration for {period}: the period is before the first invoice or starts after "
                 "the as-of date {date:%Y-%m-%d}",
           "fr": "Pas de déclaration de chiffre d'affaires pour {period} : la période précède la première facture "
                 "ou commence après la date d'analyse du {date:%d/%m/%Y}"}


def period_declaration(result: Run, period: str) -> str:
    from functions.turnover import turnover_declaration
    try:
        rows, _ = turnover_declaration(period, result.analysis["sales"], result.analysis["debtors"],
                                       result.inputs.policy, result.as_of)
    except ValueError as exc:
        raise ContractError(str(exc)) from exc
    if rows.empty:
        language = "fr" if result.inputs.policy.language == "fr" else "en"
        return NO_DATA[language].format(period=period, date=result.as_of)
    insured = rows.loc[rows["insured"], "turnover_excl_vat"].sum()
    return "\n".join([f"Turnover declaration {period} (as of {result.as_of:%Y-%m-%d})", show(rows, RESULT_SHEETS["Turnover"].shown),
                      f"insured turnover {insured:,.2f}   premium {rows['premium'].sum():,.2f} "
                      f"{result.inputs.policy.currency}"])


def cmd_mark_reminded(args) -> int:
    from addin.workbook.read import as_of_date
    from addin.workbook.register import append_rows
    from functions.analysis import analyse
    from addin.workbook.actions import reminder_actions
    with one_writer(args.workbook):  # the check that the reminder is not recorded yet holds until it is
        inputs = load(FileBook(args.workbook, quiet=True))
        sent = args.date or date.today()
        analysis = analyse(inputs, as_of_date(inputs.policy, args.as_of, sent), want=["Dunning"])
        rows = reminder_actions(analysis, args.debtor, args.level, sent)
        backup = append_rows(args.workbook, "Actions", rows)
    print(f"{rows[0]['note']} recorded as sent: {len(rows)} Actions row(s) in {args.workbook.name} (backup: {backup.name})")
    return 0


def cmd_record_extension(args) -> int:
    from addin.workbook.events import extension_row
    from addin.workbook.register import append_rows
    with one_writer(args.workbook):  # read and append under one lock: nobody changes it in between
        row = extension_row(load(FileBook(args.workbook, quiet=True)), args.invoice, args.date or date.today(),
                            args.until, args.amount, args.approved)
        backup = append_rows(args.workbook, "Extensions", [row])
    print(f"{row['invoice_id']} extended to {row['new_due_date']:%Y-%m-%d} in the Extensions sheet of "
          f"{args.workbook.name} (backup: {backup.name})")
    return 0


def cmd_record_claim(args) -> int:
    from addin.workbook.events import claim_event_row
    from addin.workbook.read import as_of_date
    from addin.workbook.register import append_rows
    from functions.analysis import analyse
    with one_writer(args.workbook):  # read and append under one lock: nobody changes it in between
        inputs = load(FileBook(args.workbook, quiet=True))
        when = args.date or date.today()
        analysis = analyse(inputs, as_of_date(inputs.policy, args.as_of, when), want=["Indemnities"])
        row = claim_event_row(analysis, args.debtor, when, args.event, args.amount, args.reference)
        backup = append_rows(args.workbook, "Claims", [row])
    amount = f" {row['amount']:,.2f}" if row["amount"] is not None else ""
    print(f"Claim of {row['debtor_id']}: {row['event']}{amount} on {row['date']:%Y-%m-%d} recorded in the Claims sheet "
          f"of {args.workbook.name} (backup: {backup.name})")
    return 0


def cmd_mark_sent(args) -> int:
    from addin.workbook.register import mark_sent
    backup = mark_sent(args.workbook, args.declaration_id, args.date or date.today(), args.reference, args.note)
    print(f"{args.declaration_id} recorded as sent in the Register of {args.workbook.name} (backup: {backup.name})")
    return 0


def cmd_import_fec(args) -> int:
    from addin.imports.fec import import_fec, write_receivables
    claimed(args.out, args.force, IMPORT)
    result = import_fec(args.fec, default_terms_days=args.terms_days)
    write_receivables(result.tables(), args.out)
    print(f"{args.fec.name}: {result.lines:,} lines ({result.encoding}, separator {result.separator!r}) -> "
          f"{len(result.debtors):,} debtors, {len(result.invoices):,} invoices and credit notes, "
          f"{len(result.payments):,} payment rows; {len(result.issues)} issue(s)")
    print(f"Written to {args.out}")
    return 0


def cmd_import(args) -> int:
    from addin.imports.fec import import_table, read_mapping, write_receivables
    claimed(args.out, args.force, IMPORT)
    mapping = read_mapping(args.mapping) if args.mapping else None
    result = import_table(args.source, args.sheet, mapping)
    write_receivables(result.tables(), args.out)
    for source, target in result.mapping.items():
        print(f"  {source!s:<30} -> {target or '(ignored)'}")
    print(f"{len(result.table):,} rows into {result.sheet}; {len(result.issues)} issue(s); written to {args.out}")
    return 0


def cmd_backtest(args) -> int:
    from functions.analysis import analyse
    from functions.backtest import backtest
    inputs = load(FileBook(args.workbook, quiet=True))
    debtors = analyse(inputs, args.as_of, want=["debtors"])["debtors"]
    result = backtest(inputs.table("Invoices"), inputs.tables.get("Payments"), debtors,
                      inputs.table("Financials"), inputs.table("Grades"), args.as_of, horizon_days=args.horizon,
                      late_days=args.late_days, every=args.every, scoring=inputs.tables.get("Scoring"))
    print("\n".join(result.lines()))
    return 0


def cmd_import_ibm(args) -> int:
    from addin.imports.fec import write_receivables
    from addin.imports.ibm import ibm_tables
    claimed(args.out, args.force, IMPORT)
    tables = ibm_tables(args.csv)
    write_receivables({name: frame.drop(columns="_row", errors="ignore") for name, frame in tables.items()}, args.out)
    print(f"{len(tables['Debtors'])} debtors, {len(tables['Invoices'])} invoices written to {args.out}")
    return 0


def cmd_build_addin(args) -> int:
    from addin.excel import xlam
    print(xlam.build_addin(args.out or xlam.ADDIN, args.udf_module).summary())
    return 0


def cmd_install(args) -> int:
    from addin.excel import install
    try:
        print(install.install(args.dest, args.python).summary())
    except install.InstallError as exc:
        raise ContractError(str(exc)) from exc
    return 0


def cmd_check_excel(args) -> int:
    from addin.excel import check
    items = check.check_excel(addin=args.addin)
    return 1 if any(item.status == "FAIL" for item in items) else 0


def cmd_uninstall(args) -> int:
    from addin.excel import install
    removed = install.uninstall(args.dest)
    for path in removed:
        print(f"removed {path}")
    print(f"{len(removed)} item(s) removed")
    return 0


COMMANDS = {"run": cmd_run, "validate": cmd_validate, "demo": cmd_demo, "synth": cmd_synth, "mark-sent": cmd_mark_sent, "mark-reminded": cmd_mark_reminded,
            "record-extension": cmd_record_extension, "record-claim": cmd_record_claim,
            "import-fec": cmd_import_fec, "backtest": cmd_backtest, "import-ibm": cmd_import_ibm, "import": cmd_import, **{name: cmd_view for name in VIEWS},
            "build-addin": cmd_build_addin, "install": cmd_install, "uninstall": cmd_uninstall,
            "check-excel": cmd_check_excel}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    pd.set_option("display.width", 160)
    try:
        return COMMANDS[args.command](args)
    except ContractError as exc:
        print(f"credit-addin: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as exc:
        print(f"credit-addin: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
