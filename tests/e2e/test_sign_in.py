"""Signing in, in a real browser: each role lands on its own home page, the form works with the
keyboard alone, and the pages are styled by the application's own static files."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import pass_two_factor, prepare_two_factor, sign_in, wait_to_leave
from tests.factories.accounts import PASSWORD

HOME_HEADINGS = {
    "link_worker": "My caseload",
    "gp": "Support statements requested of you",
    "manager": "Service A",
}


@pytest.mark.parametrize("persona", sorted(HOME_HEADINGS))
def test_each_role_signs_in_and_lands_on_its_home_page(page, live_server, world, persona):
    sign_in(page, live_server, getattr(world, persona))
    assert page.url == f"{live_server.url}{reverse('home')}"
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[persona])


def test_link_worker_home_lists_the_cases_they_hold(page, live_server, world):
    sign_in(page, live_server, world.link_worker)
    expect(page.get_by_role("table")).to_contain_text(world.patient.full_name)


def test_gp_home_names_their_practice(page, live_server, world):
    sign_in(page, live_server, world.gp)
    expect(page.get_by_role("main")).to_contain_text(world.practice.name)


def test_administrator_lands_on_the_admin_site(page, live_server, world):
    sign_in(page, live_server, world.administrator)
    assert page.url == f"{live_server.url}{reverse('admin:index')}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")


def test_wrong_password_shows_the_error_summary(page, live_server, world, page_log):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(world.gp.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    assert page.url.startswith(f"{live_server.url}{reverse('login')}")


def test_skip_link_is_the_first_tab_stop(page, live_server, world):
    sign_in(page, live_server, world.manager)
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_keyboard_only_sign_in(page, live_server, world):
    """Tab to the form, type, press Enter: no mouse."""
    prepare_two_factor(world.link_worker)
    page.goto(reverse("login"))
    for _ in range(5):
        if page.evaluate("() => document.activeElement.name") == "username":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Five presses of Tab did not reach the username field")
    page.keyboard.type(world.link_worker.username)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    wait_to_leave(page, reverse("login"), "The sign-in form was not submitted by Enter")
    pass_two_factor(page, world.link_worker)  # types the code and presses Enter
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")


def test_pages_are_styled_by_the_local_bootstrap(page, live_server, page_log):
    page.goto(reverse("login"))
    stylesheets = [url for url in page_log.requests if url.endswith(".css")]
    assert any("/static/vendor/bootstrap/" in url for url in stylesheets)
    # Bootstrap's primary button colour, not the browser's default grey button.
    background = page.get_by_role("button", name="Sign in").evaluate(
        "(el) => getComputedStyle(el).backgroundColor"
    )
    assert background == "rgb(13, 110, 253)"
    assert page.locator("nav.navbar").evaluate("(el) => getComputedStyle(el).display") == "flex"
