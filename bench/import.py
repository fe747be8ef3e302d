"""Benchmark: importing a large Salesforce export (100k contacts and 1M activities).

Usage: python bench/import.py [--contacts 100000] [--activities 1000000] [--keep DIR]

Writes a deterministic synthetic export (Account, Contact, User, AccountTeamMember,
Opportunity, OpportunityContactRole, Task and Event CSVs, with 18-character ids, a BOM and
CRLF like real exports), then times ``accountmap import salesforce`` end to end (reading,
building, validating, writing JSON) in this process and prints the figures with peak memory.
Target: minutes, not hours. Not a test.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff" + ",".join(header) + "\r\n")
        fh.writelines(",".join(r) + "\r\n" for r in rows)


def sfid(prefix: str, n: int) -> str:
    return f"{prefix}{n:012d}AAA"  # 18 characters, like a real export


def make_export(folder: Path, contacts: int, activities: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    accounts = max(10, contacts // 25)
    users = max(20, contacts // 500)
    acc_rows = []
    for a in range(accounts):
        parent = sfid("001", rng.randrange(a)) if a % 8 and a else ""
        acc_rows.append([sfid("001", a), f"Account {a}", parent, "Manufacturing",
                         str(rng.randint(10, 9000)), "Japan"])
    _write(folder / "Account.csv", ["Id", "Name", "ParentId", "Industry", "NumberOfEmployees",
                                    "BillingCountry"], acc_rows)
    depts = ["Quality Assurance", "IT", "Procurement", "Operations", "R&D", "Finance"]
    con_rows = []
    for c in range(contacts):
        account = c % accounts
        boss = sfid("003", c - accounts) if c >= accounts else ""
        con_rows.append([sfid("003", c), sfid("001", account), f"First{c}", f"Last{c}",
                         rng.choice(["Manager", "Director", "Engineer", "VP"]),
                         rng.choice(depts), boss, f"c{c}@customer.example"])
    _write(folder / "Contact.csv", ["Id", "AccountId", "FirstName", "LastName", "Title",
                                    "Department", "ReportsToId", "Email"], con_rows)
    roles = ["Account Manager", "Customer Success Manager", "Sales Rep", "Sales Engineer"]
    _write(folder / "User.csv", ["Id", "Name", "Title"],
           [[sfid("005", u), f"User {u}", roles[u % len(roles)]] for u in range(users)])
    _write(folder / "AccountTeamMember.csv", ["AccountId", "UserId", "TeamMemberRole"],
           [[sfid("001", a), sfid("005", rng.randrange(users)), rng.choice(roles)]
            for a in range(accounts)])
    opps = accounts * 2
    _write(folder / "Opportunity.csv", ["Id", "AccountId", "Amount", "StageName", "IsClosed",
                                        "IsWon", "CloseDate", "CreatedDate", "OwnerId", "Type"],
           [[sfid("006", o), sfid("001", o % accounts), str(rng.randint(1, 500) * 1000),
             "Closed Won" if o % 3 == 0 else "Prospecting", "TRUE" if o % 3 == 0 else "FALSE",
             "TRUE" if o % 3 == 0 else "FALSE", "2026-03-31", "2026-01-05T09:30:00.000+0900",
             sfid("005", o % users), "New Business"] for o in range(opps)])
    _write(folder / "OpportunityContactRole.csv", ["ContactId", "OpportunityId", "Role"],
           [[sfid("003", rng.randrange(contacts)), sfid("006", o), "Economic Buyer"]
            for o in range(opps)])
    tasks = activities // 2
    _write(folder / "Task.csv", ["Id", "WhoId", "OwnerId", "ActivityDate", "Subject",
                                 "TaskSubtype"],
           [[sfid("00T", t), sfid("003", rng.randrange(contacts)), sfid("005", t % users),
             f"2026-{1 + t % 12:02d}-{1 + t % 28:02d}", "Follow-up", "Call"]
            for t in range(tasks)])
    _write(folder / "Event.csv", ["Id", "WhoId", "OwnerId", "ActivityDate", "Subject", "Type"],
           [[sfid("00U", e), sfid("003", rng.randrange(contacts)), sfid("005", e % users),
             f"2026-{1 + e % 12:02d}-{1 + e % 28:02d}", "Meeting", "Meeting"]
            for e in range(activities - tasks)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--keep", default=None, help="write the export here and keep it")
    args = parser.parse_args()

    from click.testing import CliRunner

    from accountmap.cli import cli

    folder = Path(args.keep or tempfile.mkdtemp(prefix="accountmap-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    make_export(folder, args.contacts, args.activities)
    size = sum(p.stat().st_size for p in folder.glob("*.csv")) / 1e6
    print(f"export: {args.contacts:,} contacts, {args.activities:,} activities, "
          f"{size:.0f} MB of CSV written in {time.perf_counter() - started:.1f} s")
    out = folder / "book.json"
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["import", "salesforce", str(folder), "-o", str(out),
                                      "--as-of", "2026-06-30", "--format", "json"])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if result.exit_code != 0:
        raise SystemExit(result.stderr or result.output)
    print(f"import salesforce: {seconds:.1f} s end to end (read, build, validate, write "
          f"{out.stat().st_size / 1e6:.0f} MB of JSON); peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
