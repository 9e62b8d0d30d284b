"""A report's sections counted at the same time on PostgreSQL, each on its own connection, and
one after another where that cannot work (inside a transaction, on SQLite)."""

import threading
import time

import pytest
from django.db import connection
from django.test import override_settings

from linkwork.reports import concurrency, selectors
from tests.reports.test_selectors import values

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="sections are counted at once on PostgreSQL only"
)


def _live(pids) -> set[int]:
    """Which of these server processes are still running. A closed connection's process ends
    a moment after the client hangs up, so this waits up to five seconds for them to go."""
    deadline = time.monotonic() + 5
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)])
            live = {row[0] for row in cursor.fetchall()}
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.05)


def _tables(sections) -> dict:
    return {table.key: values(table) for section in sections for table in section.tables}


@pytest.mark.django_db
def test_inside_a_transaction_sections_are_counted_on_this_connection():
    threads = []
    results = concurrency.run_all(
        [lambda n=n: threads.append(threading.get_ident()) or n for n in range(4)]
    )
    assert results == [0, 1, 2, 3]
    assert set(threads) == {threading.get_ident()}


@on_postgresql
@pytest.mark.django_db(transaction=True)
@override_settings(REPORT_CONNECTIONS=2)
def test_sections_are_counted_at_once_on_their_own_connections_which_are_closed():
    seen: dict[int, int] = {}
    barrier = threading.Barrier(2, timeout=10)

    def job(n: int) -> int:
        if n < 2:
            barrier.wait()  # both connections are open at the same time
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            seen[n] = cursor.fetchone()[0]
        return n * 10

    results = concurrency.run_all([lambda n=n: job(n) for n in range(5)])

    assert results == [0, 10, 20, 30, 40]  # in the order of the jobs
    assert len(set(seen.values())) == 2  # two connections, neither of them this thread's
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] not in seen.values()
    assert _live(seen.values()) == set()  # both closed


@on_postgresql
@pytest.mark.django_db(transaction=True)
@override_settings(REPORT_CONNECTIONS=2)
def test_an_error_in_a_section_counted_at_once_is_raised():
    def fails():
        raise LookupError("no such figure")

    with pytest.raises(LookupError, match="no such figure"):
        concurrency.run_all([lambda: 1, fails, lambda: 3])


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_report_counted_at_once_equals_the_report_counted_one_section_after_another(
    report_data,
):
    manager = report_data.world.manager
    with override_settings(REPORT_CONNECTIONS=1):
        one_by_one = selectors.report_sections(report_data.context(manager))
    with override_settings(REPORT_CONNECTIONS=2):
        assert concurrency.can_count_at_once()
        at_once = selectors.report_sections(report_data.context(manager))

    assert [s.key for s in at_once] == [s.key for s in one_by_one]
    assert _tables(at_once) == _tables(one_by_one)
    assert any(value for table in _tables(at_once).values() for value in table.values())
