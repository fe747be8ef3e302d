"""Results -> text: ``table`` for people, ``json`` and ``csv`` for scripts.

Results are dataclasses, dicts and lists of them. ``plain`` turns any of them into JSON-ready
data (dates as ISO strings, enums as their values). JSON keeps the full structure; ``table``
and ``csv`` take flat rows (lists inside a cell are joined: ``, `` in tables, ``;`` in CSV).

Tables are drawn by rich: columns align by display width (a Japanese character takes two
columns), numbers are right-aligned, and long text wraps inside its column so a table fits
the terminal (80 columns when stdout is not a terminal; then it is plain text with no colour
or escape codes, a dashed line under the header). A missing value reads ``unknown``. Control
characters become ``?`` so no name can move the terminal's cursor, and names are never read
as rich markup. Wrapping never shortens data: json and csv carry every value whole.

CSV is UTF-8; ``excel`` (``--excel``) adds a byte-order mark and CRLF line ends, which Excel
(on Japanese Windows too) needs to open UTF-8 correctly.

How tables and CSV are written is the ``Output`` in force (``output()``, set once by the CLI
for each command); the default is plain text, 80 columns, plain CSV, English. With
``--lang ja`` (or ``ACCOUNTMAP_LANG=ja``) headers and vocabulary words (risks, flags,
statuses, kinds, movements, changes) are Japanese in tables and CSV; JSON keeps the codes.

Results that are not one flat list have a row view here (``render_contacts``,
``render_whitespace``, ``render_paths``), so every command renders the same way.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import enum
import io
import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .i18n import Lang, t, term
from .i18n.columns import COLUMNS

if TYPE_CHECKING:
    from .analysis.contacts import ContactLoad
    from .analysis.paths import WarmPath
    from .analysis.whitespace import GroupWhiteSpace

Format = Literal["table", "json", "csv"]

FORMATS: tuple[Format, ...] = ("table", "json", "csv")


def plain(value: Any) -> Any:
    """JSON-ready copy of a result: dataclasses to dicts, dates to ISO strings, enums to values."""
    view = getattr(value, "plain_view", None)
    if view is not None and not isinstance(value, type):  # a result with its own JSON shape
        return plain(view())
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


@dataclasses.dataclass(frozen=True)
class Output:
    """How tables and CSV are written: ``width`` in columns, ``styled`` (a terminal: colour
    and box lines), ``excel`` (CSV with a BOM and CRLF)."""

    width: int = 80
    styled: bool = False
    excel: bool = False
    lang: Lang = "en"


_OUTPUT: contextvars.ContextVar[Output] = contextvars.ContextVar(
    "output", default=Output())  # noqa: B039 (Output is frozen)


def output() -> Output:
    return _OUTPUT.get()


def set_output(style: Output) -> contextvars.Token[Output]:
    """Use this style from now on (the CLI resets it after each command)."""
    return _OUTPUT.set(style)


def reset_output(token: contextvars.Token[Output]) -> None:
    _OUTPUT.reset(token)


@contextlib.contextmanager
def output_as(style: Output) -> Iterator[None]:
    """Render tables and CSV this way inside the block."""
    token = _OUTPUT.set(style)
    try:
        yield
    finally:
        _OUTPUT.reset(token)


UNKNOWN = "unknown"


def _cell(value: Any, sep: str, missing: str = "") -> str:
    if value is None:
        return missing
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


_C1 = re.compile("[\x7f-\x9f]")


def to_json(data: Any) -> str:
    """JSON text; every control character escaped (``\\u001b``: JSON escapes C0 itself,
    and DEL and C1 are escaped here), so no data reaches a terminal as a control."""
    text = json.dumps(plain(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: A cell that starts with one of these is a formula to a spreadsheet (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, sep: str = ";") -> str:
    """One CSV cell's text, safe to open in a spreadsheet: a text that begins like a formula
    is prefixed with ``'`` (numbers the tool wrote are left as they are)."""
    text = _cell(value, sep)
    if not (isinstance(value, int | float) and not isinstance(value, bool)) \
            and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_field(text: str) -> str:
    """A field quoted when it holds a separator, a quote, a CR or an LF (a bare CR too, so a
    row always reads back as one row)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


#: Columns whose values are words of a vocabulary (translated with ``--lang``).
VOCABULARY = {"flags": "risk", "risks": "risk", "reasons": "risk", "status": "renewal_status",
              "change": "change", "kind": "kind", "movement": "movement", "role": "owner_role"}


def column_header(column: str) -> str:
    """A column's header in the output's language (the field name in English)."""
    key = f"col.{column}"
    lang = output().lang
    return COLUMNS[key][lang] if lang != "en" and key in COLUMNS else column


def worded(column: str, value: Any) -> Any:
    """A cell's value in the output's language: vocabulary words translated, the rest as is."""
    lang = output().lang
    vocabulary = VOCABULARY.get(column)
    if lang == "en" or vocabulary is None:
        return value
    if isinstance(value, list):
        return [term(vocabulary, str(v), lang) if isinstance(v, str) else v for v in value]
    return term(vocabulary, value, lang) if isinstance(value, str) else value


def to_csv(rows: Sequence[Any], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV, through the one CSV writer of the tool: every cell (headers too) safe
    from formula injection (``csv_cell``) and quoted where it must be (``_csv_field``); with
    --excel a byte-order mark and CRLF line ends."""
    flat = [plain(r) for r in rows]
    cols = _columns(flat, columns)
    excel = output().excel
    end = "\r\n" if excel else "\n"
    lines = [_csv_line([csv_cell(column_header(c)) for c in cols])]
    lines += [_csv_line([csv_cell(worded(c, row.get(c))) for c in cols]) for row in flat]
    return ("\ufeff" if excel else "") + "".join(line + end for line in lines)


def _csv_line(cells: list[str]) -> str:
    if cells == [""]:
        return '""'  # a lone empty field, quoted (as the csv module writes it)
    return ",".join(_csv_field(c) for c in cells)


def _safe(text: str) -> str:
    """Terminal-safe: no control characters (a name must not move the cursor or clear a line)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


#: Words longer than this may be broken to make a table fit.
MAX_WORD = 24
#: Plain tables: no edges, a dashed line under the header, two spaces between columns.
PLAIN_BOX = "    \n    \n -  \n    \n    \n    \n    \n    \n"


def cell_len(text: str) -> int:
    """The display width of ``text`` (a Japanese character takes two columns)."""
    from rich.cells import cell_len as width

    return width(text)


def to_table(rows: Sequence[Any], columns: Sequence[str] | None = None,
             empty: str = "(none)") -> str:
    flat = [plain(r) for r in rows]
    if not flat:
        return empty + "\n"
    cols = _columns(flat, columns)
    numeric = [all(_is_number(row.get(c)) for row in flat) for c in cols]
    style = output()
    missing = t("value.unknown", style.lang)
    # list items in Japanese: 、 and a space, so a cell wraps between items, not inside one
    sep = ", " if style.lang == "en" else t("list.separator", style.lang) + " "
    texts = [[_safe(_cell(_names_whole(c, worded(c, row.get(c))), sep, missing))
              for c in cols] for row in flat]
    headers = [_safe(column_header(c)) for c in cols]
    # names stay whole; Latin ones may wrap between their words when the table would
    # otherwise be wider than WIDEST (a Japanese name never wraps)
    wrapping: set[str] = set()  # name columns whose Latin names may wrap
    by_width = sorted((c for c in cols if c in NAME_COLUMNS),
                      key=lambda c: -max(cell_len(row[cols.index(c)]) for row in texts))
    while True:
        cells = [[_whole(c, v, latin=c not in wrapping) for c, v in zip(cols, row, strict=True)]
                 for row in texts]
        widths = _fit(headers, cells, numeric, style.width)
        if sum(widths) + 2 * (len(widths) - 1) <= max(style.width, WIDEST) or not by_width:
            break
        wrapping.add(by_width.pop(0))  # the widest names first
    lines = None if style.styled or not PLAIN_BY_HAND else _plain_lines(headers, cells,
                                                                          numeric, widths)
    if lines is None:
        lines = _drawn(headers, cells, numeric, widths, style)
    return "\n".join(line.replace(KEEP, " ") for line in lines) + "\n"


#: Whether a plain table whose cells all fit on one line is laid out here rather than by
#: rich (the same text: tests/test_output.py compares the two on random tables).
PLAIN_BY_HAND = True


def _plain_lines(headers: list[str], cells: list[list[str]], numeric: list[bool],
                 widths: list[int]) -> list[str] | None:
    """The lines rich draws for a plain table (two spaces between columns, a dashed line
    under the header), when every cell fits its column on one line; else None. A table
    piped to a script or a file needs no import of rich's console."""
    rows = [headers, *cells]
    spare = [[w - cell_len(v) for v, w in zip(row, widths, strict=True)] for row in rows]
    if any(n < 0 for row in spare for n in row):
        return None

    def line(row: list[str], gaps: list[int]) -> str:
        return "  ".join(" " * gap + v if num else v + " " * gap
                         for v, gap, num in zip(row, gaps, numeric, strict=True)).rstrip()

    lines = [line(row, gaps) for row, gaps in zip(rows, spare, strict=True)]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


def _drawn(headers: list[str], cells: list[list[str]], numeric: list[bool],
           widths: list[int], style: Output) -> list[str]:
    """The table's lines as rich draws them (KEEP characters still in)."""
    from rich import box  # rich draws the tables; imported when one is drawn
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    frame = box.SIMPLE_HEAD if style.styled else box.Box(PLAIN_BOX, ascii=True)
    table = Table(box=frame, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold" if style.styled else None, show_header=True,
                  highlight=False)
    for header, num, width in zip(headers, numeric, widths, strict=True):
        table.add_column(header, justify="right" if num else "left", no_wrap=num,
                         overflow="fold", width=width)
    for row in cells:
        table.add_row(*(Text(v) for v in row))
    buf = io.StringIO()
    total = sum(widths) + 2 * (len(widths) - 1)
    out = Console(file=buf, width=max(style.width, total), emoji=False, highlight=False,
                  color_system="standard" if style.styled else None, markup=False,
                  force_terminal=style.styled, legacy_windows=False, soft_wrap=False)
    out.print(table)
    lines = [line.rstrip() for line in buf.getvalue().splitlines()]
    if not style.styled and len(lines) > 1:
        # rich draws the header rule through each column's right padding; end it at the
        # column's text, as the rule of a plain table does
        lines[1] = re.sub(r"- ", "  ", lines[1])
    return lines


KEEP = "\ue000"  # a private-use character: no whitespace to rich, one column wide
#: Columns of names: a name is never wrapped (its spaces are kept whole while the table is
#: laid out), so "Kenji Tanaka" and 「佐藤 一郎」 stay on one line.
NAME_COLUMNS = frozenset({"name", "account_name", "owner_name", "stakeholder_name", "owner",
                          "suggested_contact", "product", "renewal_owner", "company"})


#: Columns of lists of names (a list wraps between its names, never inside one).
NAME_LIST_COLUMNS = frozenset({"owners"})


def _names_whole(column: str, value: Any) -> Any:
    if column in NAME_LIST_COLUMNS and isinstance(value, list):
        return [v.replace(" ", KEEP) if isinstance(v, str) else v for v in value]
    return value


#: Latin names are kept whole as long as the table stays this narrow.
WIDEST = 120


def _whole(column: str, text: str, *, latin: bool) -> str:
    """A name cell with its spaces kept (``KEEP``) so it never wraps: always for a name with
    Japanese (wide) characters, for others when ``latin``."""
    if column not in NAME_COLUMNS or len(text) > 48:
        return text
    if latin or any(cell_len(ch) == 2 for ch in text):
        return text.replace(" ", KEEP)
    return text


def _fit(headers: list[str], cells: list[list[str]], numeric: list[bool],
         width: int) -> list[int]:
    """Column widths that fit ``width`` (two spaces between columns): each column as wide as
    its widest cell, and when that is too wide, the widest text columns are narrowed in turn
    (their text wraps) down to their header or their longest word (at most MAX_WORD).
    Numbers never wrap. When even that is too wide, the table is wider than ``width``: data
    is never cut."""
    natural = [max(cell_len(h), *(cell_len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    floor = [natural[i] if numeric[i] else
             min(natural[i], max(cell_len(h), min(MAX_WORD, max(
                 (cell_len(w) for r in cells for w in r[i].split()), default=0))))
             for i, h in enumerate(headers)]
    widths = list(natural)
    room = width - 2 * (len(widths) - 1)
    while sum(widths) > room:
        shrinkable = [i for i in range(len(widths)) if widths[i] > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        others = sorted((widths[i] for i in shrinkable if i != widest), reverse=True)
        target = max(floor[widest], others[0] if others else floor[widest],
                     widths[widest] - (sum(widths) - room))
        widths[widest] = target if target < widths[widest] else widths[widest] - 1
    return widths


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


def named(rows: list[dict[str, Any]], fields: Sequence[str],
          name_of: dict[str, str]) -> list[dict[str, Any]]:
    """Table rows whose id fields (one id or a list of ids) show names instead."""
    def name(value: Any) -> Any:
        if isinstance(value, list):
            return [name_of.get(v, v) for v in value]
        return name_of.get(value, value) if isinstance(value, str) else value

    return [{k: name(v) if k in fields else v for k, v in row.items()} for row in rows]


def with_names(rows: list[dict[str, Any]], fields: Sequence[str],
               name_of: dict[str, str]) -> list[dict[str, Any]]:
    """CSV rows with each id field followed by the name(s) it stands for (``owner`` then
    ``owner_name``; a list ``owners`` then ``owners_names``): ids for scripts, names for
    people, side by side."""
    out = []
    for row in rows:
        new: dict[str, Any] = {}
        for k, v in row.items():
            new[k] = v
            if k in fields:
                new[f"{k}_name"] = ([name_of.get(x, x) for x in v] if isinstance(v, list)
                                    else name_of.get(v, v) if isinstance(v, str) else None)
        out.append(new)
    return out


def render_contacts(result: ContactLoad, fmt: Format,
                    name_of: dict[str, str] | None = None) -> str:
    """JSON as is; CSV one table with a ``scope`` column (ids); tables one per scope, titled,
    people and companies named."""
    if fmt == "json":
        return to_json(result)
    people = [{"scope": "stakeholder", **r} for r in plain(result.stakeholders)]
    companies = [{"scope": "company", **r} for r in plain(result.companies)]
    if fmt == "csv":
        return to_csv(with_names(people + companies, ("company", "owners", "suggested_contact"),
                                 name_of or {}),
                      ["scope", "id", "name", "company", "company_name", "owners",
                       "owners_name", "owner_count", "touchpoints", "collisions", "flags",
                       "suggested_contact", "suggested_contact_name"])
    names = name_of or {}
    people = named(people, ("company", "owners", "suggested_contact"), names)
    companies = named(companies, ("owners",), names)
    return ("Stakeholders\n" + to_table(people, CONTACT_COLUMNS, "(none flagged)")
            + "\nCompanies\n" + to_table(companies, ["id", "name", "owner_count", "owners"],
                                          "(none flagged)"))


CELL_MARK = {"active": "#", "pipeline": "~", "churned": "x", "white": "."}


#: The fixed columns of the white-space table (a product with such an id is shown as
#: ``product:ID`` there).
_WHITESPACE_FIXED = {"id", "name", "current_mrr", "potential_mrr", "white_space"}


def render_whitespace(result: list[GroupWhiteSpace], fmt: Format) -> str:
    """JSON as is; CSV one row per entity with a column per product (``product:ID``, so a
    product id never collides with a fixed column); tables one per group with a heading line
    and one mark per cell (legend below)."""
    if fmt == "json":
        return to_json(result)
    groups = plain(result)
    if fmt == "csv":  # product columns are namespaced: no product id takes a fixed column
        return to_csv([{"group": g["id"], **{k: v for k, v in r.items() if k != "cells"},
                        **{f"product:{p}": st for p, st in r["cells"].items()}}
                       for g in groups for r in g["rows"]])
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
             **{(f"product:{p}" if p in _WHITESPACE_FIXED else p): CELL_MARK[st]
                for p, st in r["cells"].items()}}
            for r in g["rows"]]))
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
