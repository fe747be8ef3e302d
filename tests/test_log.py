"""accountmap log: safe edits of a book whose other lines stay byte-identical."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmap.cli.main import cli
from accountmap.edit import log
from accountmap.edit.book import BookFile
from accountmap.errors import DataError
from accountmap.validate import load_dataset

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def kaisei(tmp_path: Path) -> Path:
    """The dated example: commented, flow records, some spanning two lines."""
    path = tmp_path / "kaisei.yaml"
    shutil.copy(EXAMPLES / "kaisei-group.yaml", path)
    return path


@pytest.fixture
def nakamura(tmp_path: Path) -> Path:
    """The main example: block records, quoted dates, a schema comment."""
    path = tmp_path / "nakamura.yaml"
    shutil.copy(EXAMPLES / "nakamura-group.yaml", path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines the edit removed and added."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_meeting_adds_one_flow_line_and_nothing_else(kaisei: Path) -> None:
    before = kaisei.read_text()
    code, out, err = run("log", "meeting", str(kaisei), "--date", "2026-06-20", "--with",
                         "s-pres,星", "--by", "武田", "--topic", "更新 180,000 円",
                         "--format", "json")
    assert code == 0, err
    removed, added = changed_lines(before, kaisei.read_text())
    assert removed == []
    assert added == ["  - {id: tp-2026-06-20-s-pres, date: 2026-06-20, owners: [o-am], "
                     "stakeholders: [s-pres, s-new], kind: meeting, topic: '更新 180,000 円'}"]
    assert json.loads(out)["changes"][0]["id"] == "tp-2026-06-20-s-pres"
    tp = load_dataset(kaisei).touchpoints[-1]
    assert tp.topic == "更新 180,000 円" and tp.stakeholders == ["s-pres", "s-new"]


def test_left_changes_only_the_persons_line(kaisei: Path) -> None:
    before = kaisei.read_text()
    assert run("log", "left", str(kaisei), "海野", "--on", "2026-06-21")[0] == 0
    removed, added = changed_lines(before, kaisei.read_text())
    assert removed == ["  - {id: s-pres, name: 海野 太郎, title: 代表取締役社長, company: c-hd}"]
    assert added == ["  - {id: s-pres, name: 海野 太郎, title: 代表取締役社長, company: c-hd, "
                     "left_on: 2026-06-21}"]


def test_move_in_a_block_book_carries_relationships_over(nakamura: Path) -> None:
    before = nakamura.read_text()
    code, _, err = run("log", "move", str(nakamura), "Hayashi", "--to-company", "c-nk-foods",
                         "--title", "CDO", "--on", "2026-06-29", "--format", "json")
    assert code == 0, err
    removed, added = changed_lines(before, nakamura.read_text())
    assert removed == []  # the old record gains two lines; nothing else moves
    assert added[:2] == ["  left_on: 2026-06-29", "  moved_to: s-hayashi-c-nk-foods"]
    ds = load_dataset(nakamura)
    old = next(s for s in ds.stakeholders if s.id == "s-hayashi")
    new = next(s for s in ds.stakeholders if s.id == "s-hayashi-c-nk-foods")
    assert old.left_on == dt.date(2026, 6, 29) and old.moved_to == new.id
    assert (new.name, new.company, new.title, new.joined_on) == (
        old.name, "c-nk-foods", "CDO", dt.date(2026, 6, 29))
    assert new.roles == old.roles and new.seniority == old.seniority
    assert new.reports_to is None
    for rel in [r for r in ds.relationships if r.stakeholder == old.id]:
        carried = next(r for r in ds.relationships
                       if r.stakeholder == new.id and r.owner == rel.owner)
        met = [t.date for t in ds.touchpoints
               if rel.owner in t.owners and old.id in t.stakeholders]
        latest = max([*met, *([rel.last_contact] if rel.last_contact else [])])
        assert carried.strength == rel.strength and carried.last_contact == latest


def test_person_and_notice(kaisei: Path) -> None:
    code, _, err = run("log", "person", str(kaisei), "--name", "山田 花子", "--company",
                       "海成飲料", "--department", "品質保証部", "--roles", "champion",
                       "--email", "hanako@kaisei.example")
    assert code == 0, err
    ds = load_dataset(kaisei)
    person = ds.stakeholders[-1]
    assert (person.id, person.company, person.department) == ("s-山田-花子", "c-a", "d-qa")
    code, _, err = run("log", "notice", str(kaisei), "--account", "c-a", "--product", "p-qc",
                       "--on", "2026-06-01")
    assert code == 0, err
    sub = next(s for s in load_dataset(kaisei).subscriptions if s.account == "c-a")
    assert sub.notice_received == dt.date(2026, 6, 1)


@pytest.mark.parametrize("args, needle", [
    (["meeting", "--with", "佐藤", "--by", "o-am"], None),  # 兼務: one person, two posts
    (["meeting", "--with", "Nobody", "--by", "o-am"], "no stakeholder with id or name"),
    (["meeting", "--with", "s-pres", "--by", "Nobody"], "no owner with id or name"),
    (["left", "s-new", "--on", "2026-05-01"], "joined_on"),  # ends before it starts
    (["left", "s-old", "--on", "2026-06-01"], "already left on 2026-05-10"),
    (["notice", "--account", "c-a", "--product", "p-none", "--on", "2026-06-01"],
     "no product with id or name"),
    (["move", "s-pres", "--to-company", "c-none", "--on", "2026-06-01"], "no company"),
])
def test_bad_input_writes_nothing(kaisei: Path, args: list[str], needle: str | None) -> None:
    before = kaisei.read_bytes()
    code, out, err = run("log", args[0], str(kaisei), *args[1:])
    if needle is None:
        assert code == 0, err
        return
    assert code == 2, (out, err)
    assert needle in err and "Traceback" not in err
    assert kaisei.read_bytes() == before


def test_ambiguous_name_lists_candidates(kaisei: Path) -> None:
    text = kaisei.read_text().replace("name: 企画 六子", "name: 星 六子")
    kaisei.write_text(text)
    code, _, err = run("log", "meeting", str(kaisei), "--with", "星", "--by", "o-am")
    assert code == 2
    assert "'星' names 2 stakeholders" in err and "s-new" in err and "s-plan" in err


def test_dry_run_prints_the_diff_and_writes_nothing(kaisei: Path) -> None:
    before = kaisei.read_bytes()
    code, out, _ = run("log", "left", str(kaisei), "s-pres", "--on", "2026-06-21", "--dry-run")
    assert code == 0 and kaisei.read_bytes() == before
    assert out.startswith("--- a/kaisei.yaml\n+++ b/kaisei.yaml\n")
    assert "+  - {id: s-pres, name: 海野 太郎, title: 代表取締役社長, company: c-hd, " \
           "left_on: 2026-06-21}" in out


def test_json_book_keeps_its_indentation(kaisei: Path, tmp_path: Path) -> None:
    data = BookFile.open(kaisei).data
    book = tmp_path / "book.json"
    book.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    assert run("log", "left", str(book), "s-pres", "--on", "2026-06-21")[0] == 0
    removed, added = changed_lines(json.dumps(data, indent=2, ensure_ascii=False),
                                   book.read_text())
    assert removed == ['      "company": "c-hd"']
    assert added == ['      "company": "c-hd",', '      "left_on": "2026-06-21"']


_OPS = st.one_of(
    st.tuples(st.just("meeting"), st.sampled_from(["s-pres", "佐藤", "星", "s-toho", "伊藤"]),
              st.sampled_from(["o-am", "遠藤", "o-se"]), st.dates(dt.date(2026, 1, 1),
                                                                  dt.date(2026, 12, 31))),
    st.tuples(st.just("left"), st.sampled_from(["s-pres", "s-sato", "s-new", "s-hoshino"]),
              st.just(""), st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    st.tuples(st.just("move"), st.sampled_from(["s-pres", "s-ito", "s-new", "s-toho"]),
              st.sampled_from(["c-hd", "c-a", "c-acq"]),
              st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    st.tuples(st.just("person"), st.text("あいう佐藤 ab", min_size=1, max_size=6),
              st.sampled_from(["c-hd", "c-a"]), st.just(dt.date(2026, 6, 1))),
    st.tuples(st.just("notice"), st.sampled_from(["c-a", "c-acq", "c-mrg"]), st.just("p-qc"),
              st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))),
)


def _plan(book: BookFile, op: tuple[str, str, str, dt.date]) -> log.Plan:
    kind, a, b, day = op
    ds, src = book.dataset, book.path
    if kind == "meeting":
        return log.meeting(ds, src, day=day, with_=[a], by=[b])
    if kind == "left":
        return log.left(ds, src, person=a, day=day)
    if kind == "move":
        return log.move(ds, src, person=a, company=b, department=None, title="新役職", day=day)
    if kind == "person":
        return log.person(ds, src, name=a, company=b, department=None, title=None,
                          reports_to=None, roles=["user"], email=None, day=day)
    return log.notice(ds, src, account=a, product=b, day=day)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(_OPS, min_size=1, max_size=6))
def test_random_log_sequences_keep_the_book_valid(
        tmp_path: Path, ops: list[tuple[str, str, str, dt.date]]) -> None:
    path = tmp_path / "random.yaml"
    shutil.copy(EXAMPLES / "kaisei-group.yaml", path)
    comments = [line for line in path.read_text().splitlines() if line.lstrip().startswith("#")]
    for op in ops:
        before = path.read_bytes()
        book = BookFile.open(path)
        try:
            text, _ = book.edited(_plan(book, op).edits)
        except DataError:
            assert path.read_bytes() == before
            continue
        book.write(text)
        load_dataset(path)  # still a valid book
        removed, _ = changed_lines(before.decode(), path.read_text())
        assert not [line for line in removed if line.lstrip().startswith("#")]
    kept = [line for line in path.read_text().splitlines() if line.lstrip().startswith("#")]
    assert kept == comments
