"""The sync plan: what a load must create, merge, link and delete, as typed data.

Pure: it reads the book and what the database said it holds (``Stored``, and the stored
hashes the executor reads when there are no digests to compare with), never a server. The
executor (``loader.py``) asks it step by step, sends each step, and tells it what the server
answered (``NodePhase``: the nodes created, their element ids), so every decision below is
made here and unit-tested without Neo4j (``tests/test_sync_plan.py``):

- **Which rows changed**: by the digests (``digests.section_state``); all of them (None)
  when the dataset is new, a load of it stopped half-way (then no stored hash is trusted and
  every node is rewritten: ``force``), or it has no digests (an older version loaded it).
- **Kinds that changed**: the keys of changed rows are searched under the other labels
  (``kind_search``); when that replaced a node, every row is compared again
  (``without_digests``), since whatever linked to it lost links that no digest shows.
- **Create or merge**: a label the dataset has none of yet is CREATEd with its links to the
  labels already in (``CreateNodes``), else its new or changed rows are MERGEd
  (``MergeNodes``).
- **Links and record relationships**: created for nodes this load created (by element id
  when this load created every node the link may reach), synced for changed ones.
- **Prune**: the keys and (source, target, key) triples the file has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Dataset
from .digests import DIGESTED, Digests, digest_values, row_keys, section_state
from .parts import SHARED, Part
from .rows import link_rows, record_rel_rows
from .shape import LINKS, NODE_LABELS, RECORD_RELS, Link, RecordRel

Kept = dict[str, dict[str, list[str]]]  # source key -> target key -> relationship keys

#: section -> its position in the load order; a link is created with its node when every
#: section its target may be in comes earlier (so the target is in already).
ORDER = {section: i for i, section in enumerate(NODE_LABELS)}
SECTIONS_OF_LABEL = {label: [s for s, labels in NODE_LABELS.items() if label in labels]
                     for labels in NODE_LABELS.values() for label in labels}
#: labels whose nodes some link or record relationship points at (or starts from)
TARGETS = ({link.target for link in LINKS} | {rr.source for rr in RECORD_RELS}
           | {t for rr in RECORD_RELS for t in rr.targets})


@dataclass(frozen=True)
class Stored:
    """What the database holds of a dataset before a load: ``complete`` (None: no such
    dataset yet; False: a load of it stopped half-way) and each section's stored (row, chunk)
    digests (either None where there are none)."""

    complete: bool | None
    digests: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def nothing(cls) -> Stored:
        return cls(None, {})


@dataclass(frozen=True)
class Prune:
    """What a pruning load keeps: every node key per label, every (source, target, key)
    triple per record relationship type, nested."""

    node_keys: dict[str, list[str]]
    kept: dict[str, Kept]


@dataclass(frozen=True)
class SyncPlan:
    """The whole-load decisions (see the module docstring). ``changed``: per section, the
    places of changed rows, or None (compare every row with its stored hash)."""

    keys: dict[str, list[str]]
    states: dict[str, Digests]
    trusted: bool
    new_dataset: bool
    changed: dict[str, list[int] | None]
    stored: dict[str, tuple[str | None, str | None]]
    prune: Prune | None = None
    #: the part of its file the dataset is (``parts.Part``), when it is not the whole file:
    #: each row's place in the file and group
    where: Part | None = None

    def new_digests(self) -> dict[str, str | None]:
        """The dataset node's digest properties that differ from the stored ones (a
        section's are one text of 16 bytes a row: only those that changed are written)."""
        return {prop: value for section, state in self.states.items()
                if (state.rows, state.chunks) != tuple(self.stored.get(section, (None, None)))
                for prop, value in digest_values(section, state).items()}

    def digests(self, section: str) -> str:
        return self.states[section].rows


def plan_sync(ds: Dataset, stored: Stored, *, prune: bool = False,
              where: Part | None = None) -> SyncPlan:
    """The plan of loading ``ds`` over what the database holds (``Stored.nothing()`` for a
    new dataset, as the bulk export writes it); ``where``: ``ds`` is that part of its file."""
    keys = {section: row_keys(ds, section) for section in DIGESTED}
    trusted = stored.complete is not False
    known = stored.digests if trusted else {}
    states = {section: section_state(ds, section, keys[section],
                                     *known.get(section, (None, None)),
                                     seqs=None if where is None else where.seqs[section])
              for section in DIGESTED}
    return SyncPlan(keys, states, trusted, stored.complete is None,
                    {section: state.changed for section, state in states.items()}, known,
                    _prune(ds, keys) if prune else None, where)


def _prune(ds: Dataset, keys: dict[str, list[str]]) -> Prune:
    kept: dict[str, Kept] = {}
    for rr in RECORD_RELS:
        triples: Kept = kept.setdefault(rr.rtype, {})
        for record, key in zip(getattr(ds, rr.section), keys[rr.section], strict=True):
            src, dst = getattr(record, rr.source_field), getattr(record, rr.target_field)
            triples.setdefault(src, {}).setdefault(dst, []).append(key)
    return Prune({labels[0]: keys[section] for section, labels in NODE_LABELS.items()}, kept)


def kind_search(plan: SyncPlan) -> tuple[list[str], list[list[str]]]:
    """The labels to search and, for each, the keys that may now be another kind's: the
    keys of changed rows of every other node section (a new dataset has nothing to search).
    Touchpoint keys have their own prefixes (``=``, ``~``) and share no key with another
    kind, in either direction."""
    if plan.new_dataset:
        return [], []
    changed = {section: plan.keys[section] if places is None
               else [plan.keys[section][i] for i in places]
               for section, places in plan.changed.items() if section in NODE_LABELS}
    labels, lists = [], []
    for section, node_labels in NODE_LABELS.items():
        others = [k for other, ks in changed.items() if other not in (section, "touchpoints")
                  for k in ks]
        if section != "touchpoints" and others:
            labels.append(node_labels[0])
            lists.append(others)
    return labels, lists


def without_digests(plan: SyncPlan) -> SyncPlan:
    """The plan after a kind change replaced nodes: every row compared again."""
    return replace(plan, changed=dict.fromkeys(plan.changed))


@dataclass
class NodePhase:
    """What the node steps did, as the executor reports it: per section, the places of new
    or changed nodes, the keys of nodes this load created; the sections created whole (their
    inline links are in already); the element ids of created nodes, per label."""

    changed: dict[str, list[int]] = field(default_factory=dict)
    created: dict[str, set[str]] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)
    ids: dict[str, dict[str, str]] = field(default_factory=dict)

    def known_ids(self, label: str) -> dict[str, str]:
        """Element ids of the nodes of ``label`` this load created (Account: companies and
        departments)."""
        if label == "Account":
            return {**self.ids.get("Company", {}), **self.ids.get("Department", {})}
        return self.ids.get(label, {})

    def created_whole(self, label: str) -> bool:
        """Whether this load created every node of ``label`` (every section it covers), so
        every key of it has an element id: the one rule for finding link ends by id."""
        return all(section in self.fresh for section in SECTIONS_OF_LABEL[label])


def inline(link: Link) -> bool:
    """Whether a link is created with its node (its targets' sections come earlier)."""
    return all(ORDER[s] < ORDER[link.section] for s in SECTIONS_OF_LABEL[link.target])


@dataclass(frozen=True)
class InlineLink:
    column: str
    link: Link
    by_id: bool


@dataclass(frozen=True)
class CreateNodes:
    """CREATE every node of a section (no MERGE lookup), with its ``links`` to earlier
    labels; ``return_ids``: keep the new nodes' element ids for later links."""

    section: str
    links: tuple[InlineLink, ...]
    return_ids: bool


@dataclass(frozen=True)
class MergeNodes:
    """MERGE the nodes at ``places`` (file positions) whose hash differs from ``compare``
    (every one without it); ``force`` rewrites even an equal hash."""

    section: str
    places: list[int]
    compare: dict[str, str | None] | None
    force: bool


def node_step(plan: SyncPlan, phase: NodePhase, section: str,
              stored_hashes: dict[str, str | None] | None) -> CreateNodes | MergeNodes:
    """How to write a section's nodes. ``stored_hashes`` (key -> hash of the label's nodes)
    is read by the executor only when ``needs_stored_hashes``."""
    places = plan.changed[section]
    if places is not None:
        return MergeNodes(section, places, None, not plan.trusted)
    if not stored_hashes and section not in SHARED:  # the first load of these nodes:
        # nothing to merge with (shared records are always merged: another load may be
        # writing the same owner at this moment)
        links = tuple(InlineLink(f"l{i}", link, phase.created_whole(link.target))
                      for i, link in enumerate(LINKS) if link.section == section and inline(link))
        return CreateNodes(section, links,
                           any(label in TARGETS for label in NODE_LABELS[section]))
    return MergeNodes(section, list(range(len(plan.keys[section]))),
                      stored_hashes if plan.trusted else None, not plan.trusted)


def needs_stored_hashes(plan: SyncPlan, section: str) -> bool:
    return plan.changed[section] is None


@dataclass(frozen=True)
class LinkStep:
    """The links of one link type to write: ``create`` for nodes this load created (by
    element id when ``by_id``), ``sync`` for changed ones."""

    link: Link
    source: str
    create: list[dict[str, Any]]
    by_id: bool
    sync: list[dict[str, Any]]


def link_steps(ds: Dataset, plan: SyncPlan, phase: NodePhase) -> list[LinkStep]:
    """The links of new or changed nodes (not those that came with their nodes)."""
    steps = []
    for link in LINKS:
        source = NODE_LABELS[link.section][0]
        todo = phase.changed.get(link.section)
        if (link.section in phase.fresh and inline(link)) or not todo:
            continue
        new = phase.created[link.section]
        rows = link_rows(ds, link, plan.keys[link.section], todo)
        fresh = [r for r in rows if r["src"] in new and r["targets"]]
        others = [r for r in rows if r["src"] not in new]
        by_id = bool(fresh) and (source in phase.ids and phase.created_whole(source)
                                 and phase.created_whole(link.target))
        if by_id:
            sources, targets = phase.ids[source], phase.known_ids(link.target)
            fresh = [{"src": sources[r["src"]], "targets": [targets[t] for t in r["targets"]]}
                     for r in fresh]
        if fresh or others:
            steps.append(LinkStep(link, source, fresh, by_id, others))
    return steps


@dataclass(frozen=True)
class RecordRows:
    """Record relationships of one type to one target label: CREATE them when the dataset
    has none of the type yet (``create``), else MERGE; ends by element id when ``by_id``."""

    rr: RecordRel
    target: str
    rows: list[dict[str, Any]]
    create: bool
    by_id: bool


def record_places(plan: SyncPlan, rr: RecordRel) -> list[int] | bool | None:
    """The rows of a record relationship to consider: places, None (all, compared with the
    stored hashes the executor reads), or False (nothing changed: skip)."""
    places = plan.changed[rr.section]
    return False if places == [] else places


def record_steps(ds: Dataset, plan: SyncPlan, phase: NodePhase, rr: RecordRel,
                 stored: dict[tuple[str, str, str], str] | None) -> list[RecordRows]:
    """The record relationships of one type to write: the rows whose hash differs from
    ``stored`` ((source, target, key) -> hash; None when ``record_places`` gave places)."""
    places = plan.changed[rr.section]
    compare = stored or {}
    create = places is None and not compare
    out = []
    for target, all_rows in record_rel_rows(ds, rr, plan.keys[rr.section],
                                            plan.digests(rr.section), places,
                                            plan.where).items():
        rows = [r for r in all_rows if compare.get((r["src"], r["dst"], r["key"])) != r["hash"]]
        by_id = create and phase.created_whole(rr.source) and phase.created_whole(target)
        if by_id:
            sources, targets = phase.known_ids(rr.source), phase.known_ids(target)
            rows = [{**r, "src": sources[r["src"]], "dst": targets[r["dst"]]} for r in rows]
        out.append(RecordRows(rr, target, rows, create, by_id))
    return out


def changed_places(rows: Iterable[dict[str, Any]], written: set[str]) -> list[int]:
    """The file places of the rows the server reported as new or changed."""
    return [row["props"]["seq"] for row in rows if row["key"] in written]
