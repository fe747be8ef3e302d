"""Options every accountmap command shares, as decorators: output format, as-of date, Neo4j
connection, SOURCE; ``data_command`` turns them into one typed ``Source``."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..analysis.declare import Analysis, Param
from ..i18n import LANGS, check_lang
from ..limits import MAX_DATE, MIN_DATE
from ..render import FORMATS, output, set_output
from ..store.uris import DEFAULT_DATABASE, DEFAULT_TIMEOUT, DEFAULT_USER
from .context import ENGINES, Neo4jSettings, Source

if TYPE_CHECKING:
    from rich.progress import TaskID

F = TypeVar("F", bound=Callable[..., Any])


def format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--format table|json|csv, and --excel (CSV for Excel: a UTF-8 byte-order mark and CRLF
    line ends; implies --format csv)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, excel: bool, lang: str, **kw: Any) -> Any:
        if excel:
            kw["fmt"] = "csv"
            set_output(dataclasses.replace(output(), excel=True))
        set_output(dataclasses.replace(output(), lang=check_lang(lang)))
        return fn(*args, **kw)

    wrapper = lang_option(wrapper)
    wrapper = click.option(
        "--excel", is_flag=True,
        help="CSV that Excel opens correctly (Japanese Windows too): UTF-8 with a byte-order "
             "mark and CRLF line ends. Implies --format csv.")(wrapper)
    with_format: Callable[..., Any] = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table for people; json or csv for scripts.")(wrapper)
    return with_format


def lang_option(fn: F) -> F:
    """--lang en|ja (default: $ACCOUNTMAP_LANG, else en)."""
    return click.option(
        "--lang", type=click.Choice(LANGS), default="en", envvar="ACCOUNTMAP_LANG",
        show_default=True, show_envvar=True,
        help="Language of table and CSV headers and of risk, flag and status words (JSON "
             "keeps the codes).")(fn)


#: Prose lines (not tables) when stdout is not a terminal.
PROSE_WIDTH = 120


def wrapped(text: str, indent: str = "") -> str:
    """Prose for the terminal, wrapped between words to the output width in display columns
    (a Japanese character takes two); a word longer than a line stays whole."""
    from rich.cells import cell_len

    style = output()
    # prose to a file or pipe keeps the 120-column lines scripts already read (tables are
    # laid out for 80); on a terminal it wraps to the terminal
    width = style.width if style.styled else max(style.width, PROSE_WIDTH)
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else (indent if lines else "") + word
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = indent + word
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


def _as_date(_ctx: click.Context, _param: click.Parameter,
             value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    if not MIN_DATE <= value.date() <= MAX_DATE:
        raise click.BadParameter(f"must be between {MIN_DATE} and {MAX_DATE}")
    return value.date()


def date_option(flag: str, dest: str, help: str, *, required: bool = False) -> Callable[[F], F]:
    """An option that takes one YYYY-MM-DD date inside the format's calendar."""
    extra: dict[str, Any] = {"required": True} if required else {"default": None}
    return click.option(flag, dest, type=click.DateTime(["%Y-%m-%d"]), callback=_as_date,
                        metavar="YYYY-MM-DD", help=help, **extra)


def as_of_option(fn: F) -> F:
    return date_option("--as-of", "as_of",
                       "See the book as it stood on this date (YYYY-MM-DD) instead of the "
                       "file's as_of: subscriptions, people, opportunities and touchpoints "
                       "as of that day.")(fn)


_NEO4J_OPTIONS = [
    click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None, metavar="URI",
                 help="Neo4j server (bolt://, neo4j://, +s variants) [env NEO4J_URI]."),
    click.option("--user", "neo4j_user", envvar="NEO4J_USERNAME", default=DEFAULT_USER,
                 show_default=True, help="Neo4j user [env NEO4J_USERNAME]."),
    click.option("--password", "neo4j_password", envvar="NEO4J_PASSWORD", default=None,
                 help="Neo4j password [env NEO4J_PASSWORD]; prefer the env variable."),
    click.option("--database", "neo4j_database", envvar="NEO4J_DATABASE",
                 default=DEFAULT_DATABASE, show_default=True,
                 help="Neo4j database [env NEO4J_DATABASE]."),
    click.option("--timeout", "neo4j_timeout", type=click.FloatRange(0.5, 600),
                 envvar="NEO4J_TIMEOUT", default=DEFAULT_TIMEOUT, show_default=True,
                 metavar="SECONDS",
                 help="Give up on a Neo4j server that does not connect and answer within this "
                      "many seconds [env NEO4J_TIMEOUT]."),
    click.option("--dataset", "neo4j_dataset", default=None,
                 help="Dataset name inside Neo4j (default: the file's name without its "
                      "suffix when loading; the only dataset when reading)."),
]
_NEO4J_KEYS = ("neo4j_uri", "neo4j_user", "neo4j_password", "neo4j_database", "neo4j_timeout",
               "neo4j_dataset")


def neo4j_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The Neo4j connection options, passed to the command as one ``neo4j: Neo4jSettings``."""

    @functools.wraps(fn)
    def wrapper(**kw: Any) -> Any:
        uri, user, password, database, timeout, dataset = (kw.pop(k) for k in _NEO4J_KEYS)
        settings = Neo4jSettings(uri=uri, user=user or DEFAULT_USER, password=password,
                                 database=database or DEFAULT_DATABASE, dataset=dataset,
                                 timeout=timeout)
        return fn(neo4j=settings, **kw)

    for option in reversed(_NEO4J_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def source_argument(fn: F) -> F:
    return click.argument("location", required=False, metavar="SOURCE")(fn)


def source_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """SOURCE (file or Neo4j URI), --as-of and the Neo4j options, passed to the command as
    one ``source: Source``."""

    @functools.wraps(fn)
    def wrapper(location: str | None, as_of: dt.date | None, neo4j: Neo4jSettings,
                **kw: Any) -> Any:
        return fn(source=Source(location, neo4j, as_of), **kw)

    return source_argument(as_of_option(neo4j_options(wrapper)))


def data_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """What every analysis shares: SOURCE, --as-of, the Neo4j options and --format."""
    return format_option(source_options(fn))


def param_option(param: Param[Any], flag: str | None = None) -> Callable[[F], F]:
    """The CLI option of a declared analysis parameter (``analysis.declare``): its flag (the
    dashed name unless a command names another; the value still arrives under the declared
    name), type, bounds, default and help, all from the one declaration."""
    kind: click.ParamType[Any]
    if param.choices:
        kind = click.Choice(param.choices)
    elif param.type is int:
        kind = click.IntRange(param.low, param.high)
    else:
        kind = click.STRING
    return click.option(flag or param.flag, param.name, type=kind, default=param.default,
                        show_default=param.default is not None, help=param.help)


def analysis_options(analysis: Analysis[Any]) -> Callable[[F], F]:
    """Every parameter of an analysis as a CLI option, in declaration order."""

    def decorate(fn: F) -> F:
        for param in reversed(analysis.params):
            fn = param_option(param)(fn)
        return fn

    return decorate


def engine_option(fn: F) -> F:
    return click.option(
        "--engine", type=click.Choice(ENGINES), default="networkx",
        show_default=True,
        help="networkx computes in memory; cypher runs the query from queries/ inside Neo4j "
             "(SOURCE must be a Neo4j URI).")(fn)


@contextlib.contextmanager
def progress_bar(enabled: bool = True, *,
                 lines: bool = False) -> Iterator[Callable[[str, int, int], None] | None]:
    """Progress on stderr while long steps run: ``update(step, done, total)`` draws one rich
    bar per step when stderr is a terminal; otherwise (a pipe, a log), with ``lines``, a line
    per step at most once a second, else None (the caller reports in its own way)."""
    if not enabled:
        yield None
        return
    if not sys.stderr.isatty():
        yield _progress_lines() if lines else None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True)) as bar:
        tasks: dict[str, TaskID] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def _progress_lines() -> Callable[[str, int, int], None]:
    """Progress for a log: a line per step at most once a second, and when it completes."""
    import time

    last: dict[str, float] = {}

    def update(step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last.get(step, 0.0) < 1.0:
            return
        if done >= total and step in last and last[step] < 0:
            return
        last[step] = now if done < total else -1.0
        click.echo(f"  {step}: {done:,}/{total:,}", err=True)

    return update


_CHUNK = 1 << 14


def emit(text: str) -> None:
    """Data to stdout, as rendered (render adds the final newline), in chunks, so a reader
    that stops early (``| head``) stops the writing early too."""
    for start in range(0, len(text), _CHUNK):
        click.echo(text[start:start + _CHUNK], nl=False)
