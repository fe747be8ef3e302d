"""``accountmap log``: keep a book current from the command line, one safe edit at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..errors import one_line
from ..render import Format, render
from .options import date_option, emit, format_option

if TYPE_CHECKING:
    from ..edit.book import BookFile
    from ..edit.text import Edit


def _split(values: tuple[str, ...]) -> list[str]:
    """``--with a,b --with c`` -> [a, b, c] (a name may hold spaces)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _dry_run(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--dry-run", is_flag=True,
                        help="Print the unified diff of the file instead of writing it.")(fn)


def _book_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("book", type=click.Path(dir_okay=False))(fn)


def write_edits(opened: BookFile, edits: list[Edit], dry_run: bool) -> None:
    """Validate the book the edits make, then write it, or with ``dry_run`` print the diff
    of the file instead: nothing is written on any problem (the one write step of ``log``
    and of the importers that edit a book in place)."""
    if not edits:
        return
    text, _ = opened.edited(edits)
    if dry_run:
        emit(opened.diff(text))
    else:
        opened.write(text)


def run(book: str, make: Callable[[Any], Any], dry_run: bool, fmt: Format) -> None:
    """Open the book, make the plan of edits, then write it (``write_edits``)."""
    from ..edit.book import BookFile

    opened = BookFile.open(book)
    plan = make(opened)
    write_edits(opened, plan.edits, dry_run)
    if dry_run:
        return
    rows = [c.row() for c in plan.changes]
    click.echo(one_line(f"wrote {book}: " + "; ".join(f"{c.action} {c.section} {c.id}"
                                                      for c in plan.changes)), err=True)
    if fmt == "json":
        from ..render import to_json

        emit(to_json({"book": book, "changes": rows}))
    else:
        emit(render([{**r, "fields": ", ".join(f"{k}={v}" for k, v in r["fields"].items())}
                     for r in rows], fmt))


@click.group(name="log")
def log_group() -> None:
    """Record what happened without editing the book by hand: a meeting, a move (異動), a
    leaver, a new person, a cancellation notice. Each command checks the whole edited book
    before writing; on any problem it prints one line per problem, exits 2 and writes
    nothing. A YAML book keeps every other line as it was written (comments, order, quoting,
    flow records); a JSON book keeps its indentation. People may be given by id, by full name
    or by family name (佐伯), resolved within the customer group.

    \b
    Example:
      accountmap log meeting book.yaml --date 2026-12-03 --with 佐伯,星 --by o-am --topic 更新
      accountmap log move book.yaml s-saeki --to-company c-chem --title 部長 --on 2026-12-01
      accountmap log left book.yaml 佐伯 --on 2026-11-30
      accountmap log person book.yaml --name "星 四郎" --company c-a --roles champion
      accountmap log notice book.yaml --account c-a --product p-qc --on 2026-12-01
    """


@log_group.command()
@_book_argument
@date_option("--date", "day", "The day of the meeting (default: today).")
@click.option("--with", "with_", multiple=True, required=True, metavar="PEOPLE",
              help="The customer's people met: ids or names, comma-separated or repeated.")
@click.option("--by", multiple=True, required=True, metavar="OWNERS",
              help="Our people there: ids or names, comma-separated or repeated.")
@click.option("--kind", "tp_kind", default="meeting", show_default=True,
              help="meeting, call, email, event, webinar or other.")
@click.option("--topic", default=None, help="What it was about.")
@click.option("--group", default=None, metavar="ID",
              help="The customer group the names are looked up in (default: the group of "
                   "the people given by id, else the whole book).")
@_dry_run
@format_option
def meeting(book: str, day: dt.date | None, with_: tuple[str, ...], by: tuple[str, ...],
            tp_kind: str, topic: str | None, group: str | None, dry_run: bool,
            fmt: Format) -> None:
    """Log a touchpoint: who of ours met whom of theirs, on which day. Its id is made from
    the day and the first person met (tp-2026-12-03-s-saeki).

    \b
    Example:
      accountmap log meeting book.yaml --date 2026-12-03 --with 佐伯,星 --by o-am --topic 更新
    """
    from ..edit import log

    run(book, lambda b: log.meeting(b.dataset, b.path, day=day or dt.date.today(),
                                    with_=_split(with_), by=_split(by), kind=tp_kind,
                                    topic=topic, group=group), dry_run, fmt)


@log_group.command()
@_book_argument
@click.argument("person")
@click.option("--to-company", required=True, metavar="COMPANY", help="The new company.")
@click.option("--to-department", default=None, metavar="DEPARTMENT",
              help="The new department (of that company).")
@click.option("--title", default=None, help="The new title.")
@date_option("--on", "day", "The first day in the new post.", required=True)
@_dry_run
@format_option
def move(book: str, person: str, to_company: str, to_department: str | None,
         title: str | None, day: dt.date, dry_run: bool, fmt: Format) -> None:
    """Log a 異動: PERSON's record ends on the day (left_on, moved_to) and a new record of
    the same name starts there (joined_on), with the same roles and seniority. Our people's
    relationships carry over to the new record with their last contact.

    \b
    Example:
      accountmap log move book.yaml 佐伯 --to-company c-chem --title 部長 --on 2026-12-01
    """
    from ..edit import log

    run(book, lambda b: log.move(b.dataset, b.path, person=person, company=to_company,
                                 department=to_department, title=title, day=day),
        dry_run, fmt)


@log_group.command()
@_book_argument
@click.argument("person")
@date_option("--on", "day", "The day the person left.", required=True)
@_dry_run
@format_option
def left(book: str, person: str, day: dt.date, dry_run: bool, fmt: Format) -> None:
    """Log that PERSON left the customer (left_on).

    \b
    Example:
      accountmap log left book.yaml 佐伯 --on 2026-11-30
    """
    from ..edit import log

    run(book, lambda b: log.left(b.dataset, b.path, person=person, day=day), dry_run, fmt)


@log_group.command()
@_book_argument
@click.option("--name", required=True, help="The person's name (佐伯 健).")
@click.option("--company", required=True, metavar="COMPANY", help="Their company (id or name).")
@click.option("--department", default=None, metavar="DEPARTMENT", help="Their department.")
@click.option("--title", default=None, help="Their title.")
@click.option("--reports-to", default=None, metavar="PERSON", help="Their manager.")
@click.option("--roles", multiple=True, metavar="ROLES",
              help="Buying roles: champion, economic_buyer, decision_maker, "
                   "technical_evaluator, user, ... (comma-separated or repeated).")
@click.option("--email", default=None, help="Their email (what calendar imports match).")
@_dry_run
@format_option
def person(book: str, name: str, company: str, department: str | None, title: str | None,
           reports_to: str | None, roles: tuple[str, ...], email: str | None, dry_run: bool,
           fmt: Format) -> None:
    """Add a stakeholder; the id is made from the name (s-佐伯-健), unique in the book.

    \b
    Example:
      accountmap log person book.yaml --name "佐伯 健" --company c-a --email saeki@a.example
    """
    from ..edit import log

    run(book, lambda b: log.person(b.dataset, b.path, name=name, company=company,
                                   department=department, title=title,
                                   reports_to=reports_to, roles=_split(roles), email=email,
                                   day=dt.date.today()), dry_run, fmt)


@log_group.command()
@_book_argument
@click.option("--account", required=True, metavar="ACCOUNT",
              help="The subscribing company or department.")
@click.option("--product", required=True, metavar="PRODUCT", help="The product.")
@date_option("--on", "day", "The day the notice was received.", required=True)
@_dry_run
@format_option
def notice(book: str, account: str, product: str, day: dt.date, dry_run: bool,
           fmt: Format) -> None:
    """Log a cancellation notice received (notice_received) on the account's subscription
    of the product in force on the day.

    \b
    Example:
      accountmap log notice book.yaml --account c-a --product p-qc --on 2026-12-01
    """
    from ..edit import log

    run(book, lambda b: log.notice(b.dataset, b.path, account=account, product=product,
                                   day=day), dry_run, fmt)


COMMANDS: list[click.Command] = [log_group]
