"""Statement services: requests and their deadline, notifications after commit, signing with
password re-entry, immutability, declining, withdrawing and versioned corrections."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from appeals.models import DeadlineKind, DeadlineStatus, Stage
from appeals.statements import content, services
from appeals.statements.models import (
    NotificationReason,
    NotificationStatus,
    SignedStatementError,
    StatementKind,
    StatementNotification,
    StatementStatus,
    SupportStatement,
)
from appeals.statements.selectors import signed_statements_for_case
from tests.factories import GPFactory, SignedStatementFactory
from tests.factories.accounts import PASSWORD
from tests.statements.conftest import CONTENT

pytestmark = pytest.mark.django_db


def _request(case, by, **kwargs):
    kwargs.setdefault("message", "Please describe the effect on daily living.")
    kwargs.setdefault("due", timezone.localdate() + timedelta(days=14))
    return services.statement_request(case=case, by=by, **kwargs)


# Requests


def test_request_defaults_to_the_patients_practice_and_adds_a_statement_deadline(world, case):
    with_due = timezone.localdate() + timedelta(days=10)
    statement = _request(case, world.link_worker, due=with_due)
    assert statement.status == StatementStatus.REQUESTED
    assert statement.kind == StatementKind.GP
    assert statement.requested_of_practice == world.practice
    assert statement.requested_of_user is None
    assert statement.deadline.kind == DeadlineKind.STATEMENT
    assert statement.deadline.case == case
    assert statement.deadline.due == with_due
    assert statement.deadline.status == DeadlineStatus.OPEN


def test_request_to_a_named_gp_of_the_practice(world, case):
    statement = _request(case, world.link_worker, requested_of_user=world.gp)
    assert statement.requested_of_user == world.gp
    assert statement.requested_of_practice == world.practice


def test_request_to_a_gp_of_another_practice_is_refused(world, case):
    with pytest.raises(ValidationError, match="patient's own practice"):
        _request(case, world.link_worker, requested_of_user=world.gp_other_practice)
    assert not SupportStatement.objects.exists()


def test_request_to_someone_who_is_not_a_gp_is_refused(world, case):
    with pytest.raises(ValidationError, match="Choose a GP"):
        _request(case, world.link_worker, requested_of_user=world.manager)


def test_request_due_in_the_past_is_refused_and_leaves_no_deadline(world, case):
    before = case.deadlines.count()
    with pytest.raises(ValidationError, match="today or later"):
        _request(case, world.link_worker, due=timezone.localdate() - timedelta(days=1))
    assert case.deadlines.count() == before


def test_request_needs_a_message(world, case):
    with pytest.raises(ValidationError, match="what you would like"):
        _request(case, world.link_worker, message="   ")


def test_second_open_request_to_the_same_gp_is_refused(world, case):
    _request(case, world.link_worker)
    with pytest.raises(ValidationError, match="chase it"):
        _request(case, world.link_worker)
    # A named GP is a different addressee.
    _request(case, world.link_worker, requested_of_user=world.gp)


def test_no_request_on_an_ended_case(world, case):
    case.stage = Stage.CLOSED
    case.save()
    with pytest.raises(ValidationError, match="ended"):
        _request(case, world.link_worker)


# Notifications


def test_request_email_is_sent_once_and_only_after_commit(
    world, case, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement = _request(case, world.link_worker, requested_of_user=world.gp)
        assert mailoutbox == []  # nothing before the transaction commits
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [world.gp.email]
    assert str(statement.pk) in email.body
    assert world.patient.family_name not in email.body  # no patient identifiers in email
    assert world.patient.nhs_number not in email.body
    notification = statement.notifications.get()
    assert notification.status == NotificationStatus.SENT
    assert notification.sent_at is not None


def test_request_to_a_practice_emails_every_gp_of_it(
    world, case, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = GPFactory(practice=world.practice)
    GPFactory(practice=world.practice, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _request(case, world.link_worker)
    assert sorted(mailoutbox[0].to) == sorted([world.gp.email, colleague.email])


def test_rolled_back_request_sends_nothing(
    world, case, mailoutbox, django_capture_on_commit_callbacks
):
    def request_then_fail():
        with transaction.atomic():
            _request(case, world.link_worker)
            raise RuntimeError("the page failed after the request")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        request_then_fail()
    assert callbacks == []
    assert mailoutbox == []
    assert not SupportStatement.objects.exists()
    assert not StatementNotification.objects.exists()


def test_sending_a_notification_twice_sends_one_email(world, case, mailoutbox):
    statement = _request(case, world.link_worker)  # on-commit callbacks not run here
    notification = statement.notifications.get()
    services.notification_send(notification_id=notification.pk)
    services.notification_send(notification_id=notification.pk)
    assert len(mailoutbox) == 1


def test_notification_with_no_gp_email_is_marked_failed(world, case, mailoutbox):
    world.gp.email = ""
    world.gp.save()
    statement = _request(case, world.link_worker, requested_of_user=world.gp)
    notification = services.notification_send(notification_id=statement.notifications.get().pk)
    assert notification.status == NotificationStatus.FAILED
    assert "email address" in notification.error
    assert mailoutbox == []


def test_chase_sends_the_request_again_and_is_recorded(
    world, case, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statement = _request(case, world.link_worker, requested_of_user=world.gp)
    with django_capture_on_commit_callbacks(execute=True):
        chase = services.statement_chase(statement=statement, by=world.manager)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject.startswith("Reminder")
    chase.refresh_from_db()
    assert chase.reason == NotificationReason.CHASE
    assert chase.created_by == world.manager
    assert chase.status == NotificationStatus.SENT


def test_a_finished_request_cannot_be_chased(world, requested):
    services.statement_withdraw(statement=requested, by=world.link_worker)
    with pytest.raises(ValidationError, match="open request"):
        services.statement_chase(statement=requested, by=world.link_worker)


def test_pending_notifications_are_found_for_the_sweep(world, case):
    statement = _request(case, world.link_worker)
    notification = statement.notifications.get()
    assert services.pending_notification_ids() == []
    StatementNotification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    assert services.pending_notification_ids() == [str(notification.pk)]


# Writing and signing


def test_saving_a_draft_keeps_only_known_activities_and_strips_blanks(world, requested):
    data = {**CONTENT, "activity_impacts": {**CONTENT["activity_impacts"], "flying": {"help": "x"}}}
    statement = services.statement_save_draft(statement=requested, by=world.gp, data=data)
    assert statement.status == StatementStatus.DRAFT
    assert statement.author == world.gp
    assert statement.activity_impacts == {
        "preparing_food": {"how_often": "Every day", "how_reliably": "Never safely"},
        "moving_around": {"help": "Uses a stick"},
    }


def test_signing_records_signer_registration_time_and_hash_and_meets_the_deadline(world, requested):
    services.statement_save_draft(statement=requested, by=world.gp, data=CONTENT)
    statement = services.statement_sign(statement=requested, by=world.gp, password=PASSWORD)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SIGNED
    assert statement.signed_by == world.gp
    assert statement.signer_name == world.gp.get_full_name()
    assert statement.signer_registration == world.gp.professional_registration
    assert statement.signed_at is not None
    assert len(statement.content_hash) == 64
    assert statement.content_hash == content.content_hash(statement)
    statement.deadline.refresh_from_db()
    assert statement.deadline.status == DeadlineStatus.MET


def test_wrong_password_signs_nothing(world, draft):
    with pytest.raises(ValidationError, match="password is not right"):
        services.statement_sign(statement=draft, by=world.gp, password="not-my-password")
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT
    assert draft.signed_by is None
    assert draft.content_hash == ""
    assert draft.deadline.status == DeadlineStatus.OPEN


def test_empty_password_signs_nothing(world, draft):
    with pytest.raises(ValidationError):
        services.statement_sign(statement=draft, by=world.gp, password="")
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT


def test_an_empty_statement_cannot_be_signed(world, requested):
    with pytest.raises(ValidationError, match="Write the statement"):
        services.statement_sign(statement=requested, by=world.gp, password=PASSWORD)


def test_gp_without_registration_must_give_one_to_sign(world, draft):
    world.gp.professional_registration = ""
    world.gp.save()
    with pytest.raises(ValidationError, match="GMC"):
        services.statement_sign(statement=draft, by=world.gp, password=PASSWORD)
    signed = services.statement_sign(
        statement=draft, by=world.gp, password=PASSWORD, registration="GMC 1234567"
    )
    assert signed.signer_registration == "GMC 1234567"


def test_service_refuses_to_change_a_signed_statement(world, draft):
    services.statement_sign(statement=draft, by=world.gp, password=PASSWORD)
    with pytest.raises(SignedStatementError):
        services.statement_save_draft(statement=draft, by=world.gp, data=CONTENT)
    with pytest.raises(SignedStatementError):
        services.statement_sign(statement=draft, by=world.gp, password=PASSWORD)
    with pytest.raises(ValidationError):
        services.statement_decline(statement=draft, by=world.gp, reason="No")
    with pytest.raises(ValidationError):
        services.statement_withdraw(statement=draft, by=world.link_worker)
    draft.refresh_from_db()
    assert draft.conditions == "Fibromyalgia; depression."


def test_declining_needs_a_reason_and_waives_the_deadline(world, requested):
    with pytest.raises(ValidationError, match="Say why"):
        services.statement_decline(statement=requested, by=world.gp, reason=" ")
    statement = services.statement_decline(
        statement=requested, by=world.gp, reason="I have not seen the patient for two years."
    )
    assert statement.status == StatementStatus.DECLINED
    assert statement.closed_by == world.gp
    statement.deadline.refresh_from_db()
    assert statement.deadline.status == DeadlineStatus.WAIVED
    assert statement.deadline.status_reason.startswith("GP declined: I have not seen")


def test_withdrawing_waives_the_deadline(world, requested):
    statement = services.statement_withdraw(
        statement=requested, by=world.link_worker, reason="The patient found other evidence."
    )
    assert statement.status == StatementStatus.WITHDRAWN
    statement.deadline.refresh_from_db()
    assert statement.deadline.status == DeadlineStatus.WAIVED
    with pytest.raises(ValidationError, match="withdrawn"):
        services.statement_save_draft(statement=statement, by=world.gp, data=CONTENT)


def test_link_worker_and_carer_statements_start_as_drafts(world, case):
    own = services.statement_start(case=case, kind=StatementKind.LINK_WORKER, by=world.link_worker)
    assert own.status == StatementStatus.DRAFT
    assert own.deadline is None
    with pytest.raises(ValidationError, match="carer's name"):
        services.statement_start(case=case, kind=StatementKind.CARER, by=world.link_worker)
    carer = services.statement_start(
        case=case,
        kind=StatementKind.CARER,
        by=world.link_worker,
        maker_name="Jo Bloggs",
        maker_relationship="daughter",
    )
    assert carer.maker == "Jo Bloggs (daughter)"
    with pytest.raises(ValidationError):
        services.statement_start(case=case, kind=StatementKind.GP, by=world.link_worker)


def test_link_worker_signs_their_own_statement_without_a_registration(world, case):
    own = services.statement_start(case=case, kind=StatementKind.LINK_WORKER, by=world.link_worker)
    services.statement_save_draft(
        statement=own, by=world.link_worker, data={"statement": "I have seen her struggle."}
    )
    signed = services.statement_sign(statement=own, by=world.link_worker, password=PASSWORD)
    assert signed.status == StatementStatus.SIGNED
    assert signed.signer_registration == ""


# Versions


def test_correction_is_a_new_version_and_the_signed_one_stays_unchanged(world, case):
    original = SignedStatementFactory(case=case, signed_by=world.gp)
    original_hash = original.content_hash
    correction = services.statement_correct(statement=original, by=world.gp)
    assert correction.pk != original.pk
    assert correction.version == 2
    assert correction.supersedes == original
    assert correction.status == StatementStatus.DRAFT
    assert correction.conditions == original.conditions
    assert correction.requested_of_user == world.gp  # only the signer writes it
    # Starting again returns the open correction rather than a third version.
    assert services.statement_correct(statement=original, by=world.gp) == correction

    services.statement_save_draft(
        statement=correction, by=world.gp, data={**CONTENT, "conditions": "Fibromyalgia only."}
    )
    services.statement_sign(statement=correction, by=world.gp, password=PASSWORD)
    original.refresh_from_db()
    assert original.status == StatementStatus.SIGNED
    assert original.content_hash == original_hash
    assert content.hash_matches(original)
    assert list(SupportStatement.objects.filter(case=case).order_by("version")) == [
        original,
        correction,
    ]
    with pytest.raises(ValidationError, match="newer version"):
        services.statement_correct(statement=original, by=world.gp)


def test_signed_statements_for_case_gives_current_versions_with_signer(
    world, case, django_assert_num_queries
):
    replaced = SignedStatementFactory(case=case, signed_by=world.gp)
    kept = SignedStatementFactory(case=case, signed_by=world.gp)
    correction = services.statement_correct(statement=replaced, by=world.gp)
    # An unsigned correction does not replace the signed version yet.
    assert set(signed_statements_for_case(case)) == {replaced, kept}
    services.statement_sign(statement=correction, by=world.gp, password=PASSWORD)
    SignedStatementFactory()  # another case's statement is never included
    with django_assert_num_queries(1):
        current = list(signed_statements_for_case(case))
        signers = [s.signed_by.get_full_name() for s in current]
    assert set(current) == {kept, correction}
    assert signers == [world.gp.get_full_name()] * 2


# Stale pages


def test_saving_over_someone_elses_changes_is_refused(world, draft):
    opened = content.draft_fingerprint(draft)
    services.statement_save_draft(
        statement=draft, by=world.gp, data={**CONTENT, "conditions": "Colleague's text"}
    )
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.statement_save_draft(
            statement=draft, by=world.gp, data=CONTENT, fingerprint=opened
        )
    draft.refresh_from_db()
    assert draft.conditions == "Colleague's text"


def test_signing_content_other_than_what_was_read_is_refused(world, draft):
    read = content.draft_fingerprint(draft)
    services.statement_save_draft(
        statement=draft, by=world.gp, data={**CONTENT, "statement": "Changed meanwhile"}
    )
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.statement_sign(statement=draft, by=world.gp, password=PASSWORD, fingerprint=read)
    draft.refresh_from_db()
    assert draft.status == StatementStatus.DRAFT
    current = content.draft_fingerprint(draft)
    signed = services.statement_sign(
        statement=draft, by=world.gp, password=PASSWORD, fingerprint=current
    )
    assert signed.status == StatementStatus.SIGNED


def test_after_an_abandoned_correction_another_can_be_started(world, case):
    original = SignedStatementFactory(case=case, signed_by=world.gp)
    first = services.statement_correct(statement=original, by=world.gp)
    services.statement_decline(statement=first, by=world.gp, reason="Not needed")
    second = services.statement_correct(statement=original, by=world.gp)
    assert second.pk != first.pk
    assert second.version == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportStatement.objects.create(
            case=case,
            kind=StatementKind.GP,
            status=StatementStatus.DRAFT,
            requested_of_practice=world.practice,
            supersedes=original,
        )


def test_link_worker_discards_their_own_draft(world, case):
    own = services.statement_start(case=case, kind=StatementKind.LINK_WORKER, by=world.link_worker)
    discarded = services.statement_withdraw(statement=own, by=world.link_worker)
    assert discarded.status == StatementStatus.WITHDRAWN
