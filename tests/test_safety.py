"""Hostile files get one clear message, in bounded time and memory (issue: reliability)."""
import time
import tracemalloc
import zipfile

import pytest

from addin.workbook import safety
from addin.cli import main

from test_cli import make_workbook


def bomb(path, size=300 * 1024**2):
    """A zip whose one part unpacks to `size` bytes of zeros (about 1000x compression)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * (16 * 1024**2)
            for _ in range(size // len(block)):
                part.write(block)
    return path


def refusal(path, capsys):
    start = time.perf_counter()
    tracemalloc.start()
    code = main(["run", str(path)])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    elapsed = time.perf_counter() - start
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("credit-addin:")]
    assert code == 2 and len(err) == 1
    assert elapsed < 5 and peak < 50 * 1024**2   # refused from the zip directory alone
    return err[0]


def test_zip_bomb(tmp_path, capsys):
    assert "zip bomb" in refusal(bomb(tmp_path / "bomb.xlsx"), capsys)


def test_workbook_over_the_byte_budget(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(safety, "MAX_READ_BYTES", 4096)
    assert "unpacks to more than" in refusal(make_workbook(tmp_path / "ar.xlsx"), capsys)


def test_not_a_workbook(tmp_path, capsys):
    path = tmp_path / "notes.xlsx"
    path.write_text("just text")
    assert "not an Excel .xlsx workbook" in refusal(path, capsys)


def test_password_protected(tmp_path, capsys):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(safety.OLE2_MAGIC + b"\0" * 1024)   # encrypted workbooks are OLE2 containers
    assert "password-protected" in refusal(path, capsys)


@pytest.mark.parametrize("name", ["old.xls", "binary.xlsb", "calc.ods"])
def test_other_formats_by_extension(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    assert "save the workbook as .xlsx" in refusal(path, capsys)


def test_ods_content_with_xlsx_name(tmp_path, capsys):
    path = tmp_path / "renamed.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert "OpenDocument" in refusal(path, capsys)


def test_real_workbook_passes(tmp_path):
    safety.check_workbook_file(make_workbook(tmp_path / "ar.xlsx"))
