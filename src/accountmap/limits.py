"""The format's bounds and its one check of a fixed vocabulary: standard library only, so the
command line can read them before it imports pydantic (``model`` re-exports them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .errors import UsageError

#: Bounds that keep every later computation finite and every value storable in Neo4j (64-bit
#: integers): amounts up to a trillion a month, counts up to a billion, and dates from 1900 to
#: 2999 (so "as_of minus a window" never leaves the calendar).
MAX_MONEY = 1e12
MAX_COUNT = 1_000_000_000
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
#: The longest span of days a parameter or a notice may take (a hundred years).
MAX_DAYS = 36_500


def check_one_of(what: str, value: object, allowed: Iterable[str]) -> None:
    """Raise UsageError unless ``value`` is one of ``allowed`` (a fixed vocabulary), so that a
    typo is an error instead of a silently different answer."""
    choices = list(allowed)
    if value not in choices:
        raise UsageError(f"unknown {what} {value!r} (one of: {', '.join(choices)})")
