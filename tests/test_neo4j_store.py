"""Neo4j: real server (scripts/neo4j), idempotent loads, exact round trips, prune, safety."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from neo4j import GraphDatabase

from accountmap.errors import StoreAuthError, StoreUnavailableError
from accountmap.store import Connection, load, read_dataset
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE
from tests.neo4j_server import without_bookkeeping

pytestmark = pytest.mark.neo4j

#: A book that sets every optional field of every record kind at least once.
EVERY_FIELD: dict[str, Any] = {
    "version": 1, "as_of": "2026-03-31",
    "products": [{"id": "p1", "name": "Core", "line": "quality"}],
    "owners": [{"id": "o1", "name": "Ann", "role": "account_manager", "team": "t",
                "email": "a@x.example"},
               {"id": "o2", "name": "Bo", "role": "support"}],
    "groups": [{"id": "g1", "name": "G", "industry": "Food", "target_mrr": 1000.5,
                "currency": "JPY"}],
    "companies": [
        {"id": "c1", "name": "Hold", "group": "g1", "country": "JP", "industry": "Food",
         "employees": 10, "potential_mrr": 12.5, "point_of_contact": "o1"},
        {"id": "c2", "name": "Sub", "group": "g1", "parent": "c1", "ownership": 66.7,
         "joined_group_on": "2025-04-01", "corporate_number": "7000012050002",
         "lei": "5493001KJTIIGC8Y1R12"},
        {"id": "c3", "name": "Gone", "group": "g1", "parent": "c1",
         "left_group_on": "2026-02-01", "merged_into": "c2"}],
    "departments": [
        {"id": "d1", "name": "QA", "company": "c1", "function": "quality", "headcount": 4,
         "potential_mrr": 3.0},
        {"id": "d2", "name": "Lab", "company": "c1", "parent": "d1"},
        {"id": "d3", "name": "Deep", "company": "c1", "parent": "d2",
         "created_on": "2025-01-01", "closed_on": "2026-03-15"}],
    "stakeholders": [
        {"id": "s1", "name": "Sa", "title": "CEO", "company": "c1", "roles": ["economic_buyer"],
         "seniority": "executive", "influence": 5, "sentiment": "supporter",
         "email": "s1@c.example", "phone": "+81 3 0000", "cadence_days": 30,
         "point_of_contact": "o2"},
        {"id": "s2", "name": "Sb", "company": "c1", "department": "d3", "reports_to": "s1",
         "knows": ["s3", "s1"], "roles": ["champion", "user"], "status": "left",
         "left_on": "2026-03-10", "moved_to": "s3"},
        {"id": "s3", "name": "Sc", "company": "c2", "reports_to": "s1",
         "joined_on": "2026-03-10"},
        {"id": "s4", "name": "Sd", "company": "c1", "left_on": "2026-02-01",
         "successor": "s5"},
        {"id": "s5", "name": "Se", "company": "c1", "joined_on": "2026-02-01"},
        {"id": "s6", "name": "Sa", "company": "c2", "same_person_as": "s1",
         "post_kind": "secondment"}],
    "relationships": [{"owner": "o1", "stakeholder": "s1", "strength": 5,
                       "last_contact": "2026-03-01"},
                      {"owner": "o2", "stakeholder": "s1"}],
    "assignments": [{"owner": "o1", "account": "c1", "role": "executive_sponsor"},
                    {"owner": "o1", "account": "d2"}, {"owner": "o2", "account": "c1"},
                    {"owner": "o2", "account": "g1", "role": "account_manager"}],
    "subscriptions": [{"account": "d1", "product": "p1", "mrr": 100.25, "status": "active",
                       "start": "2025-01-01", "renewal": "2027-01-01"},
                      {"account": "d1", "product": "p1", "mrr": 50, "status": "churned"},
                      {"account": "c2", "product": "p1", "mrr": 70, "start": "2024-01-01",
                       "end": "2025-01-01", "notice_days": 30}],
    "opportunities": [{"id": "op1", "account": "c2", "product": "p1", "amount": 5000,
                       "mrr": 416.67, "stage": "propose", "status": "won", "owner": "o1",
                       "created": "2026-01-10", "close_date": "2026-05-01",
                       "kind": "expansion"},
                      {"id": "op2", "account": "d3", "product": "p1", "amount": 0,
                       "stage": "qualify"}],
    "touchpoints": [
        {"id": "t1", "date": "2026-03-02", "owners": ["o2", "o1"], "stakeholders": ["s2", "s1"],
         "kind": "meeting", "topic": "QBR"},
        {"date": "2026-03-03", "owners": ["o1"], "stakeholders": ["s1"], "kind": "email"},
        {"date": "2026-03-03", "owners": ["o1"], "stakeholders": ["s1"], "kind": "email"}],
}


def conn(uri: str, **kw: Any) -> Connection:
    return Connection(uri=uri, **kw)


def snapshot(uri: str) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted."""
    with GraphDatabase.driver(uri, auth=None) as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.key AS a, b.key AS b, "
            "properties(r) AS p")
    norm = lambda rows: sorted(json.dumps(dict(r), sort_keys=True, default=str) for r in rows)  # noqa: E731
    return norm(without_bookkeeping([dict(r) for r in nodes])), norm(rels)


def test_example_round_trip_is_exact(neo4j_uri):
    ds = load_dataset(EXAMPLE)
    load(conn(neo4j_uri), ds, "example")
    assert read_dataset(conn(neo4j_uri), "example") == ds


def test_every_field_round_trips(neo4j_uri, write_book):
    ds = load_dataset(write_book(EVERY_FIELD))
    load(conn(neo4j_uri), ds, "every")
    back = read_dataset(conn(neo4j_uri))
    assert back.model_dump() == ds.model_dump()
    assert back == ds


def test_loading_twice_leaves_the_database_identical(neo4j_uri):
    ds = load_dataset(EXAMPLE)
    first = load(conn(neo4j_uri), ds, "example")
    before = snapshot(neo4j_uri)
    second = load(conn(neo4j_uri), ds, "example")
    assert snapshot(neo4j_uri) == before
    assert first.nodes_created > 250 and second.nodes_created == 0
    assert second.nodes_updated == 0 and second.relationships_created == 0


def test_reloading_a_changed_file_updates_properties_and_links(neo4j_uri, write_book):
    load(conn(neo4j_uri), load_dataset(write_book(EVERY_FIELD)), "b")
    changed = copy.deepcopy(EVERY_FIELD)
    changed["stakeholders"][0]["name"] = "Renamed"
    del changed["stakeholders"][0]["phone"]                    # removed optional field
    changed["stakeholders"][2]["reports_to"] = "s2"            # new single link
    changed["stakeholders"][1]["knows"] = ["s3"]               # shorter list link
    changed["departments"][2]["parent"] = "d1"                 # moved department
    changed["subscriptions"][0]["mrr"] = 999.0
    ds = load_dataset(write_book(changed))
    report = load(conn(neo4j_uri), ds, "b")
    assert report.nodes_updated >= 1 and report.relationships_removed >= 3
    assert read_dataset(conn(neo4j_uri), "b") == ds


def test_prune_removes_only_what_this_dataset_no_longer_has(neo4j_uri, write_book, tiny):
    load(conn(neo4j_uri), load_dataset(write_book(tiny, "other.yaml")), "other")
    other_before = read_dataset(conn(neo4j_uri), "other")
    load(conn(neo4j_uri), load_dataset(write_book(EVERY_FIELD)), "main")
    smaller = copy.deepcopy(EVERY_FIELD)
    smaller["stakeholders"] = smaller["stakeholders"][:2]
    smaller["stakeholders"][1]["knows"] = ["s1"]
    del smaller["stakeholders"][1]["moved_to"]
    smaller["touchpoints"] = smaller["touchpoints"][:1]
    smaller["subscriptions"] = smaller["subscriptions"][:1]
    ds = load_dataset(write_book(smaller))

    kept = load(conn(neo4j_uri), ds, "main")  # without --prune: the old records stay
    assert kept.nodes_pruned == 0
    assert len(read_dataset(conn(neo4j_uri), "main").stakeholders) == 6

    pruned = load(conn(neo4j_uri), ds, "main", prune=True)
    assert pruned.nodes_pruned == 6 and pruned.relationships_pruned >= 1
    assert read_dataset(conn(neo4j_uri), "main") == ds
    assert read_dataset(conn(neo4j_uri), "other") == other_before


def test_injection_attempts_are_stored_as_plain_data(neo4j_uri, write_book, tiny):
    evil = "x'}) MATCH (n) DETACH DELETE n //"
    tiny["stakeholders"][0]["id"] = evil
    tiny["stakeholders"][1]["reports_to"] = evil
    tiny["stakeholders"][3]["reports_to"] = evil
    tiny["stakeholders"][0]["name"] = 'Robert"); DROP CONSTRAINT company_key; //`\\'
    tiny["owners"][0]["name"] = "<script>alert(1)</script> `backtick` $param {brace}"
    ds = load_dataset(write_book(tiny))
    load(conn(neo4j_uri), ds, "evil")
    assert read_dataset(conn(neo4j_uri), "evil") == ds
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        names, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
    assert "company_key" in {r["name"] for r in names}


def test_validation_problems_stop_the_load_before_anything_is_written(neo4j_uri, run,
                                                                         write_book, tiny):
    tiny["stakeholders"][0]["reports_to"] = "ghost"
    result = run("load", write_book(tiny), "--neo4j", neo4j_uri)
    assert result.exit_code == 2 and "unknown stakeholder 'ghost'" in result.stderr
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        count, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS c")
    assert count[0]["c"] == 0


def test_cli_load_then_summary_from_neo4j_matches_the_file(neo4j_uri, run, run_json):
    result = run("load", EXAMPLE, "--neo4j", neo4j_uri, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)[0]
    assert report["dataset"] == "nakamura-group" and report["nodes_created"] > 250
    assert run_json("summary", neo4j_uri) == run_json("summary", EXAMPLE)
    assert run_json("summary", "--neo4j", neo4j_uri) == run_json("summary", EXAMPLE)


def test_reading_with_several_datasets_needs_a_name(neo4j_uri, run, write_book, tiny):
    load(conn(neo4j_uri), load_dataset(write_book(tiny)), "one")
    load(conn(neo4j_uri), load_dataset(write_book(tiny)), "two")
    result = run("summary", neo4j_uri)
    assert result.exit_code == 2 and "several datasets (one, two)" in result.stderr
    assert run("summary", neo4j_uri, "--dataset", "two").exit_code == 0
    missing = run("summary", neo4j_uri, "--dataset", "three")
    assert missing.exit_code == 2 and "no dataset 'three'" in missing.stderr


def test_named_queries_run_with_parameters(neo4j_uri, run, run_json):
    assert run("load", EXAMPLE, "--neo4j", neo4j_uri).exit_code == 0
    listed = {r["name"] for r in run_json("query", "--list")}
    assert {"accounts", "stakeholders"} <= listed
    rows = run_json("query", "accounts", "--neo4j", neo4j_uri, "--param", "group=g-harbor")
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"c-hb-hd", "c-hb-eu", "c-hb-shop", "d-hb-stores"}
    assert by_id["c-hb-hd"]["mrr"] == 3000.0 and by_id["c-hb-hd"]["pipeline"] == 20000.0
    people = run_json("query", "stakeholders", "--neo4j", neo4j_uri,
                      "--param", "account=d-foods-qa")
    assert {p["id"] for p in people} == {"s-sato", "s-goto", "s-murata", "s-ono"}
    sato = next(p for p in people if p["id"] == "s-sato")
    assert sato["owners"][0] == "o-tanaka"  # strongest relationship first


def test_unknown_query_is_a_clear_error(run):
    result = run("query", "nope", "--neo4j", "bolt://127.0.0.1:1")
    assert result.exit_code == 2 and "no query named 'nope'" in result.stderr


def test_unreachable_server_is_one_clear_line_exit_1(run):
    result = run("summary", "bolt://127.0.0.1:1", "--password", "s3cret-value")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot reach Neo4j at bolt://127.0.0.1:1")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "s3cret-value" not in result.stderr + result.stdout


def test_unreachable_server_raises_store_unavailable():
    with pytest.raises(StoreUnavailableError):
        read_dataset(conn("bolt://127.0.0.1:1"))


def test_bad_uri_scheme_is_a_usage_error(run):
    result = run("load", EXAMPLE, "--neo4j", "http://localhost:7474")
    assert result.exit_code == 2 and "not a Neo4j URI" in result.stderr


@pytest.fixture(scope="module")
def password_server(tmp_path_factory):
    """A second real server, with authentication on (password mode of the launcher)."""
    from tests.neo4j_server import start_server

    server = start_server(tmp_path_factory.mktemp("neo4j-auth"), password="correct-horse-9")
    try:
        yield server
    finally:
        server.stop()


def test_password_mode_accepts_the_password_and_refuses_others(password_server, run,
                                                               monkeypatch):
    uri = password_server.uri
    good = Connection(uri=uri, password="correct-horse-9")
    load(good, load_dataset(EXAMPLE), "ex")
    assert read_dataset(good) == load_dataset(EXAMPLE)
    with pytest.raises(StoreAuthError):
        read_dataset(Connection(uri=uri, password="wrong-password"))

    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-password")
    result = run("summary", uri)
    assert result.exit_code == 1 and "refused the credentials of user 'neo4j'" in result.stderr
    assert "wrong-password" not in result.stderr + result.stdout
    monkeypatch.setenv("NEO4J_PASSWORD", "correct-horse-9")
    monkeypatch.setenv("NEO4J_URI", uri)
    assert run("summary", "--format", "json").exit_code == 0


def test_a_load_that_stopped_half_way_is_completed_by_the_next(neo4j_uri, write_book):
    # A load writes a node's properties and hash, then its links, and marks the dataset
    # complete at the very end. Simulate one that stopped before a node's links: the dataset
    # is incomplete, the hash is there and a link is gone.
    ds = load_dataset(write_book(EVERY_FIELD))
    first = load(conn(neo4j_uri), ds, "half")
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (s:Stakeholder {key: 's2'})-[r:KNOWS]->() DELETE r "
                             "WITH DISTINCT s MATCH (d:Dataset {name: 'half'}) "
                             "SET d.complete = false")
    report = load(conn(neo4j_uri), ds, "half")  # trusts no hash: syncs every node
    assert report.nodes_updated == first.nodes_created and report.relationships_created == 2
    assert read_dataset(conn(neo4j_uri), "half") == ds


def retitled(ds: Any, person: str) -> Any:
    """The book with one stakeholder's title changed."""
    return ds.model_copy(update={"stakeholders": [
        s.model_copy(update={"title": "New"}) if s.id == person else s for s in ds.stakeholders]})


def test_a_reload_sends_only_the_rows_that_changed(neo4j_uri, write_book):
    ds = load_dataset(write_book(EVERY_FIELD))
    load(conn(neo4j_uri), ds, "chunks")
    changed = retitled(ds, "s3")
    report = load(conn(neo4j_uri), changed, "chunks")
    assert report.nodes_updated == 1 and report.nodes_created == 0
    assert read_dataset(conn(neo4j_uri), "chunks") == changed
    again = load(conn(neo4j_uri), changed, "chunks")
    assert again.nodes_updated == 0 and again.relationships_created == 0


def test_a_reload_after_rows_moved_and_keys_shifted_reads_back_exactly(neo4j_uri, write_book):
    ds = load_dataset(write_book(EVERY_FIELD))
    first, churned, other = ds.subscriptions  # first and churned: both (d1, p1)
    old = ds.model_copy(update={"subscriptions": [first, other, churned]})
    # the record at place 2 stays but becomes the 1st (d1, p1) pair: its key changes
    new = ds.model_copy(update={"subscriptions": [other, other, churned]})
    # and then every node moves (so every node key is at another place)
    moved = new.model_copy(update={"stakeholders": ds.stakeholders[::-1],
                                   "touchpoints": ds.touchpoints[::-1]})
    load(conn(neo4j_uri), old, "moved")
    for book in (new, moved, old):
        load(conn(neo4j_uri), book, "moved", prune=True)
        assert read_dataset(conn(neo4j_uri), "moved") == book


def test_a_dataset_without_row_digests_is_compared_node_by_node(neo4j_uri, write_book):
    ds = load_dataset(write_book(EVERY_FIELD))
    load(conn(neo4j_uri), ds, "older")
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:  # as an older version left it
        driver.execute_query("MATCH (d:Dataset {name: 'older'}) "
                             "REMOVE d.digests_stakeholders, d.chunks_stakeholders, "
                             "d.digests_subscriptions, d.chunks_subscriptions")
    changed = retitled(ds, "s3")
    report = load(conn(neo4j_uri), changed, "older")
    assert report.nodes_updated == 1 and report.relationships_created == 0
    assert read_dataset(conn(neo4j_uri), "older") == changed


# -- hardening: loads that never lose or merge data ------------------------------------------

def test_a_dataset_whose_load_did_not_finish_never_reads_back(neo4j_uri, run):
    ds = load_dataset(EXAMPLE)
    load(conn(neo4j_uri), ds, "example")
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:  # as a load that stopped
        driver.execute_query("MATCH (d:Dataset {name: 'example'}) SET d.complete = false")
    from accountmap.errors import StoreError

    with pytest.raises(StoreError, match="not completely loaded"):
        read_dataset(conn(neo4j_uri), "example")
    result = run("coverage", neo4j_uri, "--engine", "cypher")
    assert result.exit_code == 1 and "not completely loaded" in result.stderr
    load(conn(neo4j_uri), ds, "example")  # loading again completes it
    assert read_dataset(conn(neo4j_uri), "example") == ds


def test_a_record_that_changes_kind_between_loads(neo4j_uri, write_book, tiny):
    load(conn(neo4j_uri), load_dataset(write_book(tiny, "one.yaml")), "book")
    # c-sub, a company, becomes a department of c-hd; its opportunity and person follow.
    second = copy.deepcopy(tiny)
    second["companies"] = [c for c in second["companies"] if c["id"] != "c-sub"]
    second["departments"].append({"id": "c-sub", "name": "Sub unit", "company": "c-hd"})
    second["stakeholders"][3].update(company="c-hd", department="c-sub")
    ds = load_dataset(write_book(second, "two.yaml"))
    for prune in (False, True):
        load(conn(neo4j_uri), ds, "book", prune=prune)
        assert read_dataset(conn(neo4j_uri), "book") == ds


def test_prune_compares_relationship_triples_not_joined_text(neo4j_uri, write_book, tiny):
    # (a|b -> c) and (a -> b|c) would join to the same text.
    tiny["owners"] += [{"id": "o|x", "name": "Pipe", "role": "support"}]
    tiny["stakeholders"] += [{"id": "x|s-ceo", "name": "Pipe person", "company": "c-hd"}]
    tiny["relationships"] += [{"owner": "o|x", "stakeholder": "s-ceo"}]
    load(conn(neo4j_uri), load_dataset(write_book(tiny)), "pipes")
    tiny["relationships"][-1] = {"owner": "o", "stakeholder": "x|s-ceo"}
    tiny["owners"].append({"id": "o", "name": "O", "role": "support"})
    ds = load_dataset(write_book(tiny))
    load(conn(neo4j_uri), ds, "pipes", prune=True)
    assert read_dataset(conn(neo4j_uri), "pipes") == ds


def test_an_explicit_touchpoint_id_never_merges_with_a_derived_key(neo4j_uri, write_book,
                                                                    tiny):
    from accountmap.store.shape import touchpoint_keys

    tiny["touchpoints"].append({"date": "2026-01-21", "owners": ["o-am"],
                                "stakeholders": ["s-cio"], "kind": "call"})
    derived = touchpoint_keys(load_dataset(write_book(tiny)))[-1]
    tiny["touchpoints"].append({"id": derived.lstrip("~"), "date": "2026-01-22",
                                "owners": ["o-cs"], "stakeholders": ["s-ops"], "kind": "email"})
    tiny["touchpoints"].append({"id": derived, "date": "2026-01-23", "owners": ["o-cs"],
                                "stakeholders": ["s-ops"], "kind": "email"})
    ds = load_dataset(write_book(tiny))
    load(conn(neo4j_uri), ds, "tps")
    assert read_dataset(conn(neo4j_uri), "tps") == ds


def test_concurrent_first_loads_of_different_datasets(neo4j_uri, write_book, tiny):
    from concurrent.futures import ThreadPoolExecutor

    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:  # a fresh database: no schema
        for kind in ("CONSTRAINTS", "INDEXES"):
            rows, _, _ = driver.execute_query(f"SHOW {kind} YIELD name, type "
                                              f"WHERE type <> 'LOOKUP' RETURN name")
            for row in rows:
                driver.execute_query(f"DROP {'CONSTRAINT' if kind == 'CONSTRAINTS' else 'INDEX'} "
                                     f"`{row['name']}` IF EXISTS")
    books = {}
    for i in range(6):
        book = copy.deepcopy(tiny)
        book["groups"][0]["name"] = f"Group {i}"
        books[f"d{i}"] = load_dataset(write_book(book, f"d{i}.yaml"))
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda item: load(conn(neo4j_uri), item[1], item[0]), books.items()))
    for name, ds in books.items():
        assert read_dataset(conn(neo4j_uri), name) == ds


def test_a_property_written_by_hand_is_named_on_read_back(neo4j_uri):
    from accountmap.errors import DataError

    load(conn(neo4j_uri), load_dataset(EXAMPLE), "handmade")
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (s:Stakeholder {dataset: 'handmade', key: 's-hayashi'}) "
                             "SET s.nickname = 'Nao'")
    with pytest.raises(DataError) as caught:
        read_dataset(conn(neo4j_uri), "handmade")
    assert "nickname" in str(caught.value)
