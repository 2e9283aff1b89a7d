"""Install the add-in for the current user: Excel's start-up folder, and the settings with which
the add-in's VBA finds this Python (`credit-addin install` / `uninstall`).

Where things go, as xlwings 0.37.8 reads them (PROJECT_NAME "credit", see addin/excel/xlam.py):

| | Windows | Mac |
|---|---|---|
| add-in | `%APPDATA%\\Microsoft\\Excel\\XLSTART` | `~/Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel` |
| settings | `%USERPROFILE%\\.credit\\credit.conf` | `~/Library/Containers/com.microsoft.Excel/Data/credit.conf` |

The settings file is xlwings' user config format, one `"KEY","value"` line per setting:
`INTERPRETER_WIN` (or `INTERPRETER_MAC`) = this Python, `PYTHONPATH` = the folder holding the
`addin` package. The add-in's own `credit.conf` sheet holds `UDF Modules` = `addin.excel.udfs`.
xlwings' `addin install` asks a running Excel for its start-up folder; this uses the default
folder instead, so Excel need not run (`--dest` for another folder). On a Mac, RunPython also
needs xlwings' AppleScript in `~/Library/Application Scripts/com.microsoft.Excel`; it is
copied when absent and left on uninstall (other xlwings add-ins share it). That script runs
the interpreter through the shell unquoted, so a Python whose path holds a space gets a
launcher without one beside the settings (`credit-python`, which `exec`s it).

The settings file is read by VBA's `Input #`, which decodes it in Windows' ANSI code page: it is
written in that code page whatever Python's own default (UTF-8 mode would garble accented paths),
and a path the code page cannot hold is refused. On a Mac it is written in UTF-8.

Example:
    >>> done = install(dest=Path("/tmp/XLSTART"))      # platform's config file, this Python
    >>> done.addin, done.config
    (PosixPath('/tmp/XLSTART/credit.xlam'), PosixPath('/home/me/.credit/credit.conf'))
    >>> uninstall(dest=Path("/tmp/XLSTART"))           # the add-in and these keys only
"""
from __future__ import annotations

import os
import shlex
import shutil
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from addin.excel.xlam import ADDIN, NAME
from addin.workbook.messages import say

MAC_STARTUP = "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
MAC_SANDBOX = "Library/Containers/com.microsoft.Excel/Data"
MAC_SCRIPTS = "Library/Application Scripts/com.microsoft.Excel"
MAC_LAUNCHER = f"{NAME}-python"


class InstallError(Exception):
    """Installation cannot proceed; the message says what to do."""


@dataclass(frozen=True)
class Places:
    startup: Path | None            # Excel's start-up folder (XLSTART), None where Excel does not run
    config: Path                    # the user settings file the add-in's VBA reads
    scripts: Path | None            # Mac: the folder of xlwings' RunPython AppleScript


@dataclass(frozen=True)
class Installation:
    addin: Path
    config: Path
    settings: dict[str, str] = field(default_factory=dict)
    applescript: Path | None = None   # copied by this install (Mac)
    launcher: Path | None = None      # written by this install (Mac, Python path with a space)

    def summary(self) -> str:
        lines = [say("install.installed", path=self.addin), say("install.settings", path=self.config)]
        lines += [f"  {key} = {value}" for key, value in self.settings.items()]
        if self.launcher:
            lines.append(say("install.launcher", path=self.launcher))
        if self.applescript:
            lines.append(say("install.copied", path=self.applescript))
        return "\n".join(lines + [say("install.restart")])


def places(platform: str = sys.platform, home: Path | None = None) -> Places:
    """The folders xlwings 0.37.8 uses for an add-in named "credit" on this platform."""
    home = home or Path.home()
    if platform == "darwin":
        return Places(home / MAC_STARTUP, home / MAC_SANDBOX / f"{NAME}.conf", home / MAC_SCRIPTS)
    config = home / f".{NAME}" / f"{NAME}.conf"          # Environ("USERPROFILE") & "\.credit\credit.conf"
    if platform.startswith("win"):
        appdata = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
        return Places(appdata / "Microsoft" / "Excel" / "XLSTART", config, None)
    return Places(None, config, None)


def settings(python: str, platform: str = sys.platform) -> dict[str, str]:
    """What the add-in's VBA needs to run this Python on the `addin` package."""
    interpreter = "INTERPRETER_MAC" if platform == "darwin" else "INTERPRETER_WIN"
    return {interpreter: python, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def setting_keys(platform: str = sys.platform) -> set[str]:
    return set(settings("", platform))


def install(dest: Path | None = None, python: str | None = None, platform: str = sys.platform) -> Installation:
    """Copy the add-in to Excel's start-up folder (or `dest`) and write the settings file."""
    where = places(platform)
    folder = Path(dest) if dest else where.startup
    if folder is None:
        raise InstallError(say("install.no_startup"))
    python = python or sys.executable
    values = settings(python, platform)
    if any('"' in value for value in values.values()):
        raise InstallError(say("install.double_quote"))
    encoding = settings_encoding(platform)
    for value in values.values():
        _check_encodable(value, encoding)
    launcher = None
    if platform == "darwin" and shlex.quote(python) != python:
        launcher = write_launcher(where.config.parent / MAC_LAUNCHER, python)
        values["INTERPRETER_MAC"] = str(launcher)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ADDIN.name
    try:
        shutil.copyfile(ADDIN, target)
    except PermissionError:
        raise InstallError(say("install.cannot_write", path=target)) from None
    write_settings(where.config, values, encoding)
    return Installation(target, where.config, values, _copy_applescript(where.scripts), launcher)


def uninstall(dest: Path | None = None, platform: str = sys.platform) -> list[Path]:
    """Remove the add-in and the settings `install` wrote; returns what was removed."""
    where = places(platform)
    folder = Path(dest) if dest else where.startup
    removed = []
    if folder is not None and (folder / ADDIN.name).exists():
        try:
            (folder / ADDIN.name).unlink()
        except PermissionError:
            raise InstallError(say("install.cannot_remove", path=folder / ADDIN.name)) from None
        removed.append(folder / ADDIN.name)
    if remove_settings(where.config, setting_keys(platform), settings_encoding(platform)):
        removed.append(where.config)
    launcher = where.config.parent / MAC_LAUNCHER
    if platform == "darwin" and launcher.exists():
        launcher.unlink()
        removed.append(launcher)
    return removed


def write_launcher(path: Path, python: str) -> Path:
    """A shell script at a path without spaces that runs `python` with its arguments: xlwings'
    AppleScript puts INTERPRETER_MAC unquoted into a shell command."""
    if shlex.quote(str(path)) != str(path):
        raise InstallError(say("install.shell_path", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\n# Written by credit-addin install: runs this Python for the Excel add-in.\n'
                    f'exec {shlex.quote(python)} "$@"\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


# ---- the settings file: xlwings' "KEY","value" lines ------------------------------------------

def windows_code_page() -> str:
    """Windows' ANSI code page, in which VBA's `Open ... For Input` and `Input #` read the file:
    Python calls it "mbcs" on Windows (GetACP), whatever its UTF-8 mode. Preparing a Windows install
    elsewhere (tests), the Western European one."""
    return "mbcs" if sys.platform.startswith("win") else "cp1252"


def settings_encoding(platform: str = sys.platform) -> str:
    return windows_code_page() if platform.startswith("win") else "utf-8"


def _check_encodable(value: str, encoding: str) -> None:
    try:
        value.encode(encoding)
    except UnicodeEncodeError:
        raise InstallError(say("install.code_page", value=value, encoding=encoding)) from None


def read_settings(path: Path, encoding: str = "utf-8") -> list[str]:
    return path.read_text(encoding=encoding, errors="replace").splitlines() if path.exists() else []


def _key(line: str) -> str:
    return line.split(",", 1)[0].strip().strip('"').upper()


def write_settings(path: Path, values: dict[str, str], encoding: str = "utf-8") -> None:
    """Set these keys, keeping every other line of the file."""
    kept = [line for line in read_settings(path, encoding) if line.strip() and _key(line) not in values]
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = kept + [f'"{key}","{value}"' for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)


def remove_settings(path: Path, keys: set[str], encoding: str = "utf-8") -> bool:
    """Drop these keys; the file (and its `.credit` folder) goes when nothing else is left."""
    lines = read_settings(path, encoding)
    kept = [line for line in lines if line.strip() and _key(line) not in keys]
    if len(kept) == len([line for line in lines if line.strip()]):
        return False
    if kept:
        path.write_text("\n".join(kept) + "\n", encoding=encoding)
    else:
        path.unlink()
        if path.parent.name == f".{NAME}" and not any(path.parent.iterdir()):
            path.parent.rmdir()
    return True


def _copy_applescript(scripts: Path | None) -> Path | None:
    """Mac: xlwings' RunPython AppleScript of the pinned version, when not there yet."""
    if scripts is None:
        return None
    import xlwings

    source = Path(xlwings.__file__).with_name(f"xlwings-{xlwings.__version__}.applescript")
    target = scripts / source.name
    if target.exists():
        return None
    scripts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
