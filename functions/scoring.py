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
from .behaviour import behaviour_columns, days_late_values
from .financials import ALTMAN_ZONES, CONAN_ZONES, financial_columns, financial_values, zone_names
from .grades import cleaned_grades, grade_columns, grade_scores, latest_grades, scale_labels, scale_of_insurer
from .insolvency import insolvency_dates
from .ledger import Ledger, by_ids, debtor_ids
from .model import Issue, text_array
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


def grade_letters(value: np.ndarray) -> np.ndarray:
    """The grade of each score: A >= 80, B >= 65, C >= 50, D >= 35, else E (an object array; NaN
    gets E: mask it)."""
    return np.select([value >= f for f in GRADE_FLOORS], GRADE_LETTERS[:-1], GRADE_LETTERS[-1]).astype(object)


def _interp(values, points: tuple[list[float], list[float]]) -> np.ndarray:
    values = np.asarray(values, float)
    return np.where(np.isnan(values), np.nan, np.interp(values, *points))


def component_points(table) -> np.ndarray:
    """0-100 points per component (NaN = missing), one row per component in COMPONENTS order,
    from the behaviour, usage, grade and financial columns of `table` (a frame or a dict of arrays)."""
    z, ch = _interp(table["z_score"], Z_POINTS), _interp(table["conan_holder"], CH_POINTS)
    count = (~np.isnan(z)).astype(int) + ~np.isnan(ch)
    with np.errstate(invalid="ignore"):  # no statement: 0 / 0
        financial = (np.where(np.isnan(z), 0.0, z) + np.where(np.isnan(ch), 0.0, ch)) / count
    return np.vstack([_interp(table["recent_days_late"], BEHAVIOUR_POINTS), _interp(table["usage"], USAGE_POINTS),
                      np.asarray(table["grade_score"], float), financial])


def _lateness(rounded: float, w: dict[str, str]) -> str:
    """'23 days late', '1 day early' or 'on time' for days late already rounded (half to even, as
    pandas rounds), in the words `w` of functions/texts.py's `score`."""
    n = abs(rounded)
    count = f"{int(n)} " + (w["day"] if n == 1 else w["days"])
    if rounded > 0:
        return w["late"].replace("{days}", count, 1)
    return w["early"].replace("{days}", count, 1) if rounded < 0 else w["on_time"]


def _filled(template: str, field: str, value: str, second: str = "", then: str = "") -> str:
    """`template` with `{field}` replaced by `value` (and `{second}` by `then`, when it follows)."""
    before, after = template.split("{" + field + "}")
    if not second:
        return before + value + after
    between, end = after.split("{" + second + "}")
    return before + value + between + then + end


def component_reasons(table, language: str = "en") -> list[list]:
    """Each component's figure in words per row of `table` (a frame or a dict of arrays), e.g.
    'paid 23 days late on average over 12 months' (None where the component is missing), one
    list per component in COMPONENTS order. Worded row by row (one row per debtor), on Python
    floats rounded as numpy rounds (half to even)."""
    w, zones, fr = words("score", language), words("zone", language), lang(language) == "fr"

    def figure(rounded: float) -> str:
        shown = str(rounded)
        return shown.replace(".", ",") if fr else shown

    def paid(recent: float, plain: float) -> str | None:
        if recent != recent:  # NaN
            return None
        said = _filled(w["paid"], "lateness", _lateness(recent, w))
        # The Scores sheet shows the plain 12-month figure beside the reasons: say it when it reads differently.
        if plain == plain and plain != recent:
            said += _filled(w["unweighted"], "lateness", _lateness(plain, w))
        return said

    def financial(z: float, z_zone, ch: float, ch_zone) -> str | None:
        if z != z and ch != ch:  # no statement: most debtors
            return None
        parts = [_filled(w[name], "value", figure(value), "zone", str(zones.get(zone, np.nan)))
                 for name, value, zone in (("altman", z, z_zone), ("conan", ch, ch_zone)) if value == value]
        return ", ".join(parts) if parts else None

    rounded = lambda name, decimals=0: np.round(np.asarray(table[name], float), decimals).tolist()  # noqa: E731
    z, ch = np.asarray(table["z_score"], float), np.asarray(table["conan_holder"], float)  # zones: from these
    usage = [None if u != u else _filled(w["usage"], "usage", str(int(u))) for u in
             np.round(np.asarray(table["usage"], float) * 100).tolist()]
    labels = scale_labels(language)
    graded = [None if points != points else labels[scale] + " " + grade
              for points, scale, grade in zip(np.asarray(table["grade_score"], float).tolist(),
                                              np.asarray(table["grade_scale"], object),
                                              cleaned_grades(np.asarray(table["insurer_grade"], object)))]
    return [[paid(r, p) for r, p in zip(rounded("recent_days_late"), rounded("weighted_days_late"))], usage, graded,
            [financial(*values) for values in zip(rounded("z_score", 1), zone_names(z, *ALTMAN_ZONES),
                                                  rounded("conan_holder", 1), zone_names(ch, *CONAN_ZONES))]]


def top_reasons(points: np.ndarray, texts: list[list], weights: dict[str, float], count: int = 3,
                language: str = "en") -> list[str]:
    """The `count` components costing the most points (weight x (100 - points)), joined with '; '."""
    cost = np.column_stack([weights[c] * (100.0 - p) for c, p in zip(COMPONENTS, points)])
    cost[np.isnan(cost)] = -1.0
    order = np.argsort(-cost, axis=1, kind="stable")[:, :min(count, len(COMPONENTS))]
    separator, none = text("score.separator", language), text("score.not_scored", language)
    counted = (cost >= 0).tolist()  # Python lists: read cell by cell faster than numpy scalars
    return [separator.join([texts[k][r] for k in ranked if counted[r][k]]) or none
            for r, ranked in enumerate(order.tolist())]


def combine(points: np.ndarray, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean of the available points (component_points), and the share of the weight available.

    Each row is summed as pandas sums a frame's rows (a transposed block): the same last digits."""
    w = np.array([weights[c] for c in COMPONENTS])[:, None]
    have = ~np.isnan(points)
    available = (have * w).T.sum(axis=1)
    with np.errstate(invalid="ignore"):
        score = (np.where(have, points, 0.0) * w).T.sum(axis=1) / np.where(available > 0, available, np.nan)
    return score, available / w.sum()


def scores_sheet(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
                 policy: Policy, as_of, usage: pd.Series | None = None,
                 scoring: Scoring | pd.DataFrame | None = None, insolvency: bool = False,
                 latest: pd.DataFrame | None = None, names: pd.Series | None = None) -> pd.DataFrame:
    """The `Scores` sheet: one row per debtor, SCORES_COLUMNS first, then the figures behind them.

    `usage`: exposure / limit per debtor_id (index), NaN or absent = no limit (component missing).
    `scoring`: a Scoring, or the `Scoring` sheet's table (bad rows fall back to defaults, see
    read_scoring for their Issues). `insolvency`: a debtor in insolvency proceedings at as_of
    (the insolvency_date of its first Debtors row, as functions.insolvency.insolvent reads it)
    scores 0, grade E, whatever the components say, so the Dashboard and the Portfolio count it
    where the Scores sheet does. `latest`: grade_columns' arrays (or latest_grades' table), when
    the caller has them already (it reports the grades' issues too). `names`: the client's name
    per debtor_id (index), given as a last `name` column.
    """
    scoring = scoring if isinstance(scoring, Scoring) else read_scoring(scoring)[0]
    ids, first = debtor_ids(debtors)
    rows = pd.RangeIndex(len(ids))  # the sheet's index: a Series on it joins the sheet without a reindex
    columns = behaviour_columns(ledger, ids, scoring.behaviour_half_life_days)
    columns["usage"] = _usage(usage, ids)
    if latest is None:
        latest = grade_columns(grades, debtors, as_of, scale_of_insurer(policy.insurer))[0]
    columns.update(_by_debtor(latest, ids, rows))
    columns.update(financial_columns(financials, ids, as_of, policy.language))
    points, weights = component_points(columns), scoring.weights()
    score, completeness = combine(points, weights)
    reasons = top_reasons(points, component_reasons(columns, policy.language), weights, language=policy.language)
    since = insolvency_dates(debtors, first, as_of) if insolvency else np.full(len(ids), np.datetime64("NaT"))
    hit = np.flatnonzero(pd.notna(since))
    score[hit] = 0.0  # grade E
    said, separator = text("score.insolvency", policy.language), text("score.separator", policy.language)
    for r in hit:
        reasons[r] = _filled(said, "date", day(since[r], policy.language)) + separator + reasons[r]
    # debtor_id as a frame's index column reads (text ids: str)
    columns.update(debtor_id=ids.to_series(index=rows).infer_objects(), score=score,
                   completeness=completeness, grade=text_array(grade_letters(score), np.isnan(score)), reasons=reasons,
                   **{f"{c}_points": p for c, p in zip(COMPONENTS, points)})
    extras = [f"{c}_points" for c in COMPONENTS] + [
        "recent_days_late", "weighted_days_late_3m", "trend", "overdue_share", "max_days_overdue", "disputes", "dso", "dbt", "usage",
        "insurer_grade", "grade_scale", "grade_date", "grade_score", "z_score", "z_zone", "z_note",
        "conan_holder", "ch_zone", "ch_note", "fiscal_year_end"]
    if names is not None:
        columns["name"] = by_ids(names, ids)
        extras.append("name")
    return pd.DataFrame({c: columns[c] for c in SCORES_COLUMNS + extras}, index=rows)


def _usage(usage: pd.Series | None, ids: pd.Index) -> np.ndarray:
    """The limit usage of each of `ids`, NaN where none."""
    if usage is None:
        return np.full(len(ids), np.nan)
    return np.asarray(by_ids(usage, ids), float)


def _by_debtor(latest: pd.DataFrame | dict, ids: pd.Index, rows: pd.Index) -> dict:
    """The grade columns of `latest` (grade_columns' arrays or latest_grades' table, one row per
    debtor_id) in the order of `ids`: the text ones as Series of objects on `rows`, the others as arrays."""
    given, wanted = np.asarray(latest["debtor_id"], object), ids.to_numpy(object)  # each converted once
    columns = {c: by_ids(latest[c], wanted, index=given)
               for c in ("insurer_grade", "grade_scale", "grade_date", "grade_score")}
    return {c: pd.Series(v, index=rows, dtype=object) if v.dtype == object else v for c, v in columns.items()}


def score_values(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
                 policy: Policy, as_of, usage: pd.Series, scoring: Scoring, later: pd.DataFrame | None = None
                 ) -> pd.Series:
    """scores_sheet's `score` per debtor_id, from the four components' figures alone: no reasons,
    notes or other behaviour figures (functions.watch compares the scores at an earlier date: at
    an as_of before the ledger's, the ledger as it stood then, as functions.portfolio.ledger_at).

    `later`: the Scores sheet of the same data at a later date, when at hand. The grades and the
    statements it used were already the latest at as_of when none is dated after as_of: their
    points are read from it rather than looked for again."""
    ids = debtor_ids(debtors)[0]
    if later is not None and not np.array_equal(later["debtor_id"].to_numpy(object), ids.to_numpy(object)):
        later = None  # other debtors: nothing to read
    grade = later["grade_score"].to_numpy(float) if _dated_by(later, "grade_date", as_of) else \
        grade_scores(grades, debtors, as_of, scale_of_insurer(policy.insurer))
    figures = {c: later[c].to_numpy(float) for c in ("z_score", "conan_holder")} \
        if _dated_by(later, "fiscal_year_end", as_of) else financial_values(financials, ids, as_of)
    columns = {"recent_days_late": days_late_values(ledger, ids, 12, scoring.behaviour_half_life_days, at=as_of),
               "usage": _usage(usage, ids), "grade_score": grade, **figures}
    return pd.Series(combine(component_points(columns), scoring.weights())[0], index=ids, name="score")


def _dated_by(sheet: pd.DataFrame | None, column: str, as_of) -> bool:
    """Whether each date of `column` in the Scores sheet `sheet` is on or before as_of (or missing)."""
    if sheet is None:
        return False
    return not (sheet[column].to_numpy("datetime64[ns]") > pd.Timestamp(as_of).to_datetime64()).any()  # NaT: False


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
