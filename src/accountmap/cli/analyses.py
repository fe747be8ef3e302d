"""The analysis commands: coverage, threads, contacts, whitespace, stale, path."""

from __future__ import annotations

from typing import Any, Literal

import click

from ..render import Format, render, render_contacts, render_paths, render_whitespace
from .context import Engine, Source
from .options import data_command, emit, engine_option


@click.command()
@data_command
@engine_option
@click.option("--group", default=None, help="Only this group's entities.")
@click.option("--kind", type=click.Choice(["company", "department"]), default=None,
              help="Only companies or only departments.")
def coverage(source: Source, fmt: Format, engine: Engine, group: str | None,
             kind: Literal["company", "department"] | None) -> None:
    """Uncovered entities: companies and departments that are dark (no active stakeholder
    belonging to them has a relationship with any of our owners) or unassigned (no assignment
    on them, above them in their company, or on their group). Sorted by potential MRR.

    \b
    Example:
      accountmap coverage examples/nakamura-group.yaml --group g-nakamura --kind company
    """
    from ..analysis.coverage import uncovered_entities

    result = source.analyse(engine, "coverage", {"group": group, "kind": kind},
                            lambda G: uncovered_entities(G, group=group, kind=kind))
    emit(render(result, fmt, empty="(no uncovered entities)"))


@click.command()
@data_command
@engine_option
@click.option("--by", type=click.Choice(["account", "person"]), default="account",
              show_default=True,
              help="account: flagged revenue accounts; person: key-person risk (MRR that "
                   "hangs on one stakeholder or one owner).")
@click.option("--min-contacts", type=click.IntRange(1), default=2, show_default=True,
              help="Flag single_threaded below this many covered stakeholders.")
@click.option("--min-owners", type=click.IntRange(1), default=2, show_default=True,
              help="Flag single_owner below this many paired owners.")
def threads(source: Source, fmt: Format, engine: Engine, by: Literal["account", "person"],
            min_contacts: int, min_owners: int) -> None:
    """Single-threaded revenue: revenue accounts known through too few customer contacts
    (single_threaded) or too few of our people (single_owner). With --by person: who carries
    MRR and pipeline alone (key-person risk).

    \b
    Example:
      accountmap threads examples/nakamura-group.yaml
      accountmap threads examples/nakamura-group.yaml --by person --format json
    """
    from ..analysis import threads as th

    result: list[Any]
    if by == "person":
        result = source.analyse(engine, "key_people", {}, th.key_person_risk)
    else:
        result = source.analyse(
            engine, "threads", {"min_contacts": min_contacts, "min_owners": min_owners},
            lambda G: th.single_threaded_accounts(G, min_contacts=min_contacts,
                                                  min_owners=min_owners))
    emit(render(result, fmt, empty="(no single-threaded revenue)"))


@click.command()
@data_command
@engine_option
@click.option("--window-days", type=click.IntRange(1), default=90, show_default=True,
              help="Look at touchpoints in (as_of - N days, as_of].")
@click.option("--max-owners", type=click.IntRange(0), default=3, show_default=True,
              help="Flag a stakeholder met by more owners than this.")
@click.option("--collision-days", type=click.IntRange(0), default=7, show_default=True,
              help="Two separate touchpoints this close, by disjoint owners, collide.")
@click.option("--max-company-owners", type=click.IntRange(0), default=5, show_default=True,
              help="Flag a company whose people were met by more owners than this.")
def contacts(source: Source, fmt: Format, engine: Engine, window_days: int, max_owners: int,
             collision_days: int, max_company_owners: int) -> None:
    """Too many contact points: stakeholders met by too many of our people in the window, or
    by different owners in separate touchpoints days apart (collisions), with the one owner we
    suggest as their single voice; and companies met by too many owners.

    \b
    Example:
      accountmap contacts examples/nakamura-group.yaml --window-days 60
    """
    from ..analysis.contacts import contact_load

    result = source.analyse(
        engine, "contacts", {"window_days": window_days, "max_owners": max_owners,
                             "collision_days": collision_days,
                             "max_company_owners": max_company_owners},
        lambda G: contact_load(G, window_days=window_days, max_owners=max_owners,
                               collision_days=collision_days,
                               max_company_owners=max_company_owners))
    emit(render_contacts(result, fmt, source.names() if fmt == "table" else None))


@click.command()
@data_command
@engine_option
@click.option("--level", type=click.Choice(["company", "department"]), default="company",
              show_default=True, help="Rows are the group's companies or its departments.")
@click.option("--group", default=None, help="Only this group.")
def whitespace(source: Source, fmt: Format, engine: Engine,
               level: Literal["company", "department"], group: str | None) -> None:
    """White space per group: a matrix of entities x products (active > pipeline > churned >
    white), each entity's current and potential MRR, and the value left to win.

    \b
    Example:
      accountmap whitespace examples/nakamura-group.yaml --group g-nakamura
    """
    from ..analysis.whitespace import white_space

    result = source.analyse(engine, "whitespace", {"level": level, "group": group},
                            lambda G: white_space(G, level=level, group=group))
    emit(render_whitespace(result, fmt))


@click.command()
@data_command
@click.option("--stale-days", type=click.IntRange(0), default=180, show_default=True,
              help="Stale when the last contact is more than this many days before as_of.")
def stale(source: Source, fmt: Format, stale_days: int) -> None:
    """Fading relationships: owner-stakeholder pairs (active stakeholders) whose last contact
    is older than the stakeholder's cadence_days, else --stale-days, or unknown (listed
    first).

    \b
    Example:
      accountmap stale examples/nakamura-group.yaml --stale-days 120
    """
    from ..analysis.stale import stale_relationships

    emit(render(stale_relationships(source.graph(), stale_days=stale_days), fmt,
                empty="(no stale relationships)"))


@click.command()
@data_command
@click.option("--to", "target", required=True,
              help="A stakeholder, or a company/department (any of its active people).")
@click.option("--k", type=click.IntRange(1, 100), default=3, show_default=True,
              help="How many paths.")
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
