"""Output for people across the CLI: tables fit 120 columns and align by display width with
Japanese text, show names next to ids, read "unknown" for missing values; an unknown group
is exit 2 with a hint on every command; JSON keeps one type per field; --excel writes CSV
Excel opens (BOM, CRLF); nothing of this loses data in json or csv."""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest
from rich.cells import cell_len

from tests.conftest import EXAMPLE
from tests.test_plan import JA_BOOK

COMMANDS = [
    ["summary"], ["coverage"], ["threads"], ["threads", "--by", "person"], ["contacts"],
    ["whitespace"], ["whitespace", "--level", "department"], ["stale"],
    ["revenue", "--from", "2026-01-01"], ["renewals"], ["diff", "--from", "2026-01-01"],
]


@pytest.fixture
def ja_path(write_book):
    return write_book(copy.deepcopy(JA_BOOK), "ja.yaml")


def _tables(text: str) -> list[list[str]]:
    """The tables of a command's output: runs of lines from a header to the next blank line
    (a table's second line is its dashed rule)."""
    lines = text.splitlines()
    out = []
    for i in range(1, len(lines)):
        if lines[i].startswith("-") and set(lines[i]) <= {"-", " "}:
            j = i + 1
            while j < len(lines) and lines[j].strip():
                j += 1
            out.append(lines[i - 1:j])
    return out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("book", ["example", "ja"])
def test_tables_fit_120_columns_and_align_by_display_width(run, ja_path, command, book):
    path = EXAMPLE if book == "example" else ja_path
    result = run(command[0], path, *command[1:])
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        assert cell_len(line) <= 120, line
    for table in _tables(result.stdout):
        spans = _spans(table[1])
        for line in [table[0], *table[2:]]:
            # in display columns, every character of every cell lies inside its column's rule
            for col, ch in _columns_of(line):
                assert ch == " " or any(a <= col < b for a, b in spans), (line, col, spans)


def _spans(rule: str) -> list[tuple[int, int]]:
    """[start, end) of each run of dashes in a table's rule."""
    out, start = [], None
    for i, ch in enumerate(rule + " "):
        if ch == "-" and start is None:
            start = i
        elif ch != "-" and start is not None:
            out.append((start, i))
            start = None
    return out


def _columns_of(line: str) -> list[tuple[int, str]]:
    """(display column, character) of each character of a line; a wide character covers
    two columns."""
    out, col = [], 0
    for ch in line:
        width = cell_len(ch)
        out.extend((col + k, ch) for k in range(width))
        col += width
    return out


def test_query_list_fits_and_lists_parameters(run):
    result = run("query", "--list")
    assert all(cell_len(line) <= 120 for line in result.stdout.splitlines())
    assert "$window_days" in result.stdout
    rows = json.loads(run("query", "--list", "--format", "json").stdout)
    assert {"name", "parameters", "purpose"} <= set(rows[0])
    assert all("\n" not in r["purpose"] for r in rows)  # json keeps the purpose whole


def test_wrapping_never_loses_data_in_json_or_csv(run):
    table = run("contacts", EXAMPLE).stdout
    data = json.loads(run("contacts", EXAMPLE, "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("contacts", EXAMPLE, "--format", "csv").stdout)))
    sato = data["stakeholders"][0]
    assert sato["owners"] == ["o-chen", "o-lopez", "o-mori", "o-tanaka", "o-ueda"]
    assert rows[0]["owners"] == ";".join(sato["owners"])
    words = " ".join(table.split())
    for name in ("Grace Chen,", "Kenji Tanaka", "Mika Ueda"):  # wrapped, but all there
        assert all(part in words for part in name.split())


def test_tables_show_names_next_to_ids(run):
    contacts = run("contacts", EXAMPLE).stdout
    assert "Kenji Tanaka" in contacts and "Nakamura Foods" in contacts
    assert "o-tanaka" not in contacts  # owners are named, not numbered
    stale = run("stale", EXAMPLE).stdout
    assert "Tetsuya Mizuno" in stale and "Shin Abe" in stale
    renewals = " ".join(run("renewals", EXAMPLE).stdout.split())
    assert "Kenji Tanaka" in renewals and "Quality" in renewals


def test_missing_values_read_unknown_in_tables_and_stay_null_in_json(run):
    stale = run("stale", EXAMPLE).stdout.splitlines()
    assert stale[2].split()[-2:] == ["unknown", "unknown"]  # never contacted
    data = json.loads(run("stale", EXAMPLE, "--format", "json").stdout)
    assert data[0]["last_contact"] is None and data[0]["days"] is None


@pytest.mark.parametrize("command", [
    ["coverage"], ["whitespace"], ["renewals"], ["revenue", "--from", "2026-01-01"],
    ["diff", "--from", "2026-01-01"], ["map", "-o", "{out}"], ["plan", "-o", "{out}"],
], ids=lambda c: c[0])
def test_an_unknown_group_is_exit_2_with_a_hint(run, tmp_path, command):
    out = tmp_path / "out.html"
    args = [a.replace("{out}", str(out)) for a in command[1:]]
    result = run(command[0], EXAMPLE, *args, "--group", "g-nakamra")
    assert result.exit_code == 2, result.stdout
    assert "no group with id 'g-nakamra'" in result.stderr
    assert "did you mean g-nakamura" in result.stderr  # the hint
    assert result.stdout == "" and not out.exists()


def _types(data: Any, path: str, out: dict[str, set[str]]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            _types(v, f"{path}.{k}", out)
    elif isinstance(data, list):
        for v in data:
            _types(v, f"{path}[]", out)
    elif data is not None:
        out.setdefault(path, set()).add(type(data).__name__)


#: Fields whose value depends on the kind of change (a name, a count, an amount).
POLYMORPHIC = {"before", "after"}


@pytest.mark.parametrize("command", [*COMMANDS, ["plan", "--group", "g-nakamura"],
                                     ["path", "--to", "c-nk-chem"]], ids=" ".join)
def test_json_numbers_keep_one_type_per_field(run, command):
    result = run(command[0], EXAMPLE, *command[1:], "--format", "json")
    types: dict[str, set[str]] = {}
    _types(json.loads(result.stdout), command[0], types)
    mixed = {p: t for p, t in types.items() if len(t) > 1
             and p.rsplit(".", 1)[-1] not in POLYMORPHIC}
    assert mixed == {}


def test_excel_csv_has_a_bom_and_crlf_and_utf8(run, ja_path):
    result = run("coverage", ja_path, "--excel")
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8-sig")
    assert "中村食品九州" in text and text.splitlines()[0].startswith("id,")
    plain = run("coverage", ja_path, "--format", "csv").stdout_bytes
    assert not plain.startswith("\ufeff".encode()) and b"\r\n" not in plain


@pytest.mark.parametrize(("args", "nearest"), [
    (["path", EXAMPLE, "--to", "c-nk-chm"], "c-nk-chem"),
    (["map", EXAMPLE, "-o", "{out}", "--focus", "s-sto"], "s-sato"),
])
def test_an_unknown_record_named_by_an_option_is_exit_2_with_a_hint(run, tmp_path, args,
                                                                     nearest):
    out = tmp_path / "m.html"
    result = run(*[str(a).replace("{out}", str(out)) for a in args])
    assert result.exit_code == 2 and "did you mean" in result.stderr
    assert nearest in result.stderr and not out.exists()
