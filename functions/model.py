"""Small immutable records shared by every domain module."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from .policy import Policy
from .texts import translated

ISSUE_COLUMNS = ["sheet", "row", "column", "severity", "message"]


def text_dtype() -> pd.StringDtype:
    """pandas' `str` dtype, stored as the `mode.string_storage` option says when called (the
    worksheet functions hold text as Python strings, a run as pyarrow's); naming it "str"
    searches pandas' registry of dtypes, several times slower."""
    return pd.StringDtype(na_value=np.nan)


def text_array(labels: np.ndarray, blank: np.ndarray | None = None):
    """`labels` (an object array of text, changed in place), missing where `blank`: of dtype str,
    as pandas reads text, or objects when empty (no text to read); a frame's column as it is."""
    if blank is not None:
        labels[blank] = None
    return pd.array(labels, dtype=text_dtype()) if len(labels) else labels


@dataclass(frozen=True)
class Issue:
    """A problem found in the workbook, as data (never an exception).

    `row` is the row number Excel shows (header = 1), or None for a sheet-level problem.
    Severity is `error` (the row is skipped) or `warning` (the row is used).
    """

    sheet: str
    row: int | None
    column: str
    severity: str
    message: str


@dataclass(frozen=True)
class Inputs:
    """The workbook as the analysis reads it: the Policy, the typed input and parameter sheets
    the workbook has (contract column names, a `_row` column), the problems found reading them,
    and the data quality figures of the reading (None when the tables were not read from sheets).

    `empty(name)` gives the typed empty table of a sheet the workbook lacks (the contract lives in
    addin.workbook.contract; the analysis never needs to know it).
    """

    policy: Policy
    tables: Mapping[str, pd.DataFrame]
    issues: list[Issue] = field(default_factory=list)
    empty: Callable[[str], pd.DataFrame] | None = None
    quality: pd.DataFrame | None = None  # rows read, repaired and left out per sheet (functions.checks.QUALITY_COLUMNS)
    # the empty tables made so far: several steps read the same absent sheet, and nothing edits a table
    absent: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame:
        """The typed table, or an empty one with the contract's columns when the sheet is absent."""
        if name in self.tables:
            return self.tables[name]
        if self.empty is None:
            raise KeyError(f"no {name} table and no empty-table factory")
        if name not in self.absent:
            self.absent[name] = self.empty(name)
        return self.absent[name]


def issues_frame(issues: list[Issue], language: str = "fr") -> pd.DataFrame:
    """The Issues result: one row per problem, in workbook order, messages in `language`."""
    frame = pd.DataFrame([(i.sheet, i.row, i.column, i.severity, translated(i.message, language)) for i in issues],
                         columns=ISSUE_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame


def row_issues(frame: pd.DataFrame, mask, sheet: str, column: str, severity: str, message) -> list[Issue]:
    """One Issue per row of `frame` selected by `mask`; `message` may be a callable of the row."""
    if not np.any(mask):  # the usual case: nothing to look up
        return []
    hits = frame.loc[mask]
    # a list, not Series.apply: a Message (functions.texts) must reach the Issue as it is, not as str
    text = [message(row) for _, row in hits.iterrows()] if callable(message) else [message] * len(hits)
    return [Issue(sheet, int(r), column, severity, m) for r, m in zip(hits["_row"], text)]
