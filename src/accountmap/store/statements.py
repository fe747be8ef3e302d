"""The Cypher a load sends, as text built from the fixed tables of ``shape.py`` (labels,
relationship types, property names) and never from data: every value goes as a parameter
(``$rows``, ``$dataset``, ``$keys``, ...). Pure: no server, no driver."""

from __future__ import annotations

from .parts import SHARED
from .rows import property_fields
from .shape import NODE_LABELS, Link, RecordRel, property_type


def node_statement(labels: tuple[str, ...]) -> str:
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


def match_node(var: str, label: str, expr: str, by_id: bool) -> str:
    """Find one node of this load: by its element id when the load created it (an id seek;
    the label lets the planner see that the node is not one a CREATE of the same query
    makes, so it adds no Eager), else by the (dataset, key) index."""
    if by_id:
        return f"MATCH ({var}:{label}) WHERE elementId({var}) = {expr} "
    return f"MATCH ({var}:{label} {{dataset: $dataset, key: {expr}}}) "


def link_clause(link: Link, column: str, by_id: bool) -> str:
    """Create the links of the created node ``n`` (row ``i`` of the columns) to the nodes
    named in ``$rows.<column>[i]`` (a list), with their position."""
    targets = f"$rows.{column}[i]"
    return (f"CALL (n, i) {{ UNWIND range(0, size({targets}) - 1) AS pos "
            f"{match_node('b', link.target, f'{targets}[pos]', by_id)}"
            f"CREATE (n)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b) }} ")


def create_statement(section: str, links: list[tuple[str, Link, bool]], ids: bool) -> str:
    """Nodes of a label this dataset has none of yet: CREATE them (no lookup per row) from
    the columns of ``node_columns``, with every property in the CREATE (a null one is not
    set), and their links to nodes already in (``links``: column, link, whether the targets
    are given by element id); with ``ids``, return [row index, element id] per node."""
    props = "".join(
        f", `{field}`: " + (f"date($rows.p_{field}[i])" if property_type(section, field) == "date"
                            else f"$rows.p_{field}[i]")
        for field in property_fields(section))
    return (f"UNWIND range(0, size($rows.key) - 1) AS i "
            f"CREATE (n:{':'.join(NODE_LABELS[section])} {{dataset: $dataset, "
            f"key: $rows.key[i]{props}, seq: $rows.seq[i], scope: $rows.scope[i], "
            f"hash: $rows.hash[i]}}) "
            + ("WITH n, i " if links else "")
            + "".join(link_clause(link, column, by_id) for column, link, by_id in links)
            + ("RETURN collect([i, elementId(n)]) AS ids" if ids else ""))


def link_create_statement(link: Link, source: str, by_id: bool = False) -> str:
    """Links of nodes created by this load: nothing to remove or match, so CREATE them."""
    return (
        f"UNWIND $rows AS row "
        f"{match_node('a', source, 'row.src', by_id)}"
        f"UNWIND range(0, size(row.targets) - 1) AS pos "
        f"{match_node('b', link.target, 'row.targets[pos]', by_id)}"
        f"CREATE (a)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b)"
    )


def link_sync_statement(link: Link, source: str) -> str:
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


def record_rel_statement(rr: RecordRel, target: str, create: bool = False,
                      by_id: bool = False) -> str:
    """MERGE the relationships of records (only rows whose hash changed are sent); CREATE
    them when the dataset has none of this type yet."""
    ends = (f"UNWIND $rows AS row {match_node('a', rr.source, 'row.src', by_id)}"
            f"{match_node('b', target, 'row.dst', by_id)}")
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


#: Open a load (after ``team.conflicts`` found none): the dataset node, marked incomplete,
#: with this load's token (the digests it stored are trusted only while no other load came
#: since: ``team.stored``), and a stamp per group of the load, marked incomplete.
HEAD = ("MERGE (d:Dataset {name: $dataset}) "
        "SET d.complete = false, d.last_token = $token "
        "WITH d CALL (d) { UNWIND $groups AS g "
        "MERGE (l:GroupLoad {dataset: $dataset, group: g}) "
        "SET l.complete = false } "
        "RETURN d.name AS name")
#: Close a load: its stamps complete, the dataset's settings (the latest load's), complete
#: when no load of any group is still open; the digests (``$digests``, those that changed)
#: only when this load is of the whole dataset (``$whole`` and no other group in it) and no
#: other load started since this one. The dataset node is written first, so two loads
#: finishing at once take turns.
FINISH = ("MATCH (d:Dataset {name: $dataset}) "
          "SET d.layout = 2, d.version = $version, d.as_of = $as_of, d += $settings, "
          "d.last_load = $now, d.author = $author, d.kinds = null, d.chunks = null "
          "WITH d CALL (d) { UNWIND $groups AS g "
          "MATCH (l:GroupLoad {dataset: $dataset, group: g}) "
          "SET l.complete = true, l.file = $file, l.digest = $digest, l.author = $author, "
          "l.loaded_at = $now } "
          "CALL (d) { UNWIND $gone AS g MATCH (l:GroupLoad {dataset: $dataset, group: g}) "
          "DELETE l } "
          "WITH d, COUNT { MATCH (l:GroupLoad {dataset: $dataset}) WHERE NOT l.group IN $groups "
          "} AS others, COUNT { MATCH (l:GroupLoad {dataset: $dataset}) "
          "WHERE l.complete = false } AS open "
          "SET d.complete = open = 0, d.digest_token = CASE WHEN $whole AND others = 0 "
          "AND d.last_token = $token THEN $token END "
          "WITH d WHERE d.digest_token = $token SET d += $digests")
#: Close a load that changed nothing, by the same file and author, with the same settings:
#: the dataset and the stamps are left as they were (the open marks taken back).
FINISH_UNCHANGED = (
    "MATCH (d:Dataset {name: $dataset}) SET d.last_token = CASE WHEN d.last_token = $token "
    "THEN $before ELSE d.last_token END "
    "WITH d CALL (d) { UNWIND $groups AS g MATCH (l:GroupLoad {dataset: $dataset, group: g}) "
    "SET l.complete = true } "
    "WITH d, COUNT { MATCH (l:GroupLoad {dataset: $dataset}) WHERE l.complete = false } AS open "
    "SET d.complete = open = 0")
#: The schema rules a database has (a constraint's index has its name).
SHOW_INDEXES = "SHOW INDEXES YIELD name RETURN collect(name) AS names"


#: labels of records shared by every group of a dataset (they have no scope)
SHARED_LABELS = tuple(NODE_LABELS[section][0] for section in SHARED)


def in_groups(var: str, label: str) -> str:
    """Nodes of ``label`` in the load's groups (``$groups``), found by the (dataset, scope)
    index; shared labels: every node of the dataset, by the dataset index. The hint keeps the
    planner from scanning a label or relationship type it believes small."""
    if label in SHARED_LABELS:
        return (f"MATCH ({var}:{label} {{dataset: $dataset}}) "
                f"USING INDEX SEEK {var}:{label}(dataset) ")
    return (f"MATCH ({var}:{label} {{dataset: $dataset}}) "
            f"USING INDEX SEEK {var}:{label}(dataset, scope) WHERE {var}.scope IN $groups ")


def stored_hashes_statement(label: str, scoped: bool = True) -> str:
    """Key and hash of a dataset's nodes of one label (of the load's groups when
    ``scoped``), as one list (decoding one list is far cheaper than 100k records)."""
    match = in_groups("n", label) if scoped else f"MATCH (n:{label} {{dataset: $dataset}}) "
    return match + "RETURN collect([n.key, n.hash]) AS pairs"


def anchored(rr: RecordRel, target: str, scoped: bool) -> str:
    """Match ``(a)-[r]->(b)`` of one record type from its end that belongs to a group (by the
    scope index), or from its source for a whole dataset."""
    if not scoped:
        return f"MATCH (a:{rr.source} {{dataset: $dataset}})-[r:{rr.rtype}]->(b:{target}) "
    if rr.source in SHARED_LABELS:
        return in_groups("b", target) + f"WITH b MATCH (a:{rr.source})-[r:{rr.rtype}]->(b) "
    return in_groups("a", rr.source) + f"WITH a MATCH (a)-[r:{rr.rtype}]->(b:{target}) "


def stored_rel_hashes_statement(rr: RecordRel, scoped: bool = True) -> str:
    """(source key, target key, key, hash) of a dataset's relationships of one record type
    (those of the load's groups when ``scoped``)."""
    return "CALL () { " + " UNION ALL ".join(
        f"CALL () {{ {anchored(rr, target, scoped)}RETURN a.key AS a, b.key AS b, "
        f"r.key AS k, r.hash AS h }} RETURN a, b, k, h" for target in rr.targets
    ) + " } RETURN collect([a, b, k, h]) AS rels"


def replace_kinds_statement(labels: list[str]) -> str:
    """Delete the nodes of each label whose key is in ``$keys[i]`` (keys the file now gives
    another kind); nodes that linked to one lose their hash, so their links are synced."""
    return "".join(
        f"CALL () {{ UNWIND $keys[{i}] AS key "
        f"MATCH (n:{label} {{dataset: $dataset, key: key}}) "
        f"WHERE n.scope IS NULL OR n.scope IN $groups "
        f"OPTIONAL MATCH (m)-[]->(n) WHERE m.dataset = $dataset "
        f"SET m.hash = null DETACH DELETE n }} " for i, label in enumerate(labels))


def prune_rels_statements(rr: RecordRel) -> list[str]:
    """Delete the relationships of one record type of the load's groups that ``$kept``
    (source key -> target key -> keys) does not name."""
    return [anchored(rr, target, True) +
            "WITH a, b, r WHERE NOT r.key IN coalesce($kept[a.key][b.key], []) DELETE r"
            for target in rr.targets]


def prune_nodes_statement(label: str) -> str:
    """Delete the nodes of one label of the load's groups whose key is not in ``$keys``; a
    shared record (owner, product) only when no group's record names it any more."""
    if label in SHARED_LABELS:
        return (in_groups("n", label) + "WHERE NOT n.key IN $keys "
                "AND NOT EXISTS { MATCH (n)--(m) WHERE m.scope IS NOT NULL } DETACH DELETE n")
    return in_groups("n", label) + "AND NOT n.key IN $keys DETACH DELETE n"
