"""Breaches (alertes de garantie): what voids or threatens the cover, per debtor, with the action.

Severities: `critical` (cover lost now), `warning` (act soon), `info`. One row per debtor and
flag; sorted by severity, then amount descending. Excluded debtors get no flag.

Worked example (insurer Allianz Trade, language en): exposure 12,500 on a named limit of
10,000 gives OVER_LIMIT, critical, amount 2,500 (the uninsured part):
"Exposure EUR 12,500 exceeds the Allianz Trade limit of EUR 10,000 by EUR 2,500: hold
deliveries or request an increase". Exposure exactly 10,000 is not a breach (HIGH_USAGE only).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .cover import day, days, money
from .deadlines import insurer_deadlines
from .ledger import (Ledger, among, day_span, earliest, first_rows, found_at, run_starts, run_sums, sorted_order,
                     values_at)
from .model import text_dtype
from .policy import Policy
from .texts import lang, text, words

COLUMNS = ["debtor_id", "flag", "severity", "amount", "message"]
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
LIMITED = ("named", "temporary", "discretionary")  # a limit figure the insured must stay under
MAX_LISTED = 5  # invoices named in a message, then "+N"
MONEY_FIELDS = {"amount", "covered", "excess", "exposure", "limit", "total"}

# flag: severity. The sentences, by flag, are in functions/texts.py (section `breach`; how a limit
# is named in them, and the insurer when the Policy leaves it blank: section `breach_word`).
SEVERITY = {
    "OVER_LIMIT": "critical", "NO_COVER": "critical", "DELIVERED_AFTER_WITHDRAWAL": "critical",
    "DELIVERED_ABOVE_REDUCED_LIMIT": "critical", "TERMS_BEYOND_MAX": "critical",
    "DELIVERED_BEFORE_COVER": "critical", "DELIVERED_AFTER_MEP": "critical",
    "DELIVERED_AFTER_INSOLVENCY": "critical", "OVERDUE_BEYOND_MEP": "critical", "NOTIFICATION_LATE": "critical",
    "LIMIT_EXPIRED": "warning", "LIMIT_REQUEST_NEEDED": "warning", "HIGH_USAGE": "warning",
    "DISPUTED_EXPOSURE": "warning", "FORMAL_NOTICE_DEADLINE_NEAR": "warning", "NOT_ON_DEBTORS_SHEET": "warning",
    "LIMIT_EXPIRING": "info",
}

# The flag that reports each part of the exposure that is not eligible for cover (Exposure's
# `ineligible_<reason>` columns): with OVER_LIMIT (eligible exposure above the limit) or NO_COVER,
# every euro of uninsured exposure of an insured client has its flag.
REASON_FLAGS = {"disputed": "DISPUTED_EXPOSURE", "beyond_max_credit_days": "TERMS_BEYOND_MAX",
                "delivered_before_cover": "DELIVERED_BEFORE_COVER", "delivered_after_mep": "DELIVERED_AFTER_MEP",
                "delivered_after_withdrawal": "DELIVERED_AFTER_WITHDRAWAL",
                "delivered_above_reduced_limit": "DELIVERED_ABOVE_REDUCED_LIMIT",
                "delivered_after_insolvency": "DELIVERED_AFTER_INSOLVENCY"}


def breaches(exposure: pd.DataFrame, ledger: Ledger, policy: Policy, deadlines: pd.DataFrame | None = None,
             language: str | None = None, dunning: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `Breaches` sheet: debtor_id, flag, severity, amount, message, then date.

    `exposure` is the Exposure sheet (functions.cover.exposure_sheet); `deadlines` the per-invoice
    deadlines (invoice_id, debtor_id, status, notify_by), optional; `dunning` the Dunning sheet
    (functions.dunning), optional: its priority-1 lines (formal notice running, insurer deadline
    within `deadline_warning_days`) give FORMAL_NOTICE_DEADLINE_NEAR.
    """
    return merge_breaches(breach_flags(exposure, ledger, policy, deadlines, language, dunning))


def breach_flags(exposure: pd.DataFrame, ledger: Ledger, policy: Policy, deadlines: pd.DataFrame | None = None,
                 language: str | None = None, dunning: pd.DataFrame | None = None,
                 on_debtors_sheet: np.ndarray | None = None) -> Flags:
    """The rows of `breaches`, not yet ordered nor framed (merge_breaches does both, once for every source)."""
    text = _Text(policy, language or policy.language)
    x = _Insured(exposure)
    if on_debtors_sheet is None and "on_debtors_sheet" in exposure:
        on_debtors_sheet = exposure["on_debtors_sheet"].to_numpy(bool)
    return Flags.gathered([_cover_flags(x, ledger.as_of, policy, text), _ineligible(x, policy, text),
                           [_not_on_debtors_sheet(exposure, on_debtors_sheet, text)],
                           [_overdue_beyond_mep(ledger, x, policy, text)],
                           [_notification_late(deadlines, ledger, x, text)],
                           [_formal_notice_near(dunning, x, text)]])


# Text columns get the dtype pandas' concatenation of a frame per flag, then per source, gives: `str`
# when every frame's is, else `object` (as an empty frame's are).
TEXT_COLUMNS = ("debtor_id", "flag", "severity", "message")
OBJECT, NS = np.dtype(object), np.dtype("datetime64[ns]")


class Flags:
    """Flag rows of one source, not framed: each column as an array (text as objects) and the dtype
    its frame would have. A frame per source costs more than its few rows: merge_breaches frames
    them all once."""

    def __init__(self, columns: dict[str, np.ndarray], dtypes: dict[str, object]):
        self.columns, self.dtypes = columns, dtypes

    def __len__(self) -> int:
        return len(self.columns["amount"])

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Flags:
        """A frame's rows (text as objects)."""
        columns = dict(frame.items())
        return cls({c: v.to_numpy() for c, v in columns.items()}, {c: v.dtype for c, v in columns.items()})

    @classmethod
    def gathered(cls, sources: list[list[dict | None]]) -> Flags:
        """The rows of every source (a list of _Text.rows results, None for no rows)."""
        kinds, rows = {c: set() for c in TEXT_COLUMNS}, []
        for pieces in sources:
            found = [p for p in pieces if p is not None]
            if not found:
                continue  # an empty frame is left out
            rows += found
            for c in TEXT_COLUMNS:
                kinds[c] |= {OBJECT} if len(found) < len(pieces) else {p["dtypes"][c] for p in found}
        if not rows:  # no row: merge_breaches leaves it out
            return cls.made(np.empty(0, object), "", "", np.zeros(0), [], np.empty(0, NS))
        columns = {c: np.concatenate([np.asarray(p[c], dtype=object) for p in rows]) for c in TEXT_COLUMNS}
        amount = np.concatenate([p["amount"] for p in rows])
        columns["amount"] = amount if amount.dtype == np.float64 else pd.Series(amount).astype(float).to_numpy()
        dates = [p["date"] for p in rows]  # datetimes, or objects read as dates
        columns["date"] = np.concatenate([d.astype("datetime64[ns]") for d in dates]) if all(
            d.dtype.kind == "M" for d in dates) else pd.to_datetime(pd.Series(np.concatenate(
                [d.astype(object) for d in dates]))).to_numpy("datetime64[ns]")
        dtypes = {c: next(iter(kinds[c])) if len(kinds[c]) == 1 else OBJECT for c in TEXT_COLUMNS}
        return cls({c: columns[c] for c in COLUMNS + ["date"]},
                   {**dtypes, "amount": columns["amount"].dtype, "date": columns["date"].dtype})

    @classmethod
    def made(cls, debtor_id: np.ndarray, flag: str, severity: str, amount: np.ndarray, messages: list[str],
             date: np.ndarray, **more: np.ndarray) -> Flags:
        """Rows of one flag, typed as a frame of these columns would type them."""
        columns = {"debtor_id": debtor_id, "flag": np.full(len(amount), flag, dtype=object),
                   "severity": np.full(len(amount), severity, dtype=object), "amount": amount,
                   "message": np.array(messages, dtype=object), "date": date, **more}
        return cls(columns, {c: text_dtype() if c in ("flag", "severity") else _inferred(v) for c, v in columns.items()})

    def with_column(self, name: str, values: np.ndarray) -> Flags:
        """These rows with one more column, of the dtype a frame infers for `values`."""
        return Flags({**self.columns, name: values}, {**self.dtypes, name: _inferred(values)})

    def frame(self) -> pd.DataFrame:
        """These rows as the frame their source would have made."""
        return _framed(self.columns, self.dtypes)


def _inferred(values: np.ndarray):
    """The dtype a frame gives `values`: `str` for text only (checked without building a Series)."""
    if values.dtype != object:
        return values.dtype
    return text_dtype() if pd.api.types.infer_dtype(values, skipna=False) == "string" else pd.Series(values).dtype


def _framed(columns: dict[str, np.ndarray], dtypes: dict[str, object]) -> pd.DataFrame:
    """A frame of `columns` in `dtypes` (from objects a frame would infer a dtype: _typed keeps theirs)."""
    index = pd.RangeIndex(len(next(iter(columns.values()))))
    return pd.DataFrame({c: v if v.dtype == dtypes[c] and v.dtype != OBJECT else _typed(v, dtypes[c])
                         for c, v in columns.items()}, index=index, copy=False)


def _typed(values: np.ndarray, dtype):
    """`values` as a column of `dtype` without a Series: objects in an Index (a frame infers text
    from an array of them), others as pandas' array of that dtype."""
    return pd.Index(values, dtype=object, copy=False) if dtype == OBJECT else pd.array(values, dtype=dtype)


def merge_breaches(*sources: pd.DataFrame | Flags) -> pd.DataFrame:
    """Flag rows from every source (cover, deadlines, insolvency, groups, watch alerts) as one table,
    in the one order every output shows: severity, then amount descending, then debtor and flag.
    Columns: COLUMNS, date, then any other column the sources carry (e.g. name). The table is the
    concatenation of the sources' frames, made once on their columns."""
    found = [s if isinstance(s, Flags) else Flags.of(s) for s in sources if len(s)]
    if not found:
        table = pd.DataFrame(columns=COLUMNS + ["date"])
        return table.assign(amount=table["amount"].astype(float),
                            date=pd.to_datetime(table["date"]).astype("datetime64[ns]"))
    names = list(found[0].columns)
    if any(set(f.columns) != set(names) for f in found[1:]):  # a column missing somewhere: pandas fills it
        return merge_breaches(Flags.of(pd.concat([f.frame() for f in found], ignore_index=True)))
    table = {c: _joined([f.columns[c] for f in found], [f.dtypes[c] for f in found]) for c in names}
    values, dtype = table["amount"]
    if dtype != np.float64:
        table["amount"] = pd.Series(values, dtype=dtype).astype(float).to_numpy(), np.dtype(float)
    values, dtype = table["date"]
    if dtype != NS:
        table["date"] = pd.to_datetime(pd.Series(values, dtype=dtype)).to_numpy("datetime64[ns]"), NS
    order = _order(table["severity"][0], table["amount"][0],
                   *(_as_text(*table[c]) for c in ("debtor_id", "flag")))
    columns = COLUMNS + ["date"] + [c for c in names if c not in COLUMNS + ["date"]]
    return _framed({c: table[c][0][order] for c in columns}, {c: table[c][1] for c in columns})


def _joined(values: list[np.ndarray], dtypes: list) -> tuple[np.ndarray, object]:
    """One column of the sources, and its dtype, as pandas concatenates their frames: text is `object`
    when a source's is, else `str` (stored by pyarrow when the sources store it both ways); dates in
    ns; anything else is left to pandas."""
    kinds = set(dtypes)
    text = [k for k in kinds if isinstance(k, pd.StringDtype) and k.na_value is not pd.NA]
    if len(kinds) == 1:
        return np.concatenate(values), dtypes[0]
    if len(text) + (OBJECT in kinds) == len(kinds):
        return np.concatenate(values), OBJECT if OBJECT in kinds else pd.StringDtype(
            "pyarrow" if len(text) > 1 else text[0].storage, na_value=np.nan)
    if all(isinstance(d, np.dtype) and d.kind == "M" for d in kinds):
        return np.concatenate([v.astype(NS) for v in values]), NS
    joined = pd.concat([pd.Series(v, dtype=d) for v, d in zip(values, dtypes)], ignore_index=True)
    return joined.to_numpy(), joined.dtype


def _order(severity: np.ndarray, amount: np.ndarray, debtor: np.ndarray, flag: np.ndarray) -> np.ndarray:
    """The positions of flag rows in merge_breaches' order (debtor and flag as text, _as_text)."""
    rank = np.full(len(severity), np.nan)
    for name, place in SEVERITY_ORDER.items():
        rank[severity == name] = place
    return np.lexsort((flag, debtor, -np.where(np.isnan(amount), 0.0, amount), rank))


def _as_text(values: np.ndarray, dtype) -> np.ndarray:
    """A column's astype(str) (its values as objects, its dtype) as an array to sort on, without
    converting text already."""
    text = pd.api.types.infer_dtype(values, skipna=False) == "string"
    return values if text else pd.Series(values, dtype=dtype).astype(str).to_numpy()


class _Text:
    """Formatting in the policy language: amounts, dates, limit names, the insurer."""

    def __init__(self, policy: Policy, language: str):
        self.language = lang(language)
        self.words = words("breach_word", self.language)
        self.currency = policy.currency
        self.insurer = policy.insurer or self.words["insurer"]
        self.insurer_adj = policy.insurer or self.words["insurer_adj"]
        self.text_dtype = text_dtype()

    def format(self, name: str, values: np.ndarray) -> list:
        """A template field's picked values as text: amounts, dates, usage and `since` by their name,
        others as given (Python objects)."""
        if name in ("date", "since"):
            text = days(values, self.language) if values.dtype.kind == "M" else [day(v, self.language) for v in values]
            return [self.words["since"].format(date=d) if d else "" for d in text] if name == "since" else text
        values = values.tolist()
        if name in MONEY_FIELDS:
            return [money(v, self.currency, self.language) for v in values]
        if name == "usage":
            return [f"{round(u * 100)}{' %' if self.language == 'fr' else '%'}" for u in values]
        if name == "limit_name":
            return [self.words[kind].format(adj=self.insurer_adj) for kind in values]
        return values

    def rows(self, flag: str, ids: _Ids, mask: np.ndarray, amount, date=None, /, **fields) -> dict | None:
        """One breach row per debtor of `ids` selected by `mask` (None when it selects none), as columns.

        `amount` and `date` are the row's figures; `fields` the raw values of the template's fields: arrays
        or Series aligned on `ids`. Worded on plain lists: a handful of rows per flag.
        """
        picked = np.flatnonzero(mask)
        if not len(picked):
            return None
        severity, template = SEVERITY[flag], text(f"breach.{flag}", self.language)
        values = {k: self.format(k, _array(v)[picked]) for k, v in fields.items()}
        messages = [_sentence(template.format(**{k: column[i] for k, column in values.items()},
                                              insurer=self.insurer, insurer_adj=self.insurer_adj))
                    for i in range(len(picked))]
        return {"debtor_id": ids.codes[picked], "flag": [flag] * len(picked), "severity": [severity] * len(picked),
                "amount": _array(amount)[picked], "message": messages,
                "date": _array(date)[picked] if date is not None else np.full(len(picked), np.datetime64("NaT", "ns")),
                "dtypes": {"debtor_id": ids.dtype, **dict.fromkeys(("flag", "severity", "message"), self.text_dtype)}}


class _Ids(NamedTuple):
    """Client codes as objects (picked from without converting them) and the dtype of their column."""
    codes: np.ndarray
    dtype: object

    @classmethod
    def of(cls, column: pd.Series) -> _Ids:
        return cls(column.to_numpy(object), column.dtype)


def _array(values) -> np.ndarray:
    return values.to_numpy() if isinstance(values, (pd.Series, pd.Index)) else np.asarray(values)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Insured:
    """The Exposure sheet's rows of insured debtors (not excluded): `ids` their ids, columns as arrays."""

    def __init__(self, exposure: pd.DataFrame):
        self.sheet, self.rows = exposure, exposure["limit_type"].to_numpy(object) != "excluded"
        every = _Ids.of(exposure["debtor_id"])
        self.ids = _Ids(every.codes[self.rows], every.dtype)
        # a set of the ids matches as pandas' hash table does (equal objects) but for distinct NaN
        # objects, which pandas takes as one: a missing id is left to pandas (ledger.found_at)
        codes = self.ids.codes
        self._held = None if pd.isna(codes).any() else set(codes.tolist())

    def hold(self, ids: np.ndarray) -> np.ndarray:
        """Per id, whether it is an insured debtor's (as Series.isin), without building an Index."""
        if self._held is None:
            return found_at(pd.Index(pd.unique(self.ids.codes), dtype=object), ids) >= 0
        return np.fromiter(map(self._held.__contains__, ids.tolist()), bool, len(ids))

    def __contains__(self, name: str) -> bool:
        return name in self.sheet

    def __getitem__(self, name: str) -> np.ndarray:
        return self.sheet[name].to_numpy()[self.rows]


def _cover_flags(x: _Insured, as_of: pd.Timestamp, policy: Policy, t: _Text) -> list[dict | None]:
    """Every flag read from the Exposure sheet (insured debtors only), on its columns as arrays."""
    c = {name: x[name] for name in ("limit_type", "limit", "eligible", "exposure", "exposure_with_orders", "usage",
                                     "covered", "fallback_limit", "expired_limit")}
    c.update({name: x[name].astype("datetime64[ns]") for name in ("cover_stopped", "expiry_date", "expired_on")})
    kind, limit, eligible, owed = c["limit_type"], c["limit"], c["eligible"], c["exposure_with_orders"]
    stopped = ~np.isnat(c["cover_stopped"])
    limited = among(kind, LIMITED) & ~stopped
    has_limit = among(kind, LIMITED + ("non_named",)) & ~stopped & (limit > 0)
    over = limited & (eligible > limit)  # what is not eligible has its own flag (_ineligible)
    no_cover = (stopped | (kind == "none")) & (owed > 0)
    request = has_limit & ~over & (owed > limit + policy.limit_request_threshold)
    high = has_limit & (c["usage"] >= policy.high_usage_threshold) & (c["exposure"] <= limit)
    start = np.datetime64(pd.Timestamp(as_of), "ns")
    end = np.datetime64(pd.Timestamp(as_of) + pd.Timedelta(days=policy.expiry_warning_days), "ns")
    expiring = limited & (c["expiry_date"] >= start) & (c["expiry_date"] <= end)
    lost = c["covered"] - np.fmin(eligible, c["fallback_limit"])
    lost = np.where(lost < 0.0, 0.0, lost)
    shortfall = owed - limit
    uncovered = owed - c["covered"]
    uncovered = np.where(uncovered < 0.0, 0.0, uncovered)
    # without an insurer limit the request is for a named one
    request_what = np.where(among(kind, ("non_named", "discretionary")), t.words["named_limit"], t.words["higher"])
    partly = eligible < c["exposure"] - 0.005
    what = np.where(partly, t.words["eligible"], t.words["exposure"])
    ids = x.ids
    return [
        t.rows("OVER_LIMIT", ids, over, eligible - limit, what=what, exposure=eligible, limit_name=kind,
               limit=limit, excess=eligible - limit),
        t.rows("NO_COVER", ids, no_cover, uncovered, c["cover_stopped"], since=c["cover_stopped"], amount=uncovered),
        t.rows("LIMIT_EXPIRED", ids, ~np.isnat(c["expired_on"]) & ~stopped & (owed > 0), owed, c["expired_on"],
               limit=c["expired_limit"], date=c["expired_on"], exposure=owed, covered=c["covered"]),
        t.rows("LIMIT_REQUEST_NEEDED", ids, request, shortfall, total=owed, limit_name=kind, limit=limit,
               amount=shortfall, request=request_what),
        t.rows("HIGH_USAGE", ids, high, c["exposure"], exposure=c["exposure"], usage=c["usage"], limit_name=kind,
               limit=limit),
        t.rows("LIMIT_EXPIRING", ids, expiring, lost, c["expiry_date"], limit_name=kind, limit=limit,
               date=c["expiry_date"]),
    ]


def _ineligible(x: _Insured, policy: Policy, t: _Text) -> list[dict | None]:
    """One flag per reason a part of the exposure is not eligible (REASON_FLAGS), amount = that part."""
    rows = []
    for reason, flag in REASON_FLAGS.items():
        if f"ineligible_{reason}" not in x:
            continue
        lost = x[f"ineligible_{reason}"]
        if not (lost > 0.005).any():
            rows.append(None)  # no row: what _Text.rows gives
            continue
        column = {"delivered_before_cover": "cover_from", "delivered_after_withdrawal": "cut_date",
                  "delivered_above_reduced_limit": "cut_date"}.get(reason)
        when = x[column].astype("datetime64[ns]") if column in x else None
        if reason == "delivered_before_cover" and when is not None:
            when = when - day_span(policy.retroactive_cover_days)
        fields = {"amount": lost, "days": np.full(len(lost), policy.max_credit_days)}
        if reason == "delivered_above_reduced_limit":
            fields["limit"] = x["cut_limit"]
        if when is not None:
            fields["date"] = when
        rows.append(t.rows(flag, x.ids, lost > 0.005, lost, when, **fields))
    return rows


def _not_on_debtors_sheet(exposure: pd.DataFrame, listed: np.ndarray | None, t: _Text) -> dict | None:
    """Client codes used on other sheets but absent from the Debtors sheet (when it lists anyone):
    `listed` says, per Exposure row, whether it does."""
    if listed is None or not listed.any() or listed.all():
        return None
    ids = _Ids.of(exposure["debtor_id"])
    owed = exposure["exposure"].to_numpy()
    return t.rows("NOT_ON_DEBTORS_SHEET", ids, ~listed, np.where(owed < 0.0, 0.0, owed), debtor=ids.codes,
                  exposure=owed, cover=exposure["justification"])


def _late_invoices(t: _Text, flag: str, debtor: np.ndarray, dtype, order_date: np.ndarray, invoice_id: np.ndarray,
                   since: np.ndarray, balance: np.ndarray) -> dict | None:
    """One `flag` row per debtor with late invoices (the debtor of each, from a column of `dtype`):
    amount their balance, date the earliest `since`, the invoices listed by `order_date` then id
    ('I1, I2, I3', at most MAX_LISTED then '+N')."""
    if not len(debtor):
        return None
    code, ids = pd.factorize(debtor, sort=True)
    order = sorted_order(code, order_date, invoice_id)
    code, invoice_id = code[order], invoice_id[order]
    starts = run_starts(code)
    ends = np.append(starts[1:], len(code))
    amount = run_sums(balance[order], starts)  # pandas' sums, as a group-by by debtor adds them
    first = earliest(since[order], starts)
    listed = [", ".join(map(str, invoice_id[a:min(b, a + MAX_LISTED)])) + (f" +{b - a - MAX_LISTED}" if b - a > MAX_LISTED
                                                                          else "") for a, b in zip(starts, ends)]
    ids = _Ids(np.asarray(ids[code[starts]], dtype=object), dtype)
    return t.rows(flag, ids, np.ones(len(starts), bool), amount, first, amount=amount, date=first,
                  invoices=np.array(listed, dtype=object))


def _overdue_beyond_mep(ledger: Ledger, x: _Insured, policy: Policy, t: _Text) -> dict | None:
    """Open invoices past their MEP end (due date + max_extension_days)."""
    inv = ledger.invoices
    balance, debtor = inv["open"].to_numpy(float), inv["debtor_id"]
    rows = np.flatnonzero(balance > 0)
    rows = rows[x.hold(debtor.to_numpy()[rows])]
    due = inv["due_date"].to_numpy("datetime64[ns]")[rows]
    contract = inv["contract_due_date"].to_numpy("datetime64[ns]")[rows] if "contract_due_date" in inv else None
    mep_end = insurer_deadlines(due, policy, contract).mep_end
    late = np.datetime64(pd.Timestamp(ledger.as_of), "ns") > mep_end
    rows = rows[late]
    return _late_invoices(t, "OVERDUE_BEYOND_MEP", debtor.to_numpy()[rows], debtor.dtype, due[late],
                          inv["invoice_id"].to_numpy()[rows], mep_end[late], balance[rows])


def _notification_late(deadlines: pd.DataFrame | None, ledger: Ledger, x: _Insured, t: _Text) -> dict | None:
    """Invoices whose overdue notice deadline (notify_by) has passed without a notice."""
    if deadlines is None or deadlines.empty:
        return None
    column = deadlines["debtor_id"]
    debtor = column.to_numpy()
    late = np.flatnonzero((deadlines["status"].to_numpy(object) == "notification_late") & x.hold(debtor))
    if not len(late):
        return None
    notify_by = deadlines["notify_by"].to_numpy("datetime64[ns]")[late]
    invoice_id = deadlines["invoice_id"].to_numpy()[late]
    return _late_invoices(t, "NOTIFICATION_LATE", debtor[late], column.dtype, notify_by, invoice_id, notify_by,
                          _balances(ledger, invoice_id))


def _balances(ledger: Ledger, invoice_ids: np.ndarray) -> np.ndarray:
    """The open balance of each invoice id, from the ledger's first row of that id (0 without one)."""
    code, ids = pd.factorize(invoice_ids, use_na_sentinel=False)
    first = first_rows(ledger.invoices["invoice_id"].to_numpy(), ids)[code]
    balance = values_at(ledger.invoices["open"].to_numpy(float), first)  # NaN where -1
    return np.where(np.isnan(balance), 0.0, balance)


def _formal_notice_near(dunning: pd.DataFrame | None, x: _Insured, t: _Text) -> dict | None:
    """Debtors under formal notice whose insurer deadline is near: the declaration cannot wait."""
    if dunning is None or dunning.empty:
        return None
    ids = _Ids.of(dunning["debtor_id"])
    near = (dunning["priority"].to_numpy() == 1) & x.hold(ids.codes)
    sent = days(dunning["formal_notice_date"].to_numpy()[near], t.language)
    step = [t.words.get(s, s) for s in dunning["insurer_step"].to_numpy()[near]]
    deadline, amount = dunning["insurer_deadline"].to_numpy()[near], dunning["amount"].to_numpy()[near]
    return t.rows("FORMAL_NOTICE_DEADLINE_NEAR", _Ids(ids.codes[near], ids.dtype), np.ones(len(step), bool),
                  amount, deadline, date_sent=np.array(sent, dtype=object), step=np.array(step, dtype=object),
                  date=deadline, amount=amount)
