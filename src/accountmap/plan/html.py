"""The plan as one self-contained, printable HTML page (A4 print CSS), with the group's
relationship map embedded.

The page requests nothing: its styles and scripts are inline, and the map is the map
command's own offline page placed in an ``<iframe srcdoc>`` (Jinja escapes it into the
attribute, so it stays one file and the map's script runs in its own frame). Every string
from the data goes through Jinja with autoescape on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from ..i18n import t
from .blocks import Document

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("plan.html")


def render_html(doc: Document, *, map_html: str | None, source: str) -> str:
    labels = {k: t(f"plan.col.{k}", doc.lang) for k in ("owner", "due", "at_stake", "finding")}
    return _template().render(doc=doc, labels=labels, map_html=map_html,
                              footer=t("plan.generated", doc.lang, source=source))
