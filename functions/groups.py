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

import numpy as np
import pandas as pd

from .breaches import Flags
from .cover import money
from .ledger import by_ids, column_sums, first_of_each, run_starts
from .model import text_array, text_dtype
from .policy import Policy
from .texts import lang, text

KEY_COLUMNS = ["group", "members", "exposure", "open_orders", "exposure_with_orders", "limit", "covered",
               "insured_amount", "uninsured", "usage", "over_cover"]
EXTRA_COLUMNS = ["debtor_ids", "largest_member", "largest_exposure", "excluded_members"]
SUMMED = ["exposure", "open_orders", "exposure_with_orders", "limit", "covered", "insured_amount", "uninsured"]


def _normalised(names: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each name ignoring case and repeated spaces ("" when blank), its code among the distinct
    normalised names, and the row each of those is first seen at. Each distinct name is worded once."""
    code, distinct = pd.factorize(names)
    words = np.array([" ".join(str(name).split()).casefold() for name in distinct] + [""], object)
    named = words[code]  # a missing name (code -1) reads the last, blank
    code = pd.factorize(named)[0]
    return named, code, np.unique(code, return_index=True)[1]


def group_key(debtors: pd.DataFrame) -> pd.Series:
    """The group each Debtors row belongs to (aligned on `debtors`): the `group` name as first
    spelled, or the debtor_id for a debtor without a group. Concentration counts these keys."""
    group = debtors["group"].to_numpy(object) if "group" in debtors else None
    return pd.Series(_grouping(debtors["debtor_id"].to_numpy(object), group)[1], index=debtors.index, dtype=object,
                     name="group")


def _grouping(ids: np.ndarray, group: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Per Debtors row (its id and `group` cell, as objects), the normalised group name ("" without
    one) and its group_key."""
    if group is None:
        return np.full(len(ids), "", dtype=object), ids
    named, code, first = _normalised(group)
    spelled = np.array([str(name).strip() for name in group[first]], object)  # the first spelling, stripped
    return named, np.where(named != "", spelled[code], ids)


def groups_sheet(exposure: pd.DataFrame, debtors: pd.DataFrame) -> pd.DataFrame:
    """The `Groups` sheet: one row per named group, largest exposure first."""
    book = debtors["debtor_id"].to_numpy(object)
    first = first_of_each(book)
    book = book[first]
    named, keys = _grouping(book, debtors["group"].to_numpy(object)[first] if "group" in debtors else None)
    ids = exposure["debtor_id"].to_numpy(object)
    group = by_ids(np.where(named != "", keys, ""), ids, "", index=book)  # each Exposure row's named group, or ""
    rows = np.flatnonzero(group != "")  # the Exposure rows of debtors in a named group
    # the groups in the order their first member appears on Exposure
    code, groups = pd.factorize(group[rows])
    count = len(groups)
    excluded = exposure["limit_type"].to_numpy(object)[rows] == "excluded"
    insured, insured_code = rows[~excluded], code[~excluded]
    columns = {c: exposure[c].to_numpy(float) for c in SUMMED}
    summed = column_sums(insured_code, [columns[c][insured] for c in SUMMED], count)  # as a group-by adds them
    table = {"group": groups, "members": np.bincount(insured_code, minlength=count), **dict(zip(SUMMED, summed))}
    owed_total, limit = table["exposure"], table["limit"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["usage"] = np.where(limit > 0, owed_total / limit, np.nan)
    over = owed_total - limit
    table["over_cover"] = np.where(over < 0.0, 0.0, over)
    by_group = np.argsort(code, kind="stable")  # each group's members in Exposure order
    table["debtor_ids"] = np.array([", ".join(map(str, part)) for part in np.split(
        ids[rows[by_group]], run_starts(code[by_group])[1:])] if count else [], dtype=object)
    owed = columns["exposure"][insured]
    # each group's largest insured member: its first row in a stable largest-first order
    order = np.lexsort((-owed, insured_code))
    first = order[run_starts(insured_code[order])]
    largest = np.full(count, -1)
    largest[insured_code[first]] = insured[first]
    table["largest_member"] = np.where(largest >= 0, ids[largest], np.nan)
    table["largest_exposure"] = np.where(largest >= 0, columns["exposure"][largest], np.nan)
    table["excluded_members"] = np.bincount(code[excluded], minlength=count)
    order = np.lexsort((-table["members"], -owed_total))
    table = {c: v[order] for c, v in table.items()}
    index = pd.RangeIndex(count)  # largest_member's Series on the frame's own index: nothing to align
    table["group"] = text_array(table["group"])  # as pandas would read it, said at once (objects when empty)
    table["debtor_ids"] = pd.array(table["debtor_ids"], dtype=text_dtype())
    table["largest_member"] = pd.Series(table["largest_member"], index=index, dtype=exposure["debtor_id"].dtype)
    return pd.DataFrame({c: table[c] for c in KEY_COLUMNS + EXTRA_COLUMNS}, index=index)


def group_flags(groups: pd.DataFrame, policy: Policy, language: str | None = None) -> Flags:
    """GROUP_OVER_COVER rows in the Breaches layout (debtor_id = the group, name = the group), as the rows
    merge_breaches frames."""
    language = lang(language or policy.language)
    owed, limit, members = (groups[c].to_numpy() for c in ("exposure", "limit", "members"))
    over = np.flatnonzero((members >= 2) & (owed > limit))
    group, owed, limit, members = groups["group"].to_numpy()[over], owed[over], limit[over], members[over]
    insurer = policy.insurer or text("breach_word.insurer", language)
    fmt = lambda v: money(v, policy.currency, language)  # noqa: E731
    messages = [text("breach.GROUP_OVER_COVER", language, group=name, exposure=fmt(total), members=count,
                     limit=fmt(cover), excess=fmt(total - cover), insurer=insurer)
                for name, total, count, cover in zip(group.tolist(), owed.tolist(), members.tolist(), limit.tolist())]
    return Flags.made(group, "GROUP_OVER_COVER", "warning", (owed - limit).astype(float), messages,
                      np.full(len(over), np.datetime64("NaT", "ns")), name=group)


def concentration_units(debtors: pd.DataFrame) -> int:
    """How many risks the portfolio holds: groups, not legal entities (stand-alone debtors count one each)."""
    return int(group_key(debtors.drop_duplicates("debtor_id")).nunique())
