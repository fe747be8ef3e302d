"""One Neo4j driver per command.

A driver holds a connection pool and costs a round trip (``verify_connectivity``) to open.
Inside ``one_driver_per_server()`` (the CLI wraps every command in it) ``connection.connect``
keeps the first driver it opens for a server and hands the same one to every later query of
the command (reading the dataset, checking a group, running an analysis), closing them all
when the block ends. Outside it, as in library calls, each ``connect`` opens and closes its
own. This module imports no driver, so the CLI can open the scope without loading ``neo4j``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

_open: dict[Hashable, tuple[Any, Callable[[], None]]] | None = None


@contextmanager
def one_driver_per_server() -> Iterator[None]:
    """Share drivers by connection settings until the block ends (nested blocks share the
    outermost one)."""
    global _open
    if _open is not None:
        yield
        return
    _open = {}
    try:
        yield
    finally:
        kept, _open = _open, None
        for _, close in kept.values():
            close()


def kept(key: Hashable) -> Any | None:
    """The driver kept for these settings in the current scope, if any."""
    return None if _open is None or key not in _open else _open[key][0]


def keep(key: Hashable, driver: Any, close: Callable[[], None]) -> bool:
    """Keep a driver for the rest of the scope; False when there is no scope (the caller
    closes it itself)."""
    if _open is None:
        return False
    _open[key] = (driver, close)
    return True
