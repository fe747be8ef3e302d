"""The map as the artefact of the review: readable at "Fit" in a 1600x1000 window (company and
group labels at least 10 CSS px, the drawing across at least 70% of the canvas), our people
as badges with their lines on hover, a PNG of the view, a page safe to show the customer,
names redacted with their titles, and a focus that stays inside its group."""

from __future__ import annotations

import base64
import json
import re

import pytest

from accountmap.graph import build_graph
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE

FIT = """() => {
  const scale = network.getScale();
  const canvas = document.querySelector('#map canvas').getBoundingClientRect();
  const ids = nodes.getIds({filter: n => !n.hidden});
  const boxes = ids.map(id => network.getBoundingBox(id));
  const left = network.canvasToDOM({x: Math.min(...boxes.map(b => b.left)), y: 0}).x;
  const right = network.canvasToDOM({x: Math.max(...boxes.map(b => b.right)), y: 0}).x;
  const units = nodes.get({filter: n => (n.kind === 'company' || n.kind === 'group')
                                        && !n.hidden});
  const px = units.map(n => network.body.nodes[n.id].options.font.size * scale);
  return {span: (right - left) / canvas.width, label: Math.min(...px), nodes: ids.length};
}"""


@pytest.fixture(scope="module")
def big_group(tmp_path_factory):
    """A generated group of about 300 nodes."""
    from click.testing import CliRunner

    from accountmap.cli import cli

    path = tmp_path_factory.mktemp("big") / "big.json"
    result = CliRunner().invoke(cli, ["generate", "--groups", "1", "--seed", "5",
                                      "--companies-per-group", "10",
                                      "--stakeholders-per-company", "36", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


@pytest.mark.browser
@pytest.mark.parametrize("book", ["example", "generated"])
def test_readable_at_fit(run, open_page, tmp_path, big_group, book):
    path, group = (EXAMPLE, "g-nakamura") if book == "example" else (big_group, "g00000")
    out = tmp_path / "map.html"
    assert run("map", path, "-o", out, "--group", group).exit_code == 0
    visit = open_page(out)
    visit.page.click("#fit")
    visit.page.wait_for_timeout(1200)  # the fit animation
    fit = visit.page.evaluate(FIT)
    if book == "generated":
        assert 250 <= fit["nodes"] <= 400, fit
    assert fit["label"] >= 10, fit
    assert fit["span"] >= 0.70, fit
    visit.screenshot(f"map-fit-{book}.png")
    assert visit.console_errors == []


@pytest.mark.browser
def test_badges_and_lines_on_hover(run, open_page, tmp_path):
    out = tmp_path / "map.html"
    assert run("map", EXAMPLE, "-o", out, "--group", "g-nakamura").exit_code == 0
    G = build_graph(load_dataset(EXAMPLE))
    from accountmap.facts import facts

    known_by = {s: owners for s, owners in facts(G).owners_of.items() if len(owners) >= 3}
    person = sorted(known_by)[0]
    visit = open_page(out)
    page = visit.page
    badges = page.evaluate(f"() => nodes.get({json.dumps(person)}).badges")
    assert len(badges) == len(known_by[person]) >= 3
    assert all(b["initials"] and b["color"].startswith("#") for b in badges)
    lines = f"""() => edges.get({{filter: e => !e.hidden && e.type === 'RELATES_TO'
                                   && e.to === {json.dumps(person)}}}).length"""
    assert page.evaluate(lines) == 0  # no lines across the chart by default
    page.evaluate(f"() => network.focus({json.dumps(person)}, {{scale: 1.2}})")
    page.wait_for_timeout(300)
    at = page.evaluate(f"""() => {{
        const p = network.canvasToDOM(network.getPosition({json.dumps(person)}));
        const r = document.querySelector('#map').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }}""")
    page.mouse.move(at[0] - 40, at[1] - 40)
    page.mouse.move(*at)  # a real hover
    page.wait_for_function(f"({lines})() === {len(badges)}")
    visit.screenshot("map-hover-lines.png")
    page.mouse.move(5, 300)
    page.wait_for_function(f"({lines})() === 0")
    page.check("#all-lines")
    assert page.evaluate("() => edges.get({filter: e => e.type === 'RELATES_TO' "
                         "&& e.hidden}).length") == 0
    assert visit.console_errors == []


@pytest.mark.browser
def test_png_of_the_current_view(run, open_page, tmp_path):
    out = tmp_path / "map.html"
    assert run("map", EXAMPLE, "-o", out, "--group", "g-harbor").exit_code == 0
    visit = open_page(out)
    url = visit.page.evaluate("() => window.accountmapPng()")
    assert url.startswith("data:image/png;base64,")
    data = base64.b64decode(url.split(",", 1)[1])
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    with visit.page.expect_download() as download:
        visit.page.click("#png")
    assert download.value.suggested_filename.endswith(".png")
    assert visit.blocked == []


def test_print_css_prints_the_view_on_one_landscape_page(run, tmp_path):
    out = tmp_path / "map.html"
    assert run("map", EXAMPLE, "-o", out, "--group", "g-harbor").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "@page { size: A4 landscape" in html and "@media print" in html


#: What a page for the customer must not hold (values of the example and field labels).
CUSTOMER_HIDDEN = ["detractor", "supporter", "sentiment", "blocker", "influencer",
                   "potential MRR", "open pipeline", "white space", "renewal risks",
                   "over-contacted", "dark:", "single-threaded", "key person", "stale"]


def test_redact_customer_leaves_internal_fields_out_of_the_page(run, tmp_path):
    out = tmp_path / "customer.html"
    result = run("map", EXAMPLE, "-o", out, "--group", "g-nakamura", "--redact", "customer")
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    data = html.split('id="map-data">', 1)[1]  # our data and page (not vis-network's code)
    for word in CUSTOMER_HIDDEN:
        assert word.lower() not in data.lower(), word
    assert "Haruka Sato" in html  # names kept
    internal = run("map", EXAMPLE, "-o", tmp_path / "internal.html", "--group", "g-nakamura")
    assert internal.exit_code == 0
    full = (tmp_path / "internal.html").read_text(encoding="utf-8")
    assert "potential MRR" in full and "over-contacted" in full  # the test can fail


def test_redact_names_drops_titles_too(run, tmp_path):
    out = tmp_path / "names.html"
    assert run("map", EXAMPLE, "-o", out, "--redact", "names").exit_code == 0
    html = out.read_text(encoding="utf-8")
    ds = load_dataset(EXAMPLE)
    for s in ds.stakeholders:
        assert s.name not in html
        if s.title:
            assert not re.search(r'"' + re.escape(s.title) + r'"', html), s.title


def test_focus_stays_inside_its_group(run, tmp_path):
    from accountmap.map import MapOptions, build_map

    G = build_graph(load_dataset(EXAMPLE))
    model = build_map(G, MapOptions(focus="s-sato", depth=2))
    groups = {G.nodes[n["id"]].get("group") for n in model.nodes if n["kind"] == "company"}
    people = {n["id"] for n in model.nodes if n["kind"] == "stakeholder"}
    harbor = {s.id for s in load_dataset(EXAMPLE).stakeholders if s.company.startswith("c-hb")}
    assert groups <= {"g-nakamura"} and not people & harbor
    wide = build_map(G, MapOptions(focus="s-sato", depth=4, cross_groups=True))
    assert {n["id"] for n in wide.nodes} & harbor  # when asked, it may cross
