"""pytest plugin: a real Neo4j server for the tests marked ``neo4j``.

The server is started once per test session by ``scripts/neo4j`` (the project's own launcher
for Neo4j Community, built with Maven) on a free loopback port with a fresh data folder, and
stopped when the session ends. Nothing is started when no selected test needs it.

When ``CI=true`` a server that cannot start fails the tests; elsewhere they are skipped with a
message that says how to enable them. ``ACCOUNTMAP_TEST_NEO4J_URI`` points the tests at an
already running, disposable server instead (its data is wiped).
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "neo4j"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Neo4j could not start (CI=true makes this a failure): {reason}",
                    pytrace=False)
    pytest.skip(f"Neo4j not available ({reason}); run scripts/neo4j build, or set "
                "ACCOUNTMAP_TEST_NEO4J_URI to a disposable server")


class Server:
    def __init__(self, uri: str, home: Path | None, password: str | None = None):
        self.uri, self.home, self.password = uri, home, password

    def stop(self) -> None:
        if self.home is not None:
            subprocess.run([str(SCRIPT), "stop", "--home", str(self.home)], check=False,
                           capture_output=True, timeout=120)


def start_server(tmp: Path, password: str | None = None) -> Server:
    """Start a fresh Neo4j in ``tmp`` through the project's script; fail or skip if it can't."""
    port = _free_port()
    env = dict(os.environ)
    cmd = [str(SCRIPT), "start", "--home", str(tmp), "--port", str(port)]
    if password is not None:
        env["ACCOUNTMAP_NEO4J_PASSWORD"] = password
        cmd += ["--password-env", "ACCOUNTMAP_NEO4J_PASSWORD"]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _unavailable(str(exc))
    if proc.returncode != 0:
        subprocess.run([str(SCRIPT), "stop", "--home", str(tmp)], capture_output=True,
                       check=False)
        _unavailable((proc.stderr or proc.stdout).strip().splitlines()[-1:] or "unknown error")
    return Server(f"bolt://127.0.0.1:{port}", tmp, password)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real Neo4j (auth off) for the whole session."""
    external = os.environ.get("ACCOUNTMAP_TEST_NEO4J_URI")
    if external:
        yield Server(external, None, os.environ.get("NEO4J_PASSWORD"))
        return
    server = start_server(tmp_path_factory.mktemp("neo4j"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_uri(neo4j_server: Server) -> Iterator[str]:
    """The session server's URI, with the database emptied before each test."""
    from neo4j import GraphDatabase

    auth = ("neo4j", neo4j_server.password) if neo4j_server.password else None
    with GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    yield neo4j_server.uri


#: What a dump of the database puts aside as the loads' bookkeeping (who loaded what, when,
#: and the tokens that say whether stored digests are current): the stamps of each group and
#: these properties of the dataset node.
BOOKKEEPING_LABELS = {"GroupLoad"}
BOOKKEEPING_PROPERTIES = {"last_load", "author", "last_token", "digest_token"}


def without_bookkeeping(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dumped nodes (``l`` labels, ``p`` properties) without the loads' bookkeeping."""
    out = []
    for row in rows:
        if set(row["l"]) & BOOKKEEPING_LABELS:
            continue
        if "Dataset" in row["l"]:
            row = {**row, "p": {k: v for k, v in row["p"].items()
                                if k not in BOOKKEEPING_PROPERTIES}}
        out.append(row)
    return out
