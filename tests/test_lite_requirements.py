"""Every requirement of the Lite workbooks is installable by xlwings Lite: a package Pyodide
0.27.5 ships (its lock file, trimmed in addin/lite/pyodide_packages.json) or a pinned pure-Python
wheel on PyPI (addin/lite/pure_wheels.json); both lists come from scripts/record_lite_packages.py."""
import ast
import importlib.metadata
import json
import re
import sys
from pathlib import Path

from addin.build import lite

LITE = Path(__file__).resolve().parents[1] / "addin" / "lite"
PYODIDE = json.loads((LITE / "pyodide_packages.json").read_text(encoding="utf-8"))
WHEELS = json.loads((LITE / "pure_wheels.json").read_text(encoding="utf-8"))["wheels"]
# Imported by a module of the bundle but never on Lite's path: FileBook opens files with fastexcel.
NOT_IN_LITE = {"fastexcel": "addin/workbook/book.py (FileBook, headless only)",
               "filelock": "addin/workbook/locks.py (one writer of a workbook file, headless only)"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines() -> list[tuple[str, str | None]]:
    found = []
    for line in lite.requirements().splitlines():
        spec = line.split("#", 1)[0].strip()
        if spec:
            name, _, version = spec.partition("==")
            found.append((canonical(name), version or None))
    return found


def test_the_lists_are_pyodide_0_27_5_and_lite_stores_that_version():
    assert PYODIDE["info"]["version"] == lite.PYODIDE_VERSION == "0.27.5"
    assert PYODIDE["info"]["python"].startswith("3.12")
    assert lite.read_stored_files(Path(__file__).resolve().parents[1] / "workbooks" / "demo_lite.xlsx")[
        "pyodideVersion"] == "0.27.5"


def test_every_requirement_is_a_pyodide_package_or_a_pinned_pure_wheel():
    shipped = {canonical(n): p for n, p in PYODIDE["packages"].items()}
    wheels = {canonical(n): w for n, w in WHEELS.items()}
    for name, version in requirement_lines():
        if version is None:
            assert name in shipped, f"{name}: not built by Pyodide, so it must be a pinned pure-Python wheel"
        else:
            assert name not in shipped, f"{name}: Pyodide's own build decides its version, do not pin it"
            assert wheels[name]["version"] == version
            assert re.search(r"-py(2\.)?py3-none-any\.whl$|-py3-none-any\.whl$", wheels[name]["wheel"]), name


def test_every_dependency_of_a_pure_wheel_is_there_too():
    available = {n for n, _ in requirement_lines()} | {canonical(n) for n in PYODIDE["packages"]}
    for name, wheel in WHEELS.items():
        for requirement in wheel["requires"]:
            dependency, _, marker = requirement.partition(";")
            if "extra ==" in marker or "platform_system" in marker:  # extras are not installed; Lite is emscripten
                continue
            assert canonical(re.split(r"[<>=!~ \[]", dependency.strip())[0]) in available, (name, requirement)


def test_every_package_our_bundle_imports_is_required():
    stdlib = set(sys.stdlib_module_names)
    imported = {}
    for path, data in lite.bundle_files().items():
        if path.endswith(".py"):
            for node in ast.walk(ast.parse(data)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
                for name in names:
                    imported.setdefault(name.split(".")[0], path)
    third_party = {top: path for top, path in imported.items()
                   if top not in stdlib and top not in ("functions", "addin", "__future__")}
    distributions = importlib.metadata.packages_distributions()
    required = {n for n, _ in requirement_lines()}
    for top, path in third_party.items():
        if top in NOT_IN_LITE:
            continue
        names = {canonical(d) for d in distributions.get(top, [top])}
        assert names & required, f"{top} (imported by {path}) is not in addin/lite/requirements.txt"
    assert set(NOT_IN_LITE) <= set(third_party)
