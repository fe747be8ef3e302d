"""Output pinned exactly: table and CSV rendering (wide characters included), the closed-pipe
exit, atomic writes, and the analysis edge cases that a looser test would let slip.

Each test here was checked by breaking the behaviour it pins (see the note on the issue):
it fails when that behaviour changes.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from accountmap.analysis.contacts import contact_load
from accountmap.analysis.stale import stale_relationships
from accountmap.analysis.threads import key_person_risk
from accountmap.errors import OutputError
from accountmap.io import write_atomic
from accountmap.map import MapOptions, build_map
from accountmap.render import plain, to_csv, to_table
from tests.test_analytics import graph_of, tp

# -- tables ----------------------------------------------------------------------------------

ROWS = [
    {"id": "s-sato", "name": "佐藤 春香", "title": "代表取締役社長", "mrr": 1200.0,
     "roles": ["champion", "user"], "left": False},
    {"id": "s-x", "name": "Ann Lee", "title": None, "mrr": 25.5, "roles": [], "left": True},
]


def test_table_aligns_by_display_width_with_japanese_text():
    assert to_table(ROWS) == (
        "id      name       title            mrr  roles           left\n"
        "------  ---------  --------------  ----  --------------  -----\n"
        "s-sato  佐藤 春香  代表取締役社長  1200  champion, user  false\n"
        "s-x     Ann Lee    unknown         25.5                  true\n")


def test_every_table_line_has_the_same_display_width_before_trailing_space():
    wide = [{"a": "品質保証部", "b": 1}, {"a": "x", "b": 100000}, {"a": "ｶﾀｶﾅ", "b": 7}]
    lines = to_table(wide).splitlines()
    # the last column is numeric (right-aligned), so no line is shortened by rstrip
    assert len({cell_len(line) for line in lines}) == 1, lines


def test_table_replaces_control_characters_and_keeps_printable_text():
    out = to_table([{"name": "evil\x1b[2J\rname\tx", "note": "改行\nなし"}])
    assert "\x1b" not in out and "\r" not in out and "\t" not in out
    assert out.splitlines()[2] == "evil?[2J?name?x  改行?なし"


def test_table_number_formats_and_empty_answer():
    rows = [{"n": 3, "f": 0.25, "g": 1e6, "neg": -2.5}]
    assert to_table(rows).splitlines()[2] == "3  0.25  1000000  -2.5"
    assert to_table([], empty="(none)") == "(none)\n"


# -- csv -------------------------------------------------------------------------------------

def test_csv_exact_lists_joined_with_semicolons_and_quoting():
    assert to_csv([*ROWS, {"id": "q", "name": 'a, "b"', "title": "x\ny", "mrr": 0,
                           "roles": ["a"], "left": None}]) == (
        "id,name,title,mrr,roles,left\n"
        "s-sato,佐藤 春香,代表取締役社長,1200,champion;user,false\n"
        "s-x,Ann Lee,,25.5,,true\n"
        'q,"a, ""b""","x\ny",0,a,\n')


def test_csv_columns_follow_the_given_order():
    assert to_csv([{"b": 1, "a": 2}], ["a", "b"]) == "a,b\n2,1\n"


# -- process-level behaviour -------------------------------------------------------------------

def test_a_closed_pipe_ends_quietly_with_exit_0(tmp_path):
    book = tmp_path / "big.json"
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    cmd = [sys.executable, "-m", "accountmap"]
    subprocess.run([*cmd, "generate", "--groups", "60", "-o", str(book)], check=True,
                   capture_output=True, env=env)
    # > 100 kB of JSON into a reader that stops after 100 bytes: the writer hits EPIPE.
    script = (f'"{cmd[0]}" -m accountmap coverage "{book}" --format json | head -c 100 '
              '>/dev/null; exit "${PIPESTATUS[0]}"')
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_atomic_write_gives_the_usual_permissions_and_replaces_whole(tmp_path):
    target = tmp_path / "out.txt"
    old = os.umask(0o027)
    try:
        write_atomic(target, "first")
        write_atomic(target, "second ✓")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0666 & ~umask, not mkstemp's 0600
    assert target.read_text(encoding="utf-8") == "second ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left


def test_atomic_write_failure_leaves_nothing(tmp_path):
    with pytest.raises(OutputError):
        write_atomic(tmp_path / "missing" / "out.txt", "x")
    assert list(tmp_path.iterdir()) == []


# -- analysis edge cases -----------------------------------------------------------------------

def test_stale_order_unknown_first_then_oldest_then_owner_then_stakeholder(tiny):
    # as_of 2026-01-31. Unknown: (o-cs, s-ceo), (o-am, s-ceo) -> by owner: o-am before o-cs.
    # Dated: (o-cs, s-sub) 2025-01-01 = 395 days first; (o-am, s-sub) and (o-cs, s-ops)
    # 2025-06-01 = 244 days -> by owner (o-am first, although s-ops < s-sub);
    # (o-am, s-cio) 21 days is not stale.
    tiny["relationships"] += [
        {"owner": "o-cs", "stakeholder": "s-ceo"},
        {"owner": "o-am", "stakeholder": "s-ceo"},
        {"owner": "o-am", "stakeholder": "s-sub", "last_contact": "2025-06-01"},
        {"owner": "o-cs", "stakeholder": "s-sub", "last_contact": "2025-01-01"},
        {"owner": "o-cs", "stakeholder": "s-ops", "last_contact": "2025-06-01"},
    ]
    tiny["touchpoints"] = []
    assert [(r.owner, r.stakeholder, r.days) for r in
            stale_relationships(graph_of(tiny), stale_days=100)] == [
        ("o-am", "s-ceo", None), ("o-cs", "s-ceo", None), ("o-cs", "s-sub", 395),
        ("o-am", "s-sub", 244), ("o-cs", "s-ops", 244)]


def test_stale_boundary_is_strictly_more_than_stale_days(tiny):
    # (o-am, s-cio) last contact 2026-01-10: 21 days before as_of.
    tiny["touchpoints"] = []
    assert stale_relationships(graph_of(tiny), stale_days=21) == []
    assert [r.days for r in stale_relationships(graph_of(tiny), stale_days=20)] == [21]


def _window_book(tiny, first_date):
    owners = [{"id": f"o{i}", "name": f"Owner {i}", "role": "sales_engineer"}
              for i in range(1, 5)]
    tiny["owners"] += owners
    tiny["touchpoints"] = [tp("t1", first_date, ["o1"], ["s-ceo"]),
                           tp("t2", "2026-01-20", ["o2"], ["s-ceo"]),
                           tp("t3", "2026-01-21", ["o3"], ["s-ceo"]),
                           tp("t4", "2026-01-22", ["o4"], ["s-ceo"])]
    return tiny


def test_contact_window_excludes_its_lower_edge(tiny):
    # window_days 10, as_of 2026-01-31: the window is (2026-01-21, 2026-01-31].
    # t1 on 2026-01-21 (the edge) is out; t3 on 2026-01-21 also out; t4 in.
    book = _window_book(tiny, "2026-01-21")
    result = contact_load(graph_of(book), window_days=11, max_owners=2)
    # window 11 days: (2026-01-20, 2026-01-31] holds t1 (01-21), t3, t4 but not t2 (01-20)
    (person,) = result.stakeholders
    assert person.owners == ["o1", "o3", "o4"] and person.touchpoints == 3
    # one day wider: t2 on 2026-01-20 comes in
    (wider,) = contact_load(graph_of(book), window_days=12, max_owners=2).stakeholders
    assert wider.owners == ["o1", "o2", "o3", "o4"]


def test_contact_window_includes_as_of_itself(tiny):
    book = _window_book(tiny, "2026-01-31")
    (person,) = contact_load(graph_of(book), window_days=1, max_owners=0).stakeholders
    assert person.owners == ["o1"]


def test_suggested_contact_second_rule_takes_the_smallest_id_on_company_or_department_chain(
        tiny):
    book = _window_book(tiny, "2026-01-19")
    book["stakeholders"][0]["department"] = "d-it-ops"  # s-ceo now in d-it-ops < d-it < c-hd
    # No account_manager on c-hd: candidates are assignments on c-hd, d-it-ops and d-it
    # (its ancestor); o4 on c-hd as support, o3 on d-it, o2 on d-it-ops => smallest: o2.
    book["assignments"] = [{"owner": "o4", "account": "c-hd", "role": "support"},
                           {"owner": "o3", "account": "d-it"},
                           {"owner": "o2", "account": "d-it-ops"},
                           {"owner": "o1", "account": "c-sub"}]  # another company: never
    (person,) = contact_load(graph_of(book), max_owners=2).stakeholders
    assert person.suggested_contact == "o2"
    # Without the department ones, the company's support owner is the voice, not o1.
    book["assignments"] = [book["assignments"][0], book["assignments"][3]]
    (person,) = contact_load(graph_of(book), max_owners=2).stakeholders
    assert person.suggested_contact == "o4"


def test_key_people_include_pipeline_only_risk(tiny):
    # c-sub has no MRR, only the open opportunity op1 (1000). Give s-sub one pair (o-cs):
    # s-sub is c-sub's only covered person and o-cs its only owner: both carry 1000 pipeline.
    tiny["relationships"].append({"owner": "o-cs", "stakeholder": "s-sub", "strength": 2})
    people = {p.id: p for p in key_person_risk(graph_of(tiny))}
    assert plain(people["s-sub"]) == {"id": "s-sub", "kind": "stakeholder", "name": "Sub Boss",
                                      "mrr_at_risk": 0.0, "pipeline_at_risk": 1000.0,
                                      "accounts": ["c-sub"]}
    assert people["o-cs"].pipeline_at_risk == 1000.0 and people["o-cs"].accounts == ["c-sub"]


def test_redaction_hides_phones_and_emails_of_people_and_owners(tiny):
    tiny["stakeholders"][0].update(phone="+81-3-1234-5678", email="ceo@example.jp")
    tiny["owners"][0]["email"] = "ann@ours.example"
    for level in ("contacts", "names"):
        text = json.dumps(build_map(graph_of(tiny), MapOptions(redact=level)).nodes,
                          ensure_ascii=False)
        for secret in ("1234-5678", "ceo@example.jp", "ann@ours.example"):
            assert secret not in text, (level, secret)
        assert "[redacted]" in text
    shown = json.dumps(build_map(graph_of(tiny), MapOptions()).nodes, ensure_ascii=False)
    assert "+81-3-1234-5678" in shown  # without redaction the phone is there to hide


def test_library_vocabularies_are_checked(tiny):
    from accountmap.analysis.coverage import uncovered_entities
    from accountmap.analysis.whitespace import white_space
    from accountmap.errors import UsageError

    G = graph_of(tiny)
    with pytest.raises(UsageError, match="compnay"):
        white_space(G, level="compnay")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="Company"):
        uncovered_entities(G, kind="Company")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        MapOptions(redact="name")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        MapOptions(color_by="Risk")  # type: ignore[arg-type]


def test_facts_of_a_changed_graph_are_never_stale(tiny):
    from accountmap.analysis.coverage import uncovered_entities

    G = graph_of(tiny)
    assert [e.id for e in uncovered_entities(G)] == ["c-sub"]
    H = G.copy()
    H.remove_node("c-sub")
    assert uncovered_entities(H) == []
    G.remove_node("c-sub")  # the same graph, changed after its facts were cached
    assert uncovered_entities(G) == []


def test_paths_from_a_file_on_disk_do_not_depend_on_the_working_directory(tmp_path, run):
    # the map template and the query files are found from the package, not the cwd
    from accountmap.store.queries import query_names

    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert "coverage" in query_names()
    finally:
        os.chdir(cwd)


_CELL_TEXT = st.text(alphabet=st.sampled_from(
    [*"abcXYZ 019-.,()", *"品質保証部代表取締役社長佐藤", "ｱ", "ｶ", "é", "\ue000", "★", "—"]),
    max_size=30)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({
    "name": _CELL_TEXT, "company": _CELL_TEXT, "note": _CELL_TEXT,
    "mrr": st.one_of(st.integers(0, 10**9), st.floats(0, 1e7, allow_nan=False)),
    "owners": st.lists(_CELL_TEXT, max_size=3)}), min_size=1, max_size=6),
    lang=st.sampled_from(["en", "ja"]), width=st.sampled_from([40, 80, 120]))
def test_a_plain_table_laid_out_by_hand_is_the_one_rich_draws(rows, lang, width):
    """Plain tables whose cells fit on one line are laid out without rich
    (``render.PLAIN_BY_HAND``): the text must be rich's, byte for byte."""
    from accountmap import render

    token = render.set_output(render.Output(width=width, lang=lang))
    try:
        by_hand = to_table(rows)
        render.PLAIN_BY_HAND = False
        drawn = to_table(rows)
    finally:
        render.PLAIN_BY_HAND = True
        render.reset_output(token)
    assert by_hand == drawn
