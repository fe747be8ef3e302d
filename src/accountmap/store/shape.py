"""How records map onto Neo4j: labels, the links a node defines, the records that are
relationships, and the merge keys of records without ids. Labels and relationship types come
only from these fixed tables, never from data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, get_args, get_origin

from ..model import ID_KINDS, RECORD_LINKS, REFERENCES, SECTIONS, Dataset, link_fields

#: section -> labels of its nodes (first is the main label), in load order.
NODE_LABELS: dict[str, tuple[str, ...]] = {
    "groups": ("Group",), "companies": ("Company", "Account"),
    "departments": ("Department", "Account"), "stakeholders": ("Stakeholder",),
    "owners": ("Owner",), "products": ("Product",), "opportunities": ("Opportunity",),
    "touchpoints": ("Touchpoint",),
}
_LABEL_OF_KIND = {ID_KINDS[section]: labels[0] for section, labels in NODE_LABELS.items()}


def _label(kinds: set[str]) -> str:
    """The label that matches every node of these kinds (Account: a company or department)."""
    return "Account" if kinds == {"company", "department"} else _LABEL_OF_KIND[kinds.pop()]


def _labels(kinds: set[str]) -> tuple[str, ...]:
    """The labels that together match every node of these kinds, one per node (Account for
    companies and departments), in a fixed order."""
    labels = []
    if {"company", "department"} <= kinds:
        labels.append("Account")
        kinds = kinds - {"company", "department"}
    labels.extend(_LABEL_OF_KIND[k] for k in sorted(kinds))
    return tuple(labels)


def label_of_kind(kind: str) -> str:
    """The main label of one kind's nodes (company -> Company)."""
    return _LABEL_OF_KIND[kind]


def _kinds(section: str, name: str) -> set[str]:
    return {k for r in REFERENCES if (r.section, r.field) == (section, name) for k in r.kinds}


#: fields kept in relationships rather than node properties, per section.
LINK_FIELDS: dict[str, frozenset[str]] = {section: link_fields(section)
                                          for section in NODE_LABELS}


@dataclass(frozen=True)
class Link:
    """Relationships a node defines itself (single-valued or a list): a reload replaces them.
    With ``fallback``, a record without ``field`` links to its ``fallback`` field instead."""

    section: str
    rtype: str
    target: str  # label of the target node
    field: str
    many: bool = False
    fallback: str | None = None


LINKS: tuple[Link, ...] = tuple(
    Link(r.section, r.link, _label(set(r.kinds) | (_kinds(r.section, r.fallback)
                                                   if r.fallback else set())),
         r.field, r.many, r.fallback)
    for r in REFERENCES if r.link is not None and r.section in NODE_LABELS)


@dataclass(frozen=True)
class RecordRel:
    """A section whose records are relationships between two existing nodes. ``targets`` are
    the labels the target may have (an assignment names an account or a group); the loader
    matches each row's target by the label of its kind, so every lookup uses an index."""

    section: str
    rtype: str
    source: str
    source_field: str
    targets: tuple[str, ...]
    target_field: str

    @property
    def target_pattern(self) -> str:
        """The target's label expression for reading (``Account|Group``)."""
        return "|".join(self.targets)


RECORD_RELS: tuple[RecordRel, ...] = tuple(
    RecordRel(rl.section, rl.link, _label(_kinds(rl.section, rl.source)), rl.source,
              _labels(_kinds(rl.section, rl.target)), rl.target)
    for rl in RECORD_LINKS)

#: Bookkeeping properties of the loader, never record fields (``_new`` marks a node the
#: current load created; it is removed again when the load finishes its nodes; ``scope`` is
#: the group a customer record belongs to, see ``parts``).
INTERNAL = {"dataset", "key", "hash", "seq", "pos", "_new", "scope"}


def touchpoint_keys(ds: Dataset) -> list[str]:
    """Merge keys of touchpoints: ``=`` + their id, or ``~`` + (date, owners, stakeholders,
    occurrence). The prefixes keep the two kinds of key apart: no id, whatever it spells, can
    equal another touchpoint's derived key."""
    seen: Counter[str] = Counter()
    keys = []
    for t in ds.touchpoints:
        if t.id is not None:
            keys.append(f"={t.id}")
            continue
        base = f"~{t.date.isoformat()}|{','.join(t.owners)}|{','.join(t.stakeholders)}"
        seen[base] += 1
        keys.append(f"{base}|{seen[base]}")
    return keys


def record_keys(records: Sequence[Any], fields: tuple[str, ...]) -> list[str]:
    """Keys of records without ids: the identifying fields plus the occurrence among equals."""
    seen: Counter[tuple[str, ...]] = Counter()
    keys = []
    for r in records:
        ident = tuple(str(getattr(r, f)) for f in fields)
        seen[ident] += 1
        keys.append(f"{seen[ident]}")
    return keys


RECORD_KEY_FIELDS = {"relationships": ("owner", "stakeholder"),
                      "assignments": ("owner", "account"),
                      "subscriptions": ("account", "product")}


def _store_type(annotation: Any) -> str:
    """The Neo4j type of a field's values, named as the importer's headers name it, from its
    type in the model (an enum is its text value; ``X | None`` is X)."""
    if get_origin(annotation) is list:
        return "string[]"
    args = [a for a in get_args(annotation) if a is not type(None)]
    if args:
        return _store_type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "string"
    for kind, python in (("string", str), ("boolean", bool), ("long", int), ("double", float),
                         ("date", dt.date)):
        if annotation is python:
            return kind
    raise TypeError(f"no importer type for {annotation!r}")  # not in the format


@cache
def property_type(section: str, field: str) -> str:
    """The Neo4j type of a node property (a field of a node section): string, string[],
    boolean, long, double or date."""
    return _store_type(SECTIONS[section].model_fields[field].annotation)


#: The dataset node's properties that hold the book's top-level settings.
SETTINGS = ("fiscal_year_start", "timezone", "fx_currencies", "fx_rates", "stage_names",
            "stage_probabilities")


def settings_properties(ds: Dataset) -> dict[str, Any]:
    """The book's top-level settings as properties of its dataset node (None: no property):
    the fiscal year's start, the fx rates and the stage probabilities as parallel lists."""
    return {"fiscal_year_start": ds.fiscal_year_start, "timezone": ds.timezone,
            "fx_currencies": [r.currency for r in ds.fx_rates] or None,
            "fx_rates": [r.rate for r in ds.fx_rates] or None,
            "stage_names": list(ds.stage_probabilities) or None,
            "stage_probabilities": list(ds.stage_probabilities.values()) or None}


def settings_from(props: dict[str, Any]) -> dict[str, Any]:
    """The book's top-level settings from its dataset node's properties (the reverse of
    ``settings_properties``; absent settings are left out)."""
    out: dict[str, Any] = {}
    if props.get("fiscal_year_start") is not None:
        out["fiscal_year_start"] = props["fiscal_year_start"]
    if props.get("timezone") is not None:
        out["timezone"] = props["timezone"]
    if props.get("fx_currencies"):
        out["fx_rates"] = [{"currency": c, "rate": r} for c, r in
                           zip(props["fx_currencies"], props.get("fx_rates") or [], strict=False)]
    if props.get("stage_names"):
        out["stage_probabilities"] = dict(zip(props["stage_names"],
                                              props.get("stage_probabilities") or [],
                                              strict=False))
    return out
