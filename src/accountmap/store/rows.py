"""The rows a load sends and the bulk export writes, built from the records: node
properties (``node_rows``) or columns (``node_columns``, one list per property, for a first
load's CREATE), link targets (``link_rows``) and record relationships (``record_rel_rows``).
Pure: no server, no driver."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from operator import attrgetter
from typing import Any

from ..model import ID_KINDS, SECTIONS, Dataset, plain_value
from .digests import row_hash
from .parts import Part
from .shape import LINK_FIELDS, Link, RecordRel, label_of_kind, property_type


@cache
def property_fields(section: str) -> tuple[str, ...]:
    """The fields of a node section kept as node properties (every field but the links), in
    model order; a node also gets ``seq``, ``dataset``, ``key`` and ``hash``."""
    skip = LINK_FIELDS.get(section, frozenset())
    return tuple(field for field in SECTIONS[section].model_fields if field not in skip)


def node_property(value: Any) -> Any:
    """A field's value as a node property: None (no property) for no value or an empty
    list, enums as their values."""
    return None if value is None or value == [] else plain_value(value)


def node_rows(ds: Dataset, section: str, keys: list[str], digests: str,
               places: Iterable[int],
               stored: dict[str, str | None] | None = None,
               where: Part | None = None) -> list[dict[str, Any]]:
    """One row per node at ``places`` (file positions) that is new or changed by its stored
    hash (every one of them without ``stored``): its key, properties and hash (from
    ``digests``). Properties are built only for the rows that are sent. ``where``: the
    rows' places in the file and groups (``parts.Part``; without it, a row's place is its
    position and it has no group)."""
    fields = property_fields(section)
    records = getattr(ds, section)
    rows = []
    for seq in places:
        digest, key = row_hash(digests, seq), keys[seq]
        if stored is not None and stored.get(key) == digest:
            continue
        values = records[seq].__dict__
        props = {field: value for field in fields
                 if (value := node_property(values[field])) is not None}
        props["seq"] = seq
        if where is not None:
            props["seq"] = where.seqs[section][seq]
            if (scope := where.scopes[section][seq]) is not None:
                props["scope"] = scope
        rows.append({"key": key, "props": props, "hash": digest})
    return rows


def column(values: Iterable[Any], kind: str) -> list[Any]:
    """One property's values as sent in a column: None where ``node_property`` gives None, enums
    as their values, dates as ISO text (the CREATE parses them back with ``date()``: the
    driver's own date packing costs several microseconds a value in Python)."""
    if kind == "date":
        return [None if v is None else v.isoformat() for v in values]
    return [node_property(v) for v in values]


def node_columns(ds: Dataset, section: str, keys: list[str], digests: str, start: int,
                  stop: int, where: Part | None = None) -> dict[str, Any]:
    """The nodes at places ``start:stop`` as columns, for a first load's CREATE: ``key``,
    ``hash``, ``p_<field>`` per property field (see ``_column``), ``seq`` (each node's place
    in the file) and ``scope`` (its group, see ``node_rows``). Lists of plain values cost the
    client and the server far less than a map per row."""
    records = getattr(ds, section)[start:stop]
    stop = start + len(records)
    columns: dict[str, Any] = {
        "key": keys[start:stop],
        "hash": [row_hash(digests, seq) for seq in range(start, stop)],
        "seq": list(range(start, stop)) if where is None else where.seqs[section][start:stop],
        "scope": [None] * len(records) if where is None else where.scopes[section][start:stop]}
    for field in property_fields(section):
        columns[f"p_{field}"] = column(map(attrgetter(field), records),
                                        property_type(section, field))
    return columns


def link_targets(record: Any, link: Link) -> list[str]:
    """The ids one record links to by ``link``, in the record's order."""
    value = getattr(record, link.field)
    if value is None and link.fallback:
        value = getattr(record, link.fallback)
    return list(value) if link.many else ([value] if value is not None else [])


def link_rows(ds: Dataset, link: Link, keys: list[str],
               places: Iterable[int]) -> list[dict[str, Any]]:
    """One row per record of the link's section at ``places``: its key and the ids it links
    to."""
    records = getattr(ds, link.section)
    return [{"src": keys[seq], "targets": link_targets(records[seq], link)} for seq in places]


def record_rel_rows(ds: Dataset, rr: RecordRel, keys: list[str], digests: str,
                     places: Iterable[int] | None = None,
                     where: Part | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows of one record relationship (those at ``places``, when given), per label of
    their target node; a row's hash is its record's in ``digests``; its ``seq`` its place in
    the file (``where``, see ``node_rows``)."""
    records = getattr(ds, rr.section)
    target_label = target_labels(ds, rr)
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in rr.targets}
    for seq in range(len(records)) if places is None else places:
        record = records[seq]
        props = {k: plain_value(v) for k, v in record
                 if k not in (rr.source_field, rr.target_field) and v is not None}
        props["seq"] = seq if where is None else where.seqs[rr.section][seq]
        dst = getattr(record, rr.target_field)
        rows[target_label(dst)].append({"src": getattr(record, rr.source_field), "dst": dst,
                                        "key": keys[seq], "props": props,
                                        "hash": row_hash(digests, seq)})
    return rows


def target_labels(ds: Dataset, rr: RecordRel) -> Callable[[str], str]:
    """Which of ``rr.targets`` a target id has (by the kind of the record it names)."""
    if len(rr.targets) == 1:
        return lambda _id: rr.targets[0]
    kinds = {r.id: ID_KINDS[section] for section in ID_KINDS for r in ds.records(section)}
    return lambda target: ("Account" if kinds[target] in ("company", "department")
                           and "Account" in rr.targets else label_of_kind(kinds[target]))


#: a batch's ``$rows``: a list of row maps, or a map of columns (``node_columns``)
Batch = list[dict[str, Any]] | dict[str, Any]


def batch_size(batch: Batch) -> int:
    """How many rows a batch holds."""
    return len(batch["key"]) if isinstance(batch, dict) else len(batch)


def in_batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
