"""Never overwrite what is not ours; one writer at a time; a workbook open in Excel or
LibreOffice is left alone (issue: reliability, cases 1, 2 and 16)."""
import subprocess
import sys
from datetime import datetime

import openpyxl
import pytest

from addin.cli import main
from addin.workbook.outputs import RESULTS, backup, written_as

from test_cli import digest, make_workbook


def one_line(capsys) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("credit-addin:")]
    assert len(err) == 1
    return err[0]


@pytest.mark.parametrize("argv", [
    ["run", "{src}", "--out", "{src}"],                 # was: exit 0, the input left with the result sheets only
    ["run", "{src}", "--out", "{other}"],
    ["validate", "{src}", "--out", "{other}"],
    ["limits", "{src}", "--out", "{other}"],
    ["import", "{csv}", "--out", "{other}"],
    ["import-fec", "{csv}", "--out", "{other}"],
])
def test_an_output_naming_a_workbook_we_did_not_write_is_refused(tmp_path, capsys, argv):
    src, other = make_workbook(tmp_path / "ar.xlsx"), make_workbook(tmp_path / "receivables.xlsx")
    csv = tmp_path / "export.csv"
    csv.write_text("invoice_id;debtor_id;invoice_date;due_date;amount\nA;D;01/01/2025;01/02/2025;10\n")
    before = {p: digest(p) for p in (src, other)}
    names = {"src": src, "other": other, "csv": csv}
    assert main([a.format(**names) for a in argv]) == 2
    assert "--force" in one_line(capsys)
    assert {p: digest(p) for p in (src, other)} == before
    assert not list(tmp_path.glob("*.backup-*"))


def test_force_replaces_after_a_backup(tmp_path, capsys):
    src = make_workbook(tmp_path / "ar.xlsx")
    original = src.read_bytes()
    assert main(["run", str(src), "--out", str(src), "--force"]) == 0
    backups = list(tmp_path.glob("ar.backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert written_as(src) == RESULTS and "Backup of the replaced ar.xlsx" in capsys.readouterr().out


def test_our_own_results_are_replaced_by_the_next_run(tmp_path):
    src, out = make_workbook(tmp_path / "ar.xlsx"), tmp_path / "issues.xlsx"
    assert main(["validate", str(src), "--out", str(out)]) == 0
    assert written_as(out) == RESULTS
    assert main(["validate", str(src), "--out", str(out)]) == 0 and not list(tmp_path.glob("*.backup-*"))
    out.write_bytes(src.read_bytes())   # the user's file under the result's name
    assert main(["validate", str(src), "--out", str(out)]) == 2


def test_backups_have_unique_names(tmp_path):
    src = make_workbook(tmp_path / "ar.xlsx")
    now = datetime(2026, 1, 2, 3, 4, 5)
    first, second = backup(src, now), backup(src, now)
    assert first.name == "ar.backup-20260102-030405.xlsx" and second.name == "ar.backup-20260102-030405-2.xlsx"
    assert first.read_bytes() == second.read_bytes() == src.read_bytes()


def test_two_mark_sent_at_once_both_land(tmp_path):
    """Both used to print "recorded as sent" while one Register row survived (3 of 3 trials)."""
    src = make_workbook(tmp_path / "ar.xlsx")
    ids = ["overdue_notice:D:2025-05-01", "overdue_notice:E:2025-05-02", "turnover:2025-Q2"]
    procs = [subprocess.Popen([sys.executable, "-m", "addin.cli", "mark-sent", str(src), i, "--in-place"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in ids]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    rows = list(openpyxl.load_workbook(src)["Register"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(ids)
    assert len(list(tmp_path.glob("ar.backup-*.xlsx"))) == 3


def excel_owner_file(path, user):
    name = user.encode("cp1252")
    data = bytes([len(name)]) + name + b" " * (53 - len(name)) + b"\0" + len(user).to_bytes(2, "little")
    data += user.encode("utf-16-le") + b" " * 20
    path.with_name("~$" + path.name).write_bytes(data)


@pytest.mark.parametrize("argv", [["mark-sent", "{src}", "turnover:2025-Q2", "--in-place"],
                                  ["mark-reminded", "{src}", "D", "1", "--in-place"],
                                  ["run", "{src}", "--in-place"]])
@pytest.mark.parametrize("program", ["Excel", "LibreOffice"])
def test_a_workbook_open_elsewhere_is_refused_saying_who(tmp_path, capsys, argv, program):
    src = make_workbook(tmp_path / "ar.xlsx")
    if program == "Excel":
        excel_owner_file(src, "Amélie Martin")
        who = "open in Excel by Amélie Martin"
    else:
        (tmp_path / ".~lock.ar.xlsx#").write_text("Jean Dupont,PC-COMPTA,jdupont,06.12.2026 10:31,file:///home;")
        who = "open in LibreOffice by Jean Dupont (PC-COMPTA)"
    before = digest(src)
    assert main([a.format(src=src) for a in argv]) == 2          # was: written over, exit 0
    assert who in one_line(capsys)
    assert digest(src) == before and not list(tmp_path.glob("*.backup-*"))


def test_refusals_follow_the_system_language(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    src = make_workbook(tmp_path / "ar.xlsx")
    (tmp_path / ".~lock.ar.xlsx#").write_text("Jean Dupont,PC-COMPTA,jdupont,06.12.2026 10:31,file:///home;")
    assert main(["mark-sent", str(src), "turnover:2025-Q2", "--in-place"]) == 2
    assert "ar.xlsx est ouvert dans LibreOffice par Jean Dupont (PC-COMPTA) : fermez-le d'abord" in one_line(capsys)
