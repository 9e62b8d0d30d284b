"""Counting a report's sections at the same time, each on its own database connection.

A report's sections are independent reads: on PostgreSQL, which runs each connection's query
in its own process, counting them at once uses every core the database has, so a report takes
about as long as its slowest sections instead of all of them added up. Up to
``REPORT_CONNECTIONS`` connections are used at once; each is closed when no section is left.

They are counted one after another instead when:

* the database is not PostgreSQL (SQLite, in development, has one writer and little to gain);
* a transaction is open on this connection: another connection would not see its uncommitted
  rows (the test suite runs each test in one);
* ``REPORT_CONNECTIONS`` is 1.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.db import connection, connections

T = TypeVar("T")


def can_count_at_once() -> bool:
    return (
        settings.REPORT_CONNECTIONS > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def run_all(jobs: list[Callable[[], T]]) -> list[T]:
    """Run each job and return their results in order: at once when ``can_count_at_once()``,
    else one after another on this connection. Each thread takes the next job waiting until
    none is left, then closes its connection. An error in any job is raised here, as it would
    be without threads."""
    if len(jobs) < 2 or not can_count_at_once():
        return [job() for job in jobs]
    waiting: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        waiting.put(index)
    results: list = [None] * len(jobs)

    def work() -> None:
        try:
            while True:
                try:
                    index = waiting.get_nowait()
                except queue.Empty:
                    return
                results[index] = jobs[index]()
        finally:
            connections.close_all()  # this thread's connection only

    workers = min(settings.REPORT_CONNECTIONS, len(jobs))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report") as pool:
        for future in [pool.submit(work) for _ in range(workers)]:
            future.result()
    return results
