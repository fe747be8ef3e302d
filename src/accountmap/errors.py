"""The one error tree of accountmap. Nothing else in the package defines exceptions.

::

    AccountmapError                  base of everything accountmap raises on purpose
    ├── DataError                    input data is unusable (exit 2); carries every Problem
    ├── UsageError                   options or arguments that make no sense together (exit 2)
    ├── NotFoundError                a named entity, query or file is not there (exit 2)
    ├── ScopeTooLargeError           a map would exceed --max-nodes (exit 2)
    ├── OutputError                  an output file cannot be written (exit 1)
    └── StoreError                   the database cannot be used (exit 1)
        ├── StoreUnavailableError    the server cannot be reached
        ├── StoreAuthError           the server refused the credentials
        └── QueryError               a query failed on the server

The CLI translates these to exit codes in one place (``cli.main``); library code raises them
and never prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one input: which file, which line (if known), which field, what is wrong."""

    source: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class AccountmapError(Exception):
    """Base of every error accountmap raises on purpose."""

    exit_code = 1


class DataError(AccountmapError):
    """The input data is unusable. ``problems`` lists every problem found, in file order."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(AccountmapError):
    """Options or arguments that make no sense together."""

    exit_code = 2


class NotFoundError(AccountmapError):
    """A named entity, query or file does not exist."""

    exit_code = 2


class ScopeTooLargeError(AccountmapError):
    """A map would hold more nodes than allowed; the message suggests a narrower scope."""

    exit_code = 2


class OutputError(AccountmapError):
    """An output file cannot be written (missing folder, no permission, disk full)."""

    exit_code = 1


class StoreError(AccountmapError):
    """The Neo4j database cannot be used."""

    exit_code = 1


class StoreUnavailableError(StoreError):
    """The Neo4j server cannot be reached."""


class StoreAuthError(StoreError):
    """The Neo4j server refused the credentials."""


class QueryError(StoreError):
    """A Cypher query failed on the server."""
