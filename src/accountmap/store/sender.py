"""Sending batches: one managed transaction per batch, optionally through several sessions.

Each batch applies whole or not at all; transient errors (deadlocks, a leader switch) are
retried by the driver. With ``workers`` > 1 the batches of one statement go through that many
sessions at once (the server has a core each): the rows of different batches are different
nodes, and a deadlock between two batches (both linking to the same person) is a transient
error the driver retries. Batches may come from a generator, so each is built while the ones
before it are written. Once a batch failed, no other one starts.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import neo4j

from .rows import Batch, batch_size, in_batches

Progress = Callable[[str, int, int], None]
Results = list[tuple[list[neo4j.Record], Any]]  # (records, counters) per statement and batch


class Sender:
    """Sends statements over batches of rows for one dataset (see module docstring)."""

    def __init__(self, driver: neo4j.Driver, session: neo4j.Session, database: str | None,
                 dataset: str, batch_size: int, progress: Progress | None,
                 workers: int = 1, params: dict[str, Any] | None = None) -> None:
        self.driver, self.session, self.database = driver, session, database
        self.dataset, self.batch_size, self.progress = dataset, batch_size, progress
        self.workers = workers
        #: parameters every statement gets besides ``$rows``, ``$dataset`` and ``$force``
        self.params = params or {}

    def write(self, section: str, rows: list[dict[str, Any]], *statements: str,
              force: bool = False) -> Results:
        """Run every statement on every batch of ``rows``; (records, counters) per statement
        and batch, in batch order."""
        return self.send(section, len(rows), in_batches(rows, self.batch_size), *statements,
                         force=force)

    def _run(self, session: neo4j.Session, batch: Batch, statements: tuple[str, ...],
             force: bool) -> Results:
        def work(tx: neo4j.ManagedTransaction) -> Results:
            out = []
            for statement in statements:
                result = tx.run(statement, rows=batch, dataset=self.dataset, force=force,
                                **self.params)
                records = list(result)
                out.append((records, result.consume().counters))
            return out

        return session.execute_write(work)

    def send(self, section: str, total: int, batches: Iterable[Batch], *statements: str,
             force: bool = False) -> Results:
        """Run every statement on every batch (``total`` rows in all, for progress)."""
        if self.workers <= 1 or total <= self.batch_size:  # one batch: no second writer
            results: Results = []
            done = 0
            for batch in batches:
                results.extend(self._run(self.session, batch, statements, force))
                done += batch_size(batch)
                self._progress(section, done, total)
            return results
        return self._send_parallel(section, total, batches, statements, force)

    def _progress(self, section: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(section, done, total)

    def _send_parallel(self, section: str, total: int, batches: Iterable[Batch],
                       statements: tuple[str, ...], force: bool) -> Results:
        sessions: queue.SimpleQueue[neo4j.Session] = queue.SimpleQueue()
        opened = [self.driver.session(database=self.database, notifications_min_severity="OFF")
                  for _ in range(self.workers)]
        for s in opened:
            sessions.put(s)
        failed = threading.Event()

        def task(batch: Batch) -> Results:
            if failed.is_set():
                return []
            session = sessions.get()
            try:
                return self._run(session, batch, statements, force)
            except BaseException:
                failed.set()
                raise
            finally:
                sessions.put(session)

        pool = ThreadPoolExecutor(max_workers=len(opened))
        futures: list[tuple[int, Future[Results]]] = []
        try:
            for batch in batches:
                if failed.is_set():
                    break
                futures.append((batch_size(batch), pool.submit(task, batch)))
            return self._collect(section, total, futures)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for s in opened:
                s.close()

    def _collect(self, section: str, total: int,
                 futures: list[tuple[int, Future[Results]]]) -> Results:
        results: Results = []
        done = 0
        for size, future in futures:
            results.extend(future.result())
            done += size
            self._progress(section, done, total)
        return results
