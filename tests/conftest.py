"""Fixtures shared by several test modules."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The demo workbook built afresh by the code, once per run (building computes every worksheet
    function on it to lay out the Functions sheet), and those results."""
    from addin.build.demo import build_demo

    path = tmp_path_factory.mktemp("demo-build") / "demo.xlsx"
    return path, build_demo(path)
