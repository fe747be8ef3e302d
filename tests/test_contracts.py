"""Contracts and product lines (#24), each definition on a book worked by hand: revenue per
company x product, periods of the fiscal year, currencies, renewal status and the forecast,
the weighted pipeline, customer success per line, and what a contract's people stake."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from accountmap.contracts import resolve_period
from accountmap.errors import UsageError
from tests.conftest import EXAMPLE

AS_OF = "2026-06-30"


def book(**extra: Any) -> dict[str, Any]:
    """A Japanese group paying in yen, with a US subsidiary; fiscal year from 1 April."""
    data: dict[str, Any] = {
        "version": 1, "as_of": AS_OF, "fiscal_year_start": "04-01",
        "fx_rates": [{"currency": "USD", "rate": 150.0}],
        "products": [{"id": "p-a", "name": "A", "line": "quality"},
                     {"id": "p-b", "name": "B", "line": "quality"},
                     {"id": "p-c", "name": "C", "line": "ops"},
                     {"id": "p-d", "name": "D"}],
        "owners": [{"id": "o-am", "name": "Ann", "role": "account_manager"},
                   {"id": "o-cs", "name": "Cy", "role": "customer_success"},
                   {"id": "o-ae", "name": "Al", "role": "account_executive"}],
        "groups": [{"id": "g", "name": "Foods", "currency": "JPY", "target_mrr": 1000000.0}],
        "companies": [{"id": "c-hd", "name": "HD", "group": "g"},
                      {"id": "c-plant", "name": "Plant", "group": "g", "parent": "c-hd"},
                      {"id": "c-us", "name": "US", "group": "g", "parent": "c-hd"}],
        "departments": [{"id": "d-line1", "name": "Line 1", "company": "c-plant"}],
        "stakeholders": [
            {"id": "s-champ", "name": "Champ", "company": "c-plant", "roles": ["champion"],
             "left_on": "2026-05-01"},
            {"id": "s-buyer", "name": "Buyer", "company": "c-plant",
             "roles": ["economic_buyer"]},
            {"id": "s-us", "name": "Sam", "company": "c-us"}],
        "assignments": [{"owner": "o-am", "account": "g", "role": "account_manager"},
                        {"owner": "o-cs", "account": "c-plant", "product_line": "quality"}],
        "subscriptions": [
            # at the plant: A's price rises on 1 May, B churns on 1 June, C is sold from 1 June
            {"account": "c-plant", "product": "p-a", "mrr": 100000.0, "start": "2025-01-01",
             "end": "2026-05-01"},
            {"account": "c-plant", "product": "p-a", "mrr": 110000.0, "start": "2026-05-01",
             "renewal": "2026-09-30", "champion": "s-champ"},
            {"account": "d-line1", "product": "p-b", "mrr": 120000.0, "start": "2025-01-01",
             "end": "2026-06-01"},
            {"account": "c-plant", "product": "p-c", "mrr": 200000.0, "start": "2026-06-01",
             "renewal": "2027-05-31"},
            # the holding, from the first day of the fiscal year
            {"account": "c-hd", "product": "p-d", "mrr": 90000.0, "start": "2026-04-01",
             "renewal": "2026-12-15", "auto_renew": True, "notice_days": 170},
            # the US subsidiary pays in dollars
            {"account": "c-us", "product": "p-a", "mrr": 1000.0, "currency": "USD",
             "start": "2025-01-01", "renewal": "2026-08-31", "notice_received": "2026-06-15"},
        ],
        "opportunities": [
            {"id": "op-new", "account": "c-us", "product": "p-b", "amount": 1200000.0,
             "mrr": 100000.0, "stage": "propose", "probability": 50, "kind": "new_business",
             "close_date": "2027-02-28"},
            {"id": "op-late", "account": "c-hd", "product": "p-a", "amount": 600000.0,
             "mrr": 50000.0, "stage": "discover", "kind": "expansion",
             "close_date": "2027-06-30"},
            {"id": "op-first", "account": "c-hd", "product": "p-c", "amount": 100000.0,
             "mrr": 10000.0, "stage": "meeting", "kind": "new_business",
             "close_date": "2026-09-30"},
            {"id": "op-renew", "account": "c-plant", "product": "p-a", "amount": 1320000.0,
             "mrr": 110000.0, "stage": "negotiate", "kind": "renewal",
             "close_date": "2026-09-30"},
        ],
        "stage_probabilities": {"discover": 20, "negotiate": 80},
    }
    data.update(extra)
    return data


@pytest.fixture
def path(write_book: Any) -> Any:
    return write_book(book())


def test_revenue_per_company_and_product(path: Any, run_json: Any) -> None:
    (g,) = run_json("revenue", path, "--from", "2026-04-01")["groups"]
    plant = next(c for c in g["companies"] if c["id"] == "c-plant")
    assert (plant["start_mrr"], plant["end_mrr"]) == (220000.0, 310000.0)
    assert plant["expansion_mrr"] == 10000.0  # A: 100,000 -> 110,000
    assert plant["product_churn_mrr"] == 120000.0  # B dropped while the plant still pays
    assert plant["cross_sell_mrr"] == 200000.0  # C new to a paying company
    assert plant["contraction_mrr"] == 0.0 and plant["churned_mrr"] == 0.0
    assert plant["movement"] == "expansion"  # its total rose: the churn shows per product
    hd = next(c for c in g["companies"] if c["id"] == "c-hd")
    assert hd["new_entity_mrr"] == 90000.0 and hd["movement"] == "new_entity"
    # the group: start = plant 220,000 + US 150,000 (1,000 USD at 150)
    assert g["start_mrr"] == 370000.0 and g["end_mrr"] == 550000.0
    assert g["nrr"] == round((370000 + 10000 + 200000 - 120000) / 370000, 4)
    assert g["grr"] == round((370000 - 120000) / 370000, 4)
    for row in (g, *g["companies"]):
        assert round(row["start_mrr"] + row["new_entity_mrr"] + row["cross_sell_mrr"]
                     + row["expansion_mrr"] - row["contraction_mrr"] - row["product_churn_mrr"]
                     - row["churned_mrr"], 2) == row["end_mrr"]


def test_every_view_has_the_same_group_row(path: Any, run_json: Any) -> None:
    views = {by: run_json("revenue", path, "--period", "FY2026", "--by", by)["groups"][0]
             for by in ("company", "product", "line")}
    keys = ("start_mrr", "new_entity_mrr", "cross_sell_mrr", "expansion_mrr",
            "contraction_mrr", "product_churn_mrr", "churned_mrr", "end_mrr", "nrr", "grr")
    assert len({tuple(v[k] for k in keys) for v in views.values()}) == 1
    assert "companies" in views["company"] and "companies" not in views["product"]
    products = {p["id"]: p for p in views["product"]["products"]}
    assert products["p-b"]["product_churn_mrr"] == 120000.0
    assert products["p-a"]["line"] == "quality" and products["p-d"]["line"] == "p-d"
    lines = {x["id"]: x for x in views["line"]["lines"]}
    assert lines["quality"]["products"] == ["p-a", "p-b"]
    assert lines["ops"]["cross_sell_mrr"] == 200000.0
    for rows in (views["product"]["products"], views["line"]["lines"]):
        for k in keys[:-2]:
            assert round(sum(r[k] for r in rows), 2) == views["company"][k]


def test_a_contract_starting_on_the_first_day_is_a_movement_of_the_period(
        path: Any, run_json: Any) -> None:
    for args in (("--period", "FY2026"), ("--from", "2026-04-01")):
        out = run_json("revenue", path, *args)
        assert out["from"] == "2026-04-01" and out["to"] == AS_OF
        (g,) = out["groups"]
        assert g["new_entity_mrr"] == 90000.0  # not opening MRR


def test_periods_of_the_fiscal_year() -> None:
    today = dt.date(2026, 12, 15)
    assert resolve_period("FY2026", "04-01", today).first == dt.date(2026, 4, 1)
    assert resolve_period("FY2026", "04-01", dt.date(2027, 5, 1)).last == dt.date(2027, 3, 31)
    assert resolve_period("FY2026", "04-01", today).last == today  # ends on as_of
    q3 = resolve_period("2026Q3", "04-01", dt.date(2027, 5, 1))
    assert (q3.first, q3.last) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    h2 = resolve_period("2026H2", None, dt.date(2027, 5, 1))
    assert (h2.first, h2.last) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    month = resolve_period("2026-09", "04-01", today)
    assert (month.first, month.last) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    for bad in ("FY26", "2026Q5", "2026-13", "2027Q1x"):
        with pytest.raises(UsageError):
            resolve_period(bad, "04-01", today)
    with pytest.raises(UsageError):
        resolve_period("FY2027", "04-01", today)  # starts after as_of


def test_renewal_status_window_and_amounts(path: Any, run_json: Any) -> None:
    rows = {r["account"]: r for r in run_json("renewals", path)}
    us = rows["c-us"]  # notice received on 15 June
    assert us["status"] == "churn_notified"
    assert (us["mrr"], us["currency"], us["mrr_group_currency"]) == (1000.0, "USD", 150000.0)
    hd = rows["c-hd"]  # auto-renews; its notice date (2026-06-28) passed: secured
    assert hd["status"] == "renewed_by_default" and hd["next_renewal"] == "2027-12-15"
    assert "notice_passed" not in hd["risks"] and hd["auto_renew"] is True
    plant = rows["c-plant"]  # notice due 2026-08-01, more than 14 days ahead
    assert plant["status"] == "open" and plant["next_renewal"] is None
    assert plant["term_months"] == 12 and plant["currency"] == "JPY"
    assert "champion_left" in plant["risks"]  # the contract's own champion left
    later = {r["account"]: r["status"] for r in run_json("renewals", path, "--as-of",
                                                          "2026-07-25")}
    assert later["c-plant"] == "notice_due"  # 7 days to the notice date
    lapsed = {r["account"]: r for r in run_json("renewals", path, "--as-of", "2026-08-15")}
    assert lapsed["c-plant"]["status"] == "lapsing"
    assert "notice_passed" in lapsed["c-plant"]["risks"]
    # a notice dated after as_of is not known yet
    before = {r["account"]: r["status"] for r in run_json("renewals", path, "--as-of",
                                                           "2026-06-10")}
    assert before["c-us"] == "open"  # its notice date, 2026-07-02, is 22 days ahead


def test_a_renewal_is_in_the_window_by_its_notice_date(write_book: Any, run_json: Any) -> None:
    data = book()
    data["subscriptions"].append({"account": "c-hd", "product": "p-b", "mrr": 5000.0,
                                  "start": "2025-04-01", "renewal": "2027-03-31",
                                  "auto_renew": False})
    rows = run_json("renewals", write_book(data), "--as-of", "2026-08-15")
    fy_end = [r for r in rows if r["product"] == "p-b"]
    assert fy_end and fy_end[0]["notice_date"] == "2027-01-30"  # renewal 227 days ahead


def test_forecast(path: Any, run_json: Any) -> None:
    (f,) = run_json("renewals", path, "--forecast")
    assert f == {"group": "g", "currency": "JPY", "secured_mrr": 90000.0,
                 "at_risk_mrr": 110000.0, "notified_churn_mrr": 150000.0}
    plan = run_json("plan", path, "--group", "g")
    assert plan["forecast"] == {"secured_mrr": 90000.0, "at_risk_mrr": 110000.0,
                                "notified_churn_mrr": 150000.0}


def test_weighted_pipeline_and_new_money_in_the_fiscal_year(path: Any, run_json: Any) -> None:
    g = run_json("plan", path, "--group", "g")["glance"]
    pipe = {p["kind"]: p for p in g["pipeline"]}
    # the renewal deal adds no MRR: it protects the MRR it renews
    assert pipe["renewal"]["mrr"] == 0.0 and pipe["renewal"]["weighted_mrr"] == 0.0
    # new money: 100,000 x 50% + 50,000 x 20% (stage discover) + 10,000 x unknown
    assert pipe["new_money"]["weighted_mrr"] == 60000.0
    # closing by 2027-03-31 (FY2026): only op-new; op-late closes after, op-first is unweighted
    assert g["new_money_in_period_mrr"] == 50000.0
    assert g["unweighted"] == ["op-first"]
    assert g["new_money_covers_gap"] is False  # 50,000 < 1,000,000 - 550,000


def test_customer_success_per_line_and_the_group_account_manager(path: Any,
                                                                 run_json: Any) -> None:
    handoff = run_json("plan", path, "--group", "g")["coverage"]["handoff"]
    gaps = {(h["account"], h["product_line"]): h["mrr"] for h in handoff
            if h["kind"] == "no_customer_success"}
    # the plant pays quality (covered by o-cs) and ops (nobody); the group's account manager
    # never stands in for customer success
    assert gaps == {("c-plant", "ops"): 200000.0, ("c-hd", "p-d"): 90000.0,
                    ("c-us", "quality"): 150000.0}
    assert not [h for h in handoff if h["kind"] == "no_account_manager"]


def test_what_people_and_deals_stake(path: Any, run_json: Any) -> None:
    plan = run_json("plan", path, "--group", "g")
    (left,) = plan["risks"]["left"]
    assert left["id"] == "s-champ" and left["mrr"] == 110000.0  # the contract, not the plant
    kinds = {a["kind"] for a in plan["actions"]}
    assert "assign_customer_success" in kinds


def test_currency_problems_are_validation_errors(write_book: Any, run: Any) -> None:
    data = book(fx_rates=[])
    result = run("validate", write_book(data))
    assert result.exit_code == 2
    assert "subscriptions[5].currency" in result.stderr and "USD" in result.stderr
    data = book()
    data["groups"][0].pop("currency")
    result = run("validate", write_book(data))
    assert result.exit_code == 2 and "needs its group's currency" in result.stderr
    data = book()
    data["assignments"][1]["product_line"] = "nope"
    result = run("validate", write_book(data))
    assert result.exit_code == 2 and "unknown product line 'nope'" in result.stderr
    result = run("validate", write_book(book(fiscal_year_start="02-30")))
    assert result.exit_code == 2 and "fiscal_year_start" in result.stderr


def test_old_books_need_none_of_it(run_json: Any, tiny: dict[str, Any],
                                   write_book: Any) -> None:
    rows = run_json("renewals", write_book(copy.deepcopy(tiny)))
    assert rows == []
    out = run_json("revenue", write_book(tiny), "--period", "FY2026")
    assert out["from"] == "2026-01-01"  # fiscal year from 1 January by default


def test_revenue_renewals_plan_and_map_agree_on_the_example(run: Any, run_json: Any,
                                                            tmp_path: Any) -> None:
    from accountmap.i18n import money

    for group in ("g-nakamura", "g-harbor"):
        plan = run_json("plan", EXAMPLE, "--group", group)
        revenue = run_json("revenue", EXAMPLE, "--from", plan["since"], "--group",
                           group)["groups"][0]
        assert plan["glance"]["revenue"] == revenue | {}
        companies = {c["id"]: c["end_mrr"] for c in revenue["companies"]}
        assert {e["id"]: e["mrr"] for e in plan["glance"]["entities"]} == companies
        renewals = run_json("renewals", EXAMPLE, "--group", group)
        assert plan["renewals"] == renewals
        (forecast,) = run_json("renewals", EXAMPLE, "--group", group, "--forecast")
        assert plan["forecast"] == {k: forecast[k] for k in plan["forecast"]}
        out = tmp_path / f"{group}.html"
        assert run("map", EXAMPLE, "--group", group, "-o", out).exit_code == 0
        page = out.read_text("utf-8")
        raw = page.split('<script type="application/json" id="map-data">', 1)[1]
        data = json.loads(raw.split("</script>", 1)[0])
        labels = {n["id"]: n.get("label", "") for n in data["nodes"]}
        for company, mrr in companies.items():
            if mrr:
                assert money(mrr, plan["currency"], "en") in labels[company], company
        for r in renewals:
            if r["account"] in labels:
                assert r["renewal"] in labels[r["account"]] or r["renewal"] > min(
                    x["renewal"] for x in renewals if x["account"] == r["account"])


def test_renewals_of_a_fiscal_year_look_ahead(write_book: Any, run_json: Any) -> None:
    data = book()
    data["subscriptions"].append({"account": "c-hd", "product": "p-b", "mrr": 7000.0,
                                  "start": "2025-04-01", "renewal": "2027-03-31"})
    path = write_book(data)
    ahead = [r for r in run_json("renewals", path) if r["product"] == "p-b"]
    assert ahead == []  # its notice (2027-01-30) is 214 days away: outside the 180 days
    fy = [r for r in run_json("renewals", path, "--period", "FY2026")
          if r["product"] == "p-b"]
    assert [(r["renewal"], r["notice_date"]) for r in fy] == [("2027-03-31", "2027-01-30")]
