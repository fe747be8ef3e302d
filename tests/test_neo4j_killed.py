"""Loads that are killed converge (hardening issue, item 14): the client killed at two points
of a load, and the server killed mid-load and restarted, then the load rerun, always leave
exactly the database that one clean load leaves.

Both run ``accountmap load`` as a real process on a generated book big enough for a load of a
few seconds (small batches: many transactions), watch the database fill, and SIGKILL the
client or the server when the load reaches a point: part of the nodes written, or every node
written and the links under way. The reference is a full snapshot (every node's labels and
properties, every relationship's type, ends and properties) after one clean load of the same
book under the same dataset name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from accountmap.store import Connection, read_dataset
from accountmap.validate import load_dataset
from tests.neo4j_server import SCRIPT
from tests.test_neo4j_store import snapshot

pytestmark = pytest.mark.neo4j

DATASET = "killed"
BATCH = "200"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("killed-book") / "book.json"
    # 4 groups: the links phase lasts long enough that a kill seen "under way" lands before
    # the load completes (with 2 it finished first in about one CI run in three)
    subprocess.run([sys.executable, "-m", "accountmap", "generate", "--groups", "4", "--seed",
                    "7", "-o", str(path)], check=True, capture_output=True)
    return path


def _start_load(uri: str, book: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "accountmap", "load", str(book), "--neo4j", uri, "--dataset",
         DATASET, "--batch-size", BATCH, "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _load(uri: str, book: Path) -> None:
    proc = _start_load(uri, book)
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err


def _progress(uri: str) -> tuple[int, int]:
    """(nodes of the dataset, relationships between them) written so far; (-1, -1) when the
    server does not answer."""
    try:
        with GraphDatabase.driver(uri, auth=None, connection_timeout=2) as driver:
            rows, _, _ = driver.execute_query(
                "MATCH (n {dataset: $d}) WITH count(n) AS nodes "
                "OPTIONAL MATCH ({dataset: $d})-[r]->() RETURN nodes, count(r) AS rels",
                d=DATASET)
            return int(rows[0]["nodes"]), int(rows[0]["rels"])
    except Exception:
        return -1, -1


#: Where a load is killed, given the clean load's node count: part of the nodes written; every
#: node written and some relationships.
POINTS: dict[str, Callable[[int, int, int], bool]] = {
    "nodes": lambda nodes, rels, total: nodes >= total // 3,
    "links": lambda nodes, rels, total: nodes >= total and rels > 0,
}


def _wait_for(uri: str, proc: subprocess.Popen[str], point: str, total: int) -> bool:
    """Wait until the running load reaches the point; False if it ended first."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        nodes, rels = _progress(uri)
        if nodes >= 0 and POINTS[point](nodes, rels, total):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def reference(neo4j_server, book) -> Iterator[tuple[tuple[list[str], list[str]], int]]:
    """The snapshot of one clean load of the book, and its node count."""
    uri = neo4j_server.uri
    with GraphDatabase.driver(uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    _load(uri, book)
    nodes, _ = _progress(uri)
    yield snapshot(uri), nodes


def _assert_converged(uri: str, book: Path, reference) -> None:
    expected, _ = reference
    assert snapshot(uri) == expected
    assert read_dataset(Connection(uri=uri), DATASET) == load_dataset(book)


@pytest.mark.parametrize("point", list(POINTS))
def test_a_client_killed_mid_load_is_completed_by_the_next_load(neo4j_uri, book, reference,
                                                                 point):
    _, total = reference
    proc = _start_load(neo4j_uri, book)
    reached = _wait_for(neo4j_uri, proc, point, total)
    proc.kill()
    proc.communicate()
    assert reached, "the load finished before the kill point: make the book bigger"
    from accountmap.errors import StoreError

    with pytest.raises(StoreError, match="not completely loaded"):
        read_dataset(Connection(uri=neo4j_uri), DATASET)
    _load(neo4j_uri, book)
    _assert_converged(neo4j_uri, book, reference)


def _pid(home: Path) -> int:
    return int((home / "neo4j.pid").read_text())


def test_a_server_killed_mid_load_restarted_and_the_load_rerun_converges(
        neo4j_server, book, reference):
    # The session's own server is killed and restarted on its port and data (scripts/neo4j
    # start sees a SIGKILLed server's zombie as stopped), so the test needs no server of its
    # own; it runs last in this module, and the tests after it find the server back.
    if neo4j_server.home is None:
        pytest.skip("an external server (ACCOUNTMAP_TEST_NEO4J_URI) is not ours to kill")
    home, uri = neo4j_server.home, neo4j_server.uri
    port = uri.rsplit(":", 1)[1]
    _, total = reference
    with GraphDatabase.driver(uri, auth=None) as driver:  # the dataset is loaded again
        driver.execute_query("MATCH (n) WHERE n.dataset = $d OR n.name = $d DETACH DELETE n",
                             d=DATASET)
    proc = _start_load(uri, book)
    reached = _wait_for(uri, proc, "links", total)  # every node written, links under way
    # (the client tests kill at both points; a restart costs ~20 s, so the server dies once)
    os.kill(_pid(home), signal.SIGKILL)
    _out, err = proc.communicate(timeout=300)
    assert reached, "the load finished before the kill point: make the book bigger"
    assert proc.returncode == 1 and "Traceback" not in err, err
    password_env = {} if neo4j_server.password is None else {
        "ACCOUNTMAP_NEO4J_PASSWORD": neo4j_server.password}
    restarted = subprocess.run(
        [str(SCRIPT), "start", "--home", str(home), "--port", port,
         *(["--password-env", "ACCOUNTMAP_NEO4J_PASSWORD"] if password_env else [])],
        capture_output=True, text=True, timeout=600, env={**os.environ, **password_env})
    assert restarted.returncode == 0, restarted.stderr
    _load(uri, book)
    _assert_converged(uri, book, reference)
