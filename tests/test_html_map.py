"""The HTML page as a file: self-contained, escaped, written whole or not at all."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import EXAMPLE

HOSTILE = [
    "</script><script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned = 2">',
    "<a href=\"javascript:window.__pwned = 3\">click</a>",
    "javascript:window.__pwned = 4",
    "Ann ' \" & \u2028 <b>bold</b> <!-- comment",
]


def hostile_book(tiny):
    tiny["groups"][0]["name"] = HOSTILE[0]
    tiny["companies"][0]["name"] = HOSTILE[1]
    tiny["stakeholders"][1]["name"] = HOSTILE[2]
    tiny["stakeholders"][1]["title"] = HOSTILE[3]
    tiny["owners"][0]["name"] = HOSTILE[4]
    return tiny


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_page_is_one_self_contained_file(run, tmp_path):
    out = tmp_path / "map.html"
    result = run("map", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "nodes" in result.stderr and result.stdout == ""
    html = out.read_text(encoding="utf-8")
    tags = tags_of(html)
    for tag, attrs in tags:
        assert not attrs.get("src") and not attrs.get("href"), (tag, attrs)
    assert [t for t, _ in tags].count("script") == 3  # vis-network, data, page script
    assert list(tmp_path.iterdir()) == [out]          # no lib/ folder, nothing else


def test_hostile_strings_cannot_leave_their_json(run, tiny, write_book, tmp_path):
    out = tmp_path / "map.html"
    assert run("map", write_book(hostile_book(tiny)), "-o", out, "--group", "g1").exit_code == 0
    html = out.read_text(encoding="utf-8")
    tags = tags_of(html)
    assert not any(tag in ("img", "a", "b") for tag, _ in tags)
    assert [t for t, _ in tags].count("script") == 3
    data = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html,
                     re.S).group(1)
    assert "<" not in data and ">" not in data
    names = {n["name"] for n in json.loads(data)["nodes"]}
    assert set(HOSTILE) - {HOSTILE[3]} <= names     # the data itself is intact
    assert "&lt;/script&gt;" in html                  # the <title> and heading, escaped


def test_bad_input_writes_nothing(run, tiny, write_book, tmp_path):
    tiny["stakeholders"][0]["company"] = "nowhere"
    out = tmp_path / "map.html"
    result = run("map", write_book(tiny), "-o", out)
    assert result.exit_code == 2 and not out.exists()


def test_too_large_is_refused_and_writes_nothing(run, tmp_path):
    out = tmp_path / "map.html"
    result = run("map", EXAMPLE, "-o", out, "--max-nodes", 10)
    assert result.exit_code == 2 and not out.exists()
    assert "--group ID" in result.stderr and "Traceback" not in result.stderr


def test_map_options_through_the_cli(run, tmp_path):
    out = tmp_path / "m.html"
    for args in (["--group", "g-harbor", "--color-by", "risk"], ["--focus", "s-sato"],
                 ["--kinds", "group,company,product", "--no-risk"], ["--redact"],
                 ["--redact", "names", "--physics"]):
        result = run("map", EXAMPLE, "-o", out, *args)
        assert result.exit_code == 0, (args, result.stderr)
    html = Path(out).read_text(encoding="utf-8")
    assert "Haruka Sato" not in html and "H.S." in html
