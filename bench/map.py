"""Benchmark: relationship-map generation time, file size and time to interactive in Chromium.

Usage: python bench/map.py [--sizes 500,2000,5000]

For each target size, generates a deterministic book with enough groups that the whole-book
map (default kinds) has about that many nodes, then measures: Python-side time to build and
write the page (analyses for the risk overlay included), the file size, and, in headless
Debian Chromium opened from file:// with the network off, the time from navigation to the
first drawn frame ("interactive": the network object exists and has drawn). Target: a
2,000-node map written in under 2 s and interactive in under 5 s. Not a test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any


def graph_for(nodes: int) -> tuple[Any, int]:
    from accountmap.generate import generate_book
    from accountmap.graph import build_graph
    from accountmap.io import Document, Locator
    from accountmap.validate import check_document

    groups = max(1, round(nodes / 115))  # ~115 map nodes per generated group
    ds = check_document(Document("bench", generate_book(groups, seed=3), Locator("bench")))
    return build_graph(ds), groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from accountmap.io import write_atomic
    from accountmap.map import MapOptions, build_map
    from accountmap.map.html import render_map

    folder = Path(tempfile.mkdtemp(prefix="accountmap-map-bench-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for target in [int(s) for s in args.sizes.split(",")]:
            G, groups = graph_for(target)
            out = folder / f"map-{target}.html"
            start = time.perf_counter()
            model = build_map(G, MapOptions(max_nodes=1_000_000))
            built = time.perf_counter()
            write_atomic(out, render_map(model))
            written = time.perf_counter()
            context = browser.new_context(viewport={"width": 1600, "height": 1000},
                                          offline=True)
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(out.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
            interactive = time.perf_counter() - t0
            context.close()
            print(f"{len(model.nodes):>6} nodes {len(model.edges):>6} links ({groups} groups): "
                  f"build {built - start:.2f} s + render/write {written - built:.2f} s = "
                  f"{written - start:.2f} s, {out.stat().st_size / 1e6:.1f} MB, "
                  f"interactive in Chromium {interactive:.2f} s")
        browser.close()


if __name__ == "__main__":
    main()
