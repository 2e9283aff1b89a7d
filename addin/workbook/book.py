"""The `Book` port: where a run reads its input sheets and writes its result sheets.

Macros and the command line talk to a Book, never to a file or to Excel directly, so the same
code runs headless (FileBook, here) and inside Excel (the xlwings adapter).

FileBook reads the user's workbook with fastexcel (Rust calamine, about 15x faster than
openpyxl) and writes the results to a *new* workbook with XlsxWriter: the user's file is only
ever opened for reading, and the result file appears complete or not at all (temp file +
atomic rename). Every part fastexcel inflates is checked first (addin.workbook.safety): the
workbook's opening parts when it is opened, each sheet before it is loaded.

Cells fastexcel cannot give in their column's type (an Excel error such as #N/A in a date
column, a date serial of 1e10) come back as fastexcel's cell errors; they are put back as
what they hold, so validation reports `#N/A` or the absurd serial rather than an empty cell.
"""
from __future__ import annotations

import glob
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Protocol

import pandas as pd

from addin.workbook.messages import say
from addin.workbook.read import ContractError
from addin.workbook.safety import Package, check_workbook_file
from addin.workbook.writer import write_frames

# fastexcel logs a line for every mixed-type column; the parser reports real problems itself.
logging.getLogger("fastexcel").setLevel(logging.ERROR)


class Book(Protocol):
    """What a run needs from a workbook, in Excel or on disk."""

    name: str

    def sheet_names(self) -> list[str]: ...

    def read_sheet(self, name: str) -> pd.DataFrame | None:
        """The sheet's table with its own headers, indexed by Excel row number; None if absent."""

    def write_results(self, sheets: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
        """Create or replace each result sheet (columns named as in the contract; the Dashboard as
        its dict of blocks). `as_of` is the analysis date (deadline colours compare with it);
        `headers` "labels" words headers and codes in `language`, "ids" keeps the identifiers."""

    def documents_dir(self) -> Path:
        """Folder for drafted letters and bulk files."""

    def status(self, message: str) -> None:
        """Progress for the user (status bar in Excel, stderr headless)."""

    def alert(self, message: str) -> None:
        """A message the user must read (a message box in Excel, stdout headless)."""

    def open_workbook(self, path: Path) -> None:
        """Open another workbook for the user (the template)."""

    def selected_value(self):
        """The value of the selected cell (Excel only; None headless)."""

    def ask_open_file(self, title: str) -> Path | None:
        """A file the user picks (Excel's Open dialog); None when cancelled or headless."""

    def append_row(self, sheet: str, values: dict) -> None:
        """Append one row to an input sheet that the add-in may extend (Register, Actions)."""


def default_out(path: Path) -> Path:
    """`<name>.results.xlsx` beside the workbook."""
    return path.with_name(f"{path.stem}.results.xlsx")


class FileBook:
    """A workbook file read-only, with results going to `out` (default `<name>.results.xlsx`)."""

    def __init__(self, path: str | os.PathLike, out: str | os.PathLike | None = None, quiet: bool = False):
        self.path = Path(path)
        self.name = self.path.name
        self.out = Path(out) if out else default_out(self.path)
        self.quiet = quiet
        self.package, self._reader = open_reader(self.path)
        self._names = {n.lower(): n for n in self._reader.sheet_names}

    def sheet_names(self) -> list[str]:
        return list(self._reader.sheet_names)

    def read_sheet(self, name: str) -> pd.DataFrame | None:
        actual = self._names.get(name.lower())
        if actual is None:
            return None
        self.package.check_sheet(actual)
        try:
            sheet = self._reader.load_sheet(actual, schema_sample_rows=None, skip_whitespace_tail_rows=True)
            batch, errors = sheet.to_arrow_with_errors()
            frame = batch.to_pandas()
        except Exception as exc:  # fastexcel raises its own types for broken sheets
            raise ContractError(unreadable(self.package, exc, actual)) from exc
        frame.index = pd.RangeIndex(2, 2 + len(frame))  # header is Excel row 1
        return with_cell_errors(frame, errors) if errors else frame

    def write_results(self, sheets: dict[str, pd.DataFrame], language: str, as_of=None, headers: str = "labels") -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.out, lambda tmp: write_frames(tmp, sheets, language, as_of, headers))

    def documents_dir(self) -> Path:
        return self.out.with_name(f"{self.out.stem}.documents")

    def status(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    def alert(self, message: str) -> None:
        print(message)

    def open_workbook(self, path: Path) -> None:
        print(say("file.open_in_excel", path=path))

    def selected_value(self):
        return None

    def ask_open_file(self, title: str) -> Path | None:
        return None

    def append_row(self, sheet: str, values: dict) -> None:
        raise ContractError(say("file.read_only", name=self.name))


def open_reader(path: Path) -> tuple[Package, object]:
    """The checked package and its fastexcel reader (imports read other workbooks the same way)."""
    path = Path(path)
    if not path.exists():
        raise ContractError(say("file.not_found", path=path))
    if path.suffix.lower() in (".xls", ".xlsb", ".ods"):
        raise ContractError(say("file.not_supported", name=path.name, suffix=path.suffix))
    package = check_workbook_file(path)
    import fastexcel  # here, not at the top: xlwings Lite (Pyodide) has no fastexcel and never opens files

    try:
        return package, fastexcel.read_excel(str(path))
    except Exception as exc:
        raise ContractError(unreadable(package, exc)) from exc


# --- cells fastexcel could not type --------------------------------------------------------

EXCEL_ERRORS = {"Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!", "Num": "#NUM!",
                "Ref": "#REF!", "Value": "#VALUE!", "GettingData": "#GETTING_DATA"}
GOT = re.compile(r"got '(\w+)\((.*)\)'$", re.S)


def with_cell_errors(frame: pd.DataFrame, errors) -> pd.DataFrame:
    """The frame with each cell fastexcel could not give in its column's type put back as it
    was (an Excel error as its text, a number as the number), in an object column."""
    placed: dict[str, dict[int, object]] = {}
    for error in errors.errors:
        row, column = error.offset_position
        if column < frame.shape[1]:
            placed.setdefault(frame.columns[column], {})[2 + row] = cell_value(error.detail)
    for column, values in placed.items():
        cells = frame[column].astype(object)
        cells.loc[list(values)] = list(values.values())
        frame[column] = cells
    return frame


def cell_value(detail: str):
    """What a cell held, from fastexcel's `Expected float but got 'Error(NA)'`."""
    found = GOT.search(detail)
    if not found:
        return detail
    kind, payload = found.groups()
    if kind == "Error":
        return EXCEL_ERRORS.get(payload, f"#{payload.upper()}")
    if kind in ("Float", "Int"):
        return float(payload)
    if kind == "Bool":
        return payload == "true"
    if kind == "DateTime":  # ExcelDateTime { value: 10000000000.0, ... }: the serial number
        value = re.search(r"value: ([-0-9.eE+]+)", payload)
        return float(value.group(1)) if value else payload
    if payload.startswith('"') and payload.endswith('"'):
        return payload[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return payload


def unreadable(package: Package, exc: Exception, sheet: str | None = None) -> str:
    """One line naming the sheet and the cell where the XML went wrong, instead of the reader's
    several lines of parser text."""
    from addin.workbook.diagnose import first_problem
    where, problem = first_problem(package, sheet)
    if not problem:
        problem = _first_line(exc)
    if sheet:
        at = say("file.at_cell", cell=where) if where else ""
        return say("file.sheet_unreadable", name=package.name, sheet=sheet, at=at, problem=problem)
    return say("file.unreadable", name=package.name, problem=problem)


def _first_line(exc: Exception) -> str:
    text = str(exc).split("\nContext:")[0]
    text = re.sub(r"^(calamine error: )?(Xlsx error: )?(Xml error: )?(at \d+\.\.\d+: )?", "", text.strip())
    return " ".join(text.split())[:200] or type(exc).__name__


STALE_SECONDS = 6 * 3600  # no write takes this long: an older temporary file is a killed run's


def atomic_write(target: Path, write) -> None:
    """Call `write(tmp_path)` then rename over `target`: readers see the old file or the new one.
    Temporary files that killed runs left beside `target` are removed first."""
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file private; give it the mode of the file it replaces, else the umask's.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(target: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files of `target` (`.NAME.xxxx.tmp`) older than STALE_SECONDS: a run
    killed while writing leaves one, possibly hundreds of MB. A younger one may be another run's
    write in progress, and is kept. Returns the files removed."""
    now = time.time() if now is None else now
    removed = []
    for old in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        try:
            if now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()
                removed.append(old)
        except OSError:  # gone already, or not ours to remove: the write goes on
            continue
    return removed
