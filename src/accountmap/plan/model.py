"""The account plan as data: one group's review page, computed from the analyses.

``build_plan(G, G_since, group=...)`` takes the graph as of the review day (``G``) and the
graph of the earlier state to compare with (the same book as of ``--since``, or the previous
review's file), and returns a ``Plan``: typed sections with ids, names and numbers, no
language. ``plan.document`` turns it into headings, sentences and tables in English or
Japanese; ``plan.markdown`` and ``plan.html`` print that document.

Definitions (each section reuses an analysis; nothing here is a second definition):

1. **Glance**: the group's companies as a tree (``parent``) with ``ownership`` and their
   current MRR (``facts.current_mrr``: the company and its departments); active MRR per
   product line; ``revenue`` movements from the earlier state's day to as_of; open pipeline
   split into renewals (opportunity kind ``renewal``) and new money (every other kind), each
   with its contract value and the MRR it would add (opportunities without ``mrr`` are
   counted apart); new money covers the gap when its MRR >= ``gap_to_target``.
2. **Renewals**: ``renewals`` within the window, for the group.
3. **Coverage**: the grid's accounts are the group's companies and departments with current
   MRR, potential MRR or an open opportunity. Buying roles are held by an active stakeholder
   belonging to the account (facts' *belongs to*); our roles count when an assignment covers
   the account (on it, a department above it, its company or its group), with the
   assignment's role. Handoff gaps: a revenue account with active MRR and no account manager
   or customer success covering it; an account with a won opportunity whose only covering
   assignees are account executives. Uncovered entities: ``coverage`` for the group.
4. **Risks**: ``threads`` (flagged accounts, key people of the group), stakeholders of the
   group with a champion or economic-buyer role who left (``left_on``/``status: left``, with
   ``moved_to``), ``stale`` pairs of the group's people, and ``contacts`` flags with the
   dates of each collision.
5. **Reachable white space**: ``whitespace`` rows (companies and departments) with a value,
   by value; for each, the cheapest ``paths.warm_paths`` to an active decision maker or
   economic buyer belonging to it, else to anyone belonging to it; none means a new
   introduction is needed.
6. **Changes**: ``diff`` between the earlier state and now, for the group.
7. **Actions**: ``plan.actions`` (merged per owner and customer person or account, ranked by
   urgency, routed to each person's designated contact: ``plan.routing``), with the plan's
   check of one voice (``one_voice``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..analysis.contacts import (
    WINDOW_DAYS,
    ContactedStakeholder,
    collision_pairs,
    contact_load,
)
from ..analysis.coverage import UncoveredEntity, uncovered_entities
from ..analysis.diff import Change, diff
from ..analysis.paths import WarmPath, warm_paths_to
from ..analysis.renewals import WITHIN_DAYS, Renewal, forecast, renewals
from ..analysis.revenue import revenue_movements
from ..analysis.stale import STALE_DAYS, StaleRelationship, stale_relationships
from ..analysis.threads import KeyPerson, ThreadedAccount, key_person_risk
from ..analysis.threads import single_threaded_accounts as threaded
from ..analysis.whitespace import Level, WhiteSpaceRow, white_space
from ..contracts import fiscal_year_of, product_line
from ..facts import Facts, facts
from ..graph import edges_of_type, opportunities
from .action_types import PlannedAction
from .expectations import Expectations
from .follow_up import FollowUp, follow_up
from .glance import Glance, glance
from .routing import OneVoice

BUYING_ROLES = ("economic_buyer", "decision_maker", "champion", "technical_evaluator", "user")
OUR_ROLES = ("account_manager", "customer_success", "account_executive", "customer_sales")
TARGET_ROLES = ("decision_maker", "economic_buyer")


@dataclass(frozen=True, slots=True)
class GridRow:
    id: str
    kind: str
    name: str
    mrr: float
    potential_mrr: float
    buying_roles: dict[str, list[str]]  # role -> stakeholders holding it
    our_roles: dict[str, list[str]]  # role -> owners assigned with it
    states: list[str]  # company/department, paying, new_business (plan.expectations)
    expected: list[str]  # the roles expected here (buying and ours)
    gaps: list[str]  # expected roles nobody holds (customer success: a paid line uncovered)


@dataclass(frozen=True, slots=True)
class HandoffGap:
    account: str
    kind: str  # no_account_manager, no_customer_success or account_executive_only
    mrr: float
    owners: list[str]
    deal: str | None
    product_line: str | None = None  # no_customer_success: the line without one


@dataclass(frozen=True, slots=True)
class LeftPerson:
    id: str
    roles: list[str]
    left_on: dt.date | None
    company: str
    unit: str  # their department, else company
    moved_to: str | None
    moved_unit: str | None
    successor: str | None
    mrr: float  # current MRR of their unit


@dataclass(frozen=True, slots=True)
class OverContacted:
    contact: ContactedStakeholder
    collision_dates: list[tuple[dt.date, dt.date]]


@dataclass(frozen=True, slots=True)
class ReachableWhiteSpace:
    id: str
    kind: str
    value: float
    potential_mrr: float
    mrr: float
    decision_makers: list[str]
    path: WarmPath | None
    path_to_decision_maker: bool


@dataclass(frozen=True, slots=True)
class Coverage:
    grid: list[GridRow]
    handoff: list[HandoffGap]
    uncovered: list[UncoveredEntity]


@dataclass(frozen=True, slots=True)
class Risks:
    single_threaded: list[ThreadedAccount]
    key_people: list[KeyPerson]
    left: list[LeftPerson]
    stale: list[StaleRelationship]
    over_contacted: list[OverContacted]


@dataclass(frozen=True, slots=True)
class Plan:
    group: str
    group_name: str
    currency: str | None
    as_of: dt.date
    since: dt.date
    previous: str | None
    renewals_within: int
    contact_window: int
    lead: str | None
    names: dict[str, str]
    #: the group's departments -> their company (a repeated department name is shown with
    #: its company's)
    companies_of: dict[str, str]
    #: the group's people -> their department, else company (where the page places them)
    places: dict[str, str]
    glance: Glance
    renewals: list[Renewal]
    forecast: PlanForecast
    coverage: Coverage
    risks: Risks
    white_space: list[ReachableWhiteSpace]
    changes: list[Change]
    actions: list[PlannedAction]
    one_voice: OneVoice | None = None
    #: the previous review's actions with their status (``--previous-plan``), else empty
    follow_up: list[FollowUp] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PlanForecast:
    """The group's renewals in the window: MRR secured, at risk, notified as churn."""

    secured_mrr: float
    at_risk_mrr: float
    notified_churn_mrr: float


@dataclass(frozen=True)
class PlanOptions:
    renewals_within: int = WITHIN_DAYS.default
    stale_days: int = STALE_DAYS.default
    contact_window: int = WINDOW_DAYS.default
    previous: str | None = None  # the previous review's file, when compared with one
    #: the renewals' window instead of renewals_within (a --period)
    renewals_period: tuple[dt.date, dt.date] | None = None
    #: the day looked back to (G_since is the book as of that day); None: G_since's own day
    #: (a previous review's file)
    since: dt.date | None = None
    #: new money counts deals closing by this day (default: the end of the fiscal year that
    #: contains as_of)
    period_end: dt.date | None = None
    #: the previous review's plan (its JSON, ``follow_up.read_previous_plan``)
    previous_plan: dict[str, Any] | None = None
    #: which roles the coverage grid expects where (``plan.expectations``)
    expect: Expectations = field(default_factory=Expectations)


def build_plan(G: nx.MultiDiGraph[str], G_since: nx.MultiDiGraph[str], *, group: str,
               options: PlanOptions | None = None) -> Plan:
    """The plan of one group (see module docstring)."""
    from .actions import recommended_actions

    opts = options or PlanOptions()
    f = facts(G)
    f.require(group, "group")
    since = opts.since or facts(G_since).as_of
    in_group = {n for n, g in f.group_of.items() if g == group}
    revenue = revenue_movements(G_since if since <= f.as_of else G, G, group=group).groups[0]
    period_end = opts.period_end or fiscal_year_of(G.graph.get("fiscal_year_start"),
                                                   f.as_of).last
    at_a_glance = glance(G, f, group, revenue, period_end)
    calendar = renewals(G, within_days=opts.renewals_within, stale_days=opts.stale_days,
                        group=group, period=opts.renewals_period)
    ahead = forecast(G, calendar, group)[0]
    coverage = Coverage(_grid(G, f, group, opts.expect), _handoff(G, f, group),
                        uncovered_entities(G, group=group))
    risks = _risks(G, f, group, in_group, opts)
    plan = Plan(
        group=group, group_name=f.name[group], currency=f.currency.get(group), as_of=f.as_of,
        since=since, previous=opts.previous, renewals_within=opts.renewals_within,
        contact_window=opts.contact_window, lead=group_lead(f, group),
        names=dict(f.name), companies_of={d: f.company_of[d] for d in f.departments
                                          if d in in_group},
        places={s: f.stakeholder_dept.get(s) or f.company_of[s] for s in f.stakeholders
                if s in in_group},
        glance=at_a_glance, renewals=calendar,
        forecast=PlanForecast(ahead.secured_mrr, ahead.at_risk_mrr, ahead.notified_churn_mrr),
        coverage=coverage, risks=risks, white_space=_white_space(G, f, group),
        changes=diff(G_since, G, group=group), actions=[])
    actions, check = recommended_actions(G, plan)
    followed: list[FollowUp] = []
    if opts.previous_plan is not None:
        current = {(x.finding, x.subject) for a in actions for x in a.findings}
        followed = follow_up(opts.previous_plan, G, current)
    return _with_actions(plan, actions, check, followed)


def _with_actions(plan: Plan, actions: list[PlannedAction], check: OneVoice,
                  followed: list[FollowUp]) -> Plan:
    from dataclasses import replace

    return replace(plan, actions=actions, one_voice=check, follow_up=followed)


def group_lead(f: Facts, group: str) -> str | None:
    """Who leads the group for us: the account manager assigned on the group, else on a top
    company of the group, else any account manager assigned in the group (smallest id)."""
    on_group = sorted(o for o, r in f.assigned_on.get(group, ()) if r == "account_manager")
    if on_group:
        return on_group[0]
    tops = [c for c in f.companies if f.group_of[c] == group and f.parent_company.get(c) is None]
    on_top = sorted(o for c in tops for o, r in f.assigned_on.get(c, ()) if r == "account_manager")
    if on_top:
        return on_top[0]
    anywhere = sorted(o for o, account, r in f.assignments
                      if r == "account_manager" and f.group_of.get(account) == group)
    return anywhere[0] if anywhere else None


def covering_roles(f: Facts, account: str) -> dict[str, list[str]]:
    """Role -> owners, for every assignment that covers the account: on it, on a department
    above it, on its company or on its group."""
    out: dict[str, set[str]] = defaultdict(set)
    for unit in f.units_above(account):
        for owner, role in f.assigned_on.get(unit, ()):
            out[role].add(owner)
    return {role: sorted(owners) for role, owners in out.items()}


def _grid_accounts(G: nx.MultiDiGraph[str], f: Facts, group: str) -> list[str]:
    entities = [e for e in (*f.companies, *f.departments) if f.group_of[e] == group]
    return [e for e in entities
            if f.current_mrr(e) > 0 or f.potential.get(e, 0.0) > 0 or f.pipeline.get(e, 0.0) > 0
            or e in f.revenue_accounts]


def _grid(G: nx.MultiDiGraph[str], f: Facts, group: str, expect: Expectations
          ) -> list[GridRow]:
    new_business = {o.account for o in opportunities(G)
                    if o.status == "open" and o.kind != "renewal"}
    paid, cs_lines = _lines_paid(G), _success_lines(G, f)
    rows = []
    for e in _grid_accounts(G, f, group):
        held: dict[str, list[str]] = {r: [] for r in BUYING_ROLES}
        for s in sorted(f.members.get(e, ())):
            for role in G.nodes[s].get("roles") or ():
                if role in held:
                    held[role].append(s)
        covering = covering_roles(f, e)
        ours = {r: covering.get(r, []) for r in OUR_ROLES}
        states = [f.kind[e]] + (["paying"] if f.mrr.get(e, 0.0) > 0 else []) + (
            ["new_business"] if e in new_business else [])
        expected = expect.expected(set(states))
        holders = {**held, **ours}
        gaps = [r for r in (*BUYING_ROLES, *OUR_ROLES)
                if r in expected and not (held.get(r) or covering.get(r))]
        if "customer_success" in expected and "customer_success" not in gaps and any(
                not _success_covers(f, cs_lines, e, line) for line in paid.get(e, {})):
            gaps.append("customer_success")  # a line it pays for has nobody
        gaps += sorted(r for r in expected - set(holders) if not covering.get(r))
        rows.append(GridRow(e, f.kind[e], f.name[e], round(f.current_mrr(e), 2),
                            round(f.potential.get(e, 0.0), 2), held, ours, states,
                            sorted(expected), gaps))
    rows.sort(key=lambda r: (-r.mrr, -r.potential_mrr, r.id))
    return rows


def _handoff(G: nx.MultiDiGraph[str], f: Facts, group: str) -> list[HandoffGap]:
    won: dict[str, list[str]] = defaultdict(list)
    for o in opportunities(G):
        if o.status == "won" and f.group_of.get(o.account) == group and (
                o.close_date is None or o.close_date <= f.as_of):
            won[o.account].append(o.id)
    paid, cs_lines = _lines_paid(G), _success_lines(G, f)
    out = []
    for account in sorted(f.revenue_accounts | set(won)):
        if f.group_of.get(account) != group:
            continue
        roles = covering_roles(f, account)
        mrr = round(f.current_mrr(account), 2)
        if f.mrr.get(account, 0.0) > 0 and not roles.get("account_manager") \
                and not roles.get("customer_success"):
            out.append(HandoffGap(account, "no_account_manager", mrr,
                                  sorted({o for os in roles.values() for o in os}), None))
        for line, line_mrr in sorted(paid.get(account, {}).items()):
            if not _success_covers(f, cs_lines, account, line):
                out.append(HandoffGap(account, "no_customer_success", round(line_mrr, 2),
                                      sorted({o for os in roles.values() for o in os}), None,
                                      line))
        if won.get(account) and roles and set(roles) == {"account_executive"}:
            out.append(HandoffGap(account, "account_executive_only", mrr,
                                  roles["account_executive"], sorted(won[account])[-1]))
    out.sort(key=lambda h: (-h.mrr, h.account, h.kind, h.product_line or ""))
    return out


def _lines_paid(G: nx.MultiDiGraph[str]) -> dict[str, dict[str, float]]:
    """Account -> product line -> active MRR on the account itself (group currency)."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for account, product, a in edges_of_type(G, "SUBSCRIBES"):
        if a.get("status") == "active" and a.get("mrr", 0.0) > 0:
            out[account][product_line(G.nodes[product].get("line"), product)] += a["mrr"]
    return out


def _success_lines(G: nx.MultiDiGraph[str], f: Facts) -> dict[str, set[str | None]]:
    """Unit -> the product lines its customer-success assignments cover (None: every line)."""
    out: dict[str, set[str | None]] = defaultdict(set)
    for owner, unit, a in edges_of_type(G, "ASSIGNED_TO"):
        if (a.get("role") or f.owner_role.get(owner)) == "customer_success":
            out[unit].add(a.get("product_line"))
    return out


def _success_covers(f: Facts, lines: dict[str, set[str | None]], account: str,
                    line: str) -> bool:
    """Whether customer success covers ``line`` at the account: an assignment with that
    line or none, on the account, a department above it, its company or its group (a group
    account manager never stands in for it)."""
    return any(None in lines.get(u, ()) or line in lines.get(u, ())
               for u in f.units_above(account))


def _risks(G: nx.MultiDiGraph[str], f: Facts, group: str, in_group: set[str],
           opts: PlanOptions) -> Risks:
    accounts = [a for a in threaded(G) if f.group_of.get(a.id) == group]
    group_accounts = {a for a in f.revenue_accounts if f.group_of.get(a) == group}
    key_people = []
    for k in key_person_risk(G):
        mine = [a for a in k.accounts if a in group_accounts]
        if not mine:
            continue
        mrr = round(sum(f.mrr.get(a, 0.0) for a in mine), 2)
        pipe = round(sum(f.pipeline.get(a, 0.0) for a in mine), 2)
        key_people.append(KeyPerson(k.id, k.kind, k.name, mrr, pipe, mine))
    key_people.sort(key=lambda k: (-k.mrr_at_risk, -k.pipeline_at_risk, k.id))
    stale = [r for r in stale_relationships(G, stale_days=opts.stale_days)
             if r.stakeholder in in_group]
    flagged = [c for c in contact_load(G, window_days=opts.contact_window).stakeholders
               if c.id in in_group]
    dates = collision_pairs(G, {c.id for c in flagged}, window_days=opts.contact_window)
    over = [OverContacted(c, dates[c.id]) for c in flagged]
    return Risks(accounts, key_people, _left(G, f, group), stale, over)


def _named_contracts(G: nx.MultiDiGraph[str]) -> dict[str, float]:
    """Stakeholder -> the active MRR of the contracts that name them as champion or economic
    buyer (group currency): what their leaving puts at stake."""
    out: dict[str, float] = defaultdict(float)
    for _account, _product, a in edges_of_type(G, "SUBSCRIBES"):
        if a.get("status") == "active":
            for person in {a.get("champion"), a.get("economic_buyer")} - {None}:
                out[str(person)] += a.get("mrr", 0.0)
    return out


def _left(G: nx.MultiDiGraph[str], f: Facts, group: str) -> list[LeftPerson]:
    """Champions and economic buyers who left; each stakes the contracts that name them,
    else their unit's MRR."""
    named = _named_contracts(G)
    out = []
    for s in f.stakeholders:
        if s in f.active or f.group_of.get(s) != group:
            continue
        a = G.nodes[s]
        roles = [r for r in a.get("roles") or () if r in ("champion", "economic_buyer")]
        if not roles:
            continue
        unit = f.stakeholder_dept.get(s) or f.company_of[s]
        moved = a.get("moved_to")
        moved_unit = None
        if moved is not None and moved in f.kind:
            moved_unit = f.stakeholder_dept.get(moved) or f.company_of.get(moved)
        stake = named[s] if s in named else f.current_mrr(unit)
        successor = a.get("successor") if a.get("successor") in f.kind else None
        out.append(LeftPerson(s, roles, a.get("left_on"), f.company_of[s], unit, moved,
                              moved_unit, successor, round(stake, 2)))
    out.sort(key=lambda p: (-p.mrr, p.left_on or dt.date.min, p.id))
    return out


def _white_space(G: nx.MultiDiGraph[str], f: Facts, group: str) -> list[ReachableWhiteSpace]:
    rows: list[tuple[WhiteSpaceRow, Level]] = []
    levels: tuple[Level, ...] = ("company", "department")
    for level in levels:
        for g in white_space(G, level=level, group=group):
            rows.extend((r, level) for r in g.rows if r.white_space_value > 0)
    out = []
    for r, level in rows:
        people = f.members.get(r.id, set())
        deciders = sorted(s for s in people
                          if set(G.nodes[s].get("roles") or ()) & set(TARGET_ROLES))
        best = _best_path(G, deciders) if deciders else None
        to_decider = best is not None
        if best is None and not deciders:
            best = _best_path(G, sorted(people))
        out.append(ReachableWhiteSpace(r.id, level, r.white_space_value, r.potential_mrr,
                                       r.current_mrr, deciders, best, to_decider))
    out.sort(key=lambda w: (-w.value, w.id))
    return out


def _best_path(G: nx.MultiDiGraph[str], people: list[str]) -> WarmPath | None:
    """The cheapest warm path to any of these people (ties as in ``paths``)."""
    found = warm_paths_to(G, people, k=1)
    return found[0] if found else None
