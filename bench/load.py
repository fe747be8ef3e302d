"""Benchmark: loading a book into Neo4j, side by side with the baselines the loader must beat.

Usage: python bench/load.py [--groups 100] [--scale-to 1000] [--naive-rows 2000]
                            [--batch-size 5000] [--workers 2]
       python bench/load.py --team [--groups 100,1000] [--pairs 3]   (see bench/team.py)

Starts a fresh local Neo4j with scripts/neo4j (in a temporary folder, on a free port),
generates a deterministic book (``accountmap generate``; 100 groups is about 100k nodes and
240k relationships) and prints, in one run on one server:

1. **plain CREATE**: the same nodes (with the same properties) and relationships written by
   plain batched ``UNWIND ... CREATE`` statements (nodes, then each link type, then each
   record relationship; ends found by the (dataset, key) index) into an empty database with
   the constraints in place: the floor a careful hand-written load reaches;
2. **accountmap load**, first load into the emptied database, and its ratio to (1);
3. an unchanged reload, a ``--prune`` reload, and reloads after 0.1%, 1% and 10% of the
   records changed (every 1000th, 100th, 10th stakeholder and touchpoint), each with what it
   costs on top of the unchanged reload, and the reload that changes them back;
4. reading the dataset back (``accountmap summary bolt://...`` does this) against reading the
   book's JSON file (the median of three runs each, alternating);
5. a naive load: one MERGE per transaction, and the first load's ratio to it;
6. **the bulk path**: ``accountmap export neo4j-import`` and Neo4j's offline importer
   (``scripts/neo4j import``) into a new database, in elements (nodes + relationships) a
   second beside the Cypher loader's.

With ``--scale-to N`` it then loads an N-group book both ways (Cypher loader into an empty
database; export + importer into a new one) and prints how each time grows from the first
size. A warm-up (see ``warm_up``) runs first, so no measured load pays for the server's query
planning or the JIT compilation of its code; its time, a first load on a new server, is
printed too.
Stops the servers at the end. Not a test; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(ROOT / "scripts" / "neo4j")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(home: Path) -> str:
    port = free_port()
    subprocess.run([SCRIPT, "start", "--home", str(home), "--port", str(port), "--heap",
                    os.environ.get("ACCOUNTMAP_NEO4J_HEAP", "2g"), "--pagecache-mb",
                    os.environ.get("ACCOUNTMAP_NEO4J_PAGECACHE_MB", "1024")], check=True)
    return f"bolt://127.0.0.1:{port}"


def stop(home: Path) -> None:
    subprocess.run([SCRIPT, "stop", "--home", str(home)], check=False)


def book_of(groups: int) -> Any:
    from accountmap.generate import generate_book
    from accountmap.io import Document, Locator
    from accountmap.validate import check_document

    return check_document(Document("bench", generate_book(groups, seed=1), Locator("bench")))


def wipe(uri: str) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                    ).consume()


def plain_create(uri: str, ds: Any, name: str, batch: int) -> tuple[float, int]:
    """The baseline: the loader's rows, written by plain UNWIND ... CREATE statements, one
    transaction per batch, one session; (seconds, graph elements written)."""
    from neo4j import GraphDatabase

    from accountmap.store import digests, statements
    from accountmap.store import rows as row_builders
    from accountmap.store.shape import LINKS, NODE_LABELS, RECORD_RELS

    elements = 0

    def run(session: Any, query: str, rows: list[dict[str, Any]]) -> None:
        nonlocal elements
        for i in range(0, len(rows), batch):
            counters = session.execute_write(lambda tx, i=i: tx.run(
                query, rows=rows[i:i + batch], dataset=name).consume().counters)
            elements += counters.nodes_created + counters.relationships_created

    with GraphDatabase.driver(uri, auth=None) as driver, \
            driver.session(notifications_min_severity="OFF") as session:
        for statement in statements.schema_statements():
            session.run(statement).consume()
        start = time.perf_counter()
        session.run("CREATE (d:Dataset {name: $n, complete: true})", n=name).consume()
        keys = {section: digests.row_keys(ds, section) for section in digests.DIGESTED}
        hashes = {section: digests.section_digests(ds, section, keys[section])
                  for section in digests.DIGESTED}
        for section, labels in NODE_LABELS.items():
            run(session, f"UNWIND $rows AS row CREATE (n:{':'.join(labels)} "
                         f"{{dataset: $dataset, key: row.key}}) "
                         f"SET n += row.props, n.hash = row.hash",
                row_builders.node_rows(ds, section, keys[section], hashes[section],
                                  range(len(keys[section]))))
        for link in LINKS:
            source = NODE_LABELS[link.section][0]
            run(session, f"UNWIND $rows AS row "
                         f"MATCH (a:{source} {{dataset: $dataset, key: row.src}}) "
                         f"UNWIND range(0, size(row.targets) - 1) AS pos "
                         f"MATCH (b:{link.target} {{dataset: $dataset, key: row.targets[pos]}}) "
                         f"CREATE (a)-[:{link.rtype} {{pos: pos, dataset: $dataset}}]->(b)",
                [r for r in row_builders.link_rows(ds, link, keys[link.section],
                                              range(len(keys[link.section]))) if r["targets"]])
        for rr in RECORD_RELS:
            for target, rows in row_builders.record_rel_rows(ds, rr, keys[rr.section],
                                                      hashes[rr.section]).items():
                run(session, f"UNWIND $rows AS row "
                             f"MATCH (a:{rr.source} {{dataset: $dataset, key: row.src}}) "
                             f"MATCH (b:{target} {{dataset: $dataset, key: row.dst}}) "
                             f"CREATE (a)-[r:{rr.rtype}]->(b) SET r = row.props, "
                             f"r.key = row.key, r.dataset = $dataset, r.hash = row.hash", rows)
        return time.perf_counter() - start, elements


def bulk(ds: Any, name: str, work: Path) -> tuple[float, float, int]:
    """Export + the offline importer into a new home: (export s, import s, elements)."""
    from accountmap.store.bulk import export_import_files

    files, home = work / "files", work / "home"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    report = export_import_files(ds, name, files)
    start = time.perf_counter()
    subprocess.run([SCRIPT, "import", "--home", str(home), "--heap",
                    os.environ.get("ACCOUNTMAP_NEO4J_HEAP", "2g"), str(files)], check=True,
                   stdout=subprocess.DEVNULL)
    imported = time.perf_counter() - start
    return report.seconds, imported, report.nodes + report.relationships


def changed_book(ds: Any, step: int, mark: str) -> Any:
    """The book with every ``step``th stakeholder's title and touchpoint's topic changed
    (the two sections hold 97% of the records)."""
    people = [s.model_copy(update={"title": f"{s.title or ''} ({mark})"}) if i % step == 0
              else s for i, s in enumerate(ds.stakeholders)]
    meetings = [t.model_copy(update={"topic": f"{t.topic or ''} ({mark})"}) if i % step == 0
                else t for i, t in enumerate(ds.touchpoints)]
    return ds.model_copy(update={"stakeholders": people, "touchpoints": meetings})


def warm_up(conn: Any, uri: str, ds: Any, args: argparse.Namespace) -> float:
    """Bring a new server to the state of a server in use, then empty it: the measured book
    loaded (under another dataset name), reloaded changed and read back, and a small book
    written by the plain CREATE. The server then has every query of the measured runs planned
    (a new server pays ~0.2 s each) and its own write path compiled by the JIT: on a
    just-started JVM the first large load also pays for that compilation (on this 2-core
    machine about as much CPU as the load itself, on the core the load needs). Both measured
    loads start warm. Returns the warm-up's first load time (the load on a new server)."""
    from accountmap.store.loader import load
    from accountmap.store.reader import read_dataset

    cold = load(conn, ds, "warmup", batch_size=args.batch_size, workers=args.workers)
    load(conn, changed_book(ds, 10, "changed"), "warmup", batch_size=args.batch_size,
         workers=args.workers)
    read_dataset(conn, "warmup")
    plain_create(uri, book_of(3), "warmup-plain", args.batch_size)
    wipe(uri)
    return cold.seconds


def main() -> None:
    if "--team" in sys.argv[1:]:  # one group of a shared dataset: bench/team.py
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from team import main as team

        team([a for a in sys.argv[1:] if a != "--team"])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--scale-to", type=int, default=0,
                        help="also load a book of this many groups both ways")
    parser.add_argument("--naive-rows", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from neo4j import GraphDatabase

    from accountmap.io import dumps
    from accountmap.store.connection import Connection
    from accountmap.store.loader import load
    from accountmap.store.reader import read_dataset
    from accountmap.validate import load_dataset

    work = Path(tempfile.mkdtemp(prefix="accountmap-bench-"))
    home = work / "server"
    uri = start(home)
    conn = Connection(uri=uri)
    try:
        ds = book_of(args.groups)
        cold_s = warm_up(conn, uri, ds, args)
        print(f"warm-up: the same book's first load on the new server took {cold_s:.1f} s "
              f"(its JIT compiling the server's write path as it runs); then emptied")

        plain_s, elements = plain_create(uri, ds, "bench", args.batch_size)
        print(f"plain UNWIND...CREATE: {elements:,} elements in {plain_s:.1f} s = "
              f"{elements / plain_s:,.0f} elements/s")
        wipe(uri)
        report = load(conn, ds, "bench", batch_size=args.batch_size, workers=args.workers)
        loaded = report.nodes_created + 1 + report.relationships_created
        rows_per_s = report.rows / report.seconds
        print(f"accountmap load, first: {report.rows:,} rows ({report.nodes_created:,} nodes, "
              f"{report.relationships_created:,} relationships) in {report.seconds:.1f} s = "
              f"{rows_per_s:,.0f} rows/s, {loaded / report.seconds:,.0f} elements/s "
              f"(batch {args.batch_size}, {args.workers} writers); "
              f"{plain_s / report.seconds:.2f}x the plain CREATE's speed")
        unchanged = [load(conn, ds, "bench", batch_size=args.batch_size) for _ in range(3)]
        again = sorted(unchanged, key=lambda r: r.seconds)[1]
        print(f"reload, unchanged: {again.seconds:.2f} s, median of "
              f"{', '.join(f'{r.seconds:.2f}' for r in unchanged)} "
              f"({again.nodes_created} created, {again.nodes_updated} updated)")
        pruned = load(conn, ds, "bench", batch_size=args.batch_size, prune=True)
        print(f"reload with --prune, unchanged: {pruned.seconds:.2f} s "
              f"({pruned.nodes_pruned} pruned)")
        # the server plans the reload path's queries again for the statistics of the loaded
        # book (the warm-up's plans were made for a database emptied since): paid once
        first_changed = load(conn, changed_book(ds, 100, "plan"), "bench",
                             batch_size=args.batch_size)
        load(conn, ds, "bench", batch_size=args.batch_size)
        print(f"first reload after a change (1% of the records; the server plans its queries "
              f"for the loaded book): {first_changed.seconds:.2f} s")
        for share in (0.001, 0.01, 0.1):
            step = round(1 / share)
            runs, backs = [], []
            for run in range(3):
                runs.append(load(conn, changed_book(ds, step, f"new {run}"), "bench",
                                 batch_size=args.batch_size))
                backs.append(load(conn, ds, "bench", batch_size=args.batch_size))
            changed = sorted(runs, key=lambda r: r.seconds)[1]
            back_s = sorted(r.seconds for r in backs)[1]
            extra = changed.seconds - again.seconds
            print(f"reload after changing {share:.1%} of the records (every {step}th "
                  f"stakeholder and touchpoint): {changed.seconds:.2f} s, median of "
                  f"{', '.join(f'{r.seconds:.2f}' for r in runs)} ({changed.nodes_updated:,} "
                  f"updated; {extra:+.2f} s on the unchanged reload = "
                  f"{extra * 1000 / max(changed.nodes_updated, 1):.2f} ms per changed "
                  f"record); changing them back: {back_s:.2f} s")
        extra_meetings = [t.model_copy(update={"topic": "added", "id": t.id and f"{t.id}-new"})
                          for t in ds.touchpoints[:len(ds.touchpoints) // 100]]
        grown = load(conn, ds.model_copy(update={"touchpoints": ds.touchpoints + extra_meetings}),
                     "bench", batch_size=args.batch_size)
        print(f"reload after appending 1% more touchpoints: {grown.seconds:.2f} s "
              f"({grown.nodes_created:,} created)")
        load(conn, ds, "bench", batch_size=args.batch_size, prune=True)

        book_file = work / "book.json"
        from accountmap.generate import generate_book

        book_file.write_text(dumps(generate_book(args.groups, seed=1), "json"),
                             encoding="utf-8")
        from_file_runs, from_neo4j_runs = [], []
        for _ in range(3):  # alternating, the median of three of each
            start_t = time.perf_counter()
            load_dataset(book_file)
            from_file_runs.append(time.perf_counter() - start_t)
            start_t = time.perf_counter()
            read_dataset(conn, "bench")
            from_neo4j_runs.append(time.perf_counter() - start_t)
        from_file, from_neo4j = sorted(from_file_runs)[1], sorted(from_neo4j_runs)[1]
        print(f"read back from Neo4j: {from_neo4j:.2f} s; the same book from its JSON file: "
              f"{from_file:.2f} s ({from_neo4j / from_file:.2f}x; medians of 3, runs "
              f"{', '.join(f'{x:.1f}' for x in from_neo4j_runs)} and "
              f"{', '.join(f'{x:.1f}' for x in from_file_runs)} s)")

        sample = ds.touchpoints[:args.naive_rows]
        with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
            start_t = time.perf_counter()
            for t in sample:
                session.execute_write(lambda tx, t=t: tx.run(  # type: ignore[misc]
                    "MERGE (n:Touchpoint {dataset: $dataset, key: $key}) "
                    "SET n.date = $date, n.kind = $kind", dataset="naive", key=t.id,
                    date=t.date, kind=t.kind.value).consume())
            naive_s = time.perf_counter() - start_t
        naive_rate = len(sample) / naive_s
        print(f"naive load: {len(sample)} rows, one MERGE per transaction, in {naive_s:.1f} s "
              f"= {naive_rate:,.0f} rows/s; first load / naive: {rows_per_s / naive_rate:.1f}x")
        stop(home)

        _, fixed_s, fixed_elements = bulk(book_of(3), "bench", work / "bulk")
        export_s, import_s, bulk_elements = bulk(ds, "bench", work / "bulk")
        marginal = (bulk_elements - fixed_elements) / max(import_s - fixed_s, 1e-9)
        print(f"bulk path: export {export_s:.1f} s + neo4j-admin import {import_s:.1f} s for "
              f"{bulk_elements:,} elements = {bulk_elements / import_s:,.0f} elements/s "
              f"imported ({bulk_elements / (export_s + import_s):,.0f}/s with the export), "
              f"against {loaded / report.seconds:,.0f}/s for the Cypher loader; the importer "
              f"takes {fixed_s:.1f} s for a 3-group book (its start-up), so "
              f"{marginal:,.0f} elements/s beyond it")
        if args.scale_to:
            big = book_of(args.scale_to)
            shutil.rmtree(home, ignore_errors=True)
            uri = start(home)
            conn = Connection(uri=uri)
            warm_up(conn, uri, ds, args)
            big_report = load(conn, big, "bench", batch_size=args.batch_size,
                              workers=args.workers)
            stop(home)
            big_export, big_import, big_elements = bulk(big, "bench", work / "bulk")
            print(f"{args.scale_to} groups: {big_report.rows:,} rows, {big_elements:,} "
                  f"elements (x{big_elements / bulk_elements:.1f})")
            print(f"  accountmap load, first: {big_report.seconds:.1f} s "
                  f"(x{big_report.seconds / report.seconds:.1f} the {args.groups}-group time), "
                  f"{big_elements / big_report.seconds:,.0f} elements/s")
            both = big_export + big_import
            print(f"  bulk path: export {big_export:.1f} s + import {big_import:.1f} s = "
                  f"{both:.1f} s (x{both / (export_s + import_s):.1f}), "
                  f"{big_elements / big_import:,.0f} elements/s imported")
    finally:
        stop(home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
