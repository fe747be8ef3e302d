"""Too many contact points: customers met by too many of our people, with no single voice.

Window: touchpoints dated in (as_of - ``window_days``, as_of] (default 90 days).

Per active person (the posts of one person, 兼務 or 出向, are one row under the post without
``same_person_as``: a person met by five of our people at two companies is one person met by
five):

- ``owners``: distinct owners in its window touchpoints; flag ``too_many_owners`` when there
  are more than ``max_owners`` (default 3);
- ``collisions``: pairs of its window touchpoints whose owner sets are disjoint and whose dates
  are at most ``collision_days`` apart (default 7); flag ``collisions`` when there is one. A
  joint meeting of several owners is one touchpoint, never a collision;
- ``suggested_contact``: the owner assigned as account_manager on the stakeholder's company
  (smallest id if several), else on its group; else the smallest-id owner with an assignment
  on their company, covering their department, or on their group; else the owner with the
  most window touchpoints with them (ties: smallest id).

Per company: distinct owners across its own stakeholders' window touchpoints (not its
subsidiaries'); flagged when more than ``max_company_owners`` (default 5).

Only flagged stakeholders and companies are returned, by owner_count descending, then id.

Example: a QA head met in one month by our account manager, customer success, customer sales
and a sales engineer, separately and days apart, has 4 owners (> 3) and several collisions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..facts import Facts
    from ..model import Touchpoint

from .declare import Analysis, Rows, count, days

WINDOW_DAYS = days("window_days", 90, "Look at touchpoints in (as_of - N days, as_of].",
                   low=1)
MAX_OWNERS = count("max_owners", 3, "Flag a stakeholder met by more owners than this.")
COLLISION_DAYS = days("collision_days", 7, "Two separate touchpoints this close, by disjoint "
                      "owners, collide.")
MAX_COMPANY_OWNERS = count("max_company_owners", 5, "Flag a company whose people were met by "
                           "more owners than this.")


@dataclass(frozen=True, slots=True)
class ContactedStakeholder:
    id: str
    name: str
    company: str
    owners: list[str]
    owner_count: int
    touchpoints: int
    collisions: int
    flags: list[str]
    suggested_contact: str | None


@dataclass(frozen=True, slots=True)
class ContactedCompany:
    id: str
    name: str
    owners: list[str]
    owner_count: int


@dataclass(frozen=True, slots=True)
class ContactLoad:
    stakeholders: list[ContactedStakeholder] = field(default_factory=list)
    companies: list[ContactedCompany] = field(default_factory=list)


def window_touchpoints(G: nx.MultiDiGraph[str], window_days: int) -> list[Touchpoint]:
    """Touchpoints dated in (as_of - window_days, as_of]."""

    from ..facts import facts
    from ..graph import touchpoints

    f = facts(G)
    start = f.as_of - dt.timedelta(days=window_days)
    return [t for t in touchpoints(G) if start < t.date <= f.as_of]


def colliding(meetings: list[tuple[dt.date, frozenset[str]]],
              collision_days: int) -> list[tuple[dt.date, dt.date]]:
    """The dates of each pair of meetings at most ``collision_days`` apart whose owner sets
    are disjoint, in date order."""
    meetings = sorted(meetings, key=lambda m: m[0])
    pairs = []
    for i, (day, owners) in enumerate(meetings):
        for later_day, later_owners in meetings[i + 1:]:
            if (later_day - day).days > collision_days:
                break
            if owners.isdisjoint(later_owners):
                pairs.append((day, later_day))
    return pairs


def count_collisions(meetings: list[tuple[dt.date, frozenset[str]]], collision_days: int) -> int:
    """Pairs of meetings at most ``collision_days`` apart whose owner sets are disjoint."""
    return len(colliding(meetings, collision_days))


def collision_pairs(G: nx.MultiDiGraph[str], stakeholders: set[str], *,
                    window_days: int = WINDOW_DAYS.default,
                    collision_days: int = COLLISION_DAYS.default,
                    ) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Per stakeholder, the dates of its collisions in the window (see module docstring)."""
    meetings: dict[str, list[tuple[dt.date, frozenset[str]]]] = defaultdict(list)
    for t in window_touchpoints(G, window_days):
        for s in set(t.stakeholders) & stakeholders:
            meetings[s].append((t.date, frozenset(t.owners)))
    return {s: colliding(meetings.get(s, []), collision_days) for s in stakeholders}


def suggested_contact(f: Facts, stakeholder: str, window_counts: Counter[str]) -> str | None:
    """The one voice we suggest for a stakeholder (rules in the module docstring)."""
    company = f.company_of[stakeholder]
    group = f.group_of[company]
    for unit in (company, group):
        managers = [o for o, role in f.assigned_on.get(unit, ()) if role == "account_manager"]
        if managers:
            return min(managers)
    # their company, department chain (belongs[s] is [company, dept, parent, ...]) and group
    assigned = [o for unit in (*f.belongs[stakeholder], group)
                for o, _ in f.assigned_on.get(unit, ())]
    if assigned:
        return min(assigned)
    if window_counts:
        return min(window_counts, key=lambda o: (-window_counts[o], o))
    return None


def contact_load(G: nx.MultiDiGraph[str], *, window_days: int = WINDOW_DAYS.default,
                 max_owners: int = MAX_OWNERS.default,
                 collision_days: int = COLLISION_DAYS.default,
                 max_company_owners: int = MAX_COMPANY_OWNERS.default) -> ContactLoad:
    """Over-contacted stakeholders and companies (see module docstring)."""

    from ..facts import facts

    f = facts(G)
    meetings: dict[str, list[tuple[dt.date, frozenset[str]]]] = defaultdict(list)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    company_owners: dict[str, set[str]] = defaultdict(set)
    for t in window_touchpoints(G, window_days):
        owners = frozenset(t.owners)
        met_people = set()
        for s in t.stakeholders:
            if s in f.active:
                met_people.add(f.person[s])
                company_owners[f.company_of[s]] |= owners
        for person in met_people:
            meetings[person].append((t.date, owners))
            counts[person].update(owners)

    people = []
    for s, met in meetings.items():
        names = sorted(counts[s])
        collisions = count_collisions(met, collision_days)
        flags = []
        if len(names) > max_owners:
            flags.append("too_many_owners")
        if collisions:
            flags.append("collisions")
        if flags:
            people.append(ContactedStakeholder(
                s, f.name[s], f.company_of[s], names, len(names), len(met), collisions, flags,
                suggested_contact(f, s, counts[s])))
    people.sort(key=lambda p: (-p.owner_count, p.id))
    companies = [ContactedCompany(c, f.name[c], sorted(o), len(o))
                 for c, o in company_owners.items() if len(o) > max_company_owners]
    companies.sort(key=lambda c: (-c.owner_count, c.id))
    return ContactLoad(people, companies)


def contacts_from_rows(rows: Rows) -> ContactLoad:
    """The Cypher engine's rows (one table, ``scope`` telling stakeholders from companies)."""
    people, companies = [], []
    for r in rows:
        r = dict(r)
        scope = r.pop("scope")
        if scope == "stakeholder":
            people.append(ContactedStakeholder(**r))
        else:
            companies.append(ContactedCompany(r["id"], r["name"], r["owners"],
                                              r["owner_count"]))
    return ContactLoad(people, companies)


CONTACTS = Analysis(
    "contacts", contact_load,
    (WINDOW_DAYS, MAX_OWNERS, COLLISION_DAYS, MAX_COMPANY_OWNERS),
    "too many contact points", query="contacts", from_rows=contacts_from_rows)
