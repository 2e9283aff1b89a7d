"""The Lite workbooks: built by the build from the base workbooks, carrying our code in the
web-extension part the way xlwings Lite stores it, read back byte for byte, valid OOXML, opened
by LibreOffice, and the stored main.py runs in a fresh interpreter."""
import base64
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin.build import lite
from addin.lite.entry import namespace

from test_validity import audit, well_formed

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
LITE = [edition for _, edition, _ in lite.EDITIONS]


# The committed Lite workbooks are rebuilt and compared in tests/test_workbooks.py, after the
# template and the demo they are made from.


@pytest.mark.parametrize("base, name, language", lite.EDITIONS)
def test_every_stored_file_reads_back_byte_for_byte(base, name, language):
    stored = lite.read_stored_files(WORKBOOKS / name)
    assert list(stored) == ["main.py", "pyodideVersion", "addinVersion", "requirements.txt"]
    assert stored == lite.stored_files(language)
    assert stored["requirements.txt"] == (ROOT / "addin" / "lite" / "requirements.txt").read_text(encoding="utf-8")
    # the zip inside main.py holds our modules, each byte for byte
    source = stored["main.py"]
    bundle = "".join(line.strip().strip('"') for line in source.split("BUNDLE = (\n", 1)[1].split("\n)", 1)[0].splitlines())
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(bundle))) as archive:
        inside = {n: archive.read(n) for n in archive.namelist()}
    assert inside == lite.bundle_files()
    assert "functions/cover.py" in inside and "addin/lite/entry.py" in inside and "addin/letters/docx/overdue_notice_fr.docx" in inside
    assert f"LANGUAGE = {language!r}" in source


def test_a_rule_changed_in_functions_changes_the_stored_code(tmp_path):
    copy = tmp_path / "project"
    for package in ("functions", "addin"):
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    rule = copy / "functions" / "deadlines.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    changed = lite.stored_files("fr", root=copy)["main.py"]
    assert changed != lite.stored_files("fr")["main.py"]
    assert lite.bundle_files(copy)["functions/deadlines.py"].endswith(b"# a changed rule\n")


@pytest.mark.parametrize("base, name, language", lite.EDITIONS)
def test_only_the_lite_parts_differ_from_the_base_workbook(base, name, language):
    with zipfile.ZipFile(WORKBOOKS / base) as a, zipfile.ZipFile(WORKBOOKS / name) as b:
        before = {n: a.read(n) for n in a.namelist()}
        after = {n: b.read(n) for n in b.namelist()}
    added = set(after) - set(before)
    assert added == {"xl/webextensions/taskpanes.xml", "xl/webextensions/_rels/taskpanes.xml.rels",
                     "xl/webextensions/webextension1.xml"}
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"[Content_Types].xml", "_rels/.rels"}
    assert b"webextensiontaskpanes" in after["_rels/.rels"]
    assert after["[Content_Types].xml"].count(b"application/vnd.ms-office.webextension") == 2
    part = after["xl/webextensions/webextension1.xml"].decode("utf-8")
    assert '<we:reference id="wa200008175" version="1.0.0.0" store="en-US" storeType="OMEX"/>' in part
    assert b'visibility="1"' in after["xl/webextensions/taskpanes.xml"]


def test_property_values_are_written_as_lite_writes_them():
    """JSON string, `/` escaped, non-ASCII kept, then XML-escaped; `"` becomes &quot;."""
    text = 'print("a/b <é> & c")\n\tx'
    assert lite.lite_json(text) == '"print(\\"a\\/b <é> & c\\")\\n\\tx"'
    assert lite.xml_attribute(lite.lite_json(text)) == '&quot;print(\\&quot;a\\/b &lt;é&gt; &amp; c\\&quot;)\\n\\tx&quot;'
    part = lite.webextension_xml({"main.py": text}, "k")
    assert lite.read_stored_files(_zip({"xl/webextensions/webextension1.xml": part})) == {"main.py": text}


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_lite_workbooks_are_valid_ooxml():
    """The template's Lite edition is audited whole; the demo's differs from its audited base
    (tests/test_validity.py) only by the same generated parts, checked for well-formedness here."""
    assert audit(WORKBOOKS / "template_lite.xlsx") == []
    assert well_formed(WORKBOOKS / "template_lite.xlsx") + well_formed(WORKBOOKS / "demo_lite.xlsx") == []


@pytest.mark.parametrize("name", LITE)
def test_openpyxl_reads_the_same_sheets_as_the_base(name):
    base = name.replace("_lite", "")
    assert openpyxl.load_workbook(WORKBOOKS / name, read_only=True).sheetnames == \
        openpyxl.load_workbook(WORKBOOKS / base, read_only=True).sheetnames


@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("REQUIRE_LIBREOFFICE") != "1",
                    reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_lite_workbooks(tmp_path):
    done = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "csv", "--outdir", str(tmp_path), *[str(WORKBOOKS / n) for n in LITE]],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    for name in LITE:
        first_sheet = (tmp_path / name.replace(".xlsx", ".csv")).read_text(encoding="utf-8", errors="replace")
        assert "assurance-crédit" in first_sheet or "Credit-insurance Excel add-in" in first_sheet  # Instructions


def test_stored_main_py_runs_in_a_fresh_interpreter(tmp_path):
    """Unpacked from the workbook alone (cwd and TMPDIR elsewhere), it imports our modules from its
    own bundle and exposes every script and worksheet function."""
    main = lite.read_stored_files(WORKBOOKS / "template_lite.xlsx")["main.py"]
    (tmp_path / "main.py").write_text(main, encoding="utf-8")
    probe = ("import runpy, sys; ns = runpy.run_path('main.py', run_name='main'); import addin, functions; "
             "print(sorted(k for k, v in ns.items() if callable(v) and not k.startswith('_') and k != 'namespace')); "
             "print(addin.__file__); print(functions.__file__)")
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    done = subprocess.run([sys.executable, "-I", "-c", probe], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    names, addin_file, functions_file = done.stdout.strip().splitlines()[-3:]
    assert set(namespace("fr")) <= set(eval(names))
    unpacked = str(tmp_path / "tmp" / "credit-addin-")
    assert addin_file.startswith(unpacked) and functions_file.startswith(unpacked)
