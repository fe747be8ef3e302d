"""Uncovered entities: companies and departments where we know nobody, or nobody is responsible.

For every company and department E:

- reason ``dark`` when no active stakeholder belonging to E (E is their company, their
  department or an ancestor of it) has a relationship pair with any owner; an entity with no
  known people at all is dark;
- reason ``unassigned`` when no assignment covers E (an assignment on X covers X and every
  department beneath X; never subsidiaries).

Entities with at least one reason are returned, sorted by ``potential_mrr`` descending, then id.

Example: a holding with an assigned account manager who knows its CIO is covered; its
subsidiary, where nobody is known and nobody is assigned, is ``["dark", "unassigned"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    import networkx as nx

from ..limits import check_one_of
from .declare import Analysis, optional_choice, rows_as, text


@dataclass(frozen=True, slots=True)
class UncoveredEntity:
    id: str
    kind: str
    name: str
    group: str
    reasons: list[str]
    potential_mrr: float
    current_mrr: float


EntityKind = Literal["company", "department"]
ENTITY_KINDS: tuple[EntityKind, ...] = get_args(EntityKind)


GROUP = text("group", "Only this group's entities.")
KIND = optional_choice("kind", ENTITY_KINDS, "Only companies or only departments.")


def uncovered_entities(G: nx.MultiDiGraph[str], *, group: str | None = GROUP.default,
                       kind: EntityKind | None = None) -> list[UncoveredEntity]:
    """Companies and departments that are dark or unassigned (see module docstring)."""

    from ..facts import facts

    if kind is not None:
        check_one_of("entity kind", kind, ENTITY_KINDS)
    f = facts(G)
    if group is not None:
        f.require(group, "group")
    out = []
    for entity in (*f.companies, *f.departments):
        if group is not None and f.group_of[entity] != group:
            continue
        if kind is not None and f.kind[entity] != kind:
            continue
        reasons = []
        if not f.paired_members(entity):
            reasons.append("dark")
        if not f.covering.get(entity):
            reasons.append("unassigned")
        if reasons:
            out.append(UncoveredEntity(entity, f.kind[entity], f.name[entity],
                                       f.group_of[entity], reasons,
                                       round(f.potential.get(entity, 0.0), 2),
                                       round(f.current_mrr(entity), 2)))
    out.sort(key=lambda e: (-e.potential_mrr, e.id))
    return out


COVERAGE = Analysis("coverage", uncovered_entities, (GROUP, KIND), "uncovered entities",
                    query="coverage", from_rows=rows_as(UncoveredEntity))
