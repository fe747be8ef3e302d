"""Imports skip and report, never abort on data (#29): bad values are left out or their
records skipped, each reported as FILE:LINE with a reason; an unbalanced quote is found where
it starts; only a file that is not a CSV of its kind is refused."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from accountmap.validate import load_dataset

ACCOUNT = ["Id", "Name", "NumberOfEmployees", "ParentId"]
CONTACT = ["Id", "AccountId", "Name", "Department", "ReportsToId"]
USER = ["Id", "Name"]
EVENT = ["Id", "WhoId", "OwnerId", "ActivityDate", "Subject"]
A1, A2 = "001000000000001AAA", "001000000000002AAA"
C1, C2, C3 = "003000000000001AAA", "003000000000002AAA", "003000000000003AAA"
U1 = "005000000000001AAA"


def write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def export(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder, "Account.csv", ACCOUNT, [
        [A1, "Holding", "12", ""],
        [A2, "Sub " + "x" * 20_000, "9" * 30, A1],           # a name too long, a count too big
        ["0" * 300, "Too long an id", "", ""],                # skipped: no usable Id
    ])
    write(folder, "Contact.csv", CONTACT, [
        [C1, A1, "Ann", "R&D", ""],
        [C2, A1, "Bob", "R-D", C1],                           # another department, same slug
        [C3, A2, "Cy", "", C2],                               # a manager in another group
    ])
    write(folder, "User.csv", USER, [[U1, "Our Rep"]])
    write(folder, "Event.csv", EVENT, [
        ["00U000000000001AAA", C1, U1, "2026-05-01", "Kick-off"],
        ["00U000000000001AAA", C1, U1, "2026-05-01", "Kick-off"],  # listed twice
        ["00U000000000002AAA", C2, U1, "9999-12-31", "Far future"],  # a date out of range
    ])
    write(folder, "Task.csv", EVENT, [
        ["00U000000000002AAA", C2, U1, "2026-05-02", "Shares the Event's Id"],
    ])
    return folder


def test_a_hostile_export_imports_with_every_repair_reported(tmp_path: Path, run: Any) -> None:
    out = tmp_path / "book.json"
    result = run("import", "salesforce", export(tmp_path), "-o", out, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    ds = load_dataset(out)  # what was written validates
    names = {c.id: c.name for c in ds.companies}  # (ids in their 15-character form)
    assert len(names[A2[:15]]) == 10_000  # cut, with a note
    assert next(c for c in ds.companies if c.id == A2[:15]).employees is None  # left out
    depts = sorted(d.id for d in ds.departments)
    assert len(depts) == 2 and len(set(depts)) == 2  # R&D and R-D stay two departments
    assert len(ds.touchpoints) == 2  # the repeated Event once, the Task with the Event's Id
    where = [e["where"] for e in report["entries"]]
    assert "Account.csv:3" in where  # the row of the long name (the header is line 1)
    assert any(w.startswith("Event.csv:") for w in where)
    assert report["skipped"] and all(isinstance(n, int) for n in report["skipped"].values())


def test_an_unbalanced_quote_is_reported_where_it_starts(tmp_path: Path, run: Any) -> None:
    chart = tmp_path / "chart.csv"
    chart.write_text('id,manager,name,unit\n'
                     '1,XX,Ann Top,HQ\n'
                     '2,1,"Bob Open,HQ\n'
                     '3,1,Cy After,HQ\n'
                     '4,1,Di After,HQ\n', encoding="utf-8")
    out = tmp_path / "book.json"
    result = run("import", "orgchart", chart, "--id", "id", "--manager", "manager", "--name",
                 "name", "--unit", "unit", "--group-name", "G", "-o", out, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert any(e["where"] == "chart.csv:3" and "unbalanced quote" in e["reason"]
               for e in report["entries"])
    people = {s.name for s in load_dataset(out).stakeholders}
    assert {"Cy After", "Di After"} <= people  # the rows after it, read again


def test_physical_lines_count_multi_line_cells(tmp_path: Path, run: Any) -> None:
    chart = tmp_path / "chart.csv"
    chart.write_text('id,manager,name,title\n'
                     '1,XX,Ann,"Head of\nEverything"\n'
                     '2,1,Vacant,\n', encoding="utf-8")
    out = tmp_path / "book.json"
    result = run("import", "orgchart", chart, "--id", "id", "--manager", "manager", "--name",
                 "name", "--title", "title", "--group-name", "G", "-o", out, "--format",
                 "json")
    assert result.exit_code == 0, result.output
    wheres = [e["where"] for e in json.loads(result.stdout)["entries"]]
    assert "chart.csv:4" in wheres  # the vacant post on the fourth physical line


def test_only_a_file_that_is_no_csv_is_refused(tmp_path: Path, run: Any) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Account.csv").write_bytes(b"\x00\x01\x02binary")
    result = run("import", "salesforce", folder, "-o", tmp_path / "b.json")
    assert result.exit_code == 2 and "binary" in result.stderr
    assert not (tmp_path / "b.json").exists()


def test_windows_japanese_files_import_with_their_encoding(tmp_path: Path, run: Any) -> None:
    chart = tmp_path / "sjis.csv"
    chart.write_bytes("id,manager,name\n1,XX,髙橋 ①郎\n".encode("cp932"))
    out = tmp_path / "book.json"
    refused = run("import", "orgchart", chart, "--id", "id", "--manager", "manager", "--name",
                  "name", "--group-name", "G", "-o", out)
    assert refused.exit_code == 2 and "--encoding" in refused.stderr and not out.exists()
    ok = run("import", "orgchart", chart, "--id", "id", "--manager", "manager", "--name",
             "name", "--group-name", "G", "-o", out, "--encoding", "cp932")
    assert ok.exit_code == 0, ok.output
    assert [s.name for s in load_dataset(out).stakeholders] == ["髙橋 ①郎"]
