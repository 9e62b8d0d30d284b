"""A manager opens the reports, picks a period and downloads a table as CSV."""

import csv
import io

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import (
    SMALL_SCREEN,
    assert_no_horizontal_scroll,
    assert_no_serious_axe_violations,
    sign_in,
)
from tests.reports.conftest import report_data  # noqa: F401 (the March data of the reports)

MARCH = "period=custom&start=2026-03-01&end=2026-03-31"


def test_manager_exports_the_caseload_table_as_csv(page, live_server, report_data):  # noqa: F811
    world = report_data.world
    sign_in(page, live_server, world.manager)
    page.get_by_role("link", name="Reports").first.click()
    page.wait_for_url(f"**{reverse('reports:index')}*")
    assert_no_serious_axe_violations(page)
    page.goto(f"{reverse('reports:index')}?{MARCH}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.set_viewport_size(SMALL_SCREEN)
    page.reload()  # as a phone would load it: the charts are drawn for the width
    page.wait_for_function("() => document.querySelectorAll('canvas.report-chart').length > 0")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas.report-chart')]"
        ".every((canvas) => window.Chart && window.Chart.getChart(canvas))"
    )
    assert_no_horizontal_scroll(page)

    link = page.locator(f"a[href*='{reverse('reports:csv', args=['caseload'])}']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "caseload-2026-03-01-to-2026-03-31.csv"
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Link worker", "Active", "New this period"]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name[report_data.lw1.get_full_name()][0] == "3"  # three active patients
