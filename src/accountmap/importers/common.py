"""What every importer shares: reading real-world CSV exports, stable ids, and the report of
what was imported and what was skipped.

CSV as exports really are: UTF-8 with or without a byte-order mark, CRLF or LF line ends,
empty strings for nulls, headers with stray spaces. A row is a dict of stripped strings, an
empty cell is None.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError, EncodingError, Problem
from ..io import read_limited

#: The most one CSV file may hold (checked while reading: a device never fills the memory).
MAX_CSV_BYTES = 4 << 30

Row = dict[str, str | None]
#: Examples kept per reason of a skip.
EXAMPLES = 3


#: The longest value a CSV cell may give a record (a longer one is cut, with a note), and the
#: longest the reader accepts at all (far above any real cell: a runaway field).
MAX_FIELD = 10_000
_READ_LIMIT = 64 * 1024 * 1024
csv.field_size_limit(_READ_LIMIT)


class _Lines:
    """The physical lines of a text, handed to the csv reader one at a time, counted."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.at = lines, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.at >= len(self.lines):
            raise StopIteration
        self.at += 1
        return self.lines[self.at - 1]


def _text(path: Path, encoding: str) -> str:
    try:
        raw = read_limited(path, MAX_CSV_BYTES)
    except OSError as exc:
        raise DataError([Problem(str(path), "", f"cannot read: {exc.strerror}")]) from None
    if len(raw) > MAX_CSV_BYTES:
        raise DataError([Problem(str(path), "", f"longer than {MAX_CSV_BYTES >> 20} MiB, the "
                                 "most an export file may hold: split it")])
    if b"\x00" in raw[:65536]:
        raise DataError([Problem(str(path), "", "not a CSV file (it holds binary data)")])
    try:
        return raw.decode("utf-8-sig" if encoding.replace("_", "-").lower() in (
            "utf-8", "utf8", "utf-8-sig") else encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError([Problem(str(path), "", f"not {encoding} text ({exc.reason} at "
                                                    f"byte {exc.start})")]) from None
    except LookupError:
        raise DataError([Problem(str(path), "", f"unknown text encoding {encoding!r}")]) \
            from None


def read_csv(path: Path, report: ImportReport | None = None, *,
             encoding: str = "utf-8") -> Iterator[Row]:
    """The rows of a CSV export (see module docstring), each with ``__line__``: the physical
    line where its record starts (the header is line 1). A quoted field that swallows line
    breaks and whole rows after it (an unbalanced quote) is reported at the line where it
    starts, and the lines after it are read again as rows; a cell longer than ``MAX_FIELD``
    is cut (reported). A file that is not text in ``encoding``, binary or not CSV is a
    one-line problem naming it."""
    lines = _Lines(_text(path, encoding).splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(csv.reader(lines), [])]
        while lines.at < len(lines.lines):
            start = lines.at + 1
            values = next(csv.reader(lines), None)
            if values is None:
                break
            if lines.at > start and _swallowed(values, len(header)):
                if report is not None:
                    report.skip("unbalanced quote (the field ran over the rows after it; "
                                "they were read again as rows)", f"{path.name}:{start}")
                lines.at = start  # this line alone, its quotes as written; then go on
                values = next(csv.reader([lines.lines[start - 1]],
                                         quoting=csv.QUOTE_NONE), [])
            if not any(v.strip() for v in values):
                continue
            yield _row(values, header, start, path, report)
    except csv.Error as exc:
        raise DataError([Problem(str(path), "", f"not valid CSV: {exc}")]) from None


def _swallowed(values: list[str], width: int) -> bool:
    """Whether a record spanning several lines holds, inside one field, lines that look like
    rows of their own (as many separators as the header): an unbalanced quote."""
    return any("\n" in v and any(line.count(",") >= max(width - 1, 1)
                                  for line in v.splitlines()[1:]) for v in values)


def _row(values: list[str], header: list[str], line: int, path: Path,
         report: ImportReport | None) -> Row:
    row: Row = {"__line__": str(line)}
    for i, name in enumerate(header):
        value = values[i].strip() if i < len(values) else ""
        if len(value) > MAX_FIELD:
            value = value[:MAX_FIELD]
            if report is not None:
                report.skip(f"value longer than {MAX_FIELD:,} characters (cut)",
                            f"{path.name}:{line}")
        row[name] = value or None
    return row


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_day(value: str | None) -> dt.date | None:
    """The date of '2024-03-01', '2024-03-01T09:30:00.000+0000' or '2024-03-01T09:30:00Z'
    (an ISO timestamp's own date, whatever its offset); None when empty or not a date."""
    if not value:
        return None
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_amount(value: str | None) -> float | None:
    if not value:
        return None
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def parse_bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes", "y")


@dataclass
class ImportReport:
    """What an import did: records written per kind, and what was skipped (or only partly
    imported) per reason, with the first few examples of each."""

    source: str
    imported: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    #: every skip or repair, in order: (where: ``FILE:LINE`` when known, reason)
    entries: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, reason: str, example: str) -> None:
        self.entries.append((example, reason))
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES:
            shown.append(example)

    def rows(self) -> list[dict[str, Any]]:
        """One row per kind imported and per reason skipped, for a table."""
        out: list[dict[str, Any]] = [{"what": "imported", "kind or reason": kind,
                                      "count": count, "examples": []}
                                     for kind, count in self.imported.items()]
        out += [{"what": "skipped", "kind or reason": reason, "count": count,
                 "examples": self.examples.get(reason, [])}
                for reason, count in sorted(self.skipped.items(), key=lambda x: -x[1])]
        return out


Progress = Callable[[str, int, int], None]


def cut_loops(records: dict[str, dict[str, Any]], link: str, report: ImportReport,
              reason: str) -> None:
    """Follow ``link`` (e.g. ``reports_to``) from every record; where it comes back to a
    record already on the way, that record's link is left out (and reported), so the links
    form trees, as validation requires. Linear time: each record is walked once (a record is
    *done* once the walk through it ended at a top or a cut), so a chain thousands deep costs
    as much as thousands of records."""
    done: set[str] = set()
    for start in records:
        on_path: dict[str, None] = {}  # the current walk, in order (a set that keeps order)
        node: str | None = start
        while node is not None and node in records and node not in done \
                and node not in on_path:
            on_path[node] = None
            node = records[node].get(link)
        if node is not None and node in on_path:  # a loop back to ``node``
            records[node].pop(link, None)
            report.skip(reason, node)
        done.update(on_path)
