"""Large synthetic workbooks, to measure how the add-in copes with a big ledger.

Same sheets and headers as the template (Policy, Debtors, Invoices, Payments, Limits, Orders),
written as plain ranges in XlsxWriter's constant-memory mode: 200,000 invoices take seconds.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from addin.workbook.contract import AMOUNT, DATE, INPUT_SHEETS, INT
from addin.workbook.sheetdata import excel_serials

from addin.build.sheets import Formats, new_workbook, write_policy

COUNTRIES = np.array(["FR", "DE", "IT", "ES", "BE", "NL", "GB", "CH", "US"])
COUNTRY_WEIGHTS = np.array([0.6, 0.1, 0.07, 0.06, 0.05, 0.04, 0.04, 0.02, 0.02])


def _serial(days: np.ndarray) -> np.ndarray:
    """Excel date serials: writing numbers is much faster than converting to datetime."""
    return excel_serials(pd.Series(days.astype("datetime64[ns]"))).to_numpy(float)


def _ids(prefix: str, count: int, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, count + 1)]


def _write(ws, fmt: Formats, sheet: str, columns: dict[str, list]) -> None:
    """Headers in row 1, then rows in order (constant-memory mode cannot go back); None stays blank."""
    kinds = {c.name: c.kind for c in INPUT_SHEETS[sheet]}
    names = [c.name for c in INPUT_SHEETS[sheet] if c.name in columns]
    for col, name in enumerate(names):
        ws.write_string(0, col, name)
        ws.set_column(col, col, 14 if kinds[name] in (DATE, AMOUNT) else 12)
    writers = [(ws.write_number if kinds[n] in (DATE, AMOUNT, INT) else ws.write_string, fmt.of(kinds[n])) for n in names]
    for row, values in enumerate(zip(*(columns[n] for n in names)), start=1):
        for col, value in enumerate(values):
            if value is not None:
                write, style = writers[col]
                write(row, col, value, style)
    ws.freeze_panes(1, 0)


def _debtors(rng: np.random.Generator, count: int) -> dict[str, list]:
    country = rng.choice(COUNTRIES, count, p=COUNTRY_WEIGHTS)
    return {"debtor_id": _ids("D", count, 6), "name": [f"Synthetic customer {i} SAS" for i in range(1, count + 1)],
            "country": country.tolist(), "payment_terms_days": rng.choice([30, 45, 60], count).astype(float).tolist(),
            "insurer_grade": rng.integers(1, 11, count).astype(str).tolist(), "grade_scale": ["allianz"] * count}


def _invoices(rng: np.random.Generator, count: int, debtors: dict, as_of: date):
    """Invoices over two years, 2 % credit notes and disputes, with their payment (or none yet)."""
    n_debtors = len(debtors["debtor_id"])
    weight = rng.lognormal(0, 1, n_debtors)
    who = rng.choice(n_debtors, count, p=weight / weight.sum())
    end = np.datetime64(as_of)
    issued = np.sort(end - rng.integers(1, 731, count).astype("timedelta64[D]"))
    due = issued + np.array(debtors["payment_terms_days"], dtype=int)[who].astype("timedelta64[D]")
    amount = np.round(rng.lognormal(np.log(1500), 0.8, count), 2)
    credit = rng.random(count) < 0.02
    amount[credit] = -np.round(amount[credit] * 0.3, 2)
    french = np.array(debtors["country"])[who] == "FR"
    paid_on = due + np.rint(rng.normal(3, 12, count)).astype(int).astype("timedelta64[D]")
    paid = ~credit & (paid_on <= end)
    ids = np.array(debtors["debtor_id"], dtype=object)[who].tolist()
    invoices = {
        "invoice_id": _ids("S", count, 7), "debtor_id": ids,
        "invoice_date": _serial(issued).tolist(), "due_date": _serial(due).tolist(),
        "amount": amount.tolist(), "amount_excl_vat": np.where(french, np.round(amount / 1.2, 2), amount).tolist(),
        "currency": ["EUR"] * count,
        "document_type": np.where(credit, "credit_note", "invoice").tolist(),
        "disputed": np.where(~credit & ~paid & (rng.random(count) < 0.02), "yes", None).tolist()}
    rows = np.flatnonzero(paid)
    order = rows[np.argsort(paid_on[rows], kind="stable")]
    referenced = rng.random(order.size) >= 0.05
    payments = {"payment_id": _ids("P", order.size, 7), "debtor_id": [ids[i] for i in order],
                "date": _serial(paid_on[order]).tolist(), "amount": amount[order].tolist(),
                "invoice_id": [invoices["invoice_id"][i] if ref else None for i, ref in zip(order, referenced)]}
    return invoices, payments


def _limits(rng: np.random.Generator, debtors: dict, as_of: date) -> dict[str, list]:
    chosen = np.flatnonzero(rng.random(len(debtors["debtor_id"])) < 0.8)
    decided = np.datetime64(as_of) - rng.integers(30, 1500, chosen.size).astype("timedelta64[D]")
    return {"debtor_id": [debtors["debtor_id"][i] for i in chosen], "decision_date": _serial(decided).tolist(),
            "amount": (rng.integers(1, 21, chosen.size) * 5000.0).tolist(),
            "limit_type": ["named"] * chosen.size, "decision": ["granted"] * chosen.size}


def _orders(rng: np.random.Generator, debtors: dict, as_of: date) -> dict[str, list]:
    count = max(1, len(debtors["debtor_id"]) // 4)
    who = rng.choice(len(debtors["debtor_id"]), count)
    ship = np.datetime64(as_of) + rng.integers(1, 60, count).astype("timedelta64[D]")
    return {"order_id": _ids("O", count, 6), "debtor_id": [debtors["debtor_id"][i] for i in who],
            "amount": np.round(rng.lognormal(np.log(3000), 0.7, count), 2).tolist(), "ship_date": _serial(ship).tolist()}


def synth(path, invoices: int, debtors: int, seed: int = 0, as_of: date = date(2026, 10, 31)) -> None:
    """Write a synthetic workbook with `invoices` invoices spread over `debtors` customers."""
    rng = np.random.default_rng(seed)
    customers = _debtors(rng, debtors)
    invoice_cols, payment_cols = _invoices(rng, invoices, customers, as_of)
    wb = new_workbook(path, constant_memory=True)
    fmt = Formats(wb)
    write_policy(wb, fmt, {"as_of": as_of, "language": "en"})
    sheets = {"Debtors": customers, "Invoices": invoice_cols, "Payments": payment_cols,
              "Limits": _limits(rng, customers, as_of), "Orders": _orders(rng, customers, as_of)}
    for name, columns in sheets.items():
        _write(wb.add_worksheet(name), fmt, name, columns)
    wb.close()
