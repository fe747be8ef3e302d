"""Hardening, round 3 (#29): output paths, the CSV writer, URIs with secrets, standard output
that cannot be written, byte limits on input files."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from accountmap.io import looks_like_uri, without_userinfo, write_atomic
from accountmap.render import csv_cell, to_csv
from tests.conftest import EXAMPLE, ROOT

# -- output paths -------------------------------------------------------------------------


def test_a_new_file_and_a_replaced_file_keep_their_rights(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    write_atomic(out, "one")
    assert out.read_text() == "one"
    os.chmod(out, 0o600)
    write_atomic(out, "two")
    assert out.read_text() == "two" and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary file left


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_fifo_is_streamed_to(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_streamed_to_and_never_replaced(run: Any, tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    result = run("map", EXAMPLE, "--group", "g-harbor", "-o", "/dev/null")
    assert result.exit_code == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_full_device_is_an_error(run: Any) -> None:
    result = run("map", EXAMPLE, "--group", "g-harbor", "-o", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["error: cannot write /dev/full: No space "
                                                 "left on device"]


def test_other_special_files_are_refused(tmp_path: Path) -> None:
    from accountmap.errors import UsageError

    with pytest.raises(UsageError):
        write_atomic(tmp_path, "a folder")


def test_the_longest_valid_name_works(run: Any, tmp_path: Path) -> None:
    out = tmp_path / ("p" * 250 + ".html")  # 255 bytes
    assert run("map", EXAMPLE, "--group", "g-harbor", "-o", out).exit_code == 0
    assert out.is_file()


@pytest.mark.parametrize("command", [
    ("map", "{book}", "-o", "{book}"),
    ("plan", "{book}", "--group", "g-harbor", "-o", "{book}"),
    ("merge", "{book}", "{book}", "-o", "{same}"),
    ("import", "orgchart", "{csv}", "--id", "a", "--manager", "b", "--name", "c", "-o",
     "{csv}"),
])
def test_the_output_may_not_be_an_input(run: Any, tmp_path: Path, command: tuple[str, ...]
                                        ) -> None:
    book = tmp_path / "book.yaml"
    book.write_bytes(EXAMPLE.read_bytes())
    sheet = tmp_path / "chart.csv"
    sheet.write_text("a,b,c\n1,,Ann\n", encoding="utf-8")
    same = tmp_path / "sub" / ".." / "book.yaml"
    (tmp_path / "sub").mkdir()
    args = [a.format(book=book, csv=sheet, same=same) for a in command]
    before = (book.read_bytes(), sheet.read_bytes())
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "is the input file" in result.stderr
    assert (book.read_bytes(), sheet.read_bytes()) == before


# -- CSV ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_a_formula_is_neutralised(text: str) -> None:
    assert csv_cell(text) == "'" + text


def test_numbers_the_tool_wrote_stay_numbers() -> None:
    assert csv_cell(-1200.5) == "-1200.5" and csv_cell(-3) == "-3" and csv_cell("x") == "x"


def test_a_csv_row_always_reads_back_as_one_row() -> None:
    rows = [{"name": "a\rb", "=x": "=HYPERLINK(\"u\")"}, {"name": "c\nd", "=x": "-1"}]
    text = to_csv(rows)
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back == [["name", "'=x"], ["a\rb", "'=HYPERLINK(\"u\")"], ["c\nd", "'-1"]]


def test_every_csv_command_neutralises_names(run: Any, write_book: Any, tiny: dict[str, Any]
                                             ) -> None:
    tiny["companies"][0]["name"] = "=cmd|' /C calc'!A0"
    tiny["stakeholders"][1]["name"] = "@SUM(1)"
    path = write_book(tiny)
    for command in (["coverage"], ["threads"], ["whitespace"], ["summary"], ["stale"],
                    ["renewals"], ["threads", "--by", "person"]):
        for extra in (["--format", "csv"], ["--excel"]):
            result = run(*command, path, *extra)
            assert result.exit_code == 0, result.stderr
            for row in csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"), newline="")):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (command, cell)


# -- URIs and secrets -----------------------------------------------------------------------

@pytest.mark.parametrize("source", ["BOLT://neo4j:s3cret@db:7687", "Neo4j+s://neo4j:s3cret@db",
                                    "bolt:/neo4j:s3cret@db", "http://neo4j:s3cret@db",
                                    " bolt://neo4j:s3cret@db", "neo4j:s3cret@db",
                                    "bolt://neo4j:s3cret@db?x=s3cret"])
def test_a_secret_in_a_source_is_never_echoed(run: Any, source: str) -> None:
    for command in (["summary", source], ["coverage", source], ["load", source],
                    ["diff", source, source], ["summary", "--neo4j", source]):
        result = run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "s3cret" not in result.output
        assert "file not found" not in result.output


def test_uri_recognition() -> None:
    assert looks_like_uri("HTTP://x") and looks_like_uri(" bolt://x")
    assert not looks_like_uri("C:/book.yaml") and not looks_like_uri("book.yaml")
    assert without_userinfo("bolt://u:p@h:1?q") == "bolt://h:1"


def test_a_path_with_spaces_is_shown_with_them(run: Any) -> None:
    result = run("summary", " book.yaml ")
    assert result.exit_code == 2 and " book.yaml " in result.stderr


# -- standard output ------------------------------------------------------------------------

def _commands() -> list[list[str]]:
    from tests.test_docs_and_packaging import command_paths

    return [path.split() for path in command_paths()]


def _run(args: list[str], stdout: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "accountmap", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=60)


def test_every_help_to_a_full_device_or_a_closed_stdout_is_one_line() -> None:
    for command in [[], *_commands()]:
        with open("/dev/full", "w") as full:
            result = _run([*command, "--help"], full)
        assert result.returncode == 1, command
        assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
        closed = subprocess.run([sys.executable, "-m", "accountmap", *command, "--help"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                cwd=ROOT, timeout=60, close_fds=True,
                                preexec_fn=lambda: os.close(1))
        assert closed.returncode == 1, command
        assert closed.stderr.strip().count("\n") == 0 and "Traceback" not in closed.stderr


def test_data_to_a_full_device_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = _run(["summary", str(EXAMPLE)], full)
    assert result.returncode == 1
    assert result.stderr == "error: cannot write to standard output: No space left on device\n"


# -- byte limits ----------------------------------------------------------------------------

def test_an_endless_input_is_refused_at_the_limit(monkeypatch: pytest.MonkeyPatch,
                                                  run: Any) -> None:
    import accountmap.io as aio

    monkeypatch.setattr(aio, "MAX_JSON_BYTES", 1 << 20)
    result = run("validate", "/dev/zero")
    assert result.exit_code == 2 and "longer than 1 MiB" in result.stderr


def test_the_yaml_limit_counts_bytes(monkeypatch: pytest.MonkeyPatch, run: Any,
                                     tmp_path: Path) -> None:
    import accountmap.io as aio

    monkeypatch.setattr(aio, "MAX_YAML_BYTES", 3000)
    path = tmp_path / "ja.yaml"  # 1,500 characters, 4,500 bytes
    path.write_text("# " + "日" * 1500 + "\nversion: 1\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2 and "YAML" in result.stderr


# -- the export's OS errors ----------------------------------------------------------------

@pytest.mark.parametrize("where", ["file/sub", "x" * 300])
def test_export_os_errors_are_one_line(run: Any, tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("not a folder")
    result = run("export", "neo4j-import", EXAMPLE, tmp_path / where)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: cannot write")


def test_export_to_a_read_only_place_is_one_line(run: Any) -> None:
    result = run("export", "neo4j-import", EXAMPLE, "/sys/accountmap-out")  # sysfs: read-only
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: cannot write")
