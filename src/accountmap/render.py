"""Results -> text: ``table`` for people, ``json`` and ``csv`` for scripts.

Results are dataclasses, dicts and lists of them. ``plain`` turns any of them into JSON-ready
data (dates as ISO strings, enums as their values, floats that are whole as-is). JSON keeps the
full structure; ``table`` and ``csv`` take flat rows (lists inside a cell are joined: ``, ``
in tables, ``;`` in CSV). Tables align by display width (a Japanese character takes two
columns), right-align numeric columns, and replace control characters with ``?`` so no name
can move the terminal's cursor.

Results that are not one flat list have a row view here (``render_contacts``,
``render_whitespace``, ``render_paths``), so every command renders the same way.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len

if TYPE_CHECKING:
    from .analysis.contacts import ContactLoad
    from .analysis.paths import WarmPath
    from .analysis.whitespace import GroupWhiteSpace

Format = Literal["table", "json", "csv"]

FORMATS: tuple[Format, ...] = ("table", "json", "csv")


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
    return json.dumps(plain(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
    widths = [max(cell_len(c), *(cell_len(r[i]) for r in cells)) for i, c in enumerate(cols)]

    def line(values: Sequence[str]) -> str:
        parts = [_pad(v, w, right=num) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(cols), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out) + "\n"


def _pad(text: str, width: int, *, right: bool) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (display width, not len)."""
    fill = " " * (width - cell_len(text))
    return fill + text if right else text + fill


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or value is None


def render(data: Any, fmt: Format, rows: Sequence[Any] | None = None,
           columns: Sequence[str] | None = None, empty: str = "(none)") -> str:
    """Render a result. ``rows`` is the flat view used by table/csv (default: ``data``)."""
    if fmt == "json":
        return to_json(data)
    flat = list(rows if rows is not None else data)
    if fmt == "csv":
        return to_csv(flat, columns)
    return to_table(flat, columns, empty)


# -- row views of results that are not one flat list ---------------------------------------

CONTACT_COLUMNS = ["id", "name", "company", "owner_count", "owners", "touchpoints",
                   "collisions", "flags", "suggested_contact"]


def render_contacts(result: ContactLoad, fmt: Format) -> str:
    """JSON as is; CSV one table with a ``scope`` column; tables one per scope, titled."""
    if fmt == "json":
        return to_json(result)
    people = [{"scope": "stakeholder", **r} for r in plain(result.stakeholders)]
    companies = [{"scope": "company", **r} for r in plain(result.companies)]
    if fmt == "csv":
        return to_csv(people + companies, ["scope", "id", "name", "company", "owners",
                                           "owner_count", "touchpoints", "collisions",
                                           "flags", "suggested_contact"])
    return ("Stakeholders\n" + to_table(people, CONTACT_COLUMNS, "(none flagged)")
            + "\nCompanies\n" + to_table(companies, ["id", "name", "owner_count", "owners"],
                                          "(none flagged)"))


CELL_MARK = {"active": "#", "pipeline": "~", "churned": "x", "white": "."}


def render_whitespace(result: list[GroupWhiteSpace], fmt: Format) -> str:
    """JSON as is; CSV one row per entity with a column per product; tables one per group
    with a heading line and one mark per cell (legend below)."""
    if fmt == "json":
        return to_json(result)
    groups = plain(result)
    if fmt == "csv":
        return to_csv([{"group": g["id"], **{k: v for k, v in r.items() if k != "cells"},
                        **r["cells"]} for g in groups for r in g["rows"]])
    if not groups:
        return "(no groups)\n"
    parts = []
    for g in groups:
        heading = (f"{g['name']} ({g['id']}): current MRR {g['current_mrr']:,.0f}, "
                   f"{g['penetrated']}/{g['entities']} penetrated ({g['penetration']:.0%}), "
                   f"{g['white_cells']} white cells\n")
        parts.append(heading + to_table([
            {"id": r["id"], "name": r["name"], "current_mrr": r["current_mrr"],
             "potential_mrr": r["potential_mrr"], "white_space": r["white_space_value"],
             **{p: CELL_MARK[st] for p, st in r["cells"].items()}} for r in g["rows"]]))
    return "\n".join(parts) + "\n# active  ~ pipeline  x churned  . white\n"


def render_paths(result: list[WarmPath], fmt: Format, name_of: dict[str, str]) -> str:
    """JSON as is; a table shows each hop as ``name (id)``; CSV the ids, ``;``-separated."""
    if fmt == "json":
        return to_json(result)
    rows = [{"owner": p.owner, "cost": p.cost, "hops": p.hops,
             "path": (" > ".join(f"{name_of.get(n, n)} ({n})" for n in p.nodes)
                      if fmt == "table" else ";".join(p.nodes))} for p in result]
    if not rows and fmt == "table":
        return ""
    return render(rows, fmt, columns=["owner", "cost", "hops", "path"])
