"""Row digests: how a reload finds the rows that changed without reading a node."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accountmap.model import Dataset
from accountmap.store.digests import (
    DIGEST,
    changed_rows,
    chunk_digests,
    row_hash,
    row_keys,
    section_digests,
    section_state,
)
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE


def digests(ds: Dataset, section: str) -> str:
    return section_digests(ds, section, row_keys(ds, section))


tokens = st.lists(st.text(alphabet="ab", min_size=DIGEST, max_size=DIGEST), max_size=600)


@given(tokens, tokens)
def test_changed_rows_are_the_places_whose_hash_differs(now, before):
    expected = [i for i, token in enumerate(now) if i >= len(before) or token != before[i]]
    assert changed_rows("".join(now), "".join(before)) == expected


def test_no_stored_digests_means_unknown_not_unchanged():
    assert changed_rows("a" * DIGEST, None) is None
    assert changed_rows("", "") == []


def test_a_changed_record_changes_its_own_hash_only():
    ds = load_dataset(EXAMPLE)
    before = digests(ds, "stakeholders")
    people = list(ds.stakeholders)
    people[3] = people[3].model_copy(update={"title": "部長"})
    after = digests(ds.model_copy(update={"stakeholders": people}), "stakeholders")
    assert len(after) == len(before) == DIGEST * len(people)
    assert changed_rows(after, before) == [3]
    assert row_hash(after, 3) != row_hash(before, 3)


def test_a_record_that_moves_changes_the_hash_of_both_places():
    ds = load_dataset(EXAMPLE)
    people = list(ds.stakeholders)
    people[0], people[1] = people[1], people[0]
    after = digests(ds.model_copy(update={"stakeholders": people}), "stakeholders")
    assert changed_rows(after, digests(ds, "stakeholders")) == [0, 1]


def test_a_relationship_record_hash_covers_its_key():
    ds = load_dataset(EXAMPLE)
    first, second = ds.subscriptions[0], ds.subscriptions[2]
    assert (first.account, first.product) != (second.account, second.product)
    # the record at place 2 is the same in both, but it is the 2nd (account, product) pair
    # in one and the 1st in the other: its relationship's key differs, so its hash must too
    a = ds.model_copy(update={"subscriptions": [first, second, first]})
    b = ds.model_copy(update={"subscriptions": [second, second, first]})
    assert 2 in (changed_rows(digests(b, "subscriptions"),
                              digests(a, "subscriptions")) or [])


def test_a_touchpoint_whose_derived_key_shifts_changes_its_hash():
    ds = load_dataset(EXAMPLE)
    same = ds.touchpoints[0].model_copy(update={"id": None})
    other = same.model_copy(update={"topic": "別件", "owners": ["x"]})
    middle = ds.touchpoints[1]
    # place 2 holds the same record in both; it is the 2nd touchpoint of its (date, owners,
    # stakeholders) in one and the 1st in the other, so its node key differs
    a = ds.model_copy(update={"touchpoints": [same, middle, same]})
    b = ds.model_copy(update={"touchpoints": [other, middle, same]})
    assert row_keys(a, "touchpoints")[2] != row_keys(b, "touchpoints")[2]
    assert changed_rows(digests(b, "touchpoints"), digests(a, "touchpoints")) == [0, 2]


BOOK = load_dataset(EXAMPLE)
#: enough touchpoints for several chunks
MANY = BOOK.model_copy(update={"touchpoints": [
    t.model_copy(update={"id": None, "topic": f"{t.topic} {n}"})
    for n in range(4) for t in BOOK.touchpoints]})

edits = st.lists(st.tuples(st.sampled_from(["topic", "insert", "delete", "append"]),
                           st.integers(0, 10_000)), max_size=6)


@settings(max_examples=40, deadline=None)
@given(edits)
def test_a_reload_hashes_changed_chunks_and_finds_exactly_the_changed_rows(steps):
    old = MANY
    meetings = list(old.touchpoints)
    for n, (kind, at) in enumerate(steps):
        at %= len(meetings) + 1
        if kind == "topic" and at < len(meetings):
            meetings[at] = meetings[at].model_copy(update={"topic": f"edit {n}"})
        elif kind == "insert":
            meetings.insert(at, meetings[at % len(meetings)])
        elif kind == "delete" and at < len(meetings):
            del meetings[at]
        elif kind == "append":
            meetings.append(meetings[at % len(meetings)].model_copy(update={"topic": "new"}))
    new = old.model_copy(update={"touchpoints": meetings})
    old_keys, new_keys = row_keys(old, "touchpoints"), row_keys(new, "touchpoints")
    old_rows = section_digests(old, "touchpoints", old_keys)
    state = section_state(new, "touchpoints", new_keys, old_rows,
                          chunk_digests(old, "touchpoints", old_keys))
    every_row = section_digests(new, "touchpoints", new_keys)
    assert state.rows == every_row  # rows of clean chunks keep their stored hash, rightly
    assert state.changed == changed_rows(every_row, old_rows)


def test_digests_that_do_not_fit_together_are_not_trusted():
    keys = row_keys(MANY, "touchpoints")
    rows = section_digests(MANY, "touchpoints", keys)
    assert section_state(MANY, "touchpoints", keys, rows, "").changed is None
    assert section_state(MANY, "touchpoints", keys, None, None).changed is None
    assert section_state(MANY, "touchpoints", keys, rows,
                         chunk_digests(MANY, "touchpoints", keys)).changed == []
