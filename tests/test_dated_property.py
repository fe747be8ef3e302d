"""As of D on a dated book equals the same command on the tests' own cut of the book to D
(``tests/dated_cut.py``), for a dozen days over a generated book with a dated organisation
(joins, leavers, successors, concurrent posts, departments created and closed, an
acquisition, a merger and a sale); and ``diff --from D1 --to D2`` equals ``diff`` of the two
cuts. The cut is written from the format's definitions, not from the tool's code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from accountmap.generate import generate_book
from tests.dated_cut import cut

COMMANDS = ("summary", "coverage", "threads", "contacts", "whitespace", "stale", "renewals")
AS_OF = dt.date(2026, 6, 30)
DAYS = [(AS_OF - dt.timedelta(days=n)).isoformat() for n in
        (364, 330, 300, 270, 240, 200, 170, 130, 100, 60, 30, 0)]


@pytest.fixture(scope="module")
def dated_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    book = generate_book(8, seed=3, companies_per_group=4, stakeholders_per_company=8,
                         touchpoints_per_stakeholder=4, as_of=AS_OF)
    path = tmp_path_factory.mktemp("dated") / "book.json"
    path.write_text(json.dumps(book), "utf-8")
    return path, book


def test_the_generated_book_is_dated(dated_book: tuple[Path, dict[str, Any]]) -> None:
    _, book = dated_book
    people, companies = book["stakeholders"], book["companies"]
    assert any("successor" in s for s in people)
    assert any("same_person_as" in s and s.get("post_kind") == "secondment" for s in people)
    assert any("joined_on" in s and "successor" not in s and "same_person_as" not in s
               for s in people)
    assert any("created_on" in d for d in book["departments"])
    assert any("closed_on" in d for d in book["departments"])
    assert any("joined_group_on" in c for c in companies)
    assert any("merged_into" in c for c in companies)
    assert any("left_group_on" in c and "merged_into" not in c for c in companies)


def _json(run: Any, *args: Any) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("day", DAYS)
def test_as_of_equals_the_cut(run: Any, dated_book: tuple[Path, dict[str, Any]], day: str,
                              tmp_path: Path) -> None:
    path, book = dated_book
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(cut(book, day)), "utf-8")
    for command in COMMANDS:
        assert _json(run, command, path, "--as-of", day) == _json(run, command, snap), command


@pytest.mark.parametrize(("first", "last"), [(DAYS[0], DAYS[4]), (DAYS[2], DAYS[9]),
                                             (DAYS[5], DAYS[11]), (DAYS[0], DAYS[11])])
def test_diff_from_one_book_equals_diff_of_two_cuts(
        run: Any, dated_book: tuple[Path, dict[str, Any]], first: str, last: str,
        tmp_path: Path) -> None:
    path, book = dated_book
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(cut(book, first)), "utf-8")
    new.write_text(json.dumps(cut(book, last)), "utf-8")
    one = _json(run, "diff", path, "--from", first, "--to", last)
    two = _json(run, "diff", old, new)
    assert one["changes"] == two["changes"]
    assert {c["change"] for c in one["changes"]} & {
        "stakeholder_succeeded", "post_added", "department_created", "entity_merged",
        "entity_divested", "entity_acquired", "department_closed"}


@pytest.mark.parametrize("day", DAYS[::3])
def test_the_snapshot_command_writes_the_cut(run: Any, dated_book: tuple[Path, dict[str, Any]],
                                             day: str, tmp_path: Path) -> None:
    path, book = dated_book
    written, ours = tmp_path / "written.json", tmp_path / "ours.json"
    result = run("snapshot", path, "--as-of", day, "-o", written)
    assert result.exit_code == 0, result.stderr
    ours.write_text(json.dumps(cut(book, day)), "utf-8")
    for command in ("summary", "coverage", "contacts"):
        assert _json(run, command, written) == _json(run, command, ours), command
    data = json.loads(written.read_text("utf-8"))
    expected = cut(book, day)
    for section in ("companies", "departments", "stakeholders", "touchpoints"):
        assert [r.get("id") for r in data.get(section, [])] == \
            [r.get("id") for r in expected[section]], section
