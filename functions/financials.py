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

from .texts import label, words

ALTMAN = {"x1": 6.56, "x2": 3.26, "x3": 6.72, "x4": 1.05}
CONAN_HOLDER = {"r1": 24.0, "r2": 22.0, "r3": 16.0, "r4": -87.0, "r5": -10.0}
ALTMAN_FIELDS = ("total_assets", "current_assets", "current_liabilities", "retained_earnings", "ebit",
                 "equity", "total_liabilities")
ALTMAN_DENOMINATORS = ("total_assets", "total_liabilities")
CONAN_FIELDS = ("ebitda", "total_liabilities", "permanent_capital", "total_assets", "receivables", "cash",
                "financial_charges", "revenue", "staff_costs", "value_added")
CONAN_DENOMINATORS = ("total_liabilities", "total_assets", "revenue", "value_added")


def latest_financials(financials: pd.DataFrame, debtor_ids: pd.Series, as_of) -> pd.DataFrame:
    """The latest statement per debtor with fiscal_year_end <= as_of, one row per debtor id (NaN if none)."""
    ids = pd.Index(pd.Series(debtor_ids).drop_duplicates(), name="debtor_id")
    known = financials.loc[financials["fiscal_year_end"] <= pd.Timestamp(as_of)]
    latest = known.sort_values("fiscal_year_end", kind="stable").groupby("debtor_id").tail(1)
    return latest.set_index("debtor_id").reindex(ids)


def zone(values: pd.Series, bounds: list[float], names: list[str]) -> pd.Series:
    """Zone name by value: names[i] for bounds[i-1] <= value < bounds[i]; None where value is NaN."""
    where = np.searchsorted(np.asarray(bounds), values.to_numpy(float), side="right")
    return pd.Series(np.asarray(names, dtype=object)[where], index=values.index).where(values.notna(), None)


def altman_zone(z: pd.Series) -> pd.Series:
    # 1.10 and 2.60 are grey: "side=right" would put 2.60 in safe, so nudge the top bound up.
    return zone(z, [1.10, np.nextafter(2.60, np.inf)], ["distress", "grey", "safe"])


def conan_holder_zone(ch: pd.Series) -> pd.Series:
    return zone(ch, [4.0, 9.0, np.nextafter(16.0, np.inf)], ["danger", "alert", "watch", "good"])


def _not_computed(fin: pd.DataFrame, fields: tuple[str, ...], denominators: tuple[str, ...], language: str) -> pd.Series:
    """'not computed: missing a, b' and/or '...: total_assets is zero' per row (columns named by their
    labels in `language`); None when computable. Worded row by row: a few rows per debtor at most."""
    w = words("financials", language)
    name = {c: label(c, "column", language) for c in (*fields, *denominators)}
    missing, zero = fin[list(fields)].isna().to_numpy(), fin[list(denominators)].eq(0).to_numpy()
    notes = []
    for gaps, zeros in zip(missing, zero):
        missing_text = w["missing"] + ", ".join(name[c] for c, gap in zip(fields, gaps) if gap) if gaps.any() else ""
        zero_text = ", ".join(name[c] + w["is_zero"] for c, z in zip(denominators, zeros) if z)
        notes.append(w["not_computed"] + missing_text + ("; " if missing_text and zero_text else "") + zero_text
                     if missing_text or zero_text else None)
    note = pd.Series(notes, index=fin.index, dtype=object)
    return note.where(fin["fiscal_year_end"].notna(), w["no_statements"])


def _altman_ratios(fin: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "x1": (fin["current_assets"] - fin["current_liabilities"]) / fin["total_assets"],
        "x2": fin["retained_earnings"] / fin["total_assets"],
        "x3": fin["ebit"] / fin["total_assets"],
        "x4": fin["equity"] / fin["total_liabilities"]}, index=fin.index)


def _conan_ratios(fin: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "r1": fin["ebitda"] / fin["total_liabilities"],
        "r2": fin["permanent_capital"] / fin["total_assets"],
        "r3": (fin["receivables"] + fin["cash"]) / fin["total_assets"],
        "r4": fin["financial_charges"] / fin["revenue"],
        "r5": fin["staff_costs"] / fin["value_added"]}, index=fin.index)


def altman(fin: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """z_score, z_zone, z_x1..z_x4 and z_note per row of `fin` (a latest_financials frame)."""
    note = _not_computed(fin, ALTMAN_FIELDS, ALTMAN_DENOMINATORS, language)
    return _score(_altman_ratios(fin), ALTMAN, note, "z_score", "z", altman_zone)


def conan_holder(fin: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """conan_holder, ch_zone, ch_r1..ch_r5 and ch_note per row of `fin`."""
    note = _not_computed(fin, CONAN_FIELDS, CONAN_DENOMINATORS, language)
    return _score(_conan_ratios(fin), CONAN_HOLDER, note, "conan_holder", "ch", conan_holder_zone)


def _weighted(ratios: pd.DataFrame, weights: dict, ok: pd.Series) -> pd.Series:
    return sum(w * ratios[k] for k, w in weights.items()).where(ok)


def _score(ratios: pd.DataFrame, weights: dict, note: pd.Series, name: str, prefix: str, zoning) -> pd.DataFrame:
    ok = note.isna()
    value = _weighted(ratios, weights, ok)
    return pd.DataFrame({name: value, f"{prefix}_zone": zoning(value),
                         **{f"{prefix}_{key}": ratios[key].where(ok) for key in weights}, f"{prefix}_note": note},
                        index=ratios.index)


def _computable(fin: pd.DataFrame, fields: tuple[str, ...], denominators: tuple[str, ...]) -> pd.Series:
    """Rows _not_computed has no note for: a statement, every field, no zero denominator."""
    return (fin["fiscal_year_end"].notna() & ~fin[list(fields)].isna().any(axis=1)
            & ~fin[list(denominators)].eq(0).any(axis=1))


def financial_values(financials: pd.DataFrame, debtor_ids: pd.Series, as_of) -> pd.DataFrame:
    """z_score and conan_holder per debtor id, as financial_scores computes them, without the
    zones and notes (a score at an earlier date needs the numbers only)."""
    fin = latest_financials(financials, debtor_ids, as_of)
    return pd.DataFrame({
        "z_score": _weighted(_altman_ratios(fin), ALTMAN, _computable(fin, ALTMAN_FIELDS, ALTMAN_DENOMINATORS)),
        "conan_holder": _weighted(_conan_ratios(fin), CONAN_HOLDER,
                                  _computable(fin, CONAN_FIELDS, CONAN_DENOMINATORS))}, index=fin.index)


def financial_scores(financials: pd.DataFrame, debtor_ids: pd.Series, as_of, language: str = "en") -> pd.DataFrame:
    """One row per debtor id: debtor_id, fiscal_year_end, Altman columns, Conan-Holder columns (notes in `language`)."""
    fin = latest_financials(financials, debtor_ids, as_of)
    out = pd.concat([fin[["fiscal_year_end"]], altman(fin, language), conan_holder(fin, language)], axis=1)
    return out.reset_index()
