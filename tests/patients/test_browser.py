"""A link worker's morning in a real browser: take a referral in, log the first call from the
patient page (htmx, under the Content Security Policy), and see the referral move on. Each page
is checked with axe-core. Uses the browser fixtures of ``tests/e2e``."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from patients.models import Patient
from referrals.models import ReferralStatus
from tests.e2e import fixtures
from tests.e2e.browser import assert_no_serious_axe_violations, sign_in
from tests.factories import ConsentFactory, ContactFactory, ReferralFactory

# The browser fixtures of tests/e2e (one Chromium per module, a watched page per test).
browser, context, page, page_log = (
    fixtures.browser,
    fixtures.context,
    fixtures.page,
    fixtures.page_log,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_referral_intake_then_quick_add_the_first_call(page, live_server, world):
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("referrals:create"))
    assert_no_serious_axe_violations(page)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Date of birth").fill("1950-12-10")
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("Address").fill("1 Quay Street\nManchester")
    page.get_by_label("Postcode").fill("m3 4ab")
    page.get_by_label("Registered GP practice").select_option(value=str(world.practice.pk))
    page.get_by_label("Loneliness and isolation").check()
    page.get_by_role("button", name="Take the referral in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    expect(page.locator(".patient-header")).to_contain_text("943 476 5919")
    expect(page.locator(".consent-banner")).to_contain_text("No consent recorded.")
    assert_no_serious_axe_violations(page)

    patient_url = page.url
    quick_add = page.locator("#contact-quick-add")
    quick_add.get_by_label("Outcome").select_option(label="Spoke to patient")
    quick_add.get_by_label("Notes").fill("Agreed to try the knit and natter group")
    quick_add.get_by_role("button", name="Log contact").click()
    expect(page.locator("#contact-quick-add")).to_contain_text("Contact logged.")
    expect(page.locator("#contact-list")).to_contain_text("Agreed to try the knit and natter")
    assert page.url == patient_url  # no page load: htmx swapped the form and the list

    patient = Patient.objects.get(nhs_number="9434765919")
    referral = patient.referrals.get()
    assert referral.status == ReferralStatus.CONTACTED
    assert referral.days_to_first_contact == 0


def test_quick_add_errors_are_shown_in_place(page, live_server, world):
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("patients:detail", kwargs={"pk": world.patient.pk}))
    quick_add = page.locator("#contact-quick-add")
    quick_add.get_by_label("Date and time").fill("")
    quick_add.get_by_role("button", name="Log contact").click()
    expect(page.locator("#contact-quick-add .error-summary")).to_contain_text(
        "Enter the date and time of the contact."
    )
    assert_no_serious_axe_violations(page)
    assert not world.patient.contacts.exists()


def test_full_patient_page_and_caseload_pass_axe(page, live_server, world):
    ConsentFactory(patient=world.patient)
    ContactFactory(patient=world.patient, recorded_by=world.link_worker)
    ReferralFactory(patient=world.patient, received_on=timezone.localdate())
    sign_in(page, live_server, world.manager)
    page.goto(reverse("patients:detail", kwargs={"pk": world.patient.pk}))
    expect(page.locator("#timeline-heading")).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.goto(reverse("patients:caseload"))
    assert_no_serious_axe_violations(page)
    page.goto(reverse("referrals:list"))
    assert_no_serious_axe_violations(page)


def test_gp_sees_the_referral_summary_only(page, live_server, world):
    ContactFactory(patient=world.patient, notes="Confidential rent arrears")
    ReferralFactory(patient=world.patient)
    sign_in(page, live_server, world.gp)
    page.goto(reverse("patients:detail", kwargs={"pk": world.patient.pk}))
    expect(page.locator("main")).to_contain_text("Referral received")
    expect(page.locator("main")).not_to_contain_text("Confidential rent arrears")
    assert_no_serious_axe_violations(page)
