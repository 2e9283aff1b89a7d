"""Debtor groups (groupes de débiteurs): subsidiaries of one parent share one risk.

The Debtors `group` column names the parent group. Names match ignoring case and repeated
spaces (`Groupe Durand`, `GROUPE  durand`); the first spelling is shown. A debtor without a
group is its own group (key = its debtor_id), so concentration counts it once; the `Groups`
sheet lists only the groups named in the column (stand-alone debtors are already on Exposure).
Excluded debtors (hors police) are left out of a group's figures: they hold no cover.

Per group (from the Exposure sheet): members, exposure, open_orders, exposure_with_orders,
limit (sum of the members' limits), covered, insured_amount, uninsured, usage = exposure /
limit, over_cover = exposure - limit when positive.

GROUP_OVER_COVER (warning): a group of two or more insured members whose total exposure exceeds
the sum of its members' cover (limits). One row per group in Breaches, `debtor_id` = the group.

Worked example: group Durand = D1 (exposure 8,000, limit 10,000) and D2 (exposure 9,000, limit
5,000): group exposure 17,000 > cover 15,000 -> GROUP_OVER_COVER, amount 2,000, usage 113 %.
"""
from __future__ import annotations

import pandas as pd

from .cover import money
from .policy import Policy
from .texts import lang, text

KEY_COLUMNS = ["group", "members", "exposure", "open_orders", "exposure_with_orders", "limit", "covered",
               "insured_amount", "uninsured", "usage", "over_cover"]
EXTRA_COLUMNS = ["debtor_ids", "largest_member", "largest_exposure", "excluded_members"]
SUMMED = ["exposure", "open_orders", "exposure_with_orders", "limit", "covered", "insured_amount", "uninsured"]


def _normalised(names: pd.Series) -> pd.Series:
    return names.astype(object).where(names.notna(), "").astype(str).str.split().str.join(" ").str.casefold()


def group_key(debtors: pd.DataFrame) -> pd.Series:
    """The group each Debtors row belongs to (aligned on `debtors`): the `group` name as first
    spelled, or the debtor_id for a debtor without a group. Concentration counts these keys."""
    return _grouping(debtors)[1]


def _grouping(debtors: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each row's normalised group name ("" without one) and its group_key."""
    named = _normalised(debtors["group"]) if "group" in debtors else pd.Series("", index=debtors.index)
    first = debtors["group"].groupby(named).first() if "group" in debtors else pd.Series(dtype=object)
    label = named.map(first.astype(str).str.strip()).astype(object)
    return named, label.where(named != "", debtors["debtor_id"].astype(object)).rename("group")


def groups_sheet(exposure: pd.DataFrame, debtors: pd.DataFrame) -> pd.DataFrame:
    """The `Groups` sheet: one row per named group, largest exposure first."""
    book = debtors.drop_duplicates("debtor_id")
    named, keys = _grouping(book)
    grouped = book.loc[named != ""]
    keys = keys.loc[grouped.index]
    member = pd.Series(keys.to_numpy(), index=grouped["debtor_id"].to_numpy())
    rows = exposure.loc[exposure["debtor_id"].isin(member.index)].copy()
    rows["group"] = member.reindex(rows["debtor_id"]).to_numpy()
    insured = rows.loc[rows["limit_type"] != "excluded"]
    by = insured.groupby("group", sort=False)
    table = by[SUMMED].sum().reindex(pd.Index(rows["group"].unique(), name="group"), fill_value=0.0)
    table.insert(0, "members", by.size().reindex(table.index, fill_value=0).astype(int))
    table["usage"] = (table["exposure"] / table["limit"]).where(table["limit"] > 0)
    table["over_cover"] = (table["exposure"] - table["limit"]).clip(lower=0.0)
    table["debtor_ids"] = rows.groupby("group")["debtor_id"].agg(lambda s: ", ".join(map(str, s)))
    largest_first = insured[["group", "debtor_id", "exposure"]].sort_values("exposure", ascending=False, kind="stable")
    top = largest_first.groupby("group").first()
    table["largest_member"] = top["debtor_id"].reindex(table.index)
    table["largest_exposure"] = top["exposure"].reindex(table.index)
    excluded = rows.loc[rows["limit_type"] == "excluded"].groupby("group").size()
    table["excluded_members"] = excluded.reindex(table.index, fill_value=0).astype(int)
    table = table.sort_values(["exposure", "members"], ascending=False, kind="stable").reset_index()
    return table[KEY_COLUMNS + EXTRA_COLUMNS]


def group_flags(groups: pd.DataFrame, policy: Policy, language: str | None = None) -> pd.DataFrame:
    """GROUP_OVER_COVER rows in the Breaches layout (debtor_id = the group, name = the group)."""
    language = lang(language or policy.language)
    over = groups.loc[(groups["members"] >= 2) & (groups["exposure"] > groups["limit"])]
    insurer = policy.insurer or text("breach_word.insurer", language)
    fmt = lambda v: money(v, policy.currency, language)  # noqa: E731
    messages = [text("breach.GROUP_OVER_COVER", language, group=group, exposure=fmt(owed), members=members,
                     limit=fmt(limit), excess=fmt(owed - limit), insurer=insurer)
                for group, owed, members, limit in zip(*(over[c].tolist() for c in ("group", "exposure", "members", "limit")))]
    return pd.DataFrame({"debtor_id": over["group"].to_numpy(), "flag": "GROUP_OVER_COVER", "severity": "warning",
                         "amount": (over["exposure"] - over["limit"]).to_numpy(dtype=float), "message": messages,
                         "date": pd.Series(pd.NaT, index=over.index, dtype="datetime64[ns]").to_numpy(),
                         "name": over["group"].to_numpy()})


def concentration_units(debtors: pd.DataFrame) -> int:
    """How many risks the portfolio holds: groups, not legal entities (stand-alone debtors count one each)."""
    return int(group_key(debtors.drop_duplicates("debtor_id")).nunique())
