"""Follow-up: what became of the previous review's actions (``plan --previous-plan``).

Each action of the previous plan (its ``--format json``) gets a status from its findings,
judged on today's graph and today's plan:

- a finding **no longer applies** when what it is about is gone: the account or record is not
  in the book any more (or, for revenue findings, pays nothing), or the person it is for has
  left;
- a **renewal** finding holds until the contract is renewed (its renewal date moved on, or
  it renewed by itself) or its renewal date passes; a churned contract no longer applies;
  opening a renewal deal does not resolve it;
- an action whose purpose is to meet a person (follow a moved champion, meet a successor, an
  introduction, a direct meeting, a second contact) is **resolved** once that person was met
  (a touchpoint with them after the previous plan's day); any other finding once today's plan
  no longer has it (a consolidated contact, a refreshed relationship, a covered gap);
- otherwise it **holds**.

An action is ``open`` while one of its findings holds (``overdue`` when its due date has
passed), ``no_longer_applies`` when none applies any more, else ``done``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import UsageError
from ..facts import Facts, facts
from ..graph import edges_of_type, touchpoints
from ..io import read_limited
from . import action_types
from .action_types import Action

STATUSES = ("done", "no_longer_applies", "open", "overdue")
#: Actions done once the person they are for was met.
_MEET = ("follow_moved", "meet_successor", "ask_introduction", "find_second_contact",
         "meet_directly")
#: Findings about an account's revenue: gone once the account pays nothing.
_REVENUE = ("no_am", "no_cs", "ae_only", "single_owner")
#: The largest previous plan read (a plan's JSON is a few hundred kilobytes).
MAX_PLAN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One previous action, as it was (``action``: its JSON), with its ``status``."""

    status: str
    action: dict[str, Any]

    def plain_view(self) -> dict[str, object]:
        return {**self.action, "status": self.status}


def read_previous_plan(path: str | Path) -> dict[str, Any]:
    """A previous review's plan JSON; UsageError naming the file when it is not one."""
    try:
        data = json.loads(read_limited(path, MAX_PLAN_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{path}: not a plan's JSON (the JSON an account plan is written as): "
                         f"{exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("actions"), list) \
            or not isinstance(data.get("as_of"), str):
        raise UsageError(f"{path}: not a plan's JSON (the JSON an account plan is written as): "
                         "it needs 'as_of' and 'actions'")
    return data


def _kinds() -> dict[str, type[Action]]:
    out: dict[str, type[Action]] = {}
    for value in vars(action_types).values():
        if isinstance(value, type) and issubclass(value, Action) and value.kind:
            out.setdefault(value.kind, value)
    return out


KINDS = _kinds()


def as_action(item: dict[str, Any]) -> Action | None:
    """A finding of a plan's JSON as its typed action (dates read back), or None when it is
    not one this version knows."""
    cls = KINDS.get(str(item.get("kind")))
    if cls is None:
        return None
    hints = typing.get_type_hints(cls)
    values = {**(item.get("values") or {}), **{k: item.get(k) for k in Action.BASE}}
    try:
        fields = {}
        for field in dataclasses.fields(cls):
            raw = values.get(field.name)
            fields[field.name] = _typed(raw, hints.get(field.name))
        return cls(**fields)
    except (TypeError, ValueError):
        return None


def _typed(raw: Any, hint: Any) -> Any:
    text = str(hint)
    if isinstance(raw, str) and "date" in text and "list" not in text:
        return dt.date.fromisoformat(raw)
    if isinstance(raw, list) and "tuple[datetime.date" in text:
        return [tuple(dt.date.fromisoformat(d) for d in pair) for pair in raw]
    return raw


def _findings(action: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings of a previous action (a plan of an earlier version: the action itself)."""
    found = action.get("findings")
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else [action]


def follow_up(previous: dict[str, Any], G: nx.MultiDiGraph[str],
              current: set[tuple[str, str]]) -> list[FollowUp]:
    """Every previous action with its status (module docstring); ``current``: today's plan's
    findings as (finding, subject)."""
    f = facts(G)
    since = dt.date.fromisoformat(str(previous["as_of"]))
    met = _met_since(G, since)
    out = []
    for action in previous["actions"]:
        if not isinstance(action, dict):
            continue
        states = [_state(G, f, finding, current, met) for finding in _findings(action)]
        due = action.get("due")
        if "holds" in states:
            late = isinstance(due, str) and dt.date.fromisoformat(due) < f.as_of
            status = "overdue" if late else "open"
        elif states and all(s == "gone" for s in states):
            status = "no_longer_applies"
        else:
            status = "done"
        out.append(FollowUp(status, action))
    return out


def _met_since(G: nx.MultiDiGraph[str], since: dt.date) -> set[str]:
    return {s for t in touchpoints(G) if since < t.date <= G.graph["as_of"]
            for s in t.stakeholders}


def _state(G: nx.MultiDiGraph[str], f: Facts, finding: dict[str, Any],
           current: set[tuple[str, str]], met: set[str]) -> str:
    """``holds``, ``resolved`` or ``gone`` for one previous finding."""
    kind, subject = str(finding.get("finding")), str(finding.get("subject"))
    values = finding.get("values") or {}
    if kind == "renewal":
        return _renewal_state(G, f, values)
    cls = KINDS.get(str(finding.get("kind")))
    people = [str(values[k]) for k in (cls.PEOPLE if cls else ()) if values.get(k)]
    about = str(values.get("account") or subject.split("/")[0])
    if people:
        if people[0] not in f.active:
            return "gone"
        if people[0] in met and finding.get("kind") in _MEET:
            return "resolved"
    elif about not in f.kind or (kind in _REVENUE and f.current_mrr(about) <= 0):
        return "gone"
    return "holds" if (kind, subject) in current else "resolved"


def _renewal_state(G: nx.MultiDiGraph[str], f: Facts, values: dict[str, Any]) -> str:
    account, product = values.get("account"), values.get("product")
    renewal = values.get("renewal")
    if not isinstance(renewal, str):
        return "resolved"
    before = dt.date.fromisoformat(renewal)
    for a, p, attrs in edges_of_type(G, "SUBSCRIBES"):
        if a == account and p == product and attrs.get("status") == "active":
            now = attrs.get("renewal")
            if now is not None and now > before:
                return "resolved"  # renewed: the renewal date moved on
            if before < f.as_of:
                return "resolved"  # the renewal date passed and the contract runs on
            return "holds"
    return "gone"  # churned, or the account is gone
