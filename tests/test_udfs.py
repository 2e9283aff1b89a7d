"""Worksheet functions called as Excel calls them: lists of rows, COM values."""
from datetime import datetime

import pytest

from addin.excel import udfs
from functions.analysis import steps_for
from addin.workbook.results import labels
from functions import texts

INVOICES = [["N° facture", "Client", "Date facture", "Date d'échéance", "Montant TTC"],
            ["A", "D", datetime(2025, 2, 1), datetime(2025, 3, 1), 1000.0],
            ["B", "E", datetime(2025, 6, 1), datetime(2025, 7, 1), 500.0],
            ["C", "D", "01/06/2025", "2025-06-15", "250,50"],
            ["X", None, None, None, None]]
PAYMENTS = [["debtor_id", "date", "amount", "invoice_id"], ["D", datetime(2025, 6, 20), 200.0, None]]
DEBTORS = [["debtor_id", "name"], ["D", "Dupont"], ["E", "Eiffel"], ["F", "Idle"]]
AS_OF = datetime(2025, 6, 30)


# Without a Policy argument (or with one in French) a function words its headers in French, the
# default language: read them back to the identifiers the assertions use.
IDS = {label: column for column in texts.words("column", "fr") for label in labels(column)}


def as_dicts(rows):
    return {r[0]: dict(zip([IDS.get(h, h) for h in rows[0]], r)) for r in rows[1:]}


def test_aging_spills_one_row_per_debtor_with_hand_checked_buckets():
    out = udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    assert out[0][:3] == ["Code client", "Non échu", "1-30 j"]
    assert udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF, None, "en")[0][:3] == ["Client code", "Not due", "1-30 days"]
    assert udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF, None, "ids")[0][:3] == ["debtor_id", "not_due", "d1_30"]
    rows = as_dicts(out)
    assert list(rows) == ["D", "E", "F"]
    # D: A 1000 is 121 days past due; 200 unreferenced settles A first -> 800 over 120; C 250.50 is 15 days past due.
    assert rows["D"]["over_120"] == 800.0 and rows["D"]["d1_30"] == 250.5 and rows["D"]["total"] == 1050.5
    assert rows["E"]["not_due"] == 500.0
    assert rows["F"]["total"] == 0.0
    assert all(isinstance(v, (float, str, bool, type(None))) for r in out[1:] for v in r)  # COM types only


def test_exposure_with_orders():
    orders = [["debtor_id", "amount"], ["E", 100.0]]
    rows = as_dicts(udfs.CREDIT_EXPOSURE(INVOICES, PAYMENTS, DEBTORS, orders, "30/06/2025"))
    assert rows["E"]["exposure_with_orders"] == 600.0 and rows["D"]["exposure"] == 1050.5


def test_nan_comes_back_as_empty_cell():
    out = udfs.CREDIT_AGING([INVOICES[0], INVOICES[2]], None, None, AS_OF)
    dso = out[0].index("DSO")
    assert out[1][dso] is not None  # E has sales
    only_old = [INVOICES[0], ["Z", "Q", datetime(2020, 1, 1), datetime(2020, 2, 1), 10.0]]
    out = udfs.CREDIT_AGING(only_old, None, None, AS_OF)
    assert out[1][dso] is None       # 24 months of sales do not explain the balance: empty, not NaN


@pytest.mark.parametrize("args, text", [
    ((INVOICES, None, None, None), "as_of"),
    ((INVOICES, None, None, "someday"), "as_of"),
    (([["foo"], [1.0]], None, None, AS_OF), "colonne obligatoire absente"),
    ((None, None, None, AS_OF), "la table Invoices est vide"),
])
def test_bad_arguments_return_short_text(args, text):
    out = udfs.CREDIT_AGING(*args)
    assert isinstance(out, str) and out.startswith("#CREDIT! ") and text in out and "Traceback" not in out


def test_cache_hit_miss_and_bound(monkeypatch):
    cache = udfs.ResultCache(size=2)
    monkeypatch.setattr(udfs, "CACHE", cache)
    first = udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    again = udfs.CREDIT_AGING([list(r) for r in INVOICES], PAYMENTS, DEBTORS, AS_OF)  # same content, new lists
    assert again is first and (cache.hits, cache.misses) == (1, 1)
    changed = [list(r) for r in INVOICES]
    changed[1][4] = 999.0
    assert udfs.CREDIT_AGING(changed, PAYMENTS, DEBTORS, AS_OF) != first
    assert cache.misses == 2
    udfs.CREDIT_EXPOSURE(INVOICES, PAYMENTS, DEBTORS, None, AS_OF)
    assert len(cache.entries) == 2  # bounded: the oldest entry was evicted
    udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    assert cache.misses == 4        # ... so the first call is computed again


@pytest.mark.parametrize("row, column, value", [
    (1, 4, 1000.01),                 # a number
    (1, 3, datetime(2025, 3, 2)),    # a date
    (3, 2, "02/06/2025"),            # a date typed as text
    (2, 1, "F"),                     # a text
    (4, 0, None),                    # a text emptied
    (0, 4, "Montant HT"),            # a header
])
def test_cache_misses_when_any_cell_changes(monkeypatch, row, column, value):
    cache = udfs.ResultCache()
    monkeypatch.setattr(udfs, "CACHE", cache)
    udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    changed = [list(r) for r in INVOICES]
    changed[row][column] = value
    udfs.CREDIT_AGING(changed, PAYMENTS, DEBTORS, AS_OF)
    assert (cache.hits, cache.misses) == (0, 2)


@pytest.mark.parametrize("one, other", [
    ([["id"], [1.0]], [["id"], ["1.0"]]),                               # a number or its text
    ([["id"], [None]], [["id"], ["None"]]),                             # an empty cell or the word
    ([["d"], [datetime(2025, 1, 31)]], [["d"], [45688.0]]),             # a date or its serial number
    ([["x"], [1.0], ["a"]], [["x"], [1.0], ["b"]]),                     # a column of mixed cells
    ([["a", "b"], ["x", "y"]], [["a", "b"], ["xy", ""]]),               # text moved between cells
    ([["d", "x"], [datetime(2025, 1, 31), 1.0], [None, 2.0]],           # in a table of dates (hashed by column):
     [["d", "x"], [datetime(2025, 1, 31), 1.0], [45688.0, 2.0]]),       # a blank or a serial number
    ([["d", "x"], [datetime(2025, 1, 31), 1.0], [None, 2.0]],
     [["d", "x"], [datetime(2025, 1, 31), 1.0], [None, "2.0"]]),        # a number or its text
    ([["d"], [datetime(2025, 1, 31)], [datetime(2025, 2, 1)]],
     [["d"], [datetime(2025, 1, 31)], [datetime(2025, 2, 1, 0, 0, 0, 1)]]),  # a microsecond
])
def test_table_digest_tells_contents_apart(one, other):
    assert udfs.Cells(one).digest != udfs.Cells(other).digest
    assert udfs.Cells(one).digest == udfs.Cells([list(r) for r in one]).digest


def test_a_range_is_typed_per_column_as_uniform_types_an_object_column():
    from datetime import timezone
    from decimal import Decimal

    import pandas as pd

    from addin.workbook.parse import uniform
    columns = {"text": ["a", None, ""], "numbers": [1, 2.5, None], "dates": [datetime(1950, 1, 1, 1, 1, 1, 9), None, None],
               "zoned": [datetime(2025, 1, 1, tzinfo=timezone.utc), None, None], "currency": [Decimal("1.5"), 2.0, None],
               "mixed": [True, 1.0, "x"], "empty": [None, None, None]}
    rows = [list(columns)] + [list(r) for r in zip(*columns.values())]
    with pd.option_context(*udfs.SMALL_TABLES):
        raw = udfs._raw_frame(rows)
        for name, cells in columns.items():
            pd.testing.assert_series_equal(raw[name], uniform(pd.Series(cells, dtype=object, index=raw.index, name=name)),
                                           check_exact=True)
    assert raw.index.tolist() == [2, 3, 4] and str(raw["text"].dtype) == "str" and raw["zoned"].dtype == object


LIMITS = [["Client", "Date de décision", "Plafond", "Type de limite", "Décision"],
          ["D", datetime(2025, 1, 1), 800.0, "named", "granted"]]
POLICY = [["Parameter", "Value"], ["insurer", "Allianz Trade"]]


def test_aging_and_exposure_share_tables_and_ledger(monkeypatch):
    tables, steps = udfs.ResultCache(16), udfs.ResultCache(64)
    monkeypatch.setattr(udfs, "TABLES", tables)
    monkeypatch.setattr(udfs, "STEPS_DONE", steps)
    udfs.forget()
    aging = udfs.CREDIT_AGING(INVOICES, PAYMENTS, DEBTORS, AS_OF)
    assert steps.misses == 4  # money (the ledger), debtors, due dates, aging
    exposure = udfs.CREDIT_EXPOSURE(INVOICES, PAYMENTS, DEBTORS, None, AS_OF)
    # the ledger and the debtors are taken from CREDIT_AGING's; only the balances are computed
    assert (steps.misses, steps.hits) == (5, 2) and tables.hits == 3  # Invoices, Payments, Debtors read once
    assert as_dicts(exposure)["D"]["exposure"] == as_dicts(aging)["D"]["total"] == 1050.5
    # without D on the Debtors sheet its invoices and payment are kept under its code (issue 19): another ledger
    exposure = udfs.CREDIT_EXPOSURE(INVOICES, PAYMENTS, [DEBTORS[0], DEBTORS[2]], None, AS_OF)
    assert (steps.misses, steps.hits) == (8, 2) and list(as_dicts(exposure)) == ["E", "D"]
    assert as_dicts(exposure)["D"]["exposure"] == 1050.5


def test_a_recalculation_computes_each_step_once(monkeypatch):
    """CREDIT_COVER then CREDIT_BREACHES on the same tables: the second reuses every step of the first
    it needs (the ledger, the cover, the scores ...) and computes only the others (dunning, claims,
    insolvency, groups, the watch alerts, the breaches); it does not need the Exposure sheet's extras."""
    steps = udfs.ResultCache(64)
    monkeypatch.setattr(udfs, "STEPS_DONE", steps)
    udfs.forget()
    udfs.CREDIT_COVER(INVOICES, LIMITS, DEBTORS, PAYMENTS, None, POLICY, AS_OF)
    first = steps.misses
    udfs.CREDIT_BREACHES(INVOICES, LIMITS, DEBTORS, PAYMENTS, None, None, POLICY, AS_OF)
    ran = {s.run for s in steps_for(["Exposure"])}
    reused = sorted(s.run.__name__ for s in steps_for(["Breaches"]) if s.run in ran)
    assert reused == ["cover", "deadlines_step", "debtors", "due_dates", "money", "scores", "scoring_step"]
    computed = sorted(s.run.__name__ for s in steps_for(["Breaches"]) if s.run not in ran)
    assert computed == ["breaches_step", "claims_step", "dunning_step", "groups", "idle", "insolvency",
                        "legal_terms_step", "past_cover", "plan_step", "rates_step", "watch"]
    assert (steps.hits, steps.misses - first) == (len(reused), len(computed))


def test_cover_breaches_and_deadlines_hand_checked():
    cover = as_dicts(udfs.CREDIT_COVER(INVOICES, LIMITS, DEBTORS, PAYMENTS, None, POLICY, AS_OF))
    d = cover["D"]
    # exposure 800 + 250.50 = 1,050.50, limit 800 -> covered 800, insured 90% = 720, uninsured 250.50
    assert (d["exposure"], d["limit"], d["limit_type"], d["covered"]) == (1050.5, 800.0, "Agrément nommé", 800.0)
    assert d["insured_amount"] == pytest.approx(720.0) and d["uninsured"] == pytest.approx(250.5)
    assert d["usage"] == pytest.approx(1050.5 / 800)
    breaches = udfs.CREDIT_BREACHES(INVOICES, LIMITS, DEBTORS, PAYMENTS, None, None, POLICY, AS_OF)
    # C (250.50) was delivered on 2025-06-01, after A's MEP end (2025-04-30) while A was unpaid: not eligible
    # (issue 19), so the uninsured 250.50 is DELIVERED_AFTER_MEP, and the eligible 800 is not over the limit
    after = [r for r in breaches[1:] if r[0] == "D" and r[1] == "Livré après la prorogation"]
    assert len(after) == 1 and after[0][3] == pytest.approx(250.5)
    assert not [r for r in breaches[1:] if r[0] == "D" and r[1] == "Dépassement de limite"]
    deadlines = as_dicts(udfs.CREDIT_DEADLINES(INVOICES, DEBTORS, PAYMENTS, None, None, AS_OF))
    # A due 2025-03-01: MEP end 04-30, notify by 05-30 < as_of 06-30 -> notification late
    assert deadlines["A"]["notify_by"] == datetime(2025, 5, 30) and deadlines["A"]["status"] == "Déclaration en retard"
    coded = as_dicts(udfs.CREDIT_DEADLINES(INVOICES, DEBTORS, PAYMENTS, None, [["Parameter", "Value"], ["headers", "ids"]],
                                           AS_OF))
    assert coded["A"]["status"] == "notification_late"


def test_score_of_one_debtor_matches_the_table():
    table = udfs.CREDIT_SCORES(INVOICES, DEBTORS, PAYMENTS, None, None, LIMITS, None, AS_OF)
    rows = as_dicts(table)
    assert [IDS[h] for h in table[0][:6]] == ["debtor_id", "score", "grade", "weighted_days_late", "completeness", "reasons"]
    assert udfs.CREDIT_SCORE("D", INVOICES, DEBTORS, PAYMENTS, None, None, LIMITS, None, AS_OF) == rows["D"]["score"]
    # D owes 800 for 121 days and 250.50 for 15: about 100 days late weighted -> behaviour points 0, grade E
    assert rows["D"]["score"] < 35 and rows["D"]["grade"] == "E"
    # E has nothing due yet: only its limit usage (500 of 10,000 non-named cover) scores, completeness shows it
    assert rows["E"]["score"] > rows["D"]["score"] and rows["E"]["completeness"] < rows["D"]["completeness"]
    assert udfs.CREDIT_SCORE("ZZ", INVOICES, DEBTORS, None, None, None, None, None, AS_OF).startswith("#CREDIT!")


def test_scalar_functions_hand_checked():
    assert udfs.CREDIT_NOTIFY_BY(datetime(2025, 1, 31)) == datetime(2025, 5, 1)          # +60 MEP, +30
    assert udfs.CREDIT_NOTIFY_BY("31/01/2025", [["Parameter", "Value"], ["overdue_notice_basis", "due_date"]]) \
        == datetime(2025, 3, 2)                                                             # +30 from due date
    # 10,000 due 15/05/2025 paid 15/08/2025: 46 days at 13.15 % + 46 days at 12.15 % = 318.85
    assert udfs.CREDIT_LATE_INTEREST(10000.0, datetime(2025, 5, 15), datetime(2025, 8, 15)) == pytest.approx(318.85)
    late_2026 = udfs.CREDIT_LATE_INTEREST(1000.0, "2026-01-15", "2026-03-15")
    assert late_2026.startswith("#CREDIT!") and "2026" in late_2026                        # no 2026 rate: no silent zero
    # needs 365,000 x 60 / 365 x 1.2 = 72,000; equity cap 100,000 x 15 % (grade B) = 15,000
    assert udfs.CREDIT_RECOMMENDED_LIMIT(365000.0, 60.0, 100000.0, "B", 1.2) == pytest.approx(15000.0)
    assert udfs.CREDIT_RECOMMENDED_LIMIT(365000.0, 60.0) == pytest.approx(72000.0)
    assert udfs.CREDIT_PREMIUM(1_000_000.0, 0.0025) == pytest.approx(2500.0)
    assert udfs.CREDIT_PREMIUM(1_000_000.0, 0.0025, 3000.0) == pytest.approx(3000.0)
    assert udfs.CREDIT_PREMIUM("lots", 0.0025).startswith("#CREDIT!")


def test_every_worksheet_function_is_documented_and_vba_safe():
    import inspect
    import re
    names = [n for n in dir(udfs) if n.startswith("CREDIT_")]
    assert {"CREDIT_AGING", "CREDIT_EXPOSURE", "CREDIT_COVER", "CREDIT_BREACHES", "CREDIT_SCORE", "CREDIT_SCORES",
            "CREDIT_DEADLINES", "CREDIT_NOTIFY_BY", "CREDIT_LATE_INTEREST", "CREDIT_RECOMMENDED_LIMIT",
            "CREDIT_PREMIUM"} <= set(names)
    from addin.excel import xlam
    decorated = xlam._decorated("addin.excel.udfs", xlam.xlwings_udfs())  # what xlwings' own decorators record
    for name in names:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]{0,254}", name)
        recorded = getattr(decorated, name).__xlfunc__
        params = inspect.signature(getattr(udfs, name)).parameters
        assert all(recorded["argmap"][p]["doc"] for p in params), name
        assert recorded["volatile"] is False, name


def test_a_step_depends_on_the_policy_parameters_it_reads_through_the_steps_it_needs():
    """Part of the cache key of a step (functions.analysis.policy_names): the balances read no
    parameter themselves but the ledger they need is converted to the Policy currency and worded
    in its language."""
    from functions.analysis import STEPS, policy_names
    step = {s.run.__name__: s for s in STEPS}
    assert policy_names(step["balances"]) == ("currency", "language")
    assert policy_names(step["scores"]) is None  # reads the whole Policy


def test_a_step_is_shared_when_what_it_reads_is_the_same(monkeypatch):
    """A step is keyed on the sheets it reads itself and on the content of the tables it needs
    (udfs._analysis), not on every sheet behind them: CREDIT_BREACHES, given the Limits and the
    Orders that CREDIT_DEADLINES is not, takes its deadlines, since those sheets name no new
    client; Limits naming a new client make other debtors, so other deadlines."""
    steps = udfs.ResultCache(64)
    monkeypatch.setattr(udfs, "STEPS_DONE", steps)
    udfs.forget()

    def computed(step):
        return sum(key.startswith(step + ":") for key in steps.entries)
    udfs.CREDIT_DEADLINES(INVOICES, DEBTORS, PAYMENTS, None, POLICY, AS_OF)
    assert computed("deadlines_step") == 1 and computed("due_dates") == 1
    orders = [["debtor_id", "order_id", "order_date", "amount"], ["D", "O1", datetime(2025, 6, 1), 100.0]]
    udfs.CREDIT_BREACHES(INVOICES, LIMITS, DEBTORS, PAYMENTS, orders, None, POLICY, AS_OF)
    assert computed("money") == 2 and computed("debtors") == 2    # they read the Orders and the Limits ...
    assert computed("due_dates") == 1 and computed("deadlines_step") == 1  # ... to the same ledger and debtors
    newcomer = LIMITS + [["G", datetime(2025, 1, 1), 500.0, "named", "granted"]]
    udfs.CREDIT_BREACHES(INVOICES, newcomer, DEBTORS, PAYMENTS, orders, None, POLICY, AS_OF)
    assert computed("deadlines_step") == 2


def test_big_tables_are_known_by_how_they_were_made(monkeypatch):
    """Beyond CONTENT_KEYED_INVOICES a step's tables are not pickled to be fingerprinted: they
    are known by their step and its key, so a function given one more sheet computes again, and
    gives the same result."""
    orders = [["debtor_id", "order_id", "order_date", "amount"], ["D", "O1", datetime(2025, 6, 1), 100.0]]
    udfs.forget()
    by_content = udfs.CREDIT_BREACHES(INVOICES, LIMITS, DEBTORS, PAYMENTS, orders, None, POLICY, AS_OF)
    monkeypatch.setattr(udfs, "CONTENT_KEYED_INVOICES", 0)
    monkeypatch.setattr(udfs, "_fingerprint", lambda table: pytest.fail("a big table was pickled"))
    udfs.forget()
    udfs.CREDIT_DEADLINES(INVOICES, DEBTORS, PAYMENTS, None, POLICY, AS_OF)
    assert udfs.CREDIT_BREACHES(INVOICES, LIMITS, DEBTORS, PAYMENTS, orders, None, POLICY, AS_OF) == by_content
    assert sum(key.startswith("deadlines_step:") for key in udfs.STEPS_DONE.entries) == 2


def test_a_fingerprint_tells_table_contents_apart():
    """Steps are keyed on the fingerprints of the tables they need (udfs._fingerprint): a change of
    any cell, type, header or row order changes it; the same table made again, or met again, does not."""
    from dataclasses import replace

    import pandas as pd

    from functions.ledger import Ledger

    def ids(*cells):
        return pd.Series(cells, dtype=object)

    def table():
        return pd.DataFrame({"id": ids("A", None), "amount": [1.0, 2.0], "due": pd.to_datetime(["2025-01-31", None])})
    frame = table()
    changed = [frame.assign(id=ids("A", "None")), frame.assign(id=ids("A", float("nan"))), frame.assign(amount=[1.0, 2.5]),
               frame.assign(amount=[1, 2]), frame.assign(due=frame["due"].astype("datetime64[s]")),
               frame.rename(columns={"id": "ids"}), frame.iloc[::-1], frame.assign(id=frame["id"].astype("str"))]
    fingerprints = {udfs._fingerprint(f, {}) for f in changed}
    assert len(fingerprints) == len(changed) and udfs._fingerprint(frame, {}) not in fingerprints
    assert udfs._fingerprint(table(), {}) == udfs._fingerprint(frame, {})
    ledger = Ledger(pd.Timestamp("2025-06-30"), frame, frame, pd.Series(dtype=float))
    seen = {}
    assert udfs._fingerprint(ledger, seen) == udfs._fingerprint(ledger, {}) == udfs._fingerprint(ledger, seen)
    assert udfs._fingerprint(replace(ledger, credits=changed[2]), seen) != udfs._fingerprint(ledger, seen)
    # pandas' blocks are hashed as their places and arrays: columns moved or a Series' labels changed tell apart
    moved, series = frame[["amount", "id", "due"]], frame["amount"]
    assert udfs._fingerprint(moved, {}) not in fingerprints | {udfs._fingerprint(frame, {})}
    assert udfs._fingerprint(series, {}) != udfs._fingerprint(series.set_axis([5, 6]), {})
    looped = [frame]
    looped.append(looped)  # a value holding itself cannot be hashed: never shared
    assert udfs._pickled(looped) != udfs._pickled(looped)


def test_refusals_of_worksheet_functions_follow_the_language():
    """A refusal is a catalogue message worded in the Policy's language (French by default)."""
    due, paid = datetime(2025, 1, 31), datetime(2025, 3, 2)
    assert udfs.CREDIT_LATE_INTEREST(100.0, due, paid, None, None, "xx") == \
        "#CREDIT! rule : « xx » n'est ni « fr », ni « eu », ni « contract », ni « public »"
    english = [["Parameter", "Value"], ["language", "en"]]
    assert udfs.CREDIT_LATE_INTEREST(100.0, due, paid, None, english, "xx") == \
        "#CREDIT! rule: 'xx' is not fr, eu, contract or public"
    assert udfs.CREDIT_MAX_LIABILITY_HEADROOM(None, [["Parameter", "Value"]], datetime(2025, 6, 30)) == \
        "#CREDIT! la Policy n'a pas de max_liability : les paiements annuels de l'assureur ne sont pas plafonnés"
    said = udfs.CREDIT_CLAIM_INDEMNITY("NOBODY", INVOICES, DEBTORS, PAYMENTS, LIMITS, None, None, english, AS_OF)
    assert said == "#CREDIT! no claim to follow for client 'NOBODY' (no Claims event, hand-over or insolvency)"


def test_text_columns_are_held_as_the_worksheet_functions_hold_text():
    """A worksheet function holds text as Python strings (udfs.SMALL_TABLES): every text column of
    every table its analysis makes is stored so, none as pyarrow's (a dtype fixed at import would be)."""
    import numpy as np
    import pandas as pd
    from addin.cli import DEMO
    from addin.workbook.book import FileBook

    book = FileBook(DEMO, quiet=True)
    sheets = {}
    for name in ("Policy", "Invoices", "Limits", "Debtors", "Payments", "Register", "Extensions", "Claims",
                 "Financials", "Grades", "Actions"):
        frame = book.read_sheet(name).astype(object)
        sheets[name] = udfs.Cells([list(frame.columns)] + frame.where(frame.notna(), None).to_numpy().tolist())
    with pd.option_context(*udfs.SMALL_TABLES):
        analysis = udfs._analysis(datetime(2026, 10, 31), sheets, ["Breaches", "Scores", "Dunning"])
    frames = [(name, f) for name, t in analysis.tables.items() for f in (t if isinstance(t, list) else [t])
              if isinstance(f, pd.DataFrame)]
    stored = {(name, c): dtype.storage for name, f in frames for c, dtype in f.dtypes.items()
              if isinstance(dtype, pd.StringDtype)}
    assert len(stored) >= 10 and set(stored.values()) == {"python"}, {k: v for k, v in stored.items() if v != "python"}
    assert np.any([name == "watch" for name, _ in stored]) and ("scores", "grade") in stored


def test_forget_empties_what_a_workbook_left_and_keeps_the_package_data():
    """A cold call starts as a fresh Excel session: registration numbers, dates and headers remembered
    from a workbook are forgotten; the bundled rates and texts, the same for every workbook, are kept."""
    from functions.identifiers import check_registration
    from functions.rates import _bundled
    from functions.portfolio import history_dates

    udfs.CREDIT_BREACHES(INVOICES, LIMITS, DEBTORS, PAYMENTS, None, None, POLICY, AS_OF)
    assert history_dates.cache_info().currsize and _bundled.cache_info().currsize
    check_registration("732829320")
    udfs.forget()
    assert history_dates.cache_info().currsize == check_registration.cache_info().currsize == 0
    assert _bundled.cache_info().currsize == 1 and not udfs.CACHE.entries and not udfs.STEPS_DONE.entries
