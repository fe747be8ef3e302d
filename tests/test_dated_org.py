"""The dated organisation on a hand-worked Japanese group (examples/kaisei-group.yaml):
an acquisition of a paying company, a sale, a merger, a 兼務 person met by five of our people
at two companies, a secondment, a successor, a department created and one closed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accountmap.errors import DataError
from accountmap.identifiers import corporate_number_valid, lei_valid
from accountmap.validate import check_data
from tests.conftest import ROOT

BOOK = ROOT / "examples" / "kaisei-group.yaml"


def _group(run_json: Any, *args: Any) -> dict[str, Any]:
    (group,) = run_json(*args)
    return group  # type: ignore[no-any-return]


def test_summary_counts_what_exists_on_the_day(run_json: Any) -> None:
    now = _group(run_json, "summary", BOOK)
    assert (now["companies"], now["departments"], now["stakeholders"]) == (3, 2, 6)
    assert now["active_mrr"] == 190000  # 海成飲料 100k + its absorbed 50k + 東邦フーズ 40k
    before = _group(run_json, "summary", BOOK, "--as-of", "2026-03-31")
    # 東邦フーズ not bought yet, DX推進室 and 星野 not there; 海成物流 not sold, 旧企画室 open
    assert (before["companies"], before["departments"], before["stakeholders"]) == (4, 2, 7)
    assert before["active_mrr"] == 180000


def test_revenue_moves_mrr_by_m_and_a_outside_nrr(run_json: Any) -> None:
    data = run_json("revenue", BOOK, "--from", "2026-04-01")
    (g,) = data["groups"]
    assert g["start_mrr"] == 180000 and g["end_mrr"] == 190000
    assert g["acquired_mrr"] == 40000 and g["divested_mrr"] == 30000
    assert g["churned_mrr"] == 0 and g["expansion_mrr"] == 0 and g["new_entity_mrr"] == 0
    # NRR = (start - divested + expansion - contraction - churned) / (start - divested)
    assert g["nrr"] == 1.0 and g["grr"] == 1.0
    rows = {c["id"]: c for c in g["companies"]}
    assert rows["c-acq"]["movement"] == "acquired"
    assert rows["c-sold"]["movement"] == "divested"
    assert rows["c-a"]["movement"] == "flat"  # the merger moved 50,000 in on both days
    assert rows["c-a"]["start_mrr"] == 150000
    assert "c-mrg" not in rows
    moves = ["new_entity", "acquired", "cross_sell", "expansion", "contraction",
             "product_churn", "churned", "divested"]
    keys = list(g)
    assert keys.index("new_entity_mrr") < keys.index("acquired_mrr") < keys.index("end_mrr")
    signs = {"contraction": -1, "product_churn": -1, "churned": -1, "divested": -1}
    assert g["start_mrr"] + sum(signs.get(m, 1) * g[f"{m}_mrr"] for m in moves) == g["end_mrr"]


def test_diff_names_the_organisation_changes(run_json: Any) -> None:
    changes = run_json("diff", BOOK, "--from", "2026-03-31")["changes"]
    got = {(c["change"], c["id"]): c for c in changes}
    assert got[("entity_acquired", "c-acq")]["after"] == "2026-04-01"
    assert ("entity_divested", "c-sold") in got
    assert got[("entity_merged", "c-mrg")]["after"] == "c-a"
    assert ("department_created", "d-dx") in got
    assert ("department_closed", "d-old") in got
    assert got[("stakeholder_succeeded", "s-old")]["after"] == "s-new"
    assert got[("post_added", "s-ito-a")]["after"] == "s-ito"
    assert ("mrr_acquired", "c-acq") in got and ("mrr_divested", "c-sold") in got
    kinds = {c["change"] for c in changes}
    assert not kinds & {"entity_added", "entity_removed", "mrr_churned", "mrr_new_entity",
                        "mrr_expansion"}
    ids = {c["id"] for c in changes if c["change"] in ("stakeholder_joined",
                                                       "stakeholder_left")}
    # the successor is not "joined"; the people of sold and merged companies go with them
    assert ids == {"s-hoshino", "s-plan"}
    assert not any(c["id"] in ("c-a", "c-mrg") and c["change"].startswith("mrr_")
                   for c in changes)


def test_a_concurrent_post_is_one_over_contacted_person(run_json: Any) -> None:
    data = run_json("contacts", BOOK)
    (person,) = data["stakeholders"]
    assert person["id"] == "s-sato"  # under the post without same_person_as
    assert person["owner_count"] == 5
    assert person["touchpoints"] == 5


def test_a_successor_and_a_move_are_known_only_once_they_happened(run_json: Any) -> None:
    changes = run_json("diff", BOOK, "--from", "2026-03-31", "--to", "2026-05-09")["changes"]
    assert not any(c["change"] == "stakeholder_succeeded" for c in changes)


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DataError) as info:
        check_data(data, "book.yaml")
    return [str(p) for p in info.value.problems]


def _book(**sections: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"version": 1, "as_of": "2026-06-30",
                            "groups": [{"id": "g", "name": "G"}, {"id": "h", "name": "H"}],
                            "companies": [{"id": "c", "name": "C", "group": "g"},
                                          {"id": "x", "name": "X", "group": "h"}]}
    base.update(sections)
    return base


def test_dated_fields_are_checked() -> None:
    problems = _problems(_book(
        departments=[{"id": "d", "name": "D", "company": "c", "created_on": "2026-05-01",
                      "closed_on": "2026-04-01"},
                     {"id": "e", "name": "E", "company": "c", "closed_on": "2026-03-01"}],
        stakeholders=[
            {"id": "s1", "name": "S", "company": "c", "joined_on": "2026-05-01",
             "left_on": "2026-05-01"},
            {"id": "s2", "name": "S", "company": "c", "department": "e",
             "left_on": "2026-04-01"},
            {"id": "s3", "name": "S", "company": "c", "same_person_as": "s4"},
            {"id": "s4", "name": "S", "company": "c", "same_person_as": "s3"},
            {"id": "s5", "name": "S", "company": "c", "successor": "s6"},
            {"id": "s6", "name": "S", "company": "x"}]))
    text = "\n".join(problems)
    assert "departments[0].closed_on: closed_on 2026-04-01 must be after created_on" in text
    assert "stakeholders[0].left_on: left_on 2026-05-01 must be after joined_on" in text
    assert "left_on 2026-04-01 is after closed_on 2026-03-01 of department 'e'" in text
    assert "cycle in same_person_as: s3 -> s4 -> s3" in text
    assert "stakeholders[4].successor: 's6' is in group 'h'" in text
    assert "successor needs left_on" in text


def test_merged_into_is_of_the_same_group_and_dated() -> None:
    problems = _problems(_book(companies=[
        {"id": "c", "name": "C", "group": "g", "merged_into": "x"},
        {"id": "x", "name": "X", "group": "h"}]))
    text = "\n".join(problems)
    assert "companies[0].merged_into: 'x' is in group 'h'" in text
    assert "merged_into needs left_group_on" in text


@pytest.mark.parametrize(("number", "valid"), [
    ("7000012050002", True),   # 国税庁
    ("1000012050002", False),  # wrong check digit
    ("700001205000", False),   # 12 digits
    ("70000120500O2", False),
])
def test_corporate_number_check_digit(number: str, valid: bool) -> None:
    assert corporate_number_valid(number) is valid


@pytest.mark.parametrize(("code", "valid"), [
    ("5493001KJTIIGC8Y1R12", True),
    ("529900T8BM49AURSDO55", True),
    ("5493001KJTIIGC8Y1R13", False),
    ("5493001kjtiigc8y1r12", False),
    ("5493001KJTIIGC8Y1R1", False),
])
def test_lei_check_digits(code: str, valid: bool) -> None:
    assert lei_valid(code) is valid


def test_a_corporate_number_must_be_quoted_and_valid() -> None:
    problems = _problems(_book(companies=[
        {"id": "c", "name": "C", "group": "g", "corporate_number": 7000012050002},
        {"id": "x", "name": "X", "group": "h", "corporate_number": "1000012050002",
         "lei": "5493001KJTIIGC8Y1R13"}]))
    text = "\n".join(problems)
    assert "companies[0].corporate_number: must be text, not a number: quote it" in text
    assert "companies[1].corporate_number: must be a 13-digit 法人番号" in text
    assert "companies[1].lei: must be an ISO 17442 LEI" in text


def test_snapshot_needs_a_day_and_writes_nothing_on_error(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "snap.yaml"
    result = run("snapshot", BOOK, "-o", out)
    assert result.exit_code == 2 and "--as-of" in result.stderr
    assert not out.exists()


def test_snapshot_of_the_review_day(run: Any, run_json: Any, tmp_path: Path) -> None:
    out = tmp_path / "snap.yaml"
    result = run("snapshot", BOOK, "--as-of", "2026-05-09", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text("utf-8")
    assert "as_of: 2026-05-09" in text
    assert "s-hoshino" in text and "s-new" not in text  # 星 joined on 05-10
    assert "successor" not in text and "merged_into" not in text  # not known on 05-09
    assert "left_group_on: 2026-05-01" in text  # the sale had happened: it stays, dated
    assert _group(run_json, "summary", out) == _group(run_json, "summary", BOOK, "--as-of",
                                                      "2026-05-09")
