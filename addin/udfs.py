"""Worksheet functions (xlwings UDFs, Windows Excel): thin wrappers over `functions`.

Array functions take whole tables (an Excel table or a range with its header row) and return
a table that spills. A bad argument returns a short text in the cell, never a traceback.
Results are cached on the content of the arguments: Excel may call a function several times
in one recalculation, and a 100k-row table should be computed once.

    =CREDIT_AGING(Invoices[#All], Payments[#All], Debtors[#All], "2025-06-30")
"""
from __future__ import annotations

import functools
import hashlib
import pickle
from collections import OrderedDict
from datetime import date, datetime

import pandas as pd
import xlwings as xw

from functions.aging import aging
from functions.exposure import exposure
from functions.ledger import build_ledger
from functions.policy import Policy

from .parse import parse_date
from .read import empty_table, read_table
from .xlbook import com_values

CATEGORY = "Credit insurance"
ERROR_PREFIX = "#CREDIT! "


class ResultCache:
    """Last results by argument content, least recently used evicted first."""

    def __init__(self, size: int = 32):
        self.size, self.entries, self.hits, self.misses = size, OrderedDict(), 0, 0

    def key(self, name: str, args: tuple) -> str:
        return name + ":" + hashlib.sha256(pickle.dumps(args, protocol=4)).hexdigest()

    def get_or_compute(self, name: str, args: tuple, compute):
        key = self.key(name, args)
        if key in self.entries:
            self.hits += 1
            self.entries.move_to_end(key)
            return self.entries[key]
        self.misses += 1
        value = compute()
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value


CACHE = ResultCache()


def worksheet_function(func):
    """Errors become a short cell text; results are cached on the arguments' content."""
    @functools.wraps(func)
    def wrapper(*args):
        try:
            return CACHE.get_or_compute(func.__name__, args, lambda: func(*args))
        except Exception as exc:  # a cell must never show a traceback
            return ERROR_PREFIX + (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:200]
    return wrapper


def table_arg(sheet: str, values, required: bool = True) -> pd.DataFrame:
    """An Excel table/range (header row first) as the typed table of `sheet`; bad rows dropped."""
    if values is None or values == [[None]]:
        if required:
            raise ValueError(f"the {sheet} table is empty")
        return empty_table(sheet)
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in values]
    raw = pd.DataFrame(rows[1:], columns=[str(h) for h in rows[0]], dtype=object)
    raw.index = pd.RangeIndex(2, 2 + len(raw))
    return read_table(sheet, raw)[0]


def date_arg(value, name: str = "as_of") -> date:
    """A date cell (datetime, serial number or text); blank is an error: functions never read the clock."""
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value).date()
    parsed, reason = parse_date(pd.Series([value], dtype=object))
    if pd.isna(parsed.iloc[0]):
        raise ValueError(f"{name}: {reason.iloc[0] if isinstance(reason.iloc[0], str) else 'a date is required'}")
    return parsed.iloc[0].date()


def to_range(frame: pd.DataFrame) -> list[list]:
    """A result table as the 2-D list Excel spills: header row, then COM-safe values."""
    columns = [com_values(frame[c]) for c in frame.columns]
    return [list(frame.columns)] + [list(r) for r in zip(*columns)]


def _ledger(invoices, payments, as_of):
    inv = table_arg("Invoices", invoices)
    pay = table_arg("Payments", payments, required=False) if payments is not None else None
    return build_ledger(inv, pay if pay is not None and len(pay) else None, date_arg(as_of))


def _debtor_ids(debtors, ledger) -> pd.Series:
    listed = table_arg("Debtors", debtors, required=False)["debtor_id"]
    seen = ledger.invoices["debtor_id"]
    return pd.concat([listed, seen[~seen.isin(set(listed))]], ignore_index=True).drop_duplicates()


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row (invoice_id, debtor_id, invoice_date, due_date, amount ...)")
@xw.arg("payments", ndim=2, doc="Payments table with its header row, or empty")
@xw.arg("debtors", ndim=2, doc="Debtors table with its header row, or empty (then debtors come from the invoices)")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("buckets", doc="Upper bounds of the aging buckets in days, e.g. 30,60,90,120 (optional)")
@worksheet_function
def CREDIT_AGING(invoices, payments=None, debtors=None, as_of=None, buckets="30,60,90,120"):
    """Aged balance per debtor: not due, 1-30 ... over 120 days, total, DSO, DBT."""
    ledger = _ledger(invoices, payments, as_of)
    bounds = tuple(int(float(b)) for b in str(buckets or "30,60,90,120").replace(";", ",").split(","))
    return to_range(aging(ledger, _debtor_ids(debtors, ledger), Policy(aging_buckets=bounds)))


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row")
@xw.arg("payments", ndim=2, doc="Payments table with its header row, or empty")
@xw.arg("debtors", ndim=2, doc="Debtors table with its header row, or empty")
@xw.arg("orders", ndim=2, doc="Open orders table with its header row, or empty")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_EXPOSURE(invoices, payments=None, debtors=None, orders=None, as_of=None):
    """Exposure per debtor: open balances net of unapplied credit, open orders beside it."""
    ledger = _ledger(invoices, payments, as_of)
    open_orders = table_arg("Orders", orders, required=False) if orders is not None else None
    return to_range(exposure(ledger, _debtor_ids(debtors, ledger), open_orders))
