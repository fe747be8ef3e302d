"""The CLI: exit codes, stdout/stderr split, parsed JSON, help on every command."""

from __future__ import annotations

import json

import pytest

from accountmap import __version__
from accountmap.cli import cli
from tests.conftest import EXAMPLE


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_every_command_has_help_ending_with_an_example(run):
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example:" in result.stdout, f"{name} --help has no example"
        assert command.help and "accountmap " in command.help.split("Example:")[-1]


def test_validate_ok_prints_counts(run, tiny, write_book):
    result = run("validate", write_book(tiny))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok ") and "stakeholders 4" in result.stdout
    assert result.stderr == ""


def test_validate_json_counts(run_json, tiny, write_book):
    rows = run_json("validate", write_book(tiny), EXAMPLE)
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert rows[0]["touchpoints"] == 1


def test_validate_bad_file_exits_2_with_one_line_per_problem(run, tiny, write_book):
    tiny["owners"][0]["role"] = "wizard"
    tiny["stakeholders"][0]["reports_to"] = "ghost"
    path = write_book(tiny)
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("2 problem(s)")
    assert all(line.startswith(f"{path}:") for line in lines[:2])
    assert "Traceback" not in result.stderr


def test_validate_reports_problems_of_every_file(run, tiny, write_book, tmp_path):
    good = write_book(tiny)
    missing = tmp_path / "missing.yaml"
    result = run("validate", good, missing)
    assert result.exit_code == 2 and f"{missing}: file not found" in result.stderr
    assert result.stdout.startswith(f"ok {good}:")  # the good file is still reported


def test_summary_json_on_tiny(run_json, tiny, write_book):
    rows = run_json("summary", write_book(tiny))
    assert rows == [{"id": "g1", "name": "Group One", "companies": 2, "departments": 2,
                     "stakeholders": 4, "owners": 2, "active_mrr": 500.0,
                     "open_pipeline": 1000.0}]


def test_summary_on_the_example(run_json):
    rows = {r["id"]: r for r in run_json("summary", EXAMPLE)}
    assert rows["g-nakamura"]["companies"] == 12
    assert rows["g-nakamura"]["stakeholders"] == 40  # 41 records: one left (moved to a group role)
    assert rows["g-harbor"]["active_mrr"] == 4080.0  # 3,000 USD + 1,000 EUR at 1.08 (#24)


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_summary_other_formats(run, fmt, tiny, write_book):
    result = run("summary", write_book(tiny), "--format", fmt)
    assert result.exit_code == 0
    assert "Group One" in result.stdout
    if fmt == "csv":
        assert result.stdout.splitlines()[0].startswith("id,name,companies")


def test_data_command_without_source_is_a_usage_error(run, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = run("summary")
    assert result.exit_code == 2 and "give a data file" in result.stderr


def test_summary_of_bad_file_writes_nothing_to_stdout(run, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("owners: 3\n")
    result = run("summary", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{path}:1: owners: must be a list")


def test_schema_is_json_schema_of_the_format(run):
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "accountmap data file"
    assert set(schema["properties"]) >= {"version", "as_of", "companies", "touchpoints"}
    assert schema["additionalProperties"] is False


def test_schema_rejects_what_validation_rejects(run):
    """The published schema and the validator agree on unknown fields and enum values."""
    schema = json.loads(run("schema").stdout)
    owner = schema["$defs"]["Owner"]
    assert owner["additionalProperties"] is False
    roles = schema["$defs"]["OwnerRole"]["enum"]
    assert "account_manager" in roles and "wizard" not in roles


def test_generate_is_deterministic_and_valid(run, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("generate", "--groups", 2, "--seed", 5, "-o", a).exit_code == 0
    assert run("generate", "--groups", 2, "--seed", 5, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    result = run("validate", a, "--format", "json")
    assert result.exit_code == 0
    counts = json.loads(result.stdout)[0]
    assert counts["groups"] == 2 and counts["stakeholders"] > 50 and counts["touchpoints"] > 500


def test_generate_yaml_round_trips(run, tmp_path):
    y = tmp_path / "g.yaml"
    assert run("generate", "--groups", 1, "-o", y).exit_code == 0
    assert run("validate", y).exit_code == 0


def test_generate_into_a_missing_folder_fails_cleanly(run, tmp_path):
    result = run("generate", "--groups", 1, "-o", tmp_path / "no" / "such" / "dir.json")
    assert result.exit_code != 0
    assert not (tmp_path / "no").exists()
