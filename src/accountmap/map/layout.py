"""Positions for the relationship map, computed from the org structure (no physics needed).

Org-chart columns: each company is a column, its departments stacked beneath it (indented by
depth), each unit's people in a small grid of up to ``PEOPLE_COLUMNS`` under it. Subsidiaries
stand side by side below their parent's column, and a parent is centred above them (a tidy
tree of columns), so a group reads top-down like an org chart and stays about as tall as it
is wide. Groups stand side by side. Owners (our people) stand in a band above, each at the
mean x of the people and accounts they are linked to, spread so none overlap. Products, if
shown, form a row below everything. The same scope always gives the same picture.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

SLOT = 165            # horizontal distance between neighbours
PEOPLE_COLUMNS = 2
COLUMN = PEOPLE_COLUMNS + 0.5  # width of a column, in slots
UNIT_STEP = 80        # from a unit to the first row of its people / next department
ROW = 72              # between rows of people
INDENT = 0.35         # slots per department depth
GAP = 140             # between a column's bottom and its subsidiaries' tops
GROUP_GAP = 1.5       # slots between groups
OWNER_GAP = 260       # owners' band: this far above the top of the groups


@dataclass
class Tree:
    """What the layout needs: top nodes, column children (group -> companies, company ->
    subsidiaries), each column's stacked departments with their depth, and people per unit."""

    roots: list[str] = field(default_factory=list)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    column: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _width(tree: Tree, unit: str, memo: dict[str, float]) -> float:
    own = COLUMN if tree.column.get(unit) or tree.people.get(unit) else 1.0
    kids = sum(_width(tree, c, memo) for c in tree.children.get(unit, ()))
    memo[unit] = max(own, kids)
    return memo[unit]


def _people(tree: Tree, unit: str, cx: float, y: float,
            pos: dict[str, tuple[float, float]]) -> float:
    """Grid of a unit's people centred on cx starting at y; returns the y after it."""
    people = tree.people.get(unit, ())
    if not people:
        return y
    columns = min(len(people), PEOPLE_COLUMNS)
    for i, person in enumerate(people):
        row, col = divmod(i, columns)
        pos[person] = (cx + (col - (columns - 1) / 2) * SLOT, y + row * ROW)
    return y + ((len(people) - 1) // columns + 1) * ROW


def _place(tree: Tree, unit: str, left: float, top: float, widths: dict[str, float],
           pos: dict[str, tuple[float, float]]) -> None:
    cx = (left + widths[unit] / 2) * SLOT
    pos[unit] = (cx, top)
    y = _people(tree, unit, cx, top + UNIT_STEP, pos)
    for dept, depth in tree.column.get(unit, ()):
        dx = depth * INDENT * SLOT
        pos[dept] = (cx + dx, y + 10)
        y = _people(tree, dept, cx + dx, y + 10 + UNIT_STEP * 0.8, pos) + 10
    cursor = left
    for child in tree.children.get(unit, ()):
        _place(tree, child, cursor, y + GAP, widths, pos)
        cursor += widths[child]


def org_layout(tree: Tree, owners: dict[str, list[str]],
               products: Iterable[str] = ()) -> dict[str, tuple[float, float]]:
    """x, y of every node. ``owners`` maps each owner to the nodes it should stand near."""
    widths: dict[str, float] = {}
    pos: dict[str, tuple[float, float]] = {}
    left = 0.0
    for root in tree.roots:
        _width(tree, root, widths)
        _place(tree, root, left, 0.0, widths, pos)
        left += widths[root] + GROUP_GAP

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

    bottom = max((y for _, y in pos.values()), default=0.0) + GAP
    for i, product in enumerate(products):
        pos[product] = (i * SLOT * 1.5, bottom)
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}
