"""What the relationship map shows: scope, risk overlay, styling and positions, as plain data.

``build_map(G, MapOptions(...))`` returns the nodes and edges of the map as dicts ready for
vis-network (ids, labels, shapes, colours, positions, tooltips as plain text, a ``details``
list for the side panel), with no HTML in them: the page renders every string as text.

- **Scope**: every group, or ``group``; then, with ``focus``, only what lies within ``depth``
  links of that node on the map; then only the ``kinds`` asked for. More than ``max_nodes``
  raises ScopeTooLargeError suggesting a narrower scope.
- **Risk overlay** (from the analyses): dark or unassigned entities (red / orange border),
  single-threaded revenue accounts (pink border, ⚠), over-contacted stakeholders (orange),
  key people sized by the MRR that hangs on them, stale relationships dashed.
  ``color_by="risk"`` colours every node by its worst risk instead of by kind.
- **Redaction**: ``redact="contacts"`` blanks emails and phones; ``redact="names"`` also turns
  people's names into initials and their ids into neutral ones.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .analysis.contacts import contact_load
from .analysis.coverage import uncovered_entities
from .analysis.definitions import facts
from .analysis.stale import stale_relationships
from .analysis.threads import key_person_risk, single_threaded_accounts
from .errors import NotFoundError, ScopeTooLargeError, UsageError
from .graph import edges_of_type
from .layout import Tree, org_layout

KINDS = ("group", "company", "department", "stakeholder", "owner", "product")
DEFAULT_KINDS = ("group", "company", "department", "stakeholder", "owner")

STYLE: dict[str, dict[str, Any]] = {
    "group": {"shape": "box", "color": "#1e293b", "font": "#ffffff", "size": 30,
              "label": "Group"},
    "company": {"shape": "box", "color": "#1d4ed8", "font": "#ffffff", "size": 22,
                "label": "Company"},
    "department": {"shape": "box", "color": "#bfdbfe", "font": "#1e3a8a", "size": 18,
                   "label": "Department"},
    "stakeholder": {"shape": "dot", "color": "#0d9488", "font": "#134e4a", "size": 12,
                    "label": "Customer stakeholder"},
    "owner": {"shape": "diamond", "color": "#f59e0b", "font": "#78350f", "size": 14,
              "label": "Our owner"},
    "product": {"shape": "hexagon", "color": "#9333ea", "font": "#581c87", "size": 14,
                "label": "Product"},
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "IN_GROUP": {"color": "#475569", "width": 2, "label": "in group"},
    "SUBSIDIARY_OF": {"color": "#1d4ed8", "width": 2.5, "label": "subsidiary of"},
    "PART_OF": {"color": "#60a5fa", "width": 1.5, "label": "part of"},
    "WORKS_IN": {"color": "#cbd5e1", "width": 1, "label": "works in"},
    "REPORTS_TO": {"color": "#0f766e", "width": 1.5, "arrows": "to", "label": "reports to"},
    "KNOWS": {"color": "#5eead4", "width": 1.5, "dashes": [2, 5], "label": "knows"},
    "RELATES_TO": {"color": "#d97706", "width": 2, "label": "our relationship (width = "
                   "strength; dashed = stale)"},
    "ASSIGNED_TO": {"color": "#92400e", "width": 2, "arrows": "to", "dashes": [10, 4],
                    "label": "assigned to"},
    "SUBSCRIBES": {"color": "#9333ea", "width": 1.5, "arrows": "to", "label": "subscribes"},
}
RISK_COLORS = {"high": "#dc2626", "medium": "#f97316", "ok": "#16a34a", "none": "#94a3b8"}
RISK_LEGEND = [("#dc2626", "dark entity (nobody of ours knows anyone there)"),
               ("#f97316", "unassigned entity / over-contacted stakeholder"),
               ("#db2777", "single-threaded revenue account (⚠)"),
               ("#64748b", "larger = more MRR hangs on this person")]


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


class _Overlay:
    """The analyses' findings, indexed for styling."""

    def __init__(self, G: nx.MultiDiGraph, on: bool):
        self.uncovered = {e.id: e.reasons for e in uncovered_entities(G)} if on else {}
        self.threads = {a.id: a for a in single_threaded_accounts(G)} if on else {}
        self.contacts = ({s.id: s for s in contact_load(G).stakeholders} if on else {})
        self.key = {p.id: p for p in key_person_risk(G)} if on else {}
        self.stale = ({(r.owner, r.stakeholder) for r in stale_relationships(G)} if on
                      else set())
        self.last_contact: dict[str, Any] = {}
        for (_, s), pair in facts(G).pairs.items():
            if pair.last_contact and (s not in self.last_contact
                                      or pair.last_contact > self.last_contact[s]):
                self.last_contact[s] = pair.last_contact

    def notes(self, node: str) -> list[str]:
        out = []
        for reason in self.uncovered.get(node, ()):
            out.append("dark: nobody of ours knows anyone here" if reason == "dark"
                       else "unassigned: no owner is responsible")
        if node in self.threads:
            a = self.threads[node]
            out.append(f"{' and '.join(a.flags).replace('_', ' ')}: {a.customer_threads} "
                       f"contact(s), {a.owner_threads} owner(s) for {a.mrr:,.0f} MRR")
        if node in self.contacts:
            c = self.contacts[node]
            out.append(f"over-contacted: {c.owner_count} owners, {c.collisions} collision(s) "
                       f"in the window")
        if node in self.key:
            k = self.key[node]
            out.append(f"key person: {k.mrr_at_risk:,.0f} MRR and {k.pipeline_at_risk:,.0f} "
                       f"pipeline hang on them alone")
        return out

    def severity(self, node: str) -> str:
        if "dark" in self.uncovered.get(node, ()) or node in self.threads \
                or node in self.contacts or (node in self.key and self.key[node].mrr_at_risk):
            return "high"
        if node in self.uncovered or node in self.key:
            return "medium"
        return "ok"


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
    overlay = _Overlay(G, opts.risk)
    names = {n: _display_name(G, n, opts) for n in nodes}
    public = _public_ids(G, nodes, opts)

    tree = _tree(G, nodes)
    near: dict[str, list[str]] = defaultdict(list)
    for u, v, etype, _ in edges:
        if etype in ("RELATES_TO", "ASSIGNED_TO"):
            near[u].append(v)
    owners = {n: near.get(n, []) for n in nodes if f.kind[n] == "owner"}
    pos = org_layout(tree, owners, [n for n in nodes if f.kind[n] == "product"])

    model = MapModel(title=_title(G, opts))
    for n in nodes:
        model.nodes.append(_node(G, n, f.kind[n], names, public, pos.get(n, (0.0, 0.0)),
                                 overlay, opts))
    for u, v, etype, attrs in edges:
        model.edges.append(_edge(public[u], public[v], etype, attrs, (u, v) in overlay.stale,
                                 f.as_of))
    model.kinds = [k for k in KINDS if k in opts.kinds and any(f.kind[n] == k for n in nodes)]
    model.legend_nodes = [{"kind": k, "label": STYLE[k]["label"], "shape": STYLE[k]["shape"],
                           "color": STYLE[k]["color"]} for k in model.kinds]
    used = {e[2] for e in edges}
    model.legend_edges = [{"type": t, **s} for t, s in EDGE_STYLE.items() if t in used]
    model.legend_risk = RISK_LEGEND if opts.risk else []
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


def _node(G: nx.MultiDiGraph, n: str, kind: str, names: dict[str, str],
          public: dict[str, str], xy: tuple[float, float], overlay: _Overlay,
          opts: MapOptions) -> dict[str, Any]:
    f = facts(G)
    a = G.nodes[n]
    style = STYLE[kind]
    details: list[list[str]] = [["kind", style["label"]]]
    if opts.redact != "names" or kind not in ("stakeholder", "owner"):
        details.append(["id", n])
    if kind == "stakeholder":
        for key in ("title", "seniority", "sentiment"):
            if a.get(key):
                details.append([key, str(a[key])])
        details.append(["works at", names.get(f.company_of[n], f.name[f.company_of[n]])])
        if f.stakeholder_dept[n]:
            details.append(["department", f.name[f.stakeholder_dept[n]]])
        if a.get("roles"):
            details.append(["roles", ", ".join(r.replace("_", " ") for r in a["roles"])])
        if a.get("status") == "left":
            details.append(["status", "left the company"])
        ours = sorted(f.owners_of.get(n, ()))
        if ours:
            details.append(["our owners", ", ".join(names.get(o) or _display_name(G, o, opts)
                                                    for o in ours)])
        last = overlay.last_contact.get(n)
        details.append(["last contact", last.isoformat() if last else "never"])
        for key in ("email", "phone"):
            if a.get(key):
                details.append([key, "[redacted]" if opts.redact else str(a[key])])
    elif kind == "owner":
        details.append(["role", a["role"].replace("_", " ")])
        if a.get("team"):
            details.append(["team", str(a["team"])])
        if a.get("email"):
            details.append(["email", "[redacted]" if opts.redact else str(a["email"])])
    elif kind in ("company", "department"):
        details.append(["group", f.name[f.group_of[n]]])
        details.append(["current MRR", f"{f.current_mrr(n):,.0f}"])
        details.append(["potential MRR", f"{f.potential.get(n, 0.0):,.0f}"])
        if f.pipeline.get(n):
            details.append(["open pipeline", f"{f.pipeline[n]:,.0f}"])
        for key in ("country", "industry", "function"):
            if a.get(key):
                details.append([key, str(a[key])])
        assigned = sorted({o for o, _ in f.assigned_on.get(n, ())})
        if assigned:
            details.append(["assigned", ", ".join(names.get(o) or _display_name(G, o, opts)
                                                 for o in assigned)])
    elif kind == "group" and a.get("industry"):
        details.append(["industry", str(a["industry"])])
    notes = overlay.notes(n)
    for note in notes:
        details.append(["risk", note])

    label = names[n]
    if n in overlay.threads:
        label = "⚠ " + label
    if a.get("status") == "left":
        label += " (left)"
    size = style["size"]
    if n in overlay.key:
        size += min(40, 3 * math.sqrt(overlay.key[n].mrr_at_risk / 100))
    fill = style["color"]
    border, border_width, dashes = fill, 1, False
    if opts.color_by == "risk":
        fill = RISK_COLORS[overlay.severity(n) if kind not in ("group", "product") else "none"]
        border = fill
    if kind == "stakeholder" and a.get("status") == "left":
        fill = border = "#cbd5e1"
    if opts.color_by == "kind":
        reasons = overlay.uncovered.get(n, ())
        if "dark" in reasons:
            border, border_width, dashes = RISK_COLORS["high"], 3, "unassigned" in reasons
        elif reasons:
            border, border_width = RISK_COLORS["medium"], 3
        if n in overlay.threads and "dark" not in reasons:  # dark keeps its red border
            border, border_width = "#db2777", 4
        if n in overlay.contacts:
            fill, border, border_width = "#fb923c", "#c2410c", 3
    title = "\n".join([names[n], *[f"{k}: {v}" for k, v in details[1:]]])
    x, y = xy
    node: dict[str, Any] = {
        "id": public[n], "label": _short(label), "name": names[n], "kind": kind,
        "shape": style["shape"], "title": title, "details": details, "x": x, "y": y,
        "size": round(size, 1), "borderWidth": border_width,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#111827"}},
        "font": {"color": style["font"] if kind in ("group", "company", "department")
                 and opts.color_by == "kind" else "#0f172a",
                 "size": style["size"] if kind in ("group", "company", "department") else 16,
                 # labels drawn outside dots/diamonds get a halo to stay legible over edges
                 "strokeWidth": 0 if style["shape"] == "box" else 3, "strokeColor": "#ffffff"},
        "shapeProperties": {"borderDashes": [6, 4] if dashes else False},
    }
    if kind in ("group", "company", "department") and opts.color_by == "risk":
        node["font"]["color"] = "#ffffff"
    return node


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _edge(u: str, v: str, etype: str, attrs: dict[str, Any], stale: bool,
          as_of: Any) -> dict[str, Any]:
    style = EDGE_STYLE[etype]
    edge: dict[str, Any] = {"from": u, "to": v, "type": etype, "color": style["color"],
                            "width": style["width"], "title": style["label"].split(" (")[0]}
    if style.get("arrows"):
        edge["arrows"] = style["arrows"]
    if style.get("dashes"):
        edge["dashes"] = style["dashes"]
    if etype == "RELATES_TO":
        edge["width"] = attrs["strength"]
        last = attrs["last_contact"]
        when = f"{last.isoformat()} ({(as_of - last).days} days ago)" if last else "never"
        edge["title"] = f"our relationship · strength {attrs['strength']} · last contact {when}"
        if stale:
            edge["dashes"] = [8, 6]
            edge["title"] += " · stale"
    elif etype == "ASSIGNED_TO":
        edge["title"] = f"assigned as {attrs['role'].replace('_', ' ')}"
    elif etype == "SUBSCRIBES":
        edge["title"] = f"{attrs['status']} subscription · {attrs['mrr']:,.0f} MRR"
        if attrs["status"] != "active":
            edge["dashes"] = [3, 3]
    return edge
