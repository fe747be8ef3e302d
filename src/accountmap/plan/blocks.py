"""The plan as a document, before it is printed: sections of blocks (paragraphs, tables with
styled cells, items, actions, the map's slot), already in one language. ``document`` builds
it; ``markdown`` and ``html`` print it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..i18n import Lang

#: Where a MapSlot's sentence holds its command (Markdown fences it: ``markdown.code_span``).
CODE = "\x00code\x00"

CellStyle = Literal["", "num", "gap", "ok", "risk"]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    style: CellStyle = ""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    numeric: list[bool] = field(default_factory=list)
    #: the rows a printed page shows (the rest are on screen, in Markdown and in the JSON)
    print_rows: int | None = None
    #: the printed page's note for the rows it leaves out
    more: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Subheading:
    text: str


@dataclass(frozen=True, slots=True)
class Items:
    items: list[str]


@dataclass(frozen=True, slots=True)
class ActionItem:
    text: str
    owner: str
    due: str
    stake: str
    finding: str
    key: str = ""  # the action's kind, owner and subject (the page's data-action)


@dataclass(frozen=True, slots=True)
class ActionList:
    actions: list[ActionItem]
    more: str | None = None


@dataclass(frozen=True, slots=True)
class MapSlot:
    """Where the relationship map goes (HTML embeds it; Markdown says how to get it)."""

    note: str
    markdown: str
    command: str = ""


Block = Paragraph | Subheading | Table | Items | ActionList | MapSlot


@dataclass
class Section:
    anchor: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    lang: Lang
    title: str
    subtitle: str
    sections: list[Section]
    labels: dict[str, str]
    #: names the page never breaks across lines (people, companies, departments, products)
    names: list[str] = field(default_factory=list)
