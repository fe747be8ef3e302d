"""The bulk path: a dataset as the CSV files of Neo4j's offline importer.

``neo4j-admin database import full`` builds a new database from node and relationship CSV
files at several hundred thousand records a second, far beyond any transactional load. This
module writes those files for one dataset with exactly what ``accountmap load`` would leave
in the database: the same labels, the same ``(dataset, key)`` of every node, the same
properties (with the loader's own hashes and ``seq``), the same relationships with their
``pos``, ``key`` and ``hash``, and the ``Dataset`` node marked complete. A database built
from them reads back as the book, and a later ``accountmap load`` of the same book finds
nothing to change (it also creates the constraints and indexes, which the Community importer
does not).

Files (all UTF-8, a header line first, every text quoted, a missing value an empty cell):

- ``nodes-<section>.csv``: ``:ID`` (``<label>:<key>``, one id space for the whole import)
  and one ``name:type`` column per property (``string``, ``long``, ``double``, ``boolean``,
  ``date``, ``string[]``);
- ``rels-<section>-<field>.csv``: ``:START_ID``, ``:END_ID`` and the properties;
- ``import.args``: the importer's arguments (``--nodes=Company:Account=nodes-companies.csv``
  ...), read by ``neo4j-admin database import full @import.args <database>`` run inside the
  folder (``scripts/neo4j import`` does exactly that);
- ``schema.cypher``: the constraints and indexes to create once the database is started.

Node and link files are written straight from the records, their column types from the model;
the dataset node and record relationships (few) go through the loader's rows, their column
types from the values.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from ..errors import OutputError, UsageError
from ..model import ID_KINDS, Dataset
from .digests import row_hash
from .parts import scopes
from .rows import link_targets, property_fields, record_rel_rows
from .shape import (
    LINKS,
    NODE_LABELS,
    RECORD_RELS,
    Link,
    label_of_kind,
    property_type,
    settings_properties,
)
from .stamps import Stamp, now
from .statements import schema_statements
from .sync import Stored, plan_sync

Row = tuple[tuple[str, ...], dict[str, Any]]  # (the id columns' values, properties)

#: candidates for the importer's array delimiter, the first one no list value contains
_ARRAY_DELIMITERS = (";", "|", "\u001f", "\u001e")


@dataclass
class ExportReport:
    """What an export wrote."""

    directory: str
    nodes: int = 0
    relationships: int = 0
    files: int = 0
    seconds: float = 0.0


def _type(value: Any) -> str:
    """The importer's type of one plain property value."""
    kind = type(value)
    if kind is str:
        return "string"
    if kind is bool:
        return "boolean"
    if kind is int:
        return "long"
    if kind is float:
        return "double"
    if kind is dt.date:
        return "date"
    if kind is list and all(type(v) is str for v in value):
        return "string[]"
    if kind is list and all(type(v) is float for v in value):
        return "double[]"
    if kind is list and all(type(v) is int for v in value):
        return "long[]"
    raise TypeError(f"no importer type for {kind.__name__} values")  # not in the format


Format = Callable[[Any], str]


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _formatter(kind: str, delimiter: str) -> Format:
    """Formats one column's values as cells the importer reads back exactly: a record's raw
    value or a plain one (enums by their value); None and [] are an empty, unquoted cell (no
    property, as a load leaves none)."""
    def plain(v: Any) -> Any:
        return v.value if isinstance(v, Enum) else v

    if kind == "string":
        return lambda v: "" if v is None else _text(plain(v))
    if kind == "string[]":
        return lambda v: _text(delimiter.join(plain(x) for x in v)) if v else ""
    if kind in ("double[]", "long[]"):
        return lambda v: delimiter.join(repr(x) for x in v) if v else ""
    if kind == "boolean":
        return lambda v: "" if v is None else ("true" if v else "false")
    if kind == "double":  # repr: the shortest text that parses back to the same double
        return lambda v: "" if v is None else repr(v)
    if kind == "date":
        return lambda v: "" if v is None else v.isoformat()
    return lambda v: "" if v is None else str(v)


def _write_lines(f: TextIO, header: list[str], lines: Iterable[str]) -> int:
    """A CSV file: the header, then the lines; returns how many lines."""
    count = 0
    f.write(",".join(header) + "\n")
    for line in lines:
        f.write(line + "\n")  # buffered by the file object
        count += 1
    return count


@dataclass
class _File:
    """One CSV file the importer reads: its name, what it holds and how many rows."""

    name: str
    kind: str  # "nodes" or "relationships"
    what: str  # labels (``Company:Account``) or the relationship type
    rows: int


class _Writer:
    """Writes typed CSV files into one folder and remembers them for ``import.args``."""

    def __init__(self, directory: Path, delimiter: str) -> None:
        self.directory, self.delimiter = directory, delimiter
        self.files: list[_File] = []

    def _file(self, name: str, kind: str, what: str, header: list[str],
              lines: Iterable[str]) -> int:
        with open(self.directory / name, "w", encoding="utf-8", newline="") as f:
            count = _write_lines(f, header, lines)
        self.files.append(_File(name, kind, what, count))
        return count

    def nodes(self, ds: Dataset, section: str, keys: list[str], digests: str,
              name: str, scopes: list[str | None]) -> int:
        """A section's nodes straight from its records (columns from the model, so no
        per-value type scan): the fields a load stores, then seq, dataset, key, hash (the
        loader's own digest of the record and its place) and scope (its group)."""
        labels = NODE_LABELS[section]
        fields = [(field, property_type(section, field)) for field in property_fields(section)]
        forms = [(field, _formatter(kind, self.delimiter)) for field, kind in fields]
        dataset, prefix = _text(name), f"{labels[0]}:"
        lines = (",".join([_text(prefix + key),
                           *(form(record.__dict__[field]) for field, form in forms),
                           str(seq), dataset, _text(key),
                           row_hash(digests, seq), _text(scope) if scope else ""])
                 for seq, (record, key, scope) in enumerate(zip(getattr(ds, section), keys,
                                                                scopes, strict=True)))
        return self._file(f"nodes-{section}.csv", "nodes", ":".join(labels),
                          [":ID", *(f"{field}:{kind}" for field, kind in fields), "seq:long",
                           "dataset:string", "key:string", "hash:string", "scope:string"],
                          lines)

    def links(self, ds: Dataset, link: Link, keys: list[str], name: str,
              label_of: dict[str, str]) -> int:
        """One link type of one section, straight from the records: source, target, pos,
        dataset."""
        dataset, prefix = _text(name), f"{NODE_LABELS[link.section][0]}:"

        def lines() -> Iterator[str]:
            for record, key in zip(getattr(ds, link.section), keys, strict=True):
                source = _text(prefix + key)
                for pos, target in enumerate(link_targets(record, link)):
                    yield f"{source},{_text(label_of[target] + ':' + target)},{pos},{dataset}"

        return self._file(f"rels-{link.section}-{link.field}.csv", "relationships",
                          link.rtype, [":START_ID", ":END_ID", "pos:long", "dataset:string"],
                          lines())

    def table(self, kind: str, what: str, stem: str, ends: tuple[str, ...],
              rows: list[Row]) -> int:
        """Rows of plain properties (``ends``: the id columns' headers, ``:ID`` or
        ``:START_ID``, ``:END_ID``), one column per property, typed by its values."""
        types: dict[str, set[str]] = {}
        for _ids, props in rows:
            for prop, value in props.items():
                types.setdefault(prop, set()).add(_type(value))
        mixed = sorted(prop for prop, kinds in types.items() if len(kinds) > 1)
        if mixed:  # every field of the format has one type
            raise TypeError(f"{what}: properties of several types: {', '.join(mixed)}")
        columns = [(prop, kinds.pop()) for prop, kinds in types.items()]
        forms = [(prop, _formatter(kind, self.delimiter)) for prop, kind in columns]
        lines = (",".join([*(_text(i) for i in ids),
                           *(form(props.get(prop)) for prop, form in forms)])
                 for ids, props in rows)
        return self._file(f"{stem}.csv", kind, what,
                          [*ends, *(f"{prop}:{kind}" for prop, kind in columns)], lines)


def _delimiter(ds: Dataset, sections: Iterable[str]) -> str:
    """An array delimiter no value of a list property contains (link lists are
    relationships, not arrays)."""
    values = [v for section in sections for field in property_fields(section)
              if property_type(section, field) == "string[]"
              for r in getattr(ds, section) for v in r.__dict__[field] or ()]
    for candidate in _ARRAY_DELIMITERS:
        if not any(candidate in str(v) for v in values):
            return candidate
    raise UsageError("no array delimiter fits this dataset's lists")  # ids forbid \x1e, \x1f


def export_import_files(ds: Dataset, name: str, directory: str | Path,
                        stamp: Stamp | None = None) -> ExportReport:
    """Write the importer's files for dataset ``name`` into ``directory`` (which must not
    exist or be empty). The files go to a temporary sibling folder first and are moved into
    place at the end, so a failed export leaves nothing behind."""
    target = Path(directory)
    try:
        occupied = target.exists() and (not target.is_dir() or any(target.iterdir()))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    if occupied:
        raise UsageError(f"{target}: exists and is not an empty folder (the export writes a "
                         "new folder; choose another or remove it)")
    started = time.perf_counter()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".am", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        report = _export(ds, name, work, stamp or Stamp.unnamed())
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report.directory = str(target)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _export(ds: Dataset, name: str, work: Path, stamp: Stamp) -> ExportReport:
    report = ExportReport(str(work))
    delimiter = _delimiter(ds, NODE_LABELS)
    out = _Writer(work, delimiter)
    # the plan of a first load (nothing stored): the keys, and the digests a load stores (so
    # a load after the import finds no change)
    plan = plan_sync(ds, Stored.nothing())
    keys = plan.keys
    # the main label of every id (links to an Account name a company or a department)
    label_of = {r.id: label_of_kind(ID_KINDS[section])
                for section in ID_KINDS if section != "touchpoints" for r in ds.records(section)}

    def node_id(label: str, key: str) -> str:
        return f"{label}:{key}"

    token, loaded_at = f"import-{uuid.uuid4().hex}", now()
    head: dict[str, Any] = {"name": name, "version": ds.version, "complete": True,
                            "layout": 2, "last_token": token, "digest_token": token,
                            "last_load": loaded_at, "author": stamp.author}
    if ds.as_of is not None:
        head["as_of"] = ds.as_of
    head.update((k, v) for k, v in settings_properties(ds).items() if v is not None)
    head.update((prop, value) for prop, value in plan.new_digests().items() if value)
    digests = {section: state.rows for section, state in plan.states.items()}
    report.nodes += out.table("nodes", "Dataset", "nodes-dataset", (":ID",),
                              [((f"Dataset:{name}",), head)])
    loads: list[Row] = [((f"GroupLoad:{g.id}",), {
        "dataset": name, "group": g.id, "complete": True, "author": stamp.author,
        "loaded_at": loaded_at,
        **({"file": stamp.file, "digest": stamp.digest} if stamp.file else {})})
        for g in ds.groups]
    if loads:  # the stamps: bookkeeping, not counted with the book's nodes
        out.table("nodes", "GroupLoad", "nodes-group-loads", (":ID",), loads)
    row_scopes, _ = scopes(ds)
    for section in NODE_LABELS:
        report.nodes += out.nodes(ds, section, keys[section], digests[section], name,
                                  row_scopes[section])
    for link in LINKS:
        report.relationships += out.links(ds, link, keys[link.section], name, label_of)
    for rr in RECORD_RELS:
        rels: list[Row] = [((node_id(label_of[row["src"]], row["src"]),
                             node_id(label_of[row["dst"]], row["dst"])),
                            {**row["props"], "key": row["key"], "dataset": name,
                             "hash": row["hash"]})
                           for rows in record_rel_rows(ds, rr, keys[rr.section],
                                                        digests[rr.section]).values()
                           for row in rows]
        report.relationships += out.table("relationships", rr.rtype, f"rels-{rr.section}",
                                          (":START_ID", ":END_ID"), rels)
    args = [f"--{f.kind}={f.what}={f.name}" for f in out.files if f.rows]
    # the importer holds a whole value in its read buffer (4 MiB by default): the digests
    # are one text of 16 bytes a row
    buffer = max(4 << 20, max(map(len, digests.values()), default=0) + (1 << 20))
    args += [f"--array-delimiter=U+{ord(delimiter):04X}", "--multiline-fields=true",
             f"--read-buffer-size={buffer}",
             "--id-type=string"]
    (work / "import.args").write_text("\n".join(args) + "\n", encoding="utf-8")
    (work / "schema.cypher").write_text(
        "".join(f"{statement};\n" for statement in schema_statements()), encoding="utf-8")
    report.files = len(out.files) + 2
    return report
