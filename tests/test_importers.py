"""Importers on real data and on hand-made exports with each real-world quirk: the UK
government organograms of one department group (two snapshots), Salesforce export samples,
and merging; every import validates, reports what it skipped and why, and feeds the
analyses (import -> validate -> coverage)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from accountmap.identifiers import slug
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
UK = FIXTURES / "uk-organogram"
SNAPSHOTS = ("2011-03-31", "2011-09-30")
UK_OPTIONS = ["--id", "Post Unique Reference", "--manager", "Reports to Senior Post",
              "--name", "Name", "--title", "Job Title", "--unit", "Unit",
              "--organisation", "Organisation", "--group-name", "BIS group"]


def import_uk(run, tmp_path: Path, day: str) -> dict[str, Any]:
    out = tmp_path / f"bis-{day}.yaml"
    result = run("import", "orgchart", UK / f"bis-group-{day}-senior.csv", *UK_OPTIONS,
                 "--as-of", day, "-o", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert run("validate", out).exit_code == 0
    return {"path": out, "book": yaml.safe_load(out.read_text(encoding="utf-8")),
            "report": json.loads(result.stdout)}


# -- the source, read by the test itself -----------------------------------------------------

def chart(day: str) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Posts of a snapshot: (organisation, post id) -> its rows (a job share has two)."""
    posts: dict[tuple[str, str], list[dict[str, str]]] = {}
    with (UK / f"bis-group-{day}-senior.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            posts.setdefault((row["Organisation"], row["Post Unique Reference"]), []).append(row)
    return posts


def held(posts, key) -> bool:
    return any(r["Name"].strip().lower() != "vacant" for r in posts[key])


def nearest_holder_above(posts, key) -> tuple[str, str] | None:
    """The post a holder of ``key`` really reports to: up the chart past vacant posts."""
    org, seen = key[0], {key}
    manager = posts[key][0]["Reports to Senior Post"].strip()
    while manager and manager.upper() != "XX" and (org, manager) in posts \
            and (org, manager) not in seen:
        seen.add((org, manager))
        if held(posts, (org, manager)):
            return org, manager
        manager = posts[(org, manager)][0]["Reports to Senior Post"].strip()
    return None


def post_of(book: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The imported stakeholders' posts, read back from the documented id scheme
    s-<organisation>-<post id>[-n]."""
    companies = {c["id"]: c["name"] for c in book["companies"]}
    out = {}
    for s in book["stakeholders"]:
        org = companies[s["company"]]
        ref = s["id"][len("s-" + s["company"][2:] + "-"):]
        out[s["id"]] = (org, ref)
    return out


# -- UK organograms --------------------------------------------------------------------------

@pytest.mark.parametrize("day", SNAPSHOTS)
def test_uk_group_imports_with_reporting_lines_as_in_the_source(run, tmp_path, day):
    imported = import_uk(run, tmp_path, day)
    book = imported["book"]
    posts = chart(day)
    assert {c["name"] for c in book["companies"]} == {org for org, _ in posts}
    assert len(book["groups"]) == 1
    held_rows = sum(1 for rows in posts.values() for r in rows
                    if r["Name"].strip().lower() != "vacant")
    assert len(book["stakeholders"]) == held_rows
    of = post_of(book)
    refs = {(org, slug(ref)): (org, ref) for org, ref in posts}
    checked = 0
    for s in book["stakeholders"]:
        org, ref_slug = of[s["id"]]
        base = ref_slug if (org, ref_slug) in refs else ref_slug.rsplit("-", 1)[0]
        key = refs[(org, base)]
        expected = nearest_holder_above(posts, key)
        got = of[s["reports_to"]] if "reports_to" in s else None
        got_key = refs.get(got) if got else None
        if got and got_key is None:  # the manager is a job share's second holder? never
            got_key = refs[(got[0], got[1].rsplit("-", 1)[0])]
        assert got_key == expected, (s["id"], expected, got)
        checked += 1
    assert checked == held_rows
    vacant = sum(1 for k in posts if not held(posts, k))
    assert imported["report"]["skipped"].get(
        "vacant post (not a person; reporting lines through it are kept)", 0) == vacant


def test_two_snapshots_diff_as_a_reviewer_counts_the_posts(run, tmp_path):
    old, new = (import_uk(run, tmp_path, day) for day in SNAPSHOTS)
    result = run("diff", old["path"], new["path"], "--format", "json")
    changes = json.loads(result.stdout)["changes"]
    counts: dict[str, int] = {}
    for c in changes:
        counts[c["change"]] = counts.get(c["change"], 0) + 1

    def holders(day):
        posts = chart(day)
        out = {}
        for key, rows in posts.items():
            people = [r for r in rows if r["Name"].strip().lower() != "vacant"]
            for n, _ in enumerate(people, 1):
                out[(*key, n)] = nearest_holder_above(posts, key)
        return out

    before, after = holders(SNAPSHOTS[0]), holders(SNAPSHOTS[1])
    assert counts.get("stakeholder_joined", 0) == len(after.keys() - before.keys())
    assert counts.get("stakeholder_left", 0) == len(before.keys() - after.keys())
    moved = sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
    assert counts.get("manager_changed", 0) == moved > 0
    # the same post keeps its id: most posts of the earlier chart are still there
    same = set(post_of(old["book"])) & set(post_of(new["book"]))
    assert len(same) == len(before.keys() & after.keys())


# -- hand-made org charts: every quirk ---------------------------------------------------------

ORG_CSV = ("\ufeffPost,Boss,Person,Role,Team,Org\r\n"
           "1,XX,Ann Top,Chief Executive,Board,Alpha\r\n"
           "2,1,Vacant,Director,Ops,Alpha\r\n"          # vacant: not a person
           "3,2,Bob Below,Manager,ops ,Alpha\r\n"       # reports through the vacancy to 1
           "4,1,Cy Share,Analyst,OPS,Alpha\r\n"         # a job share: post 4 twice
           "4,1,Di Share,Analyst,Ops,Alpha\r\n"
           "5,99,Ed Orphan,Clerk,Ops,Alpha\r\n"         # manager 99 is not in the chart
           "6,7,N/D,Adviser,Ops,Alpha\r\n"              # name not disclosed
           "7,6,Fay Loop,Adviser,Ops,Alpha\r\n"         # 6 and 7 report to each other
           "1,XX,Gus Other,Chief Executive,Board,Beta\r\n"  # post 1 again, other org
           ",1,No Id,Clerk,Board,Beta\r\n")


def test_org_chart_quirks(run, tmp_path):
    src = tmp_path / "chart.csv"
    src.write_bytes(ORG_CSV.encode("utf-8"))
    out = tmp_path / "chart.yaml"
    result = run("import", "orgchart", src, "--id", "Post", "--manager", "Boss", "--name",
                 "Person", "--title", "Role", "--unit", "Team", "--organisation", "Org",
                 "--group-name", "Acme group", "-o", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    book = yaml.safe_load(out.read_text(encoding="utf-8"))
    people = {s["name"]: s for s in book["stakeholders"]}
    by_id = {s["id"]: s for s in book["stakeholders"]}
    assert "Vacant" not in people
    assert by_id[people["Bob Below"]["reports_to"]]["name"] == "Ann Top"  # through the vacancy
    assert people["Cy Share"]["id"] == "s-alpha-4" and people["Di Share"]["id"] == "s-alpha-4-2"
    assert "reports_to" not in people["Ed Orphan"]
    assert people["Adviser (name not disclosed)"]["title"] == "Adviser"
    loop = [people["Adviser (name not disclosed)"], people["Fay Loop"]]
    assert sum("reports_to" in p for p in loop) == 1  # the loop is cut once
    assert people["Gus Other"]["id"] == "s-beta-1"  # post ids are per organisation
    alpha_units = [d for d in book["departments"] if d["company"] == "c-alpha"]
    assert sorted(d["name"] for d in alpha_units) == ["Board", "ops"]  # ops/OPS/Ops are one
    report = json.loads(result.stdout)
    assert report["skipped"] == {
        "vacant post (not a person; reporting lines through it are kept)": 1,
        "manager post not in the chart (reporting line left out)": 1,
        "reporting line closing a loop (left out)": 1,
        "row without a post id": 1}
    assert run("validate", out).exit_code == 0
    coverage = run("coverage", out, "--format", "json")
    assert coverage.exit_code == 0 and json.loads(coverage.stdout)


def test_org_chart_with_a_missing_column_says_which_columns_there_are(run, tmp_path):
    src = tmp_path / "chart.csv"
    src.write_text(ORG_CSV, encoding="utf-8")
    out = tmp_path / "x.yaml"
    result = run("import", "orgchart", src, "--id", "Post", "--manager", "Manager",
                 "--name", "Person", "--group-name", "G", "-o", out)
    assert result.exit_code == 2 and "'Manager'" in result.stderr and "Boss" in result.stderr
    assert not out.exists()


def test_org_chart_options_from_a_mapping_file(run, tmp_path):
    src = tmp_path / "chart.csv"
    src.write_text(ORG_CSV, encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("id: Post\nmanager: Boss\nname: Person\norganisation: Org\n"
                       "group_name: Acme group\n", encoding="utf-8")
    out = tmp_path / "x.json"
    assert run("import", "orgchart", src, "--mapping", mapping, "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["groups"][0]["name"] == "Acme group"


# -- Salesforce ------------------------------------------------------------------------------

def test_salesforce_sample_export(run, tmp_path):
    out = tmp_path / "crm.yaml"
    result = run("import", "salesforce", FIXTURES / "salesforce-format", "-o", out,
                 "--as-of", "2019-01-31", "--format", "json")
    assert result.exit_code == 0, result.stderr
    book = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(book["companies"]) == 7 and len(book["stakeholders"]) == 4
    assert [d["name"] for d in book["departments"]] == ["Education"]
    (opp,) = book["opportunities"]
    assert (opp["status"], opp["amount"], opp["close_date"]) == ("won", 41.25, "2018-03-03")
    assert run("validate", out).exit_code == 0
    assert run("coverage", out, "--format", "json").exit_code == 0


def _csv(folder: Path, name: str, header: str, *rows: str, bom: bool = True) -> None:
    text = "\r\n".join([header, *rows]) + "\r\n"
    (folder / name).write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))


ACC_HD, ACC_SUB, ACC_OTHER = "001000000000AAA", "001000000000BBB", "001000000000CCC"


@pytest.fixture
def export(tmp_path):
    """A hand-made export with every quirk: 18-character references to 15-character ids,
    BOMs, CRLF, empty strings, timestamps with offsets, and references to missing records."""
    f = tmp_path / "export"
    f.mkdir()
    _csv(f, "Account.csv", "Id,Name,ParentId,Industry,NumberOfEmployees,BillingCountry",
         f"{ACC_HD}XYZ,Kaisha Holdings,,Food,1200,Japan",           # 18-character id
         f"{ACC_SUB},Kaisha Foods,{ACC_HD}XYZ,Food,,Japan",          # parent by 18 chars
         f"{ACC_OTHER},Stray Co,001000000000ZZZ,,,")                 # parent not exported
    _csv(f, "Contact.csv", "Id,AccountId,FirstName,LastName,Name,Title,Department,"
         "ReportsToId,Email",
         f"003000000000001,{ACC_HD},Ken,Nakamura,,CEO,,,ken@k.example",
         f"003000000000002AAA,{ACC_SUB}QQQ,,,Haruka Sato,Head of QA,Quality  Assurance,"
         "003000000000001,",
         f"003000000000003,{ACC_SUB},Jun,Kimura,,,quality assurance,003000000000999,",
         "003000000000004,001000000000NOP,Lost,Person,,,,,")         # account not exported
    _csv(f, "User.csv", "Id,Name,Title,UserRole",
         "005000000000001,Aki Manager,Account Manager,",
         "005000000000002,Chie Success,,Customer Success Manager",
         "005000000000003,Sam Seller,Sales,")
    _csv(f, "AccountTeamMember.csv", "AccountId,UserId,TeamMemberRole",
         f"{ACC_HD},005000000000001,Account Manager",
         f"{ACC_SUB},005000000000002AAA,Customer Success Manager",
         f"{ACC_SUB},005000000000003,Deal Desk")                     # not a known role
    _csv(f, "Opportunity.csv", "Id,AccountId,Amount,StageName,IsClosed,IsWon,CloseDate,"
         "CreatedDate,OwnerId,Type",
         f"006000000000001,{ACC_SUB},120000,Closed Won,TRUE,TRUE,2026-03-31,"
         "2026-01-05T09:30:00.000+0900,005000000000003,New Business",
         f"006000000000002,{ACC_HD},,Prospecting,FALSE,FALSE,2026-09-30,"
         "2026-05-01T23:59:59.000-0700,005000000000001,Existing Customer - Upgrade",
         "006000000000003,001000000000NOP,5,Prospecting,FALSE,FALSE,,,,")
    _csv(f, "OpportunityContactRole.csv", "ContactId,OpportunityId,Role,IsPrimary",
         "003000000000002,006000000000001,Economic Buyer,true",
         "003000000000002,006000000000001,Technical Buyer,false",
         "003000000000003,006000000000001,Coffee Maker,false")       # not a known role
    _csv(f, "Event.csv", "Id,WhoId,WhatId,AccountId,OwnerId,ActivityDate,Subject,Type",
         f"00U000000000001,003000000000002,,{ACC_SUB},005000000000001,2026-06-10,QBR,Meeting",
         f"00U000000000002,003000000000777,,{ACC_SUB},005000000000001,2026-06-11,Ghost,")
    _csv(f, "EventRelation.csv", "EventId,RelationId",
         "00U000000000001,005000000000002", "00U000000000001,003000000000001")
    _csv(f, "Task.csv", "Id,WhoId,OwnerId,ActivityDate,Subject,TaskSubtype",
         "00T000000000001,003000000000003,005000000000002,2026-06-12T10:00:00Z,Call,Call")
    _csv(f, "Subscriptions.csv", "account,product,mrr,status,start,renewal",
         f"{ACC_SUB},Quality Cloud,10000,active,2025-04-01,2027-03-31", bom=False)
    return f


def test_salesforce_quirks_import_with_a_correct_report(run, export, tmp_path):
    out = tmp_path / "crm.yaml"
    result = run("import", "salesforce", export, "-o", out, "--as-of", "2026-06-30",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    book = yaml.safe_load(out.read_text(encoding="utf-8"))
    companies = {c["id"]: c for c in book["companies"]}
    assert companies[ACC_SUB]["parent"] == ACC_HD  # 18 characters matched 15
    assert companies[ACC_SUB]["group"] == companies[ACC_HD]["group"] == f"g-{ACC_HD}"
    assert companies[ACC_HD]["employees"] == 1200 and "parent" not in companies[ACC_OTHER]
    people = {s["id"]: s for s in book["stakeholders"]}
    assert set(people) == {"003000000000001", "003000000000002", "003000000000003"}
    assert people["003000000000001"]["name"] == "Ken Nakamura"
    sato = people["003000000000002"]
    assert sato["reports_to"] == "003000000000001" and sato["company"] == ACC_SUB
    assert sorted(sato["roles"]) == ["economic_buyer", "technical_evaluator"]
    (qa,) = book["departments"]  # "Quality  Assurance" and "quality assurance" are one
    assert sato["department"] == people["003000000000003"]["department"] == qa["id"]
    roles = {(a["owner"], a["account"]): a["role"] for a in book["assignments"]}
    assert roles == {("005000000000001", ACC_HD): "account_manager",
                     ("005000000000002", ACC_SUB): "customer_success",
                     ("005000000000003", ACC_SUB): "other"}
    opps = {o["id"]: o for o in book["opportunities"]}
    assert opps["006000000000001"]["created"] == "2026-01-05"  # the timestamp's own date
    assert opps["006000000000001"]["kind"] == "new_business"
    assert opps["006000000000002"]["amount"] == 0 and opps["006000000000002"]["kind"] == \
        "expansion"
    assert {"owner": "005000000000003", "stakeholder": "003000000000002"} in \
        book["relationships"]
    tps = {t["id"]: t for t in book["touchpoints"]}
    assert tps["00U000000000001"]["owners"] == ["005000000000001", "005000000000002"]
    assert tps["00U000000000001"]["stakeholders"] == ["003000000000001", "003000000000002"]
    assert tps["00T000000000001"]["kind"] == "call"
    (sub,) = book["subscriptions"]
    assert (sub["account"], sub["mrr"], sub["renewal"]) == (ACC_SUB, 10000, "2027-03-31")
    report = json.loads(result.stdout)
    assert report["skipped"] == {
        "parent account not in the export (account made top of its own group)": 1,
        "contact whose account is not in the export (left out)": 1,
        "manager (ReportsToId) not in the export (line left out)": 1,
        "team role not mapped (assigned as 'other')": 1,
        "opportunity whose account is not in the export": 1,
        "contact role not mapped (role left out)": 1,
        "event without a user and a contact in the export, or without a date": 1}
    assert report["examples"]["contact whose account is not in the export (left out)"] == [
        "Contact.csv:5"]
    assert run("validate", out).exit_code == 0
    coverage = json.loads(run("coverage", out, "--format", "json").stdout)
    assert {e["id"] for e in coverage} <= set(companies) | {d["id"] for d in book["departments"]}


def test_salesforce_mapping_renames_columns_and_values(run, export, tmp_path):
    (export / "Contact.csv").write_text(
        (export / "Contact.csv").read_text(encoding="utf-8-sig").replace("Department",
                                                                          "Dept__c"),
        encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  Contact: {Department: Dept__c}\n"
                       "values:\n  team_roles: {Deal Desk: customer_sales}\n",
                       encoding="utf-8")
    out = tmp_path / "crm.json"
    result = run("import", "salesforce", export, "--mapping", mapping, "-o", out)
    assert result.exit_code == 0, result.stderr
    book = json.loads(out.read_text(encoding="utf-8"))
    assert len(book["departments"]) == 1
    assert {a["role"] for a in book["assignments"]} >= {"customer_sales"}


def test_salesforce_folder_without_accounts_is_an_error(run, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("import", "salesforce", tmp_path / "empty", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and not (tmp_path / "x.yaml").exists()


# -- merge -------------------------------------------------------------------------------------

def test_merge_an_org_chart_and_a_crm_import(run, export, tmp_path, write_book):
    crm = tmp_path / "crm.yaml"
    assert run("import", "salesforce", export, "-o", crm, "--as-of", "2026-06-30").exit_code == 0
    book = yaml.safe_load(crm.read_text(encoding="utf-8"))
    # the org chart of the same customer, keyed on the CRM's ids
    chart = {"version": 1, "as_of": "2026-05-31",
             "groups": [{"id": f"g-{ACC_HD}", "name": "Kaisha group", "currency": "JPY"}],
             "companies": [{"id": ACC_HD, "name": "Kaisha Holdings KK", "group": f"g-{ACC_HD}",
                            "potential_mrr": 50000}],
             "stakeholders": [{"id": "003000000000001", "name": "Ken Nakamura",
                               "company": ACC_HD, "roles": ["decision_maker"]},
                              {"id": "s-new", "name": "New Person", "company": ACC_HD,
                               "reports_to": "003000000000001"}]}
    other = write_book(chart, "chart.yaml")
    out = tmp_path / "merged.yaml"
    result = run("merge", crm, other, "-o", out, "--format", "json")
    assert result.exit_code == 0, result.stderr
    merged = yaml.safe_load(out.read_text(encoding="utf-8"))
    companies = {c["id"]: c for c in merged["companies"]}
    assert companies[ACC_HD]["name"] == "Kaisha Holdings KK"  # the later file wins
    assert companies[ACC_HD]["potential_mrr"] == 50000 and companies[ACC_HD]["employees"] == 1200
    assert merged["as_of"] == "2026-06-30"
    people = {s["id"]: s for s in merged["stakeholders"]}
    assert len(people) == len(book["stakeholders"]) + 1
    report = json.loads(result.stdout)
    names = [c for c in report["conflicts"] if c["field"] == "name" and c["section"] == "companies"]
    assert names and names[0]["kept"] == "Kaisha Holdings KK"
    assert run("validate", out).exit_code == 0
    clash = dict(chart, departments=[{"id": ACC_SUB, "name": "Not a company",
                                      "company": ACC_HD}])
    bad = run("merge", crm, write_book(clash, "clash.yaml"), "-o", tmp_path / "bad.yaml")
    assert bad.exit_code == 2 and "cannot be two kinds" in bad.stderr
    assert not (tmp_path / "bad.yaml").exists()


def test_merging_a_book_with_itself_gives_the_same_book(run, tmp_path):
    from accountmap.validate import load_dataset
    from tests.conftest import EXAMPLE

    out = tmp_path / "same.yaml"
    assert run("merge", EXAMPLE, EXAMPLE, "-o", out).exit_code == 0
    assert load_dataset(out) == load_dataset(EXAMPLE)
