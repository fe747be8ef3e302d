"""Which fields of the data format name other records, and which records are links.

The one table that validation, the graph, the Neo4j loader and the reader all read (``model``
re-exports it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reference:
    """A field of a record that names other records by id.

    ``kinds`` are the kinds it may name; ``many`` when the field is a list. ``link`` is the
    relationship type the field becomes when the record is a node (graph and Neo4j); a
    department's ``parent`` links to its ``company`` when it has no parent department
    (``fallback``). Fields without a link belong to records that are relationships themselves
    (``RECORD_LINKS``) or are folded into another link.
    """

    section: str
    field: str
    kinds: tuple[str, ...]
    many: bool = False
    link: str | None = None
    fallback: str | None = None


#: Every reference in the format, in section order: the one table that validation, the graph,
#: the Neo4j loader and the reader all read.
REFERENCES: tuple[Reference, ...] = (
    Reference("companies", "group", ("group",), link="IN_GROUP"),
    Reference("companies", "parent", ("company",), link="SUBSIDIARY_OF"),
    Reference("companies", "merged_into", ("company",), link="MERGED_INTO"),
    Reference("companies", "point_of_contact", ("owner",), link="POINT_OF_CONTACT"),
    Reference("departments", "company", ("company",)),
    Reference("departments", "parent", ("department",), link="PART_OF", fallback="company"),
    Reference("stakeholders", "company", ("company",), link="WORKS_AT"),
    Reference("stakeholders", "department", ("department",), link="WORKS_IN"),
    Reference("stakeholders", "reports_to", ("stakeholder",), link="REPORTS_TO"),
    Reference("stakeholders", "knows", ("stakeholder",), many=True, link="KNOWS"),
    Reference("stakeholders", "moved_to", ("stakeholder",), link="MOVED_TO"),
    Reference("stakeholders", "successor", ("stakeholder",), link="SUCCEEDED_BY"),
    Reference("stakeholders", "same_person_as", ("stakeholder",), link="SAME_PERSON_AS"),
    Reference("stakeholders", "point_of_contact", ("owner",), link="POINT_OF_CONTACT"),
    Reference("relationships", "owner", ("owner",)),
    Reference("relationships", "stakeholder", ("stakeholder",)),
    Reference("assignments", "owner", ("owner",)),
    Reference("assignments", "account", ("group", "company", "department")),
    Reference("subscriptions", "account", ("company", "department")),
    Reference("subscriptions", "product", ("product",)),
    Reference("subscriptions", "champion", ("stakeholder",)),
    Reference("subscriptions", "economic_buyer", ("stakeholder",)),
    Reference("opportunities", "account", ("company", "department"), link="FOR_ACCOUNT"),
    Reference("opportunities", "product", ("product",), link="FOR_PRODUCT"),
    Reference("opportunities", "owner", ("owner",), link="OWNED_BY"),
    Reference("touchpoints", "owners", ("owner",), many=True, link="ATTENDED_BY"),
    Reference("touchpoints", "stakeholders", ("stakeholder",), many=True, link="ATTENDED_BY"),
)


@dataclass(frozen=True, slots=True)
class RecordLink:
    """A section whose records are themselves relationships: ``source`` -> ``target`` field,
    of type ``link``; the record's other fields are the relationship's properties."""

    section: str
    link: str
    source: str
    target: str


RECORD_LINKS: tuple[RecordLink, ...] = (
    RecordLink("relationships", "RELATES_TO", "owner", "stakeholder"),
    RecordLink("assignments", "ASSIGNED_TO", "owner", "account"),
    RecordLink("subscriptions", "SUBSCRIBES", "account", "product"),
)


def node_links(section: str) -> tuple[Reference, ...]:
    """The references of a node section that become relationships of its nodes."""
    return tuple(r for r in REFERENCES if r.section == section and r.link is not None)


def link_fields(section: str) -> frozenset[str]:
    """The fields of a node section that are references (kept as links, not properties)."""
    return frozenset(r.field for r in REFERENCES if r.section == section)
