"""Benchmark: relationship-map generation time, file size and time to interactive in Chromium.

Usage: python bench/map.py [--sizes 70,500,2000,5000]

For each target size, generates a deterministic book with enough groups that the whole-book
map (default kinds) has about that many nodes (70: the example's Nakamura group), then
measures: Python-side time to build and write the page (analyses for the risk overlay
included), the file size, and, in headless Debian Chromium in a 1600x1000 window opened from
file:// with the network off, the time from navigation to the first drawn frame
("interactive": fitted, labels sized, drawn), and at "Fit" the smallest on-screen height of a
group or company label (CSS px) and the share of the canvas width the drawing spans. Targets:
2,000 nodes interactive in under 3 s; labels at least 10 px and span at least 70% at Fit.
Not a test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

#: At "Fit": the smallest on-screen font of a group or company label, and the share of the
#: canvas width between the leftmost and rightmost visible node.
FIT = """() => {
  const scale = network.getScale();
  const canvas = document.querySelector('#map canvas').getBoundingClientRect();
  const boxes = nodes.getIds({filter: n => !n.hidden}).map(id => network.getBoundingBox(id));
  const left = network.canvasToDOM({x: Math.min(...boxes.map(b => b.left)), y: 0}).x;
  const right = network.canvasToDOM({x: Math.max(...boxes.map(b => b.right)), y: 0}).x;
  const units = nodes.get({filter: n => n.kind === 'company' || n.kind === 'group'});
  const px = units.map(n => network.body.nodes[n.id].options.font.size * scale);
  return {label: Math.min(...px), span: (right - left) / canvas.width};
}"""


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
    parser.add_argument("--sizes", default="70,500,2000,5000")
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
            if target <= 100:  # the example's Nakamura group
                from accountmap.graph import build_graph
                from accountmap.validate import load_dataset

                root = Path(__file__).resolve().parents[1]
                G, groups = build_graph(load_dataset(root / "examples/nakamura-group.yaml")), 1
                options = MapOptions(group="g-nakamura")
            else:
                G, groups = graph_for(target)
                options = MapOptions(max_nodes=1_000_000)
            out = folder / f"map-{target}.html"
            start = time.perf_counter()
            model = build_map(G, options)
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
            fit = page.evaluate(FIT)
            context.close()
            print(f"{len(model.nodes):>6} nodes {len(model.edges):>6} links ({groups} groups): "
                  f"build {built - start:.2f} s + render/write {written - built:.2f} s = "
                  f"{written - start:.2f} s, {out.stat().st_size / 1e6:.1f} MB, "
                  f"interactive in Chromium {interactive:.2f} s; at Fit: smallest company "
                  f"label {fit['label']:.1f} px, drawing spans {fit['span']:.0%} of the width")
        browser.close()


if __name__ == "__main__":
    main()
