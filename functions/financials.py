"""Financial-statement scores: Altman Z'' and Conan-Holder (scores financiers).

Both use the latest `Financials` row per debtor whose fiscal_year_end is on or before as_of.
A missing input or a zero denominator gives no number but a note naming the field.

Altman Z'' (private, non-manufacturing firms, Altman 2018) = 6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4
  X1 = (current_assets - current_liabilities) / total_assets   (fonds de roulement / actif)
  X2 = retained_earnings / total_assets                         (réserves / actif)
  X3 = ebit / total_assets                                      (résultat d'exploitation / actif)
  X4 = equity / total_liabilities                               (capitaux propres / dettes)
  zones: safe above 2.60, grey from 1.10 to 2.60 (both included), distress below 1.10.
Conan-Holder (French industrial SMEs) = 24 R1 + 22 R2 + 16 R3 - 87 R4 - 10 R5, ratios as fractions
  R1 = ebitda (EBE) / total_liabilities, R2 = permanent_capital / total_assets,
  R3 = (receivables + cash) / total_assets, R4 = financial_charges / revenue,
  R5 = staff_costs / value_added;
  zones: good above 16, watch 9 to 16 (both included), alert 4 to 9 (9 excluded), danger below 4.

Worked example: total assets 1000, current assets 400, current liabilities 250, retained
earnings 150, EBIT 80, equity 300, debts 700: X = 0.15, 0.15, 0.08, 0.4286 and
Z'' = 0.984 + 0.489 + 0.5376 + 0.45 = 2.4606, grey zone.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.extensions import take

from .ledger import latest_rows, objects
from .model import text_array
from .texts import label, words

ALTMAN = {"x1": 6.56, "x2": 3.26, "x3": 6.72, "x4": 1.05}
CONAN_HOLDER = {"r1": 24.0, "r2": 22.0, "r3": 16.0, "r4": -87.0, "r5": -10.0}
ALTMAN_FIELDS = ("total_assets", "current_assets", "current_liabilities", "retained_earnings", "ebit",
                 "equity", "total_liabilities")
ALTMAN_DENOMINATORS = ("total_assets", "total_liabilities")
CONAN_FIELDS = ("ebitda", "total_liabilities", "permanent_capital", "total_assets", "receivables", "cash",
                "financial_charges", "revenue", "staff_costs", "value_added")
CONAN_DENOMINATORS = ("total_liabilities", "total_assets", "revenue", "value_added")


FIELDS = tuple(dict.fromkeys(ALTMAN_FIELDS + CONAN_FIELDS))  # each once, in a fixed order


def _latest_figures(financials: pd.DataFrame, ids: pd.Index, as_of) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The statement fields (arrays) and fiscal_year_end of each debtor's latest statement with
    fiscal_year_end <= as_of, in the order of `ids` (distinct debtor ids); NaN, NaT where none."""
    year_end = financials["fiscal_year_end"]
    at = latest_rows(ids, financials["debtor_id"], year_end, as_of)
    # taken by position instead of a sort and a grouping: -1 (no statement) takes the blank row added last;
    # the fields read as one block (take is cheaper than iloc), not a Series per column
    figures = financials.take([financials.columns.get_loc(c) for c in FIELDS], axis=1).to_numpy(float, na_value=np.nan)
    figures = np.vstack([figures, np.full(len(FIELDS), np.nan)])[at]
    return {c: figures[:, k] for k, c in enumerate(FIELDS)}, take(year_end.to_numpy(), at, allow_fill=True)


# 1.10 and 2.60 are grey: "side=right" would put 2.60 in safe, so nudge the top bound up.
ALTMAN_ZONES = ([1.10, np.nextafter(2.60, np.inf)], ["distress", "grey", "safe"])
CONAN_ZONES = ([4.0, 9.0, np.nextafter(16.0, np.inf)], ["danger", "alert", "watch", "good"])


def zone_names(value: np.ndarray, bounds: list[float], names: list[str]) -> np.ndarray:
    """The zone name of each value: names[i] for bounds[i-1] <= value < bounds[i] (an object array;
    NaN values get the last name: mask them)."""
    return np.asarray(names, dtype=object)[np.searchsorted(np.asarray(bounds), value, side="right")]


def _not_computed(f: dict[str, np.ndarray], dated: np.ndarray, fields: tuple[str, ...],
                  denominators: tuple[str, ...], language: str) -> np.ndarray:
    """'not computed: missing a, b' and/or '...: total_assets is zero' per row (columns named by their
    labels in `language`); None when computable. Worded row by row, only the rows with a statement
    that cannot be scored: a few rows per debtor at most."""
    w = words("financials", language)
    missing = np.column_stack([np.isnan(f[c]) for c in fields])
    zero = np.column_stack([f[c] == 0 for c in denominators])
    notes = np.full(len(dated), None, dtype=object)
    notes[~dated] = w["no_statements"]
    flawed = np.flatnonzero(dated & (missing.any(axis=1) | zero.any(axis=1)))
    name = {c: label(c, "column", language) for c in (*fields, *denominators)} if len(flawed) else {}
    for r in flawed:
        why = []
        if missing[r].any():
            why.append(w["missing"] + ", ".join(name[c] for c, gap in zip(fields, missing[r]) if gap))
        if zero[r].any():
            why.append(", ".join(name[c] + w["is_zero"] for c, z in zip(denominators, zero[r]) if z))
        notes[r] = w["not_computed"] + "; ".join(why)
    return notes


def _altman_ratios(f: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"x1": (f["current_assets"] - f["current_liabilities"]) / f["total_assets"],
                "x2": f["retained_earnings"] / f["total_assets"], "x3": f["ebit"] / f["total_assets"],
                "x4": f["equity"] / f["total_liabilities"]}


def _conan_ratios(f: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"r1": f["ebitda"] / f["total_liabilities"], "r2": f["permanent_capital"] / f["total_assets"],
                "r3": (f["receivables"] + f["cash"]) / f["total_assets"], "r4": f["financial_charges"] / f["revenue"],
                "r5": f["staff_costs"] / f["value_added"]}


def _weighted(ratios: dict[str, np.ndarray], weights: dict, ok: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.where(ok, sum(w * ratios[k] for k, w in weights.items()), np.nan)


def _score(ratios: dict[str, np.ndarray], weights: dict, note: np.ndarray, name: str, prefix: str,
           zones: tuple[list[float], list[str]]) -> dict:
    """The score's columns (the note as objects, which a frame places by position)."""
    ok = pd.isna(note)
    value = _weighted(ratios, weights, ok)
    return {name: value, f"{prefix}_zone": text_array(zone_names(value, *zones), np.isnan(value)),
            **{f"{prefix}_{key}": np.where(ok, ratios[key], np.nan) for key in weights},
            f"{prefix}_note": objects(note)}


def _computable(f: dict[str, np.ndarray], dated: np.ndarray, fields: tuple[str, ...],
                denominators: tuple[str, ...]) -> np.ndarray:
    """Rows _not_computed has no note for: a statement, every field, no zero denominator."""
    return dated & ~np.any([np.isnan(f[c]) for c in fields], axis=0) & ~np.any([f[c] == 0 for c in denominators], axis=0)


def financial_values(financials: pd.DataFrame, ids: pd.Index, as_of) -> dict[str, np.ndarray]:
    """z_score and conan_holder (arrays) per debtor of `ids` (distinct debtor ids), as
    financial_scores computes them, without the zones and notes (a score at an earlier date needs
    the numbers only)."""
    f, year_end = _latest_figures(financials, ids, as_of)
    dated = pd.notna(year_end)
    return {"z_score": _weighted(_altman_ratios(f), ALTMAN, _computable(f, dated, ALTMAN_FIELDS, ALTMAN_DENOMINATORS)),
            "conan_holder": _weighted(_conan_ratios(f), CONAN_HOLDER,
                                      _computable(f, dated, CONAN_FIELDS, CONAN_DENOMINATORS))}


def financial_scores(financials: pd.DataFrame, debtor_ids: pd.Series, as_of, language: str = "en") -> pd.DataFrame:
    """One row per debtor id: debtor_id, fiscal_year_end, Altman columns (z_score, z_zone, z_x1..z_x4,
    z_note), Conan-Holder columns (conan_holder, ch_zone, ch_r1..ch_r5, ch_note), notes in `language`."""
    ids = pd.Index(pd.Series(debtor_ids).drop_duplicates(), name="debtor_id")
    return pd.DataFrame({"debtor_id": ids, **financial_columns(financials, ids, as_of, language)},
                        index=pd.RangeIndex(len(ids)))


def financial_columns(financials: pd.DataFrame, ids: pd.Index, as_of, language: str = "en") -> dict:
    """financial_scores' columns but debtor_id, in the order of `ids` (distinct debtor ids)."""
    f, year_end = _latest_figures(financials, ids, as_of)
    dated = pd.notna(year_end)
    altman = _score(_altman_ratios(f), ALTMAN, _not_computed(f, dated, ALTMAN_FIELDS, ALTMAN_DENOMINATORS, language),
                    "z_score", "z", ALTMAN_ZONES)
    conan = _score(_conan_ratios(f), CONAN_HOLDER,
                   _not_computed(f, dated, CONAN_FIELDS, CONAN_DENOMINATORS, language), "conan_holder", "ch",
                   CONAN_ZONES)
    return {"fiscal_year_end": year_end, **altman, **conan}
