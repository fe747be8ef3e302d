"""The smaller hardening items of #29, one test each."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from accountmap.plan.markdown import code_span, control_free


def test_a_backtick_in_a_group_id_cannot_close_the_code_span(run: Any, write_book: Any,
                                                             tiny: dict[str, Any]) -> None:
    tiny["groups"][0]["id"] = "g`<b>x</b>``"
    for c in tiny["companies"]:
        c["group"] = tiny["groups"][0]["id"]
    result = run("plan", write_book(tiny), "--group", tiny["groups"][0]["id"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "plan SOURCE --group" in x)
    assert "```accountmap plan SOURCE --group g`<b>x</b>`` -o plan.html```" in line
    assert code_span("a `b`") == "`` a `b` ``"
    assert code_span("`x`") == "`` `x` ``"
    assert code_span("a``b") == "```a``b```"


def test_control_characters_never_reach_the_terminal(run: Any, write_book: Any,
                                                     tiny: dict[str, Any]) -> None:
    tiny["groups"][0]["name"] = "Evil\x1b]8;;http://x\x07link\x1b[2J\x9b31m"
    path = write_book(tiny, "book.json")
    md = run("plan", path, "--group", "g1")
    assert md.exit_code == 0 and "\x1b" not in md.stdout and "\x9b" not in md.stdout
    js = run("summary", path, "--format", "json")
    assert "\x1b" not in js.stdout and "\x9b" not in js.stdout
    assert json.loads(js.stdout)[0]["name"] == tiny["groups"][0]["name"]
    table = run("summary", path)
    assert "\x1b" not in table.stdout
    out = Path(path).with_name("p\x1b[31m.md")
    wrote = run("plan", path, "--group", "g1", "-o", out)
    assert wrote.exit_code == 0 and "\x1b" not in wrote.stderr
    assert control_free("a\x07b\tc\n") == "a?b\tc\n"


def test_a_product_id_never_takes_a_fixed_column(run: Any, write_book: Any,
                                                 tiny: dict[str, Any]) -> None:
    tiny["products"].append({"id": "name", "name": "Named like a column"})
    path = write_book(tiny)
    csv_out = run("whitespace", path, "--format", "csv").stdout.splitlines()
    header = csv_out[0].split(",")
    assert "name" in header and "product:name" in header
    assert csv_out[1].split(",")[header.index("name")] == "Holding"
    table = run("whitespace", path).stdout
    assert "product:name" in table and "Holding" in table


def test_yaml_merge_keys_and_tagged_numbers(run: Any, tmp_path: Path) -> None:
    merged = tmp_path / "merged.yaml"
    merged.write_text("version: 1\nowners:\n  - &o {id: o1, name: Ann, role: account_manager}\n"
                      "  - <<: *o\n    id: o2\n", encoding="utf-8")
    assert run("validate", merged).exit_code == 0
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text("version: !!int 0x1\n", encoding="utf-8")
    result = run("validate", tagged)
    assert result.exit_code == 2 and "decimal" in result.stderr and ":1:" in result.stderr


def test_a_moved_to_cycle_is_a_problem(run: Any, write_book: Any, tiny: dict[str, Any]) -> None:
    tiny["stakeholders"][0].update(status="left", moved_to="s-sub")
    tiny["stakeholders"][3].update(status="left", moved_to="s-ceo")
    result = run("validate", write_book(tiny))
    assert result.exit_code == 2 and "cycle in moved_to" in result.stderr


def test_query_refuses_before_connecting(run: Any) -> None:
    started = time.monotonic()
    schema = run("query", "schema", "--neo4j", "bolt://127.0.0.1:1")
    assert schema.exit_code == 2 and "not a query" in schema.stderr
    both = run("query", "coverage", "--neo4j", "bolt://127.0.0.1:1", "--dataset", "a",
               "--param", "dataset=b")
    assert both.exit_code == 2 and "--dataset" in both.stderr
    assert time.monotonic() - started < 5  # no connection was tried


@pytest.fixture
def silent_server() -> Any:
    """A server that accepts connections and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"bolt://127.0.0.1:{sock.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for c in held:
        c.close()
    sock.close()


def test_a_silent_server_is_given_up_on_within_the_timeout(run: Any,
                                                          silent_server: str) -> None:
    started = time.monotonic()
    result = run("summary", silent_server, "--timeout", "2")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert time.monotonic() - started < 2 + 10
