"""A GP referral from intake to accepted, and the wellbeing it leads to, in a real browser:

* the referral form filled with the keyboard only (Tab, typing, Enter), as a person who does
  not use a mouse would;
* the first phone call logged with the quick-add form, which marks the referral contacted, an
  unanswered call beside it, then the referral accepted from its page;
* an ONS4 baseline and a follow-up recorded, and the change shown on the patient page.

Each main page is checked with axe-core, and at 320 CSS pixels wide.
"""

from django.urls import reverse
from playwright.sync_api import Page, expect

from patients.models import OutcomeMeasure, Patient
from referrals.models import ReferralSource, ReferralStatus
from tests.e2e.browser import (
    DESKTOP,
    SMALL_SCREEN,
    assert_no_horizontal_scroll,
    assert_no_serious_axe_violations,
    sign_in,
    wait_to_leave,
)

MAX_TABS = 60


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching the CSS ``selector`` has the focus (it must be
    reachable with the keyboard)."""
    for _ in range(MAX_TABS):
        if page.evaluate(
            "(selector) => Boolean(document.activeElement?.matches(selector))", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def assert_fits_small_screen(page: Page) -> None:
    page.set_viewport_size(SMALL_SCREEN)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)


def test_referral_form_with_the_keyboard_only(page, live_server, world):
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("referrals:create"))
    assert_no_serious_axe_violations(page)
    assert_fits_small_screen(page)

    keyboard = page.keyboard
    tab_to(page, "#id_given_name")
    keyboard.type("Grace")
    keyboard.press("Tab")
    keyboard.type("Hopper")
    tab_to(page, "#id_date_of_birth")
    # The date field's segments follow the browser's language (day or month first): a day that
    # is also the month reads the same either way.
    keyboard.type("12121946")
    tab_to(page, "#id_nhs_number")
    keyboard.type("943 476 5919")
    tab_to(page, "#id_address")
    keyboard.type("2 Dock Road, Salford")
    tab_to(page, "#id_postcode")
    keyboard.type("m5 3aa")
    tab_to(page, "#id_practice")
    keyboard.type(world.practice.name)  # a focused list picks the option typed
    tab_to(page, "#id_referrer_name")
    keyboard.type("Dr Rao")
    tab_to(page, "input[name=reasons][value=loneliness]")
    keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    keyboard.press("Enter")
    wait_to_leave(page, reverse("referrals:create"), "The referral was not taken in")

    patient = Patient.objects.get(nhs_number="9434765919")
    page.wait_for_url(f"**{reverse('patients:detail', kwargs={'pk': patient.pk})}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grace Hopper")
    assert str(patient.date_of_birth) == "1946-12-12"
    assert patient.practice == world.practice
    referral = patient.referrals.get()
    assert referral.source == ReferralSource.GP
    assert referral.referrer_name == "Dr Rao"


def test_referral_form_errors_are_reachable_from_the_keyboard(page, live_server, world):
    patients = Patient.objects.count()  # the world's patients have random names
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("referrals:create"))
    tab_to(page, "#id_given_name")
    page.keyboard.type("Grace")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("There is a problem")
    assert_no_serious_axe_violations(page)
    assert Patient.objects.count() == patients  # nothing half-saved


def test_gp_referral_is_contacted_accepted_and_wellbeing_improves(page, live_server, world):
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("referrals:create"))
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Date of birth").fill("1950-12-10")
    page.get_by_label("Address").fill("1 Quay Street\nManchester")
    page.get_by_label("Postcode").fill("m3 4ab")
    page.get_by_label("Registered GP practice").select_option(value=str(world.practice.pk))
    page.get_by_label("Loneliness and isolation").check()
    page.get_by_role("button", name="Take the referral in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    patient = Patient.objects.get(given_name="Ada", family_name="Lovelace")
    referral = patient.referrals.get()
    patient_url = page.url

    # Phone contacts: a call with no answer, then one that reaches the patient.
    quick_add = page.locator("#contact-quick-add")
    quick_add.get_by_label("Outcome").select_option(label="No answer")
    quick_add.get_by_role("button", name="Log contact").click()
    expect(page.locator("#contact-quick-add")).to_contain_text("Contact logged.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED  # an unanswered call is not contact
    quick_add = page.locator("#contact-quick-add")
    quick_add.get_by_label("Outcome").select_option(label="Spoke to patient")
    quick_add.get_by_label("Notes").fill("Would like company on weekday mornings")
    quick_add.get_by_role("button", name="Log contact").click()
    expect(page.locator("#contact-list")).to_contain_text("Would like company on weekday")
    assert patient.contacts.count() == 2
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONTACTED
    assert_no_serious_axe_violations(page)

    # Triage: accept the referral from its page.
    page.goto(reverse("referrals:detail", kwargs={"pk": referral.pk}))
    assert_no_serious_axe_violations(page)
    assert_fits_small_screen(page)
    page.get_by_label("What happened").select_option(value=ReferralStatus.ACCEPTED)
    page.get_by_label("Add to the message back to the GP").fill("Seen; joining a walking group.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".gp-message").first).to_contain_text("joining a walking group")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED

    # ONS4 at the start and at follow-up.
    for scores in ((3, 4, 3, 8), (6, 7, 6, 4)):
        page.goto(patient_url)
        page.get_by_role("link", name="Record wellbeing measure").click()
        assert_no_serious_axe_violations(page)
        for label, score in zip(
            ("satisfied", "worthwhile", "happy", "anxious"), scores, strict=True
        ):
            page.get_by_label(label).fill(str(score))
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(patient_url)
    assert OutcomeMeasure.objects.filter(patient=patient).count() == 2
    measures = page.locator(".measure-table")
    expect(measures.get_by_role("columnheader", name="Change")).to_be_visible()
    expect(measures).to_contain_text("+3 (better)")  # life satisfaction 3 -> 6
    expect(measures).to_contain_text("-4 (better)")  # anxiety 8 -> 4: lower is better
    assert_no_serious_axe_violations(page)
    assert_fits_small_screen(page)
