"""Benchmark: whole commands against their floors, side by side in one run.

Usage: python bench/e2e.py [--groups 10,100,1000] [--pairs 3] [--dir /tmp/accountmap-e2e]

For each size, writes the generated book (JSON, once, kept in --dir), the first group's own
file (its part of the book, ``cut.group_part``) and a YAML copy of the 20-group book; then
runs each command and its floor in turn, --pairs times, each in a child process, and prints
wall and CPU medians (user + sys of the child), the ratio to the floor, the child's peak RSS
and the growth per 10x between sizes:

- floor: parse the JSON with GC paused and build a NetworkX graph of as many nodes and
  edges as ``build_graph`` makes of the book;
- ``summary``, ``validate``, ``plan --group G -o plan.html`` (with its map),
  ``map --group G``, and the plan of G from the group's own file;
- ``accountmap --help`` (wall) against ``python -c "import click"``; ``summary`` of the
  example against ``python -c "import networkx, pydantic, click"``;
- YAML ``validate`` against JSON ``validate`` of the 20-group book;
- ``diff`` of the book with itself: its peak RSS against ``summary``'s.

The package is compiled to bytecode first, as an installed one is (the floors' packages are).

Figures are printed, never asserted. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "nakamura-group.yaml"
AM = [sys.executable, "-m", "accountmap"]

FLOOR = """
import gc, json, sys
import networkx as nx
nodes, edges = int(sys.argv[2]), int(sys.argv[3])
gc.disable()
with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
G = nx.MultiDiGraph()
G.add_nodes_from(range(nodes))
G.add_edges_from((i % nodes, (i * 7 + 1) % nodes) for i in range(edges))
gc.enable()
"""


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one child."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def pairs(command: list[str], floor: list[str], n: int) -> dict[str, float]:
    runs, floors = [], []
    for _ in range(n):
        floors.append(measure(floor))
        runs.append(measure(command))
    med = [statistics.median(x[i] for x in runs) for i in range(3)]
    fmed = [statistics.median(x[i] for x in floors) for i in range(3)]
    return {"wall": med[0], "cpu": med[1], "rss": med[2], "floor_wall": fmed[0],
            "floor_cpu": fmed[1], "floor_rss": fmed[2]}


def books(folder: Path, groups: int) -> tuple[Path, Path, str, int, int]:
    """The book, the first group's own file, its id, and the book's node and edge counts
    (made in a child: this process stays small, and so do the children it forks, whose peak
    RSS starts from their parent's)."""
    book, own = folder / f"book-{groups}.json", folder / f"book-{groups}-g0.json"
    counts = folder / f"book-{groups}.counts"
    if not (book.exists() and own.exists() and counts.exists()):
        subprocess.run([sys.executable, __file__, "--make", str(groups), "--dir", str(folder)],
                       check=True)
    group, nodes, edges = json.loads(counts.read_text())
    return book, own, group, nodes, edges


def make_books(folder: Path, groups: int) -> None:
    from accountmap.cut import group_part
    from accountmap.generate import generate_book
    from accountmap.graph import build_graph
    from accountmap.io import dumps
    from accountmap.validate import load_dataset

    folder.mkdir(parents=True, exist_ok=True)
    book, own = folder / f"book-{groups}.json", folder / f"book-{groups}-g0.json"
    counts = folder / f"book-{groups}.counts"
    if not book.exists():
        book.write_text(dumps(generate_book(groups=groups, seed=1), "json"))
    if not own.exists() or not counts.exists():
        ds = load_dataset(book)
        part = group_part(ds, [ds.groups[0].id])
        assert part is not None
        own.write_text(dumps(json.loads(part.model_dump_json(exclude_none=True)), "json"))
        G = build_graph(ds)
        counts.write_text(json.dumps([ds.groups[0].id, G.number_of_nodes(),
                                      G.number_of_edges()]))


def line(name: str, r: dict[str, float], what: str = "cpu") -> str:
    ratio = r[what] / r[f"floor_{what}"] if r[f"floor_{what}"] else float("nan")
    return (f"{name:<34}{r['wall']:>8.2f}{r['cpu']:>8.2f}{r['floor_' + what]:>9.2f}"
            f"{ratio:>7.2f}x{r['rss']:>9.0f}{r['rss'] / r['floor_rss']:>7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default="10,100,1000")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/accountmap-e2e"))
    parser.add_argument("--make", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_books(args.dir, args.make)
        return
    sizes = [int(x) for x in args.groups.split(",")]
    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()}")
    print(f"bytecode: {_compiled()}")
    header = (f"{'command':<34}{'wall s':>8}{'cpu s':>8}{'floor':>9}{'ratio':>8}"
              f"{'RSS MiB':>9}{'RSS/fl':>8}")
    growth: dict[str, list[float]] = {}
    out = args.dir
    for groups in sizes:
        book, own, group, nodes, edges = books(out, groups)
        floor = [sys.executable, "-c", FLOOR, str(book), str(nodes), str(edges)]
        print(f"\n{groups} groups: {book.stat().st_size >> 20} MiB, {nodes:,} nodes, "
              f"{edges:,} edges; group {group}")
        print(header)
        runs = {
            "summary": [*AM, "summary", str(book), "--format", "json"],
            "validate": [*AM, "validate", str(book)],
            "plan --group (html, map)": [*AM, "plan", str(book), "--group", group, "-o",
                                         str(out / "plan.html")],
            "map --group": [*AM, "map", str(book), "--group", group, "-o",
                            str(out / "map.html")],
            "plan of the group's own file": [*AM, "plan", str(own), "--group", group, "-o",
                                             str(out / "plan-own.html")],
        }
        results = {name: pairs(command, floor, args.pairs) for name, command in runs.items()}
        for name, r in results.items():
            print(line(name, r))
            growth.setdefault(name, []).append(r["cpu"])
        s = results["summary"]
        for name in ("plan --group (html, map)", "map --group"):
            print(f"  {name} / summary: {results[name]['cpu'] / s['cpu']:.2f}x CPU")
        diff = pairs([*AM, "diff", str(book), str(book), "--format", "json"],
                     [*AM, "summary", str(book), "--format", "json"], 1)
        print(f"  diff peak RSS / summary's: {diff['rss'] / diff['floor_rss']:.2f}x "
              f"({diff['rss']:.0f} / {diff['floor_rss']:.0f} MiB)")
    if len(sizes) > 1:
        print("\ngrowth of CPU per 10x groups (1.0 = linear in the book)")
        for name, cpus in growth.items():
            steps = [(cpus[i + 1] / cpus[i]) / (sizes[i + 1] / sizes[i]) * 1.0
                     for i in range(len(cpus) - 1)]
            print(f"  {name:<32}" + "  ".join(f"{x:.2f}" for x in steps))
    print("\nstart-up")
    help_ = pairs([*AM, "--help"], [sys.executable, "-c", "import click"], args.pairs)
    print(f"  accountmap --help: {help_['wall']:.3f} s wall vs import click "
          f"{help_['floor_wall']:.3f} s: {help_['wall'] / help_['floor_wall']:.2f}x")
    example = pairs([*AM, "summary", str(EXAMPLE)],
                    [sys.executable, "-c", "import networkx, pydantic, click"], args.pairs)
    print(f"  summary of the example: {example['cpu']:.3f} s CPU vs importing networkx, "
          f"pydantic, click {example['floor_cpu']:.3f} s: "
          f"{example['cpu'] / example['floor_cpu']:.2f}x")
    book20, _, _, _, _ = books(out, 20)
    yaml20 = out / "book-20.yaml"
    if not yaml20.exists():
        subprocess.run([sys.executable, "-c", "import json, sys; from accountmap.io import "
                        "dumps; open(sys.argv[2], 'w').write(dumps(json.load(open(sys.argv[1]"
                        ")), 'yaml'))", str(book20), str(yaml20)], check=True)
    yaml = pairs([*AM, "validate", str(yaml20)], [*AM, "validate", str(book20)], args.pairs)
    print(f"  validate YAML / JSON (20 groups): {yaml['cpu']:.2f} / {yaml['floor_cpu']:.2f} s"
          f" = {yaml['cpu'] / yaml['floor_cpu']:.2f}x "
          f"(libyaml: {'yes' if _has_libyaml() else 'no'})")
    print(f"\nload average at end: {os.getloadavg()}")


def _compiled() -> str:
    """Compile the package's modules to bytecode first, as installing a package does (and as
    the floor's networkx, pydantic and click are): with PYTHONDONTWRITEBYTECODE set, an
    editable install would otherwise compile every module again in every child (about 45 ms,
    a quarter of the example's floor)."""
    import compileall

    import accountmap

    folder = Path(accountmap.__file__).parent
    compileall.compile_dir(str(folder), quiet=1)
    note = " (PYTHONDONTWRITEBYTECODE is set)" if os.environ.get("PYTHONDONTWRITEBYTECODE") \
        else ""
    return f"{folder} compiled{note}"


def _has_libyaml() -> bool:
    import yaml

    return hasattr(yaml, "CSafeLoader")


if __name__ == "__main__":
    main()
