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

from ..analysis.paths import warm_paths_to
from ..analysis.renewals import renewal_owner
from ..facts import Facts, facts
from ..graph import edges_of_type, opportunities
from .action_types import (
    Action,
    AddSecondOwner,
    AssignAm,
    AssignOwner,
    AssignSuccess,
    ConfirmRenewal,
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
    PlannedAction,
    Refresh,
    ReplaceLeft,
    SecureRenewal,
)
from .routing import OneVoice, Voices, one_voice_conflicts, urgency

if TYPE_CHECKING:
    from .model import Plan

ORDER = ("open_renewal", "secure_renewal", "confirm_renewal", "follow_moved", "meet_successor",
         "replace_left", "assign_am",
         "assign_customer_success", "hand_over", "ask_introduction", "meet_directly",
         "find_second_contact", "add_second_owner", "new_introduction", "consolidate",
         "refresh", "assign_owner")
#: Buying roles worth an introduction inside a single-threaded account, first preferred.
INTRODUCE_FIRST = ("economic_buyer", "decision_maker", "champion", "technical_evaluator",
                   "user")


#: Actions due within this many days of as_of come right after the overdue ones.
SOON_DAYS = 14
#: Paths looked at for an introduction whose go-between has the same contact.
PATHS_TRIED = 10


def recommended_actions(G: nx.MultiDiGraph[str], plan: Plan
                        ) -> tuple[list[PlannedAction], OneVoice]:
    """The plan's actions, merged and ranked (module docstring), and its one-voice check."""
    f = facts(G)
    voices = Voices(G, plan.contact_window, plan.lead)
    found: list[Action] = []
    found += _renewal_actions(plan)
    found += _left_actions(G, f, plan, voices)
    found += _handoff_actions(plan)
    found += _thread_actions(G, f, plan, voices)
    found += _white_space_actions(G, plan, voices)
    found += _contact_actions(f, plan, voices)
    found += _stale_actions(f, plan)
    found += _owner_actions(plan, {a.subject for a in found if a.finding == "white_space"})
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for a in found:
        key = (a.kind, a.subject, a.owner)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    planned = merge_actions(f, unique, plan.as_of)
    routed = [(a.owner, a.people) for a in planned if a.kind != "refresh"]
    people = {f.person.get(p, p) for _, ps in routed for p in ps}
    return planned, OneVoice(len(people), one_voice_conflicts(routed, f))


def _rank(a: Action | PlannedAction, as_of: dt.date) -> tuple[object, ...]:
    """Urgency first (overdue, then due within SOON_DAYS, earliest first), then stake."""
    level = urgency(a.due, as_of, SOON_DAYS)
    early = a.due if level < 2 and a.due is not None else dt.date.max
    order = {k: i for i, k in enumerate(ORDER)}
    return (level, early, -a.stake, a.due or dt.date.max, order.get(a.kind, len(order)),
            a.subject, a.owner or "")


def _about(f: Facts, a: Action) -> str:
    """What an action is about: the customer person it is for (the post that stands for
    them), else its account, else its subject."""
    people = a.people()
    if people:
        return f.person.get(people[0], people[0])
    return str(getattr(a, "account", None) or a.subject)


def merge_actions(f: Facts, findings: list[Action], as_of: dt.date) -> list[PlannedAction]:
    """One action per (owner, customer person or account) with every finding behind it;
    one ``refresh`` line per owner; ranked (``_rank``)."""
    groups: dict[tuple[str, str | None, str], list[Action]] = {}
    for a in findings:
        key = ("refresh", a.owner, "") if a.kind == "refresh" else ("", a.owner, _about(f, a))
        groups.setdefault(key, []).append(a)
    out = []
    for (refresh, owner, about), items in groups.items():
        if refresh:  # the oldest relationship first (never contacted before any date)
            items.sort(key=lambda x: (getattr(x, "last", None) or dt.date.min, x.subject))
            out.append(PlannedAction("refresh", owner, owner or "", None,
                                     max(x.stake for x in items), [], items))
            continue
        items.sort(key=lambda x: _rank(x, as_of))
        people: list[str] = []
        for x in items:
            people += [p for p in x.people() if p not in people]
        dues = [x.due for x in items if x.due is not None]
        out.append(PlannedAction(items[0].kind, owner, about, min(dues) if dues else None,
                                 max(x.stake for x in items), people, items))
    out.sort(key=lambda a: _rank(a, as_of))
    return out


def _renewal_actions(plan: Plan) -> list[Action]:
    """Every renewal of the window: opened, secured, or (no other risk, its notice date in
    the window) confirmed before the notice date."""
    out: list[Action] = []
    last = plan.as_of + dt.timedelta(days=plan.renewals_within)
    for r in plan.renewals:
        due = r.notice_date if r.notice_date >= plan.as_of else r.renewal
        others = [x for x in r.risks if x != "no_renewal_opportunity"]
        kind = (OpenRenewal if "no_renewal_opportunity" in r.risks
                else SecureRenewal if others
                else ConfirmRenewal if plan.as_of <= r.notice_date <= last
                and r.status != "renewed_by_default" else None)
        if kind is not None:
            out.append(kind(subject=f"{r.account}/{r.product}",
                            owner=r.renewal_owner or plan.lead, due=due,
                            stake=round(r.mrr, 2), finding="renewal", risks=others,
                            account=r.account, product=r.product, mrr=r.mrr,
                            renewal=r.renewal, notice=r.notice_date))
    return out


def _named_dues(G: nx.MultiDiGraph[str], as_of: dt.date) -> dict[str, dt.date]:
    """Stakeholder -> the next date a contract that names them (champion or economic buyer)
    needs: its notice date, else its renewal date once the notice date has passed."""
    out: dict[str, dt.date] = {}
    for _account, _product, a in edges_of_type(G, "SUBSCRIBES"):
        renewal = a.get("renewal")
        if a.get("status") != "active" or renewal is None or renewal < as_of:
            continue
        notice = renewal - dt.timedelta(days=a.get("notice_days") or 0)
        due = notice if notice >= as_of else renewal
        for person in {a.get("champion"), a.get("economic_buyer")} - {None}:
            if str(person) not in out or due < out[str(person)]:
                out[str(person)] = due
    return out


def _left_actions(G: nx.MultiDiGraph[str], f: Facts, plan: Plan, voices: Voices
                  ) -> list[Action]:
    out: list[Action] = []
    dues = _named_dues(G, plan.as_of)
    for p in plan.risks.left:
        owner, stake = renewal_owner(f, p.unit) or plan.lead, round(p.mrr, 2)
        due = dues.get(p.id)
        if p.moved_to is not None and p.moved_unit is not None:
            out.append(FollowMoved(subject=p.id, owner=voices.contact_of(p.moved_to), due=due,
                                   stake=stake, finding="left", person=p.id, role=p.roles[0],
                                   account=p.unit, left_on=p.left_on, new_unit=p.moved_unit,
                                   moved_to=p.moved_to))
        elif p.successor is not None and p.successor in f.active:
            out.append(MeetSuccessor(subject=p.id, owner=voices.contact_of(p.successor),
                                     due=due, stake=stake, finding="left", person=p.id,
                                     role=p.roles[0], account=p.unit, left_on=p.left_on,
                                     successor=p.successor))
        else:
            out.append(ReplaceLeft(subject=p.id, owner=owner, due=due, stake=stake,
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


def _thread_actions(G: nx.MultiDiGraph[str], f: Facts, plan: Plan, voices: Voices
                   ) -> list[Action]:
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
            owner = voices.contact_of(contact)
            # the person introduced must hear from the same one of ours as the go-between
            target = next((t for t in _introducible(G, f, a.id, contact)
                           if voices.contact_of(t) == owner), None)
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


def _introducible(G: nx.MultiDiGraph[str], f: Facts, account: str, contact: str) -> list[str]:
    """Whom the only contact of an account could introduce, best first: active people of the
    account without any relationship of ours, by buying role (economic buyer first), then
    id; else the contact's manager, when active and not yet known to us."""
    unknown = [s for s in f.members.get(account, ()) if s != contact and not f.owners_of.get(s)]

    def rank(s: str) -> tuple[int, str]:
        roles = G.nodes[s].get("roles") or ()
        best = min((INTRODUCE_FIRST.index(r) for r in roles if r in INTRODUCE_FIRST),
                   default=len(INTRODUCE_FIRST))
        return best, s

    if unknown:
        return sorted(unknown, key=rank)
    boss = G.nodes[contact].get("reports_to")
    if boss in f.active and not f.owners_of.get(boss):
        return [str(boss)]
    return []


def _white_space_actions(G: nx.MultiDiGraph[str], plan: Plan, voices: Voices) -> list[Action]:
    out: list[Action] = []
    f = facts(G)
    for w in plan.white_space:
        stake, p = round(w.value, 2), w.path
        if p is None or (w.decision_makers and not w.path_to_decision_maker):
            out.append(NewIntroduction(subject=w.id, account=w.id, owner=plan.lead, due=None,
                                       stake=stake, finding="white_space", value=w.value))
            continue
        # the cheapest path that starts at the target's own contact and whose go-between
        # hears from that contact too
        ends = w.decision_makers or sorted(f.members.get(w.id, ()))
        chosen = next((q for q in warm_paths_to(G, ends, k=PATHS_TRIED)
                       if q.owner == voices.contact_of(q.nodes[-1]) and (
                           len(q.nodes) == 2
                           or voices.contact_of(q.nodes[1]) == q.owner)), None)
        if chosen is None:
            out.append(NewIntroduction(subject=w.id, account=w.id,
                                       owner=voices.contact_of(p.nodes[-1]), due=None,
                                       stake=stake, finding="white_space", value=w.value))
            continue
        direct = len(chosen.nodes) == 2
        kind = MeetDirectly if direct else IntroduceToWhiteSpace
        out.append(kind(subject=w.id, account=w.id, owner=voices.contact_of(chosen.nodes[-1]),
                        due=None, stake=stake, finding="white_space", value=w.value,
                        target=chosen.nodes[-1],
                        via=None if direct and w.path_to_decision_maker else chosen.nodes[1],
                        to_decision_maker=w.path_to_decision_maker))
    return out


def _unit_mrr(f: Facts, person: str) -> tuple[str, float]:
    unit = f.stakeholder_dept.get(person) or f.company_of[person]
    return unit, round(f.current_mrr(unit), 2)


def _contact_actions(f: Facts, plan: Plan, voices: Voices) -> list[Action]:
    out: list[Action] = []
    for o in plan.risks.over_contacted:
        c = o.contact
        _unit, mrr = _unit_mrr(f, c.id)
        actor = voices.contact_of(c.id)
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
