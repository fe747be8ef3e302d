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
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem

Row = dict[str, str | None]
#: Examples kept per reason of a skip.
EXAMPLES = 3


def read_csv(path: Path) -> Iterator[Row]:
    """The rows of a CSV export (see module docstring); a file that is not UTF-8 or not CSV
    is a one-line problem naming it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            for line, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                row: Row = {"__line__": str(line)}
                for i, name in enumerate(header):
                    value = values[i].strip() if i < len(values) else ""
                    row[name] = value or None
                yield row
    except UnicodeDecodeError as exc:
        raise DataError([Problem(str(path), "", f"not UTF-8 text ({exc.reason} at byte "
                                                f"{exc.start})")]) from None
    except csv.Error as exc:
        raise DataError([Problem(str(path), "", f"not valid CSV: {exc}")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), "", f"cannot read: {exc.strerror}")]) from None


def slug(text: str) -> str:
    """A readable id part: 'Human Resources & IT' -> 'human-resources-it' (Japanese and other
    letters are kept as they are)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "x"


def normal_name(text: str) -> str:
    """A name compared without case or spacing differences ('Human  resources ' ==
    'human resources')."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


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

    def skip(self, reason: str, example: str) -> None:
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
