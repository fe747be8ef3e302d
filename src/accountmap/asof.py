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
    Assignment,
    Company,
    Dataset,
    Opportunity,
    OpportunityStatus,
    PersonStatus,
    Stakeholder,
    Subscription,
    SubscriptionStatus,
    Touchpoint,
)
from .organisation import Existence, existence, post_ended
from .organisation import stakeholder_left as stakeholder_left


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
    return view(ds, day)[0]


def view(ds: Dataset, day: dt.date) -> tuple[Dataset, Existence]:
    """The dataset as it stood on ``day`` and what existed then (``organisation``)."""
    ex = existence(ds, day)
    people = ex.stakeholders
    return ds.model_copy(update={
        "as_of": day,
        "companies": [_company(c, ex) for c in ds.companies if c.id in ex.companies],
        "departments": [_changed(d, {"closed_on": None}) for d in ds.departments
                        if d.id in ex.departments],
        "stakeholders": [_person(s, ex) for s in ds.stakeholders if s.id in people],
        "relationships": [
            _changed(r, {"last_contact": None})
            if r.last_contact is not None and r.last_contact > day else r
            for r in ds.relationships if r.stakeholder in people],
        "assignments": _assignments(ds, ex),
        "subscriptions": _subscriptions(ds, ex),
        "opportunities": _opportunities(ds, ex),
        "touchpoints": touchpoints_met(ds, day, people),
    }), ex


def joined_paying(ds: Dataset, ex: Existence) -> set[str]:
    """The companies in the group on the day that joined it while already paying us: a
    subscription on them (or a department of theirs) was active the day before their
    ``joined_group_on`` (an acquisition of a customer, not a new entity)."""
    joined = {c.id: c.joined_group_on for c in ds.companies
              if c.id in ex.companies and c.joined_group_on is not None}
    if not joined:
        return set()
    out = set()
    for sub in ds.subscriptions:
        company = ex.company_of.get(sub.account, sub.account)
        day = joined.get(company)
        if day is not None and subscription_active(sub, day - dt.timedelta(days=1)):
            out.add(company)
    return out


def _assignments(ds: Dataset, ex: Existence) -> list[Assignment]:
    """Assignments on the group, or on a company or department that exists on the day."""
    groups = {g.id for g in ds.groups}
    return [a for a in ds.assignments
            if a.account in groups or a.account in ex.companies or a.account in ex.departments]


def _company(company: Company, ex: Existence) -> Company:
    """A company in its group on the day: its parent as it stood (the absorbing company of a
    parent merged away; none when the parent is outside the group), its exit not known yet."""
    parent = company.parent
    if parent is not None and parent not in ex.companies:
        parent = ex.survivor.get(parent)
    changed: Company = _changed(company, {"parent": parent, "left_group_on": None,
                                          "merged_into": None})
    return changed


def _person(person: Stakeholder, ex: Existence) -> Stakeholder:
    day, people = ex.day, ex.stakeholders
    update: dict[str, Any] = {
        "reports_to": person.reports_to if person.reports_to in people else None,
        # the list itself when everyone in it exists (``_changed`` then finds it unchanged
        # at once: most people of a big book)
        "knows": person.knows if people.issuperset(person.knows)
        else [k for k in person.knows if k in people],
        "same_person_as": person.same_person_as if person.same_person_as in people else None,
    }
    if post_ended(person, day, ex.closed_departments):
        update.update(
            status=PersonStatus.left,
            department=person.department if person.department in ex.departments else None,
            moved_to=person.moved_to if person.moved_to in people else None,
            successor=person.successor if person.successor in people else None)
    else:
        update.update(status=PersonStatus.active, left_on=None, moved_to=None, successor=None)
    changed: Stakeholder = _changed(person, update)
    return changed


def known_subscription(sub: Subscription, day: dt.date, people: set[str]) -> dict[str, Any]:
    """A started subscription as known on ``day``: active or churned that day, an end or a
    notice after it not known yet, champion and economic buyer only among ``people`` (the
    posts that exist then). The changes to make, as a model update."""
    active = subscription_active(sub, day)
    update: dict[str, Any] = {
        "status": SubscriptionStatus.active if active else SubscriptionStatus.churned,
        "champion": sub.champion if sub.champion in people else None,
        "economic_buyer": sub.economic_buyer if sub.economic_buyer in people else None}
    if sub.end is not None and sub.end > day:
        update["end"] = None
    if sub.notice_received is not None and sub.notice_received > day:
        update["notice_received"] = None  # not received yet
    return update


def known_opportunity(opp: Opportunity, day: dt.date) -> dict[str, Any]:
    """An existing opportunity as known on ``day``: won or lost on or after it, still open."""
    if opp.status != OpportunityStatus.open and opportunity_open(opp, day):
        return {"status": OpportunityStatus.open}
    return {}


def _subscriptions(ds: Dataset, ex: Existence) -> list[Subscription]:
    out = []
    for sub in ds.subscriptions:
        account = ex.account(sub.account)
        if account is None or not subscription_started(sub, ex.day):
            continue
        out.append(_changed(sub, {"account": account,
                                  **known_subscription(sub, ex.day, ex.stakeholders)}))
    return out


def _opportunities(ds: Dataset, ex: Existence) -> list[Opportunity]:
    out = []
    for opp in ds.opportunities:
        account = ex.account(opp.account)
        if account is None or not opportunity_exists(opp, ex.day):
            continue
        out.append(_changed(opp, {"account": account, **known_opportunity(opp, ex.day)}))
    return out


def touchpoints_met(ds: Dataset, day: dt.date, people: set[str]) -> list[Touchpoint]:
    """Touchpoints on or before the day, with the people who existed then (one with nobody
    left is left out)."""
    out: list[Touchpoint] = []
    keep, everyone_there = out.append, people.issuperset
    for t in ds.touchpoints:
        if t.date > day:
            continue
        if everyone_there(t.stakeholders):
            keep(t)
            continue
        met = [s for s in t.stakeholders if s in people]
        if met:
            out.append(t.model_copy(update={"stakeholders": met}))
    return out


def _changed(record: Any, update: dict[str, Any]) -> Any:
    """The record with ``update`` applied, or the record itself when nothing changes (records
    are immutable, so sharing them is safe and keeps a view cheap)."""
    values = record.__dict__
    for k, v in update.items():  # (a loop, not all() over a generator: 135k records)
        if values[k] != v:
            return record.model_copy(update=update)
    return record
