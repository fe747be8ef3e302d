"""The one error tree of accountmap. Nothing else in the package defines exceptions.

::

    AccountmapError                  base of everything accountmap raises on purpose
    ├── DataError                    input data is unusable; carries every Problem
    ├── UsageError                   arguments that make no sense (a value outside its vocabulary)
    │   └── MissingParameterError    a named query needs a parameter that was not given
    ├── NotFoundError                a named entity, query, dataset or file is not there
    ├── ScopeTooLargeError           a map would hold more nodes than its limit
    ├── OutputError                  an output file cannot be written
    └── StoreError                   the database cannot be used
        ├── StoreUnavailableError    the server cannot be reached
        ├── StoreAuthError           the server refused the credentials
        └── QueryError               a query failed on the server

Library code raises these and never prints or exits; messages name concepts, not command-line
flags. The CLI maps them to exit codes and user-facing hints in one place
(``cli.main.EXIT_CODES``): bad input and bad usage exit 2, the rest 1.
"""

from __future__ import annotations

from dataclasses import dataclass


def one_line(text: str) -> str:
    """``text`` safe to print as one line: control and other non-printable characters (a
    newline in an id, a NUL, a terminal escape) shown as escapes like ``\\n`` or ``\\x00``."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def not_found_message(kind: str, given: str, known: list[str]) -> str:
    """"no group with id 'g-nope'" with a hint: the nearest known ids, else the first few."""
    import difflib

    text = f"no {kind} with id '{given}'"
    if not known:
        return text + f" (the data has no {kind})"
    near = difflib.get_close_matches(given, known, n=3, cutoff=0.5)
    if near:
        return text + f" (did you mean {', '.join(near)}?)"
    more = f", ... ({len(known)} in all)" if len(known) > 5 else ""
    return text + f" ({kind} ids are {', '.join(known[:5])}{more})"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one input: which file, which line (if known), which field, what is wrong."""

    source: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        """``FILE:LINE: path: message`` on one line, whatever characters the input had."""
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(text)


class AccountmapError(Exception):
    """Base of every error accountmap raises on purpose."""



class DataError(AccountmapError):
    """The input data is unusable. ``problems`` lists every problem found, in file order."""


    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class EncodingError(DataError):
    """An input file is not in the text encoding it was read with (the CLI adds how to name
    another one)."""


class UsageError(AccountmapError):
    """Options or arguments that make no sense together."""



class MissingParameterError(UsageError):
    """A named query needs a value for ``parameter`` (of ``kind``) that was not given."""

    def __init__(self, query: str, parameter: str, kind: str):
        self.query, self.parameter, self.kind = query, parameter, kind
        super().__init__(f"query {query} needs a value for its parameter {parameter} ({kind})")


class NotFoundError(AccountmapError):
    """A named entity, query or file does not exist."""



class ScopeTooLargeError(AccountmapError):
    """A map would hold more nodes than allowed. Carries what a caller needs to suggest a
    narrower scope: the count, the limit, the largest groups as (id, size), the group asked."""

    def __init__(self, count: int, limit: int, largest: list[tuple[str, int]],
                 group: str | None = None):
        self.count, self.limit, self.largest, self.group = count, limit, largest, group
        super().__init__(f"the map would have {count} nodes, more than its limit of {limit}, "
                         "which would freeze a browser; narrow the scope (one group, a focus "
                         "and depth, or fewer kinds) or raise the limit")



class OutputError(AccountmapError):
    """An output file cannot be written (missing folder, no permission, disk full)."""



class StoreError(AccountmapError):
    """The Neo4j database cannot be used."""



class StoreUnavailableError(StoreError):
    """The Neo4j server cannot be reached."""


class StoreAuthError(StoreError):
    """The Neo4j server refused the credentials."""


class QueryError(StoreError):
    """A Cypher query failed on the server."""
