"""Benchmark: import a 1M-line FEC against the time pandas takes to read it.

    python benchmarks/fec_import.py [LINES] [--keep PATH]

Generates (vectorised) a tab-separated UTF-8 FEC of about LINES lines (default 1,000,000):
sales entries of 3 lines (411 debit incl. VAT, 706 credit excl. VAT, 44571 credit VAT) and bank
entries of 2 lines (512 debit, 411 credit) that pay 80 % of the invoices, a tenth of them
partly (lower-case letter), lettered per debtor. Prints the time of `pandas.read_csv` of the
file (dtype=str: every field as text, which an FEC reader needs for its ids; and pandas'
default type inference, which turns dates into integers and drops leading zeros), the time of
`addin.imports.fec.import_fec` (best of 3 runs each), and the ratios (target: at most 2x).
"""
from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from addin.imports.fec import MANDATORY, import_fec  # noqa: E402

DEBTORS = 5_000


def _amount(cents: np.ndarray) -> pd.Series:
    """Cents as FEC text: 1234,56."""
    cents = pd.Series(cents)
    return (cents // 100).astype(str) + "," + (cents % 100).astype(str).str.zfill(2)


def synthetic_fec(lines: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(lines / (3 + 2 * 0.8))  # invoices: 3 lines each, 2 more when paid
    debtor = rng.integers(0, DEBTORS, n)
    day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    net = rng.integers(10_000, 5_000_000, n)
    vat = net // 5
    gross = net + vat
    paid = rng.random(n) < 0.8
    partial = paid & (rng.random(n) < 0.1)
    paid_cents = np.where(partial, gross // 2, gross)
    pay_day = day + pd.to_timedelta(rng.integers(10, 90, n), unit="D")
    # letter = the invoice's rank within its debtor, written as capitals (lower case if partial)
    rank = pd.Series(debtor).groupby(debtor).cumcount().to_numpy()
    letter = pd.Series(np.char.add("L", rank.astype(str)))
    letter = letter.where(~partial, letter.str.lower()).where(paid, "")
    aux = pd.Series(np.char.add("C", (debtor + 10_000).astype(str)))
    ref = pd.Series(np.char.add("FA", np.arange(n).astype(str)))
    sales = {
        "JournalCode": "VE", "JournalLib": "Ventes", "EcritureNum": np.char.add("VE", np.arange(n).astype(str)),
        "EcritureDate": day.strftime("%Y%m%d"), "PieceRef": ref, "PieceDate": day.strftime("%Y%m%d"),
        "EcritureLib": "Facture " + ref,
    }
    parts = [
        pd.DataFrame({**sales, "CompteNum": "411000", "CompteLib": "Clients", "CompAuxNum": aux,
                      "CompAuxLib": "Client " + aux, "Debit": _amount(gross), "Credit": "0,00",
                      "EcritureLet": letter, "DateLet": np.where(paid & ~partial, pay_day.strftime("%Y%m%d"), "")}),
        pd.DataFrame({**sales, "CompteNum": "706000", "CompteLib": "Prestations", "Debit": "0,00",
                      "Credit": _amount(net)}),
        pd.DataFrame({**sales, "CompteNum": "445710", "CompteLib": "TVA collectée", "Debit": "0,00",
                      "Credit": _amount(vat)}),
    ]
    k = np.flatnonzero(paid)
    bank = {"JournalCode": "BQ", "JournalLib": "Banque", "EcritureNum": np.char.add("BQ", k.astype(str)),
            "EcritureDate": pay_day[k].strftime("%Y%m%d"), "PieceRef": np.char.add("VIR", k.astype(str)),
            "PieceDate": pay_day[k].strftime("%Y%m%d"), "EcritureLib": "Virement " + aux[k].to_numpy()}
    parts += [
        pd.DataFrame({**bank, "CompteNum": "512000", "CompteLib": "Banque", "Debit": _amount(paid_cents[k]),
                      "Credit": "0,00"}),
        pd.DataFrame({**bank, "CompteNum": "411000", "CompteLib": "Clients", "CompAuxNum": aux[k].to_numpy(),
                      "CompAuxLib": "Client " + aux[k].to_numpy(), "Debit": "0,00",
                      "Credit": _amount(paid_cents[k]), "EcritureLet": letter[k].to_numpy(),
                      "DateLet": np.where(partial[k], "", pay_day[k].strftime("%Y%m%d"))}),
    ]
    fec = pd.concat(parts, ignore_index=True).reindex(columns=list(MANDATORY))
    fec["ValidDate"] = fec["EcritureDate"]
    fec["Idevise"] = "EUR"
    return fec.sort_values(["EcritureDate", "EcritureNum"], kind="stable")


def timed(function, *args, repeat: int = 1, **kwargs):
    """The result and the best of `repeat` wall times (the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return result, best


def main(argv: list[str]) -> None:
    lines = int(argv[0]) if argv and argv[0].isdigit() else 1_000_000
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(keep or Path(folder) / "FEC.txt")
        fec, t_make = timed(synthetic_fec, lines)
        fec.to_csv(path, sep="\t", index=False, quoting=csv.QUOTE_NONE)
        print(f"{len(fec):,} lines, {path.stat().st_size / 1e6:.0f} MB (generated in {t_make:.1f} s)")
        _, t_str = timed(pd.read_csv, path, sep="\t", dtype=str, quoting=csv.QUOTE_NONE, repeat=3)
        _, t_default = timed(pd.read_csv, path, sep="\t", repeat=3)
        result, t_import = timed(import_fec, path, repeat=3)
        print(f"pandas.read_csv dtype=str: {t_str:.2f} s; default inference: {t_default:.2f} s")
        print(f"import_fec: {t_import:.2f} s -> {len(result.invoices):,} invoices, "
              f"{len(result.payments):,} payment rows, {len(result.debtors):,} debtors, {len(result.issues)} issues")
        print(f"ratio import / read_csv(dtype=str): {t_import / t_str:.2f}x; "
              f"/ read_csv(default): {t_import / t_default:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main(sys.argv[1:])
