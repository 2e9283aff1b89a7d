"""Every file we write is valid OOXML (openxml-audit plus a well-formedness pass of every XML
part), and a run killed while writing leaves the previous result file intact."""
import functools
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from addin.build.synth import synth

ROOT = Path(__file__).resolve().parents[1]
# Reviewed findings we accept: XlsxWriter's constant-memory mode writes inline strings, which
# Excel converts to shared strings on its next save (no repair prompt, no data change).
ALLOWED = ("inline-string cell",)


@pytest.fixture(scope="module")
def demo_outputs(demo_results):
    return demo_results[1]  # tests/conftest.py: one demo run per session


def audit(path: Path) -> list[str]:
    """openxml-audit's findings on one file, as its command line (`-o json -m 0`) reports them,
    run in this process so its schemas load once per session."""
    findings, validator = [], _validator()
    _POSITIONS.clear()
    for e in validator.validate(path).errors:
        if not any(a in e.description for a in ALLOWED):
            findings.append(f"{e.severity.value}: {e.description[:160]} ({e.part_uri})")
    return findings


@functools.cache
def _validator():
    """The validator the command line builds by default, with its element-path bookkeeping made
    linear: it counts each element's same-tag elder siblings afresh (quadratic in a sheet's rows,
    70% of a 3,000-row workbook's audit); the positions, hence the findings, are the same."""
    from openxml_audit import context
    from openxml_audit.cli import DEFAULT_FORMAT_BY_VALIDATOR
    from openxml_audit.validator import OpenXmlValidator

    if hasattr(context, "_sibling_position"):
        context._sibling_position = _sibling_position
    return OpenXmlValidator(file_format=DEFAULT_FORMAT_BY_VALIDATOR["ooxml"], max_errors=0)


_POSITIONS: dict = {}  # (parent, tag) -> {child: its 1-based position among its same-tag siblings}


def _sibling_position(element) -> int:
    parent = element.getparent()
    if parent is None:
        return 1
    key = (parent, element.tag)
    if key not in _POSITIONS:  # holding the elements (until the next file) keeps their identity
        _POSITIONS[key] = {child: n for n, child in enumerate(parent.iterchildren(element.tag), 1)}
    return _POSITIONS[key][element]


def well_formed(path: Path) -> list[str]:
    bad = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(z.read(name))
                except etree.XMLSyntaxError as exc:
                    bad.append(f"{name}: {exc}")
    return bad


def written_files(results: Path) -> list[Path]:
    docs = results.with_name(results.stem + ".documents")
    letters = {}
    for doc in sorted(docs.glob("*.docx")):                 # one letter of each kind is enough
        letters.setdefault(doc.name.split("_")[0], doc)
    return [results, ROOT / "workbooks" / "template.xlsx", ROOT / "workbooks" / "demo.xlsx",
            ROOT / "addin" / "excel" / "credit.xlam", *letters.values(), *sorted(docs.glob("*.xlsx"))[:1]]


def test_every_file_we_write_is_valid(demo_outputs):
    files = written_files(demo_outputs)
    assert len(files) > 6
    problems = {f.name: audit(f) + well_formed(f) for f in files}
    assert {name: p for name, p in problems.items() if p} == {}


def test_kill_during_write_leaves_previous_output_intact(tmp_path):
    """SIGKILL the run the moment its temporary result file appears (the write phase):
    the previous result file must be untouched."""
    src = tmp_path / "big.xlsx"
    synth(src, invoices=20_000, debtors=400)
    out = tmp_path / "big.results.xlsx"
    from addin.workbook.writer import write_frames  # a previous result of ours, which the run may replace
    from functions.model import Issue, issues_frame
    write_frames(out, {"Issues": issues_frame([Issue("Invoices", 2, "amount", "error", "previous run")])}, "en")
    previous = out.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "addin.cli", "run", str(src), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended without a write phase"
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert out.read_bytes() == previous
    assert openpyxl.load_workbook(out, read_only=True).sheetnames  # still a readable workbook


def test_the_next_write_removes_what_a_killed_run_left(tmp_path):
    """A killed run's temporary file goes at the next write of the same result; a young one
    (another run writing now) and other files stay."""
    from addin.workbook.book import STALE_SECONDS, atomic_write
    out = tmp_path / "big.results.xlsx"
    stale, young = tmp_path / ".big.results.xlsx.ab12cd.tmp", tmp_path / ".big.results.xlsx.ef34gh.tmp"
    other = tmp_path / ".other.xlsx.ij56kl.tmp"
    for f in (stale, young, other):
        f.write_bytes(b"partial")
    long_ago = time.time() - STALE_SECONDS - 60
    for f in (stale, other):
        os.utime(f, (long_ago, long_ago))
    atomic_write(out, lambda tmp: tmp.write_bytes(b"new"))
    assert out.read_bytes() == b"new"
    assert not stale.exists() and young.exists() and other.exists()
