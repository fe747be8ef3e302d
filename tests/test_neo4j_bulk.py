"""The bulk path and the loader's two paths give one database (Neo4j speed issue).

``accountmap export neo4j-import`` writes the files of Neo4j's offline importer; the real
importer (``neo4j-admin database import full`` from Maven Central, run by ``scripts/neo4j
import``) builds a database from them, which must hold exactly what ``accountmap load`` of the
same book leaves: every node's labels and properties, every relationship's type, ends and
properties. A first load (CREATE, links with their nodes, by element id) and loads that MERGE
(a reload after a stopped load, a label added to a dataset later) must leave the same too.
"""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from neo4j import GraphDatabase

from accountmap.io import read_document
from accountmap.store import Connection, load, read_dataset
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE
from tests.neo4j_server import SCRIPT, Server, start_server, without_bookkeeping

DATASET = "bulk"


def scoped_snapshot(uri: str, dataset: str) -> tuple[list[str], list[str]]:
    """Every node of one dataset (its Dataset node too) with labels and properties, and every
    relationship between them with type, ends and properties; sorted text."""
    with GraphDatabase.driver(uri, auth=None) as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) WHERE n.dataset = $d OR (n:Dataset AND n.name = $d) "
            "RETURN labels(n) AS l, properties(n) AS p", d=dataset)
        rels, _, _ = driver.execute_query(
            "MATCH (a {dataset: $d})-[r]->(b {dataset: $d}) "
            "RETURN type(r) AS t, labels(a) AS la, a.key AS a, labels(b) AS lb, b.key AS b, "
            "properties(r) AS p", d=dataset)

    def norm(rows: list[Any]) -> list[str]:
        # a node's labels are a set: their order follows the order the database first met them
        return sorted(json.dumps({k: sorted(v) if k in ("l", "la", "lb") else v
                                  for k, v in dict(r).items()}, sort_keys=True, default=repr)
                      for r in rows)

    return norm(without_bookkeeping([dict(r) for r in nodes])), norm(rels)


def hostile_book() -> dict[str, Any]:
    """The example book with text the CSV files must carry exactly: quotes, commas,
    semicolons, newlines, backslashes, empty and padded text, Japanese."""
    book = copy.deepcopy(read_document(EXAMPLE).data)
    book["stakeholders"][0]["title"] = 'He said "hi", then\nleft; a\\b ,;| end'
    book["stakeholders"][1]["name"] = '品質保証部 "部長"'
    book["stakeholders"][2]["title"] = ""
    book["owners"][0]["team"] = "  padded  "
    book["groups"][0]["industry"] = "食品・飲料, 物流"
    book["touchpoints"][0]["topic"] = "line one\r\nline two, \"quoted\"\\"
    book["products"][0]["line"] = '"'
    # the dated organisation's fields travel too (text, dates and links)
    first, company = book["stakeholders"][0], book["companies"][1]
    company.update(corporate_number="7000012050002", lei="5493001KJTIIGC8Y1R12",
                   joined_group_on="2020-04-01")
    book["departments"][0]["created_on"] = "2019-01-01"
    book["stakeholders"].append({"id": "s-second-post", "name": first["name"],
                                 "company": company["id"], "same_person_as": first["id"],
                                 "post_kind": "secondment", "joined_on": "2025-10-01"})
    return book


def _delete(uri: str, dataset: str) -> None:
    with GraphDatabase.driver(uri, auth=None) as driver:
        driver.execute_query("MATCH (n) WHERE n.dataset = $d OR (n:Dataset AND n.name = $d) "
                             "DETACH DELETE n", d=dataset)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bulk-book") / "book.yaml"
    path.write_text(yaml.safe_dump(hostile_book(), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, book: Path) -> Iterator[Server]:
    """A Neo4j whose database the real offline importer built from the export of ``book``."""
    files = tmp_path_factory.mktemp("bulk") / "files"
    done = subprocess.run(["accountmap", "export", "neo4j-import", str(book), str(files),
                           "--dataset", DATASET], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    home = tmp_path_factory.mktemp("bulk-home")
    done = subprocess.run([str(SCRIPT), "import", "--home", str(home), str(files)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout
    server = start_server(home)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.neo4j
def test_the_import_tool_builds_what_load_builds(imported, neo4j_uri, book):
    ds = load_dataset(book)
    _delete(neo4j_uri, DATASET)
    load(Connection(uri=neo4j_uri), ds, DATASET)
    expected = scoped_snapshot(neo4j_uri, DATASET)
    assert len(expected[0]) == 1 + sum(len(getattr(ds, s)) for s in (
        "groups", "companies", "departments", "stakeholders", "owners", "products",
        "opportunities", "touchpoints"))
    assert scoped_snapshot(imported.uri, DATASET) == expected
    assert read_dataset(Connection(uri=imported.uri), DATASET) == ds


@pytest.mark.neo4j
def test_a_load_after_the_import_finds_nothing_to_change(imported, book):
    ds = load_dataset(book)
    before = scoped_snapshot(imported.uri, DATASET)
    report = load(Connection(uri=imported.uri), ds, DATASET)
    assert (report.nodes_created, report.nodes_updated, report.relationships_created,
            report.relationships_removed) == (0, 0, 0, 0)
    assert report.nodes_unchanged == len(before[0]) - 1
    assert scoped_snapshot(imported.uri, DATASET) == before
    with GraphDatabase.driver(imported.uri, auth=None) as driver:  # and the schema is made
        names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name")[0]}
    assert {"touchpoint_key", "account_key"} <= names


@pytest.mark.neo4j
def test_first_loads_and_merging_loads_leave_the_same_database(neo4j_uri, book):
    ds = load_dataset(book)
    conn = Connection(uri=neo4j_uri)
    name = "paths"
    _delete(neo4j_uri, name)
    first = load(conn, ds, name)  # every label created, links by element id
    assert first.nodes_created == len(scoped_snapshot(neo4j_uri, name)[0]) - 1
    expected = scoped_snapshot(neo4j_uri, name)

    # a load that stopped half-way: the next trusts no hash and MERGEs everything again
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (d:Dataset {name: $d}) SET d.complete = false "
                             "WITH d MATCH (:Touchpoint {dataset: $d})-[r:ATTENDED_BY]->() "
                             "WITH r LIMIT 7 DELETE r", d=name)
    again = load(conn, ds, name)
    assert again.nodes_created == 0 and again.nodes_updated == first.nodes_created
    assert again.relationships_created == 7
    assert scoped_snapshot(neo4j_uri, name) == expected

    # touchpoints and subscriptions arrive in a later load: created with links by key
    _delete(neo4j_uri, name)
    load(conn, ds.model_copy(update={"touchpoints": [], "subscriptions": []}), name)
    later = load(conn, ds, name)
    assert later.nodes_created == len(ds.touchpoints)
    assert scoped_snapshot(neo4j_uri, name) == expected
    assert read_dataset(conn, name) == ds


def test_export_refuses_a_bad_book_and_a_full_folder(run, write_book, tmp_path):
    bad = write_book({"version": 1, "groups": [{"id": "g", "name": "G"}],
                      "companies": [{"id": "c", "name": "C", "group": "nowhere"}]})
    result = run("export", "neo4j-import", bad, tmp_path / "out")
    assert result.exit_code == 2 and "nowhere" in result.stderr
    assert not (tmp_path / "out").exists()
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    result = run("export", "neo4j-import", EXAMPLE, full)
    assert result.exit_code == 2 and "not an empty folder" in result.stderr
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_writes_typed_files_and_the_importer_arguments(run, tmp_path):
    out = tmp_path / "files"
    result = run("export", "neo4j-import", EXAMPLE, out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)[0]
    assert report["nodes"] == 1 + sum(len(v) for k, v in read_document(EXAMPLE).data.items()
                                      if k in ("groups", "companies", "departments",
                                               "stakeholders", "owners", "products",
                                               "opportunities", "touchpoints"))
    args = (out / "import.args").read_text(encoding="utf-8").splitlines()
    assert "--nodes=Company:Account=nodes-companies.csv" in args
    assert "--relationships=ATTENDED_BY=rels-touchpoints-stakeholders.csv" in args
    for arg in args:
        if arg.startswith(("--nodes=", "--relationships=")):
            assert (out / arg.rsplit("=", 1)[1]).is_file()
    header = (out / "nodes-stakeholders.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith(":ID,") and "roles:string[]" in header
    assert "influence:long" in header and "left_on:date" in header
    assert "CREATE CONSTRAINT touchpoint_key" in (out / "schema.cypher").read_text()
