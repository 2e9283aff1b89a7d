"""Receivables from the accounting export: the FEC (Fichier des Écritures Comptables).

The FEC (article A47 A-1 of the Livre des procédures fiscales) is the general ledger every
French company hands to the tax auditor: one line per entry line, 18 mandatory columns,
tab- or pipe-separated, UTF-8 or ISO-8859-15, dates `yyyymmdd`, amounts `1234,56`. The
customer accounts (411...) hold the receivables; their lettering (lettrage, EcritureLet /
DateLet) says which payments settled which invoices.

Rules the import applies (the credit manager's view of the 411 lines):
- debtor = CompAuxNum / CompAuxLib (compte auxiliaire), else CompteNum / CompteLib;
- a debit line is an invoice (facture) dated PieceDate (else EcritureDate); a returned
  cheque or a refund in a bank journal is a debit too, so it is owed again like an invoice;
- a credit line is a payment (règlement) when it is booked in a treasury journal (code
  starting BQ, BK, BAN or CAI) or its entry hits a treasury account (51x, 53x), dated
  EcritureDate; any other credit line is a credit note (avoir) dated like an invoice;
- lines sharing a letter within a debtor are matched: the group's credits (credit notes
  first, then payments, by date) are allocated to its invoices (oldest first), so each
  Payments row names the invoice it pays (a payment spread over two invoices gives two rows
  with the same payment_id) and a credit note names the invoice it mostly credits;
- a group whose credits cover its debits and whose letter is upper-case is complete: its
  invoices get `paid_date` = DateLet (else the latest credit date). Lower-case letters
  (lettrage partiel) or groups that do not balance leave the residual open;
- due date (échéance) = the DateEcheance column when the FEC has one, else invoice date + the
  debtor's payment terms (`terms`, default 30 days), recorded in Debtors.payment_terms_days;
  a credit note falls due on its own date;
- amount_excl_vat = the invoice's share of its entry's sales accounts (70x), when it has some.
Amounts stay in the book currency (Montantdevise / Idevise are not used).

Worked example (pipe-separated, 18 columns, shown abridged):
    VE|...|VE1|20250110|411000|...|C001|Alpha|FA1|20250110|...|1200,00|0,00|A|20250210|...
    VE|...|VE1|20250110|706000|...|||FA1|20250110|...|0,00|1000,00||...
    VE|...|VE1|20250110|445710|...|||FA1|20250110|...|0,00|200,00||...
    BQ|...|BQ1|20250210|512000|...|||VIR1|20250210|...|1200,00|0,00||...
    BQ|...|BQ1|20250210|411000|...|C001|Alpha|VIR1|20250210|...|0,00|1200,00|A|20250210|...
gives debtor C001 (Alpha, 30 days), invoice FA1 of 1200 (1000 excl. VAT) dated 10 Jan 2025,
due 9 Feb, paid 10 Feb, and payment VIR1 of 1200 on 10 Feb for FA1.

Problems come back as Issues on sheet `FEC`, row = line number in the file (header = 1):
unreadable amounts or dates, lines with too many fields, entries (JournalCode + EcritureNum)
whose debits and credits differ on all their lines, any account. A missing mandatory column
raises FecError (a ContractError) naming it.

Also here: `write_receivables(tables, path)` writes the tables as an .xlsx (one Excel table
per sheet, atomically), and `import_table(path, sheet_kind, mapping)` reads an ERP export
(CSV or Excel aged balance) as one contract sheet, guessing the column mapping from the
contract's headers and aliases; the mapping used goes to a `Mapping` sheet for the next import.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from functions.ledger import lookup
from functions.model import Issue, issues_frame
from functions.texts import message

from addin.workbook import parse
from addin.workbook.contract import AMOUNT, BOOL, DATE, INPUT_SHEETS, INT, normalise_header
from addin.workbook.messages import say, system_language
from addin.workbook.outputs import IMPORT, PROPERTY
from addin.workbook.read import ContractError, match_headers, read_table
from addin.workbook.safety import check_text_file
from addin.workbook.sheetdata import xml_safe_frame

MANDATORY = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
             "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
             "ValidDate", "Montantdevise", "Idevise")
DUE_DATE = "DateEcheance"
# Spellings met in real exports besides the official ones (normalised header -> official name).
ALIASES = {"ecrturelet": "EcritureLet", "dateecheance": DUE_DATE, "echeance": DUE_DATE, "datedecheance": DUE_DATE}
CUSTOMER_ACCOUNT = "411"
TREASURY_JOURNALS = ("BQ", "BK", "BAN", "CAI")
TREASURY_ACCOUNTS = ("51", "53")
SALES_ACCOUNTS = "70"
DEFAULT_TERMS_DAYS = 30
CENT = 0.005
SHEET = "FEC"


class FecError(ContractError):
    """The file cannot be read as an FEC (mandatory columns missing, not tab- or pipe-separated)."""


@dataclass(frozen=True)
class FecImport:
    """The receivables rebuilt from an FEC, as the contract's Debtors, Invoices and Payments tables."""

    debtors: pd.DataFrame
    invoices: pd.DataFrame
    payments: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    encoding: str = "utf-8"
    separator: str = "\t"
    lines: int = 0

    def tables(self, language: str | None = None) -> dict[str, pd.DataFrame]:
        """Sheet name -> table, ready for `write_receivables` or a macro filling the open workbook;
        the Issues in `language` (the system's when none is known)."""
        return {"Debtors": self.debtors, "Invoices": self.invoices, "Payments": self.payments,
                "Issues": issues_frame(self.issues, language or system_language())}


def import_fec(path, terms: Mapping[str, int] | None = None,
               default_terms_days: int = DEFAULT_TERMS_DAYS) -> FecImport:
    """Read an FEC file and rebuild its customers, invoices, credit notes and payments.

    `terms` gives the payment terms in days per debtor_id (délai de paiement), used for the
    due dates when the FEC has no DateEcheance column; other debtors get `default_terms_days`.
    """
    frame, encoding, separator, issues = read_fec(path)
    lines, accounts, line_issues = _parse_lines(frame)
    issues += line_issues + _unbalanced(lines, frame)
    customers = _customer_lines(lines, accounts, frame, issues)
    customers, allocations = _allocate_letters(customers)
    debtors = _debtors(customers, terms or {}, default_terms_days)
    invoices = _invoices(customers, debtors)
    payments = _payments(customers, allocations)
    issues.sort(key=lambda i: (i.row or 0, i.column))
    return FecImport(debtors, invoices, payments, issues, encoding, separator, len(frame))


# --- reading -------------------------------------------------------------------------------

# Ids read as text whatever they look like (customer 00123 keeps its zeros). The other columns
# are left to pandas' inference, several times faster than dtype=str: dates and amounts are
# parsed from text or numbers alike, and accounts and journals through their few distinct values.
TEXT_COLUMNS = ("EcritureNum", "CompAuxNum", "PieceRef", "EcritureLet")


def read_fec(path) -> tuple[pd.DataFrame, str, str, list[Issue]]:
    """The FEC lines with the official column names and `_line` (line number in the file), the
    encoding and separator detected, and an Issue per line with too many fields (skipped)."""
    check_text_file(Path(path))
    data = Path(path).read_bytes()
    encoding = _encoding(data)
    header = data[: data.find(b"\n")] if b"\n" in data else data
    if header.count(b"\t") == header.count(b"|") == 0:
        raise FecError(say("import.not_fec", name=Path(path).name))
    separator = "\t" if header.count(b"\t") >= header.count(b"|") else "|"
    names = _official_names(header.decode(encoding).lstrip("\ufeff").strip().split(separator))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pd.errors.ParserWarning)
        frame = pd.read_csv(io.BytesIO(data), sep=separator, encoding=encoding, quoting=csv.QUOTE_NONE,
                            dtype={h: str for h, name in names.items() if name in TEXT_COLUMNS},
                            index_col=False, skip_blank_lines=False, on_bad_lines="warn",
                            keep_default_na=False, na_values=[""])
    frame = frame.rename(columns=names)
    _require_columns(frame, Path(path).name)
    skipped = [(int(n), text) for w in caught for n, text in re.findall(r"line (\d+): (.*)", str(w.message))]
    frame["_line"] = np.setdiff1d(np.arange(2, len(frame) + len(skipped) + 2), [n for n, _ in skipped])
    issues = [Issue(SHEET, n, "", "error", message("import.fec_line_skipped", problem=text.strip())) for n, text in skipped]
    return _drop_blank_lines(frame), encoding, separator, issues


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else ISO-8859-15."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.isascii():
        return "utf-8"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "iso-8859-15"


def _official_names(headers) -> dict[str, str]:
    """Headers matched to the official names ignoring case and spaces (`MontantDevise`)."""
    official = {normalise_header(name): name for name in (*MANDATORY, "Montant", "Sens")} | ALIASES
    return {h: official[normalise_header(h)] for h in headers if normalise_header(h) in official}


def _require_columns(frame: pd.DataFrame, name: str) -> None:
    """The 18 mandatory columns; Montant + Sens may replace Debit + Credit (the text allows it)."""
    if {"Debit", "Credit"} - set(frame) and {"Montant", "Sens"} <= set(frame):
        debit = frame["Sens"].astype(str).str.strip().str.upper().isin(["D", "+1", "1"])
        zero = "0" if frame["Montant"].dtype == object or pd.api.types.is_string_dtype(frame["Montant"]) else 0
        frame["Debit"] = frame["Montant"].where(debit, zero)
        frame["Credit"] = frame["Montant"].where(~debit, zero)
    missing = [c for c in MANDATORY if c not in frame]
    if missing:
        raise FecError(say("import.incomplete_fec", name=name, columns=", ".join(missing)))


def _drop_blank_lines(frame: pd.DataFrame) -> pd.DataFrame:
    maybe = frame["JournalCode"].isna() & frame["CompteNum"].isna() & frame["EcritureNum"].isna()
    if not maybe.any():
        return frame
    blank = frame.loc[maybe, list(MANDATORY)].isna().all(axis=1)
    return frame.drop(index=blank[blank].index).reset_index(drop=True)


# --- parsing and structure checks ----------------------------------------------------------

def _parse_lines(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Amounts, date and entry of every line (the balance check needs them all), with the problems."""
    debit, bad_debit = _amounts(frame["Debit"])
    credit, bad_credit = _amounts(frame["Credit"])
    entry_date, bad_date = _dates(frame["EcritureDate"])
    account, accounts = _distinct(frame["CompteNum"])
    lines = pd.DataFrame({"_line": frame["_line"], "account": account,
                          "debit": debit, "credit": credit, "entry_date": entry_date,
                          "bad_amount": bad_debit | bad_credit,
                          "entry": _entry_codes(frame["JournalCode"], frame["EcritureNum"])})
    issues = (_bad_cells(frame, bad_debit, "Debit", "amount") + _bad_cells(frame, bad_credit, "Credit", "amount")
              + _bad_cells(frame, bad_date, "EcritureDate", "date"))
    return lines, accounts, issues


def _distinct(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values as trimmed text (411000, not 411000.0): a ledger has few accounts."""
    codes, uniques = pd.factorize(column)
    if pd.api.types.is_numeric_dtype(uniques):
        text = [str(int(v)) if float(v).is_integer() else str(v) for v in uniques]
    else:
        text = pd.Series(uniques, dtype=object).astype(str).str.strip().tolist()
    return codes, np.array(text + [""], dtype=object)  # code -1 (blank) -> ""


def _starts(codes: np.ndarray, values: np.ndarray, prefixes) -> np.ndarray:
    """Which lines' value starts with one of `prefixes`, tested once per distinct value."""
    hit = np.array([v.startswith(prefixes) for v in values], dtype=bool)
    return hit[codes]


def _amounts(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`1234,56`, ` 000000001234,56`, `-12,5` or `1234.56` as floats (blank = 0), and the bad cells."""
    if pd.api.types.is_numeric_dtype(column):
        return column.fillna(0.0).to_numpy(float), np.zeros(len(column), bool)
    text = column.astype("str")
    try:  # pyarrow's cast is ten times faster than to_numeric, but all-or-nothing
        values = text.str.replace(",", ".", regex=False).astype("float64[pyarrow]").to_numpy("float64", na_value=np.nan)
    except (ValueError, TypeError):
        dotted = text.str.replace(",", ".", regex=False).str.replace(r"\s", "", regex=True)
        values = pd.to_numeric(dotted, errors="coerce").to_numpy(float)
    bad = np.isnan(values)
    if bad.any():
        bad[bad] = text[bad].str.strip().fillna("").ne("").to_numpy(bool)
    return np.nan_to_num(values), bad


def _dates(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`yyyymmdd` (read as text or as a number; also `dd/mm/yyyy` or `yyyy-mm-dd`, which some
    software writes), as datetime64[ns] (NaT when blank or bad), and the bad cells."""
    if pd.api.types.is_numeric_dtype(column):
        codes, uniques = pd.factorize(column)  # a year has 365 dates: compute each once
        dates, bad = _number_dates(np.asarray(uniques, float))
        return np.append(dates, np.datetime64("NaT"))[codes], np.append(bad, False)[codes]
    text = column.astype("str").str.strip().replace("", None)
    dates = pd.to_datetime(text, format="%Y%m%d", errors="coerce").astype("datetime64[ns]")
    retry = dates.isna() & text.notna()
    if retry.any():
        dates[retry] = parse.parse_date(text[retry].astype(object))[0]
    return dates.to_numpy(), (dates.isna() & text.notna()).to_numpy(bool)


def _number_dates(number: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """20250131.0 -> 2025-01-31; NaN -> NaT; impossible dates (20250431) -> NaT and bad."""
    ok = ~np.isnan(number)
    ymd = np.where(ok, number, 19700101).astype(np.int64)
    year, month, day = ymd // 10000, ymd // 100 % 100, ymd % 100
    sane = (year >= 1900) & (year <= 2199) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    months = (year - 1970) * 12 + np.clip(month, 1, 12) - 1
    dates = months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    sane &= (dates.astype("datetime64[M]") == months.astype("datetime64[M]"))  # no 31 April
    dates = np.where(ok & sane, dates, np.datetime64("NaT")).astype("datetime64[ns]")
    return dates, ok & ~sane


def _bad_cells(frame: pd.DataFrame, bad: np.ndarray, column: str, what: str, severity: str = "error") -> list[Issue]:
    if not bad.any():
        return []
    hits = frame.loc[bad, [column, "_line"]]
    return [Issue(SHEET, int(n), column, severity, message(f"import.fec_not_{what}", value=str(v).strip()[:40]))
            for v, n in zip(hits[column], hits["_line"])]


def _entry_codes(journal: pd.Series, number: pd.Series) -> np.ndarray:
    """One integer per entry (écriture): journal + EcritureNum, as numbering may restart per journal."""
    j = pd.factorize(journal)[0].astype(np.int64)
    n = pd.factorize(number)[0].astype(np.int64)
    return pd.factorize(j * (n.max(initial=0) + 2) + n)[0]


def _unbalanced(lines: pd.DataFrame, frame: pd.DataFrame) -> list[Issue]:
    """One warning per entry whose debits and credits differ by more than half a cent (all accounts)."""
    entry = lines["entry"].to_numpy()
    debit = np.bincount(entry, weights=lines["debit"].to_numpy())
    credit = np.bincount(entry, weights=lines["credit"].to_numpy())
    wrong = np.flatnonzero(np.abs(debit - credit) > CENT)
    if not len(wrong):
        return []
    first = np.unique(entry, return_index=True)[1][wrong]
    return [Issue(SHEET, int(frame["_line"].iat[i]), "Debit", "warning",
                  message("import.fec_unbalanced", journal=frame["JournalCode"].iat[i], number=frame["EcritureNum"].iat[i],
                          debit=d, credit=c))
            for i, d, c in zip(first, debit[wrong], credit[wrong])]


# --- the customer lines --------------------------------------------------------------------

def _customer_lines(lines: pd.DataFrame, accounts: np.ndarray, frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """The 411 lines with their debtor, kind (invoice, credit_note, payment), date and amount."""
    entry, account = lines["entry"].to_numpy(), lines["account"].to_numpy()
    signed = (lines["debit"] - lines["credit"]).to_numpy()
    is_customer = _starts(account, accounts, CUSTOMER_ACCOUNT)
    treasury_entry = np.bincount(entry, weights=_starts(account, accounts, TREASURY_ACCOUNTS)) > 0
    sales = np.bincount(entry, weights=np.where(_starts(account, accounts, SALES_ACCOUNTS), -signed, 0.0))
    receivable = np.bincount(entry, weights=np.where(is_customer, signed, 0.0))
    used = ["JournalCode", "EcritureNum", "CompAuxNum", "CompAuxLib", "CompteLib", "PieceRef", "PieceDate",
            "EcritureLet", "DateLet", "_line"] + ([DUE_DATE] if DUE_DATE in frame else [])
    raw = frame.loc[is_customer, used].reset_index(drop=True)
    cust = lines.loc[is_customer, ["_line", "account", "entry_date", "entry", "bad_amount"]].reset_index(drop=True)
    cust["account"] = accounts[cust["account"]]
    aux = raw["CompAuxNum"].str.strip().replace("", None)
    cust["debtor_id"] = aux.fillna(cust["account"])
    cust["name"] = _text(raw["CompAuxLib"]).where(aux.notna(), _text(raw["CompteLib"]))
    cust["amount"] = signed[is_customer].round(2)
    journal_codes, journals = _distinct(raw["JournalCode"])
    journals = np.array([j.upper() for j in journals], dtype=object)
    treasury = _starts(journal_codes, journals, TREASURY_JOURNALS) | treasury_entry[cust["entry"]]
    cust["kind"] = np.where(cust["amount"] > 0, "invoice", np.where(treasury, "payment", "credit_note"))
    piece_date, bad_piece = _dates(raw["PieceDate"])
    entry_date = cust["entry_date"].to_numpy()
    paying = (cust["kind"] == "payment").to_numpy()
    first, second = np.where(paying, entry_date, piece_date), np.where(paying, piece_date, entry_date)
    cust["date"] = np.where(np.isnat(first), second, first)
    cust["letter"] = raw["EcritureLet"].str.strip().replace("", None)
    cust["letter_date"], bad_let = _dates(raw["DateLet"])
    cust["due_date"], bad_due = _dates(raw[DUE_DATE]) if DUE_DATE in raw else (pd.NaT, np.zeros(len(raw), bool))
    ratio = np.divide(sales, receivable, out=np.full(len(sales), np.nan), where=np.abs(receivable) > CENT)
    excl = (cust["amount"] * ratio[cust["entry"]]).round(2)
    cust["amount_excl_vat"] = excl.where(excl != 0)
    cust["ref"] = _references(raw["PieceRef"], raw["EcritureNum"].str.strip())
    issues += (_bad_cells(raw, bad_piece, "PieceDate", "date", "warning") + _bad_cells(raw, bad_let, "DateLet", "date", "warning")
               + _bad_cells(raw, bad_due, DUE_DATE, "date", "warning"))
    unusable = cust["bad_amount"] | cust["date"].isna()
    issues += [Issue(SHEET, int(n), "CompteNum", "error", message("import.fec_unusable"))
               for n in cust.loc[unusable, "_line"]]
    keep = ~unusable & (cust["amount"] != 0)
    return cust.loc[keep].drop(columns="bad_amount").reset_index(drop=True)


def _text(column: pd.Series) -> pd.Series:
    """Trimmed text, None when blank, whatever dtype the reader inferred."""
    codes, values = _distinct(column)
    out = pd.Series(values[codes], index=column.index, dtype=object)
    return out.where(out != "", None)


def _references(piece_ref: pd.Series, number: pd.Series) -> pd.Series:
    """PieceRef (the invoice or payment number), else EcritureNum when PieceRef is blank or `-`."""
    ref = piece_ref.str.strip()
    return ref.where(ref.str.contains(r"[0-9A-Za-z]").fillna(False).astype(bool), number)


def _unique(ids: pd.Series) -> pd.Series:
    """Ids made unique by suffixing repeats (FA1-1, FA1-2: an invoice split over two due dates)."""
    codes = pd.factorize(ids)[0]
    repeated = np.bincount(codes)[codes] > 1
    if not repeated.any():
        return ids
    rank = pd.Series(codes[repeated]).groupby(codes[repeated]).cumcount().to_numpy() + 1
    out = ids.copy()
    out[repeated] = ids[repeated] + "-" + pd.Series(rank, index=ids.index[repeated]).astype(str)
    return out


def _group_codes(cust: pd.DataFrame) -> np.ndarray:
    """One integer per (debtor, letter), -1 for unlettered lines."""
    debtor = pd.factorize(cust["debtor_id"])[0].astype(np.int64)
    letter = pd.factorize(cust["letter"])[0].astype(np.int64)
    codes = pd.factorize(debtor * (letter.max(initial=0) + 2) + letter)[0]
    return np.where(letter < 0, -1, codes)


def _allocate_letters(cust: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Match the lines of each letter group (lettrage) and date the settled invoices.

    Within a group, invoices (by date) and credits (credit notes first, then payments, by
    date) are laid end to end on one axis: a credit pays the invoices its interval overlaps.
    Returns the lines with `invoice_id` / `payment_id`, `paid_date` (invoices of complete
    groups) and `credited_invoice_id` (credit notes), and the allocations (credit line,
    invoice_id, amount).
    """
    cust = cust.assign(group=_group_codes(cust), invoice_id=None, payment_id=None)
    paying = cust["kind"] == "payment"
    cust.loc[~paying, "invoice_id"] = _unique(cust.loc[~paying, "ref"])
    cust.loc[paying, "payment_id"] = _unique(cust.loc[paying, "ref"])
    lettered = cust.loc[cust["group"] >= 0].assign(value=lambda c: c["amount"].abs(),
                                                   order=lambda c: np.where(c["kind"] == "payment", 1, 0))
    lettered = lettered.sort_values(["group", "order", "date", "_line"], kind="stable")
    is_invoice = lettered["kind"] == "invoice"
    debts, credits = _intervals(lettered.loc[is_invoice]), _intervals(lettered.loc[~is_invoice])
    pairs = credits.merge(debts[["group", "lo", "hi", "invoice_id"]], on="group", suffixes=("", "_inv"))
    pairs["allocated"] = (np.minimum(pairs["hi"], pairs["hi_inv"]) - np.maximum(pairs["lo"], pairs["lo_inv"])).round(2)
    pairs = pairs.loc[pairs["allocated"] > CENT, ["line", "invoice_id_inv", "allocated"]]
    pairs = pairs.rename(columns={"invoice_id_inv": "paid_invoice"})
    cust["paid_date"] = lookup(cust["group"], _settlement_dates(lettered, is_invoice)).astype("datetime64[ns]")
    cust["paid_date"] = cust["paid_date"].where(cust["kind"] == "invoice")
    largest = pairs.sort_values("allocated", ascending=False, kind="stable").drop_duplicates("line")
    cust["credited_invoice_id"] = lookup(cust.index.to_series(), largest.set_index("line")["paid_invoice"])
    cust["credited_invoice_id"] = cust["credited_invoice_id"].where(cust["kind"] == "credit_note", None)
    return cust, pairs


def _intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """Each row's [lo, hi) on its group's axis: cumulative amounts in the sorted order."""
    hi = rows.groupby("group")["value"].cumsum()
    return pd.DataFrame({"line": rows.index, "group": rows["group"], "lo": hi - rows["value"], "hi": hi,
                         "invoice_id": rows["invoice_id"]})


def _settlement_dates(lettered: pd.DataFrame, is_invoice: pd.Series) -> pd.Series:
    """Per complete group (credits cover debits, upper-case letter): DateLet, else the last credit date."""
    by_group = lettered.groupby("group")
    debits = lettered["value"].where(is_invoice, 0.0).groupby(lettered["group"]).sum()
    credits = lettered["value"].where(~is_invoice, 0.0).groupby(lettered["group"]).sum()
    partial = by_group["letter"].first().str.contains("[a-z]")
    complete = (credits >= debits - CENT) & (debits > 0) & ~partial
    last_credit = lettered["date"].where(~is_invoice).groupby(lettered["group"]).max()
    when = by_group["letter_date"].max().fillna(last_credit)
    return when.where(complete).dropna()


# --- the contract's tables ------------------------------------------------------------------

def _contract_frame(sheet: str, values: dict) -> pd.DataFrame:
    """A table with every column of the contract sheet, in order; absent columns left blank."""
    n = len(next(iter(values.values())))
    blank = {DATE: (pd.NaT, "datetime64[ns]"), AMOUNT: (np.nan, "float64"), INT: (pd.NA, "Int64"),
             BOOL: (False, "bool")}
    out = {}
    for col in INPUT_SHEETS[sheet]:
        if col.name in values:
            value = values[col.name]
            out[col.name] = value.reset_index(drop=True) if isinstance(value, pd.Series) else value
        else:
            fill, dtype = blank.get(col.kind, (None, "object"))
            out[col.name] = pd.Series([fill] * n, dtype=dtype)
    frame = pd.DataFrame(out)
    for col in INPUT_SHEETS[sheet]:
        if col.kind not in blank:  # ids and text as Python str or None
            frame[col.name] = frame[col.name].astype(object).where(frame[col.name].notna(), None)
    return frame


def _debtors(cust: pd.DataFrame, terms: Mapping[str, int], default_days: int) -> pd.DataFrame:
    names = cust.groupby("debtor_id", sort=True)["name"].first()
    days = pd.Series([terms.get(d, default_days) for d in names.index], dtype="Int64")
    return _contract_frame("Debtors", {"debtor_id": pd.Series(names.index, dtype=object),
                                       "name": names.reset_index(drop=True), "payment_terms_days": days})


def _invoices(cust: pd.DataFrame, debtors: pd.DataFrame) -> pd.DataFrame:
    docs = cust.loc[cust["kind"] != "payment"].sort_values(["date", "_line"], kind="stable")
    days = lookup(docs["debtor_id"], debtors.set_index("debtor_id")["payment_terms_days"]).astype(float)
    days = days.where(docs["kind"] == "invoice", 0.0)
    due = docs["due_date"].fillna(docs["date"] + pd.to_timedelta(days, unit="D"))
    return _contract_frame("Invoices", {
        "invoice_id": docs["invoice_id"], "debtor_id": docs["debtor_id"], "invoice_date": docs["date"],
        "due_date": due, "amount": docs["amount"], "amount_excl_vat": docs["amount_excl_vat"],
        "document_type": docs["kind"], "credited_invoice_id": docs["credited_invoice_id"],
        "paid_date": docs["paid_date"]})


def _payments(cust: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per (payment, invoice it pays) from the lettering, plus what no letter assigns."""
    paid = cust.loc[cust["kind"] == "payment"]
    parts = pairs.loc[pairs["line"].isin(paid.index)]
    assigned = parts.groupby("line")["allocated"].sum().reindex(paid.index, fill_value=0.0)
    rest = (-paid["amount"] - assigned).round(2)
    rows = pd.concat([
        pd.DataFrame({"line": parts["line"], "amount": parts["allocated"], "invoice_id": parts["paid_invoice"]}),
        pd.DataFrame({"line": paid.index[rest > CENT], "amount": rest[rest > CENT], "invoice_id": None}),
    ], ignore_index=True)
    source = cust.loc[rows["line"]]
    rows = rows.assign(date=source["date"].to_numpy(), _line=source["_line"].to_numpy())
    rows = rows.sort_values(["date", "_line", "amount"], ascending=[True, True, False], kind="stable")
    source = cust.loc[rows["line"]]
    return _contract_frame("Payments", {"payment_id": source["payment_id"], "debtor_id": source["debtor_id"],
                                        "date": rows["date"], "amount": rows["amount"], "invoice_id": rows["invoice_id"]})


# --- writing the receivables workbook --------------------------------------------------------

def write_receivables(tables: Mapping[str, pd.DataFrame], out_path) -> Path:
    """Write each table to its own sheet, as an Excel table with headers in row 1, atomically.

    Text is written as text (a name starting with `=` is not a formula, characters XML cannot
    hold are replaced), dates as dates, blanks (None, NaN, NaT) as empty cells. The file
    appears complete or not at all: it is written beside `out_path` under a temporary name,
    then renamed. It is marked as an import of ours (addin.workbook.outputs).
    """
    out = Path(out_path)
    fd, temp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".xlsx", dir=out.parent)
    os.close(fd)
    try:
        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        with pd.ExcelWriter(temp, engine="xlsxwriter", date_format="dd/mm/yyyy", datetime_format="dd/mm/yyyy",
                            engine_kwargs={"options": options}) as writer:
            writer.book.set_custom_property(PROPERTY, IMPORT)
            for name, table in tables.items():
                _write_table(writer, name, xml_safe_frame(table.drop(columns="_row", errors="ignore")))
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return out


def _write_table(writer: pd.ExcelWriter, name: str, table: pd.DataFrame) -> None:
    table.to_excel(writer, sheet_name=name, index=False, header=False, startrow=1)
    sheet = writer.sheets[name]
    last_row = max(len(table), 1)  # an Excel table needs one body row, even empty
    sheet.add_table(0, 0, last_row, max(len(table.columns), 1) - 1,
                    {"name": re.sub(r"\W", "_", name), "style": "Table Style Light 9",
                     "columns": [{"header": str(c)} for c in table.columns] or [{"header": "empty"}]})
    sheet.set_column(0, max(len(table.columns), 1) - 1, 16)
    sheet.freeze_panes(1, 0)


# --- generic import of an ERP export (aged balance, open items) ------------------------------

@dataclass(frozen=True)
class TableImport:
    """One input sheet read from an ERP export, with the column mapping used and the problems."""

    sheet: str
    table: pd.DataFrame
    mapping: dict[str, str]
    issues: list[Issue] = field(default_factory=list)

    def tables(self, language: str | None = None) -> dict[str, pd.DataFrame]:
        """Sheet name -> table for `write_receivables`; the Mapping sheet lets the next import reuse it;
        the Issues in `language` (the system's when none is known)."""
        return {self.sheet: self.table, "Mapping": mapping_frame(self.sheet, self.mapping),
                "Issues": issues_frame(self.issues, language or system_language())}


def import_table(path, sheet_kind: str = "Invoices", mapping: Mapping[str, str] | pd.DataFrame | None = None,
                 ) -> TableImport:
    """Read a CSV or Excel export as the contract's `sheet_kind` table (Invoices, Debtors, Payments...).

    `mapping` (source column -> contract column) may be a dict or a Mapping table (columns sheet,
    source_column, contract_column, as `mapping_frame` writes it); its entries win, a blank
    contract column ignores that source column, and the other columns are guessed from the
    contract's headers and French aliases. Raises ContractError when a required column is
    neither mapped nor recognised.
    """
    if sheet_kind not in INPUT_SHEETS:
        raise ContractError(say("import.unknown_sheet", sheet=sheet_kind, sheets=", ".join(INPUT_SHEETS)))
    raw = _read_export(Path(path), sheet_kind)
    used = resolve_mapping(raw.columns, sheet_kind, mapping)
    renamed = raw[list(used)].rename(columns=used)
    table, issues = read_table(sheet_kind, renamed)
    source = {contract: src for src, contract in used.items()}
    issues = [Issue(Path(path).name, i.row, source.get(i.column, i.column), i.severity, i.message) for i in issues]
    return TableImport(sheet_kind, table.drop(columns="_row"), used, issues)


def resolve_mapping(headers, sheet_kind: str, given: Mapping[str, str] | pd.DataFrame | None) -> dict[str, str]:
    """Source header -> contract column: the given entries first, then guesses for the rest."""
    explicit = _explicit_mapping(given, sheet_kind)
    names = {c.name for c in INPUT_SHEETS[sheet_kind]}
    unknown = sorted({c for c in explicit.values() if c and c not in names})
    if unknown:
        raise ContractError(say("import.unknown_columns", sheet=sheet_kind, columns=", ".join(unknown),
                                expected=", ".join(sorted(names))))
    chosen = {h: explicit[h] for h in headers if explicit.get(h)}
    rest = [h for h in headers if h not in explicit]
    free = tuple(c for c in INPUT_SHEETS[sheet_kind] if c.name not in chosen.values())
    guessed = match_headers(rest, free)
    return {h: chosen.get(h) or guessed[h] for h in headers if h in chosen or h in guessed}


def _explicit_mapping(given, sheet_kind: str) -> dict[str, str | None]:
    if given is None:
        return {}
    if isinstance(given, pd.DataFrame):
        table = given.rename(columns={c: normalise_header(c) for c in given.columns})
        rows = table.loc[table["sheet"].astype(str).str.strip().str.lower() == sheet_kind.lower()]
        return {str(s).strip(): (str(c).strip() if pd.notna(c) and str(c).strip() else None)
                for s, c in zip(rows["sourcecolumn"], rows["contractcolumn"])}
    return {str(s): (c or None) for s, c in given.items()}


def mapping_frame(sheet_kind: str, mapping: Mapping[str, str]) -> pd.DataFrame:
    """The Mapping sheet rows of one import: sheet, source_column, contract_column."""
    return pd.DataFrame({"sheet": sheet_kind, "source_column": list(mapping), "contract_column": list(mapping.values())},
                        columns=["sheet", "source_column", "contract_column"]).astype(object)


def read_mapping(path: Path) -> pd.DataFrame:
    """The Mapping sheet of a workbook an earlier import wrote (checked like any workbook read)."""
    from addin.workbook.book import FileBook
    frame = FileBook(path, quiet=True).read_sheet("Mapping")
    if frame is None:
        raise ContractError(say("file.no_mapping", name=Path(path).name))
    return frame


def _read_export(path: Path, sheet_kind: str) -> pd.DataFrame:
    """The export's cells with the file's row numbers as index (header = row 1). A workbook is
    read through the same checks as every workbook (addin.workbook.book), its sheet named as
    the contract's or else its first."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        from addin.workbook.book import FileBook
        book = FileBook(path, quiet=True)
        raw = book.read_sheet(sheet_kind)
        if raw is None:
            raw = book.read_sheet(book.sheet_names()[0])
    else:
        check_text_file(path)
        data = path.read_bytes()
        encoding = "utf-8-sig" if _encoding(data) != "iso-8859-15" else "cp1252"
        header = data.split(b"\n", 1)[0]
        sep = max(";,\t|", key=lambda c: header.count(c.encode()))
        raw = pd.read_csv(io.BytesIO(data), sep=sep, encoding=encoding, dtype=object, skip_blank_lines=False,
                          keep_default_na=False, na_values=[""])
    raw.columns = [str(c).strip() for c in raw.columns]
    raw.index = pd.RangeIndex(2, len(raw) + 2)
    return raw
