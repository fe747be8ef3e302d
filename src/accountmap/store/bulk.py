"""The bulk path: a dataset as the CSV files of Neo4j's offline importer.

``neo4j-admin database import full`` builds a new database from node and relationship CSV
files at several hundred thousand records a second, far beyond any transactional load. This
module writes those files for one dataset with exactly what ``accountmap load`` would leave
in the database: the same labels, the same ``(dataset, key)`` of every node, the same
properties (the loader's own row builders make them, hashes and ``seq`` included), the same
relationships with their ``pos``, ``key`` and ``hash``, and the ``Dataset`` node marked
complete. A database built from them reads back as the book, and a later ``accountmap load``
of the same book finds nothing to change (it also creates the constraints and indexes, which
the Community importer does not).

Files (all UTF-8, a header line first, every text quoted, a missing value an empty cell):

- ``nodes-<section>.csv``: ``:ID`` (``<label>:<key>``, one id space for the whole import)
  and one ``name:type`` column per property (``string``, ``long``, ``double``, ``boolean``,
  ``date``, ``string[]``);
- ``rels-<section>-<field>.csv``: ``:START_ID``, ``:END_ID`` and the properties;
- ``import.args``: the importer's arguments (``--nodes=Company:Account=nodes-companies.csv``
  ...), read by ``neo4j-admin database import full @import.args <database>`` run inside the
  folder (``scripts/neo4j import`` does exactly that);
- ``schema.cypher``: the constraints and indexes to create once the database is started.

A column whose values have several types (never in the format today, where every field has
one type) is written as several files, one per combination, so every value keeps its type.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TextIO, get_args, get_origin

from ..errors import UsageError
from ..model import ID_KINDS, SECTIONS, Dataset
from .loader import (
    _digest,
    _kinds_digest,
    _record_rel_rows,
    _section_keys,
    chunk_digests,
    schema_statements,
)
from .shape import LINK_FIELDS, LINKS, NODE_LABELS, RECORD_RELS, Link, label_of_kind

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
    """The importer's type of one property value."""
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
    raise TypeError(f"no importer type for {kind.__name__} values")  # not in the format


class _Cells:
    """Formats values as CSV cells the importer reads back exactly."""

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter

    @staticmethod
    def text(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    def cell(self, value: Any, kind: str) -> str:
        if value is None:
            return ""  # an empty, unquoted cell: no property
        if kind == "string":
            return self.text(value)
        if kind == "string[]":
            return self.text(self.delimiter.join(value))
        if kind == "boolean":
            return "true" if value else "false"
        if kind == "double":
            return repr(value)  # shortest text that parses back to the same double
        if kind == "date":
            return str(value.isoformat())
        return str(value)


Format = Callable[[Any], str]


def _field_format(annotation: Any, cells: _Cells) -> tuple[str, Format]:
    """(importer type, cell formatter) of a record field, from its type in the model: the
    value a load stores (enums by their value; None and [] are no property)."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) is list:
        return "string[]", lambda v: cells.text(cells.delimiter.join(
            x.value if isinstance(x, Enum) else x for x in v)) if v else ""
    if args and get_origin(annotation) is not None and get_origin(annotation) is not list:
        return _field_format(args[0], cells)  # Optional[...] and Annotated[...]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "string", lambda v: "" if v is None else cells.text(v.value)
    if annotation is str:
        return "string", lambda v: "" if v is None else cells.text(v)
    if annotation is bool:
        return "boolean", lambda v: "" if v is None else ("true" if v else "false")
    if annotation is int:
        return "long", lambda v: "" if v is None else str(v)
    if annotation is float:
        return "double", lambda v: "" if v is None else repr(v)
    if annotation is dt.date:
        return "date", lambda v: "" if v is None else v.isoformat()
    raise TypeError(f"no importer type for {annotation!r}")  # not in the format


@dataclass
class _File:
    """One CSV file the importer reads: its name, what it holds and how many rows."""

    name: str
    kind: str  # "nodes" or "relationships"
    what: str  # labels (``Company:Account``) or the relationship type
    rows: int


class _Writer:
    """Writes row tables as typed CSV files into one folder."""

    def __init__(self, directory: Path, delimiter: str) -> None:
        self.directory, self.cells = directory, _Cells(delimiter)
        self.files: list[_File] = []

    def nodes(self, ds: Dataset, section: str, keys: list[str], name: str) -> int:
        """A section's nodes straight from its records (columns from the model, so no
        per-value type scan): the fields a load stores, then seq, dataset, key and hash (the
        loader's own digest of the record and its place)."""
        labels = NODE_LABELS[section]
        skip = LINK_FIELDS[section]
        fields = [(field, *_field_format(info.annotation, self.cells))
                  for field, info in SECTIONS[section].model_fields.items() if field not in skip]
        text = self.cells.text
        file_name = f"nodes-{section}.csv"
        dataset, prefix = text(name), f"{labels[0]}:"
        records = getattr(ds, section)
        with open(self.directory / file_name, "w", encoding="utf-8", newline="") as f:
            f.write(",".join([":ID", *(f"{field}:{kind}" for field, kind, _ in fields),
                              "seq:long", "dataset:string", "key:string", "hash:string"]) + "\n")
            lines = []
            for seq, (record, key) in enumerate(zip(records, keys, strict=True)):
                values = record.__dict__
                lines.append(",".join([
                    text(prefix + key), *(form(values[field]) for field, _, form in fields),
                    str(seq), dataset, text(key), _digest((seq, *values.values()))]))
                if len(lines) >= 10_000:
                    f.write("\n".join(lines) + "\n")
                    lines.clear()
            if lines:
                f.write("\n".join(lines) + "\n")
        self.files.append(_File(file_name, "nodes", ":".join(labels), len(records)))
        return len(records)

    def links(self, ds: Dataset, link: Link, keys: list[str], name: str,
              label_of: dict[str, str]) -> int:
        """One link type of one section, straight from the records: source, target, pos,
        dataset."""
        text = self.cells.text
        file_name = f"rels-{link.section}-{link.field}.csv"
        dataset, prefix = text(name), f"{NODE_LABELS[link.section][0]}:"
        count = 0
        with open(self.directory / file_name, "w", encoding="utf-8", newline="") as f:
            f.write(":START_ID,:END_ID,pos:long,dataset:string\n")
            lines = []
            for record, key in zip(getattr(ds, link.section), keys, strict=True):
                value = getattr(record, link.field)
                if value is None and link.fallback:
                    value = getattr(record, link.fallback)
                if value is None:
                    continue
                source = text(prefix + key)
                for pos, target in enumerate(value if link.many else [value]):
                    lines.append(f"{source},{text(label_of[target] + ':' + target)},{pos},"
                                 f"{dataset}")
                if len(lines) >= 10_000:
                    f.write("\n".join(lines) + "\n")
                    count += len(lines)
                    lines.clear()
            if lines:
                f.write("\n".join(lines) + "\n")
                count += len(lines)
        self.files.append(_File(file_name, "relationships", link.rtype, count))
        return count

    def table(self, kind: str, what: str, stem: str, ends: tuple[str, ...],
              rows: list[Row]) -> None:
        """``ends``: the id columns'
        headers (``:ID`` or ``:START_ID``, ``:END_ID``)."""
        groups = list(_by_types(rows))
        for n, (columns, part) in enumerate(groups, start=1):
            name = f"{stem}.csv" if len(groups) == 1 else f"{stem}-{n}.csv"
            with open(self.directory / name, "w", encoding="utf-8", newline="") as f:
                self._write(f, ends, columns, part)
            self.files.append(_File(name, kind, what, len(part)))

    def _write(self, f: TextIO, ends: tuple[str, ...], columns: list[tuple[str, str]],
               rows: list[Row]) -> None:
        text, cell = self.cells.text, self.cells.cell
        f.write(",".join([*ends, *(f"{name}:{kind}" for name, kind in columns)]) + "\n")
        lines = []
        for ids, props in rows:
            lines.append(",".join([*(text(i) for i in ids),
                                   *(cell(props.get(name), kind) for name, kind in columns)]))
            if len(lines) >= 10_000:
                f.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            f.write("\n".join(lines) + "\n")


def _by_types(rows: list[Row]) -> Iterator[tuple[list[tuple[str, str]], list[Row]]]:
    """The rows with their columns (name, type), split by the types of mixed columns."""
    types: dict[str, set[str]] = {}
    for _ids, props in rows:
        for name, value in props.items():
            types.setdefault(name, set()).add(_type(value))
    mixed = [name for name, kinds in types.items() if len(kinds) > 1]
    if not mixed:
        yield [(name, next(iter(kinds))) for name, kinds in types.items()], rows
        return
    groups: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for row in rows:
        groups[tuple(_type(row[1][m]) if m in row[1] else "" for m in mixed)].append(row)
    for part in groups.values():
        yield from _by_types(part)


def _delimiter(ds: Dataset, sections: Iterable[str]) -> str:
    """An array delimiter no list value of the dataset contains (nor is empty)."""
    values = [v for section in sections for r in getattr(ds, section)
              for field in r.__dict__.values() if isinstance(field, list) for v in field]
    for candidate in _ARRAY_DELIMITERS:
        if not any(candidate in str(v) for v in values):
            return candidate
    raise UsageError("no array delimiter fits this dataset's lists")  # ids forbid \x1e, \x1f


def export_import_files(ds: Dataset, name: str, directory: str | Path) -> ExportReport:
    """Write the importer's files for dataset ``name`` into ``directory`` (which must not
    exist or be empty). The files go to a temporary sibling folder first and are moved into
    place at the end, so a failed export leaves nothing behind."""
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target}: exists and is not an empty folder (the export writes a "
                         "new folder; choose another or remove it)")
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        report = _export(ds, name, work)
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report.directory = str(target)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _export(ds: Dataset, name: str, work: Path) -> ExportReport:
    report = ExportReport(str(work))
    delimiter = _delimiter(ds, NODE_LABELS)
    out = _Writer(work, delimiter)
    keys = {section: _section_keys(ds, section) for section in NODE_LABELS}
    # the main label of every id (links to an Account name a company or a department)
    label_of = {r.id: label_of_kind(ID_KINDS[section])
                for section in ID_KINDS if section != "touchpoints" for r in ds.records(section)}

    def node_id(label: str, key: str) -> str:
        return f"{label}:{key}"

    head: dict[str, Any] = {"name": name, "version": ds.version, "complete": True,
                            "kinds": _kinds_digest(keys)}
    if ds.as_of is not None:
        head["as_of"] = ds.as_of
    chunks = chunk_digests(ds)
    if chunks:
        head["chunks"] = chunks
    out.table("nodes", "Dataset", "nodes-dataset", (":ID",), [((f"Dataset:{name}",), head)])
    report.nodes += 1
    for section in NODE_LABELS:
        report.nodes += out.nodes(ds, section, keys[section], name)
    for link in LINKS:
        report.relationships += out.links(ds, link, keys[link.section], name, label_of)
    for rr in RECORD_RELS:
        rels: list[Row] = [((node_id(label_of[row["src"]], row["src"]),
                  node_id(label_of[row["dst"]], row["dst"])),
                 {**row["props"], "key": row["key"], "dataset": name, "hash": row["hash"]})
                for rows in _record_rel_rows(ds, rr).values() for row in rows]
        out.table("relationships", rr.rtype, f"rels-{rr.section}", (":START_ID", ":END_ID"),
                  rels)
        report.relationships += len(rels)
    args = [f"--{f.kind}={f.what}={f.name}" for f in out.files if f.rows]
    args += [f"--array-delimiter=U+{ord(delimiter):04X}", "--multiline-fields=true",
             "--id-type=string"]
    (work / "import.args").write_text("\n".join(args) + "\n", encoding="utf-8")
    (work / "schema.cypher").write_text(
        "".join(f"{statement};\n" for statement in schema_statements()), encoding="utf-8")
    report.files = len(out.files) + 2
    return report
