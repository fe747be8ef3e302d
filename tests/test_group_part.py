"""A group's part of a book answers every question about the group as the whole book does."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from accountmap.analysis.registry import ANALYSES
from accountmap.analysis.summary import summarize
from accountmap.cut import group_part
from accountmap.generate import generate_book
from accountmap.graph import build_graph
from accountmap.io import Document, Locator
from accountmap.map import MapOptions, build_map
from accountmap.model import Dataset
from accountmap.plan import PlanOptions, build_plan
from accountmap.render import to_json
from accountmap.validate import check_document, load_dataset

EXAMPLES = Path(__file__).parent.parent / "examples"


def _generated(groups: int) -> Dataset:
    data = generate_book(groups=groups, seed=3)
    return check_document(Document("gen", data, Locator("gen")))


BOOKS = {
    "nakamura": lambda: load_dataset(EXAMPLES / "nakamura-group.yaml"),
    "kaisei": lambda: load_dataset(EXAMPLES / "kaisei-group.yaml"),
    "generated": lambda: _generated(4),
}


def _plain(value: Any) -> Any:
    return json.loads(to_json(value))


def _plan(ds: Dataset, group: str) -> dict[str, Any]:
    as_of = ds.effective_as_of()
    since = as_of - dt.timedelta(days=180)
    plan = build_plan(build_graph(ds, as_of), build_graph(ds, since), group=group,
                      options=PlanOptions(since=since))
    data: dict[str, Any] = _plain(plan)
    return data


@pytest.mark.parametrize("name", BOOKS)
def test_every_answer_about_a_group_is_the_whole_books(name: str) -> None:
    ds = BOOKS[name]()
    G = build_graph(ds)
    for group in sorted(g.id for g in ds.groups):
        part = group_part(ds, [group])
        assert part is not None, group
        P = build_graph(part)
        for analysis in ANALYSES:
            if "group" in {p.name for p in analysis.params}:
                assert _plain(analysis.run(P, group=group)) == \
                    _plain(analysis.run(G, group=group)), (group, analysis.name)
        whole = [s for s in summarize(G) if s.id == group]
        assert _plain(summarize(P)) == _plain(whole)
        options = MapOptions(group=group)
        mapped, whole_map = _plain(build_map(P, options)), _plain(build_map(G, options))
        # an owner's key-person risk on a group's map is the group's (cut's docstring)
        owners = {n["id"] for n in whole_map["nodes"] if n["kind"] == "owner"}
        assert {n["id"] for n in mapped["nodes"]} == {n["id"] for n in whole_map["nodes"]}
        for m in (mapped, whole_map):
            m["nodes"] = [n for n in m["nodes"] if n["id"] not in owners]
        assert mapped == whole_map
        mine, theirs = _plan(part, group), _plan(ds, group)
        named = set(theirs.pop("names")) & set(mine["names"])
        assert named == set(mine.pop("names"))  # the part names only its own records
        assert mine == theirs


def test_the_part_is_the_groups_own_file() -> None:
    ds = _generated(3)
    group = ds.groups[1].id
    part = group_part(ds, [group])
    assert part is not None
    companies = {c.id for c in part.companies}
    assert {c.group for c in part.companies} == {group}
    assert all(s.company in companies for s in part.stakeholders)
    named = {o for t in part.touchpoints for o in t.owners} | {
        r.owner for r in part.relationships} | {a.owner for a in part.assignments} | {
        o.owner for o in part.opportunities if o.owner} | {
        x.point_of_contact for x in [*part.companies, *part.stakeholders]
        if x.point_of_contact}
    assert {o.id for o in part.owners} == named
    check_document(Document("part", json.loads(to_json(part.model_dump(mode="json",
                                                                       exclude_none=True))),
                            Locator("part")))


def test_a_part_that_is_not_closed_is_none() -> None:
    ds = load_dataset(EXAMPLES / "nakamura-group.yaml")
    groups = [g.id for g in ds.groups]
    theirs = next(s for s in ds.stakeholders
                  if next(c for c in ds.companies if c.id == s.company).group == groups[1])
    ours = next(s for s in ds.stakeholders
                if next(c for c in ds.companies if c.id == s.company).group == groups[0])
    knows = ours.model_copy(update={"knows": [theirs.id]})
    people = [knows if s.id == ours.id else s for s in ds.stakeholders]
    mixed = ds.model_copy(update={"stakeholders": people})
    assert group_part(mixed, [groups[0]]) is None
    assert group_part(mixed, [groups[1]]) is None  # known from outside counts too
    assert group_part(ds, ["g-unknown"]) is None
