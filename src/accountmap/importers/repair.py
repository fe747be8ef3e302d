"""Imports skip and report, never abort on data: the last step of every importer.

An importer builds a book from rows it does not control. Before the book is written, each
record is checked as validation would, and what fails is repaired or skipped, never the whole
import:

- a field with a bad value (out of range, not a date, too long) is left out when the record
  can stand without it, and the record is skipped when it cannot (a required field);
- a second record with an id already taken is skipped (the first is kept), except a
  touchpoint that differs from the first (an Event and a Task sharing an Id are two
  activities): it gets a stable suffix (``-2``, ``-3``);
- then the cross-record rules (references, trees, pairs) run, and what they name is left out
  in the same way, again, until the book validates (a reference to a skipped record is left
  out in the next round).

Every repair or skip is reported as ``FILE:LINE`` (the physical line where the record's row
starts, when the importer knows it: the record's ``__where__``) with its reason; the report
counts them per reason.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from ..errors import DataError
from ..model import ID_KINDS, SECTIONS
from ..validate import check_data
from .common import ImportReport

WHERE = "__where__"
_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?")
#: Rounds of cross-record repairs before giving up (each round follows the skips before it).
ROUNDS = 10


def repaired(book: dict[str, Any], report: ImportReport, source: str) -> dict[str, Any]:
    """The book with every record that validation would refuse repaired or left out (module
    docstring); the ``__where__`` of each record is removed."""
    where = {section: [str(record.pop(WHERE, "") or source)
                       for record in book.get(section) or []] for section in SECTIONS}
    try:  # a clean book (the usual case) is validated once and left as it is
        check_data(book, source)
        return book
    except DataError:
        pass
    for section, model in SECTIONS.items():
        kept, places = [], []
        for record, place in zip(book.get(section) or [], where[section], strict=True):
            fixed = _fixed(section, model, record, place, report)
            if fixed is not None:
                kept.append(fixed)
                places.append(place)
        book[section], where[section] = kept, places
    _unique_ids(book, where, report)
    for _ in range(ROUNDS):
        try:
            check_data(book, source)
            return book
        except DataError as exc:
            if not _follow(book, where, exc, report):
                raise
    check_data(book, source)
    return book


def _fixed(section: str, model: Any, record: dict[str, Any], place: str,
           report: ImportReport) -> dict[str, Any] | None:
    """The record, its bad optional fields left out; None when a required one is bad."""
    for _ in range(len(record) + 1):
        try:
            model.model_validate(record)
            return record
        except ValidationError as exc:
            errors = [e for e in exc.errors() if e["loc"]]
            if not errors:
                break
            for e in errors:
                name = str(e["loc"][0])
                field = model.model_fields.get(name)
                if field is None or field.is_required():
                    report.skip(f"{section}: bad {name} ({_reason(e['msg'])}; record left "
                                "out)", place)
                    return None
                if record.pop(name, None) is not None:
                    report.skip(f"{section}: bad {name} ({_reason(e['msg'])}; value left "
                                "out)", place)
    report.skip(f"{section}: a record validation refuses (left out)", place)
    return None


def _reason(message: str) -> str:
    return message.split(",")[0].removeprefix("Value error, ").lower()


def _unique_ids(book: dict[str, Any], where: dict[str, list[str]],
                report: ImportReport) -> None:
    seen: set[str] = set()
    first: dict[str, dict[str, Any]] = {}
    for section in ID_KINDS:
        kept, places = [], []
        for record, place in zip(book.get(section) or [], where[section], strict=True):
            rid = record.get("id")
            if rid is not None and rid in seen:
                if section != "touchpoints" or first.get(rid) == record:
                    report.skip(f"{section}: id '{rid}' already taken (first kept)", place)
                    continue
                n = 2
                while f"{rid}-{n}" in seen:
                    n += 1
                record["id"] = f"{rid}-{n}"
                report.skip("touchpoints: id already taken (given a suffix)", place)
            if rid is not None:
                seen.add(record["id"])
                first.setdefault(record["id"], record)
            kept.append(record)
            places.append(place)
        book[section], where[section] = kept, places


def _follow(book: dict[str, Any], where: dict[str, list[str]], error: DataError,
            report: ImportReport) -> bool:
    """Leave out what the cross-record problems name: the field when the record can stand
    without it, else the record. False when a problem names nothing it can leave out."""
    drop: dict[str, set[int]] = {}
    changed = False
    for problem in error.problems:
        m = _PATH.match(problem.path)
        if not m or m.group(1) not in SECTIONS:
            return False
        section, index, name = m.group(1), int(m.group(2)), m.group(3)
        records = book[section]
        if index >= len(records):
            return False
        field = SECTIONS[section].model_fields.get(name or "")
        place = where[section][index]
        reason = re.sub(r"'[^']*'", "…", problem.message.split(":")[0].split("(")[0]).strip()
        if field is not None and not field.is_required() and name in records[index]:
            records[index].pop(name)
            report.skip(f"{section}: {name} left out ({reason})", place)
            changed = True
        else:
            drop.setdefault(section, set()).add(index)
    for section, indexes in drop.items():
        for index in sorted(indexes):
            report.skip(f"{section}: record left out (a problem it cannot stand without)",
                        where[section][index])
        book[section] = [r for i, r in enumerate(book[section]) if i not in indexes]
        where[section] = [w for i, w in enumerate(where[section]) if i not in indexes]
        changed = True
    return changed
