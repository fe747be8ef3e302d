"""Positions for the relationship map, computed from the org structure (no physics needed).

A group reads as a wide org chart that fills a screen: every company is a *block* (the company,
at least as wide as its label may grow,
its departments stacked beneath it, indented by depth, each unit's people in a small grid of
up to ``PEOPLE_COLUMNS`` under it). The group's blocks stand side by side in the order of
the subsidiary tree (a parent, then its subsidiaries, depth first, so a parent stands next to
its subsidiaries, and the subsidiary links stay short), wrapped into as many rows as make the
group's drawing closest to the shape of a screen (``ASPECT``): at "Fit" the chart spans the
width of the window and its company labels stay readable. The group stands centred above its
rows. Groups stand side by side. Owners (our people), when shown, stand in a band above, each
at the mean x of the people and accounts they are linked to, spread so none overlap. Products,
if shown, form a row below everything. The same scope always gives the same picture.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

SLOT = 150            # horizontal distance between neighbouring people
PEOPLE_COLUMNS = 3
COLUMN = PEOPLE_COLUMNS + 0.6  # width of a block with people, in slots
UNIT_STEP = 78        # from a unit to the first row of its people / next department
COMPANY_LABEL = 70    # more room under a company: its label has up to four lines
ROW = 64              # between rows of people
INDENT = 0.3          # slots per department depth
ROW_GAP = 150         # between two rows of blocks
GROUP_STEP = 170      # from the group to its first row
GROUP_GAP = 1.5       # slots between groups
OWNER_GAP = 240       # owners' band: this far above the top of the groups
ASPECT = 1.45         # the drawing's width : height to aim for (a laptop's map canvas)
LABEL_GROWTH = 1.35   # how much a company label may grow at Fit (the page caps it there)
LABEL_PAD = 24        # px between two neighbouring company labels


@dataclass
class Tree:
    """What the layout needs: top nodes, column children (group -> companies, company ->
    subsidiaries), each column's stacked departments with their depth, and people per unit."""

    roots: list[str] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    column: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: the least width of a unit's block, in slots (its label's width, ``label_slots``)
    min_width: dict[str, float] = field(default_factory=dict)


Pos = dict[str, tuple[float, float]]


def _people(tree: Tree, unit: str, cx: float, y: float, pos: Pos) -> float:
    """Grid of a unit's people centred on cx starting at y; returns the y after it."""
    people = tree.people.get(unit, ())
    if not people:
        return y
    columns = min(len(people), PEOPLE_COLUMNS)
    for i, person in enumerate(people):
        row, col = divmod(i, columns)
        pos[person] = (cx + (col - (columns - 1) / 2) * SLOT, y + row * ROW)
    return y + ((len(people) - 1) // columns + 1) * ROW


def _block(tree: Tree, unit: str, cx: float, top: float, pos: Pos) -> float:
    """A company (or an orphan unit) with its departments and people, centred on cx from top;
    returns its height."""
    pos[unit] = (cx, top)
    y = _people(tree, unit, cx, top + UNIT_STEP + COMPANY_LABEL, pos)
    if not tree.people.get(unit):
        y += COMPANY_LABEL
    for dept, depth in tree.column.get(unit, ()):
        dx = depth * INDENT * SLOT
        pos[dept] = (cx + dx, y + 14)
        y = _people(tree, dept, cx + dx, y + 14 + UNIT_STEP * 0.8, pos) + 10
    return y - top


def block_width(tree: Tree, unit: str) -> float:
    """A block's width in slots: room for its people, and for its label however large the
    page lets it grow (``LABEL_GROWTH``), so no two company labels overlap."""
    own = COLUMN if tree.column.get(unit) or tree.people.get(unit) else 1.6
    return max(own, tree.min_width.get(unit, 0.0))


def label_slots(label_px: float) -> float:
    """The block width, in slots, a label this wide (in px at its base font size) needs."""
    return (label_px * LABEL_GROWTH + LABEL_PAD) / SLOT


_width = block_width


def _blocks(tree: Tree, root: str) -> list[str]:
    """The root's companies, depth first: a parent, then its subsidiaries (a root that is not
    a group, such as a company whose group is out of scope, is its own first block)."""
    out: list[str] = []
    stack = list(reversed(tree.children.get(root, ())))
    if root not in tree.groups:
        stack.append(root)
    while stack:
        unit = stack.pop()
        out.append(unit)
        stack.extend(reversed(tree.children.get(unit, ())))
    return out


def _rows(widths: list[float], count: int) -> list[list[int]]:
    """The blocks split in order into ``count`` rows of about equal width."""
    target = sum(widths) / count
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + w / 2 > target and len(rows) < count:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    return rows


def _place_group(tree: Tree, root: str, left: float, pos: Pos) -> float:
    """A group (or an orphan unit with what hangs under it) from ``left`` (in slots); returns
    its width in slots."""
    blocks = _blocks(tree, root)
    if not blocks:  # a group alone
        pos[root] = ((left + 0.8) * SLOT, 0.0)
        return 1.6
    widths = [_width(tree, b) for b in blocks]
    heights = [_block(tree, b, 0.0, 0.0, {}) for b in blocks]
    best: tuple[float, list[list[int]]] | None = None
    for count in range(1, len(blocks) + 1):
        rows = _rows(widths, count)
        width = max(sum(widths[i] for i in row) for row in rows) * SLOT
        height = GROUP_STEP + sum(max(heights[i] for i in row) for row in rows) \
            + ROW_GAP * (len(rows) - 1)
        # the scale at which the drawing fits a canvas of the aimed shape
        scale = min(ASPECT / width, 1 / height)
        if best is None or scale > best[0] * 1.0001:
            best = (scale, rows)
    assert best is not None
    rows = best[1]
    total = max(sum(widths[i] for i in row) for row in rows)
    top = GROUP_STEP if root in tree.groups else 0.0
    for row in rows:
        row_width = sum(widths[i] for i in row)
        x = left + (total - row_width) / 2
        for i in row:
            _block(tree, blocks[i], (x + widths[i] / 2) * SLOT, top, pos)
            x += widths[i]
        top += max(heights[i] for i in row) + ROW_GAP
    if root in tree.groups:
        pos[root] = ((left + total / 2) * SLOT, 0.0)
    return total


def org_layout(tree: Tree, owners: dict[str, list[str]],
               products: Iterable[str] = ()) -> dict[str, tuple[float, float]]:
    """x, y of every node. ``owners`` maps each owner to the nodes it should stand near."""
    pos: Pos = {}
    # each group drawn on its own, then the groups wrapped into rows like a group's companies
    drawn: list[tuple[float, float, Pos]] = []
    for root in tree.roots:
        own: Pos = {}
        width = _place_group(tree, root, 0.0, own)
        height = max((y for _, y in own.values()), default=0.0) + UNIT_STEP
        drawn.append((width + GROUP_GAP, height, own))
    widths = [w for w, _, _ in drawn]
    best: tuple[float, list[list[int]]] | None = None
    for count in range(1, len(drawn) + 1):
        rows = _rows(widths, count)
        width = max(sum(widths[i] for i in row) for row in rows) * SLOT
        height = sum(max(drawn[i][1] for i in row) for row in rows) + ROW_GAP * len(rows)
        scale = min(ASPECT / width, 1 / height)
        if best is None or scale > best[0] * 1.0001:
            best = (scale, rows)
    top = 0.0
    for row in best[1] if best else []:
        left = 0.0
        for i in row:
            pos.update({n: (x + left * SLOT, y + top) for n, (x, y) in drawn[i][2].items()})
            left += widths[i]
        top += max(drawn[i][1] for i in row) + ROW_GAP

    wanted = []
    for owner, near in owners.items():
        xs = [pos[n][0] for n in near if n in pos]
        wanted.append((sum(xs) / len(xs) if xs else 0.0, owner))
    wanted.sort()
    last = float("-inf")
    band = -float(OWNER_GAP)
    for x, owner in wanted:  # keep the order, push right to avoid overlaps
        x = max(x, last + SLOT)
        pos[owner] = (x, band)
        last = x

    bottom = max((y for _, y in pos.values()), default=0.0) + ROW_GAP
    for i, product in enumerate(products):
        pos[product] = (i * SLOT * 1.5, bottom)
    return {k: (float(round(x, 1)), float(round(y, 1))) for k, (x, y) in pos.items()}
