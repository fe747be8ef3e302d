"""Recommended actions: what the account team should do next, each from one finding.

Every action names who should act (an owner of ours), a due date when one follows from the
data, the MRR or potential at stake, and the finding behind it. Nothing is invented: each
rule reads one section of the plan.

=====================  ==============================================  =====================
action                 when                                            who acts, due, stake
=====================  ==============================================  =====================
``open_renewal``       a renewal in the window without a renewal       renewal owner; notice
                       opportunity (its other risks named too)         date (renewal date
                                                                       once passed); its MRR
``secure_renewal``     a renewal in the window with a renewal          same
                       opportunity but other risks
``follow_moved``       a champion / economic buyer left and moved      renewal owner of their
                       inside the group                                unit, else the lead;
                                                                       -; their unit's MRR
``meet_successor``     one who left without a move, with a successor   same
``replace_left``       one who left without a move or successor        same
``assign_am``          revenue with no account manager or customer     the group's lead; -;
                       success                                         the account's MRR
``hand_over``          only account executives after a won deal        the lead, else the
                                                                       AE; -; the MRR
``ask_introduction``   a single-threaded account whose only contact    the owner paired with
                       can introduce another person there (buying      that contact
                       role first, else their manager)                 (strongest); -; MRR +
                                                                       open deals' MRR
``find_second_contact``  the same with nobody to introduce             same
``add_second_owner``   a single-owner account (several contacts)       that owner; -; same
``ask_introduction``/  reachable white space with a path to a          the path's owner; -;
``meet_directly``      decision maker or economic buyer there          the white-space value
``new_introduction``   white space with no path to one                 the lead; -; same
``consolidate``        an over-contacted stakeholder                   the suggested single
                                                                       contact; -; their
                                                                       unit's MRR
``refresh``            a stale relationship                            the pair's owner; -;
                                                                       their unit's MRR
``assign_owner``       an unassigned entity with potential and no      the lead; -; its
                       white-space action                              potential
=====================  ==============================================  =====================

The group's *lead* is ``model.group_lead``. Actions are ranked by stake descending, then due
date (none last), then the order above, then subject and owner; one action per (kind,
subject, owner).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import networkx as nx

from ..analysis.renewals import renewal_owner
from ..facts import Facts, facts
from ..graph import opportunities
from .action_types import (
    Action,
    AddSecondOwner,
    AssignAm,
    AssignOwner,
    AssignSuccess,
    Consolidate,
    FindSecondContact,
    FollowMoved,
    HandOver,
    IntroduceInAccount,
    IntroduceToWhiteSpace,
    MeetDirectly,
    MeetSuccessor,
    NewIntroduction,
    OpenRenewal,
    Refresh,
    ReplaceLeft,
    SecureRenewal,
)

if TYPE_CHECKING:
    from .model import Plan

ORDER = ("open_renewal", "secure_renewal", "follow_moved", "meet_successor", "replace_left",
         "assign_am",
         "assign_customer_success", "hand_over", "ask_introduction", "meet_directly",
         "find_second_contact", "add_second_owner", "new_introduction", "consolidate",
         "refresh", "assign_owner")
#: Buying roles worth an introduction inside a single-threaded account, first preferred.
INTRODUCE_FIRST = ("economic_buyer", "decision_maker", "champion", "technical_evaluator",
                   "user")


def recommended_actions(G: nx.MultiDiGraph[str], plan: Plan) -> list[Action]:
    f = facts(G)
    actions: list[Action] = []
    actions += _renewal_actions(plan)
    actions += _left_actions(f, plan)
    actions += _handoff_actions(plan)
    actions += _thread_actions(G, f, plan)
    actions += _white_space_actions(plan)
    actions += _contact_actions(f, plan)
    actions += _stale_actions(f, plan)
    actions += _owner_actions(plan, {a.subject for a in actions
                                     if a.finding == "white_space"})
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for a in actions:
        key = (a.kind, a.subject, a.owner)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    rank = {k: i for i, k in enumerate(ORDER)}
    unique.sort(key=lambda a: (-a.stake, a.due or dt.date.max, rank[a.kind], a.subject,
                               a.owner or ""))
    return unique


def _renewal_actions(plan: Plan) -> list[Action]:
    out: list[Action] = []
    for r in plan.renewals:
        due = r.notice_date if r.notice_date >= plan.as_of else r.renewal
        others = [x for x in r.risks if x != "no_renewal_opportunity"]
        kind = (OpenRenewal if "no_renewal_opportunity" in r.risks
                else SecureRenewal if others else None)
        if kind is not None:
            out.append(kind(subject=f"{r.account}/{r.product}",
                            owner=r.renewal_owner or plan.lead, due=due,
                            stake=round(r.mrr, 2), finding="renewal", risks=others,
                            account=r.account, product=r.product, mrr=r.mrr,
                            renewal=r.renewal, notice=r.notice_date))
    return out


def _left_actions(f: Facts, plan: Plan) -> list[Action]:
    out: list[Action] = []
    for p in plan.risks.left:
        owner, stake = renewal_owner(f, p.unit) or plan.lead, round(p.mrr, 2)
        if p.moved_to is not None and p.moved_unit is not None:
            out.append(FollowMoved(subject=p.id, owner=owner, due=None, stake=stake,
                                   finding="left", person=p.id, role=p.roles[0],
                                   account=p.unit, left_on=p.left_on, new_unit=p.moved_unit,
                                   moved_to=p.moved_to))
        elif p.successor is not None:
            out.append(MeetSuccessor(subject=p.id, owner=owner, due=None, stake=stake,
                                     finding="left", person=p.id, role=p.roles[0],
                                     account=p.unit, left_on=p.left_on,
                                     successor=p.successor))
        else:
            out.append(ReplaceLeft(subject=p.id, owner=owner, due=None, stake=stake,
                                   finding="left", person=p.id, role=p.roles[0],
                                   account=p.unit, left_on=p.left_on))
    return out


def _handoff_actions(plan: Plan) -> list[Action]:
    out: list[Action] = []
    for h in plan.coverage.handoff:
        if h.kind == "no_account_manager":
            out.append(AssignAm(subject=h.account, owner=plan.lead, due=None,
                                stake=round(h.mrr, 2), finding="no_am", account=h.account,
                                mrr=h.mrr))
        elif h.kind == "no_customer_success" and h.product_line is not None:
            out.append(AssignSuccess(subject=f"{h.account}/{h.product_line}", owner=plan.lead,
                                     due=None, stake=round(h.mrr, 2), finding="no_cs",
                                     account=h.account, product_line=h.product_line,
                                     mrr=h.mrr))
        else:
            out.append(HandOver(subject=h.account, owner=plan.lead or h.owners[0], due=None,
                                stake=round(h.mrr, 2), finding="ae_only", account=h.account,
                                ae=h.owners[0], deal=h.deal))
    return out


def _thread_actions(G: nx.MultiDiGraph[str], f: Facts, plan: Plan) -> list[Action]:
    out: list[Action] = []
    deal_mrr: dict[str, float] = {}
    for o in opportunities(G):  # a renewal deal protects MRR already counted: it adds none
        if o.status == "open" and o.mrr is not None and o.kind != "renewal":
            deal_mrr[o.account] = deal_mrr.get(o.account, 0.0) + o.mrr
    for a in plan.risks.single_threaded:
        stake = a.mrr + deal_mrr.get(a.id, 0.0)  # monthly: MRR and the MRR open deals add
        people = sorted(f.paired_members(a.id))
        if "single_threaded" in a.flags and people:
            contact = people[0]
            owner = max(f.owners_of[contact],
                        key=lambda o: (f.pairs[(o, contact)].strength, [-ord(c) for c in o]))
            target = _introduce(G, f, a.id, contact)
            if target is not None:
                out.append(IntroduceInAccount(
                    subject=a.id, account=a.id, owner=owner, due=None, stake=round(stake, 2),
                    finding="single_threaded", mrr=a.mrr, pipeline=a.pipeline, via=contact,
                    target=target))
            else:
                out.append(FindSecondContact(
                    subject=a.id, account=a.id, owner=owner, due=None, stake=round(stake, 2),
                    finding="single_threaded", mrr=a.mrr, pipeline=a.pipeline,
                    contact=contact))
        elif "single_owner" in a.flags and people:
            owners = sorted({o for s in people for o in f.owners_of[s]})
            if len(owners) == 1:
                out.append(AddSecondOwner(subject=a.id, account=a.id, owner=owners[0], due=None,
                                          stake=round(stake, 2), finding="single_owner",
                                          mrr=a.mrr, pipeline=a.pipeline))
    return out


def _introduce(G: nx.MultiDiGraph[str], f: Facts, account: str, contact: str) -> str | None:
    """Whom the only contact of an account could introduce: an active person of the account
    without any relationship of ours, by buying role (economic buyer first), then id; else
    the contact's manager, when active and not yet known to us."""
    unknown = [s for s in f.members.get(account, ()) if s != contact and not f.owners_of.get(s)]

    def rank(s: str) -> tuple[int, str]:
        roles = G.nodes[s].get("roles") or ()
        best = min((INTRODUCE_FIRST.index(r) for r in roles if r in INTRODUCE_FIRST),
                   default=len(INTRODUCE_FIRST))
        return best, s

    if unknown:
        return min(unknown, key=rank)
    boss = G.nodes[contact].get("reports_to")
    if boss in f.active and not f.owners_of.get(boss):
        return str(boss)
    return None


def _white_space_actions(plan: Plan) -> list[Action]:
    out: list[Action] = []
    for w in plan.white_space:
        stake, p = round(w.value, 2), w.path
        if p is None or (w.decision_makers and not w.path_to_decision_maker):
            out.append(NewIntroduction(subject=w.id, account=w.id, owner=plan.lead, due=None,
                                       stake=stake, finding="white_space", value=w.value))
            continue
        # a path to a decision maker there, or (nobody deciding is known) to anyone first
        kind = MeetDirectly if len(p.nodes) == 2 else IntroduceToWhiteSpace
        direct = w.path_to_decision_maker and len(p.nodes) == 2
        out.append(kind(subject=w.id, account=w.id, owner=p.owner, due=None, stake=stake,
                        finding="white_space", value=w.value, target=p.nodes[-1],
                        via=None if direct else p.nodes[1],
                        to_decision_maker=w.path_to_decision_maker))
    return out


def _unit_mrr(f: Facts, person: str) -> tuple[str, float]:
    unit = f.stakeholder_dept.get(person) or f.company_of[person]
    return unit, round(f.current_mrr(unit), 2)


def _contact_actions(f: Facts, plan: Plan) -> list[Action]:
    out: list[Action] = []
    for o in plan.risks.over_contacted:
        c = o.contact
        _unit, mrr = _unit_mrr(f, c.id)
        actor = c.suggested_contact or plan.lead
        out.append(Consolidate(subject=c.id, owner=actor, due=None, stake=round(mrr, 2),
                               finding="over_contacted", person=c.id, company=c.company,
                               contact=actor, count=c.owner_count, dates=o.collision_dates,
                               days=plan.contact_window))
    return out


def _stale_actions(f: Facts, plan: Plan) -> list[Action]:
    out: list[Action] = []
    for r in plan.risks.stale:
        unit, mrr = _unit_mrr(f, r.stakeholder)
        out.append(Refresh(subject=r.stakeholder, owner=r.owner, due=None, stake=round(mrr, 2),
                           finding="stale" if r.last_contact else "never",
                           person=r.stakeholder, unit=unit, last=r.last_contact, days=r.days))
    return out


def _owner_actions(plan: Plan, handled: set[str]) -> list[Action]:
    return [AssignOwner(subject=e.id, owner=plan.lead, due=None,
                        stake=round(e.potential_mrr, 2), finding="unassigned", account=e.id,
                        potential=e.potential_mrr)
            for e in plan.coverage.uncovered
            if "unassigned" in e.reasons and e.potential_mrr > 0 and e.id not in handled]
