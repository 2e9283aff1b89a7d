"""Read the Invoices sheet of a synthetic workbook with each reader, in one process.

    python benchmarks/readers.py [--invoices 200000] [--debtors 2000]

Prints seconds and the ratio to fastexcel (our reader). Run by hand; not a test.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import openpyxl
import pandas as pd
import python_calamine

from addin.workbook.book import FileBook
from addin.build.synth import synth
from addin.workbook.read import read_table


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def openpyxl_frame(path: Path) -> pd.DataFrame:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = wb["Invoices"].iter_rows(values_only=True)
    header = next(rows)
    return pd.DataFrame(list(rows), columns=header)


def calamine_frame(path: Path) -> pd.DataFrame:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Invoices").to_python()
    return pd.DataFrame(rows[1:], columns=rows[0])


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--invoices", type=int, default=200_000)
    args.add_argument("--debtors", type=int, default=2_000)
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synth.xlsx"
        t_synth, _ = timed(lambda: synth(path, invoices=opts.invoices, debtors=opts.debtors))
        print(f"synth {opts.invoices:,} invoices: {t_synth:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
        book = FileBook(path, quiet=True)
        t_fast, raw = timed(lambda: book.read_sheet("Invoices"))
        t_parse, _ = timed(lambda: read_table("Invoices", raw))
        t_cal, _ = timed(lambda: calamine_frame(path))
        t_opx, _ = timed(lambda: openpyxl_frame(path))
        print(f"{'reader':<34}{'seconds':>9}{'x fastexcel':>13}")
        for name, t in (("fastexcel (ours, raw)", t_fast), ("fastexcel + contract parsing", t_fast + t_parse),
                        ("python-calamine to_python + pandas", t_cal), ("openpyxl read-only + pandas", t_opx)):
            print(f"{name:<34}{t:>9.2f}{t / t_fast:>13.1f}")


if __name__ == "__main__":
    main()
