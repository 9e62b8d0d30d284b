"""axe-core on the pages of signing in and each role's home page: no serious or critical
violation (WCAG 2.2 AA as far as automated checks can tell)."""

import pytest
from django.urls import reverse

from tests.e2e.browser import assert_no_serious_axe_violations, prepare_two_factor, sign_in
from tests.factories.accounts import PASSWORD


def test_login_page(page, live_server):
    page.goto(reverse("login"))
    assert_no_serious_axe_violations(page)


def test_login_page_showing_errors(page, live_server, world):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(world.gp.username)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".error-summary").wait_for()
    assert_no_serious_axe_violations(page)


def test_password_reset_page(page, live_server):
    page.goto(reverse("password_reset"))
    assert_no_serious_axe_violations(page)


def test_two_factor_code_page(page, live_server, world):
    prepare_two_factor(world.gp)
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(world.gp.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: reverse("login") not in url)
    if not page.locator("form input[name=code]").count():
        pytest.skip("this build asks for no two-factor code")
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("persona", ["link_worker", "link_worker_not_holding", "gp", "manager"])
def test_home_page(page, live_server, world, persona):
    """``link_worker_not_holding`` sees the empty caseload."""
    sign_in(page, live_server, getattr(world, persona))
    assert_no_serious_axe_violations(page)


def test_password_change_page(page, live_server, world):
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("password_change"))
    assert_no_serious_axe_violations(page)
