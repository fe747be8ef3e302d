"""Warm introduction paths: who of ours can reach a person through people who know each other.

The path graph is undirected over active stakeholders and owners:

- owner - stakeholder for every relationship pair, cost ``6 - strength`` (a strength-5
  relationship costs 1, a strength-1 relationship 5);
- stakeholder - stakeholder for every ``reports_to`` and ``knows``, cost 2.

A path starts at an owner and never passes through another owner. The target is a stakeholder,
or an entity (then any active stakeholder belonging to it is a target). The top ``k``
(default 3) simple paths are returned by total cost, ties by fewer hops, then by the sequence
of ids. No path gives an empty list.

Implementation: Yen's k-shortest simple paths (``networkx.shortest_simple_paths``) on a
directed view where owners only have outgoing edges (so no path re-enters an owner), between a
virtual source feeding every owner and a virtual sink fed by every target, both at cost 0.
Paths of equal cost are all collected before the tie-break is applied.

Example: our account manager knows the group CEO (strength 3, cost 3); the CEO is the
subsidiary president's boss (cost 2): the path [owner, CEO, president] costs 5 in 2 hops.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from ..errors import NotFoundError, UsageError
from ..graph import edges_of_type
from .definitions import facts

STAKEHOLDER_EDGE_COST = 2
_SOURCE, _SINK = ("path", "source"), ("path", "sink")
_TIE_LIMIT = 10_000  # equal-cost paths examined at most, to bound the tie-break


@dataclass(frozen=True, slots=True)
class WarmPath:
    owner: str
    nodes: list[str]
    cost: int
    hops: int


def targets_of(G: nx.MultiDiGraph, target: str) -> list[str]:
    """Active stakeholders a path may end at: the stakeholder, or an entity's people."""
    f = facts(G)
    kind = f.kind.get(target)
    if kind is None:
        raise NotFoundError(f"no stakeholder, company or department with id '{target}'")
    if kind == "stakeholder":
        return [target] if target in f.active else []
    if kind in ("company", "department"):
        return sorted(f.members.get(target, ()))
    raise UsageError(f"'{target}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}; --to takes "
                     "a stakeholder, company or department")


def warm_paths(G: nx.MultiDiGraph, target: str, *, k: int = 3,
               owners: list[str] | None = None) -> list[WarmPath]:
    """The top-k introduction paths to ``target`` (see module docstring)."""
    f = facts(G)
    ends = targets_of(G, target)
    if not ends:
        return []
    allowed = set(owners) if owners else None
    if allowed:
        unknown = sorted(o for o in allowed if f.kind.get(o) != "owner")
        if unknown:
            raise NotFoundError(f"no owner with id {', '.join(repr(o) for o in unknown)}")

    H = nx.DiGraph()
    for (o, s), pair in f.pairs.items():
        if s in f.active and (allowed is None or o in allowed):
            H.add_edge(o, s, weight=6 - pair.strength)
            H.add_edge(_SOURCE, o, weight=0)
    for etype in ("REPORTS_TO", "KNOWS"):
        for u, v, _ in edges_of_type(G, etype):
            if u in f.active and v in f.active and u != v:
                H.add_edge(u, v, weight=STAKEHOLDER_EDGE_COST)
                H.add_edge(v, u, weight=STAKEHOLDER_EDGE_COST)
    for s in ends:
        if s in H:
            H.add_edge(s, _SINK, weight=0)
    if _SINK not in H or _SOURCE not in H or not nx.has_path(H, _SOURCE, _SINK):
        return []

    found: list[WarmPath] = []
    limit_cost: int | None = None
    for path in islice(nx.shortest_simple_paths(H, _SOURCE, _SINK, weight="weight"),
                       k + _TIE_LIMIT):
        nodes = path[1:-1]
        cost = sum(H[a][b]["weight"] for a, b in pairwise(path))
        if limit_cost is not None and cost > limit_cost:
            break
        found.append(WarmPath(nodes[0], nodes, cost, len(nodes) - 1))
        if len(found) == k:
            limit_cost = cost
    found.sort(key=lambda p: (p.cost, p.hops, p.nodes))
    return found[:k]
