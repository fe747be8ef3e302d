"""Commands that talk to Neo4j: load, query."""

from __future__ import annotations

import time

import click

from ..errors import UsageError
from ..render import Format, render
from .context import Neo4jSettings
from .options import emit, format_option, neo4j_options, progress_bar, wrapped


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@neo4j_options
@click.option("--groups", "groups", multiple=True, metavar="ID[,ID...]",
              help="Load only these groups of FILE (comma-separated or repeated; default: "
                   "every group in FILE). Other groups of the dataset are never touched.")
@click.option("--prune", is_flag=True,
              help="Delete what the loaded groups had in the dataset and FILE no longer has "
                   "(other groups and datasets are never touched; an owner or product goes "
                   "only when no group names it). A group in --groups that FILE lacks is "
                   "deleted.")
@click.option("--author", default=None,
              help="Who the load stamps on each group it writes (default: the OS user).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=5000, show_default=True,
              help="Rows per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
@format_option
def load(file: str, neo4j: Neo4jSettings, groups: tuple[str, ...], prune: bool,
         author: str | None, batch_size: int, quiet: bool, fmt: Format) -> None:
    """Load a data file's groups into a Neo4j dataset (idempotent: loading twice changes
    nothing).

    The file is validated first; with any problem nothing is written. A team shares one
    dataset: each account manager loads the groups of their own file (--groups, default
    every group in FILE), and only those groups are merged; owners and products are one node
    per dataset, shared by every group that names them. An owner or product that FILE defines
    differently from the one other groups name is a conflict: one line per field, exit 2,
    nothing written. Each load stamps the groups it wrote with the time, --author (default:
    the OS user), FILE's name and its SHA-256 (see `accountmap datasets`).

    Constraints and indexes come from queries/schema.cypher. Rows are sent in batches, two at
    a time: a first load CREATEs, a reload MERGEs only what changed (an unchanged reload
    writes nothing). Several datasets can share one database (--dataset, default: the file
    name without suffix). For a new database with millions of rows, `accountmap export
    neo4j-import` is faster. The connection comes from the options or from NEO4J_URI,
    NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.

    \b
    Example:
      NEO4J_PASSWORD=... accountmap load examples/nakamura-group.yaml --neo4j bolt://localhost:7687
      accountmap load mine.yaml --neo4j bolt://localhost:7687 --dataset team --groups g-a,g-b
    """
    from ..store.loader import dataset_name_for
    from ..store.loader import load as load_into
    from ..store.stamps import file_stamp
    from ..validate import load_dataset

    ds = load_dataset(file)
    chosen = [g.strip() for given in groups for g in given.split(",") if g.strip()]
    stamp = file_stamp(file, author)
    connection = neo4j.connection()
    name = neo4j.dataset or dataset_name_for(file)
    last: dict[str, float] = {}

    def progress(section: str, done: int, total: int) -> None:
        now = time.monotonic()
        if quiet or total <= batch_size or (done < total and now - last.get(section, 0) < 1.0):
            return
        last[section] = now
        click.echo(f"  {section}: {done}/{total}", err=True)

    with progress_bar(not quiet) as bar:
        report = load_into(connection, ds, name, prune=prune, batch_size=batch_size,
                           progress=bar or progress, groups=chosen or None, stamp=stamp)
    if fmt == "table":
        click.echo(wrapped(
            f"loaded '{report.dataset}' into {connection.safe_uri()} in "
            f"{report.seconds:.2f} s: nodes {report.nodes_created} created, "
            f"{report.nodes_updated} updated, {report.nodes_unchanged} unchanged, "
            f"{report.nodes_pruned} pruned; relationships "
            f"{report.relationships_created} created, {report.relationships_removed} "
            f"replaced, {report.relationships_pruned} pruned", indent="  "))
    else:
        emit(render([report], fmt))


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"takes key=value, got {pair!r}", param_hint="--param")
        params[key] = raw
    return params


@click.command()
@click.argument("name", required=False)
@neo4j_options
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter (repeatable), converted to the type the query declares "
                   "(date, integer, ...); null for none. $dataset and $as_of default to the "
                   "dataset's.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@format_option
def query(name: str | None, neo4j: Neo4jSettings, params: tuple[str, ...], list_only: bool,
          fmt: Format) -> None:
    """Run a named Cypher query from queries/ against Neo4j and print its rows.

    Parameters are always sent as parameters, never pasted into the query, typed as each
    query's header declares them. $dataset defaults to the only dataset in the database (or
    --dataset), $as_of to that dataset's as_of.

    \b
    Example:
      accountmap query --list
      accountmap query coverage --neo4j bolt://localhost:7687 --param as_of=2026-06-30
    """
    from ..store.queries import query_info, query_names, query_text

    if list_only or not name:
        rows = [{"name": n, "parameters": [f"${p}" for p in query_info(n).params],
                 "purpose": query_info(n).purpose} for n in query_names()]
        emit(render(rows, fmt))
        return
    from ..store.named import run_named

    if name not in query_names():  # unknown names (and the schema) before any connection
        query_text(name)
        raise UsageError(f"'{name}' is not a query to run (queries: "
                         f"{', '.join(query_names())})")
    given = _parse_params(params)
    if "dataset" in given and neo4j.dataset is not None and given["dataset"] != neo4j.dataset:
        raise UsageError(f"--param dataset={given['dataset']} and --dataset {neo4j.dataset} "
                         "name different datasets: give one")
    columns, rows = run_named(neo4j.connection(), name, given,
                              dataset=neo4j.dataset or given.get("dataset"))
    emit(render(rows, fmt, columns=columns))


@click.command()
@click.argument("location", required=False, metavar="URI")
@neo4j_options
@format_option
def datasets(location: str | None, neo4j: Neo4jSettings, fmt: Format) -> None:
    """List the datasets of a Neo4j database: their groups (with the file, digest, author
    and time of each group's last load), the last load, its author, and node and
    relationship counts.

    Times are ISO 8601 in UTC. --format json prints a list of {name, groups: [{id, file,
    digest, author, loaded_at}], last_load, author, nodes, relationships}.

    \b
    Example:
      accountmap datasets bolt://localhost:7687
      accountmap datasets bolt://localhost:7687 --format json
    """
    from ..store.datasets import list_datasets

    found = list_datasets(neo4j.connection(location), neo4j.dataset)
    if fmt == "json":
        emit(render([d.as_json() for d in found], fmt))
        return
    emit(render([d.as_row() for d in found], fmt, empty="(no datasets)"))


COMMANDS = [load, query, datasets]
