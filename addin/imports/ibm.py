"""The public IBM Watson "Accounts Receivable" sample as workbook-contract tables.

The CSV (see /work/shared/data/README.md) has one row per paid invoice: countryCode,
customerID, invoiceNumber, InvoiceDate, DueDate, SettledDate (m/d/yyyy), InvoiceAmount,
Disputed (Yes/No) ... It becomes:
- `Debtors`: one row per customerID, `name` = the id, `payment_terms_days` = the customer's
  usual due date - invoice date (30 in the file), `country` = a placeholder for the numeric
  country code: ISO 3166 keeps XA-XZ for private use, so no real country is ever implied:

  | countryCode | 391 | 406 | 770 | 818 | 897 | any other |
  |---|---|---|---|---|---|---|
  | country | XA | XB | XC | XD | XE | XX |

- `Invoices`: invoice_id = invoiceNumber (leading zeros kept), paid_date = SettledDate,
  disputed = Disputed == Yes, document_type `invoice`. There is no Payments sheet: paid_date
  settles each invoice (see functions.ledger).
`_row` is the CSV line (header = 1), as a spreadsheet opening the file would number it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from addin.workbook.messages import say
from addin.workbook.read import ContractError, empty_table
from addin.workbook.safety import check_text_file

COUNTRY_PLACEHOLDERS = {"391": "XA", "406": "XB", "770": "XC", "818": "XD", "897": "XE"}
UNKNOWN_COUNTRY = "XX"
IBM_COLUMNS = ("countryCode", "customerID", "invoiceNumber", "InvoiceDate", "DueDate", "InvoiceAmount", "Disputed",
               "SettledDate")


def _shaped(name: str, columns: dict[str, pd.Series], rows) -> pd.DataFrame:
    """A typed table of the contract: every column present with its dtype, then `_row`."""
    base = empty_table(name)
    frame = base.reindex(range(len(rows)))
    for column, dtype in base.dtypes.items():
        if column in columns:
            frame[column] = pd.Series(columns[column].to_numpy(), index=frame.index).astype(dtype)
        elif dtype == bool:
            frame[column] = False
    frame["_row"] = pd.Series(rows, index=frame.index).astype("int64")
    return frame


class IbmError(ContractError, ValueError):
    """The file is not the IBM sample: said on one line by the command line."""


def ibm_tables(csv_path: str | Path) -> dict[str, pd.DataFrame]:
    """{'Debtors': ..., 'Invoices': ...} typed like addin.workbook.read's tables."""
    check_text_file(Path(csv_path))
    try:
        raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        raise IbmError(say("import.unreadable", path=csv_path)) from None
    missing = [c for c in IBM_COLUMNS if c not in raw.columns]
    if missing:
        raise IbmError(say("import.not_ibm", path=csv_path, columns=", ".join(missing)))
    dates = {c: pd.to_datetime(raw[c].str.strip(), format="%m/%d/%Y", errors="coerce") for c in
             ("InvoiceDate", "DueDate", "SettledDate")}
    customer = raw["customerID"].str.strip()
    invoices = _shaped("Invoices", {
        "invoice_id": raw["invoiceNumber"].str.strip(), "debtor_id": customer,
        "invoice_date": dates["InvoiceDate"], "due_date": dates["DueDate"],
        "amount": pd.to_numeric(raw["InvoiceAmount"], errors="coerce"),
        "document_type": pd.Series("invoice", index=raw.index),
        "disputed": raw["Disputed"].str.strip().str.lower().eq("yes"), "paid_date": dates["SettledDate"]},
        raw.index + 2)
    terms = (dates["DueDate"] - dates["InvoiceDate"]).dt.days.groupby(customer).median().round()
    first = raw.assign(customerID=customer).drop_duplicates("customerID").sort_values("customerID")
    debtors = _shaped("Debtors", {
        "debtor_id": first["customerID"], "name": first["customerID"],
        "country": first["countryCode"].str.strip().map(COUNTRY_PLACEHOLDERS).fillna(UNKNOWN_COUNTRY),
        "payment_terms_days": terms.reindex(first["customerID"]).astype("Int64")}, range(2, len(first) + 2))
    return {"Debtors": debtors, "Invoices": invoices}
