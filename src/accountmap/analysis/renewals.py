"""The renewal calendar: active subscriptions that renew soon, who owns each renewal, and what
puts it at risk.

Every subscription active on as_of whose notice date or ``renewal`` date falls in [as_of,
as_of + ``within_days``] (default 180), or in a given period, sorted by renewal date, then
account, then product:

- ``days_left`` = renewal - as_of; ``notice_date`` = renewal - ``notice_days`` (default 60),
  the day by which the customer may give notice;
- ``renewal_owner``: among owners assigned to the account or above it (its parent departments,
  its company, its group; not parent companies), the one with the most senior role for
  renewals: account_manager, then customer_success, then account_executive; ties go to the
  nearest assignment, then the smallest id. Null when none of those roles is assigned.
- ``risks``, in this order, each when true:

  - ``champion_left`` / ``economic_buyer_left``: the contract's own ``champion`` /
    ``economic_buyer`` has left; for a contract that names none, a stakeholder belonging to
    the account (the account is their company, their department or above it) with that
    buying role has left;
  - ``single_threaded`` / ``single_owner``: the account's flags from ``threads`` (fewer than 2
    covered stakeholders / paired owners);
  - ``stale``: none of the relationship pairs of the account's active people was contacted
    within the stale limit (their ``cadence_days``, else ``stale_days``, default 180), or it
    has none;
  - ``detractor``: an active stakeholder of the account is a detractor;
  - ``no_renewal_opportunity``: no open opportunity of kind ``renewal`` on the account for
    that product;
  - ``notice_passed``: as_of is after the notice date (not on a secured row).

- ``status`` (``contracts.renewal_status``): ``churn_notified`` (the customer's notice
  arrived), ``notice_due`` (notice date within 14 days), ``open``, ``renewed_by_default``
  (auto-renewing, or its renewal deal won, and the notice date passed: secured, and
  ``next_renewal`` = renewal + ``term_months``) or ``lapsing`` (notice date passed, no
  auto-renewal, no renewal won).
- ``mrr`` and ``currency`` are the contract's own; ``mrr_group_currency`` the amount in the
  group's currency (``contracts.to_group``).

``forecast`` sums the rows per group, in its currency: ``secured_mrr`` (renewed_by_default),
``at_risk_mrr`` (open, notice_due or lapsing rows with at least one risk) and
``notified_churn_mrr`` (churn_notified).

Example: on 2026-06-30, a 4,000/month subscription renewing 2026-08-15 with 60 days' notice
has 46 days left and its notice date (2026-06-16) has passed; its CIO champion left in
March, so its risks include ``champion_left`` and ``notice_passed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..facts import Facts

from .declare import Analysis, days, text
from .stale import STALE_DAYS, stale_relationships
from .threads import account_threads

WITHIN_DAYS = days("within_days", 180, "Renewals from as_of up to this many days ahead.")
GROUP = text("group", "Only this group's renewals.")
#: Roles that may own a renewal, most senior first.
RENEWAL_ROLES = ("account_manager", "customer_success", "account_executive")
RISKS = ("champion_left", "economic_buyer_left", "single_threaded", "single_owner", "stale",
         "detractor", "no_renewal_opportunity", "notice_passed")


@dataclass(frozen=True, slots=True)
class Renewal:
    account: str
    account_name: str
    group: str
    product: str
    product_name: str
    mrr: float
    renewal: dt.date
    days_left: int
    notice_date: dt.date
    renewal_owner: str | None
    risks: list[str]
    status: str
    auto_renew: bool
    term_months: int
    currency: str | None
    mrr_group_currency: float
    next_renewal: dt.date | None


@dataclass(frozen=True, slots=True)
class Forecast:
    group: str
    currency: str | None
    secured_mrr: float
    at_risk_mrr: float
    notified_churn_mrr: float


def renewal_owner(f: Facts, account: str) -> str | None:
    """The owner of an account's renewals (see module docstring)."""
    best: tuple[int, int, str] | None = None
    for level, unit in enumerate(f.units_above(account)):
        for owner, role in f.assigned_on.get(unit, ()):
            if role in RENEWAL_ROLES:
                rank = (RENEWAL_ROLES.index(role), level, owner)
                best = rank if best is None or rank < best else best
    return best[2] if best else None


def renewals(G: nx.MultiDiGraph[str], *, within_days: int = WITHIN_DAYS.default,
             stale_days: int = STALE_DAYS.default, group: str | None = GROUP.default,
             period: tuple[dt.date, dt.date] | None = None) -> list[Renewal]:
    """Subscriptions renewing in the window (or ``period``, first and last day), with owner,
    status and risks (module docstring)."""

    from ..contracts import next_renewal, renewal_status
    from ..facts import facts
    from ..graph import edges_of_type, opportunities

    f = facts(G)
    if group is not None:
        f.require(group, "group")
    first, last = period or (f.as_of, f.as_of + dt.timedelta(days=within_days))
    flags = {a.id: a.flags for a in account_threads(G)}
    fresh_people = _freshly_contacted(G, f, stale_days)
    opps = [o for o in opportunities(G) if o.kind == "renewal"]
    renewal_opps = {(o.account, o.product) for o in opps if o.status == "open"}
    won = {(o.account, o.product) for o in opps if o.status == "won"}
    left_roles = _left_roles(G, f)
    out = []
    for account, product, a in edges_of_type(G, "SUBSCRIBES"):
        day = a.get("renewal")
        if a["status"] != "active" or day is None:
            continue
        notice = day - dt.timedelta(days=a.get("notice_days", 60))
        if not (first <= day <= last or first <= notice <= last):
            continue
        if group is not None and f.group_of[account] != group:
            continue
        status = renewal_status(notice, f.as_of, auto_renew=a.get("auto_renew", False),
                                notice_received=a.get("notice_received"),
                                renewal_won=(account, product) in won)
        people = f.members.get(account, set())
        risks = _left(a, f, left_roles.get(account, set()))
        risks.update(flags.get(account, ()))
        if not people & fresh_people:
            risks.add("stale")
        if any(G.nodes[s].get("sentiment") == "detractor" for s in people):
            risks.add("detractor")
        if (account, product) not in renewal_opps:
            risks.add("no_renewal_opportunity")
        if f.as_of > notice and status != "renewed_by_default":
            risks.add("notice_passed")
        term = a.get("term_months", 12)
        out.append(Renewal(
            account, f.name[account], f.group_of[account], product, f.name[product],
            round(a.get("contract_mrr", a["mrr"]), 2), day, (day - f.as_of).days, notice,
            renewal_owner(f, account), [r for r in RISKS if r in risks], status,
            a.get("auto_renew", False), term,
            a.get("currency") or f.currency.get(f.group_of[account]), round(a["mrr"], 2),
            next_renewal(day, term) if status == "renewed_by_default" else None))
    out.sort(key=lambda r: (r.renewal, r.account, r.product))
    return out


def _left(a: dict[str, object], f: Facts, account_left: set[str]) -> set[str]:
    """``champion_left`` / ``economic_buyer_left``: the contract's own person when it names
    one, else anyone of the account with the role."""
    risks = set()
    for role in ("champion", "economic_buyer"):
        person = a.get(role)
        if (person not in f.active) if isinstance(person, str) else role in account_left:
            risks.add(f"{role}_left")
    return risks


def forecast(G: nx.MultiDiGraph[str], rows: list[Renewal], group: str | None = None
             ) -> list[Forecast]:
    """Per group (every group, or ``group``), the renewals' MRR secured, at risk and
    notified as churn, in the group's currency (module docstring)."""

    from ..facts import facts

    f = facts(G)
    sums: dict[str, list[Decimal]] = {g: [Decimal(0)] * 3 for g in sorted(f.groups)
                                      if group is None or g == group}
    for r in rows:
        if r.group not in sums:
            continue
        amount = Decimal(str(r.mrr_group_currency))
        if r.status == "renewed_by_default":
            sums[r.group][0] += amount
        elif r.status == "churn_notified":
            sums[r.group][2] += amount
        elif r.risks:
            sums[r.group][1] += amount
    return [Forecast(g, f.currency.get(g), float(s[0]), float(s[1]), float(s[2]))
            for g, s in sums.items()]


def _freshly_contacted(G: nx.MultiDiGraph[str], f: Facts, stale_days: int) -> set[str]:
    """Active stakeholders with at least one relationship pair that is not stale."""
    stale = {(r.owner, r.stakeholder) for r in stale_relationships(G, stale_days=stale_days)}
    return {s for (o, s) in f.pairs if s in f.active and (o, s) not in stale}


def _left_roles(G: nx.MultiDiGraph[str], f: Facts) -> dict[str, set[str]]:
    """Per account, the buying roles (champion, economic_buyer) of people belonging to it who
    have left."""
    out: dict[str, set[str]] = {}
    for s in f.stakeholders:
        if s in f.active:
            continue
        roles = {r for r in G.nodes[s].get("roles") or () if r in ("champion", "economic_buyer")}
        if roles:
            for unit in f.belongs[s]:
                out.setdefault(unit, set()).update(roles)
    return out


RENEWALS = Analysis("renewals", renewals, (WITHIN_DAYS, STALE_DAYS, GROUP),
                    "the renewal calendar")
