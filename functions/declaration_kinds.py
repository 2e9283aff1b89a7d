"""The declarations the insured sends, in one registry that the Declarations sheet, the deadlines,
the Register, the workbook contract, the letters and the bulk files all read.

Each kind has a deterministic id, so a Register row matches the same declaration on every run:

>>> declaration_id("overdue_notice", "C013", pd.Timestamp("2026-08-15"))
'overdue_notice:C013:2026-08-15'
>>> declaration_id("turnover", period="2026-Q3")
'turnover:2026-Q3'
>>> parse_declaration_id("overdue_notice:C013:2026-08-15")["debtor_id"]
'C013'
>>> short_reference("overdue_notice:C013:2026-08-15"), KINDS["overdue_notice"].name("fr")
('MS-C013-20260815', 'Menace de sinistre')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .texts import text


@dataclass(frozen=True)
class DeclarationKind:
    type: str                     # the id's first part, the Register's `type`
    short: str                    # prefix of the readable reference printed on letters: MS-C013-20260815
    addressee: str                # insurer, or court (the court-appointed representative)
    per_debtor: bool              # keyed by debtor and first date, else by period
    deadline: str                 # how due_by is set (the rule lives in functions.deadlines / insolvency)
    register_words: tuple[str, ...] = ()  # other spellings accepted in the Register's type column

    @property
    def template(self) -> str:
        """The letter template's kind: addin/letters/docx/{template}_{fr|en}.docx."""
        return self.type

    def name(self, language: str) -> str:
        """What the Declarations sheet calls it (functions/texts.py, section `declaration`)."""
        return text(f"declaration.{self.type}", language)

    def title(self, language: str) -> str:
        """The letter's title."""
        return text(f"declaration.title.{self.type}", language)


# Short prefixes: the French names insurers use (menace de sinistre, contentieux, procédure
# collective, déclaration de créance, chiffre d'affaires).
KINDS: dict[str, DeclarationKind] = {k.type: k for k in (
    DeclarationKind("overdue_notice", "MS", "insurer", True, "earliest notify_by of the invoices it lists",
                    ("menace de sinistre", "avis de retard")),
    DeclarationKind("collection_request", "CT", "insurer", True, "earliest handover_by of the invoices due for hand-over",
                    ("demande d'intervention contentieuse", "dic", "contentieux")),
    DeclarationKind("insolvency_notice", "PC", "insurer", True, "insolvency_date + insolvency_notice_days",
                    ("avis de procedure collective",)),
    DeclarationKind("proof_of_claim", "DC", "court", True, "insolvency_date + 2 months, month-end clipped",
                    ("declaration de creance",)),
    DeclarationKind("turnover", "CA", "insurer", False, "none (blank)",
                    ("declaration de chiffre d'affaires", "chiffre d'affaires")),
)}
TYPES: tuple[str, ...] = tuple(KINDS)
ID_PATTERN = re.compile(r"^(?P<type>[a-z_]+):(?:(?P<debtor>.*):(?P<first>\d{4}-\d{2}-\d{2})|(?P<period>[^:]+))$")


def declaration_id(kind: str, debtor_id=None, first=None, period=None) -> str:
    """`{type}:{debtor_id}:{first date}` for a debtor's declaration, `{type}:{period}` for a period's."""
    if KINDS[kind].per_debtor:
        return f"{kind}:{debtor_id}:{pd.Timestamp(first):%Y-%m-%d}"
    return f"{kind}:{period}"


def declaration_ids(kind: str, debtor_ids: pd.Series | pd.Index, firsts: pd.Series) -> pd.Series:
    """declaration_id for many debtors at once (debtor ids and first dates aligned)."""
    debtors = pd.Series(debtor_ids).astype(str).to_numpy()
    return pd.Series(kind + ":" + debtors + ":" + pd.Series(firsts).dt.strftime("%Y-%m-%d").to_numpy(), dtype=object)


def short_reference(declaration_id: str) -> str:
    """The reference a person reads and types back: `MS-C013-20260815` for
    `overdue_notice:C013:2026-08-15`, `CA-2026-Q3` for `turnover:2026-Q3` (the id stays the key)."""
    parts = parse_declaration_id(declaration_id)
    kind = KINDS[parts["type"]]
    if kind.per_debtor:
        return f"{kind.short}-{parts['debtor_id']}-{parts['first_date']:%Y%m%d}"
    return f"{kind.short}-{parts['period']}"


def parse_declaration_id(value: str) -> dict:
    """type, debtor_id, first_date and period of an id; ValueError for anything else."""
    found = ID_PATTERN.match(str(value).strip())
    kind = KINDS.get(found["type"]) if found else None
    if kind is None or kind.per_debtor != (found["first"] is not None):
        raise ValueError(f"'{value}' is not a declaration id such as overdue_notice:C013:2026-08-15 "
                         "or turnover:2026-Q3 (see the Declarations sheet)")
    first = pd.Timestamp(found["first"]) if found["first"] else None
    return {"type": kind.type, "debtor_id": found["debtor"], "first_date": first, "period": found["period"]}


def parse_declaration_ids(ids: np.ndarray) -> dict[str, np.ndarray]:
    """type, debtor, first (a date, NaT where none) and period of each id, None where the id does
    not say; one id at a time, as str.extract reads them (a Register has few rows)."""
    found = [ID_PATTERN.search(str(i)) for i in ids]
    parts = {part: np.array([m[part] if m else None for m in found], dtype=object)
             for part in ("type", "debtor", "first", "period")}
    parts["first"] = np.array([_day(d) for d in parts["first"]], dtype="datetime64[ns]")
    return parts


def _day(text: str | None) -> np.datetime64:
    """The date `yyyy-mm-dd`, NaT when none or no such day."""
    try:
        return np.datetime64(text, "D")
    except ValueError:
        return np.datetime64("NaT")
