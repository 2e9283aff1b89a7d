"""Alerts like an insurer's risk watch (surveillance du portefeuille), added to `Breaches`.

- `GRADE_DOWNGRADE`: the latest `Grades` row dated within the last `alert_lookback_days` is
  worse (fewer points on functions.grades' common 0-100 scale) than the grade in force before
  that window. Only the Grades history counts: the Debtors column has no date.
- `SCORE_DROP`: the score fell by more than `score_drop_points` since the previous review,
  as_of - `alert_lookback_days`. The previous score is recomputed at that date from the same
  workbook (functions.portfolio.ledger_at), so no earlier result file is needed and the alert
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

import pandas as pd

from .cover import day, money
from .grades import grade_points, scale_labels, scale_of_insurer
from .ledger import Ledger
from .policy import Policy
from .portfolio import ledger_at
from .scoring import Scoring, read_scoring, score_values
from .texts import lang as language_of, text

COLUMNS = ["debtor_id", "flag", "severity", "amount", "message", "date"]
LIMITED = ("named", "temporary", "discretionary")


def _rows(flag: str, table: pd.DataFrame, policy: Policy, language: str) -> pd.DataFrame:
    """Breach rows from `table` (debtor_id, amount, date and the template's other fields)."""
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    lang = language_of(language)
    insurer = policy.insurer or text("breach_word.insurer", lang)
    insurer_adj = policy.insurer or text("breach_word.insurer_adj", lang)
    template = text(f"breach.{flag}", lang)
    messages = []
    for r in table.to_dict("records"):
        fields = {**r, "amount": money(r["amount"], policy.currency, lang), "date": day(r["date"], lang),
                  "insurer": insurer, "insurer_adj": insurer_adj}
        sentence = template.format(**fields)
        messages.append(sentence[:1].upper() + sentence[1:])
    return pd.DataFrame({"debtor_id": table["debtor_id"].to_numpy(), "flag": flag, "severity": "warning",
                         "amount": table["amount"].astype(float).to_numpy(), "message": messages,
                         "date": pd.to_datetime(table["date"]).to_numpy()})


def grade_downgrades(grades: pd.DataFrame, exposure: pd.Series, policy: Policy, as_of,
                     language: str | None = None) -> pd.DataFrame:
    """GRADE_DOWNGRADE rows; `exposure` is the amount per debtor_id (index)."""
    as_of = pd.Timestamp(as_of)
    since = as_of - pd.Timedelta(days=policy.alert_lookback_days)
    known = grades.loc[grades["date"] <= as_of].sort_values(["debtor_id", "date"], kind="stable")
    scale = known["grade_scale"].fillna(scale_of_insurer(policy.insurer)) if len(known) else known["grade_scale"]
    known = known.assign(scale=scale, points=grade_points(known["insurer_grade"], scale))
    before = known.loc[known["date"] <= since].groupby("debtor_id").tail(1).set_index("debtor_id")
    after = known.loc[known["date"] > since].groupby("debtor_id").tail(1).set_index("debtor_id")
    both = after.join(before[["insurer_grade", "points"]].add_suffix("_before"), how="inner")
    down = both.loc[both["points"] < both["points_before"]]
    table = pd.DataFrame({"debtor_id": down.index, "amount": exposure.reindex(down.index).fillna(0.0).to_numpy(),
                          "date": down["date"].to_numpy(), "before": down["insurer_grade_before"].astype(str).to_numpy(),
                          "after": down["insurer_grade"].astype(str).to_numpy(),
                          "scale": down["scale"].map(scale_labels(language_of(language or policy.language))).fillna("").to_numpy()})
    return _rows("GRADE_DOWNGRADE", table, policy, language or policy.language)


def score_drops(now: pd.DataFrame, before: pd.Series, exposure: pd.Series, policy: Policy, as_of,
                language: str | None = None) -> pd.DataFrame:
    """SCORE_DROP rows. `now`: the Scores sheet; `before`: the score per debtor_id at the previous review."""
    current = now.set_index("debtor_id")
    drop = before.reindex(current.index) - current["score"]
    hit = current.loc[drop > policy.score_drop_points]
    since = pd.Timestamp(as_of) - pd.Timedelta(days=policy.alert_lookback_days)
    table = pd.DataFrame({"debtor_id": hit.index, "amount": exposure.reindex(hit.index).fillna(0.0).to_numpy(),
                          "date": since, "before": before.reindex(hit.index).round().astype(int).to_numpy(),
                          "after": hit["score"].round().astype(int).to_numpy(),
                          "reasons": hit["reasons"].astype(str).to_numpy()})
    return _rows("SCORE_DROP", table, policy, language or policy.language)


def new_debtors_without_cover(ledger: Ledger, exposure: pd.DataFrame, limits: pd.DataFrame, policy: Policy,
                              language: str | None = None) -> pd.DataFrame:
    """NEW_DEBTOR_WITHOUT_COVER rows; `exposure` is the Exposure sheet."""
    first = ledger.invoices.groupby("debtor_id")["invoice_date"].min()
    recent = first.loc[first > ledger.as_of - pd.Timedelta(days=policy.new_debtor_days)]
    decided = set(limits.loc[limits["decision_date"] <= ledger.as_of, "debtor_id"])
    x = exposure.set_index("debtor_id")
    open_ = x.reindex(recent.index)
    hit = recent.loc[~recent.index.isin(decided) & ~open_["limit_type"].isin(LIMITED + ("excluded",)).to_numpy()]
    table = pd.DataFrame({"debtor_id": hit.index, "date": hit.to_numpy(),
                          "amount": x["exposure_with_orders"].reindex(hit.index).fillna(0.0).to_numpy()})
    return _rows("NEW_DEBTOR_WITHOUT_COVER", table, policy, language or policy.language)


def previous_scores(ledger: Ledger, debtors: pd.DataFrame, financials: pd.DataFrame, grades: pd.DataFrame,
                    policy: Policy, usage: pd.Series, scoring=None) -> pd.Series:
    """The score per debtor_id at the previous review (as_of - alert_lookback_days), from the same
    data; `usage` is the limit usage per debtor_id at that date (functions.portfolio.cover_at)."""
    when = ledger.as_of - pd.Timedelta(days=policy.alert_lookback_days)
    scoring = scoring if isinstance(scoring, Scoring) else read_scoring(scoring)[0]
    return score_values(ledger_at(ledger, when), debtors, financials, grades, policy, when, usage, scoring)
