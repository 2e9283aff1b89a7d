"""Foreign currencies (devises): invoices in USD, GBP or CHF brought to the policy currency.

The `FX` table holds `currency`, `date`, `rate` = units of policy currency for one unit of
`currency` (1 USD = 0.92 EUR -> rate 0.92). The rate of a day is the latest rate dated on or
before it. A currency with no such rate is never taken 1:1: its rows are left out of the figure
concerned and an Issue (sheet FX) names the currency and the date a rate is needed for.

Which rate, figure by figure:
- turnover (premium): each invoice and credit note at the rate of its invoice date;
- exposure and cover (and the aging, deadlines, declarations built on the same ledger): the
  ledger is allocated in the invoice currency, then amounts, open balances, payments and
  unapplied credits are converted at the rate of `as_of`;
- open orders: Orders `currency` (default the policy's), at the rate of `as_of`;
- late-payment penalties: in the invoice currency (the Penalties sheet says which);
- limits: always in the policy currency (insurers state limits in the policy currency).

Allocation: a payment is in its own `currency` (Payments column), else in the currency of the
invoice it names, else in the currency of the debtor's invoices when they all share one, else
(a debtor invoicing in several currencies) in the policy currency, with a warning. Payments
settle invoices of the same debtor and currency only; each currency's open balance and
unapplied credit is converted at the as_of rate and the debtor's exposure is their sum.

Worked example (policy EUR, as_of 2025-06-30; FX: USD 2025-01-01 0.95, USD 2025-06-01 0.90):
invoice of USD 10,000 dated 2025-03-10 -> turnover EUR 9,500 (rate of 2025-01-01); USD 4,000
paid on it -> open USD 6,000 -> exposure EUR 5,400 (rate of 2025-06-01). A GBP invoice with no
GBP rate is left out of exposure with the Issue "No GBP rate on or before 2025-06-30 ...".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ledger import CENT, Ledger, build_ledger, lookup
from .model import Issue
from .policy import Policy
from .texts import Amount, message

SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "CHF.": "CHF", "FS": "CHF"}
KEY_SEPARATOR = "\u241f"  # debtor id + currency: the allocation key of the ledger


@dataclass(frozen=True)
class Converted:
    """The run's figures in the policy currency, and what conversion left out.

    ledger: amounts and balances at the as_of rate (`currency`, `amount_original`,
        `open_original`, `fx_rate` columns added when any invoice is foreign);
    original: the same allocation in each invoice's currency (penalties, claims);
    orders: open orders at the as_of rate; sales: Invoices rows at their invoice-date rate.
    """

    ledger: Ledger
    original: Ledger
    orders: pd.DataFrame | None
    sales: pd.DataFrame
    issues: list[Issue]


def currency_codes(values: pd.Series | None, index: pd.Index, home: str) -> pd.Series:
    """ISO codes in upper case ('usd ' -> 'USD', '€' -> 'EUR'); blank -> the policy currency."""
    if values is None:
        return pd.Series(home, index=index, dtype=object)
    return _codes_of(values, _cleaned(values, home))


def _codes_of(values: pd.Series, cleaned: tuple[np.ndarray, np.ndarray]) -> pd.Series:
    """`currency_codes` of a column from what `_cleaned` made of it."""
    codes, text = cleaned
    return pd.Series(text[codes], index=values.index, dtype=object, copy=False)


def _cleaned(values: pd.Series, home: str) -> tuple[np.ndarray, np.ndarray]:
    """(each row's position in `text`, `text`): `text` holds the column's distinct codes cleaned as
    `currency_codes` cleans them (each on some row), then the policy currency for blanks (position -1)."""
    # a column holds a few distinct codes: clean each once, not once per row; mostly one: nothing to hash
    given = values.to_numpy(object)
    if values.dtype == object and len(given) and isinstance(given[0], str) and (given == given[0]).all():
        codes, uniques = np.zeros(len(given), np.intp), given[:1]
    else:
        codes, uniques = pd.factorize(given)
    cleaned = (str(u).strip().upper() for u in uniques)
    return codes, np.array([SYMBOLS.get(t, t) or home.upper() for t in cleaned] + [home.upper()], dtype=object)


def _all_home(values: pd.Series | None, home: str) -> bool:
    """Whether `currency_codes` gives the policy currency `home` (in upper case) on every row."""
    return values is None or bool((_cleaned(values, home)[1] == home).all())


def fx_table(fx: pd.DataFrame | None) -> pd.DataFrame:
    """Usable FX rows (currency, date, rate > 0), sorted by date as merge_asof needs."""
    if fx is None or fx.empty:
        return pd.DataFrame({"currency": pd.Series(dtype=object), "date": pd.Series(dtype="datetime64[ns]"),
                             "rate": pd.Series(dtype=float)})
    rows = fx.loc[fx["date"].notna() & (fx["rate"] > 0)]
    table = pd.DataFrame({"currency": currency_codes(rows["currency"], rows.index, ""),
                          "date": rows["date"].astype("datetime64[ns]"), "rate": rows["rate"].astype(float)})
    return table.loc[table["currency"] != ""].sort_values("date", kind="stable").reset_index(drop=True)


def fx_issues(fx: pd.DataFrame | None) -> list[Issue]:
    """FX rows that cannot be used: a rate that is not a positive number."""
    if fx is None or fx.empty:
        return []
    rate = fx["rate"].to_numpy(float, na_value=np.nan)
    bad = np.flatnonzero(rate <= 0)  # NaN compares False
    return [Issue("FX", int(r), "rate", "error", message("fx.not_positive", rate=f"{v:g}"))
            for r, v in zip(fx["_row"].to_numpy()[bad], rate[bad])]


def rates_at(currency: pd.Series, dates, fx: pd.DataFrame | None, home: str) -> pd.Series:
    """The rate of each row's currency on its date (latest on or before); 1 for the policy
    currency, NaN where the FX table has none. `dates` is a Series or one date for all rows."""
    dates = pd.Series(pd.Timestamp(dates), index=currency.index) if not isinstance(dates, pd.Series) else dates
    out = pd.Series(np.where(currency == home, 1.0, np.nan), index=currency.index)
    wanted = (currency != home) & dates.notna()
    if not wanted.any():  # all in the policy currency: no FX table to read
        return out
    table = fx_table(fx)
    if table.empty:
        return out
    left = pd.DataFrame({"currency": currency[wanted].to_numpy(dtype=object), "date": dates[wanted].astype("datetime64[ns]").to_numpy(),
                         "pos": np.flatnonzero(wanted.to_numpy())}).sort_values("date", kind="stable")
    left["currency"] = left["currency"].astype(object)
    table = table.assign(currency=table["currency"].astype(object))
    found = pd.merge_asof(left, table, on="date", by="currency", direction="backward")
    values = out.to_numpy(copy=True)
    values[found["pos"].to_numpy()] = found["rate"].to_numpy()
    return pd.Series(values, index=currency.index)


def convert(amount: float, currency: str, when, fx: pd.DataFrame | None, home: str) -> float:
    """One amount in the policy currency at the rate of `when`; NaN when no rate.

    >>> fx = pd.DataFrame({"currency": ["USD"], "date": [pd.Timestamp("2025-01-01")], "rate": [0.9], "_row": [2]})
    >>> convert(1000, "usd", "2025-03-01", fx, "EUR")
    900.0
    """
    code = currency_codes(pd.Series([currency]), pd.RangeIndex(1), home)
    return float(amount) * float(rates_at(code, pd.Timestamp(when), fx, home.upper()).iloc[0])


def missing_rates(currency: pd.Series, dates: pd.Series, amounts: pd.Series, rate: pd.Series, what: str,
                  left_out_of: str) -> list[Issue]:
    """One Issue per currency with rows lacking a rate, naming the earliest date that needs one."""
    lost = rate.isna()
    if not lost.any():
        return []
    issues = []
    for code, rows in pd.DataFrame({"currency": currency, "date": dates, "amount": amounts})[lost].groupby("currency"):
        first = rows["date"].min()
        issues.append(Issue("FX", None, "rate", "error",
                            message("fx.missing", code=code, date=f"{first:%Y-%m-%d}", count=len(rows),
                                    what=message(f"fx.what.{what}"), total=Amount(rows['amount'].sum()),
                                    left_out_of=message(f"fx.out_of.{left_out_of}"))))
    return issues


def converted(invoices: pd.DataFrame, payments: pd.DataFrame | None, orders: pd.DataFrame | None,
              fx: pd.DataFrame | None, policy: Policy, as_of) -> Converted:
    """Everything a run needs in the policy currency; the single-currency path is build_ledger itself."""
    home = policy.currency.upper()
    orders, order_issues = orders_at(orders, fx, home, as_of)
    given = invoices.get("currency")
    cleaned = None if given is None else _cleaned(given, home)  # once, for the test and the codes
    home_only = cleaned is None or (cleaned[1] == home).all()
    if home_only and (payments is None or _all_home(payments.get("currency"), home)):
        ledger = build_ledger(invoices, payments, as_of)
        return Converted(ledger, ledger, orders, invoices, fx_issues(fx) + order_issues)
    invoices = invoices.assign(currency=currency_codes(None, invoices.index, home) if cleaned is None else
                               _codes_of(given, cleaned))
    table = fx_table(fx)
    original, allocation_issues = _allocated(invoices, payments, home, as_of)
    ledger, ledger_issues = _at_as_of(original, table, home)
    original = Ledger(original.as_of, original.invoices, original.credits, ledger.unapplied,
                      allocations=original.allocations)
    sales, sales_issues = sales_at_invoice_date(invoices, table, home)
    issues = fx_issues(fx) + allocation_issues + ledger_issues + sales_issues + order_issues
    return Converted(ledger, original, orders, sales, issues)


def sales_at_invoice_date(invoices: pd.DataFrame, fx: pd.DataFrame, home: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Invoices and credit notes with amount and amount_excl_vat at the rate of their invoice date."""
    rate = rates_at(invoices["currency"], invoices["invoice_date"], fx, home)
    issues = missing_rates(invoices["currency"], invoices["invoice_date"], invoices["amount"].abs(), rate,
                           "documents", "turnover")
    sales = invoices.assign(amount=invoices["amount"] * rate, amount_excl_vat=invoices["amount_excl_vat"] * rate)
    return sales.loc[rate.notna()], issues


def orders_at(orders: pd.DataFrame | None, fx: pd.DataFrame | None, home: str, as_of) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Open orders at the as_of rate (Orders `currency`, default the policy currency)."""
    if orders is None or "currency" not in orders or _all_home(orders["currency"], home):
        return orders, []
    code = currency_codes(orders["currency"], orders.index, home)
    rate = rates_at(code, pd.Timestamp(as_of), fx, home)
    issues = missing_rates(code, pd.Series(pd.Timestamp(as_of), index=orders.index), orders["amount"], rate,
                           "orders", "exposure_with_orders")
    return orders.assign(amount=orders["amount"] * rate, currency=code).loc[rate.notna()], issues


def _allocated(invoices: pd.DataFrame, payments: pd.DataFrame | None, home: str, as_of) -> tuple[Ledger, list[Issue]]:
    """The ledger in invoice currencies: payments settle invoices of the same debtor and currency."""
    inv = invoices.assign(debtor_id=_key(invoices["debtor_id"], invoices["currency"]))
    pay, issues = None, []
    if payments is not None:
        code, issues = _payment_currency(payments, invoices, home)
        pay = payments.assign(debtor_id=_key(payments["debtor_id"], code))
    ledger = build_ledger(inv, pay, as_of)
    invoices_out = _unkeyed(ledger.invoices)
    credits = _unkeyed(ledger.credits)
    return Ledger(ledger.as_of, invoices_out, credits, ledger.unapplied, allocations=ledger.allocations), issues


def _payment_currency(payments: pd.DataFrame, invoices: pd.DataFrame, home: str) -> tuple[pd.Series, list[Issue]]:
    """Payments `currency`, else the named invoice's, else the debtor's only one, else the policy's."""
    own = payments["currency"] if "currency" in payments else pd.Series(None, index=payments.index, dtype=object)
    own = own.where(own.astype(str).str.strip().ne("") & own.notna())
    named = invoices.drop_duplicates("invoice_id").set_index("invoice_id")["currency"]
    refs = payments["invoice_id"] if "invoice_id" in payments else pd.Series(None, index=payments.index, dtype=object)
    per_debtor = invoices.groupby("debtor_id")["currency"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else None)
    guess = lookup(refs, named).fillna(lookup(payments["debtor_id"], per_debtor))
    unknown = own.isna() & guess.isna()
    code = currency_codes(own.fillna(guess), payments.index, home)
    issues = [Issue("Payments", int(r), "currency", "warning",
                    message("fx.payment_currency", debtor=d, home=home)) for r, d in zip(payments.loc[unknown, "_row"], payments.loc[unknown, "debtor_id"])]
    return code, issues


def _key(debtor: pd.Series, currency: pd.Series) -> pd.Series:
    return debtor.astype(str) + KEY_SEPARATOR + currency.astype(str)


def _unkeyed(frame: pd.DataFrame) -> pd.DataFrame:
    """debtor_id and currency back from the allocation key."""
    parts = frame["debtor_id"].str.rsplit(KEY_SEPARATOR, n=1, expand=True)
    return frame.assign(debtor_id=parts[0].astype(object), currency=parts[1].astype(object)) if len(frame) else \
        frame.assign(currency=pd.Series(dtype=object))


def _at_as_of(original: Ledger, fx: pd.DataFrame, home: str) -> tuple[Ledger, list[Issue]]:
    """The ledger converted at the as_of rate; currencies without a rate are left out."""
    as_of = original.as_of
    inv = original.invoices
    rate = rates_at(inv["currency"], as_of, fx, home)
    open_now = inv["open"] > 0
    issues = missing_rates(inv["currency"][open_now], pd.Series(as_of, index=inv.index)[open_now],
                           inv["open"][open_now], rate[open_now], "open_invoices",
                           "exposure_cover")
    invoices = inv.assign(amount_original=inv["amount"], open_original=inv["open"], fx_rate=rate,
                          amount=inv["amount"] * rate, open=inv["open"] * rate, settled=inv["settled"] * rate)
    credits = original.credits
    credit_rate = rates_at(credits["currency"], as_of, fx, home)
    credits = credits.assign(amount_original=credits["amount"], amount=credits["amount"] * credit_rate)
    unapplied, unapplied_issues = _unapplied_at(original.unapplied, as_of, fx, home)
    return Ledger(as_of, invoices.loc[rate.notna()].reset_index(drop=True),
                  credits.loc[credit_rate.notna()].reset_index(drop=True), unapplied), issues + unapplied_issues


def _unapplied_at(unapplied: pd.Series, as_of, fx: pd.DataFrame, home: str) -> tuple[pd.Series, list[Issue]]:
    """Unapplied credit per debtor in the policy currency: each currency's credit at the as_of rate."""
    if unapplied.empty:
        return unapplied.rename_axis("debtor_id"), []
    parts = pd.Series(unapplied.index, dtype=object).str.rsplit(KEY_SEPARATOR, n=1, expand=True)
    amount = pd.Series(unapplied.to_numpy(), index=parts.index)
    rate = rates_at(parts[1], as_of, fx, home)
    issues = missing_rates(parts[1], pd.Series(as_of, index=parts.index), amount, rate, "unapplied",
                           "exposure")
    total = (amount * rate).groupby(parts[0]).sum(min_count=1)
    return total.loc[total > CENT].rename("unapplied").rename_axis("debtor_id"), issues


def interest_converted(penalties: pd.DataFrame, fx: pd.DataFrame | None, policy: Policy, as_of) -> pd.DataFrame:
    """The Penalties sheet with `interest_converted` (policy currency, as_of rate) when any row is foreign."""
    home = policy.currency.upper()
    if "currency" not in penalties or (penalties["currency"] == home).all():
        return penalties
    rate = rates_at(penalties["currency"], pd.Timestamp(as_of), fx_table(fx), home)
    return penalties.assign(interest_converted=(penalties["interest"] * rate).round(2))
