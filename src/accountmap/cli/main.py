"""The ``accountmap`` command line: parse options, call the library, render. Nothing more.

One module per family of commands: ``data`` (validate, summary, schema, generate),
``analyses`` (coverage, threads, contacts, whitespace, stale, path), ``map`` (map),
``store`` (load, query); ``options`` and ``context`` hold what they share (formats, SOURCE,
Neo4j settings). Each module lists its ``COMMANDS``; this module adds them to the group.

Errors from the library (``errors.AccountmapError``) are translated to messages and exit codes
here and only here (``EXIT_CODES``, ``_Group.invoke``): data problems print one line each and
exit 2; bad usage and unknown names exit 2; output and store errors exit 1. Data goes to
stdout, messages and progress to stderr.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from typing import Any

import click

from .. import __version__
from ..errors import (
    AccountmapError,
    DataError,
    EncodingError,
    MissingParameterError,
    NotFoundError,
    OutputError,
    ScopeTooLargeError,
    StoreError,
    UsageError,
    one_line,
)
from ..perf import freeze_allowed
from ..render import Output, reset_output, set_output
from ..store.scope import one_driver_per_server
from . import analyses, data, export, history, importers, log, plan, store
from . import map as map_commands

#: Exit code per library error (the first matching class wins): 2 for bad input or usage.
EXIT_CODES: tuple[tuple[type[AccountmapError], int], ...] = (
    (DataError, 2), (UsageError, 2), (NotFoundError, 2), (ScopeTooLargeError, 2),
    (OutputError, 1), (StoreError, 1), (AccountmapError, 1),
)


def exit_code_of(error: AccountmapError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def message_of(error: AccountmapError) -> str:
    """The one-line message for an error, with the command-line hints the library leaves out."""
    if isinstance(error, ScopeTooLargeError):
        ways = ["--focus ID --depth 2", "--kinds group,company,department",
                "or raise --max-nodes"]
        if error.group is None:
            largest = ", ".join(f"{g} ({n})" for g, n in error.largest)
            ways.insert(0, f"--group ID (largest groups: {largest})")
        return (f"the map would have {error.count} nodes, more than --max-nodes {error.limit}, "
                f"which would freeze a browser. Narrow it: {', '.join(ways)}.")
    if isinstance(error, MissingParameterError):
        return f"query {error.query} needs --param {error.parameter}=... ({error.kind})"
    return str(error)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        token = set_output(_terminal_output())
        try:
            with freeze_allowed(), one_driver_per_server():
                return super().invoke(ctx)
        except DataError as exc:
            hint = (" (give the file's encoding with --encoding, e.g. --encoding cp932 for "
                    "Excel on Japanese Windows)" if isinstance(exc, EncodingError) else "")
            for problem in exc.problems:
                click.echo(str(problem) + hint, err=True)
            click.echo(f"{len(exc.problems)} problem(s); nothing was written.", err=True)
            ctx.exit(exit_code_of(exc))
        except AccountmapError as exc:
            click.echo(f"error: {one_line(message_of(exc))}", err=True)
            ctx.exit(exit_code_of(exc))
        except BrokenPipeError:
            # The reader went away (``accountmap ... | head``): a normal end, exit 0. Python
            # flushes stdout again at exit; point it at devnull so that flush cannot fail.
            _silence_stdout()
            ctx.exit(0)
        finally:
            reset_output(token)


def _terminal_output() -> Output:
    """Tables fit the terminal (with colour and box lines) when stdout is one; otherwise
    they are plain text, 80 columns wide."""
    if sys.stdout.isatty():
        return Output(width=max(shutil.get_terminal_size((80, 24)).columns, 40), styled=True)
    return Output()


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so the interpreter's last flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


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


for _module in (data, analyses, history, plan, map_commands, store, importers, log, export):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Console entry point. A closed pipe (``accountmap ... | head``) ends quietly, exit 0;
    any other failure to write standard output (a full disk, ``/dev/full``, stdout closed
    with ``>&-``) is one line on stderr and exit 1, as is running out of memory: never a
    traceback."""
    if sys.stdout is None:  # started with standard output closed
        sys.stdout = _ClosedStream()
    try:
        try:
            cli.main(prog_name="accountmap")
        finally:
            sys.stdout.flush()  # here, not at exit, so a failure is ours to report
    except BrokenPipeError:  # raised outside a command (e.g. while printing --help)
        _silence_stdout()
        sys.exit(0)
    except OSError as exc:  # a file names itself; a failed write to stdout names none
        where = f"cannot use {exc.filename}" if exc.filename else \
            "cannot write to standard output"
        _fail(f"{where}: {exc.strerror or exc}")
    except MemoryError:
        _fail("out of memory: the book is too large for this machine (narrow it with "
              "--group, or give the process more memory)")
    except RecursionError:
        _fail("the data nests too deeply to process (a chain of thousands of levels)")
    except Exception as exc:  # a bug of ours: one line, never a traceback (please report it)
        _fail(f"unexpected {type(exc).__name__}: {one_line(str(exc))} (this is a bug in "
              "accountmap; please report it with the command that caused it)")


def _fail(message: str) -> None:
    _silence_stdout()
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except (OSError, AttributeError, ValueError):
        pass
    os._exit(1)


class _ClosedStream:
    """Standard output when the process started without one: every write fails (EBADF), so
    a command that prints reports it instead of succeeding silently."""

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")
