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
from tests.factories import EvidenceLetterFactory, SupportStatementFactory

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


# Pages of the appeal of ``world.patient``: its case, PIP estimate, a GP statement asked of the
# patient's practice and a letter ready to download. Built from the ``world``.
def _appeal_case(world):
    from tests.matrix.appeals import case

    return case(world)


APPEAL_PAGES: dict[str, Callable[[object], str]] = {
    "appeal case": lambda world: reverse("appeals:case_detail", args=[_appeal_case(world).pk]),
    "PIP estimate": lambda world: reverse("appeals:pip_estimate", args=[_appeal_case(world).pk]),
    "statement": lambda world: reverse(
        "statements:detail",
        args=[SupportStatementFactory(case=_appeal_case(world)).pk],
    ),
    "letter download": lambda world: reverse(
        "letters:letter_download",
        args=[EvidenceLetterFactory(case=_appeal_case(world), ready=True).pk],
    ),
}


@pytest.mark.parametrize("persona", ["gp_other_practice", "link_worker_other_service"])
def test_outsiders_are_refused_the_appeal_pages(page, live_server, world, page_log, persona):
    """One sign-in, every page: each answers 404 and shows nothing of the patient (a download
    is refused rather than started)."""
    page_log.expect_console_error("status of 404")
    urls = {name: build(world) for name, build in APPEAL_PAGES.items()}
    sign_in(page, live_server, getattr(world, persona))
    for name, url in urls.items():
        response = page.goto(url)
        assert response.status == 404, f"{name}: {response.status}"
        expect(page.locator("body")).not_to_contain_text(world.patient.family_name)


def test_gp_of_the_patients_practice_opens_the_statement_asked_of_them(page, live_server, world):
    statement_url = APPEAL_PAGES["statement"](world)
    sign_in(page, live_server, world.gp)
    response = page.goto(statement_url)
    assert response.status == 200
    expect(page.get_by_role("main")).to_contain_text(world.patient.family_name)
