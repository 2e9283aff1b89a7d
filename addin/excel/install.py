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
copied when absent and left on uninstall (other xlwings add-ins share it).

Example:
    >>> done = install(dest=Path("/tmp/XLSTART"))      # platform's config file, this Python
    >>> done.addin, done.config
    (PosixPath('/tmp/XLSTART/credit.xlam'), PosixPath('/home/me/.credit/credit.conf'))
    >>> uninstall(dest=Path("/tmp/XLSTART"))           # the add-in and these keys only
"""
from __future__ import annotations

import locale
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from addin.excel.xlam import ADDIN, NAME

MAC_STARTUP = "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
MAC_SANDBOX = "Library/Containers/com.microsoft.Excel/Data"
MAC_SCRIPTS = "Library/Application Scripts/com.microsoft.Excel"


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

    def summary(self) -> str:
        lines = [f"Installed {self.addin}", f"Settings in {self.config}:"]
        lines += [f"  {key} = {value}" for key, value in self.settings.items()]
        if self.applescript:
            lines.append(f"Copied {self.applescript}")
        return "\n".join(lines + ["Restart Excel to load the add-in."])


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
        raise InstallError("Excel runs on Windows and Mac: on this system give the folder with --dest")
    values = settings(python or sys.executable, platform)
    if any('"' in value for value in values.values()):
        raise InstallError("a path holds a double quote, which the add-in's settings file cannot store")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ADDIN.name
    try:
        shutil.copyfile(ADDIN, target)
    except PermissionError:
        raise InstallError(f"cannot write {target}: quit Excel and run the command again") from None
    write_settings(where.config, values)
    return Installation(target, where.config, values, _copy_applescript(where.scripts))


def uninstall(dest: Path | None = None, platform: str = sys.platform) -> list[Path]:
    """Remove the add-in and the settings `install` wrote; returns what was removed."""
    where = places(platform)
    folder = Path(dest) if dest else where.startup
    removed = []
    if folder is not None and (folder / ADDIN.name).exists():
        try:
            (folder / ADDIN.name).unlink()
        except PermissionError:
            raise InstallError(f"cannot remove {folder / ADDIN.name}: quit Excel and run the command again") from None
        removed.append(folder / ADDIN.name)
    if remove_settings(where.config, setting_keys(platform)):
        removed.append(where.config)
    return removed


# ---- the settings file: xlwings' "KEY","value" lines ------------------------------------------

def _encoding() -> str:
    # VBA's `Input #` reads the ANSI code page on Windows, as xlwings writes it (open() default).
    return locale.getpreferredencoding(False)


def read_settings(path: Path) -> list[str]:
    return path.read_text(encoding=_encoding()).splitlines() if path.exists() else []


def _key(line: str) -> str:
    return line.split(",", 1)[0].strip().strip('"').upper()


def write_settings(path: Path, values: dict[str, str]) -> None:
    """Set these keys, keeping every other line of the file."""
    kept = [line for line in read_settings(path) if line.strip() and _key(line) not in values]
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = kept + [f'"{key}","{value}"' for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding=_encoding())


def remove_settings(path: Path, keys: set[str]) -> bool:
    """Drop these keys; the file (and its `.credit` folder) goes when nothing else is left."""
    lines = read_settings(path)
    kept = [line for line in lines if line.strip() and _key(line) not in keys]
    if len(kept) == len([line for line in lines if line.strip()]):
        return False
    if kept:
        path.write_text("\n".join(kept) + "\n", encoding=_encoding())
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
