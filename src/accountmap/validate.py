"""From a data file to a checked ``Dataset``: every problem found, or a dataset that holds.

Checks, all collected before anything is reported:

- each record on its own (the pydantic models): types, ranges, enum values, dates, required
  and unknown fields (with a "did you mean" for typos);
- ids unique across every kind (so an ``account`` can name a company or a department);
- every reference names an existing id of the right kind;
- trees are trees: no cycles in company parents, department parents or ``reports_to``;
- structure: a company's parent is in the same group, a department's parent in the same
  company, a stakeholder's department inside its company, ``reports_to`` inside the group;
- at most one relationship record per (owner, stakeholder);
- dates agree: a subscription ends after it starts and, when it says ``status: active``, has
  not ended by the file's as_of; an opportunity does not close before it was created; a
  stakeholder's ``moved_to`` names another record in the same group and comes with the day
  they left (``left_on``) or ``status: left``;
- the dated organisation (``organisation.problems``): every start before its end, a post
  not outliving its department, ``successor``/``same_person_as``/``merged_into`` inside the
  group and without cycles, a merger with its day, registry identifiers used once.

Assignments without a ``role`` get their owner's role here, once, so no later code needs to
know that default; a subscription with an ``end`` on or before as_of and no ``status`` is
``churned``.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
from typing import Any

from pydantic import ValidationError

from .contracts import problems as contract_problems
from .errors import DataError, Problem
from .io import Document, Locator, PathKey, read_document
from .model import (
    FORMAT_VERSION,
    ID_KINDS,
    REFERENCES,
    SECTIONS,
    Dataset,
    PersonStatus,
    Record,
    SubscriptionStatus,
    article,
)
from .organisation import problems as organisation_problems
from .perf import bulk
from .section_walk import REPEATED, Walk, pydantic_problems, type_section, unknown_field

#: The top-level settings (not record lists), checked as one header.
_SETTINGS = ("version", "as_of", "fiscal_year_start", "timezone", "fx_rates",
             "stage_probabilities")
_TOP_LEVEL = [*_SETTINGS, *SECTIONS]


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Read and check one data file. Raises DataError listing every problem."""
    return check_document(read_document(path), release=True)


def check_data(data: Any, source: str = "<data>") -> Dataset:
    """Check plain data (a mapping of sections, as read from a file or built in code) named
    ``source`` in messages; return the Dataset or raise DataError listing every problem."""
    return check_document(Document(source, data, Locator(source)))


def check_document(doc: Document, *, release: bool = False) -> Dataset:
    """Check plain data read from a file; return the Dataset or raise DataError. With
    ``release`` (the caller has no more use for ``doc.data``), each section's plain records
    are let go once its typed records exist, so the two copies of a big book are never alive
    whole at once."""
    with bulk():
        return _check(doc, release)


def _check(doc: Document, release: bool = False) -> Dataset:
    problems: list[Problem] = []
    loc = doc.locator
    data: dict[str, Any] = doc.data
    for key in data:
        if key not in _TOP_LEVEL:
            problems.append(loc.problem((str(key),), unknown_field(str(key), _TOP_LEVEL)))
    header = {k: data[k] for k in _SETTINGS if k in data}
    settings: dict[str, Any] = {"version": FORMAT_VERSION}
    try:
        parsed = Dataset.model_validate(header)
        settings = {k: getattr(parsed, k) for k in _SETTINGS}
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, (), loc))

    records: dict[str, list[Record]] = {}
    # Original list index of each record that passed its own checks (cross-record problems
    # must name the record's position in the file, even when earlier records were dropped).
    positions: dict[str, list[int]] = {}
    broken: set[str] = set()  # kinds whose whole section is unusable: no echo errors for them
    kind_of: dict[str, str] = {}
    walks = {name: Walk(name, kind_of) for name in SECTIONS}  # what the cross-record rules read
    for name in SECTIONS:
        items = data.get(name)
        records[name], positions[name] = [], []
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(loc.problem((name,), f"must be a list of records, not a "
                                        f"{type(items).__name__}"))
            broken.add(ID_KINDS.get(name, name))
            continue
        records[name], positions[name] = type_section(name, items, loc, problems, walks[name],
                                                      release)
        if release:  # the plain records of the section are no longer needed
            del data[name], items

    dataset = Dataset.model_construct(**settings, **records)  # type: ignore[arg-type]
    problems.extend(_CrossChecks(dataset, loc, positions, broken, walks, kind_of).run())
    if problems:
        problems.sort(key=_file_order)
        raise DataError(problems)
    return _fill_defaults(dataset)


_SECTION_RANK = {name: rank for rank, name in enumerate(_TOP_LEVEL)}
_RECORD = re.compile(r"^(\w+)(?:\[(\d+)\])?")


def _file_order(problem: Problem) -> tuple[int, int, int]:
    """Problems in the order of the file: by line (YAML), else by section and record (JSON)."""
    m = _RECORD.match(problem.path)
    section = _SECTION_RANK.get(m.group(1), -1) if m else -1
    index = int(m.group(2)) if m and m.group(2) else -1
    return (problem.line or 0, section, index)


def _fill_defaults(dataset: Dataset) -> Dataset:
    today = dataset.effective_as_of()
    if any(s.end is not None and s.end <= today and "status" not in s.model_fields_set
           for s in dataset.subscriptions):
        dataset.subscriptions = [
            s.model_copy(update={"status": SubscriptionStatus.churned})
            if s.end is not None and s.end <= today and "status" not in s.model_fields_set
            else s for s in dataset.subscriptions]
    roles = {o.id: o.role for o in dataset.owners}
    if any(a.role is None for a in dataset.assignments):
        dataset.assignments = [
            a if a.role is not None else a.model_copy(update={"role": roles[a.owner]})
            for a in dataset.assignments
        ]
    return dataset


def _dates(*values: Any) -> bool:
    """Every value is a date or None (records kept after failing their own checks may hold
    raw text)."""
    return all(v is None or isinstance(v, dt.date) for v in values)


def _apart_unique(apart: list[Walk], kind_of: dict[str, str]) -> bool:
    """Whether the ids the walks kept apart are each used once: in their section, in
    ``kind_of`` and in the other sections kept apart (each small one held as a set against
    the bigger one's list)."""
    for i, walk in enumerate(apart):
        if not walk.unique() or walk.clash:
            return False
        if walk.known != len(kind_of) and not kind_of.keys().isdisjoint(walk.ids):
            return False  # (ids of a later section were not in kind_of while it walked)
        for other in apart[:i]:
            small, large = sorted((walk.ids, other.ids), key=len)
            if not set(small).isdisjoint(large):
                return False
    return True


class _CrossChecks:
    """Rules that span records. Each rule appends Problems; nothing stops at the first one."""

    def __init__(self, ds: Dataset, loc: Locator, positions: dict[str, list[int]],
                 broken: set[str], walks: dict[str, Walk], kind_of: dict[str, str]):
        self.ds, self.loc, self.positions, self.walks = ds, loc, positions, walks
        self.problems: list[Problem] = []
        self.kind_of = kind_of  # id -> kind, from the walks (``ids`` words what they found)
        self.apart_joined = False  # whether kind_of holds the ids the walks kept apart
        self.duplicated: set[str] = set()  # reported once; references to them are ambiguous
        self.broken = broken

    def add(self, section: str, index: int, fields: PathKey, message: str) -> None:
        original = self.positions[section][index]
        self.problems.append(self.loc.problem((section, original, *fields), message))

    def run(self) -> list[Problem]:
        self.ids()
        self.repeats()
        self.references()
        self.structure()
        self.cycles()
        self.relationship_pairs()
        self.dates()
        self.moves()
        for section, index, fields, message in [*contract_problems(self.ds),
                                                *organisation_problems(self.ds)]:
            if section == "fx_rates":
                self.problems.append(self.loc.problem((section, index, *fields), message))
            else:
                self.add(section, index, fields, message)
        return self.problems

    # -- ids -------------------------------------------------------------------------------
    def ids(self) -> None:
        kind_of = self.kind_of
        walks = [self.walks[section] for section in ID_KINDS]
        apart = [w for w in walks if w.apart]
        if (len(kind_of) == sum(w.counted for w in walks if not w.apart)
                and _apart_unique(apart, kind_of)):
            return  # the common case, in one step: no id used twice
        kind_of.clear()
        self.apart_joined = True
        for section, kind in ID_KINDS.items():
            for index, rec in enumerate(getattr(self.ds, section)):
                rid = rec.id
                if rid is None:
                    continue
                if rid in kind_of:
                    self.duplicated.add(rid)
                    self.add(section, index, ("id",), f"duplicate id '{rid}' (already used by "
                             f"{self._first_use(rid)})")
                    continue
                kind_of[rid] = kind

    def _join_apart(self) -> None:
        """Put the ids the walks kept apart into ``kind_of`` (none is used twice: ``ids``
        found none, else it built ``kind_of`` from every record)."""
        if not self.apart_joined:
            for walk in self.walks.values():
                if walk.apart:
                    self.kind_of.update(dict.fromkeys(walk.ids, walk.kind or ""))
            self.apart_joined = True

    def _first_use(self, rid: str) -> str:
        """Where an id is first used, as ``section[index]`` (looked up only for a duplicate:
        a book of a million ids keeps no second index of them)."""
        for section in ID_KINDS:
            for index, rec in enumerate(getattr(self.ds, section)):
                if rec.id == rid:
                    return f"{section}[{self.positions[section][index]}]"
        return "?"  # not reached: the id was seen

    # -- repeated list entries --------------------------------------------------------------
    def repeats(self) -> None:
        for section, fields in REPEATED.items():
            records = getattr(self.ds, section)
            for name in fields:
                if name not in self.walks[section].repeats:
                    continue  # the common case, in one step: no list repeats an entry
                for i, rec in enumerate(records):
                    values = getattr(rec, name) or ()
                    if len(values) < 2 or len(set(values)) == len(values):
                        continue
                    seen: set[Any] = set()
                    for j, value in enumerate(values):
                        if value in seen:
                            shown = getattr(value, "value", value)
                            self.add(section, i, (name, j), f"'{shown}' is listed twice")
                        seen.add(value)

    # -- references ------------------------------------------------------------------------
    def ref(self, section: str, index: int, fields: PathKey, value: str | None,
            *kinds: str) -> bool:
        """Check one reference; True when it names an existing id of an allowed kind."""
        if value is None or value in self.duplicated:
            return False
        kind = self.kind_of.get(value)
        wanted = " or ".join(kinds) if len(kinds) < 3 else (
            f"{', '.join(kinds[:-1])} or {kinds[-1]}")
        if kind is None:
            if not self.broken.intersection(kinds):
                self.add(section, index, fields, f"unknown {wanted} '{value}'")
            return False
        if kind not in kinds:
            self.add(section, index, fields,
                     f"'{value}' is {article(kind)}, expected {article(wanted)}")
            return False
        return True

    def references(self) -> None:
        """Every field of ``model.REFERENCES`` names an existing record of an allowed kind."""
        kind_of, duplicated = self.kind_of, self.duplicated
        for reference in REFERENCES:
            section, name, kinds = reference.section, reference.field, reference.kinds
            allowed = set(kinds)  # a good reference passes here; ``ref`` words the others
            records = self.ds.records(section)
            named = self.walks[section].named[name]
            if named.isdisjoint(duplicated) and all(kind_of.get(v) in allowed
                                                    for v in named if v is not None):
                continue  # every reference of the field is good: checked once per value
            self._join_apart()  # a bad one may name a touchpoint: worded by its kind
            for i, rec in enumerate(records):
                value = getattr(rec, name)
                if not reference.many:
                    if value is not None and (kind_of.get(value) not in allowed
                                              or value in duplicated):
                        self.ref(section, i, (name,), value, *kinds)
                    continue
                for j, target in enumerate(value or ()):
                    if kind_of.get(target) not in allowed or target in duplicated:
                        self.ref(section, i, (name, j), target, *kinds)
        for i, s in enumerate(self.ds.stakeholders):
            for j, other in enumerate(s.knows or ()):
                if other == s.id:
                    self.add("stakeholders", i, ("knows", j),
                             "a stakeholder cannot know themselves")

    # -- structure -------------------------------------------------------------------------
    def structure(self) -> None:
        ds = self.ds
        company = {c.id: c for c in ds.companies}
        department = {d.id: d for d in ds.departments}
        stakeholder = {s.id: s for s in ds.stakeholders}
        for i, c in enumerate(ds.companies):
            parent = company.get(c.parent or "")
            if parent is not None and parent.group != c.group:
                self.add("companies", i, ("parent",), f"parent company '{parent.id}' is in "
                         f"group '{parent.group}', not in this company's group '{c.group}'")
        for i, d in enumerate(ds.departments):
            parent_dept = department.get(d.parent or "")
            if parent_dept is not None and parent_dept.company != d.company:
                self.add("departments", i, ("parent",), f"parent department '{parent_dept.id}' "
                         f"belongs to company '{parent_dept.company}', not to '{d.company}'")
        for i, s in enumerate(ds.stakeholders):
            dept = department.get(s.department or "")
            if dept is not None and dept.company != s.company:
                self.add("stakeholders", i, ("department",), f"department '{dept.id}' belongs "
                         f"to company '{dept.company}', not to this stakeholder's company "
                         f"'{s.company}'")
            boss = stakeholder.get(s.reports_to or "")
            if boss is not None and s.company in company and boss.company in company:
                mine, theirs = company[s.company].group, company[boss.company].group
                if mine != theirs:
                    self.add("stakeholders", i, ("reports_to",), f"'{boss.id}' works in group "
                             f"'{theirs}', outside this stakeholder's group '{mine}'")

    # -- cycles ----------------------------------------------------------------------------
    def cycles(self) -> None:
        # (a move, a succession, another post or a merger naming its own record is a
        # problem of its own, not a cycle)
        ids: dict[str, list[str]] = {}
        for section, field, what, itself in (
                ("companies", "parent", "company parents", True),
                ("departments", "parent", "department parents", True),
                ("stakeholders", "reports_to", "reports_to", True),
                ("stakeholders", "moved_to", "moved_to", False),
                ("stakeholders", "successor", "successor", False),
                ("stakeholders", "same_person_as", "same_person_as", False),
                ("companies", "merged_into", "merged_into", False)):
            records = self.ds.records(section)
            if section not in ids:  # (once per section, not once per field)
                ids[section] = list(map(operator.attrgetter("id"), records))
            self._cycles(section, ids[section], list(map(operator.attrgetter(field), records)),
                         field, what, itself)

    def _cycles(self, section: str, ids: list[str], parents: list[str | None], field: str,
                what: str, itself: bool) -> None:
        # only a record with a parent can be on a cycle: the walks start from those alone
        parent_of: dict[str, str] = {rid: p for rid, p in zip(ids, parents, strict=True)
                                     if p is not None and (itself or p != rid)}
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        index_of: dict[str, int] | None = None
        for start in parent_of:
            walk: list[str] = []
            node = start  # (parent_of holds no None: a walk ends at a record without one)
            while node in parent_of and state.get(node) is None:
                state[node] = 1
                walk.append(node)
                node = parent_of[node]
            if state.get(node) == 1:
                if index_of is None:
                    index_of = {rid: i for i, rid in enumerate(ids)}
                loop = walk[walk.index(node):]
                first = min(loop, key=index_of.__getitem__)
                at = loop.index(first)
                ordered = loop[at:] + loop[:at] + [first]
                self.add(section, index_of[first], (field,),
                         f"cycle in {what}: {' -> '.join(ordered)}")
            for n in walk:
                state[n] = 2

    # -- relationship pairs ----------------------------------------------------------------
    def relationship_pairs(self) -> None:
        seen: dict[tuple[str, str], int] = {}
        for i, r in enumerate(self.ds.relationships):
            key = (r.owner, r.stakeholder)
            if key in seen:
                first = self.positions["relationships"][seen[key]]
                self.add("relationships", i, ("stakeholder",), f"second relationship record for "
                         f"owner '{r.owner}' and stakeholder '{r.stakeholder}' (first at "
                         f"relationships[{first}])")
            else:
                seen[key] = i



    # -- dates -----------------------------------------------------------------------------
    def dates(self) -> None:
        # Records that failed their own checks keep raw values (dates as text): only
        # well-typed dates are compared; the record's own problem is already reported.
        today = self.ds.effective_as_of()
        for i, sub in enumerate(self.ds.subscriptions):
            if not _dates(sub.start, sub.end):
                continue
            if sub.start is not None and sub.end is not None and sub.end <= sub.start:
                self.add("subscriptions", i, ("end",), f"end {sub.end} must be after start "
                         f"{sub.start} (a price change ends one line and starts the next on "
                         f"the same day)")
            elif (sub.end is not None and sub.end <= today and "status" in sub.model_fields_set
                  and sub.status == SubscriptionStatus.active):
                self.add("subscriptions", i, ("end",), f"status is 'active' but end {sub.end} is "
                         f"on or before as_of {today}: set status to 'churned' or drop end")
        for i, opp in enumerate(self.ds.opportunities):
            if (_dates(opp.created, opp.close_date) and opp.created is not None
                    and opp.close_date is not None and opp.close_date < opp.created):
                self.add("opportunities", i, ("close_date",), f"close_date {opp.close_date} is "
                         f"before created {opp.created}")

    # -- moves inside a group --------------------------------------------------------------
    def moves(self) -> None:
        group_of = {c.id: c.group for c in self.ds.companies}
        company_of = {s.id: s.company for s in self.ds.stakeholders}
        for i, s in enumerate(self.ds.stakeholders):
            if s.moved_to is None:
                continue
            if s.moved_to == s.id:
                self.add("stakeholders", i, ("moved_to",), "a stakeholder cannot move to "
                         "their own record")
                continue
            if s.left_on is None and s.status != PersonStatus.left:
                self.add("stakeholders", i, ("moved_to",), "moved_to needs left_on (the day "
                         "of the move) or status 'left'")
            target = company_of.get(s.moved_to)
            mine, theirs = group_of.get(s.company), group_of.get(target or "")
            if mine is not None and theirs is not None and mine != theirs:
                self.add("stakeholders", i, ("moved_to",), f"'{s.moved_to}' works in group "
                         f"'{theirs}', outside this stakeholder's group '{mine}' (a move is "
                         f"inside one group)")
