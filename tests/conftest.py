"""Fixtures shared by several test modules: the demo built afresh, and the demo's run, each once per session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo workbook built afresh by the code, once per run (building computes every worksheet
    function on it to lay out the Functions sheet), and those results."""
    from addin.build.demo import build_demo

    path = tmp_path_factory.mktemp("demo-build") / "demo.xlsx"
    return path, build_demo(path)


@pytest.fixture(scope="session")
def demo_results(tmp_path_factory):
    """(run, result file) of the bundled demo, with its letters beside it; read it, do not change it."""
    from addin.cli import DEMO
    from addin.run import run
    from addin.workbook.book import FileBook

    out = tmp_path_factory.mktemp("demo") / "demo.results.xlsx"
    return run(FileBook(DEMO, out, quiet=True)), out
