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
import importlib
import os
import shutil
import sys
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from ..render import Output

#: Every command: name -> (its module in accountmap.cli, the attribute, the start of its help:
#: its first sentence, or its first 140 characters). ``accountmap --help`` lists them from
#: here, and a command's module is imported only when that command runs or shows its own
#: help, so the command line starts without networkx, pydantic, rich or neo4j (a test keeps
#: this table equal to the commands).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("data", "validate",
                'Check data files; print counts per kind, or every problem (one per line, '
                'exit 2).'),
    "summary": ("data", "summary",
                'Per group: companies, departments, active stakeholders, owners involved, '
                'active MRR, open pipeline.'),
    "schema": ("data", "schema",
                "Print the JSON Schema of the data format (for editors' validation and "
                'completion).'),
    "generate": ("data", "generate",
                'Write a deterministic synthetic book of business (for benchmarks and scale '
                'tests).'),
    "snapshot": ("data", "snapshot",
                'Write the book as it stood on --as-of D, as a valid book with as_of D: what '
                'had not started by D is left out with everything that refers to it;'),
    "coverage": ("analyses", "coverage",
                'Uncovered entities: companies and departments that are dark (no active '
                'stakeholder belonging to them has a relationship with any of our owners)'),
    "threads": ("analyses", "threads",
                'Single-threaded revenue: revenue accounts known through too few customer '
                'contacts (single_threaded) or too few of our people (single_owner).'),
    "contacts": ("analyses", "contacts",
                'Too many contact points: stakeholders met by too many of our people in the '
                'window, or by different owners in separate touchpoints days apart '
                '(collisions),'),
    "whitespace": ("analyses", "whitespace",
                'White space per group: a matrix of entities x products (active > pipeline > '
                "churned > white), each entity's current and potential MRR, and the"),
    "stale": ("analyses", "stale",
                'Fading relationships: owner-stakeholder pairs (active stakeholders) whose '
                "last contact is older than the stakeholder's cadence_days, else --stale-"
                'days,'),
    "path": ("analyses", "path",
                'Warm introduction paths: the cheapest chains from one of our owners through '
                'people who know or report to each other, to a stakeholder or to anyone'),
    "revenue": ("history", "revenue",
                'Revenue movements of a period, per group and per company (or product, or '
                'line): start MRR, new entities, cross-sell, expansion, contraction, product'),
    "renewals": ("history", "renewals",
                'The renewal calendar: active subscriptions whose notice date or renewal date'
                ' falls within --within days (or in --period), by date, with the days'),
    "diff": ("history", "diff",
                'What changed since the last review: between two data files (OLD NEW, each as'
                ' of its own date), or in one SOURCE between --from and --to.'),
    "plan": ("plan", "plan",
                'The account plan of one group for the review: the group at a glance '
                '(entities, MRR by company and product line, target and gap, revenue '
                'movements,'),
    "map": ("map", "map_command",
                'Write an interactive HTML relationship map for the account review: each '
                'group as a wide org chart (companies side by side, their departments and'),
    "load": ("store", "load",
                "Load a data file's groups into a Neo4j dataset (idempotent: loading twice "
                'changes nothing).'),
    "query": ("store", "query",
                'Run a named Cypher query from queries/ against Neo4j and print its rows.'),
    "datasets": ("store", "datasets",
                'List the datasets of a Neo4j database: their groups (with the file, digest,'
                " author and time of each group's last load), the last load, its author, and"),
    "import": ("importers", "import_group",
                "Bring customers' org charts and CRM exports in as a book of business."),
    "merge": ("importers", "merge",
                'Merge books of business (e.g. an org-chart import and a CRM import of the '
                'same customer) into one.'),
    "log": ("log", "log_group",
                'Record what happened without editing the book by hand: a meeting, a move '
                '(異動), a leaver, a new person, a cancellation notice.'),
    "export": ("export", "export_group",
                'Write a book in the form another tool loads.'),
}

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


class _Commands(MutableMapping[str, click.Command]):
    """The top command's subcommands by name (click's ``Group.commands``), each imported
    from its module (``COMMANDS``) on first access."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            module, attribute, _ = COMMANDS[name]
            command = getattr(importlib.import_module(f"accountmap.cli.{module}"), attribute)
            assert isinstance(command, click.Command)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of accountmap are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class _Group(click.Group):
    """The top command: its subcommands imported on demand (``_Commands``), and the one
    boundary where library errors become messages and exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, from ``COMMANDS`` (no command module imported)."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from ..perf import freeze_allowed
        from ..render import reset_output, set_output
        from ..store.scope import one_driver_per_server

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
    from ..render import Output

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


def main() -> None:
    """Console entry point. A closed pipe (``accountmap ... | head``) ends quietly, exit 0;
    any other failure to write standard output (a full disk, ``/dev/full``, stdout closed
    with ``>&-``) is one line on stderr and exit 1, as is running out of memory: never a
    traceback."""
    if sys.stdout is None:  # started with standard output closed
        sys.stdout = _ClosedStream()
    # Third-party pydantic plugins (observability hooks found through package metadata) are
    # not for our own records: not looking for them saves a scan of every installed package
    # on each start (about 20 ms of the example's 330). Set the variable to have them loaded.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from ..perf import the_process_ends_with_the_command

    the_process_ends_with_the_command()
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
