"""The datasets of a Neo4j database, with who loaded which group when (``accountmap
datasets``).

Per dataset: its groups, each with the stamp of its last load (file, SHA-256 of the file,
author, time; absent for a group no stamped load wrote), the time and author of the latest
successful load, and its node and relationship counts (the relationships that start at its
nodes). Counts go label by label through the (dataset, key) index, and relationships by each
node's degree, so no query scans the whole database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import NotFoundError
from .connection import Connection, run_query
from .shape import NODE_LABELS

_MAIN_LABELS = [labels[0] for labels in NODE_LABELS.values()]

_LIST = ("MATCH (d:Dataset) WHERE $only IS NULL OR d.name = $only "
         "WITH d ORDER BY d.name "
         "RETURN d.name AS name, d.last_load AS last_load, d.author AS author, "
         "COLLECT { MATCH (g:Group {dataset: d.name}) RETURN g.key ORDER BY g.seq, g.key } "
         "AS groups, "
         "COLLECT { MATCH (l:GroupLoad {dataset: d.name}) RETURN [l.group, l.file, l.digest, "
         "l.author, l.loaded_at] } AS loads, "
         + " + ".join(f"COUNT {{ MATCH (n:{label} {{dataset: d.name}}) }}"
                      for label in _MAIN_LABELS) + " AS nodes, "
         + " + ".join(f"COLLECT {{ MATCH (n:{label} {{dataset: d.name}}) "
                      f"RETURN sum(COUNT {{ (n)-->() }}) }}[0]" for label in _MAIN_LABELS)
         + " AS relationships")


@dataclass(frozen=True)
class GroupLoadInfo:
    id: str
    file: str | None = None
    digest: str | None = None
    author: str | None = None
    loaded_at: str | None = None


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    groups: list[GroupLoadInfo] = field(default_factory=list)
    last_load: str | None = None
    author: str | None = None
    nodes: int = 0
    relationships: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "groups": [g.__dict__ for g in self.groups],
                "last_load": self.last_load, "author": self.author, "nodes": self.nodes,
                "relationships": self.relationships}

    def as_row(self) -> dict[str, Any]:
        """One table row: the groups as ``id (file, author)``."""
        return {"name": self.name,
                "groups": ", ".join(g.id + (f" ({g.file}, {g.author})" if g.file else "")
                                    for g in self.groups),
                "last_load": self.last_load, "author": self.author, "nodes": self.nodes,
                "relationships": self.relationships}


def list_datasets(conn: Connection, only: str | None = None) -> list[DatasetInfo]:
    """Every dataset (or the one named ``only``), by name."""
    _, rows = run_query(conn, _LIST, {"only": only})
    if only is not None and not rows:
        _, every = run_query(conn, "MATCH (d:Dataset) RETURN d.name AS name ORDER BY name", {})
        raise NotFoundError(f"no dataset '{only}' in Neo4j (datasets: "
                            f"{', '.join(r['name'] for r in every) or 'none'})")
    out = []
    for row in rows:
        stamps = {load[0]: GroupLoadInfo(*load) for load in row["loads"]}
        groups = [stamps.get(g, GroupLoadInfo(g)) for g in row["groups"]]
        out.append(DatasetInfo(row["name"], groups, row["last_load"], row["author"],
                               int(row["nodes"]), int(row["relationships"] or 0)))
    return out
