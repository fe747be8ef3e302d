"""The typed context of a command: where its data comes from.

A ``Source`` is a data file or a Neo4j server (with its connection settings and the dataset to
read), plus the as-of date that overrides the data's own. Commands receive one instead of a
dict of options, so a misspelt option is an attribute error, not a silent ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal, TypeVar, cast, get_args

from ..errors import UsageError
from ..store.uris import DEFAULT_DATABASE, DEFAULT_TIMEOUT, DEFAULT_USER
from ..uri_text import looks_like_uri

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis.declare import Analysis
    from ..model import Dataset
    from ..store.connection import Connection

Engine = Literal["networkx", "cypher"]
ENGINES: tuple[Engine, ...] = get_args(Engine)
T = TypeVar("T")


@dataclass(frozen=True)
class Neo4jSettings:
    """Connection settings from ``--neo4j/--user/--password/--database/--dataset`` or the
    ``NEO4J_*`` environment. The password never appears in ``repr``."""

    uri: str | None = None
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE
    dataset: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    def connection(self, uri: str | None = None) -> Connection:
        """A store connection to ``uri`` (else the configured one)."""
        from ..store.connection import Connection

        target = uri or self.uri
        if not target:
            raise UsageError("no Neo4j server given: pass --neo4j URI or set NEO4J_URI")
        return Connection(uri=target, user=self.user, password=self.password,
                          database=self.database, timeout=self.timeout)


@dataclass(frozen=True)
class Source:
    """What a data command reads: SOURCE (a file or a Neo4j URI; None means the configured
    Neo4j server), the Neo4j settings, and ``--as-of``."""

    location: str | None
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        if self.location is None and not self.neo4j.uri:
            raise UsageError("give a data file (or a Neo4j URI) as SOURCE, or --neo4j URI")

    @property
    def is_neo4j(self) -> bool:
        return self.location is None or looks_like_uri(self.location)

    def connection(self) -> Connection:
        return self.neo4j.connection(self.location if self.is_neo4j else None)

    def dataset(self) -> Dataset:
        """The validated dataset: read from the file, or back from Neo4j (once per Source)."""
        return self._dataset

    @cached_property
    def _dataset(self) -> Dataset:
        if not self.is_neo4j:
            from ..validate import load_dataset

            return load_dataset(cast(str, self.location))
        from ..store.reader import read_dataset

        return read_dataset(self.connection(), dataset=self.neo4j.dataset)

    def names(self, groups: Collection[str] = ()) -> dict[str, str]:
        """Every record's name by id (for tables that show names next to ids); of the part
        of ``groups`` when given (see ``part``)."""
        from ..model import ID_KINDS

        ds = self.part(groups)
        return {r.id: r.name for section in ID_KINDS for r in ds.records(section)
                if getattr(r, "name", None) and getattr(r, "id", None)}

    def part(self, groups: Collection[str] = ()) -> Dataset:
        """The dataset, or the part of it for ``groups`` (``cut.group_part``: every answer
        about those groups is the whole book's, at their cost alone) when it has one. From
        Neo4j, only the groups' subgraph is read (``store.group_reader``)."""
        if not groups:
            return self.dataset()
        if self.is_neo4j and "_dataset" not in self.__dict__:
            from ..store.reader import read_dataset

            read: dict[tuple[str, ...], Dataset] = self.__dict__.setdefault("_parts", {})
            key = tuple(groups)
            if key not in read:  # only the groups' subgraph, when their part is closed
                read[key] = read_dataset(self.connection(), self.neo4j.dataset, key)
            return read[key]
        from ..cut import group_part

        ds = self.dataset()
        return group_part(ds, groups) or ds

    def graph(self, groups: Collection[str] = (), *, last_use: bool = False
              ) -> nx.MultiDiGraph[str]:
        """The relationship graph of the dataset (of ``groups``' part of it, when given), as of
        ``--as-of`` (else the data's date). With ``last_use`` (the command needs nothing of
        the dataset but this graph), the dataset is let go once the graph is built, so its
        records and the graph's copies of them are not alive together at the peak; and the
        graph is kept until the process ends (``perf.keep_until_exit``)."""
        from ..graph import build_graph
        from ..perf import keep_until_exit

        G = build_graph(self.part(groups), self.as_of)
        if last_use:
            self.__dict__.pop("_dataset", None)
            self.__dict__.pop("_parts", None)
            keep_until_exit(G)  # the command ends with it: not freed object by object
        return G

    def analyse(self, engine: Engine, analysis: Analysis[T],
                values: Mapping[str, object]) -> T:
        """One declared analysis by the chosen engine: its function on the in-memory graph,
        or its query inside Neo4j mapped onto the same result type."""
        if engine == "networkx":
            group = values.get("group")
            return analysis.run(self.graph([group] if isinstance(group, str) else []),
                                **values)
        if not self.is_neo4j:
            raise UsageError("--engine cypher reads from Neo4j: give a Neo4j URI as SOURCE "
                             "(load the file first with `accountmap load`)")
        from ..store.engine import run_analysis

        return run_analysis(self.connection(), analysis, values, dataset=self.neo4j.dataset,
                            as_of=self.as_of)
