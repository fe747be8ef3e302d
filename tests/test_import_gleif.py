"""import gleif: a group's legal-entity tree from GLEIF data (real samples from
openownership/bodspipelines; hand-made API JSON and golden-copy CSV in GLEIF's layouts)."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from accountmap.cli.main import cli
from accountmap.identifiers import lei_check_digits
from accountmap.validate import load_dataset

REAL = Path(__file__).parent / "fixtures" / "gleif"
ROOT = "3C7474T6CDKPR9K6YT90"  # General Electric, the ultimate parent in the real sample

BOOK = f"""\
# a group whose top company is in the registry
version: 1
groups:
  - {{id: g-ge, name: GE}}
companies:
  - {{id: c-ge, name: General Electric Company, group: g-ge, lei: {ROOT}}}
  - {{id: c-hh, name: Hutchin Hill, group: g-ge, parent: c-ge, lei: 004L5FPTUREIWK9T2N63}}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def lei(base: str) -> str:
    base = base.ljust(18, "0")[:18]
    return base + lei_check_digits(base)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK)
    return path


def _source_links(path: Path) -> dict[str, dict[str, str]]:
    """The consolidation links as the real file states them, read here without the
    importer."""
    out: dict[str, dict[str, str]] = {"IS_DIRECTLY_CONSOLIDATED_BY": {},
                                      "IS_ULTIMATELY_CONSOLIDATED_BY": {}}
    for record in json.loads(path.read_text()):
        rel = record["Relationship"]
        if rel["RelationshipType"] in out and rel["RelationshipStatus"] == "ACTIVE":
            out[rel["RelationshipType"]][rel["StartNode"]["NodeID"]] = rel["EndNode"]["NodeID"]
    return out


def test_real_sample_builds_the_tree_it_describes(book: Path) -> None:
    files = [str(p) for p in sorted(REAL.glob("*.json"))]
    code, out, err = run("import", "gleif", *files, "--group", "g-ge", "--into", str(book),
                         "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert book.read_text() == BOOK  # without --apply nothing is written
    assert report["root"] == ROOT
    assert {m["lei"] for m in report["missing"]} == {"010CMKZ3VON21WF2ZD45",
                                                     "ZZG38T0MDR3QY1ETUA76"}
    assert [n["lei"] for n in report["not_current"]] == ["004L5FPTUREIWK9T2N63"]
    assert report["not_current"][0]["registration"] == "LAPSED"

    code, out, err = run("import", "gleif", *files, "--group", "g-ge", "--into", str(book),
                         "--apply", "--format", "json")
    assert code == 0, err
    ds = load_dataset(book)
    by_lei = {c.lei: c for c in ds.companies}
    by_id = {c.id: c for c in ds.companies}
    links = _source_links(REAL / "rr-updates-data.json")
    for child, parent in links["IS_DIRECTLY_CONSOLIDATED_BY"].items():
        assert by_id[by_lei[child].parent].lei == parent  # every direct link, as stated
    for child, parent in links["IS_ULTIMATELY_CONSOLIDATED_BY"].items():
        node = by_lei[child]
        while node.parent is not None:
            node = by_id[node.parent]
        assert node.lei == parent  # every ultimate link: the top of the chain
    added = by_lei["010CMKZ3VON21WF2ZD45"]
    assert (added.group, added.potential_mrr) == ("g-ge", 0)
    assert BOOK.splitlines() == book.read_text().splitlines()[:len(BOOK.splitlines())]
    # importing again adds nothing
    code, out, _ = run("import", "gleif", *files, "--group", "g-ge", "--into", str(book),
                       "--format", "json")
    assert json.loads(out)["missing"] == []


A, B, C, D, E, X = (lei(x) for x in ("AAAA", "BBBB", "CCCC", "DDDD", "EEEE", "XXXX"))


def _api_files(tmp: Path) -> list[Path]:
    level1 = {"data": [
        {"type": "lei-records", "id": A, "attributes": {
            "lei": A, "entity": {"legalName": {"name": "海成ホールディングス株式会社"},
                                 "legalAddress": {"country": "JP"}, "status": "ACTIVE"},
            "registration": {"status": "ISSUED"}}},
        {"type": "lei-records", "id": B, "attributes": {
            "lei": B, "entity": {"legalName": {"name": "海成飲料株式会社"},
                                 "legalAddress": {"country": "JP"}, "status": "ACTIVE"},
            "registration": {"status": "ISSUED"}}},
        {"type": "lei-records", "id": C, "attributes": {
            "lei": C, "entity": {"legalName": {"name": "Kaisei Foods Singapore Pte. Ltd."},
                                 "legalAddress": {"country": "SG"}, "status": "ACTIVE"},
            "registration": {"status": "ISSUED"}}},
        {"type": "lei-records", "id": D, "attributes": {
            "lei": D, "entity": {"legalName": {"name": "海成物流株式会社"},
                                 "legalAddress": {"country": "JP"}, "status": "ACTIVE"},
            "registration": {"status": "RETIRED"}}},
        {"type": "lei-records", "id": X, "attributes": {
            "lei": X, "entity": {"legalName": {"name": "Unrelated"},
                                 "legalAddress": {"country": "US"}, "status": "ACTIVE"},
            "registration": {"status": "ISSUED"}}},
    ]}

    def rel(child: str, parent: str, kind: str, status: str = "ACTIVE",
            end: str | None = None) -> dict[str, object]:
        period = {"type": "RELATIONSHIP_PERIOD", "startDate": "2020-01-01T00:00:00Z",
                  "endDate": end}
        return {"type": "relationship-records", "attributes": {"relationship": {
            "startNode": {"id": child, "type": "LEI"}, "endNode": {"id": parent, "type": "LEI"},
            "type": kind, "status": status, "periods": [period]}}}

    level2 = {"data": [
        rel(B, A, "IS_DIRECTLY_CONSOLIDATED_BY"), rel(B, A, "IS_ULTIMATELY_CONSOLIDATED_BY"),
        rel(C, B, "IS_DIRECTLY_CONSOLIDATED_BY"),  # C reaches the group through B
        rel(D, A, "IS_ULTIMATELY_CONSOLIDATED_BY"),  # no direct record: parent is A
        rel(E, A, "IS_DIRECTLY_CONSOLIDATED_BY", end="2021-01-01T00:00:00Z"),  # ended
        rel(X, C, "IS_FUND-MANAGED_BY"),  # not a consolidation
    ]}
    one = {"data": level2["data"][0]}  # the API's single-record form
    paths = [tmp / "lei.json", tmp / "rr.json", tmp / "one.json"]
    for path, data in zip(paths, (level1, level2, one), strict=True):
        path.write_text(json.dumps(data, ensure_ascii=False))
    return paths


KAISEI = f"""\
version: 1
groups:
  - {{id: g-kai, name: 海成グループ}}
companies:
  - {{id: c-hd, name: 海成ホールディングス, group: g-kai, lei: {A}}}
  - {{id: c-bev, name: 海成飲料株式会社, group: g-kai}}
"""


def test_api_json_names_parents_and_statuses(tmp_path: Path) -> None:
    book = tmp_path / "kaisei.yaml"
    book.write_text(KAISEI)
    files = [str(p) for p in _api_files(tmp_path)]
    code, out, err = run("import", "gleif", *files, "--group", "g-kai", "--into", str(book),
                         "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [m["lei"] for m in report["missing"]] == [C]
    assert report["missing"][0] | {} == {
        "lei": C, "name": "Kaisei Foods Singapore Pte. Ltd.", "country": "SG", "parent": B,
        "parent_company": "c-bev", "registration": "ISSUED"}
    assert report["parent_differs"] == [{"company": "c-bev", "lei": B, "book_parent": None,
                                         "registry_parent": "c-hd",
                                         "registry_parent_lei": A}]
    assert [(n["lei"], n["registration"]) for n in report["not_current"]] == [(D, "RETIRED")]
    assert run("import", "gleif", *files, "--group", "g-kai", "--into", str(book),
               "--apply")[0] == 0
    added = [c for c in load_dataset(book).companies if c.lei == C]
    assert len(added) == 1 and (added[0].parent, added[0].country) == ("c-bev", "SG")
    assert D not in {c.lei for c in load_dataset(book).companies}


def test_golden_copy_csv_zipped_gives_the_same_tree(tmp_path: Path) -> None:
    book = tmp_path / "kaisei.yaml"
    book.write_text(KAISEI)
    level1 = tmp_path / "lei2.csv"
    with level1.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["LEI", "Entity.LegalName", "Entity.LegalAddress.Country",
                    "Entity.EntityStatus", "Registration.RegistrationStatus"])
        w.writerows([[A, "海成ホールディングス株式会社", "JP", "ACTIVE", "ISSUED"],
                     [B, "海成飲料株式会社", "JP", "ACTIVE", "ISSUED"],
                     [C, "Kaisei Foods Singapore Pte. Ltd.", "SG", "ACTIVE", "ISSUED"]])
    rr = tmp_path / "rr.csv"
    with rr.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType",
                    "Relationship.EndNode.NodeID", "Relationship.EndNode.NodeIDType",
                    "Relationship.RelationshipType", "Relationship.RelationshipStatus",
                    "Relationship.Period.1.startDate", "Relationship.Period.1.endDate",
                    "Relationship.Period.1.periodType"])
        w.writerows([[B, "LEI", A, "LEI", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE",
                      "2020-01-01", "", "RELATIONSHIP_PERIOD"],
                     [C, "LEI", B, "LEI", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE",
                      "2020-01-01", "", "RELATIONSHIP_PERIOD"],
                     [E, "LEI", A, "LEI", "IS_DIRECTLY_CONSOLIDATED_BY", "INACTIVE",
                      "2020-01-01", "", "RELATIONSHIP_PERIOD"]])
    zipped = tmp_path / "rr.csv.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(rr, "20261201-gleif-goldencopy-rr.csv")
    code, out, err = run("import", "gleif", str(level1), str(zipped), "--group", "g-kai",
                         "--into", str(book), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [(m["lei"], m["parent_company"]) for m in report["missing"]] == [(C, "c-bev")]


def test_unreadable_file_is_one_line_exit_2(tmp_path: Path, book: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"data": [{"type": "relationship-records", ')
    code, _, err = run("import", "gleif", str(bad), "--group", "g-ge", "--into", str(book))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"{bad}: not GLEIF data that can be read")


def test_a_group_without_a_registry_root_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "b.yaml"
    book.write_text(KAISEI.replace(f", lei: {A}", ""))
    code, _, err = run("import", "gleif", str(REAL / "rr-updates-data.json"), "--group",
                       "g-kai", "--into", str(book))
    assert code == 2 and "has no lei" in err
