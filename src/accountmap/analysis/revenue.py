"""Revenue movements over a period: where a group's MRR came from and where it went.

A period starts on its first day D1 and ends on D2: the opening MRR (``start_mrr``) is the
MRR at the end of D1 - 1 (the graph ``G_from``, as of that day), the closing MRR
(``end_mrr``) the MRR on D2 (``G_to``). So a contract that starts on D1 is a movement of the
period, not opening MRR. All amounts are in the group's currency (``contracts.to_group``).

A company's MRR for a product on a day is the active MRR of that product on the company and
every department beneath it (not its subsidiaries: they are companies of their own). Each
(company, product) pair is classified once:

- ``new_entity``: the company had no MRR in the group at the start (its end MRR);
- ``churn``: the company has no MRR at the end (its start MRR; key ``churned_mrr``);
- otherwise (the company paid at both ends): ``cross_sell`` (the product went from 0 to
  paying: its end MRR), ``product_churn`` (from paying to 0: its start MRR), ``expansion``
  or ``contraction`` (the same product up or down, still paying: the difference).

Per company, group, product or line: start + new_entity + cross_sell + expansion -
contraction - product_churn - churned = end, exactly. ``nrr`` = (start + expansion +
cross_sell - contraction - product_churn - churned) / start and ``grr`` = (start -
contraction - product_churn - churned) / start (null when start is 0; new entities count in
neither), fractions rounded to 4 places. A company's ``movement`` says how its total moved:
new_entity, expansion, contraction, churned, flat or none. ``target_mrr`` is the group's
target and ``gap_to_target`` = target_mrr - end_mrr (null without a target).

Views (``by``): the group's rows are its ``companies`` (default), its ``products`` (each with
its ``line``) or its ``lines`` (each with its ``products``; a product without a line is a line
of its own); the group row is the same in every view.

Example: a company paying 100,000 for product A and 120,000 for product B at one plant, which
raises A to 110,000, drops B and adds C at 200,000, has expansion 10,000, product churn
120,000 and cross-sell 200,000: its net +90,000 hides a churn that the product view shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import networkx as nx

from ..contracts import product_line
from ..errors import UsageError
from ..facts import Facts, facts
from ..graph import edges_of_type

#: Amounts are summed as decimals (exact for the two-decimal amounts of the format) and
#: reported as floats rounded to the cent, so every identity above holds exactly.
CENT = Decimal("0.01")


#: Views of the rows under each group.
By = Literal["company", "product", "line"]
BY: tuple[By, ...] = ("company", "product", "line")
#: The movements, in the order of the identity and of the JSON keys.
MOVES = ("new_entity", "cross_sell", "expansion", "contraction", "product_churn", "churned")


@dataclass(frozen=True, slots=True)
class CompanyRevenue:
    id: str
    name: str
    movement: str  # new_entity, expansion, contraction, churned, flat or none
    start_mrr: float
    new_entity_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    end_mrr: float
    nrr: float | None
    grr: float | None


@dataclass(frozen=True, slots=True)
class ProductRevenue:
    id: str
    name: str
    line: str
    start_mrr: float
    new_entity_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    end_mrr: float
    nrr: float | None
    grr: float | None


@dataclass(frozen=True, slots=True)
class LineRevenue:
    id: str
    products: list[str]
    start_mrr: float
    new_entity_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
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
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    end_mrr: float
    nrr: float | None
    grr: float | None
    target_mrr: float | None
    gap_to_target: float | None
    companies: list[CompanyRevenue] = field(default_factory=list)
    products: list[ProductRevenue] = field(default_factory=list)
    lines: list[LineRevenue] = field(default_factory=list)
    by: By = "company"

    def plain_view(self) -> dict[str, object]:
        """JSON: the group's figures, then the rows of its view only."""
        view: dict[str, object] = {k: getattr(self, k) for k in _GROUP_FIELDS}
        if self.by == "product":
            view["products"] = self.products
        elif self.by == "line":
            view["lines"] = self.lines
        else:
            view["companies"] = self.companies
        return view


_GROUP_FIELDS = ("id", "name", "currency", "start_mrr", "new_entity_mrr", "cross_sell_mrr",
                 "expansion_mrr", "contraction_mrr", "product_churn_mrr", "churned_mrr",
                 "end_mrr", "nrr", "grr", "target_mrr", "gap_to_target")


@dataclass(frozen=True, slots=True)
class RevenueMovements:
    from_date: dt.date
    to_date: dt.date
    groups: list[GroupRevenue]


@dataclass
class _Sums:
    start: Decimal = Decimal(0)
    new_entity: Decimal = Decimal(0)
    cross_sell: Decimal = Decimal(0)
    expansion: Decimal = Decimal(0)
    contraction: Decimal = Decimal(0)
    product_churn: Decimal = Decimal(0)
    churned: Decimal = Decimal(0)
    end: Decimal = Decimal(0)

    def add(self, other: _Sums) -> None:
        for name in ("start", *MOVES, "end"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def ratios(self) -> tuple[float | None, float | None]:
        if not self.start:
            return None, None
        kept = self.start - self.contraction - self.product_churn - self.churned
        return (float(round((kept + self.expansion + self.cross_sell) / self.start, 4)),
                float(round(kept / self.start, 4)))

    def amounts(self) -> tuple[float, float, float, float, float, float, float, float]:
        """start, the movements in MOVES order, end: as money."""
        return (_money(self.start), _money(self.new_entity), _money(self.cross_sell),
                _money(self.expansion), _money(self.contraction), _money(self.product_churn),
                _money(self.churned), _money(self.end))


def _money(value: Decimal) -> float:
    return float(value.quantize(CENT))


def _dec(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def company_mrr(f: Facts, company: str) -> Decimal:
    """Active MRR on the company and its departments, summed exactly (0 when the book has
    no such company)."""
    if f.kind.get(company) != "company":
        return Decimal(0)
    units = [company, *f.beneath(company)]
    return sum((_dec(f.mrr.get(u, 0.0)) for u in units), Decimal(0)).quantize(CENT)


def product_mrr(G: nx.MultiDiGraph[str], f: Facts) -> dict[str, dict[str, Decimal]]:
    """Company -> product -> active MRR on the company and its departments (group currency)."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for account, product, a in edges_of_type(G, "SUBSCRIBES"):
        if a.get("status") != "active":
            continue
        company = account if f.kind.get(account) == "company" else f.company_of.get(account)
        if company is not None:
            out[company][product] += _dec(a.get("mrr", 0.0))
    return out


def movement(start: Decimal, end: Decimal) -> tuple[str, _Sums]:
    """A company's movement by its totals (new_entity, expansion, contraction, churned, flat
    or none) and its amounts, without the product split (``diff`` reports these)."""
    s = _Sums(start=start, end=end)
    if not start and not end:
        return "none", s
    if not start:
        s.new_entity = end
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


def pair_class(company_start: Decimal, company_end: Decimal, start: Decimal,
               end: Decimal) -> tuple[str | None, Decimal]:
    """The class of one (company, product) pair and its amount (see module docstring);
    None for a pair that did not move."""
    if not company_start:
        return ("new_entity", end) if end else (None, Decimal(0))
    if not company_end:
        return ("churned", start) if start else (None, Decimal(0))
    if not start:
        return ("cross_sell", end) if end else (None, Decimal(0))
    if not end:
        return "product_churn", start
    if end > start:
        return "expansion", end - start
    if end < start:
        return "contraction", start - end
    return None, Decimal(0)


def revenue_movements(G_from: nx.MultiDiGraph[str], G_to: nx.MultiDiGraph[str], *,
                      group: str | None = None, by: By = "company") -> RevenueMovements:
    """Per group, the MRR movements of the period that opens after ``G_from``'s day and ends
    on ``G_to``'s (two graphs of the same book; see module docstring), with the rows of one
    view. Groups by id; companies by end_mrr descending, then start_mrr descending, then id;
    products and lines by id."""
    before, after = facts(G_from), facts(G_to)
    if before.as_of > after.as_of:
        raise UsageError(f"the start of the period ({before.as_of}) is after its end "
                         f"({after.as_of})")
    if group is not None:
        after.require(group, "group")
    old, new = product_mrr(G_from, before), product_mrr(G_to, after)
    groups = []
    for g in sorted(after.groups):
        if group is None or g == group:
            groups.append(_group(G_to, after, g, old, new, by))
    return RevenueMovements(before.as_of + dt.timedelta(days=1), after.as_of, groups)


def _group(G: nx.MultiDiGraph[str], f: Facts, g: str, old: dict[str, dict[str, Decimal]],
           new: dict[str, dict[str, Decimal]], by: By) -> GroupRevenue:
    total = _Sums()
    per_product: dict[str, _Sums] = defaultdict(_Sums)
    companies = []
    for c in f.companies:
        if f.group_of[c] != g:
            continue
        start_c = sum(old.get(c, {}).values(), Decimal(0))
        end_c = sum(new.get(c, {}).values(), Decimal(0))
        kind, _ = movement(start_c, end_c)
        sums = _Sums(start=start_c, end=end_c)
        for p in sorted(set(old.get(c, {})) | set(new.get(c, {}))):
            start, end = old.get(c, {}).get(p, Decimal(0)), new.get(c, {}).get(p, Decimal(0))
            cls, amount = pair_class(start_c, end_c, start, end)
            row = per_product[p]
            row.start += start
            row.end += end
            if cls is not None:
                setattr(sums, cls, getattr(sums, cls) + amount)
                setattr(row, cls, getattr(row, cls) + amount)
        total.add(sums)
        companies.append(CompanyRevenue(c, f.name[c], kind, *sums.amounts(), *sums.ratios()))
    companies.sort(key=lambda r: (-r.end_mrr, -r.start_mrr, r.id))
    target = f.target.get(g)
    gap = None if target is None else _money(_dec(target) - total.end)
    products, lines = _product_rows(G, f, per_product)
    return GroupRevenue(g, f.name[g], f.currency.get(g), *total.amounts(), *total.ratios(),
                        target, gap, companies, products, lines, by)


def _product_rows(G: nx.MultiDiGraph[str], f: Facts, per_product: dict[str, _Sums]
                  ) -> tuple[list[ProductRevenue], list[LineRevenue]]:
    products: list[ProductRevenue] = []
    by_line: dict[str, _Sums] = defaultdict(_Sums)
    line_products: dict[str, list[str]] = defaultdict(list)
    for p in sorted(per_product):
        line = product_line(G.nodes[p].get("line"), p)
        sums = per_product[p]
        products.append(ProductRevenue(p, f.name[p], line, *sums.amounts(), *sums.ratios()))
        by_line[line].add(sums)
        line_products[line].append(p)
    lines = [LineRevenue(line, line_products[line], *by_line[line].amounts(),
                         *by_line[line].ratios()) for line in sorted(by_line)]
    return products, lines
