"""The account plan: every section holds what the analyses say (computed here from the
analyses, not copied from output), every action points to a real finding and a real owner,
Japanese output leaves no English text of the catalogue, Markdown and HTML escape the data,
and bad input writes nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest

from accountmap.analysis.contacts import contact_load
from accountmap.analysis.coverage import uncovered_entities
from accountmap.analysis.diff import diff
from accountmap.analysis.renewals import renewals
from accountmap.analysis.revenue import revenue_movements
from accountmap.analysis.stale import stale_relationships
from accountmap.analysis.threads import single_threaded_accounts
from accountmap.analysis.whitespace import white_space
from accountmap.facts import facts
from accountmap.graph import build_graph
from accountmap.i18n import MESSAGES, day, money, placeholders
from accountmap.library import months_before
from accountmap.render import plain
from accountmap.validate import load_dataset
from tests.conftest import EXAMPLE

#: 中村グループ as of 2026-06-30, worked by hand:
#: - c-hd (holding) with the QA department d-qa (Quality 300,000/month from 2025-01-01,
#:   renewing 2026-08-31 with 60 days' notice: notice date 2026-07-02, 62 days left;
#:   no renewal opportunity);
#: - c-sub (80 %), Logistics 200,000 until 2026-03-01 (churned by as_of: churn 200,000 since
#:   2025-12-30); a won opportunity (2026-05-01) assigned to the account executive only;
#: - c-new (a new entity from 2026-02-01, 100,000): nobody of ours knows anyone there;
#: - s-champ, QA's champion, left on 2026-04-01 and moved to s-champ2 at the holding.
#: Target 1,000,000: MRR now 400,000 (300,000 + 100,000), gap 600,000.
JA_BOOK: dict[str, Any] = {
    "version": 1, "as_of": "2026-06-30",
    "products": [{"id": "p-q", "name": "品質クラウド", "line": "品質"},
                 {"id": "p-l", "name": "物流ハブ", "line": "物流"}],
    "owners": [{"id": "o-am", "name": "田中 健二", "role": "account_manager"},
               {"id": "o-cs", "name": "森 由紀", "role": "customer_success"},
               {"id": "o-ae", "name": "上田 美香", "role": "account_executive"}],
    "groups": [{"id": "g-nk", "name": "中村グループ", "target_mrr": 1000000, "currency": "JPY"}],
    "companies": [
        {"id": "c-hd", "name": "中村ホールディングス", "group": "g-nk", "potential_mrr": 500000},
        {"id": "c-sub", "name": "中村物流", "group": "g-nk", "parent": "c-hd", "ownership": 80,
         "potential_mrr": 300000},
        {"id": "c-new", "name": "中村食品九州", "group": "g-nk", "parent": "c-hd",
         "potential_mrr": 400000}],
    "departments": [{"id": "d-qa", "name": "品質保証部", "company": "c-hd",
                     "potential_mrr": 350000}],
    "stakeholders": [
        {"id": "s-ceo", "name": "中村 健", "title": "代表取締役社長", "company": "c-hd",
         "roles": ["economic_buyer", "decision_maker"]},
        {"id": "s-qa", "name": "佐藤 春香", "title": "品質保証部長", "company": "c-hd",
         "department": "d-qa", "reports_to": "s-ceo", "roles": ["technical_evaluator"]},
        {"id": "s-champ", "name": "小林 英夫", "company": "c-hd", "department": "d-qa",
         "roles": ["champion"], "left_on": "2026-04-01", "moved_to": "s-champ2"},
        {"id": "s-champ2", "name": "小林 英夫", "company": "c-hd", "reports_to": "s-ceo"},
        {"id": "s-log", "name": "松田 和夫", "company": "c-sub", "reports_to": "s-ceo",
         "roles": ["decision_maker"]},
        {"id": "s-new", "name": "宮崎 次郎", "company": "c-new", "reports_to": "s-ceo",
         "roles": ["decision_maker"]}],
    "relationships": [
        {"owner": "o-am", "stakeholder": "s-ceo", "strength": 4, "last_contact": "2026-06-01"},
        {"owner": "o-am", "stakeholder": "s-qa", "strength": 3, "last_contact": "2025-10-01"},
        {"owner": "o-cs", "stakeholder": "s-qa", "strength": 3, "last_contact": "2026-06-10"},
        {"owner": "o-ae", "stakeholder": "s-log", "strength": 2, "last_contact": "2026-05-01"}],
    "assignments": [{"owner": "o-am", "account": "c-hd"}, {"owner": "o-cs", "account": "d-qa"},
                    {"owner": "o-ae", "account": "c-sub"}],
    "subscriptions": [
        {"account": "d-qa", "product": "p-q", "mrr": 300000, "start": "2025-01-01",
         "renewal": "2026-08-31"},
        {"account": "c-sub", "product": "p-l", "mrr": 200000, "start": "2025-01-01",
         "end": "2026-03-01"},
        {"account": "c-new", "product": "p-q", "mrr": 100000, "start": "2026-02-01"}],
    "opportunities": [
        {"id": "op-won", "account": "c-sub", "product": "p-q", "amount": 1200000,
         "mrr": 100000, "stage": "closed", "status": "won", "created": "2026-03-01",
         "close_date": "2026-05-01", "kind": "new_business"},
        {"id": "op-new", "account": "c-hd", "product": "p-l", "amount": 2400000,
         "mrr": 200000, "stage": "propose", "created": "2026-05-01", "kind": "expansion"}],
    "touchpoints": [
        {"date": "2026-06-20", "owners": ["o-am"], "stakeholders": ["s-qa"], "kind": "meeting"},
        {"date": "2026-06-22", "owners": ["o-cs"], "stakeholders": ["s-qa"], "kind": "call"},
        {"date": "2026-06-24", "owners": ["o-ae"], "stakeholders": ["s-qa"], "kind": "call"}],
}


@pytest.fixture
def ja_book(write_book):
    return write_book(copy.deepcopy(JA_BOOK), "nakamura-ja.yaml")


def plan_json(run, path, *args):
    result = run("plan", path, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def graphs(path, since=None):
    ds = load_dataset(path)
    as_of = ds.effective_as_of()
    return build_graph(ds, as_of), build_graph(ds, since or months_before(as_of, 6))


# -- the sections hold what the analyses say -------------------------------------------------

@pytest.mark.parametrize(("book", "group"), [("example", "g-nakamura"), ("example", "g-harbor"),
                                             ("ja", "g-nk")])
def test_each_section_holds_what_the_analyses_say(run, ja_book, book, group):
    path = EXAMPLE if book == "example" else ja_book
    plan = plan_json(run, path, "--group", group)
    G, G_since = graphs(path)
    f = facts(G)
    revenue = plain(revenue_movements(G_since, G, group=group).groups[0])
    assert plan["glance"]["revenue"] == revenue
    assert plan["glance"]["mrr"] == revenue["end_mrr"]
    assert plan["glance"]["gap_to_target"] == revenue["gap_to_target"]
    companies = [c for c in f.companies if f.group_of[c] == group]
    assert sorted(e["id"] for e in plan["glance"]["entities"]) == sorted(companies)
    assert sum(x["mrr"] for x in plan["glance"]["by_line"]) == pytest.approx(
        f.by_group(f.mrr)[group])
    assert plan["renewals"] == plain(renewals(G, group=group))
    assert plan["coverage"]["uncovered"] == plain(uncovered_entities(G, group=group))
    assert [a["id"] for a in plan["risks"]["single_threaded"]] == [
        a.id for a in single_threaded_accounts(G) if f.group_of[a.id] == group]
    assert plan["risks"]["stale"] == plain([r for r in stale_relationships(G)
                                            if f.group_of[r.stakeholder] == group])
    assert [o["contact"]["id"] for o in plan["risks"]["over_contacted"]] == [
        c.id for c in contact_load(G).stakeholders if f.group_of[c.id] == group]
    spaces = {r.id for level in ("company", "department")
              for g in white_space(G, level=level, group=group) for r in g.rows
              if r.white_space_value > 0}
    assert {w["id"] for w in plan["white_space"]} == spaces
    assert plan["changes"] == plain(diff(G_since, G, group=group))


def test_the_hand_worked_book(run, ja_book):
    plan = plan_json(run, ja_book, "--group", "g-nk")
    g = plan["glance"]
    assert (g["mrr"], g["target_mrr"], g["gap_to_target"]) == (400000, 1000000, 600000)
    rev = g["revenue"]
    assert (rev["start_mrr"], rev["churned_mrr"], rev["new_entity_mrr"], rev["end_mrr"]) == (
        500000, 200000, 100000, 400000)
    assert [(e["id"], e["depth"], e["ownership"]) for e in g["entities"]] == [
        ("c-hd", 0, None), ("c-new", 1, None), ("c-sub", 1, 80)]
    pipe = {p["kind"]: p for p in g["pipeline"]}
    assert (pipe["new_money"]["count"], pipe["new_money"]["mrr"]) == (1, 200000)
    assert g["new_money_covers_gap"] is False  # 200,000 < 600,000
    (renewal,) = plan["renewals"]
    assert (renewal["account"], renewal["renewal"], renewal["notice_date"],
            renewal["renewal_owner"]) == ("d-qa", "2026-08-31", "2026-07-02", "o-am")
    assert "champion_left" in renewal["risks"] and "no_renewal_opportunity" in renewal["risks"]
    grid = {r["id"]: r for r in plan["coverage"]["grid"]}
    assert grid["d-qa"]["buying_roles"]["technical_evaluator"] == ["s-qa"]
    assert grid["d-qa"]["buying_roles"]["champion"] == []  # left
    assert grid["d-qa"]["our_roles"]["account_manager"] == ["o-am"]  # from the holding
    assert grid["d-qa"]["our_roles"]["customer_success"] == ["o-cs"]
    handoff = {(h["account"], h["kind"]) for h in plan["coverage"]["handoff"]}
    assert handoff == {("c-sub", "account_executive_only"), ("c-new", "no_account_manager"),
                       ("c-new", "no_customer_success")}  # #24: customer success per line
    (left,) = plan["risks"]["left"]
    assert (left["id"], left["moved_to"], left["unit"]) == ("s-champ", "s-champ2", "d-qa")
    (over,) = plan["risks"]["over_contacted"]
    assert over["contact"]["id"] == "s-qa"
    assert over["collision_dates"] == [["2026-06-20", "2026-06-22"],
                                       ["2026-06-20", "2026-06-24"],
                                       ["2026-06-22", "2026-06-24"]]
    reach = {w["id"]: w for w in plan["white_space"]}
    # c-new: its decision maker reports to the CEO, whom our account manager knows
    assert reach["c-new"]["path"]["nodes"] == ["o-am", "s-ceo", "s-new"]
    assert reach["c-new"]["path_to_decision_maker"] is True


# -- actions ---------------------------------------------------------------------------------

def _finding_exists(plan: dict[str, Any], action: dict[str, Any]) -> bool:
    subject, finding = action["subject"], action["finding"]
    if finding == "renewal":
        return subject in {f"{r['account']}/{r['product']}" for r in plan["renewals"]}
    if finding == "left":
        return subject in {p["id"] for p in plan["risks"]["left"]}
    if finding in ("no_am", "ae_only"):
        return subject in {h["account"] for h in plan["coverage"]["handoff"]}
    if finding == "no_cs":
        return subject in {f"{h['account']}/{h['product_line']}"
                           for h in plan["coverage"]["handoff"]
                           if h["kind"] == "no_customer_success"}
    if finding in ("single_threaded", "single_owner"):
        return any(a["id"] == subject and finding in a["flags"]
                   for a in plan["risks"]["single_threaded"])
    if finding == "white_space":
        return subject in {w["id"] for w in plan["white_space"]}
    if finding == "over_contacted":
        return subject in {o["contact"]["id"] for o in plan["risks"]["over_contacted"]}
    if finding in ("stale", "never"):
        return (action["owner"], subject) in {(r["owner"], r["stakeholder"])
                                              for r in plan["risks"]["stale"]}
    if finding == "unassigned":
        return subject in {e["id"] for e in plan["coverage"]["uncovered"]}
    return False


@pytest.mark.parametrize(("book", "group"), [("example", "g-nakamura"), ("example", "g-harbor"),
                                             ("ja", "g-nk")])
def test_every_action_points_to_a_real_finding_and_a_real_owner(run, ja_book, book, group):
    path = EXAMPLE if book == "example" else ja_book
    plan = plan_json(run, path, "--group", group)
    owners = {o.id for o in load_dataset(path).owners}
    assert plan["actions"], "the books have findings, so there are actions"
    for action in plan["actions"]:
        assert action["findings"]
        for finding in action["findings"]:
            assert _finding_exists(plan, finding), finding
            assert finding["owner"] == action["owner"]
        assert action["owner"] in owners or (action["owner"] is None and plan["lead"] is None)
        dues = [f["due"] for f in action["findings"] if f["due"]]
        assert action["due"] == (min(dues) if dues else None)
    keys = [(a["owner"], a["subject"], a["kind"] == "refresh") for a in plan["actions"]]
    assert len(keys) == len(set(keys))  # one action per (owner, person or account)


def _urgency(action: dict[str, Any], as_of: str) -> tuple[int, str]:
    due = action["due"]
    if due is None:
        return 2, ""
    days = (dt.date.fromisoformat(due) - dt.date.fromisoformat(as_of)).days
    return (0, due) if days < 0 else (1, due) if days <= 14 else (2, "")


@pytest.mark.parametrize(("book", "group"), [("example", "g-nakamura"), ("example", "g-harbor"),
                                             ("ja", "g-nk")])
def test_actions_are_ranked_by_urgency_then_stake(run, ja_book, book, group):
    path = EXAMPLE if book == "example" else ja_book
    plan = plan_json(run, path, "--group", group)
    ranks = [_urgency(a, plan["as_of"]) for a in plan["actions"]]
    assert ranks == sorted(ranks)
    later = [a["stake"] for a, r in zip(plan["actions"], ranks, strict=True) if r[0] == 2]
    assert later == sorted(later, reverse=True)


@pytest.mark.parametrize(("book", "group"), [("example", "g-nakamura"), ("example", "g-harbor"),
                                             ("ja", "g-nk")])
def test_one_voice_every_customer_person_hears_from_one_of_us(run, ja_book, book, group):
    path = EXAMPLE if book == "example" else ja_book
    plan = plan_json(run, path, "--group", group)
    heard: dict[str, set[str]] = {}
    for action in plan["actions"]:
        if action["kind"] != "refresh":
            for person in action["people"]:
                heard.setdefault(person, set()).add(action["owner"])
    assert heard and all(len(owners) == 1 for owners in heard.values()), heard
    assert plan["one_voice"]["conflicts"] == {}
    refresh = [a for a in plan["actions"] if a["kind"] == "refresh"]
    assert len({a["owner"] for a in refresh}) == len(refresh)  # one line per owner


def test_every_renewal_noticed_in_the_window_has_an_action_due_then(run):
    plan = plan_json(run, EXAMPLE, "--group", "g-nakamura")
    last = dt.date.fromisoformat(plan["as_of"]) + dt.timedelta(days=plan["renewals_within"])
    findings = [f for a in plan["actions"] for f in a["findings"] if f["finding"] == "renewal"]
    for r in plan["renewals"]:
        if plan["as_of"] <= r["notice_date"] <= last.isoformat() \
                and r["status"] != "renewed_by_default":
            due = [f["due"] for f in findings if f["subject"] == f"{r['account']}/{r['product']}"]
            assert due == [r["notice_date"]], r


def test_actions_of_the_hand_worked_book(run, ja_book):
    plan = plan_json(run, ja_book, "--group", "g-nk")
    acts = {(f["kind"], f["subject"]): f for a in plan["actions"] for f in a["findings"]}
    renewal = acts[("open_renewal", "d-qa/p-q")]
    # the notice date (2026-07-02) has not passed on 2026-06-30: it is the due date
    # its renewal owner: the account manager on the holding ranks before customer success
    assert (renewal["owner"], renewal["due"], renewal["stake"]) == ("o-am", "2026-07-02", 300000)
    moved = acts[("follow_moved", "s-champ")]
    assert moved["owner"] == "o-am" and moved["values"]["new_unit"] == "c-hd"
    assert acts[("hand_over", "c-sub")]["owner"] == "o-am"  # the lead takes it over
    assert acts[("assign_am", "c-new")]["stake"] == 100000
    consolidate = acts[("consolidate", "s-qa")]
    assert consolidate["owner"] == "o-am"  # the account manager on the holding
    intro = acts[("ask_introduction", "c-new")]
    assert (intro["owner"], intro["values"]["via"], intro["values"]["target"]) == (
        "o-am", "s-ceo", "s-new")
    first = plan["actions"][0]
    assert first["due"] == "2026-07-02"  # the earliest due within 14 days comes first


# -- words: Japanese, currency, dates, escaping ----------------------------------------------

def _english_fragments() -> set[str]:
    """Literal English text of every catalogue entry that Japanese says differently."""
    out = set()
    for entry in MESSAGES.values():
        if entry["en"] == entry["ja"]:
            continue
        for fragment in re.split(r"\{[^}]*\}", entry["en"]):
            fragment = fragment.strip(" .,:;()")
            # words of the catalogue (a single short word such as "group" may stand in
            # a command line the plan quotes)
            if len(re.findall(r"[A-Za-z]", fragment)) >= 6 or (" " in fragment and re.search(
                    r"[A-Za-z]{3}", fragment)):
                out.add(fragment)
    return out


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'srcdoc="[^"]*"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_japanese_plan_has_no_english_text_from_the_catalogue(run, ja_book, tmp_path, fmt):
    out = tmp_path / f"plan.{fmt}"
    result = run("plan", ja_book, "--group", "g-nk", "--lang", "ja", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        text = _visible_text(text)
    leftovers = sorted(f for f in _english_fragments() if f in text)
    assert leftovers == [], leftovers
    for heading in ("グループ概況", "契約更新", "カバレッジ", "リスク", "ホワイトスペース",
                    "以降の変化", "推奨アクション", "リレーションシップマップ"):
        assert heading in text
    assert "1,000,000円" in text and "2026年8月31日" in text


def test_the_catalogue_is_complete_in_both_languages():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "ja"}, key
        assert placeholders(entry["en"]) == placeholders(entry["ja"]), key
        assert entry["ja"].strip(), key


def test_money_and_dates_in_both_languages():
    assert money(1200000, "JPY", "en") == "¥1,200,000"
    assert money(1200000, "JPY", "ja") == "1,200,000円"
    assert money(1234.5, "USD", "en") == "$1,234.50"
    assert money(-800, None, "en") == "-800"
    assert money(10, "CHF", "ja") == "10 CHF"
    assert day(dt.date(2026, 4, 14), "ja") == "2026年4月14日"
    assert day(dt.date(2026, 4, 14), "en") == "14 Apr 2026"
    assert day(dt.date(2026, 4, 14), "ja", "iso") == "2026-04-14"


def test_iso_dates_on_request(run, ja_book):
    result = run("plan", ja_book, "--group", "g-nk", "--lang", "ja", "--date-style", "iso")
    assert "2026-08-31" in result.stdout and "2026年8月31日" not in result.stdout


HOSTILE = "Evil | *bold* [x](http://e.example) <script>alert(1)</script>"


def test_markdown_and_html_keep_hostile_names_inert(run, write_book, tmp_path):
    book = copy.deepcopy(JA_BOOK)
    book["companies"][2]["name"] = HOSTILE
    book["stakeholders"][5]["name"] = "# heading\n| row |"
    path = write_book(book)
    md = run("plan", path, "--group", "g-nk").stdout
    assert "<script>" not in md and "\n# heading" not in md
    assert "\\<script\\>" in md and "\\[x\\]" in md and "Evil \\|" in md
    out = tmp_path / "plan.html"
    assert run("plan", path, "--group", "g-nk", "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_markdown_tables_have_as_many_cells_as_columns(run, write_book):
    book = copy.deepcopy(JA_BOOK)
    book["companies"][2]["name"] = HOSTILE
    md = run("plan", write_book(book), "--group", "g-nk").stdout
    block: list[int] = []
    for line in [*md.splitlines(), ""]:
        if line.startswith("|"):
            block.append(len(re.findall(r"(?<!\\)\|", line)))
        elif block:
            assert len(set(block)) == 1, block
            block = []


# -- command behaviour -----------------------------------------------------------------------

def test_unknown_group_is_exit_2_with_a_hint(run, tmp_path):
    out = tmp_path / "plan.html"
    result = run("plan", EXAMPLE, "--group", "g-nope", "-o", out)
    assert result.exit_code == 2 and "g-nope" in result.stderr and not out.exists()


def test_bad_input_writes_nothing(run, write_book, tmp_path):
    book = copy.deepcopy(JA_BOOK)
    book["subscriptions"][0]["mrr"] = "lots"
    out = tmp_path / "plan.html"
    result = run("plan", write_book(book), "--group", "g-nk", "-o", out)
    assert result.exit_code == 2 and not out.exists() and "Traceback" not in result.stderr


def test_previous_file_and_since(run, ja_book, write_book):
    older = copy.deepcopy(JA_BOOK)
    older["as_of"] = "2026-03-31"
    previous = write_book(older, "previous.yaml")
    plan = plan_json(run, ja_book, "--group", "g-nk", "--previous", previous)
    assert plan["since"] == "2026-03-31" and plan["previous"] == "previous.yaml"
    plan = plan_json(run, ja_book, "--group", "g-nk", "--since", "2026-01-01")
    assert plan["since"] == "2026-01-01"
    both = run("plan", ja_book, "--group", "g-nk", "--since", "2026-01-01", "--previous",
               previous)
    assert both.exit_code == 2


def test_months_before_clamps_to_the_month_end():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 6, 30), 6) == dt.date(2025, 12, 30)


# -- the page in a real browser --------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_plan_page_opens_offline_with_its_map(run, open_page, tmp_path, lang):
    out = tmp_path / f"plan-{lang}.html"
    result = run("plan", EXAMPLE, "--group", "g-nakamura", "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.stderr
    visit = open_page(out)
    frame = visit.page.frame_locator("iframe.map-frame")
    frame.locator("body[data-ready=true]").wait_for(state="attached", timeout=30_000)
    assert visit.console_errors == [] and visit.blocked == []
    assert all(u.startswith("file://") or u.startswith("about:") for u in visit.requests)
    count = visit.page.evaluate(
        "() => document.querySelector('iframe.map-frame').contentWindow.network"
        ".body.data.nodes.length")
    assert count > 50
    visit.page.locator("#map").scroll_into_view_if_needed()
    visit.screenshot(f"plan-{lang}-map.png")
    visit.page.evaluate("() => window.scrollTo(0, 0)")
    visit.screenshot(f"plan-{lang}-top.png")
