"""The analysis commands: coverage, threads, contacts, whitespace, stale, path. Their options
come from the analyses' declarations (``analysis.declare``)."""

from __future__ import annotations

from typing import Any, Literal

import click

from ..analysis.contacts import CONTACTS
from ..analysis.coverage import COVERAGE
from ..analysis.paths import K
from ..analysis.stale import STALE
from ..analysis.threads import KEY_PEOPLE, THREADS
from ..analysis.whitespace import WHITESPACE
from ..render import Format, render, render_contacts, render_paths, render_whitespace
from .context import Engine, Source
from .options import analysis_options, data_command, emit, engine_option, param_option


@click.command()
@data_command
@engine_option
@analysis_options(COVERAGE)
def coverage(source: Source, fmt: Format, engine: Engine, **values: Any) -> None:
    """Uncovered entities: companies and departments that are dark (no active stakeholder
    belonging to them has a relationship with any of our owners) or unassigned (no assignment
    on them, above them in their company, or on their group). Sorted by potential MRR.

    \b
    Example:
      accountmap coverage examples/nakamura-group.yaml --group g-nakamura --kind company
    """
    result = source.analyse(engine, COVERAGE, values)
    emit(render(result, fmt, empty="(no uncovered entities)"))


@click.command()
@data_command
@engine_option
@click.option("--by", type=click.Choice(["account", "person"]), default="account",
              show_default=True,
              help="account: flagged revenue accounts; person: key-person risk (MRR that "
                   "hangs on one stakeholder or one owner).")
@analysis_options(THREADS)
def threads(source: Source, fmt: Format, engine: Engine, by: Literal["account", "person"],
            **values: Any) -> None:
    """Single-threaded revenue: revenue accounts known through too few customer contacts
    (single_threaded) or too few of our people (single_owner). With --by person: who carries
    MRR and pipeline alone (key-person risk).

    \b
    Example:
      accountmap threads examples/nakamura-group.yaml
      accountmap threads examples/nakamura-group.yaml --by person --format json
    """
    result: list[Any]
    if by == "person":
        result = source.analyse(engine, KEY_PEOPLE, {})
    else:
        result = source.analyse(engine, THREADS, values)
    emit(render(result, fmt, empty="(no single-threaded revenue)"))


@click.command()
@data_command
@engine_option
@analysis_options(CONTACTS)
def contacts(source: Source, fmt: Format, engine: Engine, **values: Any) -> None:
    """Too many contact points: stakeholders met by too many of our people in the window, or
    by different owners in separate touchpoints days apart (collisions), with the one owner we
    suggest as their single voice; and companies met by too many owners.

    \b
    Example:
      accountmap contacts examples/nakamura-group.yaml --window-days 60
    """
    result = source.analyse(engine, CONTACTS, values)
    emit(render_contacts(result, fmt, source.names() if fmt != "json" else None))


@click.command()
@data_command
@engine_option
@analysis_options(WHITESPACE)
def whitespace(source: Source, fmt: Format, engine: Engine, **values: Any) -> None:
    """White space per group: a matrix of entities x products (active > pipeline > churned >
    white), each entity's current and potential MRR, and the value left to win.

    \b
    Example:
      accountmap whitespace examples/nakamura-group.yaml --group g-nakamura
    """
    result = source.analyse(engine, WHITESPACE, values)
    emit(render_whitespace(result, fmt))


@click.command()
@data_command
@analysis_options(STALE)
def stale(source: Source, fmt: Format, **values: Any) -> None:
    """Fading relationships: owner-stakeholder pairs (active stakeholders) whose last contact
    is older than the stakeholder's cadence_days, else --stale-days, or unknown (listed
    first).

    \b
    Example:
      accountmap stale examples/nakamura-group.yaml --stale-days 120
    """
    emit(render(STALE.run(source.graph(), **values), fmt, empty="(no stale relationships)"))


@click.command()
@data_command
@click.option("--to", "target", required=True,
              help="A stakeholder, or a company/department (any of its active people).")
@param_option(K)
@click.option("--from", "from_owners", multiple=True,
              help="Start only from this owner (repeatable).")
def path(source: Source, fmt: Format, target: str, k: int,
         from_owners: tuple[str, ...]) -> None:
    """Warm introduction paths: the cheapest chains from one of our owners through people who
    know or report to each other, to a stakeholder or to anyone in a company or department.
    Cost: 6 - strength for our relationships, 2 per stakeholder link.

    \b
    Example:
      accountmap path examples/nakamura-group.yaml --to c-nk-chem --k 3
    """
    from ..analysis.paths import warm_paths
    from ..facts import facts

    G = source.graph()
    result = warm_paths(G, target, k=k, owners=list(from_owners) or None)
    if not result:
        click.echo(f"no warm path to '{target}'", err=True)
    emit(render_paths(result, fmt, facts(G).name))


COMMANDS = [coverage, threads, contacts, whitespace, stale, path]
