"""Revenue movements over a period: where a group's MRR came from and where it went.

A period starts on its first day D1 and ends on D2: the opening MRR (``start_mrr``) is the
MRR at the end of D1 - 1 (the graph ``G_from``, as of that day), the closing MRR
(``end_mrr``) the MRR on D2 (``G_to``). So a contract that starts on D1 is a movement of the
period, not opening MRR. All amounts are in the group's currency (``contracts.to_group``).

A company's MRR for a product on a day is the active MRR of that product on the company and
every department beneath it (not its subsidiaries: they are companies of their own). Each
(company, product) pair is classified once:

- ``new_entity``: the company had no MRR in the group at the start (its end MRR);
- ``acquired``: the company joined the group during the period (``joined_group_on``) while
  already paying us (a subscription active the day before it joined): its end MRR moves into
  the group by M&A;
- ``divested``: the company left the group during the period, sold (``left_group_on``
  without ``merged_into``): its start MRR leaves by M&A;
- ``churn``: the company has no MRR at the end (its start MRR; key ``churned_mrr``);
- otherwise (the company paid at both ends): ``cross_sell`` (the product went from 0 to
  paying: its end MRR), ``product_churn`` (from paying to 0: its start MRR), ``expansion``
  or ``contraction`` (the same product up or down, still paying: the difference).

A company absorbed by another of the group (``merged_into``) during the period counts as its
survivor on both days: its contracts move with no churn and no expansion, and it has no row.

Per company, group, product or line: start + new_entity + acquired + cross_sell + expansion
- contraction - product_churn - churned - divested = end, exactly. NRR and GRR measure the
same customers, so M&A is left out of both: with base = start - divested, ``nrr`` = (base +
expansion + cross_sell - contraction - product_churn - churned) / base and ``grr`` = (base -
contraction - product_churn - churned) / base (null when base is 0; new entities and
acquisitions count in neither), fractions rounded to 4 places. A company's ``movement`` says
how its total moved: new_entity, acquired, expansion, contraction, churned, divested, flat or
none. ``target_mrr`` is the group's target and ``gap_to_target`` = target_mrr - end_mrr (null
without a target).

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
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import networkx as nx

    from ..facts import Facts

from ..errors import UsageError

#: Amounts are summed as decimals (exact for the two-decimal amounts of the format) and
#: reported as floats rounded to the cent, so every identity above holds exactly.
CENT = Decimal("0.01")


#: Views of the rows under each group.
By = Literal["company", "product", "line"]
BY: tuple[By, ...] = ("company", "product", "line")
#: The movements, in the order of the identity and of the JSON keys.
MOVES = ("new_entity", "acquired", "cross_sell", "expansion", "contraction", "product_churn",
         "churned", "divested")


@dataclass(frozen=True, slots=True)
class CompanyRevenue:
    id: str
    name: str
    movement: str  # new_entity, acquired, expansion, contraction, churned, divested, flat, none
    start_mrr: float
    new_entity_mrr: float
    acquired_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    divested_mrr: float
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
    acquired_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    divested_mrr: float
    end_mrr: float
    nrr: float | None
    grr: float | None


@dataclass(frozen=True, slots=True)
class LineRevenue:
    id: str
    products: list[str]
    start_mrr: float
    new_entity_mrr: float
    acquired_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    divested_mrr: float
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
    acquired_mrr: float
    cross_sell_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    product_churn_mrr: float
    churned_mrr: float
    divested_mrr: float
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


_GROUP_FIELDS = ("id", "name", "currency", "start_mrr", *(f"{m}_mrr" for m in MOVES),
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
    acquired: Decimal = Decimal(0)
    cross_sell: Decimal = Decimal(0)
    expansion: Decimal = Decimal(0)
    contraction: Decimal = Decimal(0)
    product_churn: Decimal = Decimal(0)
    churned: Decimal = Decimal(0)
    divested: Decimal = Decimal(0)
    end: Decimal = Decimal(0)

    def add(self, other: _Sums) -> None:
        for name in ("start", *MOVES, "end"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def ratios(self) -> tuple[float | None, float | None]:
        """NRR and GRR over the customers kept in the group (start less divested)."""
        base = self.start - self.divested
        if not base:
            return None, None
        kept = base - self.contraction - self.product_churn - self.churned
        return (float(round((kept + self.expansion + self.cross_sell) / base, 4)),
                float(round(kept / base, 4)))

    def amounts(self) -> tuple[float, float, float, float, float, float, float, float, float,
                               float]:
        """start, the movements in MOVES order, end: as money."""
        return (_money(self.start), _money(self.new_entity), _money(self.acquired),
                _money(self.cross_sell), _money(self.expansion), _money(self.contraction),
                _money(self.product_churn), _money(self.churned), _money(self.divested),
                _money(self.end))


def exact_ratios(row: object) -> tuple[Decimal | None, Decimal | None]:
    """NRR and GRR of a row (company, product, line or group) recomputed exactly from its
    amounts (which are exact cents), for a display that rounds once (the JSON fractions are
    already rounded to 4 places)."""
    sums = _Sums(**{name: Decimal(str(getattr(row, f"{name}_mrr")))
                    for name in ("start", *MOVES, "end")})
    base = sums.start - sums.divested
    if not base:
        return None, None
    kept = base - sums.contraction - sums.product_churn - sums.churned
    return (kept + sums.expansion + sums.cross_sell) / base, kept / base


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

    from ..graph import edges_of_type

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
               end: Decimal, how: str | None = None) -> tuple[str | None, Decimal]:
    """The class of one (company, product) pair and its amount (see module docstring);
    None for a pair that did not move. ``how``: ``acquired`` or ``divested`` for a company
    that joined or left the group during the period (``company_changes``)."""
    if how == "acquired":
        return ("acquired", end) if end else (None, Decimal(0))
    if how == "divested":
        return ("divested", start) if start else (None, Decimal(0))
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


def company_changes(G_from: nx.MultiDiGraph[str], G_to: nx.MultiDiGraph[str]
                    ) -> dict[str, str]:
    """Companies that joined or left the group between the two graphs' days: ``acquired``
    (in the group at the end, not at the start, and paying us when it joined), ``divested``
    (sold: in the group at the start, ended as divested at the end) or ``merged`` (absorbed:
    its MRR is the survivor's on both days)."""

    from ..facts import facts

    before, ended = facts(G_from), G_to.graph.get("ended", {})
    out = {c: how for c, how in ended.items()
           if how in ("divested", "merged") and before.kind.get(c) == "company"}
    for c in G_to.graph.get("joined_paying", ()):
        if before.kind.get(c) != "company":
            out[c] = "acquired"
    return out


def merged_mrr(by_company: dict[str, dict[str, Decimal]], G_to: nx.MultiDiGraph[str]
               ) -> dict[str, dict[str, Decimal]]:
    """Per-company product MRR with each company absorbed by the end day counted as its
    survivor's (a merger moves contracts, it neither churns nor expands them)."""
    survivor = G_to.graph.get("survivor", {})
    if not any(c in survivor for c in by_company):
        return by_company
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for company, products in by_company.items():
        for product, amount in products.items():
            out[survivor.get(company, company)][product] += amount
    return out


def revenue_movements(G_from: nx.MultiDiGraph[str], G_to: nx.MultiDiGraph[str], *,
                      group: str | None = None, by: By = "company") -> RevenueMovements:
    """Per group, the MRR movements of the period that opens after ``G_from``'s day and ends
    on ``G_to``'s (two graphs of the same book; see module docstring), with the rows of one
    view. Groups by id; companies by end_mrr descending, then start_mrr descending, then id;
    products and lines by id."""

    from ..facts import facts

    before, after = facts(G_from), facts(G_to)
    if before.as_of > after.as_of:
        raise UsageError(f"the start of the period ({before.as_of}) is after its end "
                         f"({after.as_of})")
    if group is not None:
        after.require(group, "group")
    changes = company_changes(G_from, G_to)
    old, new = merged_mrr(product_mrr(G_from, before), G_to), product_mrr(G_to, after)
    groups = []
    for g in sorted(after.groups):
        if group is None or g == group:
            rows = [(c, after.name[c], changes.get(c)) for c in after.companies
                    if after.group_of[c] == g]
            rows += [(c, before.name[c], how) for c, how in changes.items()
                     if how == "divested" and before.group_of.get(c) == g]
            groups.append(_group(G_to, after, g, rows, old, new, by))
    return RevenueMovements(before.as_of + dt.timedelta(days=1), after.as_of, groups)


def _group(G: nx.MultiDiGraph[str], f: Facts, g: str, rows: list[tuple[str, str, str | None]],
           old: dict[str, dict[str, Decimal]], new: dict[str, dict[str, Decimal]],
           by: By) -> GroupRevenue:
    total = _Sums()
    per_product: dict[str, _Sums] = defaultdict(_Sums)
    companies = []
    for c, name, how in rows:
        start_c = sum(old.get(c, {}).values(), Decimal(0))
        end_c = sum(new.get(c, {}).values(), Decimal(0))
        kind, _ = movement(start_c, end_c)
        if how in ("acquired", "divested") and (start_c or end_c):
            kind = how
        sums = _Sums(start=start_c, end=end_c)
        for p in sorted(set(old.get(c, {})) | set(new.get(c, {}))):
            start, end = old.get(c, {}).get(p, Decimal(0)), new.get(c, {}).get(p, Decimal(0))
            cls, amount = pair_class(start_c, end_c, start, end, how)
            row = per_product[p]
            row.start += start
            row.end += end
            if cls is not None:
                setattr(sums, cls, getattr(sums, cls) + amount)
                setattr(row, cls, getattr(row, cls) + amount)
        total.add(sums)
        companies.append(CompanyRevenue(c, name, kind, *sums.amounts(), *sums.ratios()))
    companies.sort(key=lambda r: (-r.end_mrr, -r.start_mrr, r.id))
    target = f.target.get(g)
    gap = None if target is None else _money(_dec(target) - total.end)
    products, lines = _product_rows(G, f, per_product)
    return GroupRevenue(g, f.name[g], f.currency.get(g), *total.amounts(), *total.ratios(),
                        target, gap, companies, products, lines, by)


def _product_rows(G: nx.MultiDiGraph[str], f: Facts, per_product: dict[str, _Sums]
                  ) -> tuple[list[ProductRevenue], list[LineRevenue]]:
    from ..contracts import product_line

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
