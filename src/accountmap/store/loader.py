"""Loading a dataset into Neo4j: batched, idempotent, parameters only.

What a load guarantees:

- **Atomic batches**: rows go in batches (``--batch-size``, default 5,000), each one managed
  transaction that applies whole or not at all. Transient errors (deadlocks, a leader switch)
  are retried by the driver; creating the schema is retried the same way, so several first
  loads into a fresh database may run at once.
- **Completion marker**: the dataset's node says ``complete = false`` while a load runs and
  ``true`` only when every row (and the prune) is in. The reader and the Cypher engine refuse
  a dataset that is not complete, so a load that stopped half-way never reads back as a
  whole book; loading the file again completes it.
- **Convergence**: each node and record relationship carries a hash of its record (every
  field, links included), its key and its place in the file; one
  whose hash is unchanged is neither rewritten nor has its links synced. The dataset node
  keeps every section's row hashes, and a hash per 64-row chunk, as the last complete load
  left them (``section_state``): a reload hashes the file's chunks, then the rows of the
  chunks that differ, and sends only the rows whose hash differs, without reading a node,
  so its cost follows the change, not the book. Without such digests (an incomplete
  dataset, a key that changed kind, a dataset an older version loaded), the stored hashes
  are read instead (one query per label, and per record relationship type, each returning
  one list). The hash is written with the node's
  properties; a load that stops before its links are in leaves the dataset incomplete, and
  the next load of an incomplete dataset trusts no stored hash: it MERGEs every node and
  syncs every link, so it completes the dataset whatever point the stopped load reached.
- **First loads create**: the nodes of a label the dataset has none of yet are CREATEd (no
  MERGE lookup per row), with their links to the nodes of earlier labels in the same
  statement; links and record relationships between nodes this load created find their ends
  by element id (returned by the CREATE), not by the (dataset, key) index. Links within one
  label (REPORTS_TO, PART_OF, ...) follow once the label's nodes are in.
  Their rows go as columns (one list per property, see ``rows.node_columns``), which costs
  the client and the server far less than a map per row.
- **Two writers**: the batches of one statement go through two sessions at once (the server
  has a core each); each batch is still one transaction, and a deadlock between two batches
  that link to the same person is retried by the driver.
- **Kinds may change**: an id that was a company and is now a department (or any other kind)
  replaces the old node; whatever linked to it is synced again.
- ``prune`` deletes this dataset's nodes and record relationships that the file no longer has
  (relationships are compared by their (source, target, key) triples, never by joined text).

The load is three parts: the digests (``digests.py``: what is stored, what changed), the sync
plan (``sync.py``: what to create, merge, link and delete, as typed data, with the rows of
``rows.py`` and the statements of ``statements.py``), and this module, the executor, which
reads what the plan needs from the server, sends each step (``sender.Sender``) and reports
what the server did back to the plan.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

from ..model import Dataset
from . import statements as cypher
from . import team
from .connection import Connection, connect, translated
from .parts import Part, part_of
from .rows import link_targets, node_columns, node_rows
from .sender import Progress, Sender
from .shape import NODE_LABELS, RECORD_RELS, RecordRel, settings_properties
from .stamps import Stamp, now
from .sync import (
    CreateNodes,
    NodePhase,
    SyncPlan,
    changed_places,
    kind_search,
    link_steps,
    needs_stored_hashes,
    node_step,
    plan_sync,
    record_places,
    record_steps,
    without_digests,
)

BATCH_SIZE = 5000
#: sessions that write the batches of one statement at once (``sender.Sender``)
WORKERS = 2


@dataclass
class LoadReport:
    """What a load did. ``nodes_updated`` counts nodes whose properties changed."""

    dataset: str
    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_unchanged: int = 0
    relationships_created: int = 0
    relationships_removed: int = 0
    nodes_pruned: int = 0
    relationships_pruned: int = 0
    rows: int = 0
    seconds: float = 0.0


def load(conn: Connection, ds: Dataset, name: str, *, prune: bool = False,
         batch_size: int = BATCH_SIZE, progress: Progress | None = None,
         workers: int = WORKERS, groups: Collection[str] | None = None,
         stamp: Stamp | None = None) -> LoadReport:
    """Load the part of a checked dataset for ``groups`` (every group of it when None) into
    dataset ``name``; idempotent (see module docstring). ``stamp`` says who loads which file
    (default: an unnamed file by the OS user). A conflict with what other loads wrote
    (``team.conflicts``) raises ``DataError`` before anything is written."""
    stamp = stamp or Stamp.unnamed()
    part = part_of(ds, groups, prune=prune, source=stamp.file)
    report = LoadReport(dataset=name)
    started = time.perf_counter()
    with connect(conn) as driver, translated(conn), \
            driver.session(database=conn.database,
                           notifications_min_severity="OFF") as session:  # no "unknown
        # property" warnings from the reads of an empty database
        _ensure_schema(session)
        state = team.read_state(session, name)
        team.conflicts(session, name, part, state, stamp.file or name)
        token = uuid.uuid4().hex
        session.execute_write(lambda tx: tx.run(cypher.HEAD, dataset=name, token=token,
                                                groups=part.written).consume())
        plan = plan_sync(part.ds, team.stored(state, part), prune=prune, where=part)
        labels, keys = kind_search(plan)
        out = Sender(driver, session, conn.database, name, batch_size, progress, workers,
                     {"groups": list(part.groups)})
        if labels and session.execute_write(lambda tx: tx.run(
                cypher.replace_kinds_statement(labels), dataset=name, keys=keys,
                **out.params).consume()).counters.nodes_deleted:
            plan = without_digests(plan)
        phase = _write_nodes(out, part.ds, plan, report)
        _write_links(out, part.ds, plan, phase, report)
        for rr in RECORD_RELS:
            _write_record_rels(out, part.ds, plan, phase, rr, report)
        if plan.prune is not None:
            _prune(out, plan, report)
        if not _wrote(report) and state.unchanged_by(ds, part, stamp):
            session.execute_write(lambda tx: tx.run(
                cypher.FINISH_UNCHANGED, dataset=name, token=token, before=state.last_token,
                groups=part.written).consume())
        else:
            _finish(session, name, ds, part, stamp, token, plan)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _wrote(report: LoadReport) -> bool:
    return any((report.nodes_created, report.nodes_updated, report.relationships_created,
                report.relationships_removed, report.nodes_pruned,
                report.relationships_pruned))


def _finish(session: neo4j.Session, name: str, ds: Dataset, part: Part, stamp: Stamp,
            token: str, plan: SyncPlan) -> None:
    """Stamp the groups written, settle the dataset node (``statements.FINISH``)."""
    session.execute_write(lambda tx: tx.run(
        cypher.FINISH, dataset=name, version=ds.version, as_of=ds.as_of,
        settings=settings_properties(ds), now=now(), author=stamp.author,
        file=stamp.file or None, digest=stamp.digest or None, groups=part.written,
        gone=list(part.gone), whole=part.whole, token=token,
        digests=plan.new_digests()).consume())


def _ensure_schema(session: neo4j.Session) -> None:
    """Create the constraints and indexes of queries/schema.cypher that the database does
    not have (by name: one query lists them, so a reload spends no statement on them), all
    in one transaction; if that fails (another load creating the same rule at the same
    moment), one statement at a time."""
    have = set(session.run(cypher.SHOW_INDEXES).single(strict=True)["names"])
    missing = [s for s in cypher.schema_statements() if s.split()[2] not in have]
    if not missing:
        return
    try:
        session.execute_write(lambda tx: [tx.run(s).consume() for s in missing])
    except neo4j.exceptions.ClientError:
        for statement in missing:
            _create_schema(session, statement)


def _create_schema(session: neo4j.Session, statement: str) -> None:
    """One schema statement in a managed transaction (retried on transient errors such as
    the lock conflicts of several first loads at once); another load creating the same rule
    at the same moment is success."""
    try:
        session.execute_write(lambda tx: tx.run(statement).consume())
    except neo4j.exceptions.ClientError as exc:
        if "EquivalentSchemaRuleAlreadyExists" not in (exc.code or ""):
            raise


def _stored_hashes(out: Sender, plan: SyncPlan, label: str) -> dict[str, str | None]:
    """Key -> hash of this dataset's nodes of one label (of the load's groups), read in one
    query; every node of the label when a load that stopped half-way left nodes of other
    kinds or versions to compare (``plan.trusted`` is then False)."""
    record = out.session.run(cypher.stored_hashes_statement(label, plan.trusted),
                             dataset=out.dataset, **out.params).single()
    return dict(record["pairs"] if record else [])


def _write_nodes(out: Sender, ds: Dataset, plan: SyncPlan, report: LoadReport) -> NodePhase:
    """Each section's node step (``sync.node_step``), in load order."""
    phase = NodePhase()
    for section, labels in NODE_LABELS.items():
        report.rows += len(plan.keys[section])
        phase.created[section] = set()
        stored = (_stored_hashes(out, plan, labels[0]) if needs_stored_hashes(plan, section)
                  else None)
        step = node_step(plan, phase, section, stored)
        if isinstance(step, CreateNodes):
            _create_nodes(out, ds, plan, phase, step, report)
            continue
        rows = node_rows(ds, section, plan.keys[section], plan.digests(section), step.places,
                         step.compare, plan.where)
        written: set[str] = set()
        for records, _counters in out.write(section, rows, cypher.node_statement(labels),
                                            force=step.force):
            for r in records:
                written.add(r["key"])
                if r["created"]:
                    phase.created[section].add(r["key"])
                    report.nodes_created += 1
                else:
                    report.nodes_updated += 1
        phase.changed[section] = changed_places(rows, written)
    report.nodes_unchanged = report.rows - report.nodes_created - report.nodes_updated
    return phase


def _create_nodes(out: Sender, ds: Dataset, plan: SyncPlan, phase: NodePhase,
                  step: CreateNodes, report: LoadReport) -> None:
    """CREATE a section's nodes with their inline links; keep the new nodes' element ids.
    Each batch is built while the ones before it are being written."""
    section, size = step.section, out.batch_size
    keys, records = plan.keys[section], getattr(ds, section)
    known = {i.link.target: phase.known_ids(i.link.target) for i in step.links if i.by_id}

    def batches() -> Iterator[dict[str, Any]]:
        for start in range(0, len(keys), size):
            columns = node_columns(ds, section, keys, plan.digests(section), start,
                                   start + size, plan.where)
            for i in step.links:
                targets = [link_targets(r, i.link) for r in records[start:start + size]]
                ids = known.get(i.link.target)
                columns[i.column] = (targets if ids is None
                                     else [[ids[t] for t in row] for row in targets])
            yield columns

    statement = cypher.create_statement(
        section, [(i.column, i.link, i.by_id) for i in step.links], step.return_ids)
    results = out.send(section, len(keys), batches(), statement)
    new = phase.ids.setdefault(NODE_LABELS[section][0], {})
    for n, (found, counters) in enumerate(results):
        report.relationships_created += counters.relationships_created
        if step.return_ids and found:
            batch_keys = keys[n * size:(n + 1) * size]
            new.update((batch_keys[i], element_id) for i, element_id in found[0]["ids"])
    report.nodes_created += len(keys)
    phase.changed[section] = list(range(len(keys)))
    phase.created[section].update(keys)
    phase.fresh.add(section)


def _write_links(out: Sender, ds: Dataset, plan: SyncPlan, phase: NodePhase,
                 report: LoadReport) -> None:
    """The links of new or changed nodes (``sync.link_steps``)."""
    for step in link_steps(ds, plan, phase):
        label = f"{step.link.section} {step.link.rtype}"
        results = []
        if step.create:
            results += out.write(label, step.create, cypher.link_create_statement(
                step.link, step.source, step.by_id))
        if step.sync:
            results += out.write(label, step.sync,
                                 cypher.link_sync_statement(step.link, step.source))
        for _records, counters in results:
            report.relationships_created += counters.relationships_created
            report.relationships_removed += counters.relationships_deleted


def _write_record_rels(out: Sender, ds: Dataset, plan: SyncPlan, phase: NodePhase,
                       rr: RecordRel, report: LoadReport) -> None:
    """MERGE (or CREATE, for a type the dataset has none of) the records that are
    relationships and changed (``sync.record_steps``)."""
    report.rows += len(plan.keys[rr.section])
    places = record_places(plan, rr)
    if places is False:  # every row as the last complete load left it
        return
    stored = None
    if places is None:
        found = out.session.run(cypher.stored_rel_hashes_statement(rr, plan.trusted),
                                dataset=out.dataset, **out.params).single()
        stored = {(a, b, k): h for a, b, k, h in (found["rels"] if found else [])}
    for step in record_steps(ds, plan, phase, rr, stored):
        statement = cypher.record_rel_statement(rr, step.target, create=step.create,
                                                by_id=step.by_id)
        for _records, counters in out.write(rr.section, step.rows, statement):
            report.relationships_created += counters.relationships_created


def _prune(out: Sender, plan: SyncPlan, report: LoadReport) -> None:
    """Delete what the load's groups had and the file no longer has (``statements``: by
    the scope index, never another group's): nodes by ``IN $list`` (Cypher builds a hash
    set, so this is linear), record relationships by source, then target, in a nested map,
    so no two different triples can compare equal; then shared records no group names."""
    assert plan.prune is not None
    for rr in RECORD_RELS:
        for statement in cypher.prune_rels_statements(rr):
            summary = out.session.run(statement, dataset=out.dataset, **out.params,
                                      kept=plan.prune.kept[rr.rtype]).consume()
            report.relationships_pruned += summary.counters.relationships_deleted
    for labels in NODE_LABELS.values():
        summary = out.session.run(cypher.prune_nodes_statement(labels[0]),
                                  dataset=out.dataset, **out.params,
                                  keys=plan.prune.node_keys[labels[0]]).consume()
        report.nodes_pruned += summary.counters.nodes_deleted
        report.relationships_pruned += summary.counters.relationships_deleted


def dataset_name_for(path: str) -> str:
    """Default dataset name of a file: its name without suffix (``book.yaml`` -> ``book``)."""
    return Path(path).stem or "default"
