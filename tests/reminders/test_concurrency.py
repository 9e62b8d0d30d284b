"""Two scans (or two deliveries) at the same time, as with two beat instances or a task handed
to two workers: each reminder is recorded once and sent once.

On PostgreSQL both scans really run at once: each reads the reminders already recorded before
either inserts, so the second insert meets the first's row in the unique index and is skipped.
On SQLite writers take turns (``BEGIN IMMEDIATE``), so the second scan sees the first's rows;
``test_scan_that_misses_the_database_check_is_stopped_by_the_unique_constraint`` covers the
unique-constraint path there.
"""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections

from linkwork.reminders import services
from linkwork.reminders.models import Notification, Reminder, ReminderStatus
from tests.factories import AppealCaseFactory, DeadlineFactory, PatientFactory
from tests.reminders.conftest import NOW, TODAY

pytestmark = pytest.mark.django_db(transaction=True)

DEADLINES = 30


def _run_at_once(target, count: int = 2) -> list:
    results: list = [None] * count
    errors: list = []

    def run(index: int) -> None:
        try:
            results[index] = target()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.fixture
def deadlines(world):
    made = []
    for _ in range(DEADLINES):
        patient = PatientFactory(practice=world.practice, holder=world.link_worker)
        made.append(
            DeadlineFactory(case=AppealCaseFactory(patient=patient), due=TODAY + timedelta(days=7))
        )
    return made


def test_two_scans_at_once_record_and_send_each_reminder_once(world, deadlines, monkeypatch):
    both_read = threading.Barrier(2)
    original = services._existing_keys

    def existing_then_wait(window):
        keys = original(window)
        # On PostgreSQL both have read before either inserts; on SQLite the other scan waits
        # for this one's write lock, so the barrier breaks after its timeout.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=3)
        return keys

    monkeypatch.setattr(services, "_existing_keys", existing_then_wait)

    first, second = _run_at_once(lambda: services.reminders_scan(now=NOW))

    assert set(first.recorded).isdisjoint(second.recorded)
    assert len(first.recorded) + len(second.recorded) == DEADLINES
    assert Reminder.objects.count() == DEADLINES
    assert set(Reminder.objects.values_list("deadline", flat=True)) == {d.pk for d in deadlines}
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == DEADLINES
    assert len(mail.outbox) == DEADLINES
    assert Notification.objects.count() == DEADLINES
    if connection.vendor == "postgresql":
        assert both_read.broken is False  # the scans really overlapped


def test_two_workers_delivering_the_same_reminders_send_each_once(world, deadlines):
    services.reminders_scan(now=NOW, enqueue=False)
    ids = [str(pk) for pk in Reminder.objects.values_list("pk", flat=True)]

    def deliver_all():
        return [services.reminder_deliver(reminder_id=pk) for pk in ids]

    first, second = _run_at_once(deliver_all)

    delivered = [r for r in first + second if r is not None]
    assert len(delivered) == DEADLINES
    assert len(mail.outbox) == DEADLINES
    assert Notification.objects.count() == DEADLINES
