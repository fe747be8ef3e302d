"""The ``accountmap`` command line: parse options, call the library, render. Nothing more.

One module per family of commands: ``data`` (validate, summary, schema, generate),
``analyses`` (coverage, threads, contacts, whitespace, stale, path), ``map_command`` (map),
``store`` (load, query); ``options`` holds what they share (formats, SOURCE, Neo4j options).

Errors from the library (``errors.AccountmapError``) are translated to messages and exit codes
in one place, ``_Group.invoke``: data problems print one line each and exit 2; store errors
exit 1. Data goes to stdout, messages and progress to stderr.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from ..errors import AccountmapError, DataError


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(exc.problems)} problem(s); nothing was written.", err=True)
            ctx.exit(exc.exit_code)
        except AccountmapError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"],
                                           "max_content_width": 100})
@click.version_option(__version__, prog_name="accountmap")
def cli() -> None:
    """Map enterprise customer relationships as a graph and find where coverage is thin.

    Load a book of business (groups, companies, departments, stakeholders, our owners,
    products, subscriptions, opportunities, touchpoints) from a YAML/JSON file or from Neo4j,
    then ask: what is uncovered, what is single-threaded, who is over-contacted, where the
    white space is, and who can introduce us to whom.

    Every data command reads SOURCE: a data file, or a Neo4j URI (bolt://, neo4j://).

    \b
    Example:
      accountmap summary examples/nakamura-group.yaml
    """


def main() -> None:
    """Console entry point."""
    try:
        cli.main(prog_name="accountmap")
    except BrokenPipeError:  # e.g. `accountmap ... | head`
        sys.stderr.close()
        sys.exit(0)


# The commands register themselves on ``cli``; imported last, after ``cli`` exists.
from . import analyses, data, map_command, store  # noqa: E402, F401
