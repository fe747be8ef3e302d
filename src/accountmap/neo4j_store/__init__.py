"""Neo4j as accountmap's shared database: connect, load a dataset idempotently, read it back.

The only package that imports ``neo4j``: ``connection`` (driver, errors, one read query),
``shape`` (how records map onto labels and relationships; plain data), ``loader``,
``reader`` and ``named`` (named queries from ``queries/``).

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
is unchanged is not written again. Labels and relationship types come from the fixed tables
in ``shape``, never from data. Loading the same file twice changes
nothing; a changed file updates properties and the links each node defines (a new parent
replaces the old one). ``prune`` deletes what an earlier load of the same dataset created and
this one did not, and never touches other datasets.
"""

from .connection import Connection, connect, run_query
from .loader import BATCH_SIZE, LoadReport, dataset_name_for, load, schema_statements
from .named import run_named
from .reader import choose_dataset, read_dataset

__all__ = ["BATCH_SIZE", "Connection", "LoadReport", "choose_dataset", "connect",
           "dataset_name_for", "load", "read_dataset", "run_named", "run_query",
           "schema_statements"]
