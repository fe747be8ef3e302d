"""The command line starts light: --help and COMMAND --help import none of the heavy
libraries; each command imports what it uses when it runs."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

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


PLUGIN_SCAN = """
import importlib.metadata, sys
found = importlib.metadata.entry_points
def entry_points(**selection):
    if selection.get("group") == "pydantic":
        raise SystemExit("scanned for pydantic plugins")
    return found(**selection)
importlib.metadata.entry_points = entry_points
sys.argv = ["accountmap", *sys.argv[1:]]
from accountmap.cli.main import main
main()
"""


def test_a_command_does_not_scan_for_pydantic_plugins(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "nakamura-group.yaml"
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    run = subprocess.run([sys.executable, "-c", PLUGIN_SCAN, "validate", str(example)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    env["PYDANTIC_DISABLE_PLUGINS"] = ""  # the user's own setting wins
    run = subprocess.run([sys.executable, "-c", PLUGIN_SCAN, "validate", str(example)],
                         capture_output=True, text=True, env=env)
    assert "scanned for pydantic plugins" in run.stderr


KEPT = """
from accountmap import perf

class Big:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name, flush=True)

perf.keep_until_exit(Big("under a library caller"))
perf.the_process_ends_with_the_command()
perf.keep_until_exit(Big("at the end of a command"))
print("end", flush=True)
"""


def test_what_a_command_ends_with_is_left_to_the_end_of_the_process() -> None:
    """keep_until_exit frees nothing one by one in the command's own process (the system takes
    the memory back at once), and changes nothing elsewhere."""
    run = subprocess.run([sys.executable, "-c", KEPT], capture_output=True, text=True,
                         check=True)
    assert run.stdout.splitlines() == ["freed under a library caller", "end"]
