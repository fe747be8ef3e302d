"""At Fit, company labels read: no two overlap, none is cut off by the canvas edge, none is
drawn under 7 px; in the standalone map and in the plan's map, in English and Japanese, at
1280x800 and 1920x1080 (a real headless Chromium measures the label boxes vis-network draws)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE
from tests.ja_group import nine_company_book

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const net = window.network; const scale = net.getScale();
  const ids = net.body.data.nodes.getIds({filter: n => n.kind === 'company' && !n.hidden});
  const boxes = ids.map(id => {
    const b = net.getBoundingBox(id); const n = net.body.data.nodes.get(id);
    const tl = net.canvasToDOM({x: b.left, y: b.top});
    const br = net.canvasToDOM({x: b.right, y: b.bottom});
    return {id: id, name: n.name, label: n.label, l: tl.x, t: tl.y, r: br.x, b: br.y,
            px: n.font.size * scale}; });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], c = boxes[j];
    if (a.l < c.r && c.l < a.r && a.t < c.b && c.t < a.b) overlaps.push([a.name, c.name]); }
  const canvas = net.canvas.frame.canvas;
  const W = canvas.clientWidth, H = canvas.clientHeight;
  const cut = boxes.filter(b => b.l < 0 || b.t < 0 || b.r > W || b.b > H).map(b => b.name);
  return {boxes: boxes, overlaps: overlaps, cut: cut}; }"""


@pytest.fixture(scope="module")
def ja_nine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ja9") / "kaisei-9.json"
    path.write_text(json.dumps(nine_company_book(), ensure_ascii=False), "utf-8")
    return path


def _check(measured: dict[str, Any], companies: int) -> None:
    boxes = measured["boxes"]
    assert len(boxes) == companies  # every company is on the map
    assert measured["overlaps"] == [], measured["overlaps"]
    assert measured["cut"] == [], measured["cut"]
    small = [(b["name"], round(b["px"], 1)) for b in boxes if b["px"] < 7]
    assert small == []
    for b in boxes:  # the label holds the company's name
        assert b["name"] in b["label"]


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize(("book", "lang"), [("example", "en"), ("example", "ja"),
                                            ("ja9", "ja")])
def test_company_labels_at_fit_on_the_map_page(run: Any, open_page: Any, tmp_path: Path,
                                               ja_nine: Path, book: str, lang: str,
                                               size: tuple[int, int]) -> None:
    source, group, count = ((EXAMPLE, "g-nakamura", 12) if book == "example"
                            else (ja_nine, "g00000", 9))
    out = tmp_path / "map.html"
    assert run("map", source, "--group", group, "--lang", lang, "-o", out).exit_code == 0
    visit = open_page(out)
    visit.page.set_viewport_size({"width": size[0], "height": size[1]})
    visit.page.evaluate("() => window.accountmapFit()")
    visit.page.wait_for_timeout(200)
    _check(visit.page.evaluate(MEASURE), count)
    visit.screenshot(f"map-labels-{book}-{lang}-{size[0]}.png")


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_company_labels_at_fit_in_the_plan(run: Any, open_page: Any, tmp_path: Path,
                                           lang: str, size: tuple[int, int]) -> None:
    out = tmp_path / "plan.html"
    assert run("plan", EXAMPLE, "--group", "g-nakamura", "--lang", lang,
               "-o", out).exit_code == 0
    visit = open_page(out)
    visit.page.set_viewport_size({"width": size[0], "height": size[1]})
    frame = visit.page.frames[1]
    frame.wait_for_selector("body[data-ready=true]", state="attached")
    frame.evaluate("() => window.accountmapFit()")
    visit.page.wait_for_timeout(200)
    _check(frame.evaluate(MEASURE), 12)
