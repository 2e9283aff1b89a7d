"""Alerts like an insurer's risk watch (surveillance du portefeuille), added to `Breaches`.

- `GRADE_DOWNGRADE`: the latest `Grades` row dated within the last `alert_lookback_days` is
  worse (fewer points on functions.grades' common 0-100 scale) than the grade in force before
  that window. Only the Grades history counts: the Debtors column has no date.
- `SCORE_DROP`: the score fell by more than `score_drop_points` since the previous review,
  as_of - `alert_lookback_days`. The previous score is recomputed at that date from the same
  workbook (the ledger restated at that date by functions.behaviour), so no earlier result file is needed and the alert
  is the same on every run of the same data.
- `NEW_DEBTOR_WITHOUT_COVER`: first invoiced within the last `new_debtor_days`, no insurer
  decision at all in `Limits` (granted, refused ...) and no limit: insurers expect their
  opinion to be asked as soon as an account opens. Excluded debtors are left out.
All three are warnings; amount = exposure (with orders for a new debtor).

Worked example (defaults, as_of 2026-10-31, lookback 30 days): Grades rows for D1 of
2025-03-01 (Banque de France 4, 46.2 points) and 2026-10-22 (P, 0 points) give
GRADE_DOWNGRADE "4 -> P"; a score of 71 on 2026-10-01 and 58 at as_of (13 > 10 points) gives
SCORE_DROP; a client first invoiced on 2026-09-25 with no Limits row gives
NEW_DEBTOR_WITHOUT_COVER.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .cover import day, money
from .grades import grade_array_points, scale_labels, scale_of_insurer
from .ledger import Ledger, among, by_ids, earliest_dates, found_at, run_ends, values_at
from .model import text_dtype
from .policy import Policy
from .scoring import Scoring, read_scoring, score_values
from .texts import lang as language_of, text

COLUMNS = ["debtor_id", "flag", "severity", "amount", "message", "date"]
LIMITED = ("named", "temporary", "discretionary")


def _rows(flag: str, table: dict[str, np.ndarray], policy: Policy, language: str,
          names: pd.Series | None = None) -> pd.DataFrame:
    """Breach rows from `table`: arrays debtor_id, amount, date (datetime64) and the template's other
    fields; with `names` (the client's name per debtor_id), a last `name` column, in the same frame."""
    if not len(table["debtor_id"]):
        empty = pd.DataFrame(columns=COLUMNS)
        return empty if names is None else empty.assign(name=by_ids(names, table["debtor_id"]))
    lang = language_of(language)
    insurer = policy.insurer or text("breach_word.insurer", lang)
    insurer_adj = policy.insurer or text("breach_word.insurer_adj", lang)
    template = text(f"breach.{flag}", lang)
    dates = table["date"]
    messages = []
    for values, amount, when in zip(zip(*table.values()), table["amount"], dates):
        fields = {**dict(zip(table, values)), "amount": money(amount, policy.currency, lang), "date": day(when, lang),
                  "insurer": insurer, "insurer_adj": insurer_adj}
        sentence = template.format(**fields)
        messages.append(sentence[:1].upper() + sentence[1:])
    n, text_ = len(messages), text_dtype()  # the text columns typed as pandas reads text, not inferred cell by cell
    frame = {"debtor_id": np.asarray(table["debtor_id"], object),
             "flag": pd.array([flag] * n, dtype=text_), "severity": pd.array(["warning"] * n, dtype=text_),
             "amount": np.asarray(table["amount"], float), "message": pd.array(messages, dtype=text_), "date": dates}
    if names is not None:
        frame["name"] = by_ids(names, table["debtor_id"])
    return pd.DataFrame(frame)


def _last(code: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The last of `rows` of each run of equal `code` (sorted): (codes, rows)."""
    last = run_ends(code)
    return code[last], rows[last]


def grade_downgrades(grades: pd.DataFrame, exposure: pd.Series, policy: Policy, as_of,
                     language: str | None = None, names: pd.Series | None = None) -> pd.DataFrame:
    """GRADE_DOWNGRADE rows; `exposure` is the amount per debtor_id (index); `names`, see _rows."""
    as_of = pd.Timestamp(as_of)
    since = as_of - pd.Timedelta(days=policy.alert_lookback_days)
    dates, debtors = grades["date"], grades["debtor_id"].to_numpy()
    when = dates.to_numpy("datetime64[ns]")
    known = np.flatnonzero(when <= as_of.to_datetime64())
    code, ids = pd.factorize(debtors[known], sort=True)  # a blank id: -1, left out
    ordered = np.lexsort((when[known], code))  # by debtor, then date, stable
    code, rows = code[ordered], known[ordered]
    code, rows = code[code >= 0], rows[code >= 0]
    early = when[rows] <= since.to_datetime64()
    (before_code, before), (after_code, after) = _last(code[early], rows[early]), _last(code[~early], rows[~early])
    _, b, a = np.intersect1d(before_code, after_code, assume_unique=True, return_indices=True)  # by debtor
    before, after = before[b], after[a]
    grade, scale = grades["insurer_grade"].to_numpy(object), grades["grade_scale"].to_numpy(object)
    default = scale_of_insurer(policy.insurer)
    scale = np.where(pd.isna(scale), default, scale) if default else scale
    both = np.concatenate([after, before])  # graded in one pass
    points = grade_array_points(grade[both], scale[both])
    down = points[:len(after)] < points[len(after):]
    before, after = before[down], after[down]
    labels = scale_labels(language_of(language or policy.language))
    debtor = debtors[after]
    table = {"debtor_id": debtor, "amount": _amounts(exposure, debtor), "date": dates.to_numpy()[after],
             "before": [str(g) for g in grade[before]], "after": [str(g) for g in grade[after]],
             "scale": [labels.get(s, "") for s in scale[after]]}
    return _rows("GRADE_DOWNGRADE", table, policy, language or policy.language, names)


def score_drops(now: pd.DataFrame, before: pd.Series, exposure: pd.Series, policy: Policy, as_of,
                language: str | None = None, names: pd.Series | None = None) -> pd.DataFrame:
    """SCORE_DROP rows. `now`: the Scores sheet; `before`: the score per debtor_id at the previous
    review; `names`, see _rows."""
    ids, score = now["debtor_id"].to_numpy(), now["score"].to_numpy(float)
    prior = np.asarray(by_ids(before, ids), float)
    hit = np.flatnonzero(prior - score > policy.score_drop_points)
    since = pd.Timestamp(as_of) - pd.Timedelta(days=policy.alert_lookback_days)
    table = {"debtor_id": ids[hit], "amount": _amounts(exposure, ids[hit]),
             "date": np.full(len(hit), since.to_datetime64()), "before": np.round(prior[hit]).astype(int),
             "after": np.round(score[hit]).astype(int), "reasons": [str(r) for r in now["reasons"].to_numpy()[hit]]}
    return _rows("SCORE_DROP", table, policy, language or policy.language, names)


def new_debtors_without_cover(ledger: Ledger, exposure: pd.DataFrame, limits: pd.DataFrame, policy: Policy,
                              language: str | None = None, names: pd.Series | None = None) -> pd.DataFrame:
    """NEW_DEBTOR_WITHOUT_COVER rows; `exposure` is the Exposure sheet; `names`, see _rows."""
    ids, first = _first_invoiced(ledger)
    recent = first > (ledger.as_of - pd.Timedelta(days=policy.new_debtor_days)).to_datetime64()
    ids, first = ids[recent], first[recent]
    stamp = np.datetime64(ledger.as_of.to_datetime64(), "ns")
    decided = limits["debtor_id"].to_numpy()[limits["decision_date"].to_numpy("datetime64[ns]") <= stamp]
    at = found_at(pd.Index(exposure["debtor_id"].to_numpy(object), dtype=object), ids)
    kind = values_at(exposure["limit_type"].to_numpy(object), at)
    hit = ~pd.Index(ids, dtype=object).isin(decided) & ~among(kind, LIMITED + ("excluded",))  # ids as objects
    with_orders = values_at(exposure["exposure_with_orders"].to_numpy(float), at[hit])
    table = {"debtor_id": ids[hit], "date": first[hit], "amount": np.where(np.isnan(with_orders), 0.0, with_orders)}
    return _rows("NEW_DEBTOR_WITHOUT_COVER", table, policy, language or policy.language, names)


def _first_invoiced(ledger: Ledger) -> tuple[np.ndarray, np.ndarray]:
    """(debtor ids, sorted; the date of each one's first invoice, NaT when none is dated), as a
    group-by's min() gives them: blank ids left out, NaT skipped. Text ids are read from the
    ledger's debtor codes when it has them (ranked as sorting the ids ranks them): none to hash."""
    invoices, codes = ledger.invoices, ledger.codes
    dated = invoices["invoice_date"].to_numpy("datetime64[ns]")
    if codes is not None and codes.invoices is invoices and all(isinstance(i, str) for i in codes.ids[:-1]):
        invoiced = np.flatnonzero(np.bincount(codes.code, minlength=len(codes.ids))[:-1])  # the last code: blank
        return codes.ids[invoiced], earliest_dates(codes.code, dated, len(codes.ids))[invoiced]
    code, ids = pd.factorize(invoices["debtor_id"].to_numpy(), sort=True)
    return np.asarray(ids, object), earliest_dates(code[code >= 0], dated[code >= 0], len(ids))


def _amounts(exposure: pd.Series, ids: np.ndarray) -> np.ndarray:
    """The exposure (a Series by debtor_id) of each of `ids`, 0 where none."""
    owed = np.asarray(by_ids(exposure, ids), float)
    return np.where(np.isnan(owed), 0.0, owed)


def previous_scores(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
                    policy: Policy, usage: pd.Series, scoring=None, now: pd.DataFrame | None = None) -> pd.Series:
    """The score per debtor_id at the previous review (as_of - alert_lookback_days), from the same
    data; `usage` is the limit usage per debtor_id at that date (functions.portfolio.cover_at);
    `now`: the Scores sheet at as_of, when at hand (read where it holds then, see score_values)."""
    when = ledger.as_of - pd.Timedelta(days=policy.alert_lookback_days)
    scoring = scoring if isinstance(scoring, Scoring) else read_scoring(scoring)[0]
    return score_values(ledger, debtors, financials, grades, policy, when, usage, scoring, later=now)
