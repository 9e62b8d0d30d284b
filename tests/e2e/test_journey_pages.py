"""The other pages the journeys pass through, each with data in it: no serious accessibility
violation, and usable 320 CSS pixels wide. One sign-in per person, every page in turn."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.e2e.browser import (
    DESKTOP,
    SMALL_SCREEN,
    assert_no_horizontal_scroll,
    assert_no_serious_axe_violations,
    sign_in,
)
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    EvidenceLetterFactory,
    NotificationFactory,
    OutcomeMeasureFactory,
    ReferralFactory,
    SignedStatementFactory,
    SupportStatementFactory,
)
from tests.matrix.appeals import case


def _pages(world) -> dict[str, dict[str, Callable[[], str]]]:
    appeal = case(world)
    DeadlineFactory(case=appeal, label="Send the GP letter to the tribunal")
    EvidenceLetterFactory(case=appeal, ready=True)
    signed = SignedStatementFactory(case=appeal, signed_by=world.gp)
    asked = SupportStatementFactory(case=appeal)
    ReferralFactory(patient=world.patient)
    ContactFactory(patient=world.patient, recorded_by=world.link_worker)
    OutcomeMeasureFactory(patient=world.patient)
    NotificationFactory(recipient=world.link_worker)
    patient = world.patient.pk
    return {
        "link_worker": {
            "caseload": reverse("patients:caseload"),
            "patient": reverse("patients:detail", args=[patient]),
            "referrals": reverse("referrals:list"),
            "appeal cases": reverse("appeals:case_list"),
            "my deadlines": reverse("appeals:my_deadlines"),
            "case letters": reverse("letters:case_letters", args=[appeal.pk]),
            "letter being asked for": reverse("letters:letter_create", args=[appeal.pk]),
            "signed statement": reverse("statements:detail", args=[signed.pk]),
            "statement request": reverse("statements:request", args=[appeal.pk]),
            "notifications": reverse("reminders:notifications"),
            "reminder settings": reverse("reminders:preferences"),
        },
        "gp": {
            "home": reverse("home"),
            "asked statement": reverse("statements:detail", args=[asked.pk]),
            "sign page": reverse("statements:sign", args=[asked.pk]),
            "patient summary": reverse("patients:detail", args=[patient]),
        },
    }


@pytest.mark.parametrize("persona", ["link_worker", "gp"])
def test_pages_pass_axe_and_fit_a_small_screen(page, live_server, world, persona):
    pages = _pages(world)[persona]
    sign_in(page, live_server, getattr(world, persona))
    failures = []
    for name, url in pages.items():
        page.set_viewport_size(DESKTOP)
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        try:
            assert_no_serious_axe_violations(page)
            page.set_viewport_size(SMALL_SCREEN)
            assert_no_horizontal_scroll(page)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    assert not failures, "\n".join(failures)
