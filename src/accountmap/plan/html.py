"""The plan as one self-contained, printable HTML page (A4 print CSS), with the group's
relationship map embedded.

The page requests nothing: its styles and scripts are inline, and the map is the map
command's own offline page placed in an ``<iframe srcdoc>`` (Jinja escapes it into the
attribute, so it stays one file and the map's script runs in its own frame). Every string
from the data goes through Jinja with autoescape on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..i18n import t
from .blocks import Document

_TEMPLATES = Path(__file__).resolve().parent / "templates"


#: Dates (2026年10月31日, 31 Oct 2026, 2026-10-31) and amounts (1,000,000円, ¥1,200,000,
#: 10 CHF, 78.9%): kept on one line.
_WHOLE = r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2} [A-Z][a-z]{2} \d{4}|\d{4}-\d{2}-\d{2}|" \
         r"[¥$€£]?-?\d[\d,]*(?:\.\d+)?(?:円|%| [A-Z]{3}\b)?"


def keeper(names: list[str]) -> Callable[[object], Markup]:
    """A filter that escapes text and wraps every name, date and amount in it in
    ``<span class="nw">`` (never broken across lines; Japanese has no spaces to break at)."""
    parts = [re.escape(str(escape(n))) for n in names if n]
    # an entity of the escaped text (&#34;) is passed over whole, never wrapped or cut
    pattern = re.compile("|".join([r"&#?\w+;", *parts, _WHOLE]))

    def wrap(m: re.Match[str]) -> str:
        found = m.group(0)
        return found if found.startswith("&") else f'<span class="nw">{found}</span>'

    def keep(text: object) -> Markup:
        return Markup(pattern.sub(wrap, str(escape(str(text)))))

    return keep


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def render_html(doc: Document, *, map_html: str | None, source: str) -> str:
    labels = {k: t(f"plan.col.{k}", doc.lang) for k in ("owner", "due", "at_stake", "finding")}
    template = _environment().get_template("plan.html")
    return template.render(doc=doc, labels=labels, map_html=map_html, keep=keeper(doc.names),
                           footer=t("plan.generated", doc.lang, source=source))
