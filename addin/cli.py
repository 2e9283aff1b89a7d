"""The `credit-addin` command line: the same runs as the ribbon, on a workbook file.

    credit-addin demo                      copy the demo workbook to ./demo.xlsx and run on it
    credit-addin run WORKBOOK [--as-of D] [--out PATH | --in-place]
    credit-addin validate WORKBOOK         list the problems found in the input sheets
    credit-addin synth --invoices N --debtors M OUT.xlsx

The input workbook is only read; results go to a new file. Exit status 0 when the run went
through (row problems are listed in the Issues sheet), 2 with one line when it could not.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from . import pipeline
from .book import FileBook
from .inplace import InPlaceBook
from .read import ContractError

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
    val = sub.add_parser("validate", help="list the problems in the input sheets")
    val.add_argument("workbook", type=Path)
    val.add_argument("--out", type=Path, help="also write the Issues sheet to this workbook")
    demo = sub.add_parser("demo", help="copy the demo workbook to ./demo.xlsx (unless present) and run on it")
    demo.add_argument("--as-of", type=_date)
    synth = sub.add_parser("synth", help="write a large synthetic workbook for benchmarks")
    synth.add_argument("out", type=Path)
    synth.add_argument("--invoices", type=int, default=200_000)
    synth.add_argument("--debtors", type=int, default=2_000)
    synth.add_argument("--seed", type=int, default=0)
    build = sub.add_parser("build-addin", help="build the Excel add-in (.xlam) from the stock xlwings add-in")
    build.add_argument("--out", type=Path, help="where to write it (default: addin/credit.xlam)")
    build.add_argument("--udf-module", default="addin.udfs", help="module whose worksheet functions get VBA wrappers")
    inst = sub.add_parser("install", help="copy the add-in to Excel's start-up folder and point it at this Python")
    inst.add_argument("--dest", type=Path, help="start-up folder (default: Excel's XLSTART)")
    inst.add_argument("--python", help="interpreter Excel should run (default: this one)")
    uninst = sub.add_parser("uninstall", help="remove what install added")
    uninst.add_argument("--dest", type=Path, help="start-up folder used at install")
    return p


def summary(run: pipeline.Run, out: Path | None) -> str:
    """The few figures a credit manager looks at first."""
    aging, exposure, issues = run.results["Aging"], run.results["Exposure"], run.inputs.issues
    total = exposure["exposure"].sum()
    overdue = aging["overdue"].sum()
    errors = sum(i.severity == "error" for i in issues)
    lines = [
        f"As of {run.as_of:%Y-%m-%d}  ({run.inputs.policy.currency})",
        f"  debtors              {len(exposure):>14,}",
        f"  invoices read        {len(run.inputs.table('Invoices')):>14,}",
        f"  exposure             {total:>14,.2f}",
        f"  overdue              {overdue:>14,.2f}  ({overdue / total:.1%} of exposure)" if total > 0 else
        f"  overdue              {overdue:>14,.2f}",
        f"  with open orders     {exposure['exposure_with_orders'].sum():>14,.2f}",
        f"  issues               {len(issues):>14,}  ({errors} rows skipped, see the Issues sheet)",
    ]
    top = exposure.nlargest(5, "exposure")[["debtor_id", "name", "exposure"]]
    if len(top):
        lines.append("  largest exposures:")
        lines += [f"    {r.debtor_id:<12} {str(r.name or '')[:30]:<30} {r.exposure:>14,.2f}" for r in top.itertuples()]
    if out:
        lines.append(f"Results written to {out}")
    return "\n".join(lines)


def cmd_run(args) -> int:
    if getattr(args, "in_place", False):
        book = InPlaceBook(args.workbook)
    else:
        book = FileBook(args.workbook, args.out)
    result = pipeline.run(book, as_of=args.as_of)
    print(summary(result, book.out))
    if getattr(args, "in_place", False):
        print(f"Backup of the original workbook: {book.backup}")
    return 0


def cmd_validate(args) -> int:
    book = FileBook(args.workbook, args.out, quiet=True)
    inputs = pipeline.load(book)
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
    from .build.synth import synth
    synth(args.out, invoices=args.invoices, debtors=args.debtors, seed=args.seed)
    print(f"Wrote {args.invoices:,} invoices for {args.debtors:,} debtors to {args.out}")
    return 0


def cmd_build_addin(args) -> int:
    from . import xlam
    print(xlam.build_addin(args.out or xlam.ADDIN, args.udf_module).summary())
    return 0


def cmd_install(args) -> int:
    from . import install
    try:
        print(install.install(args.dest, args.python).summary())
    except install.InstallError as exc:
        raise ContractError(str(exc)) from exc
    return 0


def cmd_uninstall(args) -> int:
    from . import install
    removed = install.uninstall(args.dest)
    for path in removed:
        print(f"removed {path}")
    print(f"{len(removed)} item(s) removed")
    return 0


COMMANDS = {"run": cmd_run, "validate": cmd_validate, "demo": cmd_demo, "synth": cmd_synth,
            "build-addin": cmd_build_addin, "install": cmd_install, "uninstall": cmd_uninstall}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    pd.set_option("display.width", 160)
    try:
        return COMMANDS[args.command](args)
    except ContractError as exc:
        print(f"credit-addin: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"credit-addin: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
