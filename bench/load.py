"""Benchmark: batched UNWIND...MERGE loading vs naive one-row-per-transaction MERGE.

Usage: python bench/load.py [--groups 100] [--naive-rows 2000] [--batch-size 5000]

Starts a fresh local Neo4j with scripts/neo4j (in a temporary folder, on a free port),
generates a deterministic book (``accountmap generate``; 100 groups is about 9k stakeholders
and 87k touchpoints), loads it with the batched loader, then loads a sample of its touchpoint
nodes (the most numerous kind) one row per transaction with a plain MERGE, and prints rows/s
for both and the ratio. Also times a second, unchanged load, a --prune load, a reload
after 1% of the stakeholders changed, and reading the dataset back against reading the
book's JSON file. Stops the server at the end. Not a test.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--naive-rows", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()

    from neo4j import GraphDatabase

    from accountmap.generate import generate_book
    from accountmap.io import Document, Locator
    from accountmap.store.connection import Connection
    from accountmap.store.loader import load
    from accountmap.validate import check_document

    home = Path(tempfile.mkdtemp(prefix="accountmap-bench-"))
    port = free_port()
    script = str(ROOT / "scripts" / "neo4j")
    heap = os.environ.get("ACCOUNTMAP_NEO4J_HEAP", "2g")
    subprocess.run([script, "start", "--home", str(home), "--port", str(port), "--heap", heap,
                    "--pagecache-mb", os.environ.get("ACCOUNTMAP_NEO4J_PAGECACHE_MB", "1024")],
                   check=True)
    try:
        uri = f"bolt://127.0.0.1:{port}"
        conn = Connection(uri=uri)
        book = generate_book(args.groups, seed=1)
        ds = check_document(Document("bench", book, Locator("bench")))
        report = load(conn, ds, "bench", batch_size=args.batch_size)
        rows_per_s = report.rows / report.seconds
        print(f"batched load: {report.rows} rows ({report.nodes_created} nodes, "
              f"{report.relationships_created} relationships) in {report.seconds:.1f} s = "
              f"{rows_per_s:,.0f} rows/s (batch {args.batch_size})")
        again = load(conn, ds, "bench", batch_size=args.batch_size)
        print(f"second load, unchanged: {again.seconds:.1f} s "
              f"({again.nodes_created} created, {again.nodes_updated} updated)")
        pruned = load(conn, ds, "bench", batch_size=args.batch_size, prune=True)
        print(f"load with --prune, unchanged: {pruned.seconds:.1f} s "
              f"({pruned.nodes_pruned} pruned)")
        # 1% of the stakeholders change their title: the reload is proportional to that
        step = 100
        people = [s.model_copy(update={"title": f"{s.title or ''} (new)"}) if i % step == 0
                  else s for i, s in enumerate(ds.stakeholders)]
        changed = load(conn, ds.model_copy(update={"stakeholders": people}), "bench",
                       batch_size=args.batch_size)
        print(f"reload after changing 1% of the stakeholders: {changed.seconds:.1f} s "
              f"({changed.nodes_updated} updated)")

        # reading the dataset back (what `accountmap summary bolt://...` does) against
        # reading the same book from its JSON file
        from accountmap.io import dumps
        from accountmap.store.reader import read_dataset
        from accountmap.validate import load_dataset

        book_file = home / "book.json"
        book_file.write_text(dumps(book, "json"), encoding="utf-8")
        start = time.perf_counter()
        load_dataset(book_file)
        from_file = time.perf_counter() - start
        start = time.perf_counter()
        read_dataset(conn, "bench")
        from_neo4j = time.perf_counter() - start
        print(f"read back from Neo4j: {from_neo4j:.1f} s; the same book from JSON: "
              f"{from_file:.1f} s ({from_neo4j / from_file:.1f}x)")

        sample = [t for t in ds.touchpoints[:args.naive_rows]]
        with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
            start = time.perf_counter()
            for t in sample:
                session.execute_write(lambda tx, t=t: tx.run(
                    "MERGE (n:Touchpoint {dataset: $dataset, key: $key}) "
                    "SET n.date = $date, n.kind = $kind", dataset="naive", key=t.id,
                    date=t.date, kind=t.kind.value).consume())
            naive_s = time.perf_counter() - start
        naive_rate = len(sample) / naive_s
        print(f"naive load: {len(sample)} rows, one MERGE per transaction, in {naive_s:.1f} s "
              f"= {naive_rate:,.0f} rows/s")
        print(f"ratio batched/naive: {rows_per_s / naive_rate:.1f}x")
    finally:
        subprocess.run([script, "stop", "--home", str(home)], check=False)


if __name__ == "__main__":
    sys.exit(main())
