"""One command regenerates every generated file: `python -m addin.build` (--check lists the stale)."""
from __future__ import annotations

import shutil
from pathlib import Path

import addin.build.__main__ as build

ROOT = Path(__file__).resolve().parents[1]


def test_every_generated_file_has_a_target():
    generated = {*ROOT.glob("workbooks/*.xlsx"), *ROOT.glob("addin/letters/docx/*.docx"), *ROOT.glob("addin/excel/*.xlam")}
    covered = {path for target in build.TARGETS for path in target.files()}
    assert generated and generated == covered


def test_check_names_a_stale_file(tmp_path, monkeypatch):
    """A committed letter template edited by hand is reported stale; the untouched ones are not."""
    letters = next(t for t in build.TARGETS if t.name == "letter templates")
    copies = []
    for path in letters.files():
        copies.append(tmp_path / path.name)
        shutil.copyfile(path, copies[-1])
    copies[0].write_bytes(copies[0].read_bytes() + b"\0")
    monkeypatch.setattr(build, "TARGETS", (build.Target(letters.name, lambda: copies, letters.build),))
    assert [committed for committed, _ in build.stale(build.TARGETS)] == [copies[0]]
    assert build.main(["--check"]) == 1
    assert build.main([]) == 0 and build.stale(build.TARGETS) == []
