"""The letter pages: generate, list with live status, download and retry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appeals.letters import services
from appeals.letters.models import EvidenceLetter, LetterKind, LetterStatus
from linkwork.audit.models import AuditAction, AuditEvent
from tests.factories import EvidenceLetterFactory, SignedStatementFactory
from tests.factories.letters import FAKE_PDF
from tests.letters.conftest import AWARDED, give_sharing_consent, make_letter_case

pytestmark = pytest.mark.django_db


def create_url(case) -> str:
    return reverse("letters:letter_create", kwargs={"case_id": case.pk})


def list_url(case) -> str:
    return reverse("letters:case_letters", kwargs={"case_id": case.pk})


def test_case_page_offers_generate_letter_to_the_holder_only(world, letter_case, client):
    EvidenceLetterFactory(case=letter_case, ready=True)
    url = reverse("appeals:case_detail", kwargs={"pk": letter_case.pk})
    client.force_login(world.link_worker)
    page = client.get(url).content.decode()
    assert "Evidence letters" in page
    assert create_url(letter_case) in page
    assert "Download PDF" in page
    client.force_login(world.link_worker_not_holding)
    page = client.get(url).content.decode()
    assert "Download PDF" in page
    assert create_url(letter_case) not in page


def test_generating_a_letter_queues_it_renders_it_and_audits(
    world, letter_case, client, django_capture_on_commit_callbacks
):
    statement = SignedStatementFactory(case=letter_case)
    client.force_login(world.link_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(letter_case),
            {
                "kind": LetterKind.MR_COVER,
                "grounds": "She cannot cook a meal.",
                "statements": [statement.pk],
                "awarded_preparing_food": "2",
            },
        )
    assert response.status_code == 302
    assert response.headers["Location"] == list_url(letter_case)
    letter = EvidenceLetter.objects.get()
    assert letter.status == LetterStatus.READY
    assert letter.awarded_points == {"preparing_food": 2}
    assert list(letter.statements.all()) == [statement]
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(letter.pk), patient_id=world.patient.pk
    ).exists()
    page = client.get(list_url(letter_case)).content.decode()
    assert "is being made" in page
    assert reverse("letters:letter_download", kwargs={"pk": letter.pk}) in page


def test_refused_letter_shows_the_reason_in_the_error_summary(world, client):
    give_sharing_consent(world.patient, "Citizens Advice")
    case = make_letter_case(world.patient, world.link_worker)
    client.force_login(world.link_worker)
    response = client.post(create_url(case), {"kind": LetterKind.MR_COVER})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "has not consented to us sharing their information with DWP" in page
    assert not EvidenceLetter.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the kind of letter."),
        ({"kind": "poem"}, "Choose one of the kinds of letter listed."),
        (
            {"kind": LetterKind.MR_COVER, "awarded_preparing_food": "99"},
            "Preparing food scores at most 8 points.",
        ),
        (
            {"kind": LetterKind.MR_COVER, "awarded_moving_around": "lots"},
            "Enter the points for moving around as a whole number.",
        ),
        ({"kind": LetterKind.GP_SUPPORT}, "made from a signed GP statement"),
    ],
)
def test_bad_input_gives_plain_errors_not_a_500(world, letter_case, client, data, message):
    client.force_login(world.link_worker)
    response = client.post(create_url(letter_case), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not EvidenceLetter.objects.exists()


def test_form_prefills_awarded_points_and_ticks_signed_statements(world, letter_case, client):
    EvidenceLetterFactory(case=letter_case, ready=True, awarded_points=AWARDED)
    statement = SignedStatementFactory(case=letter_case)
    client.force_login(world.link_worker)
    response = client.get(create_url(letter_case))
    form = response.context["form"]
    assert form["awarded_preparing_food"].value() == 2
    assert form["statements"].value() == [statement.pk]
    assert "signed" in response.content.decode()


def test_queued_letter_row_polls_and_ready_row_does_not(world, letter_case, client):
    queued = EvidenceLetterFactory(case=letter_case)
    client.force_login(world.link_worker)
    status_url = reverse("letters:letter_status", kwargs={"pk": queued.pk})
    page = client.get(list_url(letter_case)).content.decode()
    assert f'hx-get="{status_url}?polls=1"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "spinner-border" in page
    row = client.get(status_url).content.decode()
    assert 'hx-trigger="every 2s"' in row
    EvidenceLetter.objects.filter(pk=queued.pk).update(
        status=LetterStatus.READY, file="letters/x.pdf", sha256="0" * 64, page_count=2
    )
    row = client.get(status_url).content.decode()
    assert "hx-trigger" not in row
    assert "Download PDF" in row
    assert "2 pages" in row


def test_failed_letter_shows_reason_and_retry_for_the_holder(world, letter_case, client):
    failed = EvidenceLetterFactory(case=letter_case, failed=True)
    client.force_login(world.link_worker)
    page = client.get(list_url(letter_case)).content.decode()
    assert failed.failure_reason in page
    assert reverse("letters:letter_retry", kwargs={"pk": failed.pk}) in page
    client.force_login(world.link_worker_not_holding)
    page = client.get(list_url(letter_case)).content.decode()
    assert failed.failure_reason in page
    assert reverse("letters:letter_retry", kwargs={"pk": failed.pk}) not in page


def test_retry_from_htmx_returns_the_row_and_requeues(world, letter_case, client):
    failed = EvidenceLetterFactory(case=letter_case, failed=True)
    client.force_login(world.link_worker)
    response = client.post(
        reverse("letters:letter_retry", kwargs={"pk": failed.pk}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == LetterStatus.QUEUED


def test_retry_by_a_link_worker_not_holding_the_case_is_403(world, letter_case, client):
    failed = EvidenceLetterFactory(case=letter_case, failed=True)
    client.force_login(world.link_worker_not_holding)
    response = client.post(reverse("letters:letter_retry", kwargs={"pk": failed.pk}))
    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.status == LetterStatus.FAILED


def test_retry_of_a_ready_letter_says_why_not(world, letter_case, client):
    ready = EvidenceLetterFactory(case=letter_case, ready=True)
    client.force_login(world.link_worker)
    response = client.post(reverse("letters:letter_retry", kwargs={"pk": ready.pk}), follow=True)
    assert "Only a letter that failed can be tried again." in response.content.decode()


def test_download_is_an_uncached_attachment_and_is_audited(world, letter_case, client):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    client.force_login(world.link_worker_not_holding)
    response = client.get(reverse("letters:letter_download", kwargs={"pk": letter.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert letter.download_name in response["Content-Disposition"]
    assert world.patient.family_name not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD,
        object_id=str(letter.pk),
        patient_id=world.patient.pk,
        user=world.link_worker_not_holding,
    ).exists()


def test_download_before_the_letter_is_ready_explains(world, letter_case, client):
    queued = EvidenceLetterFactory(case=letter_case)
    client.force_login(world.link_worker)
    response = client.get(reverse("letters:letter_download", kwargs={"pk": queued.pk}), follow=True)
    assert "not ready yet" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_download_of_a_missing_file_is_404(world, letter_case, client):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    letter.file.storage.delete(letter.file.name)
    client.force_login(world.link_worker)
    response = client.get(reverse("letters:letter_download", kwargs={"pk": letter.pk}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "persona", ["gp", "gp_other_practice", "link_worker_other_service", "administrator"]
)
def test_outsiders_get_404_for_the_list_the_status_and_the_download(
    world, letter_case, client, persona
):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    client.force_login(world.personas()[persona])
    for url in (
        list_url(letter_case),
        reverse("letters:letter_status", kwargs={"pk": letter.pk}),
        reverse("letters:letter_download", kwargs={"pk": letter.pk}),
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_empty_list_shows_the_empty_state(world, letter_case, client):
    client.force_login(world.link_worker)
    page = client.get(list_url(letter_case)).content.decode()
    assert "No letters yet" in page


def test_letter_pages_are_not_cached(world, letter_case, client):
    client.force_login(world.link_worker)
    for url in (list_url(letter_case), create_url(letter_case)):
        assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("count", [3, 30])
def test_list_page_query_count_is_flat(
    world, letter_case, client, django_assert_max_num_queries, count
):
    for _ in range(count):
        EvidenceLetterFactory(case=letter_case, ready=True)
    client.force_login(world.link_worker)
    with django_assert_max_num_queries(12):
        response = client.get(list_url(letter_case))
    assert response.status_code == 200
    assert response.content.decode().count("Download PDF") == min(count, 25)


@pytest.mark.parametrize("count", [2, 20])
def test_case_page_letters_section_query_count_is_flat(
    world, letter_case, client, django_assert_max_num_queries, count
):
    for _ in range(count):
        EvidenceLetterFactory(case=letter_case, ready=True)
    client.force_login(world.link_worker)
    url = reverse("appeals:case_detail", kwargs={"pk": letter_case.pk})
    with django_assert_max_num_queries(30):
        response = client.get(url)
    page = response.content.decode()
    assert page.count("Download PDF") == min(count, 5)
    if count > 5:
        assert f"All {count} letters" in page


def test_form_for_a_non_pip_case_asks_for_no_points(world, client):
    from appeals.models import Benefit

    give_sharing_consent(world.patient, "DWP")
    case = make_letter_case(
        world.patient,
        world.link_worker,
        benefit=Benefit.UC,
        daily_living_decided="",
        mobility_decided="",
        daily_living_before="",
        mobility_before="",
        pip_choices={},
    )
    client.force_login(world.link_worker)
    response = client.get(create_url(case))
    assert response.context["form"].awarded_fields == []
    assert "Points DWP awarded" not in response.content.decode()


def test_form_shows_which_addressees_the_patient_consented_to(world, client):
    give_sharing_consent(world.patient, "DWP")
    case = make_letter_case(world.patient, world.link_worker)
    client.force_login(world.link_worker)
    response = client.get(create_url(case))
    assert response.context["consent"] == [
        ("Department for Work and Pensions (DWP)", True),
        ("HM Courts & Tribunals Service (HMCTS)", False),
    ]
    assert reverse("patients:consent_add", kwargs={"pk": world.patient.pk}) in (
        response.content.decode()
    )


def test_form_suggests_the_tribunal_pack_once_dwp_has_reconsidered(world, client):
    give_sharing_consent(world.patient, "DWP")
    before_mr = make_letter_case(world.patient, world.link_worker, mr_notice_date=None)
    after_mr = make_letter_case(world.patient, world.link_worker)
    client.force_login(world.link_worker)
    assert client.get(create_url(before_mr)).context["form"]["kind"].value() == "mr_cover"
    assert client.get(create_url(after_mr)).context["form"]["kind"].value() == "tribunal_pack"


def test_polling_counts_and_stops_after_a_few_minutes(world, letter_case, client):
    from appeals.letters.views import MAX_POLLS

    queued = EvidenceLetterFactory(case=letter_case)
    client.force_login(world.link_worker)
    status_url = reverse("letters:letter_status", kwargs={"pk": queued.pk})
    row = client.get(status_url, {"polls": 3}).content.decode()
    assert f'hx-get="{status_url}?polls=4"' in row
    row = client.get(status_url, {"polls": MAX_POLLS}).content.decode()
    assert "hx-trigger" not in row
    assert "taking longer than usual" in row
    row = client.get(status_url, {"polls": "lots"}).content.decode()
    assert f'hx-get="{status_url}?polls=1"' in row


def test_form_reads_the_consent_once_however_many_names_each_addressee_has(
    world, client, monkeypatch, django_assert_num_queries
):
    give_sharing_consent(world.patient, "DWP")
    case = make_letter_case(world.patient, world.link_worker)
    client.force_login(world.link_worker)
    client.get(create_url(case))  # sessions and caches settle on the first request
    with CaptureQueriesContext(connection) as few_names:
        client.get(create_url(case))
    many = {
        addressee: (*names, *(f"{names[0]} office {n}" for n in range(10)))
        for addressee, names in services.ADDRESSEE_ORGANISATIONS.items()
    }
    monkeypatch.setattr(services, "ADDRESSEE_ORGANISATIONS", many)
    with django_assert_num_queries(len(few_names)):
        response = client.get(create_url(case))
    assert response.context["consent"][0] == ("Department for Work and Pensions (DWP)", True)
    consent_queries = [q for q in few_names.captured_queries if "patients_consent" in q["sql"]]
    assert len(consent_queries) == 1
