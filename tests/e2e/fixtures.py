"""The fixtures of the browser tests, importable by any test module:

    from tests.e2e.fixtures import browser, context, page, page_log  # noqa: F401

``tests/e2e/conftest.py`` imports them for the tests in ``tests/e2e``. A module elsewhere
(``tests/<app>/test_browser.py``) imports them as above and marks itself
``pytest.mark.e2e`` and ``pytest.mark.django_db(transaction=True, serialized_rollback=True)``.

* ``browser``: headless Chromium, one per test module (starting it takes about half a second).
  While it is open, Playwright's sync API keeps an asyncio loop marked as running in the test
  thread and Django would refuse ORM calls there (SynchronousOnlyOperation); nothing else runs
  in that thread, so the check is lifted for the module, and restored when the browser closes,
  before any other module runs. For the same module, PostgreSQL empties tables between tests
  with DELETE rather than TRUNCATE (``_fast_flush``).
* ``context``: a fresh browser context per test (no cookies or storage carried over), desktop
  sized, with the live server as base URL (``page.goto(reverse("home"))`` works). A request to
  any other host is blocked.
* ``page``: a page in it, watched by ``page_log``; the test fails when the page sent a request
  anywhere but the live server, logged a console error (a Content Security Policy refusal is
  one) or raised a script error. Tolerate an expected one with
  ``page_log.expect_console_error("...")``.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.browser import DESKTOP, PageLog, launch

DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with _orm_beside_playwright(), _fast_flush(), sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


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


class _orm_beside_playwright:  # noqa: N801 (used as a context manager, like a function)
    """Lift Django's async-safety check while the browser is open."""

    def __enter__(self):
        self.previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    def __exit__(self, *exc):
        if self.previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self.previous


class _fast_flush:  # noqa: N801
    """After each transactional test the database is emptied ("flush"). On PostgreSQL Django
    truncates every table, which creates new files for each table and index and costs seconds
    per test; deleting the few rows a test made costs milliseconds. Django's foreign keys are
    deferrable, so the order of the deletes does not matter inside flush's transaction. Tables
    with triggers of their own (the append-only audit log refuses DELETE) are still truncated."""

    def __enter__(self):
        from django.db.backends.postgresql.operations import DatabaseOperations

        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(DatabaseOperations, "sql_flush", _sql_flush_by_delete())

    def __exit__(self, *exc):
        self.patch.undo()


def _sql_flush_by_delete():
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
        statements = ["SET CONSTRAINTS ALL DEFERRED"]
        if kept:
            statements += truncate(ops, style, kept, allow_cascade=True)
        # Table names come from Django's introspection, quoted.
        statements += [
            f"DELETE FROM {ops.quote_name(table)}"  # noqa: S608
            for table in tables
            if table not in guarded
        ]
        return statements

    return sql_flush
