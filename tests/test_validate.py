"""Validation: every error class yields one located, readable problem; all are reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accountmap.errors import DataError
from accountmap.validate import load_dataset


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]


def only_problem(path: Path) -> str:
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


def test_tiny_book_is_valid(tiny, write_book):
    ds = load_dataset(write_book(tiny))
    assert ds.counts()["stakeholders"] == 4
    assert str(ds.as_of) == "2026-01-31"


def test_assignment_role_defaults_to_owner_role(tiny, write_book):
    ds = load_dataset(write_book(tiny))
    assert ds.assignments[0].role.value == "account_manager"


def test_example_book_is_valid():
    ds = load_dataset(Path(__file__).parents[1] / "examples" / "nakamura-group.yaml")
    assert len(ds.stakeholders) >= 40 and len(ds.touchpoints) >= 150


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda b: b["owners"][0].update(nmae="x"),
     "book.yaml:{line}: owners[0].nmae: unknown field 'nmae' (did you mean 'name'?)"),
    (lambda b: b.update(colour="red"), "colour: unknown field 'colour'"),
    (lambda b: b["owners"].append({"id": "o-am", "name": "Again", "role": "support"}),
     "owners[2].id: duplicate id 'o-am' (already used by owners[0])"),
    (lambda b: b["products"].append({"id": "c-hd", "name": "Clash"}),
     "companies[0].id: duplicate id 'c-hd' (already used by products[2])"),
    (lambda b: b["stakeholders"][1].update(reports_to="s-nobody"),
     "stakeholders[1].reports_to: unknown stakeholder 's-nobody'"),
    (lambda b: b["subscriptions"][0].update(account="s-ceo"),
     "subscriptions[0].account: 's-ceo' is a stakeholder, expected a company or department"),
    (lambda b: b["companies"][0].update(parent="c-sub"),
     "companies[0].parent: cycle in company parents: c-hd -> c-sub -> c-hd"),
    (lambda b: b["departments"][0].update(parent="d-it-ops"),
     "departments[0].parent: cycle in department parents: d-it -> d-it-ops -> d-it"),
    (lambda b: b["stakeholders"][0].update(reports_to="s-ops"),
     "stakeholders[0].reports_to: cycle in reports_to: s-ceo -> s-ops -> s-cio -> s-ceo"),
    (lambda b: b["companies"][0].update(parent="c-hd"),
     "companies[0].parent: cycle in company parents: c-hd -> c-hd"),
    (lambda b: (b["departments"].append({"id": "d-sub", "name": "S", "company": "c-sub",
                                          "parent": "d-it"})),
     "departments[2].parent: parent department 'd-it' belongs to company 'c-hd', not to "
     "'c-sub'"),
    (lambda b: b["stakeholders"][3].update(department="d-it"),
     "stakeholders[3].department: department 'd-it' belongs to company 'c-hd', not to this "
     "stakeholder's company 'c-sub'"),
    (lambda b: (b["groups"].append({"id": "g2", "name": "Two"}),
                b["companies"][1].update(group="g2"), b["stakeholders"][3].pop("reports_to")),
     "companies[1].parent: parent company 'c-hd' is in group 'g1', not in this company's "
     "group 'g2'"),
    (lambda b: b["relationships"][0].update(strength=7),
     "relationships[0].strength: input should be less than or equal to 5 (got 7)"),
    (lambda b: b["companies"][0].update(ownership=101),
     "companies[0].ownership: input should be less than or equal to 100 (got 101)"),
    (lambda b: b["subscriptions"][0].update(mrr=-1),
     "subscriptions[0].mrr: input should be greater than or equal to 0 (got -1)"),
    (lambda b: b["touchpoints"][0].update(date="2026-02-30"),
     "touchpoints[0].date: input should be a valid date or datetime, day value is outside "
     "expected range (got '2026-02-30')"),
    (lambda b: b["owners"][0].update(role="wizard"), "owners[0].role: input should be"),
    (lambda b: b["stakeholders"][0].update(roles=["champion", "boss"]),
     "stakeholders[0].roles[1]: input should be 'champion'"),
    (lambda b: b["relationships"].append({"owner": "o-am", "stakeholder": "s-cio"}),
     "relationships[1].stakeholder: second relationship record for owner 'o-am' and "
     "stakeholder 's-cio' (first at relationships[0])"),
    (lambda b: b["owners"][0].pop("name"), "owners[0].name: required field is missing"),
    (lambda b: b["stakeholders"][2].update(knows=["s-sub", "s-sub"]),
     "stakeholders[2].knows[1]: 's-sub' is listed twice"),
    (lambda b: b["touchpoints"][0].update(owners=["o-cs", "o-am", "o-cs"]),
     "touchpoints[0].owners[2]: 'o-cs' is listed twice"),
    (lambda b: b["touchpoints"][0].update(owners=[]),
     "touchpoints[0].owners: list should have at least 1 item after validation, not 0"),
    (lambda b: b.update(version=2), "version: input should be less than or equal to 1"),
    (lambda b: (b["groups"].append({"id": "g2", "name": "Two"}),
                b["companies"][1].update(group="g2", parent=None)),
     "stakeholders[3].reports_to: 's-ceo' works in group 'g1', outside this stakeholder's "
     "group 'g2'"),
    (lambda b: b.update(owners={"id": "x"}), "owners: must be a list of records, not a dict"),
])
def test_each_error_class_is_reported_with_its_path(tiny, write_book, mutate, expected):
    mutate(tiny)
    path = write_book(tiny)
    problem = only_problem(path)
    assert problem.startswith(str(path) + ":"), problem
    body = expected.split(": ", 1)[1] if expected.startswith("book.yaml") else expected
    assert body in problem, problem


def test_yaml_problems_carry_the_line_of_the_field(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("version: 1\nowners:\n  - id: o1\n    name: A\n    role: boss\n")
    assert only_problem(path).startswith(f"{path}:5: owners[0].role: input should be")


def test_json_problems_carry_the_record_path(tiny, write_book):
    tiny["stakeholders"][2]["reports_to"] = "missing"
    path = write_book(tiny, "book.json")
    assert only_problem(path) == (f"{path}: stakeholders[2].reports_to: unknown stakeholder "
                                  "'missing'")


def test_all_problems_are_reported_at_once(tiny, write_book):
    tiny["owners"][0]["role"] = "wizard"                 # record-level
    tiny["owners"].append({"id": "o-am", "name": "X", "role": "other"})  # duplicate id
    tiny["stakeholders"][0]["reports_to"] = "s-ops"      # cycle
    tiny["relationships"][0]["strength"] = 0             # range, and ...
    tiny["relationships"][0]["stakeholder"] = "nobody"   # ... a reference on the same record
    found = problems_of(write_book(tiny))
    assert len(found) == 5, found


def test_a_record_that_fails_alone_still_gets_its_references_checked(tiny, write_book):
    tiny["stakeholders"][1]["influence"] = 9
    tiny["stakeholders"][1]["department"] = "d-nope"
    found = problems_of(write_book(tiny))
    assert any("influence" in p for p in found) and any("'d-nope'" in p for p in found)


@pytest.mark.parametrize(("content", "expected"), [
    (None, "file not found"),
    ("", "file is empty"),
    ("   \n# only a comment\n", "file is empty"),
    ("owners: [\n", "not valid YAML"),
    ("- just\n- a list\n", "the top level must be a mapping"),
    ("key: value\nkey: again\n", "key: duplicate key"),
    (b"\xff\xfe\x00bad", "not UTF-8 text"),
])
def test_unreadable_files_give_one_problem(tmp_path, content: Any, expected: str):
    path = tmp_path / "f.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    assert expected in only_problem(path)


def test_broken_json_names_its_line(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{\n "owners": [\n  {"id": "o1",}\n ]\n}\n')
    assert only_problem(path).startswith(f"{path}:3: not valid JSON")


def test_yaml_and_json_give_the_same_dataset(tiny, write_book):
    assert load_dataset(write_book(tiny, "a.yaml")) == load_dataset(write_book(tiny, "a.json"))


def test_yaml_and_json_give_the_same_problems(tiny, write_book):
    tiny["owners"][0]["role"] = "wizard"
    tiny["stakeholders"][1]["reports_to"] = "s-x"

    def strip(problems: list[str]) -> list[str]:
        return [p.split(": ", 1)[1] for p in problems]

    from_yaml = strip(problems_of(write_book(tiny, "a.yaml")))
    from_json = strip(problems_of(write_book(tiny, "a.json")))
    assert from_yaml == from_json


def test_json_problems_come_in_file_order(tiny, write_book):
    # Found by different checks (a cross-record reference first, a type last), listed by
    # section and record as they stand in the file.
    tiny["touchpoints"][0]["owners"] = ["ghost"]
    tiny["owners"][0]["role"] = "x"
    tiny["stakeholders"][1]["reports_to"] = "nobody"
    tiny["companies"][0]["zz"] = 1
    paths = [p.split(": ")[1] for p in problems_of(write_book(tiny, "b.json"))]
    assert paths == ["owners[0].role", "companies[0].zz", "stakeholders[1].reports_to",
                     "touchpoints[0].owners[0]"]


def test_an_explicit_null_means_the_default_in_every_section():
    """A null on any field with a default is taken as that default: the models with other
    defaults than None drop the nulls first (``DefaultedRecord``); the rest take None as
    their type allows (checked here for every such field, so a new default cannot slip)."""
    from accountmap.model import SECTIONS, DefaultedRecord

    for name, model in SECTIONS.items():
        for field, info in model.model_fields.items():
            if info.is_required():
                continue
            if info.default is None:
                assert validate_field_null(model, field), f"{name}.{field} refuses null"
            else:
                assert issubclass(model, DefaultedRecord), f"{name}.{field}: not defaulted"


def validate_field_null(model: Any, field: str) -> bool:
    from pydantic import TypeAdapter, ValidationError

    info = model.model_fields[field]
    annotation: Any = info.annotation
    try:
        TypeAdapter(annotation).validate_python(None)
    except ValidationError:
        return False
    return True


def test_a_null_default_field_reads_as_left_out(tiny, write_book):
    tiny["touchpoints"][0]["topic"] = None
    tiny["stakeholders"][0]["status"] = None
    ds = load_dataset(write_book(tiny))
    assert ds.touchpoints[0].topic is None
    assert ds.stakeholders[0].status.value == "active"


def _touchpoint(tid: str) -> dict[str, Any]:
    return {"id": tid, "date": "2026-01-05", "owners": ["o-am"], "stakeholders": ["s-ceo"],
            "kind": "call"}


@pytest.mark.parametrize(("ids", "expected"), [
    (["t-1", "t-2", "t-1"], "touchpoints[2].id: duplicate id 't-1' (already used by "
                            "touchpoints[0])"),  # ascending, then not
    (["t-2", "t-1", "t-2"], "touchpoints[2].id: duplicate id 't-2' (already used by "
                            "touchpoints[0])"),
    (["t-1", "s-ceo"], "touchpoints[1].id: duplicate id 's-ceo' (already used by "
                       "stakeholders[0])"),
])
def test_touchpoint_ids_are_unique_across_kinds(tiny, write_book, ids, expected):
    """Touchpoint ids are kept apart by the walk (no reference names a touchpoint) and proven
    unique in one step when they ascend: a repeat is still found, ascending or not."""
    tiny["touchpoints"] = [_touchpoint(t) for t in ids]
    assert expected in only_problem(write_book(tiny))


def test_ascending_touchpoint_ids_across_chunks_are_checked(tiny, write_book):
    from accountmap.section_walk import CHUNK

    ids = [f"t-{i:05d}" for i in range(CHUNK + 3)]
    # each chunk ascends; the second starts with the first one's last id
    tiny["touchpoints"] = [_touchpoint(t) for t in [*ids[:CHUNK], ids[CHUNK - 1],
                                                    *ids[CHUNK:]]]
    expected = (f"touchpoints[{CHUNK}].id: duplicate id '{ids[CHUNK - 1]}' (already used "
                f"by touchpoints[{CHUNK - 1}])")
    assert expected in only_problem(write_book(tiny))
    tiny["touchpoints"] = [_touchpoint(t) for t in ids]
    load_dataset(write_book(tiny))


def test_a_reference_to_a_touchpoint_is_worded_by_its_kind(tiny, write_book):
    tiny["touchpoints"] = [_touchpoint("t-1")]
    tiny["stakeholders"][1]["reports_to"] = "t-1"
    assert ("stakeholders[1].reports_to: 't-1' is a touchpoint, expected a stakeholder"
            in only_problem(write_book(tiny)))


@pytest.mark.parametrize(("opportunity", "touchpoint", "expected"), [
    ("op1", "op1", "touchpoints[0].id: duplicate id 'op1' (already used by opportunities[0])"),
    ("s-ceo", "t1", "opportunities[0].id: duplicate id 's-ceo' (already used by "
                    "stakeholders[0])"),
])
def test_ids_kept_apart_clash_with_each_other_and_the_rest(tiny, write_book, opportunity,
                                                           touchpoint, expected):
    """Opportunities and touchpoints both keep their ids apart (no reference names them):
    a clash between the two, or with any other id, is still a duplicate."""
    tiny["opportunities"][0]["id"] = opportunity
    tiny["touchpoints"][0]["id"] = touchpoint
    assert expected in only_problem(write_book(tiny))


def test_walks_share_one_fields_set_per_shape(tiny, write_book):
    tiny["touchpoints"] = [_touchpoint(f"t-{i}") for i in range(3)]
    ds = load_dataset(write_book(tiny))
    a, b, c = (t.model_fields_set for t in ds.touchpoints)
    assert a is b is c
    first = ds.stakeholders[0]
    copied = first.model_copy(update={"title": "New"})
    assert "title" in copied.model_fields_set and copied.title == "New"
    assert first.model_fields_set is not copied.model_fields_set
