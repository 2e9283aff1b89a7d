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

from functions.cover import day, money
from functions.texts import label, text, translated

from addin.run import Run, load, run
from addin.workbook.results import HEADERS, SHEETS as RESULT_SHEETS, header, shown
from addin.workbook.book import FileBook, default_out
from addin.workbook.inplace import InPlaceBook
from addin.workbook.locks import one_writer
from addin.workbook.messages import say
from addin.workbook.outputs import IMPORT, RESULTS, claim_output
from addin.workbook.read import ContractError

FORCE_HELP = "replace an existing file that credit-addin did not write (a backup is kept)"
WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DEMOS = {"fr": WORKBOOKS / "demo.xlsx", "en": WORKBOOKS / "demo_en.xlsx"}
DEMO = DEMOS["fr"]  # the bundled demo: French first
HEADERS_HELP = "result headers: labels (readable, in the workbook's language; default: Policy headers) or ids (identifiers)"


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
    run.add_argument("--headers", choices=HEADERS, help=HEADERS_HELP)
    val = sub.add_parser("validate", help="list the problems in the input sheets")
    val.add_argument("workbook", type=Path)
    val.add_argument("--out", type=Path, help="also write the Issues sheet to this workbook")
    val.add_argument("--force", action="store_true", help=FORCE_HELP)
    val.add_argument("--headers", choices=HEADERS, help=HEADERS_HELP)
    demo = sub.add_parser("demo", help="copy the demo workbook to ./demo.xlsx (unless present) and run on it")
    demo.add_argument("--as-of", type=_date)
    demo.add_argument("--force", action="store_true", help=FORCE_HELP)
    demo.add_argument("--language", choices=sorted(DEMOS), default="fr",
                      help="the French demo (default) or the English one (copied to ./demo_en.xlsx)")
    demo.add_argument("--headers", choices=HEADERS, help=HEADERS_HELP)
    synth = sub.add_parser("synth", help="write a large synthetic workbook for benchmarks")
    synth.add_argument("out", type=Path)
    synth.add_argument("--invoices", type=int, default=200_000)
    synth.add_argument("--debtors", type=int, default=2_000)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--force", action="store_true", help=FORCE_HELP)
    for name, (about, _) in VIEWS.items():
        view = sub.add_parser(name, help=about)
        view.add_argument("workbook", type=Path)
        view.add_argument("--as-of", type=_date, help="analysis date YYYY-MM-DD (default: Policy as_of, else today)")
        view.add_argument("--out", type=Path, help="also write these result sheets (and letters) to this workbook")
        view.add_argument("--force", action="store_true", help=FORCE_HELP)
        view.add_argument("--headers", choices=HEADERS, help=HEADERS_HELP)
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


def number(value: float, language: str, decimals: int = 2) -> str:
    """1,234.56 in English, 1 234,56 in French (no-break spaces)."""
    shown = f"{value:,.{decimals}f}"
    return shown.replace(",", "\u202f").replace(".", ",") if language == "fr" else shown


def summary(done: Run, out: Path | None) -> str:
    """The few figures a credit manager looks at first, in the workbook's language."""
    res, issues, language = done.sheets, done.inputs.issues, done.inputs.policy.language
    say = lambda key, **fields: text(f"cli.{key}", language, **fields)  # noqa: E731
    figure = lambda key, value, decimals=2: f"  {say(key):<22}{number(value, language, decimals):>14}"  # noqa: E731
    exposure, aging = res["Exposure"], res["Aging"]
    total, overdue = exposure["exposure"].sum(), aging["overdue"].sum()
    severity = res["Breaches"]["severity"].value_counts()
    drafts = res["Declarations"].query("status == 'draft'")
    grades = res["Scores"]["grade"].value_counts().reindex(list("ABCDE"), fill_value=0)
    errors = sum(i.severity == "error" for i in issues)
    listed = len(res["Issues"])  # input problems plus those found computing (missing rates ...)
    penalties = res["Dashboard"]["penalties"].iloc[-1] if "Dashboard" in res else None
    alert, figures = quality_lines(done)
    lines = [
        *alert,
        say("as_of", date=day(done.as_of, language), currency=done.inputs.policy.currency),
        figures,
        figure("debtors", len(exposure), 0),
        figure("invoices", len(done.inputs.table("Invoices")), 0),
        figure("exposure", total),
        figure("overdue", overdue) + (say("overdue_share", share=number(100 * overdue / total, language, 1))
                                      if total > 0 else ""),
        figure("insured", exposure["insured_amount"].sum()),
        figure("uninsured", exposure["uninsured"].sum()),
        f"  {say('breaches'):<22}" + say("severities", critical=int(severity.get("critical", 0)),
                                         warning=int(severity.get("warning", 0)), info=int(severity.get("info", 0))),
        figure("declarations", len(drafts), 0) + (say("first_due", date=day(drafts["due_by"].min(), language))
                                                  if drafts["due_by"].notna().any() else ""),
        f"  {say('grades'):<22}{' / '.join(str(int(n)) for n in grades)}",
        figure("issues", listed, 0) + say("skipped", errors=errors),
    ]
    if penalties is not None:
        lines.append(figure("penalties", penalties["claimed"]) + say("not_claimed",
                                                                     amount=number(penalties["not_claimed"], language)))
    ceiling = done.analysis["liability"] if "liability" in done.analysis else None
    if ceiling is not None and ceiling.max_liability is not None:
        lines.append(say("max_liability", label=say("max_liability_label"), headroom=number(ceiling.headroom, language),
                         ceiling=number(ceiling.max_liability, language), start=day(ceiling.year_start, language)))
    critical = res["Breaches"].query("severity == 'critical'").head(5)
    if len(critical):
        lines.append("  " + say("urgent"))
        lines += [f"    {r.debtor_id:<8} {r.message}" for r in critical.itertuples()]
    if out:
        lines.append(say("written", path=out))
    return "\n".join(lines)


def quality_lines(done: Run) -> tuple[list[str], str]:
    """The data quality of the run, as the Dashboard shows it: the first line of the summary when
    anything was left out (what and how much), and the line of figures."""
    quality, policy = done.analysis["quality"], done.inputs.policy
    language = policy.language
    left, amount = int(quality["rows_left_out"].sum()), float(quality["amount_left_out"].sum())
    alert = text("dashboard.left_out", language, rows=left, amount=money(amount, policy.currency, language))
    figures = text("cli.quality", language, read=number(int(quality["rows_read"].sum()), language, 0),
                   repaired=number(int(quality["rows_repaired"].sum()), language, 0), left=number(left, language, 0),
                   amount=number(amount, language))
    return ([f"! {alert}"] if left else []), figures


def claimed(path: Path, force: bool, kind: str = RESULTS) -> Path:
    """`path`, after checking it may be written (a backup made with --force, and said)."""
    saved = claim_output(path, force, kind)
    if saved:
        print(say("cli.replaced_backup", name=path.name, path=saved))
    return path


def cmd_run(args) -> int:
    if getattr(args, "in_place", False):
        with one_writer(args.workbook):  # held from reading to writing: nobody changes it in between
            book = InPlaceBook(args.workbook)
            done = run(book, as_of=args.as_of, headers=args.headers)
        print(summary(done, book.out))
        print(text("cli.backup", done.inputs.policy.language, path=book.backup))
        return 0
    out = claimed(args.out or default_out(args.workbook), getattr(args, "force", False))
    book = FileBook(args.workbook, out)
    done = run(book, as_of=args.as_of, headers=args.headers)
    print(summary(done, book.out))
    return 0


def cmd_validate(args) -> int:
    if args.out:
        claimed(args.out, args.force)
    book = FileBook(args.workbook, args.out, quiet=True)
    inputs = load(book)
    language = inputs.policy.language
    for i in inputs.issues:
        where = text("cli.where_row" if i.row else "cli.where", language, sheet=i.sheet, column=i.column or "-", row=i.row)
        print(f"{text('severity.' + i.severity, language):<12}{where:<40}{translated(i.message, language)}")
    print(text("cli.issue_count", language, count=len(inputs.issues), name=book.name))
    if args.out:
        from functions.model import issues_frame
        book.write_results({"Issues": issues_frame(inputs.issues, language)}, language, headers=args.headers or inputs.policy.headers)
    return 0


def cmd_demo(args) -> int:
    bundled = DEMOS[args.language]
    target = Path(bundled.name)
    if not target.exists():
        if not bundled.exists():
            raise ContractError(text("cli.no_demo", args.language, path=bundled))
        shutil.copyfile(bundled, target)
        print(text("cli.copied", args.language, path=target.resolve()))
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


def show(frame: pd.DataFrame, columns: list[str], language: str = "fr", headers: str = "labels") -> str:
    """The columns of a result table as text, headers and codes worded as on the sheets."""
    if frame.empty:
        return text("cli.none", language)
    part = shown(frame[[c for c in columns if c in frame]], language, headers)
    part.columns = [header(c, language, headers) for c in part.columns]
    return part.to_string(index=False, max_colwidth=110, float_format=lambda v: number(v, language))


def cmd_view(args) -> int:
    if args.out:
        claimed(args.out, args.force)
    book = FileBook(args.workbook, args.out, quiet=True)
    sheets = VIEWS[args.command][1]
    result = run(book, as_of=args.as_of, write=bool(args.out), documents=args.command in ("declarations", "portfolio", "dunning"),
                 sheets=sheets + ["Issues"], headers=args.headers)
    language, headers = result.inputs.policy.language, args.headers or result.inputs.policy.headers
    if getattr(args, "period", None):
        print(period_declaration(result, args.period))
    else:
        for name in sheets:
            print(f"== {name} ({len(result.sheets[name])}) ==")
            print(show(result.sheets[name], RESULT_SHEETS[name].shown, language, headers))
    if result.inputs.issues:
        print(text("cli.input_issues", language, count=len(result.inputs.issues), name=args.workbook.name))
    if args.out:
        print(text("cli.written", language, path=book.out))
    return 0


def period_declaration(result: Run, period: str) -> str:
    from functions.turnover import turnover_declaration
    try:
        rows, _ = turnover_declaration(period, result.analysis["sales"], result.analysis["debtors"],
                                       result.inputs.policy, result.as_of)
    except ValueError as exc:
        raise ContractError(str(exc)) from exc
    policy = result.inputs.policy
    language = policy.language
    if rows.empty:
        return text("cli.no_turnover", language, period=period, date=day(result.as_of, language))
    insured = rows.loc[rows["insured"], "turnover_excl_vat"].sum()
    return "\n".join([text("cli.turnover_title", language, period=period, date=day(result.as_of, language)),
                      show(rows, RESULT_SHEETS["Turnover"].shown, language, policy.headers),
                      text("cli.turnover_total", language, insured=number(insured, language),
                           premium=number(rows["premium"].sum(), language), currency=policy.currency)])


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
    print(text("cli.reminded", inputs.policy.language, id=rows[0]["note"], count=len(rows), name=args.workbook.name,
               backup=backup.name))
    return 0


def cmd_record_extension(args) -> int:
    from addin.workbook.events import extension_row
    from addin.workbook.register import append_rows
    with one_writer(args.workbook):  # read and append under one lock: nobody changes it in between
        inputs = load(FileBook(args.workbook, quiet=True))
        row = extension_row(inputs, args.invoice, args.date or date.today(), args.until, args.amount, args.approved)
        backup = append_rows(args.workbook, "Extensions", [row])
    language = inputs.policy.language
    print(text("cli.extended", language, invoice=row["invoice_id"], date=day(row["new_due_date"], language),
               name=args.workbook.name, backup=backup.name))
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
    language = inputs.policy.language
    amount = f" {number(row['amount'], language)}" if row["amount"] is not None else ""
    print(text("cli.claim_event", language, debtor=row["debtor_id"], event=label(row["event"], "claim_event", language),
               amount=amount, date=day(row["date"], language), name=args.workbook.name, backup=backup.name))
    return 0


def cmd_mark_sent(args) -> int:
    from addin.workbook.register import mark_sent
    backup = mark_sent(args.workbook, args.declaration_id, args.date or date.today(), args.reference, args.note)
    language = load(FileBook(args.workbook, quiet=True)).policy.language
    print(text("cli.marked", language, id=args.declaration_id, name=args.workbook.name, backup=backup.name))
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
        print(f"credit-addin: {translated(exc.args[0], 'fr') if exc.args else exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as exc:
        print(f"credit-addin: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
