"""What xlwings Lite lists: one script per ribbon button, and every worksheet function.

Lite registers the members of its `main.py` that carry xlwings' script or function marks; the
generated main.py does `globals().update(namespace(LANGUAGE))`. The scripts are made from the
ribbon's one registry of buttons (`addin.excel.ribbon.BUTTONS`) and call the same macros as the
ribbon, on a LiteBook; the functions are `addin.excel.udfs` itself, decorated by Lite's
`xlwings.func` when imported there.
"""
from __future__ import annotations

from pathlib import Path

import xlwings as xw
from xlwings import script

from functions.texts import text, translated

from addin.excel import macros, udfs
from addin.excel.ribbon import BUTTONS, Button
from addin.lite.book import LiteBook
from addin.workbook.read import ContractError



def worksheet_functions() -> dict:
    """The worksheet functions of the desktop add-in, by their Excel name."""
    return {name: getattr(udfs, name) for name in dir(udfs) if name.startswith("CREDIT_")}


def _written(folder: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else {}


def run_button(button: Button, book) -> None:
    """Run the button's macro on Lite's book: refuse a workbook too large for Lite's memory,
    show a workbook problem as a message, and say where the drafted documents can be downloaded."""
    lite = LiteBook(book)
    folder = lite.documents_dir()
    before = _written(folder)
    try:
        lite.check_size()
        getattr(macros, button.macro)(lite)
    except ContractError as exc:
        lite.alert(str(translated(exc.args[0], lite.language())) if exc.args else str(exc))
        return
    after = _written(folder)
    new = [p for p, stamp in after.items() if before.get(p) != stamp]
    if new:
        lite.alert(text("lite.download", lite.language(), count=len(new), folder=folder))


def button_script(button: Button, language: str):
    """A Lite script for `button`, named by its label in `language` ('fr' or 'en')."""
    def run(book: xw.Book):
        run_button(button, book)

    run.__name__ = run.__qualname__ = button.macro
    run.__doc__ = button.screentip(language)
    return script(name=button.label(language))(run)


def namespace(language: str) -> dict:
    """Everything Lite should register, by the name main.py gives it."""
    scripts = {b.macro: button_script(b, language) for b in BUTTONS}
    return {**scripts, **worksheet_functions()}
