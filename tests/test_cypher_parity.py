"""The Cypher engine (queries/*.cypher inside Neo4j) and the NetworkX engine agree exactly."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLE, ROOT

DATED = ROOT / "examples" / "kaisei-group.yaml"

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
    # dates inside the example's history: a move, a price change, a churn, a new entity
    ["coverage", "--as-of", "2026-03-20"],
    ["threads", "--as-of", "2026-01-15"],
    ["threads", "--as-of", "2026-04-20"],
    ["threads", "--by", "person", "--as-of", "2026-03-14"],
    ["contacts", "--as-of", "2026-03-16"],
    ["whitespace", "--as-of", "2026-02-15"],
    ["whitespace", "--level", "department", "--as-of", "2025-06-30"],
    # the dated organisation: before and after an acquisition, a sale, a merger, a
    # department's creation and closing, a successor and a secondment
    ["coverage", "--as-of", "2026-04-20"],
    ["coverage", "--kind", "department", "--as-of", "2026-05-12"],
    ["threads", "--as-of", "2026-05-20"],
    ["threads", "--by", "person", "--as-of", "2026-05-20"],
    ["contacts", "--as-of", "2026-06-15"],
    ["whitespace", "--as-of", "2026-05-20"],
    ["whitespace", "--level", "department", "--as-of", "2026-04-25"],
]


@pytest.fixture
def loaded(neo4j_uri, run, tmp_path):
    """The example, the hand-worked dated group and a generated book with a dated
    organisation (8 groups: an acquisition, a merger and a sale), loaded into one database."""
    generated = tmp_path / "generated.json"
    assert run("generate", "--groups", 8, "--seed", 11, "--stakeholders-per-company", 6,
               "--touchpoints-per-stakeholder", 4, "-o", generated).exit_code == 0
    for path in (EXAMPLE, DATED, generated):
        result = run("load", path, "--neo4j", neo4j_uri, "-q")
        assert result.exit_code == 0, result.stderr
    return {"nakamura-group": EXAMPLE, "kaisei-group": DATED, "generated": generated}


def test_engines_agree(loaded, neo4j_uri, run_json):
    compared = 0
    for name, path in loaded.items():
        for command in COMMANDS:
            if name != "nakamura-group" and "--group" in command:
                continue
            from_memory = run_json(*command, path)
            in_neo4j = run_json(*command, neo4j_uri, "--dataset", name, "--engine", "cypher")
            # compared as text, so a number's type counts too (0 is not 0.0 in JSON output)
            assert json.dumps(in_neo4j, sort_keys=True) == json.dumps(
                from_memory, sort_keys=True), (name, command)
            compared += bool(from_memory)
    assert compared >= 20  # the comparisons are not all of empty answers


def test_cypher_engine_needs_a_neo4j_source(run):
    result = run("coverage", EXAMPLE, "--engine", "cypher")
    assert result.exit_code == 2 and "--engine cypher reads from Neo4j" in result.stderr


def test_query_command_types_its_parameters(loaded, neo4j_uri, run, run_json):
    # The named query gives the same rows as the engine, and a date given as text is sent
    # as a date (as text it would compare as null and silently change the answer).
    def query(*params):
        return run_json("query", "contacts", "--neo4j", neo4j_uri, "--dataset",
                        "nakamura-group", *params)

    engine = run_json("contacts", neo4j_uri, "--dataset", "nakamura-group", "--engine",
                      "cypher", "--as-of", "2026-04-01", "--window-days", "30")
    rows = query("--param", "as_of=2026-04-01", "--param", "window_days=30")
    assert [r for r in rows if r["scope"] == "stakeholder"] == [
        {"scope": "stakeholder", **r} for r in engine["stakeholders"]]
    early = query("--param", "as_of=2026-04-01")  # sent as text it would match no date at all
    assert early and early != query()
    assert any(r["id"] == "s-sato" for r in query())  # as_of defaults to the dataset's
    bad = run("query", "contacts", "--neo4j", neo4j_uri, "--dataset", "nakamura-group",
              "--param", "as_of=soon")
    assert bad.exit_code == 2 and "parameter as_of must be a date" in bad.stderr
