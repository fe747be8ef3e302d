"""Benchmark: one group of a team's shared Neo4j dataset costs one group (issue #28).

Usage: python bench/load.py --team [--groups 100,1000] [--pairs 3] [--dir DIR]
       (or python bench/team.py with the same options)

For each size, in one run on one fresh local Neo4j (scripts/neo4j, heap 2g, page cache 1 GiB
unless ACCOUNTMAP_NEO4J_HEAP / ACCOUNTMAP_NEO4J_PAGECACHE_MB say otherwise):

1. the N-group book (``accountmap generate --groups N --seed 1``, made by bench/e2e.py) goes
   in by the bulk path (``export neo4j-import`` + the offline importer) as dataset ``team``,
   then queries/schema.cypher runs (as after any bulk import) and its indexes come online;
   the import time and the store's size on disk are printed;
2. ``plan --group G -o plan.html``, ``map --group G -o map.html`` and ``summary --group G``
   read from the dataset, each beside the same command on G's own file (the first group's
   part of the book), alternating, ``--pairs`` times: medians of wall time (the server's work
   is not in the child's CPU, so the ratio is of wall time) and the child's CPU;
3. loading G's own file with one stakeholder retitled (each run another title) into the
   N-group dataset, beside loading G's file alone into an empty dataset (a new name each
   run): ``accountmap load``, wall time.

Prints every figure with its ratio and the growth from the first size to the last. Not a
test; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from e2e import books, measure  # noqa: E402
from load import SCRIPT, start, stop  # noqa: E402

AM = [sys.executable, "-m", "accountmap"]


def bulk_import(book: Path, home: Path, work: Path) -> float:
    """The book into a new home as dataset ``team`` by the bulk path; seconds (both steps)."""
    files = work / "files"
    shutil.rmtree(files, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([*AM, "export", "neo4j-import", str(book), str(files), "--dataset", "team"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([SCRIPT, "import", "--home", str(home), "--heap",
                    os.environ.get("ACCOUNTMAP_NEO4J_HEAP", "2g"), str(files)], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def schema(uri: str) -> None:
    """What the README says to do after a bulk import: the constraints and indexes of
    queries/schema.cypher (the Community importer makes none), online before measuring."""
    from neo4j import GraphDatabase

    from accountmap.store.statements import schema_statements

    with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        for statement in schema_statements():
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(600)").consume()


def disk_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def side_by_side(a: list[str], b: list[str], n: int) -> tuple[list[float], list[float]]:
    """Medians of (wall, cpu) of ``a`` and of ``b``, run alternately ``n`` times."""
    runs_a, runs_b = [], []
    for _ in range(n):
        runs_b.append(measure(b))
        runs_a.append(measure(a))
    return ([statistics.median(r[i] for r in runs_a) for i in range(2)],
            [statistics.median(r[i] for r in runs_b) for i in range(2)])


def retitled(own: Path, out: Path, mark: int) -> Path:
    data = json.loads(own.read_text(encoding="utf-8"))
    data["stakeholders"][0]["title"] = f"Director {mark}"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def one_size(groups: int, folder: Path, n: int) -> dict[str, float]:
    book, own, group, _, _ = books(folder, groups)
    work = Path(tempfile.mkdtemp(prefix="accountmap-team-"))
    home = work / "home"
    figures: dict[str, float] = {}
    try:
        figures["import_s"] = bulk_import(book, home, work)
        figures["disk_mib"] = disk_mib(home / "data")
        uri = start(home)
        schema(uri)
        db = [uri, "--dataset", "team"]
        out = str(work / "out")
        commands = {
            "plan": (["plan", *db, "--group", group, "-o", out + ".html"],
                     ["plan", str(own), "--group", group, "-o", out + "-own.html"]),
            "map": (["map", *db, "--group", group, "-o", out + "-map.html"],
                    ["map", str(own), "--group", group, "-o", out + "-map-own.html"]),
            "summary": (["summary", *db, "--group", group],
                        ["summary", str(own), "--group", group]),
        }
        measure([*AM, *commands["plan"][0]])  # the server plans its queries once
        print(f"\n{groups} groups: group {group}; bulk import {figures['import_s']:.1f} s, "
              f"store {figures['disk_mib']:.0f} MiB")
        print(f"{'':<28}{'dataset':>10}{'own file':>10}{'ratio':>8}   (wall s; child CPU s)")
        for name, (a, b) in commands.items():
            (wall, cpu), (own_wall, own_cpu) = side_by_side([*AM, *a], [*AM, *b], n)
            figures[f"{name}_ratio"] = wall / own_wall
            print(f"{name + ' --group G':<28}{wall:>10.2f}{own_wall:>10.2f}"
                  f"{wall / own_wall:>7.2f}x   ({cpu:.2f}; {own_cpu:.2f})")
        changed, alone = [], []
        for i in range(n):
            solo = [*AM, "load", str(own), "--neo4j", uri, "--dataset", f"solo{i}", "-q"]
            alone.append(measure(solo)[0])
            edit = retitled(own, work / f"changed{i}.json", i)
            changed.append(measure([*AM, "load", str(edit), *["--neo4j", uri],
                                    "--dataset", "team", "-q"])[0])
        load_changed, load_alone = statistics.median(changed), statistics.median(alone)
        figures["load_ratio"] = load_changed / load_alone
        print(f"{'load one changed group':<28}{load_changed:>10.2f}{load_alone:>10.2f}"
              f"{load_changed / load_alone:>7.2f}x   (into the dataset; alone, empty)")
        stop(home)
        figures["disk_after_mib"] = disk_mib(home / "data")
    finally:
        stop(home)
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default="100,1000")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/accountmap-e2e",
                        help="where the books are kept between runs")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.groups.split(",")]
    load_avg = os.getloadavg()
    print(f"cores {os.cpu_count()}, load average at start {load_avg[0]:.2f}")
    results = {n: one_size(n, Path(args.dir), args.pairs) for n in sizes}
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"\ngrowth {first} -> {last} groups:")
        for key in ("import_s", "disk_mib"):
            print(f"  {key}: {results[first][key]:.1f} -> {results[last][key]:.1f} "
                  f"({results[last][key] / results[first][key]:.2f}x)")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
