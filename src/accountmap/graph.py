"""Dataset -> NetworkX graph. The only module that knows both the model and the graph shape.

The graph is a ``networkx.MultiDiGraph`` whose nodes are keyed by id and carry ``kind``
(group, company, department, stakeholder, owner, product) plus the record's fields. Edges
carry ``type``:

==============  =========================  ===========================================
type            from -> to                 attributes
==============  =========================  ===========================================
IN_GROUP        company -> group
SUBSIDIARY_OF   company -> parent company  ownership
PART_OF         department -> parent       (parent department, else its company)
WORKS_AT        stakeholder -> company
WORKS_IN        stakeholder -> department
REPORTS_TO      stakeholder -> stakeholder
KNOWS           stakeholder -> stakeholder
MOVED_TO        stakeholder -> stakeholder     (the same person's record after a move)
SUCCEEDED_BY    stakeholder -> stakeholder     (who took the post over)
SAME_PERSON_AS  stakeholder -> stakeholder     (another post of the same person: 兼務, 出向)
MERGED_INTO     company -> company         (never in a graph: an absorbed company is gone)
POINT_OF_CONTACT  company/stakeholder -> owner  (our one voice toward them, 窓口)
RELATES_TO      owner -> stakeholder       strength, last_contact
ASSIGNED_TO     owner -> account or group  role
SUBSCRIBES      account -> product         mrr, status, start, end, renewal, notice_days
OPPORTUNITY     account -> product         id, amount, mrr, stage, status, owner, created,
                                           close_date, kind
==============  =========================  ===========================================

Touchpoints are too many to be edges (a million meetings would be millions of edges); they
stay as records in ``G.graph["touchpoints"]``. Opportunities are edges *and* records in
``G.graph["opportunities"]``. ``G.graph["as_of"]`` is the date analyses treat as today;
``fiscal_year_start`` and ``stage_probabilities`` are the book's. A SUBSCRIBES edge's
``mrr`` is in the group's currency; ``contract_mrr`` (and ``currency``) are the contract's.

The graph is always built from the dataset as of that date (``asof.at``): companies,
departments, stakeholders, subscriptions, opportunities and touchpoints are as they stood that
day. What had ended by then is in ``G.graph["ended"]`` (id -> ``divested``, ``merged`` or
``closed``), an absorbed company's survivor in ``G.graph["survivor"]``, and the companies that
joined the group while already paying us in ``G.graph["joined_paying"]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import networkx as nx

from .asof import joined_paying, view
from .contracts import account_groups, rates, to_group
from .model import (
    ID_KINDS,
    RECORD_LINKS,
    Dataset,
    Opportunity,
    Record,
    Touchpoint,
    node_links,
    plain_value,
)
from .perf import bulk

NODE_KINDS = ("group", "company", "department", "stakeholder", "owner", "product")
EDGE_TYPES = ("IN_GROUP", "SUBSIDIARY_OF", "PART_OF", "WORKS_AT", "WORKS_IN", "REPORTS_TO",
              "KNOWS", "MOVED_TO", "SUCCEEDED_BY", "SAME_PERSON_AS", "MERGED_INTO",
              "POINT_OF_CONTACT",
              "RELATES_TO", "ASSIGNED_TO", "SUBSCRIBES", "OPPORTUNITY")

#: (section, kind) of the records that are graph nodes, in NODE_KINDS order.
_NODE_SECTIONS = tuple((section, kind) for kind in NODE_KINDS
                       for section, of in ID_KINDS.items() if of == kind)
#: Record fields copied onto a structural link (the rest stay on the node).
_LINK_ATTRS = {"SUBSIDIARY_OF": ("ownership",)}


#: Value types a node keeps as they are (anything else, enums and lists, goes through
#: ``plain_value``).
_PLAIN_TYPES = frozenset((str, int, float, bool, type(None), dt.date))


def _attrs(record: Record, kind: str) -> dict[str, Any]:
    # the record's fields straight from its __dict__ (what iterating a model yields, without
    # the generator), converted only where the model's type allows enums or lists: this runs
    # for every node of the book
    attrs = dict(record.__dict__)
    del attrs["id"]
    for name in _converted(type(record)):
        value = attrs[name]
        if type(value) not in _PLAIN_TYPES:
            attrs[name] = plain_value(value)
    attrs["kind"] = kind
    return attrs


@functools.cache
def _converted(model: type[Record]) -> tuple[str, ...]:
    """The fields of a model whose values may be other than plain (enums, lists)."""
    def plain(annotation: Any) -> bool:
        if annotation in _PLAIN_TYPES:
            return True
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return plain(args[0])
        return origin in (typing.Union, types.UnionType) and all(plain(a) for a in args)

    return tuple(name for name, info in model.model_fields.items()
                 if name != "id" and not plain(info.annotation))


def build_graph(ds: Dataset, as_of: dt.date | None = None) -> nx.MultiDiGraph[str]:
    """The relationship graph of a checked dataset as of ``as_of`` (default: the dataset's
    own date); see the module docstring for its shape."""
    with bulk():
        day = as_of or ds.effective_as_of()
        seen, ex = view(ds, day)
        G = _build(seen)
        G.graph["ended"] = dict(ex.ended)
        G.graph["survivor"] = dict(ex.survivor)
        G.graph["joined_paying"] = joined_paying(ds, ex)
        return G


Edge = tuple[str, str, dict[str, Any]]


def _structure_edges(ds: Dataset) -> Iterator[Edge]:
    """The links node records define through their references (``model.REFERENCES``)."""
    for section, _ in _NODE_SECTIONS:
        records = ds.records(section)
        for ref in node_links(section):
            link, field, fallback = ref.link, ref.field, ref.fallback
            carried = _LINK_ATTRS.get(link or "", ())
            for rec in records:
                value = getattr(rec, field)
                if value is None and fallback:
                    value = getattr(rec, fallback)
                if value is None:
                    continue
                for target in value if ref.many else (value,):
                    yield rec.id, target, ({"type": link, **{k: getattr(rec, k) for k in carried}}
                                           if carried else {"type": link})


def _group_currency(ds: Dataset) -> dict[str, str | None]:
    """Each company's and department's group currency."""
    currency = {g.id: g.currency for g in ds.groups}
    return {account: currency.get(group) for account, group in account_groups(ds).items()}


def _record_edges(ds: Dataset) -> Iterator[Edge]:
    """Records that are relationships (``model.RECORD_LINKS``), and opportunities. A
    subscription's ``mrr`` is in its group's currency (``contracts.to_group``); its own
    amount stays as ``contract_mrr``."""
    fx, currency = rates(ds), _group_currency(ds)
    for rl in RECORD_LINKS:
        for rec in ds.records(rl.section):
            attrs = {k: plain_value(v) for k, v in rec.__dict__.items()
                     if k not in (rl.source, rl.target)}
            if rl.section == "subscriptions":
                attrs["contract_mrr"] = rec.mrr
                attrs["mrr"] = to_group(rec.mrr, rec.currency, currency.get(rec.account), fx)
            yield getattr(rec, rl.source), getattr(rec, rl.target), {"type": rl.link, **attrs}
    for o in ds.opportunities:
        attrs = {k: plain_value(v) for k, v in o.__dict__.items()
                 if k not in ("account", "product")}
        yield o.account, o.product, {"type": "OPPORTUNITY", **attrs}


def _build(ds: Dataset) -> nx.MultiDiGraph[str]:
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(as_of=ds.effective_as_of(),
                        touchpoints=list(ds.touchpoints),
                        opportunities=list(ds.opportunities),
                        fiscal_year_start=ds.fiscal_year_start,
                        stage_probabilities=dict(ds.stage_probabilities))
    for section, kind in _NODE_SECTIONS:
        _add_nodes(G, ((r.id, _attrs(r, kind)) for r in ds.records(section)))
    _add_edges(G, _structure_edges(ds))
    _add_edges(G, _record_edges(ds))
    return G


# NetworkX's add_nodes_from and add_edges_from copy each attribute dict twice and look the
# adjacency up through views: most of the graph's cost on a big book. The two below write
# NetworkX's documented adjacency (``_node``, ``_succ``, ``_pred``: dicts of dicts, a
# MultiDiGraph's edge keyed 0, 1, ... per pair as ``new_edge_key`` numbers them) with the
# dicts built here, which nothing else holds; tests/test_graph.py compares the result with
# NetworkX's own methods. Only a new graph is filled (it has no cache to clear yet).
def _add_nodes(G: nx.MultiDiGraph[str], nodes: Iterable[tuple[str, dict[str, Any]]]) -> None:
    inside: Any = G  # the stubs leave NetworkX's adjacency out
    node, succ, pred = inside._node, inside._succ, inside._pred
    for n, attrs in nodes:
        if n in node:
            node[n].update(attrs)
            continue
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}


def _add_edges(G: nx.MultiDiGraph[str], edges: Iterable[Edge]) -> None:
    inside: Any = G
    node, succ, pred = inside._node, inside._succ, inside._pred
    for u, v, attrs in edges:
        if u not in node or v not in node:  # NetworkX adds the missing node
            G.add_edge(u, v, **attrs)
            continue
        keys = succ[u].get(v)
        if keys is None:
            succ[u][v] = pred[v][u] = {0: attrs}
            continue
        key = len(keys)
        while key in keys:
            key += 1
        keys[key] = attrs


def edges_of_type(G: nx.MultiDiGraph[str], etype: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(source, target, attributes) of every edge of one type."""
    return ((u, v, a) for u, v, a in all_edges(G) if a.get("type") == etype)


def all_edges(G: nx.MultiDiGraph[str], leaving: Callable[[str], bool] | None = None
              ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(source, target, attributes) of every edge (of those whose source node ``leaving``
    accepts, when given), in ``G.edges(data=True)``'s order, read from the adjacency rather
    than through NetworkX's views (twice as fast on 400k edges)."""
    inside: Any = G
    for u, targets in inside._succ.items():
        if leaving is not None and not leaving(u):
            continue
        for v, keys in targets.items():
            for attrs in keys.values():
                yield u, v, attrs


def touchpoints(G: nx.MultiDiGraph[str]) -> list[Touchpoint]:
    """Every touchpoint record of the dataset up to as_of."""
    return G.graph["touchpoints"]  # type: ignore[no-any-return]


def opportunities(G: nx.MultiDiGraph[str]) -> list[Opportunity]:
    """Every opportunity record of the dataset."""
    return G.graph["opportunities"]  # type: ignore[no-any-return]


def as_of(G: nx.MultiDiGraph[str]) -> dt.date:
    """The date analyses treat as today."""
    return G.graph["as_of"]  # type: ignore[no-any-return]
