"""Regenerate every generated file we commit, or check that none is stale.

    python -m addin.build            # rewrite them all
    python -m addin.build --check    # list the stale ones; exit 1 if any

Targets: the template and demo workbooks, the Word letter templates (declarations, reminders,
portfolio report), the xlwings Lite editions (which carry our code) and the Excel add-in. Each builds into a temporary folder first, so --check
compares bytes and a rebuild replaces a file only when its content changed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = ROOT / "workbooks"


@dataclass(frozen=True)
class Target:
    name: str
    files: Callable[[], list[Path]]          # the committed files it produces
    build: Callable[[Path], list[Path]]      # writes them into a folder, returns their paths


def _template(folder: Path) -> list[Path]:
    from addin.build.template import TEMPLATES, build_template
    for language, name in TEMPLATES.items():
        build_template(folder / name, language)
    return [folder / name for name in TEMPLATES.values()]


def _template_files() -> list[Path]:
    from addin.build.template import TEMPLATES
    return [WORKBOOKS / name for name in TEMPLATES.values()]


def _demo(folder: Path) -> list[Path]:
    from addin.build.demo import DEMOS, build_demo
    for language, name in DEMOS.items():
        build_demo(folder / name, language=language)
    return [folder / name for name in DEMOS.values()]


def _demo_files() -> list[Path]:
    from addin.build.demo import DEMOS
    return [WORKBOOKS / name for name in DEMOS.values()]


def _lite(folder: Path) -> list[Path]:
    """The xlwings Lite editions carry our code: built from freshly built base workbooks."""
    from addin.build.lite import build_lite
    _template(folder), _demo(folder)
    return build_lite(folder)


def _lite_files() -> list[Path]:
    from addin.build.lite import EDITIONS
    return [WORKBOOKS / edition for _, edition, _ in EDITIONS]


def _letters(folder: Path) -> list[Path]:
    from addin.letters import report, reminders, templates
    return templates.write_templates(folder) + reminders.write_templates(folder) + report.write_report_templates(folder)


def _letter_files() -> list[Path]:
    from addin.letters.templates import TEMPLATE_DIR
    return sorted(TEMPLATE_DIR.glob("*.docx"))


def _addin(folder: Path) -> list[Path]:
    from addin.excel import xlam
    return [xlam.build_addin(folder / xlam.ADDIN.name).path]


def _addin_file() -> list[Path]:
    from addin.excel import xlam
    return [xlam.ADDIN]


TARGETS: tuple[Target, ...] = (
    Target("template workbooks", _template_files, _template),
    Target("demo workbooks", _demo_files, _demo),
    Target("letter templates", _letter_files, _letters),
    Target("xlwings Lite workbooks", _lite_files, _lite),
    Target("Excel add-in", _addin_file, _addin),
)


def stale(targets: tuple[Target, ...] | None = None) -> list[tuple[Path, Path]]:
    """(committed file, freshly built file) for every file whose bytes differ, or that is missing;
    the fresh files live in a temporary folder until the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="credit-build-"))
    found = []
    for target in targets or TARGETS:
        here = {p.name: p for p in target.files()}
        into = folder / target.name.replace(" ", "_")
        into.mkdir()
        for fresh in target.build(into):
            committed = here.get(fresh.name) or next(iter(here.values())).with_name(fresh.name)
            if not committed.exists() or committed.read_bytes() != fresh.read_bytes():
                found.append((committed, fresh))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m addin.build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list stale files; exit 1 if any")
    args = parser.parse_args(argv)
    changed = stale()
    for committed, fresh in changed:
        shown = committed.relative_to(ROOT) if committed.is_relative_to(ROOT) else committed
        print(f"{'stale' if args.check else 'rebuilt'}: {shown}")
        if not args.check:
            committed.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fresh, committed)
    print(f"{len(changed)} of the generated files {'are stale' if args.check else 'rebuilt'}; the others are up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
