"""One dataset shared by a team, on a real Neo4j: one group read at its own cost, groups
loaded by several account managers at once, scoped prune, conflicts on shared records, and
the dataset list."""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from accountmap.cut import group_part
from accountmap.generate import generate_book
from accountmap.model import Dataset
from accountmap.store.connection import Connection
from accountmap.store.group_reader import _CROSSING, _queries, read_groups
from accountmap.store.loader import load
from accountmap.store.named import group_scoped
from accountmap.store.queries import query_text
from accountmap.store.reader import read_dataset
from accountmap.store.stamps import Stamp
from accountmap.validate import load_dataset

pytestmark = pytest.mark.neo4j

TEAM = "team"


def book_text(ds: Dataset) -> str:
    return json.dumps(ds.model_dump(mode="json", exclude_none=True, exclude_defaults=True))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """A 50-group book, small groups."""
    path = tmp_path_factory.mktemp("team") / "book.json"
    path.write_text(json.dumps(generate_book(50, seed=5, companies_per_group=3,
                                             stakeholders_per_company=4,
                                             touchpoints_per_stakeholder=2)),
                    encoding="utf-8")
    return path, load_dataset(str(path))


@pytest.fixture(scope="module")
def halves(book: tuple[Path, Dataset], tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[Path, Path, list[str], list[str]]:
    """Two account managers' files: the first 25 groups (a.json), the rest (b.json)."""
    _, ds = book
    ids = [g.id for g in ds.groups]
    folder = tmp_path_factory.mktemp("halves")
    a, b = folder / "a.json", folder / "b.json"
    for path, groups in ((a, ids[:25]), (b, ids[25:])):
        part = group_part(ds, groups)
        assert part is not None
        path.write_text(book_text(part), encoding="utf-8")
    return a, b, ids[:25], ids[25:]


def conn(uri: str) -> Connection:
    return Connection(uri=uri)


def dump(uri: str, *, records_only: bool = False,
         keep: Callable[[dict[str, Any]], bool] = lambda _: True
         ) -> tuple[list[str], list[str]]:
    """Every node (labels, properties) and relationship (type, its ends' labels and keys,
    properties) as sorted text. ``records_only``: the book's content alone (no stamps, no
    dataset node, no hashes or places in a file)."""
    skip = {"hash", "seq"} if records_only else set()
    with GraphDatabase.driver(uri, auth=None) as driver:
        nodes = [dict(r) for r in driver.execute_query(
            "MATCH (n) RETURN labels(n) AS l, properties(n) AS p")[0]]
        rels = [dict(r) for r in driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS t, labels(a) AS la, a.key AS a, "
            "labels(b) AS lb, b.key AS b, properties(r) AS p, properties(a) AS pa, "
            "properties(b) AS pb")[0]]
    if records_only:
        nodes = [n for n in nodes if not {"Dataset", "GroupLoad"} & set(n["l"])]
    nodes = [n for n in nodes if keep(n["p"])]
    rels = [r for r in rels if keep(r.pop("pa")) or keep(r.pop("pb", {}))]
    for r in rels:
        r.pop("pb", None)

    def norm(rows: list[dict[str, Any]]) -> list[str]:
        return sorted(json.dumps({k: ({p: x for p, x in v.items() if p not in skip}
                                      if k == "p" else sorted(v) if k in ("l", "la", "lb")
                                      else v) for k, v in row.items()},
                                 sort_keys=True, default=str) for row in rows)

    return norm(nodes), norm(rels)


# -- reading one group ---------------------------------------------------------------------

def test_one_group_reads_back_as_its_part_of_the_file(neo4j_uri, book, run_json):
    path, ds = book
    load(conn(neo4j_uri), ds, TEAM)
    others = {g.id for g in ds.groups}
    for group in ("g00000", "g00017", "g00049"):
        expected = group_part(ds, [group])
        assert expected is not None
        assert read_groups(conn(neo4j_uri), TEAM, [group]) == expected
        from_db = run_json("plan", neo4j_uri, "--dataset", TEAM, "--group", group)
        assert from_db == run_json("plan", path, "--group", group)
        # the plan names nothing of other groups, nor owners only they name
        mine = {r.id for s in ("groups", "companies", "departments", "stakeholders", "owners",
                               "products", "opportunities") for r in expected.records(s)}
        assert set(from_db["names"]) <= mine
        assert not set(from_db["names"]) & (others - {group})
        for command in ("summary", "coverage", "whitespace"):
            assert (run_json(command, neo4j_uri, "--dataset", TEAM, "--group", group)
                    == run_json(command, path, "--group", group))
    two = read_groups(conn(neo4j_uri), TEAM, ["g00003", "g00004"])
    assert two == group_part(ds, ["g00003", "g00004"])


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operator of a profiled plan (the driver gives the plan as nested dicts)."""
    out = [plan]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def _profile(uri: str, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        result = session.run("PROFILE " + query, params)
        list(result)
        profile = result.consume().profile
        assert profile is not None
        return _operators(profile)


def test_every_read_of_one_group_seeks_the_index_and_touches_the_group_only(neo4j_uri, book):
    _, ds = book
    load(conn(neo4j_uri), ds, TEAM)
    group = "g00020"
    part = group_part(ds, [group])
    assert part is not None
    size = sum(len(part.records(s)) for s in ("companies", "departments", "stakeholders",
                                               "relationships", "assignments", "subscriptions",
                                               "opportunities", "touchpoints", "owners",
                                               "products", "groups"))
    dataset_size = sum(len(ds.records(s)) for s in ("stakeholders", "touchpoints"))
    queries, _ = _queries()
    reads = {**{k: v[0] for k, v in queries.items()}, "crossing": _CROSSING}
    reads["coverage"] = group_scoped(query_text("coverage"))
    reads["whitespace"] = group_scoped(query_text("whitespace"))
    params = {"dataset": TEAM, "groups": [group], "group": group, "keys": ["o00000"],
              "as_of": ds.as_of, "fx": {}, "kind": None, "level": "company"}
    for name, text in reads.items():
        ops = _profile(neo4j_uri, text, params)
        kinds = {op["operatorType"].split("@")[0] for op in ops}
        scans = [op.get("args", {}).get("Details") for op in ops
                 if op["operatorType"].split("@")[0] in ("NodeByLabelScan", "AllNodesScan",
                                                         "NodeIndexScan")]
        assert not scans, (name, scans)
        if name != "products 0":
            assert any("IndexSeek" in k for k in kinds), (name, kinds)
        most = max(int(op.get("rows", 0)) for op in ops)
        assert most <= 20 * size < dataset_size, (name, most, size)


# -- loading groups ------------------------------------------------------------------------

def _changed(path: Path, round_: int) -> str:
    """The file with one stakeholder retitled and one subscription's MRR changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["stakeholders"][round_]["title"] = f"Director {round_}"
    data["subscriptions"][round_]["mrr"] = 1000.0 + round_
    return json.dumps(data)


def test_two_account_managers_loading_at_once(neo4j_uri, halves, tmp_path):
    a, b, groups_a, groups_b = halves
    files = {"a": tmp_path / "a.json", "b": tmp_path / "b.json"}
    for round_ in range(3):
        files["a"].write_text(_changed(a, round_), encoding="utf-8")
        files["b"].write_text(_changed(b, round_), encoding="utf-8")
        books = {k: load_dataset(str(p)) for k, p in files.items()}
        start = threading.Barrier(2)
        errors: list[BaseException] = []

        def run(who: str, start: threading.Barrier = start, books: dict[str, Dataset] = books,
                errors: list[BaseException] = errors) -> None:
            try:
                start.wait()
                load(conn(neo4j_uri), books[who], TEAM, stamp=Stamp(f"{who}.json", "", who))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(w,)) for w in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        together = dump(neo4j_uri, records_only=True)
        union = group_part(_union(books["a"], books["b"]), groups_a + groups_b)
        assert union is not None
        assert read_groups(conn(neo4j_uri), TEAM, groups_a[:2]) == group_part(
            books["a"], groups_a[:2])
        with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
            driver.execute_query("MATCH (n) DETACH DELETE n")
        load(conn(neo4j_uri), union, TEAM)
        assert dump(neo4j_uri, records_only=True) == together, f"round {round_}"
        # back to the team's state for the next round
        with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
            driver.execute_query("MATCH (n) DETACH DELETE n")
        for who in ("a", "b"):
            load(conn(neo4j_uri), books[who], TEAM, stamp=Stamp(f"{who}.json", "", who))


def _union(a: Dataset, b: Dataset) -> Dataset:
    """One book of both files (their owners and products are the same records)."""
    merged: dict[str, Any] = {}
    for section in ("groups", "companies", "departments", "stakeholders", "relationships",
                    "assignments", "subscriptions", "opportunities", "touchpoints"):
        merged[section] = a.records(section) + b.records(section)
    for section in ("owners", "products"):
        seen = {r.id: r for r in a.records(section)}
        seen.update((r.id, r) for r in b.records(section))
        merged[section] = list(seen.values())
    return a.model_copy(update=merged)


def test_a_scoped_prune_leaves_every_other_group_as_it_was(neo4j_uri, halves, tmp_path, run):
    a, b, groups_a, groups_b = halves
    assert run("load", a, "--neo4j", neo4j_uri, "--dataset", TEAM, "--author", "alice",
               "-q").exit_code == 0
    assert run("load", b, "--neo4j", neo4j_uri, "--dataset", TEAM, "--author", "bob",
               "-q").exit_code == 0
    theirs = set(groups_b)

    def of_b(props: dict[str, Any]) -> bool:
        return props.get("scope") in theirs or props.get("group") in theirs

    before = dump(neo4j_uri, keep=of_b)
    smaller = json.loads(a.read_text(encoding="utf-8"))
    gone_person = smaller["stakeholders"].pop(0)["id"]
    smaller["touchpoints"] = [t for t in smaller["touchpoints"]
                              if gone_person not in t["stakeholders"]]
    smaller["relationships"] = [r for r in smaller["relationships"]
                                if r["stakeholder"] != gone_person]
    for s in smaller["stakeholders"]:
        for field in ("reports_to", "moved_to", "successor", "same_person_as"):
            if s.get(field) == gone_person:
                del s[field]
        if gone_person in s.get("knows", []):
            s["knows"].remove(gone_person)
    for sub in smaller["subscriptions"]:
        for field in ("champion", "economic_buyer"):
            if sub.get(field) == gone_person:
                del sub[field]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(smaller), encoding="utf-8")
    result = run("load", path, "--neo4j", neo4j_uri, "--dataset", TEAM, "--prune",
                 "--author", "alice", "-q", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["nodes_pruned"] >= 1
    assert dump(neo4j_uri, keep=of_b) == before
    part = read_groups(conn(neo4j_uri), TEAM, groups_a)
    assert part == group_part(load_dataset(str(path)), groups_a)
    # a group named in --groups that the file lacks goes, with its stamp
    result = run("load", path, "--neo4j", neo4j_uri, "--dataset", TEAM, "--groups",
                 f"{groups_b[0]}", "--prune", "-q")
    assert result.exit_code == 0, result.stderr
    listed = json.loads(run("datasets", neo4j_uri, "--format", "json").stdout)[0]
    assert groups_b[0] not in [g["id"] for g in listed["groups"]]
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        left = driver.execute_query("MATCH (n {dataset: $d, scope: $g}) RETURN count(n) AS c",
                                    d=TEAM, g=groups_b[0])[0][0]["c"]
    assert left == 0


def test_a_shared_owner_two_files_define_differently_is_a_conflict(neo4j_uri, halves,
                                                                   tmp_path, run):
    a, b, _, _ = halves
    assert run("load", a, "--neo4j", neo4j_uri, "--dataset", TEAM, "--author", "alice",
               "-q").exit_code == 0
    data_a = json.loads(a.read_text(encoding="utf-8"))
    data_b = json.loads(b.read_text(encoding="utf-8"))
    named_by_a = {r["owner"] for r in data_a["relationships"]}
    shared = next(o for o in data_b["owners"] if o["id"] in named_by_a)
    changed = copy.deepcopy(data_b)
    for o in changed["owners"]:
        if o["id"] == shared["id"]:
            o["name"] = "Someone Else"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    before = dump(neo4j_uri)
    result = run("load", path, "--neo4j", neo4j_uri, "--dataset", TEAM, "--author", "bob",
                 "-q")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    line = next(x for x in lines if f"owners.{shared['id']}.name" in x)
    assert line.startswith(str(path.name)) or "b.json" in line
    assert "a.json" in line and "alice" in line
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line)
    assert "Traceback" not in result.stderr
    assert dump(neo4j_uri) == before  # nothing written, stamps included
    # an id the dataset holds as another group's record
    taken = data_a["companies"][0]["id"]
    clash = copy.deepcopy(data_b)
    clash["groups"].append({"id": "g-new", "name": "New"})
    clash["companies"].append({"id": taken, "name": "Same id", "group": "g-new"})
    path.write_text(json.dumps(clash), encoding="utf-8")
    result = run("load", path, "--neo4j", neo4j_uri, "--dataset", TEAM, "-q")
    assert result.exit_code == 2
    line = next(x for x in result.stderr.splitlines() if f"companies.{taken}" in x)
    assert "a.json" in line and "alice" in line and "unique" in line
    assert dump(neo4j_uri) == before
    # an owner only the groups being loaded name is theirs to change
    only_a = sorted(named_by_a - {r["owner"] for r in data_b["relationships"]}
                    - {o for t in data_b["touchpoints"] for o in t["owners"]}
                    - {x.get("owner") for x in data_b.get("opportunities", [])}
                    - {x["owner"] for x in data_b.get("assignments", [])})
    if only_a:
        renamed = copy.deepcopy(data_a)
        for o in renamed["owners"]:
            if o["id"] == only_a[0]:
                o["name"] = "Renamed By Alice"
        again = tmp_path / "a.json"
        again.write_text(json.dumps(renamed), encoding="utf-8")
        result = run("load", again, "--neo4j", neo4j_uri, "--dataset", TEAM, "-q")
        assert result.exit_code == 0, result.stderr


def test_the_dataset_list_names_each_groups_last_load(neo4j_uri, halves, run, tmp_path):
    a, b, groups_a, groups_b = halves
    assert run("load", a, "--neo4j", neo4j_uri, "--dataset", TEAM, "--author", "alice",
               "-q").exit_code == 0
    later = json.loads(b.read_text(encoding="utf-8"))
    later["as_of"] = "2026-07-15"  # another as_of loads; the dataset's is the latest load's
    b = tmp_path / "b.json"
    b.write_text(json.dumps(later), encoding="utf-8")
    assert run("load", b, "--neo4j", neo4j_uri, "--dataset", TEAM, "--author", "bob",
               "-q", "--groups", ",".join(groups_b[:3])).exit_code == 0
    assert str(read_dataset(conn(neo4j_uri), TEAM).as_of) == "2026-07-15"
    result = run("datasets", neo4j_uri, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [listed] = json.loads(result.stdout)
    assert set(listed) == {"name", "groups", "last_load", "author", "nodes", "relationships"}
    assert listed["name"] == TEAM and listed["author"] == "bob"
    by_id = {g["id"]: g for g in listed["groups"]}
    assert set(by_id) == set(groups_a) | set(groups_b[:3])
    assert by_id[groups_a[0]]["author"] == "alice" and by_id[groups_a[0]]["file"] == "a.json"
    assert by_id[groups_b[0]]["author"] == "bob" and by_id[groups_b[0]]["file"] == "b.json"
    assert re.fullmatch(r"[0-9a-f]{64}", by_id[groups_b[0]]["digest"])
    for g in listed["groups"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", g["loaded_at"])
    assert listed["last_load"] == max(g["loaded_at"] for g in listed["groups"])
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        nodes = driver.execute_query("MATCH (n) WHERE n.dataset = $d AND NOT n:GroupLoad "
                                     "RETURN count(n) AS c", d=TEAM)[0][0]["c"]
        rels = driver.execute_query("MATCH (n)-[r]->() WHERE n.dataset = $d "
                                    "RETURN count(r) AS c", d=TEAM)[0][0]["c"]
    assert (listed["nodes"], listed["relationships"]) == (nodes, rels)
    table = run("datasets", neo4j_uri)
    assert table.exit_code == 0 and TEAM in table.stdout


def test_groups_that_a_meeting_crosses_are_loaded_together(neo4j_uri, book, tmp_path, run,
                                                          run_json):
    _, ds = book
    data = json.loads(book_text(ds))
    first = next(s for s in data["stakeholders"] if s["company"].startswith("g00001"))
    other = next(s for s in data["stakeholders"] if s["company"].startswith("g00002"))
    data["touchpoints"].append({"date": "2026-06-01", "owners": [data["owners"][0]["id"]],
                                "stakeholders": [first["id"], other["id"]],
                                "kind": "meeting"})
    path = tmp_path / "crossing.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("load", path, "--neo4j", neo4j_uri, "--dataset", TEAM, "--groups",
                 "g00001", "-q")
    assert result.exit_code == 2
    assert "load these groups together" in result.stderr and "Traceback" not in result.stderr
    assert run("load", path, "--neo4j", neo4j_uri, "--dataset", TEAM, "-q").exit_code == 0
    # the group's part is not closed: the whole dataset answers, as for the file
    assert read_groups(conn(neo4j_uri), TEAM, ["g00001"]) is None
    assert (run_json("plan", neo4j_uri, "--dataset", TEAM, "--group", "g00001")
            == run_json("plan", path, "--group", "g00001"))
    assert read_dataset(conn(neo4j_uri), TEAM) == load_dataset(str(path))
    assert read_dataset(conn(neo4j_uri), TEAM, ["g00001"]) == load_dataset(str(path))
    assert read_dataset(conn(neo4j_uri), TEAM, ["g00005"]) == group_part(
        load_dataset(str(path)), ["g00005"])
