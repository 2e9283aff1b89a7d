"""The documents folder of a run: file names unique across the run, every file written whole.

    names = RunNames()
    names.claim("C_013.docx")   # 'C_013.docx'
    names.claim("c_013.docx")   # 'c_013_2.docx': the same file on Windows and macOS
    write_whole(folder / name, lambda tmp: tmp.write_bytes(data))

Names are compared as Windows and macOS compare them, ignoring case and Unicode normalisation
(NFKC, case folded), so two clients never share a letter (`C/013` and `C.013` both clean to
`C_013`). A file is written under a temporary name beside its target, then renamed over it:
a run killed while writing leaves the previous letter whole, and the temporary file is removed
by a later run once it is older than STALE_SECONDS.
"""
from __future__ import annotations

import os
import secrets
import time
import unicodedata
from pathlib import Path

from addin.workbook.book import STALE_SECONDS

MAX_STEM_BYTES = 120


def name_key(name: str) -> str:
    """What a case-insensitive, normalisation-insensitive file system sees of a name."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def cut_to_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` UTF-8 bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


class RunNames:
    """The file names given so far in one run; a name already given gets `_2`, `_3`..."""

    def __init__(self):
        self._taken: set[str] = set()

    def claim(self, name: str) -> str:
        stem, dot, suffix = name.rpartition(".")
        stem, suffix = (stem, dot + suffix) if dot else (name, "")
        candidate, n = name, 1
        while name_key(candidate) in self._taken:
            n += 1
            tail = f"_{n}"
            candidate = cut_to_bytes(stem, MAX_STEM_BYTES - len(tail)) + tail + suffix
        self._taken.add(name_key(candidate))
        return candidate


def write_whole(target: Path, write) -> Path:
    """Call `write(tmp)` on a new file beside `target`, then rename it over `target`."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_bytes(target: Path, data: bytes) -> Path:
    """`data` into `target` via a temporary file created here only (never someone else's)."""
    def write(tmp: Path) -> None:
        with open(tmp, "xb") as f:
            f.write(data)
    return write_whole(target, write)


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files (`.NAME.xxxx.tmp`) that killed runs left in `folder`, once
    older than STALE_SECONDS (a younger one may be another run's write in progress)."""
    now = time.time() if now is None else now
    removed = []
    for entry in os.scandir(folder) if folder.is_dir() else ():
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            if now - entry.stat().st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # gone already, or not ours to remove: the run goes on
            continue
    return removed
