"""One voice toward each customer person: who of ours speaks to whom.

A person's **designated contact** (窓口) is, in order: the ``point_of_contact`` on their post
(or on the post that stands for them, ``Facts.person``), the ``point_of_contact`` of their
company, the suggested single contact of ``contacts`` (the account manager assigned on their
company or group, else an owner assigned above them, else the owner who met them most in
the contact window), else the group's lead. Every plan action that involves a customer
person is given to that person's contact; an introduction to the contact of the person
introduced, through someone with the same contact.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from ..analysis.contacts import suggested_contact, window_touchpoints
from ..facts import Facts, facts


class Voices:
    """The designated contact of each customer person of one graph (see module docstring)."""

    def __init__(self, G: nx.MultiDiGraph[str], window_days: int, lead: str | None) -> None:
        self.G, self.f, self.lead = G, facts(G), lead
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        for t in window_touchpoints(G, window_days):
            for s in t.stakeholders:
                if s in self.f.person:
                    self.counts[self.f.person[s]].update(t.owners)
        self._cache: dict[str, str | None] = {}

    def contact_of(self, person: str) -> str | None:
        """The designated contact of a customer person (a stakeholder id)."""
        f = self.f
        if person not in f.person:
            return self.lead
        root = f.person[person]
        if root not in self._cache:
            self._cache[root] = self._resolve(f, person, root)
        return self._cache[root]

    def _resolve(self, f: Facts, post: str, root: str) -> str | None:
        nodes = self.G.nodes
        for s in (post, root):
            if nodes[s].get("point_of_contact"):
                return str(nodes[s]["point_of_contact"])
        for s in (post, root):
            company = nodes[f.company_of[s]].get("point_of_contact")
            if company:
                return str(company)
        return suggested_contact(f, root, self.counts.get(root, Counter())) or self.lead


@dataclass(frozen=True, slots=True)
class OneVoice:
    """The plan's check of its own actions: the customer people they involve (``people``,
    counted once per person) and those who would hear from more than one of our people
    (``conflicts``: person -> owners; empty when the check passes). Refresh lines are not
    routed and are left out."""

    people: int
    conflicts: dict[str, list[str]]

    @property
    def passed(self) -> bool:
        return not self.conflicts


def one_voice_conflicts(routed: list[tuple[str | None, list[str]]], f: Facts
                        ) -> dict[str, list[str]]:
    """Customer people (by the post that stands for them) who get actions from more than one
    of our people, with those owners: ``routed`` is (owner, people) per routed action."""
    owners: dict[str, set[str]] = defaultdict(set)
    for owner, people in routed:
        for p in people:
            owners[f.person.get(p, p)].add(owner or "")
    return {p: sorted(o) for p, o in sorted(owners.items()) if len(o) > 1}


def urgency(due: dt.date | None, as_of: dt.date, soon_days: int) -> int:
    """0: overdue (due before as_of), 1: due within ``soon_days``, 2: later or no date."""
    if due is None:
        return 2
    if due < as_of:
        return 0
    return 1 if (due - as_of).days <= soon_days else 2
