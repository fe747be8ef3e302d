"""What the relationship map shows: scope, risk overlay, styling and positions, as plain data.

``build_map(G, MapOptions(...))`` returns the nodes and edges of the map as dicts ready for
vis-network (ids, labels, shapes, colours, positions, tooltips as plain text, a ``details``
list for the side panel), with no HTML in them: the page renders every string as text.

- **Scope**: every group, or ``group``; then, with ``focus``, only what lies within ``depth``
  links of that node on the map; then only the ``kinds`` asked for. More than ``max_nodes``
  raises ScopeTooLargeError suggesting a narrower scope.
- **Risk overlay** (``map_style.Overlay``, from the analyses): dark or unassigned entities
  (red / orange border), single-threaded revenue accounts (pink border, ⚠), over-contacted
  stakeholders (orange), key people sized by the MRR that hangs on them, stale relationships
  dashed. ``color_by="risk"`` colours every node by its worst risk instead of by kind.
- **Redaction**: ``redact="contacts"`` blanks emails and phones; ``redact="names"`` also turns
  people's names into initials and their ids into neutral ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .analysis.definitions import facts
from .errors import NotFoundError, ScopeTooLargeError, UsageError
from .graph import edges_of_type
from .layout import Tree, org_layout
from .map_style import (
    EDGE_STYLE,
    RISK_LEGEND,
    RISK_LEGEND_BY_COLOR,
    STYLE,
    Overlay,
    style_edge,
    style_node,
)

KINDS = ("group", "company", "department", "stakeholder", "owner", "product")
DEFAULT_KINDS = ("group", "company", "department", "stakeholder", "owner")



@dataclass(frozen=True)
class MapOptions:
    group: str | None = None
    focus: str | None = None
    depth: int = 2
    kinds: tuple[str, ...] = DEFAULT_KINDS
    risk: bool = True
    color_by: str = "kind"
    redact: str | None = None  # None, "contacts" or "names"
    max_nodes: int = 3000


@dataclass
class MapModel:
    title: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    legend_nodes: list[dict[str, str]] = field(default_factory=list)
    legend_edges: list[dict[str, Any]] = field(default_factory=list)
    legend_risk: list[tuple[str, str]] = field(default_factory=list)


def initials(name: str) -> str:
    """'Haruka Sato' -> 'H.S.' (used by --redact names)."""
    return "".join(part[0].upper() + "." for part in name.split() if part[:1].isalnum()) or "?"




MapEdgeSpec = tuple[str, str, str, dict[str, Any]]  # source, target, type, attributes


def _scope(G: nx.MultiDiGraph, opts: MapOptions) -> tuple[list[str], list[MapEdgeSpec]]:
    f = facts(G)
    if opts.group is not None and f.kind.get(opts.group) != "group":
        raise NotFoundError(f"no group with id '{opts.group}'")
    groups = [opts.group] if opts.group else sorted(f.groups)
    in_groups = set(groups)
    companies = [c for c in f.companies if f.group_of[c] in in_groups]
    departments = [d for d in f.departments if f.group_of[d] in in_groups]
    people = [s for s in f.stakeholders if f.group_of[s] in in_groups]
    accounts = set(companies) | set(departments)
    person_set = set(people)
    owners = sorted({o for (o, s) in f.pairs if s in person_set}
                    | {o for o, a, _ in f.assignments if a in accounts}
                    | (set(f.owners) if opts.group is None else set()))
    products = sorted(f.products)
    nodes = [*groups, *companies, *departments, *people, *owners, *products]
    present = set(nodes)

    edges: list[MapEdgeSpec] = []
    for c in companies:
        parent = G.nodes[c].get("parent")
        edges.append((c, parent, "SUBSIDIARY_OF", {}) if parent else (c, f.group_of[c],
                                                                       "IN_GROUP", {}))
    for d in departments:
        edges.append((d, f.dept_parent[d] or f.company_of[d], "PART_OF", {}))
    for s in people:
        edges.append((s, f.stakeholder_dept[s] or f.company_of[s], "WORKS_IN", {}))
    for etype in ("REPORTS_TO", "KNOWS"):
        edges.extend((u, v, etype, {}) for u, v, _ in edges_of_type(G, etype)
                     if u in person_set and v in person_set)
    for (o, s), pair in f.pairs.items():
        if s in person_set:
            edges.append((o, s, "RELATES_TO", {"strength": pair.strength,
                                               "last_contact": pair.last_contact}))
    for o, a, role in f.assignments:
        if a in accounts:
            edges.append((o, a, "ASSIGNED_TO", {"role": role}))
    for u, v, a in edges_of_type(G, "SUBSCRIBES"):
        if u in accounts:
            edges.append((u, v, "SUBSCRIBES", {"status": a["status"], "mrr": a["mrr"]}))
    edges = [e for e in edges if e[0] in present and e[1] in present]

    if opts.focus is not None:
        if opts.focus not in present:
            raise NotFoundError(f"no node '{opts.focus}' in this map's scope")
        near = _neighbourhood(opts.focus, edges, opts.depth)
        nodes = [n for n in nodes if n in near]
    keep = {n for n in nodes if f.kind[n] in opts.kinds}
    nodes = [n for n in nodes if n in keep]
    return nodes, [e for e in edges if e[0] in keep and e[1] in keep]


def _neighbourhood(start: str, edges: list[MapEdgeSpec], depth: int) -> set[str]:
    adjacent: dict[str, set[str]] = defaultdict(set)
    for u, v, _, _ in edges:
        adjacent[u].add(v)
        adjacent[v].add(u)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        n = queue.popleft()
        if seen[n] < depth:
            for m in adjacent[n]:
                if m not in seen:
                    seen[m] = seen[n] + 1
                    queue.append(m)
    return set(seen)


def build_map(G: nx.MultiDiGraph, opts: MapOptions) -> MapModel:
    """The map of a graph under the given options (see module docstring)."""
    bad = sorted(set(opts.kinds) - set(KINDS))
    if bad:
        raise UsageError(f"unknown kind(s) {', '.join(bad)} (kinds: {', '.join(KINDS)})")
    f = facts(G)
    nodes, edges = _scope(G, opts)
    if len(nodes) > opts.max_nodes:
        raise ScopeTooLargeError(_too_large(G, opts, len(nodes)))
    overlay = Overlay(G, opts.risk)
    public = _public_ids(G, nodes, opts)

    tree = _tree(G, nodes)
    near: dict[str, list[str]] = defaultdict(list)
    for u, v, etype, _ in edges:
        if etype in ("RELATES_TO", "ASSIGNED_TO"):
            near[u].append(v)
    owners = {n: near.get(n, []) for n in nodes if f.kind[n] == "owner"}
    pos = org_layout(tree, owners, [n for n in nodes if f.kind[n] == "product"])

    model = MapModel(title=_title(G, opts))

    def name_of(n: str) -> str:
        return _display_name(G, n, opts)

    for n in nodes:
        model.nodes.append(style_node(G, n, name_of=name_of, public_id=public[n],
                                      xy=pos.get(n, (0.0, 0.0)), overlay=overlay,
                                      redact=opts.redact, color_by=opts.color_by))
    for u, v, etype, attrs in edges:
        model.edges.append(style_edge(public[u], public[v], etype, attrs,
                                      (u, v) in overlay.stale, f.as_of))
    model.kinds = [k for k in KINDS if k in opts.kinds and any(f.kind[n] == k for n in nodes)]
    by_risk = opts.color_by == "risk"
    model.legend_nodes = [{"kind": k, "label": STYLE[k]["label"], "shape": STYLE[k]["shape"],
                           "color": "#64748b" if by_risk else STYLE[k]["color"]}
                          for k in model.kinds]
    used = {e[2] for e in edges}
    model.legend_edges = [{"type": t, **s} for t, s in EDGE_STYLE.items() if t in used]
    model.legend_risk = (RISK_LEGEND_BY_COLOR if by_risk else RISK_LEGEND) if opts.risk else []
    return model


def _tree(G: nx.MultiDiGraph, nodes: list[str]) -> Tree:
    """The layout tree of the nodes in scope; a node whose parent is out of scope is a root."""
    f = facts(G)
    present = set(nodes)
    tree = Tree()
    depts_of: dict[str, list[str]] = defaultdict(list)  # parent (company/dept) -> departments
    for n in nodes:
        kind = f.kind[n]
        if kind == "group":
            tree.roots.append(n)
        elif kind == "company":
            parent = G.nodes[n].get("parent") or f.group_of[n]
            (tree.children[parent] if parent in present else tree.roots).append(n)
        elif kind == "department":
            parent = f.dept_parent[n] or f.company_of[n]
            if parent in present:
                depts_of[parent].append(n)
            else:
                tree.roots.append(n)
        elif kind == "stakeholder":
            unit = f.stakeholder_dept[n] if f.stakeholder_dept[n] in present \
                else f.company_of[n]
            (tree.people[unit] if unit in present else tree.roots).append(n)

    def stack(unit: str, depth: int, column: list[tuple[str, int]]) -> None:
        for d in depts_of.get(unit, ()):
            column.append((d, depth))
            stack(d, depth + 1, column)

    for n in nodes:
        if f.kind[n] == "company" or (f.kind[n] == "department" and n in tree.roots):
            stack(n, 1, tree.column[n])
    return tree


def _too_large(G: nx.MultiDiGraph, opts: MapOptions, count: int) -> str:
    f = facts(G)
    sizes = Counter(f.group_of[n] for n in (*f.companies, *f.departments, *f.stakeholders))
    biggest = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    hint = ", ".join(f"{g} ({n})" for g, n in biggest)
    return (f"the map would have {count} nodes, more than --max-nodes {opts.max_nodes}, which "
            f"would freeze a browser. Narrow it: --group ID (largest groups: {hint}), "
            f"--focus ID --depth 2, or --kinds group,company,department; or raise --max-nodes.")


def _title(G: nx.MultiDiGraph, opts: MapOptions) -> str:
    f = facts(G)
    scope = f.name.get(opts.group, opts.group) if opts.group else "All groups"
    if opts.focus:
        scope += f" · around {f.name.get(opts.focus, opts.focus)}"
    return f"{scope} — relationship map as of {f.as_of.isoformat()}"


def _display_name(G: nx.MultiDiGraph, n: str, opts: MapOptions) -> str:
    a = G.nodes[n]
    name = str(a.get("name", n))
    if opts.redact == "names" and a["kind"] in ("stakeholder", "owner"):
        return initials(name)
    return name


def _public_ids(G: nx.MultiDiGraph, nodes: list[str], opts: MapOptions) -> dict[str, str]:
    if opts.redact != "names":
        return {n: n for n in nodes}
    out, count = {}, 0
    for n in nodes:
        if G.nodes[n]["kind"] in ("stakeholder", "owner"):
            count += 1
            out[n] = f"person-{count}"
        else:
            out[n] = n
    return out
