"""What changed since the last review: the differences between two states of a book.

The two states are two graphs: two data files (each as of its own date), or one book as of two
days; the same book as of D1 and D2 gives the same changes as its two snapshots (``snapshot``)
of those days. Each change names its entity by ``id`` and ``name`` (for relationships, the
stakeholder, with the ``owner``), with the value ``before`` and ``after`` where one applies.
The changes, in this order (then by id, then owner):

- ``stakeholder_joined`` / ``stakeholder_left``: active only in the new / only in the old
  state; ``stakeholder_moved``: left with a ``moved_to`` (before: their old unit, after: the
  record at the new place, which is then not reported as joined);
  ``stakeholder_succeeded``: left with a ``successor`` (id: the leaver, after: the successor,
  then not reported as joined); ``post_added``: a new post of a person who holds another
  (``same_person_as``: 兼務 or 出向; after: that other post), instead of joined;
- ``roles_changed``, ``sentiment_changed``: a stakeholder in both states;
  ``manager_changed``: an active stakeholder in both states whose ``reports_to`` differs
  (before/after: the manager's id, null for none);
- ``relationship_gained`` / ``relationship_lost``: a relationship pair (a record or a
  touchpoint) only in the new / old state; ``relationship_faded``: strength 2 or more before,
  below 2 after;
- ``entity_added`` / ``entity_removed``: a company or department only in one state, except:
  ``entity_acquired`` (a company that joined the group after the old state's day; after:
  its ``joined_group_on``), ``entity_divested`` (sold out of the group), ``entity_merged``
  (absorbed; after: the absorbing company), ``department_created`` (``created_on`` after the
  old state's day) and ``department_closed``. The departments and people of a company
  acquired, sold or merged are reported with their company, not one by one;
- ``entity_dark``, ``entity_unassigned``: a company or department in both states that gained
  that coverage reason (see ``coverage``); ``entity_covered``: it had a reason and has none;
- ``account_single_threaded``: a revenue account newly flagged single_threaded;
  ``account_recovered``: flagged before, a revenue account without the flag now;
- ``mrr_new_entity``, ``mrr_acquired``, ``mrr_expansion``, ``mrr_contraction``,
  ``mrr_churned``, ``mrr_divested``: a company's MRR movement (definitions in ``revenue``),
  before and after amounts; a merger moves the absorbed company's MRR to the survivor on
  both sides, so it gives no ``mrr_*`` change;
- ``stakeholder_over_contacted``: newly flagged by ``contacts`` (after: the flags).

Identical states give no change at all. With ``group``, only changes to that group's
people, companies and departments (in either state).

Each side is first reduced to what diff compares (``DiffState``: a few ids, names, flags and
amounts per record), so two large books never sit in memory as graphs at once: the CLI reads
the old book, keeps its state, lets the book go, then reads the new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from ..facts import Facts

from .contacts import contact_load
from .coverage import uncovered_entities
from .revenue import company_mrr, movement
from .threads import account_threads

CHANGES = ("stakeholder_joined", "stakeholder_left", "stakeholder_moved",
           "stakeholder_succeeded", "post_added", "roles_changed", "sentiment_changed",
           "manager_changed", "relationship_gained", "relationship_lost", "relationship_faded",
           "entity_added", "entity_removed", "entity_acquired", "entity_divested",
           "entity_merged", "department_created", "department_closed", "entity_dark",
           "entity_unassigned", "entity_covered", "account_single_threaded",
           "account_recovered", "mrr_new_entity", "mrr_acquired", "mrr_expansion",
           "mrr_contraction", "mrr_churned", "mrr_divested", "stakeholder_over_contacted")
FADED_BELOW = 2


@dataclass(frozen=True, slots=True)
class Change:
    change: str
    kind: str
    id: str
    name: str
    owner: str | None = None
    before: Any = None
    after: Any = None


@dataclass
class DiffState:
    """One side of a diff, reduced to what the changes compare (see module docstring)."""

    active: set[str] = field(default_factory=set)
    stakeholders: set[str] = field(default_factory=set)
    name: dict[str, str] = field(default_factory=dict)
    kind: dict[str, str] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)  # stakeholder -> department or company
    person: dict[str, tuple[list[str], Any, Any, Any]] = field(default_factory=dict)
    as_of: Any = None
    company_of: dict[str, str] = field(default_factory=dict)  # department/person -> company
    successor: dict[str, str] = field(default_factory=dict)
    same_person_as: dict[str, str] = field(default_factory=dict)
    joined_group_on: dict[str, Any] = field(default_factory=dict)  # company -> date
    created_on: dict[str, Any] = field(default_factory=dict)  # department -> date
    ended: dict[str, str] = field(default_factory=dict)  # id -> divested, merged or closed
    survivor: dict[str, str] = field(default_factory=dict)  # absorbed -> absorbing company
    joined_paying: set[str] = field(default_factory=set)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    units: set[str] = field(default_factory=set)
    companies: set[str] = field(default_factory=set)
    uncovered: dict[str, list[str]] = field(default_factory=dict)
    accounts: dict[str, tuple[str, str, list[str], int]] = field(default_factory=dict)
    company_mrr: dict[str, Decimal] = field(default_factory=dict)
    over_contacted: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def state_of(G: nx.MultiDiGraph[str]) -> DiffState:
    """What diff compares of one state (the graph may be let go afterwards)."""

    from ..facts import facts

    f = facts(G)
    st = DiffState(active=set(f.active), stakeholders=set(f.stakeholders), name=dict(f.name),
                   kind=dict(f.kind), group_of=dict(f.group_of),
                   units={*f.companies, *f.departments}, companies=set(f.companies))
    st.as_of, st.company_of = f.as_of, dict(f.company_of)
    st.ended, st.survivor = dict(G.graph.get("ended", {})), dict(G.graph.get("survivor", {}))
    st.joined_paying = set(G.graph.get("joined_paying", ()))
    for s in f.stakeholders:
        a = G.nodes[s]
        st.unit[s] = _unit(f, s)
        st.person[s] = (sorted(a.get("roles") or []), a.get("sentiment"),
                        a.get("reports_to"), a.get("moved_to"))
        if a.get("successor"):
            st.successor[s] = a["successor"]
        if a.get("same_person_as"):
            st.same_person_as[s] = a["same_person_as"]
    for unit, key, store in ((f.companies, "joined_group_on", st.joined_group_on),
                             (f.departments, "created_on", st.created_on)):
        for e in unit:
            if G.nodes[e].get(key) is not None:
                store[e] = G.nodes[e][key]
    st.pairs = {key: pair.strength for key, pair in f.pairs.items()}
    st.uncovered = {u.id: u.reasons for u in uncovered_entities(G)}
    st.accounts = {a.id: (a.kind, a.name, a.flags, a.customer_threads)
                   for a in account_threads(G)}
    st.company_mrr = {c: company_mrr(f, c) for c in f.companies}
    st.over_contacted = {p.id: (p.name, p.flags) for p in contact_load(G).stakeholders}
    return st


def diff(G_old: nx.MultiDiGraph[str], G_new: nx.MultiDiGraph[str], *,
         group: str | None = None) -> list[Change]:
    """Every change from the old state to the new (see module docstring)."""

    from ..facts import facts

    if group is not None and facts(G_old).kind.get(group) != "group":
        facts(G_new).require(group, "group")
    return diff_states(state_of(G_old), state_of(G_new), group=group)


def diff_states(old: DiffState, new: DiffState, *, group: str | None = None) -> list[Change]:
    """The changes between two reduced states (``state_of``)."""
    moves = _group_moves(old, new)
    changes = [*_people(old, new, moves), *_pairs(old, new), *_entities(old, new, moves),
               *_accounts(old, new), *_revenue(old, new, moves), *_contacts(old, new)]
    if group is not None:
        changes = [c for c in changes
                   if group in (old.group_of.get(c.id), new.group_of.get(c.id))]
    rank = {c: i for i, c in enumerate(CHANGES)}
    changes.sort(key=lambda c: (rank[c.change], c.id, c.owner or ""))
    return changes


def _unit(f: Facts, s: str) -> str:
    return f.stakeholder_dept.get(s) or f.company_of[s]


def _group_moves(old: DiffState, new: DiffState) -> dict[str, str]:
    """Companies that joined or left the group between the two states: ``acquired`` (in the
    new state only, having joined the group after the old state's day), ``divested`` or
    ``merged`` (in the old state only, ended so in the new)."""
    out = {c: "acquired" for c in new.companies - old.companies
           if new.joined_group_on.get(c) is not None and (
               old.as_of is None or new.joined_group_on[c] > old.as_of)}
    out.update((c, new.ended[c]) for c in old.companies - new.companies
               if new.ended.get(c) in ("divested", "merged"))
    return out


def _with_company(state: DiffState, record: str, moves: dict[str, str]) -> bool:
    """The record (a department or person) is reported with its company's M&A change."""
    return state.company_of.get(record) in moves


def _people(old: DiffState, new: DiffState, moves: dict[str, str]) -> Iterator[Change]:
    gone = old.active - new.active
    moved_to = {s: new.person[s][3] for s in gone if s in new.person and new.person[s][3]}
    successor = {s: new.successor[s] for s in gone if s in new.successor}
    arrived = set(moved_to.values()) | set(successor.values())
    for s in sorted(new.active - old.active):
        if s in arrived or _with_company(new, s, moves):
            continue
        if s in new.same_person_as:
            yield Change("post_added", "stakeholder", s, new.name[s], after=new.same_person_as[s])
        else:
            yield Change("stakeholder_joined", "stakeholder", s, new.name[s], after=new.unit[s])
    for s in sorted(gone):
        if s in moved_to:
            yield Change("stakeholder_moved", "stakeholder", s, old.name[s],
                         before=old.unit[s], after=moved_to[s])
        if s in successor:
            yield Change("stakeholder_succeeded", "stakeholder", s, old.name[s],
                         before=old.unit[s], after=successor[s])
        if s not in moved_to and s not in successor and not _with_company(old, s, moves):
            yield Change("stakeholder_left", "stakeholder", s, old.name[s], before=old.unit[s])
    for s in sorted(old.stakeholders & new.stakeholders):
        (roles_a, sent_a, boss_a, _), (roles_b, sent_b, boss_b, _) = old.person[s], new.person[s]
        if roles_a != roles_b:
            yield Change("roles_changed", "stakeholder", s, new.name[s], before=roles_a,
                         after=roles_b)
        if sent_a != sent_b:
            yield Change("sentiment_changed", "stakeholder", s, new.name[s], before=sent_a,
                         after=sent_b)
        if s in old.active and s in new.active and boss_a != boss_b:
            yield Change("manager_changed", "stakeholder", s, new.name[s], before=boss_a,
                         after=boss_b)


def _pairs(old: DiffState, new: DiffState) -> Iterator[Change]:
    for (o, s) in sorted(new.pairs.keys() - old.pairs.keys()):
        yield Change("relationship_gained", "stakeholder", s, new.name[s], o,
                     after=new.pairs[(o, s)])
    for (o, s) in sorted(old.pairs.keys() - new.pairs.keys()):
        yield Change("relationship_lost", "stakeholder", s, old.name[s], o,
                     before=old.pairs[(o, s)])
    for key in sorted(old.pairs.keys() & new.pairs.keys()):
        before, after = old.pairs[key], new.pairs[key]
        if before >= FADED_BELOW > after:
            yield Change("relationship_faded", "stakeholder", key[1], new.name[key[1]], key[0],
                         before=before, after=after)


def _entities(old: DiffState, new: DiffState, moves: dict[str, str]) -> Iterator[Change]:
    for e in sorted(new.units - old.units):
        if moves.get(e) == "acquired":
            yield Change("entity_acquired", "company", e, new.name[e],
                         after=new.joined_group_on.get(e))
        elif _with_company(new, e, moves):
            continue
        elif new.created_on.get(e) is not None and (
                old.as_of is None or new.created_on[e] > old.as_of):
            yield Change("department_created", "department", e, new.name[e],
                         after=new.created_on[e])
        else:
            yield Change("entity_added", new.kind[e], e, new.name[e])
    for e in sorted(old.units - new.units):
        how = moves.get(e)
        if how == "merged":
            yield Change("entity_merged", "company", e, old.name[e], after=new.survivor.get(e))
        elif how == "divested":
            yield Change("entity_divested", "company", e, old.name[e])
        elif _with_company(old, e, moves):
            continue
        elif new.ended.get(e) == "closed":
            yield Change("department_closed", "department", e, old.name[e])
        else:
            yield Change("entity_removed", old.kind[e], e, old.name[e])
    for e in sorted(old.units & new.units):
        was, now = old.uncovered.get(e, []), new.uncovered.get(e, [])
        for reason in ("dark", "unassigned"):
            if reason in now and reason not in was:
                yield Change(f"entity_{reason}", new.kind[e], e, new.name[e], before=was,
                             after=now)
        if was and not now:
            yield Change("entity_covered", new.kind[e], e, new.name[e], before=was, after=now)


def _accounts(old: DiffState, new: DiffState) -> Iterator[Change]:
    for account, (kind, name, flags, threads) in sorted(new.accounts.items()):
        b = old.accounts.get(account)
        flagged = "single_threaded" in flags
        was = b is not None and "single_threaded" in b[2]
        if flagged and not was:
            yield Change("account_single_threaded", kind, account, name,
                         before=b[3] if b else None, after=threads)
        elif was and not flagged and b is not None:
            yield Change("account_recovered", kind, account, name, before=b[3], after=threads)


def _revenue(old: DiffState, new: DiffState, moves: dict[str, str]) -> Iterator[Change]:
    before = dict(old.company_mrr)
    for absorbed, survivor in new.survivor.items():  # a merger moves MRR, it is no movement
        if absorbed in before:
            before[survivor] = before.get(survivor, Decimal(0)) + before.pop(absorbed)
    for c in sorted(set(before) | new.companies):
        start, end = before.get(c, Decimal(0)), new.company_mrr.get(c, Decimal(0))
        kind, sums = movement(start, end)
        how = moves.get(c)
        if how == "divested" and start:
            kind = "divested"
        elif how == "acquired" and end and c in new.joined_paying:
            kind = "acquired"
        if kind in ("new_entity", "acquired", "expansion", "contraction", "churned",
                    "divested"):
            name = new.name.get(c) or old.name[c]
            yield Change(f"mrr_{kind}", "company", c, name, before=float(sums.start),
                         after=float(sums.end))


def _contacts(old: DiffState, new: DiffState) -> Iterator[Change]:
    for p, (name, flags) in new.over_contacted.items():
        if p not in old.over_contacted:
            yield Change("stakeholder_over_contacted", "stakeholder", p, name, after=flags)
