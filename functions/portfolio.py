"""Portfolio risk analysis for the insurer (analyse du portefeuille clients): totals,
distributions, concentration, expected loss, stress test, uninsured history, and the premium
against the indemnity under the current policy and the user's `Policy variants`.

Loss model, per debtor, if it defaulted today (nothing recovered from its estate, a prudent
gross LGD of 100 %; the insurer pays the claim before any recovery):
- indemnity (indemnité de l'assureur) = max(quotite x covered - deductible, 0), as in
  functions.limits.indemnity;
- loss to the company (perte conservée) = exposure - indemnity
  = uninsured + (1 - quotite) x covered + the deductible (up to the insured amount);
- LGD to the company = loss / exposure.
Expected values over one year multiply by the PD of the debtor's score grade (A-E, `PD`
parameters table); a debtor not scored takes the `not_scored` PD, a debtor under insolvency
proceedings at as_of (insolvency_date) a PD of 100 %.

Concentration: shares s_i = exposure_i / total exposure over debtors with a positive exposure;
Herfindahl index HHI = sum s_i^2 on a 0-1 scale (x 10,000 for the points antitrust guidelines
use); 1 / HHI is the equivalent number of equal debtors.

Worked example (quotite 0.90, deductible 0, PD A 0.25 %, C 3 %): debtor X, grade A, exposure
100,000 under a named limit of 80,000: indemnity 0.90 x 80,000 = 72,000, loss 28,000 (20,000
uninsured + 8,000 retained share), expected loss 0.25 % x 28,000 = 70, expected indemnity
180. Debtor Y, grade C, 50,000 non-named at 0.60 within a 10,000 threshold: indemnity 6,000,
loss 44,000, expected loss 3 % x 44,000 = 1,320. Shares 2/3 and 1/3: HHI = 4/9 + 1/9 = 0.556
(5,556 points), 1.8 equivalent debtors.

Under a maximum liability or an aggregate first loss (functions.claims.Liability), each
debtor's indemnity is what it adds to the insurer's payments of the policy year as the only new
default; in the stress test the three default together, the insurer pays the ceiling's share of
their summed indemnities, and each debtor's row shows its pro rata part of it.

Premium (prime) = max(premium_rate x insured turnover of the 12 months to as_of on the
`premium_basis`, minimum_premium). A variant's cost = premium + retained loss, expected (PD
weighted) or stressed (the three largest debtors default).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from .cover import (DEBTOR_COLUMNS, INVOICE_COLUMNS, KEY_COLUMNS, LIMIT_COLUMNS, LedgerArrays, as_objects, columns,
                    key_cover, paid_since)
from .groups import group_key
from .claims import Liability
from .limits import PortfolioIndemnity, indemnity_rows, portfolio_indemnity
from .insolvency import insolvency_dates
from .ledger import (CENT, Ledger, among, by_ids, column_sums, debtor_positions, first_of_each, group_sums, positions,
                     sort_keys, stood_at, values_at)
from .model import Issue
from .policy import Policy
from .turnover import MINIMUM_SUFFIX, premium, yearly_premium
from .texts import lang, message, text, words

GRADES = ("A", "B", "C", "D", "E")
NOT_SCORED = "not_scored"
TOP = 10
STRESSED = 3


# The `PD` parameter sheet (grade | pd | description) and its shipped defaults: one-year
# probabilities of default. Reasoning: S&P Global Ratings' long-run one-year corporate default
# rates (annual global default studies, 1981 onwards) are about 0.15 % for BBB, 0.6 % for BB,
# 3 % for B and 26 % for CCC/C; the score's grades are placed on that ladder with a margin for
# unrated SMEs. B is close to the yearly failure rate of French firms (about 1 %).
DEFAULT_PD = pd.DataFrame([("A", 0.0025), ("B", 0.010), ("C", 0.030), ("D", 0.080), ("E", 0.200), (NOT_SCORED, 0.030)],
                          columns=["grade", "pd"])  # why each figure: functions/texts.py, section `pd_note`

# The `Policy variants` parameter sheet: its columns, and the example rows the template ships.
VARIANT_COLUMNS = ("variant", "quotite", "quotite_non_named", "deductible", "premium_rate", "minimum_premium",
                   "non_named_threshold", "description")
EXAMPLE_VARIANTS = pd.DataFrame([  # their names and descriptions: functions/texts.py, section `variant`
    (0.95, None, 0.0, 0.0032, None, None), (0.90, None, 5000.0, 0.0018, None, None), (0.90, 0.50, 0.0, 0.0021, None, 5000.0),
], columns=list(VARIANT_COLUMNS[1:-1]))


@dataclass(frozen=True)
class Variant:
    """One set of policy terms to price: the current policy, or a `Policy variants` row."""

    variant: str
    quotite: float
    quotite_non_named: float
    deductible: float
    premium_rate: float
    minimum_premium: float
    non_named_threshold: float


def current_variant(policy: Policy) -> Variant:
    return Variant("current policy", policy.quotite_named, policy.quotite_non_named, policy.deductible,
                   policy.premium_rate, policy.minimum_premium, policy.non_named_threshold)


def read_pd(table: pd.DataFrame | None) -> tuple[pd.Series, list[Issue]]:
    """PD by grade (A-E, not_scored) from the `PD` sheet over the defaults; bad rows give an Issue."""
    result = DEFAULT_PD.set_index("grade")["pd"].copy()
    if table is None or table.empty:
        return result, []
    rows = table["_row"] if "_row" in table else pd.Series(range(2, len(table) + 2), index=table.index)
    issues = []
    for grade, value, row in zip(table["grade"], table["pd"], rows):
        key = str(grade).strip()
        key = key.upper() if key.upper() in GRADES else key.lower().replace(" ", "_")
        if key not in result.index:
            issues.append(Issue("PD", int(row), "grade", "warning", message("portfolio.unknown_grade", grade=grade)))
        elif pd.isna(value) or not 0 <= value <= 1:
            issues.append(Issue("PD", int(row), "pd", "warning",
                                message("portfolio.bad_pd", grade=key, value=value, default=result[key])))
        else:
            result[key] = float(value)
    return result, issues


def read_variants(table: pd.DataFrame | None, policy: Policy) -> tuple[list[Variant], list[Issue]]:
    """The current policy, then one Variant per `Policy variants` row; blank cells keep the policy's value."""
    base = current_variant(policy)
    variants, issues = [base], []
    if table is None or table.empty:
        return variants, issues
    rows = table["_row"] if "_row" in table else pd.Series(range(2, len(table) + 2), index=table.index)
    for record, row in zip(table.to_dict("records"), rows):
        values = {f.name: record.get(f.name) for f in fields(Variant) if f.name != "variant"}
        values = {k: float(v) for k, v in values.items() if v is not None and not pd.isna(v)}
        bad = [k for k, v in values.items() if v < 0 or (k.startswith("quotite") and v > 1)]
        if bad:
            issues.append(Issue("Policy variants", int(row), bad[0], "warning",
                                message("portfolio.bad_variant", column=bad[0], value=values[bad[0]])))
            continue
        variants.append(replace(base, variant=str(record.get("variant") or f"variant {len(variants)}"), **values))
    return variants, issues


# --- loss model ----------------------------------------------------------------------------

def debtor_pd(ids: pd.Series, grades: pd.Series, insolvent: pd.Series, pd_by_grade: pd.Series) -> pd.DataFrame:
    """risk_class (the Scores grade A-E, or not_scored) and pd per debtor id (aligned on `ids`).
    A debtor in insolvency proceedings keeps its class (the Scores sheet grades it E) and has
    defaulted already: pd 1."""
    klass, chance = _risk(ids, grades, by_ids(insolvent, ids, False), pd_by_grade)
    return pd.DataFrame({"risk_class": pd.Series(klass, index=ids.index, dtype=object), "pd": chance}, index=ids.index)


def _risk(ids: pd.Series, grades: pd.Series, insolvent: np.ndarray, pd_by_grade: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """debtor_pd's columns as arrays, `insolvent` a flag per id."""
    grade = by_ids(grades, ids)
    klass = np.where(among(grade, GRADES), grade, NOT_SCORED)
    return klass, np.where(insolvent, 1.0, by_ids(pd_by_grade, klass))


# The Exposure sheet's columns the loss model reads, with their dtypes (see functions.cover.columns).
LOSS_COLUMNS = {"limit_type": object, "limit": float, "eligible": float, "exposure": float}


def cover_under(exposure: dict[str, np.ndarray], variant: Variant) -> dict[str, np.ndarray]:
    """covered, quotite and indemnity per debtor under a variant's terms (named limits unchanged), from
    the Exposure sheet's LOSS_COLUMNS as arrays."""
    kind = exposure["limit_type"]
    non_named = kind == "non_named"
    limit = np.where(non_named, variant.non_named_threshold, exposure["limit"])
    covered = np.where(limit > 0, np.minimum(exposure["eligible"], limit), 0.0)
    covered = np.where(among(kind, ["named", "temporary", "discretionary", "non_named"]), covered, 0.0)
    quotite = np.where(covered > 0, np.where(non_named, variant.quotite_non_named, variant.quotite), 0.0)
    indemnity = np.where(covered > 0, np.maximum(quotite * covered - variant.deductible, 0.0), 0.0)
    return {"covered": covered, "quotite": quotite, "indemnity": indemnity}


def loss_model(exposure: pd.DataFrame, risk: pd.DataFrame, variant: Variant, ceiling: Liability | None = None) -> pd.DataFrame:
    """Per debtor: debtor_id, risk_class, pd, exposure, covered, quotite, indemnity (at default, within
    the policy year's ceilings), loss (to the company at default), lgd, expected_loss, expected_indemnity,
    then gross_indemnity (before the ceilings)."""
    return _model(exposure, risk["risk_class"], risk["pd"].to_numpy(float), variant, ceiling)


def _model(exposure: pd.DataFrame, klass: pd.Series, chance: np.ndarray, variant: Variant,
           ceiling: Liability | None) -> pd.DataFrame:
    """loss_model from each debtor's risk class (an object Series on `exposure`'s index) and pd."""
    return pd.DataFrame({"debtor_id": exposure["debtor_id"], "risk_class": klass, "pd": chance,
                         **_losses(columns(exposure, LOSS_COLUMNS), chance, variant, ceiling)}, index=exposure.index)


def _losses(exposure: dict[str, np.ndarray], chance: np.ndarray, variant: Variant,
            ceiling: Liability | None) -> dict[str, np.ndarray]:
    """loss_model's figures as arrays from the Exposure sheet's LOSS_COLUMNS, `chance` the pd of each debtor."""
    cover = cover_under(exposure, variant)
    owed = exposure["exposure"]
    owed = np.where(owed < 0.0, 0.0, owed)  # clip(lower=0), NaN kept
    gross = np.minimum(cover["indemnity"], owed)
    indemnity = gross if ceiling is None or not ceiling.active else np.asarray(ceiling.payable(gross), float)
    loss = owed - indemnity
    with np.errstate(divide="ignore", invalid="ignore"):
        lgd = np.where(owed > 0, loss / owed, np.nan)
    return {"exposure": owed, "covered": cover["covered"], "quotite": cover["quotite"], "indemnity": indemnity,
            "loss": loss, "lgd": lgd, "expected_loss": chance * loss, "expected_indemnity": chance * indemnity,
            "gross_indemnity": gross}


def expected_loss_by_grade(model: pd.DataFrame) -> pd.DataFrame:
    """One row per risk class (A-E, not_scored) holding exposure, then a total row. A class's pd is
    its grade's, or the loss-weighted mean (expected loss / loss at default) when debtors in
    insolvency proceedings (pd 1) sit in it; the total's is the loss-weighted mean."""
    order = np.array([*GRADES, NOT_SCORED], object)
    code = pd.Index(order, dtype=object).get_indexer(model["risk_class"].to_numpy(object))  # objects: not text
    summed = ["exposure", "loss", "indemnity", "expected_loss", "expected_indemnity"]
    sums = column_sums(code, [model[c].to_numpy(float) for c in summed], len(order)).T  # as a frame's group-by
    exposure, loss, expected_loss = sums[:, 0], sums[:, 1], sums[:, 3]
    debtors = np.bincount(code[model["exposure"].to_numpy(float) > 0], minlength=len(order))
    chance = model["pd"].to_numpy(float)
    lowest, highest = np.full(len(order), np.inf), np.full(len(order), -np.inf)
    np.fmin.at(lowest, code, chance)
    np.fmax.at(highest, code, chance)
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = np.where(loss > 0, expected_loss / loss, np.nan)
    # one pd in the class: that pd (none: NaN), else the loss-weighted mean
    single = (lowest == highest) | np.isinf(lowest)
    grade_pd = np.where(single, np.where(np.isinf(lowest), np.nan, lowest), weighted)
    held = exposure > 0
    rows = np.column_stack([debtors[held].astype(float), exposure[held], grade_pd[held], sums[held, 1:]])
    total = rows.sum(axis=0)
    total[2] = total[5] / total[3] if total[3] > 0 else np.nan  # expected loss / loss
    table = np.vstack([rows, total]).T
    return pd.DataFrame({"risk_class": [*order[held], "total"], "debtors": table[0].astype(int),
                         **dict(zip(["exposure", "pd", *summed[1:]], table[1:]))})


def stress(model: pd.DataFrame, count: int = STRESSED, ceiling: Liability | None = None,
           names: np.ndarray | None = None) -> pd.DataFrame:
    """The `count` largest exposures default with certainty: debtor_id, exposure, indemnity, loss. Under
    ceilings the insurer pays their share of the summed indemnities, split pro rata. With `names` (an
    object array, each model row's client name), a name column follows debtor_id."""
    ids, owed = model["debtor_id"], model["exposure"].to_numpy(float)
    rows = _largest(owed, ids.to_numpy(), count)
    figures = {c: model[c].to_numpy(float) for c in ("covered", "indemnity", "loss", "gross_indemnity")}
    indemnity, loss = _stressed(rows, owed, figures, ceiling)
    return pd.DataFrame({"debtor_id": ids.iloc[rows].reset_index(drop=True),
                         **({} if names is None else {"name": names[rows]}), "exposure": owed[rows],
                         "covered": figures["covered"][rows], "indemnity": indemnity, "loss": loss})


def _largest(owed: np.ndarray, debtor_ids: np.ndarray, count: int) -> np.ndarray:
    """The positions of the `count` largest positive exposures, largest first, then by debtor_id."""
    rows = np.flatnonzero(owed > 0)
    return rows[np.lexsort((sort_keys(debtor_ids[rows]), -owed[rows]))[:count]]


def _stressed(rows: np.ndarray, owed: np.ndarray, figures: dict[str, np.ndarray],
              ceiling: Liability | None) -> tuple[np.ndarray, np.ndarray]:
    """indemnity and loss of the debtors at `rows` defaulting together (figures: _losses')."""
    gross, indemnity, loss = (figures[c][rows] for c in ("gross_indemnity", "indemnity", "loss"))
    total = np.nansum(gross)  # as a Series sums, missing skipped
    if ceiling is not None and ceiling.active and total > 0:
        indemnity = gross * float(ceiling.payable(total)) / total
        loss = owed[rows] - indemnity
    return indemnity, loss


# --- concentration and distributions -------------------------------------------------------

@dataclass(frozen=True)
class Concentration:
    """Top-N share and Herfindahl index of the positive exposures."""

    total: float
    debtors: int
    top_amount: float
    top_share: float
    hhi: float                 # 0-1
    largest_id: str | None
    largest_share: float

    @property
    def hhi_points(self) -> float:
        """The index on the 0-10,000 scale of antitrust guidelines."""
        return self.hhi * 10_000

    @property
    def equivalent_debtors(self) -> float:
        return 1.0 / self.hhi if self.hhi > 0 else float("nan")


def concentration(exposure: pd.Series, top: int = TOP) -> Concentration:
    """`exposure`: amount per debtor id (index). Debtors with nothing (or a credit) owed are left out."""
    values = exposure.to_numpy(float)
    rows = _largest_first(values)
    owed = values[rows]
    total = float(owed.sum())
    if total <= 0:
        return Concentration(0.0, 0, 0.0, float("nan"), float("nan"), None, float("nan"))
    shares = owed / total
    return Concentration(total, int(len(owed)), float(owed[:top].sum()), float(shares[:top].sum()),
                         float((shares ** 2).sum()), str(exposure.index[rows[0]]), float(shares[0]))


def _largest_first(values: np.ndarray) -> np.ndarray:
    """The positions of the amounts above a cent, largest first (equal ones in their order)."""
    rows = np.flatnonzero(values > CENT)
    return rows[np.argsort(-values[rows], kind="stable")]  # as a stable descending sort_values


def distribution(exposure: np.ndarray, key: np.ndarray, unknown: str = "unknown",
                 order: list | None = None) -> pd.DataFrame:
    """key, exposure, share, debtors: positive exposure (an array of amounts) grouped by `key` (an object array
    aligned on `exposure`, NaN: none), largest first, or in `order`."""
    values = np.asarray(exposure, float)
    kept = values > CENT
    owed = values[kept]
    code, labels = pd.factorize(key[kept])
    # a blank or missing key counts under `unknown` (the distinct keys are few: checked one by one)
    blank = np.array([str(label).strip() == "" for label in labels] + [True], bool)
    labels = np.array([*labels, unknown], object)
    labels[blank] = unknown
    code, labels = pd.factorize(labels[code], sort=True)  # -1 (missing) reads the appended `unknown`
    sums = group_sums(code, owed, len(labels))  # a group-by's sums: every label has rows
    if order:
        where = {label: k for k, label in enumerate(labels)}
        rows = np.array([where[k] for k in order if k in where], int)
    else:
        rows = np.argsort(-sums, kind="stable")  # as a stable descending sort_values
    return pd.DataFrame({"key": labels[rows], "exposure": sums[rows], "share": (sums / owed.sum())[rows],
                         "debtors": np.bincount(code, minlength=len(labels))[rows]})


# --- history -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def history_dates(as_of) -> tuple[pd.Timestamp, ...]:
    """The quarter ends of the last 12 months before as_of's quarter, then as_of itself: 5 points.

    Quarterly rather than monthly: each point reruns the cover engine, and the insurer reviews
    a portfolio by quarter anyway (the turnover declaration's default period). Kept for the next
    call: the past cover and the history ask for the same as_of, and pandas' calendars are slow.
    """
    as_of = pd.Timestamp(as_of).normalize()
    start = as_of.to_period("Q").start_time
    quarter_ends = pd.date_range(end=start - pd.Timedelta(days=1), periods=4, freq="QE")
    return (*quarter_ends, as_of)


def ledger_at(ledger: Ledger, when) -> Ledger:
    """The ledger at an earlier date, derived from the one at as_of (no new allocation run).

    Invoices dated by `when`; one settled by `when` is closed, any other is open in full, and
    the debtor's credits dated by `when` that settled nothing yet are its unapplied credit, so
    exposure = invoices - credits dated by `when`, exactly, since an allocation only moves
    credit between a debtor's invoices. Partial payments are thus netted per debtor rather
    than per invoice.
    """
    when = pd.Timestamp(when)
    inv = ledger.invoices.loc[ledger.invoices["invoice_date"] <= when]  # a new frame (copy on write)
    inv["open"], settled = stood_at(inv["amount"].to_numpy(float), inv["settled_date"].to_numpy("datetime64[ns]"),
                                    when.to_datetime64())
    inv["settled"] = inv["amount"] - inv["open"]
    inv["settled_date"] = settled
    credits = ledger.credits.loc[ledger.credits["date"] <= when]
    sums = inv.groupby("debtor_id")[["amount", "open"]].sum()
    owed = sums["amount"].sub(credits.groupby("debtor_id")["amount"].sum(), fill_value=0.0)
    unapplied = sums["open"].reindex(owed.index, fill_value=0.0) - owed
    return Ledger(when, inv, credits, unapplied.loc[unapplied > CENT].rename("unapplied"))


def history_point(when, exposure: dict[str, np.ndarray]) -> dict:
    """The history's figures at `when` from the Exposure columns (arrays) of that date."""
    owed = exposure["exposure"]
    total = float(np.nansum(np.where(owed < 0.0, 0.0, owed)))  # clip(lower=0), missing skipped as sum() does
    uninsured = float(np.nansum(exposure["uninsured"]))
    return {"date": pd.Timestamp(when), "exposure": total, "covered": float(np.nansum(exposure["covered"])),
            "insured": float(np.nansum(exposure["insured_amount"])), "uninsured": uninsured,
            "uninsured_share": uninsured / total if total > 0 else np.nan}


# --- premium and variants ------------------------------------------------------------------

def insured_bases(sales: pd.DataFrame, policy: Policy) -> pd.Series:
    """The Turnover sheet's insured rows (top-up row left out) on the premium basis."""
    insured = sales["insured"].astype(bool) & ~sales["period"].astype(str).str.endswith(MINIMUM_SUFFIX)
    basis = "turnover_excl_vat" if policy.premium_basis == "excl_vat" else "turnover_incl_vat"
    return sales[basis].astype(float)[insured.to_numpy()]


def variant_premium(bases, variant: Variant) -> float:
    """A variant's premium over the 12 months: each declaration row's premium at its rate (`bases`: a Series or
    an array of them), topped up to its minimum (functions.turnover's rule), so the current terms give the
    Turnover sheet's total."""
    return yearly_premium(float(np.nansum(premium(bases, variant.premium_rate))), variant.minimum_premium)


def compare_variants(exposure: pd.DataFrame, risk: pd.DataFrame, variants: list[Variant], bases: pd.Series,
                     ceiling: Liability | None = None, current: tuple[pd.DataFrame, pd.DataFrame] | None = None
                     ) -> pd.DataFrame:
    """One row per variant: its terms, premium, expected and stressed indemnity, retained loss and cost.

    expected_cost = premium + expected retained loss; stressed_cost = premium + retained loss when
    the STRESSED largest debtors default. cheapest_expected / cheapest_stressed mark the lowest.
    `risk`: a frame with each debtor's pd (debtor_pd's, or loss_model's); `current`: the first variant's
    loss_model and stress when the caller has them already.
    """
    rows, chance, largest = [], risk["pd"].to_numpy(float), None
    figures, bases = None, bases.to_numpy(float)
    for k, v in enumerate(variants):
        if k == 0 and current is not None:
            model, hit = current
            expected = {c: model[c].to_numpy(float) for c in ("expected_indemnity", "expected_loss")}
            indemnity, loss = hit["indemnity"].to_numpy(float), hit["loss"].to_numpy(float)
        else:  # the same debtors default under every variant: found once
            figures = figures or columns(exposure, LOSS_COLUMNS)
            expected = _losses(figures, chance, v, ceiling)
            if largest is None:
                largest = _largest(expected["exposure"], exposure["debtor_id"].to_numpy(), STRESSED)
            indemnity, loss = _stressed(largest, expected["exposure"], expected, ceiling)
        paid = variant_premium(bases, v)
        expected_loss = float(np.nansum(expected["expected_loss"]))  # as a Series sums, missing skipped
        rows.append({**{f.name: getattr(v, f.name) for f in fields(Variant)}, "premium": paid,
                     "expected_indemnity": float(np.nansum(expected["expected_indemnity"])),
                     "expected_loss": expected_loss, "expected_cost": paid + expected_loss,
                     "stressed_indemnity": float(np.nansum(indemnity)), "stressed_loss": float(np.nansum(loss)),
                     "stressed_cost": paid + float(np.nansum(loss))})
    table = {name: [row[name] for row in rows] for name in rows[0]}
    for kind in ("expected", "stressed"):  # the first of the lowest costs to the cent
        cost = np.round(np.array(table[f"{kind}_cost"], float), 2)
        table[f"cheapest_{kind}"] = np.arange(len(cost)) == np.nanargmin(cost)
    return pd.DataFrame(table)


# --- the analysis and its sheet ------------------------------------------------------------

@dataclass(frozen=True)
class PortfolioAnalysis:
    """Everything the Portfolio sheet, the report and the Dashboard charts need, as frames."""

    as_of: pd.Timestamp
    currency: str
    totals: dict
    by_grade: pd.DataFrame        # key (A-E, not_scored), exposure, share, debtors
    by_country: pd.DataFrame
    by_sector: pd.DataFrame
    concentration: Concentration
    top: pd.DataFrame             # debtor_id, name, exposure, share (the TOP largest)
    expected: pd.DataFrame        # expected_loss_by_grade under the current policy
    stressed: pd.DataFrame        # stress() under the current policy, with name
    history: pd.DataFrame         # date, exposure, covered, insured, uninsured, uninsured_share
    insured_turnover: float
    variants: pd.DataFrame        # compare_variants, current policy first
    model: pd.DataFrame           # loss_model per debtor under the current policy
    simulation: PortfolioIndemnity | None = None  # every client with an overdue invoice defaults today


def portfolio_analysis(exposure: pd.DataFrame, debtors: pd.DataFrame, grades: pd.Series, sales: pd.DataFrame,
                       history: pd.DataFrame, policy: Policy, as_of, pd_by_grade: pd.Series | None = None,
                       variants: list[Variant] | None = None, simulated: pd.DataFrame | None = None,
                       ceiling: Liability | None = None) -> PortfolioAnalysis:
    """The analysis from the Exposure sheet, the Debtors table, the score grade per debtor_id,
    the Turnover sheet, the uninsured history (date, exposure, covered, insured, uninsured) and
    the indemnity simulation per debtor (functions.limits.indemnity)."""
    as_of = pd.Timestamp(as_of)
    pd_by_grade = pd_by_grade if pd_by_grade is not None else read_pd(None)[0]
    variants = variants or [current_variant(policy)]
    first = first_of_each(debtors["debtor_id"])
    book = debtors.take(first)
    clients = exposure["debtor_id"]
    at = pd.Index(book["debtor_id"]).get_indexer(clients)  # each client's Debtors row, -1: none

    def on_clients(column: str) -> np.ndarray:
        """A Debtors column (as objects) for each Exposure row, NaN without one (all NaN when the
        table has no such column)."""
        return values_at(book[column].to_numpy(object), at) if column in book else np.full(len(at), np.nan, object)
    insolvent = values_at(~np.isnat(insolvency_dates(debtors, first, as_of)), at, False) \
        if "insolvency_date" in debtors else np.zeros(len(at), bool)
    klass, chance = _risk(clients, grades, insolvent, pd_by_grade)
    model = _model(exposure, pd.Series(klass, index=exposure.index, dtype=object), chance, variants[0], ceiling)
    owed = model["exposure"].to_numpy()
    client_ids = pd.Index(clients)
    names = on_clients("name")
    # groups, not legal entities: a client not on Debtors counts alone
    unit = values_at(group_key(book).to_numpy(object), at)
    unit = np.where(pd.isna(unit), clients.to_numpy(object), unit)
    code, units = pd.factorize(unit, sort=True)
    conc = concentration(pd.Series(group_sums(code, owed, len(units)), index=units))
    largest = _largest_first(owed)[:TOP]
    top_owed = owed[largest]
    top = pd.DataFrame({"debtor_id": client_ids[largest], "name": names[largest], "exposure": top_owed,
                        "share": top_owed / conc.total if conc.total else np.nan})
    hit = stress(model, ceiling=ceiling, names=names)
    # signed, as the Exposure sheet sums them (credits included), missing skipped as a Series sums
    totals = {key: float(np.nansum(exposure[column].to_numpy(float))) for key, column in (
        ("exposure", "exposure"), ("covered", "covered"), ("insured", "insured_amount"), ("uninsured", "uninsured"))}
    bases = insured_bases(sales, policy)
    return PortfolioAnalysis(
        as_of, policy.currency, totals,
        distribution(owed, klass, order=[*GRADES, NOT_SCORED]),
        distribution(owed, on_clients("country")), distribution(owed, on_clients("sector")),
        conc, top, expected_loss_by_grade(model), hit, history.reset_index(drop=True), float(bases.sum()),
        compare_variants(exposure, model, variants, bases, ceiling, current=(model, hit)), model,
        portfolio_indemnity(simulated, ceiling) if simulated is not None else None)


SHEET_COLUMNS = ["section", "item", "measure", "value", "unit", "note"]


def portfolio_sheet(a: PortfolioAnalysis, language: str = "en") -> pd.DataFrame:
    """The `Portfolio` sheet: a tidy long table section | item | measure | value | unit | note.

    Money in the policy currency, rates and shares in percent (unit `%`), the Herfindahl index
    in points (0-10,000) with its 0-1 value in the note. Sections: totals, grade, country,
    sector, concentration, top_debtors, expected_loss, stress, history, premium, variants. Section,
    measure, unit and the analysis' own items (portfolio, top 10, current policy ...) are codes the
    writers word (functions/texts.py); notes are in `language`.
    """
    cur, rows, w = a.currency, [], words("portfolio_item", language)

    def add(section, item, measure, value, unit, note=""):
        rows.append((section, str(item), measure, None if pd.isna(value) else float(value), unit, note))

    for key, value in a.totals.items():
        add("totals", "portfolio", key, value, cur)
    if a.totals["exposure"] > 0:
        add("totals", "portfolio", "uninsured_share", 100 * a.totals["uninsured"] / a.totals["exposure"], "%")
    for section, table in (("grade", a.by_grade), ("country", a.by_country), ("sector", a.by_sector)):
        for key, owed, share, debtors in _records(table, "key", "exposure", "share", "debtors"):
            add(section, key, "exposure", owed, cur)
            add(section, key, "share", 100 * share, "%")
            add(section, key, "debtors", debtors, "debtors")
    c = a.concentration
    top = f"top {TOP}"
    add("concentration", top, "exposure", c.top_amount, cur)
    add("concentration", top, "share", 100 * c.top_share, "%")
    add("concentration", "largest debtor", "share", 100 * c.largest_share, "%", c.largest_id or "")
    add("concentration", "herfindahl", "index", c.hhi_points, "points",
        text("portfolio_item.hhi_note", language, hhi=_decimal(c.hhi, 4, language),
             equal=_decimal(c.equivalent_debtors, 1, language)) if c.debtors else "")
    add("concentration", "debtors", "count", c.debtors, "debtors")
    for debtor, owed, name in _records(a.top, "debtor_id", "exposure", "name"):
        add("top_debtors", debtor, "exposure", owed, cur, "" if pd.isna(name) else str(name))
    expected = ("exposure", "loss", "indemnity", "expected_loss", "expected_indemnity")
    for klass, chance, *values in _records(a.expected, "risk_class", "pd", *expected):
        for measure, value in zip(expected, values):
            add("expected_loss", klass, measure, value, cur)
        add("expected_loss", klass, "pd", 100 * chance, "%")
    stressed = ("exposure", "indemnity", "loss")
    for debtor, name, *values in _records(a.stressed, "debtor_id", "name", *stressed):
        for measure, value in zip(stressed, values):
            add("stress", debtor, measure, value, cur, "" if pd.isna(name) else str(name))
    for measure in stressed:
        add("stress", "total", measure, a.stressed[measure].sum(), cur)
    for when, owed, uninsured, share in _records(a.history, "date", "exposure", "uninsured", "uninsured_share"):
        day = when.strftime("%Y-%m-%d")
        add("history", day, "exposure", owed, cur)
        add("history", day, "uninsured", uninsured, cur)
        add("history", day, "uninsured_share", 100 * share, "%")
    add("premium", "insured turnover", "turnover", a.insured_turnover, cur, w["twelve_months"])
    measures = ("expected_indemnity", "expected_loss", "expected_cost", "stressed_indemnity", "stressed_loss",
                "stressed_cost")
    for variant, paid, cheapest_expected, cheapest_stressed, *values in _records(
            a.variants, "variant", "premium", "cheapest_expected", "cheapest_stressed", *measures):
        marks = ", ".join(w[k] for k, flag in (("cheapest_expected", cheapest_expected),
                                               ("cheapest_stressed", cheapest_stressed)) if flag)
        add("variants", variant, "premium", paid, cur, marks)
        for measure, value in zip(measures, values):
            add("variants", variant, measure, value, cur)
    if a.simulation is not None:
        rows += indemnity_rows(a.simulation, cur, language)
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def _records(table: pd.DataFrame, *columns: str):
    """`table`'s rows as tuples of the given columns' values (faster than itertuples on small tables)."""
    return zip(*(table[c].tolist() for c in columns))


def _decimal(value: float, places: int, language: str) -> str:
    shown = f"{value:.{places}f}"
    return shown.replace(".", ",") if lang(language) == "fr" else shown


def review_dates(as_of, lookback_days: int) -> list[pd.Timestamp]:
    """The past dates the cover engine reruns for: the history's quarter ends, and the previous
    review (as_of - lookback_days) the watch alerts compare with; one stacked run serves both."""
    return sorted({*history_dates(as_of)[:-1], pd.Timestamp(as_of).normalize() - pd.Timedelta(days=lookback_days)})


def uninsured_history(past: pd.DataFrame, current: pd.DataFrame, as_of) -> pd.DataFrame:
    """Exposure, cover and the uninsured share at history_dates: `past` is the cover engine rerun
    at the earlier dates (cover_at: ledger and limits as they stood then), `current` the Exposure
    sheet at as_of."""
    dates = history_dates(as_of)
    when = past["date"].to_numpy("datetime64[ns]")
    columns = {c: past[c].to_numpy(float) for c in HISTORY_COLUMNS}
    points = [history_point(d, {c: v[when == d.to_datetime64()] for c, v in columns.items()}) for d in dates[:-1]]
    return pd.DataFrame(points + [history_point(dates[-1], {c: current[c].to_numpy(float) for c in HISTORY_COLUMNS})])


HISTORY_COLUMNS = ("exposure", "uninsured", "covered", "insured_amount")


def cover_at(ledger: Ledger, debtors: pd.DataFrame, limits: pd.DataFrame, policy: Policy, dates) -> pd.DataFrame:
    """functions.cover.key_cover on ledger_at(ledger, d) for each of `dates` (one or more; limits
    as decided by then), in one run: columns date, debtor_id, then the key columns.

    The engine works per debtor id, so the dates are stacked, each (date, debtor) pair under an
    id of its own (date position x debtors + debtor position): its fixed cost, a few dozen
    group-bys over the limits, is paid once instead of once per date. Of the invoices only
    the columns the engine reads are stacked, and only those open at the date or settled on time
    within paid_on_time's window: the others change no key column.
    """
    ids = pd.Index(debtors["debtor_id"].dropna().drop_duplicates())
    dates, n = pd.DatetimeIndex(dates), len(ids)
    lookup = as_objects(ids)
    pair, table = key_cover(_ledgers_at(ledger, lookup, dates), _stacked(debtors, DEBTOR_COLUMNS, lookup, len(dates)),
                            _stacked(limits, LIMIT_COLUMNS, lookup, len(dates)), policy,
                            np.repeat(dates.to_numpy("datetime64[ns]"), n))  # the date of each key
    pair = pair.to_numpy()
    return pd.DataFrame({"date": dates[pair // max(n, 1)], "debtor_id": ids[pair % max(n, 1)],
                         **{c: table[c] for c in KEY_COLUMNS[1:]}})


def _ledgers_at(ledger: Ledger, ids: pd.Index, dates: pd.DatetimeIndex) -> LedgerArrays:
    """ledger_at each of `dates` for the debtors in `ids`, stacked as one ledger, the k-th date's
    debtors under ids k x len(ids) + position; of the invoices, those open at the date or settled
    on time within paid_on_time's window. The sums per (date, debtor) are one group-by each."""
    credits, n = ledger.credits, len(ids)
    invoices = columns(ledger.invoices, INVOICE_COLUMNS)
    issued, due, settled, amount = (invoices[c] for c in ("invoice_date", "due_date", "settled_date", "amount"))
    debtor, credited = debtor_positions(ledger, ids), credits["date"].to_numpy("datetime64[ns]")
    credit_debtor = positions(ids, credits["debtor_id"])
    days = dates.to_numpy("datetime64[ns]")
    # (date position, invoice row) of the invoices issued by each date, date by date, in ledger order
    k, rows = np.nonzero((issued <= days[:, None]) & (debtor >= 0))
    # at a million invoices these arrays hold every (date, invoice) pair: each goes once used
    # ledger.stood_at's rule written out: its arguments would hold three more arrays of every pair at once
    paid = settled[rows]
    closed = ~np.isnat(paid) & (paid <= days[k])
    balance = np.where(closed, 0.0, amount[rows])
    paid = np.where(closed, paid, np.datetime64("NaT", "ns"))
    del closed
    keep = (balance > 0) | ((paid > paid_since(days)[k]) & (paid <= due[rows]))  # open, or paid on time
    key = k * n + debtor[rows]
    then = {"debtor_id": key[keep], "open": balance[keep], "settled_date": paid[keep]}
    rows_kept = rows[keep]
    del paid, keep
    k, given = np.nonzero((credited <= days[:, None]) & (credit_debtor >= 0))
    credit_key = k * n + credit_debtor[given]
    size = len(dates) * n
    # two group-bys, not one over both: the stacked keys would double the peak memory at a million invoices
    invoiced, opened = group_sums(key, amount[rows], size), group_sums(key, balance, size)
    unapplied = opened - (invoiced - group_sums(credit_key, credits["amount"].to_numpy(float)[given], size))
    held = np.flatnonzero(unapplied > CENT)
    return LedgerArrays({c: then[c] if c in then else values[rows_kept] for c, values in invoices.items()},
                        pd.Series(unapplied[held], index=held, name="unapplied"))


def _stacked(frame: pd.DataFrame, dtypes: dict, ids: pd.Index, count: int) -> dict[str, np.ndarray]:
    """`frame`'s columns named in `dtypes` (see functions.cover.columns) on its rows of the debtors in
    `ids`, once per stacked date, the k-th copy's debtor_id replaced by k x len(ids) + the debtor's
    position in `ids`."""
    table = columns(frame, dtypes)
    code = positions(ids, table["debtor_id"])
    kept = np.flatnonzero(code >= 0)
    rows = np.tile(kept, count)
    key = np.tile(code[kept], count) + np.repeat(np.arange(count) * len(ids), len(kept))
    return {c: key if c == "debtor_id" else values[rows] for c, values in table.items()}
