"""Meetings from calendar exports (iCalendar, RFC 5545: Outlook, Google Calendar, Thunderbird)
as touchpoints of a book.

- **Who**: the organizer and the attendees who did not decline (``PARTSTAT=DECLINED``),
  matched by email, without case, to our owners and to stakeholders (a person with several
  records: the one in post on the meeting's day, else the latest). An event becomes a
  touchpoint only with at least one of ours and one of theirs.
- **When**: recurring events are expanded by ``recurring-ical-events`` (RRULE, RDATE,
  EXDATE, instances moved by RECURRENCE-ID); the date is the start's date in the book's
  ``timezone`` (default UTC; a floating time is taken as that zone's); an event is taken
  when that date is within the window, both ends included. All-day events and cancelled
  events (``STATUS:CANCELLED``) are left out.
- **Which id**: a single event's touchpoint id comes from its UID alone (a moved meeting
  keeps it); an instance of a recurring event from its UID and its RECURRENCE-ID (the
  instance's original start, in UTC): ``cal-UID`` and ``cal-UID@20260105T000000Z``, with the
  UID replaced by its digest when the id would pass ``MAX_ID`` characters. Importing the same
  export twice, or an overlapping later export, adds nothing twice: a touchpoint whose id is
  in the book is updated when the meeting moved or changed, else left alone.
- **What**: ``kind`` call when the event is online (an http(s) URL in LOCATION, a CONFERENCE,
  X-GOOGLE-CONFERENCE or X-MICROSOFT-SKYPETEAMSMEETINGURL property) or has no location, else
  meeting; ``topic`` is the SUMMARY.
- **Who is missing**: attendees (not declined) of the events taken who are neither ours nor
  in the book, and not at one of our owners' email domains, are reported per domain with
  the company whose stakeholders share the domain and the ``accountmap log person`` command
  that adds them; nothing is guessed into the book.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..edit.text import Append, Edit, SetFields
from ..errors import DataError, Problem
from ..io import read_limited
from ..model import Dataset, Stakeholder
from ..organisation import stakeholder_left

#: The most one calendar file may hold.
MAX_ICS_BYTES = 256 << 20
#: The longest touchpoint id an import makes (ids may hold 200 characters).
MAX_ID = 200
_URL = re.compile(r"https?://", re.I)
_ONLINE = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL")


@dataclass(frozen=True)
class Meeting:
    """One event instance inside the window, before the people are matched."""

    id: str
    uid: str
    recurrence_id: str | None
    day: dt.date
    people: tuple[tuple[str, str], ...]  # (email, name) of the organizer and who did not decline
    kind: str
    topic: str | None


@dataclass
class CalendarReport:
    source: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unknown: list[dict[str, Any]] = field(default_factory=list)


def touchpoint_id(uid: str, recurrence_id: str | None) -> str:
    """``cal-UID`` or ``cal-UID@RECURRENCE-ID``, at most ``MAX_ID`` characters (a long or odd
    UID is replaced by its SHA-256 digest)."""
    tail = f"@{recurrence_id}" if recurrence_id else ""
    ident = f"cal-{uid}{tail}"
    if len(ident) <= MAX_ID and uid.isprintable():
        return ident
    return f"cal-{hashlib.sha256(uid.encode()).hexdigest()[:40]}{tail}"


def _utc_text(value: Any, zone: ZoneInfo) -> str:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d") if isinstance(value, dt.date) else str(value)


def _kind(event: Any) -> str:
    location = str(event.get("LOCATION") or "").strip()
    if not location or _URL.search(location) or any(event.get(p) for p in _ONLINE):
        return "call"
    return "meeting"


def _email(address: Any) -> str:
    return re.sub(r"^mailto:", "", str(address).strip(), flags=re.I).strip().casefold()


def _people(event: Any) -> tuple[tuple[str, str], ...]:
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    out: dict[str, str] = {}
    for address in [event.get("ORGANIZER"), *attendees]:
        if address is None:
            continue
        params = getattr(address, "params", {})
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        email = _email(address)
        if "@" in email:
            out.setdefault(email, str(params.get("CN") or email.split("@")[0]).strip())
    return tuple(out.items())


def _recurring_uids(calendar: Any) -> set[str]:
    return {str(e.get("UID")) for e in calendar.walk("VEVENT")
            if e.get("RRULE") is not None or e.get("RDATE") is not None
            or e.get("RECURRENCE-ID") is not None}


def meetings(path: Path, start: dt.date, end: dt.date, zone: ZoneInfo,
             report: CalendarReport) -> list[Meeting]:
    """The event instances of one iCalendar file whose start date in ``zone`` is within
    ``start`` .. ``end``; a file that cannot be read is a ``DataError`` naming it."""
    import icalendar
    import recurring_ical_events

    raw = read_limited(path, MAX_ICS_BYTES)
    if len(raw) > MAX_ICS_BYTES:
        raise DataError([Problem(str(path), "", f"longer than {MAX_ICS_BYTES >> 20} MiB")])
    try:
        calendars = icalendar.Calendar.from_ical(raw, multiple=True)
        if not calendars:
            raise ValueError("no VCALENDAR in it")
        out: list[Meeting] = []
        low = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), zone)
        high = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), zone)
        for calendar in calendars:
            recurring = _recurring_uids(calendar)
            for event in recurring_ical_events.of(calendar).between(low, high):
                found = _meeting(event, recurring, start, end, zone, report)
                if found is not None:
                    out.append(found)
    except DataError:
        raise
    except Exception as exc:  # a third-party parser's errors, any of them
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise DataError([Problem(str(path), "", f"not a calendar that can be read: "
                                                f"{reason}")]) from None
    return out


def _meeting(event: Any, recurring: set[str], start: dt.date, end: dt.date, zone: ZoneInfo,
             report: CalendarReport) -> Meeting | None:
    begin = event.get("DTSTART")
    if begin is None:
        report.skipped["no start (DTSTART)"] += 1
        return None
    when = begin.dt
    if not isinstance(when, dt.datetime):
        report.skipped["all-day event"] += 1
        return None
    day = (when.astimezone(zone) if when.tzinfo is not None else when).date()
    if not start <= day <= end:
        return None
    if str(event.get("STATUS") or "").upper() == "CANCELLED":
        report.skipped["cancelled event"] += 1
        return None
    uid = str(event.get("UID") or "").strip()
    if not uid:
        report.skipped["no UID"] += 1
        return None
    recurrence = None
    if uid in recurring:
        rid = event.get("RECURRENCE-ID")
        recurrence = _utc_text(rid.dt if rid is not None else when, zone)
    topic = " ".join(str(event.get("SUMMARY") or "").split())[:1000] or None
    return Meeting(touchpoint_id(uid, recurrence), uid, recurrence, day, _people(event),
                   _kind(event), topic)


class _Directory:
    """Emails of the book's people."""

    def __init__(self, ds: Dataset) -> None:
        self.owners = {o.email.strip().casefold(): o.id for o in ds.owners if o.email}
        self.people: dict[str, list[Stakeholder]] = {}
        for s in ds.stakeholders:
            if s.email:
                self.people.setdefault(s.email.strip().casefold(), []).append(s)
        self.our_domains = {e.rsplit("@", 1)[1] for e in self.owners if "@" in e}
        by_domain: dict[str, Counter[str]] = {}
        for email, records in self.people.items():
            if "@" in email:
                for s in records:
                    by_domain.setdefault(email.rsplit("@", 1)[1], Counter())[s.company] += 1
        order = {c.id: i for i, c in enumerate(ds.companies)}
        self.company_of = {d: min(c, key=lambda k: (-c[k], order.get(k, 0)))
                           for d, c in by_domain.items()}

    def stakeholder(self, email: str, day: dt.date) -> str | None:
        records = self.people.get(email)
        if not records:
            return None
        present = [s for s in records if not stakeholder_left(s, day)
                   and (s.joined_on is None or s.joined_on <= day)]
        chosen = present or sorted(records, key=lambda s: s.joined_on or dt.date.min)[-1:]
        return chosen[0].id


def import_calendars(paths: Iterable[Path], ds: Dataset, book: str, *, start: dt.date,
                     end: dt.date) -> tuple[list[Edit], CalendarReport]:
    """The edits of the book's touchpoints (new meetings appended, moved or changed ones
    updated) and the report. ``ds`` is the book the meetings go into."""
    zone = ZoneInfo(ds.timezone or "UTC")
    files = list(paths)
    report = CalendarReport(", ".join(str(p) for p in files))
    found: dict[str, Meeting] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            for m in meetings(path, start, end, zone, report):
                found[m.id] = m  # a later export of the same meeting wins
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    directory = _Directory(ds)
    existing = {t.id: (i, t) for i, t in enumerate(ds.touchpoints) if t.id}
    changes: list[Edit] = []
    unknown: dict[str, tuple[str, str]] = {}
    for m in sorted(found.values(), key=lambda m: (m.day, m.id)):
        owners = [directory.owners[e] for e, _ in m.people if e in directory.owners]
        theirs = [directory.stakeholder(e, m.day) for e, _ in m.people]
        stakeholders = list(dict.fromkeys(s for s in theirs if s is not None))
        for email, name in m.people:
            if email not in directory.owners and email not in directory.people \
                    and email.rsplit("@", 1)[1] not in directory.our_domains:
                unknown.setdefault(email, (name, email.rsplit("@", 1)[1]))
        if not owners or not stakeholders:
            report.skipped["no one of ours" if not owners else "no one of theirs"] += 1
            continue
        record: dict[str, Any] = {"id": m.id, "date": m.day.isoformat(),
                                  "owners": list(dict.fromkeys(owners)),
                                  "stakeholders": stakeholders, "kind": m.kind}
        if m.topic:
            record["topic"] = m.topic
        if m.id not in existing:
            changes.append(Append("touchpoints", record))
            report.added.append(m.id)
            continue
        index, old = existing[m.id]
        was = {"date": old.date.isoformat(), "owners": list(old.owners),
               "stakeholders": list(old.stakeholders), "kind": str(old.kind),
               "topic": old.topic}
        changed = {k: v for k, v in record.items() if k != "id" and was.get(k) != v}
        if changed:
            changes.append(SetFields("touchpoints", index, changed))
            report.updated.append(m.id)
        else:
            report.unchanged.append(m.id)
    report.unknown = _unknown_rows(unknown, directory, book)
    return changes, report


def _unknown_rows(unknown: dict[str, tuple[str, str]], directory: _Directory,
                  book: str) -> list[dict[str, Any]]:
    rows = []
    for email, (name, domain) in sorted(unknown.items(), key=lambda x: (x[1][1], x[0])):
        company = directory.company_of.get(domain)
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        command = (f'accountmap log person {shlex.quote(book)} --name "{quoted}" --company '
                   f"{shlex.quote(company) if company else 'COMPANY'} --email "
                   f"{shlex.quote(email)}")
        rows.append({"domain": domain, "company": company, "email": email, "name": name,
                     "command": command})
    return rows


def unknown_lines(rows: list[dict[str, Any]], company_name: dict[str, str]) -> list[str]:
    """The report of unknown attendees as text: a line per domain, then one per person."""
    lines: list[str] = []
    by_domain: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_domain.setdefault(row["domain"], []).append(row)
    for domain, people in by_domain.items():
        company = people[0]["company"]
        where = f"{company} {company_name.get(company, '')}".strip() if company \
            else "no company in the book has this domain"
        lines.append(f"{len(people)} people at {domain} not in the book ({where}):")
        lines += [f"{p['email']}  {p['command']}" for p in people]
    return lines
