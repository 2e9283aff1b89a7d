"""`--in-place`: result sheets written into the user's own workbook, only when that is safe.

openpyxl, the only Python library that edits an existing .xlsx, silently drops what it does
not model: VBA, the ribbon, pivot tables, charts, images, extension lists (slicers,
sparklines, newer data validations). So we refuse when the workbook holds any of them, keep a
timestamped backup, write every result sheet (input sheets untouched) to a temporary copy and
rename it over the original in one step.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd

from addin.workbook.book import FileBook, atomic_write
from addin.workbook.results import header, shown
from addin.workbook.layout import blocks_of_cells, layout
from addin.workbook.read import ContractError

# zip part name pattern -> what the user would lose
FRAGILE_PARTS = (
    (r"vbaProject\.bin$", "VBA macros"),
    (r"^customUI/", "a custom ribbon"),
    (r"pivotTable|pivotCache", "pivot tables"),
    (r"^xl/charts/", "charts"),
    (r"^xl/media/", "images"),
    (r"^xl/slicers?|slicerCache", "slicers"),
)
EXTLST = re.compile(rb"<(?:\w+:)?extLst\b")


def fragile_content(path: Path) -> list[str]:
    """What openpyxl would lose if it re-saved this workbook (empty when it is safe)."""
    lost = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for pattern, what in FRAGILE_PARTS:
            if any(re.search(pattern, n) for n in names) and what not in lost:
                lost.append(what)
        xml = [n for n in names if n.startswith("xl/") and n.endswith(".xml")]
        if any(EXTLST.search(archive.read(n)) for n in xml):
            lost.append("extension lists (extLst: slicers, sparklines or newer data validations)")
    return lost


def backup_path(path: Path, now: datetime) -> Path:
    return path.with_name(f"{path.stem}.backup-{now:%Y%m%d-%H%M%S}{path.suffix}")


class InPlaceBook(FileBook):
    """A FileBook whose results go into the workbook itself, after a backup."""

    def __init__(self, path, quiet: bool = False, now: datetime | None = None):
        super().__init__(path, out=path, quiet=quiet)
        lost = fragile_content(self.path)
        if lost:
            raise ContractError(f"--in-place refused: {self.name} holds {', '.join(lost)}, which rewriting the file "
                                "would lose; run without --in-place to write the results to a separate workbook")
        self.backup = backup_path(self.path, now or datetime.now())

    def write_results(self, sheets: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
        shutil.copy2(self.path, self.backup)
        atomic_write(self.path, lambda tmp: _replace_sheets(self.path, tmp, sheets, language, headers))

    def documents_dir(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.documents")


def _replace_sheets(source: Path, target: Path, sheets: dict[str, pd.DataFrame], language: str,
                    headers: str = "labels") -> None:
    book = openpyxl.load_workbook(source)
    for name, frame in sheets.items():
        if name in book.sheetnames:
            del book[name]
        sheet = book.create_sheet(name)
        if name == "Dashboard":  # values only: openpyxl cannot write our charts
            for row, col, values in blocks_of_cells(layout(frame, language)):
                for r, line in enumerate(values, start=row + 1):
                    for c, value in enumerate(line, start=col + 1):
                        sheet.cell(r, c, value)
            continue
        sheet.append([header(c, language, headers) for c in frame.columns])
        frame = shown(frame, language, headers)
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append(list(row))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text from the workbook is never a formula
        sheet.freeze_panes = "A2"
    book.save(target)
