"""The declarations the insured sends, in one registry that the Declarations sheet, the deadlines,
the Register, the workbook contract, the letters and the bulk files all read.

Each kind has a deterministic id, so a Register row matches the same declaration on every run:

>>> declaration_id("overdue_notice", "C013", pd.Timestamp("2026-08-15"))
'overdue_notice:C013:2026-08-15'
>>> declaration_id("turnover", period="2026-Q3")
'turnover:2026-Q3'
>>> parse_declaration_id("overdue_notice:C013:2026-08-15")["debtor_id"]
'C013'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class DeclarationKind:
    type: str                     # the id's first part, the Register's `type`
    name_en: str
    name_fr: str
    title_en: str                 # the letter's title
    title_fr: str
    addressee: str                # insurer, or court (the court-appointed representative)
    per_debtor: bool              # keyed by debtor and first date, else by period
    deadline: str                 # how due_by is set (the rule lives in functions.deadlines / insolvency)
    register_words: tuple[str, ...] = ()  # other spellings accepted in the Register's type column

    @property
    def template(self) -> str:
        """The letter template's kind: addin/letters/docx/{template}_{fr|en}.docx."""
        return self.type


KINDS: dict[str, DeclarationKind] = {k.type: k for k in (
    DeclarationKind("overdue_notice", "Overdue notice", "Menace de sinistre", "Overdue notification",
                    "Déclaration de menace de sinistre", "insurer", True,
                    "earliest notify_by of the invoices it lists", ("menace de sinistre", "avis de retard")),
    DeclarationKind("collection_request", "Collection request", "Demande d'intervention contentieuse",
                    "Collection request", "Demande d’intervention contentieuse", "insurer", True,
                    "earliest handover_by of the invoices due for hand-over",
                    ("demande d'intervention contentieuse", "dic", "contentieux")),
    DeclarationKind("insolvency_notice", "Insolvency notice", "Avis de procédure collective", "Insolvency notice",
                    "Avis de procédure collective", "insurer", True, "insolvency_date + insolvency_notice_days",
                    ("avis de procedure collective",)),
    DeclarationKind("proof_of_claim", "Proof of claim", "Déclaration de créance", "Proof of claim",
                    "Déclaration de créance", "court", True, "insolvency_date + 2 months, month-end clipped",
                    ("declaration de creance",)),
    DeclarationKind("turnover", "Turnover declaration", "Déclaration de chiffre d'affaires", "Turnover declaration",
                    "Déclaration de chiffre d’affaires", "insurer", False, "none (blank)",
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


def parse_declaration_id(text: str) -> dict:
    """type, debtor_id, first_date and period of an id; ValueError for anything else."""
    found = ID_PATTERN.match(str(text).strip())
    kind = KINDS.get(found["type"]) if found else None
    if kind is None or kind.per_debtor != (found["first"] is not None):
        raise ValueError(f"'{text}' is not a declaration id such as overdue_notice:C013:2026-08-15 "
                         "or turnover:2026-Q3 (see the Declarations sheet)")
    first = pd.Timestamp(found["first"]) if found["first"] else None
    return {"type": kind.type, "debtor_id": found["debtor"], "first_date": first, "period": found["period"]}


def parse_declaration_ids(ids: pd.Series) -> pd.DataFrame:
    """type, debtor, first (a date) and period of each id (blank parts where the id does not say)."""
    parts = ids.astype(str).str.extract(ID_PATTERN)
    return parts.assign(first=pd.to_datetime(parts["first"], errors="coerce"))
