"""The one meaning of "as of D": the book of business as it stood on day D.

Every command sees the world through ``at(dataset, D)`` (``graph.build_graph`` applies it), so
no analysis filters dates on its own. On day D:

- a **subscription** is active iff (``start`` <= D or no start) and (D < ``end``, or no end and
  ``status: active``). ``status: churned`` without ``end`` is never active. One that has not
  started by D did not exist yet and is left out; one that has ended is churned.
- a **stakeholder** has left iff ``left_on`` <= D (``status: left`` without ``left_on``: always
  left). Before ``left_on`` they are active, and their ``moved_to`` is not known yet.
- an **opportunity** exists iff ``created`` <= D (or no ``created``); it is open on D iff its
  status is open, or it was won or lost on a ``close_date`` that is not before D (closed
  before D means ``close_date`` < D; won or lost without a date stays closed).
- a subscription's ``notice_received`` after D is not known yet.
- a **touchpoint** counts iff its date <= D; a relationship's ``last_contact`` after D is not
  known yet.

Groups, companies, departments, owners, products, assignments and every other field have no
dates and are the same on every day. ``at`` returns a new, smaller Dataset whose ``as_of`` is D;
applying it twice with the same D changes nothing more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import (
    Dataset,
    Opportunity,
    OpportunityStatus,
    PersonStatus,
    Stakeholder,
    Subscription,
    SubscriptionStatus,
)


def subscription_started(sub: Subscription, day: dt.date) -> bool:
    """The subscription exists on ``day``: it has no start or started on or before it."""
    return sub.start is None or sub.start <= day


def subscription_active(sub: Subscription, day: dt.date) -> bool:
    """Active on ``day`` (see module docstring)."""
    if not subscription_started(sub, day):
        return False
    if sub.end is None:
        return sub.status == SubscriptionStatus.active
    return day < sub.end


def stakeholder_left(person: Stakeholder, day: dt.date) -> bool:
    """The person has left by ``day``: ``left_on`` <= day, or ``status: left`` without a date."""
    if person.left_on is None:
        return person.status == PersonStatus.left
    return person.left_on <= day


def opportunity_exists(opp: Opportunity, day: dt.date) -> bool:
    return opp.created is None or opp.created <= day


def opportunity_open(opp: Opportunity, day: dt.date) -> bool:
    """Open on ``day`` (see module docstring)."""
    if not opportunity_exists(opp, day):
        return False
    if opp.status == OpportunityStatus.open:
        return True
    return opp.close_date is not None and opp.close_date >= day


def at(ds: Dataset, day: dt.date) -> Dataset:
    """The dataset as it stood on ``day`` (see module docstring)."""
    subscriptions = []
    for sub in ds.subscriptions:
        if not subscription_started(sub, day):
            continue
        active = subscription_active(sub, day)
        update: dict[str, Any] = {
            "status": SubscriptionStatus.active if active else SubscriptionStatus.churned}
        if sub.end is not None and sub.end > day:
            update["end"] = None
        if sub.notice_received is not None and sub.notice_received > day:
            update["notice_received"] = None  # not received yet
        subscriptions.append(_changed(sub, update))
    stakeholders = []
    for person in ds.stakeholders:
        if stakeholder_left(person, day):
            stakeholders.append(_changed(person, {"status": PersonStatus.left}))
        else:
            stakeholders.append(_changed(person, {"status": PersonStatus.active,
                                                  "left_on": None, "moved_to": None}))
    opportunities = []
    for opp in ds.opportunities:
        if not opportunity_exists(opp, day):
            continue
        if opp.status != OpportunityStatus.open and opportunity_open(opp, day):
            opp = _changed(opp, {"status": OpportunityStatus.open})
        opportunities.append(opp)
    relationships = [
        _changed(r, {"last_contact": None})
        if r.last_contact is not None and r.last_contact > day else r
        for r in ds.relationships]
    return ds.model_copy(update={
        "as_of": day,
        "subscriptions": subscriptions,
        "stakeholders": stakeholders,
        "opportunities": opportunities,
        "relationships": relationships,
        "touchpoints": [t for t in ds.touchpoints if t.date <= day],
    })


def _changed(record: Any, update: dict[str, Any]) -> Any:
    """The record with ``update`` applied, or the record itself when nothing changes (records
    are immutable, so sharing them is safe and keeps a view cheap)."""
    if all(getattr(record, k) == v for k, v in update.items()):
        return record
    return record.model_copy(update=update)
