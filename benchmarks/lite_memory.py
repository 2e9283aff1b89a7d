"""Peak memory of the xlwings Lite path, to set the largest workbook the Lite edition accepts.

    python benchmarks/lite_memory.py                         # 5k,20k,50k invoices
    python benchmarks/lite_memory.py --sizes 5k,20k,50k,100k

For each size a seeded synthetic workbook (`addin.build.synth`, debtors = invoices / 50) is
turned into the snapshot Lite hands a script (every sheet's values as the Office.js client
sends them, tests/fake_lite.py), pickled, and one child process per size measures in CPython:
the resident memory after importing everything (`base`), then the peak (VmHWM, reset first) of
loading the snapshot and running the "Refresh all" script on it through LiteBook (reading,
computing, letters into a temporary /data, every result sheet written as Lite's queued actions).
`peak - base` is what the workbook costs; its growth per cell, fitted over the sizes, gives
the limit: the cells whose cost stays within the budget.

Why a budget of 512 MB for 2 GB of Pyodide memory: the WebAssembly heap only grows (a peak
stays reserved), the interpreter, pandas, NumPy and pyarrow live in the same heap, Lite's
JavaScript side keeps its own copy of the values, and CPython on 64 bits measures Python
objects larger than wasm32 does (8-byte pointers against 4), so the CPython figure errs on the
safe side; a quarter of the heap leaves that margin.
"""
from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MB = 512


def size(text: str) -> int:
    return int(float(text[:-1]) * 1000) if text.lower().endswith("k") else int(text)


def snapshot(path: Path) -> dict:
    import openpyxl
    sys.path.insert(0, str(ROOT / "tests"))
    import fake_lite
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [[fake_lite.to_wire(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


def status_mb(field: str) -> float:
    """A figure of /proc/self/status in MB (VmRSS now, VmHWM the peak since the last reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def child(pickled: str) -> None:
    import addin.lite.book as lite_book
    from addin.excel.ribbon import button
    from addin.lite import entry
    sys.path.insert(0, str(ROOT / "tests"))
    import fake_lite

    # ru_maxrss would carry the parent's peak over the fork: reset the high-water mark instead.
    Path("/proc/self/clear_refs").write_text("5")
    base = status_mb("VmRSS")
    with open(pickled, "rb") as f:
        sheets = pickle.load(f)
    book = fake_lite.Book("synth.xlsx", {})
    book.sheets = fake_lite.Sheets(book, [fake_lite.Sheet(book, n, rows) for n, rows in sheets.items()])
    del sheets
    cells = lite_book.workbook_cells(book)
    lite_book.LiteBook.check_size.__defaults__ = (10**12,)  # measure beyond today's limit
    with tempfile.TemporaryDirectory() as data:
        lite_book.DATA = Path(data)
        entry.run_button(button("credit_refresh"), book)
    peak = status_mb("VmHWM")
    print(json.dumps({"cells": cells, "base_mb": base, "peak_mb": peak,
                      "alerts": book.app.alerts, "actions": len(book.actions)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5k,20k,50k")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from addin.build.synth import synth
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for text in args.sizes.split(","):
            n = size(text)
            path = Path(tmp) / f"synth{n}.xlsx"
            synth(path, n, max(n // 50, 10))
            pickled = Path(tmp) / f"synth{n}.pickle"
            pickled.write_bytes(pickle.dumps(snapshot(path)))
            done = subprocess.run([sys.executable, __file__, "--child", str(pickled)], capture_output=True, text=True,
                                  cwd=ROOT, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["invoices"] = n
            rows.append(result)
            print(f"{n:>8} invoices {result['cells']:>10,} cells  base {result['base_mb']:7.0f} MB  "
                  f"peak {result['peak_mb']:7.0f} MB  cost {result['peak_mb'] - result['base_mb']:7.0f} MB", flush=True)
    (first, last) = rows[0], rows[-1]
    per_cell = ((last["peak_mb"] - last["base_mb"]) - (first["peak_mb"] - first["base_mb"])) / (last["cells"] - first["cells"])
    fixed = (first["peak_mb"] - first["base_mb"]) - per_cell * first["cells"]
    limit = (BUDGET_MB - fixed) / per_cell
    print(f"cost per cell {per_cell * 1024:.2f} KB, fixed {fixed:.0f} MB: {BUDGET_MB} MB reached at {limit:,.0f} cells")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
