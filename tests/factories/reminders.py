import datetime

import factory
from django.utils import timezone

from linkwork.reminders.models import (
    Notification,
    Reminder,
    ReminderPreference,
    ReminderStatus,
    ReminderStep,
    ReminderTopic,
)
from tests.factories.accounts import LinkWorkerFactory
from tests.factories.appeals import DeadlineFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    """A queued "7 days before" reminder of a task deadline, to its case holder.

    Traits: ``sent`` (delivered), ``failed`` (email refused three times)."""

    class Meta:
        model = Reminder

    deadline = factory.SubFactory(
        DeadlineFactory,
        due=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7)),
    )
    recipient = factory.LazyAttribute(lambda r: r.deadline.case.holder)
    topic = ReminderTopic.TASK
    step = ReminderStep.BEFORE
    offset_days = 7
    due = factory.SelfAttribute("deadline.due")
    scheduled_for = factory.LazyFunction(timezone.localdate)
    subject = "J.S.: Task"
    link = factory.LazyAttribute(lambda r: f"/appeals/{r.deadline.case_id}/")

    class Params:
        sent = factory.Trait(
            status=ReminderStatus.SENT,
            attempts=1,
            sent_at=factory.LazyFunction(timezone.now),
            emailed_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(
            status=ReminderStatus.FAILED,
            attempts=3,
            failure_reason="Email not sent: SMTPRecipientsRefused",
        )


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(LinkWorkerFactory)
    title = factory.Sequence(lambda n: f"J.S.: Task {n}, due in 7 days")
    body = "Before the due date"
    link = "/appeals/"

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))


class ReminderPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderPreference

    user = factory.SubFactory(LinkWorkerFactory)
    offsets = factory.LazyFunction(lambda: [7, 0])
    email_enabled = True
