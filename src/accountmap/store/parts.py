"""Groups in a shared dataset: which group each record belongs to, and what a scoped load
writes.

A team keeps one dataset: each account manager loads the groups of their own file. So every
customer record belongs to exactly one group, its **scope** (a node property, indexed with the
dataset): a group is its own; a company's is its ``group``; a department's and a
stakeholder's is their company's; a relationship's is its stakeholder's; an assignment's,
a subscription's and an opportunity's is their account's (an assignment to a group: that
group); a touchpoint's is its first stakeholder's. Owners and products have none: they are
**shared**, one node per dataset for every group that names them.

A load of groups G writes the **part** of its book for G: the records whose scope is in G
(each keeps ``seq``, its place in the file, so a dataset loaded from one file reads back in
the file's order) and every owner and product of the file. The part must be **closed**: no
record of it names a customer record of another group and none of another group names one of
it (only ``knows`` and touchpoints can cross groups); otherwise the groups are loaded
together or not at all. Pure: no server, no driver.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..errors import DataError, Problem, UsageError
from ..model import Dataset
from ..references import REFERENCES
from .digests import DIGESTED

#: sections whose records belong to a group; the others (owners, products) are shared
SCOPED = ("groups", "companies", "departments", "stakeholders", "relationships",
          "assignments", "subscriptions", "opportunities", "touchpoints")
SHARED = ("owners", "products")
_CUSTOMER = {"group", "company", "department", "stakeholder"}


def scopes(ds: Dataset) -> tuple[dict[str, list[str | None]], dict[str, str]]:
    """The scope of every row of every stored section (None for shared records), in file
    order, and the scope of every customer record by id."""
    of: dict[str, str] = {g.id: g.id for g in ds.groups}
    out: dict[str, list[str | None]] = {"groups": [g.id for g in ds.groups]}
    out["companies"] = [c.group for c in ds.companies]
    of.update((c.id, c.group) for c in ds.companies)
    out["departments"] = [of.get(d.company) for d in ds.departments]
    of.update((d.id, of.get(d.company, "")) for d in ds.departments)
    out["stakeholders"] = [of.get(s.company) for s in ds.stakeholders]
    of.update((s.id, of.get(s.company, "")) for s in ds.stakeholders)
    out["relationships"] = [of.get(r.stakeholder) for r in ds.relationships]
    for section in ("assignments", "subscriptions", "opportunities"):
        out[section] = [of.get(r.account) for r in ds.records(section)]
    out["touchpoints"] = [of.get(t.stakeholders[0]) for t in ds.touchpoints]
    for section in SHARED:
        out[section] = [None] * len(ds.records(section))
    return out, of


@dataclass(frozen=True)
class Part:
    """What a load of ``groups`` writes: ``ds`` holds the part's rows; ``seqs`` each row's
    place in the file; ``scopes`` each row's group (None: shared); ``whole``: the part is the
    whole file (every group of it); ``gone``: groups asked for that the file does not have (a
    pruning load deletes what the dataset holds of them)."""

    ds: Dataset
    seqs: dict[str, list[int]]
    scopes: dict[str, list[str | None]]
    groups: tuple[str, ...]
    whole: bool
    gone: tuple[str, ...] = ()

    @property
    def written(self) -> list[str]:
        """The groups the load writes (and stamps): those asked for that the file has."""
        return [g for g in self.groups if g not in self.gone]


def part_of(ds: Dataset, groups: Collection[str] | None = None, *, prune: bool = False,
            source: str = "") -> Part:
    """The part of ``ds`` a load of ``groups`` writes (every group of ``ds`` when None or
    when they are all of them). A group the file does not have is an error, unless the load
    prunes (it then deletes the group). Raises ``DataError`` (a line per
    crossing reference) when the part is not closed."""
    row_scopes, scope_of = scopes(ds)
    every = [g.id for g in ds.groups]
    asked = list(dict.fromkeys(groups)) if groups else every
    gone = tuple(g for g in asked if g not in scope_of)
    if gone and not prune:
        raise UsageError(f"{source or 'the book'} has no group {', '.join(gone)} (its groups: "
                         f"{', '.join(every) or 'none'}); to delete a group from the dataset, "
                         "load with prune")
    wanted = set(asked)
    if set(every) <= wanted:
        return Part(ds, {s: list(range(len(row_scopes[s]))) for s in DIGESTED}, row_scopes,
                    tuple(asked), True, gone)
    _require_closed(ds, wanted, row_scopes, scope_of, source)
    kept: dict[str, Any] = {}
    seqs: dict[str, list[int]] = {}
    part_scopes: dict[str, list[str | None]] = {}
    for section in DIGESTED:
        places = [i for i, s in enumerate(row_scopes[section]) if s is None or s in wanted]
        records = ds.records(section)
        kept[section] = [records[i] for i in places]
        seqs[section] = places
        part_scopes[section] = [row_scopes[section][i] for i in places]
    return Part(ds.model_copy(update=kept), seqs, part_scopes, tuple(asked), False, gone)


def _require_closed(ds: Dataset, wanted: set[str], row_scopes: dict[str, list[str | None]],
                    scope_of: dict[str, str], source: str) -> None:
    """Every reference between customer records stays inside the groups or outside them."""
    problems: list[Problem] = []
    for ref in REFERENCES:
        if not set(ref.kinds) & _CUSTOMER:
            continue
        for n, (record, scope) in enumerate(zip(ds.records(ref.section),
                                                row_scopes[ref.section], strict=True)):
            value = getattr(record, ref.field, None)
            targets = value if isinstance(value, list) else [] if value is None else [value]
            crossing = [t for t in targets if (scope_of.get(str(t)) in wanted) != (scope in wanted)]
            if crossing:
                problems.append(Problem(
                    source, f"{ref.section}.{getattr(record, 'id', None) or n}.{ref.field}",
                    f"names {', '.join(map(str, crossing))} of group "
                    f"{scope_of.get(str(crossing[0]))} while it is of group {scope}: load "
                    "these groups together"))
    if problems:
        raise DataError(problems)
