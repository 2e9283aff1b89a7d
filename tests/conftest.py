"""Fixtures shared by several test modules, each built once per session: the demo built afresh,
the runs of the French and English demos, the analysis of the demo. Read them, do not change them."""
from __future__ import annotations

import io
from contextlib import redirect_stderr

import pandas as pd
import pytest

# The slowest modules (measured with --durations), run first: the two workers (pyproject's -n 2)
# then end on short modules and finish together. Order only: a stale list costs time, not a test.
SLOW_FIRST = ("test_junk.py", "test_consistency.py", "test_policy_terms.py", "test_lite.py", "test_inplace.py",
              "test_check_excel.py", "test_cli.py", "test_validity.py", "test_visual.py", "test_workbooks.py",
              "test_insolvency.py", "test_letters.py", "test_vba.py", "test_scoring.py", "test_functions_sheet.py")


def pytest_collection_modifyitems(items):
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))  # stable: the rest keep their order


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo workbook built afresh by the code, once per run (building computes every worksheet
    function on it to lay out the Functions sheet), and those results."""
    from addin.build.demo import build_demo

    path = tmp_path_factory.mktemp("demo-build") / "demo.xlsx"
    return path, build_demo(path)


@pytest.fixture(scope="session")
def demo_session(tmp_path_factory):
    """(run, result file, what the run and its summary printed) of the bundled (French) demo, with
    its letters beside the result file."""
    from addin.cli import DEMO, summary
    from addin.run import run
    from addin.workbook.book import FileBook

    out = tmp_path_factory.mktemp("demo") / "demo.results.xlsx"
    console = io.StringIO()
    with redirect_stderr(console):
        done = run(FileBook(DEMO, out))
    console.write(summary(done, out))
    return done, out, console.getvalue()


@pytest.fixture(scope="session")
def demo_results(demo_session):
    """(run, result file) of the bundled demo, with its letters beside it."""
    return demo_session[:2]


@pytest.fixture(scope="session")
def demo_en_results(tmp_path_factory):
    """(run, result file) of the English demo, with its letters beside it. The result file is named
    demo.xlsx so that the Declarations' document paths (demo.documents/...) are those the Lite
    edition gives on a workbook of that name (tests/test_lite.py)."""
    from addin.cli import DEMOS
    from addin.run import run
    from addin.workbook.book import FileBook

    out = tmp_path_factory.mktemp("demo-en") / "demo.xlsx"
    return run(FileBook(DEMOS["en"], out, quiet=True)), out


@pytest.fixture(scope="session")
def demo_analysis():
    """The analysis of the bundled demo at its policy date (2026-10-31), as the ribbon computes it."""
    from addin.build.demo import AS_OF
    from addin.cli import DEMO
    from addin.run import load
    from addin.workbook.book import FileBook
    from functions.analysis import analyse

    return analyse(load(FileBook(DEMO, quiet=True)), pd.Timestamp(AS_OF))
