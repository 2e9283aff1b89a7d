"""One writer at a time, and never a workbook open in Excel or LibreOffice.

`one_writer(path)` holds an operating-system lock (filelock) on `.<name>.credit-addin.lock`
beside the workbook while a command reads, changes and replaces it: a second `mark-sent` on
the same workbook waits for the first and then appends its own row to the result, instead of
both reading the same file and one row being lost. Beside the workbook, the lock also holds
across machines sharing the folder.

Excel marks an open workbook with an owner file `~$<name>` in the same folder, LibreOffice
with `.~lock.<name>#`; both hold the name of who opened it. A workbook marked so is refused
with that name: our write would be lost when they save, or theirs would.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from addin.workbook.messages import say
from addin.workbook.read import ContractError

WAIT_SECONDS = 120  # a mark-sent on a 1M-invoice workbook takes a few seconds; a run in place longer


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.credit-addin.lock")


@contextmanager
def one_writer(path: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the workbook's lock, after checking that no spreadsheet has it open."""
    from filelock import FileLock, Timeout  # here: xlwings Lite (no files to lock) ships no filelock

    path = Path(path)
    refuse_if_open(path)
    lock = FileLock(str(lock_path(path.resolve())), timeout=wait, is_singleton=True)  # re-entered by nested calls
    try:
        lock.acquire()
    except Timeout:
        raise ContractError(say("file.busy", name=path.name)) from None
    try:
        yield
    finally:
        lock.release()


def refuse_if_open(path: Path) -> None:
    """Refuse when Excel or LibreOffice has the workbook open, naming who."""
    opened = open_by(path)
    if opened:
        program, who, marker = opened
        by = say("file.open_by", who=who) if who else ""
        raise ContractError(say("file.open_elsewhere", name=path.name, program=program, by=by, marker=marker.name))


def open_by(path: Path) -> tuple[str, str, Path] | None:
    """(program, user, lock file) when Excel or LibreOffice marks the workbook open, else None."""
    office = path.with_name(f".~lock.{path.name}#")
    if office.is_file():
        return "LibreOffice", _libreoffice_user(office), office
    for name in (f"~${path.name}", f"~${path.name[2:]}"):  # long names lose their first two letters
        owner = path.with_name(name)
        if len(path.name) > 2 and owner.is_file():
            return "Excel", _excel_user(owner), owner
    return None


def _libreoffice_user(lock: Path) -> str:
    """`.~lock.name#` holds `LockUser,host,system user,date,profile;`: the name set in
    LibreOffice's options, else the system user, and the machine."""
    try:
        fields = lock.read_bytes()[:4096].decode("utf-8", "replace").split(";")[0].split(",")
    except OSError:
        return ""
    user = fields[0].strip() or (fields[2].strip() if len(fields) > 2 else "")
    host = fields[1].strip() if len(fields) > 1 else ""
    return f"{user} ({host})" if user and host else user


def _excel_user(owner: Path) -> str:
    """The owner file starts with the user name's length (one byte) and the name in the ANSI
    code page, padded to 54 bytes; the same name follows in UTF-16 from byte 56."""
    try:
        data = owner.read_bytes()[:512]
    except OSError:
        return ""
    if not data:
        return ""
    length = data[0]
    wide = data[56:56 + 2 * length].decode("utf-16-le", "replace") if len(data) >= 56 + 2 * length else ""
    if length and wide and "\ufffd" not in wide and wide.isprintable():
        return wide.strip()
    return data[1:1 + length].decode("cp1252", "replace").strip()
