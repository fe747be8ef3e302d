"""The relationship map as one self-contained, offline HTML page. The only importer of pyvis.

pyvis holds the network (nodes, edges, vis-network options) and ships vis-network 9.1.2; we
fill the ``Network`` in bulk (its ``add_node``/``add_edge`` scan lists on every call, which is
quadratic: thousands of nodes would take seconds) and render our own template instead of
pyvis's, because pyvis's page links bootstrap (and in local mode vis) from the internet and
writes a lib/ folder. Our page inlines vis-network's JavaScript and CSS, so opening it makes
no request beyond the file itself, and works from file:// with no network.

Escaping: every user string reaches the page either as JSON inside a script element, with
``<``, ``>``, ``&`` and the JavaScript line separators escaped as ``\\uXXXX`` (so no name can
close the script), or through Jinja with autoescape on. The page script only ever writes data
with ``textContent``; vis-network draws labels on a canvas and renders string tooltips with
``innerText``. No pyvis HTML path (titles with "href", the unescaped heading) is used.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from ..i18n import t
from .build import MapModel

_VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
PHYSICS_LIMIT = 400  # above this many nodes physics is never turned on
#: The page's own words (``map.ui.*`` in the catalogue).
UI = ("nodes", "links", "search", "search_label", "find", "fit", "map_label", "selected",
      "nothing", "hint", "show", "risks", "links_legend", "no_match", "found", "nth",
      "all_lines", "png", "print")


def _safe_json(value: Any) -> str:
    """JSON that can sit inside <script> whatever the strings in it contain."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def _assets() -> tuple[str, str]:
    js = (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    # Inline <script>/<style> end at the first closing tag; the library has none, but make
    # sure, since a stray one would let the rest of the file be parsed as HTML.
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network assets contain a closing tag; cannot inline them")
    return js, css


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["safe_json"] = lambda v: Markup(_safe_json(v))
    return env.get_template("map.html")


def _network(model: MapModel, physics: bool) -> Network:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    # Bulk fill: the same structures add_node/add_edge build, without their per-call scans.
    net.nodes = model.nodes
    net.node_ids = [n["id"] for n in model.nodes]
    net.node_map = {n["id"]: n for n in model.nodes}
    net.edges = model.edges
    large = len(model.nodes) > PHYSICS_LIMIT
    net.set_options(json.dumps({
        "physics": {"enabled": bool(physics and not large),
                    "barnesHut": {"springLength": 120, "avoidOverlap": 0.4},
                    "stabilization": {"iterations": 150}},
        "layout": {"improvedLayout": False, "hierarchical": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": False},
        "edges": {"smooth": False,
                  "selectionWidth": 2, "hoverWidth": 1.5},
        "nodes": {"borderWidthSelected": 4, "margin": 8,
                  "scaling": {"label": {"enabled": False}}},
    }))
    return net


def render_map(model: MapModel, *, physics: bool = False, embedded: bool = False) -> str:
    """The whole page as a string."""
    net = _network(model, physics)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    js, css = _assets()
    ui = {key: t(f"map.ui.{key}", model.lang) for key in UI}
    ui["risk"] = t("map.detail.risk", model.lang)
    if model.legend_risk:  # a page without the risk overlay names no risk at all
        ui["stale"] = t("map.risk.stale", model.lang)
    else:
        ui.pop("risks")
    return _template().render(
        title=model.title, vis_js=Markup(js), vis_css=Markup(css), lang=model.lang, ui=ui,
        data={"nodes": nodes, "edges": edges, "options": json.loads(options),
              "kinds": model.kinds, "ui": ui},
        legend_nodes=model.legend_nodes, legend_edges=model.legend_edges,
        legend_risk=model.legend_risk, node_count=len(nodes), edge_count=len(edges),
        embedded=embedded)
