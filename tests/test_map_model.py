"""The map's content: scope, overlay, redaction, limits (no browser needed)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from accountmap.cli.main import message_of
from accountmap.errors import NotFoundError, ScopeTooLargeError, UsageError
from accountmap.graph import build_graph
from accountmap.map import MapOptions, build_map, initials
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def G():
    return build_graph(load_dataset(EXAMPLE))


def by_id(model):
    return {n["id"]: n for n in model.nodes}


def test_harbor_scope_is_exactly_what_the_group_holds(G):
    # Harbor: 1 group, 3 companies, 1 department, 6 stakeholders; owners linked to them:
    # o-brown and o-chen (relationships, touchpoints, assignments), o-weber (s-fischer) = 14.
    # Links: IN_GROUP 1 (the root company), SUBSIDIARY_OF 2, PART_OF 1, WORKS_IN 6,
    # REPORTS_TO 5, KNOWS 1 (s-cole -> s-wagner), ASSIGNED_TO 2, RELATES_TO 6 (4 records and
    # 2 pairs from the joint review meeting: o-chen/s-cole, o-brown/s-diaz) = 24.
    model = build_map(G, MapOptions(group="g-harbor"))
    # (#24: and the group account manager's assignment on the group) = 25.
    assert len(model.nodes) == 14 and len(model.edges) == 25
    assert Counter(e["type"] for e in model.edges) == {
        "IN_GROUP": 1, "SUBSIDIARY_OF": 2, "PART_OF": 1, "WORKS_IN": 6, "REPORTS_TO": 5,
        "KNOWS": 1, "ASSIGNED_TO": 3, "RELATES_TO": 6}
    assert {n["id"] for n in model.nodes if n["kind"] == "owner"} == {
        "o-brown", "o-chen", "o-weber"}


def test_kinds_and_focus_narrow_the_scope(G):
    structure = build_map(G, MapOptions(group="g-harbor",
                                        kinds=("group", "company", "department")))
    assert len(structure.nodes) == 5 and len(structure.edges) == 4
    around = build_map(G, MapOptions(group="g-harbor", focus="s-cole", depth=1))
    assert set(by_id(around)) == {"s-cole", "d-hb-stores", "s-harris", "s-diaz", "s-wagner",
                                  "o-brown", "o-chen"}
    assert all(e["from"] in by_id(around) and e["to"] in by_id(around) for e in around.edges)


def test_every_node_has_a_position_and_the_layout_is_an_org_chart(G):
    model = build_map(G, MapOptions(group="g-nakamura"))
    nodes = by_id(model)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes.values())
    # the group above its companies; the companies side by side in the order of the
    # subsidiary tree (a parent before its subsidiaries, reading row by row); owners (shown
    # on demand) above all
    companies = [n for n in nodes.values() if n["kind"] == "company"]
    assert all(nodes["g-nakamura"]["y"] < c["y"] for c in companies)
    reading = [c["id"] for c in sorted(companies, key=lambda c: (c["y"], c["x"]))]
    assert reading.index("c-nk-hd") < reading.index("c-nk-foods") < reading.index("c-nk-kyushu")
    assert reading.index("c-nk-retail") < reading.index("c-nk-super")
    assert max(n["y"] for n in nodes.values() if n["kind"] == "owner") < nodes["g-nakamura"]["y"]
    # a wide chart, not a column: wider than tall, at most a few rows of companies
    xs = [n["x"] for n in nodes.values() if n["kind"] != "owner"]
    ys = [n["y"] for n in nodes.values() if n["kind"] != "owner"]
    assert max(xs) - min(xs) > max(ys) - min(ys)
    assert len({c["y"] for c in companies}) <= 3
    spots = Counter((n["x"], n["y"]) for n in nodes.values())
    assert spots.most_common(1)[0][1] == 1  # no two nodes on the same spot


def test_risk_overlay_marks_the_findings(G):
    nodes = by_id(build_map(G, MapOptions()))
    assert nodes["c-nk-chem"]["color"]["border"] == "#dc2626"       # dark
    assert nodes["c-nk-chem"]["shapeProperties"]["borderDashes"]     # and unassigned
    assert nodes["c-nk-chem"]["label"].startswith("⚠")               # and single-threaded
    # (#24) the European subsidiary pays again, single-threaded, under the group's manager
    assert nodes["c-hb-eu"]["label"].startswith("⚠")
    assert nodes["d-super-qa"]["label"].startswith("⚠")              # single-threaded
    assert nodes["d-super-qa"]["color"]["border"] == "#db2777"
    assert nodes["s-sato"]["color"]["background"] == "#fb923c"       # over-contacted
    assert nodes["s-yoshida"]["size"] > nodes["s-goto"]["size"]      # MRR hangs on him
    assert any(d == ["risk", "over-contacted: 5 owners, 7 collision(s) in the window"]
               for d in [list(x) for x in nodes["s-sato"]["details"]])
    edges = build_map(G, MapOptions()).edges
    stale = next(e for e in edges if (e["from"], e["to"]) == ("o-tanaka", "s-matsuda"))
    fresh = next(e for e in edges if (e["from"], e["to"]) == ("o-tanaka", "s-sato"))
    assert stale.get("dashes") and not fresh.get("dashes") and fresh["width"] == 5


def test_no_risk_and_color_by_risk(G):
    plain = by_id(build_map(G, MapOptions(risk=False)))
    assert plain["c-nk-chem"]["color"]["border"] == plain["c-nk-chem"]["color"]["background"]
    assert not any(d[0] == "risk" for n in plain.values() for d in n["details"])
    risky = by_id(build_map(G, MapOptions(color_by="risk")))
    assert risky["c-nk-chem"]["color"]["background"] == "#dc2626"
    assert risky["c-nk-foods"]["color"]["background"] == "#16a34a"


def test_redact_contacts_and_names(G):
    contacts = json.dumps(build_map(G, MapOptions(redact="contacts")).nodes, ensure_ascii=False)
    assert "@" not in contacts and "[redacted]" in contacts
    names = json.dumps(build_map(G, MapOptions(redact="names")).nodes, ensure_ascii=False)
    for secret in ("Haruka Sato", "Kenji Tanaka", "s-sato", "o-tanaka", "sato@"):
        assert secret not in names
    assert '"H.S."' in names and "Nakamura Foods" in names  # companies keep their names
    assert initials("Tan Wei Ming") == "T.W.M." and initials("") == "?"


def test_too_large_maps_are_refused_with_a_suggestion(G):
    with pytest.raises(ScopeTooLargeError) as info:
        build_map(G, MapOptions(max_nodes=20))
    message = message_of(info.value)  # the CLI's wording of the library's structured error
    assert "--group ID" in message and "g-nakamura" in message and "--focus" in message


def test_bad_scope_names(G):
    with pytest.raises(NotFoundError):
        build_map(G, MapOptions(group="g-none"))
    with pytest.raises(NotFoundError):
        build_map(G, MapOptions(focus="nobody"))
    with pytest.raises(UsageError):
        build_map(G, MapOptions(kinds=("company", "planet")))
