"""Per-group summary of a book of business.

For each corporate group: how many companies and departments it has on as_of, how many active
stakeholders (people: the posts of one person, 兼務 or 出向, count once), how many of our owners
are *involved* (have a relationship pair with one of its stakeholders, an assignment on one of
its accounts, or own one of its opportunities), its active MRR (all active subscriptions on its
companies and departments) and its open pipeline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx




@dataclass(frozen=True, slots=True)
class GroupSummary:
    id: str
    name: str
    companies: int
    departments: int
    stakeholders: int
    owners: int
    active_mrr: float
    open_pipeline: float


def summarize(G: nx.MultiDiGraph[str]) -> list[GroupSummary]:
    """One summary per group, sorted by group id."""

    from ..facts import facts
    from ..graph import opportunities

    f = facts(G)
    companies: dict[str, int] = defaultdict(int)
    departments: dict[str, int] = defaultdict(int)
    people: dict[str, set[str]] = defaultdict(set)
    owners: dict[str, set[str]] = defaultdict(set)
    for c in f.companies:
        companies[f.group_of[c]] += 1
    for d in f.departments:
        departments[f.group_of[d]] += 1
    for s in f.active:
        people[f.group_of[s]].add(f.person[s])
    for (o, s) in f.pair_keys():
        owners[f.group_of[s]].add(o)
    for o, account, _ in f.assignments:
        owners[f.group_of[account]].add(o)
    for opp in opportunities(G):
        if opp.owner:
            owners[f.group_of[opp.account]].add(opp.owner)
    mrr, pipeline = f.by_group(f.mrr), f.by_group(f.pipeline)
    return [
        GroupSummary(g, f.name[g], companies[g], departments[g], len(people[g]),
                     len(owners[g]), round(mrr[g], 2), round(pipeline[g], 2))
        for g in sorted(f.groups)
    ]
