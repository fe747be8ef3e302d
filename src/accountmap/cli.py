"""The ``accountmap`` command line: parse options, call the library, render. Nothing more.

Errors from the library (``errors.AccountmapError``) are translated to messages and exit codes
in one place, ``_Group.invoke``: data problems print one line each and exit 2; store errors
exit 1. Data goes to stdout, messages and progress to stderr.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import AccountmapError, DataError, UsageError
from .render import FORMATS, plain, render


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


def format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True,
                        help="table for people; json or csv for scripts.")(fn)


def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                        help="Treat this date (YYYY-MM-DD) as today instead of the file's "
                             "as_of.")(fn)


def neo4j_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Connection options shared by every command that can talk to Neo4j."""
    options = [
        click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", default=None, metavar="URI",
                     help="Neo4j server (bolt://, neo4j://, +s variants) [env NEO4J_URI]."),
        click.option("--user", "neo4j_user", envvar="NEO4J_USERNAME", default="neo4j",
                     show_default=True, help="Neo4j user [env NEO4J_USERNAME]."),
        click.option("--password", "neo4j_password", envvar="NEO4J_PASSWORD", default=None,
                     help="Neo4j password [env NEO4J_PASSWORD]; prefer the env variable."),
        click.option("--database", "neo4j_database", envvar="NEO4J_DATABASE", default="neo4j",
                     show_default=True, help="Neo4j database [env NEO4J_DATABASE]."),
        click.option("--dataset", "dataset_name", default=None,
                     help="Dataset name inside Neo4j (default: the file's name without its "
                          "suffix when loading; the only dataset when reading)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def connection_from(kw: dict[str, Any], uri: str | None = None) -> Any:
    """Build a store connection config from the shared Neo4j options (lazy import)."""
    from .neo4j_store import Connection

    target = uri or kw.get("neo4j_uri")
    if not target:
        raise UsageError("no Neo4j server given: pass --neo4j URI or set NEO4J_URI")
    return Connection(uri=target, user=kw.get("neo4j_user") or "neo4j",
                      password=kw.get("neo4j_password"),
                      database=kw.get("neo4j_database") or "neo4j")


def is_neo4j_uri(source: str) -> bool:
    return source.split("://", 1)[0] in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s",
                                         "neo4j+ssc"} and "://" in source


def open_dataset(source: str | None, kw: dict[str, Any]) -> Any:
    """The Dataset named by SOURCE (a file, or a Neo4j URI), or by --neo4j alone."""
    from .validate import load_dataset

    if source and not is_neo4j_uri(source):
        return load_dataset(source)
    from .neo4j_store import read_dataset

    connection = connection_from(kw, source)
    return read_dataset(connection, dataset=kw.get("dataset_name"))


def open_graph(source: str | None, kw: dict[str, Any]) -> Any:
    from .graph import build_graph

    ds = open_dataset(source, kw)
    as_of = kw.get("as_of")
    return build_graph(ds, as_of.date() if isinstance(as_of, dt.datetime) else None)


def emit(text: str) -> None:
    click.echo(text, nl=False)


def source_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("source", required=False, metavar="SOURCE")(fn)


def data_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options every analysis shares: SOURCE (file or Neo4j URI), --format, --as-of, Neo4j."""

    @functools.wraps(fn)
    def wrapper(**kw: Any) -> Any:
        if kw.get("source") is None and not kw.get("neo4j_uri"):
            raise UsageError("give a data file (or a Neo4j URI) as SOURCE, or --neo4j URI")
        return fn(**kw)

    return source_argument(format_option(as_of_option(neo4j_options(wrapper))))


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


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@format_option
def validate(files: tuple[str, ...], fmt: str) -> None:
    """Check data files; print counts per kind, or every problem (one per line, exit 2).

    Problems read FILE:LINE: path.to.field: message (JSON files give the record path).

    \b
    Example:
      accountmap validate examples/*.yaml
    """
    from .validate import load_dataset

    problems = []
    rows = []
    for path in files:
        try:
            ds = load_dataset(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        rows.append({"file": path, "status": "ok", **ds.counts()})
    if problems:
        raise DataError(problems)
    if fmt == "table":
        for row in rows:
            counts = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("file", "status"))
            click.echo(f"ok {row['file']}: {counts}")
    else:
        emit(render(rows, fmt))


@cli.command()
@data_command
def summary(source: str | None, fmt: str, **kw: Any) -> None:
    """Per group: companies, departments, active stakeholders, owners involved, active MRR,
    open pipeline.

    \b
    Example:
      accountmap summary examples/nakamura-group.yaml --format json
    """
    from .analysis.summary import summarize

    emit(render(summarize(open_graph(source, kw)), fmt))


def engine_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--engine", type=click.Choice(["networkx", "cypher"]), default="networkx",
        show_default=True,
        help="networkx computes in memory; cypher runs the query from queries/ inside Neo4j "
             "(SOURCE must be a Neo4j URI).")(fn)


def _cypher_rows(source: str | None, kw: dict[str, Any], name: str,
                 params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run analysis query NAME inside Neo4j with the dataset's as_of (or --as-of)."""
    if source and not is_neo4j_uri(source):
        raise UsageError("--engine cypher reads from Neo4j: give a Neo4j URI as SOURCE "
                         "(load the file first with `accountmap load`)")
    from .cypher_analytics import run_analysis

    as_of = kw.get("as_of")
    return run_analysis(connection_from(kw, source), name, params,
                        dataset=kw.get("dataset_name"),
                        as_of=as_of.date() if isinstance(as_of, dt.datetime) else None)


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
    from .analysis.coverage import uncovered_entities

    if engine == "cypher":
        from .cypher_analytics import coverage_from_rows

        result = coverage_from_rows(_cypher_rows(source, kw, "coverage",
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
    from .analysis import threads as th

    if engine == "cypher":
        from .cypher_analytics import key_people_from_rows, threads_from_rows

        if by == "person":
            result: Any = key_people_from_rows(_cypher_rows(source, kw, "key_people", {}))
        else:
            result = threads_from_rows(_cypher_rows(
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
    from .analysis.contacts import contact_load

    options = {"window_days": window_days, "max_owners": max_owners,
               "collision_days": collision_days, "max_company_owners": max_company_owners}
    if engine == "cypher":
        from .cypher_analytics import contacts_from_rows

        result = contacts_from_rows(_cypher_rows(source, kw, "contacts", options))
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
    from .analysis.whitespace import white_space

    if engine == "cypher":
        from .cypher_analytics import whitespace_from_rows

        result = whitespace_from_rows(_cypher_rows(source, kw, "whitespace",
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
    from .analysis.stale import stale_relationships

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
    from .analysis.paths import warm_paths

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


@cli.command(name="map")
@source_argument
@as_of_option
@neo4j_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (one self-contained file; opens offline).")
@click.option("--group", default=None, help="Only this group.")
@click.option("--focus", default=None, metavar="ID",
              help="Only the neighbourhood of this node (a person, company, ...).")
@click.option("--depth", type=click.IntRange(0, 20), default=2, show_default=True,
              help="With --focus: how many links away from it.")
@click.option("--kinds", default=None, metavar="KIND,...",
              help="Kinds to show (default: group,company,department,stakeholder,owner; add "
                   "product to show products).")
@click.option("--color-by", type=click.Choice(["kind", "risk"]), default="kind",
              show_default=True, help="Colour nodes by kind (risks as borders) or by risk.")
@click.option("--risk/--no-risk", default=True, show_default=True,
              help="Overlay the analyses' findings (dark, unassigned, single-threaded, "
                   "over-contacted, key people, stale relationships).")
@click.option("--redact", type=click.Choice(["contacts", "names"]), is_flag=False,
              flag_value="contacts", default=None,
              help="For sharing: --redact hides emails and phones; --redact names also turns "
                   "people's names into initials.")
@click.option("--max-nodes", type=click.IntRange(1), default=3000, show_default=True,
              help="Refuse larger maps (they freeze browsers); narrow the scope instead.")
@click.option("--physics", is_flag=True,
              help="Let nodes settle with physics (small maps only; large maps stay fixed).")
def map_command(source: str | None, output: str, group: str | None, focus: str | None,
                depth: int, kinds: str | None, color_by: str, risk: bool, redact: str | None,
                max_nodes: int, physics: bool, **kw: Any) -> None:
    """Write an interactive HTML relationship map: groups, companies, departments, customer
    stakeholders and our owners, laid out by the org structure, with the risks overlaid, a
    search box, per-kind toggles and a details panel. One offline file, safe to share.

    \b
    Example:
      accountmap map examples/nakamura-group.yaml -o nakamura.html --group g-nakamura
      accountmap map examples/nakamura-group.yaml -o sato.html --focus s-sato --depth 2
    """
    if source is None and not kw.get("neo4j_uri"):
        raise UsageError("give a data file (or a Neo4j URI) as SOURCE, or --neo4j URI")
    import time

    from .html_map import render_map
    from .io import write_atomic
    from .map_model import DEFAULT_KINDS, MapOptions, build_map

    started = time.perf_counter()
    chosen = tuple(k.strip() for k in kinds.split(",") if k.strip()) if kinds else DEFAULT_KINDS
    options = MapOptions(group=group, focus=focus, depth=depth, kinds=chosen, risk=risk,
                         color_by=color_by, redact=redact, max_nodes=max_nodes)
    model = build_map(open_graph(source, kw), options)
    write_atomic(output, render_map(model, physics=physics))
    click.echo(f"wrote {output}: {len(model.nodes)} nodes, {len(model.edges)} links in "
               f"{time.perf_counter() - started:.2f} s", err=True)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the data format (for editors' validation and completion).

    \b
    Example:
      accountmap schema > accountmap.schema.json
    """
    from .model import json_schema
    from .render import to_json

    emit(to_json(json_schema()))


@cli.command()
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
    from .generate import generate_book
    from .io import dumps, write_atomic

    book = generate_book(groups, seed=seed, companies_per_group=companies_per_group,
                         stakeholders_per_company=stakeholders_per_company,
                         touchpoints_per_stakeholder=touchpoints_per_stakeholder)
    fmt = "yaml" if output.endswith((".yaml", ".yml")) else "json"
    write_atomic(output, dumps(book, fmt))
    counts = ", ".join(f"{k} {len(v)}" for k, v in book.items() if isinstance(v, list))
    click.echo(f"wrote {output}: {counts}", err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@neo4j_options
@click.option("--prune", is_flag=True,
              help="Delete what an earlier load of this dataset created and the file no longer "
                   "has (other datasets are never touched).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=5000, show_default=True,
              help="Rows per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
@format_option
def load(file: str, prune: bool, batch_size: int, quiet: bool, fmt: str, **kw: Any) -> None:
    """Load a data file into Neo4j (idempotent: loading twice changes nothing).

    The file is validated first; with any problem nothing is written. Constraints and indexes
    come from queries/schema.cypher. Rows are sent in batches with UNWIND ... MERGE. Each node
    is tagged with the dataset name (default: the file name without suffix), so several books
    of business can share one database. The connection comes from the options or from
    NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.

    \b
    Example:
      NEO4J_PASSWORD=... accountmap load examples/nakamura-group.yaml --neo4j bolt://localhost:7687
    """
    from .neo4j_store import dataset_name_for
    from .neo4j_store import load as load_into
    from .validate import load_dataset

    ds = load_dataset(file)
    connection = connection_from(kw)
    name = kw.get("dataset_name") or dataset_name_for(file)
    last: dict[str, float] = {}

    def progress(section: str, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if quiet or total <= batch_size or (done < total and now - last.get(section, 0) < 1.0):
            return
        last[section] = now
        click.echo(f"  {section}: {done}/{total}", err=True)

    report = load_into(connection, ds, name, prune=prune, batch_size=batch_size,
                       progress=progress)
    if fmt == "table":
        click.echo(f"loaded '{report.dataset}' into {connection.safe_uri()} in "
                   f"{report.seconds:.2f} s: nodes {report.nodes_created} created, "
                   f"{report.nodes_updated} updated, {report.nodes_unchanged} unchanged, "
                   f"{report.nodes_pruned} pruned; relationships "
                   f"{report.relationships_created} created, {report.relationships_removed} "
                   f"replaced, {report.relationships_pruned} pruned")
    else:
        emit(render([report], fmt))


def _parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    import json

    params: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"--param takes key=value, got {pair!r}")
        key, raw = pair.split("=", 1)
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    return params


@cli.command()
@click.argument("name", required=False)
@neo4j_options
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Query parameter (repeatable); VALUE is read as JSON when it parses "
                   "(numbers, lists), else as text.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@format_option
def query(name: str | None, params: tuple[str, ...], list_only: bool, fmt: str,
          **kw: Any) -> None:
    """Run a named Cypher query from queries/ against Neo4j and print its rows.

    Parameters are always sent as parameters, never pasted into the query. $dataset defaults
    to the only dataset in the database (or --dataset).

    \b
    Example:
      accountmap query --list
      accountmap query coverage --neo4j bolt://localhost:7687 --param as_of=2026-06-30
    """
    from .queries import query_info, query_names, query_text

    if list_only or not name:
        rows = [{"name": n, "purpose": query_info(n).purpose} for n in query_names()]
        emit(render(rows, fmt))
        return
    info = query_info(name)
    text = query_text(name)
    values: dict[str, Any] = {**info.defaults, **_parse_params(params)}
    for key, raw in info.defaults.items():
        if values[key] is raw:
            values[key] = _parse_params((f"{key}={raw}",))[key]
    from .neo4j_store import choose_dataset, run_query

    connection = connection_from(kw)
    if "dataset" not in values:
        values["dataset"], _ = choose_dataset(connection, kw.get("dataset_name"))
    columns, rows = run_query(connection, text, values)
    emit(render(rows, fmt, columns=columns))


def main() -> None:
    """Console entry point."""
    try:
        cli.main(prog_name="accountmap")
    except BrokenPipeError:  # e.g. `accountmap ... | head`
        sys.stderr.close()
        sys.exit(0)
