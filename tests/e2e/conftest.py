"""The browser tests of ``tests/e2e``: the fixtures of ``tests/e2e/fixtures.py`` (one headless
Chromium per module, a fresh context and a watched page per test, against pytest-django's
``live_server``).

Every test in this folder is marked ``e2e`` and uses the transactional database (the live
server's thread must see the test's rows), with serialized rollback so that rows written by
data migrations are back at the start of each test.
"""

from pathlib import Path

import pytest

from tests.e2e.fixtures import browser, context, page, page_log  # noqa: F401

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: pytest-django orders the tests by their django_db marker after this.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
