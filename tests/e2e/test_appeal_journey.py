"""The appeal journey in a real browser, the way the three people do it:

1. the link worker opens a PIP appeal case from the refusal (patient page, "Open an appeal
   case"), then asks the patient's GP for a support statement from the case page;
2. the GP signs in (two-factor), finds the request on their home page, writes the statement and
   signs it with their password;
3. the link worker generates the mandatory reconsideration letter, with the statement, from
   the case page, waits for it to be ready and downloads a real PDF that names the patient
   and carries the GP's words.

Every main page is checked with axe-core and, for the case page, at 320 CSS pixels wide.
"""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from appeals.letters.models import EvidenceLetter, LetterStatus
from appeals.models import AppealCase
from appeals.statements.models import SupportStatement
from patients.models import ConsentScope
from tests.e2e.browser import (
    DESKTOP,
    SMALL_SCREEN,
    assert_no_horizontal_scroll,
    assert_no_serious_axe_violations,
    sign_in,
    wait_to_leave,
)
from tests.e2e.fixtures import DEFAULT_TIMEOUT_MS
from tests.factories import ConsentFactory
from tests.factories.accounts import PASSWORD

STATEMENT_TEXT = "She cannot stand at a cooker for more than two minutes without pain."
DECISION_SUMMARY = "DWP awarded 4 points for daily living and none for mobility."


def _give_sharing_consent(patient) -> None:
    ConsentFactory(patient=patient, recorded_by=patient.holder)
    for organisation in ("DWP", "HMCTS"):
        ConsentFactory(
            patient=patient,
            scope=ConsentScope.SHARE,
            organisation=organisation,
            recorded_by=patient.holder,
        )


def _browser_of(browser, live_server, page_log):
    """A page in a browser of its own (no cookies shared): another person at another desk."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route(lambda url: not page_log.is_local(url), lambda route: route.abort())
    page = context.new_page()
    page_log.attach(page)
    return page


def test_pip_appeal_from_refusal_to_evidence_pdf(page, browser, live_server, page_log, world):
    patient = world.patient
    _give_sharing_consent(patient)
    decision_date = timezone.localdate() - datetime.timedelta(days=10)

    # 1. The link worker opens the case from the refusal, on the patient page.
    sign_in(page, live_server, world.link_worker)
    page.goto(reverse("patients:detail", kwargs={"pk": patient.pk}))
    page.get_by_role("link", name="Open an appeal case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Open an appeal case")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Decision date").fill(decision_date.isoformat())
    page.get_by_label("Decision summary").fill(DECISION_SUMMARY)
    page.get_by_role("button", name="Open case").click()
    page.wait_for_url("**/appeals/*-*/")
    case = AppealCase.objects.get(patient=patient)
    assert case.decision_date == decision_date
    assert case.holder == world.link_worker
    main = page.get_by_role("main")
    expect(main).to_contain_text(patient.full_name)
    # The mandatory reconsideration deadline is worked out from the decision date.
    expect(main).to_contain_text("reconsideration")
    assert_no_serious_axe_violations(page)
    case_url = page.url

    page.set_viewport_size(SMALL_SCREEN)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)

    # The PIP points estimate, beside DWP's decision.
    page.get_by_role("link", name="PIP points estimate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PIP points estimate")
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(SMALL_SCREEN)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)
    page.goto(case_url)

    # ... and asks the patient's GP for a statement.
    page.get_by_role("link", name="Ask a GP for a statement").click()
    assert_no_serious_axe_violations(page)
    page.get_by_label("Who to ask").select_option(value=str(world.gp.pk))
    page.get_by_label("What you are asking for").fill(
        "Please describe how her arthritis affects preparing food and washing."
    )
    page.get_by_role("button", name="Send request").click()
    statement = SupportStatement.objects.get(case=case)
    page.wait_for_url(f"**{reverse('statements:detail', kwargs={'pk': statement.pk})}")
    assert_no_serious_axe_violations(page)
    page.goto(case_url)
    expect(page.get_by_role("main")).to_contain_text(f"Asked of {statement.addressee}")

    # 2. The GP signs in with two-factor and finds the request on their home page.
    link_worker_page, page = page, _browser_of(browser, live_server, page_log)
    sign_in(page, live_server, world.gp)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Support statements")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name=patient.full_name).click()
    expect(page.get_by_role("main")).to_contain_text("Please describe how her arthritis")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Write the statement").click()
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(SMALL_SCREEN)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Conditions and diagnoses").fill("Rheumatoid arthritis since 2019.")
    page.get_by_label("Statement", exact=True).fill(STATEMENT_TEXT)
    page.get_by_role("button", name="Save and go to signing").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign the statement")
    expect(page.get_by_role("main")).to_contain_text(STATEMENT_TEXT)
    assert_no_serious_axe_violations(page)
    registration = page.get_by_label("Professional registration")
    if registration.count():
        registration.fill("GMC 7654321")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I confirm this statement is true").check()
    page.get_by_role("button", name="Sign statement").click()
    expect(page.locator(".error-summary")).to_be_visible()
    statement.refresh_from_db()
    assert not statement.is_signed  # a wrong password signs nothing
    page.get_by_label("Your password").fill(PASSWORD)
    if not page.get_by_label("I confirm this statement is true").is_checked():
        page.get_by_label("I confirm this statement is true").check()
    page.get_by_role("button", name="Sign statement").click()
    expect(page.get_by_role("main")).to_contain_text("Signed by")
    statement.refresh_from_db()
    assert statement.is_signed
    assert statement.signed_by == world.gp
    page.context.close()

    # 3. The link worker generates the MR letter with the statement and downloads the PDF.
    page = link_worker_page
    page.reload()
    expect(page.get_by_role("main")).to_contain_text(f"Signed by {statement.signer_name}")
    page.get_by_role("link", name="Generate letter").click()
    assert_no_serious_axe_violations(page)
    page.get_by_label("Mandatory reconsideration request (cover letter)").check()
    page.get_by_label("Grounds").fill("The decision did not weigh her pain on most days.")
    statement_box = page.locator("input[name=statements]")
    expect(statement_box).to_have_count(1)
    statement_box.check()
    page.get_by_role("button", name="Generate letter").click()
    create_path = reverse("letters:letter_create", kwargs={"case_id": case.pk})
    wait_to_leave(page, create_path, "The letter was not requested")
    download_link = page.get_by_role("link", name="Download PDF").first
    expect(download_link).to_be_visible(timeout=60_000)  # the row polls until it is ready
    assert_no_serious_axe_violations(page)
    letter = EvidenceLetter.objects.get(case=case)
    assert letter.status == LetterStatus.READY

    with page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(
        " ".join((page_.extract_text() or "").split()) for page_ in PdfReader(io.BytesIO(pdf)).pages
    )
    assert patient.full_name in text
    assert STATEMENT_TEXT in text
