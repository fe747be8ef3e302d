"""Reading a dataset back from Neo4j: the same Dataset the file gave, checked by the same
validation as a file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import neo4j

from ..errors import NotFoundError, StoreError, UsageError
from ..io import Document, Locator
from ..model import Dataset
from .connection import Connection, connect, from_neo4j, translated
from .shape import INTERNAL, LINKS, NODE_LABELS, RECORD_RELS


def choose_dataset(conn: Connection, dataset: str | None = None) -> tuple[str, dt.date | None]:
    """(name, as_of) of the named dataset, or of the only one when no name is given."""
    with connect(conn) as driver, translated(conn):
        records, _, _ = driver.execute_query("MATCH (d:Dataset) RETURN d.name AS name, "
                                             "d.as_of AS as_of, d.complete AS complete "
                                             "ORDER BY name", database_=conn.database)
    return _choose({r["name"]: (r["as_of"], r["complete"]) for r in records}, dataset, conn)


def _choose(found: dict[str, Any], dataset: str | None,
            conn: Connection) -> tuple[str, dt.date | None]:
    names = list(found)
    if dataset is None:
        if not names:
            raise NotFoundError(f"no accountmap dataset in Neo4j at {conn.safe_uri()} "
                                "(load a data file into it first)")
        if len(names) > 1:
            raise UsageError(f"Neo4j holds several datasets ({', '.join(names)}): "
                             "name the one to read")
        dataset = names[0]
    elif dataset not in found:
        raise NotFoundError(f"no dataset '{dataset}' in Neo4j (datasets: "
                            f"{', '.join(names) or 'none'})")
    as_of, complete = found[dataset]
    if complete is not True:
        raise StoreError(f"dataset '{dataset}' is not completely loaded (a load is running, or "
                         "stopped half-way): run `accountmap load` with its file again")
    return dataset, as_of.to_native() if as_of is not None else None


def read_dataset(conn: Connection, dataset: str | None = None) -> Dataset:
    """Rebuild a Dataset from the database; it passes the same validation as a file."""
    with connect(conn) as driver, translated(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS,
                           notifications_min_severity="OFF") as session:  # a type a book
        # does not use (no MOVED_TO yet) is not worth a warning
        found = {r["name"]: (r["as_of"], r["complete"]) for r in session.run(
            "MATCH (d:Dataset) RETURN d.name AS name, d.as_of AS as_of, "
            "d.complete AS complete ORDER BY name")}
        dataset, _ = _choose(found, dataset, conn)
        data = _read(session, dataset)
    source = f"{conn.safe_uri()}#{dataset}"
    from ..validate import check_document

    return check_document(Document(source, data, Locator(source)))


def _read(session: neo4j.Session, name: str) -> dict[str, Any]:
    head = session.run("MATCH (d:Dataset {name: $dataset}) RETURN d.version AS version, "
                       "d.as_of AS as_of", dataset=name).single(strict=True)
    data: dict[str, Any] = {"version": head["version"]}
    if head["as_of"] is not None:
        data["as_of"] = from_neo4j(head["as_of"])
    by_key: dict[str, dict[str, dict[str, Any]]] = {}
    for section, labels in NODE_LABELS.items():
        records = []
        index: dict[str, dict[str, Any]] = {}
        # one record holding a list: decoding one list is far cheaper than a record a node
        found = session.run(f"MATCH (n:{labels[0]} {{dataset: $dataset}}) "
                            f"WITH n ORDER BY n.seq RETURN collect(properties(n)) AS nodes",
                            dataset=name).single()
        for node in found["nodes"] if found else []:
            rec = {k: from_neo4j(v) for k, v in node.items() if k not in INTERNAL}
            records.append(rec)
            index[node["key"]] = rec
        data[section] = records
        by_key[section] = index
    for link in LINKS:
        source = NODE_LABELS[link.section][0]
        lists: dict[str, list[tuple[int, str]]] = defaultdict(list)
        found = session.run(f"MATCH (a:{source} {{dataset: $dataset}})-[r:{link.rtype}]->"
                            f"(b:{link.target}) RETURN collect([a.key, b.key, r.pos]) AS links",
                            dataset=name).single()
        for src, dst, pos in found["links"] if found else []:
            lists[src].append((pos or 0, dst))
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
        found = session.run(f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->"
                            f"(b:{rr.target_pattern}) WITH a, b, r ORDER BY r.seq "
                            f"RETURN collect([a.key, b.key, properties(r)]) AS rels",
                            dataset=name).single()
        for src, dst, props in found["rels"] if found else []:
            rec = {rr.source_field: src, rr.target_field: dst}
            rec.update({k: from_neo4j(v) for k, v in props.items() if k not in INTERNAL})
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
