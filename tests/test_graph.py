"""Graph construction: node kinds, edge types and attributes follow the documented shape."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from accountmap.graph import EDGE_TYPES, NODE_KINDS, build_graph
from accountmap.validate import load_dataset

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


def test_the_graph_equals_one_built_by_networkx_own_methods():
    """build_graph writes NetworkX's adjacency itself (graph._add_nodes, _add_edges): the
    result must be the graph add_nodes_from / add_edges_from make of the same records, with
    the same edge keys, attributes and order, on both examples and a generated book."""
    import networkx as nx

    from accountmap import graph as graph_module
    from accountmap.generate import generate_book
    from accountmap.validate import check_data

    books = [load_dataset(EXAMPLES / "nakamura-group.yaml"),
             load_dataset(EXAMPLES / "kaisei-group.yaml"),
             check_data(generate_book(groups=3, seed=7))]
    for ds in books:
        G = build_graph(ds)
        seen, _ = graph_module.view(ds, ds.effective_as_of())
        H: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for section, kind in graph_module._NODE_SECTIONS:
            H.add_nodes_from((r.id, graph_module._attrs(r, kind)) for r in seen.records(section))
        H.add_edges_from(graph_module._structure_edges(seen))
        H.add_edges_from(graph_module._record_edges(seen))
        assert list(G.nodes(data=True)) == list(H.nodes(data=True))
        assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
        assert list(G.in_edges(keys=True)) == list(H.in_edges(keys=True))
        assert G.number_of_edges() > 0


def test_pair_keys_are_the_pairs_keys_in_order_whether_or_not_they_are_built():
    """Facts build the relationship pairs when first asked; ``pair_keys`` finds their keys
    without them (the summary's path) and must give the same keys in the same order, on days
    when some people had left or not yet joined."""
    import datetime as dt
    from collections import defaultdict

    from accountmap.analysis.summary import summarize
    from accountmap.facts import facts
    from accountmap.generate import generate_book
    from accountmap.validate import check_data

    books = [load_dataset(EXAMPLES / "nakamura-group.yaml"),
             load_dataset(EXAMPLES / "kaisei-group.yaml"),
             check_data(generate_book(groups=3, seed=7))]
    for ds in books:
        for day in (ds.effective_as_of(), ds.effective_as_of() - dt.timedelta(days=400)):
            G = build_graph(ds, day)
            summarize(G)
            f = facts(G)
            # a summary builds neither the pairs nor who belongs where
            assert "_pairing" not in vars(f) and "_membership" not in vars(f)
            before = list(f.pair_keys())
            assert "_pairing" not in vars(f)  # the keys alone did not build the pairs
            assert before == list(f.pairs) == list(f.pair_keys())
            assert len(before) == len(set(before)) > 0
            recorded = [key for key, pair in f.pairs.items() if pair.recorded]
            assert before[:len(recorded)] == recorded  # recorded pairs come first
            owners_of = defaultdict(set)
            for o, s in before:
                owners_of[s].add(o)
            assert f.owners_of == owners_of


def test_an_edge_to_a_missing_node_adds_it_as_networkx_does():
    import networkx as nx

    from accountmap.graph import _add_edges, _add_nodes

    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    _add_nodes(G, [("a", {"kind": "company"})])
    _add_edges(G, [("a", "b", {"type": "X"}), ("a", "b", {"type": "Y"}), ("a", "a", {})])
    assert list(G.edges(keys=True, data=True)) == [
        ("a", "b", 0, {"type": "X"}), ("a", "b", 1, {"type": "Y"}), ("a", "a", 0, {})]
    assert G.nodes["b"] == {} and list(G.predecessors("b")) == ["a"]


def test_all_edges_reads_what_networkx_edges_gives():
    from accountmap.graph import all_edges

    G = build_graph(load_dataset(EXAMPLES / "kaisei-group.yaml"))
    assert list(all_edges(G)) == list(G.edges(data=True))
    owners = {n for n, kind in G.nodes(data="kind") if kind == "owner"}
    assert list(all_edges(G, owners.__contains__)) == [
        (u, v, a) for u, v, a in G.edges(data=True) if u in owners] != []


def test_the_facts_read_every_edge_of_the_types_they_read():
    """Facts visit only the nodes record links leave from (facts._SOURCE_KINDS): every edge of
    the four types they read leaves from one of them, in both examples and a generated book."""
    from accountmap.facts import _READ_EDGES, _SOURCE_KINDS
    from accountmap.generate import generate_book
    from accountmap.validate import check_data

    for ds in (load_dataset(EXAMPLES / "nakamura-group.yaml"),
               load_dataset(EXAMPLES / "kaisei-group.yaml"),
               check_data(generate_book(groups=3, seed=7))):
        G = build_graph(ds)
        kinds = {G.nodes[u]["kind"] for u, _, t in G.edges(data="type") if t in _READ_EDGES}
        assert kinds and kinds <= _SOURCE_KINDS
