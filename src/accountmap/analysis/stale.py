"""Fading relationships: relationship pairs nobody has refreshed for a long time.

A relationship pair (owner, stakeholder), with an active stakeholder, is **stale** when its
last contact (the latest of the relationship record's ``last_contact`` and the dates of
touchpoints with both, up to as_of) is more than the stakeholder's ``cadence_days`` (when
set), else more than ``stale_days`` (default 180), before as_of, or unknown. Each names the
owner and the stakeholder by id and by name (``owner_name``, ``stakeholder_name``). Sorted by days
descending with unknown first (``last_contact`` and ``days`` null), then owner, then
stakeholder.

Example: an account manager's relationship with a subsidiary president last touched 260 days
ago is stale (260 > 180); a plant manager with ``cadence_days: 30`` last met 45 days ago is
overdue, hence stale (45 > 30).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from .declare import Analysis, days


@dataclass(frozen=True, slots=True)
class StaleRelationship:
    owner: str
    owner_name: str
    stakeholder: str
    stakeholder_name: str
    last_contact: dt.date | None
    days: int | None


STALE_DAYS = days("stale_days", 180, "Stale when the last contact is more than this many days "
                  "before as_of (a stakeholder's cadence_days wins).")


def stale_relationships(G: nx.MultiDiGraph[str], *,
                        stale_days: int = STALE_DAYS.default) -> list[StaleRelationship]:
    """Relationship pairs not contacted for more than the stakeholder's cadence, else
    ``stale_days`` (or never)."""

    from ..facts import facts

    f = facts(G)
    out = []
    for (owner, stakeholder), pair in f.pairs.items():
        if stakeholder not in f.active:
            continue
        if pair.last_contact is None:
            out.append(StaleRelationship(owner, f.name[owner], stakeholder, f.name[stakeholder],
                                         None, None))
            continue
        days = (f.as_of - pair.last_contact).days
        if days > f.cadence.get(stakeholder, stale_days):
            out.append(StaleRelationship(owner, f.name[owner], stakeholder,
                                         f.name[stakeholder], pair.last_contact, days))
    out.sort(key=lambda r: (r.days is not None, -(r.days or 0), r.owner, r.stakeholder))
    return out


STALE = Analysis("stale", stale_relationships, (STALE_DAYS,), "fading relationships")
