"""The house rules that no feature test covers: library errors speak the library's words, a
failed record keeps its valid fields by type, the shipped schema is the command's, library
calls leave the garbage collector alone, one Neo4j driver serves one command."""

from __future__ import annotations

import ast
import copy
import gc
import json
import re
from typing import Any

import pytest

from accountmap.analysis.revenue import revenue_movements
from accountmap.errors import DataError, UsageError
from accountmap.graph import build_graph
from accountmap.validate import check_data, load_dataset
from tests.conftest import EXAMPLE, ROOT, TINY

SRC = ROOT / "src" / "accountmap"


def test_library_errors_name_no_cli_flag() -> None:
    """Only the CLI knows its flags: an error raised outside cli/ names none."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if "cli" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and node.exc is not None):
                continue
            for sub in ast.walk(node.exc):
                if (isinstance(sub, ast.Constant) and isinstance(sub.value, str)
                        and re.search(r"(^|\s)--[a-z]", sub.value)):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {sub.value!r}")
    assert not offenders


def test_a_reversed_period_is_an_error_in_the_library_words() -> None:
    ds = load_dataset(str(EXAMPLE))
    with pytest.raises(UsageError) as caught:
        revenue_movements(build_graph(ds), build_graph(ds, ds.as_of.replace(month=1)))
    assert "--" not in str(caught.value) and "after" in str(caught.value)


def test_a_failed_record_keeps_its_valid_fields_by_their_type() -> None:
    """A bad influence is one problem; the valid status: left and moved_to stay (a field
    whose name ends in s is not a list for that)."""
    book: dict[str, Any] = copy.deepcopy(TINY)
    book["stakeholders"][2].update(status="left", moved_to="s-sub", influence=99)
    with pytest.raises(DataError) as caught:
        check_data(book)
    fields = [p.path for p in caught.value.problems]
    assert fields == ["stakeholders[2].influence"], fields


def test_the_shipped_schema_is_the_schema_command(run: Any) -> None:
    result = run("schema")
    assert result.exit_code == 0
    shipped = json.loads((ROOT / "docs" / "accountmap.schema.json").read_text("utf-8"))
    assert json.loads(result.stdout) == shipped


def test_library_calls_freeze_nothing() -> None:
    """gc.freeze() is the CLI's (a short-lived process); a library caller's objects stay
    where they are."""
    before = gc.get_freeze_count()
    G = build_graph(load_dataset(str(EXAMPLE)))
    from accountmap.facts import facts

    facts(G)
    assert gc.get_freeze_count() == before


@pytest.mark.neo4j
def test_one_driver_per_command(neo4j_uri: str, run: Any,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("load", EXAMPLE, "--neo4j", neo4j_uri, "-q").exit_code == 0
    import neo4j

    opened: list[Any] = []
    real = neo4j.GraphDatabase.driver

    def counting(*args: Any, **kw: Any) -> Any:
        driver = real(*args, **kw)
        opened.append(driver)
        return driver

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", counting)
    for command in (["coverage", "--engine", "cypher", "--group", "g-nakamura"],
                    ["summary"], ["threads", "--engine", "cypher"]):
        opened.clear()
        result = run(*command[:1], neo4j_uri, *command[1:], "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert len(opened) == 1, command


def test_no_module_is_over_500_lines() -> None:
    """One concept a module: none of them grows past 500 lines (the catalogue included)."""
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long
