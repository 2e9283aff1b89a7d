"""Payment allocation and open balances (the sales ledger at `as_of`).

Rules, as insurers impute payments:
1. a payment or credit note that names an invoice settles that invoice;
2. what is left (unreferenced payments, credit notes, the excess of referenced ones) settles
   the debtor's oldest open invoice first: earliest due date, then invoice date;
3. what still remains is an unapplied credit of the debtor;
4. documents dated after `as_of` do not exist yet.
Without a Payments table, an invoice's `paid_date` settles it in full on that date.

Worked example: invoices A (100, due 1 March) and B (50, due 1 April), one unreferenced
payment of 120 on 10 March: A is settled on 10 March, B keeps 30 open.

All steps are vectorised over every debtor at once (no loop per row or per debtor). Ids are
turned into integer codes once (hashing text is the costly part); the allocation then runs on
NumPy arrays, and the invoice table is taken from the input once, in the sheet's order.
The ledger keeps its debtor codes, so that sums per debtor (aging, exposure) skip the hashing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

try:  # pandas' own group-by kernel (group_sums); another pandas' group-by otherwise
    from pandas._libs import groupby as libgroupby
except ImportError:
    libgroupby = None

CENT = 0.005  # amounts within half a cent count as settled
NAT = np.datetime64("NaT", "ns")
NO_TIME = np.timedelta64("NaT", "ns")
DAY = 86_400 * 10**9  # in nanoseconds
KINDS = np.array(["invoice", "credit_note"], dtype=object)


@dataclass(frozen=True)
class DebtorCodes:
    """Integer debtor codes of a ledger's invoices, so that sums per debtor need not hash the ids again."""

    invoices: pd.DataFrame  # the frame the codes describe: a ledger built on another frame has none
    code: np.ndarray  # per invoice row, a position in `ids`
    ids: np.ndarray  # the distinct debtor ids


@dataclass(frozen=True)
class Ledger:
    """The ledger at `as_of`.

    invoices: one row per invoice (not credit notes) dated on or before as_of, in the order of
        the Invoices sheet, with the input columns (but the credit notes' own: NOTE_COLUMNS) plus
        `settled` (paid or credited), `open` (balance) and `settled_date` (when the balance
        reached zero; NaT while open).
    credits: the credit notes then the payments dated on or before as_of (debtor_id, date,
        amount, ref, source, source_id), amounts positive, as they come in their sheets. They
        are applied by date, credit notes first at the same date.
    unapplied: unapplied credit per debtor (overpayments, unused credit notes).
    codes: the debtor codes of `invoices` when build_ledger made it (read them with `debtor_positions`).
    allocations: what settled each invoice, when build_ledger made it: row (the invoice's position
        in `invoices`), date (the credit's date, or the invoice date for a credit received before
        it), amount, source (credit_note or payment); late interest runs on the amount still owed
        day by day (functions.penalties). Positions, not ids: nothing to hash again.
    """

    as_of: pd.Timestamp
    invoices: pd.DataFrame
    credits: pd.DataFrame
    unapplied: pd.Series
    codes: DebtorCodes | None = field(default=None, repr=False, compare=False)
    allocations: pd.DataFrame | None = field(default=None, repr=False, compare=False)


def document_kind(invoices: pd.DataFrame) -> pd.Series:
    """`invoice` or `credit_note`: the document_type column, else the sign of the amount."""
    kind = KINDS[(invoices["amount"] < 0).to_numpy(int)]  # shares two strings instead of making one per row
    if "document_type" in invoices:
        given = invoices["document_type"]
        kind = np.where(given.isna().to_numpy(), kind, given.to_numpy(object))
    return pd.Series(kind, index=invoices.index, dtype=object)


def build_ledger(invoices: pd.DataFrame, payments: pd.DataFrame | None, as_of: date) -> Ledger:
    """Allocate payments and credit notes to invoices and return the ledger at `as_of`."""
    as_of = pd.Timestamp(as_of)
    given = {c: invoices[c].to_numpy() for c in GIVEN_COLUMNS}  # each read once: pandas builds a Series per read
    dated = given["invoice_date"].astype("datetime64[ns]", copy=False) <= as_of.to_datetime64()  # NaT compares False
    is_invoice, is_note = _kinds(invoices)
    rows = np.flatnonzero(dated & is_invoice)
    notes = _credit_notes(invoices, given, np.flatnonzero(dated & is_note))
    credit, applied = _credits(notes, _payments(payments, invoices, rows, notes, as_of))
    debtor, debtors = _ranked_codes(np.concatenate([given["debtor_id"].astype(object, copy=False)[rows],
                                                    credit["debtor_id"].astype(object, copy=False)]))
    debtor[len(rows):] = debtor[len(rows):][applied]
    amount = np.abs(given["amount"].astype(float, copy=False)[rows])
    settled, settled_date, unapplied, trace = _allocate(given, rows, amount, credit, applied, debtor)
    balance = amount - settled
    open_ = np.where(balance > CENT, balance, 0.0)
    kept = invoices.take([i for i, c in enumerate(invoices.columns) if c not in NOTE_COLUMNS], axis=1)  # not drop, iloc
    ledger = _documents(kept, rows, settled=settled, settled_date=np.where(open_ > 0, NAT, settled_date), open=open_)
    row, when, settled_by, source = trace
    allocations = pd.DataFrame({"row": row, "date": when, "amount": settled_by,
                                "source": pd.Categorical.from_codes(source, dtype=SOURCE_KIND)},
                               index=pd.RangeIndex(len(row)), copy=False)
    return Ledger(as_of, ledger, _credit_table(credit), _unapplied(*unapplied, debtors),
                  DebtorCodes(ledger, debtor[:len(rows)], debtors), allocations)


def _unapplied(codes: np.ndarray, credit: np.ndarray, debtors: np.ndarray) -> pd.Series:
    """The credit left per debtor code, as the `unapplied` Series of the debtors with more than CENT."""
    ids, left = debtors[codes], credit > CENT
    if pd.api.types.infer_dtype(ids, skipna=False) == "string":  # text only, as pandas reads it: filtered first
        index = pd.Index(ids[left], dtype="str", name="debtor_id")
    else:  # of every code, then filtered: the dtype pandas reads all the ids as
        index = pd.Index(ids, name="debtor_id")[left]
    return pd.Series(credit[left], index=index, name="unapplied")


GIVEN_COLUMNS = ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"]  # what the allocation reads
NOTE_COLUMNS = ["document_type", "credited_invoice_id"]  # say nothing more on an invoice's row
ALLOCATION_COLUMNS = ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount", "paid_date"]


def is_credit_note(invoices: pd.DataFrame) -> np.ndarray:
    """document_kind(invoices) == "credit_note", without the text column."""
    return _kinds(invoices)[1]


def _kinds(invoices: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(is an invoice, is a credit note) per row, as `document_kind` decides, without its text column."""
    negative = invoices["amount"].to_numpy(float, na_value=np.nan) < 0  # NaN: not negative
    if "document_type" not in invoices:
        return ~negative, negative
    given = invoices["document_type"]
    if given.dtype == object:
        given = given.to_numpy()  # compared by NumPy, which, unlike pandas, does not check each cell's type first
    invoice = _equals(given, "invoice")
    note = ~invoice
    note[note] = _equals(given[note], "credit_note")  # most rows are invoices: compare the others only
    missing = ~(invoice | note)
    missing[missing] = np.asarray(pd.isna(given[missing]))  # the few other rows only: isna on text is slow
    return invoice | (missing & ~negative), note | (missing & negative)


def _equals(column: pd.Series | np.ndarray, text: str) -> np.ndarray:
    """`column == text`, False where missing."""
    if isinstance(column, np.ndarray):
        return column == text
    return (column == text).to_numpy(bool, na_value=False)


def _documents(frame: pd.DataFrame, rows: np.ndarray, **columns) -> pd.DataFrame:
    """The rows at these positions (the one copy of each column), indexed from 0, amounts
    positive, delivery date defaulting to the invoice date, and these further columns."""
    docs = rows_at(frame, rows, **columns)
    if np.signbit(docs["amount"].to_numpy(float, na_value=np.nan)).any():  # -0.0 too
        docs["amount"] = docs["amount"].abs()
    if "delivery_date" in docs and docs["delivery_date"].hasnans:
        docs["delivery_date"] = docs["delivery_date"].fillna(docs["invoice_date"])
    return docs


def stood_at(amount: np.ndarray, settled: np.ndarray, when) -> tuple[np.ndarray, np.ndarray]:
    """Invoices as they stood at an earlier date `when` (datetime64[ns], one or one per invoice),
    from the ledger at as_of: those settled by then closed (open 0, their settled date), any other
    open in full (no settled date). Partial payments are left to the debtor's unapplied credit
    (functions.portfolio.ledger_at)."""
    closed = ~np.isnat(settled) & (settled <= when)
    return np.where(closed, 0.0, amount), np.where(closed, settled, np.datetime64("NaT", "ns"))


def rows_at(frame: pd.DataFrame, rows: np.ndarray, **columns) -> pd.DataFrame:
    """The rows of `frame` at these positions, indexed from 0, with these columns set (replaced
    in place, else added): one new frame, changed in place (reset_index and assign would each
    copy it again)."""
    table = frame.take(rows)
    table.index = pd.RangeIndex(len(rows))
    for name, values in columns.items():
        table[name] = values
    return table


def _credit_notes(invoices: pd.DataFrame, given: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    """The credit notes at these positions as columns of the credits table, amounts positive
    (arrays: a frame of them would cost more than the few rows); `given` holds GIVEN_COLUMNS."""
    ref = invoices["credited_invoice_id"].to_numpy()[rows] if "credited_invoice_id" in invoices else \
        np.full(len(rows), None, dtype=object)
    return {"debtor_id": given["debtor_id"][rows], "date": given["invoice_date"][rows],
            "amount": np.abs(given["amount"][rows]), "ref": ref, "source_id": given["invoice_id"][rows]}


def _payments(payments: pd.DataFrame | None, invoices: pd.DataFrame, rows: np.ndarray, notes: dict[str, np.ndarray],
              as_of) -> dict[str, np.ndarray]:
    """Real payments dated by as_of, or, without a Payments table, one per paid_date of the invoices at `rows`."""
    if payments is not None:
        when = payments["date"]
        dated = when.to_numpy("datetime64[ns]") <= as_of.to_datetime64()  # NaT compares False
        kept = slice(None) if dated.all() else dated  # as_of is mostly today: nothing to leave out
        paid = {"debtor_id": payments["debtor_id"], "date": when, "amount": payments["amount"],
                "ref": _column(payments, "invoice_id"), "source_id": _column(payments, "payment_id")}
        return {c: np.asarray(values)[kept] for c, values in paid.items()}  # the columns only, not a frame of them
    inv = _documents(invoices[[c for c in ALLOCATION_COLUMNS if c in invoices]], rows)
    settled = inv.loc[inv["paid_date"].notna() & (inv["paid_date"] <= as_of)]
    credited = pd.Series(notes["amount"]).groupby(notes["ref"]).sum()  # per credited invoice
    amount = (settled["amount"] - lookup(settled["invoice_id"], credited).fillna(0.0)).clip(lower=0.0)
    return {"debtor_id": settled["debtor_id"], "date": settled["paid_date"], "amount": amount,
            "ref": settled["invoice_id"], "source_id": settled["invoice_id"]}


def _column(frame: pd.DataFrame, name: str):
    """The column, or blanks where the sheet has none."""
    return frame[name] if name in frame else np.full(len(frame), None, dtype=object)


CREDIT_COLUMNS = ["debtor_id", "date", "amount", "ref", "source", "source_id"]
SOURCES = ["credit_note", "payment"]
SOURCE_KIND = pd.CategoricalDtype(SOURCES)  # made once: from_codes would infer the categories' dtype each time


def _credits(notes: dict, paid: dict) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Credit notes then payments as the columns of one table (arrays, as they come in their
    sheets; `source` 0 for a credit note, 1 for a payment), and the positions in the order they
    are applied: by date, credit notes before payments at the same date, then as they come.

    Within a date the order changes neither what is settled nor when: the sheets' own order
    costs no text comparison, and the table's text columns are never reordered.
    """
    column = {c: np.concatenate([np.asarray(notes[c]), np.asarray(paid[c])]) for c in notes}
    column["source"] = np.repeat(np.arange(2), [len(notes["date"]), len(paid["date"])])
    applied = _int_order([_day_keys(column["date"].astype("datetime64[ns]", copy=False)), column["source"]])
    return column, applied


def _credit_table(column: dict[str, np.ndarray]) -> pd.DataFrame:
    """The credits table of `_credits`' columns: text as given (pandas would scan every text cell
    to infer a string type), source as categories (two codes instead of a text per row)."""
    table = {c: objects(column[c]) if column[c].dtype == object else column[c] for c in CREDIT_COLUMNS}
    table["source"] = pd.Categorical.from_codes(column["source"], dtype=SOURCE_KIND)
    return pd.DataFrame(table, index=pd.RangeIndex(len(column["date"])), copy=False)


def _allocate(given: dict[str, np.ndarray], rows: np.ndarray, amount: np.ndarray, credit: dict[str, np.ndarray],
              applied: np.ndarray, debtor: np.ndarray):
    """Rules 1-3 for the invoices at `rows` (their `amount`s): (their settled and settled_date, the
    unapplied credit per debtor code (codes, amounts), and the trace of what settled them:
    invoice position, date, amount, source code).

    `given` holds the invoices' GIVEN_COLUMNS. The credits (columns of `_credits`) are applied
    in the order of the positions `applied`.
    `debtor` holds the debtor codes of those invoices then of the credits in that order, ranked
    so that sorting by code sorts by debtor id.
    """
    n = len(rows)
    ids = given["invoice_id"].astype(object, copy=False)[rows]
    id_code, ref_code, n_ids = _invoice_codes(ids, credit["ref"].astype(object, copy=False))
    credit_amount = credit["amount"].astype(float, copy=False)[applied]
    # never NaT: undated credits are not on or before as_of
    credit_date = credit["date"].astype("datetime64[ns]", copy=False)[applied]
    invoice_date = given["invoice_date"].astype("datetime64[ns]", copy=False)[rows]
    due_date = given["due_date"].astype("datetime64[ns]", copy=False)[rows]
    settled, settled_date, last_credit, pool, named = _apply_referenced(
        id_code, debtor[:n], amount, credit_amount, credit_date, ref_code[applied], debtor[n:], n_ids,
        credit["source"][applied])
    owing = np.flatnonzero(amount - settled > 0)  # only these can take what is left: mostly a few
    order = owing[_ledger_order(debtor[owing], due_date[owing], invoice_date[owing], ids[owing])]
    owed = np.clip(amount[order] - settled[order], 0.0, None)
    need = _running_totals(debtor[order], owed)  # the debtor's pooled credit that settles the invoice
    pooled = _Pool(*pool)
    available = pooled.of(debtor[order], 0.0)
    settled[order], settled_date[order], unapplied = _apply_oldest_first(
        debtor[order], owed, need, available, settled[order], settled_date[order], last_credit[order],
        invoice_date[order], pooled)
    at, used, shared = _pool_shares(debtor[order], owed, need, available, pooled)
    # a credit received before the invoice settles it on its date
    pooled_date = np.maximum(pooled.date[shared], invoice_date[order][at])
    trace = tuple(np.concatenate(parts) for parts in zip(named, (order[at], pooled_date, used, pooled.source[shared])))
    return settled, settled_date, unapplied, trace


def _ledger_order(debtor: np.ndarray, due_date: np.ndarray, invoice_date: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Positions in ledger order: debtor, due date, invoice date, then invoice id.

    Ids are compared only where the other keys tie: sorting every id as text costs more than
    the rest of the sort.
    """
    return _order_by(debtor, _day_keys(due_date), _day_keys(invoice_date), text=ids)


def _order_by(*keys: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Positions of the stable sort by these non-negative integer keys, then by `text` as
    `_text_key` compares it (code points, or numbers for a column of numbers; missing last).

    Text is compared only where the other keys tie, and not sorted at all when it is already
    in order there (ids usually follow dates): sorting text costs more than the rest of the sort.
    """
    order = _int_order(list(keys))
    ordered = [k[order] for k in keys]
    same = np.logical_and.reduce([k[1:] == k[:-1] for k in ordered]) if len(order) else np.zeros(0, bool)
    if not same.any() or _in_text_order(text, order, np.flatnonzero(same)):
        return order
    at = np.flatnonzero(np.r_[same, False] | np.r_[False, same])
    rows = order[at]  # whole runs of equal keys, in key order: sorting them again keeps them in place
    order[at] = rows[_sort_indices([k[rows] for k in keys] + [_text_key(text[rows])])]
    return order


def _in_text_order(text: np.ndarray, order: np.ndarray, tied: np.ndarray) -> bool:
    """Whether text[order[i]] <= text[order[i + 1]] for every i in `tied`; only said of Python
    strings (compared by code points, like `_text_key`): anything else, missing values
    included, is left to the sort."""
    first, second = text[order[tied]], text[order[tied + 1]]
    string = pd.api.types.infer_dtype
    if string(first, skipna=False) != "string" or string(second, skipna=False) != "string":
        return False
    return bool(np.less_equal(first, second).all())


def _day_keys(stamps: np.ndarray) -> np.ndarray:
    """Small non-negative int64 sort keys of datetime64[ns] values, NaT last: days since the
    earliest when every value is a whole day, else nanoseconds."""
    stamps = stamps.view("int64")
    known = stamps != NAT.view("int64")
    if known.all():  # the usual case: no masking
        offset = stamps - (stamps.min() if len(stamps) else 0)
        return offset // DAY if not (offset % DAY).any() else offset
    if not known.any():
        return np.zeros(len(stamps), np.int64)
    offset = stamps - stamps[known].min()
    keys = offset // DAY if not (offset[known] % DAY).any() else offset
    keys[~known] = keys[known].max() + 1
    return keys


def _int_order(keys: list[np.ndarray]) -> np.ndarray:
    """Positions of the stable sort by these non-negative integer keys, the first the most
    significant, else lexsort.

    When the keys and the position fit in 63 bits together, sorting the one combined integer
    (unique, so stable) with NumPy's vectorised sort is ten times faster than a stable argsort.
    """
    n = len(keys[0])
    combined, span = np.arange(n, dtype=np.int64), max(n, 1)
    for key in reversed(keys):
        top = int(key.max(initial=0)) + 1
        if span * top >= 2 ** 63:
            return np.lexsort(keys[::-1])
        combined += key * span
        span *= top
    return np.sort(combined) % max(n, 1)


def _invoice_codes(ids: np.ndarray, refs: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """(code of each invoice id, code of each reference or -1 when blank, number of codes):
    invoice ids and references share one set of codes.

    Blank references are left out of the hashing: a column of text only takes pandas' fast
    string hash table, a blank among it the generic one, three times slower.
    """
    named = pd.notna(refs)
    codes, uniques = pd.factorize(np.concatenate([ids, refs[named]]))
    ref_code = np.full(len(refs), -1)
    ref_code[named] = codes[len(ids):]
    return codes[:len(ids)], ref_code, len(uniques)


def _apply_referenced(inv_code, inv_debtor, cap_by_row, amount_all, dates_all, ref_code, debtor, n_ids: int,
                      source_all):
    """Settle invoices named by a credit, in date order; return per invoice row (settled,
    settled_date, last_credit), the unreferenced pool (debtor code, date, amount, source) and what
    each named credit settled (invoice row, date, amount, source)."""
    n = len(inv_code)
    first = np.full(n_ids + 1, n)  # first Invoices row of each id; the extra slot is for code -1 (no ref)
    np.minimum.at(first, inv_code, np.arange(n))
    row = np.where(first < n, first, -1)[ref_code]
    named = row >= 0
    named[named] = inv_debtor[row[named]] == debtor[named]
    code, row = ref_code[named], row[named]
    amount, cap, dates = amount_all[named], cap_by_row[row], dates_all[named]
    cum, sum_by_code = _running_sums(amount, code, n_ids)
    used = np.minimum(cum, cap) - np.minimum(cum - amount, cap)
    reached = np.flatnonzero(cum >= cap - CENT)
    settled = sum_by_code(used)[inv_code]
    first_reach = np.full(n_ids + 1, len(reached))  # the first credit reaching each invoice's amount
    np.minimum.at(first_reach, code[reached], np.arange(len(reached)))
    settled_date, last_credit = np.full(n_ids + 1, NAT), np.full(n_ids + 1, NAT)
    found = first_reach < len(reached)
    settled_date[found] = dates[reached[first_reach[found]]]
    np.maximum.at(last_credit.view("int64"), code, dates.view("int64"))  # NaT is the smallest int64
    excess = amount - used > CENT
    # Pool order: by debtor then date; at equal dates unreferenced credits first, then excesses, each in credit order.
    pool_debtor = np.concatenate([debtor[~named], debtor[named][excess]])
    pool_date = np.concatenate([dates_all[~named], dates[excess]])
    pool_amount = np.concatenate([amount_all[~named], (amount - used)[excess]])
    pool_source = np.concatenate([source_all[~named], source_all[named][excess]])
    order = np.lexsort([pool_date.view("int64"), pool_debtor])
    took = used > 0
    return settled, settled_date[inv_code], last_credit[inv_code], \
        (pool_debtor[order], pool_date[order], pool_amount[order], pool_source[order]), \
        (row[took], dates[took], used[took], source_all[named][took])


def _running_sums(amount: np.ndarray, code: np.ndarray, n_codes: int):
    """(running total of `amount` per code in row order, a function summing any values per
    code into an array indexed by code; the last slot is code -1).

    Whole cents add exactly (see `whole_cents`), anything else by pandas' compensated sums.
    Running totals are taken over the codes seen more than once only: an invoice is mostly
    settled by one credit, and a group of one sums to its value.
    """
    repeated = np.bincount(code + 1, minlength=n_codes + 1)[code + 1] > 1
    key = code[repeated]
    by_key = np.argsort(key, kind="stable")
    cum = amount.copy()
    cum[np.flatnonzero(repeated)[by_key]] = _running_totals(key[by_key], amount[repeated][by_key])

    def sum_by_code(values: np.ndarray) -> np.ndarray:
        return np.roll(sums_at(code + 1, values, n_codes + 1), -1)  # code -1 last
    return cum, sum_by_code


def _by_code(codes: np.ndarray, values: np.ndarray, wanted: np.ndarray, missing) -> np.ndarray:
    """The value of each `wanted` code (`values` of the distinct `codes`), `missing` where absent."""
    out = np.full(len(wanted), missing, dtype=np.asarray(missing).dtype)
    if len(codes):
        table = np.full(int(max(codes.max(), wanted.max(initial=0))) + 1, missing, dtype=out.dtype)
        table[codes] = values
        out = table[wanted]
    return out


def _sort_indices(keys: list) -> np.ndarray:
    """Positions of the stable sort by these keys, the first the most significant.

    Arrow sorts the keys together: text is compared only to break ties of the keys before it,
    and in C (NumPy compares Python strings).
    """
    names = [str(k) for k in range(len(keys))]
    return pc.sort_indices(pa.table(dict(zip(names, keys))), sort_keys=[(k, "ascending") for k in names]).to_numpy()


def _text_key(values: np.ndarray):
    """Ids as a key of `_sort_indices`: a column of numbers as numbers, anything else as Arrow
    text compared by code points; missing values last either way."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("integer", "floating", "mixed-integer-float", "decimal"):
        numbers = pd.Series(values, dtype=object).astype(float).to_numpy()
        return np.where(np.isnan(numbers), np.inf, numbers)
    return pa.array(pd.array(values, dtype="str"))


def _text_ranks(uniques) -> np.ndarray:
    """Rank of each distinct value by its text's code points, plus a last slot for code -1 (missing)."""
    if all(isinstance(u, str) for u in uniques):  # Python compares code points too, without a text array
        order = np.argsort(np.asarray(uniques, dtype=object), kind="stable")
    else:
        order = pd.Series(uniques, dtype="str").argsort().to_numpy()
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    rank[-1] = len(uniques)
    return rank


def _ranked_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code of each value, distinct values in code order), codes ranked like `_text_key`, missing last."""
    codes, uniques = pd.factorize(values)
    rank = _text_ranks(uniques)
    ordered = np.empty(len(uniques) + 1, dtype=object)
    ordered[rank] = np.append(uniques, None)
    return rank[codes], ordered


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """`table[key]` for every key (NaN where absent), aligned on `keys`; `table` has unique keys."""
    return pd.Series(table.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


FEW = 4  # ids compared one by one rather than hashed


def found_at(index: pd.Index, values) -> np.ndarray:
    """`index.get_indexer(values)`. Ids looked up in an object index stay objects: given an array,
    pandas would infer a text dtype for it cell by cell and convert it first (three times slower).
    A few ids (FEW values or FEW index entries) are compared with the others instead: hashing
    every one costs more. An index holding a missing id is left to pandas (which then reads None
    as NaN), as is a duplicated one (pandas refuses it)."""
    if index.dtype == object and not index.hasnans:
        values = np.asarray(values, dtype=object)
        if min(len(index), len(values)) <= FEW and index.is_unique:
            at = _compared_at(index.to_numpy(), values)
            if at is not None:
                return at
        values = pd.Index(values, dtype=object, copy=False)
    return index.get_indexer(values)


def _compared_at(known: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    """found_at for distinct ids `known`, each of the fewer side compared with the other side.
    None (hash them) unless the fewer are all text: other objects may compare equal and hash
    apart (numpy finds 1 in (1,)); or when a cell compares to no truth value (pd.NA)."""
    few_known = len(known) <= len(values)
    if not all(isinstance(wanted, str) for wanted in (known if few_known else values)):
        return None
    at = np.full(len(values), -1)
    try:
        if few_known:
            for i, wanted in enumerate(known):
                at[values == wanted] = i
        else:
            for i, wanted in enumerate(values):
                hit = np.flatnonzero(known == wanted)  # once at most: the ids are distinct
                if len(hit):
                    at[i] = hit[0]
    except TypeError:  # pd.NA
        return None
    return at


def by_ids(column: pd.Series | np.ndarray, ids, missing=None, index: np.ndarray | None = None) -> np.ndarray:
    """The values of `column` at each of `ids`, `missing` where absent (by default the blank
    reindex gives, see values_at). `column`: a Series by id (each id once), or an array of the
    values of the distinct ids `index` (no Series to build: that costs more than the look-up).
    The values themselves when their ids are `ids` already, in that order: nothing to look up
    (the usual case of a sheet with a row per Debtors id)."""
    if index is None:
        values, index = column.to_numpy(), column.index
        plain = index.is_unique and not index.hasnans  # as pandas looks them up (it refuses a repeated id)
    else:
        values, index, plain = np.asarray(column), np.asarray(index), True
    if plain and len(index) == len(ids) and _same(index, ids):
        return values
    if not isinstance(index, pd.Index):
        index = pd.Index(index, dtype=index.dtype, copy=False)  # objects stay objects
    return values_at(values, found_at(index, ids), missing)


def _same(index, ids) -> bool:
    """Whether the ids are those of `index`, in its order (pd.NA is never the same)."""
    try:
        return np.array_equal(np.asarray(index, dtype=object), np.asarray(ids, dtype=object))
    except TypeError:  # pd.NA
        return False


def values_at(values: np.ndarray, at: np.ndarray, missing=None) -> np.ndarray:
    """values[at], `missing` where at is -1: by default the blank reindex and take give (NaT for
    dates and durations, NaN otherwise). Where one is needed, whole numbers become floats to
    hold NaN, yes/no and text objects, as pandas promotes them."""
    kind = values.dtype.kind
    if missing is None:
        missing = NAT if kind == "M" else NO_TIME if kind == "m" else np.nan
    out = values[at] if len(values) else np.zeros(len(at), values.dtype)  # -1 reads the last value: mended below
    gaps = at < 0
    if kind not in "fmMO":  # may not hold `missing`: promoted only where a gap needs it
        if not gaps.any():
            return out
        out = out.astype(_holding(out.dtype, missing))
    out[gaps] = missing
    return out


def _holding(dtype: np.dtype, missing) -> np.dtype:
    """The dtype that holds values of `dtype` (not floats, dates or objects) and `missing`, as
    pandas' take promotes it."""
    kind = np.asarray(missing).dtype.kind
    if kind == dtype.kind and kind in "biu":
        return dtype
    return np.dtype(float) if dtype.kind in "iu" and kind == "f" else np.dtype(object)


def positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """`index.get_indexer(values)`, hashing each distinct value once (ids repeat on many rows);
    a few ids are compared with each value instead (`found_at`)."""
    if len(index) <= FEW and index.dtype == object:
        return found_at(index, values)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return found_at(index, uniques)[codes]


def first_rows(values: np.ndarray, wanted) -> np.ndarray:
    """The position of the first of `values` equal to each of `wanted` (distinct), -1 where none."""
    wanted = np.asarray(wanted)
    known = wanted.dtype == object and not pd.isna(wanted).any()  # a missing id: left to pandas' reading
    return first_of(found_at(pd.Index(wanted, dtype=object if known else None), values), len(wanted))


def first_of(codes: np.ndarray, size: int) -> np.ndarray:
    """The position of the first of `codes` equal to each of 0 .. size - 1, -1 where none (a code -1 is none)."""
    rows = np.flatnonzero(codes >= 0)
    first = np.full(size, len(codes))
    np.minimum.at(first, codes[rows], rows)  # the first row (an assignment keeps no promised one of repeated indices)
    first[first == len(codes)] = -1
    return first


def last_of(codes: np.ndarray, size: int) -> np.ndarray:
    """The position of the last of `codes` equal to each of 0 .. size - 1, -1 where none (a code -1 is none)."""
    rows = np.flatnonzero(codes >= 0)
    last = np.full(size, -1)
    np.maximum.at(last, codes[rows], rows)  # the last row (an assignment keeps no promised one of repeated indices)
    return last


def first_of_each(ids) -> np.ndarray:
    """The row of each distinct id's first appearance, in order: the rows drop_duplicates keeps (None
    and NaN apart, as it keeps them); of a Debtors sheet, the row read for each client."""
    return np.flatnonzero(~pd.Index(ids, dtype=ids.dtype, copy=False).duplicated())


def debtor_ids(debtors: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """The Debtors ids, each once in the order they come (an index named debtor_id), and the row
    of each one's first appearance."""
    column = debtors["debtor_id"]
    ids = pd.Index(column.to_numpy(), dtype=column.dtype, copy=False, name="debtor_id")
    if ids.is_unique:  # the usual case; the hash table it builds serves the look-ups by these ids too
        return ids, np.arange(len(ids))
    first = first_of_each(ids)
    return ids[first], first


def among(values: np.ndarray, choices) -> np.ndarray:
    """values.isin(choices) on an object array, without a Series."""
    found = np.zeros(len(values), bool)
    for choice in choices:
        found |= values == choice
    return found


def ticked(column: pd.Series) -> np.ndarray:
    """A yes/no column as booleans, a blank read as no."""
    values = column.to_numpy()
    return values if values.dtype == bool else np.where(pd.isna(values), False, values).astype(bool)


def disputed(invoices: pd.DataFrame) -> np.ndarray:
    """The invoices marked disputed (none when the table has no such column)."""
    return ticked(invoices["disputed"]) if "disputed" in invoices else np.zeros(len(invoices), bool)


def objects(values: np.ndarray) -> pd.Index:
    """An object array as a frame's column that stays objects (an array of text would be read as
    text): in an Index, not copied."""
    return pd.Index(values, dtype=object, copy=False)


def column_at(column: pd.Series, rows: np.ndarray):
    """A column's values at positions `rows`, to build a frame of: of its type, objects staying
    objects (see `objects`)."""
    if column.dtype == object:
        return objects(column.to_numpy()[rows])
    return column.to_numpy()[rows] if isinstance(column.dtype, np.dtype) else column.array.take(rows)


def sort_keys(values: np.ndarray) -> np.ndarray:
    """Integers that sort as sort_values sorts `values` (integers, dates or text), missing ones last: keys
    for np.lexsort. Integers (codes, positions) are their own keys."""
    if values.dtype.kind in "iu":
        return values
    if values.dtype.kind == "M":
        return np.where(np.isnat(values), np.iinfo(np.int64).max, values.view(np.int64))
    code = pd.factorize(values, sort=True)[0]
    return np.where(code < 0, len(values), code)


def sorted_order(*columns: np.ndarray) -> np.ndarray:
    """Positions that order rows by `columns` (first the first) as a stable sort_values does,
    missing values last: np.lexsort of sort_keys, without a frame."""
    return np.lexsort([sort_keys(c) for c in reversed(columns)]) if len(columns[0]) else np.zeros(0, int)


def runs_by(keys) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows as a sorted group-by takes them: the row positions grouped by key (keys sorted, rows in
    their order within a key, missing keys left out), each of those rows' group number, the keys,
    and where each group starts in that order."""
    code, keys = pd.factorize(keys, sort=True)
    order = np.flatnonzero(code >= 0)
    order = order[np.argsort(code[order], kind="stable")]
    code = code[order]
    return order, code, keys, run_starts(code)


def earliest(dates: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The earliest of `dates` in each run beginning at `starts`, NaT skipped as pandas' min() does."""
    never = np.iinfo(np.int64).max
    days = dates.astype("datetime64[ns]")
    first = np.minimum.reduceat(np.where(np.isnat(days), never, days.view(np.int64)), starts) if len(starts) else \
        np.zeros(0, np.int64)
    return np.where(first == never, np.iinfo(np.int64).min, first).view("datetime64[ns]")


def whole_days(delta: np.ndarray) -> np.ndarray:
    """Whole days (rounded down, as pandas' .dt.days) of timedeltas, as floats: NaN for NaT."""
    with np.errstate(invalid="ignore"):
        days = (delta // np.timedelta64(1, "D")).astype(float)
    days[np.isnat(delta)] = np.nan
    return days


def months_before(when, months):
    """`when` (a date, or a NumPy array of dates) less `months` calendar months (a count, or a NumPy
    array of counts) as datetime64[ns], as subtracting pd.DateOffset(months=...) gives it, without an
    offset per date: the same day of the month (or the month's last) at the same time, NaT staying
    NaT. A date and a count give a date, else an array."""
    if not (isinstance(when, np.ndarray) or isinstance(months, np.ndarray)):
        return _date_months_before(when, int(months))
    stamp = np.asarray(when, "datetime64[ns]")
    day, month = stamp.astype("datetime64[D]"), stamp.astype("datetime64[M]")
    target = month - months
    last = (target + 1).astype("datetime64[D]") - np.timedelta64(1, "D")  # the target month's last day
    same_day = target.astype("datetime64[D]") + (day - month.astype("datetime64[D]"))
    return np.minimum(same_day, last) + (stamp - day)  # NaT: np.minimum keeps it


@lru_cache(maxsize=256)  # the same few dates come back at every call
def _date_months_before(when, months: int) -> np.datetime64:
    """months_before of one date (a Timestamp or a datetime64) and one count."""
    return months_before(np.array([np.datetime64(when, "ns")]), months)[0]


@lru_cache(maxsize=64)  # the policy's few day counts come back at every call: a Timedelta is slow to make
def day_span(count: int) -> np.timedelta64:
    """`count` whole days as a timedelta64 of pandas' unit for a Timedelta of days (microseconds):
    dates plus it keep the finer of their unit and its, as with the Timedelta."""
    return pd.Timedelta(days=int(count)).to_timedelta64()


def latest_rows(ids: pd.Index, keys: pd.Series, dates: pd.Series, as_of) -> np.ndarray:
    """Per id, the position of its row (`keys` names the id) with the latest date on or before
    as_of, the last of them on equal dates; -1 where none. A stable sort by date and a grouping's
    tail(1), without building the frames."""
    when = dates.to_numpy("datetime64[ns]")
    known = np.flatnonzero(when <= np.datetime64(pd.Timestamp(as_of).to_datetime64(), "ns"))
    latest_first = known[np.argsort(when[known], kind="stable")][::-1]
    found, first = np.unique(positions(ids, keys.to_numpy()[latest_first]), return_index=True)
    take = np.full(len(ids), -1)
    take[found[found >= 0]] = latest_first[first[found >= 0]]
    return take


def latest_dates(position: np.ndarray, dates: np.ndarray, size: int) -> np.ndarray:
    """The latest of `dates` (datetime64[ns]) by position (0 <= position < size) as an array of
    `size`, NaT where none: a group-by's max(), NaT skipped (it is the smallest int64)."""
    latest = np.full(size, np.iinfo(np.int64).min)
    np.maximum.at(latest, position, dates.view(np.int64))
    return latest.view("datetime64[ns]")


def earliest_dates(position: np.ndarray, dates: np.ndarray, size: int) -> np.ndarray:
    """The earliest of `dates` (datetime64[ns]) by position (0 <= position < size) as an array of
    `size`, NaT where none: a group-by's min(), NaT skipped."""
    days, never = dates.view(np.int64), np.iinfo(np.int64).max
    known = days != np.iinfo(np.int64).min  # NaT
    earliest = np.full(size, never)
    np.minimum.at(earliest, position[known], days[known])
    earliest[earliest == never] = np.iinfo(np.int64).min
    return earliest.view("datetime64[ns]")


def debtor_positions(ledger: Ledger, index: pd.Index) -> np.ndarray:
    """Position in `index` (unique debtor ids) of each ledger invoice's debtor, -1 where absent."""
    codes = ledger.codes
    if codes is None or codes.invoices is not ledger.invoices:
        return positions(index, ledger.invoices["debtor_id"])
    return found_at(index, codes.ids)[codes.code]


class _Pool:
    """The credits left for the oldest invoices (unreferenced ones, excesses), by debtor code then
    date, and their running total per debtor."""

    def __init__(self, debtor: np.ndarray, date: np.ndarray, amount: np.ndarray, source: np.ndarray):
        self.debtor, self.date, self.amount, self.source = debtor, date, amount, source
        self.running = _running_totals(debtor, amount)
        self.ends = run_ends(debtor)
        self.codes, self.total = debtor[self.ends], self.running[self.ends]  # each debtor's pooled credit

    def of(self, codes: np.ndarray, missing: float) -> np.ndarray:
        """The pooled credit of each debtor code, `missing` where none."""
        return _by_code(self.codes, self.total, codes, missing)


def _apply_oldest_first(debtor, owed, need, available, settled, settled_date, last_credit, invoice_date, pool: _Pool):
    """Settle what is `owed` oldest first with the pooled credits, vectorised by debtor.

    Invoices come in ledger order (debtor, due date, invoice date, id), with the running total
    `need` of what their debtor owes and the credit `available` to it. Returns settled,
    settled_date and the credit left per debtor code (codes, amounts).
    """
    settled = settled + np.clip(np.minimum(need, available) - (need - owed), 0.0, None)
    done = (owed > CENT) & (need <= available + CENT)
    when = np.full(len(debtor), NAT)
    when[done] = _first_reaching(debtor[done], need[done] - CENT, pool.debtor, pool.running, pool.date)
    latest = np.fmax(np.fmax(when, last_credit), invoice_date)  # fmax skips NaT
    settled_date = np.where(done, latest, settled_date)
    ends = run_ends(debtor)
    used = np.minimum(_by_code(debtor[ends], need[ends], pool.codes, 0.0), pool.total)
    return settled, settled_date, (pool.codes, pool.total - used)


def _pool_shares(debtor: np.ndarray, owed: np.ndarray, need: np.ndarray, available: np.ndarray,
                 pool: _Pool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each pooled credit gave each invoice, as `_apply_oldest_first` settles them: (invoice
    position, amount, pool position) for every non-empty share.

    Per debtor, invoice i takes the slice [need_i - owed_i, need_i] of its debtor's pooled
    credits laid end to end, credit j covers [have_j - amount_j, have_j]; their overlaps are the
    shares. Shifting each debtor's slices by the credits of the debtors before it lays every
    debtor on one line, so one sorted search finds the credits of every invoice.
    """
    end = np.cumsum(pool.amount)  # pooled credits of every debtor, end to end
    start = end - pool.amount
    base = _by_code(pool.codes, end[pool.ends] - pool.total, debtor, np.nan)  # NaN: the debtor has no pooled credit
    low, high = base + need - owed, base + np.minimum(need, available)
    has = ~np.isnan(base) & (high > low)
    first = np.searchsorted(end, low[has], "right")
    count = np.clip(np.searchsorted(start, high[has], "left") - first, 0, None)
    at = np.repeat(np.flatnonzero(has), count)
    pooled = np.repeat(first - np.cumsum(count) + count, count) + np.arange(count.sum())
    share = np.minimum(high[at], end[pooled]) - np.maximum(low[at], start[pooled])
    kept = share > 1e-9
    return at[kept], np.round(share[kept], 9), pooled[kept]


def whole_cents(values: np.ndarray) -> np.ndarray | None:
    """`values` as whole numbers of cents (in doubles) when every one is a whole number of
    cents, the usual case; else None. Doubles add whole numbers below 2**53 exactly, so sums
    of cents are exact: a total equal to a limit compares equal."""
    scaled = values * 100
    cents = np.round(scaled)
    error = np.abs(np.subtract(scaled, cents, out=scaled), out=scaled).max(initial=0.0)  # NaN fails below
    largest = max(cents.max(initial=0.0), -cents.min(initial=0.0))
    return cents if error < 1e-6 and largest * len(cents) < 2.0 ** 53 else None


def sums_at(position: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """The sums of `values` by position (0 <= position < size) as an array of `size`: exact in
    whole cents when they are (see `whole_cents`), else pandas' compensated sums (skipping NaN)."""
    cents = whole_cents(values)
    if cents is not None:
        return np.bincount(position, weights=cents, minlength=size) / 100
    return group_sums(position, values, size)


def group_sums(position: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """The sums of `values` by position (0 <= position < size, NaN skipped) as an array of `size`,
    0 where none: what a group-by's sum() gives, reindexed, to the last bit, without the frames.
    Sorted positions without NaN as this pandas adds sorted keys (SORTED_BY_REDUCEAT), the others
    with its compensated group-by kernel (a Series' group-by when the kernel is not as expected)."""
    position, values = np.asarray(position, np.intp), np.asarray(values, float)
    out = np.zeros(size)
    if not len(position):
        return out
    if position.min() < 0 or position.max() >= size:  # the kernel would write past the array
        raise IndexError(f"positions outside 0..{size - 1}")
    if SORTED_BY_REDUCEAT and (position[1:] >= position[:-1]).all() and not np.isnan(values).any():
        starts = run_starts(position)
        out[position[starts]] = np.add.reduceat(values, starts)
        return out
    try:
        libgroupby.group_sum(out=out.reshape(-1, 1), counts=np.zeros(size, np.int64), values=values.reshape(-1, 1),
                             labels=position, mask=None, result_mask=None, min_count=0, is_datetimelike=False,
                             initial=0, skipna=True)
    except (AttributeError, TypeError):  # another pandas: its own group-by
        found = pd.Series(values, index=position).groupby(level=0).sum()  # keys by level: no column name to look up
        out[found.index.to_numpy()] = found.to_numpy()
    return out


def running_sums(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """A group-by's cumsum() of `values` by `group` (whole numbers from 0), by pandas' own kernel
    (compensated sums, to the last bit) without the Series and group-by around it."""
    if not len(values):
        return np.zeros(0)
    out = np.empty((len(values), 1))
    try:
        libgroupby.group_cumsum(out=out, values=values.reshape(-1, 1), labels=group.astype(np.intp, copy=False),
                                ngroups=int(group.max()) + 1, is_datetimelike=False, skipna=True)
    except (AttributeError, TypeError):  # another pandas: its own group-by
        return pd.Series(values).groupby(group).cumsum().to_numpy()
    return out[:, 0]


def column_sums(position: np.ndarray, columns: list[np.ndarray], size: int) -> np.ndarray:
    """group_sums of several columns by the same positions, one row per column: in one group-by,
    each column's positions shifted past the previous column's (sorted if the positions are, as a
    frame's group-by adds its columns)."""
    shifted = np.concatenate([position + k * size for k in range(len(columns))])
    return group_sums(shifted, np.concatenate(columns), len(columns) * size).reshape(len(columns), size)


def run_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The sums of `values` in the runs beginning at `starts`, as a group-by by sorted keys gives
    them: pandas 3.1 adds sorted keys with np.add.reduceat, unless a value is NaN (then with its
    compensated sums, skipping NaN); earlier versions always with the compensated sums."""
    if SORTED_BY_REDUCEAT and len(starts) and not np.isnan(values).any():
        return np.add.reduceat(values, starts)
    return group_sums(np.repeat(np.arange(len(starts)), np.diff(starts, append=len(values))), values, len(starts))


def _adds_sorted_keys_by_reduceat() -> bool:
    """Whether this pandas' group-by adds sorted keys as np.add.reduceat does (pandas 3.1) rather
    than with compensated sums: 1e16 + 1 - 1e16 is 0 one way, 1 the other."""
    return float(pd.Series([1e16, 1.0, -1e16], index=[0, 0, 0]).groupby(level=0).sum().iloc[0]) == 0.0


SORTED_BY_REDUCEAT = _adds_sorted_keys_by_reduceat()


def _running_totals(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The running total of `values` within each run of equal codes (codes come sorted): exact
    in whole cents when they are, else pandas' compensated running sums. A missing amount
    counts as nothing, as in pandas' sums: it must not blank out the totals after it."""
    values = np.where(np.isnan(values), 0.0, values)
    cents = whole_cents(values)
    if cents is None:
        return pd.Series(values).groupby(codes).cumsum().to_numpy()
    running = np.cumsum(cents)
    start = run_starts(codes)
    before = np.repeat(running[start] - cents[start], np.diff(start, append=len(codes)))
    return (running - before) / 100


def run_starts(codes: np.ndarray) -> np.ndarray:
    """The position of the first of each run of equal codes."""
    return np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1]))) if len(codes) else np.arange(0)


def run_ends(codes: np.ndarray) -> np.ndarray:
    """The position of the last of each run of equal codes."""
    return np.flatnonzero(np.concatenate((codes[1:] != codes[:-1], [True]))) if len(codes) else np.arange(0)


def _first_reaching(inv_debtor, need, pool_debtor, have, pool_date) -> np.ndarray:
    """For each invoice, the date the debtor's cumulative credits first reach `need`.

    Sorting invoices and credits together by (debtor, amount, credits last at ties) puts the
    answer at the next credit of the same debtor after each invoice.
    """
    n_inv = len(need)
    codes = np.concatenate([inv_debtor, pool_debtor])
    values = np.concatenate([need, have])
    is_credit = np.repeat([False, True], [n_inv, len(have)])
    order = np.lexsort((is_credit, values, codes))
    pos = np.where(is_credit[order], np.arange(len(order)), len(order))
    next_credit = np.minimum.accumulate(pos[::-1])[::-1]  # index in `order` of the next credit
    dates = np.concatenate([np.full(n_inv, NAT), pool_date])
    sorted_codes = codes[order]
    result = np.full(n_inv, NAT)
    inv_pos = np.flatnonzero(~is_credit[order])
    nxt = next_credit[inv_pos]
    ok = nxt < len(order)
    same = np.zeros(len(inv_pos), bool)
    same[ok] = sorted_codes[nxt[ok]] == sorted_codes[inv_pos[ok]]
    result[order[inv_pos[same]]] = dates[order[nxt[same]]]
    return result
