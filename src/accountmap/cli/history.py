"""The commands about time: revenue movements, the renewal calendar, and what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from ..analysis.renewals import RENEWALS, WITHIN_DAYS
from ..analysis.stale import STALE_DAYS
from ..errors import UsageError
from ..render import Format, named, plain, render, to_csv, to_json, to_table
from .context import Neo4jSettings, Source
from .options import (
    data_command,
    date_option,
    emit,
    format_option,
    neo4j_options,
    param_option,
    wrapped,
)


def _group_option(fn: Any) -> Any:
    return click.option("--group", default=None, help="Only this group (its id).")(fn)


@click.command()
@data_command
@date_option("--from", "from_date", "The earlier date (YYYY-MM-DD): MRR active then is the "
             "start.", required=True)
@date_option("--to", "to_date", "The later date (default: --as-of, else the file's as_of).")
@_group_option
def revenue(source: Source, fmt: Format, from_date: dt.date, to_date: dt.date | None,
            group: str | None) -> None:
    """Revenue movements from --from to --to, per group and per company: start MRR, new
    entities, expansion, contraction, churn, end MRR, NRR and GRR, and the gap to the group's
    target. start + new_entity + expansion - contraction - churned = end, exactly.

    \b
    Example:
      accountmap revenue examples/nakamura-group.yaml --from 2026-01-01 --to 2026-06-30
    """
    from ..analysis.revenue import revenue_movements
    from ..graph import build_graph

    ds = source.dataset()
    end = to_date or source.as_of or ds.effective_as_of()
    if from_date > end:
        raise UsageError(f"--from {from_date} is after --to {end}")
    result = revenue_movements(build_graph(ds, from_date), build_graph(ds, end), group=group)
    data = {"from": result.from_date, "to": result.to_date, "groups": result.groups}
    emit(_render_revenue(data, fmt))


_REVENUE_COLUMNS = ["start_mrr", "new_entity_mrr", "expansion_mrr", "contraction_mrr",
                    "churned_mrr", "end_mrr", "nrr", "grr"]


def _render_revenue(data: dict[str, Any], fmt: Format) -> str:
    if fmt == "json":
        return to_json(data)
    groups = plain(data["groups"])
    if fmt == "csv":
        rows = []
        for g in groups:
            rows.append({"level": "group", "group": g["id"], "id": g["id"], "name": g["name"],
                         "movement": None, **{k: g[k] for k in _REVENUE_COLUMNS},
                         "target_mrr": g["target_mrr"], "gap_to_target": g["gap_to_target"],
                         "currency": g["currency"]})
            rows.extend({"level": "company", "group": g["id"], "id": c["id"], "name": c["name"],
                         "movement": c["movement"], **{k: c[k] for k in _REVENUE_COLUMNS},
                         "target_mrr": None, "gap_to_target": None, "currency": g["currency"]}
                        for c in g["companies"])
        return to_csv(rows)
    if not groups:
        return "(no groups)\n"
    parts = []
    for g in groups:
        unit = f" {g['currency']}" if g["currency"] else ""
        ratios = (f"NRR {g['nrr']:.1%}, GRR {g['grr']:.1%}" if g["nrr"] is not None
                  else "NRR -, GRR - (no MRR at the start)")
        target = (f"; target {g['target_mrr']:,.0f}, gap {g['gap_to_target']:,.0f}"
                  if g["target_mrr"] is not None else "")
        heading = (f"{g['name']} ({g['id']}), {data['from']} -> {data['to']}: "
                   f"MRR {g['start_mrr']:,.0f} -> {g['end_mrr']:,.0f}{unit} "
                   f"(new entities +{g['new_entity_mrr']:,.0f}, expansion "
                   f"+{g['expansion_mrr']:,.0f}, contraction -{g['contraction_mrr']:,.0f}, "
                   f"churn -{g['churned_mrr']:,.0f}); {ratios}{target}\n")
        # the heading says these are MRR: the table's columns drop the "_mrr" to fit
        rows = [{"id": c["id"], "name": c["name"], "movement": c["movement"],
                 **{k.removesuffix("_mrr"): c[k] for k in _REVENUE_COLUMNS}}
                for c in g["companies"]]
        parts.append(wrapped(heading.rstrip("\n"), indent="  ") + "\n"
                     + to_table(rows, empty="(no companies)"))
    return "\n".join(parts)


@click.command()
@data_command
@param_option(WITHIN_DAYS, "--within")
@param_option(STALE_DAYS)
@_group_option
def renewals(source: Source, fmt: Format, within_days: int, stale_days: int,
             group: str | None) -> None:
    """The renewal calendar: active subscriptions renewing within --within days, by date, with
    the days left, the notice date (renewal - notice_days), the owner of the renewal (account
    manager, else customer success, else account executive, assigned on the account or above
    it) and the risks: champion_left, economic_buyer_left, single_threaded, single_owner,
    stale, detractor, no_renewal_opportunity, notice_passed.

    \b
    Example:
      accountmap renewals examples/nakamura-group.yaml --within 90
    """
    result = RENEWALS.run(source.graph(), within_days=within_days, stale_days=stale_days,
                          group=group)
    columns = ["renewal", "days_left", "notice_date", "account", "account_name", "product",
               "mrr", "renewal_owner", "risks"]
    rows = (named(plain(result), ("product", "renewal_owner"), source.names())
            if fmt == "table" else result)
    emit(render(result, fmt, rows=rows, columns=None if fmt == "csv" else columns,
                empty=f"(no renewals in the next {within_days} days)"))


@click.command()
@click.argument("old", metavar="OLD|SOURCE")
@click.argument("new", required=False, metavar="[NEW]")
@date_option("--from", "from_date", "With one SOURCE: the earlier date (YYYY-MM-DD).")
@date_option("--to", "to_date", "With one SOURCE: the later date (default: its as_of).")
@_group_option
@click.option("--exit-code", is_flag=True,
              help="Exit with 1 when there are changes (0 when none), like `git diff "
                   "--exit-code`.")
@neo4j_options
@format_option
def diff(old: str, new: str | None, from_date: dt.date | None, to_date: dt.date | None,
         group: str | None, exit_code: bool, neo4j: Neo4jSettings, fmt: Format) -> None:
    """What changed since the last review: between two data files (OLD NEW, each as of its own
    date), or in one SOURCE between --from and --to. Stakeholders joined, left or moved; roles
    and sentiment; relationships gained, lost or faded below strength 2; entities that became
    dark, unassigned or covered; accounts that became single-threaded or recovered; MRR
    movements per company; stakeholders newly over-contacted.

    \b
    Example:
      accountmap diff last-review.yaml book.yaml
      accountmap diff examples/nakamura-group.yaml --from 2026-03-31 --to 2026-06-30
    """
    from ..analysis.diff import diff as diff_states
    from ..graph import build_graph

    if new is not None:
        if from_date or to_date:
            raise UsageError("give either OLD and NEW, or one SOURCE with --from/--to")
        old_ds, new_ds = Source(old, neo4j).dataset(), Source(new, neo4j).dataset()
        G_old, G_new = build_graph(old_ds), build_graph(new_ds)
        sides = (old, new)
    else:
        if from_date is None:
            raise UsageError("give two files (OLD NEW), or one SOURCE with --from DATE")
        ds = Source(old, neo4j).dataset()
        end = to_date or ds.effective_as_of()
        if from_date > end:
            raise UsageError(f"--from {from_date} is after --to {end}")
        G_old, G_new = build_graph(ds, from_date), build_graph(ds, end)
        sides = (old, old)
    changes = diff_states(G_old, G_new, group=group)
    data = {"old": {"source": sides[0], "as_of": G_old.graph["as_of"]},
            "new": {"source": sides[1], "as_of": G_new.graph["as_of"]},
            "changes": changes}
    if fmt == "json":
        emit(to_json(data))
    else:
        rows: list[Any] = list(changes)
        if fmt == "table":
            names = {**Source(old, neo4j).names(), **Source(new or old, neo4j).names()}
            rows = named(plain(changes), ("owner",), names)
        emit(render(changes, fmt, rows=rows, columns=["change", "kind", "id", "name", "owner",
                                                      "before", "after"],
                    empty="(no changes)"))
    if exit_code and changes:
        click.get_current_context().exit(1)


COMMANDS = [revenue, renewals, diff]
