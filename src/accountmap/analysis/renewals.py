"""The renewal calendar: active subscriptions that renew soon, who owns each renewal, and what
puts it at risk.

Every subscription active on as_of whose ``renewal`` falls in [as_of, as_of + ``within_days``]
(default 180), sorted by renewal date, then account, then product:

- ``days_left`` = renewal - as_of; ``notice_date`` = renewal - ``notice_days`` (default 60),
  the day by which the customer may give notice;
- ``renewal_owner``: among owners assigned to the account or above it (its parent departments,
  its company, its group; not parent companies), the one with the most senior role for
  renewals: account_manager, then customer_success, then account_executive; ties go to the
  nearest assignment, then the smallest id. Null when none of those roles is assigned.
- ``risks``, in this order, each when true:

  - ``champion_left`` / ``economic_buyer_left``: a stakeholder belonging to the account (the
    account is their company, their department or above it) with that buying role has left;
  - ``single_threaded`` / ``single_owner``: the account's flags from ``threads`` (fewer than 2
    covered stakeholders / paired owners);
  - ``stale``: none of the relationship pairs of the account's active people was contacted
    within the stale limit (their ``cadence_days``, else ``stale_days``, default 180), or it
    has none;
  - ``detractor``: an active stakeholder of the account is a detractor;
  - ``no_renewal_opportunity``: no open opportunity of kind ``renewal`` on the account for
    that product;
  - ``notice_passed``: as_of is after the notice date.

Example: on 2026-06-30, a 4,000/month subscription renewing 2026-08-15 with 60 days' notice
has 46 days left and its notice date (2026-06-16) has passed; its CIO champion left in
March, so its risks include ``champion_left`` and ``notice_passed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from ..facts import Facts, facts
from ..graph import edges_of_type, opportunities
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
             stale_days: int = STALE_DAYS.default, group: str | None = GROUP.default
             ) -> list[Renewal]:
    """Subscriptions renewing within the window, with owner and risks (module docstring)."""
    f = facts(G)
    if group is not None:
        f.require(group, "group")
    end = f.as_of + dt.timedelta(days=within_days)
    flags = {a.id: a.flags for a in account_threads(G)}
    fresh_people = _freshly_contacted(G, f, stale_days)
    renewal_opps = {(o.account, o.product) for o in opportunities(G)
                    if o.status == "open" and o.kind == "renewal"}
    left_roles = _left_roles(G, f)
    out = []
    for account, product, a in edges_of_type(G, "SUBSCRIBES"):
        day = a.get("renewal")
        if a["status"] != "active" or day is None or not f.as_of <= day <= end:
            continue
        if group is not None and f.group_of[account] != group:
            continue
        notice = day - dt.timedelta(days=a.get("notice_days", 60))
        people = f.members.get(account, set())
        risks = {f"{role}_left" for role in left_roles.get(account, ())}
        risks.update(flags.get(account, ()))
        if not people & fresh_people:
            risks.add("stale")
        if any(G.nodes[s].get("sentiment") == "detractor" for s in people):
            risks.add("detractor")
        if (account, product) not in renewal_opps:
            risks.add("no_renewal_opportunity")
        if f.as_of > notice:
            risks.add("notice_passed")
        out.append(Renewal(account, f.name[account], f.group_of[account], product,
                           f.name[product], round(a["mrr"], 2), day, (day - f.as_of).days,
                           notice, renewal_owner(f, account),
                           [r for r in RISKS if r in risks]))
    out.sort(key=lambda r: (r.renewal, r.account, r.product))
    return out


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
