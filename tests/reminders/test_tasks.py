"""The Celery tasks are thin: they call the services (run eagerly in tests)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from linkwork.reminders import tasks
from linkwork.reminders.models import Reminder, ReminderStatus
from tests.factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def test_scan_task_records_and_delivers(case, django_capture_on_commit_callbacks):
    DeadlineFactory(case=case, due=timezone.localdate() + timedelta(days=7))

    with django_capture_on_commit_callbacks(execute=True):
        recorded = tasks.scan_reminders.delay().get()

    assert recorded == 1
    assert Reminder.objects.get().status == ReminderStatus.SENT
    assert len(mail.outbox) == 1


def test_sweep_task_redrives_a_lost_delivery(case, django_capture_on_commit_callbacks):
    DeadlineFactory(case=case, due=timezone.localdate() + timedelta(days=7))
    tasks.scan_reminders.delay()  # its delivery is never enqueued: no on-commit here
    Reminder.objects.update(updated_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_reminders.delay().get() == 1

    assert Reminder.objects.get().status == ReminderStatus.SENT


def test_beat_runs_the_scan_and_the_sweep():
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"reminders.scan", "reminders.sweep"} <= tasks_scheduled
