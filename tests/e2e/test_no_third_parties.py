"""No request leaves the machine: every script, stylesheet, font and image comes from the site
itself. (The ``page`` fixture also fails any test whose page asked another host.)"""

import pytest
from django.urls import reverse

from tests.e2e.browser import sign_in


def test_login_page_asks_only_the_site(page, live_server, page_log):
    page.goto(reverse("login"))
    page.wait_for_load_state("networkidle")
    assert page_log.requests
    assert page_log.off_site_requests() == []


@pytest.mark.parametrize("persona", ["link_worker", "gp", "manager"])
def test_signed_in_pages_ask_only_the_site(page, live_server, world, page_log, persona):
    sign_in(page, live_server, getattr(world, persona))
    page.wait_for_load_state("networkidle")
    static = [url for url in page_log.requests if "/static/" in url]
    assert any(url.endswith(".js") for url in static)
    assert any(url.endswith(".css") for url in static)
    assert page_log.off_site_requests() == []
