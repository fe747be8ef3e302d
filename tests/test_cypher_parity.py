"""The Cypher engine (queries/*.cypher inside Neo4j) and the NetworkX engine agree exactly."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLE

pytestmark = pytest.mark.neo4j

COMMANDS = [
    ["coverage"],
    ["coverage", "--kind", "department"],
    ["coverage", "--group", "g-nakamura", "--kind", "company"],
    ["threads"],
    ["threads", "--min-contacts", "3", "--min-owners", "3"],
    ["threads", "--by", "person"],
    ["contacts"],
    ["contacts", "--window-days", "200", "--max-owners", "1", "--collision-days", "30",
     "--max-company-owners", "2"],
    ["whitespace"],
    ["whitespace", "--level", "department"],
    ["whitespace", "--group", "g-harbor"],
    ["coverage", "--as-of", "2026-01-15"],
    ["contacts", "--as-of", "2026-04-01"],
]


@pytest.fixture
def loaded(neo4j_uri, run, tmp_path):
    """The example and a generated book, both loaded into one database."""
    generated = tmp_path / "generated.json"
    assert run("generate", "--groups", 3, "--seed", 11, "-o", generated).exit_code == 0
    for path in (EXAMPLE, generated):
        result = run("load", path, "--neo4j", neo4j_uri, "-q")
        assert result.exit_code == 0, result.stderr
    return {"nakamura-group": EXAMPLE, "generated": generated}


def test_engines_agree(loaded, neo4j_uri, run_json):
    compared = 0
    for name, path in loaded.items():
        for command in COMMANDS:
            if name == "generated" and "--group" in command:
                continue
            from_memory = run_json(*command, path)
            in_neo4j = run_json(*command, neo4j_uri, "--dataset", name, "--engine", "cypher")
            assert in_neo4j == from_memory, (name, command)
            compared += bool(from_memory)
    assert compared >= 20  # the comparisons are not all of empty answers


def test_cypher_engine_needs_a_neo4j_source(run):
    result = run("coverage", EXAMPLE, "--engine", "cypher")
    assert result.exit_code == 2 and "--engine cypher reads from Neo4j" in result.stderr
