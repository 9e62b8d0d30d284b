"""The report in a real browser: charts drawn by static/js/reports.js under the Content
Security Policy, no console errors, no serious accessibility violations, and a figure's link
leading to its records. Uses the helpers of ``tests/e2e`` (headless Chromium, real sign-in)."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.e2e.browser import DESKTOP, PageLog, assert_no_serious_axe_violations, launch, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MARCH = "period=custom&start=2026-03-01&end=2026-03-31"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Playwright keeps an asyncio loop marked as running in this thread while the browser is
    open; nothing else runs here, so Django's async-safety check is lifted for this module."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    log = PageLog(origin=live_server.url)
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    context.route(lambda url: not log.is_local(url), lambda route: route.abort())
    page = context.new_page()
    log.attach(page)
    yield page
    problems = log.problems()
    context.close()
    if problems:
        pytest.fail("The page misbehaved:\n" + "\n".join(f"- {p}" for p in problems))


def test_manager_report_draws_charts_and_links_to_records(page, live_server, report_data):
    sign_in(page, live_server, report_data.world.manager)
    page.goto(f"/reports/?{MARCH}")
    page.wait_for_function("() => document.querySelectorAll('canvas.report-chart').length > 0")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas.report-chart')]"
        ".map((canvas) => Boolean(window.Chart.getChart(canvas)))"
    )
    assert drawn
    assert all(drawn)
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Download PDF").wait_for()
    table = page.locator("#section-referrals table").nth(0)
    table.get_by_role("link", name="4").click()
    page.wait_for_url("**/reports/records/referrals_received/**")
    assert page.get_by_role("heading", name="Referrals received").is_visible()
    assert page.get_by_text("4 records.").is_visible()
