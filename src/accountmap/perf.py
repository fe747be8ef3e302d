"""Performance helpers shared by the bulk steps (validation, graph building, shared facts).

Building a book of 100k stakeholders and 1M touchpoints creates millions of long-lived
objects and no reference cycles; CPython's cyclic garbage collector would rescan all of them
again and again while they are created, and once more at the first collection after (bench/
analytics.py showed it costing more than half of some steps at that size). ``bulk()`` pauses
it for such a step and then freezes what exists into the permanent generation, so later
collections skip those objects (in the CLI's process only: a library caller's objects are
left where they are). Objects that are freed later still go by reference counting.

Freeing what a whole-book command built (a graph of 123k nodes and 868k touchpoint records
at 1,000 groups) one object at a time costs about half a second when the command ends, while
the system takes a finished process's memory back at once. ``keep_until_exit`` lets such an
object live to the end of the process instead: only in the process the console entry point
runs (``the_process_ends_with_the_command``), never under a test runner or a library caller.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Whether ``bulk`` may freeze: only while the CLI runs a command (``freeze_allowed``), never
#: in a library caller's process, whose objects are not ours to move into the permanent
#: generation.
_freeze_allowed = False

#: Whether the process ends when the command does (set by the console entry point).
_ends_with_the_command = False


@contextmanager
def freeze_allowed() -> Iterator[None]:
    """Let ``bulk`` freeze what it builds inside this block (the CLI wraps each command)."""
    global _freeze_allowed
    before, _freeze_allowed = _freeze_allowed, True
    try:
        yield
    finally:
        _freeze_allowed = before


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic GC while building many long-lived, acyclic objects; freeze them after
    (only when the block succeeds)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        # Failure: what was built is garbage now, and exceptions hold reference cycles
        # (tracebacks): leave it all to the collector rather than freezing it.
        if was_enabled:
            gc.enable()
        raise
    if _freeze_allowed:
        gc.freeze()
    if was_enabled:
        gc.enable()


def the_process_ends_with_the_command() -> None:
    """Called by the console entry point: objects kept until exit are never freed."""
    global _ends_with_the_command
    _ends_with_the_command = True


def keep_until_exit(obj: object) -> None:
    """Never free ``obj`` when the process ends with the command (see module docstring): it
    joins a reference cycle, which only the cyclic collector could free, and is frozen out of
    that collector's reach. Elsewhere, nothing happens: it is freed as usual."""
    if _ends_with_the_command:
        holder: list[object] = [obj]
        holder.append(holder)
        gc.freeze()
