"""Shared fixtures: small named books of business, file writers, and the CLI runner.

Neo4j and browser fixtures live in their own plugins (``neo4j_server.py``) so that tests which
need neither start nothing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from accountmap.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nakamura-group.yaml"

pytest_plugins = ["tests.neo4j_server", "tests.browser"]

TINY: dict[str, Any] = {
    "version": 1,
    "as_of": "2026-01-31",
    "products": [{"id": "p1", "name": "Core"}, {"id": "p2", "name": "Addon", "line": "x"}],
    "owners": [
        {"id": "o-am", "name": "Ann Manager", "role": "account_manager"},
        {"id": "o-cs", "name": "Cid Success", "role": "customer_success"},
    ],
    "groups": [{"id": "g1", "name": "Group One"}],
    "companies": [
        {"id": "c-hd", "name": "Holding", "group": "g1", "potential_mrr": 100},
        {"id": "c-sub", "name": "Sub", "group": "g1", "parent": "c-hd", "ownership": 80},
    ],
    "departments": [
        {"id": "d-it", "name": "IT", "company": "c-hd"},
        {"id": "d-it-ops", "name": "IT Ops", "company": "c-hd", "parent": "d-it"},
    ],
    "stakeholders": [
        {"id": "s-ceo", "name": "Cee Oh", "company": "c-hd", "roles": ["economic_buyer"]},
        {"id": "s-cio", "name": "Cio Person", "company": "c-hd", "department": "d-it",
         "reports_to": "s-ceo", "roles": ["champion"]},
        {"id": "s-ops", "name": "Ops Person", "company": "c-hd", "department": "d-it-ops",
         "reports_to": "s-cio", "knows": ["s-sub"]},
        {"id": "s-sub", "name": "Sub Boss", "company": "c-sub", "reports_to": "s-ceo"},
    ],
    "relationships": [{"owner": "o-am", "stakeholder": "s-cio", "strength": 4,
                       "last_contact": "2026-01-10"}],
    "assignments": [{"owner": "o-am", "account": "c-hd"}],
    "subscriptions": [{"account": "d-it", "product": "p1", "mrr": 500, "status": "active"}],
    "opportunities": [{"id": "op1", "account": "c-sub", "product": "p2", "amount": 1000,
                       "stage": "qualify"}],
    "touchpoints": [{"id": "t1", "date": "2026-01-20", "owners": ["o-cs"],
                     "stakeholders": ["s-ops"], "kind": "call"}],
}


@pytest.fixture
def tiny() -> dict[str, Any]:
    """A fresh copy of a tiny valid book: one group, a holding with a subsidiary, two nested
    departments, four people, two owners."""
    return copy.deepcopy(TINY)


@pytest.fixture
def write_book(tmp_path: Path) -> Callable[..., Path]:
    """Write plain data as YAML or JSON into the test's folder and return the path."""

    def write(data: Any, name: str = "book.yaml") -> Path:
        path = tmp_path / name
        if name.endswith(".json"):
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run() -> Callable[..., Any]:
    """Invoke the CLI in-process; returns click's Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: Any, **kw: Any) -> Any:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)

    return invoke


@pytest.fixture
def run_json(run: Callable[..., Any]) -> Callable[..., Any]:
    """Invoke the CLI with --format json, assert success, and return the parsed stdout."""

    def invoke(*args: Any) -> Any:
        result = run(*args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return invoke
