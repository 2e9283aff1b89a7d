"""The `Book` port over the workbook xlwings Lite hands a script (`book: xw.Book`).

Lite's Book is a snapshot of the workbook's values taken when the script starts; writes are
queued and applied by Excel when the script returns (xlwings 0.37.8, `xlwings/pro/_xlremote.py`).
So reading and writing go through XlBook's few calls, and only what Lite lacks differs here:
- no status bar (`App.status_bar` raises): progress is printed to Lite's output pane;
- no chart positions (`Range.left` raises): the Dashboard gets its values, not its charts;
- no local files: letters and bulk files go to `/data`, the folder Lite lists under
  Files > Import/Export for download, and an FEC to import is taken from there too;
- about 2 GB of memory (Pyodide's wasm32 heap): a workbook above `MAX_CELLS` is refused with a
  message pointing to the desktop add-in and the command line.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from functions.texts import message, text

from addin.excel.xlbook import XlBook, com_values
from addin.workbook.contract import INPUT_SHEETS
from addin.workbook.layout import draw_values
from addin.workbook.read import ContractError, match_headers

DATA = Path("/data")  # Lite's Files > Import/Export folder (lite.xlwings.org/files)

# Cells (rows x columns of every sheet's used range) a Lite run may read. Measured by
# benchmarks/lite_memory.py ("Refresh all" on synthetic workbooks of 5k to 100k invoices, in
# CPython): the run costs 29 MB plus 0.19 KB per cell (281 MB at 1.38M cells), so a budget of
# 512 MB, a quarter of Pyodide's 2 GB heap, is reached at 2.6M cells; 2M cells (about 145,000
# invoices with their payments, 0.4 GB) keeps a margin. The rest of the heap holds the
# interpreter and pandas/NumPy/pyarrow (150 MB in CPython) and the peak a WebAssembly heap
# never gives back; CPython's 8-byte pointers make its figure larger than wasm32's.
MAX_CELLS = 2_000_000



def workbook_cells(book) -> int:
    """Cells of every sheet's used range: what Lite loads into Python's memory for a script."""
    total = 0
    for sheet in book.sheets:
        rows, columns = sheet.used_range.shape
        total += rows * columns
    return total


class LiteBook(XlBook):
    """Book port over xlwings Lite's `xw.Book`; letters go to `files` (Lite's /data)."""

    def __init__(self, book, files: Path | None = None):
        super().__init__(book)
        self.files = Path(files) if files is not None else DATA
        self._appended: dict[str, int] = {}  # rows this script appended, per sheet
        self._new: dict[str, list] = {}      # headers of the sheets this script added

    def check_size(self, limit: int = MAX_CELLS) -> None:
        cells = workbook_cells(self.book)
        if cells > limit:
            raise ContractError(message("lite.too_large", cells=f"{cells:,}", limit=f"{limit:,}"))

    draw_dashboard = staticmethod(draw_values)  # Lite cannot place charts

    def append_row(self, sheet: str, values: dict) -> None:
        """Below the last used row, under the matching headers. Lite's snapshot does not see the
        script's own writes, so the rows appended so far are counted here (XlBook re-reads Excel)."""
        target = self._sheet(sheet)
        if target is None:
            target = self.book.sheets.add(sheet, after=self.book.sheets[len(self.book.sheets) - 1])
            self._new[sheet] = list(values)
            target.range("A1").value = [list(values)]
        if sheet in self._new:
            headers, next_row = self._new[sheet], 2
        else:
            area = target.used_range
            rows = area.options(ndim=2).value
            headers, next_row = rows[0], area.row + len(rows)
        next_row += self._appended.get(sheet, 0)
        mapping = match_headers([h for h in headers if h is not None], INPUT_SHEETS[sheet])
        row = [values.get(mapping.get(h)) if h is not None else None for h in headers]
        target.range(f"A{next_row}").value = [com_values(pd.Series(row, dtype=object))]
        self._appended[sheet] = self._appended.get(sheet, 0) + 1

    def documents_dir(self) -> Path:
        return self.files / f"{Path(self.book.name).stem}.documents"

    def status(self, message: str) -> None:
        print(message, flush=True)

    def open_workbook(self, path: Path) -> None:
        self.alert(text("lite.no_template", self.language()))

    def language(self) -> str:
        """The workbook's language (its Policy sheet's; French when it has none)."""
        from addin.excel.macros import workbook_language
        return workbook_language(self)

    def ask_open_file(self, title: str) -> Path | None:
        """The newest .txt or .csv the user imported into Lite (Files > Import/Export)."""
        found = [p for p in self.files.glob("*") if p.suffix.lower() in (".txt", ".csv") and p.is_file()]
        return max(found, key=lambda p: (p.stat().st_mtime, p.name)) if found else None
