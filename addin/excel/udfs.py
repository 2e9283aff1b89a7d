"""Worksheet functions (xlwings UDFs, Windows Excel): thin wrappers over `functions`.

Array functions take whole tables (an Excel table or a range with its header row) and return
a table that spills. A bad argument returns a short text in the cell, never a traceback.
Results are cached on the content of the arguments: Excel may call a function several times
in one recalculation, and a 100k-row table should be computed once.

    =CREDIT_AGING(Invoices[#All], Payments[#All], Debtors[#All], "2025-06-30")
"""
from __future__ import annotations

import contextvars
import functools
import hashlib
import inspect
import pickle
import sys
import uuid
from collections import OrderedDict
from dataclasses import is_dataclass, replace
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import xlwings as xw

from functions.analysis import Analysis, analyse, policy_read
from functions.claims import claim_state, liability
from functions.deadlines import insurer_deadlines
from functions.fx import convert
from functions.insolvency import proof_of_claim_by
from functions.limits import equity_cap, needs_limit, recommended_limit
from functions.penalties import PUBLIC, late_interest
from functions.policy import Policy
from functions.portfolio import concentration
from functions.rates import rate_table
from functions.scoring import read_scoring
from functions.terms import legal_due_by
from functions.texts import label, lang, message, translated
from functions.turnover import premium, yearly_premium

from addin.workbook.contract import POLICY_COLUMNS, normalise_header
from addin.workbook.results import header, labels, shown
from addin.workbook.load import validate
from addin.workbook.parse import parse_amount, parse_date, parse_text, plain_date, uniform_cells
from addin.workbook.read import empty_table, read_policy, read_table
from addin.excel.xlbook import com_values

CATEGORY = "Credit insurance"
ERROR_PREFIX = "#CREDIT! "
# (language, headers) of the call being computed: the Policy argument's `language` and `headers`,
# or the `language` argument, French by default (addin.workbook.results words headers and codes).
DISPLAY: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar("display", default=("fr", "labels"))
LANGUAGE_DOC = "Language of the headers: fr (default) or en; ids for the identifiers"


class Cells(list):
    """A table argument as Excel passes it (header row, then rows), converted once per call.

    `frame` is the raw sheet the computation reads, built only when the result is not cached;
    `digest` a hash of the cells' values as given (the cache key; dates as their microseconds),
    cheap enough for a cache hit. Both read the same `columns` and `dates`.
    """

    @functools.cached_property
    def frame(self) -> pd.DataFrame | None:
        return RAW.get_or_compute("frame", (self.digest,), lambda: _raw_frame(self))

    @functools.cached_property
    def digest(self) -> bytes:
        """The rows pickled; when the first data row holds a date (and every row has the header's
        length), each column pickled instead, a column of
        dates (the costliest cells to pickle: most of a table's time) as its microseconds."""
        if self.dates is None:
            return _pickled(("rows", list(self.rows)))  # a plain list: a Cells pickles its cached properties too
        digest = hashlib.blake2b(b"columns", digest_size=32)
        hashing = _Hashing(_Into(digest.update), protocol=5)
        hashing.dump(self.rows[0])
        for k, cells in enumerate(self.columns):
            stamps = self.dates.get(k)
            hashing.dump(cells if stamps is None else ("dates", stamps.view("int64").tobytes()))
        return digest.digest()

    @functools.cached_property
    def rows(self) -> list[list]:
        """Each row as a list (a range of one column may come as its cells)."""
        return self if set(map(type, self)) <= {list} else [list(r) if isinstance(r, (list, tuple)) else [r]
                                                            for r in self]

    @functools.cached_property
    def columns(self) -> list[tuple] | None:
        """The data rows' cells by column; None when a row is not of the header's length."""
        rows = self.rows
        if len(set(map(len, rows))) > 1:
            return None
        return list(zip(*rows[1:])) if len(rows) > 1 else [() for _ in rows[0]]

    @functools.cached_property
    def dates(self) -> dict[int, np.ndarray] | None:
        """When the first data row holds a date (and the rows are even): the columns of dates without
        a time zone (`_stamps`), by position. None otherwise: the digest pickles the rows."""
        rows = self.rows
        if len(rows) < 2 or datetime not in map(type, rows[1]) or self.columns is None:
            return None
        stamps = {k: _stamps(cells) for k, cells in enumerate(self.columns) if type(cells[0]) is datetime}
        return {k: column for k, column in stamps.items() if column is not None}


def _stamps(cells) -> np.ndarray | None:
    """A column of dates without a time zone, and blanks, as datetime64[us] (NaT where blank): its
    microseconds tell apart what pickling the cells does, at a tenth of the cost. None for any other column."""
    if not set(map(type, cells)) <= {datetime, type(None)}:
        return None
    try:
        return np.asarray(pd.array(cells, dtype="datetime64[us]"))
    except (TypeError, ValueError):  # a time zone, or out of range
        return None


class ResultCache:
    """Last results by argument content, least recently used evicted first."""

    def __init__(self, size: int = 32):
        self.size, self.entries, self.hits, self.misses = size, OrderedDict(), 0, 0

    def key(self, name: str, args: tuple) -> str:
        h = hashlib.sha256(name.encode())
        for arg in args:
            h.update(arg.digest if isinstance(arg, Cells) else pickle.dumps(arg, protocol=4))
        return name + ":" + h.hexdigest()

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
# What several functions read from the same tables: raw and typed tables, the checked inputs of a
# set of tables, and the analysis steps computed on them (CREDIT_AGING and CREDIT_EXPOSURE on the
# same tables allocate the payments once). Nothing cached is modified: steps add tables, never edit.
RAW, TABLES, INPUTS, STEPS_DONE = ResultCache(16), ResultCache(16), ResultCache(16), ResultCache(64)


def forget() -> None:
    """Empty every cache, as a fresh Excel session (benchmarks and tests of cold calls): the results
    and tables above, and every function the add-in's modules remember (registration numbers,
    dates, headers ...) but those over the package's own data, made once like its imports."""
    for cache in (CACHE, RAW, TABLES, INPUTS, STEPS_DONE):
        cache.entries.clear()
    for module in [m for name, m in list(sys.modules.items()) if name.split(".")[0] in ("functions", "addin")]:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and not getattr(value, "package_data", False):
                value.cache_clear()


# Text held as Python strings while a worksheet function computes: on a workbook's tables (a few
# thousand rows) each of the analysis' many small operations is faster on them than on pyarrow's,
# pandas' default, which the run keeps for the memory of a million invoices.
SMALL_TABLES = ("mode.string_storage", "python")


def worksheet_function(func):
    """Errors become a short cell text; results are cached on the arguments' content.

    Table arguments (lists of rows) become `Cells`, so the key and the body convert them once.
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args):
        args = tuple(Cells(a) if isinstance(a, (list, tuple)) and not isinstance(a, Cells) else a for a in args)
        display = _display(signature.bind_partial(*args).arguments)
        token = DISPLAY.set(display)
        try:
            with pd.option_context(*SMALL_TABLES):
                return CACHE.get_or_compute(func.__name__, args, lambda: func(*args))
        except Exception as exc:  # a cell must never show a traceback
            said = translated(exc.args[0], display[0]) if exc.args else ""
            return ERROR_PREFIX + (str(said).splitlines()[0] if str(said) else type(exc).__name__)[:200]
        finally:
            DISPLAY.reset(token)
    return wrapper


def _display(arguments: dict) -> tuple[str, str]:
    """(language, headers) from a `language` argument or the Policy range's rows of that name."""
    if isinstance(arguments.get("language"), str):
        chosen = arguments["language"].strip().lower()
        return ("fr", "ids") if chosen == "ids" else (lang(chosen), "labels")
    rows = {str(r[0]).strip().lower(): r[1] for r in arguments.get("policy") or []
            if isinstance(r, (list, tuple)) and len(r) > 1}
    headers = str(rows.get("headers") or "labels").strip().lower()
    return lang(rows.get("language")), "ids" if headers in ("ids", "identifiants", "identifiers") else "labels"


def table_arg(sheet: str, values, required: bool = True) -> pd.DataFrame:
    """An Excel table/range (header row first) as the typed table of `sheet`; bad rows dropped."""
    raw = raw_arg(values)
    if raw is None:
        if required:
            raise ValueError(message("udf.empty_table", sheet=sheet))
        return empty_table(sheet)
    return read_table(sheet, raw)[0]


def number_arg(value, name: str) -> float:
    """A number cell: float, int or Decimal (Currency format) from COM; an error cell or text is an
    error naming the argument."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    amounts, reasons = parse_amount(pd.Series([value], dtype=object))
    if pd.isna(amounts.iloc[0]):
        raise ValueError(message("udf.argument", name=name, reason=reasons.iloc[0] if isinstance(reasons.iloc[0], str)
                                 else message("expected.number")))
    return float(amounts.iloc[0])


def date_arg(value, name: str = "as_of") -> date:
    """A date cell (datetime, serial number or text); blank is an error: functions never read the clock."""
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value).date()
    return _date_cell(value, name) if isinstance(value, (str, float, int, Decimal)) else _parsed_date(value, name)


@functools.lru_cache(maxsize=256)
def _date_cell(value, name: str) -> date:
    """A date typed as text or a serial number, parsed once: every function of a sheet takes as_of."""
    return _parsed_date(value, name)


def _parsed_date(value, name: str) -> date:
    plain = plain_date(value)
    if plain is not None:
        return plain
    parsed, reason = parse_date(pd.Series([value], dtype=object))
    if pd.isna(parsed.iloc[0]):
        raise ValueError(message("udf.argument", name=name, reason=reason.iloc[0] if isinstance(reason.iloc[0], str)
                                 else message("expected.a_date")))
    return parsed.iloc[0].date()


def to_range(frame: pd.DataFrame) -> list[list]:
    """A result table as the 2-D list Excel spills: header row, then COM-safe values. Text stays
    as is: a function's result is a value, so `-10 days` or `=B2` shows without an apostrophe.
    Headers and coded cells are worded as the result sheets word them (DISPLAY)."""
    language, headers = DISPLAY.get()
    cells = shown(frame, language, headers)
    columns = [com_values(cells[c], escape=False) for c in frame.columns]
    return [[header(c, language, headers) for c in frame.columns]] + [list(r) for r in zip(*columns)]


def raw_arg(values) -> pd.DataFrame | None:
    """An Excel range (header row first) as a raw sheet indexed by Excel row; None when empty.

    Each column is typed as soon as it is read (`parse.uniform_cells`): the parsers would type it
    anyway, several times over, and a typed column is what the run reads from a file too.
    """
    return values.frame if isinstance(values, Cells) else _raw_frame(values)


def _raw_frame(values) -> pd.DataFrame | None:
    if values is None or values == [[None]]:
        return None
    cells = values if isinstance(values, Cells) else Cells(values)
    headers, index = [str(h) for h in cells.rows[0]], pd.RangeIndex(2, len(cells.rows) + 1)
    if cells.columns is None:  # rows of another length than the header: the short ones end in blanks
        columns = pd.DataFrame(cells.rows[1:], columns=range(len(headers)), dtype=object).to_numpy().T
    else:
        columns = cells.columns
    dates = cells.dates or {}
    typed = [_in_seconds(dates[k]) if k in dates else None for k in range(len(headers))]
    typed = [uniform_cells(column, index) if done is None else done for column, done in zip(columns, typed)]
    # a block per column (copy=False): a raw sheet is only read column by column
    if len(set(headers)) == len(headers):
        return pd.DataFrame(dict(zip(headers, typed)), index=index, copy=False)
    raw = pd.DataFrame(dict(enumerate(typed)), index=index, copy=False)
    raw.columns = headers  # a header used twice
    return raw


def _in_seconds(stamps: np.ndarray) -> np.ndarray | None:
    """Dates the digest read (datetime64[us]) as the seconds `parse.uniform_cells` makes of them,
    when none has a fraction of a second (else None: uniform_cells decides)."""
    exact = stamps.view("int64") % 1_000_000 == 0
    return stamps.astype("datetime64[s]") if (exact | np.isnat(stamps)).all() else None


def policy_arg(values) -> Policy:
    """A Policy range (Parameter | Value); empty = the defaults."""
    return _policy(values)[0]


def _policy(values) -> tuple[Policy, list]:
    """The Policy range read once per content: the Policy is frozen, its issues are copied."""
    if not isinstance(values, Cells):
        return read_policy(raw_arg(values))
    policy, issues = TABLES.get_or_compute("Policy", (values.digest,), lambda: read_policy(values.frame))
    return policy, list(issues)


def _inputs(sheets: dict):
    """Ranges keyed by sheet name (Invoices, FX, Dunning plan, Policy ...) read and checked exactly
    as a run reads the workbook: same parsing, same rows rejected. Functions given the same tables
    share the result."""
    given = tuple((name, values.digest if isinstance(values, Cells) else pickle.dumps(values))
                  for name, values in sorted(sheets.items()) if values is not None)
    return INPUTS.get_or_compute("inputs", (given,), lambda: _checked(sheets))


def _checked(sheets: dict):
    raw = {name: raw_arg(values) for name, values in sheets.items()}
    raw = {name: frame for name, frame in raw.items() if frame is not None}
    if "Invoices" not in raw:
        raise ValueError(message("udf.empty_table", sheet="Invoices"))
    digests = {id(raw[name]): values.digest for name, values in sheets.items()
               if isinstance(values, Cells) and name in raw}

    def read(name, frame, columns=None):
        if id(frame) not in digests:
            return read_table(name, frame, columns)
        table, issues = TABLES.get_or_compute(name, (digests[id(frame)], columns), lambda: read_table(name, frame, columns))
        return table.copy(deep=False), list(issues)  # their own copy for checks and functions: pandas copies on write
    return validate(raw, read, lambda frame: _policy(sheets["Policy"]) if frame is not None else read_policy(None))


# Rows of these sheets are checked against one another when read (functions.checks): every step's
# result depends on them, whatever sheets it reads itself.
CHECKED_TOGETHER = ("Debtors", "Invoices", "Payments")


# Up to this many invoices a step's tables are fingerprinted by their content (a few ms on a
# workbook's tables); beyond it, pickling them would cost seconds, and a table is known by how it
# was made (its step and that step's key), which shares less but costs nothing.
CONTENT_KEYED_INVOICES = 50_000


def _fingerprinted(result, made_by: str | None):
    """A step's result with the fingerprints of the tables it adds: by content (`_fingerprint`,
    filled in when a step needing the table asks: many are never read by a later step), so the
    steps after it are keyed on what it computed, not on the sheets it was computed from; else
    by `made_by`."""
    added, found = result
    return added, found, {} if made_by is None else {name: f"{made_by}/{name}".encode() for name in added}


def _fingerprint(table, seen: dict[int, tuple]) -> bytes:
    """A hash of a table's content. A dataclass (a Ledger) is hashed field by field, and a frame
    already hashed in this call (`seen`, by id) is not hashed again: the ledgers in the Policy
    currency, in the invoices' own and with their due dates share most of their frames."""
    if isinstance(table, (pd.DataFrame, pd.Series)):
        if id(table) not in seen:
            seen[id(table)] = table, _pickled(table)  # the frame kept: its id is not reused in the call
        return seen[id(table)][1]
    if is_dataclass(table) and not isinstance(table, type) and hasattr(table, "__dict__"):
        return _pickled((type(table), {name: _fingerprint(value, seen) for name, value in vars(table).items()}))
    return _pickled(table)


def _pickled(value) -> bytes:
    """The hash of `value` pickled, straight into the hash; a value that cannot be pickled gets a
    fingerprint of its own, so nothing after it is shared by mistake."""
    digest = hashlib.blake2b(digest_size=32)
    try:
        _Hashing(_Into(digest.update), protocol=5).dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):  # ValueError: a value holding itself
        return uuid.uuid4().bytes
    return digest.digest()


class _Into:
    """A file whose writes go to `write` (a hash's update)."""

    def __init__(self, write):
        self.write = write


class _Hashing(pickle.Pickler):
    """Pickles numpy arrays as their type, shape and cells only: numpy's own pickling costs ~8 us
    an array, most of a small table's fingerprint (a frame holds one array per type, a text
    column one each); pandas' blocks as their axes, arrays and places only (pandas pickles each
    array twice, and an index of the columns of each). Never unpickled: only hashed, so without
    a memo (`fast`): remembering each string of a text column costs more than writing it again,
    and a value pickles the same whether or not it is the very object seen before (one that
    holds itself cannot be hashed)."""

    def __init__(self, file, protocol):
        super().__init__(file, protocol=protocol)
        self.fast = True

    def reducer_override(self, obj):
        if type(obj).__module__ == "pandas.core.internals.managers":  # a frame's or a Series' blocks
            return type(obj), (obj.axes, [(block.values, block.mgr_locs.indexer) for block in obj.blocks])
        if type(obj) is not np.ndarray:
            return NotImplemented
        if obj.dtype.kind in "biufcmM":  # numbers, booleans, dates and durations: their bytes say it all
            return np.ndarray, (obj.dtype.str, obj.shape, obj.tobytes())
        if obj.dtype.kind == "O":
            return np.ndarray, ("O", obj.shape, obj.tolist())
        return NotImplemented


def _analysis(as_of, sheets: dict, want: list[str]) -> Analysis:
    """The analysis of ranges, running only the steps `want` needs: the same tables as the ribbon
    and the command line. A step already computed with the same Policy parameters and as_of, on
    the same content of the sheets it reads itself and of the tables it needs from earlier steps,
    is taken from STEPS_DONE: the worksheet functions of one recalculation share their ledger,
    cover, scores ... even when given different sheets, as long as what a step reads is the same
    (a function given no Orders shares the ledger, which does not read them)."""
    inputs, when = _inputs(sheets), date_arg(as_of)
    made: dict[str, dict[str, bytes]] = {}  # table name -> the fingerprints of the step that added it
    seen: dict[int, tuple] = {}  # the frames fingerprinted in this call
    by_content = len(inputs.table("Invoices")) <= CONTENT_KEYED_INVOICES

    def digest(name):
        value = sheets.get(name)
        return value.digest if isinstance(value, Cells) else None if value is None else pickle.dumps(value)

    def shared(step, tables):
        names = sorted({*step.reads, *CHECKED_TOGETHER})
        key = (when, policy_read(step, inputs.policy), *(digest(n) for n in names),
               *(fingerprint(n, tables[n]) for n in step.needs))
        made_by = None if by_content else STEPS_DONE.key(step.run.__name__, key)
        added, found, fingerprints = STEPS_DONE.get_or_compute(step.run.__name__, key,
                                                              lambda: _fingerprinted(step.run(tables), made_by))
        made.update(dict.fromkeys(added, fingerprints))
        return added, found

    def fingerprint(name, table):
        fingerprints = made[name]  # kept with the step's result: computed once for every function
        if name not in fingerprints:
            fingerprints[name] = _fingerprint(table, seen)
        return fingerprints[name]
    return analyse(inputs, when, want=want, given=shared)


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row (invoice_id, debtor_id, invoice_date, due_date, amount ...)")
@xw.arg("payments", ndim=2, doc="Payments table with its header row, or empty")
@xw.arg("debtors", ndim=2, doc="Debtors table with its header row, or empty (then debtors come from the invoices)")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("buckets", doc="Upper bounds of the aging buckets in days, e.g. 30,60,90,120 (optional)")
@xw.arg("language", doc=LANGUAGE_DOC)
@xw.arg("extensions", ndim=2, doc="Extensions (agreed extensions and payment plans), or empty")
@worksheet_function
def CREDIT_AGING(invoices, payments=None, debtors=None, as_of=None, buckets="30,60,90,120", language=None,
                 extensions=None):
    """Aged balance per debtor: not due, 1-30 ... over 120 days, total, DSO, DBT."""
    bounds = str(buckets or "30,60,90,120")
    sheets = {"Invoices": invoices, "Payments": payments, "Debtors": debtors, "Extensions": extensions,
              "Policy": [["Parameter", "Value"], ["aging_buckets", bounds]]}
    analysis = _analysis(as_of, sheets, ["Aging"])
    if any(i.sheet == "Policy" for i in analysis.issues):
        raise ValueError(message("udf.argument", name="buckets",
                                 reason=message("parse.not", value=bounds, what=message("expected.day_counts"))))
    return to_range(analysis.sheet("Aging"))


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row")
@xw.arg("payments", ndim=2, doc="Payments table with its header row, or empty")
@xw.arg("debtors", ndim=2, doc="Debtors table with its header row, or empty")
@xw.arg("orders", ndim=2, doc="Open orders table with its header row, or empty")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("language", doc=LANGUAGE_DOC)
@worksheet_function
def CREDIT_EXPOSURE(invoices, payments=None, debtors=None, orders=None, as_of=None, language=None):
    """Exposure per debtor: open balances net of unapplied credit, open orders beside it."""
    sheets = {"Invoices": invoices, "Payments": payments, "Debtors": debtors, "Orders": orders}
    return to_range(_analysis(as_of, sheets, ["balances"])["balances"])


TABLE_DOC = "table with its header row (an Excel table or range), or empty"
# The table arguments most functions take, described once: `@tables("invoices", "payments")`.
TABLE_ARGS = {
    "invoices": "Invoices table with its header row",
    "payments": "Payments " + TABLE_DOC,
    "debtors": "Debtors " + TABLE_DOC,
    "limits": "Limits (insurer decisions) " + TABLE_DOC,
    "orders": "Open orders " + TABLE_DOC,
    "policy": "Policy table (Parameter | Value), or empty for the defaults",
    "extensions": "Extensions (agreed extensions and payment plans) " + TABLE_DOC,
    "claims": "Claims (filed, accepted, refused, paid, recovered, closed events) " + TABLE_DOC,
    "grades": "Grades (insurer grade history) " + TABLE_DOC,
    "fx": "FX rates " + TABLE_DOC,
}


def tables(*names: str):
    """xw.arg(name, ndim=2, doc=...) for each table argument named (Excel passes a 2-D range)."""
    def decorate(func):
        for name in reversed(names):
            func = xw.arg(name, ndim=2, doc=TABLE_ARGS[name])(func)
        return func
    return decorate


@xw.func(category=CATEGORY)
@tables("invoices", "limits", "debtors", "payments", "orders", "policy")
@xw.arg("as_of", doc="Date of the analysis")
@tables("extensions", "claims")
@xw.arg("financials", ndim=2, doc="Financials (balance sheets) " + TABLE_DOC + " (the recommended limit)")
@xw.arg("grades", ndim=2, doc="Grades (insurer grade history) " + TABLE_DOC)
@worksheet_function
def CREDIT_COVER(invoices, limits=None, debtors=None, payments=None, orders=None, policy=None, as_of=None,
                 extensions=None, claims=None, financials=None, grades=None):
    """Exposure against cover per debtor: limit, limit type, quotite, covered, insured, uninsured, usage."""
    sheets = {"Policy": policy, "Invoices": invoices, "Limits": limits, "Debtors": debtors, "Payments": payments,
              "Orders": orders, "Extensions": extensions, "Claims": claims, "Financials": financials, "Grades": grades}
    return to_range(_analysis(as_of, sheets, ["Exposure"]).sheet("Exposure"))


@xw.func(category=CATEGORY)
@tables("invoices", "limits", "debtors", "payments", "orders")
@xw.arg("register", ndim=2, doc="Register of declarations sent " + TABLE_DOC)
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@xw.arg("as_of", doc="Date of the analysis")
@tables("extensions", "claims")
@xw.arg("financials", ndim=2, doc="Financials (balance sheets) " + TABLE_DOC + " (the recommended limit)")
@xw.arg("grades", ndim=2, doc="Grades (insurer grade history) " + TABLE_DOC)
@xw.arg("actions", ndim=2, doc="Actions (dunning history) " + TABLE_DOC)
@worksheet_function
def CREDIT_BREACHES(invoices, limits=None, debtors=None, payments=None, orders=None, register=None, policy=None,
                    as_of=None, extensions=None, claims=None, financials=None, grades=None, actions=None):
    """What voids the cover now or soon: flag, severity, amount and what to do, most urgent first."""
    sheets = {"Policy": policy, "Invoices": invoices, "Limits": limits, "Debtors": debtors, "Payments": payments,
              "Orders": orders, "Register": register, "Extensions": extensions, "Claims": claims,
              "Financials": financials, "Grades": grades, "Actions": actions}
    return to_range(_analysis(as_of, sheets, ["Breaches"]).sheet("Breaches"))


@xw.func(category=CATEGORY)
@tables("invoices", "debtors", "payments")
@xw.arg("financials", ndim=2, doc="Financials (balance sheets) " + TABLE_DOC)
@xw.arg("grades", ndim=2, doc="Grades (insurer grade history) " + TABLE_DOC)
@xw.arg("limits", ndim=2, doc="Limits " + TABLE_DOC + " (limit usage is a score component)")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_SCORES(invoices, debtors=None, payments=None, financials=None, grades=None, limits=None, policy=None,
                  as_of=None):
    """Score 0-100 (100 safest), grade A-E, days late, completeness and reasons, per debtor."""
    sheets = {"Policy": policy, "Invoices": invoices, "Debtors": debtors, "Payments": payments,
              "Financials": financials, "Grades": grades, "Limits": limits}
    return to_range(_analysis(as_of, sheets, ["Scores"]).sheet("Scores"))


@xw.func(category=CATEGORY)
@xw.arg("debtor_id", doc="The debtor's id (debtor_id column)")
@tables("invoices", "debtors", "payments")
@xw.arg("financials", ndim=2, doc="Financials " + TABLE_DOC)
@xw.arg("grades", ndim=2, doc="Grades " + TABLE_DOC)
@xw.arg("limits", ndim=2, doc="Limits " + TABLE_DOC)
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_SCORE(debtor_id, invoices, debtors=None, payments=None, financials=None, grades=None, limits=None,
                 policy=None, as_of=None):
    """One debtor's score 0-100 (100 safest)."""
    sheets = {"Policy": policy, "Invoices": invoices, "Debtors": debtors, "Payments": payments,
              "Financials": financials, "Grades": grades, "Limits": limits}
    scores = _analysis(as_of, sheets, ["Scores"]).sheet("Scores")
    key = parse_text(pd.Series([debtor_id], dtype=object))[0].iloc[0]
    found = scores.loc[scores["debtor_id"] == key, "score"]
    if found.empty:
        raise ValueError(message("udf.unknown_debtor", debtor=key))
    return None if pd.isna(found.iloc[0]) else float(found.iloc[0])


@xw.func(category=CATEGORY)
@tables("invoices", "debtors", "payments")
@xw.arg("register", ndim=2, doc="Register of declarations sent " + TABLE_DOC)
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("extensions", ndim=2, doc="Extensions (agreed extensions and payment plans) " + TABLE_DOC)
@worksheet_function
def CREDIT_DEADLINES(invoices, debtors=None, payments=None, register=None, policy=None, as_of=None, extensions=None):
    """Insurer deadlines per overdue invoice: MEP end, notify by, hand over by, expected claim, status."""
    sheets = {"Policy": policy, "Invoices": invoices, "Debtors": debtors, "Payments": payments, "Register": register,
              "Extensions": extensions}
    return to_range(_analysis(as_of, sheets, ["Deadlines"]).sheet("Deadlines"))


@xw.func(category=CATEGORY)
@xw.arg("due_date", doc="The invoice's due date")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@worksheet_function
def CREDIT_NOTIFY_BY(due_date, policy=None):
    """Last day to notify the insurer of this overdue invoice (menace de sinistre)."""
    due = pd.Timestamp(date_arg(due_date, "due_date"))
    return insurer_deadlines(due, policy_arg(policy)).notify_by.to_pydatetime()


@xw.func(category=CATEGORY)
@xw.arg("amount", doc="Amount unpaid (or paid late)")
@xw.arg("due_date", doc="The invoice's due date")
@xw.arg("paid_date", doc="Date paid, or the date of the calculation if still unpaid")
@xw.arg("rates", ndim=2, doc="Rates table (date, ecb_mro_rate, legal_rate) to extend the bundled ECB rates, or empty")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value): interest_rule, late_penalty_points ...; or empty")
@xw.arg("rule", doc="fr, eu, contract, or public for a public buyer (ECB + 8 points); blank = the Policy's interest_rule")
@worksheet_function
def CREDIT_LATE_INTEREST(amount, due_date, paid_date, rates=None, policy=None, rule=None):
    """French late interest (ECB rate of the semester + 10 points, days/365), by the Policy's interest_rule."""
    terms = policy_arg(policy)
    table, _ = rate_table(table_arg("Rates", rates, required=False) if rates is not None else None)
    chosen = str(rule).strip().lower() if rule not in (None, "") else None
    if chosen not in (None, "fr", "eu", "contract", PUBLIC):
        raise ValueError(message("udf.rule", rule=rule))
    result = late_interest(number_arg(amount, "amount"), date_arg(due_date, "due_date"), date_arg(paid_date, "paid_date"),
                           chosen, terms, table)
    if result.issues:
        raise ValueError(result.issues[0].message)  # a Message: worded in the call's language
    return result.interest


@xw.func(category=CATEGORY)
@xw.arg("annual_sales", doc="Sales to the debtor over 12 months, incl. VAT")
@xw.arg("terms_days", doc="Payment terms in days")
@xw.arg("equity", doc="The debtor's equity (capitaux propres), or empty")
@xw.arg("grade", doc="Score grade A-E, or empty (then no equity cap)")
@xw.arg("headroom", doc="Headroom on the needs, e.g. 1.2 (Policy limit_headroom)")
@xw.arg("scoring", ndim=2, doc="Scoring table (Parameter | Value) whose equity_share_A..E rows give the share of "
                               "equity by grade, or empty for the shipped defaults")
@worksheet_function
def CREDIT_RECOMMENDED_LIMIT(annual_sales, terms_days, equity=None, grade=None, headroom=1.2, scoring=None):
    """min(annual sales x terms / 365 x headroom, share of equity by grade)."""
    needs = needs_limit(number_arg(annual_sales, "annual_sales"), number_arg(terms_days, "terms_days"),
                        number_arg(headroom, "headroom") if headroom is not None else 1.2)
    if equity is None or grade is None:
        return needs
    raw = raw_arg(scoring)
    shares = dict(read_scoring(read_table("Scoring", raw, POLICY_COLUMNS)[0] if raw is not None else None)[0]
                  .equity_shares)
    share = shares.get(str(grade).strip().upper())
    if share is None:
        raise ValueError(message("parse.not_one_of", value=grade, allowed="A, B, C, D, E"))
    return float(recommended_limit(needs, equity_cap(number_arg(equity, "equity"), share)))


@xw.func(category=CATEGORY)
@xw.arg("insured_turnover", doc="Insured turnover of the period (excl. VAT by default)")
@xw.arg("rate", doc="Premium rate, e.g. 0.0025")
@xw.arg("minimum_premium", doc="Minimum premium of the policy year, or empty (use it on the yearly turnover only)")
@worksheet_function
def CREDIT_PREMIUM(insured_turnover, rate, minimum_premium=None):
    """Premium = rate x insured turnover (to the cent), topped up to the minimum premium when one is given."""
    paid = premium(number_arg(insured_turnover, "insured_turnover"), number_arg(rate, "rate"))
    if minimum_premium in (None, ""):
        return paid
    return yearly_premium(paid, number_arg(minimum_premium, "minimum_premium"))


@xw.func(category=CATEGORY)
@tables("invoices", "debtors", "payments", "limits", "grades")
@xw.arg("financials", ndim=2, doc="Financials (balance sheets) " + TABLE_DOC)
@xw.arg("pd_table", ndim=2, doc="PD table (grade | pd), or empty for the shipped defaults")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_EXPECTED_LOSS(invoices, debtors=None, payments=None, limits=None, grades=None, financials=None,
                         pd_table=None, policy=None, as_of=None):
    """One-year expected loss per score grade: exposure, PD, loss at default, expected loss and indemnity."""
    analysis = _analysis(as_of, {"Invoices": invoices, "Debtors": debtors, "Payments": payments, "Limits": limits,
                                 "Grades": grades, "Financials": financials, "PD": pd_table, "Policy": policy},
                         ["portfolio"])
    return to_range(analysis["portfolio"].expected)


@xw.func(category=CATEGORY)
@xw.arg("exposures", ndim=2, doc="Exposure per debtor: the Exposure sheet (debtor_id and exposure columns) or one "
                                 "column of amounts")
@xw.arg("top", doc="How many of the largest debtors the top share counts (default 10)")
@xw.arg("language", doc=LANGUAGE_DOC)
@worksheet_function
def CREDIT_CONCENTRATION(exposures, top=10, language=None):
    """Concentration of the exposure: top-N share and Herfindahl index (0-1 and 0-10,000), equivalent debtors."""
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in exposures or []]
    if rows and any(isinstance(v, str) for v in rows[0]):
        heads = [normalise_header(v) for v in rows[0]]
        column = next(heads.index(h) for h in map(normalise_header, labels("exposure")) if h in heads)
        key = next((heads.index(h) for h in map(normalise_header, labels("debtor_id")) if h in heads), None)
        rows = rows[1:]
    else:
        column, key = len(rows[0]) - 1 if rows else 0, (0 if rows and len(rows[0]) > 1 else None)
    amounts, reasons = parse_amount(pd.Series([r[column] for r in rows], dtype=object))
    ids = [r[key] if key is not None else i for i, r in enumerate(rows)]
    c = concentration(pd.Series(amounts.fillna(0.0).to_numpy(float), index=ids), int(top or 10))
    shown_as, headers = DISPLAY.get()
    word = (lambda m, **f: m) if headers == "ids" else (lambda m, **f: label(m, "concentration", shown_as).format(**f))
    return [[header("measure", shown_as, headers), header("value", shown_as, headers)],
            [word("exposure"), c.total], [word("debtors"), c.debtors],
            [f"top_{int(top or 10)}_share" if headers == "ids" else word("top_share", top=int(top or 10)), c.top_share],
            [word("largest_share"), c.largest_share], [word("herfindahl"), c.hhi], [word("herfindahl_points"), c.hhi_points],
            [word("equivalent_debtors"), c.equivalent_debtors]]


@xw.func(category=CATEGORY)
@xw.arg("amount", doc="Amount in the foreign currency")
@xw.arg("currency_code", doc="ISO code of the amount's currency, e.g. USD (blank = the policy currency)")
@xw.arg("when", doc="Date of the rate: the invoice date for turnover, the analysis date for exposure")
@xw.arg("fx_table", ndim=2, doc="FX table with its header row (currency, date, rate = policy currency per unit)")
@xw.arg("policy_currency", doc="Policy currency (default EUR)")
@worksheet_function
def CREDIT_FX_CONVERT(amount, currency_code, when, fx_table=None, policy_currency="EUR"):
    """An amount in the policy currency at the latest rate on or before the date; an error text when no rate."""
    home = str(policy_currency or "EUR").strip().upper()
    value = convert(number_arg(amount, "amount"), currency_code or home, date_arg(when, "date"), table_arg("FX", fx_table, required=False), home)
    if pd.isna(value):
        raise ValueError(message("udf.no_rate", currency=str(currency_code).strip().upper(),
                                 date=f"{date_arg(when, 'date'):%Y-%m-%d}"))
    return value


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row")
@xw.arg("debtors", ndim=2, doc="Debtors table with its header row (the group column names each parent group)")
@tables("payments", "limits", "orders", "fx", "policy")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_GROUPS(invoices, debtors, payments=None, limits=None, orders=None, fx=None, policy=None, as_of=None):
    """Exposure, cover and usage per debtor group, over-cover amount (the Groups sheet)."""
    sheets = {"Invoices": invoices, "Debtors": debtors, "Payments": payments, "Limits": limits, "Orders": orders,
              "FX": fx, "Policy": policy}
    return to_range(_analysis(as_of, sheets, ["Groups"]).sheet("Groups"))


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row")
@xw.arg("debtors", ndim=2, doc="Debtors table with its header row (insolvency_date column)")
@tables("payments", "limits", "orders", "fx", "policy")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_INSOLVENCY(invoices, debtors, payments=None, limits=None, orders=None, fx=None, policy=None, as_of=None):
    """Per debtor in insolvency proceedings: insurer notice and proof-of-claim deadlines, the claim (the Insolvency sheet)."""
    sheets = {"Invoices": invoices, "Debtors": debtors, "Payments": payments, "Limits": limits, "Orders": orders,
              "FX": fx, "Policy": policy}
    return to_range(_analysis(as_of, sheets, ["Insolvency"]).sheet("Insolvency"))


@xw.func(category=CATEGORY)
@xw.arg("insolvency_date", doc="Date of the insolvency judgment or of its BODACC publication")
@worksheet_function
def CREDIT_PROOF_OF_CLAIM_BY(insolvency_date):
    """Last day to file the proof of claim (déclaration de créance): the date + 2 months, month-end clipped."""
    return proof_of_claim_by(pd.Timestamp(date_arg(insolvency_date, "insolvency_date"))).to_pydatetime()


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row")
@xw.arg("actions", ndim=2, doc="Actions (dunning history: reminders, calls, formal notices) " + TABLE_DOC)
@xw.arg("debtors", ndim=2, doc="Debtors " + TABLE_DOC + " (do_not_remind, insolvency_date)")
@xw.arg("payments", ndim=2, doc="Payments " + TABLE_DOC)
@xw.arg("plan", ndim=2, doc="Dunning plan table (level, name, days_after_due, channel ...), or empty for the defaults")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value), or empty for the defaults")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("extensions", ndim=2, doc="Extensions (agreed extensions and payment plans) " + TABLE_DOC)
@worksheet_function
def CREDIT_NEXT_ACTION(invoices, actions=None, debtors=None, payments=None, plan=None, policy=None, as_of=None,
                       extensions=None):
    """Next dunning action per client: level reached, next action and its date, amount, invoices, most urgent first."""
    table = _analysis(as_of, {"Invoices": invoices, "Actions": actions, "Debtors": debtors, "Payments": payments,
                              "Dunning plan": plan, "Policy": policy, "Extensions": extensions},
                      ["Dunning"]).sheet("Dunning")
    return to_range(table.drop(columns="document"))


@xw.func(category=CATEGORY)
@tables("invoices", "debtors", "payments", "limits", "claims")
@xw.arg("register", ndim=2, doc="Register of declarations sent " + TABLE_DOC + " (collection requests)")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value): max_liability, aggregate_first_loss ...; or empty")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("extensions", ndim=2, doc="Extensions (agreed extensions and payment plans) " + TABLE_DOC)
@worksheet_function
def CREDIT_INDEMNITIES(invoices, debtors=None, payments=None, limits=None, claims=None, register=None, policy=None,
                       as_of=None, extensions=None):
    """Claims after the hand-over: expected indemnity, recoveries to pass on, recoverable VAT (the Indemnities sheet)."""
    return to_range(_claims_analysis(as_of, invoices, debtors, payments, limits, claims, register, policy, extensions)
                    .sheet("Indemnities"))


@xw.func(category=CATEGORY)
@xw.arg("debtor_id", doc="The client's id (debtor_id column)")
@tables("invoices", "debtors", "payments", "limits", "claims")
@xw.arg("register", ndim=2, doc="Register of declarations sent " + TABLE_DOC + " (collection requests)")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value): max_liability, aggregate_first_loss ...; or empty")
@xw.arg("as_of", doc="Date of the analysis")
@xw.arg("extensions", ndim=2, doc="Extensions (agreed extensions and payment plans) " + TABLE_DOC)
@worksheet_function
def CREDIT_CLAIM_INDEMNITY(debtor_id, invoices, debtors=None, payments=None, limits=None, claims=None, register=None,
                           policy=None, as_of=None, extensions=None):
    """The indemnity the insurer is expected to pay on this client's claim, within the policy year's ceilings."""
    table = _claims_analysis(as_of, invoices, debtors, payments, limits, claims, register, policy,
                             extensions).sheet("Indemnities")
    row = table.loc[table["debtor_id"].astype(str) == str(debtor_id).strip()]
    if row.empty:
        raise ValueError(message("udf.no_claim", debtor=debtor_id))
    return float(row["expected_indemnity"].iloc[0])


def _claims_analysis(as_of, invoices, debtors, payments, limits, claims, register, policy, extensions) -> Analysis:
    sheets = {"Invoices": invoices, "Debtors": debtors, "Payments": payments, "Limits": limits, "Claims": claims,
              "Register": register, "Policy": policy, "Extensions": extensions}
    return _analysis(as_of, sheets, ["Indemnities"])


@xw.func(category=CATEGORY)
@xw.arg("claims", ndim=2, doc="Claims (filed, accepted, refused, paid, recovered, closed events) " + TABLE_DOC)
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value) with max_liability, aggregate_first_loss, policy_year_start")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_MAX_LIABILITY_HEADROOM(claims, policy, as_of):
    """What the insurer may still pay this policy year: the maximum liability less what it pays on the claims decided."""
    terms, when = policy_arg(policy), pd.Timestamp(date_arg(as_of))
    if terms.max_liability is None:
        raise ValueError(message("udf.no_max_liability"))
    rows = table_arg("Claims", claims, required=False) if claims is not None else None
    return liability(claim_state(rows, terms, when), terms, when).headroom


@xw.func(category=CATEGORY)
@xw.arg("invoices", ndim=2, doc="Invoices table with its header row")
@xw.arg("debtors", ndim=2, doc="Debtors " + TABLE_DOC + " (legal_terms_days for a sector rule; sector public)")
@xw.arg("payments", ndim=2, doc="Payments " + TABLE_DOC)
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value) with legal_terms_days, legal_terms_eom_days")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_LEGAL_TERMS(invoices, debtors=None, payments=None, policy=None, as_of=None):
    """Invoices whose payment terms exceed the legal limit (Code de commerce L441-10): the Legal terms sheet."""
    sheets = {"Invoices": invoices, "Debtors": debtors, "Payments": payments, "Policy": policy}
    return to_range(_analysis(as_of, sheets, ["Legal terms"]).sheet("Legal terms"))


@xw.func(category=CATEGORY)
@xw.arg("invoice_date", doc="The invoice's date")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value) with legal_terms_days, legal_terms_eom_days; "
                              "empty = 60 days or 45 days end of month")
@xw.arg("client_days", doc="The client's sector rule in days (Debtors legal_terms_days), or empty")
@worksheet_function
def CREDIT_LEGAL_DUE_BY(invoice_date, policy=None, client_days=None):
    """The latest lawful due date of an invoice (Code de commerce L441-10 I)."""
    terms = policy_arg(policy)
    if terms.legal_terms_days is None and terms.legal_terms_eom_days is None:
        terms = replace(terms, legal_terms_days=60, legal_terms_eom_days=45)
    days = float(client_days) if client_days not in (None, "") else None
    return legal_due_by(pd.Timestamp(date_arg(invoice_date, "invoice_date")), terms, days).to_pydatetime()


@xw.func(category=CATEGORY)
@tables("invoices", "limits", "debtors", "payments", "orders")
@xw.arg("policy", ndim=2, doc="Policy table (Parameter | Value) with idle_limit_months, monitoring_fee")
@xw.arg("as_of", doc="Date of the analysis")
@worksheet_function
def CREDIT_IDLE_LIMITS(invoices, limits=None, debtors=None, payments=None, orders=None, policy=None, as_of=None):
    """Named limits on clients without sales for months, and the yearly fee cancelling each saves (the Idle limits sheet)."""
    sheets = {"Invoices": invoices, "Limits": limits, "Debtors": debtors, "Payments": payments, "Orders": orders,
              "Policy": policy}
    return to_range(_analysis(as_of, sheets, ["Idle limits"]).sheet("Idle limits"))


def _error_cells_as_text() -> None:
    """xlwings reads an error cell (#N/A, #REF! ...) as a blank unless told otherwise: every argument
    of every function here gets it as its text, which the parsers report as an error in the cell."""
    for value in list(globals().values()):
        for arg in getattr(value, "__xlfunc__", {}).get("args", ()):
            arg["options"].setdefault("err_to_str", True)


_error_cells_as_text()
