"""The map in Japanese: every word of the page from the catalogue (no English left with
--lang ja), Japanese names drawn with a real Japanese font (not as empty boxes), and the
smaller defects of the review: a search without a match selects nothing."""

from __future__ import annotations

import copy
import json
import re

import pytest

from accountmap.i18n import MESSAGES
from tests.test_plan import JA_BOOK


@pytest.fixture
def ja_map(run, write_book, tmp_path):
    def make(lang: str = "ja", *args: str):
        out = tmp_path / f"map-{lang}.html"
        book = write_book(copy.deepcopy(JA_BOOK), "ja.yaml")
        result = run("map", book, "-o", out, "--lang", lang, *args)
        assert result.exit_code == 0, result.stderr
        return out

    return make


def _english_words() -> set[str]:
    """English texts of the map's and the vocabularies' catalogue entries that Japanese says
    differently."""
    out = set()
    for key, entry in MESSAGES.items():
        if not key.startswith(("map.", "kind.", "risk.", "owner_role.", "buying_role.",
                               "seniority.", "sentiment.", "subscription_status.")):
            continue
        if entry["en"] == entry["ja"]:
            continue
        for fragment in re.split(r"\{[^}]*\}", entry["en"]):
            fragment = fragment.strip(" .,:;()·")
            if len(re.findall(r"[A-Za-z]", fragment)) >= 4:
                out.add(fragment)
    return out


def _page_words(html: str) -> str:
    """What a person can read on the page: its text, and the labels, tooltips and details in
    the map's data (not vis-network's own code)."""
    data = json.loads(re.search(r'<script type="application/json" id="map-data">(.*?)</script>',
                                html, re.S).group(1))
    texts = [n.get("label", "") + "\n" + n.get("title", "") + "\n" +
             "\n".join(" ".join(d) for d in n["details"]) for n in data["nodes"]]
    texts += [e.get("title", "") for e in data["edges"]]
    texts += [str(v) for v in data["ui"].values()]
    body = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body) + "\n".join(texts)


def test_japanese_map_has_no_english_words_left(ja_map):
    words = _page_words(ja_map("ja").read_text(encoding="utf-8"))
    leftovers = sorted(w for w in _english_words() if w.lower() in words.lower())
    assert leftovers == [], leftovers
    for japanese in ("表示", "リスク", "接点のない組織", "全体表示", "中村ホールディングス"):
        assert japanese in words


def test_english_map_is_the_default(ja_map):
    words = _page_words(ja_map("en").read_text(encoding="utf-8"))
    assert "Nothing selected" in words and "our relationship" in words


def test_map_page_prefers_japanese_fonts(ja_map):
    html = ja_map("ja").read_text(encoding="utf-8")
    stack = re.search(r"html, body \{[^}]*font: [^;]*;", html).group(0)
    first_generic = min(stack.index(g) for g in ("system-ui", "sans-serif"))
    for font in ("Hiragino", "Yu Gothic", "Meiryo", "Noto Sans CJK JP"):
        assert font in stack and stack.index(font) < first_generic
    ours = html.split("<style>")[2].split("</style>")[0]  # our styles (vis-network's first)
    assert "@font-face" not in ours and "@import" not in ours  # no web font fetched
    assert "font-src data:" in html  # and the page's policy could not fetch one


@pytest.mark.browser
def test_japanese_labels_render_with_a_japanese_font(ja_map, open_page):
    visit = open_page(ja_map("ja"))
    # A glyph drawn from a font differs from the empty box drawn for a character that no
    # font has (U+E000, private use); were Japanese missing, both would be the same box.
    same = visit.page.evaluate("""() => {
      const font = '20px ' + getComputedStyle(document.body).fontFamily;
      function pixels(text) {
        const c = document.createElement('canvas'); c.width = 80; c.height = 40;
        const g = c.getContext('2d'); g.font = font; g.fillText(text, 4, 28);
        return Array.from(g.getImageData(0, 0, 80, 40).data).join(',');
      }
      return ['品', '質', '保', '証'].map((ch, i) =>
        pixels(ch) === pixels(String.fromCharCode(0xE000 + i)));
    }""")
    assert same == [False, False, False, False], "Japanese drawn as empty boxes: no CJK font"
    visit.screenshot("map-ja.png")
    assert visit.console_errors == [] and visit.blocked == []


@pytest.mark.browser
def test_a_search_without_a_match_selects_nothing(ja_map, open_page):
    visit = open_page(ja_map("ja"))
    page = visit.page
    assert page.evaluate("() => window.accountmapSearch('佐藤')") is not None
    assert page.evaluate("() => network.getSelectedNodes().length") == 1
    assert page.evaluate("() => window.accountmapSearch('存在しない名前')") is None
    assert page.evaluate("() => network.getSelectedNodes().length") == 0
    assert page.text_content("#search-status") == "該当なし"
    assert page.text_content("#details-name") == "未選択"
