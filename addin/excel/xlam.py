"""Build the ribbon add-in `addin/excel/credit.xlam` on Linux, from the pinned xlwings' own add-in.

The recipe (DESIGN.md, "The ribbon add-in"):

1. `xlwings quickstart credit --addin --ribbon` in a temporary folder gives the stock add-in of
   the pinned xlwings; its `xlwings` VBA module names that version's DLLs.
2. pyOpenVBA edits its VBA project: the ribbon module becomes `RibbonCredit` with one callback
   shared by every button (which Python runs for which button lives in `addin.excel.ribbon`),
   `PROJECT_NAME` becomes "credit" (so xlwings reads the `credit.conf` sheet and the user file
   `~/.credit/credit.conf`), and the module `xlwings_udfs` holds the worksheet-function wrappers
   exactly as xlwings' "Import Functions" writes them (its own generator, run here).
3. The other parts are written at zip level, never through openpyxl (which drops the customUI
   relationship): `customUI/customUI.xml` from `addin.excel.ribbon`, the conf sheet renamed
   `credit.conf` with its settings.
4. Fixed zip order and timestamps: the same sources give the same parts, so a test checks that
   the committed add-in is up to date.
5. The build refuses worksheet functions Excel would not compile (`check_names`): a parameter
   named like a VBA reserved word (`currency`) stops the whole wrappers module.

Example (what `credit-addin build-addin` runs):

    >>> build = build_addin(ADDIN)
    >>> build.functions                  # () until addin/excel/udfs.py exists
    ('CREDIT_AGING', 'CREDIT_EXPOSURE', ...)
    >>> print(build.summary())
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import os
import re
import sys
import tempfile
import types
import xml.etree.ElementTree as ET
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from addin.excel.ribbon import BUTTONS, GROUPS
from functions.texts import has, text
from addin.excel.vba import name_problem
from addin.workbook.messages import say, system_language

NAME = "credit"                        # the add-in's name: file, PROJECT_NAME, conf sheet
ADDIN = Path(__file__).with_name(f"{NAME}.xlam")
UDF_MODULE = "addin.excel.udfs"
CONF_SHEET = f"{NAME}.conf"            # xlwings reads the sheet named PROJECT_NAME & ".conf"
STOCK_CONF_SHEET = "_myaddin.conf"     # the quickstart's, disabled by its leading underscore
STOCK_RIBBON_MODULE = "RibbonMyAddin"
RIBBON_MODULE = "RibbonCredit"
CALLBACK = "CreditRibbon"
ON_ACTION = f"{RIBBON_MODULE}.{CALLBACK}"
LABEL_CALLBACK, TIP_CALLBACK = "CreditLabel", "CreditScreentip"
GET_LABEL, GET_SCREENTIP = f"{RIBBON_MODULE}.{LABEL_CALLBACK}", f"{RIBBON_MODULE}.{TIP_CALLBACK}"
WRAPPERS_MODULE = "xlwings_udfs"       # the name Import Functions gives, so a re-import replaces it
TAB_LABEL = text("ribbon.tab", "en")
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
# [MS-CUSTOMUI]: the part in the 2006/01 namespace is related with the 2006 type. The quickstart
# relates it with the 2007 type of the Office 2010 part, which Excel tolerates; we follow the spec.
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
CUSTOMUI_PART = "customUI/customUI.xml"
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
PROJECT_NAME_LINE = re.compile(r'^(Public Const PROJECT_NAME As String = )"[^"]*"', re.MULTILINE)
CONTENT_TYPES = "[Content_Types].xml"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'



def _vba_text(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


def _words_by_id(callback: str, prefix: str) -> str:
    """A getLabel/getScreentip callback: the control's French words when Excel's interface is in
    French, else its English ones (from functions/texts.py), without a round trip to Python."""
    ids = {f"{NAME}_tab": "tab", **{f"{NAME}_group_{g}": f"group.{g}" for g in GROUPS}, **{b.id: b.id for b in BUTTONS}}
    cases = "".join(f"        Case {_vba_text(control)}\n"
                    f"            If french Then returnedVal = {_vba_text(text(f'{prefix}.{key}', 'fr'))} "
                    f"Else returnedVal = {_vba_text(text(f'{prefix}.{key}', 'en'))}\n"
                    for control, key in ids.items() if has(f"{prefix}.{key}"))
    return (f"Sub {callback}(control As IRibbonControl, ByRef returnedVal)\n    Dim french As Boolean\n"
            f"    french = CreditFrench()\n    Select Case control.Id\n{cases}    End Select\nEnd Sub\n")


def ribbon_vba() -> str:
    """The ribbon module: the one callback of every button, and the labels and screentips in
    Excel's interface language. xlwings' RunPython reads the active workbook (its path, its settings
    sheet) and stops on VBA error 91 when none is open: then the buttons that need no workbook of
    the user's (Open template, Help) run on a new empty one, closed again on Windows (on a Mac
    RunPython returns before Python has run), and the others say what to do."""
    free = ", ".join(f'"{b.id}"' for b in BUTTONS if not b.needs_workbook)
    return f'''Attribute VB_Name = "{RIBBON_MODULE}"
' Generated by addin/excel/xlam.py. Every button of the {TAB_LABEL} tab calls this Sub;
' addin.excel.ribbon.dispatch decides in Python what the button does.
Sub {CALLBACK}(control As IRibbonControl)
    Dim scratch As Workbook
    If ActiveWorkbook Is Nothing Then
        Select Case control.Id
            Case {free}
                Set scratch = Workbooks.Add
            Case Else
                MsgBox IIf(CreditFrench(), {_vba_text(text("ribbon.no_workbook", "fr"))}, {_vba_text(text("ribbon.no_workbook", "en"))}), vbInformation, "{TAB_LABEL}"
                Exit Sub
        End Select
    End If
    RunPython "import addin.excel.ribbon; addin.excel.ribbon.dispatch('" & control.Id & "')"
    #If Not Mac Then
        If Not scratch Is Nothing Then scratch.Close SaveChanges:=False
    #End If
End Sub

' True when Excel's interface is in French: every French locale (fr-FR 1036, fr-BE 2060, fr-CA
' 3084, fr-CH 4108 ...) has the primary language 12 in the low ten bits of its LCID.
' LanguageID(2) is LanguageID(msoLanguageIDUI).
Function CreditFrench() As Boolean
    CreditFrench = (Application.LanguageSettings.LanguageID(2) And &H3FF) = &HC
End Function

''' + _words_by_id(LABEL_CALLBACK, "ribbon") + "\n" + _words_by_id(TIP_CALLBACK, "ribbon_tip")

# The first lines xlwings' import_udfs (0.37.8) writes before the generated wrappers.
WRAPPERS_HEADER = (f'Attribute VB_Name = "{WRAPPERS_MODULE}"\n'
                   "'Autogenerated code by xlwings - changes will be lost with next import!\n"
                   "#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel\n")


@dataclass(frozen=True)
class Build:
    """What a build wrote: the file, the VBA modules it set (name -> source), the functions."""
    path: Path
    modules: dict[str, str]
    functions: tuple[str, ...]
    udf_module: str
    skipped: str = ""                  # why there are no worksheet-function wrappers, if so

    def summary(self) -> str:
        language = system_language()
        lines = [say("install.built", language, path=self.path, tab=text("ribbon.tab", language), buttons=len(BUTTONS))]
        if self.skipped:
            lines.append(say("install.no_functions", language, why=self.skipped))
        else:
            lines.append(say("install.functions", language, count=len(self.functions), module=self.udf_module,
                             names=", ".join(self.functions)))
        return "\n".join(lines)


def build_addin(out_path: Path = ADDIN, udf_module: str = UDF_MODULE) -> Build:
    """Build the add-in into `out_path` from the pinned xlwings' quickstart add-in."""
    wrappers = udf_wrappers(udf_module)
    check_names(wrappers or "")
    with tempfile.TemporaryDirectory() as tmp:
        stock = stock_addin(Path(tmp))
        with zipfile.ZipFile(stock) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        modules = vba_modules(wrappers)
        parts["xl/vbaProject.bin"] = vba_project(stock, modules, Path(tmp) / f"edited-{NAME}.xlam")
    parts[CUSTOMUI_PART] = customui_xml()
    parts["_rels/.rels"] = _customui_relationship(parts["_rels/.rels"])
    parts["xl/workbook.xml"] = _renamed_conf_sheet(parts["xl/workbook.xml"])
    sheet, strings = conf_sheet(parts["xl/worksheets/sheet1.xml"], conf_settings(udf_module))
    parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"] = sheet, strings
    write_zip(out_path, parts)
    functions = tuple(re.findall(r"^Function (\w+)\(", wrappers or "", re.MULTILINE))
    skipped = "" if wrappers is not None else say("install.no_module", module=udf_module)
    return Build(Path(out_path), modules, functions, udf_module, skipped)


def stock_addin(folder: Path) -> Path:
    """`xlwings quickstart credit --addin --ribbon` of the installed (pinned) xlwings, in `folder`
    (its CLI function, in-process: a subprocess would import xlwings again)."""
    from xlwings import cli

    args = argparse.Namespace(project_name=NAME, addin=True, ribbon=True, standalone=False, server=False)
    previous = os.getcwd()
    os.chdir(folder)                   # quickstart writes into the current folder
    try:
        cli.quickstart(args)
    finally:
        os.chdir(previous)
    return folder / NAME / f"{NAME}.xlam"


# ---- VBA ------------------------------------------------------------------------------------

def vba_modules(wrappers: str | None) -> dict[str, str]:
    """The modules this build writes in full, as stored (CRLF line ends)."""
    modules = {RIBBON_MODULE: _crlf(ribbon_vba())}
    if wrappers is not None:
        modules[WRAPPERS_MODULE] = _crlf(WRAPPERS_HEADER + wrappers)
    return modules


def vba_project(stock: Path, modules: dict[str, str], scratch: Path) -> bytes:
    """The stock vbaProject.bin edited with pyOpenVBA: ribbon module, PROJECT_NAME, wrappers."""
    from pyopenvba import ExcelFile

    scratch.write_bytes(stock.read_bytes())
    with ExcelFile(scratch) as book:
        project = book.vba_project()
        project.rename_module(STOCK_RIBBON_MODULE, RIBBON_MODULE)
        book.set_module(RIBBON_MODULE, modules[RIBBON_MODULE])
        book.set_module("xlwings", set_project_name(book.get_module("xlwings")))
        if WRAPPERS_MODULE in modules:
            project.add_module(WRAPPERS_MODULE, modules[WRAPPERS_MODULE])
        book.save(scratch)
    with zipfile.ZipFile(scratch) as z:
        return z.read("xl/vbaProject.bin")


def set_project_name(xlwings_module: str) -> str:
    """The `xlwings` module with PROJECT_NAME = "credit" (its own line endings kept)."""
    edited, count = PROJECT_NAME_LINE.subn(rf'\1"{NAME}"', xlwings_module)
    if count != 1:
        raise RuntimeError("the xlwings VBA module has no single PROJECT_NAME constant: template changed?")
    return edited


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


# ---- worksheet-function wrappers -------------------------------------------------------------

def udf_wrappers(module_name: str) -> str | None:
    """The VBA text xlwings' generator writes for the module's `@xw.func` functions, None when the
    module cannot be found (the add-in is then built without worksheet functions)."""
    try:
        if importlib.util.find_spec(module_name) is None:
            return None
    except ModuleNotFoundError:
        return None
    udfs = xlwings_udfs()
    out = io.StringIO()
    # An .xlam makes the generator pass ActiveWorkbook instead of ThisWorkbook.
    udfs.generate_vba_wrapper(module_name, _decorated(module_name, udfs), out,
                              types.SimpleNamespace(Name=f"{NAME}.xlam"))
    return out.getvalue()


SIGNATURE = re.compile(r"^(?:Function|Sub) ([^\s(]+)\(([^)]*)\)", re.MULTILINE)


class VbaNameError(ValueError):
    """A worksheet function or parameter name that Excel's VBA would not compile."""


def check_names(wrappers: str) -> None:
    """Refuse to build wrappers Excel would not compile: one bad name in the module and no
    worksheet function of the add-in exists. Every function and parameter must be a VBA
    identifier that is not a reserved word (addin.excel.vba)."""
    problems = []
    for function, parameters in SIGNATURE.findall(wrappers):
        names = [function] + [p.split()[-1].removesuffix("()") for p in parameters.split(",") if p.strip()]
        problems += [f"{function}: {problem}" for name in names if (problem := name_problem(name))]
    if problems:
        raise VbaNameError("the worksheet functions would not compile in Excel; rename in the Python module:\n  "
                           + "\n  ".join(problems))


PYWIN32 = ("pythoncom", "pywintypes", "win32com", "win32com.client")


def xlwings_udfs() -> types.ModuleType:
    """`xlwings.udfs` of the pinned version. It imports pywin32 for its COM side, which the VBA
    generator does not use: off Windows, inert stand-ins take pywin32's place during the import."""
    try:
        return importlib.import_module("xlwings.udfs")
    except ImportError:
        pass
    import xlwings

    stand_ins = {name: types.ModuleType(name) for name in PYWIN32}
    stand_ins["pythoncom"].CoInitialize = lambda: None
    stand_ins["pywintypes"].com_error = OSError
    stand_ins["win32com.client"].Dispatch = None
    stand_ins["win32com"].client = stand_ins["win32com.client"]
    with _sys_modules([*PYWIN32, "xlwings.udfs"], stand_ins):
        module = importlib.import_module("xlwings.udfs")
    if getattr(xlwings, "udfs", None) is module:
        del xlwings.udfs
    return module


def _decorated(module_name: str, udfs: types.ModuleType) -> types.ModuleType:
    """A fresh import of the module under xlwings' Windows decorators. Off Windows `@xw.func` is a
    no-op, which would leave the generator nothing to read; the usual import is left untouched."""
    import xlwings as xw

    decorators = {"func": udfs.xlfunc, "arg": udfs.xlarg, "ret": udfs.xlret, "sub": udfs.xlsub,
                  "script": udfs.xlsub}
    parent, _, child = module_name.rpartition(".")
    parent_module = sys.modules.get(parent) if parent else None
    before = getattr(parent_module, child, None)
    saved = {name: getattr(xw, name) for name in decorators}
    try:
        with _sys_modules([module_name], {}):
            for name, decorator in decorators.items():
                setattr(xw, name, decorator)
            return importlib.import_module(module_name)
    finally:
        for name, decorator in saved.items():
            setattr(xw, name, decorator)
        if parent_module is not None:
            if before is None:
                parent_module.__dict__.pop(child, None)
            else:
                setattr(parent_module, child, before)


@contextmanager
def _sys_modules(names: list[str], replacements: dict[str, types.ModuleType]):
    """Run with the named modules and their submodules out of sys.modules and `replacements` in,
    then put the originals back."""
    def named(module: str) -> bool:
        return any(module == n or module.startswith(n + ".") for n in names)

    saved = {name: module for name, module in sys.modules.items() if named(name)}
    for name in saved:
        del sys.modules[name]
    sys.modules.update(replacements)
    try:
        yield
    finally:
        for name in [name for name in sys.modules if named(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


# ---- zip-level parts ---------------------------------------------------------------------------

def customui_xml() -> bytes:
    """The tab, generated from the button registry: one group per registry group, large buttons
    all calling the one VBA callback, labels and screentips given by the VBA callbacks in
    Excel's interface language (`getLabel`, `getScreentip`)."""
    ET.register_namespace("", CUSTOMUI_NS)
    q = lambda tag: f"{{{CUSTOMUI_NS}}}{tag}"  # noqa: E731 - qualified tag name
    root = ET.Element(q("customUI"))
    tab = ET.SubElement(ET.SubElement(ET.SubElement(root, q("ribbon")), q("tabs")), q("tab"),
                        {"id": f"{NAME}_tab", "getLabel": GET_LABEL})
    for group_id in GROUPS:
        group = ET.SubElement(tab, q("group"), {"id": f"{NAME}_group_{group_id}", "getLabel": GET_LABEL})
        for b in (b for b in BUTTONS if b.group == group_id):
            ET.SubElement(group, q("button"), {"id": b.id, "getLabel": GET_LABEL, "imageMso": b.image, "size": "large",
                                               "onAction": ON_ACTION, "getScreentip": GET_SCREENTIP})
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8")


def conf_settings(udf_module: str) -> tuple[tuple[str, str], ...]:
    """The add-in's conf sheet. Only settings that are the same for every user: a key present here,
    even blank, wins over the user file where `install` writes the interpreter and PYTHONPATH."""
    # xlwings puts the workbook's folder (and the add-in's, XLSTART) on sys.path, in an arbitrary
    # order with PYTHONPATH: a user's functions.py or addin/ there would replace our packages.
    return (("UDF Modules", udf_module), ("ADD_WORKBOOK_TO_PYTHONPATH", "false"))


def conf_sheet(stock_sheet: bytes, settings: tuple[tuple[str, str], ...]) -> tuple[bytes, bytes]:
    """The stock conf sheet (code name, columns and styles kept) holding `settings` from A1 down,
    and the shared strings it refers to."""
    strings = [text for pair in settings for text in pair]
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="1" t="s"><v>{2 * (r - 1)}</v></c>'
                   f'<c r="B{r}" s="1" t="s"><v>{2 * (r - 1) + 1}</v></c></row>'
                   for r in range(1, len(settings) + 1))
    sheet = stock_sheet.decode("utf-8")
    sheet = re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", sheet, flags=re.DOTALL)
    sheet = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{len(settings)}"', sheet)
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings) + "</sst>")
    return sheet.encode("utf-8"), sst.encode("utf-8")


def _customui_relationship(rels: bytes) -> bytes:
    pattern = re.compile(rb'Type="[^"]*/ui/extensibility"(\s+Target="/?' + re.escape(CUSTOMUI_PART.encode()) + b'")')
    edited, count = pattern.subn(b'Type="' + CUSTOMUI_REL.encode() + rb'"\1', rels)
    if count != 1:
        raise RuntimeError("the quickstart add-in has no customUI relationship: template changed?")
    return edited


def _renamed_conf_sheet(workbook_xml: bytes) -> bytes:
    old, new = f'name="{STOCK_CONF_SHEET}"'.encode(), f'name="{CONF_SHEET}"'.encode()
    if workbook_xml.count(old) != 1:
        raise RuntimeError(f"the quickstart add-in has no sheet {STOCK_CONF_SHEET}: template changed?")
    return workbook_xml.replace(old, new)


def write_zip(path: Path, parts: dict[str, bytes]) -> None:
    """Content types first, then the parts in the stock order, with a fixed date."""
    order = [CONTENT_TYPES] + [name for name in parts if name != CONTENT_TYPES]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name in order:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, parts[name])
