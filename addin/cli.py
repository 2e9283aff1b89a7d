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
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from functions.claims import EVENTS
from functions.cover import day, money
from functions.texts import label, text, translated

from addin.run import Run, load, run
from addin.workbook.results import HEADERS, SHEETS as RESULT_SHEETS, header, shown
from addin.workbook.book import FileBook, default_out
from addin.workbook.inplace import InPlaceBook
from addin.workbook.locks import one_writer
from addin.workbook.messages import say, system_language
from addin.workbook.outputs import IMPORT, RESULTS, claim_output
from addin.workbook.read import ContractError

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DEMOS = {"fr": WORKBOOKS / "demo.xlsx", "en": WORKBOOKS / "demo_en.xlsx"}
DEMO = DEMOS["fr"]  # the bundled demo: French first


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli_help.bad_date", text=text)) from None


class Formatter(argparse.HelpFormatter):
    """argparse's layout, with its own words (`usage:`) from the catalogue."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, say("cli_help.usage") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and error lines are in the system's language (no workbook is
    read yet): its group titles, -h, `usage:` and `error:` from the catalogue, and its error
    details read back into the catalogue's words (argparse_words)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=Formatter, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = say("cli_help.positionals"), say("cli_help.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=say("cli_help.help"))

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, say("cli_help.error", prog=self.prog, message=argparse_words(message)) + "\n")


# argparse's error details as Python words them (in English: it ships no French), read back into
# the catalogue's words; a detail not listed stays as it is
ARGPARSE_ERRORS = [(re.compile(pattern), key) for pattern, key in (
    (r"argument (?P<argument>[^:]+): (?P<message>.*)", "argument"),
    (r"the following arguments are required: (?P<names>.*)", "required"),
    (r"one of the arguments (?P<names>.*) is required", "one_required"),
    (r"unrecognized arguments: (?P<names>.*)", "unrecognized"),
    (r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", "invalid_choice"),
    (r"invalid (?P<type>\w+) value: (?P<value>.*)", "invalid_value"),
    (r"expected one argument", "expected_one"),
    (r"not allowed with argument (?P<other>.*)", "not_allowed_with"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "ambiguous"),
)]


def argparse_words(message: str) -> str:
    """`message` in the catalogue's words, in the system's language."""
    for pattern, key in ARGPARSE_ERRORS:
        if found := pattern.fullmatch(message):
            fields = found.groupdict()
            if "message" in fields:
                fields["message"] = argparse_words(fields["message"])
            return say(f"cli_help.argparse.{key}", **fields)
    return message


def parser() -> argparse.ArgumentParser:
    h = lambda key, **fields: say(f"cli_help.{key}", **fields)  # noqa: E731 - a help text
    workbook = h("name.workbook")
    p = Parser(prog="credit-addin", description=h("description"))
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help=h("run"))
    run.add_argument("workbook", type=Path, metavar=workbook)
    run.add_argument("--as-of", type=_date, help=h("as_of"))
    where = run.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help=h("run_out"))
    where.add_argument("--in-place", action="store_true", help=h("in_place"))
    run.add_argument("--force", action="store_true", help=h("force"))
    run.add_argument("--headers", choices=HEADERS, help=h("headers"))
    val = sub.add_parser("validate", help=h("validate"))
    val.add_argument("workbook", type=Path, metavar=workbook)
    val.add_argument("--out", type=Path, help=h("validate_out"))
    val.add_argument("--force", action="store_true", help=h("force"))
    val.add_argument("--headers", choices=HEADERS, help=h("headers"))
    demo = sub.add_parser("demo", help=h("demo"))
    demo.add_argument("--as-of", type=_date)
    demo.add_argument("--force", action="store_true", help=h("force"))
    demo.add_argument("--language", choices=sorted(DEMOS), default="fr", help=h("demo_language"))
    demo.add_argument("--headers", choices=HEADERS, help=h("headers"))
    synth = sub.add_parser("synth", help=h("synth"))
    synth.add_argument("out", type=Path, metavar=h("name.out"))
    synth.add_argument("--invoices", type=int, default=200_000)
    synth.add_argument("--debtors", type=int, default=2_000)
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--force", action="store_true", help=h("force"))
    for name in VIEWS:
        view = sub.add_parser(name, help=h(f"view.{name}"))
        view.add_argument("workbook", type=Path, metavar=workbook)
        view.add_argument("--as-of", type=_date, help=h("as_of"))
        view.add_argument("--out", type=Path, help=h("view_out"))
        view.add_argument("--force", action="store_true", help=h("force"))
        view.add_argument("--headers", choices=HEADERS, help=h("headers"))
        if name == "turnover":
            view.add_argument("--period", help=h("period"))
    reminded = sub.add_parser("mark-reminded", help=h("mark_reminded"))
    reminded.add_argument("workbook", type=Path, metavar=workbook)
    reminded.add_argument("debtor", help=h("debtor", example="C046"), metavar=h("name.debtor"))
    reminded.add_argument("level", type=int, help=h("level"), metavar=h("name.level"))
    reminded.add_argument("--in-place", action="store_true", required=True, help=h("in_place_sheet", sheet="Actions"))
    reminded.add_argument("--date", type=_date, default=None, help=h("date_sent"))
    reminded.add_argument("--as-of", type=_date, help=h("reminder_as_of"))
    mark = sub.add_parser("mark-sent", help=h("mark_sent"))
    mark.add_argument("workbook", type=Path, metavar=workbook)
    mark.add_argument("declaration_id", help=h("declaration_id"), metavar=h("name.declaration_id"))
    mark.add_argument("--in-place", action="store_true", required=True, help=h("in_place_sheet", sheet="Register"))
    mark.add_argument("--date", type=_date, default=None, help=h("date_sent"))
    mark.add_argument("--reference", default="", help=h("reference"))
    mark.add_argument("--note", default="")
    ext = sub.add_parser("record-extension", help=h("record_extension"))
    ext.add_argument("workbook", type=Path, metavar=workbook)
    ext.add_argument("invoice", help=h("invoice"), metavar=h("name.invoice"))
    ext.add_argument("--in-place", action="store_true", required=True, help=h("in_place_sheet", sheet="Extensions"))
    ext.add_argument("--until", type=_date, help=h("until"))
    ext.add_argument("--amount", type=float, help=h("instalment"))
    ext.add_argument("--approved", type=_date, help=h("approved"))
    ext.add_argument("--date", type=_date, default=None, help=h("date_agreed"))
    events = [label(e, "claim_event", system_language()) for e in EVENTS]
    claim = sub.add_parser("record-claim", help=h("record_claim", events=", ".join(events)))
    claim.add_argument("workbook", type=Path, metavar=workbook)
    claim.add_argument("debtor", help=h("debtor", example="C018"), metavar=h("name.debtor"))
    claim.add_argument("--in-place", action="store_true", required=True, help=h("in_place_sheet", sheet="Claims"))
    claim.add_argument("--event", help=h("event", events=", ".join(EVENTS[:-1]), last=EVENTS[-1]))
    claim.add_argument("--amount", type=float, help=h("event_amount", accepted="accepted", recovered="recovered"))
    claim.add_argument("--reference", default="", help=h("claim_reference"))
    claim.add_argument("--date", type=_date, default=None, help=h("event_date"))
    claim.add_argument("--as-of", type=_date, help=h("claim_as_of"))
    fec = sub.add_parser("import-fec", help=h("import_fec"))
    fec.add_argument("fec", type=Path)
    fec.add_argument("--out", type=Path, required=True, help=h("fec_out"))
    fec.add_argument("--terms-days", type=int, default=30, help=h("terms_days"))
    fec.add_argument("--force", action="store_true", help=h("force"))
    imp = sub.add_parser("import", help=h("import"))
    imp.add_argument("source", type=Path)
    imp.add_argument("--sheet", default="Invoices", help=h("sheet"))
    imp.add_argument("--mapping", type=Path, help=h("mapping"))
    imp.add_argument("--out", type=Path, required=True, help=h("import_out"))
    imp.add_argument("--force", action="store_true", help=h("force"))
    back = sub.add_parser("backtest", help=h("backtest"))
    back.add_argument("workbook", type=Path, metavar=workbook)
    back.add_argument("--as-of", type=_date, required=True, help=h("backtest_as_of"))
    back.add_argument("--horizon", type=int, default=90, help=h("horizon"))
    back.add_argument("--late-days", type=int, default=10, help=h("late_days"))
    back.add_argument("--every", choices=["month"], help=h("every"))
    ibm = sub.add_parser("import-ibm", help=h("import_ibm"))
    ibm.add_argument("csv", type=Path)
    ibm.add_argument("--out", type=Path, required=True)
    ibm.add_argument("--force", action="store_true", help=h("force"))
    build = sub.add_parser("build-addin", help=h("build_addin"))
    build.add_argument("--out", type=Path, help=h("build_out"))
    build.add_argument("--udf-module", default="addin.excel.udfs", help=h("udf_module"))
    inst = sub.add_parser("install", help=h("install"))
    inst.add_argument("--dest", type=Path, help=h("dest"))
    inst.add_argument("--python", help=h("python"))
    check = sub.add_parser("check-excel", help=h("check_excel"))
    check.add_argument("--addin", type=Path, help=h("addin"))
    uninst = sub.add_parser("uninstall", help=h("uninstall"))
    uninst.add_argument("--dest", type=Path, help=h("uninstall_dest"))
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
        figure("covered", exposure["covered"].sum()),       # exposure = covered + uninsured
        figure("uninsured", exposure["uninsured"].sum()),
        figure("insured", exposure["insured_amount"].sum()) + say("insured_share"),
        f"  {say('breaches'):<22}" + say("severities", critical=int(severity.get("critical", 0)),
                                         warning=int(severity.get("warning", 0)), info=int(severity.get("info", 0))),
        figure("declarations", len(drafts), 0) + first_due(drafts["due_by"].min(), done.as_of, language),
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
    if done.printing:
        drafted = int(done.sheets["Dunning"]["document"].notna().sum())
        lines.append("  " + say("printing", count=drafted, paths=", ".join(f"{p.parent.name}/{p.name}" for p in done.printing)))
    if out:
        lines.append(say("written", path=out))
    return "\n".join(lines)


def first_due(due_by, as_of, language: str) -> str:
    """When the first declaration to send is due, or that it is already late."""
    if pd.isna(due_by):
        return ""
    key = "cli.first_late" if pd.Timestamp(due_by) < pd.Timestamp(as_of) else "cli.first_due"
    return text(key, language, date=day(due_by, language))


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
    language = system_language()
    print(say("import.synth_written", language, invoices=number(args.invoices, language, 0),
              debtors=number(args.debtors, language, 0), path=args.out))
    return 0


# command -> the sheets it prints, first to last (its help: cli_help.view.<command> in the catalogue)
VIEWS = {
    "limits": ["Breaches", "Limit requests"], "scores": ["Scores"], "deadlines": ["Deadlines"],
    "declarations": ["Declarations"], "turnover": ["Turnover"], "penalties": ["Penalties"], "dunning": ["Dunning"],
    "groups": ["Groups"], "insolvency": ["Insolvency"], "portfolio": ["Portfolio"], "indemnities": ["Indemnities"],
    "legal-terms": ["Legal terms"], "idle-limits": ["Idle limits"],
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
    sheets = VIEWS[args.command]
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
    language = system_language()
    count = lambda n: number(n, language, 0)  # noqa: E731
    print(say("import.fec_read", language, name=args.fec.name, lines=count(result.lines), encoding=result.encoding,
              separator=repr(result.separator), debtors=count(len(result.debtors)), invoices=count(len(result.invoices)),
              payments=count(len(result.payments)), issues=len(result.issues)))
    print(say("import.written", language, path=args.out))
    return 0


def cmd_import(args) -> int:
    from addin.imports.fec import import_table, read_mapping, write_receivables
    claimed(args.out, args.force, IMPORT)
    mapping = read_mapping(args.mapping) if args.mapping else None
    result = import_table(args.source, args.sheet, mapping)
    write_receivables(result.tables(), args.out)
    language = system_language()
    for source, target in result.mapping.items():
        print(f"  {source!s:<30} -> {target or say('import.ignored', language)}")
    print(say("import.table_read", language, rows=number(len(result.table), language, 0), sheet=result.sheet,
              issues=len(result.issues), path=args.out))
    return 0


def cmd_backtest(args) -> int:
    from functions.analysis import analyse
    from functions.backtest import backtest
    inputs = load(FileBook(args.workbook, quiet=True))
    debtors = analyse(inputs, args.as_of, want=["debtors"])["debtors"]
    result = backtest(inputs.table("Invoices"), inputs.tables.get("Payments"), debtors,
                      inputs.table("Financials"), inputs.table("Grades"), args.as_of, horizon_days=args.horizon,
                      late_days=args.late_days, every=args.every, scoring=inputs.tables.get("Scoring"))
    print("\n".join(result.lines(inputs.policy.language)))
    return 0


def cmd_import_ibm(args) -> int:
    from addin.imports.fec import write_receivables
    from addin.imports.ibm import ibm_tables
    claimed(args.out, args.force, IMPORT)
    tables = ibm_tables(args.csv)
    write_receivables({name: frame.drop(columns="_row", errors="ignore") for name, frame in tables.items()}, args.out)
    print(say("import.ibm_written", debtors=len(tables["Debtors"]), invoices=len(tables["Invoices"]), path=args.out))
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
    try:
        removed = install.uninstall(args.dest)
    except install.InstallError as exc:
        raise ContractError(str(exc)) from exc
    for path in removed:
        print(say("install.removed", path=path))
    print(say("install.removed_count", count=len(removed)))
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
        print(f"credit-addin: {translated(exc.args[0], system_language()) if exc.args else exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as exc:
        print(f"credit-addin: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
