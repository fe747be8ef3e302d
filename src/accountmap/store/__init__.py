"""Neo4j as accountmap's shared database: connect, load a dataset idempotently, read it back.

The only package that imports ``neo4j``. Modules:

- ``uris``: which SOURCE strings are Neo4j servers, default user and database (no driver);
- ``queries``: the named Cypher files of ``queries/`` (headers, typed parameters; no driver);
- ``connection``: connection settings, the driver, error translation, one read query;
- ``shape``: how records map onto labels and relationships (from ``model.REFERENCES``);
- ``parts``, ``team``, ``stamps``: the groups of a shared dataset (each record's scope, what a
  load of some groups writes, conflicts with other loads, who loaded what);
- ``loader`` and ``reader``: write a dataset (or some of its groups), read it back;
- ``group_reader``: read one group's part by its scope index; ``datasets``: list them;
- ``named``: run a named query against one dataset;
- ``engine``: the Cypher engine of the analyses (rows -> the same typed results).

Importing this package does not import the driver; its names below load on first use.

Shape in Neo4j (every node has ``dataset`` and ``key``, unique together per label; ``id`` is
the record's id; ``seq`` keeps file order so a read gives back the same dataset):

- nodes ``:Group :Company:Account :Department:Account :Stakeholder :Owner :Product
  :Opportunity :Touchpoint`` and one ``:Dataset {name, version, as_of, complete, kinds}`` per
  loaded dataset (``complete`` is true only after a whole load; see ``loader``);
- structure ``IN_GROUP SUBSIDIARY_OF PART_OF WORKS_AT WORKS_IN REPORTS_TO KNOWS`` (as in the
  NetworkX graph), ``FOR_ACCOUNT FOR_PRODUCT OWNED_BY`` from opportunities and
  ``ATTENDED_BY`` from touchpoints to their owners and stakeholders;
- record relationships ``RELATES_TO`` (owner -> stakeholder), ``ASSIGNED_TO`` (owner ->
  account or group) and ``SUBSCRIBES`` (account -> product).

Loading is ``UNWIND $rows ... MERGE`` in batches, parameters only; a node whose content hash
is unchanged is not written again. Labels and relationship types come from the fixed tables
in ``shape``, never from data. Loading the same file twice changes
nothing; a changed file updates properties and the links each node defines (a new parent
replaces the old one). ``prune`` deletes what an earlier load of the same dataset created and
this one did not, and never touches other datasets.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Connection": "connection", "connect": "connection", "run_query": "connection",
    "BATCH_SIZE": "loader", "LoadReport": "loader", "dataset_name_for": "loader",
    "load": "loader", "schema_statements": "loader",
    "run_named": "named", "choose_dataset": "reader", "read_dataset": "reader",
    "read_groups": "group_reader", "list_datasets": "datasets", "Stamp": "stamps",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Load the public names lazily, so ``accountmap.store.uris`` does not import neo4j."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
