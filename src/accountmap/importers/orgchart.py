"""HR org charts (one row per post) -> a book of business with one customer group.

The columns are named by options (``Columns``), as org-chart tools take them: the post's id,
the id of the post it reports to, the holder's name, job title, unit and organisation.

- Each **organisation** becomes a company of the one group (``--group-name``); a file without
  an organisation column is one company named after the group.
- Each **unit** of an organisation becomes a department of that company (units whose names
  differ only in case or spacing are one department).
- Each **post with a holder** becomes a stakeholder, id ``s-<organisation>-<post id>``: the
  same post gets the same id in every snapshot of the chart, so ``accountmap diff`` between
  two imports shows who joined, who left and whose manager changed. A post id is unique only
  inside its organisation. A post held by two people (a job share: the post id twice) gives
  ``s-...-<post id>`` to the first holder by name and ``-2``, ``-3`` to the others.
- **Vacant posts** (``Vacant``, any case) are not people we could know and are not imported,
  but reporting lines through them are kept: whoever reports to a vacant post reports to the
  nearest holder above it. Posts whose holder is not disclosed (``N/D``, or no name) are
  people we could meet: they are imported, named after the post's title.
- A manager id that means "top of the chart" (``XX``, ``0`` or empty, or ``--top VALUE``) gives
  no ``reports_to``. A manager id not in the organisation is reported and left out; so is a
  reporting line that would close a loop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..identifiers import normal_name, slug
from .common import ImportReport, Progress, cut_loops, read_csv
from .repair import WHERE, repaired

VACANT = {"vacant", "vacancy", "post vacant"}
UNDISCLOSED = {"n/d", "nd", "not disclosed", "-", "n/a"}
TOP = {"xx", "0", "none", "top"}


@dataclass(frozen=True)
class Columns:
    """Which column holds what (header names as in the file)."""

    id: str
    manager: str
    name: str
    title: str | None = None
    unit: str | None = None
    organisation: str | None = None
    top: tuple[str, ...] = ()


@dataclass
class _Post:
    org: str
    ref: str
    manager: str | None
    holders: list[dict[str, Any]] = field(default_factory=list)  # name, title, unit, line


def import_orgchart(paths: list[Path], columns: Columns, *, group_name: str,
                    as_of: dt.date | None = None, progress: Progress | None = None,
                    encoding: str = "utf-8") -> tuple[dict[str, Any], ImportReport]:
    """The book of business of the charts in ``paths`` and the report (module docstring)."""
    report = ImportReport(", ".join(str(p) for p in paths))
    posts: dict[tuple[str, str], _Post] = {}
    order: list[tuple[str, str]] = []
    top = TOP | {t.casefold() for t in columns.top}
    for path in paths:
        rows = list(read_csv(path, report, encoding=encoding))
        _require_columns(path, rows, columns)
        for i, row in enumerate(rows, 1):
            if progress is not None and (i % 1000 == 0 or i == len(rows)):
                progress(path.name, i, len(rows))
            where = f"{path.name}:{row['__line__']}"
            ref = row.get(columns.id)
            if not ref:
                report.skip("row without a post id", where)
                continue
            org = (row.get(columns.organisation) if columns.organisation else None) or group_name
            manager = row.get(columns.manager)
            if manager is not None and manager.casefold() in top:
                manager = None
            name = row.get(columns.name) or ""
            key = (org, ref)
            post = posts.get(key)
            if post is None:
                post = posts[key] = _Post(org, ref, manager)
                order.append(key)
            post.holders.append({
                "name": name, "title": row.get(columns.title) if columns.title else None,
                "unit": row.get(columns.unit) if columns.unit else None, "where": where,
                "vacant": normal_name(name) in VACANT,
                "undisclosed": normal_name(name) in UNDISCLOSED or not name})
    book = _book(posts, order, group_name, as_of or dt.date.today(), report)
    return book, report


def _require_columns(path: Path, rows: list[dict[str, Any]], columns: Columns) -> None:
    if not rows:
        return
    wanted = [c for c in (columns.id, columns.manager, columns.name, columns.title,
                          columns.unit, columns.organisation) if c]
    missing = [c for c in wanted if c not in rows[0]]
    if missing:
        known = ", ".join(k for k in rows[0] if k != "__line__")
        raise UsageError(f"{path}: no column {', '.join(repr(c) for c in missing)} "
                         f"(the columns are: {known})")


def _book(posts: dict[tuple[str, str], _Post], order: list[tuple[str, str]], group_name: str,
          as_of: dt.date, report: ImportReport) -> dict[str, Any]:
    group_id = f"g-{slug(group_name)}"
    companies: dict[str, dict[str, Any]] = {}
    departments: dict[tuple[str, str], dict[str, Any]] = {}
    ids: set[str] = {group_id}

    def unique(base: str) -> str:
        candidate, n = base, 1
        while candidate in ids:
            n += 1
            candidate = f"{base}-{n}"
        ids.add(candidate)
        return candidate

    for org, _ in order:
        if org not in companies:
            companies[org] = {"id": unique(f"c-{slug(org)}"), "name": org, "group": group_id}
    holder_id: dict[tuple[str, str], str] = {}  # first holder of each post
    people: list[dict[str, Any]] = []
    for key in order:
        post = posts[key]
        company = companies[post.org]
        holders = sorted((h for h in post.holders if not h["vacant"]),
                         key=lambda h: normal_name(h["name"]))
        for n, h in enumerate(holders, 1):
            person: dict[str, Any] = {
                "id": unique(f"s-{company['id'][2:]}-{slug(post.ref)}" + (f"-{n}" if n > 1
                                                                          else "")),
                "name": (h["name"] if not h["undisclosed"] else
                         f"{h['title'] or 'Post ' + post.ref} (name not disclosed)"),
                "company": company["id"], WHERE: h["where"]}
            if h["title"]:
                person["title"] = h["title"]
            if h["unit"]:
                unit_key = (post.org, normal_name(h["unit"]))
                if unit_key not in departments:
                    departments[unit_key] = {
                        "id": unique(f"d-{company['id'][2:]}-{slug(h['unit'])}"),
                        "name": h["unit"], "company": company["id"]}
                person["department"] = departments[unit_key]["id"]
            holder_id.setdefault(key, person["id"])
            person["_post"] = key
            people.append(person)
        if not holders:
            report.skip("vacant post (not a person; reporting lines through it are kept)",
                        post.holders[0]["where"])
    for person in people:
        manager = _manager(posts, holder_id, person.pop("_post"), report)
        if manager is not None and manager != person["id"]:
            person["reports_to"] = manager
    cut_loops({p["id"]: p for p in people}, "reports_to", report,
              "reporting line closing a loop (left out)")
    book = repaired({"version": 1, "as_of": as_of.isoformat(),
                     "groups": [{"id": group_id, "name": group_name}],
                     "companies": list(companies.values()),
                     "departments": list(departments.values()), "stakeholders": people},
                    report, report.source)
    report.imported = {section: len(book[section]) for section in
                       ("groups", "companies", "departments", "stakeholders")}
    return book


def _manager(posts: dict[tuple[str, str], _Post], holder_id: dict[tuple[str, str], str],
             key: tuple[str, str], report: ImportReport) -> str | None:
    """The holder of the nearest post above ``key`` that is held (vacant posts skipped)."""
    seen = {key}
    post = posts[key]
    while post.manager is not None:
        above = (post.org, post.manager)
        if above not in posts:
            report.skip("manager post not in the chart (reporting line left out)",
                        f"{post.holders[0]['where']}: {post.manager}")
            return None
        if above in seen:
            return None
        seen.add(above)
        if above in holder_id:
            return holder_id[above]
        post = posts[above]
    return None
