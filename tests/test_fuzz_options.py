"""Hostile option sets and deep trees (#29): random values within and outside each option's
bounds never crash a command (exit 0, 1 or 2; one line per problem; no traceback), and a
chain thousands of levels deep plans, maps, validates and summarises. The seed is fixed
(``derandomize``) and the examples bounded, so CI is fast and a failure reproduces."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmap.cli import cli
from tests.conftest import EXAMPLE

#: Each command with the options it takes and the values worth trying (the edges of the
#: calendar and of 64-bit numbers, negatives, text where a number goes).
NUMBERS = st.sampled_from(["0", "1", "-1", "180", "36500", "36501", "740000",
                           str(2 ** 63), "1e9", "x", ""])
DATES = st.sampled_from(["2026-06-30", "0001-01-01", "9999-12-31", "2026-02-30", "junk"])
PERIODS = st.sampled_from(["FY2026", "2026H1", "2026Q3", "2026-09", "FY9999", "2026Q5", "x",
                           "0001-01", "0000-05", "FY1900", "2999-12"])
OPTIONS: dict[str, dict[str, Any]] = {
    "contacts": {"--window-days": NUMBERS, "--max-owners": NUMBERS,
                 "--collision-days": NUMBERS, "--max-company-owners": NUMBERS,
                 "--as-of": DATES},
    "threads": {"--min-contacts": NUMBERS, "--min-owners": NUMBERS, "--as-of": DATES},
    "stale": {"--stale-days": NUMBERS, "--as-of": DATES},
    "renewals": {"--within": NUMBERS, "--stale-days": NUMBERS, "--period": PERIODS},
    "revenue": {"--from": DATES, "--period": PERIODS},
    "path": {"--to": st.sampled_from(["c-nk-chem", "s-sato", "nobody"]), "--k": NUMBERS},
    "plan": {"--group": st.just("g-harbor"), "--renewals-within": NUMBERS,
             "--contact-window": NUMBERS, "--stale-days": NUMBERS, "--period": PERIODS,
             "--since": DATES},
    "diff": {"--from": DATES, "--period": PERIODS},
}
FUZZ = settings(derandomize=True, max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def option_sets(draw: Any) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    chosen = draw(st.lists(st.sampled_from(sorted(OPTIONS[command])), unique=True,
                           max_size=3))
    args = [command, str(EXAMPLE)]
    for option in chosen:
        args += [option, draw(OPTIONS[command][option])]
    return args


@FUZZ
@given(option_sets())
def test_no_option_set_crashes(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    if result.exit_code == 0:
        json.loads(result.stdout)  # strict JSON
    else:
        assert "Traceback" not in result.output
        assert result.stdout == ""


def deep_book(n: int) -> dict[str, Any]:
    """A chain of ``n`` companies and of ``n`` nested departments, a person in each."""
    companies = [{"id": "c0", "name": "C0", "group": "g"}] + [
        {"id": f"c{i}", "name": f"C{i}", "group": "g", "parent": f"c{i - 1}"}
        for i in range(1, n)]
    departments = [{"id": "d0", "name": "D0", "company": "c0"}] + [
        {"id": f"d{i}", "name": f"D{i}", "company": "c0", "parent": f"d{i - 1}"}
        for i in range(1, n)]
    people = [{"id": "s0", "name": "S0", "company": "c0"}] + [
        {"id": f"s{i}", "name": f"S{i}", "company": f"c{i}", "reports_to": f"s{i - 1}"}
        for i in range(1, n)]
    return {"version": 1, "as_of": "2026-06-30",
            "owners": [{"id": "o", "name": "O", "role": "account_manager"}],
            "groups": [{"id": "g", "name": "G"}], "companies": companies,
            "departments": departments, "stakeholders": people,
            "relationships": [{"owner": "o", "stakeholder": f"s{n - 1}"}],
            "assignments": [{"owner": "o", "account": "c0"}],
            "products": [{"id": "p", "name": "P"}],
            "subscriptions": [{"account": f"d{n - 1}", "product": "p", "mrr": 10.0,
                               "renewal": "2026-08-01"}]}


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deep") / "deep.json"
    path.write_text(json.dumps(deep_book(3000)), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [
    ["validate"], ["summary"], ["coverage"], ["threads"], ["renewals"],
    ["plan", "--group", "g"], ["map", "--group", "g", "--kinds", "group,company",
                               "--max-nodes", "4000", "-o", "{out}"],
])
def test_a_deep_chain_works(deep: Path, tmp_path: Path, command: list[str]) -> None:
    args = [a.replace("{out}", str(tmp_path / "m.html")) for a in command]
    result = CliRunner().invoke(cli, [args[0], str(deep), *args[1:]], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["validate"], ["summary"], ["plan", "--group", "g"]])
def test_a_ten_thousand_deep_company_chain_works(tmp_path: Path, command: list[str]) -> None:
    book = deep_book(10_000)
    book["departments"] = []
    book["subscriptions"][0]["account"] = "c9999"
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(book), encoding="utf-8")
    result = CliRunner().invoke(cli, [command[0], str(path), *command[1:]],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
