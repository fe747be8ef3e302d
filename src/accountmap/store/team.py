"""One dataset, many account managers: what a load must know before it writes a byte.

Before a load of groups G writes anything (stamps included), it reads (``read_state``):

- the dataset node and the **stamps** of its groups (``:GroupLoad {dataset, group, file,
  digest, author, loaded_at, complete}``), which decide how far the stored digests can be
  trusted (``stored``);
- **conflicts** (``conflicts``): a shared record (owner, product) of the file whose fields
  differ from the stored one while a group outside G names the stored one (a group inside G
  may change it: that is an update), and an id of G's records that the dataset holds as a
  record of another group. Each is one problem naming the record, the field, the file being
  loaded and the file, author and load time of the groups that name the stored version.

The stored digests (the dataset node's, see ``digests``) describe the rows of the last load
that wrote them; they are trusted only when this load is of every group the dataset holds,
from one file, and no other load came since the one that wrote them. Otherwise the stored
hashes of G's nodes are read and compared (by the scope index: the cost is G's, not the
dataset's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import neo4j

from ..errors import DataError, Problem
from ..model import Dataset, plain_value
from .connection import from_neo4j
from .digests import DIGESTED, digest_properties
from .parts import SHARED, Part
from .rows import node_property, property_fields
from .shape import INTERNAL, NODE_LABELS, SETTINGS, settings_properties
from .stamps import Stamp
from .sync import Stored

#: the dataset node and every stamp, in one read
STATE = ("OPTIONAL MATCH (d:Dataset {name: $dataset}) "
         "RETURN d IS NOT NULL AS found, d.complete AS complete, d.layout AS layout, "
         "d.digest_token AS digest_token, d.last_token AS last_token, "
         "[d.version, toString(d.as_of)] + [p IN $settings | d[p]] AS settings, "
         "[p IN $digests | [d[p[0]], d[p[1]]]] AS digests, "
         "COLLECT { MATCH (l:GroupLoad {dataset: $dataset}) RETURN [l.group, l.complete, "
         "l.file, l.author, l.loaded_at, l.digest] } AS loads")


@dataclass(frozen=True)
class GroupStamp:
    group: str
    complete: bool | None
    file: str | None
    author: str | None
    loaded_at: str | None
    digest: str | None = None


@dataclass(frozen=True)
class State:
    """What the database holds of a dataset before a load."""

    found: bool
    complete: bool | None
    layout: int | None
    digests_trusted_by_token: bool
    digests: dict[str, tuple[str | None, str | None]]
    loads: dict[str, GroupStamp]
    #: the token of the load before this one, the version, as_of and settings it left
    last_token: str | None = None
    settings: tuple[Any, ...] = ()

    def unchanged_by(self, ds: Dataset, part: Part, stamp: Stamp) -> bool:
        """Whether a load that wrote no row leaves the dataset as it was: the same version,
        as_of and settings, and every group of it stamped by the same file and author."""
        settings = settings_properties(ds)
        now = (ds.version, ds.as_of.isoformat() if ds.as_of else None,
               *(settings[p] for p in SETTINGS))
        return (self.found and self.layout == 2 and not part.gone and self.settings == now
                and all(g in self.loads and (self.loads[g].file, self.loads[g].digest,
                                             self.loads[g].author)
                        == (stamp.file or None, stamp.digest or None, stamp.author)
                        for g in part.groups))


def read_state(session: neo4j.Session, name: str) -> State:
    record = session.run(STATE, dataset=name, settings=list(SETTINGS),
                         digests=[digest_properties(s) for s in DIGESTED]).single(strict=True)
    loads = {row[0]: GroupStamp(*row) for row in record["loads"]}
    token = record["digest_token"]
    return State(record["found"], record["complete"], record["layout"],
                 token is not None and token == record["last_token"],
                 dict(zip(DIGESTED, map(tuple, record["digests"]), strict=True)), loads,
                 record["last_token"], tuple(record["settings"] or ()))


def stored(state: State, part: Part) -> Stored:
    """How far a load can trust what is stored (``sync.Stored``): nothing for a new dataset;
    every node rewritten (``complete`` False) when a load of these groups stopped half-way
    (their stamps, or the dataset, still open while no other load's groups are), or an older
    version wrote the dataset; the stored digests when this load is of the whole
    dataset and the last one to write it; else node by node (no digests)."""
    if not state.found:
        return Stored.nothing()
    mine = [state.loads[g] for g in part.groups if g in state.loads]
    running = any(s.complete is False for g, s in state.loads.items()
                  if g not in part.groups)  # another load's groups: it may be at work now
    if state.layout != 2 or any(s.complete is False for s in mine) or (
            state.complete is False and not running):
        return Stored(False, {})
    if (state.complete and state.digests_trusted_by_token and part.whole
            and set(state.loads) <= set(part.groups)):
        return Stored(True, state.digests)
    return Stored(True, {})


def others(state: State, part: Part) -> dict[str, GroupStamp]:
    """The stamps of the dataset's groups this load does not write."""
    return {g: s for g, s in state.loads.items() if g not in part.groups}


def conflicts(session: neo4j.Session, name: str, part: Part, state: State,
              source: str) -> None:
    """Raise ``DataError`` with a line per conflict (see the module docstring); nothing to
    check when no other group is in the dataset."""
    outside = others(state, part)
    if not outside:
        return
    problems = _shared_conflicts(session, name, part, outside, source)
    problems += _id_conflicts(session, name, part, outside, source)
    if problems:
        raise DataError(problems)


def _record_fields(record: Any, section: str) -> dict[str, Any]:
    """A shared record's stored fields, as ``_comparable`` values."""
    values = record.__dict__
    return {f: _comparable(v) for f in property_fields(section)
            if (v := node_property(values[f])) is not None}


def _comparable(value: Any) -> Any:
    """A field's value as the file and the database can both give it (dates as ISO text)."""
    value = plain_value(value)
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _shared_conflicts(session: neo4j.Session, name: str, part: Part,
                      outside: dict[str, GroupStamp], source: str) -> list[Problem]:
    problems = []
    for section in SHARED:
        label = NODE_LABELS[section][0]
        mine = {r.id: _record_fields(r, section) for r in part.ds.records(section)}
        found = session.run(
            f"UNWIND $keys AS k MATCH (n:{label} {{dataset: $dataset, key: k}}) "
            f"RETURN collect([k, properties(n)]) AS stored", dataset=name,
            keys=list(mine)).single(strict=True)["stored"]
        differ: dict[str, list[str]] = {}
        theirs: dict[str, dict[str, Any]] = {}
        for key, props in found:
            have = {k: _comparable(from_neo4j(v)) for k, v in props.items()
                    if k not in INTERNAL}
            fields = sorted(f for f in set(have) | set(mine[key])
                            if have.get(f) != mine[key].get(f))
            if fields:
                differ[key], theirs[key] = fields, have
        if not differ:
            continue
        naming = session.run(
            f"UNWIND $keys AS k MATCH (n:{label} {{dataset: $dataset, key: k}}) "
            f"RETURN collect([k, COLLECT {{ MATCH (n)--(m) WHERE m.scope IN $others "
            f"RETURN DISTINCT m.scope }}]) AS named", dataset=name, keys=sorted(differ),
            others=sorted(outside)).single(strict=True)["named"]
        for key, groups in naming:
            if not groups:  # only groups of this load name it: an update
                continue
            by = told_by_load([outside[g] for g in sorted(groups)])
            for field in differ[key]:
                problems.append(Problem(source, f"{section}.{key}.{field}", (
                    f"is {_shown(mine[key].get(field))} in this file but "
                    f"{_shown(theirs[key].get(field))} in dataset '{name}', where it is named "
                    f"by {by}; make the two files agree (or load the groups that name it "
                    "from this file)")))
    return problems


def told_by_load(stamps: list[GroupStamp], most: int = 5) -> str:
    """Groups by the load that wrote them: ``groups g-b, g-c of b.yaml (by bob,
    2026-12-03T10:00:00Z)``, at most ``most`` ids a load (then how many more)."""
    loads: dict[tuple[str | None, str | None, str | None], list[str]] = {}
    for s in stamps:
        loads.setdefault((s.file, s.author, s.loaded_at), []).append(s.group)
    parts = []
    for (file, author, loaded_at), groups in loads.items():
        ids = ", ".join(groups[:most]) + (f" and {len(groups) - most} more"
                                          if len(groups) > most else "")
        parts.append(f"group{'s' if len(groups) > 1 else ''} {ids} of "
                     f"{file or 'an unnamed file'} (by {author or 'unknown'}, "
                     f"{loaded_at or 'unknown time'})")
    return "; ".join(parts)


def _shown(value: Any) -> str:
    return "absent" if value is None else repr(value)


def _id_conflicts(session: neo4j.Session, name: str, part: Part,
                  outside: dict[str, GroupStamp], source: str) -> list[Problem]:
    """Ids of this load's records that the dataset holds as records of another group."""
    problems = []
    by_label: dict[str, list[tuple[str, str]]] = {}
    for section, labels in NODE_LABELS.items():
        if section in SHARED or section == "touchpoints":
            continue
        by_label.setdefault(labels[-1] if "Account" in labels else labels[0], []).extend(
            (section, r.id) for r in part.ds.records(section))
    for label, items in by_label.items():
        section_of = dict((key, section) for section, key in items)
        found = session.run(
            f"UNWIND $keys AS k MATCH (n:{label} {{dataset: $dataset, key: k}}) "
            f"WHERE n.scope IN $others RETURN collect([k, n.scope]) AS taken",
            dataset=name, keys=list(section_of), others=sorted(outside)
        ).single(strict=True)["taken"]
        for key, group in found:
            problems.append(Problem(source, f"{section_of[key]}.{key}", (
                f"this id is a record of {told_by_load([outside[group]])} in dataset "
                f"'{name}'; ids must be unique across the files of one dataset")))
    return problems
