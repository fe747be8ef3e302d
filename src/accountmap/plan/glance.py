"""The plan's first section, the group at a glance: the legal-entity tree, MRR by product
line, revenue movements, the open pipeline and whether new money covers the gap.

Pipeline (``contracts.win_probability``): the group's open opportunities split into renewals
(kind ``renewal``) and new money (every other kind), each with its count, contract value, the
MRR it would add (``mrr``; a renewal deal adds none: it protects the MRR it renews) and that
MRR weighted by its chance to win (``weighted_mrr`` = sum of mrr x probability / 100).
``new_money_in_period_mrr``: the weighted MRR of new-business and expansion deals closing on
or before the end of the period (default the fiscal year containing as_of); new money covers
the gap when it is >= ``gap_to_target``. Deals with no probability are listed in
``unweighted`` and weigh nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from ..analysis.revenue import GroupRevenue
from ..contracts import win_probability
from ..facts import Facts
from ..graph import opportunities


@dataclass(frozen=True, slots=True)
class EntityLine:
    """A company in the legal-entity tree (``depth`` 0 for a top company)."""

    id: str
    name: str
    depth: int
    ownership: float | None
    country: str | None
    mrr: float
    potential_mrr: float


@dataclass(frozen=True, slots=True)
class LineMrr:
    line: str | None
    products: list[str]
    mrr: float


@dataclass(frozen=True, slots=True)
class Pipeline:
    kind: str  # renewal or new_money
    count: int
    amount: float
    mrr: float
    without_mrr: int
    weighted_mrr: float


@dataclass(frozen=True, slots=True)
class Glance:
    mrr: float
    target_mrr: float | None
    gap_to_target: float | None
    entities: list[EntityLine]
    by_line: list[LineMrr]
    revenue: GroupRevenue
    pipeline: list[Pipeline]
    new_money_covers_gap: bool | None  # None without a target
    new_money_in_period_mrr: float
    unweighted: list[str]


def glance(G: nx.MultiDiGraph[str], f: Facts, group: str, revenue: GroupRevenue,
           period_end: dt.date) -> Glance:
    companies = [c for c in f.companies if f.group_of[c] == group]
    present = set(companies)
    kids: dict[str | None, list[str]] = defaultdict(list)
    for c in companies:
        parent = f.parent_company.get(c)
        kids[parent if parent in present else None].append(c)
    entities: list[EntityLine] = []

    def ordered(parent: str | None) -> list[str]:
        return sorted(kids.get(parent, ()), key=lambda c: (-f.current_mrr(c), f.name[c], c))

    # depth first, children in order, without recursion (a chain may be thousands deep)
    stack: list[tuple[str, int]] = [(c, 0) for c in reversed(ordered(None))]
    while stack:
        c, depth = stack.pop()
        a = G.nodes[c]
        entities.append(EntityLine(c, f.name[c], depth, f.ownership.get(c), a.get("country"),
                                   round(f.current_mrr(c), 2),
                                   round(f.potential.get(c, 0.0), 2)))
        stack.extend((k, depth + 1) for k in reversed(ordered(c)))
    by_line: dict[str | None, float] = defaultdict(float)
    line_products: dict[str | None, set[str]] = defaultdict(set)
    for account, product, a in G.edges(data=True):
        if a.get("type") == "SUBSCRIBES" and a.get("status") == "active" \
                and f.group_of.get(account) == group:
            line = G.nodes[product].get("line")
            by_line[line] += a.get("mrr", 0.0)
            line_products[line].add(product)
    lines = [LineMrr(line, sorted(line_products[line], key=lambda p: f.name[p]),
                     round(mrr, 2)) for line, mrr in by_line.items()]
    lines.sort(key=lambda x: (-x.mrr, x.line or ""))
    pipeline, in_period, unweighted = _pipeline(G, f, group, period_end)
    gap = revenue.gap_to_target
    covers = None if gap is None else in_period >= gap
    return Glance(revenue.end_mrr, revenue.target_mrr, gap, entities, lines, revenue,
                  pipeline, covers, in_period, unweighted)


def _pipeline(G: nx.MultiDiGraph[str], f: Facts, group: str, period_end: dt.date
              ) -> tuple[list[Pipeline], float, list[str]]:
    """The pipeline rows, the weighted new money closing in the period, and the ids of the
    open deals with no probability (module docstring)."""
    stages: dict[str, int] = G.graph.get("stage_probabilities") or {}
    sums = {k: [0, 0.0, 0.0, 0, 0.0] for k in ("renewal", "new_money")}
    in_period = 0.0
    unweighted = []
    for o in opportunities(G):
        if o.status != "open" or f.group_of.get(o.account) != group:
            continue  # (the graph holds only the opportunities created by as_of)
        renewal = o.kind == "renewal"
        row = sums["renewal" if renewal else "new_money"]
        row[0] += 1
        row[1] += o.amount
        probability = win_probability(o, stages)
        if probability is None:
            unweighted.append(o.id)
        if o.mrr is None:
            row[3] += 1
        elif not renewal:  # a renewal deal protects MRR, it adds none
            row[2] += o.mrr
            weighted = o.mrr * (probability or 0) / 100
            row[4] += weighted
            if o.close_date is not None and o.close_date <= period_end:
                in_period += weighted
    rows = [Pipeline(k, int(v[0]), round(v[1], 2), round(v[2], 2), int(v[3]), round(v[4], 2))
            for k, v in sums.items()]
    return rows, round(in_period, 2), sorted(unweighted)
