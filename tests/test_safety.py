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


# --- what decompression really produces (cases 9, 10, 11, 15) -----------------------------

def far_cell(path, honest=True):
    """A plain Invoices table and one value at XFD1048576 (a legal cell, 330 kB file or less)."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"])
    ws.write_row(1, 0, ["A", "D", "2025-01-01", "2025-02-01", 10])
    ws.write(1048575, 16383, 5)
    wb.close()
    if not honest:  # the dimension claims a small table: the cell itself must give it away
        replace_in_part(path, "xl/worksheets/sheet1.xml", b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:E2"/>')
    return path


def replace_in_part(path, part, old, new):
    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            if info.filename == part:
                assert old in data
                data = data.replace(old, new)
            z.writestr(info.filename, data)


def run_cli(*argv):
    import resource
    import subprocess
    import sys
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "addin.cli", *argv], capture_output=True, text=True, timeout=120)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return done, time.perf_counter() - start, peak_mb


@pytest.mark.parametrize("command, honest", [("run", True), ("validate", False)])
def test_far_cell_is_refused_before_the_reader_allocates(tmp_path, honest, command):
    path = far_cell(tmp_path / "far.xlsx", honest)
    done, seconds, peak_mb = run_cli(command, str(path))
    lines = [line for line in done.stderr.splitlines() if not line.endswith(" ...")]  # less the progress lines
    assert done.returncode == 2 and len(lines) == 1, done.stderr[-2000:]   # was: SIGABRT, exit 134
    assert "Invoices" in lines[0] and ("XFD1048576" in lines[0])
    assert seconds < 60 and peak_mb < 1536


def unlabelled_far_row(path):
    """Cells without references in a row numbered 1,048,576: readers place them after each other."""
    far = "".join("<c><v>1</v></c>" for _ in range(200))
    make_workbook(path)
    replace_in_part(path, "xl/worksheets/sheet3.xml", b"</sheetData>", f'<row r="1048576">{far}</row></sheetData>'.encode())
    return path


def test_cells_without_references_are_followed(tmp_path, capsys):
    message = refusal(unlabelled_far_row(tmp_path / "far.xlsx"), capsys)
    assert "cell GR1048576 lies far outside the table" in message


def declared_smaller(path, part, declared):
    """Patch the zip so that `part` declares `declared` bytes unpacked (its real size is larger)."""
    import struct
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, declared)       # local header: uncompressed size
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at)
        if at < 0:
            break
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length].decode() == part:
            struct.pack_into("<I", data, at + 24, declared)                # central directory: uncompressed size
        at += 4
    path.write_bytes(bytes(data))
    return path


def big_invoices(path, rows=20_000):
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"])
    for r in range(1, rows + 1):
        ws.write_row(r, 0, [f"F{r}", "D", "2025-01-01", "2025-02-01", r])
    wb.close()
    return path


def test_sizes_are_measured_not_read_from_the_zip(tmp_path, capsys, monkeypatch):
    """A sheet that declares 100 kB but inflates to megabytes is caught by what it inflates to."""
    monkeypatch.setattr(safety, "MAX_READ_BYTES", 600 * 1024)
    path = declared_smaller(big_invoices(tmp_path / "liar.xlsx"), "xl/worksheets/sheet1.xml", 100 * 1024)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size == 100 * 1024
    assert "xl/worksheets/sheet1.xml unpacks to more than" in refusal(path, capsys)


def test_unused_shared_strings_count_against_their_own_budget(tmp_path, capsys, monkeypatch):
    import xlsxwriter
    monkeypatch.setattr(safety, "MAX_SHARED_BYTES", 256 * 1024)
    path = tmp_path / "strings.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"])
    for r in range(20_000):
        ws.write_string(r + 1, 7, f"unused text number {r:08d}")
    wb.close()
    assert "xl/sharedStrings.xml unpacks to more than" in refusal(path, capsys)


def test_too_many_cells(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(safety, "MAX_CELLS", 50_000)
    assert "cells" in refusal(big_invoices(tmp_path / "many.xlsx"), capsys)


def test_import_goes_through_the_same_checks(tmp_path, capsys):
    path = bomb(tmp_path / "bomb.xlsx")
    start = time.perf_counter()
    assert main(["import", str(path), "--out", str(tmp_path / "out.xlsx")]) == 2   # was: 87 s, 6.3 GB, MemoryError
    assert "zip bomb" in capsys.readouterr().err
    assert main(["import", str(make_workbook(tmp_path / "ok.csv.xlsx")), "--mapping", str(path),
                 "--out", str(tmp_path / "out.xlsx")]) == 2
    assert "zip bomb" in capsys.readouterr().err
    assert time.perf_counter() - start < 10 and not (tmp_path / "out.xlsx").exists()


def test_text_imports_are_bounded(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(safety, "MAX_TEXT_BYTES", 1000)
    fec = tmp_path / "fec.txt"
    fec.write_text("JournalCode\tJournalLib\n" + "VT\tVentes\n" * 200)
    assert main(["import-fec", str(fec), "--out", str(tmp_path / "out.xlsx")]) == 2
    assert "split the export" in capsys.readouterr().err


def test_a_damaged_sheet_is_one_line_naming_its_cell(tmp_path, capsys):
    path = make_workbook(tmp_path / "ar.xlsx")
    replace_in_part(path, "xl/worksheets/sheet3.xml", b'<c r="E3"><v>500</v></c>', b'<c r="E3" t="str"><v>&foo;</v></c>')
    message = refusal(path, capsys)
    assert message == ("credit-addin: ar.xlsx: sheet Invoices, cell E3 cannot be read: "
                       "the XML is damaged (Entity 'foo' not defined, line 2)")


def test_excel_errors_and_absurd_serials_are_said_for_what_they_are(tmp_path, capsys):
    import xlsxwriter
    path = tmp_path / "ar.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    dates = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["invoice_id", "debtor_id", "invoice_date", "due_date", "amount"])
    for r, (invoice_date, amount) in enumerate([(45658, 10), (1e10, 20), ("=NA()", 30), (45658, "=NA()")], start=1):
        ws.write_row(r, 0, [f"F{r}", "D"])
        if isinstance(invoice_date, str):
            ws.write_formula(r, 2, invoice_date, dates, "#N/A")
        else:
            ws.write_number(r, 2, invoice_date, dates)
        ws.write_number(r, 3, 45700, dates)
        ws.write_formula(r, 4, amount, None, "#N/A") if isinstance(amount, str) else ws.write_number(r, 4, amount)
    wb.close()
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    # issue 19: an unusable invoice date is repaired (due date - terms), saying what was typed (French Policy default)
    assert "Date de facture « 10000000000 » n'est pas une date : 13/01/2025 retenue" in out   # was: "is empty"
    assert "Date de facture contient l'erreur Excel #N/A : 13/01/2025 retenue" in out
    assert out.count("contient l'erreur Excel #N/A ; ligne ignorée") == 1                     # the amount
    assert "is empty" not in out and "est vide" not in out


def test_lower_case_references_are_read_as_readers_read_them(tmp_path, capsys):
    path = make_workbook(tmp_path / "ar.xlsx")
    replace_in_part(path, "xl/worksheets/sheet3.xml", b"</sheetData>",
                    b'<row r="5"><c r="xfd1048576"><v>5</v></c></row></sheetData>')
    assert "cell XFD1048576 lies far outside the table" in refusal(path, capsys)


def test_a_register_too_big_to_edit_is_refused(tmp_path, capsys, monkeypatch):
    import xlsxwriter
    monkeypatch.setattr(safety, "MAX_PARSED_BYTES", 4096)
    path = tmp_path / "ar.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Register")
    ws.write_row(0, 0, ["declaration_id", "type", "debtor_id", "period", "status"])
    for r in range(1, 200):
        ws.write_row(r, 0, [f"turnover:{2000 + r}-Q1", "turnover", None, f"{2000 + r}-Q1", "sent"])
    wb.close()
    before = path.read_bytes()
    assert main(["mark-sent", str(path), "turnover:2025-Q2", "--in-place"]) == 2
    assert "unpacks to more than" in capsys.readouterr().err and path.read_bytes() == before
