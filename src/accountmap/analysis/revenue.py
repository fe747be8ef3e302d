"""Revenue movements between two days: where a group's MRR came from and where it went.

A company's MRR on day D is the active MRR (as of D) on the company and every department
beneath it (not its subsidiaries: they are companies of their own). Between D1 (``from``) and
D2 (``to``), per company:

- ``start_mrr`` = its MRR on D1, ``end_mrr`` = its MRR on D2;
- ``new_entity_mrr`` = end_mrr when it had no MRR on D1 and some on D2 (a new legal entity
  in the group, credited to new business);
- when it had MRR on both days: ``expansion_mrr`` = the increase, ``contraction_mrr`` = the
  decrease;
- ``churned_mrr`` = start_mrr when it had MRR on D1 and none on D2.

Each group sums its companies, so start + new_entity + expansion - contraction - churned = end
exactly, per company and per group. ``nrr`` = (start + expansion - contraction - churned) /
start and ``grr`` = (start - contraction - churned) / start (null when start is 0; new
entities count in neither). ``target_mrr`` is the group's target and ``gap_to_target`` =
target_mrr - end_mrr (negative when the target is beaten; null without a target).

Example: a group at 10,000 on 1 January whose holding grew 6,000 -> 7,000 and whose
subsidiary went 4,000 -> 0, while a new subsidiary started at 2,500, ends at 9,500: expansion
1,000, churned 4,000, new entity 2,500; nrr = (10,000 + 1,000 - 4,000) / 10,000 = 0.7,
grr = 0.6.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx

from ..errors import UsageError
from ..facts import Facts, facts

#: Amounts are summed as decimals (exact for the two-decimal amounts of the format) and
#: reported as floats rounded to the cent, so every identity above holds exactly.
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CompanyRevenue:
    id: str
    name: str
    movement: str  # new_entity, expansion, contraction, churned, flat or none
    start_mrr: float
    new_entity_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    churned_mrr: float
    end_mrr: float
    nrr: float | None
    grr: float | None


@dataclass(frozen=True, slots=True)
class GroupRevenue:
    id: str
    name: str
    currency: str | None
    start_mrr: float
    new_entity_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    churned_mrr: float
    end_mrr: float
    nrr: float | None
    grr: float | None
    target_mrr: float | None
    gap_to_target: float | None
    companies: list[CompanyRevenue]


@dataclass(frozen=True, slots=True)
class RevenueMovements:
    from_date: dt.date
    to_date: dt.date
    groups: list[GroupRevenue]


@dataclass
class _Sums:
    start: Decimal = Decimal(0)
    new: Decimal = Decimal(0)
    expansion: Decimal = Decimal(0)
    contraction: Decimal = Decimal(0)
    churned: Decimal = Decimal(0)
    end: Decimal = Decimal(0)

    def add(self, other: _Sums) -> None:
        for name in ("start", "new", "expansion", "contraction", "churned", "end"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def ratios(self) -> tuple[float | None, float | None]:
        if not self.start:
            return None, None
        kept = self.start - self.contraction - self.churned
        return (float(round((kept + self.expansion) / self.start, 4)),
                float(round(kept / self.start, 4)))


def _money(value: Decimal) -> float:
    return float(value.quantize(CENT))


def company_mrr(f: Facts, company: str) -> Decimal:
    """Active MRR on the company and its departments, summed exactly (0 when the book has
    no such company)."""
    if f.kind.get(company) != "company":
        return Decimal(0)
    units = [company, *f.beneath(company)]
    return sum((Decimal(str(f.mrr.get(u, 0.0))) for u in units), Decimal(0)).quantize(CENT)


def movement(start: Decimal, end: Decimal) -> tuple[str, _Sums]:
    """A company's movement (new_entity, expansion, contraction, churned, flat or none) and
    its amounts."""
    s = _Sums(start=start, end=end)
    if not start and not end:
        return "none", s
    if not start:
        s.new = end
        return "new_entity", s
    if not end:
        s.churned = start
        return "churned", s
    if end > start:
        s.expansion = end - start
        return "expansion", s
    if end < start:
        s.contraction = start - end
        return "contraction", s
    return "flat", s


def revenue_movements(G_from: nx.MultiDiGraph[str], G_to: nx.MultiDiGraph[str], *,
                      group: str | None = None) -> RevenueMovements:
    """Per group and company, the MRR movements from ``G_from``'s day to ``G_to``'s (two
    graphs of the same book, as of D1 and D2; see module docstring). Groups by id; companies
    by end_mrr descending, then start_mrr descending, then id."""
    before, after = facts(G_from), facts(G_to)
    if before.as_of > after.as_of:
        raise UsageError(f"the start of the period ({before.as_of}) is after its end "
                         f"({after.as_of})")
    if group is not None:
        after.require(group, "group")
    groups = []
    for g in sorted(after.groups):
        if group is not None and g != group:
            continue
        total = _Sums()
        companies = []
        for c in after.companies:
            if after.group_of[c] != g:
                continue
            kind, sums = movement(company_mrr(before, c), company_mrr(after, c))
            total.add(sums)
            nrr, grr = sums.ratios()
            companies.append(CompanyRevenue(
                c, after.name[c], kind, _money(sums.start), _money(sums.new),
                _money(sums.expansion), _money(sums.contraction), _money(sums.churned),
                _money(sums.end), nrr, grr))
        companies.sort(key=lambda r: (-r.end_mrr, -r.start_mrr, r.id))
        nrr, grr = total.ratios()
        target = after.target.get(g)
        gap = None if target is None else _money(Decimal(str(target)) - total.end)
        groups.append(GroupRevenue(
            g, after.name[g], after.currency.get(g), _money(total.start), _money(total.new),
            _money(total.expansion), _money(total.contraction), _money(total.churned),
            _money(total.end), nrr, grr, target, gap, companies))
    return RevenueMovements(before.as_of, after.as_of, groups)
