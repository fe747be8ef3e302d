"""Hostile and broken input: one line per problem, exit 2, no traceback, nothing written.

(Part of the hardening issue: numbers, dates, control characters, URIs with secrets, bad
ports, out-of-range query parameters, and redaction in the map's title.)
"""

from __future__ import annotations

import json

import pytest

from accountmap.errors import UsageError
from accountmap.store.queries import bind, query_info
from tests.conftest import EXAMPLE


def assert_clean_failure(result, *, lines: int | None = None):
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    body = result.stderr.strip().splitlines()
    if lines is not None:
        assert len(body) == lines, body
    return body


def test_a_json_number_with_5000_digits_is_a_problem(run, tmp_path, tiny):
    path = tmp_path / "big.json"
    text = json.dumps(tiny).replace('"potential_mrr": 100', '"potential_mrr": ' + "9" * 5000)
    path.write_text(text, encoding="utf-8")
    line, _footer = assert_clean_failure(run("summary", path), lines=2)
    assert line.startswith(f"{path}: not valid JSON")


@pytest.mark.parametrize(("section", "index", "field", "value"), [
    ("companies", 0, "employees", 1e20),            # beyond 64 bits
    ("subscriptions", 0, "mrr", 1.7e308),           # would overflow a sum
    ("companies", 0, "potential_mrr", -1),
])
def test_numbers_are_bounded_at_validation(run, write_book, tiny, section, index, field,
                                           value):
    tiny[section][index][field] = value
    path = write_book(tiny, "book.json")
    body = assert_clean_failure(run("summary", path, "--format", "json"), lines=2)
    assert f"{section}[{index}].{field}" in body[0]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_dates_outside_the_calendar_window_are_problems(run, write_book, tiny, tmp_path,
                                                        as_of):
    tiny["as_of"] = as_of
    out = tmp_path / "map.html"
    body = assert_clean_failure(run("map", write_book(tiny), "-o", out), lines=2)
    assert "as_of" in body[0] and not out.exists()


def test_as_of_option_outside_the_calendar_window_is_a_usage_error(run):
    result = run("contacts", EXAMPLE, "--as-of", "0001-01-01")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_control_characters_in_ids_stay_on_one_line(run, write_book, tiny):
    tiny["stakeholders"][0]["reports_to"] = "ghost\nline two\x00\x1b[2J"
    body = assert_clean_failure(run("validate", write_book(tiny, "book.json")), lines=2)
    assert "\\n" in body[0] and "\\x00" in body[0] and "\x1b" not in body[0]


@pytest.mark.parametrize("uri", [
    "bolt://neo4j:SECRET@127.0.0.1:7687", "neo4j+s://user:SECRET@db.example",
    "bolt://127.0.0.1:7687?password=SECRET", "bolt://127.0.0.1:abc", "bolt://127.0.0.1:99999",
    "bolt://[::1",
])
def test_bad_or_secret_bearing_uris_fail_in_one_line_without_echoing_secrets(run, uri):
    (line,) = assert_clean_failure(run("summary", uri), lines=1)
    assert "SECRET" not in line and line.startswith("error: ")


def test_query_parameters_out_of_range_are_refused_before_connecting(run):
    result = run("query", "contacts", "--neo4j", "bolt://127.0.0.1:1",
                 "--param", "window_days=99999999999999999999999")
    (line,) = assert_clean_failure(result, lines=1)
    assert "window_days" in line and "out of range" in line
    with pytest.raises(UsageError):
        bind(query_info("contacts"), {"window_days": "9" * 5000}, dataset="d",
             as_of=__import__("datetime").date(2026, 1, 1))


def test_redacted_focus_map_names_nobody_anywhere(run, tmp_path):
    out = tmp_path / "m.html"
    result = run("map", EXAMPLE, "-o", out, "--focus", "s-sato", "--redact", "names")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Haruka Sato" not in html and "H.S." in html
