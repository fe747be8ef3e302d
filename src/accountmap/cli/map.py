"""The map command: the interactive HTML relationship map."""

from __future__ import annotations

import time
from typing import cast

import click

from ..errors import one_line
from ..i18n import LANGS, Lang
from ..map.scope import COLOR_BY, REDACTIONS, ColorBy, Kind, Redaction
from .context import Source
from .options import source_options


@click.command(name="map")
@source_options
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
@click.option("--color-by", type=click.Choice(COLOR_BY), default="kind",
              show_default=True, help="Colour nodes by kind (risks as borders) or by risk.")
@click.option("--risk/--no-risk", default=True, show_default=True,
              help="Overlay the analyses' findings (dark, unassigned, single-threaded, "
                   "over-contacted, key people, stale relationships).")
@click.option("--redact", type=click.Choice(REDACTIONS), is_flag=False,
              flag_value="contacts", default=None,
              help="For sharing: --redact hides emails and phones; --redact names also turns "
                   "people's names into initials and drops their titles; --redact customer "
                   "makes a page to show the customer: names kept, no risk overlay, "
                   "sentiment, blocker or influencer roles, potential, pipeline or white "
                   "space.")
@click.option("--cross-groups", is_flag=True,
              help="With --focus: let the neighbourhood reach other groups (through our "
                   "owners); by default it stays inside the focus's group.")
@click.option("--max-nodes", type=click.IntRange(1), default=3000, show_default=True,
              help="Refuse larger maps (they freeze browsers); narrow the scope instead.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              envvar="ACCOUNTMAP_LANG", show_envvar=True,
              help="Language of the page: legend, toggles, search, details and risks.")
@click.option("--physics", is_flag=True,
              help="Let nodes settle with physics (small maps only; large maps stay fixed).")
def map_command(source: Source, output: str, group: str | None, focus: str | None,
                depth: int, kinds: str | None, color_by: ColorBy, risk: bool,
                redact: Redaction | None, cross_groups: bool, max_nodes: int, lang: Lang,
                physics: bool) -> None:
    """Write an interactive HTML relationship map for the account review: each group as a wide
    org chart (companies side by side, their departments and people beneath), readable at
    Fit; who of ours knows whom as badges (lines on hover, or all with a toggle); the risks
    overlaid; search, per-kind toggles, a details panel, Save PNG and print. One offline file,
    safe to share (see --redact); --lang ja for a Japanese page.

    \b
    Example:
      accountmap map examples/nakamura-group.yaml -o nakamura.html --group g-nakamura
      accountmap map examples/nakamura-group.yaml -o sato.html --focus s-sato --depth 2
    """
    from ..io import refuse_inputs_as_output, write_atomic
    from ..map import DEFAULT_KINDS, MapOptions, build_map
    from ..map.html import render_map

    refuse_inputs_as_output(output, source.location)
    started = time.perf_counter()
    chosen = DEFAULT_KINDS
    if kinds:  # checked against the vocabulary by MapOptions
        chosen = cast(tuple[Kind, ...], tuple(k.strip() for k in kinds.split(",") if k.strip()))
    options = MapOptions(group=group, focus=focus, depth=depth, kinds=chosen, risk=risk,
                         color_by=color_by, redact=redact, max_nodes=max_nodes, lang=lang,
                         cross_groups=cross_groups)
    # a group's map reads the group's part of the book (its people, accounts and meetings)
    part = [group] if group is not None and not cross_groups else []
    model = build_map(source.graph(part), options)
    write_atomic(output, render_map(model, physics=physics))
    click.echo(one_line(f"wrote {output}: {len(model.nodes)} nodes, {len(model.edges)} links in "
               f"{time.perf_counter() - started:.2f} s"), err=True)


COMMANDS = [map_command]
