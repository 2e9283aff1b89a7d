"""Mark a declaration as sent: append one row to the workbook's `Register` sheet.

The Register and Actions are the only input sheets the add-in writes to, and only by appending
(`append_rows`; reminders marked sent go to Actions, see addin.workbook.actions). Headless, this
rewrites the workbook, so it follows the --in-place rules: refused when the file holds parts
openpyxl would lose, a timestamped backup first, an atomic replace.

Declaration ids say what they declare: `overdue_notice:C013:2026-08-15`,
`collection_request:C016:2026-07-03`, `insolvency_notice:C019:2026-10-22`, `turnover:2026-Q3`.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl

from functions.declaration_kinds import parse_declaration_id

from addin.workbook.book import atomic_write
from addin.workbook.contract import INPUT_SHEETS
from addin.workbook.inplace import backup_path, fragile_content
from addin.workbook.read import ContractError, match_headers

REGISTER = "Register"


def parse_id(declaration_id: str) -> dict:
    """type, debtor_id and period of a declaration id (functions.declaration_kinds); a clear error for anything else."""
    try:
        parts = parse_declaration_id(declaration_id)
    except ValueError as exc:
        raise ContractError(str(exc)) from None
    return {"type": parts["type"], "debtor_id": parts["debtor_id"], "period": parts["period"]}


def mark_sent(path: Path, declaration_id: str, sent: date, reference: str = "", note: str = "",
              now: datetime | None = None) -> Path:
    """Append the Register row; return the backup's path."""
    row = {"declaration_id": declaration_id, **parse_id(declaration_id), "status": "sent",
           "sent_date": datetime(sent.year, sent.month, sent.day), "reference": reference or None, "note": note or None}
    return append_rows(path, REGISTER, [row], "mark-sent", "the ribbon's Mark as sent", now)


def append_rows(path: Path, sheet: str, rows: list[dict], command: str, in_excel: str,
                now: datetime | None = None) -> Path:
    """Append `rows` (contract column -> value) under the headers of `sheet`; return the backup's path.

    `command` and `in_excel` name the refused command and what to use in Excel instead.
    """
    lost = fragile_content(path)
    if lost:
        raise ContractError(f"{command} refused: {path.name} holds {', '.join(lost)}, which rewriting the file would "
                            f"lose; record it in Excel with {in_excel} instead")
    backup = backup_path(path, now or datetime.now())
    shutil.copy2(path, backup)
    atomic_write(path, lambda tmp: _append(path, tmp, sheet, rows))
    return backup


def _append(source: Path, target: Path, name: str, rows: list[dict]) -> None:
    book = openpyxl.load_workbook(source)
    columns = INPUT_SHEETS[name]
    if name not in book.sheetnames:
        book.create_sheet(name).append([c.name for c in columns])
    sheet = book[name]
    headers = [c.value for c in sheet[1]]
    mapping = match_headers([h for h in headers if h is not None], columns)
    missing = [c.name for c in columns if c.required and c.name not in mapping.values()]
    if missing:
        raise ContractError(f"{source.name}: the {name} sheet has no {', '.join(missing)} column")
    last = _last_row(sheet)
    for offset, row in enumerate(rows, start=1):
        values = [row.get(mapping.get(h)) if h is not None else None for h in headers]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=last + offset, column=col, value=value)
            if isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    for table in sheet.tables.values():  # grow the Excel table over the new rows
        first, end = table.ref.split(":")
        table.ref = f"{first}:{''.join(c for c in end if c.isalpha())}{last + len(rows)}"
    book.save(target)


def _last_row(sheet) -> int:
    """The last row holding a value (Excel tables often end with empty formatted rows)."""
    for r in range(sheet.max_row, 1, -1):
        if any(c.value is not None for c in sheet[r]):
            return r
    return 1
