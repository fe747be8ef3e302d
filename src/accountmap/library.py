"""The library's face: what a Python user needs, each a thin call over the modules that do the
work (``accountmap`` re-exports these names; docs/library.md shows them in use).

- ``load_book(path)`` / ``check_book(data)``: a validated book (``DataError`` lists every
  problem);
- ``graph_as_of(book, day)``: the relationship graph as the book stood that day;
- the declared analyses (``COVERAGE``, ``THREADS``, ``KEY_PEOPLE``, ``CONTACTS``,
  ``WHITESPACE``, ``STALE``, ``RENEWALS``; ``analysis.run(G, **parameters)``) and the
  analyses of two days or paths (``revenue_movements``, ``diff``, ``warm_paths``);
- ``map_page(G, ...)``: the relationship map as one offline HTML page;
- ``account_plan(book, group, ...)`` and ``plan_page(plan, ...)``: the account plan and its
  page (HTML with the map, or Markdown), in English or Japanese;
- ``write_text(path, text)``: written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from .analysis.contacts import CONTACTS
from .analysis.coverage import COVERAGE
from .analysis.diff import diff
from .analysis.paths import warm_paths
from .analysis.registry import ANALYSES
from .analysis.renewals import RENEWALS
from .analysis.revenue import revenue_movements
from .analysis.stale import STALE
from .analysis.threads import KEY_PEOPLE, THREADS
from .analysis.whitespace import WHITESPACE
from .contracts import add_months
from .errors import ScopeTooLargeError
from .graph import build_graph
from .i18n import DateStyle, Lang
from .io import write_atomic
from .map import DEFAULT_KINDS, MapOptions, build_map
from .model import Dataset
from .plan import Plan, PlanOptions, build_plan
from .validate import check_data, load_dataset

if TYPE_CHECKING:
    import networkx as nx

    from .map.scope import Kind

__all__ = [
    "ANALYSES", "CONTACTS", "COVERAGE", "KEY_PEOPLE", "RENEWALS", "STALE", "THREADS",
    "WHITESPACE", "Dataset", "MapOptions", "Plan", "PlanOptions", "account_plan", "check_book",
    "diff", "graph_as_of", "load_book", "map_page", "months_before", "plan_page",
    "revenue_movements", "warm_paths", "write_text",
]


def load_book(path: str | os.PathLike[str]) -> Dataset:
    """The book in a YAML or JSON file, validated."""
    return load_dataset(os.fspath(path))


def check_book(data: object, source: str = "<data>") -> Dataset:
    """A book built in code (a mapping of sections), validated; ``source`` names it in
    messages."""
    return check_data(data, source)


def _day(day: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(day) if isinstance(day, str) else day


def graph_as_of(book: Dataset, day: dt.date | str | None = None) -> nx.MultiDiGraph[str]:
    """The relationship graph of the book as it stood on ``day`` (a date or YYYY-MM-DD;
    default the book's own as_of)."""
    return build_graph(book, _day(day))


def map_page(G: nx.MultiDiGraph[str], options: MapOptions | None = None, *,
             embedded: bool = False) -> str:
    """The relationship map of ``G`` (``MapOptions``: group, focus, kinds, language...)
    as one self-contained HTML page; ``embedded``: inside another page (the plan), without
    the toolbar."""
    from .map.html import render_map

    return render_map(build_map(G, options or MapOptions()), embedded=embedded)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    return add_months(day, -months)


def account_plan(book: Dataset, group: str, *, as_of: dt.date | str | None = None,
                 since: dt.date | str | None = None, previous: Dataset | None = None,
                 options: PlanOptions | None = None) -> Plan:
    """The account plan of one group as of ``as_of`` (default the book's), looking back on the
    time since ``since`` (default six months earlier; compared with the book as of that day)
    or since a ``previous`` book."""
    day = _day(as_of) or book.effective_as_of()
    G = build_graph(book, day)
    opts = options or PlanOptions()
    if previous is not None:
        G_since = build_graph(previous)
    else:
        first = _day(since) or months_before(day, 6)
        G_since = build_graph(book, first)
        opts = replace(opts, since=first)
    return build_plan(G, G_since, group=group, options=opts)


def plan_page(plan: Plan, G: nx.MultiDiGraph[str] | None = None, *,
              kind: Literal["html", "markdown"] = "html", lang: Lang = "en",
              date_style: DateStyle = "long", source: str = "") -> str:
    """The plan's page: Markdown, or one printable HTML page with the group's map when ``G``
    (the plan's graph) is given."""
    from .plan.document import build_document

    doc = build_document(plan, lang, date_style)
    if kind == "markdown":
        from .plan.markdown import render_markdown

        return render_markdown(doc)
    from .plan.html import render_html

    map_html = None if G is None else _group_map(G, plan.group, lang)
    return render_html(doc, map_html=map_html, source=source)


def _group_map(G: nx.MultiDiGraph[str], group: str, lang: Lang) -> str | None:
    """The group's map page; with fewer kinds when the whole map is too large."""
    fewer: tuple[Kind, ...] = ("group", "company", "department")
    for kinds in (DEFAULT_KINDS, fewer):
        try:
            return map_page(G, MapOptions(group=group, kinds=kinds, lang=lang), embedded=True)
        except ScopeTooLargeError:
            continue
    return None


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    write_atomic(path, text)
