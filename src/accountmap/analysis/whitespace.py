"""White space: which entities of a group buy which products, and what is left to win.

Rows are the group's companies (or, at ``level="department"``, its departments); columns are
products. A row's cell considers subscriptions and opportunities on the entity and on every
department beneath it, and takes the strongest status: ``active`` (an active subscription) >
``pipeline`` (an open opportunity) > ``churned`` (only churned subscriptions) > ``white``.

Per row: ``current_mrr`` (active MRR on it and beneath it), ``potential_mrr``, and
``white_space_value`` = max(potential_mrr - current_mrr, 0).
Per group: ``current_mrr`` (active MRR on all its companies and departments), ``entities``
(rows), ``penetrated`` (rows with an active cell), ``penetration`` = penetrated / entities (a
fraction; 0 when there are no rows) and ``white_cells``.

Groups are sorted by id; rows by white_space_value descending, then id.

Example: a subsidiary with potential 12,000/month, no subscription and one open opportunity
for product A has cells {A: pipeline, B: white}, white_space_value 12,000.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    import networkx as nx

from ..limits import check_one_of
from .declare import Analysis, Param, Rows, text, typed

STATUS_RANK = {"active": 3, "pipeline": 2, "churned": 1, "white": 0}


@dataclass(frozen=True, slots=True)
class WhiteSpaceRow:
    id: str
    name: str
    current_mrr: float
    potential_mrr: float
    white_space_value: float
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class GroupWhiteSpace:
    id: str
    name: str
    current_mrr: float
    entities: int
    penetrated: int
    penetration: float
    white_cells: int
    rows: list[WhiteSpaceRow]


Level = Literal["company", "department"]
LEVELS: tuple[Level, ...] = get_args(Level)


LEVEL: Param[Level] = Param("level", str, "company", "Rows are the group's companies or its "
                             "departments.", choices=LEVELS)
GROUP = text("group", "Only this group.")


def white_space(G: nx.MultiDiGraph[str], *, level: Level = LEVEL.default,
                group: str | None = GROUP.default) -> list[GroupWhiteSpace]:
    """The product matrix per group (see module docstring)."""

    from ..facts import facts
    from ..graph import edges_of_type

    check_one_of("white-space level", level, LEVELS)
    f = facts(G)
    if group is not None:
        f.require(group, "group")
    direct: dict[str, dict[str, str]] = defaultdict(dict)  # account -> product -> status

    def mark(account: str, product: str, status: str) -> None:
        if STATUS_RANK[status] > STATUS_RANK[direct[account].get(product, "white")]:
            direct[account][product] = status

    for account, product, a in edges_of_type(G, "SUBSCRIBES"):
        mark(account, product, "active" if a["status"] == "active" else "churned")
    for account, product, a in edges_of_type(G, "OPPORTUNITY"):
        if a["status"] == "open":
            mark(account, product, "pipeline")

    products = sorted(f.products)
    entities = f.companies if level == "company" else f.departments
    rows_of: dict[str, list[WhiteSpaceRow]] = defaultdict(list)
    for e in entities:
        cells = dict.fromkeys(products, "white")
        for unit in (e, *f.beneath(e)):
            for product, status in direct.get(unit, {}).items():
                if STATUS_RANK[status] > STATUS_RANK[cells[product]]:
                    cells[product] = status
        current = round(f.current_mrr(e), 2)
        potential = round(f.potential.get(e, 0.0), 2)
        rows_of[f.group_of[e]].append(WhiteSpaceRow(
            e, f.name[e], current, potential, round(max(potential - current, 0.0), 2), cells))

    group_mrr = f.by_group(f.mrr)
    out = []
    for g in sorted(f.groups):
        if group is not None and g != group:
            continue
        rows = sorted(rows_of.get(g, []), key=lambda r: (-r.white_space_value, r.id))
        penetrated = sum(1 for r in rows if "active" in r.cells.values())
        white = sum(1 for r in rows for status in r.cells.values() if status == "white")
        out.append(GroupWhiteSpace(g, f.name[g], round(group_mrr[g], 2), len(rows), penetrated,
                                   round(penetrated / len(rows), 4) if rows else 0.0, white,
                                   rows))
    return out


def whitespace_from_rows(rows: Rows) -> list[GroupWhiteSpace]:
    """The Cypher engine's rows: Cypher cannot build maps with data-dependent keys, so each
    entity's cells come back as [product, status] pairs."""
    out = []
    for g in rows:
        entity_rows = [typed(WhiteSpaceRow, {**{k: r[k] for k in (
                           "id", "name", "current_mrr", "potential_mrr", "white_space_value")},
                           "cells": {p: s for p, s in r["cells"]}}) for r in g["rows"]]
        out.append(typed(GroupWhiteSpace, {**{k: g[k] for k in (
            "id", "name", "current_mrr", "entities", "penetrated", "penetration",
            "white_cells")}, "rows": entity_rows}))
    return out


WHITESPACE = Analysis("whitespace", white_space, (LEVEL, GROUP), "white space per group",
                      query="whitespace", from_rows=whitespace_from_rows)
