"""Warm introduction paths: who of ours can reach a person through people who know each other.

The path graph is undirected over active stakeholders and owners:

- owner - stakeholder for every relationship pair, cost ``6 - strength`` (a strength-5
  relationship costs 1, a strength-1 relationship 5);
- stakeholder - stakeholder for every ``reports_to`` and ``knows``, cost 2;
- the posts of one person (``same_person_as``: 兼務, 出向) linked at cost 0, not counted as a
  hop: whoever knows the person at one post reaches them at the other.

A path starts at an owner and never passes through another owner. The target is a stakeholder,
or an entity (then any active stakeholder belonging to it is a target). The top ``k``
(default 3) simple paths are returned by total cost, ties by fewer hops, then by the sequence
of ids. No path gives an empty list.

Implementation: a best-first (A*) enumeration of simple paths. Every cost is non-negative
(positive but for a post hop), and the lower bound on the remaining cost is the exact
stakeholder-graph distance to the nearest target (one multi-source Dijkstra from the targets,
``networkx``), so complete paths come out in order of cost; the search stops once it is past
the k-th path's cost, having collected every path of that cost for the tie-break. Nodes that
cannot reach a target are never expanded. The search is bounded (``MAX_EXPANSIONS``); on
pathological ties it returns the best paths found within that bound. The same answer as Yen's
k-shortest simple paths with the tie-break applied (tests compare the two), without Yen's
repeated shortest-path runs.

Example: our account manager knows the group CEO (strength 3, cost 3); the CEO is the
subsidiary president's boss (cost 2): the path [owner, CEO, president] costs 5 in 2 hops.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import networkx as nx

from ..errors import NotFoundError, UsageError, not_found_message
from .declare import count

STAKEHOLDER_EDGE_COST = 2
MAX_EXPANSIONS = 1_000_000


@dataclass(frozen=True, slots=True)
class WarmPath:
    owner: str
    nodes: list[str]
    cost: int
    hops: int


def targets_of(G: nx.MultiDiGraph[str], target: str) -> list[str]:
    """Active stakeholders a path may end at: the stakeholder, or an entity's people."""

    from ..facts import facts
    from ..model import article

    f = facts(G)
    kind = f.kind.get(target)
    if kind is None:
        known = sorted(n for n, k in f.kind.items()
                       if k in ("stakeholder", "company", "department"))
        raise NotFoundError(not_found_message("stakeholder, company or department", target,
                                              known))
    if kind == "stakeholder":
        return [target] if target in f.active else []
    if kind in ("company", "department"):
        return sorted(f.members.get(target, ()))
    raise UsageError(f"'{target}' is {article(kind)}; a warm path ends at a stakeholder, a "
                     "company or a department")


def _people_graph(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Active stakeholders linked by reports_to and knows (cost 2), cached on the graph."""

    import networkx as nx

    from ..facts import cached_on, facts
    from ..graph import edges_of_type

    def build() -> nx.Graph[str]:
        f = facts(G)
        people: nx.Graph[str] = nx.Graph()
        for etype in ("REPORTS_TO", "KNOWS"):
            people.add_edges_from((u, v, {"cost": STAKEHOLDER_EDGE_COST})
                                  for u, v, _ in edges_of_type(G, etype)
                                  if u in f.active and v in f.active and u != v)
        # two posts of one person: the same human, no hop between them
        people.add_edges_from((s, f.person[s], {"cost": 0}) for s in f.active
                              if f.person[s] != s)
        return people

    return cached_on(G, "people_graph", build)


def _owners_by_stakeholder(G: nx.MultiDiGraph[str]) -> dict[str, list[tuple[str, int]]]:
    """Per stakeholder, each owner paired with them and the cost of that first step
    (6 - strength), cached on the graph."""

    from ..facts import cached_on, facts

    def build() -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (o, s), pair in facts(G).pairs.items():
            out[s].append((o, 6 - pair.strength))
        return dict(out)

    return cached_on(G, "owners_by_stakeholder", build)


K = count("k", 3, "How many paths.", low=1, high=100)


def warm_paths(G: nx.MultiDiGraph[str], target: str, *, k: int = K.default,
               owners: list[str] | None = None) -> list[WarmPath]:
    """The top-k introduction paths to ``target`` (see module docstring)."""
    return warm_paths_to(G, targets_of(G, target), k=k, owners=owners)


def warm_paths_to(G: nx.MultiDiGraph[str], ends: list[str], *, k: int = K.default,
                  owners: list[str] | None = None) -> list[WarmPath]:
    """The top-k introduction paths to any of the active stakeholders ``ends`` (the search
    behind ``warm_paths``; one search for several people)."""

    import networkx as nx

    from ..facts import facts

    f = facts(G)
    ends = [e for e in ends if e in f.active]
    if not ends:
        return []
    allowed = set(owners) if owners else None
    if allowed:
        unknown = sorted(o for o in allowed if f.kind.get(o) != "owner")
        if unknown:
            raise NotFoundError(f"no owner with id {', '.join(repr(o) for o in unknown)}")

    people = _people_graph(G)
    linked = [e for e in ends if e in people]
    # Exact remaining cost from each stakeholder to the nearest target; absent = unreachable.
    # (integer weights, so integer lengths)
    lower: dict[str, int] = cast(dict[str, int], nx.multi_source_dijkstra_path_length(
        people, linked, weight="cost")) if linked else {}
    for e in ends:
        lower.setdefault(e, 0)  # a target with no links is still reachable directly

    heap: list[tuple[int, int, tuple[str, ...]]] = []
    known_by = _owners_by_stakeholder(G)
    for s in lower:
        for o, cost in known_by.get(s, ()):
            if allowed is None or o in allowed:
                heap.append((cost + lower[s], 1, (o, s)))
    heapq.heapify(heap)
    end_set = set(ends)

    found: list[WarmPath] = []
    limit: int | None = None
    expansions = 0
    while heap and expansions < MAX_EXPANSIONS:
        bound, hops, path = heapq.heappop(heap)
        if limit is not None and bound > limit:
            break
        expansions += 1
        last = path[-1]
        cost = bound - lower[last]
        if last in end_set:
            found.append(WarmPath(path[0], list(path), cost, hops))
            if len(found) == k:
                limit = cost
        for nxt, link in people.adj.get(last, {}).items():
            if nxt in lower and nxt not in path:
                step = cost + link["cost"]
                heapq.heappush(heap, (step + lower[nxt], hops + (1 if link["cost"] else 0),
                                      (*path, nxt)))
    found.sort(key=lambda p: (p.cost, p.hops, p.nodes))
    return found[:k]
