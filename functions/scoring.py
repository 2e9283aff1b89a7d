"""Combined credit score 0-100 (100 safest) and grade A-E per debtor (note de risque client).

Four components, each on 0-100 points, weighted by the `Scoring` sheet:
- payment behaviour: the recent days late d (12-month amount-weighted days late where an
  invoice's weight halves every `behaviour_half_life_days`, see functions.behaviour), linear
  between 30 days early 100, on time 88, 30 days late 50 and 75 days late 0 (15 days late 69,
  45 days 33). Early payers keep their ranking: a curve flat at 100 from "on time" made most
  debtors tie and lost 0.03 AUC in the IBM backtest. An old invoice still unpaid counts the
  whole window (365 days) and so scores 0 for behaviour, never better than having no history;
  with d monotone in every payment date, paying later never raises the score;
- limit usage (exposure / insurer limit, from the cover engine): 100 up to 50 %, 40 at 100 %,
  0 from 150 %, linear in between;
- insurer grade: functions.grades (Allianz Trade, Coface DRA, Banque de France);
- financial statements: the mean of the available Altman Z'' points (Z'' -1 -> 0, 1.10 -> 35,
  2.60 -> 65, 5 -> 100) and Conan-Holder points (0 -> 0, 4 -> 20, 9 -> 40, 16 -> 65, 24 -> 100),
  so the zone boundaries fall on grade boundaries (distress = E, grey = D/C, safe = B/A).
A missing component (no invoice to judge, no limit, no grade, no statements) leaves the score
to the others, re-weighted; completeness = the weight available / the total weight.
Grades: A >= 80, B >= 65, C >= 50, D >= 35, E below. Reasons: the two or three components
that cost the most points (weight x (100 - points)), in words.

Worked example (default weights 0.40 behaviour, 0.15 usage, 0.25 grade, 0.20 financials):
recent days late 11.454 -> 88 - 11.454 x 38 / 30 = 73.49 points; Allianz Trade grade 4 -> 66.67;
no limit (usage missing); no statements: score = (0.40 x 73.49 + 0.25 x 66.67) / 0.65 = 70.87,
grade B, completeness 0.65.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cover import day
from .behaviour import behaviour, weighted_days_late
from .financials import financial_scores, financial_values
from .grades import describe_grade, grade_scores, latest_grades, scale_of_insurer
from .ledger import Ledger
from .model import Issue
from .policy import Policy
from .texts import lang, message, text, words

GRADE_LETTERS = ("A", "B", "C", "D", "E")
GRADE_FLOORS = (80.0, 65.0, 50.0, 35.0)
COMPONENTS = ("behaviour", "usage", "grade", "financials")
BEHAVIOUR_POINTS = ([-30.0, 0.0, 30.0, 75.0], [100.0, 88.0, 50.0, 0.0])
USAGE_POINTS = ([0.5, 1.0, 1.5], [100.0, 40.0, 0.0])
Z_POINTS = ([-1.0, 1.10, 2.60, 5.0], [0.0, 35.0, 65.0, 100.0])
CH_POINTS = ([0.0, 4.0, 9.0, 16.0, 24.0], [0.0, 20.0, 40.0, 65.0, 100.0])
SCORES_COLUMNS = ["debtor_id", "score", "grade", "weighted_days_late", "completeness", "reasons"]

# The `Scoring` parameter sheet (Parameter | Value | Description) and its shipped defaults.
DEFAULT_SCORING = pd.DataFrame([
    ("weight_behaviour", 0.40), ("weight_usage", 0.15), ("weight_grade", 0.25), ("weight_financials", 0.20),
    ("behaviour_half_life_days", 182), ("equity_share_A", 0.20), ("equity_share_B", 0.15), ("equity_share_C", 0.10),
    ("equity_share_D", 0.05), ("equity_share_E", 0.00),
], columns=["parameter", "value"])  # descriptions: functions/texts.py, section `scoring_param`


@dataclass(frozen=True)
class Scoring:
    """The values of the `Scoring` sheet. equity_shares: (grade, share) pairs, A first."""

    weight_behaviour: float = 0.40
    weight_usage: float = 0.15
    weight_grade: float = 0.25
    weight_financials: float = 0.20
    behaviour_half_life_days: float = 182.0
    equity_shares: tuple[tuple[str, float], ...] = (("A", 0.20), ("B", 0.15), ("C", 0.10), ("D", 0.05), ("E", 0.0))

    def weights(self) -> dict[str, float]:
        return {c: getattr(self, f"weight_{c}") for c in COMPONENTS}


def read_scoring(table: pd.DataFrame | None) -> tuple[Scoring, list[Issue]]:
    """Scoring from a Parameter | Value table; a bad or unknown row keeps the default and gives an Issue."""
    if table is None or table.empty:
        return Scoring(), []
    rows = table["_row"] if "_row" in table else pd.Series(range(2, len(table) + 2), index=table.index)
    defaults = dict(zip(DEFAULT_SCORING["parameter"], DEFAULT_SCORING["value"]))
    spelled = table["parameter"].astype(str).str.strip()
    names = spelled.str.lower().map({k.lower(): k for k in defaults}).fillna(spelled)  # Equity_Share_a works
    text = table["value"].astype(object).where(table["value"].notna(), None).astype("string").str.strip()
    values = pd.to_numeric(text.str.replace(" ", "").str.replace(",", "."), errors="coerce")
    known = names.isin(list(defaults))
    shares = names.str.startswith("equity_share_")
    half_life = names == "behaviour_half_life_days"
    bad = known & (values.isna() | (values < 0) | (shares & (values > 1)) | (half_life & (values == 0)))
    issues = [Issue("Scoring", int(r), "parameter", "warning", message("scoring.unknown", name=n))
              for n, r in zip(names[~known], rows[~known])]
    issues += [Issue("Scoring", int(r), "value", "warning",
                     message("scoring.bad_value", name=n, value=v, default=defaults[n]))
               for n, v, r in zip(names[bad], table["value"][bad], rows[bad])]
    given = {**defaults, **dict(zip(names[known & ~bad], values[known & ~bad].astype(float)))}
    if sum(given[f"weight_{c}"] for c in COMPONENTS) <= 0:
        issues.append(Issue("Scoring", None, "value", "error", message("scoring.zero_weights")))
        given.update({k: defaults[k] for k in defaults if k.startswith("weight_")})
    return _scoring(given), issues


def _scoring(values: dict[str, float]) -> Scoring:
    shares = tuple((g, float(values[f"equity_share_{g}"])) for g in GRADE_LETTERS)
    plain = {k: float(v) for k, v in values.items() if not k.startswith("equity_share_")}
    return Scoring(**plain, equity_shares=shares)


def grade_of(score: pd.Series) -> pd.Series:
    """A >= 80, B >= 65, C >= 50, D >= 35, else E; None without a score."""
    letters = np.select([score >= f for f in GRADE_FLOORS], GRADE_LETTERS[:-1], GRADE_LETTERS[-1]).astype(object)
    return pd.Series(letters, index=score.index).where(score.notna(), None)


def _interp(values: pd.Series, points: tuple[list[float], list[float]]) -> pd.Series:
    return pd.Series(np.interp(values.to_numpy(float), *points), index=values.index).where(values.notna())


def component_points(table: pd.DataFrame) -> pd.DataFrame:
    """0-100 points per component (NaN = missing) from the behaviour, usage, grade and financial columns."""
    financial = pd.concat([_interp(table["z_score"], Z_POINTS), _interp(table["conan_holder"], CH_POINTS)], axis=1)
    return pd.DataFrame({
        "behaviour": _interp(table["recent_days_late"], BEHAVIOUR_POINTS),
        "usage": _interp(table["usage"], USAGE_POINTS),
        "grade": table["grade_score"],
        "financials": financial.mean(axis=1, skipna=True)}, index=table.index)


def _lateness(days: float, w: dict[str, str]) -> str:
    """'23 days late', '1 day early' or 'on time' (in the words `w` of functions/texts.py's `score`)."""
    rounded = np.round(days)  # half to even, as pandas rounds
    n = abs(rounded)
    count = f"{int(n)} " + (w["day"] if n == 1 else w["days"])
    if rounded > 0:
        return w["late"].replace("{days}", count, 1)
    return w["early"].replace("{days}", count, 1) if rounded < 0 else w["on_time"]


def _around(template: str, middle: pd.Series, field: str, then: pd.Series | None = None, second: str = "") -> pd.Series:
    """`template` with `{field}` replaced by each value of `middle` (and `{second}` by `then`, when
    it follows): a vectorised str.format."""
    before, after = template.split("{" + field + "}")
    if then is None:
        return before + middle + after
    between, end = after.split("{" + second + "}")
    return before + middle + between + then + end


def _filled(template: str, field: str, value: str, second: str = "", then: str = "") -> str:
    """_around for one value."""
    before, after = template.split("{" + field + "}")
    if not second:
        return before + value + after
    between, end = after.split("{" + second + "}")
    return before + value + between + then + end


def component_reasons(table: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Each component's figure in words, e.g. 'paid 23 days late on average over 12 months' (None
    where the component is missing). Worded row by row: one row per debtor."""
    w, zones, fr = words("score", language), words("zone", language), lang(language) == "fr"

    def figure(value: float) -> str:
        shown = str(float(np.round(value, 1)))
        return shown.replace(".", ",") if fr else shown

    def paid(recent: float, plain: float) -> str | None:
        if np.isnan(recent):
            return None
        said = _filled(w["paid"], "lateness", _lateness(recent, w))
        # The Scores sheet shows the plain 12-month figure beside the reasons: say it when it reads differently.
        if not np.isnan(plain) and np.round(plain) != np.round(recent):
            said += _filled(w["unweighted"], "lateness", _lateness(plain, w))
        return said

    def financial(z: float, z_zone, ch: float, ch_zone) -> str | None:
        parts = [_filled(w[name], "value", figure(value), "zone", str(zones.get(zone, np.nan)))
                 for name, value, zone in (("altman", z, z_zone), ("conan", ch, ch_zone)) if not np.isnan(value)]
        return ", ".join(parts) if parts else None

    column = lambda name: table[name].to_numpy(float)  # noqa: E731
    usage = [None if np.isnan(u) else _filled(w["usage"], "usage", str(int(np.round(u * 100))))
             for u in column("usage")]
    grade = describe_grade(table["insurer_grade"], table["grade_scale"], language).where(table["grade_score"].notna())
    return pd.DataFrame({
        "behaviour": [paid(r, p) for r, p in zip(column("recent_days_late"), column("weighted_days_late"))],
        "usage": usage, "grade": grade.to_numpy(object),
        "financials": [financial(*values) for values in zip(column("z_score"), table["z_zone"], column("conan_holder"),
                                                             table["ch_zone"])]},
        index=table.index, dtype=object)


def top_reasons(points: pd.DataFrame, texts: pd.DataFrame, weights: dict[str, float], count: int = 3,
                language: str = "en") -> pd.Series:
    """The `count` components costing the most points (weight x (100 - points)), joined with '; '."""
    cost = np.column_stack([(weights[c] * (100.0 - points[c])).fillna(-1.0).to_numpy() for c in COMPONENTS])
    order = np.argsort(-cost, axis=1, kind="stable")
    cells = texts[list(COMPONENTS)].to_numpy(object)
    rows = np.arange(len(points))
    parts = [pd.Series(cells[rows, order[:, k]], index=points.index).where(cost[rows, order[:, k]] >= 0)
             for k in range(min(count, len(COMPONENTS)))]
    joined, separator = parts[0].fillna(""), text("score.separator", language)
    for part in parts[1:]:
        joined = joined + np.where(part.notna() & (joined != ""), separator, "") + part.fillna("")
    return joined.where(joined != "", text("score.not_scored", language))


def combine(points: pd.DataFrame, weights: dict[str, float]) -> tuple[pd.Series, pd.Series]:
    """Weighted mean of the available points, and the share of the weight available."""
    w = pd.Series(weights)[list(COMPONENTS)]
    have = points[list(COMPONENTS)].notna()
    available = have.mul(w, axis=1).sum(axis=1)
    score = points[list(COMPONENTS)].fillna(0.0).mul(w, axis=1).sum(axis=1) / available.where(available > 0)
    return score, available / w.sum()


def scores_sheet(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
                 policy: Policy, as_of, usage: pd.Series | None = None,
                 scoring: Scoring | pd.DataFrame | None = None, insolvent: pd.DataFrame | None = None,
                 latest: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `Scores` sheet: one row per debtor, SCORES_COLUMNS first, then the figures behind them.

    `usage`: exposure / limit per debtor_id (index), NaN or absent = no limit (component missing).
    `scoring`: a Scoring, or the `Scoring` sheet's table (bad rows fall back to defaults, see
    read_scoring for their Issues). `insolvent`: Debtors rows in insolvency proceedings at as_of
    (debtor_id, insolvency_date): score 0, grade E, whatever the components say, so the Dashboard
    and the Portfolio count them where the Scores sheet does. `latest`: latest_grades' table, when
    the caller has it already (it reports the grades' issues too).
    """
    scoring = scoring if isinstance(scoring, Scoring) else read_scoring(scoring)[0]
    ids = debtors["debtor_id"].drop_duplicates()
    table = behaviour(ledger, ids, scoring.behaviour_half_life_days).set_index("debtor_id")
    table["usage"] = (usage if usage is not None else pd.Series(dtype=float)).reindex(table.index).astype(float)
    grade_table = latest if latest is not None else latest_grades(grades, debtors, as_of, scale_of_insurer(policy.insurer))[0]
    statements = financial_scores(financials, ids, as_of, policy.language).set_index("debtor_id")
    table = table.join(grade_table.set_index("debtor_id")).join(statements)
    points = component_points(table)
    table["score"], table["completeness"] = combine(points, scoring.weights())
    table["grade"] = grade_of(table["score"])
    table["reasons"] = top_reasons(points, component_reasons(table, policy.language), scoring.weights(),
                                   language=policy.language)
    if insolvent is not None and len(insolvent):
        since = insolvent.drop_duplicates("debtor_id").set_index("debtor_id")["insolvency_date"].reindex(table.index)
        hit = since.notna()
        table.loc[hit, "score"] = 0.0
        table.loc[hit, "grade"] = GRADE_LETTERS[-1]
        when = since[hit].map(lambda d: day(d, policy.language))
        table.loc[hit, "reasons"] = _around(text("score.insolvency", policy.language), when, "date") + \
            text("score.separator", policy.language) + \
            table.loc[hit, "reasons"]
    for c in COMPONENTS:
        table[f"{c}_points"] = points[c]
    extras = [f"{c}_points" for c in COMPONENTS] + [
        "recent_days_late", "weighted_days_late_3m", "trend", "overdue_share", "max_days_overdue", "disputes", "dso", "dbt", "usage",
        "insurer_grade", "grade_scale", "grade_date", "grade_score", "z_score", "z_zone", "z_note",
        "conan_holder", "ch_zone", "ch_note", "fiscal_year_end"]
    return table.reset_index()[SCORES_COLUMNS + extras]


def score_values(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
                 policy: Policy, as_of, usage: pd.Series, scoring: Scoring) -> pd.Series:
    """scores_sheet's `score` per debtor_id, from the four components' figures alone: no reasons,
    notes or other behaviour figures (functions.watch compares the scores at an earlier date)."""
    ids = pd.Index(debtors["debtor_id"].drop_duplicates(), name="debtor_id")
    statements = financial_values(financials, ids, as_of)
    table = pd.DataFrame({
        "recent_days_late": weighted_days_late(ledger, ids, 12, scoring.behaviour_half_life_days),
        "usage": usage.reindex(ids).astype(float),
        "grade_score": grade_scores(grades, debtors, as_of, scale_of_insurer(policy.insurer)),
        "z_score": statements["z_score"], "conan_holder": statements["conan_holder"]}, index=ids)
    return combine(component_points(table), scoring.weights())[0].rename("score")


def score_one(debtor_id: str, ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
              policy: Policy, as_of, usage: pd.Series | None = None,
              scoring: Scoring | pd.DataFrame | None = None) -> pd.Series:
    """The Scores row of one debtor (for the CREDIT_SCORE worksheet function); unknown ids score on the ledger alone."""
    mine = debtors.loc[debtors["debtor_id"] == debtor_id]
    if mine.empty:
        mine = pd.DataFrame({"debtor_id": [debtor_id], "insurer_grade": [None], "grade_scale": [None], "_row": [None]})
    return scores_sheet(ledger, mine, financials, grades, policy, as_of, usage, scoring).iloc[0]


def scores_issues(debtors: pd.DataFrame, grades: pd.DataFrame, policy: Policy, as_of,
                  scoring: pd.DataFrame | None = None) -> list[Issue]:
    """The problems behind a Scores sheet: bad Scoring rows, grades not on their scale."""
    _, issues = read_scoring(scoring)
    return issues + latest_grades(grades, debtors, as_of, scale_of_insurer(policy.insurer))[1]
