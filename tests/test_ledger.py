import numpy as np
import pandas as pd
import pytest

from pandas.api.extensions import take

from functions.ledger import (build_ledger, by_ids, day_span, last_of, sorted_order, running_sums, stood_at, first_of, first_of_each, first_rows, found_at, group_sums,
                              months_before, run_ends, run_starts, values_at)

from builders import invoice, payment, table

T = pd.Timestamp


def open_of(ledger):
    return ledger.invoices.set_index("invoice_id")["open"].to_dict()


def settled_of(ledger):
    return ledger.invoices.set_index("invoice_id")["settled_date"].to_dict()


def test_unreferenced_payment_settles_oldest_due_first():
    # A (100, due 1 Mar) and B (50, due 1 Apr); 120 paid on 10 Mar: A settled 10 Mar, B keeps 30.
    inv = table("Invoices", [invoice("B", "D", "2025-03-01", "2025-04-01", 50),
                             invoice("A", "D", "2025-02-01", "2025-03-01", 100)])
    pay = table("Payments", [payment("P1", "D", "2025-03-10", 120)])
    led = build_ledger(inv, pay, "2025-06-30")
    assert open_of(led) == {"A": 0.0, "B": 30.0}
    assert settled_of(led)["A"] == T("2025-03-10") and pd.isna(settled_of(led)["B"])
    assert led.unapplied.empty


def test_referenced_payment_goes_to_its_invoice_even_if_not_oldest():
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100),
                             invoice("B", "D", "2025-03-01", "2025-04-01", 50)])
    pay = table("Payments", [payment("P1", "D", "2025-03-10", 50, invoice_id="B")])
    led = build_ledger(inv, pay, "2025-06-30")
    assert open_of(led) == {"A": 100.0, "B": 0.0}


def test_excess_of_referenced_payment_settles_oldest_then_becomes_credit():
    # B named with 80 for 50: 30 excess goes to A (100) -> A open 70.
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100),
                             invoice("B", "D", "2025-03-01", "2025-04-01", 50)])
    pay = table("Payments", [payment("P1", "D", "2025-03-10", 80, invoice_id="B"),
                             payment("P2", "D", "2025-03-11", 100)])
    led = build_ledger(inv, pay, "2025-06-30")
    # 30 + 100 = 130 pooled for A's 100: A settled, 30 unapplied.
    assert open_of(led) == {"A": 0.0, "B": 0.0}
    assert led.unapplied.to_dict() == {"D": 30.0}


def test_partial_payments_accumulate_and_settle_on_the_last_one():
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100)])
    pay = table("Payments", [payment("P1", "D", "2025-03-05", 40, "A"), payment("P2", "D", "2025-04-05", 60, "A")])
    led = build_ledger(inv, pay, "2025-06-30")
    assert open_of(led) == {"A": 0.0}
    assert settled_of(led)["A"] == T("2025-04-05")
    led = build_ledger(inv, pay, "2025-03-31")
    assert open_of(led) == {"A": 60.0}


def test_payments_and_invoices_after_as_of_do_not_exist_yet():
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100),
                             invoice("Z", "D", "2025-07-02", "2025-08-01", 500)])
    pay = table("Payments", [payment("P1", "D", "2025-07-01", 100)])
    led = build_ledger(inv, pay, "2025-06-30")
    assert open_of(led) == {"A": 100.0}


def test_credit_note_by_sign_and_by_type_and_by_reference():
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100),
                             invoice("B", "D", "2025-02-15", "2025-03-15", 100),
                             invoice("N1", "D", "2025-03-01", "2025-03-01", -30, credited_invoice_id="B"),
                             invoice("N2", "D", "2025-03-02", "2025-03-02", 20, document_type="credit_note")])
    led = build_ledger(inv, None, "2025-06-30")
    # N1 settles 30 of B; N2 (unreferenced) settles 20 of the oldest, A.
    assert open_of(led) == {"A": 80.0, "B": 70.0}
    assert set(led.credits["source"]) == {"credit_note"}


def test_paid_date_settles_in_full_without_payments_sheet():
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100, paid_date="2025-03-20"),
                             invoice("B", "D", "2025-02-01", "2025-03-01", 100, paid_date="2025-07-20")])
    led = build_ledger(inv, None, "2025-06-30")
    assert open_of(led) == {"A": 0.0, "B": 100.0}
    assert settled_of(led)["A"] == T("2025-03-20")


def test_overpayment_is_unapplied_credit_per_debtor():
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100),
                             invoice("C", "E", "2025-02-01", "2025-03-01", 10)])
    pay = table("Payments", [payment("P1", "D", "2025-03-10", 150), payment("P2", "E", "2025-03-10", 5)])
    led = build_ledger(inv, pay, "2025-06-30")
    assert led.unapplied.to_dict() == {"D": 50.0}
    assert open_of(led) == {"A": 0.0, "C": 5.0}


def test_payment_before_invoice_settles_it_on_the_invoice_date():
    inv = table("Invoices", [invoice("A", "D", "2025-03-01", "2025-04-01", 100)])
    pay = table("Payments", [payment("P1", "D", "2025-02-01", 100)])
    led = build_ledger(inv, pay, "2025-06-30")
    assert settled_of(led)["A"] == T("2025-03-01")


def test_many_debtors_allocate_independently():
    # Vectorised across debtors: each debtor's payment only reaches its own invoices.
    rows = [invoice(f"I{d}{k}", f"D{d}", "2025-01-01", f"2025-0{k + 2}-01", 10 * (k + 1)) for d in range(5) for k in range(3)]
    pays = [payment(f"P{d}", f"D{d}", "2025-05-01", 10 * d) for d in range(5)]
    led = build_ledger(table("Invoices", rows), table("Payments", pays), "2025-06-30")
    opened = led.invoices.groupby("debtor_id")["open"].sum().to_dict()
    # each debtor owes 10+20+30 = 60 and paid 10*d
    assert opened == {f"D{d}": pytest.approx(60 - 10 * d) for d in range(5)}
    first = led.invoices.set_index("invoice_id")["open"]
    # D3 paid 30: 10 settles I30 and 20 settles I31; I32 stays open in full.
    assert (first["I30"], first["I31"], first["I32"]) == (0, 0, 30)


@pytest.mark.parametrize("text", [["B", None, "A", "B", "É", "Z"], ["A", "B", "B", "C", "D", "E"]])
def test_order_by_integer_keys_then_text_by_code_point_missing_last(text):
    from functions.ledger import _order_by
    keys = np.array([1, 0, 0, 0, 1, 1]), np.array([5, 7, 7, 7, 5, 5])
    # ties (0, 7): rows 1-3; (1, 5): rows 0, 4, 5. Text breaks them: A < B < Z < É, missing last.
    frame = pd.DataFrame({"k0": keys[0], "k1": keys[1], "text": pd.array(text, dtype="str")})
    expected = frame.sort_values(["k0", "k1", "text"], kind="stable", na_position="last").index.tolist()
    assert _order_by(*keys, text=np.array(text, dtype=object)).tolist() == expected
    if text[0] == "B":
        assert expected == [2, 3, 1, 0, 5, 4]


@pytest.mark.parametrize("hour", [0, 9])  # whole days sort as one combined integer; times of day take lexsort
def test_oldest_first_is_by_due_date_invoice_date_then_id_and_rows_keep_the_sheet_order(hour):
    at = lambda day: f"2025-01-{day:02d} {hour:02d}:00"  # noqa: E731
    rows = [invoice(i, d, at(inv), at(due), 10) for i, d, inv, due in
            [("b", "D2", 1, 20), ("É", "D1", 2, 20), ("B", "D1", 2, 20), ("Z", "D1", 1, 20), ("C", "D1", 1, 10)]]
    # D1 pays 25 without naming an invoice: C (due first), then Z (invoiced first), then 5 on B
    # (same dates as É, and B < É by code point); É stays open, and D2's b too.
    led = build_ledger(table("Invoices", rows), table("Payments", [payment("P", "D1", "2025-02-01", 25)]), "2025-06-30")
    assert led.invoices["invoice_id"].tolist() == ["b", "É", "B", "Z", "C"]
    assert led.invoices["open"].tolist() == [10, 10, 5, 0, 0]
    assert led.unapplied.empty


def test_random_ledgers_conserve_credits_per_debtor():
    # Whatever the mix of referenced, partial, cross-debtor and unreferenced credits, each debtor's
    # credits end up settled on its invoices or unapplied, and no invoice is settled beyond its amount.
    rng = np.random.default_rng(7)
    for _ in range(30):
        ids = [f"I{k}" for k in range(40)]
        rows = [invoice(i, f"D{rng.integers(3)}", f"2025-01-{rng.integers(1, 29):02d}",
                        f"2025-03-{rng.integers(1, 29):02d}", round(rng.uniform(1, 300), 2)) for i in ids]
        pays = [payment(f"P{k}", f"D{rng.integers(3)}", f"2025-02-{rng.integers(1, 29):02d}",
                        round(rng.uniform(1, 200), 2), invoice_id=str(rng.choice(ids)) if rng.random() < 0.7 else None) for k in range(60)]
        led = build_ledger(table("Invoices", rows), table("Payments", pays), "2025-06-30")
        inv = led.invoices
        assert (inv["settled"] <= inv["amount"] + 0.005).all()
        balance = inv["amount"] - inv["settled"]
        assert np.allclose(inv["open"], np.where(balance > 0.005, balance, 0.0))
        paid = led.credits.groupby("debtor_id")["amount"].sum()
        kept = inv.groupby("debtor_id")["settled"].sum().add(led.unapplied, fill_value=0.0)
        assert np.allclose(kept.reindex(paid.index, fill_value=0.0), paid, atol=0.005 * len(inv))


def test_debtor_codes_are_ignored_once_the_invoices_are_replaced():
    from functions.ledger import Ledger, debtor_positions
    inv = table("Invoices", [invoice("A", "D1", "2025-01-01", "2025-02-01", 10),
                             invoice("B", "D2", "2025-01-01", "2025-02-01", 10)])
    led = build_ledger(inv, None, "2025-06-30")
    index = pd.Index(["D2", "D1"])
    assert debtor_positions(led, index).tolist() == [1, 0]
    later = Ledger(led.as_of, led.invoices.iloc[::-1].reset_index(drop=True), led.credits, led.unapplied, led.codes)
    assert debtor_positions(later, index).tolist() == [0, 1]


def test_credits_keep_the_sheets_order_and_are_applied_by_date():
    # The sheet lists P2 (10 Mar) before P1 (1 Mar), and the credit note N (5 Mar) sits on the
    # Invoices sheet: the credits table keeps that order (notes first), but A (100) is settled by
    # P1 then N, on 5 Mar, and B (50) by the rest of N and P2 on 10 Mar.
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 100),
                             invoice("B", "D", "2025-02-15", "2025-03-15", 50),
                             invoice("N", "D", "2025-03-05", "2025-03-05", -40)])
    pay = table("Payments", [payment("P2", "D", "2025-03-10", 20), payment("P1", "D", "2025-03-01", 90)])
    led = build_ledger(inv, pay, "2025-06-30")
    assert led.credits["source_id"].tolist() == ["N", "P2", "P1"]
    assert open_of(led) == {"A": 0.0, "B": 0.0}
    assert settled_of(led) == {"A": T("2025-03-05"), "B": T("2025-03-10")}
    assert led.unapplied.to_dict() == {}


def test_allocation_to_sub_cent_amounts_takes_pandas_sums():
    # Amounts in thousandths (a dinar currency): 1.234 + 2.0005 owed, 3.0 paid unreferenced then
    # 0.2345 naming B: A settled, B settled once the second payment comes.
    inv = table("Invoices", [invoice("A", "D", "2025-02-01", "2025-03-01", 1.234),
                             invoice("B", "D", "2025-02-02", "2025-03-02", 2.0005)])
    pay = table("Payments", [payment("P1", "D", "2025-03-10", 3.0), payment("P2", "D", "2025-03-20", 0.2345, invoice_id="B")])
    led = build_ledger(inv, pay, "2025-06-30")
    assert open_of(led) == {"A": 0.0, "B": 0.0}
    assert settled_of(led) == {"A": T("2025-03-10"), "B": T("2025-03-20")}
    later = build_ledger(inv, pay, "2025-03-15")  # before P2: B keeps 2.0005 - (3.0 - 1.234) = 0.2345
    assert open_of(later)["B"] == pytest.approx(0.2345, abs=1e-12)


def test_a_payment_without_amount_settles_nothing_and_blanks_nothing():
    # Called directly (the reader rejects such rows): P2 has no amount. A keeps 70 open, as if
    # P2 were not there, and D's other totals stay numbers.
    inv = table("Invoices", [invoice("A", "D", "2024-01-01", "2024-02-01", 100)])
    pay = table("Payments", [payment("P1", "D", "2024-02-10", 30), payment("P2", "D", "2024-02-11", 0)])
    pay.loc[1, "amount"] = np.nan
    led = build_ledger(inv, pay, "2024-03-01")
    assert open_of(led) == {"A": 70.0} and led.invoices["settled"].tolist() == [30.0]


def test_numeric_invoice_ids_break_ties_as_numbers():
    # Called directly with ids held as numbers: 9 comes before 10 (as text "10" < "9"), so the
    # 100 paid without a reference settles invoice 9.
    inv = table("Invoices", [invoice(10, "D", "2025-01-01", "2025-02-01", 100), invoice(9, "D", "2025-01-01", "2025-02-01", 100)])
    inv["invoice_id"] = inv["invoice_id"].astype("int64")
    led = build_ledger(inv, table("Payments", [payment("P", "D", "2025-02-10", 100)]), "2025-06-30")
    assert open_of(led) == {10: 100.0, 9: 0.0}


def test_day_keys_count_days_from_the_earliest_date():
    from functions.ledger import _day_keys
    stamps = pd.to_datetime(["2024-01-03", "2024-01-01", "2024-01-04"]).to_numpy("datetime64[ns]")
    assert _day_keys(stamps).tolist() == [2, 0, 3]
    with_missing = np.append(stamps, np.datetime64("NaT", "ns"))
    assert _day_keys(with_missing).tolist() == [2, 0, 3, 4]  # missing last


def test_group_sums_are_a_group_by_s_sums_to_the_last_bit():
    """group_sums adds as pandas' group-by does (np.add.reduceat on sorted positions, its compensated
    kernel otherwise): sorted or not, NaN or not, the same floats; a position without values sums to 0."""
    rng = np.random.default_rng(7)
    for trial in range(60):
        n, size = int(rng.integers(1, 3000)), int(rng.integers(1, 200))
        position = rng.integers(0, size, n)
        position = np.sort(position) if trial % 2 else position
        values = rng.normal(0, 1e6, n) * rng.choice([1, 1e-3, 1e9], n)
        if trial % 3 == 0:
            values[rng.integers(0, n, 3)] = np.nan
        summed = pd.Series(values, index=position).groupby(level=0).sum()
        expected = np.zeros(size)
        expected[summed.index.to_numpy()] = summed.to_numpy()
        assert np.array_equal(group_sums(position, values, size), expected)
    assert group_sums(np.array([2, 0, 2]), np.array([0.1, 5.0, 0.2]), 4).tolist() == [5.0, 0.0, 0.1 + 0.2, 0.0]


def test_months_before_subtracts_calendar_months_as_a_date_offset_does():
    """The same day of the month, else the month's last, at the same time; NaT stays NaT."""
    dates = pd.to_datetime(["2024-03-31", "2024-02-29 13:45", "2023-12-31", "1960-05-31", "2026-01-30"],
                           format="ISO8601")
    for months in (0, 1, 2, 12, 25):
        expected = [np.datetime64(d - pd.DateOffset(months=months), "ns") for d in dates]
        assert months_before(dates.to_numpy("datetime64[ns]"), months).tolist() == \
            np.array(expected, "datetime64[ns]").tolist()
        assert [months_before(d, months) for d in dates] == expected  # one date: a date
    assert months_before(T("2024-03-31"), np.arange(3)).tolist() == \
        np.array(["2024-03-31", "2024-02-29", "2024-01-31"], "datetime64[ns]").tolist()
    assert np.isnat(months_before(np.array(["NaT"], "datetime64[ns]"), 1)).all()
    assert T("2025-01-31") + day_span(60) == T("2025-04-01")


def test_runs_of_equal_codes_start_and_end_where_the_code_changes():
    codes = np.array([3, 3, 1, 1, 1, 2])
    assert run_starts(codes).tolist() == [0, 2, 5] and run_ends(codes).tolist() == [1, 4, 5]
    assert run_starts(codes[:0]).tolist() == [] and run_ends(codes[:0]).tolist() == []


def test_found_at_compares_a_few_ids_as_a_lookup_would():
    """Up to ledger.FEW ids are compared with each value instead of hashed: the same positions as
    pandas' look-up, a missing or pd.NA cell included; a duplicated id is refused as pandas refuses it."""
    values = np.array(["B", pd.NA, "A", None, np.nan, 3, "a"], dtype=object)
    for ids in (["A", "B"], ["A", "B", "C", "D", "E"], [3, "A"]):
        index = pd.Index(ids, dtype=object)
        assert found_at(index, values).tolist() == index.get_indexer(pd.Index(values, dtype=object)).tolist()
    assert found_at(pd.Index(["A", "B"], dtype=object), values).tolist() == [1, -1, 0, -1, -1, -1, -1]
    with pytest.raises(pd.errors.InvalidIndexError):
        found_at(pd.Index(["A", "A"], dtype=object), values)


def test_found_at_compares_a_few_values_as_a_lookup_would():
    """Up to ledger.FEW values are compared with the ids instead of hashed: the same positions as
    pandas' look-up for text, a repeated value, None, NaN, pd.NA, 1 and 1.0, and objects that
    numpy compares otherwise than pandas hashes them (a tuple, a date as datetime64)."""
    index = pd.Index(["A", "B", 1, "D", (1,), pd.Timestamp("2026-01-31"), "F"], dtype=object)
    for values in (["B", "B"], ["Z", None, np.nan, "A"], ["A", pd.NA], [1.0, True], [(1,)],
                   [np.datetime64("2026-01-31")], [1], []):
        values = pd.Index(values, dtype=object).to_numpy()  # a tuple kept as one cell
        assert found_at(index, values).tolist() == index.get_indexer(pd.Index(values, dtype=object)).tolist()
    assert found_at(index, np.array(["B", "Z", "B"], dtype=object)).tolist() == [1, -1, 1]


def test_by_ids_reads_a_series_at_ids_as_reindex_does():
    """by_ids: a client's value wherever its id comes (repeated ids too), missing where absent (a
    blank id too), as reindex gives them; the given `missing` instead; the values as they are
    when the ids are those of the index, in order."""
    names = pd.Series(["Alpha", "Beta", None], index=pd.Index(["C1", "C2", "C3"], dtype=object), dtype=object)
    got = by_ids(names, np.array(["C2", "C9", "C1", "C2", None, np.nan], dtype=object))
    assert got.dtype == object and got.tolist()[:4] == ["Beta", np.nan, "Alpha", "Beta"] and pd.isna(got[4:]).all()
    assert by_ids(names, ["C3"]).tolist() == [None]  # a blank name stays as given
    in_order = by_ids(names, ["C1", "C2", "C3"])
    assert in_order.tolist() == ["Alpha", "Beta", None] and np.shares_memory(in_order, names.to_numpy())  # not looked up
    owed = pd.Series([10.0, 20.0], index=pd.Index(["C1", "C2"], dtype="str"))
    assert by_ids(owed, pd.Series(["C2", "C3", "C1"])).tolist()[::2] == [20.0, 10.0]
    assert by_ids(owed, ["C3", "C2"], 0.0).tolist() == [0.0, 20.0]
    flags = pd.Series([True, False], index=pd.Index([1, 2]))
    assert by_ids(flags, [2, 3, 1], False).tolist() == [False, False, True]
    assert by_ids(flags, [2, 3]).dtype == object  # NaN needs objects, as reindex gives
    counts = pd.Series([3, 4], index=pd.Index(["C1", "C2"], dtype=object))
    assert by_ids(counts, ["C2", "C1"]).dtype == np.int64 and np.isnan(by_ids(counts, ["C9"])).all()
    reindexed = owed.reindex(["C2", "C3", "C1", "C2"])
    np.testing.assert_array_equal(by_ids(owed, ["C2", "C3", "C1", "C2"]), reindexed.to_numpy())
    with pytest.raises(pd.errors.InvalidIndexError):
        by_ids(pd.Series([1.0, 2.0], index=pd.Index(["C1", "C1"], dtype=object)), ["C1", "C2"])
    # an array of the values of its ids, as a Series of them reads
    groups, book = np.array(["Durand", "", "Martin"], dtype=object), np.array(["C1", "C2", "C3"], dtype=object)
    assert by_ids(groups, ["C3", "C9", "C1", "C3"], "", index=book).tolist() == ["Martin", "", "Durand", "Martin"]
    assert by_ids(groups, book.copy(), index=book) is groups  # in order: nothing looked up


@pytest.mark.parametrize("values", [np.array([1.5, np.nan, 3.0]), np.array([1, 2, 3]), np.array([True, False, True]),
                                    np.array(["2026-01-31", "NaT", "2026-03-31"], dtype="datetime64[ns]"),
                                    np.array([np.timedelta64(1, "D"), np.timedelta64(2, "D"), np.timedelta64(3, "D")]),
                                    np.array(["a", None, "c"], dtype=object)])
def test_values_at_fills_as_pandas_take(values):
    """values_at: values at positions, -1 filled as pandas' take fills it (NaN, NaT), promoting
    whole numbers to floats and yes/no to objects only where a gap needs it; an empty array too."""
    for at in (np.array([2, 0, 2]), np.array([2, -1, 0, -1]), np.array([-1, -1]), np.array([], dtype=np.intp)):
        expected = take(values, at, allow_fill=True)
        got = values_at(values, at)
        assert got.dtype == expected.dtype and list(map(repr, got.tolist())) == list(map(repr, expected.tolist()))
        empty = values[:0]
        assert values_at(empty, np.full(len(at), -1)).dtype == take(empty, np.full(len(at), -1), allow_fill=True).dtype
    assert values_at(np.array([1.5, 2.5]), np.array([1, -1]), 0.0).tolist() == [2.5, 0.0]
    assert values_at(np.array([4, 5]), np.array([-1, 0]), -1).tolist() == [-1, 4]
    assert values_at(np.array([True]), np.array([-1, 0]), False).dtype == bool
    with pytest.raises(IndexError):
        group_sums(np.array([2, 0]), np.ones(2), 2)  # a position outside the array is refused, not written past it


def test_the_first_row_of_each_id_is_the_one_drop_duplicates_keeps():
    """first_of_each: the rows a Debtors sheet is read at, one per client in order (None and NaN
    apart, 1 and 1.0 alike, as drop_duplicates keeps them); first_rows / first_of: the first row
    of each wanted id, -1 where none."""
    ids = pd.Series(["B", "A", "B", None, np.nan, None, "A", "C"], dtype=object)
    assert first_of_each(ids).tolist() == ids.drop_duplicates().index.tolist() == [0, 1, 3, 4, 7]
    assert first_of_each(np.array([1, 1.0, 2], dtype=object)).tolist() == [0, 2]
    assert first_of_each(pd.Series([], dtype=object)).tolist() == []
    assert first_rows(ids.to_numpy(), np.array(["A", "C", "Z"], dtype=object)).tolist() == [1, 7, -1]
    assert first_of(np.array([2, -1, 0, 2, 0]), 4).tolist() == [2, -1, 0, -1]
    assert last_of(np.array([2, -1, 0, 2, 0]), 4).tolist() == [4, -1, 3, -1]


def test_running_sums_are_a_group_by_cumsum_to_the_last_bit():
    """running_sums: each group's running total in row order, as pandas' group-by cumsum gives it
    (compensated: 0.1 + 0.2 + 0.3 is 0.6 there, not 0.6000000000000001); none for no rows."""
    values, group = np.array([0.1, 5.0, 0.2, 0.3, 1.0]), np.array([0, 1, 0, 0, 1])
    assert running_sums(values, group).tolist() == [0.1, 5.0, 0.30000000000000004, 0.6, 6.0]
    rng = np.random.default_rng(7)
    values, group = rng.normal(0, 1e6, 500), rng.integers(0, 9, 500)
    expected = pd.Series(values).groupby(group).cumsum().to_numpy()
    assert np.array_equal(running_sums(values, group), expected)
    assert running_sums(np.zeros(0), np.zeros(0, int)).tolist() == []


def test_an_invoice_stood_open_in_full_until_the_day_it_was_settled():
    """stood_at: settled by the date, closed on its settled date; settled later or never, open in
    full (a partial payment is the debtor's unapplied credit then), without a settled date."""
    nat = np.datetime64("NaT", "ns")
    settled = np.array(["2026-01-31", "2026-03-15", "NaT"], dtype="datetime64[ns]")
    open_, when = stood_at(np.array([100.0, 250.0, 40.0]), settled, np.datetime64("2026-02-28", "ns"))
    assert open_.tolist() == [0.0, 250.0, 40.0]
    assert when[0] == settled[0] and np.isnat(when[1]) and np.isnat(when[2]) and when.dtype == np.dtype("datetime64[ns]")
    assert stood_at(np.array([100.0]), settled[:1], np.datetime64("2026-01-31", "ns"))[0].tolist() == [0.0]  # that day
    assert np.isnat(stood_at(np.array([1.0]), np.array([nat]), np.datetime64("2026-01-01", "ns"))[1][0])


def test_sorted_order_takes_codes_as_they_are_and_sorts_as_sort_values():
    """Integer codes (positions, priorities, -1 for none) sort as numbers; dates and text as a stable
    sort_values, missing ones last."""
    code = np.array([2, 0, 2, -1, 0])
    due = np.array(["2026-03-01", "NaT", "2026-01-01", "2026-02-01", "2026-01-15"], dtype="datetime64[ns]")
    ids = np.array(["b", "a", "c", None, "a"], dtype=object)
    assert sorted_order(code, due, ids).tolist() == [3, 4, 1, 2, 0]
    frame = pd.DataFrame({"code": code, "due": due, "id": ids})
    assert sorted_order(code, due, ids).tolist() == frame.sort_values(["code", "due", "id"], kind="stable").index.tolist()
