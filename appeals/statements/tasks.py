"""Thin tasks: each takes ids and calls a service, which is safe to repeat."""

from celery import shared_task
from django.conf import settings

from appeals.statements import services


@shared_task(
    name="statements.send_notification",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=settings.CELERY_RETRY_DELAY_MAX,
    max_retries=5,
)
def send_statement_notification(notification_id: str) -> None:
    """Email a statement request (or a chase) to the GP; sends a given row at most once."""
    services.notification_send(notification_id=notification_id)


@shared_task(name="statements.resend_pending")
def resend_pending_statement_notifications() -> int:
    """Re-drive notifications whose task was lost (e.g. the broker restarted)."""
    ids = services.pending_notification_ids()
    for notification_id in ids:
        send_statement_notification.delay(notification_id)
    return len(ids)
