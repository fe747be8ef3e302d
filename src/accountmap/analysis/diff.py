"""What changed since the last review: the differences between two states of a book.

The two states are two graphs: two data files (each as of its own date), or one book as of
two days. Each change names its entity by ``id`` and ``name`` (for relationships, the
stakeholder, with the ``owner``), with the value ``before`` and ``after`` where one applies.
The changes, in this order (then by id, then owner):

- ``stakeholder_joined`` / ``stakeholder_left``: active only in the new / only in the old
  state; ``stakeholder_moved``: left with a ``moved_to`` (before: their old unit, after: the
  record at the new place, which is then not reported as joined);
- ``roles_changed``, ``sentiment_changed``: a stakeholder in both states;
  ``manager_changed``: an active stakeholder in both states whose ``reports_to`` differs
  (before/after: the manager's id, null for none);
- ``relationship_gained`` / ``relationship_lost``: a relationship pair (a record or a
  touchpoint) only in the new / old state; ``relationship_faded``: strength 2 or more before,
  below 2 after;
- ``entity_added`` / ``entity_removed``: a company or department only in one file;
- ``entity_dark``, ``entity_unassigned``: a company or department in both states that gained
  that coverage reason (see ``coverage``); ``entity_covered``: it had a reason and has none;
- ``account_single_threaded``: a revenue account newly flagged single_threaded;
  ``account_recovered``: flagged before, a revenue account without the flag now;
- ``mrr_new_entity``, ``mrr_expansion``, ``mrr_contraction``, ``mrr_churned``: a company's
  MRR movement (definitions in ``revenue``), before and after amounts;
- ``stakeholder_over_contacted``: newly flagged by ``contacts`` (after: the flags).

Identical states give no change at all. With ``group``, only changes to that group's
people, companies and departments (in either state).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..facts import Facts, facts
from .contacts import contact_load
from .coverage import uncovered_entities
from .revenue import company_mrr, movement
from .threads import account_threads

CHANGES = ("stakeholder_joined", "stakeholder_left", "stakeholder_moved", "roles_changed",
           "sentiment_changed", "manager_changed", "relationship_gained", "relationship_lost",
           "relationship_faded", "entity_added", "entity_removed", "entity_dark",
           "entity_unassigned", "entity_covered", "account_single_threaded",
           "account_recovered", "mrr_new_entity", "mrr_expansion", "mrr_contraction",
           "mrr_churned", "stakeholder_over_contacted")
FADED_BELOW = 2


@dataclass(frozen=True, slots=True)
class Change:
    change: str
    kind: str
    id: str
    name: str
    owner: str | None = None
    before: Any = None
    after: Any = None


def diff(G_old: nx.MultiDiGraph[str], G_new: nx.MultiDiGraph[str], *,
         group: str | None = None) -> list[Change]:
    """Every change from the old state to the new (see module docstring)."""
    old, new = facts(G_old), facts(G_new)
    if group is not None and old.kind.get(group) != "group":
        new.require(group, "group")
    changes = [*_people(G_old, G_new, old, new), *_pairs(old, new),
               *_entities(G_old, G_new, old, new), *_accounts(G_old, G_new, new),
               *_revenue(old, new), *_contacts(G_old, G_new, new)]
    if group is not None:
        changes = [c for c in changes
                   if group in (old.group_of.get(c.id), new.group_of.get(c.id))]
    rank = {c: i for i, c in enumerate(CHANGES)}
    changes.sort(key=lambda c: (rank[c.change], c.id, c.owner or ""))
    return changes


def _unit(f: Facts, s: str) -> str:
    return f.stakeholder_dept.get(s) or f.company_of[s]


def _people(G_old: nx.MultiDiGraph[str], G_new: nx.MultiDiGraph[str], old: Facts,
            new: Facts) -> Iterator[Change]:
    moved_to = {s: G_new.nodes[s].get("moved_to") for s in old.active
                if s not in new.active and s in G_new and G_new.nodes[s].get("moved_to")}
    arrived = set(moved_to.values())
    for s in sorted(new.active - old.active):
        if s not in arrived:
            yield Change("stakeholder_joined", "stakeholder", s, new.name[s],
                         after=_unit(new, s))
    for s in sorted(old.active - new.active):
        if s in moved_to:
            yield Change("stakeholder_moved", "stakeholder", s, old.name[s],
                         before=_unit(old, s), after=moved_to[s])
        else:
            yield Change("stakeholder_left", "stakeholder", s, old.name[s],
                         before=_unit(old, s))
    for s in sorted(set(old.stakeholders) & set(new.stakeholders)):
        a, b = G_old.nodes[s], G_new.nodes[s]
        if sorted(a.get("roles") or []) != sorted(b.get("roles") or []):
            yield Change("roles_changed", "stakeholder", s, new.name[s],
                         before=sorted(a.get("roles") or []), after=sorted(b.get("roles") or []))
        if a.get("sentiment") != b.get("sentiment"):
            yield Change("sentiment_changed", "stakeholder", s, new.name[s],
                         before=a.get("sentiment"), after=b.get("sentiment"))
        if s in old.active and s in new.active and a.get("reports_to") != b.get("reports_to"):
            yield Change("manager_changed", "stakeholder", s, new.name[s],
                         before=a.get("reports_to"), after=b.get("reports_to"))


def _pairs(old: Facts, new: Facts) -> Iterator[Change]:
    for (o, s) in sorted(new.pairs.keys() - old.pairs.keys()):
        yield Change("relationship_gained", "stakeholder", s, new.name[s], o,
                     after=new.pairs[(o, s)].strength)
    for (o, s) in sorted(old.pairs.keys() - new.pairs.keys()):
        yield Change("relationship_lost", "stakeholder", s, old.name[s], o,
                     before=old.pairs[(o, s)].strength)
    for key in sorted(old.pairs.keys() & new.pairs.keys()):
        before, after = old.pairs[key].strength, new.pairs[key].strength
        if before >= FADED_BELOW > after:
            yield Change("relationship_faded", "stakeholder", key[1], new.name[key[1]], key[0],
                         before=before, after=after)


def _entities(G_old: nx.MultiDiGraph[str], G_new: nx.MultiDiGraph[str], old: Facts,
              new: Facts) -> Iterator[Change]:
    old_units = {*old.companies, *old.departments}
    new_units = {*new.companies, *new.departments}
    for e in sorted(new_units - old_units):
        yield Change("entity_added", new.kind[e], e, new.name[e])
    for e in sorted(old_units - new_units):
        yield Change("entity_removed", old.kind[e], e, old.name[e])
    before = {u.id: u.reasons for u in uncovered_entities(G_old)}
    after = {u.id: u.reasons for u in uncovered_entities(G_new)}
    for e in sorted(old_units & new_units):
        was, now = before.get(e, []), after.get(e, [])
        for reason in ("dark", "unassigned"):
            if reason in now and reason not in was:
                yield Change(f"entity_{reason}", new.kind[e], e, new.name[e], before=was,
                             after=now)
        if was and not now:
            yield Change("entity_covered", new.kind[e], e, new.name[e], before=was, after=now)


def _accounts(G_old: nx.MultiDiGraph[str], G_new: nx.MultiDiGraph[str],
              new: Facts) -> Iterator[Change]:
    before = {a.id: a for a in account_threads(G_old)}
    after = {a.id: a for a in account_threads(G_new)}
    for account, a in sorted(after.items()):
        b = before.get(account)
        flagged = "single_threaded" in a.flags
        was = b is not None and "single_threaded" in b.flags
        if flagged and not was:
            yield Change("account_single_threaded", a.kind, account, a.name,
                         before=b.customer_threads if b else None, after=a.customer_threads)
        elif was and not flagged and b is not None:
            yield Change("account_recovered", a.kind, account, a.name,
                         before=b.customer_threads, after=a.customer_threads)


def _revenue(old: Facts, new: Facts) -> Iterator[Change]:
    for c in sorted({*old.companies, *new.companies}):
        kind, sums = movement(company_mrr(old, c), company_mrr(new, c))
        if kind in ("new_entity", "expansion", "contraction", "churned"):
            name = new.name.get(c) or old.name[c]
            yield Change(f"mrr_{kind}", "company", c, name, before=float(sums.start),
                         after=float(sums.end))


def _contacts(G_old: nx.MultiDiGraph[str], G_new: nx.MultiDiGraph[str],
              new: Facts) -> Iterator[Change]:
    before = {p.id for p in contact_load(G_old).stakeholders}
    for p in contact_load(G_new).stakeholders:
        if p.id not in before:
            yield Change("stakeholder_over_contacted", "stakeholder", p.id, p.name,
                         after=p.flags)
