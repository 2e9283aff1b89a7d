"""Fixtures shared across test modules: the demo workbook's run is computed once per session."""
import pytest

from addin import run as pipeline
from addin.cli import DEMO
from addin.workbook.book import FileBook


@pytest.fixture(scope="session")
def demo_results(tmp_path_factory):
    """(run, result file) of the bundled demo, with its letters beside it; read it, do not change it."""
    out = tmp_path_factory.mktemp("demo") / "demo.results.xlsx"
    return pipeline.run(FileBook(DEMO, out, quiet=True)), out
