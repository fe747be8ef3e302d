"""Results -> text: ``table`` for people, ``json`` and ``csv`` for scripts.

Results are dataclasses, dicts and lists of them. ``plain`` turns any of them into JSON-ready
data (dates as ISO strings, enums as their values, floats that are whole as-is). JSON keeps the
full structure; ``table`` and ``csv`` take flat rows (lists inside a cell are joined).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import io
import json
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "json", "csv")


def plain(value: Any) -> Any:
    """JSON-ready copy of a result: dataclasses to dicts, dates to ISO strings, enums to values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _cell(value: Any, sep: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, list):
        return sep.join(_cell(v, sep) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _columns(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def to_json(data: Any) -> str:
    return json.dumps(plain(data), indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: Sequence[Any], columns: Sequence[str] | None = None) -> str:
    flat = [plain(r) for r in rows]
    cols = _columns(flat, columns)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in flat:
        writer.writerow([_cell(row.get(c), ";") for c in cols])
    return buf.getvalue()


def _safe(text: str) -> str:
    """Terminal-safe: no control characters (a name must not move the cursor or clear a line)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def to_table(rows: Sequence[Any], columns: Sequence[str] | None = None,
             empty: str = "(none)") -> str:
    flat = [plain(r) for r in rows]
    if not flat:
        return empty + "\n"
    cols = _columns(flat, columns)
    cells = [[_safe(_cell(row.get(c), ", ")) for c in cols] for row in flat]
    numeric = [all(_is_number(row.get(c)) for row in flat) for c in cols]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(cols)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w)
                 for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(cols), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out) + "\n"


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or value is None


def render(data: Any, fmt: str, rows: Sequence[Any] | None = None,
           columns: Sequence[str] | None = None, empty: str = "(none)") -> str:
    """Render a result. ``rows`` is the flat view used by table/csv (default: ``data``)."""
    if fmt == "json":
        return to_json(data)
    flat = list(rows if rows is not None else data)
    if fmt == "csv":
        return to_csv(flat, columns)
    return to_table(flat, columns, empty)
