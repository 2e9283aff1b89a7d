"""mark-sent on a large workbook, and what the file checks add to a read.

    python benchmarks/mark_sent.py                          # 1M invoices, 5,000 debtors
    python benchmarks/mark_sent.py --invoices 100000 --debtors 2000

The synthetic workbook (`credit-addin synth`) is generated once into the cache folder (default
/tmp/credit-addin-bench; about 100 s and 76 MB at 1M invoices). On a copy of it, two
`credit-addin mark-sent --in-place` run as the user would run them, each in its own process,
measured with os.wait4 (wall time, peak resident memory of that process): the first adds the
Register sheet (the synthetic workbook has none), the second appends to it. Targets: under 30 s
and 1.5 GB each (issue: reliability; an openpyxl re-save took 663 s and 6.3 GB here).

Then the read: `read_raw` (every input sheet through FileBook, checks included) against the
checks alone (addin.workbook.safety: inflating the parts read and looking for far or unusual
cells), median of --repeat runs in this process.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS, TARGET_MB = 30, 1536


def workbook(cache: Path, invoices: int, debtors: int) -> Path:
    path = cache / f"synth-{invoices}-{debtors}.xlsx"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "addin.cli", "synth", "--invoices", str(invoices), "--debtors",
                        str(debtors), str(path)], check=True)
    return path


def measured(argv: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB, output) of one command in its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "addin.cli", *argv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    output = proc.stdout.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"credit-addin {' '.join(argv)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def mark_sent(source: Path) -> None:
    work = source.with_name("mark-sent-" + source.name)
    shutil.copyfile(source, work)
    try:
        for label, declaration in (("adds the Register", "overdue_notice:D000001:2026-01-01"),
                                   ("appends to it", "turnover:2026-Q3")):
            seconds, mb, line = measured(["mark-sent", str(work), declaration, "--in-place", "--date", "2026-10-31"])
            verdict = "PASS" if seconds < TARGET_SECONDS and mb < TARGET_MB else "FAIL"
            print(f"mark-sent ({label:<17}) {seconds:7.2f} s {mb:8.0f} MB   {verdict} (targets {TARGET_SECONDS} s, "
                  f"{TARGET_MB} MB)")
    finally:
        for leftover in [work, *work.parent.glob(f"{work.stem}.backup-*")]:
            leftover.unlink(missing_ok=True)


def read_overhead(path: Path, repeat: int) -> None:
    from addin import run as pipeline
    from addin.workbook.book import FileBook
    from addin.workbook.safety import Package
    reads, checks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        pipeline.read_raw(FileBook(path, quiet=True))
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        package = Package(path)
        package.check_opening()
        for name in package.sheet_parts():
            package.check_sheet(name)
        checks.append(time.perf_counter() - start)
    read, check = statistics.median(reads), statistics.median(checks)
    print(f"read_raw (checks included) {read:7.2f} s; the checks alone {check:6.2f} s "
          f"= {check / (read - check):.1%} on top of the read without them")


def main(argv: list[str] | None = None) -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--invoices", type=int, default=1_000_000)
    args.add_argument("--debtors", type=int, default=5_000)
    args.add_argument("--cache", type=Path, default=Path("/tmp/credit-addin-bench"))
    args.add_argument("--repeat", type=int, default=3)
    opts = args.parse_args(argv)
    path = workbook(opts.cache, opts.invoices, opts.debtors)
    print(f"{path.name}: {path.stat().st_size / 1e6:.0f} MB")
    mark_sent(path)
    read_overhead(path, opts.repeat)


if __name__ == "__main__":
    main()
