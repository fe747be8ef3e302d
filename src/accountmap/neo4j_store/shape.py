"""How records map onto Neo4j: labels, the links a node defines, the records that are
relationships, and the merge keys of records without ids. Labels and relationship types come
only from these fixed tables, never from data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Dataset

#: section -> labels of its nodes (first is the main label), in load order.
NODE_LABELS: dict[str, tuple[str, ...]] = {
    "groups": ("Group",), "companies": ("Company", "Account"),
    "departments": ("Department", "Account"), "stakeholders": ("Stakeholder",),
    "owners": ("Owner",), "products": ("Product",), "opportunities": ("Opportunity",),
    "touchpoints": ("Touchpoint",),
}

#: fields kept in relationships rather than node properties, per section.
LINK_FIELDS = {"companies": {"group", "parent"}, "departments": {"company", "parent"},
                "stakeholders": {"company", "department", "reports_to", "knows"},
                "opportunities": {"account", "product", "owner"},
                "touchpoints": {"owners", "stakeholders"}}


@dataclass(frozen=True)
class Link:
    """Relationships a node defines itself (single-valued or a list): a reload replaces them."""

    section: str
    rtype: str
    target: str  # label of the target node
    field: str
    many: bool = False


LINKS: tuple[Link, ...] = (
    Link("companies", "IN_GROUP", "Group", "group"),
    Link("companies", "SUBSIDIARY_OF", "Company", "parent"),
    Link("departments", "PART_OF", "Account", "parent"),  # parent department, else company
    Link("stakeholders", "WORKS_AT", "Company", "company"),
    Link("stakeholders", "WORKS_IN", "Department", "department"),
    Link("stakeholders", "REPORTS_TO", "Stakeholder", "reports_to"),
    Link("stakeholders", "KNOWS", "Stakeholder", "knows", many=True),
    Link("opportunities", "FOR_ACCOUNT", "Account", "account"),
    Link("opportunities", "FOR_PRODUCT", "Product", "product"),
    Link("opportunities", "OWNED_BY", "Owner", "owner"),
    Link("touchpoints", "ATTENDED_BY", "Owner", "owners", many=True),
    Link("touchpoints", "ATTENDED_BY", "Stakeholder", "stakeholders", many=True),
)


@dataclass(frozen=True)
class RecordRel:
    """A section whose records are relationships between two existing nodes."""

    section: str
    rtype: str
    source: str
    source_field: str
    target: str
    target_field: str


RECORD_RELS: tuple[RecordRel, ...] = (
    RecordRel("relationships", "RELATES_TO", "Owner", "owner", "Stakeholder", "stakeholder"),
    RecordRel("assignments", "ASSIGNED_TO", "Owner", "owner", "Account", "account"),
    RecordRel("subscriptions", "SUBSCRIBES", "Account", "account", "Product", "product"),
)

INTERNAL = {"dataset", "key", "hash", "seq", "pos", "created"}


def touchpoint_keys(ds: Dataset) -> list[str]:
    """Merge keys of touchpoints: their id, or (date, owners, stakeholders, occurrence)."""
    seen: Counter[str] = Counter()
    keys = []
    for t in ds.touchpoints:
        if t.id is not None:
            keys.append(t.id)
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
