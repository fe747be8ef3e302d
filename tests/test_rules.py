"""The shared rules' Cypher fragments (src/accountmap/rules.py) agree with their Python twins on
hand-made cases, every comparison's boundary included (a date equal to D), evaluated without
a server (tests/cypher_eval.py); and queries/*.cypher are what their templates render."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from accountmap import asof, contracts, organisation, rules
from accountmap.facts import facts
from accountmap.graph import build_graph
from accountmap.model import (
    Company,
    Department,
    Opportunity,
    Stakeholder,
    Subscription,
    Touchpoint,
)
from accountmap.store import templates
from accountmap.validate import check_data
from tests.conftest import TINY
from tests.cypher_eval import Evaluator, Graph

D = dt.date(2026, 6, 30)
DAYS = (None, D - dt.timedelta(days=1), D, D + dt.timedelta(days=1))


def cypher(fragment: rules.Fragment, **bound: dict[str, Any]) -> Any:
    """The fragment's value with its variables bound to property maps, $as_of = D."""
    text = fragment(*bound)
    return Evaluator(Graph(), {"as_of": D}).evaluate(text, dict(bound))


def truthy(value: Any) -> bool:
    """What a WHERE keeps: only true (null and false are dropped)."""
    return value is True


@pytest.mark.parametrize(("start", "end", "status"),
                         list(itertools.product(DAYS, DAYS, ("active", "churned"))))
def test_subscription_fragments_match_asof(start: dt.date | None, end: dt.date | None,
                                           status: str) -> None:
    sub = Subscription.model_construct(account="a", product="p", mrr=1.0, status=status,
                                       start=start, end=end)
    x = {"start": start, "end": end, "status": status}
    assert truthy(cypher(rules.SUBSCRIPTION_STARTED, x=x)) == asof.subscription_started(sub, D)
    assert truthy(cypher(rules.SUBSCRIPTION_ACTIVE, x=x)) == asof.subscription_active(sub, D)


def test_subscription_boundaries() -> None:
    on_d = {"start": D, "end": None, "status": "active"}
    assert cypher(rules.SUBSCRIPTION_ACTIVE, x=on_d) is True  # starts on D: active on D
    ends_d = {"start": None, "end": D, "status": "active"}
    assert cypher(rules.SUBSCRIPTION_ACTIVE, x=ends_d) is False  # ends on D: gone on D


@pytest.mark.parametrize(("left_on", "status"), list(itertools.product(DAYS, ("active", "left"))))
def test_stakeholder_fragment_matches_asof(left_on: dt.date | None, status: str) -> None:
    person = Stakeholder.model_construct(id="s", name="S", company="c", status=status,
                                         left_on=left_on)
    s = {"left_on": left_on, "status": status}
    assert truthy(cypher(rules.STAKEHOLDER_ACTIVE, s=s)) == rules.stakeholder_active(person, D)
    assert rules.stakeholder_active(person, D) == (not asof.stakeholder_left(person, D))


def test_stakeholder_leaving_on_d_has_left() -> None:
    assert cypher(rules.STAKEHOLDER_ACTIVE, s={"left_on": D, "status": "active"}) is False
    assert cypher(rules.STAKEHOLDER_ACTIVE,
                  s={"left_on": D + dt.timedelta(days=1), "status": "left"}) is True


@pytest.mark.parametrize(("created", "close", "status"),
                         list(itertools.product(DAYS, DAYS, ("open", "won", "lost"))))
def test_opportunity_fragments_match_asof(created: dt.date | None, close: dt.date | None,
                                          status: str) -> None:
    opp = Opportunity.model_construct(id="o", account="a", product="p", amount=1.0,
                                      status=status, created=created, close_date=close)
    o = {"created": created, "close_date": close, "status": status}
    assert truthy(cypher(rules.OPPORTUNITY_EXISTS, o=o)) == asof.opportunity_exists(opp, D)
    assert truthy(cypher(rules.OPPORTUNITY_OPEN, o=o)) == asof.opportunity_open(opp, D)


def test_opportunity_boundaries() -> None:
    assert cypher(rules.OPPORTUNITY_OPEN, o={"created": D, "close_date": D,
                                              "status": "won"}) is True  # won on D: open on D
    assert not truthy(cypher(rules.OPPORTUNITY_OPEN, o={
        "created": None, "close_date": D - dt.timedelta(days=1), "status": "won"}))


@pytest.mark.parametrize(("currency", "group_currency"),
                         [(None, "USD"), (None, None), ("USD", "USD"), ("EUR", "USD"),
                          ("JPY", "USD")])
def test_subscription_mrr_fragment_matches_to_group(currency: str | None,
                                                    group_currency: str | None) -> None:
    fx = {"EUR": 1.08, "JPY": 0.0067}
    x = {"mrr": 1234.56, "currency": currency}
    text = rules.SUBSCRIPTION_MRR("x", "$group_currency")
    got = Evaluator(Graph(), {"as_of": D, "fx": fx, "group_currency": group_currency}
                    ).evaluate(text, {"x": x})
    assert got == contracts.to_group(1234.56, currency, group_currency, fx)
    if currency in (None, group_currency):
        assert got == 1234.56
    else:
        assert got == round(1234.56 * fx[currency], 2)


@pytest.mark.parametrize("day", DAYS[1:])
def test_touchpoint_fragment(day: dt.date) -> None:
    t = Touchpoint.model_construct(id="t", date=day, owners=["o"], stakeholders=["s"])
    assert truthy(cypher(rules.TOUCHPOINT_COUNTS, t={"date": day})) == \
        rules.touchpoint_counts(t, D) == (day <= D)


# -- the pair rule and belongs-to, on small books against facts() ------------------------
PAIR_CASES = [  # (recorded relationship o-am/s-x, touchpoint dates of o-cs with s-x)
    (recorded, dates) for recorded in (False, True)
    for dates in ((), (DAYS[1],), (D,), (DAYS[3],), (DAYS[3], DAYS[1]))]


def _pair_book(recorded: bool, dates: tuple[dt.date, ...]) -> tuple[dict[str, Any], Graph]:
    book = {**TINY, "as_of": D.isoformat(), "relationships": [], "touchpoints": []}
    book["stakeholders"] = [{"id": "s-x", "name": "X", "company": "c-hd"},
                            {"id": "s-y", "name": "Y", "company": "c-hd"}]
    g = Graph()
    g.node("s-x", "Stakeholder")
    g.node("s-y", "Stakeholder")
    for o in ("o-am", "o-cs"):
        g.node(o, "Owner")
    if recorded:
        book["relationships"] = [{"owner": "o-am", "stakeholder": "s-x", "strength": 3}]
        g.rel("o-am", "RELATES_TO", "s-x")
    for n, day in enumerate(dates):
        book["touchpoints"].append({"id": f"t{n}", "date": day.isoformat(), "owners": ["o-cs"],
                                    "stakeholders": ["s-x"], "kind": "call"})
        t = g.node(f"t{n}", "Touchpoint", date=day)
        g.rel(t, "ATTENDED_BY", "o-cs")
        g.rel(t, "ATTENDED_BY", "s-x")
    # a touchpoint of an owner with somebody else never pairs s-x
    book["touchpoints"].append({"id": "t-other", "date": D.isoformat(), "owners": ["o-am"],
                                "stakeholders": ["s-y"], "kind": "call"})
    g.node("t-other", "Touchpoint", date=D)
    g.rel("t-other", "ATTENDED_BY", "o-am")
    g.rel("t-other", "ATTENDED_BY", "s-y")
    return book, g


@pytest.mark.parametrize(("recorded", "dates"), PAIR_CASES)
def test_pair_fragments_match_facts(recorded: bool, dates: tuple[dt.date, ...]) -> None:
    book, g = _pair_book(recorded, dates)
    want = facts(build_graph(check_data(book))).owners_of.get("s-x", set())
    ev = Evaluator(g, {"as_of": D})
    s = g.nodes["s-x"]
    assert ev.evaluate(rules.PAIRED("s"), {"s": s}) is bool(want)
    owners = ev.evaluate(rules.PAIR_OWNERS("s"), {"s": s})
    assert {k for k, n in g.nodes.items() for o in owners if o is n} == want
    assert rules.pair_known(recorded, dates, D) is bool(want)
    expected = ({"o-am"} if recorded else set()) | ({"o-cs"} if any(d <= D for d in dates)
                                                    else set())
    assert want == expected  # a touchpoint on D counts, one the day after does not


def _org() -> tuple[dict[str, Any], Graph]:
    """A company with a department and its sub-department, and a subsidiary."""
    book = {**TINY, "as_of": D.isoformat(), "relationships": [], "touchpoints": [],
            "subscriptions": [], "opportunities": []}
    book["stakeholders"] = [
        {"id": "s-top", "name": "Top", "company": "c-hd"},
        {"id": "s-it", "name": "It", "company": "c-hd", "department": "d-it"},
        {"id": "s-ops", "name": "Ops", "company": "c-hd", "department": "d-it-ops"},
        {"id": "s-sub", "name": "Sub", "company": "c-sub"}]
    g = Graph()
    for c in ("c-hd", "c-sub"):
        g.node(c, "Company", "Account")
    for d in ("d-it", "d-it-ops"):
        g.node(d, "Department", "Account")
    g.rel("c-sub", "SUBSIDIARY_OF", "c-hd")
    g.rel("d-it", "PART_OF", "c-hd")
    g.rel("d-it-ops", "PART_OF", "d-it")
    for s in book["stakeholders"]:
        g.node(s["id"], "Stakeholder")
        g.rel(s["id"], "WORKS_AT", s["company"])
        if "department" in s:
            g.rel(s["id"], "WORKS_IN", s["department"])
    return book, g


def test_belongs_to_fragment_matches_facts() -> None:
    book, g = _org()
    f = facts(build_graph(check_data(book)))
    parents = {"d-it": None, "d-it-ops": "d-it"}
    ev = Evaluator(g, {"as_of": D})
    seen = 0
    for s in ("s-top", "s-it", "s-ops", "s-sub"):
        record = next(x for x in book["stakeholders"] if x["id"] == s)
        for e in ("c-hd", "c-sub", "d-it", "d-it-ops"):
            env = {"s": g.nodes[s], "e": g.nodes[e]}
            got = ev.evaluate(f"EXISTS {{ MATCH {rules.BELONGS_TO('s', 'e')} }}", env)
            want = e in f.belongs[s]
            assert got is want, (s, e)
            assert rules.belongs_to(record["company"], record.get("department"), parents,
                                    e) is want
            seen += want
    assert seen == 7  # top: c-hd; it: +d-it; ops: +d-it, d-it-ops; sub: c-sub only...
    # ...and nobody belongs to a subsidiary's parent through the subsidiary


def test_evaluator_refuses_what_it_cannot_read() -> None:
    with pytest.raises(SyntaxError):
        Evaluator(Graph(), {}).evaluate("x.a ~ 1", {"x": {}})
    with pytest.raises(SyntaxError):
        Evaluator(Graph(), {}).evaluate("unknownfn(1)", {})


# -- rendered queries ---------------------------------------------------------------------
def test_query_files_are_their_rendered_templates() -> None:
    assert templates.stale_files() == [], (
        "queries/*.cypher differ from src/accountmap/store/cypher/: run "
        "python -m accountmap.store.templates --write")


def test_every_named_query_but_the_schema_has_a_template() -> None:
    from accountmap.store.queries import query_names

    assert set(query_names()) == set(templates.template_names())


def test_rendered_headers_list_the_declared_parameters() -> None:
    from accountmap.analysis.registry import ANALYSES
    from accountmap.store.queries import query_info

    for analysis in ANALYSES:
        if analysis.query is None:
            continue
        info = query_info(analysis.query)
        fx = {"fx"} if "fx" in info.params else set()  # the queries that sum amounts
        assert set(info.params) == {"dataset", "as_of"} | fx | {p.name for p in analysis.params}
        for p in analysis.params:
            assert info.params[p.name].default == p.default
            assert info.params[p.name].type == p.cypher_type


def test_every_fragment_is_used_by_a_template_or_another_fragment() -> None:
    texts = [(templates.TEMPLATES / f"{n}.cypher").read_text() for n in templates.template_names()]
    composed = " ".join(f.text for f in rules.FRAGMENTS.values())
    for name, fragment in rules.FRAGMENTS.items():
        used = any(f"{{{{{name}(" in t for t in texts)
        assert used or fragment.text.split("{")[0] in composed, name


@pytest.mark.parametrize(("start", "end"), list(itertools.product(DAYS, DAYS)))
def test_unit_fragment_matches_organisation(start: dt.date | None,
                                            end: dt.date | None) -> None:
    company = Company.model_construct(id="c", name="C", group="g", joined_group_on=start,
                                      left_group_on=end)
    dept = Department.model_construct(id="d", name="D", company="c", created_on=start,
                                      closed_on=end)
    assert truthy(cypher(rules.UNIT_EXISTS, u={"joined_group_on": start, "left_group_on": end})
                  ) == organisation.unit_exists(company, D)
    assert truthy(cypher(rules.UNIT_EXISTS, u={"created_on": start, "closed_on": end})
                  ) == organisation.unit_exists(dept, D)


def _dated_org(company: dict[str, Any], dept: dict[str, Any], person: dict[str, Any]
               ) -> tuple[dict[str, Any], Graph]:
    """A company with a department and a person in it, each with the given dates."""
    book = {**TINY, "as_of": D.isoformat(), "relationships": [], "touchpoints": [],
            "subscriptions": [], "opportunities": [], "assignments": []}
    book["companies"] = [{"id": "c-x", "name": "X", "group": "g1",
                          **{k: v.isoformat() for k, v in company.items() if v}}]
    book["departments"] = [{"id": "d-x", "name": "D", "company": "c-x",
                            **{k: v.isoformat() for k, v in dept.items() if v}}]
    book["stakeholders"] = [{"id": "s-x", "name": "S", "company": "c-x", "department": "d-x",
                             **{k: v.isoformat() for k, v in person.items() if v}}]
    g = Graph()
    g.node("c-x", "Company", "Account", **company)
    g.node("d-x", "Department", "Account", **dept)
    g.node("s-x", "Stakeholder", status="active", **person)
    g.rel("d-x", "PART_OF", "c-x")
    g.rel("s-x", "WORKS_AT", "c-x")
    g.rel("s-x", "WORKS_IN", "d-x")
    return book, g


DATED_CASES = [
    ({}, {}, {}),
    ({"joined_group_on": D}, {}, {}),
    ({"joined_group_on": D + dt.timedelta(days=1)}, {}, {}),
    ({"left_group_on": D}, {}, {}),
    ({"left_group_on": D + dt.timedelta(days=1)}, {}, {}),
    ({}, {"created_on": D + dt.timedelta(days=1)}, {}),
    ({}, {"created_on": D}, {"joined_on": D}),
    ({}, {"closed_on": D}, {"left_on": D}),
    ({}, {"closed_on": D + dt.timedelta(days=1)}, {}),
    ({}, {}, {"joined_on": D + dt.timedelta(days=1)}),
    ({}, {}, {"joined_on": D - dt.timedelta(days=1), "left_on": D}),
]


@pytest.mark.parametrize(("company", "dept", "person"), DATED_CASES)
def test_existence_fragments_match_the_graph(company: dict[str, Any], dept: dict[str, Any],
                                             person: dict[str, Any]) -> None:
    book, g = _dated_org(company, dept, person)
    f = facts(build_graph(check_data(book)))
    ev = Evaluator(g, {"as_of": D})
    account = ev.evaluate(rules.ACCOUNT_EXISTS("e"), {"e": g.nodes["d-x"]})
    assert account is ("d-x" in f.departments)
    active = ev.evaluate(rules.PERSON_ACTIVE("s"), {"s": g.nodes["s-x"]})
    assert truthy(active) is ("s-x" in f.active)
