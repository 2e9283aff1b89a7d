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
NumPy arrays, and the invoice table is taken from the input once, already in ledger order.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

CENT = 0.005  # amounts within half a cent count as settled
NAT = np.datetime64("NaT", "ns")
KINDS = np.array(["invoice", "credit_note"], dtype=object)


@dataclass(frozen=True)
class Ledger:
    """The ledger at `as_of`.

    invoices: one row per invoice (not credit notes) dated on or before as_of, with the input
        columns plus `settled` (paid or credited), `open` (balance) and `settled_date`
        (when the balance reached zero; NaT while open).
    credits: the payments and credit notes dated on or before as_of (debtor_id, date, amount,
        ref, source, source_id), amounts positive.
    unapplied: unapplied credit per debtor (overpayments, unused credit notes).
    """

    as_of: pd.Timestamp
    invoices: pd.DataFrame
    credits: pd.DataFrame
    unapplied: pd.Series


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
    dated = (invoices["invoice_date"] <= as_of).to_numpy()
    kind = document_kind(invoices).to_numpy()
    rows = np.flatnonzero(dated & (kind == "invoice"))
    inv = _documents(invoices[[c for c in ALLOCATION_COLUMNS if c in invoices]], rows)
    notes = _documents(invoices, np.flatnonzero(dated & (kind == "credit_note")))
    credits = pd.concat([_credit_notes(notes), _payments(payments, inv, notes, as_of)], ignore_index=True)
    credits = credits.iloc[sorted_order(credits, ["date", "source", "source_id"])].reset_index(drop=True)
    order, settled, settled_date, unapplied = _allocate(inv, credits)
    ledger = _documents(invoices, rows[order]).reset_index(drop=True)  # the one copy of every column
    balance = ledger["amount"].to_numpy(float) - settled
    open_ = np.where(balance > CENT, balance, 0.0)
    return Ledger(as_of, ledger.assign(settled=settled, settled_date=np.where(open_ > 0, NAT, settled_date), open=open_),
                  credits, unapplied)


ALLOCATION_COLUMNS = ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount", "paid_date"]


def _documents(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """The rows at these positions, amounts positive, delivery date defaulting to the invoice date."""
    docs = frame.iloc[rows]
    docs = docs.assign(amount=docs["amount"].abs())
    if "delivery_date" in docs:
        docs = docs.assign(delivery_date=docs["delivery_date"].fillna(docs["invoice_date"]))
    return docs


def _credit_notes(notes: pd.DataFrame) -> pd.DataFrame:
    ref = notes["credited_invoice_id"] if "credited_invoice_id" in notes else None
    return pd.DataFrame({"debtor_id": notes["debtor_id"], "date": notes["invoice_date"], "amount": notes["amount"],
                         "ref": ref, "source": "credit_note", "source_id": notes["invoice_id"]})


def _payments(payments: pd.DataFrame | None, inv: pd.DataFrame, notes: pd.DataFrame, as_of) -> pd.DataFrame:
    """Real payments dated by as_of, or, without a Payments table, one per paid_date."""
    if payments is not None:
        paid = payments.loc[payments["date"] <= as_of]
        return pd.DataFrame({"debtor_id": paid["debtor_id"], "date": paid["date"], "amount": paid["amount"],
                             "ref": paid.get("invoice_id"), "source": "payment", "source_id": paid.get("payment_id")})
    settled = inv.loc[inv["paid_date"].notna() & (inv["paid_date"] <= as_of)]
    credited = notes.groupby("credited_invoice_id")["amount"].sum() if "credited_invoice_id" in notes else pd.Series(dtype=float)
    amount = (settled["amount"] - lookup(settled["invoice_id"], credited).fillna(0.0)).clip(lower=0.0)
    return pd.DataFrame({"debtor_id": settled["debtor_id"], "date": settled["paid_date"], "amount": amount,
                         "ref": settled["invoice_id"], "source": "payment", "source_id": settled["invoice_id"]})


def _allocate(inv: pd.DataFrame, credits: pd.DataFrame):
    """Rules 1-3 on arrays: (ledger order of `inv`, settled, settled_date, unapplied per debtor).

    Invoice ids and references share one set of codes, as do the debtor ids of invoices and
    credits; debtor codes are ranked so that sorting by code sorts by debtor id.
    """
    n = len(inv)
    id_code, ids = pd.factorize(np.concatenate([inv["invoice_id"].to_numpy(object), credits["ref"].to_numpy(object)]))
    debtor, debtors = _ranked_codes(np.concatenate([inv["debtor_id"].to_numpy(object),
                                                    credits["debtor_id"].to_numpy(object)]))
    amount = inv["amount"].to_numpy(float)
    settled, settled_date, last_credit, pool = _apply_referenced(id_code[:n], debtor[:n], amount, credits,
                                                                 id_code[n:], debtor[n:], len(ids))
    id_rank = _text_ranks(ids)[id_code[:n]] if inv["invoice_id"].dtype.kind not in "biufM" else _ranks(inv["invoice_id"])
    order = np.lexsort([id_rank, _date_ranks(inv["invoice_date"]), _date_ranks(inv["due_date"]), debtor[:n]])
    settled, settled_date, unapplied = _apply_oldest_first(
        debtor[:n][order], amount[order], settled[order], settled_date[order], last_credit[order],
        inv["invoice_date"].to_numpy("datetime64[ns]")[order], pool)
    unapplied.index = pd.Index(debtors[unapplied.index.to_numpy()], name="debtor_id")
    return order, settled, settled_date, unapplied[unapplied > CENT].rename("unapplied")


def _apply_referenced(inv_code, inv_debtor, cap_by_row, credits, ref_code, debtor, n_ids: int):
    """Settle invoices named by a credit, in date order; return per invoice row (settled,
    settled_date, last_credit) and the unreferenced pool (debtor code, date, amount)."""
    first = np.full(n_ids + 1, -1)  # first Invoices row of each id; the extra slot is for code -1 (no ref)
    present, where = np.unique(inv_code, return_index=True)
    first[present] = where
    row = first[ref_code]
    named = row >= 0
    named[named] = inv_debtor[row[named]] == debtor[named]
    code, row = ref_code[named], row[named]
    amount_all = credits["amount"].to_numpy(float)
    dates_all = credits["date"].to_numpy("datetime64[ns]")  # never NaT: undated credits are not on or before as_of
    amount, cap, dates = amount_all[named], cap_by_row[row], dates_all[named]
    cum = pd.Series(amount).groupby(code).cumsum().to_numpy()
    used = np.minimum(cum, cap) - np.minimum(cum - amount, cap)
    reached = np.flatnonzero(cum >= cap - CENT)
    settled = _by_code(pd.Series(used).groupby(code).sum(), inv_code, 0.0)
    settled_date, last_credit = np.full(n_ids + 1, NAT), np.full(n_ids + 1, NAT)
    codes, at = np.unique(code[reached], return_index=True)  # the first credit reaching each invoice's amount
    settled_date[codes] = dates[reached[at]]
    np.maximum.at(last_credit.view("int64"), code, dates.view("int64"))  # NaT is the smallest int64
    excess = amount - used > CENT
    # Pool order: by debtor then date; at equal dates unreferenced credits first, then excesses, each in credit order.
    pool_debtor = np.concatenate([debtor[~named], debtor[named][excess]])
    pool_date = np.concatenate([dates_all[~named], dates[excess]])
    pool_amount = np.concatenate([amount_all[~named], (amount - used)[excess]])
    order = np.lexsort([pool_date.view("int64"), pool_debtor])
    return settled, settled_date[inv_code], last_credit[inv_code], (pool_debtor[order], pool_date[order],
                                                                   pool_amount[order])


def _by_code(per_code: pd.Series, codes: np.ndarray, missing) -> np.ndarray:
    """`per_code[c]` for every code c (a Series indexed by codes), `missing` where absent."""
    out = np.full(len(codes), missing, dtype=np.asarray(missing).dtype)
    if len(per_code):
        table = np.full(int(max(per_code.index.max(), codes.max(initial=0))) + 1, missing, dtype=out.dtype)
        table[per_code.index.to_numpy()] = per_code.to_numpy()
        out = table[codes]
    return out


def sorted_order(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Row positions of `frame.sort_values(columns, kind="stable")` (missing values last).

    Each column becomes integer ranks first: a multi-column sort on a million text ids
    otherwise compares Python strings, three times slower.
    """
    return np.lexsort([_ranks(frame[c]) for c in reversed(columns)]) if len(frame) else np.arange(0)


def _ranks(values: pd.Series) -> np.ndarray:
    """Integer sort keys: equal values get equal keys, missing values the largest."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return _date_ranks(values)
    if pd.api.types.is_numeric_dtype(values):
        return np.where(values.isna().to_numpy(), np.inf, values.to_numpy("float64", na_value=np.nan))
    codes, uniques = pd.factorize(values)
    return _text_ranks(uniques)[codes]


def _date_ranks(values: pd.Series) -> np.ndarray:
    """Dates as int64 sort keys, NaT last."""
    stamps = values.to_numpy("datetime64[ns]").view("int64")
    return np.where(stamps == NAT.view("int64"), np.iinfo(np.int64).max, stamps)


def _text_ranks(uniques) -> np.ndarray:
    """Rank of each distinct value by its text's code points, plus a last slot for code -1 (missing)."""
    order = pd.Series(uniques, dtype="str").argsort().to_numpy()
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    rank[-1] = len(uniques)
    return rank


def _ranked_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code of each value, distinct values in code order), codes ranked like `_ranks`."""
    codes, uniques = pd.factorize(values)
    rank = _text_ranks(uniques)
    ordered = np.empty(len(uniques) + 1, dtype=object)
    ordered[rank] = np.append(uniques, None)
    return rank[codes], ordered


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """`table[key]` for every key (NaN where absent), aligned on `keys`; `table` has unique keys."""
    return pd.Series(table.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def _apply_oldest_first(debtor, amount, settled, settled_date, last_credit, invoice_date, pool):
    """Settle remaining balances oldest first with the pooled credits, vectorised by debtor.

    Invoices come in ledger order (debtor, due date, invoice date, id) and the pool by debtor
    and date. Returns settled, settled_date and the credit left per debtor code.
    """
    pool_debtor, pool_date, pool_amount = pool
    remaining = np.clip(amount - settled, 0.0, None)
    need = pd.Series(remaining).groupby(debtor).cumsum().to_numpy()  # balance settled once the pool reaches it
    have = pd.Series(pool_amount).groupby(pool_debtor).cumsum().to_numpy()
    total = pd.Series(pool_amount).groupby(pool_debtor).sum()
    available = _by_code(total, debtor, 0.0)
    settled = settled + np.clip(np.minimum(need, available) - (need - remaining), 0.0, None)
    done = (remaining > CENT) & (need <= available + CENT)
    when = np.full(len(debtor), NAT)
    when[done] = _first_reaching(debtor[done], need[done] - CENT, pool_debtor, have, pool_date)
    latest = np.fmax(np.fmax(when, last_credit), invoice_date)  # fmax skips NaT
    settled_date = np.where(done, latest, settled_date)
    used = np.minimum(pd.Series(remaining).groupby(debtor).sum().reindex(total.index).fillna(0.0), total)
    return settled, settled_date, total - used


def _first_reaching(inv_debtor, need, pool_debtor, have, pool_date) -> np.ndarray:
    """For each invoice, the date the debtor's cumulative credits first reach `need`.

    Sorting invoices and credits together by (debtor, amount, credits last at ties) puts the
    answer at the next credit of the same debtor after each invoice.
    """
    n_inv = len(need)
    codes = np.concatenate([inv_debtor, pool_debtor])
    values = np.concatenate([need, have])
    is_credit = np.r_[np.zeros(n_inv, bool), np.ones(len(have), bool)]
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
