"""Property-based fuzzing of the file path (hardening issue): mutated books never crash.

Hypothesis mutates a valid book (the tiny fixture book, plus history fields) in the ways real
and hostile files go wrong: a value of the wrong type or out of range, a control character or
a huge number, a missing or unknown field, a duplicated or dangling record, a section of the
wrong shape, a file cut short or with bytes inserted. Each mutant is written as YAML or JSON
and given to ``validate``, ``summary --format json``, ``map -o`` and ``plan -o``. Whatever the
mutant:

- the exit code is 0 or 2, and nothing raises (the CLI runs in-process with
  ``catch_exceptions=False``, so any exception fails the example);
- on exit 2 stdout is empty, every problem is one line that starts with the file's name, the
  last line is the count (or one ``error:`` line for bad usage, such as a group the mutant
  removed), and no output file exists;
- on exit 0 the JSON output parses as strict JSON (no NaN or Infinity).

The seed is fixed (``derandomize``) and the number of examples bounded, so the suite stays
fast and a failure reproduces.
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmap.cli import cli
from tests.conftest import TINY

#: The tiny book plus the history fields, so mutations reach them too.
BOOK: dict[str, Any] = copy.deepcopy(TINY)
BOOK["groups"][0].update(target_mrr=2000, currency="JPY")
BOOK["stakeholders"][1].update(left_on="2026-01-15", status="left", moved_to="s-sub")
BOOK["stakeholders"][2].update(cadence_days=30)
BOOK["subscriptions"][0].update(start="2025-01-01", renewal="2026-06-30", notice_days=60)
BOOK["opportunities"][0].update(created="2025-12-01", close_date="2026-03-31", mrr=100)

HOSTILE_TEXT = st.sampled_from([
    "", " ", "\n", "a\nb", "\x00", "\x1b[2J", "\u2028", "<script>alert(1)</script>",
    "' OR 1=1 --", "${x}", "{{x}}", "代表取締役社長", "😀", "x" * 300, "0x1F", "1_000",
    "1e20", "NaN", "true", "null", "~", "*a", "&a", "2026-02-30", "0001-01-01",
    "9999-12-31", "2026-13-01", "s-ceo", "c-hd", "d-it", "o-am", "p1", "g1",
])
#: Values at the edges of numbers: what broke sums, JSON output and Neo4j's 64-bit integers.
EXTREME_NUMBER = st.sampled_from([math.inf, -math.inf, math.nan, 1.7e308, 1e20, 2 ** 63,
                                  2 ** 64, -(2 ** 63) - 1, -1, -0.5, 0, True, "12"])
HOSTILE_VALUE = st.one_of(
    EXTREME_NUMBER,
    st.none(), st.booleans(),
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.sampled_from([0, -1, 1, 5, 6, 100, 101, 2 ** 63, 10 ** 30, 1e308, -0.0, 0.5]),
    st.floats(allow_nan=True, allow_infinity=True),
    HOSTILE_TEXT, st.text(max_size=12),
    st.lists(HOSTILE_TEXT, max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "x"]), HOSTILE_TEXT, max_size=2),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside the book (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BOOK)


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


@st.composite
def mutated_books(draw: st.DrawFn) -> dict[str, Any]:
    """The book with one to three mutations."""
    book = copy.deepcopy(BOOK)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(book)
        if not paths:
            break
        leaves = [p for p in paths if not isinstance(_parent(book, p)[p[-1]], dict | list)]
        numbers = [p for p in leaves if isinstance(_parent(book, p)[p[-1]], int | float)]
        path = draw(st.sampled_from(paths) | st.sampled_from(leaves or paths)
                    | st.sampled_from(numbers or paths))
        parent = _parent(book, path)
        op = draw(st.sampled_from(["set", "set", "set", "delete", "unknown", "duplicate",
                                   "dangle"]))
        key = path[-1]
        if op == "set":
            parent[key] = draw(HOSTILE_VALUE)
        elif op == "delete":
            del parent[key]
        elif op == "unknown" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["nmae", "extra", "id", "__proto__"]))] = draw(
                HOSTILE_VALUE)
        elif op == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif op == "dangle" and isinstance(parent[key], str):
            parent[key] = parent[key] + "-gone"
    return book


def _write(book: dict[str, Any], fmt: str, folder: Path) -> Path:
    path = folder / f"book.{fmt}"
    if fmt == "json":
        # allow_nan: a hostile file may well hold NaN and Infinity tokens
        path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return path


def _check(path: Path, folder: Path) -> None:
    runner = CliRunner()
    out = folder / "map.html"
    for args in (["validate", str(path)], ["summary", str(path), "--format", "json"],
                 ["map", str(path), "-o", str(out)],
                 ["plan", str(path), "--group", "g1", "--lang", "ja", "-o", str(out)]):
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code in (0, 2), (args, result.exit_code, result.stderr)
        assert "Traceback" not in result.stderr
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert result.stdout == "" and not out.exists(), args
            assert lines, args
            if lines[0].startswith("error: "):  # bad usage, e.g. the group is gone
                assert len(lines) == 1, lines
                continue
            assert lines[-1].endswith("problem(s); nothing was written."), lines
            for line in lines[:-1]:
                assert line.startswith(f"{path}:"), line
        elif args[1:3] == [str(path), "--format"]:
            json.loads(result.stdout, parse_constant=lambda c: math.nan)  # parses...
            assert "NaN" not in result.stdout and "Infinity" not in result.stdout
        out.unlink(missing_ok=True)


FUZZ = settings(derandomize=True, max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(book=mutated_books(), fmt=st.sampled_from(["yaml", "json"]))
def test_mutated_books_exit_0_or_2_with_one_line_per_problem(book, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _check(_write(book, fmt, folder), folder)


@FUZZ
@given(fmt=st.sampled_from(["yaml", "json"]), data=st.data())
def test_damaged_bytes_exit_2_with_one_line_per_problem(fmt, data):
    """A file cut short, or with bytes inserted, is refused the same clean way (or, when the
    damage happens to leave a valid book, accepted)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write(BOOK, fmt, folder)
        raw = path.read_bytes()
        at = data.draw(st.integers(0, len(raw)))
        if data.draw(st.booleans()):
            raw = raw[:at]
        else:
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]
        path.write_bytes(raw)
        _check(path, folder)


def test_the_unmutated_book_is_valid():
    """The fuzzer starts from a valid book (else every mutant would fail for one reason)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write(BOOK, "yaml", folder)
        result = CliRunner().invoke(cli, ["validate", str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert PATHS
