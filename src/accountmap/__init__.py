"""accountmap: map enterprise customer relationships as a graph and find thin coverage.

The library's face (docs/library.md): ``load_book``, ``graph_as_of``, the declared analyses
(``COVERAGE.run(G, group=...)``, ``THREADS``, ``CONTACTS``, ...), ``revenue_movements``,
``diff``, ``warm_paths``, ``map_page``, ``account_plan``, ``plan_page`` and ``write_text``,
defined in ``accountmap.library``. They are imported on first use, so ``import accountmap``
(and the command line's ``--help``) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

#: The package's version, as pyproject.toml states it (a test keeps them equal); written here
#: so that the command line starts without importlib.metadata.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .library import (
        ANALYSES,
        CONTACTS,
        COVERAGE,
        KEY_PEOPLE,
        RENEWALS,
        STALE,
        THREADS,
        WHITESPACE,
        Dataset,
        MapOptions,
        Plan,
        PlanOptions,
        account_plan,
        check_book,
        diff,
        graph_as_of,
        load_book,
        map_page,
        months_before,
        plan_page,
        revenue_movements,
        warm_paths,
        write_text,
    )

__all__ = [
    "ANALYSES", "CONTACTS", "COVERAGE", "KEY_PEOPLE", "RENEWALS", "STALE", "THREADS",
    "WHITESPACE", "Dataset", "MapOptions", "Plan", "PlanOptions", "__version__",
    "account_plan", "check_book", "diff", "graph_as_of", "load_book", "map_page",
    "months_before", "plan_page", "revenue_movements", "warm_paths", "write_text",
]


def __getattr__(name: str) -> Any:
    """The library's names, imported from ``accountmap.library`` on first use."""
    if name in __all__:
        from . import library

        value = getattr(library, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'accountmap' has no attribute {name!r}")
