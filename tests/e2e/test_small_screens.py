"""Every page works 320 CSS pixels wide (WCAG 1.4.10 reflow): nothing scrolls sideways and the
navigation opens from its toggle button."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import SMALL_SCREEN, assert_no_horizontal_scroll, sign_in


@pytest.fixture
def small_page(page):
    page.set_viewport_size(SMALL_SCREEN)
    return page


@pytest.mark.parametrize("url_name", ["login", "password_reset"])
def test_signed_out_pages_fit(small_page, live_server, url_name):
    small_page.goto(reverse(url_name))
    assert_no_horizontal_scroll(small_page)


@pytest.mark.parametrize("persona", ["link_worker", "gp", "manager"])
def test_home_pages_fit_and_navigation_opens(small_page, live_server, world, persona):
    sign_in(small_page, live_server, getattr(world, persona))
    assert_no_horizontal_scroll(small_page)
    sign_out = small_page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()
    small_page.get_by_role("button", name="Show navigation").click()
    small_page.locator("#account-menu").click()
    expect(sign_out).to_be_visible()
    assert_no_horizontal_scroll(small_page)
