"""The sync plan (store/sync.py) without a server: what a load creates, merges, links and
deletes, from the book and what the database says it holds."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from accountmap.model import Dataset
from accountmap.store.digests import DIGESTED, row_hash
from accountmap.store.parts import SHARED
from accountmap.store.shape import LINKS, NODE_LABELS, RECORD_RELS
from accountmap.store.statements import SHARED_LABELS
from accountmap.store.sync import (
    CreateNodes,
    MergeNodes,
    NodePhase,
    Stored,
    SyncPlan,
    inline,
    kind_search,
    link_steps,
    node_step,
    plan_sync,
    record_places,
    record_steps,
    without_digests,
)
from accountmap.validate import check_data, load_dataset
from tests.conftest import EXAMPLE, TINY


@pytest.fixture(scope="module")
def book() -> Dataset:
    return load_dataset(str(EXAMPLE))


def stored_after(plan: SyncPlan) -> Stored:
    """What the database holds after a complete load of ``plan``."""
    return Stored(True, {s: (st.rows or None, st.chunks or None)
                         for s, st in plan.states.items()})


def created_phase(plan: SyncPlan, ds: Dataset) -> NodePhase:
    """The phase of a first load: every section created whole, element ids ``id:<key>``;
    shared records (owners, products) merged, since another load may write them at once."""
    phase = NodePhase()
    for section, labels in NODE_LABELS.items():
        step = node_step(plan, phase, section, None)
        keys = plan.keys[section]
        phase.created[section] = set(keys)
        phase.changed[section] = list(range(len(keys)))
        if section in SHARED:
            assert isinstance(step, MergeNodes) and step.compare is None
            continue
        assert isinstance(step, CreateNodes)
        phase.fresh.add(section)
        phase.ids[labels[0]] = {k: f"id:{k}" for k in keys}
    return phase


def test_a_new_dataset_creates_every_section(book: Dataset) -> None:
    plan = plan_sync(book, Stored.nothing())
    assert plan.new_dataset and plan.trusted
    assert all(places is None for places in plan.changed.values())
    assert kind_search(plan) == ([], [])
    phase = created_phase(plan, book)
    # links to earlier labels come with their nodes, by element id
    step = node_step(plan, NodePhase(fresh={"groups", "companies", "departments"}),
                     "stakeholders", None)
    assert isinstance(step, CreateNodes)
    assert {i.link.rtype for i in step.links} >= {"WORKS_AT", "WORKS_IN"}
    assert all(i.by_id for i in step.links)
    # ... links inside one label follow, by element id, for the nodes just created
    steps = {s.link.rtype: s for s in link_steps(book, plan, phase)}
    assert "REPORTS_TO" in steps and steps["REPORTS_TO"].by_id
    assert all(r["src"].startswith("id:") for r in steps["REPORTS_TO"].create)
    assert not any(inline(s.link) for s in steps.values())
    assert all(not s.sync for s in steps.values())
    for rr in RECORD_RELS:
        for part in record_steps(book, plan, phase, rr, {}):
            assert part.create
            assert part.by_id == (rr.source not in SHARED_LABELS
                                  and part.target not in SHARED_LABELS)


def test_an_unchanged_reload_changes_nothing(book: Dataset) -> None:
    first = plan_sync(book, Stored.nothing())
    again = plan_sync(book, stored_after(first))
    assert not again.new_dataset
    assert all(places == [] for places in again.changed.values())
    assert again.new_digests() == {}
    assert kind_search(again) == ([], [])
    phase = NodePhase(changed={s: [] for s in NODE_LABELS},
                      created={s: set() for s in NODE_LABELS})
    assert link_steps(book, again, phase) == []
    assert all(record_places(again, rr) is False for rr in RECORD_RELS)
    step = node_step(again, phase, "stakeholders", None)
    assert isinstance(step, MergeNodes) and step.places == [] and not step.force


def _edited(book: Dataset, edit: Any) -> Dataset:
    data = copy.deepcopy(book.model_dump(mode="json", exclude_none=True))
    edit(data)
    return check_data(data)


def test_moved_rows_are_changed_at_both_places(book: Dataset) -> None:
    first = plan_sync(book, Stored.nothing())

    def swap(data: dict[str, Any]) -> None:
        people = data["stakeholders"]
        people[3], people[4] = people[4], people[3]

    moved = _edited(book, swap)
    plan = plan_sync(moved, stored_after(first))
    assert plan.changed["stakeholders"] == [3, 4]
    assert plan.changed["companies"] == []
    assert set(plan.new_digests()) == {"digests_stakeholders", "chunks_stakeholders"}
    step = node_step(plan, NodePhase(), "stakeholders", None)
    assert isinstance(step, MergeNodes) and step.places == [3, 4] and step.compare is None


def test_a_key_that_changes_kind_is_searched_under_the_other_labels(book: Dataset) -> None:
    first = plan_sync(book, Stored.nothing())
    department = book.departments[0]

    def become_company(data: dict[str, Any]) -> None:
        # the department's id is now a company's (its old record and people go)
        data["departments"] = [d for d in data["departments"] if d["id"] != department.id
                               and d.get("parent") != department.id]
        for d in data["departments"]:
            d.pop("parent", None) if d.get("parent") == department.id else None
        data["companies"].append({"id": department.id, "name": "New Co",
                                  "group": book.groups[0].id})
        gone = {department.id}
        data["stakeholders"] = [{**s, "department": None} if s.get("department") in gone
                                else s for s in data["stakeholders"]]
        for section in ("assignments", "subscriptions", "opportunities"):
            data[section] = [r for r in data.get(section, []) if r.get("account") not in gone]

    changed = _edited(book, become_company)
    plan = plan_sync(changed, stored_after(first))
    labels, lists = kind_search(plan)
    assert department.id in lists[labels.index("Department")]
    assert department.id not in lists[labels.index("Company")]
    replaced = without_digests(plan)
    assert all(places is None for places in replaced.changed.values())
    assert replaced.states == plan.states  # the digests to store do not change


def test_after_a_stopped_load_no_hash_is_trusted(book: Dataset) -> None:
    first = plan_sync(book, Stored.nothing())
    stopped = Stored(False, stored_after(first).digests)
    plan = plan_sync(book, stopped)
    assert not plan.trusted
    assert all(places is None for places in plan.changed.values())
    hashes = {k: "x" for k in plan.keys["companies"]}
    step = node_step(plan, NodePhase(), "companies", hashes)
    assert isinstance(step, MergeNodes)
    assert step.force and step.compare is None
    assert step.places == list(range(len(plan.keys["companies"])))
    # every digest is written again at the end
    assert set(plan.new_digests()) == {p for s in DIGESTED for p in (f"digests_{s}",
                                                                    f"chunks_{s}")
                                       if plan.states[s].rows}


def test_a_dataset_without_digests_compares_stored_hashes(book: Dataset) -> None:
    first = plan_sync(book, Stored.nothing())
    plan = plan_sync(book, Stored(True, {}))  # loaded by a version that kept no digests
    assert plan.trusted and not plan.new_dataset
    assert all(places is None for places in plan.changed.values())
    keys = plan.keys["stakeholders"]
    hashes = {k: row_hash(first.digests("stakeholders"), i) for i, k in enumerate(keys)}
    step = node_step(plan, NodePhase(), "stakeholders", hashes)
    assert isinstance(step, MergeNodes) and not step.force and step.compare == hashes
    rr = RECORD_RELS[0]
    assert record_places(plan, rr) is None
    parts = record_steps(book, plan, NodePhase(), rr, None)
    all_rows = [r for p in parts for r in p.rows]
    stored = {(r["src"], r["dst"], r["key"]): r["hash"] for r in all_rows}
    assert all(not p.rows and not p.create
               for p in record_steps(book, plan, NodePhase(), rr, stored))


def test_prune_keeps_what_the_file_has() -> None:
    ds = check_data(copy.deepcopy(TINY))
    plan = plan_sync(ds, Stored.nothing(), prune=True)
    assert plan.prune is not None
    assert plan.prune.node_keys["Stakeholder"] == ["s-ceo", "s-cio", "s-ops", "s-sub"]
    assert plan.prune.node_keys["Company"] == ["c-hd", "c-sub"]
    relates = plan.prune.kept["RELATES_TO"]
    assert list(relates) == ["o-am"] and list(relates["o-am"]) == ["s-cio"]
    assert plan_sync(ds, Stored.nothing()).prune is None


def test_links_of_changed_nodes_are_synced_not_created() -> None:
    ds = check_data(copy.deepcopy(TINY))
    plan = plan_sync(ds, Stored(True, {}))
    phase = NodePhase(changed={s: [] for s in NODE_LABELS},
                      created={s: set() for s in NODE_LABELS})
    phase.changed["stakeholders"] = [2]  # s-ops changed, not created
    steps = link_steps(ds, plan, phase)
    assert steps and all(not s.create and not s.by_id for s in steps)
    by_type = {s.link.rtype: s.sync for s in steps}
    assert by_type["REPORTS_TO"] == [{"src": "s-ops", "targets": ["s-cio"]}]
    assert {link.rtype for link in LINKS if link.section == "stakeholders"} >= set(by_type)


def test_record_relationships_merge_by_key_once_any_is_stored(book: Dataset) -> None:
    plan = plan_sync(book, Stored(True, {}))
    phase = created_phase(plan_sync(book, Stored.nothing()), book)
    rr = next(r for r in RECORD_RELS if r.rtype == "RELATES_TO")
    rows = [r for p in record_steps(book, plan, NodePhase(), rr, None) for r in p.rows]
    stored = {(r["src"], r["dst"], r["key"]): r["hash"] for r in rows[1:]}
    parts = record_steps(book, plan, phase, rr, stored)
    assert [r["src"] for p in parts for r in p.rows] == [rows[0]["src"]]
    assert all(not p.create and not p.by_id for p in parts)
