"""The definitions every analysis shares, computed once per graph.

- ``as_of``: the graph's date. The graph already holds the dataset as of that day
  (``asof.at``): stakeholders, subscriptions, opportunities and touchpoints as they stood.
- Only stakeholders active on as_of count (``active``). Posts of one person (``same_person_as``:
  兼務, 出向) are one person: ``person`` maps each record to the post that stands for it.
- A stakeholder **belongs to** an entity E when E is its company, its department, or an
  ancestor department of its department. A company does not include its subsidiaries' people.
- A **relationship pair** (owner, stakeholder) exists when a relationship record names them or
  a touchpoint (on or before as_of) has both among its participants. Its last contact is the
  latest of the record's ``last_contact`` and its touchpoint dates. Its strength is the
  record's ``strength`` when given, else **derived** (``derived_strength``) from the pair's
  touchpoints: ``n`` = touchpoints of the pair in the 365 days up to as_of; 1 when n = 0,
  else 1 (n = 1), 2 (n = 2-3), 3 (n = 4-7) or 4 (n >= 8), plus 1 when the last contact is
  at most 90 days before as_of. Always 1-5.
- An assignment on X **covers** X and every department beneath X (not subsidiaries); an
  assignment on a group covers every company and department of the group.
- A **revenue account** is a company or department with an active subscription or an open
  opportunity directly on it; ``mrr`` and ``pipeline`` are the sums directly on it.
- An entity's **current_mrr** is the active MRR on it and on every department beneath it.

``facts(G)`` builds these indexes in one pass over the graph (the relationship pairs and who
belongs where when first asked: a summary needs only the pairs' keys, ``pair_keys``) and
caches them in NetworkX's own per-graph cache (``G.__networkx_cache__``), so several
analyses on one graph pay once.
NetworkX empties that cache whenever nodes or edges are added or removed, and a copy of the
graph starts with an empty one, so a changed graph never returns stale facts. (As with
NetworkX's own cached values, attributes edited in place are not seen: rebuild the graph.)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import chain, product
from operator import attrgetter
from typing import Any, TypeVar, cast

import networkx as nx

from .errors import NotFoundError, not_found_message
from .graph import all_edges, touchpoints
from .graph import as_of as graph_as_of
from .model import Touchpoint
from .organisation import person_of
from .perf import bulk
from .references import RECORD_LINKS, REFERENCES

#: Touchpoints counted for a derived strength: those in the year up to as_of; a contact in
#: the last quarter adds one.
FREQUENCY_DAYS, RECENCY_DAYS = 365, 90


def derived_strength(dates: list[dt.date], last_contact: dt.date | None,
                     as_of: dt.date) -> int:
    """The strength of a pair without a recorded one (see module docstring): from how many
    ``dates`` (its touchpoints, none after as_of) fall in the last year, plus one when
    ``last_contact`` is recent."""
    return strength_on(as_of)(dates, last_contact)


@functools.lru_cache(maxsize=16)
def strength_on(as_of: dt.date) -> Callable[[list[dt.date], dt.date | None], int]:
    """``derived_strength`` on one day, with its day's bounds worked out once (a book has
    hundreds of thousands of pairs)."""
    in_the_year = (as_of - dt.timedelta(days=FREQUENCY_DAYS)).__lt__  # under 365 days ago
    recent_from = as_of - dt.timedelta(days=RECENCY_DAYS)  # at most 90 days ago

    def strength(dates: list[dt.date], last_contact: dt.date | None) -> int:
        n = sum(map(in_the_year, dates))  # counted in C
        base = 1 if n < 2 else 2 if n < 4 else 3 if n < 8 else 4
        return base + (1 if last_contact is not None and last_contact >= recent_from else 0)

    return strength


@dataclass(slots=True)
class Pair:
    """A relationship pair: its strength (recorded, else derived), last contact (None when
    never dated), and whether a relationship record names it."""

    last_contact: dt.date | None = None
    recorded: bool = False
    recorded_strength: int | None = None
    dates: list[dt.date] = field(default_factory=list)
    #: ``derived_strength`` on the graph's day (``strength_on``), set by the facts
    rule: Callable[[list[dt.date], dt.date | None], int] | None = field(
        default=None, repr=False, compare=False)

    @property
    def strength(self) -> int:
        """The recorded strength, else the derived one (worked out when asked: a summary
        never asks, and a book has hundreds of thousands of pairs)."""
        if self.recorded_strength is not None:
            return self.recorded_strength
        return self.rule(self.dates, self.last_contact) if self.rule else 1


@dataclass
class Facts:
    """Indexes of one graph that every analysis reads. Build with ``facts(G)``."""

    as_of: dt.date
    kind: dict[str, str] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)  # company/dept/stakeholder -> group
    company_of: dict[str, str] = field(default_factory=dict)  # department/stakeholder -> company
    dept_parent: dict[str, str | None] = field(default_factory=dict)
    parent_company: dict[str, str | None] = field(default_factory=dict)  # company -> parent
    ownership: dict[str, float | None] = field(default_factory=dict)  # company -> % owned
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    potential: dict[str, float] = field(default_factory=dict)
    companies: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    target: dict[str, float] = field(default_factory=dict)  # group -> target_mrr
    currency: dict[str, str] = field(default_factory=dict)  # group -> currency
    products: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    owner_role: dict[str, str] = field(default_factory=dict)
    stakeholders: list[str] = field(default_factory=list)
    active: set[str] = field(default_factory=set)
    stakeholder_dept: dict[str, str | None] = field(default_factory=dict)
    #: stakeholder record -> the record that stands for its person (``organisation.person_of``:
    #: concurrent posts and secondments are one person; a record without others, itself)
    person: dict[str, str] = field(default_factory=dict)
    same_person_as: dict[str, str | None] = field(default_factory=dict)
    cadence: dict[str, int] = field(default_factory=dict)  # stakeholder -> cadence_days
    #: the pairs a relationship record names, completed by touchpoints in ``pairs``
    _recorded: dict[tuple[str, str], Pair] = field(default_factory=dict, repr=False)
    #: the graph's touchpoints (all on or before as_of: the graph holds the day's dataset)
    touchpoints: list[Touchpoint] = field(default_factory=list, repr=False)
    assignments: list[tuple[str, str, str]] = field(default_factory=list)  # owner, account, role
    assigned_on: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list))  # account -> [(owner, role)] directly on it
    covering: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mrr: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pipeline: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    revenue_accounts: set[str] = field(default_factory=set)
    _subtree_mrr: dict[str, float] | None = field(default=None, repr=False)
    _posts: dict[str, list[str]] | None = field(default=None, repr=False)

    @functools.cached_property
    def _membership(self) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
        """``belongs`` and ``members``, built together when first asked (a summary never
        asks)."""
        with bulk():
            return _belonging(self)

    @property
    def belongs(self) -> dict[str, list[str]]:
        """Stakeholder -> the units it belongs to: its company, then its department and the
        departments above it, nearest first."""
        return self._membership[0]

    @property
    def members(self) -> dict[str, set[str]]:
        """Unit (company or department) -> the active stakeholders belonging to it."""
        return self._membership[1]

    @functools.cached_property
    def _pairing(self) -> tuple[dict[tuple[str, str], Pair], dict[str, set[str]]]:
        """``pairs`` and ``owners_of``, built together when first asked (a summary needs
        only ``pair_keys``)."""
        with bulk():
            return _pair_index(self)

    @property
    def pairs(self) -> dict[tuple[str, str], Pair]:
        """Every relationship pair (see module docstring) by (owner, stakeholder): those a
        record names first, then those only touchpoints make, in file order."""
        return self._pairing[0]

    @property
    def owners_of(self) -> dict[str, set[str]]:
        """Stakeholder -> the owners with a relationship pair with them."""
        return self._pairing[1]

    def pair_keys(self) -> Collection[tuple[str, str]]:
        """(owner, stakeholder) of every relationship pair, in the order of ``pairs``: its
        keys, found without building the pairs when they are not built yet (in C, from the
        touchpoints' participants: a thousand-group book has 870k touchpoints)."""
        if "_pairing" in self.__dict__:  # (built: ``functools.cached_property`` keeps it there)
            return self.pairs.keys()
        tps = self.touchpoints
        with bulk():  # (a dict, not a set: its keys are read in the order they were made,
            # which is the touchpoints' order, so going through them stays near in memory)
            met = chain.from_iterable(map(product, map(attrgetter("owners"), tps),
                                          map(attrgetter("stakeholders"), tps)))
            return dict.fromkeys(chain(self._recorded, met)).keys()

    def beneath(self, entity: str) -> list[str]:
        """Every department beneath an entity (its whole department subtree), not itself."""
        out: list[str] = []
        stack = list(self.children.get(entity, ()))
        while stack:
            d = stack.pop()
            out.append(d)
            stack.extend(self.children.get(d, ()))
        return out

    def units_above(self, account: str) -> list[str]:
        """The account, its parent departments, its company and its group, nearest first:
        the units whose assignments cover it."""
        chain = [account]
        if self.kind[account] == "department":
            parent = self.dept_parent.get(account)
            while parent is not None:
                chain.append(parent)
                parent = self.dept_parent.get(parent)
            chain.append(self.company_of[account])
        chain.append(self.group_of[account])
        return chain

    def current_mrr(self, entity: str) -> float:
        """Active MRR on the entity and on every department beneath it (each subtree summed
        once per graph, children before parents, so deep department chains cost linear
        time)."""
        if self._subtree_mrr is None:
            self._subtree_mrr = self._subtree_sums()
        return self._subtree_mrr.get(entity, self.mrr.get(entity, 0.0))

    def _subtree_sums(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for root in self.companies:  # (a group has no departments: its own MRR, 0)
            order, stack = [], [root]
            while stack:  # pre-order, then summed in reverse: every child before its parent
                unit = stack.pop()
                order.append(unit)
                stack.extend(self.children.get(unit, ()))
            for unit in reversed(order):
                totals[unit] = self.mrr.get(unit, 0.0) + sum(
                    totals[c] for c in self.children.get(unit, ()))
        return totals

    def by_group(self, amounts: dict[str, float]) -> dict[str, float]:
        """Per-account amounts (``mrr`` or ``pipeline``) summed per group; 0 for others."""
        totals: dict[str, float] = defaultdict(float)
        for account, value in amounts.items():
            totals[self.group_of[account]] += value
        return totals

    def require(self, node: str, kind: str) -> None:
        """Raise NotFoundError unless ``node`` is an id of this kind (an unknown id given as
        a filter would otherwise read as an empty, all-clear answer); the message suggests
        the nearest ids of that kind."""
        if self.kind.get(node) != kind:
            known = sorted(n for n, k in self.kind.items() if k == kind)
            raise NotFoundError(not_found_message(kind, node, known))

    def other_posts(self, post: str) -> list[str]:
        """The other active posts of the person holding ``post`` (兼務, 出向), by id."""
        if post not in self.active or not self.same_person_as:
            return []
        if self._posts is None:  # person -> active posts, built once per graph
            self._posts = defaultdict(list)
            for s in sorted(self.active):
                self._posts[self.person[s]].append(s)
        return [s for s in self._posts.get(self.person[post], ()) if s != post]

    def paired_members(self, entity: str) -> set[str]:
        """Active stakeholders belonging to the entity that have at least one relationship pair."""
        return {s for s in self.members.get(entity, ()) if self.owners_of.get(s)}


T = TypeVar("T")


def cached_on(G: nx.MultiDiGraph[str], name: str, build: Callable[[], T]) -> T:
    """``build()`` once per graph state: kept in NetworkX's per-graph cache, which NetworkX
    clears on every structural change, keyed also by the graph's as_of and touchpoint list
    (graph attributes NetworkX does not watch)."""
    cache: dict[str, Any] = G.__networkx_cache__
    key = (G.graph.get("as_of"), id(G.graph.get("touchpoints")),
           len(G.graph.get("touchpoints") or ()))
    entry = cache.get(f"accountmap.{name}")
    if entry is None or entry[0] != key:
        entry = cache[f"accountmap.{name}"] = (key, build())
    return cast(T, entry[1])


def facts(G: nx.MultiDiGraph[str]) -> Facts:
    """The shared indexes of a graph, built once per graph state (see module docstring)."""

    def build() -> Facts:
        with bulk():
            return _build(G)

    return cached_on(G, "facts", build)


def _build(G: nx.MultiDiGraph[str]) -> Facts:
    f = Facts(as_of=graph_as_of(G))
    _index_nodes(G, f)
    _index_membership(f)
    _index_edges(G, f)
    f.touchpoints = touchpoints(G)
    _index_coverage(f)
    return f


def _index_nodes(G: nx.MultiDiGraph[str], f: Facts) -> None:
    for n, a in G.nodes(data=True):
        kind = a["kind"]
        f.kind[n] = kind
        f.name[n] = a.get("name", n)
        if kind == "company":
            f.companies.append(n)
            f.group_of[n] = a["group"]
            f.parent_company[n] = a.get("parent")
            f.ownership[n] = a.get("ownership")
            f.potential[n] = a.get("potential_mrr", 0.0)
        elif kind == "department":
            f.departments.append(n)
            f.company_of[n] = a["company"]
            f.dept_parent[n] = a.get("parent")
            f.potential[n] = a.get("potential_mrr", 0.0)
        elif kind == "stakeholder":
            f.stakeholders.append(n)
            f.company_of[n] = a["company"]
            f.stakeholder_dept[n] = a.get("department")
            if a.get("status", "active") == "active":
                f.active.add(n)
            if a.get("cadence_days"):
                f.cadence[n] = a["cadence_days"]
            if a.get("same_person_as"):
                f.same_person_as[n] = a["same_person_as"]
        elif kind == "owner":
            f.owners.append(n)
            f.owner_role[n] = a["role"]
        elif kind == "group":
            f.groups.append(n)
            f.group_of[n] = n
            if a.get("target_mrr") is not None:
                f.target[n] = a["target_mrr"]
            if a.get("currency"):
                f.currency[n] = a["currency"]
        elif kind == "product":
            f.products.append(n)


def _index_membership(f: Facts) -> None:
    """Department trees, the group of each department and stakeholder, and who is the same
    person (who belongs where is built when first asked: ``_belonging``)."""
    f.person = {s: s for s in f.stakeholders}
    if f.same_person_as:
        f.person.update(person_of(f.same_person_as, f.active))
    for d in f.departments:
        f.group_of[d] = f.group_of.get(f.company_of[d], "")
        f.children[f.dept_parent[d] or f.company_of[d]].append(d)
    group_of, company_of = f.group_of, f.company_of
    for s in f.stakeholders:
        group_of[s] = group_of.get(company_of[s], "")


def _belonging(f: Facts) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Each stakeholder's chain of units, and each unit's active members."""
    belongs: dict[str, list[str]] = {}
    members: dict[str, set[str]] = defaultdict(set)
    for s in f.stakeholders:
        chain = [f.company_of[s]]
        unit = f.stakeholder_dept[s]
        while unit is not None:
            chain.append(unit)
            unit = f.dept_parent.get(unit)
        belongs[s] = chain
        if s in f.active:
            for e in chain:
                members[e].add(s)
    return belongs, members


#: Where the edges the facts read leave from: a record link's source (``references``:
#: owners for relationships and assignments, accounts for subscriptions), and an
#: opportunity's account. Stakeholders, with most of a book's edges, have none.
_READ_EDGES = frozenset({*(rl.link for rl in RECORD_LINKS), "OPPORTUNITY"})
_SOURCE_KINDS = frozenset(
    kind for r in REFERENCES for kind in r.kinds
    if (r.section, r.field) in {*((rl.section, rl.source) for rl in RECORD_LINKS),
                                ("opportunities", "account")})


def _index_edges(G: nx.MultiDiGraph[str], f: Facts) -> None:
    kind_of, sources = f.kind, _SOURCE_KINDS | {None}  # (a node NetworkX added has no kind)
    for u, v, a in all_edges(G, lambda u: kind_of.get(u) in sources):
        t = a["type"]
        if t == "RELATES_TO":
            f._recorded[(u, v)] = Pair(last_contact=a.get("last_contact"), recorded=True,
                                       recorded_strength=a.get("strength"))
        elif t == "ASSIGNED_TO":
            f.assignments.append((u, v, a.get("role") or f.owner_role.get(u, "other")))
        elif t == "SUBSCRIBES" and a.get("status") == "active":
            f.mrr[u] += a.get("mrr", 0.0)
            f.revenue_accounts.add(u)
        elif t == "OPPORTUNITY" and a.get("status") == "open":
            f.pipeline[u] += a.get("amount", 0.0)
            f.revenue_accounts.add(u)


def _pair_index(f: Facts) -> tuple[dict[tuple[str, str], Pair], dict[str, set[str]]]:
    """The relationship pairs (the recorded ones, and those touchpoints make), every pair's
    last contact and strength, and the owners of each stakeholder's pairs."""
    met: defaultdict[tuple[str, str], list[dt.date]] = defaultdict(list)  # in file order
    for t in f.touchpoints:
        day, stakeholders = t.date, t.stakeholders
        for o in t.owners:
            for s in stakeholders:
                met[(o, s)].append(day)
    pairs, rule = dict(f._recorded), strength_on(f.as_of)
    for recorded in pairs.values():
        recorded.rule = rule
    for key, days in met.items():
        last = max(days)
        pair = pairs.get(key)
        if pair is None:
            pairs[key] = Pair(last_contact=last, dates=days, rule=rule)
            continue
        if pair.last_contact is None or last > pair.last_contact:
            pair.last_contact = last
        pair.dates.extend(days)
    owners_of: dict[str, set[str]] = defaultdict(set)
    for o, s in pairs:
        owners_of[s].add(o)
    return pairs, owners_of


def _index_coverage(f: Facts) -> None:
    group_companies: dict[str, list[str]] = defaultdict(list)
    for c in f.companies:
        group_companies[f.group_of[c]].append(c)
    for owner, account, role in f.assignments:
        f.assigned_on[account].append((owner, role))
        tops = group_companies.get(account, []) if f.kind[account] == "group" else [account]
        f.covering[account].add(owner)
        for top in tops:
            f.covering[top].add(owner)
            for d in f.beneath(top):
                f.covering[d].add(owner)
