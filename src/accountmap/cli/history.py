"""The commands about time: revenue movements, the renewal calendar, and what changed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from ..analysis.renewals import WITHIN_DAYS
from ..analysis.revenue import BY, MOVES, By
from ..analysis.stale import STALE_DAYS
from ..contracts import resolve_period
from ..errors import NotFoundError, UsageError, not_found_message
from ..render import Format, named, plain, render, to_csv, to_json, to_table, with_names
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

if TYPE_CHECKING:
    from ..model import Dataset


def _group_option(fn: Any) -> Any:
    return click.option("--group", default=None, help="Only this group (its id).")(fn)


def _state(G: Any, state_of: Any) -> tuple[Any, dt.date]:
    """A graph's diff state and its day; the graph (and the book it was built from) are let
    go before the next side is read: taken out of the frozen generation and collected."""
    import gc

    state, day = state_of(G), G.graph["as_of"]
    del G
    gc.unfreeze()
    gc.collect()
    return state, day


def _period_option(fn: Any) -> Any:
    return click.option(
        "--period", default=None, metavar="PERIOD",
        help="A period instead of --from/--to: FY2026 (the fiscal year starting in 2026 on the "
             "book's fiscal_year_start), 2026H1, 2026Q3 or 2026-09 (a calendar month); it "
             "ends on as_of at the latest.")(fn)


def period_span(ds: Dataset, as_of: dt.date | None, from_date: dt.date | None,
                to_date: dt.date | None, period: str | None) -> tuple[dt.date, dt.date]:
    """The first and last day of the period the options name (``contracts.resolve_period``
    for --period); --from D starts the period on D (its opening state is the day before)."""
    day = as_of or ds.effective_as_of()
    if period is not None:
        if from_date is not None or to_date is not None:
            raise UsageError("give either --period or --from/--to, not both")
        span = resolve_period(period, ds.fiscal_year_start, day)
        return span.first, span.last
    if from_date is None:
        raise UsageError("give --from DATE (the period's first day) or --period (e.g. FY2026)")
    end = to_date or day
    if from_date > end:
        raise UsageError(f"--from {from_date} is after --to {end}")
    return from_date, end


@click.command()
@data_command
@date_option("--from", "from_date", "The period's first day (YYYY-MM-DD): the opening MRR is "
             "the MRR at the end of the day before, so a contract starting on it is a "
             "movement.")
@date_option("--to", "to_date", "The period's last day (default: --as-of, else the file's "
             "as_of).")
@_period_option
@click.option("--by", type=click.Choice(BY), default="company", show_default=True,
              help="The rows under each group: its companies, its products or its product "
                   "lines (the group row is the same in every view).")
@_group_option
def revenue(source: Source, fmt: Format, from_date: dt.date | None, to_date: dt.date | None,
            period: str | None, by: By, group: str | None) -> None:
    """Revenue movements of a period, per group and per company (or product, or line):
    start MRR, new entities, cross-sell, expansion, contraction, product churn, churn, end
    MRR, NRR and GRR, and the gap to the group's target. Each (company, product) is
    classified once, so a product churned at one company is not hidden by a cross-sell
    there; start + new_entity + cross_sell + expansion - contraction - product_churn -
    churned = end, exactly. Amounts in the group's currency.

    \b
    Example:
      accountmap revenue examples/nakamura-group.yaml --from 2026-01-01 --to 2026-06-30
      accountmap revenue examples/nakamura-group.yaml --period FY2026 --by product
    """
    from ..analysis.revenue import revenue_movements
    from ..graph import build_graph

    ds = source.part([group] if group else [])
    first, last = period_span(ds, source.as_of, from_date, to_date, period)
    result = revenue_movements(build_graph(ds, first - dt.timedelta(days=1)),
                               build_graph(ds, last), group=group, by=by)
    data = {"from": result.from_date, "to": result.to_date, "groups": result.groups}
    emit(_render_revenue(data, fmt, by))


_REVENUE_COLUMNS = ["start_mrr", *(f"{m}_mrr" for m in MOVES), "end_mrr", "nrr", "grr"]
#: per view: the rows' key under a group, their level, and the name of their extra column
_VIEW = {"company": ("companies", "company", "movement"),
         "product": ("products", "product", "line"), "line": ("lines", "line", "products")}


def _render_revenue(data: dict[str, Any], fmt: Format, by: By = "company") -> str:
    if fmt == "json":
        return to_json(data)
    key, level, extra = _VIEW[by]
    groups = plain(data["groups"])
    if fmt == "csv":
        rows = []
        for g in groups:
            rows.append({"level": "group", "group": g["id"], "id": g["id"], "name": g["name"],
                         extra: None, **{k: g[k] for k in _REVENUE_COLUMNS},
                         "target_mrr": g["target_mrr"], "gap_to_target": g["gap_to_target"],
                         "currency": g["currency"]})
            rows.extend({"level": level, "group": g["id"], "id": r["id"],
                         "name": r.get("name", r["id"]), extra: _detail(r),
                         **{k: r[k] for k in _REVENUE_COLUMNS}, "target_mrr": None,
                         "gap_to_target": None, "currency": g["currency"]}
                        for r in g[key])
        return to_csv(rows)
    if not groups:
        return "(no groups)\n"
    return "\n".join(_revenue_table(g, data, key, extra) for g in groups)


def _detail(row: dict[str, Any]) -> str | None:
    """A row's extra column: a company's movement, a product's line, a line's products."""
    if "movement" in row:
        return str(row["movement"])
    if "line" in row:
        return str(row["line"])
    return ";".join(row.get("products", [])) or None


def _revenue_table(g: dict[str, Any], data: dict[str, Any], key: str, extra: str) -> str:
    unit = f" {g['currency']}" if g["currency"] else ""
    acquired = f", acquired {_signed(g['acquired_mrr'], '+')}" if g["acquired_mrr"] else ""
    divested = f", divested {_signed(g['divested_mrr'], '-')}" if g["divested_mrr"] else ""
    nrr, grr = _ratios(g)
    ratios = (f"NRR {nrr}, GRR {grr}" if g["nrr"] is not None
              else "NRR n/a, GRR n/a (no MRR at the start)")
    target = (f"; target {g['target_mrr']:,.0f}, gap {g['gap_to_target']:,.0f}"
              if g["target_mrr"] is not None else "")
    heading = (f"{g['name']} ({g['id']}), {data['from']} -> {data['to']}: "
               f"MRR {g['start_mrr']:,.0f} -> {g['end_mrr']:,.0f}{unit} "
               f"(new entities {_signed(g['new_entity_mrr'], '+')}{acquired}, cross-sell "
               f"{_signed(g['cross_sell_mrr'], '+')}, expansion "
               f"{_signed(g['expansion_mrr'], '+')}, contraction "
               f"{_signed(g['contraction_mrr'], '-')}, product churn "
               f"{_signed(g['product_churn_mrr'], '-')}, churn "
               f"{_signed(g['churned_mrr'], '-')}{divested}); {ratios}{target}")
    # ratios in %; the M&A columns only when the group had M&A in the period
    shown = [k for k in _REVENUE_COLUMNS[:-2]
             if k not in ("acquired_mrr", "divested_mrr") or g[k]]
    rows = [{"id": r["id"], "name": r.get("name", r["id"]), extra: _detail(r),
             **{_SHORT[k]: r[k] for k in shown},
             **dict(zip(("nrr", "grr"), _ratios(r), strict=True))} for r in g[key]]
    return wrapped(heading, indent="  ") + "\n" + to_table(rows, empty=f"(no {key})")


#: Table headers of the movements (the heading says they are MRR; short, to fit 80-120
#: columns).
_SHORT = {"start_mrr": "start", "new_entity_mrr": "new", "acquired_mrr": "acq",
          "cross_sell_mrr": "cross", "divested_mrr": "sold",
          "expansion_mrr": "up", "contraction_mrr": "down", "product_churn_mrr": "pchurn",
          "churned_mrr": "churn", "end_mrr": "end"}


def _signed(amount: float, sign: str) -> str:
    """+1,500 / -800, and 0 without a sign (never -0 or +0)."""
    text = f"{abs(amount):,.0f}"
    return text if text == "0" else f"{sign}{text}"


def _ratios(row: dict[str, Any]) -> tuple[str, str]:
    """A row's NRR and GRR as percents, rounded once from its exact amounts ("n/a" without
    MRR at the start)."""
    from types import SimpleNamespace

    from ..analysis.revenue import exact_ratios
    from ..i18n import percent

    nrr, grr = exact_ratios(SimpleNamespace(**row))
    return percent(nrr, "en"), percent(grr, "en")


@click.command()
@data_command
@param_option(WITHIN_DAYS, "--within")
@_period_option
@param_option(STALE_DAYS)
@_group_option
@click.option("--forecast", is_flag=True,
              help="Per group, the renewals' MRR secured (renewed by default), at risk and "
                   "notified as churn, instead of the rows.")
def renewals(source: Source, fmt: Format, within_days: int, period: str | None,
             stale_days: int, group: str | None, forecast: bool) -> None:
    """The renewal calendar: active subscriptions whose notice date or renewal date falls
    within --within days (or in --period), by date, with the days left, the notice date
    (renewal - notice_days), the status (open, notice_due, renewed_by_default, lapsing,
    churn_notified), the owner of the renewal (account manager, else customer success, else
    account executive, assigned on the account or above it) and the risks: champion_left,
    economic_buyer_left, single_threaded, single_owner, stale, detractor,
    no_renewal_opportunity, notice_passed. Amounts are the contract's own, and in the group's
    currency.

    \b
    Example:
      accountmap renewals examples/nakamura-group.yaml --within 90
      accountmap renewals examples/nakamura-group.yaml --forecast --format json
    """
    from ..analysis.renewals import forecast as renewal_forecast
    from ..analysis.renewals import renewals as renewal_calendar

    only = [group] if group else []
    G = source.graph(only)
    window = None
    if period is not None:
        ds = source.part(only)
        # renewals look ahead: the whole period, even where it runs past as_of
        span = resolve_period(period, ds.fiscal_year_start, source.as_of or
                              ds.effective_as_of(), cap=False, future=True)
        window = (span.first, span.last)
    result = renewal_calendar(G, within_days=within_days, stale_days=stale_days, group=group,
                              period=window)
    if forecast:
        emit(render(renewal_forecast(G, result, group), fmt, empty="(no groups)"))
        return
    # the table names the account (its id is in json and csv), with short headers to fit;
    # the amount is the contract's own
    columns = ["renewal", "days", "notice", "status", "account_name", "product", "mrr",
               "owner", "risks"]
    rows: list[Any] = list(result)
    if fmt == "table":
        rows = [{**r, "days": r["days_left"], "notice": r["notice_date"],
                 "owner": r["renewal_owner"]}
                for r in named(plain(result), ("product", "renewal_owner"),
                               source.names(only))]
    elif fmt == "csv":  # ids for scripts, with the names beside them
        rows = with_names(plain(result), ("renewal_owner",), source.names(only))
    where = f"in {period}" if period else f"in the next {within_days} days"
    emit(render(result, fmt, rows=rows, columns=None if fmt == "csv" else columns,
                empty=f"(no renewals {where})"))


@click.command()
@click.argument("old", metavar="OLD|SOURCE")
@click.argument("new", required=False, metavar="[NEW]")
@date_option("--from", "from_date", "With one SOURCE: the day of the earlier state "
             "(YYYY-MM-DD): the book as of that day is compared, as a file kept that day "
             "would be (--period compares from the day before its first day).")
@date_option("--to", "to_date", "With one SOURCE: the last day (default: its as_of).")
@_period_option
@_group_option
@click.option("--exit-code", is_flag=True,
              help="Exit with 1 when there are changes (0 when none), like `git diff "
                   "--exit-code`.")
@neo4j_options
@format_option
def diff(old: str, new: str | None, from_date: dt.date | None, to_date: dt.date | None,
         period: str | None, group: str | None, exit_code: bool, neo4j: Neo4jSettings,
         fmt: Format) -> None:
    """What changed since the last review: between two data files (OLD NEW, each as of its own
    date), or in one SOURCE between --from and --to. Stakeholders joined, left or moved; roles
    and sentiment; relationships gained, lost or faded below strength 2; entities that became
    dark, unassigned or covered; accounts that became single-threaded or recovered; MRR
    movements per company; stakeholders newly over-contacted.

    \b
    Example:
      accountmap diff last-review.yaml book.yaml
      accountmap diff examples/nakamura-group.yaml --from 2026-04-01 --to 2026-06-30
    """
    from ..analysis.diff import diff_states, state_of
    from ..graph import build_graph

    # each side is reduced to what diff compares before the next is read (bounded memory)
    if new is not None:
        if from_date or to_date or period:
            raise UsageError("give either OLD and NEW, or one SOURCE with --from/--to "
                             "or --period")
        only = [group] if group else []  # each side's part for the group, when it has one
        old_state, old_day = _state(build_graph(Source(old, neo4j).part(only)), state_of)
        new_state, new_day = _state(build_graph(Source(new, neo4j).part(only)), state_of)
        sides = (old, new)
    else:
        if from_date is None and period is None:
            raise UsageError("give two files (OLD NEW), or one SOURCE with --from DATE or "
                             "--period")
        ds = Source(old, neo4j).part([group] if group else [])
        first, end = period_span(ds, None, from_date, to_date, period)
        # --from D: the state as of D (what a file kept on D says); --period: its opening day
        opening = from_date if from_date is not None else first - dt.timedelta(days=1)
        old_state, old_day = _state(build_graph(ds, opening), state_of)
        new_state, new_day = _state(build_graph(ds, end), state_of)
        sides = (old, old)
    if group is not None and old_state.kind.get(group) != "group" \
            and new_state.kind.get(group) != "group":
        raise NotFoundError(not_found_message(
            "group", group, sorted(g for g, k in new_state.kind.items() if k == "group")))
    changes = diff_states(old_state, new_state, group=group)
    data = {"old": {"source": sides[0], "as_of": old_day},
            "new": {"source": sides[1], "as_of": new_day},
            "changes": changes}
    if fmt == "json":
        emit(to_json(data))
    else:
        rows: list[Any] = list(changes)
        names = {**old_state.name, **new_state.name}
        columns = ["change", "kind", "id", "name", "owner", "before", "after"]
        if fmt == "table":
            rows = named(plain(changes), ("owner",), names)
        elif fmt == "csv":  # ids for scripts, with the names beside them
            rows = with_names(plain(changes), ("owner",), names)
            columns.insert(5, "owner_name")
        emit(render(changes, fmt, rows=rows, columns=columns, empty="(no changes)"))
    if exit_code and changes:
        click.get_current_context().exit(1)


COMMANDS = [revenue, renewals, diff]
