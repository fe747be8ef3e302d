"""A customer group's legal-entity tree from GLEIF's public LEI data (CC0), compared with the
book.

Input: Level 1 LEI records (legal name, legal address country, entity and registration
status) and Level 2 relationship records (``IS_DIRECTLY_CONSOLIDATED_BY``,
``IS_ULTIMATELY_CONSOLIDATED_BY``), in GLEIF's golden-copy CSV, golden-copy JSON (a list of
records, or ``{"records": [...]}``, values plain or as ``{"$": value}``) or the API's JSON
(``{"data": record}`` or ``{"data": [records]}``), plain or zipped. Files of any size are read
as streams: relationships first (only the consolidation links are kept), then the Level 1
records of the group's entities and of the book's companies.

- **The registry group** of a book group is its root, the ``lei`` of the group's company
  without ``parent``; every entity that names the root as its ultimate parent; every entity
  whose direct-parent chain reaches one of those; and the direct parents on those chains
  (consolidated by the root through them). A relationship counts while it is ACTIVE and its
  relationship period has not ended.
- **An entity's parent** is its direct parent, or the ultimate parent when no direct-parent
  record exists (or the direct parent is outside the group); an entity of the group with
  neither hangs under the root.
- **Matching**: a book company is a registry entity by its ``lei``, else by its legal name
  (the same name without case or width differences).
- **Reported** (nothing written): entities of the registry group not in the book
  (white-space candidates, with country and parent); book companies whose parent differs
  from the registry's; entities whose registration is not current (LAPSED, RETIRED, MERGED,
  ANNULLED, DUPLICATE, ...: reported, never added). ``apply`` adds the missing entities as
  companies (``lei``, ``parent``, ``country``, ``potential_mrr: 0``), parents first; an
  entity without a Level 1 record in the files is named by its LEI.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson

from ..edit.log import all_ids, unique_id
from ..errors import DataError, NotFoundError, Problem, UsageError
from ..identifiers import normal_name, slug
from ..model import Dataset

DIRECT, ULTIMATE = "IS_DIRECTLY_CONSOLIDATED_BY", "IS_ULTIMATELY_CONSOLIDATED_BY"
#: Registration statuses of an LEI in use; any other (LAPSED, RETIRED, MERGED, ANNULLED,
#: DUPLICATE, TRANSFERRED, PENDING_VALIDATION) is reported and never added.
CURRENT = frozenset({"ISSUED", "PENDING_TRANSFER", "PENDING_ARCHIVAL"})


@dataclass
class Entity:
    lei: str
    name: str | None = None
    country: str | None = None
    registration: str | None = None
    status: str | None = None

    @property
    def current(self) -> bool:
        return (self.registration is None or self.registration in CURRENT) and \
            self.status != "INACTIVE"


@dataclass
class Links:
    direct: dict[str, str] = field(default_factory=dict)
    ultimate: dict[str, str] = field(default_factory=dict)


@dataclass
class GleifReport:
    group: str
    root: str
    members: int = 0
    missing: list[dict[str, Any]] = field(default_factory=list)
    parent_differs: list[dict[str, Any]] = field(default_factory=list)
    not_current: list[dict[str, Any]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------

def _value(node: Any) -> Any:
    return node.get("$") if isinstance(node, dict) and "$" in node else node


def _get(record: Any, *path: str) -> Any:
    node = record
    for key in path:
        node = _value(node)
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    node = _value(node)
    return node if node not in ("", None) else None


@contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if not names:
                raise DataError([Problem(str(path), "", "an empty zip archive")])
            with archive.open(names[0]) as fh:
                yield fh
    else:
        with open(path, "rb") as fh:
            yield fh


LineFilter = Callable[[bytes], bool]


def _records(path: Path, wanted: LineFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every record of one file, as plain dicts (CSV rows keyed by their dotted headers).
    ``wanted`` may pass over CSV lines before they are parsed (a golden-copy file has 2.5M
    rows of 200 columns; the few of one group are all that is needed)."""
    with _open(path) as fh:
        head = fh.read(4096)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"[", b"{"):
        yield from _json_records(path, start == b"[")
    else:
        yield from _csv_records(path, wanted)


def _csv_records(path: Path, wanted: LineFilter | None) -> Iterator[dict[str, Any]]:
    with _open(path) as fh:
        header = next(csv.reader([fh.readline().decode("utf-8-sig")]), [])
        for raw in fh:
            if wanted is not None and not wanted(raw):
                continue
            text = raw.decode("utf-8")
            while text.count('"') % 2:  # a quoted field that runs over the line end
                more = fh.readline()
                if not more:
                    break
                text += more.decode("utf-8")
            for values in csv.reader([text]):
                yield dict(zip(header, values, strict=False))


def _json_records(path: Path, is_list: bool) -> Iterator[dict[str, Any]]:
    prefix = "item"
    if not is_list:
        with _open(path) as fh:
            prefix = ""
            for at, event, value in ijson.parse(fh):
                if at == "" and event == "map_key":
                    key = value
                elif at in ("data", "records") and event in ("start_array", "start_map"):
                    prefix = f"{key}.item" if event == "start_array" else key
                    break
            if not prefix:
                raise DataError([Problem(str(path), "", "a JSON file with neither data nor "
                                         "records: not GLEIF's format")])
    with _open(path) as fh:
        yield from ijson.items(fh, prefix, use_float=True)


def _entity(record: dict[str, Any]) -> Entity | None:
    if "attributes" in record:  # the API's lei-records
        attrs = record["attributes"]
        lei = attrs.get("lei") or record.get("id")
        if not lei:
            return None
        name = _get(attrs, "entity", "legalName", "name") or _get(attrs, "entity", "legalName")
        return Entity(str(lei), name, _get(attrs, "entity", "legalAddress", "country"),
                      _get(attrs, "registration", "status"), _get(attrs, "entity", "status"))
    lei = _get(record, "LEI")
    if not lei:
        return None
    if "Entity.LegalName" in record:  # golden-copy CSV
        return Entity(lei, record.get("Entity.LegalName") or None,
                      record.get("Entity.LegalAddress.Country") or None,
                      record.get("Registration.RegistrationStatus") or None,
                      record.get("Entity.EntityStatus") or None)
    return Entity(lei, _get(record, "Entity", "LegalName"),
                  _get(record, "Entity", "LegalAddress", "Country"),
                  _get(record, "Registration", "RegistrationStatus"),
                  _get(record, "Entity", "EntityStatus"))


def _ended(periods: list[tuple[str | None, str | None]], today: dt.date) -> bool:
    for kind, end in periods:
        if kind == "RELATIONSHIP_PERIOD" and end:
            return dt.date.fromisoformat(end[:10]) < today
    return False


def _link(record: dict[str, Any], today: dt.date) -> tuple[str, str, str] | None:
    """(child, parent, type) of a live consolidation relationship, else None."""
    if "attributes" in record:  # the API's relationship-records
        rel = record["attributes"].get("relationship") or {}
        child, parent = _get(rel, "startNode", "id"), _get(rel, "endNode", "id")
        kind, status = rel.get("type"), rel.get("status")
        periods = [(p.get("type"), p.get("endDate")) for p in rel.get("periods") or []]
    elif "Relationship.StartNode.NodeID" in record:  # golden-copy CSV
        child, parent = (record.get("Relationship.StartNode.NodeID"),
                         record.get("Relationship.EndNode.NodeID"))
        kind = record.get("Relationship.RelationshipType")
        status = record.get("Relationship.RelationshipStatus")
        periods = [(record.get(f"Relationship.Period.{n}.periodType"),
                    record.get(f"Relationship.Period.{n}.endDate")) for n in range(1, 6)]
    elif "Relationship" in record:
        rel = _value(record["Relationship"])
        child, parent = _get(rel, "StartNode", "NodeID"), _get(rel, "EndNode", "NodeID")
        kind, status = _get(rel, "RelationshipType"), _get(rel, "RelationshipStatus")
        raw = _value(rel.get("RelationshipPeriods")) or []
        raw = _value(raw.get("RelationshipPeriod")) if isinstance(raw, dict) else raw
        raw = raw if isinstance(raw, list) else [raw]
        periods = [(_get(p, "PeriodType"), _get(p, "EndDate")) for p in raw]
    else:
        return None
    if kind not in (DIRECT, ULTIMATE) or not child or not parent:
        return None
    if status not in (None, "", "ACTIVE") or _ended(periods, today):
        return None
    return str(child), str(parent), str(kind)


_READ_ERRORS = (ijson.JSONError, ValueError, KeyError, TypeError, AttributeError, csv.Error,
                UnicodeDecodeError, zipfile.BadZipFile, OSError)


def links_of(paths: list[Path], today: dt.date) -> Links:
    """Pass 1: the live consolidation links of every file."""
    links = Links()
    problems: list[Problem] = []
    for path in paths:
        try:
            for record in _records(path, lambda line: b"CONSOLIDATED_BY" in line):
                found = _link(record, today) if isinstance(record, dict) else None
                if found is not None:
                    child, parent, kind = found
                    (links.direct if kind == DIRECT else links.ultimate)[child] = parent
        except _READ_ERRORS as exc:
            problems.append(_unreadable(path, exc))
    if problems:
        raise DataError(problems)
    return links


def _unreadable(path: Path, exc: BaseException) -> Problem:
    reason = " ".join(str(exc).split())[:300] or type(exc).__name__
    return Problem(str(path), "", f"not GLEIF data that can be read: {reason}")


def entities(paths: list[Path], keep: set[str], names: set[str]) -> dict[str, Entity]:
    """Pass 2: the Level 1 records whose LEI is in ``keep`` or whose normal legal name is in
    ``names``."""
    out: dict[str, Entity] = {}
    codes = {code.encode("ascii", "replace") for code in keep}
    words = {name.split(" ")[0] for name in names}

    def wanted(line: bytes) -> bool:  # the LEI is the first column of a Level 1 row
        if line[:20] in codes or line[1:21] in codes:
            return True
        if not words:
            return False
        text = normal_name(line.decode("utf-8", "replace"))
        return any(word in text for word in words)

    for path in paths:
        try:
            for record in _records(path, wanted):
                entity = _entity(record) if isinstance(record, dict) else None
                if entity is None:
                    continue
                if entity.lei in keep or (entity.name and normal_name(entity.name) in names):
                    out[entity.lei] = entity
        except _READ_ERRORS as exc:
            raise DataError([_unreadable(path, exc)]) from None
    return out


# --- the group -----------------------------------------------------------------------------

def registry_group(root: str, links: Links) -> dict[str, str | None]:
    """Each entity of the root's registry group and its parent (None for the root)."""
    members = {root} | {c for c, p in links.ultimate.items() if p == root}
    reaches: dict[str, bool] = {m: True for m in members}

    def walk(lei: str) -> bool:
        chain: list[str] = []
        node: str | None = lei
        while node is not None and node not in reaches and node not in chain:
            chain.append(node)
            node = links.direct.get(node)
        answer = node is not None and reaches.get(node, False)
        for n in chain:
            reaches[n] = answer
        return answer

    for child in list(links.direct):
        walk(child)
    members |= {n for n, yes in reaches.items() if yes}
    for m in list(members):  # the direct parents on members' chains are the group's too
        node = links.direct.get(m)
        seen: set[str] = set()
        while node is not None and node not in members and node not in seen:
            seen.add(node)
            members.add(node)
            node = links.direct.get(node)
    parents: dict[str, str | None] = {}
    for m in members:
        if m == root:
            parents[m] = None
            continue
        direct = links.direct.get(m)
        parent = direct if direct in members else links.ultimate.get(m)
        parents[m] = parent if parent in members and parent != m else root
    return parents


def compare(ds: Dataset, group: str, paths: list[Path], today: dt.date
            ) -> tuple[GleifReport, list[dict[str, Any]]]:
    """The report of the registry's group against the book's, and the companies ``apply``
    would add (parents first)."""
    if group not in {g.id for g in ds.groups}:
        from ..errors import not_found_message

        raise NotFoundError(not_found_message("group", group, [g.id for g in ds.groups]))
    companies = [c for c in ds.companies if c.group == group]
    tops = [c for c in companies if c.parent is None and c.lei]
    if not tops:
        raise UsageError(f"group {group}: its top company (the one without parent) has no "
                         "lei, the registry root to start from: add the LEI to the book")
    top = tops[0]
    root = str(top.lei)
    links = links_of(paths, today)
    tree = registry_group(root, links)
    by_lei = {c.lei: c for c in ds.companies if c.lei}
    by_name = {normal_name(c.name): c for c in companies if not c.lei}
    found = entities(paths, set(tree) | set(by_lei), set(by_name))
    report = GleifReport(group, root, len(tree))
    book_id: dict[str, str] = {}
    for lei in tree:
        entity = found.get(lei, Entity(lei))
        company = by_lei.get(lei) or (by_name.get(normal_name(entity.name))
                                      if entity.name else None)
        if company is not None:
            book_id[lei] = company.id
    for lei, entity in sorted(found.items()):
        if not entity.current and (lei in tree or lei in by_lei):
            report.not_current.append({"lei": lei, "name": entity.name,
                                       "registration": entity.registration,
                                       "entity_status": entity.status,
                                       "company": book_id.get(lei) or (
                                           by_lei[lei].id if lei in by_lei else None)})
    skipped = {r["lei"] for r in report.not_current}
    adding = [lei for lei in _parents_first(tree) if lei not in book_id and lei not in skipped]
    taken = all_ids(ds)
    for lei in adding:
        ident = unique_id(f"c-{slug(found.get(lei, Entity(lei)).name or lei)}"[:60], taken)
        taken.add(ident)
        book_id[lei] = ident
    records = []
    for lei in adding:
        entity, parent = found.get(lei, Entity(lei)), tree[lei]
        row = {"lei": lei, "name": entity.name, "country": entity.country, "parent": parent,
               "parent_company": book_id.get(parent) if parent else None,
               "registration": entity.registration}
        report.missing.append(row)
        record: dict[str, Any] = {"id": book_id[lei], "name": entity.name or lei,
                                  "group": group}
        if parent is not None:
            record["parent"] = book_id.get(parent, top.id)
        if entity.country:
            record["country"] = entity.country
        record.update({"potential_mrr": 0, "lei": lei})
        records.append(record)
    in_group = {c.id: c for c in companies}
    added = set(adding)
    for lei, parent in sorted(tree.items()):
        if parent is None or lei not in book_id or lei in added:
            continue
        company = in_group.get(book_id[lei])  # matched by lei, maybe in another group
        want = book_id.get(parent)
        if company is not None and company.parent != want:
            report.parent_differs.append({"company": company.id, "lei": lei,
                                          "book_parent": company.parent,
                                          "registry_parent": want or parent,
                                          "registry_parent_lei": parent})
    return report, records


def _parents_first(tree: dict[str, str | None]) -> list[str]:
    depth: dict[str, int] = {}

    def level(lei: str) -> int:
        chain, node = [], lei
        while node not in depth and tree.get(node) is not None and node not in chain:
            chain.append(node)
            node = tree[node]  # type: ignore[assignment]
        base = depth.get(node, 0)
        for i, n in enumerate(reversed(chain), start=1):
            depth[n] = base + i
        return depth.setdefault(lei, base)

    return sorted(tree, key=lambda lei: (level(lei), lei))
