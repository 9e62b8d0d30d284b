"""The report in a real browser: charts drawn by static/js/reports.js under the Content
Security Policy, no console errors, no serious accessibility violations, and a figure's link
leading to its records. Uses the helpers of ``tests/e2e`` (headless Chromium, real sign-in)."""

import pytest

from tests.e2e import fixtures
from tests.e2e.browser import assert_no_serious_axe_violations, sign_in

# The browser fixtures of tests/e2e (one Chromium per module, a watched page per test).
browser, context, page, page_log = (
    fixtures.browser,
    fixtures.context,
    fixtures.page,
    fixtures.page_log,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MARCH = "period=custom&start=2026-03-01&end=2026-03-31"


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
