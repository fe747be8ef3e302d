"""The command line starts light: --help and COMMAND --help import none of the heavy
libraries; each command imports what it uses when it runs."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import click
import pytest

from accountmap import __version__
from accountmap.cli.main import COMMANDS, cli

HEAVY = ("networkx", "pydantic", "pyvis", "neo4j", "rich", "importlib.metadata")


def imported(*args: str) -> set[str]:
    """The modules ``python -X importtime -m accountmap ARGS`` imports."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "accountmap", *args],
                            capture_output=True, text=True, check=True)
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for name in COMMANDS],
                                  ["import", "calendar", "--help"], ["log", "move", "--help"]],
                         ids=" ".join)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    modules = imported(*args)
    assert "accountmap.cli.main" in modules  # the measurement sees our imports
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)
    assert not heavy, f"accountmap {' '.join(args)} imports {heavy}"


def test_the_command_table_is_the_commands() -> None:
    for name, (_, _, first) in COMMANDS.items():
        command = cli.commands[name]
        assert command.name == name
        stored = click.Command(name, help=first)
        for limit in range(20, 120):  # the help is at most 100 columns wide
            assert stored.get_short_help_str(limit) == command.get_short_help_str(limit), name


def test_the_version_is_the_packages() -> None:
    assert __version__ == importlib.metadata.version("accountmap")
