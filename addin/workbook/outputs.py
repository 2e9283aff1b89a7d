"""Never overwrite a file we did not write.

Every workbook credit-addin writes as a whole carries a custom document property
`credit-addin` whose value says what it is (`results`, `import`). Excel keeps custom properties
when it saves, so the mark survives the user opening the file.

- A result workbook of ours (`results`) is replaced by the next run: that is what it is for.
- Anything else at the output path (the user's receivables workbook, an import the user has
  since completed, any other file) is refused with one line, unless `--force`; then a backup is
  kept first.

The in-place writes (`--in-place`, `mark-sent`, `mark-reminded`) are the user's explicit choice
to change their own workbook; they never add the mark and always keep a backup.
"""
from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from addin.workbook.messages import say
from addin.workbook.read import ContractError

PROPERTY = "credit-addin"
RESULTS, IMPORT = "results", "import"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def written_as(path: Path) -> str | None:
    """What credit-addin wrote at `path` (`results`, `import`), None if not ours (or unreadable)."""
    from addin.workbook.package import parse
    from addin.workbook.safety import Package
    try:
        package = Package(path)
        if not package.has("docProps/custom.xml"):
            return None
        root = parse(package.read("docProps/custom.xml"))
    except Exception:  # not a workbook, damaged, hostile: in any case not one of ours
        return None
    for prop in root:
        if str(prop.get("name", "")).lower() == PROPERTY:
            return "".join(prop.itertext()).strip() or None
    return None


def claim_output(path: Path, force: bool, kind: str = RESULTS) -> Path | None:
    """Check that `path` may be written as a `kind` file; with --force, back the old file up.
    Returns the backup made, if any."""
    from addin.workbook.locks import refuse_if_open
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir():
        raise ContractError(say("file.is_folder", path=path))
    refuse_if_open(path)
    if kind == RESULTS and written_as(path) == RESULTS:
        return None
    if not force:
        raise ContractError(say("file.not_ours", name=path.name))
    return backup(path)


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy `path` to `<name>.backup-YYYYMMDD-HHMMSS<.ext>` beside it, a number added when that name
    is taken: created exclusively, so two writers never share a backup."""
    stamp = f"{(now or datetime.now()):%Y%m%d-%H%M%S}"
    for number in range(1, 10_000):
        suffix = "" if number == 1 else f"-{number}"
        target = path.with_name(f"{path.stem}.backup-{stamp}{suffix}{path.suffix}")
        try:
            with open(path, "rb") as source, open(target, "xb") as copy:
                shutil.copyfileobj(source, copy, 1024 * 1024)
        except FileExistsError:
            continue
        shutil.copystat(path, target)
        return target
    raise ContractError(say("file.no_backup_name", name=path.name))


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
