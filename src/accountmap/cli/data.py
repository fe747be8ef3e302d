"""Commands about data files: validate, summary, schema, generate, snapshot."""

from __future__ import annotations

import click

from ..errors import DataError, Problem, one_line
from ..render import Format, render
from .context import Source
from .options import (
    data_command,
    emit,
    format_option,
    progress_bar,
    source_options,
    wrapped,
)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@format_option
def validate(files: tuple[str, ...], fmt: Format) -> None:
    """Check data files; print counts per kind, or every problem (one per line, exit 2).

    Problems read FILE:LINE: path.to.field: message (JSON files give the record path).

    \b
    Example:
      accountmap validate examples/*.yaml
    """
    from ..validate import load_dataset

    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    for path in files:
        try:
            ds = load_dataset(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        rows.append({"file": path, "status": "ok", **ds.counts()})
    if fmt == "table":
        for row in rows:
            counts = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("file", "status"))
            click.echo(wrapped(f"ok {row['file']}: {counts}", indent="  "))
    elif rows:
        emit(render(rows, fmt))
    if problems:  # the good files are reported above; the problems go to stderr, exit 2
        raise DataError(problems)


@click.command()
@data_command
@click.option("--group", "groups", multiple=True, metavar="ID",
              help="Only this group (repeat for several); reads only their part of the book.")
def summary(source: Source, fmt: Format, groups: tuple[str, ...]) -> None:
    """Per group: companies, departments, active stakeholders, owners involved, active MRR,
    open pipeline.

    \b
    Example:
      accountmap summary examples/nakamura-group.yaml --format json
      accountmap summary examples/nakamura-group.yaml --group g-nakamura
    """
    from ..analysis.summary import summarize
    from ..errors import NotFoundError, not_found_message

    rows = summarize(source.graph(groups, last_use=True))
    known = {r.id for r in rows}
    for group in groups:
        if group not in known:
            raise NotFoundError(not_found_message("group", group, sorted(known)))
    emit(render([r for r in rows if not groups or r.id in groups], fmt))


@click.command()
def schema() -> None:
    """Print the JSON Schema of the data format (for editors' validation and completion).

    \b
    Example:
      accountmap schema > accountmap.schema.json
    """
    from ..model import json_schema
    from ..render import to_json

    emit(to_json(json_schema()))


@click.command()
@click.option("--groups", type=click.IntRange(1, 100_000), default=10, show_default=True,
              help="Number of corporate groups.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option("--companies-per-group", type=click.IntRange(1, 200), default=7,
              show_default=True, help="Average companies per group.")
@click.option("--stakeholders-per-company", type=click.IntRange(1, 1000), default=14,
              show_default=True, help="Average stakeholders per company.")
@click.option("--touchpoints-per-stakeholder", type=click.IntRange(0, 1000), default=10,
              show_default=True, help="Touchpoints per stakeholder over the year.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write (.json, or .yaml/.yml).")
def generate(groups: int, seed: int, companies_per_group: int, stakeholders_per_company: int,
             touchpoints_per_stakeholder: int, output: str) -> None:
    """Write a deterministic synthetic book of business (for benchmarks and scale tests).

    The defaults give about 100 stakeholders and 1,000 touchpoints per group:
    --groups 1000 makes about 100k stakeholders and 1M touchpoints.

    \b
    Example:
      accountmap generate --groups 100 --seed 7 -o /tmp/book.json
    """
    from ..generate import generate_book
    from ..io import dumps, write_atomic

    with progress_bar() as bar:
        book = generate_book(groups, seed=seed, companies_per_group=companies_per_group,
                             stakeholders_per_company=stakeholders_per_company,
                             touchpoints_per_stakeholder=touchpoints_per_stakeholder,
                             progress=(lambda done, total: bar("groups", done, total))
                             if bar else None)
    fmt = "yaml" if output.endswith((".yaml", ".yml")) else "json"
    write_atomic(output, dumps(book, fmt))
    counts = ", ".join(f"{k} {len(v)}" for k, v in book.items() if isinstance(v, list))
    click.echo(one_line(f"wrote {output}: {counts}"), err=True)


@click.command()
@source_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write (.json, or .yaml/.yml).")
def snapshot(source: Source, output: str) -> None:
    """Write the book as it stood on --as-of D, as a valid book with as_of D: what had not
    started by D is left out with everything that refers to it; what had ended stays with its
    end date; what was not known yet on D (end dates after D with their moved_to, successor
    and merged_into, touchpoints after D, last_contact after D) is left out. Every command on
    the snapshot answers what it answers on the book with --as-of D; archive it with the
    review.

    
    Example:
      accountmap snapshot examples/nakamura-group.yaml --as-of 2026-03-31 -o review-q4.yaml
    """
    from ..errors import UsageError
    from ..io import dumps, refuse_inputs_as_output, write_atomic
    from ..snapshot import snapshot_data
    from ..validate import check_data

    if source.as_of is None:
        raise UsageError("give --as-of DATE: the day the snapshot shows")
    refuse_inputs_as_output(output, source.location)
    data = snapshot_data(source.dataset(), source.as_of)
    check_data(data, output)  # the snapshot is a valid book, or nothing is written
    fmt = "yaml" if output.endswith((".yaml", ".yml")) else "json"
    write_atomic(output, dumps(data, fmt))
    counts = ", ".join(f"{k} {len(v)}" for k, v in data.items() if isinstance(v, list))
    click.echo(one_line(f"wrote {output}: the book as of {source.as_of} ({counts})"), err=True)


COMMANDS = [validate, summary, schema, generate, snapshot]
