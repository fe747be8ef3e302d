"""Benchmark: where `summary` spends its CPU, phase by phase, beside the floor's phases.

    python bench/phases.py [--groups 100,1000] [--runs 3]

For each size (the books ``bench/e2e.py`` writes, made when missing), runs ``--runs`` children
of each kind in turn and prints the median CPU seconds of each phase, timed inside the child:

- summary: imports (interpreter start included); read (``io.read_document``: the file's text
  and the JSON parse, with the proof that no key repeats); validate
  (``validate.check_document`` with ``release``, as the CLI does); graph (``build_graph``, the
  dataset let go after it); summarize (``facts`` and ``summarize``); render (JSON);
- floor (the one ``bench/e2e.py`` compares with): imports; parse (``json.load``, GC paused);
  graph (a NetworkX graph of as many nodes and edges).

Each phase's line shows its seconds and its share of the child's CPU, and the peak RSS when it
ended, so the phase a change brought down (or up) is read off directly. The last, exit, is
what the child spent after its last phase (freeing what it built: the floor frees its parsed
book there), so each total is the child's whole CPU, as ``bench/e2e.py`` measures it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

from e2e import _compiled, books

# The children define no function: a function in __main__ makes a reference cycle with the
# module's globals, so the whole book would be freed at exit by a collection over every
# object (seconds at 1,000 groups) instead of by reference counting, as in the real commands.
# Each mark keeps the text of /proc/self/status; the parent reads the peak RSS from it.
SUMMARY = """
import os, sys, time
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as the command line does
from accountmap import perf
perf.the_process_ends_with_the_command()  # as the command line does
marks = []
with perf.freeze_allowed():
    from accountmap.analysis.summary import summarize
    from accountmap.graph import build_graph
    from accountmap.io import read_document
    from accountmap.render import render
    from accountmap.validate import check_document
    marks.append(("imports", time.process_time(), open("/proc/self/status").read()))
    doc = read_document(sys.argv[1])
    marks.append(("read", time.process_time(), open("/proc/self/status").read()))
    ds = check_document(doc, release=True)
    del doc
    marks.append(("validate", time.process_time(), open("/proc/self/status").read()))
    G = build_graph(ds)
    del ds
    perf.keep_until_exit(G)  # as summary does (cli.context.Source.graph)
    marks.append(("graph", time.process_time(), open("/proc/self/status").read()))
    rows = summarize(G)
    marks.append(("summarize", time.process_time(), open("/proc/self/status").read()))
    text = render(rows, "json")
    marks.append(("render", time.process_time(), open("/proc/self/status").read()))
import json
print(json.dumps(marks))
"""

FLOOR = """
import gc, json, sys, time
import networkx as nx
marks = [("imports", time.process_time(), open("/proc/self/status").read())]
nodes, edges = int(sys.argv[2]), int(sys.argv[3])
gc.disable()
with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
marks.append(("parse", time.process_time(), open("/proc/self/status").read()))
G = nx.MultiDiGraph()
G.add_nodes_from(range(nodes))
G.add_edges_from((i % nodes, (i * 7 + 1) % nodes) for i in range(edges))
gc.enable()
marks.append(("graph", time.process_time(), open("/proc/self/status").read()))
print(json.dumps(marks))
"""


def phases(command: list[str]) -> list[tuple[str, float, float]]:
    """(phase, CPU s, peak RSS MiB at its end) of one child, in order; the last, "exit", is
    what the child spent after its last mark (freeing what it built), which the whole
    command's CPU in ``bench/e2e.py`` includes."""
    before_run = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True)
    after_run = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command[:3])}\n{done.stderr}")
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    out, before = [], 0.0
    for name, at, status in marks:
        peak = next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM"))
        out.append((name, at - before, peak / 1024))
        before = at
    total = sum(getattr(after_run, f) - getattr(before_run, f) for f in ("ru_utime", "ru_stime"))
    out.append(("exit", max(total - before, 0.0), out[-1][2]))
    return out


def medians(runs: list[list[tuple[str, float, float]]]) -> list[tuple[str, float, float]]:
    return [(runs[0][i][0], statistics.median(r[i][1] for r in runs),
             statistics.median(r[i][2] for r in runs)) for i in range(len(runs[0]))]


def table(title: str, rows: list[tuple[str, float, float]]) -> None:
    total = sum(s for _, s, _ in rows)
    print(f"  {title}: {total:.2f} s CPU")
    for name, seconds, peak in rows:
        print(f"    {name:<11}{seconds:>7.2f} s{seconds / total:>6.0%}{peak:>8.0f} MiB peak")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default="100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/accountmap-e2e"))
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()}")
    print(f"bytecode: {_compiled()}")
    for groups in (int(x) for x in args.groups.split(",")):
        book, _, _, nodes, edges = books(args.dir, groups)
        summary = [sys.executable, "-c", SUMMARY, str(book)]
        floor = [sys.executable, "-c", FLOOR, str(book), str(nodes), str(edges)]
        ours, theirs = [], []
        for _ in range(args.runs):  # in turn, so both see the machine's same minutes
            ours.append(phases(summary))
            theirs.append(phases(floor))
        print(f"\n{groups} groups: {book.stat().st_size >> 20} MiB, medians of {args.runs}")
        mine, base = medians(ours), medians(theirs)
        table("summary", mine)
        table("floor", base)
        print(f"  ratio of the children's CPU: "
              f"{sum(s for _, s, _ in mine) / sum(s for _, s, _ in base):.2f}x")
    print(f"\nload average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
