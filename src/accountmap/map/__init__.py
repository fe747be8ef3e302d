"""The interactive relationship map: scope (what is shown), overlay (the analyses' findings),
style (how it looks), layout (where it stands), build (all of it as plain data) and html (the
one offline page; the only importer of pyvis, imported on its own so that building the data
does not load it).

::

    model = build_map(G, MapOptions(group="g-nakamura"))
    from accountmap.map.html import render_map
    page = render_map(model)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import MapModel, build_map
    from .scope import DEFAULT_KINDS, KINDS, MapOptions
    from .style import initials

__all__ = ["DEFAULT_KINDS", "KINDS", "MapModel", "MapOptions", "build_map", "initials"]
_HOME = {"MapModel": "build", "build_map": "build", "DEFAULT_KINDS": "scope", "KINDS": "scope",
         "MapOptions": "scope", "initials": "style"}


def __getattr__(name: str) -> Any:
    """The package's names, imported on first use (``map.scope``'s vocabulary is read by the
    command line before anything draws a map)."""
    if name in _HOME:
        return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
