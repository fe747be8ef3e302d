"""The library's face: docs/library.md runs as a doctest from the repository root, and the
package exports exactly the names it documents, lazily (``import accountmap`` stays light)."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

import accountmap
from tests.conftest import ROOT


def test_the_library_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "library.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 15
    assert result.failed == 0


def test_every_exported_name_is_documented_and_there() -> None:
    page = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    for name in accountmap.__all__:
        assert getattr(accountmap, name) is not None
        if name not in ("__version__", "Dataset", "Plan", "PlanOptions", "ANALYSES",
                        "months_before", "check_book"):
            assert f"`{name}" in page or f"{name}(" in page, name


def test_import_accountmap_loads_no_graph_library() -> None:
    code = ("import sys, accountmap; "
            "print(sorted(m for m in ('networkx', 'pydantic', 'neo4j', 'pyvis') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
