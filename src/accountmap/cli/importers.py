"""Commands that bring outside data in: import orgchart, import salesforce, merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError, one_line
from ..render import Format, render
from .options import date_option, emit, format_option, progress_bar


def _write_book(book: dict[str, Any], output: str, source: str, *,
                validated: bool = False) -> None:
    """Check the book as ``validate`` would (unless the importer just did: ``validated``),
    then write it (YAML or JSON by suffix)."""
    from ..io import dumps, write_atomic
    from ..validate import check_data

    if not validated:  # a book written must validate
        check_data(book, source)
    fmt = "yaml" if output.endswith((".yaml", ".yml")) else "json"
    write_atomic(output, dumps(book, fmt))


def _encoding_option(fn: Any) -> Any:
    return click.option(
        "--encoding", default="utf-8", show_default=True, metavar="NAME",
        help="The files' text encoding: utf-8 (with or without a byte-order mark), or cp932 "
             "for files saved by Excel on Japanese Windows (Shift_JIS / Windows-31J, with 髙 "
             "and ①), or any other Python codec name.")(fn)


def _mapping(path: str | None) -> dict[str, Any]:
    if path is None:
        return {}
    from ..io import read_document

    data = read_document(path).data
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a mapping file holds a mapping (key: value), not "
                         f"{type(data).__name__}")
    return data


@click.group(name="import")
def import_group() -> None:
    """Bring customers' org charts and CRM exports in as a book of business.

    \b
    Example:
      accountmap import orgchart chart.csv --id Id --manager Manager --name Name -o book.yaml
      accountmap import salesforce export/ -o book.yaml
    """


@import_group.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--id", "id_col", metavar="COL", help="Column of the post's id.")
@click.option("--manager", metavar="COL", help="Column of the id of the post it reports to.")
@click.option("--name", metavar="COL", help="Column of the holder's name.")
@click.option("--title", metavar="COL", help="Column of the job title.")
@click.option("--unit", metavar="COL", help="Column of the unit (becomes a department).")
@click.option("--organisation", metavar="COL",
              help="Column of the organisation (becomes a company); without it, the file is "
                   "one company named after the group.")
@click.option("--group-name", metavar="NAME", help="Name of the customer group.")
@_encoding_option
@click.option("--top", "top", multiple=True, metavar="VALUE",
              help="A manager value that means 'top of the chart' (besides XX, 0 and empty).")
@click.option("--mapping", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A YAML file giving any of the options above by name (id, manager, name, "
                   "title, unit, organisation, group_name, top); options win.")
@date_option("--as-of", "as_of", "The book's as_of (default: today).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The book to write (.yaml or .json).")
@format_option
def orgchart(files: tuple[str, ...], id_col: str | None, manager: str | None,
             name: str | None, title: str | None, unit: str | None, organisation: str | None,
             group_name: str | None, encoding: str, top: tuple[str, ...],
             mapping: str | None, as_of: dt.date | None, output: str, fmt: Format) -> None:
    """Import an HR org chart (CSV, one row per post) as one customer group: organisations
    become companies, units departments, posts with a holder stakeholders with their
    reporting lines. Vacant posts are left out but the lines through them are kept; the same
    post keeps the same id in every snapshot, so `accountmap diff` shows who joined, left or
    changed manager. Prints what was imported and what was skipped, and why.

    \b
    Example:
      accountmap import orgchart bis-2011-09-30.csv --id "Post Unique Reference" \\
        --manager "Reports to Senior Post" --name Name --title "Job Title" --unit Unit \\
        --organisation Organisation --group-name "BIS group" -o bis.yaml
    """
    from ..importers.orgchart import Columns, import_orgchart
    from ..io import refuse_inputs_as_output

    refuse_inputs_as_output(output, *files, mapping)
    given = _mapping(mapping)
    chosen = {"id": id_col, "manager": manager, "name": name, "title": title, "unit": unit,
              "organisation": organisation, "group_name": group_name}
    values = {k: v if v is not None else given.get(k) for k, v in chosen.items()}
    missing = [f"--{k.replace('_', '-')}" for k in ("id", "manager", "name", "group_name")
               if not values[k]]
    if missing:
        raise UsageError(f"give {', '.join(missing)} (or a --mapping file that names them)")
    tops = tuple(top) or tuple(str(t) for t in given.get("top") or ())
    columns = Columns(id=str(values["id"]), manager=str(values["manager"]),
                      name=str(values["name"]), title=values["title"], unit=values["unit"],
                      organisation=values["organisation"], top=tops)
    with progress_bar(lines=True) as bar:
        book, report = import_orgchart([Path(f) for f in files], columns,
                                       group_name=str(values["group_name"]), as_of=as_of,
                                       progress=bar, encoding=encoding)
    _write_book(book, output, output, validated=True)  # (importers.repair)
    _report(report, fmt, output)


@import_group.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--mapping", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A YAML file for orgs with custom fields: files (object -> file name), "
                   "columns (object -> {standard field: your column}) and values "
                   "(team_roles, contact_roles, opportunity_kinds, activity_kinds: "
                   "{your value: accountmap value}).")
@_encoding_option
@click.option("--won-as-subscriptions", is_flag=True,
              help="Without a Subscriptions.csv: each Closed Won opportunity becomes an "
                   "active subscription of MRR = Amount / 12.")
@date_option("--as-of", "as_of", "The book's as_of (default: today).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The book to write (.yaml or .json).")
@format_option
def salesforce(folder: str, mapping: str | None, encoding: str, won_as_subscriptions: bool,
               as_of: dt.date | None, output: str, fmt: Format) -> None:
    """Import a folder of Salesforce export CSVs (Account, Contact, User, AccountTeamMember,
    Opportunity, OpportunityContactRole, OpportunityLineItem, Product2, Event, Task,
    EventRelation; optional Subscriptions.csv): accounts become companies grouped by their
    top-most parent, contacts stakeholders, their Department strings departments, users
    owners, team members assignments, contact roles buying roles. 15- and 18-character ids,
    a BOM, CRLF, empty strings and references to records missing from the export are
    handled; what could not be imported is reported, never fatal.

    
    Example:
      accountmap import salesforce export/ -o book.yaml
      accountmap import salesforce export/ --mapping fields.yaml -o book.json --format json
    """
    from ..importers.salesforce import Mapping, import_salesforce
    from ..io import refuse_inputs_as_output

    refuse_inputs_as_output(output, mapping, *(str(p) for p in Path(folder).glob("*")))
    given = _mapping(mapping)
    unknown = sorted(set(given) - {"files", "columns", "values"})
    if unknown:
        raise UsageError(f"{mapping}: unknown key(s) {', '.join(unknown)} (a mapping has "
                         "files, columns and values)")
    rules = Mapping(files=dict(given.get("files") or {}),
                    columns={k: dict(v) for k, v in (given.get("columns") or {}).items()},
                    values={k: dict(v) for k, v in (given.get("values") or {}).items()})
    with progress_bar(lines=True) as bar:
        book, report = import_salesforce(Path(folder), mapping=rules, as_of=as_of,
                                         won_as_subscriptions=won_as_subscriptions,
                                         progress=bar, encoding=encoding)
    if not book["companies"]:
        raise UsageError(f"{folder}: no Account.csv with accounts (is it a Salesforce "
                         "export folder?)")
    _write_book(book, output, output, validated=True)  # (importers.repair)
    _report(report, fmt, output)


@import_group.command(name="calendar")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--into", "book", required=True, type=click.Path(dir_okay=False, exists=True),
              help="The book the meetings go into (edited in place, like accountmap log).")
@date_option("--from", "start", "First day of meetings taken (default: a year before --to).")
@date_option("--to", "end", "Last day of meetings taken (default: today).")
@click.option("--dry-run", is_flag=True,
              help="Print the unified diff of the book instead of writing it.")
@format_option
def calendar(files: tuple[str, ...], book: str, start: dt.date | None, end: dt.date | None,
             dry_run: bool, fmt: Format) -> None:
    """Import meetings from calendar exports (.ics from Outlook, Google Calendar,
    Thunderbird) as touchpoints. Attendees and organizer are matched by email to our owners
    and to stakeholders; a meeting with one of ours and one of theirs becomes a touchpoint.
    Recurring meetings are expanded inside the window, each day taken in the book's timezone
    (default UTC); all-day, cancelled and declined are left out. Importing the same export
    again changes nothing; a moved meeting is updated. People at customer domains who are not
    in the book are listed with the command that adds them.

    \b
    Example:
      accountmap import calendar outlook.ics --into book.yaml --from 2026-10-01 --to 2026-12-31
    """
    from ..edit.book import BookFile
    from ..importers.calendar import import_calendars, unknown_lines
    from .log import write_edits

    end = end or dt.date.today()
    start = start or end - dt.timedelta(days=365)
    if start > end:
        raise UsageError(f"the window starts ({start}) after it ends ({end})")
    opened = BookFile.open(book)
    edits, report = import_calendars([Path(f) for f in files], opened.dataset, book,
                                     start=start, end=end)
    write_edits(opened, edits, dry_run)
    if dry_run:
        return
    click.echo(one_line(f"{'wrote' if edits else 'left'} {book}: {len(report.added)} added, "
                        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"),
               err=True)
    if fmt == "json":
        from ..render import to_json

        emit(to_json({"book": book, "from": start.isoformat(), "to": end.isoformat(),
                      "added": report.added, "updated": report.updated,
                      "unchanged": len(report.unchanged), "skipped": dict(report.skipped),
                      "unknown_attendees": report.unknown}))
        return
    rows = [{"what": "added", "count": len(report.added)},
            {"what": "updated", "count": len(report.updated)},
            {"what": "unchanged", "count": len(report.unchanged)}]
    rows += [{"what": f"skipped: {reason}", "count": n}
             for reason, n in sorted(report.skipped.items())]
    emit(render(rows, fmt))
    if fmt == "table" and report.unknown:
        names = {c.id: c.name for c in opened.dataset.companies}
        emit("\n" + "\n".join(unknown_lines(report.unknown, names)) + "\n")


@import_group.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--group", required=True, metavar="ID",
              help="The book's group; its top company's lei is the registry root.")
@click.option("--into", "book", required=True, type=click.Path(dir_okay=False, exists=True),
              help="The book compared (and, with --apply, edited in place).")
@click.option("--apply", is_flag=True,
              help="Add the entities the book lacks as companies (lei, parent, country, "
                   "potential_mrr 0); without it nothing is written.")
@click.option("--dry-run", is_flag=True,
              help="With --apply: print the unified diff of the book instead of writing it.")
@format_option
def gleif(files: tuple[str, ...], group: str, book: str, apply: bool, dry_run: bool,
          fmt: Format) -> None:
    """Compare a group with the LEI registry (GLEIF, CC0): Level 1 records and Level 2
    consolidation relationships, as golden-copy CSV or JSON or the API's JSON, zipped or not,
    any size (read as a stream). Reports the registry's entities the book lacks (white-space
    candidates: new legal entities of the group), book companies whose parent differs from
    the registry's, and registrations that are no longer current (lapsed, retired, merged:
    reported, never added). Book companies are matched by lei, else by legal name.

    \b
    Example:
      accountmap import gleif lei-records.json rr.json --group g-kai --into book.yaml
      accountmap import gleif 20261201-gleif-goldencopy-lei2.csv.zip \\
        20261201-gleif-goldencopy-rr.csv.zip --group g-kai --into book.yaml --apply
    """
    from ..edit.book import BookFile
    from ..edit.text import Append
    from ..importers.gleif import compare
    from .log import write_edits

    opened = BookFile.open(book)
    report, records = compare(opened.dataset, group, [Path(f) for f in files],
                              dt.date.today())
    if apply and records:
        write_edits(opened, [Append("companies", r) for r in records], dry_run)
        if dry_run:
            return
        report.added = [r["id"] for r in records]
        click.echo(one_line(f"wrote {book}: added {len(records)} companies"), err=True)
    if fmt == "json":
        from ..render import to_json

        emit(to_json({"group": report.group, "root": report.root, "members": report.members,
                      "missing": report.missing, "parent_differs": report.parent_differs,
                      "not_current": report.not_current, "added": report.added}))
        return
    rows = [{"finding": "not in the book", "lei": m["lei"], "name": m["name"] or "",
             "country": m["country"] or "", "parent": m["parent_company"] or m["parent"] or ""}
            for m in report.missing]
    rows += [{"finding": "parent differs", "lei": d["lei"], "name": d["company"],
              "country": "", "parent": f"{d['book_parent']} -> {d['registry_parent']}"}
             for d in report.parent_differs]
    rows += [{"finding": f"registration {n['registration'] or n['entity_status']}",
              "lei": n["lei"], "name": n["name"] or "", "country": "",
              "parent": n["company"] or ""} for n in report.not_current]
    click.echo(one_line(f"{report.group}: the registry's group of {report.root} has "
                        f"{report.members} entities"), err=True)
    emit(render(rows, fmt))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The merged book to write (.yaml or .json).")
@format_option
def merge(files: tuple[str, ...], output: str, fmt: Format) -> None:
    """Merge books of business (e.g. an org-chart import and a CRM import of the same
    customer) into one. Records with the same id in the same section are one record: fields
    only one file has are kept, roles and knows are united, and where two files disagree the
    later file wins and the conflict is listed. The same id in two sections is an error. The
    merged book is validated before it is written.

    \b
    Example:
      accountmap merge orgchart.yaml crm.yaml -o customer.yaml
    """
    from ..importers.merge import merge_books
    from ..io import refuse_inputs_as_output

    refuse_inputs_as_output(output, *files)
    from ..validate import load_dataset

    if len(files) < 2:
        raise UsageError("give at least two files to merge")
    book, report = merge_books([(f, load_dataset(f)) for f in files])
    _write_book(book, output, " + ".join(files))
    click.echo(one_line(f"wrote {output}"), err=True)
    if fmt == "json":
        from ..render import to_json

        emit(to_json({"sources": report.sources, "output": output, "counts": report.counts,
                      "conflicts": report.conflicts}))
    else:
        emit(render(report.rows(), fmt))


def _report(report: Any, fmt: Format, output: str) -> None:
    fixes = len(report.entries)
    click.echo(one_line(f"wrote {output}: {sum(report.imported.values()):,} records; "
                        f"{fixes:,} skipped or repaired ({len(report.skipped)} reasons)"
                        if fixes else f"wrote {output}"), err=True)
    if fmt == "json":
        from ..render import to_json

        emit(to_json({"source": report.source, "output": output, "imported": report.imported,
                      "skipped": report.skipped, "examples": report.examples,
                      "entries": [{"where": w, "reason": r} for w, r in report.entries]}))
    else:
        emit(render(report.rows(), fmt))


COMMANDS: list[click.Command] = [import_group, merge]
