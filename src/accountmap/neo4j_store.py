"""Neo4j as accountmap's shared database: connect, load a dataset idempotently, read it back.

The only module that imports ``neo4j``.

Shape in Neo4j (every node has ``dataset`` and ``key``, unique together per label; ``id`` is
the record's id; ``seq`` keeps file order so a read gives back the same dataset):

- nodes ``:Group :Company:Account :Department:Account :Stakeholder :Owner :Product
  :Opportunity :Touchpoint`` and one ``:Dataset {name, version, as_of}`` per loaded dataset;
- structure ``IN_GROUP SUBSIDIARY_OF PART_OF WORKS_AT WORKS_IN REPORTS_TO KNOWS`` (as in the
  NetworkX graph), ``FOR_ACCOUNT FOR_PRODUCT OWNED_BY`` from opportunities and
  ``ATTENDED_BY`` from touchpoints to their owners and stakeholders;
- record relationships ``RELATES_TO`` (owner -> stakeholder), ``ASSIGNED_TO`` (owner ->
  account) and ``SUBSCRIBES`` (account -> product).

Loading is ``UNWIND $rows ... MERGE`` in batches, parameters only; a node whose content hash
is unchanged is not written again. Labels and relationship
types come from the fixed tables below, never from data. Loading the same file twice changes
nothing; a changed file updates properties and the links each node defines (a new parent
replaces the old one). ``prune`` deletes what an earlier load of the same dataset created and
this one did not, and never touches other datasets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from .errors import (
    NotFoundError,
    QueryError,
    StoreAuthError,
    StoreError,
    StoreUnavailableError,
    UsageError,
)
from .io import Document, Locator
from .model import Dataset

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 5000
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Connection:
    """Where the database is. The password is never part of ``repr`` or any message."""

    uri: str
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"

    def safe_uri(self) -> str:
        """The URI without any user:password@ part, for messages."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"


@contextmanager
def connect(conn: Connection) -> Iterator[neo4j.Driver]:
    """A driver that has proven it can reach the server; translates driver errors."""
    scheme = conn.uri.split("://", 1)[0] if "://" in conn.uri else ""
    if scheme not in SCHEMES:
        raise UsageError(f"not a Neo4j URI: {conn.safe_uri() if scheme else conn.uri!r} "
                         f"(use one of {', '.join(s + '://' for s in SCHEMES)})")
    auth = (conn.user, conn.password) if conn.password is not None else None
    try:
        driver = GraphDatabase.driver(conn.uri, auth=auth, connection_timeout=10,
                                      max_transaction_retry_time=15)
    except (neo4j_errors.ConfigurationError, ValueError) as exc:
        raise UsageError(f"bad Neo4j URI {conn.safe_uri()}: {exc}") from None
    try:
        with _translated(conn):
            driver.verify_connectivity()
        yield driver
    finally:
        driver.close()


@contextmanager
def _translated(conn: Connection) -> Iterator[None]:
    try:
        yield
    except neo4j_errors.AuthError:
        raise StoreAuthError(f"Neo4j at {conn.safe_uri()} refused the credentials of user "
                             f"'{conn.user}' (check NEO4J_USERNAME / NEO4J_PASSWORD)") from None
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        raise StoreUnavailableError(f"cannot reach Neo4j at {conn.safe_uri()}: "
                                    f"{_first_line(exc)}") from None
    except neo4j_errors.ClientError as exc:
        raise QueryError(f"Neo4j rejected a query: {exc.message or exc.code}") from None
    except neo4j_errors.Neo4jError as exc:
        raise StoreError(f"Neo4j error: {exc.message or exc.code}") from None
    except neo4j_errors.DriverError as exc:
        raise StoreError(f"Neo4j driver error: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# -- the fixed shape ------------------------------------------------------------------------

#: section -> labels of its nodes (first is the main label), in load order.
NODE_LABELS: dict[str, tuple[str, ...]] = {
    "groups": ("Group",), "companies": ("Company", "Account"),
    "departments": ("Department", "Account"), "stakeholders": ("Stakeholder",),
    "owners": ("Owner",), "products": ("Product",), "opportunities": ("Opportunity",),
    "touchpoints": ("Touchpoint",),
}

#: fields kept in relationships rather than node properties, per section.
_LINK_FIELDS = {"companies": {"group", "parent"}, "departments": {"company", "parent"},
                "stakeholders": {"company", "department", "reports_to", "knows"},
                "opportunities": {"account", "product", "owner"},
                "touchpoints": {"owners", "stakeholders"}}


@dataclass(frozen=True)
class Link:
    """Relationships a node defines itself (single-valued or a list): a reload replaces them."""

    section: str
    rtype: str
    target: str  # label of the target node
    field: str
    many: bool = False


LINKS: tuple[Link, ...] = (
    Link("companies", "IN_GROUP", "Group", "group"),
    Link("companies", "SUBSIDIARY_OF", "Company", "parent"),
    Link("departments", "PART_OF", "Account", "parent"),  # parent department, else company
    Link("stakeholders", "WORKS_AT", "Company", "company"),
    Link("stakeholders", "WORKS_IN", "Department", "department"),
    Link("stakeholders", "REPORTS_TO", "Stakeholder", "reports_to"),
    Link("stakeholders", "KNOWS", "Stakeholder", "knows", many=True),
    Link("opportunities", "FOR_ACCOUNT", "Account", "account"),
    Link("opportunities", "FOR_PRODUCT", "Product", "product"),
    Link("opportunities", "OWNED_BY", "Owner", "owner"),
    Link("touchpoints", "ATTENDED_BY", "Owner", "owners", many=True),
    Link("touchpoints", "ATTENDED_BY", "Stakeholder", "stakeholders", many=True),
)


@dataclass(frozen=True)
class RecordRel:
    """A section whose records are relationships between two existing nodes."""

    section: str
    rtype: str
    source: str
    source_field: str
    target: str
    target_field: str


RECORD_RELS: tuple[RecordRel, ...] = (
    RecordRel("relationships", "RELATES_TO", "Owner", "owner", "Stakeholder", "stakeholder"),
    RecordRel("assignments", "ASSIGNED_TO", "Owner", "owner", "Account", "account"),
    RecordRel("subscriptions", "SUBSCRIBES", "Account", "account", "Product", "product"),
)

_INTERNAL = {"dataset", "key", "hash", "seq", "pos", "created"}


# -- loading --------------------------------------------------------------------------------

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


def _plain(value: Any) -> Any:
    if hasattr(value, "value") and not isinstance(value, dt.date):  # enums
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _digest(props: dict[str, Any]) -> str:
    text = json.dumps(props, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _touchpoint_keys(ds: Dataset) -> list[str]:
    """Merge keys of touchpoints: their id, or (date, owners, stakeholders, occurrence)."""
    seen: Counter[str] = Counter()
    keys = []
    for t in ds.touchpoints:
        if t.id is not None:
            keys.append(t.id)
            continue
        base = f"~{t.date.isoformat()}|{','.join(t.owners)}|{','.join(t.stakeholders)}"
        seen[base] += 1
        keys.append(f"{base}|{seen[base]}")
    return keys


def _record_keys(records: Sequence[Any], fields: tuple[str, ...]) -> list[str]:
    """Keys of records without ids: the identifying fields plus the occurrence among equals."""
    seen: Counter[tuple[str, ...]] = Counter()
    keys = []
    for r in records:
        ident = tuple(str(getattr(r, f)) for f in fields)
        seen[ident] += 1
        keys.append(f"{seen[ident]}")
    return keys


_RECORD_KEY_FIELDS = {"relationships": ("owner", "stakeholder"),
                      "assignments": ("owner", "account"),
                      "subscriptions": ("account", "product")}


def _node_rows(ds: Dataset, section: str) -> list[dict[str, Any]]:
    """One row per node: its key, properties, and a hash of the properties *and* of the links
    the node defines, so an unchanged node needs neither a property write nor a link sync."""
    records = getattr(ds, section)
    keys = _touchpoint_keys(ds) if section == "touchpoints" else [r.id for r in records]
    skip = _LINK_FIELDS.get(section, set())
    rows = []
    for seq, (record, key) in enumerate(zip(records, keys, strict=True)):
        props = {k: _plain(v) for k, v in record if k not in skip and v is not None
                 and v != []}
        props["seq"] = seq
        links = {k: getattr(record, k) for k in sorted(skip)}
        rows.append({"key": key, "props": props, "hash": _digest({"p": props, "l": links})})
    return rows


def _link_rows(ds: Dataset, link: Link) -> list[dict[str, Any]]:
    records = getattr(ds, link.section)
    keys = _touchpoint_keys(ds) if link.section == "touchpoints" else [r.id for r in records]
    rows = []
    for record, key in zip(records, keys, strict=True):
        value = getattr(record, link.field)
        if link.section == "departments" and link.field == "parent":
            value = record.parent or record.company
        targets = list(value) if link.many else ([value] if value is not None else [])
        rows.append({"src": key, "targets": targets})
    return rows


def _record_rel_rows(ds: Dataset, rr: RecordRel) -> list[dict[str, Any]]:
    records = getattr(ds, rr.section)
    keys = _record_keys(records, _RECORD_KEY_FIELDS[rr.section])
    rows = []
    for seq, (record, key) in enumerate(zip(records, keys, strict=True)):
        props = {k: _plain(v) for k, v in record
                 if k not in (rr.source_field, rr.target_field) and v is not None}
        props["seq"] = seq
        rows.append({"src": getattr(record, rr.source_field),
                     "dst": getattr(record, rr.target_field), "key": key, "props": props,
                     "hash": _digest(props)})
    return rows


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _node_query(labels: tuple[str, ...]) -> str:
    main = labels[0]
    extra = "".join(f":{label}" for label in labels[1:])
    set_extra = f"SET n{extra} " if extra else ""
    # The hash is not written here but after the node's links (``_hash_query``): a load that
    # stops half-way leaves the old hash, so the next load redoes the node and its links.
    return (
        f"UNWIND $rows AS row "
        f"MERGE (n:{main} {{dataset: $dataset, key: row.key}}) "
        f"ON CREATE SET n.created = true "
        f"WITH n, row, n.hash AS old, n.created AS created "
        f"FOREACH (_ IN CASE WHEN old IS NULL OR old <> row.hash THEN [1] ELSE [] END | "
        f"  SET n = row.props, n.dataset = $dataset, n.key = row.key) "
        f"{set_extra}"
        f"WITH row, old, created WHERE old IS NULL OR old <> row.hash "
        f"RETURN row.key AS key, created IS NOT NULL AS created"
    )


def _hash_query(label: str) -> str:
    return (f"UNWIND $rows AS row MATCH (n:{label} {{dataset: $dataset, key: row.key}}) "
            f"SET n.hash = row.hash")


def _link_create_query(link: Link, source: str) -> str:
    """Links of nodes created by this load: nothing to remove or match, so CREATE them."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{source} {{dataset: $dataset, key: row.src}}) "
        f"UNWIND range(0, size(row.targets) - 1) AS pos "
        f"MATCH (b:{link.target} {{dataset: $dataset, key: row.targets[pos]}}) "
        f"CREATE (a)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b)"
    )


def _link_queries(link: Link, source: str) -> tuple[str, str]:
    """(remove links no longer in the record, merge the record's links with their position)."""
    remove = (
        f"UNWIND $rows AS row "
        f"MATCH (a:{source} {{dataset: $dataset, key: row.src}})"
        f"-[r:{link.rtype}]->(b:{link.target}) WHERE NOT b.key IN row.targets DELETE r"
    )
    merge = (
        f"UNWIND $rows AS row "
        f"MATCH (a:{source} {{dataset: $dataset, key: row.src}}) "
        f"UNWIND range(0, size(row.targets) - 1) AS pos "
        f"MATCH (b:{link.target} {{dataset: $dataset, key: row.targets[pos]}}) "
        f"MERGE (a)-[r:{link.rtype}]->(b) "
        f"FOREACH (_ IN CASE WHEN r.pos IS NULL OR r.pos <> pos THEN [1] ELSE [] END | "
        f"  SET r.pos = pos, r.dataset = $dataset)"
    )
    return remove, merge


def _record_rel_query(rr: RecordRel) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{rr.source} {{dataset: $dataset, key: row.src}}) "
        f"MATCH (b:{rr.target} {{dataset: $dataset, key: row.dst}}) "
        f"MERGE (a)-[r:{rr.rtype} {{key: row.key}}]->(b) "
        f"WITH r, row WHERE r.hash IS NULL OR r.hash <> row.hash "
        f"SET r = row.props, r.key = row.key, r.dataset = $dataset, r.hash = row.hash"
    )


def schema_statements() -> list[str]:
    """The statements of queries/schema.cypher, in order."""
    from .queries import query_text

    text = "\n".join(line for line in query_text("schema").splitlines()
                     if not line.lstrip().startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


def load(conn: Connection, ds: Dataset, name: str, *, prune: bool = False,
         batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> LoadReport:
    """Load a checked dataset under ``name``; idempotent (see module docstring)."""
    report = LoadReport(dataset=name)
    started = time.perf_counter()
    with connect(conn) as driver, _translated(conn), \
            driver.session(database=conn.database) as session:
        for statement in schema_statements():
            session.run(statement).consume()
        session.execute_write(lambda tx: tx.run(
            "MERGE (d:Dataset {name: $dataset}) SET d.version = $version, d.as_of = $as_of",
            dataset=name, version=ds.version, as_of=ds.as_of).consume())

        def write(section: str, rows: list[dict[str, Any]], *queries: str) -> list[Any]:
            results = []
            done = 0
            for batch in _batches(rows, batch_size):
                def work(tx: neo4j.ManagedTransaction, batch: list[dict[str, Any]] = batch) \
                        -> list[Any]:
                    out = []
                    for query in queries:
                        result = tx.run(query, rows=batch, dataset=name)
                        records = list(result)
                        out.append((records, result.consume().counters))
                    return out

                results.extend(session.execute_write(work))
                done += len(batch)
                if progress:
                    progress(section, done, len(rows))
            return results

        keys: dict[str, list[str]] = {}
        changed: dict[str, list[dict[str, Any]]] = {}
        created: dict[str, set[str]] = {}
        for section, labels in NODE_LABELS.items():
            rows = _node_rows(ds, section)
            keys[labels[0]] = [row["key"] for row in rows]
            report.rows += len(rows)
            new_or_changed: set[str] = set()
            created[section] = set()
            for records, _counters in write(section, rows, _node_query(labels)):
                for r in records:
                    new_or_changed.add(r["key"])
                    if r["created"]:
                        created[section].add(r["key"])
                        report.nodes_created += 1
                    else:
                        report.nodes_updated += 1
            changed[section] = [row for row in rows if row["key"] in new_or_changed]
        report.nodes_unchanged = report.rows - report.nodes_created - report.nodes_updated
        for link in LINKS:
            source = NODE_LABELS[link.section][0]
            todo = {row["key"] for row in changed[link.section]}
            if not todo:
                continue
            new = created[link.section]
            link_rows = [r for r in _link_rows(ds, link) if r["src"] in todo]
            fresh = [r for r in link_rows if r["src"] in new]
            others = [r for r in link_rows if r["src"] not in new]
            label = f"{link.section} {link.rtype}"
            results = write(label, fresh, _link_create_query(link, source)) if fresh else []
            if others:
                results += write(label, others, *_link_queries(link, source))
            for _records, counters in results:
                report.relationships_created += counters.relationships_created
                report.relationships_removed += counters.relationships_deleted
        for section, labels in NODE_LABELS.items():
            if changed[section]:
                write(f"{section} (commit)", changed[section], _hash_query(labels[0]))
        for rr in RECORD_RELS:
            rows = _record_rel_rows(ds, rr)
            keys[rr.rtype] = [f"{r['src']}|{r['dst']}|{r['key']}" for r in rows]
            report.rows += len(rows)
            for _records, counters in write(rr.section, rows, _record_rel_query(rr)):
                report.relationships_created += counters.relationships_created
        if prune:
            _prune(session, name, keys, report)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _prune(session: neo4j.Session, name: str, keys: dict[str, list[str]],
           report: LoadReport) -> None:
    """Delete this dataset's nodes and record relationships whose keys the load did not have
    (Cypher builds a hash set for ``IN $list``, so this is linear)."""
    for rr in RECORD_RELS:
        summary = session.run(
            f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->(b) "
            f"WHERE NOT a.key + '|' + b.key + '|' + r.key IN $keys DELETE r",
            dataset=name, keys=keys[rr.rtype]).consume()
        report.relationships_pruned += summary.counters.relationships_deleted
    for labels in NODE_LABELS.values():
        summary = session.run(
            f"MATCH (n:{labels[0]} {{dataset: $dataset}}) WHERE NOT n.key IN $keys "
            f"DETACH DELETE n", dataset=name, keys=keys[labels[0]]).consume()
        report.nodes_pruned += summary.counters.nodes_deleted
        report.relationships_pruned += summary.counters.relationships_deleted


# -- reading back ---------------------------------------------------------------------------

def _value(value: Any) -> Any:
    if isinstance(value, neo4j.time.Date):
        return value.iso_format()
    if isinstance(value, neo4j.time.DateTime):
        return value.iso_format()
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def choose_dataset(conn: Connection, dataset: str | None = None) -> tuple[str, dt.date | None]:
    """(name, as_of) of the named dataset, or of the only one when no name is given."""
    with connect(conn) as driver, _translated(conn):
        records, _, _ = driver.execute_query("MATCH (d:Dataset) RETURN d.name AS name, "
                                             "d.as_of AS as_of ORDER BY name",
                                             database_=conn.database)
    return _choose({r["name"]: r["as_of"] for r in records}, dataset, conn)


def _choose(found: dict[str, Any], dataset: str | None,
            conn: Connection) -> tuple[str, dt.date | None]:
    names = list(found)
    if dataset is None:
        if not names:
            raise NotFoundError(f"no accountmap dataset in Neo4j at {conn.safe_uri()} "
                                "(load one with `accountmap load FILE --neo4j URI`)")
        if len(names) > 1:
            raise UsageError(f"Neo4j holds several datasets ({', '.join(names)}): "
                             "choose one with --dataset NAME")
        dataset = names[0]
    elif dataset not in found:
        raise NotFoundError(f"no dataset '{dataset}' in Neo4j (datasets: "
                            f"{', '.join(names) or 'none'})")
    as_of = found[dataset]
    return dataset, as_of.to_native() if as_of is not None else None


def read_dataset(conn: Connection, dataset: str | None = None) -> Dataset:
    """Rebuild a Dataset from the database; it passes the same validation as a file."""
    with connect(conn) as driver, _translated(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS) \
            as session:
        found = {r["name"]: r["as_of"] for r in session.run(
            "MATCH (d:Dataset) RETURN d.name AS name, d.as_of AS as_of ORDER BY name")}
        dataset, _ = _choose(found, dataset, conn)
        data = _read(session, dataset)
    source = f"{conn.safe_uri()}#{dataset}"
    from .validate import check_document

    return check_document(Document(source, data, Locator(source)))


def _read(session: neo4j.Session, name: str) -> dict[str, Any]:
    head = session.run("MATCH (d:Dataset {name: $dataset}) RETURN d.version AS version, "
                       "d.as_of AS as_of", dataset=name).single()
    data: dict[str, Any] = {"version": head["version"]}
    if head["as_of"] is not None:
        data["as_of"] = _value(head["as_of"])
    by_key: dict[str, dict[str, dict[str, Any]]] = {}
    for section, labels in NODE_LABELS.items():
        records = []
        index: dict[str, dict[str, Any]] = {}
        for r in session.run(f"MATCH (n:{labels[0]} {{dataset: $dataset}}) "
                             f"RETURN n AS n ORDER BY n.seq", dataset=name):
            node = r["n"]
            rec = {k: _value(v) for k, v in node.items() if k not in _INTERNAL}
            records.append(rec)
            index[node["key"]] = rec
        data[section] = records
        by_key[section] = index
    for link in LINKS:
        source = NODE_LABELS[link.section][0]
        lists: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for r in session.run(f"MATCH (a:{source} {{dataset: $dataset}})-[r:{link.rtype}]->"
                             f"(b:{link.target}) RETURN a.key AS src, b.key AS dst, "
                             f"r.pos AS pos", dataset=name):
            lists[r["src"]].append((r["pos"] or 0, r["dst"]))
        for src, targets in lists.items():
            rec = by_key[link.section][src]
            values = [dst for _, dst in sorted(targets)]
            if link.many:
                rec[link.field] = values
            else:
                rec[link.field] = values[0]
    for rec in data["departments"]:  # PART_OF points at the parent department, else company
        parent = rec.pop("parent")
        if parent in by_key["companies"]:
            rec["company"] = parent
        else:
            rec["parent"] = parent
    dept_company = {}
    pending = list(data["departments"])
    while pending:  # a nested department's company is its top-level ancestor's company
        rest = []
        for rec in pending:
            if "company" in rec:
                dept_company[rec["id"]] = rec["company"]
            elif rec["parent"] in dept_company:
                rec["company"] = dept_company[rec["id"]] = dept_company[rec["parent"]]
            else:
                rest.append(rec)
        if len(rest) == len(pending):
            break
        pending = rest
    for rr in RECORD_RELS:
        rows = []
        for r in session.run(f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->"
                             f"(b:{rr.target}) RETURN a.key AS src, b.key AS dst, r AS r "
                             f"ORDER BY r.seq", dataset=name):
            rec = {rr.source_field: r["src"], rr.target_field: r["dst"]}
            rec.update({k: _value(v) for k, v in r["r"].items() if k not in _INTERNAL})
            rows.append(rec)
        data[rr.section] = rows
    # Put the department's fields back in format order (company before parent) for tidiness.
    data["departments"] = [_ordered(rec, ("id", "name", "company", "parent"))
                           for rec in data["departments"]]
    return data


def _ordered(rec: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    out = {k: rec[k] for k in first if k in rec}
    out.update({k: v for k, v in rec.items() if k not in out})
    return out


# -- named queries --------------------------------------------------------------------------

def run_query(conn: Connection, cypher: str, params: dict[str, Any]) -> tuple[list[str],
                                                                             list[dict[str, Any]]]:
    """Run one read query with parameters; returns (columns, rows as plain dicts)."""
    with connect(conn) as driver, _translated(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS) \
            as session:
        result = session.run(cypher, params)
        columns = list(result.keys())
        rows = [{k: _value(v) for k, v in record.items()} for record in result]
    return columns, rows


def dataset_name_for(path: str) -> str:
    """Default dataset name of a file: its name without suffix (``book.yaml`` -> ``book``)."""
    return Path(path).stem or "default"
