"""Cell parsing, vectorised per column: Excel values or the text users type.

Each parser takes a raw column and returns the parsed column plus the reason for every
non-empty cell it could not read (None where it could), so validation can say what is wrong.

>>> parse_amount(pd.Series(["1 234,56", 12.5, "abc", None]))[0].tolist()
[1234.56, 12.5, nan, nan]
>>> parse_date(pd.Series(["31/01/2025", "2025-01-31", 45688.0]))[0].dt.strftime("%Y-%m-%d").tolist()
['2025-01-31', '2025-01-31', '2025-01-31']
"""
from __future__ import annotations

import math
import re
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from functions.texts import has, joined, message

from addin.workbook.contract import AMOUNT, BOOL, CHOICE, CHOICE_WORDS, DATE, INT, normalise_header

EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
MAX_AMOUNT = 1e13  # larger than any receivable; beyond it a cell is a typing accident
MIN_DATE, MAX_DATE = pd.Timestamp("1900-01-01"), pd.Timestamp("2199-12-31")
_FIRST, _LAST = MIN_DATE.to_datetime64(), MAX_DATE.to_datetime64()
MAX_SERIAL = 109575  # Excel serial of 2200-01-01
NO_BREAK_SPACE = "\u00a0".encode()
_SPACES = "[\u00a0\u202f\u2007\u2009 '’]"
_TRUE = {"true", "yes", "y", "oui", "o", "vrai", "x", "1", "ja", "si", "sì"}
_FALSE = {"false", "no", "n", "non", "faux", "0", "nein"}
# pandas' default text type, held by pyarrow whatever the string storage option: the fast paths
# below read arrow arrays (worksheet functions compute with Python strings, but parse like the run).
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def _is_text(raw: pd.Series) -> bool:
    """A column of strings only (fastexcel's text columns): the vectorised .str path applies."""
    return pd.api.types.is_string_dtype(raw) and raw.dtype != object


def _arrow_text(raw: pd.Series):
    """A text column's cells as an arrow array, for pyarrow's own functions (those pandas' .str calls)
    without pandas' cost per operation (one chunk: a concatenated column has several); None for any
    other column."""
    if not isinstance(raw.array, pd.arrays.ArrowStringArray):
        return None
    cells = pa.array(raw.array)
    return cells.combine_chunks() if isinstance(cells, pa.ChunkedArray) else cells


def _no_reasons(raw: pd.Series) -> pd.Series:
    return pd.Series(None, index=raw.index, dtype=object)


def is_typed(raw: pd.Series) -> bool:
    """Numbers or dates only: no text to inspect."""
    if isinstance(raw.dtype, np.dtype):  # numpy's kinds: integers, floats, complex, datetimes (not bool, timedelta)
        return raw.dtype.kind in "iufcM"
    return (pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_datetime64_any_dtype(raw)) \
        and not pd.api.types.is_bool_dtype(raw)


def uniform(raw: pd.Series) -> pd.Series:
    """An object column of one type as a typed column (text, float or datetime), else unchanged.

    Tables from Excel (xlwings) arrive as objects but nearly always hold one type per column;
    typed, a million cells skip the per-cell checks. The type is read in C (infer_dtype).
    Decimal cells (Excel's Currency and Accounting formats, through COM) become floats here,
    where every parser starts.
    """
    if raw.dtype != object:
        return raw
    kind = pd.api.types.infer_dtype(raw, skipna=True)
    if kind in ("decimal", "mixed", "mixed-integer") and raw.map(type).eq(Decimal).any():
        # Cells formatted as Currency or Accounting reach Python through pywin32 as Decimal: numbers.
        raw = raw.map(lambda v: float(v) if isinstance(v, Decimal) else v)
        kind = pd.api.types.infer_dtype(raw, skipna=True)
    if kind == "string":
        return raw.astype(TEXT)
    if kind in ("floating", "integer", "mixed-integer-float"):
        return raw.astype(float)
    if kind == "datetime":
        return _naive(raw)
    return raw


def uniform_cells(cells, index: pd.Index | None = None) -> pd.Series | np.ndarray | pd.api.extensions.ExtensionArray:
    """`uniform` of one column of cells as a worksheet function receives them (a sequence): text
    goes straight to arrow, numbers to floats and dates to datetimes, without the object Series
    `uniform` takes (on a workbook's small tables, its fixed cost per column is most of the work);
    any other column as that Series, on `index`."""
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind == "string":
        return pd.arrays.ArrowStringArray(pa.array(cells, type=pa.large_string(), from_pandas=True), dtype=TEXT)
    if kind in ("floating", "integer", "mixed-integer-float"):
        return np.array(cells, dtype=float)  # None as NaN, as astype(float) reads it
    if kind == "datetime":
        try:
            return pd.array(cells, dtype="datetime64[s]")  # what _naive makes, without a Series
        except (TypeError, ValueError):  # a time zone: `uniform` leaves the cells as they are
            pass
    cells = pd.Series(cells, index=index, dtype=object)
    return cells if kind == "empty" else uniform(cells)  # blank cells only: nothing to type


def by_unique(raw: pd.Series, fn) -> pd.Series:
    """`fn` applied once per distinct non-empty value (ids, flags, choices repeat a lot)."""
    return pd.Series(_by_unique(raw.to_numpy(dtype=object), fn), index=raw.index, dtype=object)


def _by_unique(cells, fn) -> np.ndarray:
    uniques, codes = _distinct(cells)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [fn(u) for u in uniques]
    mapped[-1] = None
    return mapped[codes]


def _distinct(cells) -> tuple[list, np.ndarray]:
    """The distinct non-empty cells and each cell's position among them (-1 where empty).
    Arrow text is encoded by pyarrow, without a Python string per cell."""
    if isinstance(cells, pa.Array):
        encoded = pc.dictionary_encode(cells)
        return encoded.dictionary.to_pylist(), encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return list(uniques), codes


def clean_values(raw: pd.Series, kind: str, choices: dict[str, str] | None = None):
    """What the parser of `kind` makes of a column none of whose cells it would report, as an array,
    without its Series (on a workbook's small tables they are most of the work): numbers none of
    them huge (whole ones for `int`), dates in range, text without an Excel error, only known
    choices and yes/no words. None for any other column: the parser reads it and says why each
    bad cell is bad (addin.workbook.read)."""
    if kind in (AMOUNT, INT):
        return _clean_numbers(raw, whole=kind == INT)
    if kind == DATE:
        return _dates_in_range(raw)
    if kind == BOOL:
        return _clean_flags(raw)
    cells = _arrow_text(raw)
    text = _trim(cells) if cells is not None else None
    if text is None:
        return None
    if kind != CHOICE:
        return _as_objects(text)
    words, at = _distinct(text)
    codes = [choices.get(normalise_header(word)) if word else None for word in words]  # blank: no choice
    if any(code is None and word for word, code in zip(words, codes)):
        return None
    return np.array([*codes, None], dtype=object)[at]


def _clean_numbers(raw: pd.Series, whole: bool):
    """parse_amount's fast path (parse_int's when `whole`): a float column, no amount huge or
    infinite, and for `whole` none with a fraction."""
    if raw.dtype != np.float64:
        return None
    amounts = raw.to_numpy()
    if (np.abs(amounts) > MAX_AMOUNT).any():
        return None
    if not whole:
        return amounts
    missing = np.isnan(amounts)
    if (amounts[~missing] != np.round(amounts[~missing])).any():
        return None
    return pd.arrays.IntegerArray(np.where(missing, 0, amounts).astype("int64"), missing)


def _clean_flags(raw: pd.Series):
    """parse_bool of a column whose every cell is a yes/no word or blank."""
    cells = _arrow_text(raw)
    flags = _by_unique(cells if cells is not None else raw.to_numpy(dtype=object), _flag)
    unread = pd.isna(flags)
    if unread.any() and not blank_cells(raw)[unread].all():
        return None
    return flags.astype(bool)


def is_blank(raw: pd.Series) -> pd.Series:
    """Empty cells: None, NaN, or text made only of spaces."""
    return pd.Series(blank_cells(raw), index=raw.index)


def blank_cells(raw: pd.Series) -> np.ndarray:
    """is_blank as an array, without its Series."""
    raw = uniform(raw)
    cells = _arrow_text(raw)
    if cells is not None:  # pyarrow's strip, as .str.strip() calls it
        return pc.fill_null(pc.equal(pc.utf8_trim_whitespace(cells), ""), True).to_numpy(zero_copy_only=False)
    if is_typed(raw):
        return pd.isna(raw.array)
    if _is_text(raw):
        return (raw.isna() | raw.str.strip().eq("")).to_numpy()  # a missing cell compares as False
    blank = raw.isna()
    if not blank.all():
        blank |= by_unique(raw, lambda v: isinstance(v, str) and not v.strip()).fillna(False).astype(bool)
    return blank.to_numpy()


def _excel_error(raw: pd.Series) -> pd.Series:
    if is_typed(raw):
        return pd.Series(False, index=raw.index)
    if _is_text(raw):
        errors = pd.Series(False, index=raw.index)
        maybe = raw.str.contains("#", regex=False).fillna(False).astype(bool)  # every Excel error has a '#'
        if maybe.any():
            errors[maybe] = raw[maybe].str.strip().str.upper().isin(EXCEL_ERRORS)
        return errors
    return by_unique(raw, lambda v: isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS).fillna(False).astype(bool)


def put(reasons: pd.Series, where, values) -> None:
    """Set `reasons` at the labels (or mask) `where`, one cell at a time: a list assigned through a
    mask may reach pandas as plain str, and a Message (functions.texts) must stay one to be
    written in the workbook's language. Only bad cells get here: a few."""
    labels = reasons.index[where] if isinstance(where, (pd.Series, np.ndarray)) and len(where) == len(reasons) \
        and getattr(where, "dtype", None) == bool else where
    for label, value in zip(labels, values):
        reasons.at[label] = value


def _reasons(bad: pd.Series, raw: pd.Series, what: str) -> pd.Series:
    """Why each bad cell failed: the Excel error it holds, or the text that is not a `what`
    (a key of functions/texts.py's `expected` section: amount, date, yes_no ...)."""
    reason = _no_reasons(raw)
    if not bad.any():
        return reason
    errors = _excel_error(raw[bad])
    text = raw[bad].astype(str).str.slice(0, 40)
    put(reason, errors[errors].index, [message("parse.excel_error", error=v.strip()) for v in text[errors]])
    put(reason, errors[~errors].index, [message("parse.not", value=v, what=message(f"expected.{what}")) for v in text[~errors]])
    return reason


def _one_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\u00a0", " ").strip()


def parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Trimmed text; whole numbers lose their `.0` (an id typed as 1001 reads back as '1001')."""
    raw = uniform(raw)
    cells = _arrow_text(raw)
    out = _trimmed(cells) if cells is not None else None
    if out is not None:
        return pd.Series(out, index=raw.index, name=raw.name, dtype=object), _no_reasons(raw)
    if _is_text(raw):
        text = raw.str.replace("\u00a0", " ", regex=False).str.strip()
        blank = text.isna() | (text == "")  # checked on the text column: cheaper than on objects
        out = text.astype(object)
        if blank.any():
            out = out.where(~blank, None).astype(object)
    else:
        out = by_unique(raw, _one_text)
        out = out.where(out.notna() & (out != ""), None).astype(object)
    bad = _excel_error(raw)
    return (out.where(~bad, None) if bad.any() else out), _reasons(bad, raw, "text")


def _trimmed(cells) -> np.ndarray | None:
    """Arrow text as parse_text reads it (trimmed, a no-break space as a space, None where blank),
    as Python strings; None when a cell may hold an Excel error (a '#'): the parser says which."""
    text = _trim(cells)
    return None if text is None else _as_objects(text)


def _trim(cells) -> pa.Array | None:
    """Arrow text trimmed, a no-break space as a space; None when a cell may hold an Excel error.
    The cells' bytes are searched once for a '#' and a no-break space, cheaper than pyarrow's
    calls on a workbook's small columns (bytes of cells sliced off can only send a column to the parser)."""
    data = cells.buffers()[2]
    text = data.to_pybytes() if data is not None else b""
    if b"#" in text:
        return None
    if NO_BREAK_SPACE in text:
        cells = pc.replace_substring(cells, "\u00a0", " ")
    return pc.utf8_trim_whitespace(cells)


def _as_objects(text: pa.Array) -> np.ndarray:
    """Arrow text as Python strings, None where blank (a missing cell is None already). A blank
    cell is one whose bytes start where the next one's do: read from arrow's offsets, not compared
    string by string."""
    out = text.to_numpy(zero_copy_only=False)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64 if pa.types.is_large_string(text.type) else np.int32)
    out[np.diff(offsets[text.offset:text.offset + len(text) + 1]) == 0] = None
    return out


def parse_amount(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers, or text in French (`1 234,56`), English (`1,234.56`) or German (`1.234,56`) style."""
    raw = uniform(raw)
    if raw.dtype == np.float64 and not (np.abs(raw.to_numpy()) > MAX_AMOUNT).any():  # numbers, none huge or infinite
        return pd.Series(raw.to_numpy(), index=raw.index, name=raw.name), _no_reasons(raw)
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        out = raw.astype(float)
    elif _is_text(raw):
        out = _amount_text(raw.astype(object))
    else:
        numeric = pd.to_numeric(raw.where(raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))),
                                errors="coerce")
        text = raw.where(raw.map(lambda v: isinstance(v, str)), None).astype(object)
        out = numeric.astype(float).fillna(_amount_text(text))
    blank = is_blank(raw)
    out = out.where(np.isfinite(out))
    bad = (~blank & out.isna()) | (out.abs() > MAX_AMOUNT)
    reasons = _reasons(bad & out.isna(), raw, "amount")
    huge = bad & out.notna()
    put(reasons, huge, [message("parse.huge", amount=f"{v:.4g}") for v in out[huge]])
    return out.where(~bad), reasons


def _amount_text(text: pd.Series) -> pd.Series:
    s = text.dropna().astype(str).str.strip()
    if s.empty:
        return pd.Series(np.nan, index=text.index)
    negative = s.str.match(r"^\(.*\)$")
    s = s.str.replace(r"[()€$£]|EUR|USD|GBP|CHF", "", regex=True).str.replace(_SPACES, "", regex=True)
    both = s.str.contains(",", regex=False) & s.str.contains(".", regex=False)
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    # 1.234,56 (comma last) drops the dots; 1,234.56 drops the commas.
    s = s.where(~(both & comma_last), s.str.replace(".", "", regex=False))
    s = s.where(~(both & ~comma_last), s.str.replace(",", "", regex=False))
    s = s.str.replace(",", ".", regex=False)
    many_dots = s.str.count(r"\.") > 1  # 1.234.567 in German style
    s = s.where(~many_dots, s.str.replace(".", "", regex=False))
    value = pd.to_numeric(s, errors="coerce")
    value[negative] = -value[negative].abs()
    return value.reindex(text.index)


def parse_date(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Excel dates (datetime or serial number) or text `dd/mm/yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`.

    Parsed in second resolution, so a typo like 31/12/2999 is reported as out of range
    instead of overflowing pandas' nanosecond dates.
    """
    raw = uniform(raw)
    stamps = _dates_in_range(raw)
    if stamps is not None:
        return pd.Series(stamps, index=raw.index, name=raw.name), _no_reasons(raw)
    serials = pd.Series(np.nan, index=raw.index)  # the numbers typed, to say which are absurd
    if pd.api.types.is_datetime64_any_dtype(raw):
        out = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
        out = out.astype("datetime64[s]")
    elif _is_text(raw):
        out = _date_text(raw.str.strip())
    elif pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):  # serial numbers
        serials = raw.astype(float)
        serial = serials.where((serials >= 1) & (serials < MAX_SERIAL))
        out = pd.to_datetime(serial, unit="D", origin="1899-12-30").dt.floor("D").astype("datetime64[s]")
    else:
        out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
        kinds = raw.map(type)
        stamps = kinds.map(lambda t: issubclass(t, (pd.Timestamp, np.datetime64)) or t.__name__ in ("datetime", "date"))
        if stamps.any():
            out[stamps] = [pd.Timestamp(v).as_unit("s").tz_localize(None) for v in raw[stamps]]
        numbers = raw.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)).astype(bool)
        numbers &= raw.notna()
        if numbers.any():
            serials[numbers] = pd.to_numeric(raw[numbers], errors="coerce").astype(float)
            serial = serials[numbers].where((serials[numbers] >= 1) & (serials[numbers] < MAX_SERIAL))
            out[numbers] = pd.to_datetime(serial, unit="D", origin="1899-12-30").dt.floor("D").astype("datetime64[s]")
        texts = raw.map(lambda v: isinstance(v, str)).astype(bool)
        if texts.any():
            out[texts] = _date_text(raw[texts].str.strip())
    blank = is_blank(raw)
    out_of_range = out.notna() & ((out < MIN_DATE) | (out > MAX_DATE))
    bad = (~blank & out.isna()) | out_of_range
    reasons = _reasons(bad & ~out_of_range, raw, "date")
    put(reasons, out_of_range, [message("parse.date_range", date=f"{d:%Y-%m-%d}") for d in out[out_of_range]])
    absurd = bad & serials.notna() & out.isna()  # a date serial such as 1e10: said as the number it is
    put(reasons, absurd, [message("parse.date_serial", serial=f"{v:.15g}") for v in serials[absurd]])
    return out.where(~bad).astype("datetime64[ns]"), reasons


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def plain_date(value) -> date | None:
    """One cell as parse_date reads it when it is a yyyy-mm-dd text (anything after the date
    ignored, as parse_date does) or a serial number, without a Series (several ms for one cell:
    a worksheet function's as_of); None for anything else or unusable, which parse_date says why."""
    if isinstance(value, str):
        found = ISO_DATE.match(value.strip())
        try:
            when = date(int(found[1]), int(found[2]), int(found[3])) if found else None
        except ValueError:
            return None
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and 1 <= value < MAX_SERIAL:
        when = date(1899, 12, 30) + timedelta(days=math.floor(value))
    else:
        return None
    return when if when is not None and MIN_DATE.date() <= when <= MAX_DATE.date() else None


def _dates_in_range(raw: pd.Series) -> np.ndarray | None:
    """Excel dates without a time zone, all in the parsers' range (to the second, in nanoseconds);
    None for any other column."""
    if not (isinstance(raw.dtype, np.dtype) and raw.dtype.kind == "M"):
        return None
    stamps = (raw if raw.dtype == "datetime64[s]" else raw.astype("datetime64[s]")).to_numpy()
    if ((stamps < _FIRST) | (stamps > _LAST)).any():  # NaT compares False: a blank cell
        return None
    return stamps.astype("datetime64[ns]")


def _naive(raw: pd.Series) -> pd.Series:
    """An object column of time-zone-naive datetimes in second resolution; unchanged if any has a zone."""
    try:
        return raw.astype("datetime64[s]")
    except (TypeError, ValueError):
        return raw


def _date_text(s: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]")
    for pattern, fmt, width in ((r"^\d{4}-\d{2}-\d{2}", "%Y-%m-%d", 10),
                                (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y", None),
                                (r"^\d{1,2}\.\d{1,2}\.\d{4}$", "%d.%m.%Y", None),
                                (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y", None)):
        hit = s.str.match(pattern) & out.isna()
        if hit.any():
            text = s[hit].str.slice(0, width) if width else s[hit]
            out[hit] = pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[s]")
    return out


def parse_bool(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no in English, French, German or Italian, 1/0, x; blank is no."""
    blank = blank_cells(raw)
    out = by_unique(raw, _flag).to_numpy()  # a blank cell reads as None: no word to look up
    bad = ~blank & pd.isna(out)
    return pd.Series(out.astype(bool), index=raw.index), _reasons(bad, raw, "yes_no")  # None (blank or not a word): no


def _flag(v) -> bool | None:
    """A yes/no cell's value; None when it is no yes/no word."""
    if isinstance(v, bool):
        return v
    key = (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip().lower()
    return True if key in _TRUE else False if key in _FALSE else None


def parse_choice(raw: pd.Series, choices: dict[str, str], column: str | None = None) -> tuple[pd.Series, pd.Series]:
    """One of a list of values, accepting French spellings (see contract.DECISIONS ...)."""
    text, reasons = parse_text(raw)
    out = by_unique(text, lambda v: choices.get(normalise_header(v)))
    bad = pd.notna(text.to_numpy()) & pd.isna(out.to_numpy())
    if bad.any():
        codes = sorted(set(choices.values()))
        section = CHOICE_WORDS.get(column)  # the values named in the workbook's language when the catalogue words them
        allowed = joined([message(f"{section}.{c}") if section and has(f"{section}.{c}") else c for c in codes])
        put(reasons, bad, [message("parse.not_one_of", value=v, allowed=allowed) for v in text[bad]])
    return out, reasons


def parse_int(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (day counts): amounts that have no fraction."""
    out, reasons = parse_amount(raw)
    amounts = out.to_numpy()
    fraction = amounts != np.round(amounts)  # NaN compares unequal too: not counted
    fraction &= ~np.isnan(amounts)
    if fraction.any():
        put(reasons, fraction, [message("parse.not", value=v, what=message("expected.whole")) for v in raw[fraction]])
    missing = np.isnan(amounts) | fraction
    whole = pd.arrays.IntegerArray(np.where(missing, 0, amounts).astype("int64"), missing)  # finite: parse_amount
    return pd.Series(whole, index=out.index, name=out.name), reasons
