"""The coverage grid marks material gaps only (plan/expectations.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE


def _grid(run: Any, *args: Any) -> list[dict[str, Any]]:
    result = run("plan", EXAMPLE, "--group", "g-nakamura", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["coverage"]["grid"]  # type: ignore[no-any-return]


def test_roles_are_expected_by_level_and_state(run: Any) -> None:
    for row in _grid(run):
        expected = set(row["expected"])
        assert set(row["gaps"]) <= expected
        if row["kind"] == "company":
            assert {"economic_buyer", "decision_maker"} <= expected
        else:
            assert "economic_buyer" not in expected  # the buyer sits at company level
        assert ("account_executive" in expected) == ("new_business" in row["states"])
        if "paying" in row["states"]:
            assert {"champion", "user", "account_manager", "customer_success"} <= expected
        else:
            assert not expected & {"account_manager", "customer_success", "champion"}
        for role in expected - set(row["gaps"]):
            assert row["buying_roles"].get(role) or row["our_roles"].get(role), (row["id"], role)


def test_a_paid_line_without_customer_success_is_a_gap(run: Any) -> None:
    rows = {r["id"]: r for r in _grid(run)}
    # Warehousing pays for operations; customer success covers another line only
    assert "customer_success" in rows["d-logi-wh"]["gaps"]


def test_the_table_can_be_replaced(run: Any, tmp_path: Path) -> None:
    table = tmp_path / "expect.yaml"
    table.write_text("buying_roles:\n  any: [technical_evaluator]\nour_roles: {}\n", "utf-8")
    for row in _grid(run, "--expect", table):
        assert row["expected"] == ["technical_evaluator"]


def test_a_bad_table_is_one_line_exit_2(run: Any, tmp_path: Path) -> None:
    table = tmp_path / "expect.yaml"
    table.write_text("our_roles:\n  paying: [janitor]\n", "utf-8")
    result = run("plan", EXAMPLE, "--group", "g-nakamura", "--expect", table)
    assert result.exit_code == 2
    assert "our_roles.paying: unknown role 'janitor'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
