"""The Cypher engine of the analyses: run a declared analysis's query (``queries/<query>.cypher``)
inside Neo4j and map its rows onto the same typed result the NetworkX engine returns.

The queries compute the whole answer (definitions, flags, order) server-side, so a book that
outgrows one machine's memory can be analysed on its Neo4j server. The declaration
(``analysis.declare.Analysis``) supplies everything else: the parameters (declared defaults
filled in), the query's name and the decoder of its rows. The parity tests check that both
engines return the same JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeVar

from ..analysis.declare import Analysis
from ..errors import NotFoundError, UsageError, not_found_message
from .connection import Connection, run_query
from .named import run_named
from .reader import choose_dataset

R = TypeVar("R")


def run_analysis(conn: Connection, analysis: Analysis[R], values: Mapping[str, object], *,
                 dataset: str | None = None, as_of: dt.date | None = None) -> R:
    """The result of ``analysis`` computed inside Neo4j for one dataset, as the same typed
    result the NetworkX engine returns."""
    if analysis.query is None or analysis.from_rows is None:
        raise UsageError(f"{analysis.name} has no Cypher form: compute it with the NetworkX "
                         "engine")
    given = analysis.cypher_params(values)
    if given.get("group") is not None:
        _require_group(conn, str(given["group"]), dataset)
    _, rows = run_named(conn, analysis.query, given, dataset=dataset, as_of=as_of)
    return analysis.from_rows(rows)


def _require_group(conn: Connection, group: str, dataset: str | None) -> None:
    """An unknown group id given as a filter is an error (not an empty, all-clear answer)."""
    name, _ = choose_dataset(conn, dataset)
    _, rows = run_query(conn, "MATCH (g:Group {dataset: $dataset}) RETURN g.key AS id "
                              "ORDER BY id", {"dataset": name})
    known = [str(r["id"]) for r in rows]
    if group not in known:
        raise NotFoundError(not_found_message("group", group, known))
