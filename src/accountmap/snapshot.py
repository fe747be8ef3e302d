"""The book as it stood on day D, written as a book of its own (``accountmap snapshot``).

``snapshot(book, D)`` is a valid book with ``as_of: D`` that holds what was known on D:

- records that had not started on D are left out (a stakeholder's ``joined_on``, a
  department's ``created_on``, a company's ``joined_group_on``, a subscription's ``start``, an
  opportunity's ``created``, a touchpoint's ``date`` after D), with everything that refers to
  them: their departments and people, relationships, assignments, subscriptions,
  opportunities, touchpoint participants, and references (``reports_to``, ``knows``,
  ``same_person_as``, ``champion``, ...) to them;
- records that had ended by D stay, with their end date (``left_on``, ``closed_on``,
  ``left_group_on``, a subscription's ``end``) and where they went (``moved_to``,
  ``successor``, ``merged_into``);
- what was not known yet on D is left out: end dates after D with their ``moved_to`` /
  ``successor`` / ``merged_into``, a subscription's ``end`` and ``notice_received`` after D
  (it was active then), a deal won or lost after D (it was open then), a ``last_contact``
  after D.

So every command on the snapshot with as_of D answers what the same command on the book says
``--as-of D``, and ``diff`` of two snapshots gives what ``diff --from D1 --to D2`` gives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .asof import (
    known_opportunity,
    known_subscription,
    opportunity_exists,
    subscription_started,
    touchpoints_met,
)
from .model import (
    Company,
    Dataset,
    Department,
    PersonStatus,
    Stakeholder,
    plain_value,
)
from .organisation import department_states, started


def snapshot(ds: Dataset, day: dt.date) -> Dataset:
    """The book as it stood on ``day`` (see module docstring)."""
    companies = {c.id for c in ds.companies if started(c.joined_group_on, day)}
    departments = {d for d, state in department_states(ds.departments, companies, day).items()
                   if state != "absent"}
    people = {s.id for s in ds.stakeholders
              if s.company in companies and started(s.joined_on, day)
              and (s.department is None or s.department in departments)}
    units = companies | departments
    groups = {g.id for g in ds.groups}
    return ds.model_copy(update={
        "as_of": day,
        "companies": [_company(c, companies, day) for c in ds.companies if c.id in companies],
        "departments": [_department(d, day) for d in ds.departments if d.id in departments],
        "stakeholders": [_person(s, people, day) for s in ds.stakeholders if s.id in people],
        "relationships": [
            r.model_copy(update={"last_contact": None})
            if r.last_contact is not None and r.last_contact > day else r
            for r in ds.relationships if r.stakeholder in people],
        "assignments": [a for a in ds.assignments if a.account in units or a.account in groups],
        "subscriptions": [x.model_copy(update=known_subscription(x, day, people))
                          for x in ds.subscriptions
                          if x.account in units and subscription_started(x, day)],
        "opportunities": [o.model_copy(update=known_opportunity(o, day))
                          for o in ds.opportunities
                          if o.account in units and opportunity_exists(o, day)],
        "touchpoints": touchpoints_met(ds, day, people),
    })


def _later(value: dt.date | None, day: dt.date) -> bool:
    return value is not None and value > day


def _company(c: Company, companies: set[str], day: dt.date) -> Company:
    update: dict[str, Any] = {}
    if c.parent is not None and c.parent not in companies:
        update["parent"] = None
    if _later(c.left_group_on, day):
        update.update(left_group_on=None, merged_into=None)
    return c.model_copy(update=update) if update else c


def _department(d: Department, day: dt.date) -> Department:
    return d.model_copy(update={"closed_on": None}) if _later(d.closed_on, day) else d


def _person(s: Stakeholder, people: set[str], day: dt.date) -> Stakeholder:
    def known(ref: str | None) -> str | None:
        return ref if ref in people else None

    update: dict[str, Any] = {
        "reports_to": known(s.reports_to), "knows": [k for k in s.knows if k in people],
        "same_person_as": known(s.same_person_as), "moved_to": known(s.moved_to),
        "successor": known(s.successor)}
    if _later(s.left_on, day):
        update.update(left_on=None, moved_to=None, successor=None, status=PersonStatus.active)
    return s.model_copy(update=update)


def snapshot_data(ds: Dataset, day: dt.date) -> dict[str, Any]:
    """The snapshot as plain data, ready to write (defaults and empty fields left out)."""
    data: dict[str, Any] = _plain(snapshot(ds, day).model_dump(
        exclude_none=True, exclude_defaults=True))
    data.setdefault("version", ds.version)
    return {"version": data.pop("version"), "as_of": data.pop("as_of"), **data}


def _plain(value: Any) -> Any:
    """Enums as their values, dates kept as dates (YAML writes them unquoted)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return plain_value(value)
