"""The dated organisation: when people, departments and companies exist, and who is who.

- A **stakeholder** record is one *post*: it starts on ``joined_on`` (absent: always there)
  and ends on ``left_on`` (the first day it no longer holds; ``status: left`` without a date:
  ended). ``successor`` names the record that took the post over; ``same_person_as`` another
  record of the same human held at once, a concurrent post (兼務, ``post_kind: concurrent``)
  or a secondment (出向, ``post_kind: secondment``).
- A **department** exists from ``created_on`` until ``closed_on`` (the first day it no longer
  exists): its people's posts end that day, and it exists only while its parent department
  does.
- A **company** is in its group from ``joined_group_on`` (acquired or founded into it) until
  ``left_group_on`` (sold, or absorbed by ``merged_into``, 吸収合併). Outside that span the
  company, its departments and its people are not in the book at all.

So a record **exists on D** iff it has started (start date <= D, or none) and has not ended
(end date > D, or none), and so have the units it sits in. ``asof.at`` applies this; this
module holds the rules and the cross-record checks of the dated fields.

People: records linked by ``same_person_as`` are **one person** (``person_of``): counted once,
shown under the post without ``same_person_as`` (the root of the chain).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .model import Company, Dataset, Department, PersonStatus, Stakeholder

Problem = tuple[str, int, tuple[str, ...], str]


def started(start: dt.date | None, day: dt.date) -> bool:
    """A record with this start date exists by ``day``: no start, or start <= day."""
    return start is None or start <= day


def not_ended(end: dt.date | None, day: dt.date) -> bool:
    """A record with this end date (the first day it no longer exists) is there on ``day``."""
    return end is None or day < end


def company_in_group(company: Company, day: dt.date) -> bool:
    """The company is in its group on ``day``: joined_group_on <= day < left_group_on."""
    return started(company.joined_group_on, day) and not_ended(company.left_group_on, day)


def department_open(department: Department, day: dt.date) -> bool:
    """The department itself exists on ``day``: created_on <= day < closed_on."""
    return started(department.created_on, day) and not_ended(department.closed_on, day)


def unit_exists(unit: Company | Department, day: dt.date) -> bool:
    """A company in its group, or a department open, on ``day`` (the unit alone, not the
    units above it)."""
    if isinstance(unit, Company):
        return company_in_group(unit, day)
    return department_open(unit, day)


def stakeholder_started(person: Stakeholder, day: dt.date) -> bool:
    """The post has started by ``day`` (joined_on <= day, or no joined_on)."""
    return started(person.joined_on, day)


@dataclass
class Existence:
    """What exists on one day, as ids: companies in their group, departments open, posts
    started (held or ended), and what ended by then (``ended``: id -> how: ``divested``,
    ``merged`` or ``closed``; ``survivor``: an absorbed company -> the company that holds its
    contracts that day)."""

    day: dt.date
    companies: set[str] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)
    closed_departments: set[str] = field(default_factory=set)
    stakeholders: set[str] = field(default_factory=set)
    ended: dict[str, str] = field(default_factory=dict)
    survivor: dict[str, str] = field(default_factory=dict)
    #: every department of the book -> its company (whether it exists on the day or not)
    company_of: dict[str, str] = field(default_factory=dict)

    def account(self, account: str) -> str | None:
        """Where an account's contracts are on the day: itself while it exists, the
        surviving company of an absorbed one (or of an absorbed company's department), else
        None."""
        if account in self.companies or account in self.departments:
            return account
        return self.survivor.get(self.company_of.get(account, account))


def existence(ds: Dataset, day: dt.date) -> Existence:
    """What exists on ``day`` (see module docstring)."""
    ex = Existence(day, company_of={d.id: d.company for d in ds.departments})
    companies = {c.id: c for c in ds.companies}
    for c in ds.companies:
        if company_in_group(c, day):
            ex.companies.add(c.id)
        elif c.left_group_on is not None and c.left_group_on <= day and started(
                c.joined_group_on, day):
            ex.ended[c.id] = "merged" if c.merged_into else "divested"
    for c in ds.companies:
        if ex.ended.get(c.id) == "merged":
            survivor = _survivor(c.id, companies, ex.companies)
            if survivor is not None:
                ex.survivor[c.id] = survivor
    state = department_states(ds.departments, ex.companies, day)
    ex.departments = {d for d, s in state.items() if s == "open"}
    ex.closed_departments = {d for d, s in state.items() if s == "closed"}
    ex.ended.update((d, "closed") for d in ex.closed_departments)
    for s in ds.stakeholders:
        if (s.company in ex.companies and stakeholder_started(s, day)
                and (s.department is None or state.get(s.department) in ("open", "closed"))):
            ex.stakeholders.add(s.id)
    return ex


def _survivor(company: str, companies: Mapping[str, Company], present: set[str]) -> str | None:
    """The first company along the merged_into chain that is in the group on the day."""
    seen = {company}
    target = companies[company].merged_into
    while target is not None and target in companies and target not in seen:
        if target in present:
            return target
        seen.add(target)
        target = companies[target].merged_into
    return None


def department_states(departments: Iterable[Department], companies: set[str],
                       day: dt.date) -> dict[str, str]:
    """Each department's state on the day: ``open``, ``closed`` (it, or a department above
    it, has closed) or ``absent`` (not created yet, or its company is not in the group)."""
    by_id = {d.id: d for d in departments}
    state: dict[str, str] = {}

    def resolve(d: Department) -> str:
        chain: list[Department] = []
        node: Department | None = d
        while node is not None and node.id not in state and node not in chain:
            chain.append(node)
            node = by_id.get(node.parent or "")
        above = state.get(node.id, "open") if node is not None else "open"
        for dept in reversed(chain):
            if dept.company not in companies or not started(dept.created_on, day):
                above = "absent"
            elif above == "open" and not not_ended(dept.closed_on, day):
                above = "closed"
            state[dept.id] = above
        return state[d.id]

    for d in by_id.values():
        resolve(d)
    return state


def stakeholder_left(person: Stakeholder, day: dt.date) -> bool:
    """The person has left by ``day``: ``left_on`` <= day, or ``status: left`` without a date."""
    if person.left_on is None:
        return person.status == PersonStatus.left
    return person.left_on <= day


def post_ended(person: Stakeholder, day: dt.date, closed: set[str]) -> bool:
    """The post has ended by ``day``: the person left (``stakeholder_left``) or its
    department has closed."""
    return person.department in closed or stakeholder_left(person, day)


def person_of(same_person_as: Mapping[str, str | None], present: set[str]) -> dict[str, str]:
    """Each present record's person: the root of its same_person_as chain among the present
    records (the post without same_person_as)."""
    out: dict[str, str] = {}
    for s in present:
        node, seen = s, {s}
        target = same_person_as.get(node)
        while target is not None and target in present and target not in seen:
            node = target
            seen.add(node)
            target = same_person_as.get(node)
        out[s] = node
    return out


def problems(ds: Dataset) -> Iterator[Problem]:
    """The cross-record rules of the dated fields, as (section, index, field path, message)."""
    group_of = {c.id: c.group for c in ds.companies}
    departments = {d.id: d for d in ds.departments}
    person_group = {s.id: group_of.get(s.company) for s in ds.stakeholders}
    for i, c in enumerate(ds.companies):
        if _ordered(c.joined_group_on, c.left_group_on) is False:
            yield ("companies", i, ("left_group_on",), f"left_group_on {c.left_group_on} must "
                   f"be after joined_group_on {c.joined_group_on}")
        if c.merged_into is not None:
            yield from _same_group("companies", i, "merged_into", c.id, c.merged_into,
                                   c.group, group_of.get(c.merged_into), "an absorbing company")
            if c.left_group_on is None:
                yield ("companies", i, ("merged_into",), "merged_into needs left_group_on (the "
                       "day of the merger)")
    yield from _duplicates(ds.companies, "corporate_number")
    yield from _duplicates(ds.companies, "lei")
    for i, d in enumerate(ds.departments):
        if _ordered(d.created_on, d.closed_on) is False:
            yield ("departments", i, ("closed_on",), f"closed_on {d.closed_on} must be after "
                   f"created_on {d.created_on}")
    for i, s in enumerate(ds.stakeholders):
        yield from _person_problems(i, s, person_group, departments)


def _person_problems(i: int, s: Stakeholder, person_group: Mapping[str, str | None],
                     departments: Mapping[str, Department]) -> Iterator[Problem]:
    if _ordered(s.joined_on, s.left_on) is False:
        yield ("stakeholders", i, ("left_on",), f"left_on {s.left_on} must be after joined_on "
               f"{s.joined_on}")
    dept = departments.get(s.department or "")
    closed = dept.closed_on if dept is not None else None
    if (closed is not None and isinstance(closed, dt.date) and isinstance(s.left_on, dt.date)
            and s.left_on > closed):
        yield ("stakeholders", i, ("left_on",), f"left_on {s.left_on} is after closed_on "
               f"{closed} of department '{s.department}' (a post ends when its department "
               "closes)")
    if (closed is not None and isinstance(closed, dt.date)
            and isinstance(s.joined_on, dt.date) and s.joined_on >= closed):
        yield ("stakeholders", i, ("joined_on",), f"joined_on {s.joined_on} is on or after "
               f"closed_on {closed} of department '{s.department}'")
    mine = person_group.get(s.id)
    if s.successor is not None:
        yield from _same_group("stakeholders", i, "successor", s.id, s.successor, mine,
                               person_group.get(s.successor), "a successor")
        if s.left_on is None and s.status != PersonStatus.left:
            yield ("stakeholders", i, ("successor",), "successor needs left_on (the day the "
                   "post was handed over) or status 'left'")
    if s.same_person_as is not None:
        yield from _same_group("stakeholders", i, "same_person_as", s.id, s.same_person_as,
                               mine, person_group.get(s.same_person_as), "another post")


def _ordered(start: object, end: object) -> bool | None:
    """Whether start < end when both are dates (None when either is missing or not a date:
    a record kept after failing its own checks may hold raw text)."""
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return start < end
    return None


def _same_group(section: str, index: int, field_name: str, own: str, other: str,
                mine: str | None, theirs: str | None, what: str) -> Iterator[Problem]:
    if other == own:
        yield section, index, (field_name,), f"{field_name} cannot name the record itself"
    elif mine is not None and theirs is not None and mine != theirs:
        yield (section, index, (field_name,), f"'{other}' is in group '{theirs}', outside "
               f"this record's group '{mine}' ({what} is in the same group)")


def _duplicates(companies: list[Company], name: str) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for i, c in enumerate(companies):
        value = getattr(c, name)
        if not isinstance(value, str):
            continue
        if value in seen:
            yield ("companies", i, (name,), f"{name} {value} is also company '{seen[value]}'")
        else:
            seen[value] = c.id
