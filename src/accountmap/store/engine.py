"""The Cypher engine of the analyses: run ``queries/<analysis>.cypher`` inside Neo4j and map
its rows onto the same typed results the NetworkX engine returns.

The queries compute the whole answer (definitions, flags, order) server-side, so a book that
outgrows one machine's memory can be analysed on its Neo4j server; this module only supplies
``$dataset``/``$as_of`` and turns rows into result objects (the one reshaping: Cypher cannot
build maps with data-dependent keys, so whitespace cells come back as [product, status]
pairs). The parity tests check that both engines return the same JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..analysis.contacts import ContactedCompany, ContactedStakeholder, ContactLoad
from ..analysis.coverage import UncoveredEntity
from ..analysis.threads import KeyPerson, ThreadedAccount
from ..analysis.whitespace import GroupWhiteSpace, WhiteSpaceRow
from .connection import Connection
from .named import run_named

Rows = list[dict[str, Any]]


def coverage_from_rows(rows: Rows) -> list[UncoveredEntity]:
    return [UncoveredEntity(**r) for r in rows]


def threads_from_rows(rows: Rows) -> list[ThreadedAccount]:
    return [ThreadedAccount(**r) for r in rows]


def key_people_from_rows(rows: Rows) -> list[KeyPerson]:
    return [KeyPerson(**r) for r in rows]


def contacts_from_rows(rows: Rows) -> ContactLoad:
    people, companies = [], []
    for r in rows:
        scope = r.pop("scope")
        if scope == "stakeholder":
            people.append(ContactedStakeholder(**r))
        else:
            companies.append(ContactedCompany(r["id"], r["name"], r["owners"],
                                              r["owner_count"]))
    return ContactLoad(people, companies)


def whitespace_from_rows(rows: Rows) -> list[GroupWhiteSpace]:
    out = []
    for g in rows:
        entity_rows = [WhiteSpaceRow(r["id"], r["name"], r["current_mrr"], r["potential_mrr"],
                                     r["white_space_value"], {p: s for p, s in r["cells"]})
                       for r in g["rows"]]
        out.append(GroupWhiteSpace(g["id"], g["name"], g["current_mrr"], g["entities"],
                                   g["penetrated"], g["penetration"], g["white_cells"],
                                   entity_rows))
    return out


#: Analysis query name -> how its rows become the NetworkX engine's result type.
FROM_ROWS: dict[str, Callable[[Rows], Any]] = {
    "coverage": coverage_from_rows, "threads": threads_from_rows,
    "key_people": key_people_from_rows, "contacts": contacts_from_rows,
    "whitespace": whitespace_from_rows,
}


def run_analysis(conn: Connection, name: str, params: dict[str, Any], *,
                 dataset: str | None = None, as_of: dt.date | None = None) -> Any:
    """The result of analysis NAME computed inside Neo4j for one dataset, as the same typed
    result the NetworkX engine returns; options left at None take the query's defaults."""
    given = {k: v for k, v in params.items() if v is not None}
    _, rows = run_named(conn, name, given, dataset=dataset, as_of=as_of)
    return FROM_ROWS[name](rows)
