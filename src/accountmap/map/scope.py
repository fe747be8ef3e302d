"""What a relationship map shows: its scope.

Every group, or one ``group``; then, with ``focus``, only what lies within ``depth`` links of
that node on the map; then only the ``kinds`` asked for. The map's links are the org
structure (``IN_GROUP`` for a group's top companies, ``SUBSIDIARY_OF``, ``PART_OF``,
``WORKS_IN`` to a person's department, else company), the people's ``REPORTS_TO`` and
``KNOWS``, the dashed link between two posts of one person (``SAME_PERSON_AS``), our
relationship pairs (``RELATES_TO``), assignments and subscriptions.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    import networkx as nx

    from ..facts import Facts

from ..errors import NotFoundError, UsageError, not_found_message
from ..i18n import Lang, check_lang
from ..limits import check_one_of

Kind = Literal["group", "company", "department", "stakeholder", "owner", "product"]
ColorBy = Literal["kind", "risk"]
Redaction = Literal["contacts", "names", "customer"]

KINDS: tuple[Kind, ...] = get_args(Kind)
DEFAULT_KINDS: tuple[Kind, ...] = ("group", "company", "department", "stakeholder", "owner")
COLOR_BY: tuple[ColorBy, ...] = get_args(ColorBy)
REDACTIONS: tuple[Redaction, ...] = get_args(Redaction)


@dataclass(frozen=True)
class MapOptions:
    """What to draw. Every vocabulary is checked here, so a typo is an error, not a blank."""

    group: str | None = None
    focus: str | None = None
    depth: int = 2
    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    risk: bool = True
    color_by: ColorBy = "kind"
    redact: Redaction | None = None
    max_nodes: int = 3000
    lang: Lang = "en"
    cross_groups: bool = False  # with focus: may the neighbourhood leave the focus's group?

    def __post_init__(self) -> None:
        bad = sorted(set(self.kinds) - set(KINDS))
        if bad:
            raise UsageError(f"unknown kind(s) {', '.join(bad)} (kinds: {', '.join(KINDS)})")
        check_one_of("colouring", self.color_by, COLOR_BY)
        if self.redact is not None:
            check_one_of("redaction level", self.redact, REDACTIONS)
        check_lang(self.lang)
        if self.depth < 0 or self.max_nodes < 1:
            raise UsageError("depth must be 0 or more and the node limit at least 1")


MapEdgeSpec = tuple[str, str, str, dict[str, Any]]  # source, target, type, attributes


def scope(G: nx.MultiDiGraph[str], opts: MapOptions) -> tuple[list[str], list[MapEdgeSpec]]:
    """The nodes and links of the map, before styling (see module docstring)."""

    from ..facts import facts

    f = facts(G)
    if opts.group is not None:
        f.require(opts.group, "group")
    if opts.focus is not None and opts.focus not in f.kind:
        raise NotFoundError(not_found_message("node", opts.focus, sorted(f.kind)))
    if opts.focus is not None and opts.group is None and not opts.cross_groups \
            and f.group_of.get(opts.focus):
        # a focus stays inside its own group (one of our owners knows people elsewhere too)
        opts = replace(opts, group=f.group_of[opts.focus])
    nodes = _nodes(f, opts)
    edges = _edges(G, f, nodes)
    if opts.focus is not None:
        if opts.focus not in set(nodes):
            raise NotFoundError(f"no node '{opts.focus}' in this map's scope")
        near = _neighbourhood(opts.focus, edges, opts.depth)
        nodes = [n for n in nodes if n in near]
    keep = {n for n in nodes if f.kind[n] in opts.kinds}
    nodes = [n for n in nodes if n in keep]
    return nodes, [e for e in edges if e[0] in keep and e[1] in keep]


def _nodes(f: Facts, opts: MapOptions) -> list[str]:
    groups = [opts.group] if opts.group else sorted(f.groups)
    in_groups = set(groups)
    companies = [c for c in f.companies if f.group_of[c] in in_groups]
    departments = [d for d in f.departments if f.group_of[d] in in_groups]
    people = [s for s in f.stakeholders if f.group_of[s] in in_groups]
    accounts = set(companies) | set(departments)
    person_set = set(people)
    owners = sorted({o for (o, s) in f.pairs if s in person_set}
                    | {o for o, a, _ in f.assignments if a in accounts or a in in_groups}
                    | (set(f.owners) if opts.group is None else set()))
    return [*groups, *companies, *departments, *people, *owners, *sorted(f.products)]


def _edges(G: nx.MultiDiGraph[str], f: Facts, nodes: list[str]) -> list[MapEdgeSpec]:
    from ..graph import edges_of_type

    present = set(nodes)
    edges: list[MapEdgeSpec] = []
    for c in (n for n in nodes if f.kind[n] == "company"):
        parent = G.nodes[c].get("parent")
        edges.append((c, parent, "SUBSIDIARY_OF", {}) if parent
                     else (c, f.group_of[c], "IN_GROUP", {}))
    for d in (n for n in nodes if f.kind[n] == "department"):
        edges.append((d, f.dept_parent[d] or f.company_of[d], "PART_OF", {}))
    for s in (n for n in nodes if f.kind[n] == "stakeholder"):
        edges.append((s, f.stakeholder_dept[s] or f.company_of[s], "WORKS_IN", {}))
    for etype in ("REPORTS_TO", "KNOWS", "SAME_PERSON_AS"):
        edges.extend((u, v, etype, {}) for u, v, _ in edges_of_type(G, etype))
    for (o, s), pair in f.pairs.items():
        edges.append((o, s, "RELATES_TO", {"strength": pair.strength,
                                           "last_contact": pair.last_contact}))
    edges.extend((o, a, "ASSIGNED_TO", {"role": role}) for o, a, role in f.assignments)
    edges.extend((u, v, "SUBSCRIBES", {"status": a["status"], "mrr": a["mrr"]})
                 for u, v, a in edges_of_type(G, "SUBSCRIBES"))
    return [e for e in edges if e[0] in present and e[1] in present]


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


def largest_groups(G: nx.MultiDiGraph[str], top: int = 3) -> list[tuple[str, int]]:
    """The groups with the most companies, departments and people: (id, count), largest first
    (what to suggest when a map is too large)."""

    from ..facts import facts

    f = facts(G)
    sizes = Counter(f.group_of[n] for n in (*f.companies, *f.departments, *f.stakeholders))
    return sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
