"""The interactive relationship map: scope (what is shown), overlay (the analyses' findings),
style (how it looks), layout (where it stands), build (all of it as plain data) and html (the
one offline page; the only importer of pyvis, imported on its own so that building the data
does not load it).

::

    model = build_map(G, MapOptions(group="g-nakamura"))
    from accountmap.map.html import render_map
    page = render_map(model)
"""

from .build import MapModel, build_map
from .scope import DEFAULT_KINDS, KINDS, MapOptions
from .style import initials

__all__ = ["DEFAULT_KINDS", "KINDS", "MapModel", "MapOptions", "build_map", "initials"]
