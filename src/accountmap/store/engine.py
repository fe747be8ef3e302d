"""The Cypher engine of the analyses: run ``queries/<analysis>.cypher`` inside Neo4j and map
its rows onto the same typed results the NetworkX engine returns.

The queries compute the whole answer (definitions, flags, order) server-side, so a book that
outgrows one machine's memory can be analysed on its Neo4j server; this module only supplies
``$dataset``/``$as_of`` and turns rows into result objects (the one reshaping: Cypher cannot
build maps with data-dependent keys, so whitespace cells come back as [product, status]
pairs). The parity tests check that both engines return the same JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from ..analysis.contacts import ContactedCompany, ContactedStakeholder, ContactLoad
from ..analysis.coverage import UncoveredEntity
from ..analysis.threads import KeyPerson, ThreadedAccount
from ..analysis.whitespace import GroupWhiteSpace, WhiteSpaceRow
from ..errors import NotFoundError, not_found_message
from .connection import Connection, run_query
from .named import run_named
from .reader import choose_dataset

Rows = list[dict[str, Any]]


T = TypeVar("T")


def typed(cls: type[T], row: dict[str, Any]) -> T:
    """A result from a row, its amounts always floats: Cypher sums whole numbers to integers
    (0, 1200), where the NetworkX engine gives 0.0 and 1200.0; JSON output keeps one type per
    field."""
    floats = {f.name for f in dataclasses.fields(cls)  # type: ignore[arg-type]
              if str(f.type).startswith("float")}
    return cls(**{k: float(v) if k in floats and isinstance(v, int) and not isinstance(v, bool)
                  else v for k, v in row.items()})


def coverage_from_rows(rows: Rows) -> list[UncoveredEntity]:
    return [typed(UncoveredEntity, r) for r in rows]


def threads_from_rows(rows: Rows) -> list[ThreadedAccount]:
    return [typed(ThreadedAccount, r) for r in rows]


def key_people_from_rows(rows: Rows) -> list[KeyPerson]:
    return [typed(KeyPerson, r) for r in rows]


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
        entity_rows = [typed(WhiteSpaceRow, {**{k: r[k] for k in (
                           "id", "name", "current_mrr", "potential_mrr", "white_space_value")},
                           "cells": {p: s for p, s in r["cells"]}}) for r in g["rows"]]
        out.append(typed(GroupWhiteSpace, {**{k: g[k] for k in (
            "id", "name", "current_mrr", "entities", "penetrated", "penetration",
            "white_cells")}, "rows": entity_rows}))
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
    if given.get("group") is not None:
        _require_group(conn, str(given["group"]), dataset)
    _, rows = run_named(conn, name, given, dataset=dataset, as_of=as_of)
    return FROM_ROWS[name](rows)


def _require_group(conn: Connection, group: str, dataset: str | None) -> None:
    """An unknown group id given as a filter is an error (not an empty, all-clear answer)."""
    name, _ = choose_dataset(conn, dataset)
    _, rows = run_query(conn, "MATCH (g:Group {dataset: $dataset}) RETURN g.key AS id "
                              "ORDER BY id", {"dataset": name})
    known = [str(r["id"]) for r in rows]
    if group not in known:
        raise NotFoundError(not_found_message("group", group, known))
