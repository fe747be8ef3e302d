"""Benchmark: time and peak memory of each analysis on generated books of growing size.

Usage: python bench/analytics.py [--groups 100,1000] [--seed 1]

Each size runs in a fresh subprocess (so peak RSS is that size's own). With the generator's
defaults, 100 groups are about 10k stakeholders / 100k touchpoints and 1,000 groups about
100k stakeholders / 1M touchpoints. Prints one line per step and size, then the growth ratio
between consecutive sizes (time ratio / size ratio: ~1 means linear). Not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from typing import Any

STEPS = ["validate", "graph", "facts", "coverage", "threads", "key_people", "contacts",
         "whitespace", "stale", "path"]
CORE = ["facts", "coverage", "threads", "contacts", "whitespace"]


def one(groups: int, seed: int) -> dict[str, float]:
    from accountmap.analysis import (
        contacts,
        coverage,
        paths,
        stale,
        threads,
        whitespace,
    )
    from accountmap.facts import facts
    from accountmap.generate import generate_book
    from accountmap.graph import build_graph
    from accountmap.io import Document, Locator
    from accountmap.validate import check_document

    book = generate_book(groups, seed=seed)
    out: dict[str, float] = {"stakeholders": len(book["stakeholders"]),
                             "touchpoints": len(book["touchpoints"])}

    def timed(name: str, fn: Any) -> Any:
        start = time.perf_counter()
        value = fn()
        out[name] = time.perf_counter() - start
        return value

    # The plain book stays alive, as a file's parsed data would while it is checked.
    ds = timed("validate", lambda: check_document(Document("bench", book, Locator("bench"))))
    G = timed("graph", lambda: build_graph(ds))
    timed("facts", lambda: facts(G))
    timed("coverage", lambda: coverage.uncovered_entities(G))
    timed("threads", lambda: threads.single_threaded_accounts(G))
    timed("key_people", lambda: threads.key_person_risk(G))
    timed("contacts", lambda: contacts.contact_load(G))
    timed("whitespace", lambda: whitespace.white_space(G))
    timed("stale", lambda: stale.stale_relationships(G))
    middle = sorted(facts(G).companies)[len(facts(G).companies) // 2]
    timed("path", lambda: paths.warm_paths(G, middle, k=3))  # to one company, mid-book
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", default="100,1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed)))
        return
    results = []
    for groups in [int(g) for g in args.groups.split(",")]:
        proc = subprocess.run([sys.executable, __file__, "--one", str(groups), "--seed",
                               str(args.seed)], capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"groups {groups}: {int(r['stakeholders'])} stakeholders, "
              f"{int(r['touchpoints'])} touchpoints, peak RSS {r['peak_rss_mb']:.0f} MB")
        for step in STEPS:
            print(f"  {step:<11} {r[step]:8.2f} s")
        core = sum(r[s] for s in CORE)
        print(f"  {'core total':<11} {core:8.2f} s  (facts + coverage + threads + contacts + "
              "whitespace; target < 60 s at 100k stakeholders)")
        r["core"] = core
    for a, b in itertools.pairwise(results):
        size = b["stakeholders"] / a["stakeholders"]
        print(f"growth x{size:.1f} in size:")
        for step in [*STEPS, "core"]:
            ratio = b[step] / a[step] if a[step] > 0 else float("nan")
            print(f"  {step:<11} time x{ratio:5.1f}  (time/size {ratio / size:4.2f})")
        print(f"  peak RSS    x{b['peak_rss_mb'] / a['peak_rss_mb']:5.1f}")


if __name__ == "__main__":
    main()
