"""Record what xlwings Lite can install, for tests/test_lite_requirements.py (run by hand, online):
- addin/lite/pyodide_packages.json: name, version and dependencies of every package Pyodide
  ships, from `pyodide-lock.json` in the npm package `pyodide@<version>`;
- addin/lite/pure_wheels.json: for each pinned requirement, its wheel on PyPI (file name, sha256,
  dependencies), fetched with `pip download --only-binary :all: --platform any`.

    python scripts/record_lite_packages.py
"""
from __future__ import annotations

import email.parser
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from addin.build.lite import PYODIDE_VERSION  # noqa: E402

LITE = ROOT / "addin" / "lite"


def record_pyodide(tmp: Path) -> None:
    subprocess.run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}"], cwd=tmp, check=True, capture_output=True)
    with tarfile.open(tmp / f"pyodide-{PYODIDE_VERSION}.tgz") as archive:
        lock = json.load(archive.extractfile("package/pyodide-lock.json"))
    packages = {name: {"version": p["version"], "depends": sorted(p["depends"])} for name, p in sorted(lock["packages"].items())}
    data = {"source": f"npm package pyodide@{PYODIDE_VERSION}, package/pyodide-lock.json (names, versions, dependencies)",
            "info": lock["info"], "packages": packages}
    (LITE / "pyodide_packages.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        message = email.parser.Parser().parsestr(archive.read(meta).decode("utf-8"))
    return sorted(message.get_all("Requires-Dist") or [])


def record_wheels(tmp: Path) -> None:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", (LITE / "requirements.txt").read_text(), re.M)
    wheels = {}
    for name, version in pins:
        folder = tmp / name
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--platform",
                        "any", "--python-version", "3.12", "--implementation", "py", "-d", str(folder),
                        f"{name}=={version}"], check=True, capture_output=True)
        wheel = next(folder.glob("*.whl"))
        wheels[name] = {"version": version, "wheel": wheel.name, "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
                        "requires": requires(wheel)}
    data = {"source": "PyPI, pip download --only-binary :all: --platform any --python-version 3.12", "wheels": wheels}
    (LITE / "pure_wheels.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        record_pyodide(Path(tmp))
        record_wheels(Path(tmp))
