"""An analysis declares its parameters once (analysis/declare.py): no other place may write a
declared default again, and every CLI option of a declared parameter comes from it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path
from typing import Any

import click
import pytest

import accountmap.analysis as analysis_package
from accountmap.analysis.declare import Analysis, Param
from accountmap.cli import cli

SRC = Path(analysis_package.__file__).resolve().parents[1]


def declared() -> dict[str, Param[Any]]:
    """Every parameter the analyses declare, by ``name=default``."""
    out: dict[str, Param[Any]] = {}
    for info in pkgutil.iter_modules(analysis_package.__path__):
        module = importlib.import_module(f"accountmap.analysis.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Param):
                out.setdefault(f"{value.name}={value.default!r}", value)
    return out


def analyses() -> list[Analysis[Any]]:
    """Every declared analysis (each once, wherever modules import it)."""
    found: dict[int, Analysis[Any]] = {}
    for info in pkgutil.iter_modules(analysis_package.__path__):
        module = importlib.import_module(f"accountmap.analysis.{info.name}")
        found.update({id(v): v for v in vars(module).values() if isinstance(v, Analysis)})
    return list(found.values())


def _options() -> list[tuple[str, click.Option]]:
    """(command path, option) of every command."""
    out = []

    def walk(cmd: click.Command, path: str) -> None:
        for p in cmd.params:
            if isinstance(p, click.Option):
                out.append((path, p))
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    walk(cli, "accountmap")
    return out


def aliases() -> dict[str, set[str]]:
    """Each declared name and the other names it goes by: a CLI flag that a command gives a
    declared parameter (``--contact-window`` for window_days) names the same value."""
    names: dict[str, set[str]] = {}
    for param in declared().values():
        names.setdefault(param.name, {param.name})
    for _, option in _options():
        if option.name in names:
            for flag in option.opts:
                names[option.name].add(flag.lstrip("-").replace("-", "_"))
    return names


def repeats(tree: ast.AST, names: set[str], value: object) -> list[int]:
    """Lines where a literal ``value`` is written as the default of one of ``names``."""

    def literal(node: ast.AST | None) -> bool:
        return (isinstance(node, ast.Constant) and type(node.value) is type(value)
                and node.value == value)

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arguments):
            args = [*node.posonlyargs, *node.args]
            pairs = list(zip(args[len(args) - len(node.defaults):], node.defaults, strict=True))
            pairs += [(a, d) for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True)
                      if d is not None]
            lines += [d.lineno for a, d in pairs if a.arg in names and literal(d)]
        elif (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
              and node.target.id in names and literal(node.value)):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            lines += [k.value.lineno for k in node.keywords
                      if k.arg in names and literal(k.value)]
            flags = [a.value.lstrip("-").replace("-", "_") for a in node.args
                     if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if set(flags) & names:
                lines += [k.value.lineno for k in node.keywords
                          if k.arg == "default" and literal(k.value)]
    return lines


def test_every_analysis_declares_distinct_names_and_known_parameters() -> None:
    from accountmap.analysis.registry import ANALYSES

    found = analyses()
    assert len({a.name for a in found}) == len(found)
    assert {id(a) for a in found} == {id(a) for a in ANALYSES}  # the registry lists them all
    for a in found:
        assert a.summary
        for p in a.params:
            assert p.help and p.name.isidentifier()
            if p.type is int:
                assert p.low is not None and p.high is not None, (a.name, p.name)


@pytest.mark.parametrize("key", sorted(declared()))
def test_no_module_repeats_a_declared_default(key: str) -> None:
    param = declared()[key]
    if param.default is None:
        return  # "no filter" is not a value anybody could repeat by mistake
    names = aliases()[param.name]
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line in repeats(tree, names, param.default):
            offenders.append(f"{path.relative_to(SRC.parent)}:{line}")
    assert not offenders, (f"{param.name} = {param.default!r} is declared in "
                           f"accountmap.analysis; written again at {', '.join(offenders)}")


def test_the_check_finds_a_repeated_default() -> None:
    code = ("import click\n"
            "def f(*, stale_days: int = 180): ...\n"
            "class O:\n    contact_window: int = 90\n"
            "x = click.option('--stale-days', type=int, default=180)\n"
            "g(stale_days=180)\n")
    tree = ast.parse(code)
    assert repeats(tree, {"stale_days"}, 180) == [2, 5, 6]
    assert repeats(tree, {"contact_window", "window_days"}, 90) == [4]
    assert repeats(tree, {"stale_days"}, 90) == []


def test_cli_options_of_declared_parameters_come_from_the_declaration() -> None:
    by_name = {p.name: p for p in declared().values()}
    checked = 0
    for path, option in _options():
        param = by_name.get(option.name or "")
        if param is None or (option.name == "group" and option.required):
            continue
        if param.name == "group" and option.help != param.help:
            continue  # diff's and revenue's own --group filters
        assert option.default == param.default, (path, option.name)
        assert option.help == param.help, (path, option.name)
        if param.type is int:
            assert isinstance(option.type, click.IntRange)
            assert (option.type.min, option.type.max) == (param.low, param.high), (path,
                                                                                    option.name)
        checked += 1
    assert checked >= 15
