"""The relationship map as plain data: ``build_map(G, MapOptions(...))``.

Returns the nodes and edges of the map as dicts ready for vis-network (ids, labels, shapes,
colours, positions, tooltips as plain text, a ``details`` list for the side panel), with no
HTML in them: the page renders every string as text.

- **Scope** (``scope``): which groups, focus and depth, kinds. More than ``max_nodes`` raises
  ScopeTooLargeError with the largest groups, so the caller can suggest a narrower scope.
- **Risk overlay** (``overlay``): what the analyses found, drawn by ``style``.
- **Redaction**: ``redact="contacts"`` blanks emails and phones; ``redact="names"`` also turns
  people's names into initials and their ids into neutral ones, everywhere (title included),
  and drops their job titles (a title names a person as well as a name does);
  ``redact="customer"``, for a page shown to the customer, keeps names but blanks emails and
  phones, and leaves out the risk overlay (every risk, stale line and key-person size),
  sentiment, the blocker and influencer roles, potential MRR, pipeline, white space and
  renewal risks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import ScopeTooLargeError
from ..facts import Facts, facts
from ..i18n import Lang, t, term
from .layout import LABEL_PAD, SLOT, Tree, block_width, label_slots, org_layout
from .overlay import Overlay
from .scope import KINDS, MapOptions, largest_groups, scope
from .style import (
    EDGE_STYLE,
    STYLE,
    NodeContext,
    display_name,
    edge_label,
    label_px,
    node_label,
    risk_legend,
    style_edge,
    style_node,
)


@dataclass
class MapModel:
    title: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    legend_nodes: list[dict[str, str]] = field(default_factory=list)
    legend_edges: list[dict[str, Any]] = field(default_factory=list)
    legend_risk: list[tuple[str, str, str]] = field(default_factory=list)
    lang: Lang = "en"


def build_map(G: nx.MultiDiGraph[str], opts: MapOptions) -> MapModel:
    """The map of a graph under the given options (see module docstring)."""
    f = facts(G)
    nodes, edges = scope(G, opts)
    if len(nodes) > opts.max_nodes:
        raise ScopeTooLargeError(len(nodes), opts.max_nodes, largest_groups(G),
                                 group=opts.group)
    risk = opts.risk and opts.redact != "customer"  # a customer's page shows no risk
    public = _public_ids(f, nodes, opts)
    ctx = NodeContext(G, f, Overlay(G, risk), opts.redact, opts.color_by, opts.lang, public)

    near: dict[str, list[str]] = defaultdict(list)
    for u, v, etype, _ in edges:
        if etype in ("RELATES_TO", "ASSIGNED_TO"):
            near[u].append(v)
    owners = {n: near.get(n, []) for n in nodes if f.kind[n] == "owner"}
    tree = _tree(G, f, nodes)
    caps = _label_room(ctx, tree, [n for n in nodes if f.kind[n] == "company"])
    pos = org_layout(tree, owners, [n for n in nodes if f.kind[n] == "product"])

    model = MapModel(title=_title(G, f, opts), lang=opts.lang)
    model.nodes = [style_node(ctx, n, public_id=public[n], xy=pos.get(n, (0.0, 0.0)),
                              max_font=caps.get(n)) for n in nodes]
    model.edges = [style_edge(public[u], public[v], etype, attrs,
                              risk and (u, v) in ctx.overlay.stale, f.as_of, opts.lang,
                              f.currency.get(f.group_of.get(u, "")))
                   for u, v, etype, attrs in edges]
    model.kinds = [k for k in KINDS if k in opts.kinds and any(f.kind[n] == k for n in nodes)]
    by_risk = opts.color_by == "risk"
    model.legend_nodes = [{"kind": k, "label": term("kind", k, opts.lang),
                           "shape": STYLE[k]["shape"],
                           "color": "#64748b" if by_risk else STYLE[k]["color"]}
                          for k in model.kinds]
    used = {e[2] for e in edges}
    model.legend_edges = [{"type": etype, **look, "label": edge_label(etype, opts.lang)}
                          for etype, look in EDGE_STYLE.items() if etype in used]
    model.legend_risk = risk_legend(opts.lang, by_risk) if risk else []
    return model


def _label_room(ctx: NodeContext, tree: Tree, companies: list[str]) -> dict[str, float]:
    """Each company's block made as wide as its label may grow, and the largest font its
    label may take there (the page never grows it further, so labels never overlap)."""
    base = STYLE["company"]["size"]
    caps = {}
    for c in companies:
        width = label_px(node_label(ctx, c), base)
        tree.min_width[c] = label_slots(width)
        room = block_width(tree, c) * SLOT - LABEL_PAD
        caps[c] = base * room / width
    return caps


def _tree(G: nx.MultiDiGraph[str], f: Facts, nodes: list[str]) -> Tree:
    """The layout tree of the nodes in scope; a node whose parent is out of scope is a root."""
    present = set(nodes)
    tree = Tree()
    depts_of: dict[str, list[str]] = defaultdict(list)  # parent (company/dept) -> departments
    for n in nodes:
        kind = f.kind[n]
        if kind == "group":
            tree.roots.append(n)
            tree.groups.add(n)
        elif kind == "company":
            parent = G.nodes[n].get("parent") or f.group_of[n]
            (tree.children[parent] if parent in present else tree.roots).append(n)
        elif kind == "department":
            parent = f.dept_parent[n] or f.company_of[n]
            (depts_of[parent] if parent in present else tree.roots).append(n)
        elif kind == "stakeholder":
            dept = f.stakeholder_dept[n]
            unit = dept if dept in present else f.company_of[n]
            (tree.people[unit] if unit in present else tree.roots).append(n)

    def stack(unit: str, depth: int, column: list[tuple[str, int]]) -> None:
        for d in depts_of.get(unit, ()):
            column.append((d, depth))
            stack(d, depth + 1, column)

    for n in nodes:
        if f.kind[n] == "company" or (f.kind[n] == "department" and n in tree.roots):
            stack(n, 1, tree.column[n])
    return tree


def _title(G: nx.MultiDiGraph[str], f: Facts, opts: MapOptions) -> str:
    where = (f.name.get(opts.group, opts.group) if opts.group
             else t("map.all_groups", opts.lang))
    if opts.focus:
        where = t("map.around", opts.lang, where=where,
                  name=display_name(G, opts.focus, opts.redact))
    return t("map.title", opts.lang, where=where, date=f.as_of.isoformat())


def _public_ids(f: Facts, nodes: list[str], opts: MapOptions) -> dict[str, str]:
    if opts.redact != "names":
        return {n: n for n in nodes}
    out, count = {}, 0
    for n in nodes:
        if f.kind[n] in ("stakeholder", "owner"):
            count += 1
            out[n] = f"person-{count}"
        else:
            out[n] = n
    return out
