"""One group's part of a book: what a command given ``--group`` needs, and nothing more.

The **part** of groups G holds the groups, their companies, the departments and stakeholders
of those companies, and the relationships, assignments, subscriptions, opportunities and
touchpoints whose account or people are there, with the owners those records name and the
whole product catalogue (a product no one in the group has is white space); the settings
(``as_of``, fiscal year, rates, stages, time zone) are the book's. It is what the group's own
file would hold, so every answer about G computed on the part equals the answer computed on
the whole book, at the cost of G alone. One answer is the group's by definition: on a
group's map, an owner's key-person risk counts the group's accounts (the map of the whole
book counts all of them).

That holds while the part is **closed**: no record of the part names a customer record
outside it, and no record outside names one inside (a stakeholder who ``knows`` someone in
another group, a touchpoint with people of two groups). A warm path or a meeting may then
cross groups, and ``group_part`` gives None: the caller keeps the whole book. The format
keeps ``reports_to``, ``moved_to``, ``successor`` and ``same_person_as`` inside a group;
only ``knows`` and touchpoints can cross.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .model import SECTIONS, Dataset
from .references import REFERENCES

#: Sections whose records are the customer's side: a reference to one outside the part (or
#: from one outside into it) makes the part not closed.
_CUSTOMER = {"group", "company", "department", "stakeholder"}
#: How a record of each section joins the part: the field naming its anchor.
_ANCHOR = {"companies": "group", "departments": "company", "stakeholders": "company",
           "relationships": "stakeholder", "assignments": "account",
           "subscriptions": "account", "opportunities": "account"}


def group_part(ds: Dataset, groups: Collection[str]) -> Dataset | None:
    """The part of ``ds`` for ``groups`` (see module docstring), or None when it is not
    closed, or when a group is not in the book (the whole book then answers, and names the
    unknown group as it always does)."""
    known = {g.id for g in ds.groups}
    if not groups or not set(groups) <= known:
        return None
    inside: set[str] = set(groups)
    kept: dict[str, list[Any]] = {"groups": [g for g in ds.groups if g.id in inside]}
    for section in ("companies", "departments", "stakeholders"):
        field = _ANCHOR[section]
        kept[section] = [r for r in ds.records(section) if getattr(r, field) in inside]
        inside.update(r.id for r in kept[section])
    for section in ("relationships", "assignments", "subscriptions", "opportunities"):
        field = _ANCHOR[section]
        kept[section] = [r for r in ds.records(section) if getattr(r, field) in inside]
    kept["touchpoints"] = []
    for t in ds.touchpoints:
        ours = [s in inside for s in t.stakeholders]
        if all(ours):
            kept["touchpoints"].append(t)
        elif any(ours):
            return None  # a meeting with people of two groups
    if not _closed(ds, kept, inside):
        return None
    named = _named(kept)
    kept["owners"] = [o for o in ds.owners if o.id in named]
    # whole-book figure: the product catalogue (white space is a product no one in the
    # group has, so every product counts, named in the group's records or not)
    kept["products"] = list(ds.products)
    return ds.model_copy(update={s: kept.get(s, []) for s in SECTIONS})


def _values(record: Any, field: str) -> list[str]:
    value = getattr(record, field, None)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _closed(ds: Dataset, kept: dict[str, list[Any]], inside: set[str]) -> bool:
    """No customer reference crosses the part's border, either way."""
    kept_ids = {section: {id(r) for r in records} for section, records in kept.items()}
    for ref in REFERENCES:
        if not set(ref.kinds) & _CUSTOMER:
            continue
        mine = kept_ids.get(ref.section, set())
        for record in ds.records(ref.section):
            targets = _values(record, ref.field)
            if not targets:
                continue
            in_part = id(record) in mine
            if any((t in inside) != in_part for t in targets):
                return False
    return True


def _named(kept: dict[str, list[Any]]) -> set[str]:
    """The owners the part's records name."""
    out: set[str] = set()
    for ref in REFERENCES:
        if "owner" in ref.kinds:
            for record in kept.get(ref.section, []):
                out.update(_values(record, ref.field))
    return out
