"""warm_paths (best-first search) agrees with a plain reference: Yen's k-shortest simple paths
(networkx.shortest_simple_paths) over the same graph, with the same tie-break; the generated
book has concurrent posts and secondments, whose hop costs nothing and is not counted."""

from __future__ import annotations

from itertools import islice, pairwise

import networkx as nx
import pytest

from accountmap.analysis.paths import warm_paths
from accountmap.facts import facts
from accountmap.generate import generate_book
from accountmap.graph import build_graph, edges_of_type
from accountmap.io import Document, Locator
from accountmap.validate import check_document


def reference(G, ends, k):
    """Every simple path from an owner to a target, cheapest first, ties sorted."""
    f = facts(G)
    H = nx.DiGraph()
    for (o, s), pair in f.pairs.items():
        if s in f.active:
            H.add_edge("SRC", o, weight=0)
            H.add_edge(o, s, weight=6 - pair.strength)
    for etype in ("REPORTS_TO", "KNOWS"):
        for u, v, _ in edges_of_type(G, etype):
            if u in f.active and v in f.active and u != v:
                H.add_edge(u, v, weight=2)
                H.add_edge(v, u, weight=2)
    for s in f.active:  # two posts of one person (兼務, 出向): no cost, no hop
        if f.person[s] != s:
            H.add_edge(s, f.person[s], weight=0)
            H.add_edge(f.person[s], s, weight=0)
    for e in ends:
        if e in H:
            H.add_edge(e, "SINK", weight=0)
    if "SINK" not in H or "SRC" not in H or not nx.has_path(H, "SRC", "SINK"):
        return []
    found, limit = [], None
    for path in islice(nx.shortest_simple_paths(H, "SRC", "SINK", weight="weight"), 5000):
        cost = sum(H[a][b]["weight"] for a, b in pairwise(path))
        if limit is not None and cost > limit:
            break
        same = sum(1 for a, b in pairwise(path[1:-1]) if H[a][b]["weight"] == 0)
        found.append((cost, len(path) - 3 - same, path[1:-1]))
        if len(found) == k:
            limit = cost
    return sorted(found)[:k]


@pytest.fixture(scope="module")
def G():
    book = generate_book(2, seed=5, stakeholders_per_company=6, touchpoints_per_stakeholder=1)
    return build_graph(check_document(Document("g", book, Locator("g"))))


def test_same_paths_as_yen_for_every_target(G):
    f = facts(G)
    targets = sorted(f.active)[::3] + sorted(f.companies) + sorted(f.departments)[::2]
    compared = 0
    for target in targets:
        ends = sorted(f.members[target]) if target in f.members and f.kind[target] != \
            "stakeholder" else [target]
        ours = [(p.cost, p.hops, p.nodes) for p in warm_paths(G, target, k=4)]
        assert ours == reference(G, ends, 4), target
        compared += bool(ours)
    assert compared > 30
