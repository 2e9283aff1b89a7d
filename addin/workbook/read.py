"""From raw sheets to typed tables and a Policy, with every problem returned as an Issue.

A raw sheet is a DataFrame as the Book read it: the user's headers, cells as Excel gave them,
and an index holding the row number Excel shows. The typed table has the contract's column
names, parsed values and a `_row` column; rows with an unusable required cell are left out.
"""
from __future__ import annotations

import functools
import math
import re

from dataclasses import fields, replace
from datetime import date, datetime

import numpy as np
import pandas as pd

from functions.model import Inputs, Issue
from functions.policy import Policy, out_of_range, parameter_types
from functions.texts import LANGUAGES, has, joined, lang, message, text

from addin.workbook import parse
from addin.workbook.messages import system_language
from addin.workbook.contract import (AMOUNT, BOOL, CHOICE, DATE, INPUT_SHEETS, INT, POLICY_COLUMNS, POLICY_SHEET, Column,
                       header_lookup, normalise_header)


class ContractError(Exception):
    """The workbook cannot be used at all (no Invoices table, a required column missing), or its results
    do not fit in one (a result sheet longer than Excel allows)."""


def inputs(policy: Policy, tables: dict[str, pd.DataFrame], issues: list[Issue] | tuple = (),
           quality: pd.DataFrame | None = None) -> Inputs:
    """The analysis' Inputs; a sheet the workbook lacks reads as the contract's empty table."""
    return Inputs(policy, dict(tables), list(issues), empty_table, quality)


def empty_table(name: str) -> pd.DataFrame:
    # from arrays: a Series per column costs several times more (worksheet functions call it often)
    columns = {c.name: pd.array([], dtype="Int64") if c.kind == INT else np.array([], dtype=_dtype(c))
               for c in INPUT_SHEETS[name]}
    return pd.DataFrame({**columns, "_row": np.array([], dtype="int64")})


def _dtype(col: Column) -> str:
    return {DATE: "datetime64[ns]", AMOUNT: "float64", INT: "Int64", BOOL: "bool"}.get(col.kind, "object")


def _blank(col: Column, n: int, text=None):
    """A column of `n` blank cells as the parsers type it: "no" for a yes/no flag, `text` (None or
    NaN) in a text column."""
    if col.kind == BOOL:
        return np.zeros(n, bool)
    if col.kind == INT:
        return pd.arrays.IntegerArray(np.zeros(n, "int64"), np.ones(n, bool))
    if col.kind in (DATE, AMOUNT):
        return np.full(n, np.nan if col.kind == AMOUNT else np.datetime64("NaT", "ns"))
    return np.full(n, text, dtype=object)


def _parse(col: Column, raw: pd.Series):
    if col.kind == DATE:
        return parse.parse_date(raw)
    if col.kind == AMOUNT:
        return parse.parse_amount(raw)
    if col.kind == INT:
        return parse.parse_int(raw)
    if col.kind == BOOL:
        return parse.parse_bool(raw)
    if col.kind == CHOICE:
        return parse.parse_choice(raw, col.choices, col.name)
    return parse.parse_text(raw)


def _parsed(col: Column, cells: pd.Series):
    """The column's values as an array and the reason each unusable cell is unusable (None: every
    cell read). A column with nothing to report is read as arrays (parse.clean_values), without
    the parser's Series; text stays Python strings (object), as the parsers give it."""
    values = parse.clean_values(cells, col.kind, col.choices)
    if values is not None:
        return values, None
    values, reasons = _parse(col, cells)
    return (values.to_numpy() if values.dtype == object else values.array), reasons.to_numpy()


def match_headers(headers, columns: tuple[Column, ...]) -> dict[str, str]:
    """User header -> contract column, first match wins, unknown headers ignored."""
    lookup, taken, found = header_lookup(columns), set(), {}
    for header in headers:
        name = lookup.get(normalise_header(header))
        if name and name not in taken:
            found[header] = name
            taken.add(name)
    return found


def read_table(sheet: str, raw: pd.DataFrame, columns: tuple[Column, ...] | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed table of one input sheet and its issues. Raises ContractError if a required column is missing."""
    columns = columns or INPUT_SHEETS[sheet]
    mapping = match_headers(raw.columns, columns)
    by_name = {v: k for k, v in mapping.items()}
    missing = [c for c in columns if c.required and c.name not in by_name]
    if missing:
        names = ", ".join(f"{c.name} ({c.aliases[0]})" if c.aliases else c.name for c in missing)
        raise ContractError(message("issue.missing_columns", sheet=sheet, names=names))
    given = _by_header(raw)
    required = {c.name for c in columns if c.required}
    blank = blank_rows([given[h] for h in mapping], [mapping[h] in required for h in mapping]) if mapping \
        else np.ones(len(raw), bool)
    if blank.any():
        raw = raw.loc[~blank]
        given = _by_header(raw)
    rows, n = raw.index.to_numpy("int64"), len(raw)
    typed, issues, drop = {}, [], np.zeros(n, bool)
    for col in columns:
        if col.name not in by_name:  # absent column: blank, and "no" for yes/no flags
            typed[col.name] = _blank(col, n, np.nan)
            continue
        header = by_name[col.name]
        cells = given[header]
        if not col.required and cells.dtype == object and np.equal(cells.to_numpy(), None).all():  # empty cells only
            typed[col.name] = _blank(col, n)
            continue
        values, said = _parsed(col, cells)
        typed[col.name] = values
        unusable = pd.notna(said) if said is not None else np.zeros(n, bool)
        if col.repairable:  # repaired later, saying what was typed: keep the text of each unusable cell
            unusable |= pd.isna(values) & col.required
            if unusable.any():
                typed[TYPED + col.name] = cells.where(unusable).map(_typed_text, na_action="ignore").to_numpy(object)
            continue
        for k in np.flatnonzero(unusable):
            severity = "error" if col.required else "warning"
            consequence = message("issue.row_skipped" if col.required else "issue.value_ignored")
            issues.append(Issue(sheet, int(rows[k]), header, severity, message("issue.because", reason=said[k], then=consequence)))
        if col.required:
            missing = pd.isna(values)
            for row in rows[missing & ~unusable]:
                issues.append(Issue(sheet, int(row), header, "error", message("issue.empty", column=header)))
            drop |= missing
    typed["_row"] = rows
    issues.sort(key=lambda i: (i.row, i.column))
    return _frame(typed, ~drop if drop.any() else None), issues


def _frame(columns: dict, keep: np.ndarray | None) -> pd.DataFrame:
    """The typed table from its columns (arrays of its length), only the rows `keep`, built once:
    copied into one block per type (the steps take its rows often). Text columns stay objects
    (None stays None): pandas' public constructor would type them str unless each came as a
    Series, so the arrays go to the constructor pandas itself uses for arrays it has checked
    (`_from_arrays`, a third of the time), or as Series to a pandas without it. It takes pandas'
    own arrays (Int64, dates) without a copy: each is one the parsers made for this table."""
    if keep is not None:
        columns = {name: values[keep] for name, values in columns.items()}
    index = pd.RangeIndex(len(columns["_row"]))
    if FROM_ARRAYS is None:
        return pd.DataFrame({name: pd.Series(values, index=index, dtype=object, copy=False) if values.dtype == object
                             else values for name, values in columns.items()}, index=index)
    return FROM_ARRAYS(list(columns.values()), columns=pd.Index(list(columns)), index=index, verify_integrity=False)


FROM_ARRAYS = getattr(pd.DataFrame, "_from_arrays", None)  # private: pandas 0.23 to 3.1 at least


def _by_header(raw: pd.DataFrame):
    """The sheet's columns by header, each taken once: a dict lookup costs less than a DataFrame's.
    A header used twice keeps the frame's own lookup (both columns, as before)."""
    return dict(raw.items()) if raw.columns.is_unique else raw


TYPED = "_typed_"  # prefix of the columns holding what was typed in a repairable cell


def repairable(sheet: str) -> tuple[Column, ...]:
    """The sheet's columns, with those a run repairs instead of leaving the row out (Invoices'
    number and dates: functions.checks.repair_invoices)."""
    names = REPAIRED.get(sheet, ())
    return tuple(replace(c, repairable=True) if c.name in names else c for c in INPUT_SHEETS[sheet])


REPAIRED = {"Invoices": ("invoice_id", "invoice_date", "due_date", "delivery_date")}


def _typed_text(value) -> str:
    """A cell as the user typed it, for a message ('31/02/2025'); Excel dates as dd/mm/yyyy."""
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def blank_rows(columns: list[pd.Series], required: list[bool]) -> np.ndarray:
    """Rows whose every cell is blank, in these columns of a sheet. Required columns go first, then
    typed ones: one of them without a gap settles every row at once, before any text is looked at."""
    blank = np.ones(len(columns[0]), bool)
    for column in _settling_first(columns, required):
        if not blank.any():
            break
        blank &= parse.blank_cells(column)  # the whole column: how text is read depends on its type
    return blank


def _settling_first(columns: list[pd.Series], required: list[bool]):
    """The required columns, then the others (sorted only when reached), typed ones first in each."""
    for wanted in (True, False):
        yield from sorted((c for c, r in zip(columns, required) if r == wanted), key=lambda c: not parse.is_typed(c))


CHOICE_PARAMETERS = {f.name: f.metadata["choices"] for f in fields(Policy) if f.metadata["choices"]}


def policy_choice(parameter: str, value: str) -> str:
    """A Policy drop-down value as its code: the code itself, or its words in French or English
    (functions/texts.py, section `choice`: `fin de prorogation` -> `mep_end`)."""
    return _spellings(parameter).get(normalise_header(value), value.lower())


@functools.lru_cache(maxsize=None)
def _spellings(parameter: str) -> dict[str, str]:
    """Each spelling of a Policy drop-down's codes -> the code; built once: a Policy sheet is read
    on every worksheet-function call."""
    spelled = {normalise_header(code): code for code in CHOICE_PARAMETERS[parameter]}
    for code in CHOICE_PARAMETERS[parameter]:
        for language in LANGUAGES:
            if has(f"choice.{parameter}.{code}"):
                spelled.setdefault(normalise_header(text(f"choice.{parameter}.{code}", language)), code)
    return spelled


_spellings.package_data = True  # kept by udfs.forget(): the same for every workbook


def read_policy(raw: pd.DataFrame | None) -> tuple[Policy, list[Issue]]:
    """The Policy sheet (Parameter | Value | Description) on top of the defaults."""
    if raw is None:
        return Policy(), []
    table, issues = read_table(POLICY_SHEET, raw, POLICY_COLUMNS)
    types, values, rows = parameter_types(), {}, {}
    value_header = next((h for h, n in match_headers(raw.columns, POLICY_COLUMNS).items() if n == "value"), "Value")
    given = raw.get(value_header)  # the Value cells of the rows read (taken by position: cheaper than by label)
    given = pd.Series(dtype=object) if given is None else given.take(raw.index.get_indexer(table["_row"]))
    for name, value, row in zip(table["parameter"], given, table["_row"]):
        key = name.strip().lower()
        if key not in types:
            issues.append(Issue(POLICY_SHEET, int(row), "Parameter", "warning", message("issue.unknown_parameter", name=name)))
            continue
        parsed, problem = _policy_value(types[key], value)
        allowed = CHOICE_PARAMETERS.get(key)
        if allowed and isinstance(parsed, str):
            parsed = policy_choice(key, parsed)
        if parsed is not None and allowed and parsed not in allowed:
            words = [message(f"choice.{key}.{c}") if has(f"choice.{key}.{c}") else c for c in allowed]
            parsed, problem = None, message("parse.not_one_of", value=value, allowed=joined(words))
        if problem:
            issues.append(Issue(POLICY_SHEET, int(row), value_header, "error", message("issue.parameter_default", name=key, reason=problem)))
        elif parsed is not None:
            values[key], rows[key] = parsed, int(row)
    refuse_out_of_range(values, rows)
    try:
        return Policy(**values), issues
    except ValueError as exc:
        issues.append(Issue(POLICY_SHEET, None, value_header, "error", message("issue.defaults_used", reason=exc.args[0])))
        values.pop("aging_buckets", None)
        return Policy(**values), issues


def refuse_out_of_range(values: dict[str, object], rows: dict[str, int]) -> None:
    """A Policy value outside its parameter's range stops the run with one line naming each one:
    a quotité of 90 would insure 90 times the exposure. A share typed as a percentage (1 to 100)
    gets the fraction that was meant."""
    language = values.get("language", Policy.language) or system_language()
    problems = []
    for name, value, low, high, share in out_of_range(values):
        bounds = text("policy_range.outside", language, low=low, high=high) if high is not None \
            else text("policy_range.below", language, low=low)
        hint = ""
        if share and 1 < value <= 100:
            meant = f"{value / 100:.2f}"
            hint = text("policy_range.share_hint", language, meant=meant.replace(".", ",") if lang(language) == "fr" else meant)
        problems.append(text("policy_range.problem", language, name=name, value=value, row=rows[name], bounds=bounds, hint=hint))
    if problems:
        raise ContractError(text("policy_range.refused", language,
                                 problems=text("policy_range.separator", language).join(problems)))


def _policy_value(kind: str, value) -> tuple[object, str | None]:
    """One Policy value parsed by its declared type; (None, None) keeps the default."""
    if value is None or isinstance(value, str) and not value or isinstance(value, float) and math.isnan(value):
        return None, None  # a blank cell keeps the default
    plain = _plain_policy_value(kind, value)
    if plain is not None:
        return plain, None
    cell = pd.Series([value], dtype=object)
    if parse.is_blank(cell).iloc[0]:
        return None, None
    if kind == "str":
        return parse.parse_text(cell)[0].iloc[0], None
    if kind.startswith("date"):
        parsed, reasons = parse.parse_date(cell)
        return (parsed.iloc[0].date(), None) if pd.notna(parsed.iloc[0]) else (None, reasons.iloc[0])
    if kind.startswith("tuple"):
        parts = pd.Series(str(value).replace(";", ",").split(","), dtype=object)
        numbers, reasons = parse.parse_int(parts)
        if numbers.isna().any():
            return None, message("parse.not", value=value, what=message("expected.day_counts"))
        return tuple(int(n) for n in numbers), None
    whole = kind in ("int", "int | None")
    parsed, reasons = (parse.parse_int if whole else parse.parse_amount)(cell)
    if pd.isna(parsed.iloc[0]):
        return None, reasons.iloc[0]
    return (int(parsed.iloc[0]) if whole else float(parsed.iloc[0])), None


PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
PLAIN_DAYS = re.compile(r" *[0-9]+ *(?:, *[0-9]+ *)*")  # 30,60,90,120
PLAIN_DATE = re.compile(r" *([0-9]{4}-[0-9]{2}-[0-9]{2})(?: 00:00:00)? *")  # 2025-06-30, as a date cell reads as text


def _plain_policy_value(kind: str, value):
    """The value when the cell already holds it plainly (a number, a number written 0.9 or 30, plain
    text, day counts 30,60,90, an ISO date or a date cell), without the column parsers: a Policy
    sheet is read on every worksheet-function call. Anything else (1 234,56, 90 %, 31/12/2025, an
    error) takes the parsers' path."""
    kind = kind.split("|")[0].strip()
    if kind.startswith("tuple") and isinstance(value, str) and PLAIN_DAYS.fullmatch(value):
        return tuple(int(n) for n in value.split(","))
    if kind.startswith("date"):
        return _plain_date(value)
    if kind in ("int", "float") and isinstance(value, str) and PLAIN_NUMBER.fullmatch(value):
        value = float(value)
    if kind in ("int", "float") and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value) and (kind == "float" or float(value).is_integer()):
        return int(value) if kind == "int" else float(value)
    if kind == "str" and isinstance(value, str) and value and value == value.strip() and value.isprintable() \
            and not value.startswith("#"):  # '#N/A' and other error texts take the parser's path
        return value
    return None


def _plain_date(value) -> date | None:
    """A date cell (a datetime without a time zone, in the parsers' range) or ISO text, as its day."""
    if isinstance(value, str):
        iso = PLAIN_DATE.fullmatch(value)
        try:
            value = datetime.fromisoformat(iso.group(1)) if iso else None
        except ValueError:  # 2025-02-30: the parser says why
            return None
    if isinstance(value, datetime) and value.tzinfo is None and parse.MIN_DATE <= value <= parse.MAX_DATE:
        return value.date()
    return None


def as_of_date(policy: Policy, given: date | None, today: date) -> date:
    """--as-of, else the Policy's as_of, else today."""
    return given or policy.as_of or today
