"""Analyses on small hand-built books; every expected answer is worked out in the comments.

The base book is ``TINY`` from conftest (as_of 2026-01-31):

    g1: c-hd (potential 100)  <- c-sub (subsidiary, 80%)
        c-hd departments: d-it <- d-it-ops
    s-ceo (c-hd)  <- s-cio (d-it)  <- s-ops (d-it-ops, knows s-sub);  s-sub (c-sub) -> s-ceo
    o-am --RELATES_TO(strength 4, 2026-01-10)--> s-cio
    o-cs met s-ops on 2026-01-20 (touchpoint t1)  => pair (o-cs, s-ops), derived strength 2
    (one touchpoint in the year: 1, plus 1 for a contact in the last 90 days)
    o-am assigned to c-hd (role account_manager, from the owner's role)
    d-it subscribes p1 (500/month, active); c-sub has an open opportunity for p2 (1000)
"""

from __future__ import annotations

from typing import Any

import pytest

from accountmap.analysis.contacts import contact_load
from accountmap.analysis.coverage import uncovered_entities
from accountmap.analysis.paths import warm_paths
from accountmap.analysis.stale import stale_relationships
from accountmap.analysis.threads import key_person_risk, single_threaded_accounts
from accountmap.analysis.whitespace import white_space
from accountmap.errors import NotFoundError, UsageError
from accountmap.graph import build_graph
from accountmap.io import Document, Locator
from accountmap.render import plain
from accountmap.validate import check_document
from tests.conftest import EXAMPLE


def graph_of(data: dict[str, Any]):
    return build_graph(check_document(Document("test", data, Locator("test"))))


def tp(tid: str, date: str, owners: list[str], people: list[str]) -> dict[str, Any]:
    return {"id": tid, "date": date, "owners": owners, "stakeholders": people,
            "kind": "meeting"}


# -- coverage -------------------------------------------------------------------------------

def test_coverage_tiny(tiny):
    # c-hd, d-it, d-it-ops: paired people (s-cio, s-ops) and covered by the c-hd assignment.
    # c-sub: s-sub has no pair (dark); the c-hd assignment does not cover subsidiaries.
    assert plain(uncovered_entities(graph_of(tiny))) == [
        {"id": "c-sub", "kind": "company", "name": "Sub", "group": "g1",
         "reasons": ["dark", "unassigned"], "potential_mrr": 0.0, "current_mrr": 0.0}]


def test_coverage_ignores_left_people_and_future_touchpoints(tiny):
    # s-ops's only pair comes from t1; moved after as_of, it does not count, so d-it-ops
    # (whose only member is s-ops) is dark. d-it still has s-cio. s-cio leaving makes d-it
    # dark too, and c-hd keeps no paired active member: all three are dark.
    tiny["touchpoints"][0]["date"] = "2026-02-01"
    result = {e.id: e.reasons for e in uncovered_entities(graph_of(tiny))}
    assert result == {"c-sub": ["dark", "unassigned"], "d-it-ops": ["dark"]}
    tiny["stakeholders"][1]["status"] = "left"
    result = {e.id: e.reasons for e in uncovered_entities(graph_of(tiny))}
    assert result == {"c-sub": ["dark", "unassigned"], "d-it-ops": ["dark"], "d-it": ["dark"],
                      "c-hd": ["dark"]}


def test_coverage_sorting_filters_and_current_mrr(tiny):
    tiny["assignments"] = []  # now every entity is unassigned
    tiny["departments"][0]["potential_mrr"] = 100  # ties c-hd's 100: id breaks the tie
    result = uncovered_entities(graph_of(tiny))
    assert [(e.id, e.potential_mrr, e.current_mrr) for e in result] == [
        ("c-hd", 100.0, 500.0), ("d-it", 100.0, 500.0), ("c-sub", 0.0, 0.0),
        ("d-it-ops", 0.0, 0.0)]
    assert [e.id for e in uncovered_entities(graph_of(tiny), kind="department")] == [
        "d-it", "d-it-ops"]
    with pytest.raises(NotFoundError, match="no group with id 'nope'"):
        uncovered_entities(graph_of(tiny), group="nope")  # a typo is not "all clear"


# -- threads --------------------------------------------------------------------------------

def test_threads_tiny(tiny):
    # Revenue accounts: d-it (500 MRR) has s-cio (o-am) and s-ops (o-cs): 2 and 2, no flag.
    # c-sub (1000 pipeline) has no paired people: 0 and 0, both flags.
    assert plain(single_threaded_accounts(graph_of(tiny))) == [
        {"id": "c-sub", "kind": "company", "name": "Sub", "mrr": 0.0, "pipeline": 1000.0,
         "customer_threads": 0, "owner_threads": 0,
         "flags": ["single_threaded", "single_owner"]}]


def test_threads_thresholds_and_order(tiny):
    # With --min-contacts 3, d-it (2 contacts) is flagged too, and sorts first by MRR.
    result = single_threaded_accounts(graph_of(tiny), min_contacts=3)
    assert [(a.id, a.flags) for a in result] == [
        ("d-it", ["single_threaded"]), ("c-sub", ["single_threaded", "single_owner"])]


def test_key_person_risk(tiny):
    # Without t1, d-it hangs on s-cio alone, known by o-am alone: both carry its 500.
    # Adding an open opportunity on d-it (300) puts pipeline at risk too.
    tiny["touchpoints"] = []
    tiny["opportunities"].append({"id": "op2", "account": "d-it", "product": "p2",
                                  "amount": 300, "stage": "propose"})
    assert plain(key_person_risk(graph_of(tiny))) == [
        {"id": "o-am", "kind": "owner", "name": "Ann Manager", "mrr_at_risk": 500.0,
         "pipeline_at_risk": 300.0, "accounts": ["d-it"]},
        {"id": "s-cio", "kind": "stakeholder", "name": "Cio Person", "mrr_at_risk": 500.0,
         "pipeline_at_risk": 300.0, "accounts": ["d-it"]}]


def test_key_person_risk_counts_an_account_on_each_side(tiny):
    # d-it with t1: two people and two owners, nobody alone: no key person at all.
    assert key_person_risk(graph_of(tiny)) == []


# -- contacts -------------------------------------------------------------------------------

def contact_book(tiny: dict[str, Any]) -> dict[str, Any]:
    tiny["owners"] += [{"id": f"o{i}", "name": f"Owner {i}", "role": "customer_sales"}
                       for i in range(1, 7)]
    tiny["touchpoints"] = [
        tp("t1", "2026-01-10", ["o1"], ["s-cio"]),
        tp("t2", "2026-01-12", ["o2"], ["s-cio"]),
        tp("t3", "2026-01-12", ["o1", "o3"], ["s-cio"]),  # joint meeting: one touchpoint
        tp("t4", "2026-01-25", ["o4"], ["s-cio"]),
        tp("t5", "2025-10-01", ["o5"], ["s-cio"]),         # before the 90-day window
        tp("t6", "2026-02-05", ["o6"], ["s-cio"]),         # after as_of
    ]
    return tiny


def test_contacts_owners_collisions_and_suggestion(tiny):
    # Window (2025-11-02, 2026-01-31]: t1..t4. Owners o1, o2, o3, o4: 4 > 3.
    # Collisions (<= 7 days, disjoint owners): t1/t2 ({o1} vs {o2}, 2 days) and t2/t3
    # ({o2} vs {o1,o3}, same day). t1/t3 share o1; t4 is 13 days from t2 and t3. => 2.
    # Suggested contact: o-am is account_manager on s-cio's company c-hd.
    result = contact_load(graph_of(contact_book(tiny)))
    assert plain(result.stakeholders) == [
        {"id": "s-cio", "name": "Cio Person", "company": "c-hd",
         "owners": ["o1", "o2", "o3", "o4"], "owner_count": 4, "touchpoints": 4,
         "collisions": 2, "flags": ["too_many_owners", "collisions"],
         "suggested_contact": "o-am"}]
    assert result.companies == []  # 4 owners is not more than 5


def test_contacts_company_threshold_and_window(tiny):
    book = contact_book(tiny)
    result = contact_load(graph_of(book), max_company_owners=3)
    assert plain(result.companies) == [{"id": "c-hd", "name": "Holding",
                                        "owners": ["o1", "o2", "o3", "o4"], "owner_count": 4}]
    # A 10-day window keeps only t4: one owner, no collision: nothing flagged.
    quiet = contact_load(graph_of(book), window_days=10)
    assert quiet.stakeholders == [] and quiet.companies == []


def test_suggested_contact_fallbacks(tiny):
    book = contact_book(tiny)
    # Rule 2: no account_manager on c-hd; an assignment covering s-cio's department wins
    # (smallest id among assignments on the company or on d-it and its ancestors).
    book["assignments"] = [{"owner": "o6", "account": "d-it", "role": "support"},
                           {"owner": "o5", "account": "d-it-ops"}]  # not above s-cio's dept
    assert contact_load(graph_of(book)).stakeholders[0].suggested_contact == "o6"
    # Rule 3: no assignment at all: the owner with most window touchpoints (o1: t1 and t3).
    book["assignments"] = []
    assert contact_load(graph_of(book)).stakeholders[0].suggested_contact == "o1"
    # Rule 3 tie: o2 and o4 each once, o1 removed from t3 => o1, o2, o3, o4 once each: "o1".
    book["touchpoints"][2]["owners"] = ["o3"]
    assert contact_load(graph_of(book)).stakeholders[0].suggested_contact == "o1"


# -- whitespace -----------------------------------------------------------------------------

def test_whitespace_tiny(tiny):
    # c-hd: d-it's active p1 rolls up => {p1 active, p2 white}; current 500, potential 100,
    # value max(100 - 500, 0) = 0. c-sub: open opportunity p2 => {p1 white, p2 pipeline}.
    # Group: 1 of 2 rows penetrated, 2 white cells, current 500.
    assert plain(white_space(graph_of(tiny))) == [{
        "id": "g1", "name": "Group One", "current_mrr": 500.0, "entities": 2,
        "penetrated": 1, "penetration": 0.5, "white_cells": 2, "rows": [
            {"id": "c-hd", "name": "Holding", "current_mrr": 500.0, "potential_mrr": 100.0,
             "white_space_value": 0.0, "cells": {"p1": "active", "p2": "white"}},
            {"id": "c-sub", "name": "Sub", "current_mrr": 0.0, "potential_mrr": 0.0,
             "white_space_value": 0.0, "cells": {"p1": "white", "p2": "pipeline"}}]}]


def test_whitespace_status_precedence_and_departments(tiny):
    tiny["subscriptions"] += [
        {"account": "c-sub", "product": "p1", "mrr": 10, "status": "churned"},
        {"account": "d-it-ops", "product": "p1", "mrr": 20, "status": "churned"},
        {"account": "c-sub", "product": "p2", "mrr": 30, "status": "churned"}]
    tiny["companies"][1]["potential_mrr"] = 1000
    (g,) = white_space(graph_of(tiny))
    rows = {r.id: r for r in g.rows}
    assert rows["c-sub"].cells == {"p1": "churned", "p2": "pipeline"}  # pipeline > churned
    assert rows["c-hd"].cells["p1"] == "active"                        # active > churned
    assert [r.id for r in g.rows] == ["c-sub", "c-hd"]                 # value 1000 first
    (d,) = white_space(graph_of(tiny), level="department")
    assert {r.id: r.cells["p1"] for r in d.rows} == {"d-it": "active", "d-it-ops": "churned"}
    assert d.penetrated == 1 and d.penetration == 0.5


# -- stale ----------------------------------------------------------------------------------

def test_stale(tiny):
    # Pairs: (o-am, s-cio) last 2026-01-10 = 21 days; (o-cs, s-ops) via t1 = 11 days.
    # A new record (o-cs, s-ceo) without date is unknown (listed first). (o-am, s-sub) was
    # recorded 2025-01-01 but met on 2026-01-30 (t2): 1 day, not stale.
    tiny["relationships"] += [{"owner": "o-cs", "stakeholder": "s-ceo"},
                              {"owner": "o-am", "stakeholder": "s-sub",
                               "last_contact": "2025-01-01"}]
    tiny["touchpoints"].append(tp("t2", "2026-01-30", ["o-am"], ["s-sub"]))
    assert plain(stale_relationships(graph_of(tiny), stale_days=15)) == [
        {"owner": "o-cs", "owner_name": "Cid Success", "stakeholder": "s-ceo",
         "stakeholder_name": "Cee Oh", "last_contact": None, "days": None},
        {"owner": "o-am", "owner_name": "Ann Manager", "stakeholder": "s-cio",
         "stakeholder_name": "Cio Person", "last_contact": "2026-01-10", "days": 21}]
    assert [r.stakeholder for r in stale_relationships(graph_of(tiny))] == ["s-ceo"]
    tiny["stakeholders"][0]["status"] = "left"  # s-ceo left: no longer counted
    assert stale_relationships(graph_of(tiny)) == []


# -- paths ----------------------------------------------------------------------------------

def test_paths_to_a_stakeholder(tiny):
    # Costs: o-am-s-cio 6-4 = 2; o-cs-s-ops 6-2 = 4 (derived strength); stakeholder links 2.
    # To s-sub: all cost 6: o-cs>s-ops>s-sub (2 hops) first, then o-am>s-cio>s-ceo>s-sub and
    # o-am>s-cio>s-ops>s-sub (3 hops each; ids order s-ceo before s-ops).
    assert plain(warm_paths(graph_of(tiny), "s-sub")) == [
        {"owner": "o-cs", "nodes": ["o-cs", "s-ops", "s-sub"], "cost": 6, "hops": 2},
        {"owner": "o-am", "nodes": ["o-am", "s-cio", "s-ceo", "s-sub"], "cost": 6, "hops": 3},
        {"owner": "o-am", "nodes": ["o-am", "s-cio", "s-ops", "s-sub"], "cost": 6, "hops": 3}]
    assert warm_paths(graph_of(tiny), "c-sub") == warm_paths(graph_of(tiny), "s-sub")


def test_paths_to_an_entity_and_k(tiny):
    # d-it's people are s-cio and s-ops: o-am>s-cio (2), o-cs>s-ops (4), o-am>s-cio>s-ops (4;
    # equal cost: fewer hops first).
    result = warm_paths(graph_of(tiny), "d-it", k=3)
    assert [(p.nodes, p.cost) for p in result] == [
        (["o-am", "s-cio"], 2), (["o-cs", "s-ops"], 4), (["o-am", "s-cio", "s-ops"], 4)]
    assert len(warm_paths(graph_of(tiny), "d-it", k=1)) == 1


def test_paths_never_pass_through_another_owner(tiny):
    # o-x knows s-ceo and s-sub strongly; from o-am the cheap route o-am>s-cio>s-ceo>o-x>s-sub
    # is forbidden, so o-am must use stakeholder links only.
    tiny["owners"].append({"id": "o-x", "name": "X", "role": "other"})
    tiny["relationships"] += [{"owner": "o-x", "stakeholder": "s-ceo", "strength": 5},
                              {"owner": "o-x", "stakeholder": "s-sub", "strength": 5}]
    result = warm_paths(graph_of(tiny), "s-sub", k=10, owners=["o-am"])
    assert result and all("o-x" not in p.nodes for p in result)
    assert all(p.nodes[0] == "o-am" for p in result)


def test_paths_skip_people_who_left_and_handle_no_path(tiny):
    tiny["stakeholders"][2]["status"] = "left"  # s-ops left: o-cs has nobody, no knows link
    result = warm_paths(graph_of(tiny), "s-sub")
    assert [p.nodes for p in result] == [["o-am", "s-cio", "s-ceo", "s-sub"]]
    tiny["relationships"] = []
    tiny["touchpoints"] = []
    assert warm_paths(graph_of(tiny), "s-sub") == []
    assert warm_paths(graph_of(tiny), "s-ops") == []  # the target itself left


def test_paths_bad_targets(tiny):
    with pytest.raises(NotFoundError):
        warm_paths(graph_of(tiny), "nobody")
    with pytest.raises(UsageError):
        warm_paths(graph_of(tiny), "o-am")


# -- the example's story, through the CLI ---------------------------------------------------

def test_example_findings(run_json):
    coverage = {e["id"]: e["reasons"] for e in run_json("coverage", EXAMPLE)}
    assert coverage["c-nk-chem"] == ["dark", "unassigned"]
    assert "c-nk-foods" not in coverage
    threads = {a["id"]: a["flags"] for a in run_json("threads", EXAMPLE)}
    assert threads["d-super-qa"] == ["single_threaded", "single_owner"]
    people = {p["id"]: p for p in run_json("threads", EXAMPLE, "--by", "person")}
    assert people["s-yoshida"]["mrr_at_risk"] == 6500.0
    contacts = run_json("contacts", EXAMPLE)
    assert contacts["stakeholders"][0]["id"] == "s-sato"
    assert contacts["stakeholders"][0]["owner_count"] == 5
    assert contacts["companies"][0]["id"] == "c-nk-foods"
    groups = run_json("whitespace", EXAMPLE)
    assert [g["id"] for g in groups] == ["g-harbor", "g-nakamura"]
    assert groups[1]["rows"][0]["id"] == "c-nk-chem"
    stale = run_json("stale", EXAMPLE)
    assert stale[0] == {"owner": "o-abe", "owner_name": "Shin Abe", "stakeholder": "s-mizuno",
                        "stakeholder_name": "Tetsuya Mizuno", "last_contact": None,
                        "days": None}
    paths = run_json("path", EXAMPLE, "--to", "c-nk-chem")
    assert len(paths) == 3 and paths[0]["cost"] <= paths[-1]["cost"]


def test_as_of_option_moves_today(run_json):
    # A year earlier nothing had been met in the last 90 days of the fixture's touchpoints.
    later = run_json("contacts", EXAMPLE, "--as-of", "2027-06-30")
    assert later == {"stakeholders": [], "companies": []}


def test_path_without_result_exits_0_with_a_message(run):
    result = run("path", EXAMPLE, "--to", "s-kobayashi", "--format", "json")
    assert result.exit_code == 0 and result.stdout.strip() == "[]"
    assert "no warm path" in result.stderr


@pytest.mark.parametrize("command", ["coverage", "threads", "contacts", "whitespace", "stale"])
@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_analysis_commands_render_every_format(run, command, fmt):
    result = run(command, EXAMPLE, "--format", fmt)
    assert result.exit_code == 0 and result.stdout.strip()


@pytest.mark.parametrize(("command", "empty"), [
    ("summary", []), ("coverage", []), ("threads", []), ("stale", []), ("whitespace", []),
    ("contacts", {"stakeholders": [], "companies": []})])
def test_an_empty_book_gives_empty_answers(run_json, write_book, command, empty):
    assert run_json(command, write_book({"version": 1, "as_of": "2026-01-01"})) == empty
