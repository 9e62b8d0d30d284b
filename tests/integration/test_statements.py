"""A statement request emails the GP through a real Celery worker: once, after commit, and
never for a request whose transaction rolled back."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from appeals.statements import services
from appeals.statements.models import NotificationStatus, StatementNotification
from appeals.statements.tasks import send_statement_notification
from tests.factories import AppealCaseFactory
from tests.integration.conftest import wait_for


def _emails(worker) -> list[str]:
    return [p.read_text(errors="replace") for p in sorted(worker.email_dir.iterdir())]


def _request(world, case):
    return services.statement_request(
        case=case,
        by=world.link_worker,
        message="Please describe the effect on daily living.",
        due=timezone.localdate() + timedelta(days=14),
        requested_of_user=world.gp,
    )


@pytest.mark.integration
def test_request_is_emailed_once_by_the_worker_after_commit(celery_worker_process, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    with transaction.atomic():
        statement = _request(world, case)
    notification = statement.notifications.get()
    wait_for(
        lambda: (
            StatementNotification.objects.get(pk=notification.pk).status == NotificationStatus.SENT
        ),
        message=f"the worker did not send the email:\n{celery_worker_process.log()}",
    )
    # The task delivered again (as after a worker crash) sends nothing more.
    send_statement_notification.delay(str(notification.pk))
    time.sleep(3)
    emails = _emails(celery_worker_process)
    assert len(emails) == 1
    assert world.gp.email in emails[0]
    assert str(statement.pk) in emails[0]


@pytest.mark.integration
def test_rolled_back_request_is_never_emailed(celery_worker_process, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)

    def request_then_fail():
        with transaction.atomic():
            _request(world, case)
            raise RuntimeError("the page failed after the request")

    with pytest.raises(RuntimeError):
        request_then_fail()
    # A committed request afterwards proves the worker is running and reading the queue.
    with transaction.atomic():
        _request(world, AppealCaseFactory(patient=world.patient, holder=world.link_worker))
    wait_for(
        lambda: StatementNotification.objects.filter(status=NotificationStatus.SENT).exists(),
        message=celery_worker_process.log(),
    )
    time.sleep(2)
    assert StatementNotification.objects.count() == 1
    assert len(_emails(celery_worker_process)) == 1
