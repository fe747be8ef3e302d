"""The documentation stays true, and the package ships what it needs.

- Every example in docs/analytics.md (a ``$ accountmap ...`` line followed by its output)
  still prints exactly that output.
- Every command's ``--help`` ends with an example that names the command.
- A wheel built from a clone made without symlinks (as on Windows' default) holds the Cypher
  files and the map template, and works when installed on its own.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from accountmap.cli import cli
from tests.conftest import ROOT

DOC = ROOT / "docs" / "analytics.md"


def doc_examples() -> list[tuple[str, str]]:
    """(command line, expected output) of each ``$ accountmap`` block of the doc."""
    blocks = re.findall(r"```\n\$ (accountmap [^\n]*)\n(.*?)```", DOC.read_text("utf-8"), re.S)
    return [(command, output) for command, output in blocks]


def test_the_doc_has_examples():
    assert len(doc_examples()) >= 6


@pytest.mark.parametrize(("command", "expected"), doc_examples(),
                         ids=[c for c, _ in doc_examples()])
def test_doc_example_output_is_what_the_command_prints(run, command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def command_paths() -> list[str]:
    """Every command, and every subcommand of a group (``import orgchart``)."""
    import click

    out = []
    for name, command in sorted(cli.commands.items()):
        out.append(name)
        if isinstance(command, click.Group):
            out.extend(f"{name} {sub}" for sub in sorted(command.commands))
    return out


@pytest.mark.parametrize("name", command_paths())
def test_help_ends_with_an_example_of_the_command(run, name):
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    body = result.stdout.rstrip().split("Options:")[0].rstrip()
    last = body.splitlines()[-1].strip()
    example = body.split("Example:")[-1]
    assert "Example:" in body and f"accountmap {name} " in f"{example} ", (name, last)


def test_wheel_from_a_clone_without_symlinks_ships_queries_and_template(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is needed to make a clone")
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.symlinks=false", "clone", "-q", str(ROOT), str(clone)],
                   check=True)
    # the working tree's uncommitted state is what we test: copy the package sources over
    for folder in ("src", "queries"):
        shutil.rmtree(clone / folder)
        shutil.copytree(ROOT / folder, clone / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", clone / "pyproject.toml")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(dist), str(clone)],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("accountmap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {Path(n).name for n in names if n.startswith("accountmap/queries/")}
    assert shipped == {p.name for p in (ROOT / "queries").glob("*.cypher")}
    assert "accountmap/map/templates/map.html" in names
    assert "accountmap/plan/templates/plan.html" in names
    assert "accountmap/py.typed" in names

    # installed alone (no source tree beside it), the package finds its queries
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = subprocess.run(
        [sys.executable, "-c", "from accountmap.store.queries import query_dir, query_names;"
         "print(query_dir()); print(','.join(query_names()))"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(site)})
    assert probe.returncode == 0, probe.stderr
    where, names_line = probe.stdout.splitlines()
    assert Path(where) == site / "accountmap" / "queries"
    assert "coverage" in names_line.split(",")
