"""The tests' own cut of a book to day D, written from the format's definitions (issue #25),
not from the tool's code: it works on the plain data of a file.

- A record exists on D iff it has started (``joined_on``, ``created_on``, ``joined_group_on``,
  a subscription's ``start``, an opportunity's ``created``, a touchpoint's ``date`` <= D or
  absent), and so has the unit it sits in (a department's company and parent department, a
  person's company and department). Records not started are removed with everything that
  refers to them.
- Ended records stay with their end date; end dates after D are not known yet and are
  removed with ``moved_to``/``successor``/``merged_into``; so are ``end`` and
  ``notice_received`` of a subscription after D, a won or lost deal closing on or after D (it
  was open), and a ``last_contact`` after D.
"""

from __future__ import annotations

import copy
from typing import Any


def _started(value: Any, day: str) -> bool:
    return value is None or str(value) <= day


def _later(value: Any, day: str) -> bool:
    return value is not None and str(value) > day


def cut(book: dict[str, Any], day: str) -> dict[str, Any]:
    """The book as it stood on ``day`` (ISO text), as plain data."""
    b = copy.deepcopy(book)
    b["as_of"] = day
    companies = {c["id"] for c in b.get("companies", [])
                 if _started(c.get("joined_group_on"), day)}
    departments = _started_departments(b.get("departments", []), companies, day)
    people = {s["id"] for s in b.get("stakeholders", [])
              if s["company"] in companies and _started(s.get("joined_on"), day)
              and (s.get("department") is None or s["department"] in departments)}
    b["companies"] = [_company(c, companies, day) for c in b.get("companies", [])
                      if c["id"] in companies]
    b["departments"] = [_dropped_if_later(d, "closed_on", day) for d in b.get("departments", [])
                        if d["id"] in departments]
    b["stakeholders"] = [_person(s, people, day) for s in b.get("stakeholders", [])
                         if s["id"] in people]
    b["relationships"] = [_dropped_if_later(r, "last_contact", day)
                          for r in b.get("relationships", []) if r["stakeholder"] in people]
    units = companies | departments
    groups = {g["id"] for g in b.get("groups", [])}
    b["assignments"] = [a for a in b.get("assignments", [])
                        if a["account"] in units or a["account"] in groups]
    b["subscriptions"] = [_subscription(x, people, day) for x in b.get("subscriptions", [])
                          if x["account"] in units and _started(x.get("start"), day)]
    b["opportunities"] = [_opportunity(o, day) for o in b.get("opportunities", [])
                          if o["account"] in units and _started(o.get("created"), day)]
    touches = []
    for t in b.get("touchpoints", []):
        t["stakeholders"] = [s for s in t["stakeholders"] if s in people]
        if str(t["date"]) <= day and t["stakeholders"]:
            touches.append(t)
    b["touchpoints"] = touches
    return b


def _started_departments(departments: list[dict[str, Any]], companies: set[str],
                         day: str) -> set[str]:
    depts = {d["id"]: d for d in departments}
    keep: dict[str, bool] = {}

    def ok(did: str) -> bool:
        if did not in keep:
            d = depts[did]
            keep[did] = False  # (no cycles in a valid book)
            keep[did] = (d["company"] in companies and _started(d.get("created_on"), day)
                         and (d.get("parent") is None or ok(d["parent"])))
        return keep[did]

    return {d for d in depts if ok(d)}


def _dropped_if_later(record: dict[str, Any], key: str, day: str) -> dict[str, Any]:
    if _later(record.get(key), day):
        record.pop(key)
    return record


def _company(c: dict[str, Any], companies: set[str], day: str) -> dict[str, Any]:
    if c.get("parent") is not None and c["parent"] not in companies:
        c.pop("parent")
    if _later(c.get("left_group_on"), day):
        c.pop("left_group_on")
        c.pop("merged_into", None)
    return c


def _person(s: dict[str, Any], people: set[str], day: str) -> dict[str, Any]:
    for ref in ("reports_to", "same_person_as", "moved_to", "successor"):
        if s.get(ref) is not None and s[ref] not in people:
            s.pop(ref)
    if "knows" in s:
        s["knows"] = [k for k in s["knows"] if k in people]
    if _later(s.get("left_on"), day):
        for k in ("left_on", "moved_to", "successor"):
            s.pop(k, None)
        s["status"] = "active"
    return s


def _subscription(x: dict[str, Any], people: set[str], day: str) -> dict[str, Any]:
    for ref in ("champion", "economic_buyer"):
        if x.get(ref) is not None and x[ref] not in people:
            x.pop(ref)
    if _later(x.get("end"), day):
        x.pop("end")
        x["status"] = "active"
    elif x.get("end") is not None:
        x["status"] = "churned"
    return _dropped_if_later(x, "notice_received", day)


def _opportunity(o: dict[str, Any], day: str) -> dict[str, Any]:
    if o.get("status", "open") != "open" and o.get("close_date") is not None \
            and str(o["close_date"]) >= day:
        o["status"] = "open"
    return o
