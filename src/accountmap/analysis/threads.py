"""Single-threaded revenue and key-person risk.

A **revenue account** R is a company or department with an active subscription or an open
opportunity directly on it; ``mrr`` and ``pipeline`` are the sums directly on it.

- ``customer_threads`` = distinct active people belonging to R that have a relationship
  pair (two posts of one person, 兼務 or 出向, are one); ``owner_threads`` = distinct
  owners paired with any of them.
- flag ``single_threaded`` when customer_threads < ``min_contacts`` (default 2);
  flag ``single_owner`` when owner_threads < ``min_owners`` (default 2).

``single_threaded_accounts`` returns flagged accounts by mrr descending, then id.

**Key-person risk** (``key_person_risk``): for each stakeholder and each owner, ``mrr_at_risk``
is the MRR of the revenue accounts where that person is the *only* covered stakeholder (for a
stakeholder) or the *only* paired owner (for an owner); ``pipeline_at_risk`` likewise; those
accounts are listed. People with a nonzero risk or at least one account are returned, by
mrr_at_risk descending, then id.

Example: a department paying 9,000/month whose only known person is the QA head, known only
by our account manager, is ``single_threaded`` and ``single_owner``; both people carry 9,000
at risk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..facts import Facts

from .declare import Analysis, count, rows_as


@dataclass(frozen=True, slots=True)
class ThreadedAccount:
    id: str
    kind: str
    name: str
    mrr: float
    pipeline: float
    customer_threads: int
    owner_threads: int
    flags: list[str]


@dataclass(frozen=True, slots=True)
class KeyPerson:
    id: str
    kind: str
    name: str
    mrr_at_risk: float
    pipeline_at_risk: float
    accounts: list[str]


def _threads(f: Facts, account: str) -> tuple[set[str], set[str]]:
    """The people (posts of one person counted once, under ``Facts.person``) and the owners
    paired with the account's members."""
    posts = f.paired_members(account)
    owners: set[str] = set()
    for s in posts:
        owners |= f.owners_of[s]
    return {f.person[s] for s in posts}, owners


MIN_CONTACTS = count("min_contacts", 2, "Flag single_threaded below this many covered "
                     "stakeholders.", low=1)
MIN_OWNERS = count("min_owners", 2, "Flag single_owner below this many paired owners.", low=1)


def account_threads(G: nx.MultiDiGraph[str], *, min_contacts: int = MIN_CONTACTS.default,
                    min_owners: int = MIN_OWNERS.default) -> list[ThreadedAccount]:
    """Every revenue account with its thread counts and flags, by mrr desc, then id."""

    from ..facts import facts

    f = facts(G)
    out = []
    for account in f.revenue_accounts:
        people, owners = _threads(f, account)
        flags = []
        if len(people) < min_contacts:
            flags.append("single_threaded")
        if len(owners) < min_owners:
            flags.append("single_owner")
        out.append(ThreadedAccount(account, f.kind[account], f.name[account],
                                   round(f.mrr.get(account, 0.0), 2),
                                   round(f.pipeline.get(account, 0.0), 2),
                                   len(people), len(owners), flags))
    out.sort(key=lambda a: (-a.mrr, a.id))
    return out


def single_threaded_accounts(G: nx.MultiDiGraph[str], *,
                             min_contacts: int = MIN_CONTACTS.default,
                             min_owners: int = MIN_OWNERS.default) -> list[ThreadedAccount]:
    """Revenue accounts with at least one flag (see module docstring)."""
    return [a for a in account_threads(G, min_contacts=min_contacts, min_owners=min_owners)
            if a.flags]


def key_person_risk(G: nx.MultiDiGraph[str]) -> list[KeyPerson]:
    """Stakeholders and owners who are the only thread of revenue accounts."""

    from ..facts import facts

    f = facts(G)
    mrr: dict[str, float] = defaultdict(float)
    pipeline: dict[str, float] = defaultdict(float)
    accounts: dict[str, list[str]] = defaultdict(list)
    for account in f.revenue_accounts:
        people, owners = _threads(f, account)
        for group in (people, owners):
            if len(group) == 1:
                (person,) = group
                mrr[person] += f.mrr.get(account, 0.0)
                pipeline[person] += f.pipeline.get(account, 0.0)
                accounts[person].append(account)
    out = [KeyPerson(p, f.kind[p], f.name[p], round(mrr[p], 2), round(pipeline[p], 2),
                     sorted(accounts[p]))
           for p in accounts if mrr[p] or pipeline[p] or accounts[p]]
    out.sort(key=lambda k: (-k.mrr_at_risk, k.id))
    return out


THREADS = Analysis("threads", single_threaded_accounts, (MIN_CONTACTS, MIN_OWNERS),
                   "single-threaded revenue accounts", query="threads",
                   from_rows=rows_as(ThreadedAccount))
KEY_PEOPLE = Analysis("key_people", key_person_risk, (), "key-person risk",
                      query="key_people", from_rows=rows_as(KeyPerson))
