"""Reading one group (or a few) of a shared dataset: its part of the book, at its cost.

The part read back is ``cut.group_part`` of the book the dataset holds: the groups, their
companies, departments and stakeholders, the relationships, assignments, subscriptions,
opportunities and touchpoints of those, the owners those records name and the product
catalogue (white space is a product no one in the group has, so every product counts; a
product is no group's record). Every query starts from the (dataset, scope) index of one
label (see ``parts``): ``PROFILE`` shows index seeks, and the rows touched are the groups',
not the dataset's. The queries run three at a time; the owners' query finds the owners the
groups' records name first.

The part is what a whole read and ``group_part`` would give only while it is closed: when
a ``knows`` or a touchpoint crosses into another group, ``read_groups`` gives None and the
caller reads the whole dataset (as ``group_part`` does for a file).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import neo4j

from ..errors import NotFoundError, StoreError, not_found_message
from ..io import Document, Locator
from ..model import Dataset
from .connection import Connection, connect, translated
from .reader import (
    Queries,
    _columns,
    _fetch,
    _gc_paused,
    _node_columns,
    book_data,
    pick_dataset,
)
from .shape import LINKS, NODE_LABELS, RECORD_RELS, SETTINGS
from .statements import anchored, in_groups

#: the datasets' names and, for the one asked (or the only one), its head and per group
#: asked: (id, exists, its stamp's complete)
_HEAD = ("CALL () { MATCH (x:Dataset) RETURN x.name AS known ORDER BY known } "
         "WITH collect(known) AS names "
         "OPTIONAL MATCH (d:Dataset {name: coalesce($dataset, "
         "CASE WHEN size(names) = 1 THEN names[0] END)}) "
         "RETURN names, d.complete AS complete, d.version AS version, "
         "d.as_of AS as_of, [p IN $settings | d[p]] AS settings, "
         "[g IN $groups | [g, EXISTS { MATCH (:Group {dataset: d.name, key: g}) }, "
         "COLLECT { MATCH (l:GroupLoad {dataset: d.name, group: g}) "
         "RETURN l.complete }]] AS asked")

#: relationships from the groups' records that cross into another group, either way
_CROSSING = ("CALL () { " + in_groups("n", "Stakeholder") +
             "WITH n RETURN COUNT { (n)-[:KNOWS|ATTENDED_BY]-(m) WHERE m.scope IS NOT NULL "
             "AND NOT m.scope IN $groups } AS c UNION ALL " + in_groups("t", "Touchpoint") +
             "WITH t RETURN COUNT { (t)-[:ATTENDED_BY]->(m:Stakeholder) "
             "WHERE NOT m.scope IN $groups } AS c } RETURN [sum(c)] AS rows")

#: (label, type) of the links from group records to owners, and of owners' record
#: relationships to group records (from the tables of ``shape``)
_TO_OWNERS = sorted({(NODE_LABELS[link.section][0], link.rtype) for link in LINKS
                     if link.target == "Owner"})
_FROM_OWNERS = sorted({(target, rr.rtype) for rr in RECORD_RELS if rr.source == "Owner"
                       for target in rr.targets})
#: the keys of the owners the groups' records name (``rows``)
_NAMED_OWNERS = ("CALL () { " + " UNION ".join(
    [in_groups("n", label) + f"WITH n MATCH (n)-[:{rtype}]->(o:Owner) "
     f"RETURN DISTINCT o.key AS key" for label, rtype in _TO_OWNERS]
    + [in_groups("n", label) + f"WITH n MATCH (o:Owner)-[:{rtype}]->(n) "
       f"RETURN DISTINCT o.key AS key" for label, rtype in _FROM_OWNERS])
    + " } WITH collect(key) AS rows")


def read_groups(conn: Connection, dataset: str | None,
                groups: Collection[str]) -> Dataset | None:
    """The part of the dataset for ``groups`` (see module docstring), checked by the same
    validation as a file; None when it is not closed (the caller then reads the whole
    dataset). Without the scope indexes (a bulk import before its schema.cypher ran) the
    same queries run, by label scans."""
    wanted = list(dict.fromkeys(groups))
    with connect(conn) as driver, translated(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS,
                           notifications_min_severity="OFF") as session:
        head = session.run(_HEAD, dataset=dataset, groups=wanted,
                           settings=list(SETTINGS)).single(strict=True)
        name = pick_dataset(head["names"], dataset, conn)
        _require(session, name, head, wanted)
        with _gc_paused():
            data = _read(driver, conn.database, name, head, wanted)
    if data is None:
        return None
    source = f"{conn.safe_uri()}#{name}"
    from ..validate import check_document

    return check_document(Document(source, data, Locator(source)))


def _require(session: neo4j.Session, name: str, head: neo4j.Record,
             wanted: list[str]) -> None:
    """Every group asked is in the dataset, and its last load finished (a group loaded
    before stamps existed: the whole dataset's load)."""
    for group, exists, complete in head["asked"]:
        if not exists:
            known = [r["key"] for r in session.run(
                "MATCH (g:Group {dataset: $dataset}) RETURN g.key AS key ORDER BY key",
                dataset=name)]
            raise NotFoundError(not_found_message("group", group, known))
        done = complete[0] if complete else head["complete"]
        if done is not True:
            raise StoreError(f"group {group} of dataset '{name}' is not completely loaded (a "
                             "load is running, or stopped half-way): run `accountmap load` "
                             "with its file again")


def _read(driver: neo4j.Driver, database: str | None, name: str, head: neo4j.Record,
          wanted: list[str]) -> dict[str, Any] | None:
    queries, fields = _queries()
    params = {"groups": wanted}
    queries = {q: (text, {**extra, **params}) for q, (text, extra) in queries.items()}
    found = _fetch(driver, database, name, queries)
    if found["crossing"][0]:
        return None
    for section in NODE_LABELS:
        found[f"{section} extra"] = []
    return book_data(head, found, fields,
                     {section: [f"{section} 0"] for section in NODE_LABELS})


def _queries() -> tuple[Queries, dict[str, list[str]]]:
    """The queries (every section, the owners the groups' records name, the crossings) and
    the columns of each section's rows."""
    queries: Queries = {"crossing": (_CROSSING, {})}
    fields: dict[str, list[str]] = {}
    for section, labels in NODE_LABELS.items():
        columns = _node_columns(section)
        fields[section] = [field for field, _ in columns]
        match = (_NAMED_OWNERS + " UNWIND rows AS k MATCH (n:Owner {dataset: $dataset, "
                 "key: k}) USING INDEX SEEK n:Owner(dataset, key) " if section == "owners"
                 else in_groups("n", labels[0]))
        queries[f"{section} 0"] = (
            match + f"WITH n ORDER BY n.seq, n.key "
            f"RETURN collect([{', '.join(e for _, e in columns)}]) AS rows", {})
    for rr in RECORD_RELS:
        columns = _columns(rr.section, frozenset({rr.source_field, rr.target_field}), "r")
        fields[rr.section] = [rr.source_field, rr.target_field, *(f for f, _ in columns)]
        queries[rr.section] = (
            "CALL () { " + " UNION ALL ".join(
                f"CALL () {{ {anchored(rr, target, True)}RETURN r.seq AS seq, a.key AS a, "
                f"b.key AS b, r.key AS k, [a.key, b.key, {', '.join(e for _, e in columns)}] "
                f"AS row }} RETURN seq, a, b, k, row" for target in rr.targets)
            + " } WITH seq, a, b, k, row ORDER BY seq, a, b, k RETURN collect(row) AS rows",
            {})
    return queries, fields
