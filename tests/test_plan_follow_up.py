"""plan --previous-plan: each of the previous review's actions marked done, no_longer_applies,
open or overdue (plan/follow_up.py), on the example a fortnight after its review."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from accountmap.io import read_document
from tests.conftest import EXAMPLE


def _plan(run: Any, book: Path, *args: Any) -> dict[str, Any]:
    result = run("plan", book, "--group", "g-nakamura", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def fortnight(run: Any, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], Path]:
    """The review of 2026-06-30 (its plan JSON), and the book a fortnight later: the target
    of an introduction was met, an over-contacted person left, nothing else happened."""
    previous = _plan(run, EXAMPLE)
    intro = next(a for a in previous["actions"] if a["kind"] == "ask_introduction")
    gone = next(a for a in previous["actions"] if a["kind"] == "consolidate")
    book = copy.deepcopy(read_document(EXAMPLE).data)
    book["as_of"] = "2026-07-14"
    owner = book["owners"][0]["id"]
    book["touchpoints"].append({"date": "2026-07-08", "owners": [owner],
                                "stakeholders": [intro["people"][0]], "kind": "meeting"})
    for person in book["stakeholders"]:
        if person["id"] == gone["people"][0]:
            person["left_on"] = "2026-07-10"
    path = tmp_path / "later.yaml"
    path.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), "utf-8")
    return previous, {"intro": intro, "gone": gone}, path


def test_each_previous_action_gets_a_status(run: Any, tmp_path: Path,
                                            fortnight: tuple[Any, Any, Path]) -> None:
    previous, picked, later = fortnight
    saved = tmp_path / "previous-plan.json"
    saved.write_text(json.dumps(previous), "utf-8")
    plan = _plan(run, later, "--previous-plan", saved)
    follow = plan["follow_up"]
    assert len(follow) == len(previous["actions"])
    for item, before in zip(follow, previous["actions"], strict=True):
        assert {k: v for k, v in item.items() if k != "status"} == before  # repeated as it was
        assert item["status"] in ("done", "no_longer_applies", "open", "overdue")
    status = {(i["kind"], i["owner"], i["subject"]): i["status"] for i in follow}
    key = lambda a: (a["kind"], a["owner"], a["subject"])  # noqa: E731
    assert status[key(picked["intro"])] == "done"  # the person introduced was met
    assert status[key(picked["gone"])] == "no_longer_applies"  # the person left
    # the renewal due on 2026-07-02 was neither renewed nor has its renewal date passed
    renewal = next(i for i in follow if i["kind"] == "secure_renewal")
    assert renewal["due"] == "2026-07-02" and renewal["status"] == "overdue"
    assert sum(i["status"] == "open" for i in follow) > 0


def test_the_page_shows_the_follow_up_before_the_new_actions(run: Any, tmp_path: Path,
                                                           fortnight: Any) -> None:
    previous, _, later = fortnight
    saved = tmp_path / "previous-plan.json"
    saved.write_text(json.dumps(previous), "utf-8")
    out = tmp_path / "plan.ja.md"
    result = run("plan", later, "--group", "g-nakamura", "--previous-plan", saved,
                 "--lang", "ja", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text("utf-8")
    assert text.index("前回レビューのアクション") < text.index("今回のアクション")
    assert "期限超過" in text and "実施済み" in text and "対象外" in text


def test_a_file_that_is_not_a_plan_is_refused(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "not-a-plan.json"
    bad.write_text('{"groups": []}', "utf-8")
    result = run("plan", EXAMPLE, "--group", "g-nakamura", "--previous-plan", bad)
    assert result.exit_code == 2
    assert "not a plan's JSON" in result.stderr and "Traceback" not in result.stderr
