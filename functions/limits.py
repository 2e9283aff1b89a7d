"""Recommended limit (limite recommandée), limit requests (demandes d'agrément) and the
indemnity simulation (simulation d'indemnisation).

Recommended limit = min(needs, equity cap):
- needs = annual sales incl. VAT (12 months to as_of, credit notes deducted)
  x payment terms / 365 x `limit_headroom`; terms from Debtors `payment_terms_days`, else the
  amount-weighted terms (due - invoice date) of those sales;
- equity cap = equity of the latest Financials (fiscal year ended by as_of) x the share of
  EQUITY_SHARE_BY_GRADE for the debtor's grade: the A-E score grade when given, else the
  insurer grade mapped to A-E; without equity or grade, no cap (the basis says so).

Worked example: sales 365,000, terms 60 days, headroom 1.2: needs 365,000 x 60 / 365 x 1.2 =
72,000; equity 500,000 graded C (10 %): cap 50,000; recommended 50,000.

Indemnity simulation: every debtor with an overdue open invoice, or in insolvency proceedings,
defaults today; its indemnity before the policy year's ceilings = max(quotite x covered -
deductible, 0), covered = min(eligible exposure, limit); the indemnity is what that adds to
the insurer's payments of the policy year (functions.claims.Liability.payable: the maximum
liability and the aggregate first loss, net of the claims already decided), each debtor taken
as the only new default. A client whose claim the insurer has decided leaves the simulation: the
Indemnities sheet shows what it pays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.extensions import take

from .behaviour import key_sums
from .claims import Liability
from .cover import day, money
from .ledger import Ledger, by_ids, debtor_ids, debtor_positions, found_at, latest_rows, positions, whole_days
from .policy import Policy
from .scoring import Scoring
from .texts import table, text

# Share of the debtor's equity a limit may reach, by grade (A safest): the `Scoring` sheet's
# equity_share_* rows, whose shipped defaults these are; pass `equity_share=` to use the sheet's.
EQUITY_SHARE_BY_GRADE: dict[str, float] = dict(Scoring().equity_shares)

REQUEST_STEP = 1000.0  # requests are rounded up to a round amount, as insurers grant them

# Insurer grades to A-E: (scale, grade) -> letter. Allianz Trade 1 (best) to 10; Coface DRA
# 10 (best) to 0; Banque de France 1+ (best) to 8 and P (insolvency proceedings); BdF 0
# ("no adverse information") is neutral, hence no grade.
INSURER_GRADES: dict[str, dict[str, str]] = {
    "allianz": {"1": "A", "2": "A", "3": "B", "4": "B", "5": "C", "6": "C", "7": "D", "8": "D", "9": "E", "10": "E"},
    "coface": {"10": "A", "9": "A", "8": "A", "7": "B", "6": "B", "5": "C", "4": "C", "3": "D", "2": "D", "1": "E", "0": "E"},
    "bdf": {"1": "A", "2": "A", "3": "B", "4": "C", "5": "D", "6": "D", "7": "E", "8": "E", "P": "E"},
}
# the same as one dict keyed (scale, grade number)
_LETTERS = {(s, g): letter for s, grades in INSURER_GRADES.items() for g, letter in grades.items()}

TEXT = table("limit_request")  # {"fr": {...}, "en": {...}}: the words of `basis` and `reason`

def annual_sales(ledger: Ledger, ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Per debtor of `ids`: sales (incl. VAT, credit notes deducted) and the amount-weighted
    terms_days of the invoices over the 12 months to as_of (NaN when nothing was invoiced)."""
    start = np.datetime64((ledger.as_of - pd.DateOffset(months=12)).to_datetime64(), "ns")
    inv, credits, n = ledger.invoices, ledger.credits, len(ids)
    debtor = debtor_positions(ledger, ids)
    issued = inv["invoice_date"].to_numpy("datetime64[ns]")
    kept = (issued > start) & (debtor >= 0)
    amount = inv["amount"].to_numpy(float)[kept]
    days = whole_days(inv["due_date"].to_numpy("datetime64[ns]")[kept] - issued[kept])
    # compared as the column is (a category, not objects); the credit notes' ids hashed once each
    notes = np.flatnonzero((credits["source"] == "credit_note").to_numpy(bool) &
                           (credits["date"].to_numpy("datetime64[ns]") > start))
    noted = positions(ids, credits["debtor_id"].to_numpy()[notes])
    credited = credits["amount"].to_numpy(float)[notes][noted >= 0]
    # one group-by of the invoices' two sums and the credit notes' (keys n + position): pandas'
    # compensated sums, each over the same rows in the same order as a group-by of its own
    sums = key_sums(np.concatenate([debtor[kept], n + noted[noted >= 0]]),
                    np.column_stack([np.concatenate([amount, credited]),
                                     np.concatenate([days * amount, np.zeros(len(credited))])]), 2 * n)
    invoiced, weighted, credited = sums[:n, 0], sums[:n, 1], sums[n:, 0]
    sales = np.where(np.isnan(invoiced), 0.0, invoiced) - np.where(np.isnan(credited), 0.0, credited)
    return sales, weighted / invoiced


def insurer_grade_letter(debtors: pd.DataFrame) -> pd.Series:
    """A-E by debtor_id from insurer_grade and grade_scale (None when unknown or neutral)."""
    letters = _grade_letters(debtors["grade_scale"].to_numpy(object), debtors["insurer_grade"].to_numpy(object))
    return pd.Series(letters, index=debtors["debtor_id"].to_numpy(), dtype=object)


def _grade_letters(scale: np.ndarray, grade: np.ndarray) -> np.ndarray:
    """insurer_grade_letter on arrays of scales and grades."""
    # the distinct (scale, grade) pairs are few: each is read once
    scale_code, scales = pd.factorize(scale)
    grade_code, grades = pd.factorize(grade)
    width = len(grades) + 1
    pair, pairs = pd.factorize((scale_code + 1) * width + grade_code + 1)  # a missing one: code -1, read as None
    scale_of, grade_of = np.array([None, *scales], object), np.array([None, *grades], object)
    letters = np.array([_letter(scale_of[p // width], grade_of[p % width]) for p in pairs], dtype=object)
    return letters[pair]


def _letter(scale, grade) -> str | None:
    """A-E for one insurer grade on its scale: '3+' reads as 3, '10' as 10, 'P' as P."""
    if grade is None or pd.isna(grade) or scale is None or pd.isna(scale):
        return None
    number = re.match(r"^(\d+|P)", str(grade).strip().upper())
    return _LETTERS.get((scale, number.group(1)), None) if number else None


def needs_limit(annual_sales, terms_days, headroom: float):
    """The limit the sales need: annual sales (incl. VAT, at least 0) x terms / 365 x headroom.

    >>> needs_limit(365000.0, 60, 1.2)
    72000.0
    """
    return np.maximum(annual_sales, 0.0) * terms_days / 365.0 * headroom


def equity_cap(equity, share):
    """The most a debtor should owe: its equity (at least 0) x the share of its grade."""
    return np.maximum(equity, 0.0) * share


def recommended_limit(needs, cap):
    """min(needs, equity cap); a missing cap (no equity or no grade) leaves the needs uncapped.

    >>> recommended_limit(72000.0, 50000.0), recommended_limit(72000.0, float("nan"))
    (50000.0, 72000.0)
    """
    return np.fmin(needs, cap)


def recommended_limits(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, policy: Policy,
                       grades: pd.Series | None = None, equity_share: dict[str, float] | None = None,
                       language: str | None = None) -> pd.DataFrame:
    """Per Debtors row: debtor_id, recommended_limit, needs, equity_cap, annual_sales, terms_days,
    equity, grade, basis (how it was computed, in words)."""
    lang = "fr" if (language or policy.language) == "fr" else "en"
    share = EQUITY_SHARE_BY_GRADE if equity_share is None else equity_share
    ids, first = debtor_ids(debtors)
    sales, invoiced_terms = annual_sales(ledger, ids)
    terms = debtors["payment_terms_days"].to_numpy("float64", na_value=np.nan)[first]
    terms = np.where(np.isnan(terms), invoiced_terms, terms)
    needs = needs_limit(sales, terms, policy.limit_headroom)
    needs = np.where(np.isnan(needs), 0.0, needs)  # no terms only when nothing was invoiced in the year: no needs
    equity = _latest_equity(financials, ids, ledger.as_of)
    given = (np.full(len(ids), None, object) if grades is None
             else by_ids(grades, ids))
    grade = np.where(pd.notna(given), given, _grade_letters(*(debtors[c].to_numpy(object)[first]
                                                              for c in ("grade_scale", "insurer_grade"))))
    grade_share = np.array([share.get(g, np.nan) for g in grade.tolist()], float)
    cap = equity_cap(equity, grade_share)
    limit = recommended_limit(needs, cap)
    separator = text("score.separator", lang)
    basis = [_basis(*row, lang, separator, policy) for row in zip(terms.tolist(), sales.tolist(), cap.tolist(),
                                                          grade_share.tolist(), equity.tolist(), grade.tolist())]
    rows = pd.RangeIndex(len(ids))
    # debtor_id as a frame's index column reads (text ids: str)
    return pd.DataFrame({"debtor_id": ids.to_series(index=rows).infer_objects(), "recommended_limit": limit,
                         "needs": needs, "equity_cap": cap, "annual_sales": sales, "terms_days": terms,
                         "equity": equity, "grade": pd.Series(grade, index=rows, dtype=object), "basis": basis},
                        index=rows)


def _latest_equity(financials: pd.DataFrame, ids: pd.Index, as_of) -> np.ndarray:
    """Each debtor's equity in its latest Financials of a fiscal year ended by as_of (NaN when none)."""
    equity = financials["equity"].to_numpy(float, na_value=np.nan)
    known = ~np.isnan(equity)
    latest = latest_rows(ids, financials["debtor_id"][known], financials["fiscal_year_end"][known], as_of)
    return take(equity[known], latest, allow_fill=True)


def _basis(terms_days: float, annual_sales: float, cap: float, share: float, equity: float, grade, lang: str,
           separator: str, policy: Policy) -> str:
    """How a recommended limit was computed, in words; a figure NaN (x != x) is missing."""
    words = TEXT[lang]
    if terms_days != terms_days:
        needs = ""
    else:
        needs = words["needs"].format(sales=money(annual_sales, policy.currency, lang), terms=round(terms_days),
                                      headroom=f"{policy.limit_headroom:g}")
    if cap == cap:
        cap = words["cap"].format(share=share, equity=money(equity, policy.currency, lang), grade=grade)
    else:
        cap = words["no_financials"] if equity != equity else words["no_grade"]
    return separator.join(p for p in (needs, cap) if p)


def limit_requests(exposure: pd.DataFrame, recommended: pd.DataFrame, policy: Policy,
                   language: str | None = None) -> pd.DataFrame:
    """The `Limit requests` sheet: debtor_id, current_limit, recommended_limit, amount_to_request,
    reason, then limit_type, exposure_with_orders.

    A debtor is listed when insured, not withdrawn or refused, and either its exposure with
    orders is above cover + `limit_request_threshold` or its recommended limit is above the
    current limit. The amount is the total limit to ask for: the larger of both, rounded up to
    REQUEST_STEP; `basis` says which (`exposure_with_orders` or `recommended_limit`), and the
    reason says when the request goes beyond the recommended limit shown beside it.

    Worked example: limit 10,000, exposure with orders 62,345, recommended 15,055: amount
    63,000 on the basis exposure_with_orders, 47,945 above the recommended limit.
    """
    lang = "fr" if (language or policy.language) == "fr" else "en"
    words, cur = TEXT[lang], policy.currency
    limit, with_orders = (exposure[c].to_numpy(float) for c in ("limit", "exposure_with_orders"))
    rec = take(recommended["recommended_limit"].to_numpy(float),
               found_at(pd.Index(recommended["debtor_id"]), exposure["debtor_id"]), allow_fill=True)
    open_to_request = (exposure["limit_type"].to_numpy(object) != "excluded") & exposure["cover_stopped"].isna().to_numpy()
    by_orders = with_orders > limit + policy.limit_request_threshold
    for_orders = np.where(by_orders, with_orders, 0.0)
    floor = np.where(np.isnan(rec), 0.0, rec)
    wanted = np.maximum(floor, for_orders)
    basis = np.where(for_orders > floor, "exposure_with_orders", "recommended_limit").astype(object)
    amount = np.ceil(wanted / REQUEST_STEP) * REQUEST_STEP
    rows = np.flatnonzero(open_to_request & (by_orders | (rec > limit)) & (amount > limit))
    refused = exposure["refused_on"].to_numpy("datetime64[ns]")

    def reason(k: int) -> str:
        parts = []
        if with_orders[k] > limit[k] + policy.limit_request_threshold:
            parts.append(words["orders"].format(total=money(with_orders[k], cur, lang), limit=money(limit[k], cur, lang)))
        if not np.isnan(rec[k]) and rec[k] > limit[k]:
            parts.append(words["recommended"].format(recommended=money(rec[k], cur, lang), limit=money(limit[k], cur, lang)))
        if basis[k] == "exposure_with_orders" and not np.isnan(rec[k]) and amount[k] > rec[k]:
            parts.append(words["above_recommended"].format(gap=money(amount[k] - rec[k], cur, lang)))
        if not np.isnat(refused[k]):
            parts.append(words["refused"].format(date=pd.Timestamp(refused[k]).strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")))
        sentence = text("score.separator", lang).join(parts)
        return sentence[:1].upper() + sentence[1:]

    return pd.DataFrame({
        "debtor_id": pd.Index(exposure["debtor_id"])[rows], "current_limit": limit[rows], "recommended_limit": rec[rows],
        "amount_to_request": amount[rows], "reason": [reason(k) for k in rows], "basis": basis[rows],
        "limit_type": exposure["limit_type"].to_numpy()[rows], "exposure_with_orders": with_orders[rows]})


def indemnity(exposure: pd.DataFrame, ledger: Ledger, policy: Policy, ceiling: Liability | None = None,
              insolvent=None, decided=None) -> pd.DataFrame:
    """Per debtor: debtor_id, defaulted (an open invoice past due, or in `insolvent`; never in `decided`),
    exposure, covered, quotite, indemnity_before_ceilings = max(quotite x covered - deductible, 0) when
    defaulted, indemnity = what `ceiling` lets the insurer pay of it, retained_loss = exposure - indemnity.
    `insolvent` and `decided`: debtor ids (any list-like)."""
    inv = ledger.invoices
    late = (inv["open"].to_numpy(float) > 0) & (inv["due_date"].to_numpy("datetime64[ns]") < ledger.as_of.to_datetime64())
    ids = exposure["debtor_id"]
    among = _among(ids)
    hit = among(inv["debtor_id"].to_numpy()[late])
    if insolvent is not None:
        hit = hit | among(insolvent)
    if decided is not None:
        hit = hit & ~among(decided)
    owed, covered, quotite = (exposure[c].to_numpy(float) for c in ("exposure", "covered", "quotite"))
    gross = np.where(hit, _at_least_zero(quotite * covered - policy.deductible), 0.0)
    paid = gross if ceiling is None or not ceiling.active else np.where(hit, ceiling.payable(gross), 0.0)
    return pd.DataFrame({"debtor_id": ids, "defaulted": hit, "exposure": owed, "covered": covered, "quotite": quotite,
                         "indemnity_before_ceilings": gross, "indemnity": paid,
                         "retained_loss": np.where(hit, _at_least_zero(owed - paid), 0.0)}, index=exposure.index)


def _among(ids: pd.Series):
    """A test of which `ids` are among chosen ones (`ids.isin`), compared as objects: a text column would
    convert the chosen ids to text first."""
    index = pd.Index(ids.to_numpy(object), dtype=object)
    return lambda chosen: index.isin(np.asarray(chosen, dtype=object))


def _at_least_zero(values: np.ndarray) -> np.ndarray:
    """clip(lower=0) keeping NaN, as pandas clips."""
    return np.where(values < 0.0, 0.0, values)


@dataclass(frozen=True)
class PortfolioIndemnity:
    """The portfolio if every overdue debtor defaulted today."""

    defaulted: int
    exposure: float
    indemnity: float
    retained_loss: float
    before_ceilings: float | None = None  # the indemnity before the policy year's ceilings, when they apply
    ceiling: Liability | None = None


def indemnity_rows(total: PortfolioIndemnity, currency: str, language: str = "en") -> list[tuple]:
    """The simulation as rows of the Portfolio sheet (section, item, measure, value, unit, note), with
    the maximum liability and aggregate first loss of the policy year when the policy has them."""
    note = text("portfolio_item.simulation_note", language)
    rows = [("indemnity_simulation", "overdue clients default", measure, value, unit, note)
            for measure, value, unit in zip(["clients", "exposure", "indemnity", "retained_loss"],
                                            [float(total.defaulted), total.exposure, total.indemnity, total.retained_loss],
                                            ["clients", currency, currency, currency])]
    c = total.ceiling
    if c is None or not c.active:
        return rows
    year = text("portfolio_item.year_note", language, date=day(c.year_start, language))
    return rows + [("max_liability", "policy year", measure, value, currency, year) for measure, value in zip(
        ["indemnity_before_ceilings", "max_liability", "aggregate_first_loss", "decided_this_year", "paid_by_insurer",
         "headroom", "first_loss_left"],
        [total.before_ceilings, c.max_liability, c.first_loss, c.decided, c.paid_by_insurer, c.headroom,
         c.first_loss_left])]


def portfolio_indemnity(per_debtor: pd.DataFrame, ceiling: Liability | None = None) -> PortfolioIndemnity:
    """Totals of `indemnity()` over the defaulted debtors; under ceilings the defaults count together:
    the insurer pays ceiling.payable(the sum of their indemnities before the ceilings)."""
    hit = per_debtor["defaulted"].to_numpy(bool)
    total = lambda column: float(np.nansum(per_debtor[column].to_numpy(float)[hit]))  # noqa: E731  (as Series sum)
    if ceiling is None or not ceiling.active:
        return PortfolioIndemnity(int(hit.sum()), total("exposure"), total("indemnity"), total("retained_loss"))
    gross = total("indemnity_before_ceilings")
    paid = float(ceiling.payable(gross))
    owed = float(np.nansum(_at_least_zero(per_debtor["exposure"].to_numpy(float)[hit])))
    return PortfolioIndemnity(int(hit.sum()), total("exposure"), paid, owed - paid, gross, ceiling)
