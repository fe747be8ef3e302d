"""Row and chunk digests: what a load stores of a section, and which rows changed since.

Each node and record relationship carries a hash of its row: its record (every field, links
included, as JSON), its key and its place in the file (``section_digests``). The dataset node
keeps every section's row hashes as one text (``DIGEST`` characters a row) and one hash per
``CHUNK`` rows (``chunk_digests``), as the last complete load left them. A reload hashes the
file's chunks, then only the rows of the chunks that differ, and compares those rows with the
stored hashes (``section_state``): its cost follows the change, not the book. Everything here
is pure: no server, no driver.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from pydantic import TypeAdapter

from ..model import SECTIONS, Dataset
from .shape import NODE_LABELS, RECORD_KEY_FIELDS, RECORD_RELS, record_keys, touchpoint_keys


def row_keys(ds: Dataset, section: str) -> list[str]:
    """The key of each row of a section, in file order: a node's merge key (its id, or a
    touchpoint's derived key), a record relationship's occurrence among equal ends."""
    records = getattr(ds, section)
    if section in RECORD_KEY_FIELDS:
        return record_keys(records, RECORD_KEY_FIELDS[section])
    return touchpoint_keys(ds) if section == "touchpoints" else [r.id for r in records]


#: characters of one row's digest: 12 bytes of BLAKE2b in base64 (16 characters, no padding)
DIGEST = 16


def _row_digest(seq: int, key: str, record: Any) -> bytes:
    """BLAKE2b of a row's key and its record as JSON (every field, links included, in model
    order; serialized in Rust), personalised with its place in the file (``seq``)."""
    json = record.__pydantic_serializer__.to_json(record)
    return hashlib.blake2b(key.encode() + b"\x00" + json, digest_size=12,
                           person=seq.to_bytes(8, "little")).digest()


def section_digests(ds: Dataset, section: str, keys: list[str], start: int = 0,
                    stop: int | None = None, seqs: list[int] | None = None) -> str:
    """The hashes of a section's rows ``start:stop`` (``keys``: the section's ``row_keys``),
    in file order, as one text (``DIGEST`` characters a row; ``row_hash`` takes one out). A
    node keeps its row's hash (so an unchanged node needs neither a property write nor a
    link sync), and so does a record relationship. ``seqs``: each row's place in the file
    when ``ds`` is a part of it (``parts.Part``), so a row hashes alike in either."""
    records = getattr(ds, section)
    stop = len(records) if stop is None else stop
    return base64.b64encode(b"".join(
        _row_digest(seq if seqs is None else seqs[seq], keys[seq], records[seq])
        for seq in range(start, stop))).decode()


#: rows per chunk of ``chunk_digests``
CHUNK = 64
_KEYS = TypeAdapter(list[str])


@cache
def _adapter(section: str) -> TypeAdapter[Any]:
    """Serializes a list of one section's records as JSON (in Rust, one call a chunk)."""
    return TypeAdapter(cast(Any, list)[SECTIONS[section]])


def chunk_digests(ds: Dataset, section: str, keys: list[str]) -> str:
    """One hash per ``CHUNK`` rows of a section (of their records and keys as JSON, and their
    place), as one text like ``section_digests``: about half the cost of hashing every row,
    so a reload hashes rows only in the chunks whose hash changed."""
    dump, records = _adapter(section).dump_json, getattr(ds, section)
    return base64.b64encode(b"".join(
        hashlib.blake2b(dump(records[at:at + CHUNK]) + _KEYS.dump_json(keys[at:at + CHUNK]),
                        digest_size=12, person=at.to_bytes(8, "little")).digest()
        for at in range(0, len(records), CHUNK))).decode()


@dataclass
class Digests:
    """A section's row hashes (``rows``) and chunk hashes (``chunks``), and the places of the
    rows whose hash differs from the stored one (``changed``; None: nothing stored to compare
    with)."""

    rows: str
    chunks: str
    changed: list[int] | None


def section_state(ds: Dataset, section: str, keys: list[str], stored_rows: str | None,
                  stored_chunks: str | None, seqs: list[int] | None = None) -> Digests:
    """The digests of a section and the rows that changed since the stored digests (the
    ones the last complete load left): the chunks are hashed, and only the rows of chunks
    whose hash differs; the other rows keep their stored hashes. Without stored digests
    (or with digests that do not fit together) every row is hashed."""
    if not keys:  # nothing to send (what the file no longer has is prune's)
        return Digests("", "", [])
    chunks = chunk_digests(ds, section, keys)
    if stored_rows is None or stored_chunks is None or not _fit(stored_rows, stored_chunks):
        return Digests(section_digests(ds, section, keys, seqs=seqs), chunks, None)
    dirty = changed_rows(chunks, stored_chunks)
    if not dirty:
        return Digests(stored_rows, chunks, [])
    pieces: list[str] = []
    changed: list[int] = []
    done = 0
    for chunk in dirty:
        start, stop = chunk * CHUNK, min(len(keys), (chunk + 1) * CHUNK)
        pieces.append(stored_rows[done * DIGEST:start * DIGEST])  # clean chunks: as stored
        rows = section_digests(ds, section, keys, start, stop, seqs)
        before = stored_rows[start * DIGEST:stop * DIGEST]  # shorter where rows were added
        changed += [start + i for i in changed_rows(rows, before) or ()]
        pieces.append(rows)
        done = stop
    pieces.append(stored_rows[done * DIGEST:len(keys) * DIGEST])
    return Digests("".join(pieces), chunks, changed)


def _fit(rows: str, chunks: str) -> bool:
    """Whether stored row and chunk digests can be of one load: one chunk hash per ``CHUNK``
    row hashes."""
    count = len(rows) // DIGEST
    return len(rows) % DIGEST == 0 and len(chunks) == DIGEST * -(-count // CHUNK)


def row_hash(digests: str, seq: int) -> str:
    """The hash of row ``seq`` in a section's digests (``section_digests``)."""
    return digests[seq * DIGEST:(seq + 1) * DIGEST]


def changed_rows(now: str, before: str | None) -> list[int] | None:
    """The places whose row hash differs between two digests of a section (None when there
    is nothing to compare with: each row is then compared with its node). Blocks of rows are
    compared first, so an unchanged stretch costs one string comparison."""
    if before is None:
        return None
    if now == before:
        return []
    block = 256 * DIGEST
    out = []
    for start in range(0, len(now), block):
        if now[start:start + block] == before[start:start + block]:
            continue
        for at in range(start, min(start + block, len(now)), DIGEST):
            if now[at:at + DIGEST] != before[at:at + DIGEST]:
                out.append(at // DIGEST)
    return out


#: the sections whose rows the dataset node keeps digests of: every node and record
#: relationship section
DIGESTED = tuple(list(NODE_LABELS) + [rr.section for rr in RECORD_RELS])


def digest_properties(section: str) -> tuple[str, str]:
    """The dataset node's properties holding a section's row and chunk digests
    (``section_state``); absent for an empty section."""
    return f"digests_{section}", f"chunks_{section}"


def digest_values(section: str, state: Digests) -> dict[str, str | None]:
    """The dataset node's digest properties of a section and their values (None, so no
    property, for an empty section): what a load stores and the bulk export writes."""
    rows, chunks = digest_properties(section)
    return {rows: state.rows or None, chunks: state.chunks or None}
