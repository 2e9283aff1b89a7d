"""Static verification of the ribbon add-in (addin/excel/xlam.py, addin/excel/credit.xlam).

Excel is the only judge of compilation and rendering (docs/excel.md has the manual checklist);
these tests check everything that can be read without it: package structure, customUI, the VBA
sources read back by an independent reader (oletools) and by LibreOffice, the wrappers against
xlwings' own generator, and that the committed add-in is what the build makes today.
"""
from __future__ import annotations

import importlib.util
import posixpath
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

with warnings.catch_warnings():                 # oletools still uses pyparsing's old names
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser

from addin.excel import ribbon
from addin.excel import xlam

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI = "{%s}" % xlam.CUSTOMUI_NS
VBA_STRING = re.compile(r'"((?:[^"]|"")*)"')


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> xlam.Build:
    """The add-in built with the worksheet functions of tests/sample_udfs.py."""
    return xlam.build_addin(tmp_path_factory.mktemp("sample") / "credit.xlam", "sample_udfs")


@pytest.fixture(scope="module", params=["shipped", "sample"])
def addin(request, sample) -> Path:
    return xlam.ADDIN if request.param == "shipped" else sample.path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def vba_sources(path: Path) -> dict[str, str]:
    """Module name -> source, as oletools (not the writer, pyOpenVBA) reads them."""
    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


# ---- package structure --------------------------------------------------------------------

def test_every_part_has_a_content_type_and_every_override_a_part(addin):
    p = parts(addin)
    types = ET.fromstring(p["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(CT + "Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(CT + "Override")}
    for name in p:
        if name != "[Content_Types].xml":
            assert "/" + name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    assert {name.lstrip("/") for name in overrides} <= set(p)
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["xml"] == "application/xml"          # the customUI part's type


def test_every_relationship_targets_a_part(addin):
    p = parts(addin)
    for name in (n for n in p if n.endswith(".rels")):
        source_dir = posixpath.dirname(posixpath.dirname(name))   # xl/_rels/x.rels -> xl
        for rel in ET.fromstring(p[name]).iter(REL + "Relationship"):
            target = rel.get("Target")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(source_dir, target))
            assert resolved in p, (name, target)


def test_customui_relationship_has_the_type_of_its_namespace(addin):
    p = parts(addin)
    rels = [r for r in ET.fromstring(p["_rels/.rels"]).iter(REL + "Relationship")
            if r.get("Target").lstrip("/") == xlam.CUSTOMUI_PART]
    assert [r.get("Type") for r in rels] == [xlam.CUSTOMUI_REL]
    assert ET.fromstring(p[xlam.CUSTOMUI_PART]).tag == UI + "customUI"
    workbook_rels = p["xl/_rels/workbook.xml.rels"].decode()
    assert 'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"' in workbook_rels


# ---- customUI --------------------------------------------------------------------------------

def customui(path: Path) -> ET.Element:
    return ET.fromstring(parts(path)[xlam.CUSTOMUI_PART])     # raises on malformed XML


def test_customui_has_one_tab_every_group_and_button_in_registry_order(addin):
    root = customui(addin)
    [tab] = root.iter(UI + "tab")
    groups = list(tab.iter(UI + "group"))
    assert [g.get("id") for g in groups] == [f"credit_group_{g}" for g in ribbon.GROUPS]
    buttons = [b for g in groups for b in g.iter(UI + "button")]
    assert [b.get("id") for b in buttons] == [b.id for b in ribbon.BUTTONS]   # groups keep registry order here
    for element in [tab, *groups, *buttons]:   # labels come from VBA, in Excel's interface language
        assert element.get("getLabel") == xlam.GET_LABEL and element.get("label") is None
    for element, registered in zip(buttons, ribbon.BUTTONS):
        assert element.get("imageMso") == registered.image
        assert element.get("size") == "large"
        assert element.get("getScreentip") == xlam.GET_SCREENTIP


def test_labels_follow_excels_interface_language_in_vba(addin):
    """getLabel answers every control's French words when the UI language's primary id is 12
    (French: 1036, 2060, 3084 ...) and its English words otherwise, with no call to Python."""
    source = vba_sources(addin)[xlam.RIBBON_MODULE]
    assert "(Application.LanguageSettings.LanguageID(2) And &H3FF) = &HC" in source
    assert [1036 & 0x3FF, 3084 & 0x3FF, 1033 & 0x3FF] == [12, 12, 9]      # fr-FR, fr-CA French; en-US not
    label = source[source.index(f"Sub {xlam.LABEL_CALLBACK}("):]
    label = label[:label.index("End Sub")]
    assert "RunPython" not in label
    for control, french, english in [("credit_tab", "Assurance-crédit", "Credit insurance"),
                                     ("credit_group_insurer", "Assureur", "Insurer"),
                                     *((b.id, b.label_fr, b.label_en) for b in ribbon.BUTTONS)]:
        assert f'Case "{control}"\n            If french Then returnedVal = "{french}" Else returnedVal = "{english}"' \
            in label.replace("\r\n", "\n"), control
    tips = source[source.index(f"Sub {xlam.TIP_CALLBACK}("):]
    assert all(f'"{b.screentip("fr")}"' in tips and f'"{b.screentip("en")}"' in tips for b in ribbon.BUTTONS)


DATA = Path(__file__).with_name("data")


def test_customui_validates_against_microsofts_schema(addin):
    """Microsoft's customUI.xsd (tests/data, with its source and licence): element order, attribute
    names and values (size, ids, callbacks) as Excel's parser expects them."""
    import xmlschema

    schema = xmlschema.XMLSchema10(str(DATA / "customUI.xsd"))
    schema.validate(parts(addin)[xlam.CUSTOMUI_PART].decode("utf-8"))
    broken = parts(addin)[xlam.CUSTOMUI_PART].replace(b'size="large"', b'size="huge"', 1)
    assert not schema.is_valid(broken.decode("utf-8"))                 # the check can fail


def excel_control_ids() -> set[str]:
    lines = (DATA / "excel_control_ids.txt").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_every_image_mso_is_an_excel_control_id(addin):
    """An imageMso Excel does not know shows no icon: each must be in Microsoft's lists of Excel
    control identifiers for Excel 2016, 2019 and 365 (tests/data/excel_control_ids.txt)."""
    known = excel_control_ids()
    assert len(known) > 1500 and "FileNew" in known and "ChartPie" not in known
    images = [e.get("imageMso") for e in customui(addin).iter() if e.get("imageMso")]
    assert len(images) == len(ribbon.BUTTONS)
    assert [image for image in images if image not in known] == []


def test_customui_ids_are_unique(addin):
    ids = [e.get("id") for e in customui(addin).iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 1 + len(ribbon.GROUPS) + len(ribbon.BUTTONS)


def test_every_on_action_names_a_sub_taking_iribboncontrol(addin):
    sources = vba_sources(addin)
    actions = {e.get("onAction") for e in customui(addin).iter() if e.get("onAction")}
    assert actions == {xlam.ON_ACTION}
    for action in actions:
        module, sub = action.split(".")
        signature = rf"^\s*(Public\s+)?Sub\s+{sub}\s*\(\s*(ByVal\s+|ByRef\s+)?\w+\s+As\s+IRibbonControl\s*\)"
        assert re.search(signature, sources[module], re.MULTILINE | re.IGNORECASE), action
    getters = {e.get(a) for e in customui(addin).iter() for a in ("getLabel", "getScreentip") if e.get(a)}
    assert getters == {xlam.GET_LABEL, xlam.GET_SCREENTIP}
    for getter in getters:   # the callback signature Office requires of getLabel and getScreentip
        module, sub = getter.split(".")
        signature = rf"^Sub\s+{sub}\(control As IRibbonControl, ByRef returnedVal\)"
        assert re.search(signature, sources[module], re.MULTILINE), getter


def test_every_button_id_dispatches_to_a_function():
    macros = importlib.util.find_spec("addin.excel.macros")
    for b in ribbon.BUTTONS:
        assert ribbon.button(b.id) is b
        if macros is not None:
            assert callable(ribbon.macro_for(b.id)), b.id
    with pytest.raises(KeyError):
        ribbon.button("credit_unknown")


def test_the_callback_passes_the_control_id_to_dispatch(addin):
    source = vba_sources(addin)[xlam.RIBBON_MODULE]
    assert """RunPython "import addin.excel.ribbon; addin.excel.ribbon.dispatch('" & control.Id & "')\"""" in source


# ---- VBA -------------------------------------------------------------------------------------

def test_vba_sources_read_back_byte_exact(sample):
    read = vba_sources(sample.path)
    assert set(sample.modules) == {xlam.RIBBON_MODULE, xlam.WRAPPERS_MODULE}
    for name, written in sample.modules.items():
        assert read[name].encode("cp1252") == written.encode("cp1252"), name
    assert xlam.STOCK_RIBBON_MODULE not in read
    assert {"xlwings", "Dictionary", "ThisWorkbook", "Sheet2"} <= set(read)


def test_project_name_matches_the_conf_sheet(addin):
    [project_name] = re.findall(r'^Public Const PROJECT_NAME As String = "([^"]*)"',
                                vba_sources(addin)["xlwings"], re.MULTILINE)
    workbook = ET.fromstring(parts(addin)["xl/workbook.xml"])
    sheets = [s.get("name") for s in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")]
    assert project_name == xlam.NAME
    assert sheets == [f"{project_name}.conf"]


def test_conf_sheet_names_the_udf_module_and_no_per_user_setting(sample):
    p = parts(sample.path)
    strings = re.findall(r"<t>([^<]*)</t>", p["xl/sharedStrings.xml"].decode())
    assert strings == ["UDF Modules", "sample_udfs", "ADD_WORKBOOK_TO_PYTHONPATH", "false"]
    # A blank INTERPRETER_WIN here would hide the one `install` writes in the user file.
    sheet = p["xl/worksheets/sheet1.xml"].decode()
    assert sheet.count("<row ") == 2
    assert '<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c>' in sheet
    assert '<c r="A2" s="1" t="s"><v>2</v></c><c r="B2" s="1" t="s"><v>3</v></c>' in sheet
    assert '<sheetPr codeName="Sheet2" />' in sheet                 # the VBA document module's sheet


def test_no_runpython_string_contains_a_double_quote(addin):
    calls = [line for source in vba_sources(addin).values() for line in source.splitlines()
             if re.match(r"\s*RunPython\b", line)]
    assert calls                                            # the ribbon callback at least
    for line in calls:
        for literal in VBA_STRING.findall(line.split("RunPython", 1)[1]):
            assert '""' not in literal, line


# ---- worksheet-function wrappers ----------------------------------------------------------------

def test_wrappers_are_what_xlwings_writes_for_the_pinned_version(sample):
    shipped = vba_sources(sample.path)[xlam.WRAPPERS_MODULE]
    assert shipped == xlam._crlf(xlam.WRAPPERS_HEADER + xlam.udf_wrappers("sample_udfs"))
    assert sample.functions == ("CREDIT_SAMPLE_INTEREST", "CREDIT_SAMPLE_TOTALS")
    # xlwings 0.37.8's text for one function, checked by hand: optional args stay Variant, the
    # add-in passes ActiveWorkbook, and an error comes back as text in the cell.
    expected = "\r\n".join([
        "Function CREDIT_SAMPLE_INTEREST(amount, days, Optional rate)",
        '    #If App = "Microsoft Excel" Then',
        "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        '        CREDIT_SAMPLE_INTEREST = XLPy.CallUDF("sample_udfs", "CREDIT_SAMPLE_INTEREST", '
        "Array(amount, days, rate), ActiveWorkbook, Application.Caller)",
        "        Exit Function",
        "    #Else",
        '        CREDIT_SAMPLE_INTEREST = XLPy.CallUDF("sample_udfs", "CREDIT_SAMPLE_INTEREST", '
        "Array(amount, days, rate))",
        "        Exit Function",
        "    #End If",
        "failed:",
        "    CREDIT_SAMPLE_INTEREST = Err.Description",
        "End Function",
    ])
    assert expected in shipped


def test_wrapper_generation_leaves_the_usual_import_alone():
    import sys

    import xlwings

    xlam.udf_wrappers("sample_udfs")
    import sample_udfs

    assert not hasattr(sample_udfs.CREDIT_SAMPLE_INTEREST, "__xlfunc__")   # no-op decorators off Windows
    assert "pythoncom" not in sys.modules or sys.platform.startswith("win")
    assert xlwings.func.__module__ == "xlwings"


def test_a_missing_udf_module_builds_without_wrappers(tmp_path):
    build = xlam.build_addin(tmp_path / "credit.xlam", "no_such_package.udfs")
    assert build.functions == () and "no_such_package.udfs" in build.skipped
    assert xlam.WRAPPERS_MODULE not in vba_sources(build.path)
    assert "No worksheet functions" in build.summary()


# ---- up to date ------------------------------------------------------------------------------

def test_committed_addin_is_up_to_date(tmp_path):
    """Rebuild with today's registry, udfs module and pinned xlwings: every part must match.
    On failure run `credit-addin build-addin` and commit addin/excel/credit.xlam."""
    fresh = parts(xlam.build_addin(tmp_path / "credit.xlam").path)
    committed = parts(xlam.ADDIN)
    assert list(committed) == list(fresh)
    for name in fresh:
        assert committed[name] == fresh[name], f"{name} differs: rebuild the add-in"


def test_build_is_deterministic(tmp_path, sample):
    again = xlam.build_addin(tmp_path / "credit.xlam", "sample_udfs")
    assert again.path.read_bytes() == sample.path.read_bytes()


# ---- LibreOffice ------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_the_same_vba_sources(sample, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-xlam-profile", "--headless",
                    "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir", str(tmp_path),
                    str(sample.path)], check=True, capture_output=True, timeout=120)
    with zipfile.ZipFile(tmp_path / "credit.ods") as ods:
        basic = {posixpath.basename(n)[:-4]: ods.read(n) for n in ods.namelist()
                 if n.startswith("Basic/") and not n.endswith("script-lb.xml") and not n.endswith("script-lc.xml")}
    for name, written in sample.modules.items():
        module = ET.fromstring(basic[name])
        # LibreOffice keeps the code, drops the Attribute lines and adds its two VBA-mode lines.
        text = module.text.split("Option VBASupport 1\n", 1)[1]
        expected = "\n".join(line for line in written.split("\r\n") if not line.startswith("Attribute "))
        assert text.rstrip("\n") == expected.rstrip("\n"), name


# ---- docs/excel.md follows the registry ---------------------------------------------------------

def test_docs_list_every_group_and_button():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "excel.md").read_text()
    numbers = {4: "four"}
    assert f"{numbers[len(ribbon.GROUPS)].capitalize()} groups and {len(ribbon.BUTTONS)} large buttons" in docs
    assert f"{numbers[len(ribbon.GROUPS)]} groups" in docs and f"{len(ribbon.BUTTONS)} large buttons" in docs
    table = docs.split("## The ribbon tab", 1)[1].split("## ", 1)[0]
    for group_id, (label_en, _fr) in ribbon.GROUPS.items():
        row = next(line for line in table.splitlines() if line.startswith(f"| {label_en} |"))
        assert [b.strip() for b in row.split("|")[2].split(",")] == \
            [b.label_en for b in ribbon.BUTTONS if b.group == group_id], label_en
    checklist = " ".join(docs.split("## Manual checklist", 1)[1].split())
    assert all(b.label_en in checklist for b in ribbon.BUTTONS)
