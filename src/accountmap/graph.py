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
RELATES_TO      owner -> stakeholder       strength, last_contact
ASSIGNED_TO     owner -> account           role
SUBSCRIBES      account -> product         mrr, status, start, renewal
OPPORTUNITY     account -> product         id, amount, stage, status, owner, close_date, kind
==============  =========================  ===========================================

Touchpoints are too many to be edges (a million meetings would be millions of edges); they
stay as records in ``G.graph["touchpoints"]``. Opportunities are edges *and* records in
``G.graph["opportunities"]``. ``G.graph["as_of"]`` is the date analyses treat as today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx

from .model import Dataset, Opportunity, Touchpoint
from .perf import bulk

NODE_KINDS = ("group", "company", "department", "stakeholder", "owner", "product")
EDGE_TYPES = ("IN_GROUP", "SUBSIDIARY_OF", "PART_OF", "WORKS_AT", "WORKS_IN", "REPORTS_TO",
              "KNOWS", "RELATES_TO", "ASSIGNED_TO", "SUBSCRIBES", "OPPORTUNITY")

_NODE_SECTIONS = (("groups", "group"), ("companies", "company"), ("departments", "department"),
                  ("stakeholders", "stakeholder"), ("owners", "owner"), ("products", "product"))


def _attrs(record: Any, kind: str) -> dict[str, Any]:
    attrs = {k: v for k, v in record if k != "id"}
    for key, value in attrs.items():
        if hasattr(value, "value"):  # enums -> plain strings
            attrs[key] = value.value
        elif isinstance(value, list):
            attrs[key] = [getattr(v, "value", v) for v in value]
    attrs["kind"] = kind
    return attrs


def build_graph(ds: Dataset, as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """Build the relationship graph of a checked dataset (see module docstring for shape)."""
    with bulk():
        return _build(ds, as_of)


def _build(ds: Dataset, as_of: dt.date | None) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(as_of=as_of or ds.effective_as_of(),
                        touchpoints=list(ds.touchpoints),
                        opportunities=list(ds.opportunities))
    for section, kind in _NODE_SECTIONS:
        G.add_nodes_from((r.id, _attrs(r, kind)) for r in getattr(ds, section))

    edges: list[tuple[str, str, dict[str, Any]]] = []
    add = edges.append
    for c in ds.companies:
        add((c.id, c.group, {"type": "IN_GROUP"}))
        if c.parent:
            add((c.id, c.parent, {"type": "SUBSIDIARY_OF", "ownership": c.ownership}))
    for d in ds.departments:
        add((d.id, d.parent or d.company, {"type": "PART_OF"}))
    for s in ds.stakeholders:
        add((s.id, s.company, {"type": "WORKS_AT"}))
        if s.department:
            add((s.id, s.department, {"type": "WORKS_IN"}))
        if s.reports_to:
            add((s.id, s.reports_to, {"type": "REPORTS_TO"}))
        for other in s.knows:
            add((s.id, other, {"type": "KNOWS"}))
    for r in ds.relationships:
        add((r.owner, r.stakeholder, {"type": "RELATES_TO", "strength": r.strength,
                                      "last_contact": r.last_contact}))
    for a in ds.assignments:
        add((a.owner, a.account, {"type": "ASSIGNED_TO",
                                  "role": a.role.value if a.role else None}))
    for sub in ds.subscriptions:
        add((sub.account, sub.product, {"type": "SUBSCRIBES", "mrr": sub.mrr,
                                        "status": sub.status.value, "start": sub.start,
                                        "renewal": sub.renewal}))
    for o in ds.opportunities:
        add((o.account, o.product, {"type": "OPPORTUNITY", "id": o.id, "amount": o.amount,
                                    "stage": o.stage, "status": o.status.value,
                                    "owner": o.owner, "close_date": o.close_date,
                                    "kind": o.kind.value if o.kind else None}))
    G.add_edges_from(edges)
    return G


def edges_of_type(G: nx.MultiDiGraph, etype: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(source, target, attributes) of every edge of one type."""
    return ((u, v, a) for u, v, a in G.edges(data=True) if a.get("type") == etype)


def touchpoints(G: nx.MultiDiGraph) -> list[Touchpoint]:
    """Every touchpoint record of the dataset (dated after as_of included; analyses filter)."""
    return G.graph["touchpoints"]  # type: ignore[no-any-return]


def opportunities(G: nx.MultiDiGraph) -> list[Opportunity]:
    """Every opportunity record of the dataset."""
    return G.graph["opportunities"]  # type: ignore[no-any-return]


def as_of(G: nx.MultiDiGraph) -> dt.date:
    """The date analyses treat as today."""
    return G.graph["as_of"]  # type: ignore[no-any-return]
