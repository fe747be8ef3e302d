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
  Their rows go as columns (one list per property, see ``_node_columns``), which costs the
  client and the server far less than a map per row.
- **Two writers**: the batches of one statement go through two sessions at once (the server
  has a core each); each batch is still one transaction, and a deadlock between two batches
  that link to the same person is retried by the driver.
- **Kinds may change**: an id that was a company and is now a department (or any other kind)
  replaces the old node; whatever linked to it is synced again.
- ``prune`` deletes this dataset's nodes and record relationships that the file no longer has
  (relationships are compared by their (source, target, key) triples, never by joined text).
"""

from __future__ import annotations

import base64
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any, cast

import neo4j
from pydantic import TypeAdapter

from ..model import ID_KINDS, SECTIONS, Dataset, plain_value
from .connection import Connection, connect, translated
from .shape import (
    LINK_FIELDS,
    LINKS,
    NODE_LABELS,
    RECORD_KEY_FIELDS,
    RECORD_RELS,
    Link,
    RecordRel,
    label_of_kind,
    property_type,
    record_keys,
    touchpoint_keys,
)

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 5000
#: sessions that write the batches of one statement at once (see ``_Batches``)
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


def row_keys(ds: Dataset, section: str) -> list[str]:
    """The key of each row of a section, in file order: a node's merge key (its id, or a
    touchpoint's derived key), a record relationship's occurrence among equal ends."""
    records = getattr(ds, section)
    if section in RECORD_KEY_FIELDS:
        return record_keys(records, RECORD_KEY_FIELDS[section])
    return touchpoint_keys(ds) if section == "touchpoints" else [r.id for r in records]


#: characters of one row's digest: 12 bytes of BLAKE2b in base64 (16 characters, no padding)
DIGEST = 16


def _row_digest(seq: int, key: str, record: Any) -> bytes:
    """BLAKE2b of a row's key and its record as JSON (every field, links included, in model
    order; serialized in Rust), personalised with its place in the file (``seq``)."""
    json = record.__pydantic_serializer__.to_json(record)
    return hashlib.blake2b(key.encode() + b"\x00" + json, digest_size=12,
                           person=seq.to_bytes(8, "little")).digest()


def section_digests(ds: Dataset, section: str, keys: list[str], start: int = 0,
                    stop: int | None = None) -> str:
    """The hashes of a section's rows ``start:stop`` (``keys``: the section's ``row_keys``),
    in file order, as one text (``DIGEST`` characters a row; ``row_hash`` takes one out). A
    node keeps its row's hash (so an unchanged node needs neither a property write nor a
    link sync), and so does a record relationship."""
    records = getattr(ds, section)
    stop = len(records) if stop is None else stop
    return base64.b64encode(b"".join(
        _row_digest(seq, keys[seq], records[seq]) for seq in range(start, stop))).decode()


#: rows per chunk of ``chunk_digests``
CHUNK = 64
_KEYS = TypeAdapter(list[str])


@cache
def _adapter(section: str) -> TypeAdapter[Any]:
    """Serializes a list of one section's records as JSON (in Rust, one call a chunk)."""
    return TypeAdapter(cast(Any, list)[SECTIONS[section]])


def chunk_digests(ds: Dataset, section: str, keys: list[str]) -> str:
    """One hash per ``CHUNK`` rows of a section (of their records and keys as JSON, and their
    place), as one text like ``section_digests``: about half the cost of hashing every row,
    so a reload hashes rows only in the chunks whose hash changed."""
    dump, records = _adapter(section).dump_json, getattr(ds, section)
    return base64.b64encode(b"".join(
        hashlib.blake2b(dump(records[at:at + CHUNK]) + _KEYS.dump_json(keys[at:at + CHUNK]),
                        digest_size=12, person=at.to_bytes(8, "little")).digest()
        for at in range(0, len(records), CHUNK))).decode()


@dataclass
class Digests:
    """A section's row hashes (``rows``) and chunk hashes (``chunks``), and the places of the
    rows whose hash differs from the stored one (``changed``; None: nothing stored to compare
    with)."""

    rows: str
    chunks: str
    changed: list[int] | None


def section_state(ds: Dataset, section: str, keys: list[str], stored_rows: str | None,
                  stored_chunks: str | None) -> Digests:
    """The digests of a section and the rows that changed since the stored digests (the
    ones the last complete load left): the chunks are hashed, and only the rows of chunks
    whose hash differs; the other rows keep their stored hashes. Without stored digests
    (or with digests that do not fit together) every row is hashed."""
    if not keys:  # nothing to send (what the file no longer has is prune's)
        return Digests("", "", [])
    chunks = chunk_digests(ds, section, keys)
    if stored_rows is None or stored_chunks is None or not _fit(stored_rows, stored_chunks):
        return Digests(section_digests(ds, section, keys), chunks, None)
    dirty = changed_rows(chunks, stored_chunks)
    if not dirty:
        return Digests(stored_rows, chunks, [])
    pieces: list[str] = []
    changed: list[int] = []
    done = 0
    for chunk in dirty:
        start, stop = chunk * CHUNK, min(len(keys), (chunk + 1) * CHUNK)
        pieces.append(stored_rows[done * DIGEST:start * DIGEST])  # clean chunks: as stored
        rows = section_digests(ds, section, keys, start, stop)
        before = stored_rows[start * DIGEST:stop * DIGEST]  # shorter where rows were added
        changed += [start + i for i in changed_rows(rows, before) or ()]
        pieces.append(rows)
        done = stop
    pieces.append(stored_rows[done * DIGEST:len(keys) * DIGEST])
    return Digests("".join(pieces), chunks, changed)


def _fit(rows: str, chunks: str) -> bool:
    """Whether stored row and chunk digests can be of one load: one chunk hash per ``CHUNK``
    row hashes."""
    count = len(rows) // DIGEST
    return len(rows) % DIGEST == 0 and len(chunks) == DIGEST * -(-count // CHUNK)


def row_hash(digests: str, seq: int) -> str:
    """The hash of row ``seq`` in a section's digests (``section_digests``)."""
    return digests[seq * DIGEST:(seq + 1) * DIGEST]


def changed_rows(now: str, before: str | None) -> list[int] | None:
    """The places whose row hash differs between two digests of a section (None when there
    is nothing to compare with: each row is then compared with its node). Blocks of rows are
    compared first, so an unchanged stretch costs one string comparison."""
    if before is None:
        return None
    if now == before:
        return []
    block = 256 * DIGEST
    out = []
    for start in range(0, len(now), block):
        if now[start:start + block] == before[start:start + block]:
            continue
        for at in range(start, min(start + block, len(now)), DIGEST):
            if now[at:at + DIGEST] != before[at:at + DIGEST]:
                out.append(at // DIGEST)
    return out


@cache
def property_fields(section: str) -> tuple[str, ...]:
    """The fields of a node section kept as node properties (every field but the links), in
    model order; a node also gets ``seq``, ``dataset``, ``key`` and ``hash``."""
    skip = LINK_FIELDS.get(section, frozenset())
    return tuple(field for field in SECTIONS[section].model_fields if field not in skip)


def _property(value: Any) -> Any:
    """A field's value as a node property: None (no property) for no value or an empty
    list, enums as their values."""
    return None if value is None or value == [] else plain_value(value)


def _node_rows(ds: Dataset, section: str, keys: list[str], digests: str,
               places: Iterable[int],
               stored: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """One row per node at ``places`` (file positions) that is new or changed by its stored
    hash (every one of them without ``stored``): its key, properties and hash (from
    ``digests``). Properties are built only for the rows that are sent."""
    fields = property_fields(section)
    records = getattr(ds, section)
    rows = []
    for seq in places:
        digest, key = row_hash(digests, seq), keys[seq]
        if stored is not None and stored.get(key) == digest:
            continue
        values = records[seq].__dict__
        props = {field: value for field in fields
                 if (value := _property(values[field])) is not None}
        props["seq"] = seq
        rows.append({"key": key, "props": props, "hash": digest})
    return rows


def _column(values: Iterable[Any], kind: str) -> list[Any]:
    """One property's values as sent in a column: None where ``_property`` gives None, enums
    as their values, dates as ISO text (the CREATE parses them back with ``date()``: the
    driver's own date packing costs several microseconds a value in Python)."""
    if kind == "date":
        return [None if v is None else v.isoformat() for v in values]
    return [_property(v) for v in values]


def _node_columns(ds: Dataset, section: str, keys: list[str], digests: str, start: int,
                  stop: int) -> dict[str, Any]:
    """The nodes at places ``start:stop`` as columns, for a first load's CREATE: ``key``,
    ``hash``, ``p_<field>`` per property field (see ``_column``) and ``start`` (a node's
    ``seq`` is ``start`` + its index). Lists of plain values cost the client and the server
    far less than a map per row."""
    records = getattr(ds, section)[start:stop]
    columns: dict[str, Any] = {
        "start": start, "key": keys[start:stop],
        "hash": [row_hash(digests, seq) for seq in range(start, start + len(records))]}
    for field in property_fields(section):
        columns[f"p_{field}"] = _column(map(attrgetter(field), records),
                                        property_type(section, field))
    return columns


def link_targets(record: Any, link: Link) -> list[str]:
    """The ids one record links to by ``link``, in the record's order."""
    value = getattr(record, link.field)
    if value is None and link.fallback:
        value = getattr(record, link.fallback)
    return list(value) if link.many else ([value] if value is not None else [])


def _link_rows(ds: Dataset, link: Link, keys: list[str],
               places: Iterable[int]) -> list[dict[str, Any]]:
    """One row per record of the link's section at ``places``: its key and the ids it links
    to."""
    records = getattr(ds, link.section)
    return [{"src": keys[seq], "targets": link_targets(records[seq], link)} for seq in places]


def _record_rel_rows(ds: Dataset, rr: RecordRel, keys: list[str], digests: str,
                     places: Iterable[int] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of one record relationship (those at ``places``, when given), per label of
    their target node; a row's hash is its record's in ``digests``."""
    records = getattr(ds, rr.section)
    target_label = _target_labels(ds, rr)
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in rr.targets}
    for seq in range(len(records)) if places is None else places:
        record = records[seq]
        props = {k: plain_value(v) for k, v in record
                 if k not in (rr.source_field, rr.target_field) and v is not None}
        props["seq"] = seq
        dst = getattr(record, rr.target_field)
        rows[target_label(dst)].append({"src": getattr(record, rr.source_field), "dst": dst,
                                        "key": keys[seq], "props": props,
                                        "hash": row_hash(digests, seq)})
    return rows


def _target_labels(ds: Dataset, rr: RecordRel) -> Callable[[str], str]:
    """Which of ``rr.targets`` a target id has (by the kind of the record it names)."""
    if len(rr.targets) == 1:
        return lambda _id: rr.targets[0]
    kinds = {r.id: ID_KINDS[section] for section in ID_KINDS for r in ds.records(section)}
    return lambda target: ("Account" if kinds[target] in ("company", "department")
                           and "Account" in rr.targets else label_of_kind(kinds[target]))


#: a batch's ``$rows``: a list of row maps, or a map of columns (``_node_columns``)
Batch = list[dict[str, Any]] | dict[str, Any]


def _size(batch: Batch) -> int:
    """How many rows a batch holds."""
    return len(batch["key"]) if isinstance(batch, dict) else len(batch)


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _node_query(labels: tuple[str, ...]) -> str:
    """MERGE nodes; a node whose stored hash differs from the row's (or every node when
    ``$force``) gets the row's properties and hash. The hash is written with the properties:
    a load that stops before its links are in leaves the dataset incomplete, and the next load
    of an incomplete dataset trusts no hash (``$force``)."""
    main = labels[0]
    extra = "".join(f":{label}" for label in labels[1:])
    set_extra = f"SET n{extra} " if extra else ""
    return (
        f"UNWIND $rows AS row "
        f"MERGE (n:{main} {{dataset: $dataset, key: row.key}}) "
        f"ON CREATE SET n._new = true "
        f"WITH n, row, n.hash AS old, n._new AS created "
        f"WITH n, row, created, $force OR old IS NULL OR old <> row.hash AS changed "
        f"FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | "
        f"  SET n = row.props, n.dataset = $dataset, n.key = row.key, n.hash = row.hash) "
        f"{set_extra}"
        f"WITH row, created WHERE changed "
        f"RETURN row.key AS key, created IS NOT NULL AS created"
    )


def _match(var: str, label: str, expr: str, by_id: bool) -> str:
    """Find one node of this load: by its element id when the load created it (an id seek;
    the label lets the planner see that the node is not one a CREATE of the same query
    makes, so it adds no Eager), else by the (dataset, key) index."""
    if by_id:
        return f"MATCH ({var}:{label}) WHERE elementId({var}) = {expr} "
    return f"MATCH ({var}:{label} {{dataset: $dataset, key: {expr}}}) "


def _link_clause(link: Link, column: str, by_id: bool) -> str:
    """Create the links of the created node ``n`` (row ``i`` of the columns) to the nodes
    named in ``$rows.<column>[i]`` (a list), with their position."""
    targets = f"$rows.{column}[i]"
    return (f"CALL (n, i) {{ UNWIND range(0, size({targets}) - 1) AS pos "
            f"{_match('b', link.target, f'{targets}[pos]', by_id)}"
            f"CREATE (n)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b) }} ")


def _create_query(section: str, links: list[tuple[str, Link, bool]], ids: bool) -> str:
    """Nodes of a label this dataset has none of yet: CREATE them (no lookup per row) from
    the columns of ``_node_columns``, with every property in the CREATE (a null one is not
    set), and their links to nodes already in (``links``: column, link, whether the targets
    are given by element id); with ``ids``, return [row index, element id] per node."""
    props = "".join(
        f", `{field}`: " + (f"date($rows.p_{field}[i])" if property_type(section, field) == "date"
                            else f"$rows.p_{field}[i]")
        for field in property_fields(section))
    return (f"UNWIND range(0, size($rows.key) - 1) AS i "
            f"CREATE (n:{':'.join(NODE_LABELS[section])} {{dataset: $dataset, "
            f"key: $rows.key[i]{props}, seq: $rows.start + i, hash: $rows.hash[i]}}) "
            + ("WITH n, i " if links else "")
            + "".join(_link_clause(link, column, by_id) for column, link, by_id in links)
            + ("RETURN collect([i, elementId(n)]) AS ids" if ids else ""))


def _link_create_query(link: Link, source: str, by_id: bool = False) -> str:
    """Links of nodes created by this load: nothing to remove or match, so CREATE them."""
    return (
        f"UNWIND $rows AS row "
        f"{_match('a', source, 'row.src', by_id)}"
        f"UNWIND range(0, size(row.targets) - 1) AS pos "
        f"{_match('b', link.target, 'row.targets[pos]', by_id)}"
        f"CREATE (a)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b)"
    )


def _link_sync_query(link: Link, source: str) -> str:
    """Sync the links of changed nodes: a node whose links (target and position) are what
    its record lists is left alone, one read and no write (most edits change a property, not
    a link); otherwise its links of this type are replaced by the record's, created as a
    first load creates them."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{source} {{dataset: $dataset, key: row.src}}) "
        f"OPTIONAL MATCH (a)-[r:{link.rtype}]->(b:{link.target}) "
        f"WITH a, row, collect(CASE WHEN r IS NOT NULL THEN [r.pos, b.key] END) AS have "
        f"WHERE size(have) <> size(row.targets) "
        f"OR any(pos IN range(0, size(row.targets) - 1) WHERE NOT [pos, row.targets[pos]] IN have) "
        f"CALL (a) {{ MATCH (a)-[old:{link.rtype}]->(:{link.target}) DELETE old }} "
        f"WITH a, row "
        f"UNWIND range(0, size(row.targets) - 1) AS pos "
        f"MATCH (b:{link.target} {{dataset: $dataset, key: row.targets[pos]}}) "
        f"CREATE (a)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b)"
    )


def _record_rel_query(rr: RecordRel, target: str, create: bool = False,
                      by_id: bool = False) -> str:
    """MERGE the relationships of records (only rows whose hash changed are sent); CREATE
    them when the dataset has none of this type yet."""
    ends = (f"UNWIND $rows AS row "
            f"{_match('a', rr.source, 'row.src', by_id)}{_match('b', target, 'row.dst', by_id)}")
    if create:
        return (ends + f"CREATE (a)-[r:{rr.rtype}]->(b) "
                f"SET r = row.props, r.key = row.key, r.dataset = $dataset, r.hash = row.hash")
    return (
        ends + f"MERGE (a)-[r:{rr.rtype} {{key: row.key}}]->(b) "
        f"WITH r, row WHERE r.hash IS NULL OR r.hash <> row.hash "
        f"SET r = row.props, r.key = row.key, r.dataset = $dataset, r.hash = row.hash"
    )


def schema_statements() -> list[str]:
    """The statements of queries/schema.cypher, in order."""
    from .queries import query_text

    text = "\n".join(line for line in query_text("schema").splitlines()
                     if not line.lstrip().startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


class _Batches:
    """Sends rows to the server in batches, one managed transaction per batch (each batch
    applies whole or not at all), and reports progress per section. With ``workers`` > 1 the
    batches of one statement go through that many sessions at once: the rows of different
    batches are different nodes, and a deadlock between two batches (both linking to the same
    person) is a transient error the driver retries."""

    def __init__(self, driver: neo4j.Driver, session: neo4j.Session, database: str | None,
                 dataset: str, batch_size: int, progress: Progress | None,
                 workers: int = 1) -> None:
        self.driver, self.session, self.database = driver, session, database
        self.dataset, self.batch_size, self.progress = dataset, batch_size, progress
        self.workers = workers

    def write(self, section: str, rows: list[dict[str, Any]], *queries: str,
              force: bool = False) -> list[tuple[list[neo4j.Record], Any]]:
        """Run every query on every batch of ``rows``; (records, counters) per query and
        batch, in batch order."""
        return self.send(section, len(rows), _batches(rows, self.batch_size), *queries,
                         force=force)

    def send(self, section: str, total: int, batches: Iterable[Batch],
             *queries: str, force: bool = False) -> list[tuple[list[neo4j.Record], Any]]:
        """Run every query on every batch, the batches sent while the next are still being
        built (``batches`` may be a generator); ``total`` rows in all, for progress."""

        def run(session: neo4j.Session, batch: Batch
                ) -> list[tuple[list[neo4j.Record], Any]]:
            def work(tx: neo4j.ManagedTransaction) -> list[tuple[list[neo4j.Record], Any]]:
                out = []
                for query in queries:
                    result = tx.run(query, rows=batch, dataset=self.dataset, force=force)
                    records = list(result)
                    out.append((records, result.consume().counters))
                return out

            return session.execute_write(work)

        results: list[tuple[list[neo4j.Record], Any]] = []
        done = 0
        if self.workers <= 1 or total <= self.batch_size:  # one batch: no second writer
            for batch in batches:
                results.extend(run(self.session, batch))
                done += _size(batch)
                if self.progress:
                    self.progress(section, done, total)
            return results
        sessions: queue.SimpleQueue[neo4j.Session] = queue.SimpleQueue()
        opened = [self.driver.session(database=self.database, notifications_min_severity="OFF")
                  for _ in range(self.workers)]
        for s in opened:
            sessions.put(s)
        failed = threading.Event()  # once a batch failed, no other one starts

        def task(batch: Batch) -> list[tuple[list[neo4j.Record], Any]]:
            if failed.is_set():
                return []
            session = sessions.get()
            try:
                return run(session, batch)
            except BaseException:
                failed.set()
                raise
            finally:
                sessions.put(session)

        pool = ThreadPoolExecutor(max_workers=len(opened))
        try:
            futures = []
            for batch in batches:
                if failed.is_set():
                    break
                futures.append((_size(batch), pool.submit(task, batch)))
            for size, future in futures:
                results.extend(future.result())
                done += size
                if self.progress:
                    self.progress(section, done, total)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for s in opened:
                s.close()
        return results


@dataclass
class _NodePhase:
    """What the node phase learnt, per section: every key, the places (in the file) of new or
    changed nodes, the keys of nodes this load created, the sections created whole (their
    links are in already), and the element ids of the nodes this load created, per label."""

    keys: dict[str, list[str]]
    changed: dict[str, list[int]]
    created: dict[str, set[str]]
    fresh: set[str]
    ids: dict[str, dict[str, str]]


def load(conn: Connection, ds: Dataset, name: str, *, prune: bool = False,
         batch_size: int = BATCH_SIZE, progress: Progress | None = None,
         workers: int = WORKERS) -> LoadReport:
    """Load a checked dataset under ``name``; idempotent (see module docstring)."""
    report = LoadReport(dataset=name)
    started = time.perf_counter()
    with connect(conn) as driver, translated(conn), \
            driver.session(database=conn.database,
                           notifications_min_severity="OFF") as session:  # no "unknown
        # property" warnings from the reads of an empty database
        _ensure_schema(session)
        keys = {section: row_keys(ds, section) for section in DIGESTED}
        head = session.execute_write(lambda tx: tx.run(
            "MERGE (d:Dataset {name: $dataset}) "
            "WITH d, d.complete AS complete, [p IN $digests | [d[p[0]], d[p[1]]]] AS digests "
            "SET d.version = $version, d.as_of = $as_of, d.complete = false "
            "RETURN complete, digests", dataset=name, version=ds.version, as_of=ds.as_of,
            digests=[digest_properties(s) for s in DIGESTED]
        ).single(strict=True))
        out = _Batches(driver, session, conn.database, name, batch_size, progress, workers)
        # A load that stopped half-way left the dataset incomplete: its hashes may stand for
        # links that never came, so this load trusts none and syncs every node.
        trusted = head["complete"] is not False
        stored = dict(zip(DIGESTED, head["digests"], strict=True)) if trusted else {}
        states = {section: section_state(ds, section, keys[section],
                                         *stored.get(section, (None, None)))
                  for section in DIGESTED}
        digests = {section: state.rows for section, state in states.items()}
        changed = {section: state.changed for section, state in states.items()}
        # a key that changed kind is in a changed row (a new dataset has no nodes to replace)
        if head["complete"] is not None and _replace_changed_kinds(session, name, {
                section: keys[section] if places is None else [keys[section][i] for i in places]
                for section, places in changed.items() if section in NODE_LABELS}):
            # nodes that linked to a replaced node lost links that no digest shows
            changed = dict.fromkeys(DIGESTED)
        nodes = _load_nodes(out, ds, keys, digests, report, trusted, changed)
        _load_links(out, ds, nodes, report)
        node_keys = {labels[0]: nodes.keys[section] for section, labels in NODE_LABELS.items()}
        rel_keys = _load_record_rels(out, ds, nodes, keys, digests, report, changed, prune)
        if prune:
            _prune(session, name, node_keys, rel_keys, report)
        # only the digests that differ are written (a section's are one text of 16 bytes a row)
        new_digests = {prop: value for section, state in states.items()
                       if (state.rows, state.chunks) != tuple(stored.get(section, (None, None)))
                       for prop, value in digest_values(section, state).items()}
        session.execute_write(lambda tx: tx.run(
            "MATCH (d:Dataset {name: $dataset}) "
            "SET d.complete = true, d.kinds = null, d.chunks = null, d += $digests",
            dataset=name, digests=new_digests).consume())
    report.seconds = round(time.perf_counter() - started, 3)
    return report


#: the sections whose rows the dataset node keeps digests of: every node and record
#: relationship section
DIGESTED = tuple(list(NODE_LABELS) + [rr.section for rr in RECORD_RELS])


def digest_properties(section: str) -> tuple[str, str]:
    """The dataset node's properties holding a section's row and chunk digests
    (``section_state``); absent for an empty section."""
    return f"digests_{section}", f"chunks_{section}"


def digest_values(section: str, state: Digests) -> dict[str, str | None]:
    """The dataset node's digest properties of a section and their values (None, so no
    property, for an empty section): what a load stores and the bulk export writes."""
    rows, chunks = digest_properties(section)
    return {rows: state.rows or None, chunks: state.chunks or None}


def _ensure_schema(session: neo4j.Session) -> None:
    """Create the constraints and indexes of queries/schema.cypher that the database does
    not have (by name: one query lists them, so a reload spends no statement on them), all
    in one transaction; if that fails (another load creating the same rule at the same
    moment), one statement at a time."""
    have = set(session.run("SHOW INDEXES YIELD name RETURN collect(name) AS names")
               .single(strict=True)["names"])  # a constraint's index has its name
    missing = [s for s in schema_statements() if s.split()[2] not in have]
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


def _replace_changed_kinds(session: neo4j.Session, dataset: str,
                           keys: dict[str, list[str]]) -> int:
    """Delete the nodes of this dataset whose key the file now gives to another kind (a
    company that became a department), so the new node can take the key (``keys``: per
    section, the keys that may have changed kind); nodes that linked to a deleted one lose
    their hash. One query, one transaction; returns how many nodes were deleted."""
    # Touchpoint keys have their own prefixes (``=``, ``~``): they share no key with another
    # kind, in either direction.
    searches: list[str] = []
    lists: list[list[str]] = []
    for section, labels in NODE_LABELS.items():
        others = [k for other, ks in keys.items() if other not in (section, "touchpoints")
                  for k in ks]
        if section == "touchpoints" or not others:
            continue
        searches.append(f"CALL () {{ UNWIND $keys[{len(lists)}] AS key "
                        f"MATCH (n:{labels[0]} {{dataset: $dataset, key: key}}) "
                        f"OPTIONAL MATCH (m)-[]->(n) WHERE m.dataset = $dataset "
                        f"SET m.hash = null DETACH DELETE n }} ")
        lists.append(others)
    if not lists:
        return 0
    summary = session.execute_write(lambda tx: tx.run(
        "".join(searches), dataset=dataset, keys=lists).consume())
    return summary.counters.nodes_deleted


def _stored_hashes(session: neo4j.Session, dataset: str, label: str) -> dict[str, str | None]:
    """Key -> hash of this dataset's nodes of one label, read in one query: rows whose hash
    is already stored are not sent at all (an unchanged reload writes nothing)."""
    # one record holding every pair: decoding one list is far cheaper than 100k records
    record = session.run(f"MATCH (n:{label} {{dataset: $dataset}}) "
                         f"RETURN collect([n.key, n.hash]) AS pairs", dataset=dataset).single()
    return {key: digest for key, digest in (record["pairs"] if record else [])}


#: section -> its position in the load order; a link is created with its node when every
#: section its target may be in comes earlier (so the target is in already).
_ORDER = {section: i for i, section in enumerate(NODE_LABELS)}
_SECTIONS_OF_LABEL = {label: [s for s, labels in NODE_LABELS.items() if label in labels]
                      for labels in NODE_LABELS.values() for label in labels}
#: labels whose nodes some link or record relationship points at (or starts from)
_TARGETS = ({link.target for link in LINKS} | {rr.source for rr in RECORD_RELS}
            | {t for rr in RECORD_RELS for t in rr.targets})


def _inline(link: Link) -> bool:
    return all(_ORDER[s] < _ORDER[link.section] for s in _SECTIONS_OF_LABEL[link.target])


def _known_ids(ids: dict[str, dict[str, str]], label: str) -> dict[str, str]:
    """Element ids of the nodes of ``label`` this load created (Account: companies and
    departments)."""
    if label == "Account":
        return {**ids.get("Company", {}), **ids.get("Department", {})}
    return ids.get(label, {})


def _created_whole(phase: _NodePhase, label: str) -> bool:
    """Whether this load created every node of ``label`` (every section it covers), so every
    key of it has an element id: the one rule for finding link ends by id."""
    return all(section in phase.fresh for section in _SECTIONS_OF_LABEL[label])


def _load_nodes(out: _Batches, ds: Dataset, section_keys: dict[str, list[str]],
                digests: dict[str, str], report: LoadReport, trusted: bool,
                changed: dict[str, list[int] | None]) -> _NodePhase:
    """Create the nodes of a label the dataset has none of yet (with their links to nodes
    already in); MERGE every new or changed node otherwise. Which rows changed comes from
    the section's digests (``changed``); without digests to compare with, the stored hashes
    are read (one query) and rows whose hash is already there are skipped before anything
    is sent."""
    phase = _NodePhase({}, {}, {}, set(), {})
    for section, labels in NODE_LABELS.items():
        keys = phase.keys[section] = section_keys[section]
        report.rows += len(keys)
        created = phase.created[section] = set()
        places = changed[section]
        if places is None:
            stored = _stored_hashes(out.session, out.dataset, labels[0])
            if not stored:  # the first load of these nodes: nothing to merge with
                _create_nodes(out, ds, section, digests[section], phase, report)
                continue
            rows = _node_rows(ds, section, keys, digests[section], range(len(keys)),
                              stored if trusted else None)
        else:
            rows = _node_rows(ds, section, keys, digests[section], places)
        new_or_changed: set[str] = set()
        for records, _counters in out.write(section, rows, _node_query(labels),
                                            force=not trusted):
            for r in records:
                new_or_changed.add(r["key"])
                if r["created"]:
                    created.add(r["key"])
                    report.nodes_created += 1
                else:
                    report.nodes_updated += 1
        phase.changed[section] = [row["props"]["seq"] for row in rows
                                  if row["key"] in new_or_changed]
    report.nodes_unchanged = report.rows - report.nodes_created - report.nodes_updated
    return phase


def _create_nodes(out: _Batches, ds: Dataset, section: str, digests: str,
                  phase: _NodePhase, report: LoadReport) -> None:
    """CREATE a section's nodes with their links to earlier sections, by element id where
    this load created every node the link may reach; keep the new nodes' element ids for
    later links. Each batch is built while the ones before it are being written."""
    labels = NODE_LABELS[section]
    keys = phase.keys[section]
    inline = [(f"l{i}", link, _created_whole(phase, link.target))
              for i, link in enumerate(LINKS) if link.section == section and _inline(link)]
    known = {link.target: _known_ids(phase.ids, link.target) for _, link, by_id in inline
             if by_id}
    size = out.batch_size

    records = getattr(ds, section)

    def batches() -> Iterator[dict[str, Any]]:
        for start in range(0, len(keys), size):
            columns = _node_columns(ds, section, keys, digests, start, start + size)
            for column, link, _ in inline:
                targets = [link_targets(record, link) for record in records[start:start + size]]
                ids = known.get(link.target)
                columns[column] = (targets if ids is None
                                   else [[ids[t] for t in row] for row in targets])
            yield columns

    ids = any(label in _TARGETS for label in labels)
    results = out.send(section, len(keys), batches(), _create_query(section, inline, ids))
    new = phase.ids.setdefault(labels[0], {})
    for n, (records, counters) in enumerate(results):
        report.relationships_created += counters.relationships_created
        if ids and records:
            batch_keys = keys[n * size:(n + 1) * size]
            new.update((batch_keys[i], element_id) for i, element_id in records[0]["ids"])
    report.nodes_created += len(keys)
    phase.changed[section] = list(range(len(keys)))
    phase.created[section].update(keys)
    phase.fresh.add(section)


def _load_links(out: _Batches, ds: Dataset, nodes: _NodePhase, report: LoadReport) -> None:
    """The links of new or changed nodes: created for new nodes (unless they came with the
    node), synced for changed ones."""
    for link in LINKS:
        source = NODE_LABELS[link.section][0]
        if link.section in nodes.fresh and _inline(link):
            continue
        todo = nodes.changed[link.section]
        if not todo:
            continue
        new = nodes.created[link.section]
        link_rows = _link_rows(ds, link, nodes.keys[link.section], todo)
        fresh = [r for r in link_rows if r["src"] in new and r["targets"]]
        others = [r for r in link_rows if r["src"] not in new]
        label = f"{link.section} {link.rtype}"
        results = []
        if fresh:
            by_id = (source in nodes.ids and _created_whole(nodes, source)
                     and _created_whole(nodes, link.target))
            if by_id:
                sources, targets = nodes.ids[source], _known_ids(nodes.ids, link.target)
                fresh = [{"src": sources[r["src"]], "targets": [targets[t] for t in r["targets"]]}
                         for r in fresh]
            results += out.write(label, fresh, _link_create_query(link, source, by_id))
        if others:
            results += out.write(label, others, _link_sync_query(link, source))
        for _records, counters in results:
            report.relationships_created += counters.relationships_created
            report.relationships_removed += counters.relationships_deleted


Kept = dict[str, dict[str, list[str]]]  # source key -> target key -> relationship keys


def _load_record_rels(out: _Batches, ds: Dataset, nodes: _NodePhase,
                      section_keys: dict[str, list[str]], digests: dict[str, str],
                      report: LoadReport, changed: dict[str, list[int] | None],
                      prune: bool) -> dict[str, Kept]:
    """MERGE the records that are relationships: those whose row digest changed, or (with
    no digests to compare with) those whose stored hash differs, read in one query; CREATE
    them when the dataset has none of a type yet. Returns, per type, the (source, target,
    key) triples the file has, nested (for prune)."""
    keys: dict[str, Kept] = {}
    for rr in RECORD_RELS:
        kept: Kept = {}
        keys[rr.rtype] = kept
        records = getattr(ds, rr.section)
        rel_keys = section_keys[rr.section]
        report.rows += len(records)
        if prune:
            for record, key in zip(records, rel_keys, strict=True):
                src, dst = getattr(record, rr.source_field), getattr(record, rr.target_field)
                kept.setdefault(src, {}).setdefault(dst, []).append(key)
        places = changed[rr.section]
        if places == []:  # every row as the last complete load left it
            continue
        stored: dict[tuple[str, str, str], str] = {}
        if places is None:
            found = out.session.run(
                f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->(b) "
                f"RETURN collect([a.key, b.key, r.key, r.hash]) AS rels",
                dataset=out.dataset).single()
            stored = {(a, b, k): h for a, b, k, h in (found["rels"] if found else [])}
        create = places is None and not stored
        for target, all_rows in _record_rel_rows(ds, rr, rel_keys, digests[rr.section],
                                                 places).items():
            rows = [r for r in all_rows
                    if stored.get((r["src"], r["dst"], r["key"])) != r["hash"]]
            by_id = (create and _created_whole(nodes, rr.source)
                     and _created_whole(nodes, target))
            if by_id:
                sources, targets = (_known_ids(nodes.ids, rr.source),
                                    _known_ids(nodes.ids, target))
                rows = [{**r, "src": sources[r["src"]], "dst": targets[r["dst"]]} for r in rows]
            query = _record_rel_query(rr, target, create=create, by_id=by_id)
            for _records, counters in out.write(rr.section, rows, query):
                report.relationships_created += counters.relationships_created
    return keys


def _prune(session: neo4j.Session, name: str, keys: dict[str, list[str]],
           rel_keys: dict[str, Kept], report: LoadReport) -> None:
    """Delete this dataset's nodes and record relationships the load did not have. Nodes:
    ``IN $list`` (Cypher builds a hash set, so this is linear); relationships: looked up by
    source, then target, in a nested map, so no two different triples can compare equal."""
    for rr in RECORD_RELS:
        summary = session.run(
            f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->(b) "
            f"WHERE NOT r.key IN coalesce($kept[a.key][b.key], []) DELETE r",
            dataset=name, kept=rel_keys[rr.rtype]).consume()
        report.relationships_pruned += summary.counters.relationships_deleted
    for labels in NODE_LABELS.values():
        summary = session.run(
            f"MATCH (n:{labels[0]} {{dataset: $dataset}}) WHERE NOT n.key IN $keys "
            f"DETACH DELETE n", dataset=name, keys=keys[labels[0]]).consume()
        report.nodes_pruned += summary.counters.nodes_deleted
        report.relationships_pruned += summary.counters.relationships_deleted


def dataset_name_for(path: str) -> str:
    """Default dataset name of a file: its name without suffix (``book.yaml`` -> ``book``)."""
    return Path(path).stem or "default"
