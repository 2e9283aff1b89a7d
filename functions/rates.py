"""Reference interest rates by semester: the ECB main refinancing rate (taux de refinancement
de la BCE) and the French legal interest rate (taux de l'intérêt légal).

French late interest (Code de commerce L441-10) uses the ECB rate in force on 1 January for
the days of the first half-year and on 1 July for the second: a semester's rate is the latest
ECB decision dated on or before the semester's first day.

>>> table, _ = rate_table()
>>> table.ecb_for(pd.Timestamp("2025-01-01")), table.ecb_for(pd.Timestamp("2025-07-01"))
(3.15, 2.15)

Rates are in percent points (3.15 means 3.15 %), as the ECB and the Journal officiel publish
them. The optional `Rates` sheet (date, ecb_mro_rate, legal_rate) overrides or extends the
bundled tables: an `ecb_mro_rate` row is an ECB decision effective from its date, and it
confirms the table up to that date; a `legal_rate` row sets the legal rate of the semester its
date falls in. A cell formatted as a percentage in Excel arrives as a fraction (0.0215): values
strictly between 0 and 0.25 are read as fractions and multiplied by 100 (real rates that low
only occurred before 2017, outside any 12-month window).

A semester that starts after the last confirmed date (2025-12-31 for the bundled table, or the
latest `Rates` row) has no known rate: `ecb_for` returns None and callers report
`missing_rate`, never a zero.

The legal rate bundled is the one "pour tous les autres cas" (creditors acting for professional
purposes), from the semi-annual arrêtés: 2023 H1 2.06, 2023 H2 4.22, 2024 H1 5.07, 2024 H2 4.92,
2025 H1 3.71, 2025 H2 2.76. Doubt noted: the brief for this module gave 3.75 for 2023 H2; the
arrêté of 27 June 2023 (JO of 30 June 2023) fixes 4.22 % for "autres cas" (6.82 % for private
persons), and 4.22 is what is bundled. The private-person rates (4.47, 6.82, 8.01, 8.16, 7.21,
6.65) do not apply between businesses and are not bundled.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .model import Issue
from .texts import message, text

ECB_MRO = (("2022-12-21", 2.50), ("2023-02-08", 3.00), ("2023-03-22", 3.50), ("2023-05-10", 3.75),
           ("2023-06-21", 4.00), ("2023-08-02", 4.25), ("2023-09-20", 4.50), ("2024-06-12", 4.25),
           ("2024-09-18", 3.65), ("2024-10-23", 3.40), ("2024-12-18", 3.15), ("2025-02-05", 2.90),
           ("2025-03-12", 2.65), ("2025-04-23", 2.40), ("2025-06-11", 2.15))
ECB_CONFIRMED_UNTIL = "2025-12-31"
LEGAL_RATE_PROFESSIONAL = (("2023-01-01", 2.06), ("2023-07-01", 4.22), ("2024-01-01", 5.07),
                           ("2024-07-01", 4.92), ("2025-01-01", 3.71), ("2025-07-01", 2.76))
FRACTION_BELOW = 0.25  # Rates cells below this (and above 0) are Excel percentages, e.g. 0.0215


@dataclass(frozen=True)
class RateTable:
    """ECB decisions (percent, indexed by effective date), legal rates (percent, indexed by
    semester start) and the last date the ECB table is known to be complete."""

    ecb: pd.Series
    legal: pd.Series
    confirmed_until: pd.Timestamp

    def ecb_for(self, semester_start: pd.Timestamp) -> float | None:
        """The ECB rate in force on the semester's first day, None when unknown."""
        known = self.ecb.index.searchsorted(semester_start, side="right")  # decisions on or before (index sorted)
        if semester_start > self.confirmed_until or not known:
            return None
        return float(self.ecb.to_numpy()[known - 1])

    def legal_for(self, semester_start: pd.Timestamp) -> float | None:
        """The legal interest rate (professionals) of the semester, None when unknown."""
        value = self.legal.get(semester_start)
        return None if value is None or pd.isna(value) else float(value)


def semester_start(day) -> pd.Timestamp:
    """1 January or 1 July of the half-year containing `day`."""
    day = pd.Timestamp(day)
    return pd.Timestamp(day.year, 1 if day.month <= 6 else 7, 1)


def semester_starts(first, last) -> list[pd.Timestamp]:
    """Start of every semester overlapping [first, last] (empty when last < first)."""
    if pd.isna(first) or pd.isna(last) or last < first:
        return []
    start, starts = semester_start(first), []
    while start <= last:
        starts.append(start)
        start = semester_end(start) + pd.Timedelta(days=1)
    return starts


def semester_end(start: pd.Timestamp) -> pd.Timestamp:
    """30 June or 31 December: the last day of the semester `start` begins."""
    return pd.Timestamp(start.year, 6, 30) if start.month <= 6 else pd.Timestamp(start.year, 12, 31)


def semester_label(start: pd.Timestamp, language: str = "en") -> str:
    """'2025-H1' or '2025-H2' ('2025-S1', '2025-S2' in French)."""
    return text("rates.semester", language, year=start.year, half=1 if start.month == 1 else 2)


def missing_rate(start: pd.Timestamp, column: str) -> Issue:
    """The Issue for a semester without a rate: names the semester and the fix."""
    return Issue("Rates", None, column, "error",
                 message("rates.missing", what=message(f"rates.{column}"), year=start.year, half=1 if start.month == 1 else 2,
                         start=f"{start:%Y-%m-%d}"))


def _percent(values: pd.Series) -> pd.Series:
    return values.where(~((values > 0) & (values < FRACTION_BELOW)), values * 100.0)


@functools.lru_cache(maxsize=1)  # made once: the Series and their dates cost more than a call's work
def _bundled() -> RateTable:
    """The bundled tables."""
    ecb = pd.Series(dict(ECB_MRO), dtype=float)
    ecb.index = pd.to_datetime(ecb.index)
    legal = pd.Series(dict(LEGAL_RATE_PROFESSIONAL), dtype=float)
    legal.index = pd.to_datetime(legal.index)
    return RateTable(ecb, legal, pd.Timestamp(ECB_CONFIRMED_UNTIL))


_bundled.package_data = True  # kept by udfs.forget(): the same for every workbook


def rate_table(rates: pd.DataFrame | None = None) -> tuple[RateTable, list[Issue]]:
    """The bundled tables with the `Rates` sheet rows on top; Issues for unusable rows."""
    bundled = _bundled()
    if rates is None or not len(rates):
        return bundled, []
    ecb, legal, confirmed = bundled.ecb, bundled.legal, bundled.confirmed_until
    rows = rates.loc[rates["date"].notna()]
    empty = rows["ecb_mro_rate"].isna() & rows["legal_rate"].isna()
    issues = [Issue("Rates", int(r), "ecb_mro_rate", "warning", message("rates.empty_row"))
              for r in rows.loc[empty, "_row"]]
    given = rows.loc[rows["ecb_mro_rate"].notna()]
    ecb = _override(ecb, pd.Series(_percent(given["ecb_mro_rate"]).to_numpy(), index=given["date"].to_numpy()))
    if len(given):
        confirmed = max(confirmed, given["date"].max())
    given = rows.loc[rows["legal_rate"].notna()]
    starts = given["date"].map(semester_start)
    legal = _override(legal, pd.Series(_percent(given["legal_rate"]).to_numpy(), index=starts.to_numpy()))
    return RateTable(ecb, legal, pd.Timestamp(confirmed)), issues


def _override(bundled: pd.Series, given: pd.Series) -> pd.Series:
    """Bundled values with the given ones replacing them at equal dates (last row wins)."""
    given = given[~given.index.duplicated(keep="last")]
    merged = pd.concat([bundled[~bundled.index.isin(given.index)], given]).sort_index()
    merged.index = pd.DatetimeIndex(merged.index)
    return merged.astype(np.float64)
