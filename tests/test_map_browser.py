"""The map in a real headless Chromium, opened from file:// with the network off."""

from __future__ import annotations

import pytest

from accountmap.graph import build_graph
from accountmap.map import MapOptions, build_map
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE
from tests.test_html_map import HOSTILE, hostile_book

pytestmark = pytest.mark.browser


def counts(visit):
    return visit.page.evaluate(
        "[network.body.data.nodes.length, network.body.data.edges.length]")


def test_example_map_renders_offline_with_every_node(run, open_page, tmp_path):
    out = tmp_path / "nakamura.html"
    assert run("map", EXAMPLE, "-o", out, "--group", "g-nakamura").exit_code == 0
    visit = open_page(out)
    expected = build_map(build_graph(load_dataset(EXAMPLE)), MapOptions(group="g-nakamura"))
    assert counts(visit) == [len(expected.nodes), len(expected.edges)]
    assert visit.console_errors == []
    assert visit.requests == [out.resolve().as_uri()] and visit.blocked == []
    visit.screenshot("map-nakamura.png")


def test_harbor_map_holds_the_expected_scope(run, open_page, tmp_path):
    # Hand-counted in test_map_model: 14 nodes, 25 links (#24: the group's account manager).
    out = tmp_path / "harbor.html"
    assert run("map", EXAMPLE, "-o", out, "--group", "g-harbor").exit_code == 0
    assert counts(open_page(out)) == [14, 25]


def test_search_finds_and_selects_a_node(run, open_page, tmp_path):
    out = tmp_path / "m.html"
    assert run("map", EXAMPLE, "-o", out).exit_code == 0
    visit = open_page(out)
    page = visit.page
    page.fill("#search", "haruka")
    page.press("#search", "Enter")
    page.wait_for_function("network.getSelectedNodes().length === 1")
    assert page.evaluate("network.getSelectedNodes()") == ["s-sato"]
    assert page.text_content("#details-name") == "Haruka Sato"
    assert "over-contacted" in page.text_content("#details")
    assert page.evaluate("accountmapSearch('no such person')") is None
    assert page.text_content("#search-status") == "no match"
    page.wait_for_timeout(500)  # let the focus animation finish for the picture
    visit.screenshot("map-search.png")
    assert visit.console_errors == []


def test_kind_toggle_hides_nodes(run, open_page, tmp_path):
    out = tmp_path / "m.html"
    assert run("map", EXAMPLE, "-o", out, "--group", "g-harbor").exit_code == 0
    page = open_page(out).page
    owners = page.evaluate("nodes.get({filter: n => n.kind === 'owner'}).length")
    # our owners start hidden (badges on the people they know stand for them)
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == owners == 3
    page.uncheck("input[data-kind=stakeholder]")
    hidden = page.evaluate("nodes.get({filter: n => n.hidden}).length")
    assert hidden == 6 + owners
    page.check("input[data-kind=stakeholder]")
    page.check("input[data-kind=owner]")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0


def test_hostile_strings_render_as_text_and_run_nothing(run, tiny, write_book, open_page,
                                                        tmp_path):
    out = tmp_path / "hostile.html"
    assert run("map", write_book(hostile_book(tiny)), "-o", out, "--group", "g1").exit_code == 0
    visit = open_page(out)
    page = visit.page
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, a, b').length") == 0
    assert page.title().startswith(HOSTILE[0])            # shown as text in the title
    assert page.text_content("#title").startswith(HOSTILE[0])
    found = page.evaluate("accountmapSearch('click')")   # the stakeholder named with an <a>
    assert found == "s-cio"
    assert page.text_content("#details-name") == HOSTILE[2]
    assert HOSTILE[3] in page.text_content("#details")
    page.click("canvas", position={"x": 5, "y": 5})       # clicks do not execute anything
    assert page.evaluate("window.__pwned") is None
    assert visit.console_errors == [] and visit.blocked == []
    visit.screenshot("map-hostile.png")
