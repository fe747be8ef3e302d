"""The plan on paper and in Japanese, in a real headless Chromium: page 1 holds the summary,
the example and a nine-company Japanese book print on at most six A4 pages in English and
Japanese, the map page prints its drawing and legend without the toolbar, and no name, date
or amount breaks across lines."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE
from tests.ja_group import nine_company_book

pytestmark = pytest.mark.browser

MAX_PAGES = 6


@pytest.fixture(scope="module")
def ja_nine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ja9") / "kaisei-9.json"
    path.write_text(json.dumps(nine_company_book(), ensure_ascii=False), "utf-8")
    return path


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _print(open_page: Any, path: Path) -> list[str]:
    visit = open_page(path)
    visit.page.wait_for_timeout(300)
    return _pages(visit.page.pdf(prefer_css_page_size=True))


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("book", "group"), [("example", "g-nakamura"), ("ja9", "g00000")])
def test_the_plan_prints_on_at_most_six_pages(run: Any, open_page: Any, tmp_path: Path,
                                             ja_nine: Path, book: str, group: str,
                                             lang: str) -> None:
    out = tmp_path / f"plan.{lang}.html"
    source = EXAMPLE if book == "example" else ja_nine
    assert run("plan", source, "--group", group, "--lang", lang, "-o", out).exit_code == 0
    pages = _print(open_page, out)
    assert len(pages) <= MAX_PAGES, len(pages)
    first = pages[0]
    summary = "サマリー" if lang == "ja" else "Summary"
    top = "優先アクション" if lang == "ja" else "Top actions"
    assert summary in first and top in first
    plan = json.loads(run("plan", source, "--group", group, "--format", "json").stdout)
    # the fifth top action's owner line is on page 1 too: the summary fits it
    visit = open_page(out)
    visit.page.emulate_media(media="print")
    fits = visit.page.evaluate("""() => {
        const s = document.querySelector('section#summary').getBoundingClientRect();
        return [s.top, s.bottom]; }""")
    # A4 landscape less the page margins (9 mm top and bottom) at 96 px per inch
    assert fits[1] - fits[0] <= (210 - 18) / 25.4 * 96, fits
    assert plan["actions"]


def test_the_map_page_prints_its_drawing_and_legend_without_the_toolbar(
        run: Any, open_page: Any, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    assert run("map", EXAMPLE, "--group", "g-nakamura", "-o", out).exit_code == 0
    pages = _print(open_page, out)
    assert len(pages) == 1
    text = pages[0]
    assert "Company" in text and "subsidiary of" in text  # the legend
    assert "Save PNG" not in text and "Fit" not in text.split()  # no toolbar
    visit = open_page(out)
    visit.page.emulate_media(media="print")
    sizes = visit.page.evaluate("""() => [document.documentElement.scrollWidth,
                                          document.documentElement.clientWidth]""")
    assert sizes[0] <= sizes[1]  # no horizontal scrollbar


def test_no_name_date_or_amount_breaks_across_lines(run: Any, open_page: Any, tmp_path: Path,
                                                    ja_nine: Path) -> None:
    out = tmp_path / "plan.ja.html"
    assert run("plan", ja_nine, "--group", "g00000", "--lang", "ja", "--no-map",
               "-o", out).exit_code == 0
    visit = open_page(out)
    visit.page.set_viewport_size({"width": 760, "height": 900})
    result = visit.page.evaluate("""() => {
        const spans = [...document.querySelectorAll('span.nw')];
        const split = spans.filter(s => s.getClientRects().length > 1).map(s => s.textContent);
        return {count: spans.length, split: split,
                keep: getComputedStyle(document.body).wordBreak,
                texts: spans.map(s => s.textContent)}; }""")
    assert result["keep"] == "keep-all"
    assert result["count"] > 100 and result["split"] == []
    texts = set(result["texts"])
    assert any(t.endswith("日") and "年" in t for t in texts)  # dates
    assert any(t.endswith("円") for t in texts)  # amounts
    assert "海成フーズ株式会社" in texts  # names
