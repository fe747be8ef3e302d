"""accountmap export: a book in the form another tool loads (today: Neo4j's offline
importer)."""

from __future__ import annotations

import click

from ..render import Format, render
from .options import emit, format_option, wrapped


@click.group(name="export")
def export_group() -> None:
    """Write a book in the form another tool loads.

    \b
    Example:
      accountmap export neo4j-import examples/nakamura-group.yaml import/
    """


@export_group.command(name="neo4j-import")
@click.argument("book", type=click.Path(dir_okay=False))
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--dataset", default=None,
              help="Dataset name inside Neo4j (default: the book's file name without its "
                   "suffix, as `accountmap load` names it).")
@click.option("--author", default=None,
              help="Who the groups' load stamps name (default: the OS user).")
@format_option
def neo4j_import(book: str, directory: str, dataset: str | None, author: str | None,
                 fmt: Format) -> None:
    """Write the CSV files of Neo4j's offline importer for a new database.

    For big first loads: `neo4j-admin database import full` builds a database from these
    files at import-tool speed (millions of records a minute), with the same labels, keys,
    properties and relationships as `accountmap load` of the same book, and the dataset
    marked complete, so a later `accountmap load` of the book finds nothing to change.

    BOOK is validated first; with any problem nothing is written (exit 2). DIRECTORY must
    not exist or be empty; it receives one CSV per node section and relationship kind,
    import.args (the importer's arguments) and schema.cypher (constraints and indexes,
    which the Community importer does not create: run it, or `accountmap load BOOK`, once
    the database is started). Then, with the server stopped, run
    `cd DIRECTORY && neo4j-admin database import full @import.args neo4j` (or, for the
    project's own Neo4j, `scripts/neo4j import --home HOME DIRECTORY`).

    \b
    Example:
      accountmap export neo4j-import book.yaml import/ --dataset book
    """
    from ..store.bulk import export_import_files
    from ..store.loader import dataset_name_for
    from ..store.stamps import file_stamp
    from ..validate import load_dataset

    ds = load_dataset(book)
    report = export_import_files(ds, dataset or dataset_name_for(book), directory,
                                 file_stamp(book, author))
    if fmt == "table":
        click.echo(wrapped(
            f"wrote {report.files} files for {report.nodes} nodes and {report.relationships} "
            f"relationships to {report.directory} in {report.seconds:.2f} s", indent="  "))
        click.echo(f"next, with the server stopped: cd {report.directory} && neo4j-admin "
                   "database import full @import.args neo4j", err=True)
    else:
        emit(render([report], fmt))


COMMANDS: list[click.Command] = [export_group]
