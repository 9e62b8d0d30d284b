"""Fixtures of the browser tests: one headless Chromium for the run, a fresh browser context
(cookies, storage, viewport) and page per test, against pytest-django's ``live_server``.

Every test in this folder is marked ``e2e`` and uses the transactional database (the live
server's thread must see the test's rows), with serialized rollback so that rows written by
data migrations are back after each test's flush.

The ``page`` fixture records every request, console error and script error; a test fails when
its page sent a request anywhere but the live server, logged a console error (a Content Security
Policy refusal is one) or raised a script error. Tolerate an expected console error with
``page_log.expect_console_error("...")``.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.browser import DESKTOP, PageLog, launch

HERE = Path(__file__).resolve().parent
DEFAULT_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API keeps an asyncio loop marked as running in the test's thread while
    the browser is open, and Django then refuses ORM calls there (SynchronousOnlyOperation).
    Nothing runs concurrently in that thread, so the check is lifted for these tests only, and
    the browser is closed (package scope) before the rest of the suite runs."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package", autouse=True)
def _flush_by_delete() -> Iterator[None]:
    """After each test the transactional database is emptied ("flush"). On PostgreSQL Django
    truncates every table, which creates new files for each table and index and costs seconds
    per test; deleting the few rows a test made costs milliseconds. Django's foreign keys are
    deferrable, so the order of the deletes does not matter inside flush's transaction. Tables
    with triggers of their own (the append-only audit log refuses DELETE) are still truncated."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush
    guarded: set[str] = set()

    def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        if not guarded:
            with ops.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT DISTINCT c.relname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                )
                guarded.update(row[0] for row in cursor.fetchall())
            guarded.add("")  # looked up once, even when there are none
        kept = [table for table in tables if table in guarded]
        # Table names come from Django's introspection, quoted.
        statements = ["SET CONSTRAINTS ALL DEFERRED"]
        if kept:
            statements += truncate(ops, style, kept, allow_cascade=True)
        statements += [
            f"DELETE FROM {ops.quote_name(table)}"  # noqa: S608
            for table in tables
            if table not in guarded
        ]
        return statements

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(scope="package")
def browser(_orm_beside_playwright) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page_log(live_server) -> PageLog:
    return PageLog(origin=live_server.url)


@pytest.fixture
def context(browser, live_server, page_log) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    # Nothing leaves the machine: a request elsewhere is recorded (and fails the test) but is
    # never sent.
    context.route(lambda url: not page_log.is_local(url), lambda route: route.abort())
    yield context
    context.close()


@pytest.fixture
def page(context, page_log) -> Iterator[Page]:
    page = context.new_page()
    page_log.attach(page)
    yield page
    problems = page_log.problems()
    if problems:
        pytest.fail("The page misbehaved:\n" + "\n".join(f"- {p}" for p in problems))
