"""Benchmark: `accountmap import gleif` on golden-copy-sized files: time and peak memory.

Usage: python bench/gleif.py [--mb 2048] [--links 300000] [--dir /tmp/gleif-bench]

Writes (once, kept in --dir) a Level 1 golden-copy CSV of about --mb megabytes (GLEIF's real
Level 1 file is about 2.5M records, 2-3 GB unzipped) in which one group of 60 entities is
hidden among random others, and a relationship CSV of --links consolidation links (the real
Level 2 file has about 250k direct and 250k ultimate ones); then runs the import in a child
process and prints its wall time, CPU time and peak RSS, next to the floor: a child that only
reads the same files line by line. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from accountmap.identifiers import lei_check_digits

L1_HEADER = ["LEI", "Entity.LegalName", "Entity.LegalName.xmllang",
             "Entity.LegalAddress.FirstAddressLine", "Entity.LegalAddress.City",
             "Entity.LegalAddress.Country", "Entity.LegalAddress.PostalCode",
             "Entity.HeadquartersAddress.FirstAddressLine", "Entity.HeadquartersAddress.City",
             "Entity.HeadquartersAddress.Country", "Entity.LegalJurisdiction",
             "Entity.EntityCategory", "Entity.LegalForm.EntityLegalFormCode",
             "Entity.EntityStatus", "Registration.InitialRegistrationDate",
             "Registration.LastUpdateDate", "Registration.RegistrationStatus",
             "Registration.NextRenewalDate", "Registration.ManagingLOU",
             "Registration.ValidationSources"]
RR_HEADER = ["Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType",
             "Relationship.EndNode.NodeID", "Relationship.EndNode.NodeIDType",
             "Relationship.RelationshipType", "Relationship.RelationshipStatus",
             "Relationship.Period.1.startDate", "Relationship.Period.1.endDate",
             "Relationship.Period.1.periodType", "Registration.RegistrationStatus"]


def lei(n: int) -> str:
    base = f"5493{n:014d}"
    return base + lei_check_digits(base)


def write_files(folder: Path, mb: int, links: int) -> tuple[Path, Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    level1, rr = folder / f"lei2-{mb}mb.csv", folder / f"rr-{links}.csv"
    root = lei(1)
    group = [lei(i) for i in range(1, 61)]
    rng = random.Random(7)
    if not rr.exists():
        with rr.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(RR_HEADER)
            for i, child in enumerate(group[1:], start=1):
                parent = group[(i - 1) // 3]
                for kind, to in (("IS_DIRECTLY_CONSOLIDATED_BY", parent),
                                 ("IS_ULTIMATELY_CONSOLIDATED_BY", root)):
                    w.writerow([child, "LEI", to, "LEI", kind, "ACTIVE", "2020-01-01", "",
                                "RELATIONSHIP_PERIOD", "PUBLISHED"])
            for i in range(links):
                child, parent = lei(1000 + 2 * i), lei(1001 + 2 * rng.randrange(links))
                kind = "IS_DIRECTLY_CONSOLIDATED_BY" if i % 2 else \
                    "IS_ULTIMATELY_CONSOLIDATED_BY"
                w.writerow([child, "LEI", parent, "LEI", kind, "ACTIVE", "2020-01-01", "",
                            "RELATIONSHIP_PERIOD", "PUBLISHED"])
    if not level1.exists():
        with level1.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(L1_HEADER)
            for i, code in enumerate(group):
                w.writerow([code, f"Bench Group Entity {i}", "en", "1 Main St", "Tokyo", "JP",
                            "100-0001", "1 Main St", "Tokyo", "JP", "JP", "GENERAL", "XXXX",
                            "ACTIVE", "2012-01-01T00:00:00Z", "2024-01-01T00:00:00Z",
                            "ISSUED", "2025-01-01T00:00:00Z", "5493001KJTIIGC8Y1R12",
                            "FULLY_CORROBORATED"])
            n = 0
            while fh.tell() < mb << 20:
                for _ in range(10_000):
                    n += 1
                    w.writerow([lei(10_000_000 + n), f"Company number {n} Holdings Limited",
                                "en", f"{n} Long Street, Building {n % 97}", "London", "GB",
                                "EC1A 1AA", f"{n} Long Street", "London", "GB", "GB",
                                "GENERAL", "H0PO", "ACTIVE", "2014-02-10T00:00:00Z",
                                "2023-02-02T09:07:52.390Z", "ISSUED",
                                "2024-02-17T00:00:00Z", "213800WAVVOPS85N2205",
                                "FULLY_CORROBORATED"])
    return level1, rr, root


def child(command: list[str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss  # peak of the largest child so far, KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=2048)
    parser.add_argument("--links", type=int, default=300_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/gleif-bench"))
    args = parser.parse_args()
    level1, rr, root = write_files(args.dir, args.mb, args.links)
    book = args.dir / "book.yaml"
    book.write_text(f"version: 1\ngroups:\n  - {{id: g-b, name: Bench}}\ncompanies:\n"
                    f"  - {{id: c-root, name: Bench Group Entity 0, group: g-b, lei: '{root}'}}\n")
    size = (level1.stat().st_size + rr.stat().st_size) >> 20
    print(f"files: {level1.name} + {rr.name}, {size:,} MiB")
    floor = child([sys.executable, "-c", "import sys\nfor p in sys.argv[1:]:\n"
                   "    for _ in open(p, 'rb'): pass", str(rr), str(level1)])
    run = child([sys.executable, "-m", "accountmap", "import", "gleif", str(rr), str(level1),
                 "--group", "g-b", "--into", str(book), "--format", "json"])
    print(f"{'step':<22}{'wall s':>9}{'cpu s':>9}{'peak RSS MiB':>14}")
    print(f"{'floor (read lines)':<22}{floor[0]:>9.1f}{floor[1]:>9.1f}{floor[2] / 1024:>14.0f}")
    print(f"{'import gleif':<22}{run[0]:>9.1f}{run[1]:>9.1f}{run[2] / 1024:>14.0f}")
    print(f"ratio: {run[1] / floor[1]:.1f}x the floor's CPU")


if __name__ == "__main__":
    main()
