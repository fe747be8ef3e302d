"""Graph construction: node kinds, edge types and attributes follow the documented shape."""

from __future__ import annotations

from collections import Counter

from accountmap.graph import EDGE_TYPES, NODE_KINDS, build_graph
from accountmap.validate import load_dataset


def edges(G, etype):
    return sorted((u, v) for u, v, a in G.edges(data=True) if a["type"] == etype)


def test_every_record_becomes_a_node_of_its_kind(tiny, write_book):
    G = build_graph(load_dataset(write_book(tiny)))
    kinds = Counter(a["kind"] for _, a in G.nodes(data=True))
    assert kinds == {"product": 2, "owner": 2, "group": 1, "company": 2, "department": 2,
                     "stakeholder": 4}
    assert set(kinds) <= set(NODE_KINDS)
    assert G.nodes["s-cio"]["roles"] == ["champion"]
    assert G.nodes["s-cio"]["status"] == "active"


def test_edges_follow_the_structure(tiny, write_book):
    G = build_graph(load_dataset(write_book(tiny)))
    assert {a["type"] for _, _, a in G.edges(data=True)} <= set(EDGE_TYPES)
    assert edges(G, "IN_GROUP") == [("c-hd", "g1"), ("c-sub", "g1")]
    assert edges(G, "SUBSIDIARY_OF") == [("c-sub", "c-hd")]
    assert edges(G, "PART_OF") == [("d-it", "c-hd"), ("d-it-ops", "d-it")]
    assert edges(G, "WORKS_IN") == [("s-cio", "d-it"), ("s-ops", "d-it-ops")]
    assert edges(G, "REPORTS_TO") == [("s-cio", "s-ceo"), ("s-ops", "s-cio"),
                                      ("s-sub", "s-ceo")]
    assert edges(G, "KNOWS") == [("s-ops", "s-sub")]
    assert edges(G, "ASSIGNED_TO") == [("o-am", "c-hd")]
    assert edges(G, "SUBSCRIBES") == [("d-it", "p1")]
    assert edges(G, "OPPORTUNITY") == [("c-sub", "p2")]
    rel = next(a for u, v, a in G.edges(data=True) if a["type"] == "RELATES_TO")
    assert rel["strength"] == 4 and str(rel["last_contact"]) == "2026-01-10"


def test_touchpoints_and_opportunities_are_kept(tiny, write_book):
    G = build_graph(load_dataset(write_book(tiny)))
    assert [t.id for t in G.graph["touchpoints"]] == ["t1"]
    assert [o.id for o in G.graph["opportunities"]] == ["op1"]
    assert str(G.graph["as_of"]) == "2026-01-31"
