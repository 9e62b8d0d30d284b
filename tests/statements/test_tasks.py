"""The statement email task's retries."""

from django.conf import settings

from appeals.statements.tasks import send_statement_notification


def test_email_retries_wait_less_than_the_brokers_visibility_timeout():
    """A task held for a later retry counts as taken: a longer wait would be handed out twice."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 30)
    assert send_statement_notification.retry_backoff_max < timeout
