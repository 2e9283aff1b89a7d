"""Install and uninstall the add-in into temporary folders (addin/excel/install.py), for the Windows and
Mac layouts, with HOME pointing at a temporary folder."""
from __future__ import annotations

from pathlib import Path

import pytest

import xlwings
from addin.excel import install as inst
from addin.excel.xlam import ADDIN

REPO = str(Path(inst.__file__).resolve().parents[2])


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.delenv("APPDATA", raising=False)
    return home


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines()


def test_windows_install_copies_the_addin_and_writes_the_interpreter(home, tmp_path):
    dest = tmp_path / "XLSTART"
    done = inst.install(dest, python=r"C:\venv\Scripts\python.exe", platform="win32")
    assert done.addin == dest / "credit.xlam"
    assert done.addin.read_bytes() == ADDIN.read_bytes()
    assert done.config == home / ".credit" / "credit.conf"          # %USERPROFILE%\.credit\credit.conf
    assert lines(done.config) == ['"INTERPRETER_WIN","C:\\venv\\Scripts\\python.exe"', f'"PYTHONPATH","{REPO}"']
    assert done.applescript is None
    assert "Restart Excel" in done.summary()


def test_windows_default_folder_is_xlstart_under_appdata(home, monkeypatch):
    monkeypatch.setenv("APPDATA", str(home / "Roaming"))
    done = inst.install(platform="win32")
    assert done.addin == home / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "credit.xlam"
    assert done.addin.exists()
    assert inst.uninstall(platform="win32") == [done.addin, done.config]
    assert not done.addin.exists() and not (home / ".credit").exists()


def test_mac_install_uses_excel_folders_and_copies_runpython_applescript(home):
    done = inst.install(python="/Users/me/venv/bin/python", platform="darwin")
    startup = home / "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
    assert done.addin == startup / "credit.xlam"
    assert done.config == home / "Library/Containers/com.microsoft.Excel/Data/credit.conf"
    assert lines(done.config)[0] == '"INTERPRETER_MAC","/Users/me/venv/bin/python"'
    scripts = home / "Library/Application Scripts/com.microsoft.Excel"
    assert done.applescript == scripts / f"xlwings-{xlwings.__version__}.applescript"
    assert done.applescript.read_bytes() == (Path(xlwings.__file__).parent / done.applescript.name).read_bytes()
    inst.uninstall(platform="darwin")
    assert not done.addin.exists() and not done.config.exists()
    assert done.applescript.exists()                                # shared with other xlwings add-ins
    assert inst.install(platform="darwin").applescript is None      # already there: not copied again


def test_reinstall_replaces_our_keys_and_keeps_the_users(home, tmp_path):
    config = home / ".credit" / "credit.conf"
    config.parent.mkdir()
    config.write_text('"SHOW CONSOLE","True"\n"interpreter_win","C:\\old\\python.exe"\n')
    inst.install(tmp_path, python="C:\\new\\python.exe", platform="win32")
    inst.install(tmp_path, python="C:\\new\\python.exe", platform="win32")
    assert lines(config) == ['"SHOW CONSOLE","True"', '"INTERPRETER_WIN","C:\\new\\python.exe"',
                             f'"PYTHONPATH","{REPO}"']
    removed = inst.uninstall(tmp_path, platform="win32")
    assert removed == [tmp_path / "credit.xlam", config]
    assert lines(config) == ['"SHOW CONSOLE","True"']                # the user's own setting stays
    assert [p.name for p in tmp_path.iterdir()] == ["home"]          # only the add-in left dest


def test_uninstall_leaves_other_addins_and_is_idempotent(home, tmp_path):
    (tmp_path / "xlwings.xlam").write_bytes(b"other")
    inst.install(tmp_path, platform="win32")
    inst.uninstall(tmp_path, platform="win32")
    assert inst.uninstall(tmp_path, platform="win32") == []
    assert (tmp_path / "xlwings.xlam").read_bytes() == b"other"


def test_linux_needs_a_destination(home):
    with pytest.raises(inst.InstallError, match="--dest"):
        inst.install(platform="linux")


def test_a_double_quote_in_a_path_is_refused(home, tmp_path):
    with pytest.raises(inst.InstallError, match="double quote"):
        inst.install(tmp_path, python='/odd"name/python', platform="darwin")
    assert not (tmp_path / "credit.xlam").exists()
