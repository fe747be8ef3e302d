"""import calendar: real iCalendar files (collective/icalendar's tests) and hand-made exports
with our people."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from click.testing import CliRunner

from accountmap.cli.main import cli
from accountmap.errors import DataError
from accountmap.importers.calendar import CalendarReport, meetings, touchpoint_id
from accountmap.validate import load_dataset

REAL = Path(__file__).parent / "fixtures" / "icalendar"

BOOK = """\
# our book
version: 1
as_of: 2026-06-30
timezone: Asia/Tokyo
owners:
  - {id: o-am, name: 武田 直樹, role: account_manager, email: takeda@us.example}
  - {id: o-cs, name: 遠藤 美咲, role: customer_success, email: Endo@us.example}
groups:
  - {id: g-kai, name: 海成グループ}
companies:
  - {id: c-hd, name: 海成ホールディングス, group: g-kai}
stakeholders:
  - {id: s-saeki, name: 佐伯 三郎, company: c-hd, email: Saeki@Kaisei.example}
  - {id: s-hoshi, name: 星 四郎, company: c-hd, email: hoshi@kaisei.example}
touchpoints:
  - {date: 2026-06-10, owners: [o-am], stakeholders: [s-saeki], kind: email}
"""

EXPORT = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//accountmap tests//EN
BEGIN:VEVENT
UID:weekly-1@us.example
DTSTART;TZID=Asia/Tokyo:20260601T083000
DTEND;TZID=Asia/Tokyo:20260601T093000
RRULE:FREQ=WEEKLY;COUNT=5
EXDATE;TZID=Asia/Tokyo:20260608T083000
SUMMARY:定例
LOCATION:https://teams.example/x
ORGANIZER;CN=武田:mailto:TAKEDA@us.example
ATTENDEE;CN=佐伯 三郎;PARTSTAT=ACCEPTED:mailto:saeki@kaisei.example
ATTENDEE;CN=新人 花子;PARTSTAT=NEEDS-ACTION:mailto:hanako@kaisei.example
ATTENDEE;CN=Declined;PARTSTAT=DECLINED:mailto:no@kaisei.example
END:VEVENT
BEGIN:VEVENT
UID:weekly-1@us.example
RECURRENCE-ID;TZID=Asia/Tokyo:20260615T083000
DTSTART;TZID=Asia/Tokyo:20260616T140000
SUMMARY:定例 (moved)
LOCATION:本社 会議室
ORGANIZER;CN=武田:mailto:takeda@us.example
ATTENDEE:mailto:saeki@kaisei.example
ATTENDEE:mailto:hoshi@kaisei.example
END:VEVENT
BEGIN:VEVENT
UID:visit@us.example
DTSTART:20260614T233000Z
SUMMARY:訪問
LOCATION:本社 会議室
ORGANIZER:mailto:endo@us.example
ATTENDEE:mailto:saeki@kaisei.example
END:VEVENT
BEGIN:VEVENT
UID:cancelled@us.example
DTSTART:20260620T010000Z
STATUS:CANCELLED
ORGANIZER:mailto:endo@us.example
ATTENDEE:mailto:saeki@kaisei.example
END:VEVENT
BEGIN:VEVENT
UID:allday@us.example
DTSTART;VALUE=DATE:20260621
ORGANIZER:mailto:endo@us.example
ATTENDEE:mailto:saeki@kaisei.example
END:VEVENT
BEGIN:VEVENT
UID:declined@us.example
DTSTART:20260622T010000Z
ORGANIZER:mailto:endo@us.example
ATTENDEE;PARTSTAT=DECLINED:mailto:saeki@kaisei.example
END:VEVENT
BEGIN:VEVENT
UID:internal@us.example
DTSTART:20260623T010000Z
ORGANIZER:mailto:endo@us.example
ATTENDEE:mailto:takeda@us.example
END:VEVENT
END:VCALENDAR
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK)
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "outlook.ics"
    path.write_text(EXPORT.replace("\n", "\r\n"))
    return path


def test_import_expands_matches_and_leaves_out(book: Path, export: Path) -> None:
    code, out, err = run("import", "calendar", str(export), "--into", str(book), "--from",
                         "2026-06-01", "--to", "2026-06-30", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    tps = {t.id: t for t in load_dataset(book).touchpoints if t.id}
    weekly = "cal-weekly-1@us.example@"
    assert sorted(tps) == sorted([
        f"{weekly}20260531T233000Z",  # 08:30 in Tokyo is the day before in UTC
        f"{weekly}20260614T233000Z",  # moved to the 16th: id from its RECURRENCE-ID
        f"{weekly}20260621T233000Z", f"{weekly}20260628T233000Z",  # 8th: EXDATE
        "cal-visit@us.example"])
    first = tps[f"{weekly}20260531T233000Z"]
    assert (first.date, first.owners, first.stakeholders, first.kind, first.topic) == (
        dt.date(2026, 6, 1), ["o-am"], ["s-saeki"], "call", "定例")
    moved = tps[f"{weekly}20260614T233000Z"]
    assert (moved.date, moved.stakeholders, moved.kind) == (
        dt.date(2026, 6, 16), ["s-saeki", "s-hoshi"], "meeting")
    assert tps["cal-visit@us.example"].date == dt.date(2026, 6, 15)  # 23:30Z is 08:30 JST
    assert report["skipped"] == {"cancelled event": 1, "all-day event": 1,
                                 "no one of theirs": 2}
    assert report["unknown_attendees"] == [{
        "domain": "kaisei.example", "company": "c-hd", "email": "hanako@kaisei.example",
        "name": "新人 花子",
        "command": f'accountmap log person {book} --name "新人 花子" --company c-hd '
                   "--email hanako@kaisei.example"}]


def test_importing_twice_changes_nothing_and_a_moved_meeting_is_updated(
        book: Path, export: Path) -> None:
    args = ["import", "calendar", str(export), "--into", str(book), "--from", "2026-06-01",
            "--to", "2026-06-30"]
    assert run(*args)[0] == 0
    once = book.read_bytes()
    assert run(*args)[0] == 0
    assert book.read_bytes() == once
    export.write_text(export.read_text().replace("DTSTART:20260614T233000Z",
                                                 "DTSTART:20260617T010000Z"))
    _, out, _ = run(*args, "--format", "json")
    assert json.loads(out)["updated"] == ["cal-visit@us.example"]
    tps = [t for t in load_dataset(book).touchpoints if t.id == "cal-visit@us.example"]
    assert len(tps) == 1 and tps[0].date == dt.date(2026, 6, 17)


def test_the_book_timezone_decides_the_date(book: Path, export: Path) -> None:
    book.write_text(BOOK.replace("timezone: Asia/Tokyo\n", ""))  # default UTC
    assert run("import", "calendar", str(export), "--into", str(book), "--from",
               "2026-05-31", "--to", "2026-06-30")[0] == 0
    tps = {t.id: t.date for t in load_dataset(book).touchpoints if t.id}
    assert tps["cal-weekly-1@us.example@20260531T233000Z"] == dt.date(2026, 5, 31)
    assert tps["cal-visit@us.example"] == dt.date(2026, 6, 14)


def test_an_unknown_timezone_is_a_validation_problem(book: Path) -> None:
    book.write_text(BOOK.replace("Asia/Tokyo", "Asia/Nowhere"))
    code, _, err = run("validate", str(book))
    assert code == 2 and "timezone: unknown time zone 'Asia/Nowhere'" in err


def test_the_text_report_lists_unknown_people_per_domain(book: Path, export: Path) -> None:
    code, out, _ = run("import", "calendar", str(export), "--into", str(book), "--from",
                       "2026-06-01", "--to", "2026-06-30")
    assert code == 0
    assert "1 people at kaisei.example not in the book (c-hd 海成ホールディングス):" in out
    assert (f'hanako@kaisei.example  accountmap log person {book} --name "新人 花子" '
            "--company c-hd --email hanako@kaisei.example") in out


REAL_FILES = sorted(p for p in REAL.glob("*.ics") if "broken" not in p.name)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_expansion_matches_the_librarys_own(path: Path) -> None:
    start, end = dt.date(1990, 1, 1), dt.date(2030, 12, 31)
    zone = ZoneInfo("UTC")
    ours = meetings(path, start, end, zone, CalendarReport(str(path)))
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    recurring = {str(e.get("UID")) for e in calendar.walk("VEVENT")
                 if e.get("RRULE") or e.get("RDATE") or e.get("RECURRENCE-ID")}
    expected = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begin = event["DTSTART"].dt
        if not isinstance(begin, dt.datetime) or event.get("STATUS") == "CANCELLED":
            continue
        utc = begin.astimezone(dt.UTC) if begin.tzinfo else begin
        uid = str(event["UID"])
        rid = utc.strftime("%Y%m%dT%H%M%SZ") if uid in recurring else None
        expected.append((touchpoint_id(uid, rid), utc.date()))
    assert sorted((m.id, m.day) for m in ours) == sorted(expected)
    assert len(ours) >= 1


def test_recurring_real_file_gives_one_id_per_instance() -> None:
    found = meetings(REAL / "issue_1081_event_with_rrule.ics", dt.date(2025, 1, 1),
                     dt.date(2025, 1, 31), ZoneInfo("UTC"), CalendarReport(""))
    assert [m.id for m in found] == [f"cal-test-123@202501{d:02d}T100000Z"
                                     for d in range(1, 11)]


def test_a_broken_calendar_is_one_line_exit_2_nothing_written(book: Path) -> None:
    before = book.read_bytes()
    broken = REAL / "issue_104_broken_calendar.ics"
    with pytest.raises(DataError) as caught:
        meetings(broken, dt.date(2014, 1, 1), dt.date(2014, 12, 31), ZoneInfo("UTC"),
                 CalendarReport(""))
    assert len(caught.value.problems) == 1
    code, _, err = run("import", "calendar", str(broken), "--into", str(book), "--from",
                       "2014-01-01", "--to", "2014-12-31")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"{broken}: ") and book.read_bytes() == before


def test_long_uids_make_ids_of_at_most_200_characters() -> None:
    ident = touchpoint_id("x" * 400, "20260101T000000Z")
    assert len(ident) <= 200 and ident.endswith("@20260101T000000Z")
    assert ident == touchpoint_id("x" * 400, "20260101T000000Z")
