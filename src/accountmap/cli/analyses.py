"""The analysis commands: coverage, threads, contacts, whitespace, stale, path."""

from __future__ import annotations

from typing import Any

import click

from ..render import plain, render
from . import cli
from .options import (
    cypher_rows,
    data_command,
    emit,
    engine_option,
    open_graph,
)


@cli.command()
@data_command
@engine_option
@click.option("--group", default=None, help="Only this group's entities.")
@click.option("--kind", type=click.Choice(["company", "department"]), default=None,
              help="Only companies or only departments.")
def coverage(source: str | None, fmt: str, engine: str, group: str | None, kind: str | None,
             **kw: Any) -> None:
    """Uncovered entities: companies and departments that are dark (no active stakeholder
    belonging to them has a relationship with any of our owners) or unassigned (no assignment
    on them or above them in their company). Sorted by potential MRR.

    \b
    Example:
      accountmap coverage examples/nakamura-group.yaml --group g-nakamura --kind company
    """
    from ..analysis.coverage import uncovered_entities

    if engine == "cypher":
        from ..cypher_analytics import coverage_from_rows

        result = coverage_from_rows(cypher_rows(source, kw, "coverage",
                                                 {"group": group, "kind": kind}))
    else:
        result = uncovered_entities(open_graph(source, kw), group=group, kind=kind)
    emit(render(result, fmt, empty="(no uncovered entities)"))


@cli.command()
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
def threads(source: str | None, fmt: str, engine: str, by: str, min_contacts: int,
            min_owners: int, **kw: Any) -> None:
    """Single-threaded revenue: revenue accounts known through too few customer contacts
    (single_threaded) or too few of our people (single_owner). With --by person: who carries
    MRR and pipeline alone (key-person risk).

    \b
    Example:
      accountmap threads examples/nakamura-group.yaml
      accountmap threads examples/nakamura-group.yaml --by person --format json
    """
    from ..analysis import threads as th

    if engine == "cypher":
        from ..cypher_analytics import key_people_from_rows, threads_from_rows

        if by == "person":
            result: Any = key_people_from_rows(cypher_rows(source, kw, "key_people", {}))
        else:
            result = threads_from_rows(cypher_rows(
                source, kw, "threads", {"min_contacts": min_contacts,
                                        "min_owners": min_owners}))
    elif by == "person":
        result = th.key_person_risk(open_graph(source, kw))
    else:
        result = th.single_threaded_accounts(open_graph(source, kw), min_contacts=min_contacts,
                                             min_owners=min_owners)
    emit(render(result, fmt, empty="(no single-threaded revenue)"))


@cli.command()
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
def contacts(source: str | None, fmt: str, engine: str, window_days: int, max_owners: int,
             collision_days: int, max_company_owners: int, **kw: Any) -> None:
    """Too many contact points: stakeholders met by too many of our people in the window, or
    by different owners in separate touchpoints days apart (collisions), with the one owner we
    suggest as their single voice; and companies met by too many owners.

    \b
    Example:
      accountmap contacts examples/nakamura-group.yaml --window-days 60
    """
    from ..analysis.contacts import contact_load

    options = {"window_days": window_days, "max_owners": max_owners,
               "collision_days": collision_days, "max_company_owners": max_company_owners}
    if engine == "cypher":
        from ..cypher_analytics import contacts_from_rows

        result = contacts_from_rows(cypher_rows(source, kw, "contacts", options))
    else:
        result = contact_load(open_graph(source, kw), **options)
    if fmt == "json":
        emit(render(result, fmt))
        return
    people = [{"scope": "stakeholder", **r} for r in plain(result.stakeholders)]
    companies = [{"scope": "company", **r} for r in plain(result.companies)]
    if fmt == "csv":
        emit(render(people + companies, fmt, columns=[
            "scope", "id", "name", "company", "owners", "owner_count", "touchpoints",
            "collisions", "flags", "suggested_contact"]))
        return
    click.echo("Stakeholders")
    emit(render(people, fmt, columns=["id", "name", "company", "owner_count", "owners",
                                      "touchpoints", "collisions", "flags",
                                      "suggested_contact"], empty="(none flagged)"))
    click.echo("\nCompanies")
    emit(render(companies, fmt, columns=["id", "name", "owner_count", "owners"],
                empty="(none flagged)"))


@cli.command()
@data_command
@engine_option
@click.option("--level", type=click.Choice(["company", "department"]), default="company",
              show_default=True, help="Rows are the group's companies or its departments.")
@click.option("--group", default=None, help="Only this group.")
def whitespace(source: str | None, fmt: str, engine: str, level: str, group: str | None,
               **kw: Any) -> None:
    """White space per group: a matrix of entities x products (active > pipeline > churned >
    white), each entity's current and potential MRR, and the value left to win.

    \b
    Example:
      accountmap whitespace examples/nakamura-group.yaml --group g-nakamura
    """
    from ..analysis.whitespace import white_space

    if engine == "cypher":
        from ..cypher_analytics import whitespace_from_rows

        result = whitespace_from_rows(cypher_rows(source, kw, "whitespace",
                                                   {"level": level, "group": group}))
    else:
        result = white_space(open_graph(source, kw), level=level, group=group)
    if fmt == "json":
        emit(render(result, fmt))
        return
    groups = plain(result)
    if fmt == "csv":
        rows = [{"group": g["id"], **{k: v for k, v in r.items() if k != "cells"},
                 **r["cells"]} for g in groups for r in g["rows"]]
        emit(render(rows, fmt))
        return
    for i, g in enumerate(groups):
        click.echo(f"{'' if i == 0 else chr(10)}{g['name']} ({g['id']}): current MRR "
                   f"{g['current_mrr']:,.0f}, {g['penetrated']}/{g['entities']} penetrated "
                   f"({g['penetration']:.0%}), {g['white_cells']} white cells")
        rows = [{"id": r["id"], "name": r["name"], "current_mrr": r["current_mrr"],
                 "potential_mrr": r["potential_mrr"], "white_space": r["white_space_value"],
                 **{p: _CELL_MARK[st] for p, st in r["cells"].items()}} for r in g["rows"]]
        emit(render(rows, fmt))
    if groups:
        click.echo("\n# active  ~ pipeline  x churned  . white")
    else:
        click.echo("(no groups)")


_CELL_MARK = {"active": "#", "pipeline": "~", "churned": "x", "white": "."}


@cli.command()
@data_command
@click.option("--stale-days", type=click.IntRange(0), default=180, show_default=True,
              help="Stale when the last contact is more than this many days before as_of.")
def stale(source: str | None, fmt: str, stale_days: int, **kw: Any) -> None:
    """Fading relationships: owner-stakeholder pairs (active stakeholders) whose last contact
    is older than --stale-days, or unknown (listed first).

    \b
    Example:
      accountmap stale examples/nakamura-group.yaml --stale-days 120
    """
    from ..analysis.stale import stale_relationships

    emit(render(stale_relationships(open_graph(source, kw), stale_days=stale_days), fmt,
                empty="(no stale relationships)"))


@cli.command()
@data_command
@click.option("--to", "target", required=True,
              help="A stakeholder, or a company/department (any of its active people).")
@click.option("--k", type=click.IntRange(1, 100), default=3, show_default=True,
              help="How many paths.")
@click.option("--from", "from_owners", multiple=True,
              help="Start only from this owner (repeatable).")
def path(source: str | None, fmt: str, target: str, k: int, from_owners: tuple[str, ...],
         **kw: Any) -> None:
    """Warm introduction paths: the cheapest chains from one of our owners through people who
    know or report to each other, to a stakeholder or to anyone in a company or department.
    Cost: 6 - strength for our relationships, 2 per stakeholder link.

    \b
    Example:
      accountmap path examples/nakamura-group.yaml --to c-nk-chem --k 3
    """
    from ..analysis.paths import warm_paths

    G = open_graph(source, kw)
    result = warm_paths(G, target, k=k, owners=list(from_owners) or None)
    if not result:
        click.echo(f"no warm path to '{target}'", err=True)
    if fmt == "json":
        emit(render(result, fmt))
        return
    rows = [{"owner": p.owner, "cost": p.cost, "hops": p.hops,
             "path": (" > " if fmt == "table" else ";").join(
                 f"{G.nodes[n].get('name', n)} ({n})" if fmt == "table" else n
                 for n in p.nodes)} for p in result]
    if rows or fmt == "csv":
        emit(render(rows, fmt, columns=["owner", "cost", "hops", "path"]))
