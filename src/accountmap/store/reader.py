"""Reading a dataset back from Neo4j: the same Dataset the file gave, checked by the same
validation as a file."""

from __future__ import annotations

import datetime as dt
import gc
import queue
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, get_args

import neo4j

from ..errors import NotFoundError, StoreError, UsageError
from ..io import Document, Locator
from ..model import SECTIONS, Dataset
from .connection import Connection, connect, from_neo4j, translated
from .digests import CHUNK, DIGEST, digest_properties
from .shape import (
    INTERNAL,
    LINK_FIELDS,
    LINKS,
    NODE_LABELS,
    RECORD_RELS,
    SETTINGS,
    settings_from,
)


def choose_dataset(conn: Connection, dataset: str | None = None) -> tuple[str, dt.date | None]:
    """(name, as_of) of the named dataset, or of the only one when no name is given."""
    with connect(conn) as driver, translated(conn):
        records, _, _ = driver.execute_query("MATCH (d:Dataset) RETURN d.name AS name, "
                                             "d.as_of AS as_of, d.complete AS complete "
                                             "ORDER BY name", database_=conn.database)
    return _choose({r["name"]: (r["as_of"], r["complete"]) for r in records}, dataset, conn)


def pick_dataset(names: list[str], dataset: str | None, conn: Connection) -> str:
    """The dataset to read: the one named (which must exist), else the only one."""
    if dataset is None:
        if not names:
            raise NotFoundError(f"no accountmap dataset in Neo4j at {conn.safe_uri()} "
                                "(load a data file into it first)")
        if len(names) > 1:
            raise UsageError(f"Neo4j holds several datasets ({', '.join(names)}): "
                             "name the one to read")
        return names[0]
    if dataset not in names:
        raise NotFoundError(f"no dataset '{dataset}' in Neo4j (datasets: "
                            f"{', '.join(names) or 'none'})")
    return dataset


def _choose(found: dict[str, Any], dataset: str | None,
            conn: Connection) -> tuple[str, dt.date | None]:
    dataset = pick_dataset(list(found), dataset, conn)
    as_of, complete = found[dataset]
    if complete is not True:
        raise StoreError(f"dataset '{dataset}' is not completely loaded (a load is running, or "
                         "stopped half-way): run `accountmap load` with its file again")
    return dataset, as_of.to_native() if as_of is not None else None


def read_dataset(conn: Connection, dataset: str | None = None,
                 groups: Collection[str] = ()) -> Dataset:
    """Rebuild a Dataset from the database; it passes the same validation as a file. With
    ``groups``, their part of it (``cut.group_part``), reading only their subgraph when the
    part is closed (``group_reader``), else cut from the whole dataset."""
    if groups:
        from ..cut import group_part
        from .group_reader import read_groups

        part = read_groups(conn, dataset, groups)
        if part is not None:
            return part
        whole = read_dataset(conn, dataset)
        return group_part(whole, groups) or whole
    with connect(conn) as driver, translated(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS,
                           notifications_min_severity="OFF") as session:  # a type a book
        # does not use (no MOVED_TO yet) is not worth a warning
        found = {r["name"]: (r["as_of"], r["complete"]) for r in session.run(
            "MATCH (d:Dataset) RETURN d.name AS name, d.as_of AS as_of, "
            "d.complete AS complete ORDER BY name")}
        dataset, _ = _choose(found, dataset, conn)
        with _gc_paused():
            data = _read(driver, conn.database, session, dataset)
    source = f"{conn.safe_uri()}#{dataset}"
    from ..validate import check_document

    return check_document(Document(source, data, Locator(source)))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a book's records are built: the collector would
    otherwise walk every object built so far again and again (half the time of turning the
    lists read into records); plain data has no cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_date(annotation: Any) -> bool:
    """Whether a model field holds a date (``Day | None`` included)."""
    return annotation is dt.date or any(_is_date(a) for a in get_args(annotation))


def _columns(section: str, skip: frozenset[str], var: str) -> list[tuple[str, str]]:
    """(field, Cypher expression) of a section's stored fields; dates come back as ISO text
    (what a file holds), since the driver's date objects cost more to decode than the rest
    of a record."""
    return [(name, f"toString({var}.{name})" if _is_date(field.annotation) else f"{var}.{name}")
            for name, field in SECTIONS[section].model_fields.items() if name not in skip]


def _node_columns(section: str) -> list[tuple[str, str]]:
    """The columns of a section's nodes: stored fields, then one per relationship type the
    node starts: the keys of its targets in their order. (One type may serve two fields:
    a touchpoint's ATTENDED_BY reaches its owners and its stakeholders, told apart by the
    kind of the key, each in its own order; one expansion of all is cheaper than two
    filtered by label.)"""
    columns = _columns(section, LINK_FIELDS[section], "n")
    for rtype in dict.fromkeys(link.rtype for link in LINKS if link.section == section):
        columns.append((rtype, f"COLLECT {{ MATCH (n)-[r:{rtype}]->(b) "
                               f"RETURN b.key ORDER BY r.pos }}"))
    return columns


def _link_fields(section: str, records: list[dict[str, Any]], kinds: dict[str, str]) -> None:
    """Turn the records' per-type target lists (from ``_node_columns``) into their link
    fields."""
    for rtype in dict.fromkeys(link.rtype for link in LINKS if link.section == section):
        links = [link for link in LINKS if link.section == section and link.rtype == rtype]
        for rec in records:
            targets = rec.pop(rtype)
            for link in links:
                values = (targets if len(links) == 1 else
                          [t for t in targets if kinds.get(t) == link.target])
                if link.many:
                    rec[link.field] = values
                elif values:
                    rec[link.field] = values[0]


#: a label with more nodes than this is read in parts (by ``seq`` range), one per session,
#: so the server builds them on all its cores (87k touchpoints: 1.0-1.3 s -> 0.9 s)
PART = 30_000


def _parts(size: int) -> list[tuple[int | None, int | None]]:
    """The ``seq`` ranges (from, to; None: open) that read about ``size`` nodes in parts."""
    if size <= PART:
        return [(None, None)]
    step = -(-size // 3)
    return [(None, step), (step, 2 * step), (2 * step, None)]


def _fetch(driver: neo4j.Driver, database: str | None, name: str,
           queries: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, list[Any]]:
    """Run the queries (each returning one list, ``rows``), three at a time, each in its own
    read session; the lists by query name."""
    sessions: queue.SimpleQueue[neo4j.Session] = queue.SimpleQueue()
    opened = [driver.session(database=database, default_access_mode=neo4j.READ_ACCESS,
                             notifications_min_severity="OFF") for _ in range(3)]
    for s in opened:
        sessions.put(s)

    def run(item: tuple[str, dict[str, Any]]) -> list[Any]:
        query, params = item
        session = sessions.get()
        try:
            record = session.run(query, params, dataset=name).single()
            return list(record["rows"]) if record else []
        finally:
            sessions.put(session)

    try:
        with ThreadPoolExecutor(max_workers=len(opened)) as pool:
            # the biggest first, so the small ones fill the gaps
            order = sorted(queries, key=lambda q: not q.startswith("touchpoints "))
            futures = {q: pool.submit(run, queries[q]) for q in order}
            return {q: futures[q].result() for q in queries}
    finally:
        for s in opened:
            s.close()


Queries = dict[str, tuple[str, dict[str, Any]]]


def _read(driver: neo4j.Driver, database: str | None, session: neo4j.Session,
          name: str) -> dict[str, Any]:
    """The book as plain data, read in one query per node label (links included, as the
    lists of their targets' keys) and one per record relationship type, each returning one
    list of value lists: the driver decodes lists far faster than a map or a record a node.
    The queries run three at a time (the server works on the next while this process turns
    the last into records)."""
    # about how many nodes each section has (to CHUNK), told by the length of its chunk
    # digests, 1/64 of its row digests (none: one part)
    head = session.run("MATCH (d:Dataset {name: $dataset}) RETURN d.version AS version, "
                       "d.as_of AS as_of, [p IN $digests | coalesce(size(d[p]), 0)] AS sizes, "
                       "[p IN $settings | d[p]] AS settings",
                       dataset=name, digests=[digest_properties(s)[1] for s in NODE_LABELS],
                       settings=list(SETTINGS)).single(strict=True)
    sizes = {section: size // DIGEST * CHUNK
             for section, size in zip(NODE_LABELS, head["sizes"], strict=True)}
    queries, fields, parts = _read_queries(sizes)
    return book_data(head, _fetch(driver, database, name, queries), fields, parts)


def book_data(head: Any, found: dict[str, list[Any]], fields: dict[str, list[str]],
              parts: dict[str, list[str]]) -> dict[str, Any]:
    """The book as plain data from the dataset node's ``head`` (version, as_of, settings)
    and the rows the read queries ``found`` (see ``_read_queries``)."""
    data: dict[str, Any] = {"version": head["version"]}
    if head["as_of"] is not None:
        data["as_of"] = from_neo4j(head["as_of"])
    data.update(settings_from(dict(zip(SETTINGS, head["settings"], strict=True))))
    _node_sections(data, found, fields, parts)
    _department_companies(data["departments"])
    for rr in RECORD_RELS:
        data[rr.section] = [{f: v for f, v in zip(fields[rr.section], row, strict=True)
                             if v is not None} for row in found[rr.section]]
    # Put the department's fields back in format order (company before parent) for tidiness.
    data["departments"] = [_ordered(rec, ("id", "name", "company", "parent"))
                           for rec in data["departments"]]
    return data


def _read_queries(sizes: dict[str, int]
                  ) -> tuple[Queries, dict[str, list[str]], dict[str, list[str]]]:
    """The read queries by name; the columns of each section's rows; the queries of each
    section's nodes, in seq order (a large label is read in parts)."""
    queries: Queries = {}
    fields: dict[str, list[str]] = {}
    parts: dict[str, list[str]] = {}
    for section, labels in NODE_LABELS.items():
        columns = _node_columns(section)
        fields[section] = [field for field, _ in columns]
        parts[section] = []
        for part, (lo, hi) in enumerate(_parts(sizes[section])):
            parts[section].append(f"{section} {part}")
            queries[f"{section} {part}"] = (
                f"MATCH (n:{labels[0]} {{dataset: $dataset}}) "
                f"WHERE ($lo IS NULL OR n.seq >= $lo) AND ($hi IS NULL OR n.seq < $hi) "
                f"WITH n ORDER BY n.seq, n.key "
                f"RETURN collect([{', '.join(e for _, e in columns)}]) AS rows",
                {"lo": lo, "hi": hi})
        known = [field for field in SECTIONS[section].model_fields
                 if field not in LINK_FIELDS[section]] + sorted(INTERNAL)
        queries[f"{section} extra"] = (
            f"MATCH (n:{labels[0]} {{dataset: $dataset}}) "
            f"WHERE any(k IN keys(n) WHERE NOT k IN $known) "
            f"RETURN [properties(n)] AS rows LIMIT 1", {"known": known})
    for rr in RECORD_RELS:
        columns = _columns(rr.section, frozenset({rr.source_field, rr.target_field}), "r")
        fields[rr.section] = [rr.source_field, rr.target_field, *(f for f, _ in columns)]
        queries[rr.section] = (f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->"
                               f"(b:{rr.target_pattern}) WITH a, b, r "
                               f"ORDER BY r.seq, a.key, b.key, r.key "
                               f"RETURN collect([a.key, b.key, "
                               f"{', '.join(e for _, e in columns)}]) AS rows", {})
    return queries, fields, parts


def _node_sections(data: dict[str, Any], found: dict[str, list[Any]],
                   fields: dict[str, list[str]], parts: dict[str, list[str]]) -> None:
    """Each node section's records from its rows, links as fields; a property that is no
    field of the record (written by hand, or by another version) is kept for validation to
    name."""
    kinds: dict[str, str] = {}  # id -> main label, of the sections read so far
    for section, labels in NODE_LABELS.items():
        data[section] = [{f: v for f, v in zip(fields[section], row, strict=True)
                          if v is not None}
                         for part in parts[section] for row in found[part]]
        _link_fields(section, data[section], kinds)
        if section != "touchpoints":
            kinds.update((rec["id"], labels[0]) for rec in data[section])
        for extra in found[f"{section} extra"]:
            data[section].append({k: from_neo4j(v) for k, v in extra.items()
                                  if k not in INTERNAL})
    for rec in data["departments"]:  # PART_OF points at the parent department, else company
        parent = rec.pop("parent")
        if kinds.get(parent) == "Company":
            rec["company"] = parent
        else:
            rec["parent"] = parent


def _department_companies(departments: list[dict[str, Any]]) -> None:
    """A nested department's company is its top-level ancestor's company."""
    dept_company: dict[str, str] = {}
    pending = list(departments)
    while pending:
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


def _ordered(rec: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    out = {k: rec[k] for k in first if k in rec}
    out.update({k: v for k, v in rec.items() if k not in out})
    return out
