"""What ``accountmap log`` records, as edits of a book (see ``edit.text``):

- a **meeting**: a touchpoint whose id is made from its date and first stakeholder
  (``tp-2026-12-03-s-saeki``, then ``-2``, ``-3`` on the same day): stable and readable;
- a **move** (異動) of stakeholder X to company C on day D: X's record ends (``left_on: D``,
  ``moved_to`` the new record); a new record of the same name takes the new post
  (``joined_on: D``, the new company, department and title), with X's roles and seniority
  (not ``reports_to``: the new post has its own line). For each of our people's relationships
  with X a relationship with the new record is added, of the same strength, whose
  ``last_contact`` is the pair's latest contact (the relationship's own ``last_contact`` or
  their latest touchpoint); X's relationships stay as they were;
- a **leaver**: ``left_on: D``;
- a **person**: a stakeholder whose id is made from the name (``s-佐伯-健``), unique;
- a **notice**: a cancellation notice received on D (``notice_received``) on the account's
  subscription of the product in force on D (the latest started, if several).

Each function returns the edits and a list of changes (``{action, section, id, fields}``)
for the report, or raises ``DataError`` listing every problem with the input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataError, Problem
from ..identifiers import slug
from ..model import Dataset, TouchpointKind
from .names import People
from .text import Append, Edit, SetFields

#: The longest id a log command makes (ids may be 200 characters).
MAX_ID = 120


@dataclass
class Change:
    """One edit, as the report shows it."""

    action: str  # added | changed
    section: str
    id: str
    fields: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        return {"action": self.action, "section": self.section, "id": self.id,
                "fields": {k: _shown(v) for k, v in self.fields.items()}}


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class Plan:
    """The edits one log command makes, and how they read in its report."""

    edits: list[Edit] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def add(self, section: str, record: dict[str, Any], ident: str) -> None:
        self.edits.append(Append(section, record))
        self.changes.append(Change("added", section, ident, dict(record)))

    def set(self, section: str, index: int, fields: dict[str, Any], ident: str) -> None:
        self.edits.append(SetFields(section, index, fields))
        self.changes.append(Change("changed", section, ident, dict(fields)))


def unique_id(base: str, taken: set[str]) -> str:
    """``base`` (cut to ``MAX_ID``), or ``base-2``, ``base-3``, ... when it is taken."""
    base = base[:MAX_ID].rstrip("-")
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def all_ids(ds: Dataset) -> set[str]:
    return {r.id for name in ("products", "owners", "groups", "companies", "departments",
                              "stakeholders", "opportunities", "touchpoints")
            for r in ds.records(name) if getattr(r, "id", None)}


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise DataError(problems)


def _day(value: dt.date) -> str:
    return value.isoformat()


def meeting(ds: Dataset, source: str, *, day: dt.date, with_: Sequence[str],
            by: Sequence[str], kind: str = "meeting", topic: str | None = None,
            group: str | None = None) -> Plan:
    people = People(ds, source, day)
    problems: list[Problem] = []
    if kind not in TouchpointKind.__members__:
        problems.append(Problem(source, "kind", f"unknown touchpoint kind {kind!r} (one of: "
                                f"{', '.join(TouchpointKind.__members__)})"))
    if group is None:
        groups = {people.group_of(s) for s in with_} - {None}
        group = groups.pop() if len(groups) == 1 else None
    stakeholders = people.stakeholders(with_, "stakeholders", group, problems)
    owners = people.owners(by, "owners", problems)
    _raise(problems)
    ident = unique_id(f"tp-{_day(day)}-{slug(stakeholders[0])}", all_ids(ds))
    record: dict[str, Any] = {"id": ident, "date": _day(day), "owners": owners,
                              "stakeholders": stakeholders, "kind": kind}
    if topic:
        record["topic"] = topic
    plan = Plan()
    plan.add("touchpoints", record, ident)
    return plan


def _person_index(ds: Dataset, source: str, given: str, day: dt.date,
                  problems: list[Problem]) -> int | None:
    people = People(ds, source, day)
    found = people.stakeholders([given], "stakeholder", None, problems)
    if not found:
        return None
    return next(i for i, s in enumerate(ds.stakeholders) if s.id == found[0])


def left(ds: Dataset, source: str, *, person: str, day: dt.date) -> Plan:
    problems: list[Problem] = []
    index = _person_index(ds, source, person, day, problems)
    _raise(problems)
    assert index is not None
    record = ds.stakeholders[index]
    if record.left_on is not None:
        raise DataError([Problem(source, f"stakeholders[{index}] ({record.id})",
                                 f"already left on {record.left_on}")])
    plan = Plan()
    plan.set("stakeholders", index, {"left_on": _day(day)}, record.id)
    return plan


def _latest_contact(ds: Dataset, owner: str, person: str, recorded: dt.date | None
                    ) -> dt.date | None:
    days = [t.date for t in ds.touchpoints if owner in t.owners and person in t.stakeholders]
    if recorded is not None:
        days.append(recorded)
    return max(days) if days else None


def _post(people: People, company: str, department: str | None, problems: list[Problem]
          ) -> tuple[str | None, str | None]:
    """The company and department (of that company, when it has one of the name) of a post."""
    ds = people.ds
    at = people.one("company", company, "company", problems, ds.companies)
    if department is None or at is None:
        return at, None
    pool = [d for d in ds.departments if d.company == at]
    return at, people.one("department", department, "department", problems,
                          pool or ds.departments)


def move(ds: Dataset, source: str, *, person: str, company: str, department: str | None,
         title: str | None, day: dt.date) -> Plan:
    people = People(ds, source, day)
    problems: list[Problem] = []
    index = _person_index(ds, source, person, day, problems)
    to_company, to_department = _post(people, company, department, problems)
    _raise(problems)
    assert index is not None and to_company is not None
    old = ds.stakeholders[index]
    where = f"stakeholders[{index}] ({old.id})"
    if old.left_on is not None:
        raise DataError([Problem(source, where, f"already left on {old.left_on} (moved_to: "
                                                f"{old.moved_to or 'none'})")])
    ident = unique_id(f"{old.id}-{slug(to_company)}", all_ids(ds))
    new: dict[str, Any] = {"id": ident, "name": old.name}
    if title:
        new["title"] = title
    new["company"] = to_company
    if to_department:
        new["department"] = to_department
    if old.roles:
        new["roles"] = [str(r) for r in old.roles]
    if old.seniority is not None:
        new["seniority"] = str(old.seniority)
    new["joined_on"] = _day(day)
    plan = Plan()
    plan.set("stakeholders", index, {"left_on": _day(day), "moved_to": ident}, old.id)
    plan.add("stakeholders", new, ident)
    for rel in ds.relationships:
        if rel.stakeholder != old.id:
            continue
        carried: dict[str, Any] = {"owner": rel.owner, "stakeholder": ident}
        if rel.strength is not None:
            carried["strength"] = rel.strength
        last = _latest_contact(ds, rel.owner, old.id, rel.last_contact)
        if last is not None:
            carried["last_contact"] = _day(last)
        plan.add("relationships", carried, f"{rel.owner} -> {ident}")
    return plan


def person(ds: Dataset, source: str, *, name: str, company: str, department: str | None,
           title: str | None, reports_to: str | None, roles: Sequence[str],
           email: str | None, day: dt.date) -> Plan:
    people = People(ds, source, day)
    problems: list[Problem] = []
    at, unit = _post(people, company, department, problems)
    boss = None
    if reports_to is not None and at is not None:
        found = people.stakeholders([reports_to], "reports_to",
                                    people.company_group.get(at), problems)
        boss = found[0] if found else None
    _raise(problems)
    assert at is not None
    ident = unique_id(f"s-{slug(name)}", all_ids(ds))
    record: dict[str, Any] = {"id": ident, "name": name}
    if title:
        record["title"] = title
    record["company"] = at
    for key, value in (("department", unit), ("reports_to", boss)):
        if value:
            record[key] = value
    if roles:
        record["roles"] = list(roles)
    if email:
        record["email"] = email
    plan = Plan()
    plan.add("stakeholders", record, ident)
    return plan


def notice(ds: Dataset, source: str, *, account: str, product: str, day: dt.date) -> Plan:
    people = People(ds, source, day)
    problems: list[Problem] = []
    units = [*ds.companies, *ds.departments]
    acct = people.one("account", account, "account", problems, units)
    prod = people.one("product", product, "product", problems, ds.products)
    _raise(problems)
    held = [(i, s) for i, s in enumerate(ds.subscriptions)
            if s.account == acct and s.product == prod]
    in_force = [(i, s) for i, s in held if (s.start is None or s.start <= day)
                and (s.end is None or s.end >= day)]
    if not in_force:
        listed = ", ".join(f"subscriptions[{i}] ({s.start or '-'} .. {s.end or '-'})"
                           for i, s in held) or "none"
        raise DataError([Problem(source, "subscription", f"{acct} has no subscription of "
                                 f"{prod} in force on {day} (its subscriptions of it: "
                                 f"{listed})")])
    index, sub = max(in_force, key=lambda p: (p[1].start or dt.date.min, p[0]))
    if sub.notice_received is not None:
        raise DataError([Problem(source, f"subscriptions[{index}]",
                                 f"a notice was already received on {sub.notice_received}")])
    plan = Plan()
    plan.set("subscriptions", index, {"notice_received": _day(day)},
             f"{acct} / {prod} ({sub.start or '-'})")
    return plan
