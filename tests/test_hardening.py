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


# -- YAML shapes that would exhaust the parser, and sizes it handles badly (items 2, 3, 8) --

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(("text", "message"), [
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 100 levels deep"),
    ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than 100 levels deep"),
    ("".join("  " * i + "-\n" for i in range(3000)), "nested more than 100 levels deep"),
    ("a: &x [1, *x]\n", "the alias *x refers to a value that contains it"),
    ("a: &x {b: *x}\n", "the alias *x refers to a value that contains it"),
    (LAUGHS, "aliases expand to too many values"),
])
def test_hostile_yaml_shapes_are_refused_quickly(run, tmp_path, text, message):
    import time

    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    line, _footer = assert_clean_failure(run("validate", path), lines=2)
    assert time.perf_counter() - started < 5
    assert message in line and line.startswith(f"{path}:")


def test_modest_aliases_are_still_yaml(run, write_book, tiny, tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("products:\n- &p {id: p1, name: Core}\n- {id: p2, name: Addon}\n"
                    "owners: [{id: o1, name: A, role: &r account_manager}, "
                    "{id: o2, name: B, role: *r}]\n", encoding="utf-8")
    assert run("validate", path).exit_code == 0


def test_yaml_above_the_documented_size_is_refused_with_advice(run, tmp_path, monkeypatch):
    from accountmap import io

    monkeypatch.setattr(io, "MAX_YAML_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    line, _footer = assert_clean_failure(run("validate", path), lines=2)
    assert "write large books as JSON" in line


# -- the two formats and the defaults behave the same way (item 9) ---------------------------

@pytest.mark.parametrize("value", [True, "12", 12.5])
def test_json_numbers_must_be_numbers_of_the_right_kind(run, write_book, tiny, value):
    tiny["companies"][0]["employees"] = value
    body = assert_clean_failure(run("validate", write_book(tiny, "book.json")), lines=2)
    assert "companies[0].employees" in body[0], body


@pytest.mark.parametrize("text", ["true", "'12'", "0x1F", "0o17", "1_000", "yes", "1:30"])
def test_yaml_numbers_are_decimal_like_json(run, tmp_path, text):
    path = tmp_path / "book.yaml"
    path.write_text("groups: [{id: g, name: G}]\n"
                    f"companies:\n- {{id: c, name: C, group: g, employees: {text}}}\n",
                    encoding="utf-8")
    body = assert_clean_failure(run("validate", path), lines=2)
    assert "companies[0].employees" in body[0], body


def test_yaml_decimal_numbers_are_numbers(run, tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("groups: [{id: g, name: G}]\n"
                    "companies:\n- {id: c, name: C, group: g, employees: 1200, "
                    "potential_mrr: 1.5e3}\n", encoding="utf-8")
    assert run("validate", path).exit_code == 0


def test_blank_names_and_control_characters_in_ids_are_problems(run, write_book, tiny):
    tiny["companies"][0]["name"] = " \t "
    tiny["products"][0]["id"] = "p\x01"
    body = assert_clean_failure(run("validate", write_book(tiny, "book.json")))
    assert any("companies[0].name: must not be blank" in line for line in body), body
    assert any("products[0].id: must not contain control characters" in line
               for line in body), body


def test_duplicate_keys_in_json_are_problems_like_in_yaml(run, tmp_path):
    path = tmp_path / "dup.json"
    path.write_text('{"version": 1, "products": [{"id": "p", "name": "a", "name": "b"}]}',
                    encoding="utf-8")
    line, _footer = assert_clean_failure(run("validate", path), lines=2)
    assert "duplicate key 'name'" in line


def test_explicit_null_on_a_defaulted_field_means_the_default(run_json, write_book, tiny):
    from accountmap.validate import load_dataset

    tiny["companies"][0]["potential_mrr"] = None
    tiny["stakeholders"][0].update(roles=None, knows=None, status=None)
    tiny["relationships"][0]["strength"] = None
    tiny["subscriptions"][0]["notice_days"] = None
    for name in ("book.yaml", "book.json"):
        ds = load_dataset(write_book(tiny, name))
        assert ds.companies[0].potential_mrr == 0.0
        assert ds.stakeholders[0].roles == [] and ds.stakeholders[0].status.value == "active"
        assert ds.relationships[0].strength is None
        assert ds.subscriptions[0].notice_days == 60
