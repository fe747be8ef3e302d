"""People named the way an account manager names them: an id, a full name or a family name.

A stakeholder given as ``佐伯`` (or ``佐伯 三郎``, or ``s-saeki``) is resolved within the
group: an id is taken as it is; otherwise the people whose name equals the text, or whose
family name (the name before its first space, full-width spaces counted as spaces) equals it,
compared without case and width differences; only when none does, a name written given name
first (``Haruka Sato``) is matched by its last part. Active people win; people who have left are
matched only when no active one is. No match, or more than one, is a problem that lists the
candidates. Our own people (owners) are resolved the same way among all owners.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import Problem
from ..identifiers import normal_name
from ..model import Dataset
from ..organisation import person_of, stakeholder_left


def family(text: str) -> str:
    """The family name: a name's part before its first space."""
    return normal_name(text).split(" ")[0]


def _label(record: Any, companies: dict[str, str]) -> str:
    place = companies.get(getattr(record, "company", None) or "", "")
    return f"{record.id} ({record.name}{', ' + place if place else ''})"


def resolve(given: str, records: Sequence[Any], *, kind: str, source: str, where: str,
            left: Iterable[str] = (), companies: dict[str, str] | None = None,
            ) -> tuple[str | None, Problem | None]:
    """The id ``given`` names among ``records`` (ids first, then names; ``left``: ids of
    people matched only when no one else is), or the problem that says why not."""
    by_id = {r.id: r for r in records}
    if given in by_id:
        return given, None
    wanted = normal_name(given)
    matches = [r for r in records if normal_name(r.name) == wanted or family(r.name) == wanted]
    if not matches:  # a name written given-name first (Haruka Sato): its last part
        matches = [r for r in records if " " in normal_name(r.name)
                   and normal_name(r.name).rsplit(" ", 1)[1] == wanted]
    gone = set(left)
    active = [r for r in matches if r.id not in gone]
    chosen = _one_person(active or matches)
    if len(chosen) == 1:
        return chosen[0].id, None
    labels = companies or {}
    if chosen:
        listed = ", ".join(_label(r, labels) for r in chosen)
        return None, Problem(source, where, f"{given!r} names {len(chosen)} {kind}s: {listed}; "
                                            "give the id")
    near = difflib.get_close_matches(wanted, [normal_name(r.name) for r in records], n=5,
                                     cutoff=0.4)
    hint = [_label(r, labels) for r in records if normal_name(r.name) in near][:5]
    return None, Problem(source, where, f"no {kind} with id or name {given!r}"
                                        + (f" (did you mean {', '.join(hint)}?)" if hint else ""))


def _one_person(records: list[Any]) -> list[Any]:
    """Posts of one person (linked by ``same_person_as``) count once: the person's own post
    (the one without ``same_person_as``) stands for them."""
    ids = {r.id for r in records}
    links = {r.id: getattr(r, "same_person_as", None) for r in records}
    roots = set(person_of(links, ids).values())
    return [r for r in records if r.id in roots] if len(roots) < len(records) else records


class People:
    """Name resolution over one book on one day."""

    def __init__(self, ds: Dataset, source: str, day: dt.date) -> None:
        self.ds, self.source, self.day = ds, source, day
        self.company_group = {c.id: c.group for c in ds.companies}
        self.company_name = {c.id: c.name for c in ds.companies}
        self.left = {s.id for s in ds.stakeholders if stakeholder_left(s, day)}

    def group_of(self, stakeholder_id: str) -> str | None:
        person = next((s for s in self.ds.stakeholders if s.id == stakeholder_id), None)
        return self.company_group.get(person.company) if person else None

    def stakeholders(self, given: Sequence[str], where: str, group: str | None,
                     problems: list[Problem]) -> list[str]:
        """The stakeholder ids ``given`` names (within ``group`` when it is known)."""
        pool = [s for s in self.ds.stakeholders
                if group is None or self.company_group.get(s.company) == group]
        ids = {s.id for s in self.ds.stakeholders}
        out = []
        for text in given:
            if text in ids:
                out.append(text)
                continue
            found, problem = resolve(text, pool, kind="stakeholder", source=self.source,
                                     where=where, left=self.left,
                                     companies=self.company_name)
            if problem is not None:
                problems.append(problem)
            elif found is not None:
                out.append(found)
        return list(dict.fromkeys(out))

    def owners(self, given: Sequence[str], where: str, problems: list[Problem]) -> list[str]:
        """The owner ids ``given`` names."""
        out = []
        for text in given:
            found, problem = resolve(text, self.ds.owners, kind="owner", source=self.source,
                                     where=where)
            if problem is not None:
                problems.append(problem)
            elif found is not None:
                out.append(found)
        return list(dict.fromkeys(out))

    def one(self, kind: str, given: str, where: str, problems: list[Problem],
            pool: Sequence[Any]) -> str | None:
        """The id of one company, department or product given by id or exact name."""
        found, problem = resolve(given, pool, kind=kind, source=self.source, where=where)
        if problem is not None:
            problems.append(problem)
        return found
