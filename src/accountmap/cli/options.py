"""Options and helpers every accountmap command shares: output format, as-of date, Neo4j
connection, and opening a SOURCE (a data file or a Neo4j URI) as a dataset or a graph."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import click

from ..errors import UsageError
from ..render import FORMATS
from ..uris import is_neo4j_uri


def format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True,
                        help="table for people; json or csv for scripts.")(fn)


def _as_date(_ctx: click.Context, _param: click.Parameter,
             value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                        callback=_as_date,
                        help="Treat this date (YYYY-MM-DD) as today instead of the file's "
                             "as_of.")(fn)


def neo4j_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Connection options shared by every command that can talk to Neo4j."""
    options = [
        click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None, metavar="URI",
                     help="Neo4j server (bolt://, neo4j://, +s variants) [env NEO4J_URI]."),
        click.option("--user", "neo4j_user", envvar="NEO4J_USERNAME", default="neo4j",
                     show_default=True, help="Neo4j user [env NEO4J_USERNAME]."),
        click.option("--password", "neo4j_password", envvar="NEO4J_PASSWORD", default=None,
                     help="Neo4j password [env NEO4J_PASSWORD]; prefer the env variable."),
        click.option("--database", "neo4j_database", envvar="NEO4J_DATABASE", default="neo4j",
                     show_default=True, help="Neo4j database [env NEO4J_DATABASE]."),
        click.option("--dataset", "dataset_name", default=None,
                     help="Dataset name inside Neo4j (default: the file's name without its "
                          "suffix when loading; the only dataset when reading)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def connection_from(kw: dict[str, Any], uri: str | None = None) -> Any:
    """Build a store connection config from the shared Neo4j options (lazy import)."""
    from ..neo4j_store import Connection

    target = uri or kw.get("neo4j_uri")
    if not target:
        raise UsageError("no Neo4j server given: pass --neo4j URI or set NEO4J_URI")
    return Connection(uri=target, user=kw.get("neo4j_user") or "neo4j",
                      password=kw.get("neo4j_password"),
                      database=kw.get("neo4j_database") or "neo4j")


def open_dataset(source: str | None, kw: dict[str, Any]) -> Any:
    """The Dataset named by SOURCE (a file, or a Neo4j URI), or by --neo4j alone."""
    from ..validate import load_dataset

    if source and not is_neo4j_uri(source):
        return load_dataset(source)
    from ..neo4j_store import read_dataset

    connection = connection_from(kw, source)
    return read_dataset(connection, dataset=kw.get("dataset_name"))


def open_graph(source: str | None, kw: dict[str, Any]) -> Any:
    from ..graph import build_graph

    return build_graph(open_dataset(source, kw), kw.get("as_of"))


def emit(text: str) -> None:
    click.echo(text, nl=False)


def source_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("source", required=False, metavar="SOURCE")(fn)


def data_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options every analysis shares: SOURCE (file or Neo4j URI), --format, --as-of, Neo4j."""

    @functools.wraps(fn)
    def wrapper(**kw: Any) -> Any:
        if kw.get("source") is None and not kw.get("neo4j_uri"):
            raise UsageError("give a data file (or a Neo4j URI) as SOURCE, or --neo4j URI")
        return fn(**kw)

    return source_argument(format_option(as_of_option(neo4j_options(wrapper))))


def engine_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--engine", type=click.Choice(["networkx", "cypher"]), default="networkx",
        show_default=True,
        help="networkx computes in memory; cypher runs the query from queries/ inside Neo4j "
             "(SOURCE must be a Neo4j URI).")(fn)


def cypher_rows(source: str | None, kw: dict[str, Any], name: str,
                params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run analysis query NAME inside Neo4j with the dataset's as_of (or --as-of)."""
    if source and not is_neo4j_uri(source):
        raise UsageError("--engine cypher reads from Neo4j: give a Neo4j URI as SOURCE "
                         "(load the file first with `accountmap load`)")
    from ..cypher_analytics import run_analysis

    return run_analysis(connection_from(kw, source), name, params,
                        dataset=kw.get("dataset_name"), as_of=kw.get("as_of"))
