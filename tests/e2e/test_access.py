"""People are refused what is not theirs, in the browser as on the server.

Extension point: when a page shows one patient, add a function building its URL from the
``world`` to ``PATIENT_PAGES``; the GP of another practice must then be refused it (404 page,
nothing of the patient shown).
"""

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser import sign_in

# Pages of ``world.patient`` (registered at ``world.practice``), built from the ``world``.
PATIENT_PAGES: dict[str, Callable[[object], str]] = {
    "patient record": lambda world: reverse("patients:detail", args=[world.patient.pk]),
}


def test_gp_cannot_open_the_admin_site(page, live_server, world):
    sign_in(page, live_server, world.gp_other_practice)
    page.goto(reverse("admin:index"))
    assert page.url.startswith(f"{live_server.url}{reverse('admin:login')}")
    expect(page.get_by_role("main")).not_to_contain_text("Accounts, roles and practices")


def test_signed_out_visitor_is_sent_to_sign_in(page, live_server):
    page.goto(reverse("home"))
    assert page.url.startswith(f"{live_server.url}{reverse('login')}")


@pytest.mark.parametrize("name", sorted(PATIENT_PAGES))
def test_gp_of_the_patients_practice_opens_the_patient(page, live_server, world, name):
    sign_in(page, live_server, world.gp)
    response = page.goto(PATIENT_PAGES[name](world))
    assert response.status == 200
    expect(page.get_by_role("main")).to_contain_text(world.patient.family_name)


@pytest.mark.parametrize("name", sorted(PATIENT_PAGES))
def test_gp_of_other_practice_is_refused_the_patient(page, live_server, world, page_log, name):
    page_log.expect_console_error("status of 404")
    sign_in(page, live_server, world.gp_other_practice)
    response = page.goto(PATIENT_PAGES[name](world))
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(world.patient.family_name)
