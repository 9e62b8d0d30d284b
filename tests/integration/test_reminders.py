"""Reminders survive a worker killed mid-batch: a real Celery worker on the configured broker
(Redis in CI) is SIGKILLed while it delivers, another is started, and every due reminder is
delivered exactly once: one notification and one email message each (by Message-ID), read
back from the workers' email folder.

The killed worker's task was taken but never acknowledged (``task_acks_late``); the broker
hands it out again after the visibility timeout (``CELERY_VISIBILITY_TIMEOUT``), and the
reminder the worker was sending when it died was rolled back with its transaction, so the new
worker sends it once. Should the kill fall in the instant between the mail server taking that
email and the commit, the new worker sends the same message again (same Message-ID), which
mail systems treat as one; the test allows that one copy and nothing else. The time from the
kill to the last delivery is printed (run with ``-s``). The development broker (filesystem
transport) has no visibility timeout: a killed worker's message is lost there, and the sweep
re-drives its reminders.
"""

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings

from linkwork.reminders import services
from linkwork.reminders.models import Notification, Reminder, ReminderStatus
from tests.factories import AppealCaseFactory, DeadlineFactory, PatientFactory
from tests.integration.conftest import start_worker, wait_for
from tests.reminders.conftest import NOW, TODAY

REMINDERS = 120


def _emails(folder) -> list[str]:
    """The text of every email the worker wrote (the file backend puts one or more per file)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        messages += [m for m in path.read_text().split("-" * 79) if "Subject:" in m]
    return messages


def _case_links(messages: list[str]) -> list[str]:
    return [m for message in messages for m in re.findall(r"Open it in Linkwork: (\S+)", message)]


@pytest.mark.integration
@override_settings(REMINDER_DELIVERY_BATCH_SIZE=4)
def test_worker_killed_mid_batch_every_reminder_is_delivered_exactly_once(
    world, transactional_db, real_task_queue, tmp_path
):
    cases = []
    for _ in range(REMINDERS):
        patient = PatientFactory(practice=world.practice, holder=world.link_worker)
        case = AppealCaseFactory(patient=patient)
        DeadlineFactory(case=case, due=TODAY + timedelta(days=7))
        cases.append(case)

    worker = start_worker(tmp_path, name="doomed")
    try:
        result = services.reminders_scan(now=NOW)  # commits, then enqueues 30 tasks of 4
        assert len(result.recorded) == REMINDERS
        wait_for(
            lambda: len(_emails(worker.email_dir)) >= 10,
            timeout=60,
            interval=0.02,
            message=f"the worker sent nothing:\n{worker.log()}",
        )
        worker.kill()
    finally:
        worker.stop()
    killed_at = time.monotonic()
    sent_before = len(_emails(worker.email_dir))
    assert sent_before < REMINDERS, "the worker finished before it was killed: add reminders"
    assert not Reminder.objects.filter(status=ReminderStatus.SENDING).exists()

    replacement = start_worker(tmp_path, name="replacement")
    try:
        if not settings.CELERY_BROKER_URL.startswith("redis"):
            # The filesystem transport (development) loses a taken message with its worker;
            # the periodic sweep is what sends those reminders. Run it as if it were due.
            with override_settings(REMINDER_STUCK_MINUTES=0):
                services.reminders_sweep()
        wait_for(
            lambda: Reminder.objects.filter(status=ReminderStatus.SENT).count() == REMINDERS,
            timeout=settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 0) + 60,
            interval=0.2,
            message=f"not every reminder was delivered:\n{replacement.log()}",
        )
        recovered_after = time.monotonic() - killed_at
    finally:
        replacement.stop()

    messages = _emails(replacement.email_dir)
    by_id = {}
    for message in messages:
        by_id.setdefault(re.search(r"^Message-ID: (\S+)", message, re.M)[1], set()).update(
            _case_links([message])
        )
    expected = {f"{settings.SITE_URL.rstrip('/')}/appeals/{case.pk}/" for case in cases}
    reminders = Reminder.objects.all()
    assert set(by_id) == {services.message_id(reminder) for reminder in reminders}
    assert sorted(link for links in by_id.values() for link in links) == sorted(expected)
    # The one email a worker of concurrency 1 can have handed over in the instant before it
    # was killed, uncommitted, is sent again as the same message (same Message-ID).
    assert len(messages) - REMINDERS <= 1
    assert Notification.objects.filter(reminder__in=reminders).count() == REMINDERS
    assert Reminder.objects.filter(attempts=1).count() == REMINDERS
    print(  # noqa: T201 (the measured figure, shown with -s)
        f"\n{sent_before} of {REMINDERS} reminders sent before SIGKILL; all delivered "
        f"{recovered_after:.1f} s after it (visibility timeout "
        f"{settings.CELERY_BROKER_TRANSPORT_OPTIONS.get('visibility_timeout', 'n/a')} s, "
        f"broker {settings.CELERY_BROKER_URL.split(':')[0]})"
    )
