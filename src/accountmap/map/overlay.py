"""The risk overlay of the map: what the analyses found, indexed by node for styling.

Runs coverage (dark, unassigned), threads (single-threaded revenue accounts), contacts
(over-contacted stakeholders), key-person risk and stale relationships once per map, with
their default options, and answers per node: its notes for the details panel and its
severity (``high``, ``medium``, ``ok``) for ``color_by="risk"``.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from ..analysis.contacts import ContactedStakeholder, contact_load
from ..analysis.coverage import uncovered_entities
from ..analysis.renewals import Renewal, renewals
from ..analysis.stale import stale_relationships
from ..analysis.threads import (
    KeyPerson,
    ThreadedAccount,
    key_person_risk,
    single_threaded_accounts,
)
from ..analysis.whitespace import white_space
from ..facts import facts
from ..i18n import Lang, money, t, term


class Overlay:
    """The analyses' findings, indexed for styling."""

    def __init__(self, G: nx.MultiDiGraph[str], on: bool) -> None:
        self.uncovered: dict[str, list[str]] = {}
        self.threads: dict[str, ThreadedAccount] = {}
        self.contacts: dict[str, ContactedStakeholder] = {}
        self.key: dict[str, KeyPerson] = {}
        self.stale: set[tuple[str, str]] = set()
        if on:
            self.uncovered = {e.id: e.reasons for e in uncovered_entities(G)}
            self.threads = {a.id: a for a in single_threaded_accounts(G)}
            self.contacts = {s.id: s for s in contact_load(G).stakeholders}
            self.key = {p.id: p for p in key_person_risk(G)}
            self.stale = {(r.owner, r.stakeholder) for r in stale_relationships(G)}
        # what each company and department holds, and its next renewal (within a year)
        self.cells: dict[str, dict[str, str]] = {
            r.id: r.cells for level in ("company", "department")
            for g in white_space(G, level=level) for r in g.rows}
        self.next_renewal: dict[str, Renewal] = {}
        for r in renewals(G, within_days=365):
            self.next_renewal.setdefault(r.account, r)
        self.last_contact: dict[str, dt.date] = {}
        for (_, s), pair in facts(G).pairs.items():
            if pair.last_contact and (s not in self.last_contact
                                      or pair.last_contact > self.last_contact[s]):
                self.last_contact[s] = pair.last_contact

    def notes(self, node: str, lang: Lang = "en", currency: str | None = None) -> list[str]:
        """Plain-text notes for the details panel, one per finding on this node."""
        out = []
        for reason in self.uncovered.get(node, ()):
            out.append(t("map.note.dark" if reason == "dark" else "map.note.unassigned", lang))
        if node in self.threads:
            a = self.threads[node]
            flags = t("map.flags_and", lang).join(term("risk", f, lang) for f in a.flags)
            out.append(t("map.note.threads", lang, flags=flags, contacts=a.customer_threads,
                         owners=a.owner_threads, mrr=money(a.mrr, currency, lang)))
        if node in self.contacts:
            c = self.contacts[node]
            out.append(t("map.note.contacts", lang, owners=c.owner_count,
                         collisions=c.collisions))
        if node in self.key:
            k = self.key[node]
            out.append(t("map.note.key", lang, mrr=money(k.mrr_at_risk, currency, lang),
                         pipeline=money(k.pipeline_at_risk, currency, lang)))
        return out

    def severity(self, node: str) -> str:
        """``high``, ``medium`` or ``ok``: the worst finding on this node."""
        if "dark" in self.uncovered.get(node, ()) or node in self.threads \
                or node in self.contacts or (node in self.key and self.key[node].mrr_at_risk):
            return "high"
        if node in self.uncovered or node in self.key:
            return "medium"
        return "ok"
