"""The scan, delivery and the sweep: who is reminded of what, once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appeals.models import DeadlineKind, DeadlineStatus, Stage
from linkwork.reminders import services
from linkwork.reminders.models import (
    Notification,
    Reminder,
    ReminderStatus,
    ReminderStep,
    ReminderTopic,
)
from referrals.models import ReferralStatus
from tests.factories import (
    DeadlineFactory,
    GPFactory,
    LinkWorkerFactory,
    ManagerFactory,
    PatientFactory,
    ReferralFactory,
    ReminderPreferenceFactory,
    SupportStatementFactory,
)
from tests.reminders.conftest import NOW, TODAY, at

pytestmark = pytest.mark.django_db


def scan_and_deliver(django_capture_on_commit_callbacks, now=NOW):
    """Run the scan; its on-commit enqueue runs the delivery tasks (eager in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.reminders_scan(now=now)


def test_holder_gets_the_7_day_reminder_by_email_and_in_app(
    world, case, django_capture_on_commit_callbacks
):
    deadline = DeadlineFactory(case=case, kind=DeadlineKind.TASK, due=TODAY + timedelta(days=7))

    result = scan_and_deliver(django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get()
    assert result.recorded == [str(reminder.pk)]
    assert (reminder.deadline, reminder.recipient, reminder.offset_days) == (
        deadline,
        world.link_worker,
        7,
    )
    assert reminder.status == ReminderStatus.SENT
    assert reminder.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[world.link_worker.email]]
    assert Notification.objects.get().recipient == world.link_worker


def test_scan_run_twice_records_and_sends_each_reminder_once(
    case, django_capture_on_commit_callbacks
):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))

    scan_and_deliver(django_capture_on_commit_callbacks)
    second = scan_and_deliver(django_capture_on_commit_callbacks)

    assert second.recorded == []
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_scan_that_misses_the_database_check_is_stopped_by_the_unique_constraint(
    case, django_capture_on_commit_callbacks, monkeypatch
):
    """The path two simultaneous scans take: neither sees the other's rows before inserting."""
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    scan_and_deliver(django_capture_on_commit_callbacks)
    monkeypatch.setattr(services, "_existing_keys", lambda window: set())

    second = scan_and_deliver(django_capture_on_commit_callbacks)

    assert second.recorded == []
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the delivery catches it."""


def test_an_email_sent_again_after_a_crash_before_commit_is_the_same_message(case, monkeypatch):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    DeadlineFactory(case=case, kind=DeadlineKind.TASK, due=TODAY + timedelta(days=7))
    first, second = services.reminders_scan(now=NOW, enqueue=False).recorded
    send = services._send_email

    def send_then_die(reminder, context):
        send(reminder, context)  # the mail server has the email ...
        raise WorkerKilled  # ... and the worker dies before the commit

    monkeypatch.setattr(services, "_send_email", send_then_die)
    with pytest.raises(WorkerKilled):
        services.reminder_deliver(reminder_id=first, now=NOW)
    monkeypatch.setattr(services, "_send_email", send)
    assert Reminder.objects.get(pk=first).status == ReminderStatus.QUEUED  # rolled back
    services.reminder_deliver(reminder_id=first, now=NOW)
    services.reminder_deliver(reminder_id=second, now=NOW)

    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    reminders = {str(r.pk): services.message_id(r) for r in Reminder.objects.all()}
    assert ids == [reminders[first], reminders[first], reminders[second]]
    assert reminders[first] != reminders[second]
    assert Notification.objects.count() == 2  # one each: the notification rolled back too


def test_late_scan_sends_only_the_reminder_that_applies_now(
    case, django_capture_on_commit_callbacks
):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=2))  # a Wednesday

    scan_and_deliver(django_capture_on_commit_callbacks)

    assert list(Reminder.objects.values_list("offset_days", flat=True)) == [2]
    assert len(mail.outbox) == 1


def test_a_reminder_is_not_sent_before_the_local_send_hour(case):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=14))  # first reminder today

    result = services.reminders_scan(now=at(TODAY, hour=7))

    assert result.reminder_date == TODAY - timedelta(days=1)
    assert result.recorded == []


@override_settings(REMINDER_SEND_HOUR=6)
def test_the_send_hour_is_configurable(case):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=14))

    assert len(services.reminders_scan(now=at(TODAY, hour=7)).recorded) == 1


def test_deadline_on_a_saturday_gets_its_day_reminder_on_friday(case):
    saturday = TODAY + timedelta(days=5)
    DeadlineFactory(case=case, due=saturday)

    services.reminders_scan(now=at(saturday - timedelta(days=1)))

    assert Reminder.objects.get().offset_days == 0


@pytest.mark.parametrize(
    "change",
    [
        {"status": DeadlineStatus.MET},
        {"status": DeadlineStatus.WAIVED, "status_reason": "Patient withdrew"},
    ],
)
def test_no_reminder_for_a_deadline_met_or_waived(case, change):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7), **change)

    assert services.reminders_scan(now=NOW).recorded == []


def test_no_reminder_once_the_case_is_closed(case):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    case.stage = Stage.CLOSED
    case.save()

    assert services.reminders_scan(now=NOW).recorded == []


def test_queued_reminder_is_cancelled_when_the_deadline_is_met_before_it_goes(case):
    deadline = DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    deadline.status = DeadlineStatus.MET
    deadline.save()

    reminder = services.reminder_deliver(reminder_id=Reminder.objects.get().pk, now=NOW)

    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.failure_reason == "The deadline is met."
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_moved_due_date_gets_fresh_reminders_and_the_old_one_is_cancelled(case):
    deadline = DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    old = Reminder.objects.get()
    deadline.due = TODAY + timedelta(days=2)
    deadline.save()

    services.reminders_scan(now=NOW, enqueue=False)

    assert services.reminder_deliver(reminder_id=old.pk, now=NOW).status == (
        ReminderStatus.CANCELLED
    )
    assert Reminder.objects.exclude(pk=old.pk).get().offset_days == 2


def test_overdue_reminders_go_daily_then_escalate_to_the_services_managers(
    world, case, django_capture_on_commit_callbacks
):
    due = TODAY - timedelta(days=3)  # the Friday before
    DeadlineFactory(case=case, due=due)
    second_manager = ManagerFactory(service=world.service)

    for day in range(7):  # Friday (due) to Thursday, a scan every day
        scan_and_deliver(django_capture_on_commit_callbacks, now=at(due + timedelta(days=day)))

    holder = Reminder.objects.filter(recipient=world.link_worker).order_by("created_at")
    assert [(r.offset_days, r.scheduled_for.strftime("%a")) for r in holder] == [
        (0, "Fri"),
        (-1, "Mon"),
        (-2, "Tue"),
        (-3, "Wed"),
    ]
    assert [r.step for r in holder][1:] == [ReminderStep.OVERDUE] * 3
    escalations = Reminder.objects.filter(step=ReminderStep.ESCALATION)
    assert {r.recipient for r in escalations} == {world.manager, second_manager}
    assert {r.scheduled_for for r in escalations} == {due + timedelta(days=6)}  # Thursday
    assert all(r.subject.startswith("Escalation: ") for r in escalations)
    manager_mail = [m for m in mail.outbox if m.to == [world.manager.email]]
    assert len(manager_mail) == 1
    assert "you manage the service" in manager_mail[0].body


def test_escalation_does_not_reach_managers_of_another_service(world, case):
    DeadlineFactory(case=case, due=TODAY - timedelta(days=7))

    services.reminders_scan(now=NOW, enqueue=False)

    recipients = set(Reminder.objects.values_list("recipient", flat=True))
    assert world.manager.pk in recipients
    assert world.manager_other_service.pk not in recipients


def test_hearing_date_reminders_are_sent_on_the_day_and_never_overdue(case):
    DeadlineFactory(case=case, kind=DeadlineKind.HEARING_7_DAYS, due=TODAY)
    DeadlineFactory(case=case, kind=DeadlineKind.HEARING_1_DAY, due=TODAY - timedelta(days=5))

    services.reminders_scan(now=NOW, enqueue=False)

    reminder = Reminder.objects.get()
    assert (reminder.topic, reminder.offset_days) == (ReminderTopic.HEARING_7_DAYS, 0)


# Preferences


def test_preferred_offsets_replace_the_defaults(world, case):
    ReminderPreferenceFactory(user=world.link_worker, offsets=[2, 0])
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    DeadlineFactory(case=case, due=TODAY + timedelta(days=2))

    services.reminders_scan(now=NOW, enqueue=False)

    assert list(Reminder.objects.values_list("offset_days", flat=True)) == [2]


def test_email_off_still_delivers_in_app(world, case, django_capture_on_commit_callbacks):
    ReminderPreferenceFactory(user=world.link_worker, email_enabled=False)
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))

    scan_and_deliver(django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.email_wanted, reminder.emailed_at) == (
        ReminderStatus.SENT,
        False,
        None,
    )
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=world.link_worker).count() == 1


def test_a_user_without_an_email_address_is_reminded_in_app(world, case):
    world.link_worker.email = ""
    world.link_worker.save()
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))

    services.reminders_scan(now=NOW, enqueue=False)
    reminder = services.reminder_deliver(reminder_id=Reminder.objects.get().pk, now=NOW)

    assert reminder.status == ReminderStatus.SENT
    assert mail.outbox == []
    assert Notification.objects.count() == 1


def test_preferences_refuse_days_not_offered(world):
    with pytest.raises(Exception, match="Choose from the reminder days offered"):
        services.preferences_update(user=world.link_worker, offsets=[5], email_enabled=True)


def test_a_deactivated_holder_is_not_reminded(world, case):
    world.link_worker.is_active = False
    world.link_worker.save()
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))

    services.reminders_scan(now=NOW, enqueue=False)

    assert not Reminder.objects.exists()


# Statements: the GP asked is reminded, never the holder


def test_statement_reminder_goes_to_the_gp_asked_not_the_holder(world, case):
    statement = SupportStatementFactory(case=case, requested_of_user=world.gp)
    statement.deadline.due = TODAY + timedelta(days=7)
    statement.deadline.save()

    services.reminders_scan(now=NOW, enqueue=False)

    reminder = Reminder.objects.get()
    assert reminder.recipient == world.gp
    assert reminder.topic == ReminderTopic.STATEMENT
    assert reminder.link == f"/statements/{statement.pk}/"


def test_statement_asked_of_a_practice_reminds_its_gps_only(world, case):
    colleague = GPFactory(practice=world.practice)
    statement = SupportStatementFactory(case=case, requested_of_user=None)
    statement.deadline.due = TODAY + timedelta(days=7)
    statement.deadline.save()

    services.reminders_scan(now=NOW, enqueue=False)

    assert set(Reminder.objects.values_list("recipient", flat=True)) == {world.gp.pk, colleague.pk}


def test_gp_is_never_reminded_of_other_kinds_of_deadline(world, case):
    case.holder = world.gp  # impossible through the forms; the rule holds regardless
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    type(case).objects.filter(pk=case.pk).update(holder=world.gp)

    services.reminders_scan(now=NOW, enqueue=False)

    assert not Reminder.objects.exists()


# Referrals: first contact


def test_first_contact_reminder_goes_to_the_holder(world):
    referral = ReferralFactory(
        patient=world.patient, received_on=TODAY - timedelta(days=7), first_contact_due=TODAY
    )

    services.reminders_scan(now=NOW, enqueue=False)

    reminder = Reminder.objects.get()
    assert (reminder.referral, reminder.recipient, reminder.topic) == (
        referral,
        world.link_worker,
        ReminderTopic.FIRST_CONTACT,
    )
    assert reminder.link == f"/referrals/{referral.pk}/"


def test_first_contact_of_an_unheld_patient_reminds_the_services_link_workers(world):
    patient = PatientFactory(practice=world.practice, holder=None)
    ReferralFactory(patient=patient, received_on=TODAY, first_contact_due=TODAY)

    services.reminders_scan(now=NOW, enqueue=False)

    assert set(Reminder.objects.values_list("recipient", flat=True)) == {
        world.link_worker.pk,
        world.link_worker_not_holding.pk,
    }


def test_no_first_contact_reminder_once_the_patient_is_contacted(world):
    ReferralFactory(
        patient=world.patient,
        received_on=TODAY,
        first_contact_due=TODAY,
        status=ReferralStatus.CONTACTED,
        first_contact_at=timezone.now(),
    )

    assert services.reminders_scan(now=NOW, enqueue=False).recorded == []


def test_no_first_contact_reminder_for_a_closed_patient(world):
    patient = PatientFactory(practice=world.practice, holder=world.link_worker, status="closed")
    ReferralFactory(patient=patient, received_on=TODAY, first_contact_due=TODAY)

    assert services.reminders_scan(now=NOW, enqueue=False).recorded == []


# The email


def test_email_shows_initials_and_kind_only_and_links_to_the_case(world, case, settings):
    settings.SITE_URL = "https://linkwork.example.nhs.uk"
    world.patient.given_name, world.patient.family_name = "Jane", "Smith"
    world.patient.save()
    DeadlineFactory(case=case, kind=DeadlineKind.MOTABILITY_RETURN, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)

    services.reminder_deliver(reminder_id=Reminder.objects.get().pk, now=NOW)

    [email] = mail.outbox
    assert email.subject == "J.S.: Motability car return, due in 7 days"
    html = email.alternatives[0].content
    url = f"https://linkwork.example.nhs.uk/appeals/{case.pk}/"
    assert url in email.body
    assert f'href="{url}"' in html
    for text in (email.subject, email.body, html):
        assert "Smith" not in text
        assert "Jane" not in text
        assert world.patient.nhs_number not in text


# Delivery: exactly once, failures, the sweep


def test_delivering_twice_sends_once(case):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    pk = Reminder.objects.get().pk

    assert services.reminder_deliver(reminder_id=pk, now=NOW) is not None
    assert services.reminder_deliver(reminder_id=pk, now=NOW) is None
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")


@override_settings(
    EMAIL_BACKEND="tests.reminders.test_services.RefusingBackend", REMINDER_MAX_ATTEMPTS=2
)
def test_failed_email_is_retried_then_marked_failed_with_the_reason(world, case):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    pk = Reminder.objects.get().pk

    first = services.reminder_deliver(reminder_id=pk, now=NOW)
    assert first.status == ReminderStatus.QUEUED
    assert "mail server unreachable" in first.failure_reason
    second = services.reminder_deliver(reminder_id=pk, now=NOW)

    assert second.status == ReminderStatus.FAILED
    assert second.attempts == 2
    assert second.failure_reason.startswith("Email not sent: ConnectionRefusedError")
    # In-app delivery happened once, whatever the email did.
    assert Notification.objects.filter(recipient=world.link_worker).count() == 1


def test_sweep_redrives_reminders_left_queued_or_sending_and_leaves_recent_ones(
    case, django_capture_on_commit_callbacks
):
    for days in (7, 2):
        DeadlineFactory(case=case, due=TODAY + timedelta(days=days))
    DeadlineFactory(case=case, due=TODAY + timedelta(days=14))
    services.reminders_scan(now=NOW, enqueue=False)
    stuck_queued, stuck_sending, recent = Reminder.objects.order_by("offset_days")
    Reminder.objects.filter(pk=stuck_sending.pk).update(status=ReminderStatus.SENDING)
    long_ago = timezone.now() - timedelta(hours=1)
    Reminder.objects.filter(pk__in=[stuck_queued.pk, stuck_sending.pk]).update(updated_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        redriven = services.reminders_sweep()

    assert set(redriven) == {str(stuck_queued.pk), str(stuck_sending.pk)}
    statuses = dict(Reminder.objects.values_list("pk", "status"))
    assert statuses[stuck_queued.pk] == ReminderStatus.SENT
    assert statuses[stuck_sending.pk] == ReminderStatus.SENT
    assert statuses[recent.pk] == ReminderStatus.QUEUED
    assert len(mail.outbox) == 2
    # A second sweep straight away finds nothing to do.
    assert services.reminders_sweep() == []


def test_requeue_sends_a_failed_reminder_again(world, case, django_capture_on_commit_callbacks):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    reminder = Reminder.objects.get()
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.FAILED, failure_reason="Email not sent"
    )
    reminder.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_requeue(reminder=reminder, by=world.administrator)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert len(mail.outbox) == 1


def test_notifications_mark_read_only_for_their_recipient(world):
    notification = services.notification_create(recipient=world.link_worker, title="J.S.: Task")

    with pytest.raises(Exception, match="your own"):
        services.notification_mark_read(notification=notification, by=world.manager)
    services.notification_mark_read(notification=notification, by=world.link_worker)

    notification.refresh_from_db()
    assert notification.is_read
    assert services.notifications_mark_all_read(user=world.link_worker) == 0


def test_link_worker_of_another_service_is_never_reminded(world, case):
    outsider_case_holder = LinkWorkerFactory(service=world.other_service)
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))

    services.reminders_scan(now=NOW, enqueue=False)

    recipients = set(Reminder.objects.values_list("recipient", flat=True))
    assert recipients == {world.link_worker.pk}
    assert outsider_case_holder.pk not in recipients


# Delivery: only to someone the scan would still choose


def deliver_recorded(recipient):
    """Deliver the reminder recorded for ``recipient``."""
    reminder = Reminder.objects.get(recipient=recipient)
    return services.reminder_deliver(reminder_id=reminder.pk, now=NOW)


def assert_stopped(reminder, reason):
    assert (reminder.status, reminder.failure_reason) == (ReminderStatus.CANCELLED, reason)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_reminder_recorded_before_the_case_was_reassigned_is_not_sent(world, case):
    DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    type(case).objects.filter(pk=case.pk).update(holder=world.link_worker_not_holding)

    reminder = deliver_recorded(world.link_worker)

    assert_stopped(reminder, "The recipient is no longer the case's holder.")


def test_escalation_to_a_manager_who_moved_service_is_not_sent(world, case):
    DeadlineFactory(case=case, due=TODAY - timedelta(days=7))
    services.reminders_scan(now=NOW, enqueue=False)
    world.manager.service = world.other_service
    world.manager.save()

    reminder = deliver_recorded(world.manager)

    assert reminder.step == ReminderStep.ESCALATION
    assert_stopped(reminder, "The recipient is no longer a manager of the service.")


def test_statement_reminder_to_a_gp_no_longer_asked_is_not_sent(world, case):
    statement = SupportStatementFactory(case=case, requested_of_user=world.gp)
    statement.deadline.due = TODAY + timedelta(days=7)
    statement.deadline.save()
    services.reminders_scan(now=NOW, enqueue=False)
    statement.requested_of_user = GPFactory(practice=world.practice)
    statement.save()

    reminder = deliver_recorded(world.gp)

    assert_stopped(reminder, "The recipient is no longer the GP asked for the statement.")


def test_statement_reminder_to_a_gp_who_left_the_practice_asked_is_not_sent(world, case):
    statement = SupportStatementFactory(case=case, requested_of_user=None)
    statement.deadline.due = TODAY + timedelta(days=7)
    statement.deadline.save()
    services.reminders_scan(now=NOW, enqueue=False)
    world.gp.practice = world.other_practice
    world.gp.save()

    reminder = deliver_recorded(world.gp)

    assert_stopped(
        reminder, "The recipient is no longer a GP of the practice asked for the statement."
    )


def test_first_contact_reminder_after_the_patient_was_reassigned_is_not_sent(world):
    ReferralFactory(patient=world.patient, received_on=TODAY, first_contact_due=TODAY)
    services.reminders_scan(now=NOW, enqueue=False)
    type(world.patient).objects.filter(pk=world.patient.pk).update(
        holder=world.link_worker_not_holding
    )

    reminder = deliver_recorded(world.link_worker)

    assert_stopped(reminder, "The recipient is no longer the patient's holder.")


def test_first_contact_reminder_after_the_patient_was_closed_is_not_sent(world):
    ReferralFactory(patient=world.patient, received_on=TODAY, first_contact_due=TODAY)
    services.reminders_scan(now=NOW, enqueue=False)
    type(world.patient).objects.filter(pk=world.patient.pk).update(status="closed")

    reminder = deliver_recorded(world.link_worker)

    assert_stopped(
        reminder,
        "The patient has been contacted, the referral has moved on or the patient's record "
        "is closed.",
    )


def test_reminders_to_recipients_still_entitled_are_sent(world, case):
    DeadlineFactory(case=case, due=TODAY - timedelta(days=7))  # escalated: managers
    statement = SupportStatementFactory(case=case, requested_of_user=None)
    statement.deadline.due = TODAY + timedelta(days=7)
    statement.deadline.save()
    patient = PatientFactory(practice=world.practice, holder=None)
    ReferralFactory(patient=patient, received_on=TODAY, first_contact_due=TODAY)
    services.reminders_scan(now=NOW, enqueue=False)
    # Changes that leave every recipient entitled: another GP named at the same practice is
    # not one of them, so ask the world's GP by name; the unheld patient gets a holder who
    # was already reminded.
    statement.requested_of_user = world.gp
    statement.save()
    type(patient).objects.filter(pk=patient.pk).update(holder=world.link_worker)

    delivered = [
        services.reminder_deliver(reminder_id=pk, now=NOW)
        for pk in Reminder.objects.filter(
            recipient__in=[world.manager, world.gp, world.link_worker]
        ).values_list("pk", flat=True)
    ]

    assert {(r.recipient, r.topic) for r in delivered} == {
        (world.manager, DeadlineKind.TASK),
        (world.gp, ReminderTopic.STATEMENT),
        (world.link_worker, ReminderTopic.FIRST_CONTACT),
    }
    assert {r.status for r in delivered} == {ReminderStatus.SENT}


def queries_to_deliver(reminder):
    with CaptureQueriesContext(connection) as queries:
        assert services.reminder_deliver(reminder_id=reminder.pk, now=NOW).status == (
            ReminderStatus.SENT
        )
    return len(queries)


def test_delivery_queries_do_not_grow_with_the_managers_or_the_gps_asked(world, case):
    DeadlineFactory(case=case, due=TODAY - timedelta(days=7))
    practice_request = SupportStatementFactory(case=case, requested_of_user=None).deadline
    practice_request.due = TODAY + timedelta(days=7)
    practice_request.save()
    services.reminders_scan(now=NOW, enqueue=False)
    escalation = queries_to_deliver(Reminder.objects.get(recipient=world.manager))
    statement = queries_to_deliver(Reminder.objects.get(recipient=world.gp))

    ManagerFactory.create_batch(4, service=world.service)
    GPFactory.create_batch(4, practice=world.practice)
    DeadlineFactory(case=case, due=TODAY - timedelta(days=6))
    practice_request = SupportStatementFactory(case=case, requested_of_user=None).deadline
    practice_request.due = TODAY + timedelta(days=7)
    practice_request.save()
    services.reminders_scan(now=NOW, enqueue=False)
    queued = Reminder.objects.filter(status=ReminderStatus.QUEUED)

    assert queries_to_deliver(queued.get(recipient=world.manager)) == escalation
    assert queries_to_deliver(queued.get(recipient=world.gp)) == statement
