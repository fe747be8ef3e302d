"""The plan command: the account plan of one group, as HTML (with the map) or Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import click

from ..analysis.contacts import WINDOW_DAYS
from ..analysis.renewals import WITHIN_DAYS
from ..analysis.stale import STALE_DAYS
from ..errors import UsageError, one_line
from ..i18n import DATE_STYLES, LANGS, DateStyle, Lang
from .context import Source
from .options import date_option, emit, param_option, source_options

PlanFormat = Literal["markdown", "html", "json"]
SUFFIXES: dict[str, PlanFormat] = {".html": "html", ".htm": "html", ".md": "markdown",
                                   ".markdown": "markdown", ".json": "json"}


def _format_of(output: str | None, fmt: PlanFormat | None) -> PlanFormat:
    if fmt is not None:
        return fmt
    if output is None:
        return "markdown"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the format of '{output}' from its suffix: name it "
                         ".html or .md (or give --format)")
    return SUFFIXES[suffix]


@click.command()
@source_options
@click.option("--group", required=True, metavar="ID", help="The group to plan (its id).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the plan here: .html (printable page with the map) or .md "
                   "(Markdown). Without it, Markdown goes to stdout.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html", "json"]), default=None,
              help="Override the format the suffix of -o implies; json is the plan's data.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              envvar="ACCOUNTMAP_LANG", show_envvar=True,
              help="Language of every heading, label, risk and action sentence.")
@click.option("--date-style", type=click.Choice(DATE_STYLES), default="long",
              show_default=True,
              help="long: 14 Apr 2026 / 2026年4月14日; iso: 2026-04-14.")
@date_option("--since", "since", "The day the plan looks back to (default: six months "
             "before as_of): revenue movements and what changed since the book as of that day "
             "(the same changes as `diff --from`).")
@click.option("--period", default=None, metavar="PERIOD",
              help="The period instead of --since: FY2026, 2026H1, 2026Q3 or 2026-09 (by the "
                   "book's fiscal_year_start); new money then counts deals closing by its end "
                   "(default: the end of the fiscal year that contains as_of).")
@click.option("--previous", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Compare with the previous review's data file instead of --since.")
@click.option("--previous-plan", type=click.Path(dir_okay=False), default=None,
              metavar="PLAN.json",
              help="The previous review's plan (its --format json): each of its actions is "
                   "marked done, no_longer_applies, open or overdue, before the new ones.")
@click.option("--expect", "expect_file", type=click.Path(dir_okay=False), default=None,
              metavar="FILE",
              help="The coverage grid's expectation table (YAML/JSON: buying_roles and "
                   "our_roles, each a mapping of state - company, department, paying, "
                   "new_business, any - to roles) instead of the default (docs/analytics.md).")
@param_option(WITHIN_DAYS, "--renewals-within")
@param_option(STALE_DAYS)
@param_option(WINDOW_DAYS, "--contact-window")
@click.option("--no-map", is_flag=True, help="Leave the relationship map out of the HTML.")
def plan(source: Source, group: str, output: str | None, fmt: PlanFormat | None, lang: Lang,
         date_style: DateStyle, since: dt.date | None, period: str | None,
         previous: str | None, previous_plan: str | None, expect_file: str | None,
         within_days: int, stale_days: int, window_days: int, no_map: bool) -> None:
    """The account plan of one group for the review: the group at a glance (entities, MRR by
    company and product line, target and gap, revenue movements, pipeline), renewals with
    their risks, coverage (buying roles x our roles, handoff gaps, uncovered entities),
    risks, reachable white space with warm paths, what changed, recommended actions with
    owners and due dates, and the relationship map.

    HTML is one printable page (A4) that works offline; Markdown pastes into documents.
    Amounts use the group's currency; --lang ja writes it all in Japanese.

    \b
    Example:
      accountmap plan examples/nakamura-group.yaml --group g-nakamura -o plan.html
      accountmap plan examples/nakamura-group.yaml --group g-nakamura --lang ja -o plan.md
    """
    from ..contracts import resolve_period
    from ..graph import build_graph
    from ..io import refuse_inputs_as_output
    from ..library import months_before, plan_page, write_text
    from ..plan import PlanOptions, build_plan
    from ..plan.expectations import Expectations, read_expectations
    from ..plan.follow_up import read_previous_plan
    from ..render import to_json
    from ..validate import load_dataset

    refuse_inputs_as_output(output, source.location, previous, previous_plan, expect_file)
    kind = _format_of(output, fmt)
    if sum(x is not None for x in (since, previous, period)) > 1:
        raise UsageError("give one of --since, --period and --previous")
    ds = source.part([group])  # the group's part of the book: the plan costs one group
    as_of = source.as_of or ds.effective_as_of()
    G = build_graph(ds, as_of)
    period_end = None
    if period is not None:  # compared with the book at the end of the day before it starts
        span = resolve_period(period, ds.fiscal_year_start, as_of, cap=False)
        since, period_end = span.opening_day(), span.last
    if previous is not None:
        G_since = build_graph(load_dataset(previous))
    else:  # since D: compared with the book as of D (as a file kept on D would be)
        since = since or months_before(as_of, 6)
        G_since = build_graph(ds, since)
    options = PlanOptions(renewals_within=within_days, stale_days=stale_days,
                          contact_window=window_days, period_end=period_end, since=since,
                          previous=Path(previous).name if previous else None,
                          previous_plan=read_previous_plan(previous_plan)
                          if previous_plan else None,
                          expect=read_expectations(expect_file) if expect_file
                          else Expectations())
    result = build_plan(G, G_since, group=group, options=options)
    if kind == "json":
        text = to_json(result)
    else:
        name = source.location if not source.is_neo4j else "Neo4j"
        text = plan_page(result, None if no_map else G, kind=kind, lang=lang,
                         date_style=date_style, source=Path(str(name)).name)
    if output is None:
        emit(text)
        return
    write_text(output, text)
    click.echo(one_line(f"wrote {output}: the {kind} plan of {result.group_name} "
               f"({len(result.actions)} actions)"), err=True)


COMMANDS = [plan]
