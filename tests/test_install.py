"""Install and uninstall the add-in into temporary folders (addin/excel/install.py), for the Windows and
Mac layouts, with HOME pointing at a temporary folder."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
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


# ---- the settings file as VBA reads it ----------------------------------------------------------

def test_windows_settings_are_in_the_ansi_code_page_even_in_python_utf8_mode(tmp_path):
    """VBA's `Input #` decodes the file in Windows' ANSI code page (cp1252 on a French or English
    Windows): a Python in UTF-8 mode must still write `é` as the one byte 0xE9."""
    script = ("import sys; from pathlib import Path; from addin.excel import install as i; "
              "assert sys.flags.utf8_mode; "
              f"i.install(Path(r'{tmp_path}') / 'XLSTART', python=r'C:\\Users\\Hélène\\venv\\python.exe', "
              "platform='win32')")
    env = {**os.environ, "HOME": str(tmp_path), "USERPROFILE": str(tmp_path)}
    subprocess.run([sys.executable, "-X", "utf8", "-c", script], check=True, env=env, cwd=REPO, timeout=120)
    written = (tmp_path / ".credit" / "credit.conf").read_bytes()
    assert b'"INTERPRETER_WIN","C:\\Users\\H\xe9l\xe8ne\\venv\\python.exe"' in written


def test_a_path_the_code_page_cannot_hold_is_refused(home, tmp_path):
    with pytest.raises(inst.InstallError, match="code page"):
        inst.install(tmp_path, python="C:\\Users\\\u674e\u96f7\\python.exe", platform="win32")
    assert not (home / ".credit").exists()


# ---- RunPython as xlwings 0.37.8 runs it --------------------------------------------------------

def applescript_shell_command(parameter_string: str) -> str:
    """The shell command xlwings' AppleScript (the installed file, read here) builds from the
    ParameterString VBA's ExecuteMac passes it: its `set ShellCommand to ...` evaluated."""
    script = Path(xlwings.__file__).with_name(f"xlwings-{xlwings.__version__}.applescript").read_text()
    names = re.search(r'set \{([^}]*)\} to SplitString\(ParameterString, "\|"\)', script).group(1)
    values = dict(zip(names.replace(" ", "").split(","), parameter_string.split("|")))
    expression = re.search(r"set ShellCommand to (.*?)\n\s*try", script, re.DOTALL).group(1)
    tokens = re.findall(r'"((?:\\.|[^"\\])*)"|(\w+)', expression.replace("\u00ac", ""))
    return "".join(values[name] if name else re.sub(r"\\(.)", r"\1", literal) for literal, name in tokens)


def vba_pythonpath(workbook: Path, addin: Path, settings: dict[str, str]) -> str:
    """RunPython's PYTHONPATH argument (xlwings VBA module): the add-in's ADD_WORKBOOK_TO_PYTHONPATH,
    the two workbooks, three blank OneDrive/SharePoint settings, the PYTHONPATH setting."""
    from addin.excel import xlam
    add_workbook_dir = dict(xlam.conf_settings(xlam.UDF_MODULE)).get("ADD_WORKBOOK_TO_PYTHONPATH", "true")
    return f"{add_workbook_dir};{workbook};{addin};;;;{settings['PYTHONPATH']}"


@pytest.fixture
def user_folder(tmp_path) -> Path:
    """A user's folder holding the workbook, a `functions.py` and an `addin/` of their own."""
    folder = tmp_path / "Créances clients"
    (folder / "addin").mkdir(parents=True)
    (folder / "addin" / "__init__.py").write_text("raise ImportError('the user addin/ folder was imported')\n")
    (folder / "functions.py").write_text("raise ImportError('the user functions.py was imported')\n")
    (folder / "receivables.xlsx").write_bytes(b"")
    return folder


PROBE = ("import json, sys, addin.excel.ribbon, functions.aging; "
         "open('{out}', 'w').write(json.dumps([addin.__file__, functions.__file__, sys.path]))")


def probe_result(out: Path, wait: float = 30.0):
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if out.exists() and out.read_text():
            return json.loads(out.read_text())
        time.sleep(0.1)
    return None


def test_mac_runpython_runs_a_python_whose_path_has_spaces_and_our_packages(home, tmp_path, user_folder):
    """xlwings' AppleScript runs `INTERPRETER -B -u ...` through the shell without quotes: a
    Python under a folder with a space gets the launcher, and the imports are ours, not the
    user's functions.py or addin/ beside the workbook."""
    python_dir = tmp_path / "Python 3 env" / "bin"
    python_dir.mkdir(parents=True)
    python = python_dir / "python"
    python.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
    python.chmod(0o755)
    done = inst.install(tmp_path / "Startup", python=str(python), platform="darwin")
    assert done.launcher == done.config.parent / "credit-python" and " " not in done.settings["INTERPRETER_MAC"]
    out = tmp_path / "probe.json"
    parameters = "|".join([vba_pythonpath(user_folder / "receivables.xlsx", done.addin, done.settings).replace(
                               "'", "\\'") + ";", done.settings["INTERPRETER_MAC"], PROBE.format(out=out),
                           "receivables.xlsx", "/Applications/Microsoft Excel.app", str(tmp_path / "xlwings.log")])
    # AppleScript's `do shell script` runs in "/" (Apple TN2065)
    subprocess.run(["/bin/sh", "-c", applescript_shell_command(parameters)], cwd="/", timeout=60)
    result = probe_result(out)
    assert result is not None, (tmp_path / "xlwings.log").read_text() if (tmp_path / "xlwings.log").exists() else ""
    addin_file, functions_file, path = result
    assert addin_file.startswith(REPO) and functions_file.startswith(REPO)
    assert str(user_folder) not in path
    assert inst.uninstall(tmp_path / "Startup", platform="darwin")[-1] == done.launcher
    assert not done.launcher.exists()


@pytest.mark.parametrize("current", ["python folder", "workbook folder"])
def test_windows_runpython_and_udf_server_import_our_packages(home, tmp_path, user_folder, current):
    """ExecuteWindows (after `cd` to Python's folder) and the UDF server (in Excel's current folder,
    maybe the workbook's) run `python -B -c "import xlwings.utils;xlwings.utils.prepare_sys_path(...);
    ..."`: with the workbook's folder off sys.path the user's functions.py and addin/ stay out."""
    done = inst.install(tmp_path / "XLSTART", python=sys.executable, platform="win32")
    out = tmp_path / "probe.json"
    pythonpath = vba_pythonpath(user_folder / "receivables.xlsx", done.addin, done.settings)
    command = f'import xlwings.utils;xlwings.utils.prepare_sys_path("{pythonpath}"); {PROBE.format(out=out)}'
    cwd = Path(sys.executable).parent if current == "python folder" else user_folder
    subprocess.run([sys.executable, "-B", "-c", command], cwd=cwd, check=True, timeout=60)
    addin_file, functions_file, path = probe_result(out)
    assert addin_file.startswith(REPO) and functions_file.startswith(REPO)
    assert str(user_folder) not in path and str(done.addin.parent) not in path
