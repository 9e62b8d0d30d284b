"""Statement pages: the GP portal, what a GP may see, writing and signing through the pages,
immutability at the page level, the link worker's request, chase and withdraw, the case page
block, audit and caching."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from appeals.models import DeadlineKind
from appeals.statements import services
from appeals.statements.models import (
    SIGNED_MESSAGE,
    NotificationReason,
    StatementKind,
    StatementStatus,
    SupportStatement,
)
from linkwork.audit.models import AuditAction, AuditEvent
from tests.factories import (
    AppealCaseFactory,
    CaseNoteFactory,
    PatientFactory,
    SignedStatementFactory,
    SupportStatementFactory,
)
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _due_in(statement, days):
    statement.deadline.due = timezone.localdate() + timedelta(days=days)
    statement.deadline.save()
    return statement


def _content_post(**overrides):
    data = {
        "conditions": "COPD",
        "duration": "Ten years",
        "treatment": "Inhalers",
        "mental_health_effect": "",
        "statement": "Breathless on exertion.",
        "impact__moving_around__how_often": "Every day",
        "impact__moving_around__help": "Stops after 20 metres",
    }
    return data | overrides


# The GP portal


def test_gp_home_groups_requests_overdue_due_soon_open_and_done(world, client, case):
    overdue = _due_in(SupportStatementFactory(case=case), -2)
    soon = _due_in(SupportStatementFactory(case=case, requested_of_user=world.gp), 3)
    later = _due_in(SupportStatementFactory(case=case, draft=True), 30)
    done = SignedStatementFactory(case=case, signed_by=world.gp)
    client.force_login(world.gp)
    response = client.get(reverse("home"))
    portal = response.context["portal"]
    assert portal.overdue == [overdue]
    assert portal.due_soon == [soon]
    assert portal.open == [later]
    assert list(response.context["done"].object_list) == [done]
    assert "Overdue" in response.text
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, user=world.gp, detail="Statement requests list"
    ).exists()
    assert escape(world.patient.full_name) in response.text
    assert "no-store" in response.headers["Cache-Control"]


def test_gp_home_shows_only_requests_to_them_or_their_practice(world, client, case):
    mine = SupportStatementFactory(case=case)
    colleague = SupportStatementFactory(case=case, requested_of_user=world.gp_other_practice)
    other_patient = PatientFactory(practice=world.other_practice)
    elsewhere = SupportStatementFactory(case=AppealCaseFactory(patient=other_patient))
    link_worker_own = SupportStatementFactory(case=case, link_worker=True)
    client.force_login(world.gp)
    portal = client.get(reverse("home")).context["portal"]
    shown = portal.overdue + portal.due_soon + portal.open
    assert shown == [mine]
    assert colleague not in shown
    assert elsewhere not in shown
    assert link_worker_own not in shown


def test_gp_with_nothing_asked_sees_an_empty_state(world, client):
    client.force_login(world.gp)
    response = client.get(reverse("home"))
    assert "Nothing is waiting for you" in response.text


def test_gp_home_query_count_does_not_grow_with_requests(
    world, client, case, django_assert_max_num_queries
):
    SupportStatementFactory(case=case)
    SignedStatementFactory(case=case, signed_by=world.gp)
    client.force_login(world.gp)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("home"))
    for _ in range(8):
        other = AppealCaseFactory(patient=PatientFactory(practice=world.practice))
        SupportStatementFactory(case=other)
        _due_in(SupportStatementFactory(case=other, draft=True), -1)
        SignedStatementFactory(case=other, signed_by=world.gp)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert response.context["portal"].open_count == 17


# What a GP sees


def test_gp_sees_the_case_summary_and_nothing_else_of_the_case(world, client, requested):
    CaseNoteFactory(case=requested.case, text="Private note about the benefits interview")
    client.force_login(world.gp)
    response = client.get(reverse("statements:detail", args=[requested.pk]))
    assert response.status_code == 200
    text = response.text
    assert escape(world.patient.full_name) in text
    assert world.patient.nhs_number_display in text
    assert "Personal Independence Payment" in text
    assert requested.request_message in text
    assert "Private note about the benefits interview" not in text
    assert reverse("appeals:case_detail", args=[requested.case.pk]) not in text
    assert (
        response.headers["Cache-Control"]
        == "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_gp_of_other_practice_gets_404(world, client, requested):
    client.force_login(world.gp_other_practice)
    assert client.get(reverse("statements:detail", args=[requested.pk])).status_code == 404
    assert client.get(reverse("statements:write", args=[requested.pk])).status_code == 404


def test_gp_cannot_open_the_link_workers_own_statement(world, client, case):
    own = SupportStatementFactory(case=case, link_worker=True)
    client.force_login(world.gp)
    assert client.get(reverse("statements:detail", args=[own.pk])).status_code == 404


def test_request_to_a_named_gp_is_not_for_their_practice_colleagues(world, client, case):
    from tests.factories import GPFactory

    named = SupportStatementFactory(case=case, requested_of_user=world.gp)
    colleague = GPFactory(practice=world.practice)
    client.force_login(colleague)
    assert client.get(reverse("statements:detail", args=[named.pk])).status_code == 404


# Writing and signing through the pages


def test_gp_writes_a_draft_with_pip_activities(world, client, requested):
    client.force_login(world.gp)
    url = reverse("statements:write", args=[requested.pk])
    page = client.get(url)
    assert "Activity 12: Moving around" in page.text
    response = client.post(url, _content_post(save=""))
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == StatementStatus.DRAFT
    assert requested.conditions == "COPD"
    assert requested.activity_impacts == {
        "moving_around": {"how_often": "Every day", "help": "Stops after 20 metres"}
    }
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(requested.pk), patient_id=world.patient.pk
    ).exists()


def test_save_and_sign_goes_to_the_signing_page(world, client, requested):
    client.force_login(world.gp)
    response = client.post(reverse("statements:write", args=[requested.pk]), _content_post(sign=""))
    assert response.headers["Location"] == reverse("statements:sign", args=[requested.pk])


def test_too_long_text_is_an_error_and_nothing_is_saved(world, client, requested):
    client.force_login(world.gp)
    response = client.post(
        reverse("statements:write", args=[requested.pk]), _content_post(conditions="x" * 10_001)
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Keep the conditions and diagnoses under 10000 characters" in response.text
    requested.refresh_from_db()
    assert requested.status == StatementStatus.REQUESTED
    assert requested.conditions == ""


def test_signing_page_with_the_right_password_signs_and_is_audited(world, client, draft):
    client.force_login(world.gp)
    response = client.post(
        reverse("statements:sign", args=[draft.pk]),
        {"password": PASSWORD, "registration": "GMC 7654321", "confirm": "on"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == StatementStatus.SIGNED
    assert draft.signer_registration == "GMC 7654321"
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN, object_id=str(draft.pk), user=world.gp
    ).exists()


def test_signing_page_with_a_wrong_password_shows_an_error_and_signs_nothing(world, client, draft):
    client.force_login(world.gp)
    response = client.post(
        reverse("statements:sign", args=[draft.pk]),
        {"password": "wrong-password", "registration": "GMC 1", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "That password is not right" in response.text
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT
    assert draft.signed_at is None
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN).exists()


def test_signing_needs_the_confirmation_box(world, client, draft):
    client.force_login(world.gp)
    response = client.post(
        reverse("statements:sign", args=[draft.pk]),
        {"password": PASSWORD, "registration": "GMC 1"},
    )
    assert "Tick the box" in response.text
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT


# Immutability at page level


@pytest.mark.parametrize("name", ["write", "sign", "decline"])
def test_signed_statement_pages_refuse_with_403_and_say_why(world, client, case, name):
    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    client.force_login(world.gp)
    url = reverse(f"statements:{name}", args=[signed.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert escape(SIGNED_MESSAGE) in response.text
    post = client.post(url, _content_post(password=PASSWORD, confirm="on", reason="x"))
    assert post.status_code == 403
    signed.refresh_from_db()
    assert signed.conditions == "Fibromyalgia; depression."
    assert signed.status == StatementStatus.SIGNED


def test_write_form_shows_a_readable_error_if_the_statement_was_signed_meanwhile(
    world, client, draft
):
    """Two GPs of a practice: one signs while the other's form is open. The late form is
    refused with a message on the form, not a 500, and changes nothing."""
    client.force_login(world.gp)
    url = reverse("statements:write", args=[draft.pk])
    services.statement_sign(statement=draft, by=world.gp, password=PASSWORD)
    with mock.patch("appeals.statements.views.policy.can_write_statement", return_value=True):
        response = client.post(url, _content_post())
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert escape(SIGNED_MESSAGE) in response.text
    draft.refresh_from_db()
    assert draft.conditions == "Fibromyalgia; depression."


def test_signed_statement_page_offers_a_correction_not_editing(world, client, case):
    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    client.force_login(world.gp)
    response = client.get(reverse("statements:detail", args=[signed.pk]))
    assert reverse("statements:write", args=[signed.pk]) not in response.text
    assert reverse("statements:correct", args=[signed.pk]) in response.text
    assert signed.content_hash in response.text
    assert "matches the signed content" in response.text


def test_correction_from_the_page_keeps_both_versions_visible(world, client, case):
    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    client.force_login(world.gp)
    response = client.post(reverse("statements:correct", args=[signed.pk]))
    correction = SupportStatement.objects.get(supersedes=signed)
    assert response.headers["Location"] == reverse("statements:write", args=[correction.pk])
    old_page = client.get(reverse("statements:detail", args=[signed.pk]))
    assert "This version has been corrected" in old_page.text
    new_page = client.get(reverse("statements:detail", args=[correction.pk]))
    assert "This version corrects" in new_page.text


def test_only_the_signer_may_correct_a_gp_statement(world, client, case):
    from tests.factories import GPFactory

    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    colleague = GPFactory(practice=world.practice)
    client.force_login(colleague)
    # Addressed to the practice, so the colleague sees it, but did not sign it.
    assert client.get(reverse("statements:detail", args=[signed.pk])).status_code == 200
    assert client.post(reverse("statements:correct", args=[signed.pk])).status_code == 403


# The link worker's side


def test_request_form_defaults_to_the_only_gp_of_the_patients_practice(world, client, case):
    client.force_login(world.link_worker)
    response = client.get(reverse("statements:request", args=[case.pk]))
    form = response.context["form"]
    assert form.initial["requested_of"] == str(world.gp.pk)
    assert form.initial["due"] == timezone.localdate() + timedelta(days=14)
    choices = dict(form.fields["requested_of"].choices)
    assert str(world.gp_other_practice.pk) not in choices


def test_link_worker_requests_a_statement_from_the_case_page(
    world, client, case, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.link_worker)
    due = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("statements:request", args=[case.pk]),
            {"requested_of": str(world.gp.pk), "message": "Please help.", "due": due.isoformat()},
        )
    statement = SupportStatement.objects.get()
    assert response.headers["Location"] == reverse("statements:detail", args=[statement.pk])
    assert statement.requested_of_user == world.gp
    assert statement.deadline.kind == DeadlineKind.STATEMENT
    assert len(mailoutbox) == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(statement.pk))


def test_request_with_a_bad_date_shows_errors_and_saves_nothing(world, client, case):
    client.force_login(world.link_worker)
    response = client.post(
        reverse("statements:request", args=[case.pk]),
        {"requested_of": "practice", "message": "", "due": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Say what you would like the GP to write about." in response.text
    assert not SupportStatement.objects.exists()
    past = client.post(
        reverse("statements:request", args=[case.pk]),
        {"requested_of": "practice", "message": "Please.", "due": "2020-01-01"},
    )
    assert "The due date must be today or later" in past.text
    assert not SupportStatement.objects.exists()


def test_chase_from_the_page_sends_a_reminder(
    world, client, requested, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.link_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("statements:chase", args=[requested.pk]))
    assert response.status_code == 302
    assert requested.notifications.filter(reason=NotificationReason.CHASE).count() == 1
    assert len(mailoutbox) == 1


def test_withdraw_from_the_page(world, client, requested):
    client.force_login(world.link_worker)
    response = client.post(
        reverse("statements:withdraw", args=[requested.pk]), {"reason": "Not needed now"}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == StatementStatus.WITHDRAWN
    assert requested.closed_reason == "Not needed now"


def test_gp_declines_with_a_reason(world, client, requested):
    client.force_login(world.gp)
    url = reverse("statements:decline", args=[requested.pk])
    assert "Say why" in client.post(url, {"reason": ""}).text
    response = client.post(url, {"reason": "I have not seen the patient recently."})
    assert response.headers["Location"] == reverse("home")
    requested.refresh_from_db()
    assert requested.status == StatementStatus.DECLINED


def test_link_worker_starts_a_carer_statement(world, client, case):
    client.force_login(world.link_worker)
    url = reverse("statements:start", args=[case.pk])
    missing = client.post(url, {"kind": StatementKind.CARER})
    assert "Enter the carer" in missing.text
    response = client.post(
        url, {"kind": StatementKind.CARER, "maker_name": "Jo", "maker_relationship": "son"}
    )
    statement = SupportStatement.objects.get()
    assert response.headers["Location"] == reverse("statements:write", args=[statement.pk])
    assert statement.kind == StatementKind.CARER


def test_viewing_a_statement_is_audited(world, client, requested):
    client.force_login(world.manager)
    client.get(reverse("statements:detail", args=[requested.pk]))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(requested.pk))
    assert event.patient_id == world.patient.pk
    assert event.user == world.manager


# The case page block


def test_case_page_lists_statements_and_offers_a_request(world, client, case):
    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    client.force_login(world.link_worker)
    response = client.get(reverse("appeals:case_detail", args=[case.pk]))
    assert reverse("statements:detail", args=[signed.pk]) in response.text
    assert reverse("statements:request", args=[case.pk]) in response.text


def test_case_page_block_is_read_only_for_a_link_worker_not_holding(world, client, case):
    client.force_login(world.link_worker_not_holding)
    response = client.get(reverse("appeals:case_detail", args=[case.pk]))
    assert reverse("statements:request", args=[case.pk]) not in response.text


def test_case_page_query_count_does_not_grow_with_statements(
    world, client, case, django_assert_max_num_queries
):
    SupportStatementFactory(case=case)
    client.force_login(world.link_worker)
    url = reverse("appeals:case_detail", args=[case.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(6):
        SignedStatementFactory(case=case, signed_by=world.gp)
        SupportStatementFactory(case=case, link_worker=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.text.count("statements/") >= 13


def test_sign_page_refuses_text_changed_since_it_was_opened_then_shows_the_new_text(
    world, client, draft
):
    client.force_login(world.gp)
    url = reverse("statements:sign", args=[draft.pk])
    fingerprint = client.get(url).context["form"].initial["fingerprint"]
    services.statement_save_draft(
        statement=draft, by=world.gp, data={"statement": "A colleague's new words"}
    )
    post = {"password": PASSWORD, "registration": "GMC 1", "confirm": "on"}
    response = client.post(url, post | {"fingerprint": fingerprint})
    assert response.status_code == 200
    assert "Someone else changed this statement" in response.text
    assert "A colleague&#x27;s new words" in response.text
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT
    # Signing again from the refreshed page signs the text now shown.
    fresh = response.context["form"].data["fingerprint"]
    assert client.post(url, post | {"fingerprint": fresh}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == StatementStatus.SIGNED
    assert draft.statement == "A colleague's new words"


def test_first_save_of_a_requested_statement_from_the_write_page_is_accepted(
    world, client, requested
):
    """The write page of a new request carries the fingerprint of the request as it is;
    saving it (which moves it to draft) is not mistaken for someone else's change."""
    client.force_login(world.gp)
    url = reverse("statements:write", args=[requested.pk])
    fingerprint = client.get(url).context["form"].initial["fingerprint"]
    response = client.post(url, _content_post(fingerprint=fingerprint, sign="1"))
    assert response.status_code == 302
    assert response.url == reverse("statements:sign", args=[requested.pk])
    requested.refresh_from_db()
    assert requested.status == StatementStatus.DRAFT
    assert requested.conditions == "COPD"


def test_write_page_refuses_to_overwrite_a_colleagues_save(world, client, draft):
    client.force_login(world.gp)
    url = reverse("statements:write", args=[draft.pk])
    fingerprint = client.get(url).context["form"].initial["fingerprint"]
    services.statement_save_draft(statement=draft, by=world.gp, data={"conditions": "Theirs"})
    response = client.post(url, _content_post(fingerprint=fingerprint))
    assert response.status_code == 200
    assert "Someone else changed this statement" in response.text
    draft.refresh_from_db()
    assert draft.conditions == "Theirs"


def test_gp_can_abandon_a_correction_and_the_signed_version_stays_current(world, client, case):
    from appeals.statements.selectors import signed_statements_for_case

    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    correction = services.statement_correct(statement=signed, by=world.gp)
    client.force_login(world.gp)
    url = reverse("statements:decline", args=[correction.pk])
    assert "Abandon the correction" in client.get(url).text
    client.post(url, {"reason": "No change needed after all"})
    correction.refresh_from_db()
    assert correction.status == StatementStatus.DECLINED
    assert list(signed_statements_for_case(case)) == [signed]


def test_link_worker_discards_a_draft_of_their_own_statement(world, client, case):
    own = SupportStatementFactory(case=case, link_worker=True)
    client.force_login(world.link_worker_not_holding)
    url = reverse("statements:withdraw", args=[own.pk])
    assert client.get(url).status_code == 403
    client.force_login(world.link_worker)
    assert "Discard the draft" in client.get(url).text
    assert client.post(url, {"reason": ""}).status_code == 302
    own.refresh_from_db()
    assert own.status == StatementStatus.WITHDRAWN


def test_link_worker_cannot_withdraw_a_gps_correction(world, client, case):
    signed = SignedStatementFactory(case=case, signed_by=world.gp)
    correction = services.statement_correct(statement=signed, by=world.gp)
    client.force_login(world.link_worker)
    assert client.post(reverse("statements:withdraw", args=[correction.pk])).status_code == 403
