"""Time as a dimension: the one meaning of "as of D", derived strength, cadences, revenue
movements, the renewal calendar and diff, on small hand-worked books (each expected figure is
worked out in the comments), plus an as-of sweep on the example."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from accountmap.analysis.paths import warm_paths
from accountmap.analysis.stale import stale_relationships
from accountmap.facts import derived_strength, facts
from tests.conftest import EXAMPLE
from tests.test_analytics import graph_of

#: Kaisha Group as of 2026-06-30. Its first half of 2026:
#: - c-hd: Core 6,000 (2025-01-01 .. 2026-04-01), then 7,000 from 2026-04-01: expansion 1,000;
#: - c-a (its QA department): 4,000 until 2026-05-01 (no status: churned by as_of): churn;
#: - c-new: 2,500 from 2026-02-01: a new entity;
#: - c-b: a churned subscription (never active) and an opportunity lost on 2026-03-01;
#: - s-champ (c-a's QA champion) left on 2026-03-15 for a group role (s-champ2 at c-hd).
#: The account manager o-am owns the whole group (an assignment on g1).
HISTORY: dict[str, Any] = {
    "version": 1, "as_of": "2026-06-30",
    "products": [{"id": "p1", "name": "Core"}, {"id": "p2", "name": "Addon"}],
    "owners": [{"id": "o-am", "name": "Aki Manager", "role": "account_manager"},
               {"id": "o-cs", "name": "Chie Success", "role": "customer_success"},
               {"id": "o-ae", "name": "Eri Executive", "role": "account_executive"},
               {"id": "o-se", "name": "Sei Engineer", "role": "sales_engineer"}],
    "groups": [{"id": "g1", "name": "Kaisha Group", "target_mrr": 20000, "currency": "JPY"}],
    "companies": [{"id": "c-hd", "name": "Kaisha Holdings", "group": "g1"},
                  {"id": "c-a", "name": "Kaisha A", "group": "g1", "parent": "c-hd"},
                  {"id": "c-b", "name": "Kaisha B", "group": "g1", "parent": "c-hd"},
                  {"id": "c-new", "name": "Kaisha New", "group": "g1", "parent": "c-hd"}],
    "departments": [{"id": "d-a-qa", "name": "品質保証部", "company": "c-a"}],
    "stakeholders": [
        {"id": "s-ceo", "name": "中村 健", "company": "c-hd", "roles": ["economic_buyer"]},
        {"id": "s-champ", "name": "佐藤 春香", "company": "c-a", "department": "d-a-qa",
         "roles": ["champion"], "left_on": "2026-03-15", "moved_to": "s-champ2"},
        {"id": "s-champ2", "name": "佐藤 春香", "company": "c-hd"},
        {"id": "s-b", "name": "B Person", "company": "c-b"},
        {"id": "s-new", "name": "New Person", "company": "c-new"}],
    "relationships": [
        {"owner": "o-am", "stakeholder": "s-ceo", "strength": 4, "last_contact": "2026-06-01"},
        {"owner": "o-cs", "stakeholder": "s-champ", "strength": 5,
         "last_contact": "2026-03-01"},
        {"owner": "o-ae", "stakeholder": "s-new"}],
    "assignments": [{"owner": "o-am", "account": "g1"},
                    {"owner": "o-cs", "account": "c-hd"},
                    {"owner": "o-ae", "account": "c-new"}],
    "subscriptions": [
        {"account": "c-hd", "product": "p1", "mrr": 6000, "start": "2025-01-01",
         "end": "2026-04-01"},
        {"account": "c-hd", "product": "p1", "mrr": 7000, "start": "2026-04-01",
         "renewal": "2026-09-30"},
        {"account": "d-a-qa", "product": "p1", "mrr": 4000, "start": "2025-01-01",
         "end": "2026-05-01"},
        {"account": "c-new", "product": "p1", "mrr": 2500, "start": "2026-02-01",
         "renewal": "2026-08-15", "notice_days": 30},
        {"account": "c-b", "product": "p2", "mrr": 1000, "status": "churned"}],
    "opportunities": [
        {"id": "op-renew", "account": "c-hd", "product": "p1", "amount": 84000, "mrr": 7000,
         "stage": "negotiate", "kind": "renewal", "created": "2026-05-01"},
        {"id": "op-lost", "account": "c-b", "product": "p2", "amount": 12000, "mrr": 1000,
         "stage": "closed", "status": "lost", "created": "2026-01-15",
         "close_date": "2026-03-01"}],
    "touchpoints": [
        {"id": "t1", "date": "2026-06-10", "owners": ["o-ae"], "stakeholders": ["s-new"],
         "kind": "meeting"},
        {"id": "t2", "date": "2026-06-20", "owners": ["o-ae", "o-se"],
         "stakeholders": ["s-new"], "kind": "meeting"},
        {"id": "t3", "date": "2025-12-01", "owners": ["o-se"], "stakeholders": ["s-b"],
         "kind": "call"}],
}


@pytest.fixture
def history() -> dict[str, Any]:
    return copy.deepcopy(HISTORY)


def on(run_json, book_path, command: str, day: str, *args: Any) -> Any:
    return run_json(command, book_path, "--as-of", day, *args)


# -- as of D: subscriptions, people, opportunities -------------------------------------------

@pytest.mark.parametrize(("day", "mrr"), [
    ("2024-01-01", 0),          # before any contract started
    ("2025-12-31", 10000),      # c-hd 6,000 + d-a-qa 4,000
    ("2026-02-01", 12500),      # + c-new 2,500 from its first day
    ("2026-03-31", 12500),
    ("2026-04-01", 13500),      # the price change: 7,000 replaces 6,000 that very day
    ("2026-05-01", 9500),       # d-a-qa ended: no longer active on its end day
    ("2026-06-30", 9500),       # c-b's churned line never counts
])
def test_active_mrr_follows_subscription_dates(history, write_book, run_json, day, mrr):
    (group,) = on(run_json, write_book(history), "summary", day)
    assert group["active_mrr"] == mrr


@pytest.mark.parametrize(("day", "pipeline"), [
    ("2026-01-14", 0),       # op-lost not created yet
    ("2026-01-15", 12000),   # created: open until it was lost
    ("2026-03-01", 12000),   # lost on 2026-03-01, not before: still open that day
    ("2026-03-02", 0),
    ("2026-05-01", 84000),   # the renewal opportunity exists from its created date
])
def test_open_pipeline_follows_created_and_close_dates(history, write_book, run_json, day,
                                                       pipeline):
    (group,) = on(run_json, write_book(history), "summary", day)
    assert group["open_pipeline"] == pipeline


def test_a_person_counts_until_the_day_they_left(history, write_book, run_json):
    path = write_book(history)
    # s-champ is c-a's only known person: c-a and its QA department go dark when he leaves.
    assert on(run_json, path, "coverage", "2026-03-14") == []
    dark = on(run_json, path, "coverage", "2026-03-15")
    assert [(e["id"], e["reasons"]) for e in dark] == [("c-a", ["dark"]), ("d-a-qa", ["dark"])]


def test_a_group_assignment_covers_every_entity_of_the_group(history):
    f = facts(graph_of(history))
    for entity in ("c-hd", "c-a", "c-b", "c-new", "d-a-qa"):
        assert "o-am" in f.covering[entity]
    history["assignments"] = [a for a in history["assignments"] if a["account"] != "g1"]
    f = facts(graph_of(history))
    assert not f.covering.get("c-b") and not f.covering.get("d-a-qa")


def test_status_and_dates_in_the_view():
    from accountmap.asof import at
    from accountmap.validate import check_data

    ds = check_data(HISTORY)
    early = at(ds, dt.date(2026, 1, 31))
    assert [(s.account, s.mrr, s.status.value) for s in early.subscriptions] == [
        ("c-hd", 6000, "active"), ("d-a-qa", 4000, "active"), ("c-b", 1000, "churned")]
    assert early.stakeholders[1].status.value == "active"
    assert early.stakeholders[1].left_on is None and early.stakeholders[1].moved_to is None
    assert [o.id for o in early.opportunities] == ["op-lost"]
    assert early.opportunities[0].status.value == "open"
    assert at(early, dt.date(2026, 1, 31)) == early  # applying the view twice changes nothing
    assert [t.id for t in early.touchpoints] == ["t3"]


# -- derived strength and cadence ------------------------------------------------------------

def test_derived_strength_from_frequency_and_recency():
    day = dt.date(2026, 6, 30)
    ago = lambda *days: [day - dt.timedelta(days=d) for d in days]  # noqa: E731
    assert derived_strength([], None, day) == 1
    assert derived_strength([], day - dt.timedelta(days=10), day) == 2  # a recorded contact
    assert derived_strength(ago(11), ago(11)[0], day) == 2
    assert derived_strength(ago(10, 20), ago(10)[0], day) == 3
    assert derived_strength(ago(120, 150, 200, 250, 300), ago(120)[0], day) == 3
    assert derived_strength(ago(*range(1, 9)), ago(1)[0], day) == 5
    assert derived_strength(ago(400), ago(400)[0], day) == 1  # more than a year ago
    assert derived_strength(ago(365, 364), ago(364)[0], day) == 1  # only 364 is in the year


def test_pairs_without_a_recorded_strength_use_the_derived_one(history):
    f = facts(graph_of(history))
    assert f.pairs[("o-am", "s-ceo")].strength == 4          # recorded: always wins
    assert f.pairs[("o-ae", "s-new")].strength == 3          # record, no strength: t1, t2
    assert f.pairs[("o-se", "s-new")].strength == 2          # touchpoint only: t2, recent
    assert f.pairs[("o-se", "s-b")].strength == 1            # one call 211 days ago


def test_a_touchpoint_pair_no_longer_outranks_an_explicit_strength_2(history):
    # o-se met s-b once, 211 days ago (derived 1, cost 5); o-cs knows s-b with strength 2
    # (cost 4): the explicit relationship comes first.
    history["relationships"].append({"owner": "o-cs", "stakeholder": "s-b", "strength": 2})
    paths = warm_paths(graph_of(history), "s-b")
    assert [(p.owner, p.cost) for p in paths[:2]] == [("o-cs", 4), ("o-se", 5)]


def test_stale_uses_the_stakeholders_cadence(history):
    # o-am last met s-ceo on 2026-06-01: 29 days, fresh for 180 days, overdue for a 20-day
    # cadence.
    assert ("o-am", "s-ceo") not in {(r.owner, r.stakeholder)
                                     for r in stale_relationships(graph_of(history))}
    history["stakeholders"][0]["cadence_days"] = 20
    stale = {(r.owner, r.stakeholder): r.days for r in stale_relationships(graph_of(history))}
    assert stale[("o-am", "s-ceo")] == 29


# -- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "where", "words"), [
    (lambda b: b["subscriptions"][0].update(status="active"), "subscriptions[0].end",
     ["status is 'active'", "end 2026-04-01"]),
    (lambda b: b["subscriptions"][1].update(end="2026-04-01"), "subscriptions[1].end",
     ["must be after start"]),
    (lambda b: b["opportunities"][1].update(close_date="2026-01-01"),
     "opportunities[1].close_date", ["before created"]),
    (lambda b: b["stakeholders"][1].update(moved_to="s-champ"), "stakeholders[1].moved_to",
     ["their own record"]),
    (lambda b: b["stakeholders"][1].pop("left_on"), "stakeholders[1].moved_to",
     ["needs left_on"]),
    (lambda b: b["stakeholders"][1].update(moved_to="nobody"), "stakeholders[1].moved_to",
     ["unknown stakeholder 'nobody'"]),
    (lambda b: b["groups"][0].update(currency="yen"), "groups[0].currency", ["pattern"]),
    (lambda b: b["subscriptions"][0].update(notice_days=-1), "subscriptions[0].notice_days",
     ["greater than or equal to 0"]),
    (lambda b: b["assignments"].append({"owner": "o-am", "account": "p1"}),
     "assignments[3].account", ["expected a group, company or department"]),
])
def test_time_fields_are_validated(history, write_book, run, change, where, words):
    change(history)
    result = run("validate", write_book(history, "book.json"))
    assert result.exit_code == 2, result.stdout
    (line,) = [x for x in result.stderr.splitlines() if "book.json" in x]
    assert where in line, line
    for word in words:
        assert word in line, line


def test_a_move_stays_inside_the_group(history, write_book, run):
    history["groups"].append({"id": "g2", "name": "Other"})
    history["companies"].append({"id": "c-x", "name": "X", "group": "g2"})
    history["stakeholders"][2]["company"] = "c-x"
    result = run("validate", write_book(history))
    assert result.exit_code == 2 and "outside this stakeholder's group" in result.stderr


# -- revenue ---------------------------------------------------------------------------------

def test_revenue_movements_worked_by_hand(history, write_book, run_json):
    out = run_json("revenue", write_book(history), "--from", "2026-01-01")
    assert (out["from"], out["to"]) == ("2026-01-01", "2026-06-30")
    (g,) = out["groups"]
    assert {k: g[k] for k in ("id", "name", "currency", "start_mrr", "new_entity_mrr",
                              "expansion_mrr", "contraction_mrr", "churned_mrr", "end_mrr",
                              "nrr", "grr", "target_mrr", "gap_to_target")} == {
        "id": "g1", "name": "Kaisha Group", "currency": "JPY", "start_mrr": 10000,
        "new_entity_mrr": 2500, "expansion_mrr": 1000, "contraction_mrr": 0,
        "churned_mrr": 4000, "end_mrr": 9500, "nrr": 0.7, "grr": 0.6, "target_mrr": 20000,
        "gap_to_target": 10500}
    rows = {c["id"]: c for c in g["companies"]}
    assert {c: (r["movement"], r["start_mrr"], r["end_mrr"]) for c, r in rows.items()} == {
        "c-hd": ("expansion", 6000, 7000), "c-new": ("new_entity", 0, 2500),
        "c-a": ("churned", 4000, 0), "c-b": ("none", 0, 0)}
    assert [c["id"] for c in g["companies"]] == ["c-hd", "c-new", "c-a", "c-b"]
    assert rows["c-a"]["nrr"] == 0 and rows["c-new"]["nrr"] is None


def test_revenue_contraction_and_exact_reconciliation(history, write_book, run_json):
    history["subscriptions"][1]["mrr"] = 5000.1  # c-hd shrinks 6,000 -> 5,000.10
    history["subscriptions"][3]["mrr"] = 0.2
    out = run_json("revenue", write_book(history), "--from", "2026-01-01", "--to",
                   "2026-06-01")
    (g,) = out["groups"]
    assert g["contraction_mrr"] == 999.9 and g["expansion_mrr"] == 0
    for row in (g, *g["companies"]):
        assert round(row["start_mrr"] + row["new_entity_mrr"] + row["cross_sell_mrr"]
                     + row["expansion_mrr"] - row["contraction_mrr"]
                     - row["product_churn_mrr"] - row["churned_mrr"], 2) == row["end_mrr"]
    assert g["nrr"] == round((10000 - 999.9 - 4000) / 10000, 4)


def test_revenue_reconciles_on_a_generated_book(tmp_path, run, run_json):
    book = tmp_path / "g.json"
    assert run("generate", "--groups", 6, "--seed", 5, "-o", book).exit_code == 0
    out = run_json("revenue", book, "--from", "2025-09-30")
    moved = 0
    for g in out["groups"]:
        for row in (g, *g["companies"]):
            assert abs(row["start_mrr"] + row["new_entity_mrr"] + row["cross_sell_mrr"]
                       + row["expansion_mrr"] - row["contraction_mrr"]
                       - row["product_churn_mrr"] - row["churned_mrr"] - row["end_mrr"]) < 1e-6
        assert g["end_mrr"] == pytest.approx(sum(c["end_mrr"] for c in g["companies"]))
        moved += g["start_mrr"] != g["end_mrr"]
    assert moved  # the generated history does move


def test_revenue_refuses_reversed_dates_and_unknown_groups(history, write_book, run):
    path = write_book(history)
    bad = run("revenue", path, "--from", "2026-06-30", "--to", "2026-01-01")
    assert bad.exit_code == 2 and "is after --to" in bad.stderr
    bad = run("revenue", path, "--from", "2026-01-01", "--group", "nope")
    assert bad.exit_code == 2 and "no group with id 'nope'" in bad.stderr
    assert run("revenue", path).exit_code == 2  # --from is required


def test_revenue_csv_has_a_row_per_group_and_company(history, write_book, run):
    out = run("revenue", write_book(history), "--from", "2026-01-01", "--format", "csv")
    lines = out.stdout.splitlines()
    assert lines[0].startswith("level,group,id,name,movement,start_mrr")
    assert [line.split(",")[0] for line in lines[1:]] == ["group"] + ["company"] * 4


# -- renewals --------------------------------------------------------------------------------

def test_renewal_calendar_worked_by_hand(history, write_book, run_json):
    rows = run_json("renewals", write_book(history))
    assert [(r["account"], r["product"], r["mrr"], r["renewal"], r["days_left"],
             r["notice_date"], r["renewal_owner"]) for r in rows] == [
        # 2026-08-15 - 30 days' notice; the group's account manager outranks c-new's AE
        ("c-new", "p1", 2500, "2026-08-15", 46, "2026-07-16", "o-am"),
        ("c-hd", "p1", 7000, "2026-09-30", 92, "2026-08-01", "o-am")]
    risks = {r["account"]: r["risks"] for r in rows}
    # c-new: only s-new is known (single_threaded) by two owners; no renewal opportunity.
    assert risks["c-new"] == ["single_threaded", "no_renewal_opportunity"]
    # c-hd: only s-ceo is known, by o-am alone; op-renew is its renewal opportunity.
    assert risks["c-hd"] == ["single_threaded", "single_owner"]


def test_renewal_window_owner_and_risks_move_with_the_date(history, write_book, run_json):
    path = write_book(history)
    # c-hd renews later, but its notice date is in the window (#24)
    assert [r["account"] for r in run_json("renewals", path, "--within", 60)] == ["c-new",
                                                                                  "c-hd"]
    later = run_json("renewals", path, "--as-of", "2026-08-10")
    assert later[0]["account"] == "c-new" and "notice_passed" in later[0]["risks"]
    assert later[0]["days_left"] == 5
    assert run_json("renewals", path, "--as-of", "2026-10-01") == []  # both renewed past


def test_renewal_owner_prefers_account_manager_then_success_then_executive(history, write_book,
                                                                            run_json):
    history["assignments"] = [a for a in history["assignments"] if a["account"] != "g1"]
    rows = {r["account"]: r["renewal_owner"] for r in run_json("renewals", write_book(history))}
    assert rows == {"c-new": "o-ae", "c-hd": "o-cs"}
    history["assignments"] = [{"owner": "o-se", "account": "c-hd"}]  # not a renewal role
    rows = {r["account"]: r["renewal_owner"] for r in run_json("renewals", write_book(history))}
    assert rows == {"c-new": None, "c-hd": None}


def test_renewal_risks_for_left_buyers_detractors_and_silence(history, write_book, run_json):
    # A subscription on c-a (whose champion left) and c-b (a detractor, last met long ago).
    history["subscriptions"] += [
        {"account": "c-a", "product": "p2", "mrr": 300, "renewal": "2026-07-20"},
        {"account": "c-b", "product": "p1", "mrr": 200, "renewal": "2026-07-25"}]
    history["stakeholders"][3].update(sentiment="detractor", roles=["economic_buyer"])
    rows = {r["account"]: r["risks"] for r in run_json("renewals", write_book(history))}
    assert rows["c-a"] == ["champion_left", "single_threaded", "single_owner", "stale",
                           "no_renewal_opportunity", "notice_passed"]
    # s-b is the only known person, by o-se alone, through one call 211 days ago (stale);
    # notice was due 2026-07-25 - 60 days, before as_of.
    assert rows["c-b"] == ["single_threaded", "single_owner", "stale", "detractor",
                           "no_renewal_opportunity", "notice_passed"]


# -- diff ------------------------------------------------------------------------------------

def test_diff_of_a_file_with_itself_is_empty(history, write_book, run, run_json):
    path = write_book(history)
    out = run_json("diff", path, path)
    assert out["changes"] == [] and out["old"]["as_of"] == out["new"]["as_of"] == "2026-06-30"
    assert run("diff", path, path, "--exit-code").exit_code == 0
    assert run_json("diff", EXAMPLE, EXAMPLE)["changes"] == []
    same_day = run_json("diff", path, "--from", "2026-06-30")
    assert same_day["changes"] == []


def test_diff_between_two_dates_worked_by_hand(history, write_book, run, run_json):
    path = write_book(history)
    out = run_json("diff", path, "--from", "2026-01-01")
    got = [(c["change"], c["id"], c["owner"], c["before"], c["after"]) for c in out["changes"]]
    assert got == [
        ("stakeholder_moved", "s-champ", None, "d-a-qa", "s-champ2"),
        ("relationship_gained", "s-new", "o-se", None, 2),       # t2 on 2026-06-20
        # (o-ae, s-new): a record on both days, 1 then 3: not a fade
        ("relationship_faded", "s-b", "o-se", 2, 1),             # t3: recent, then old
        ("entity_dark", "c-a", None, [], ["dark"]),              # s-champ left
        ("entity_dark", "d-a-qa", None, [], ["dark"]),
        ("account_single_threaded", "c-new", None, None, 1),     # a revenue account now
        ("mrr_new_entity", "c-new", None, 0, 2500),
        ("mrr_expansion", "c-hd", None, 6000, 7000),
        ("mrr_churned", "c-a", None, 4000, 0)]
    assert out["changes"][0]["name"] == "佐藤 春香"
    assert run("diff", path, "--from", "2026-01-01", "--exit-code").exit_code == 1


def test_diff_between_two_files(history, write_book, run_json):
    old = write_book(history, "old.yaml")
    new_book = copy.deepcopy(history)
    new_book["stakeholders"][3].update(roles=["champion"], sentiment="supporter")
    new_book["stakeholders"].append({"id": "s-x", "name": "X", "company": "c-b"})
    new_book["stakeholders"] = [s for s in new_book["stakeholders"] if s["id"] != "s-new"]
    new_book["relationships"] = [r for r in new_book["relationships"]
                                 if r["stakeholder"] != "s-new"]
    new_book["touchpoints"] = [t for t in new_book["touchpoints"] if t["id"] == "t3"]
    new_book["companies"].append({"id": "c-z", "name": "Z", "group": "g1"})
    new = write_book(new_book, "new.yaml")
    changes = [(c["change"], c["id"], c.get("owner")) for c in
               run_json("diff", old, new)["changes"]]
    assert ("stakeholder_joined", "s-x", None) in changes
    assert ("stakeholder_left", "s-new", None) in changes
    assert ("roles_changed", "s-b", None) in changes
    assert ("sentiment_changed", "s-b", None) in changes
    assert ("relationship_lost", "s-new", "o-ae") in changes
    assert ("relationship_lost", "s-new", "o-se") in changes
    assert ("entity_added", "c-z", None) in changes
    assert ("entity_dark", "c-new", None) in changes


def test_diff_needs_two_files_or_a_from_date(history, write_book, run):
    path = write_book(history)
    assert run("diff", path).exit_code == 2
    bad = run("diff", path, path, "--from", "2026-01-01")
    assert bad.exit_code == 2 and "either OLD and NEW" in bad.stderr


# -- one meaning of "as of D": the sweep -----------------------------------------------------

def cut_down(book: dict[str, Any], day: str) -> dict[str, Any]:
    """What was true on ``day``, written out by hand from the data-format definitions (not
    with accountmap's own view): the file an account manager would have had then."""
    out = copy.deepcopy(book)
    out["as_of"] = day
    subs = []
    for s in out.get("subscriptions", []):
        if s.get("start") and s["start"] > day:
            continue
        if s.get("end"):
            if s["end"] <= day:
                s["status"] = "churned"
            else:
                del s["end"]
                s["status"] = "active"
        subs.append(s)
    out["subscriptions"] = subs
    for p in out.get("stakeholders", []):
        if p.get("left_on"):
            if p["left_on"] <= day:
                p["status"] = "left"
            else:
                p.pop("left_on")
                p.pop("moved_to", None)
                p["status"] = "active"
    opps = []
    for o in out.get("opportunities", []):
        if o.get("created") and o["created"] > day:
            continue
        if o.get("status", "open") != "open" and o.get("close_date") and o["close_date"] >= day:
            o["status"] = "open"
        opps.append(o)
    out["opportunities"] = opps
    for r in out.get("relationships", []):
        if r.get("last_contact") and r["last_contact"] > day:
            del r["last_contact"]
    out["touchpoints"] = [t for t in out.get("touchpoints", []) if t["date"] <= day]
    return out


SWEEP_COMMANDS = [["summary"], ["coverage"], ["threads"], ["threads", "--by", "person"],
                  ["contacts"], ["whitespace", "--level", "department"], ["stale"],
                  ["renewals", "--within", "365"]]


@pytest.mark.parametrize("day", ["2025-07-01", "2026-01-01", "2026-03-15", "2026-04-30",
                                 "2026-06-30"])
def test_as_of_sweep_equals_the_book_cut_down_to_that_day(write_book, run_json, day):
    import yaml

    for name, book, target in (
            ("example", yaml.safe_load(EXAMPLE.read_text("utf-8")), "c-nk-chem"),
            ("history", copy.deepcopy(HISTORY), "c-a")):
        full = write_book(book, f"{name}.yaml")
        cut = write_book(cut_down(book, day), f"{name}-{day}.yaml")
        for command in [*SWEEP_COMMANDS, ["path", "--to", target]]:
            assert run_json(*command, full, "--as-of", day) == run_json(*command, cut), (
                name, command)
        revenue = ["revenue", "--from", "2025-06-30"]
        if day > "2025-06-30":
            assert (run_json(*revenue, full, "--to", day)["groups"]
                    == run_json(*revenue, cut)["groups"]), name


def test_the_map_shows_the_group_owner_and_the_book_as_of_the_day(history):
    from accountmap.map import MapOptions, build_map

    model = build_map(graph_of(history), MapOptions(group="g1"))
    history["relationships"] = history["relationships"][1:]  # o-am knows nobody now
    ids = {n["id"] for n in build_map(graph_of(history), MapOptions(group="g1")).nodes}
    assert "o-am" in ids  # assigned on the group only: still on the group's map
    history["as_of"] = "2026-01-31"
    early = build_map(graph_of(history), MapOptions(group="g1"))
    assert "o-se" in {n["id"] for n in early.nodes}  # t3 (2025-12-01) pairs o-se with s-b
    widths = {(e["from"], e["to"]): e.get("width") for e in model.edges}
    assert widths[("o-se", "s-new")] == 2  # derived strength drives the line width


def test_diff_of_one_group(history, write_book, run, run_json):
    history["groups"].append({"id": "g2", "name": "Other Group"})
    history["companies"].append({"id": "c-o", "name": "Other", "group": "g2"})
    history["subscriptions"].append({"account": "c-o", "product": "p1", "mrr": 50,
                                     "start": "2026-03-01"})
    path = write_book(history)
    both = run_json("diff", path, "--from", "2026-01-01")["changes"]
    other = run_json("diff", path, "--from", "2026-01-01", "--group", "g2")["changes"]
    # c-o became a revenue account nobody knows, and a new entity of its group
    assert [(c["change"], c["id"]) for c in other] == [("account_single_threaded", "c-o"),
                                                      ("mrr_new_entity", "c-o")]
    mine = run_json("diff", path, "--from", "2026-01-01", "--group", "g1")["changes"]
    assert len(mine) + len(other) == len(both)
    bad = run("diff", path, "--from", "2026-01-01", "--group", "g-nope")
    assert bad.exit_code == 2 and "no group with id 'g-nope'" in bad.stderr
