"""How an analysis declares itself, once.

An ``Analysis`` names its question, its parameters, its pure Python function, and (where it
has one) the Cypher query that computes the same answer inside Neo4j with the function that
turns that query's rows into the same typed result. A ``Param`` is one option written one
time: its name, type, default, bounds and help.

Everything else is derived from the declarations: the CLI's options (``cli/options.py``
``param_option``), the Cypher engine's parameters and result decoding (``store/engine.py``),
the plan's defaults (``plan.model.PlanOptions``), and the parameter lines of the
``queries/*.cypher`` headers (``store/render.py``). Nothing dispatches on an analysis's name:
callers hold the declaration itself. ``tests/test_declarations.py`` fails when a module
repeats a declared default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..limits import MAX_DAYS

T = TypeVar("T")
R = TypeVar("R")
Rows = list[dict[str, Any]]

#: Cypher type names of the query headers, by Python type.
CYPHER_TYPES: dict[type, str] = {int: "integer", str: "string", float: "float", bool: "boolean"}


@dataclass(frozen=True)
class Param(Generic[T]):
    """One parameter of an analysis: ``name`` (a Python identifier; the CLI flag is its
    dashed form unless a command names another), ``type`` and ``default``; ``low``/``high``
    bound whole numbers (both inclusive); ``choices`` restrict text; ``help`` says what it
    does, for the CLI and the query header alike."""

    name: str
    type: type
    default: T
    help: str
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def cypher_type(self) -> str:
        return CYPHER_TYPES[self.type]

    def header_line(self) -> str:
        """This parameter's line in a query header (``queries/*.cypher``)."""
        default = "null" if self.default is None else str(self.default)
        return f"${self.name} ({self.cypher_type}, default {default}): {self.help}"


def days(name: str, default: int, help: str, *, low: int = 0) -> Param[int]:
    """A day count: bounded by the calendar the data format allows (``model.MAX_DAYS``), so
    no option can push a date outside it."""
    return Param(name, int, default, help, low=low, high=MAX_DAYS)


def count(name: str, default: int, help: str, *, low: int = 0, high: int = 1_000_000
          ) -> Param[int]:
    """A whole-number threshold."""
    return Param(name, int, default, help, low=low, high=high)


def choice(name: str, choices: tuple[str, ...], default: str, help: str) -> Param[str]:
    return Param(name, str, default, help, choices=choices)


def optional_choice(name: str, choices: tuple[str, ...], help: str) -> Param[str | None]:
    """A choice that may be left out (None: no filter)."""
    return Param(name, str, None, help, choices=choices)


def text(name: str, help: str) -> Param[str | None]:
    """An optional text filter (an id); None means no filter."""
    return Param(name, str, None, help)


@dataclass(frozen=True)
class Analysis(Generic[R]):
    """One question the tool answers (see the module docstring). ``function(G, **values)``
    computes it in memory; ``query`` names ``queries/<query>.cypher`` and ``from_rows`` maps
    that query's rows onto the same result (both None when there is no Cypher form)."""

    name: str
    function: Callable[..., R]
    params: tuple[Param[Any], ...]
    summary: str
    query: str | None = None
    from_rows: Callable[[Rows], R] | None = None

    def param(self, name: str) -> Param[Any]:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def values(self, given: Mapping[str, object]) -> dict[str, object]:
        """Every parameter's value: the given one, else the declared default."""
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            raise TypeError(f"analysis {self.name} has no parameter {', '.join(unknown)}")
        return {p.name: given.get(p.name, p.default) for p in self.params}

    def run(self, G: Any, **given: object) -> R:
        """The answer on an in-memory graph (NetworkX)."""
        return self.function(G, **self.values(given))

    def cypher_params(self, given: Mapping[str, object]) -> dict[str, object]:
        """The query's parameters: every value, None left for the query's own default."""
        return {k: v for k, v in self.values(given).items() if v is not None}

    def header_lines(self) -> list[str]:
        """The parameter lines of this analysis's query header."""
        return [p.header_line() for p in self.params]


def typed(cls: type[T], row: Mapping[str, Any]) -> T:
    """A result from a Cypher row, its amounts always floats: Cypher sums whole numbers to
    integers (0, 1200), where the NetworkX engine gives 0.0 and 1200.0; JSON output keeps one
    type per field."""
    floats = {f.name for f in dataclasses.fields(cls)  # type: ignore[arg-type]
              if str(f.type).startswith("float")}
    return cls(**{k: float(v) if k in floats and isinstance(v, int) and not isinstance(v, bool)
                  else v for k, v in row.items()})


def rows_as(cls: type[T]) -> Callable[[Rows], list[T]]:
    """The decoder of a query whose rows are the result type's fields, one row a result."""

    def decode(rows: Rows) -> list[T]:
        return [typed(cls, r) for r in rows]

    return decode
