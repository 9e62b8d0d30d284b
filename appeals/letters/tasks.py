"""Celery tasks for letters: thin wrappers that take ids and call the services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from appeals.letters import services
from appeals.letters.models import EvidenceLetter

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


def retry_delay(retries: int) -> int:
    """Seconds before the next try: 10, 20, 40, … (exponential back-off), capped at
    ``CELERY_RETRY_DELAY_MAX``."""
    return min(10 * 2**retries, settings.CELERY_RETRY_DELAY_MAX)


@shared_task(bind=True, name="letters.render_letter", max_retries=MAX_RETRIES)
def render_letter(self, letter_id: str) -> None:
    """Render one letter; retry with back-off while the database or file store is failing,
    then mark the letter failed so the user can try again."""
    try:
        services.letter_render(letter_id=letter_id)
    except EvidenceLetter.DoesNotExist:
        logger.warning("Letter %s no longer exists; nothing to render", letter_id)
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.letter_fail(
                letter_id=letter_id,
                reason="The letter could not be saved after several tries (the database or "
                "file store was unavailable). Try again.",
            )
            return
        raise self.retry(exc=error, countdown=retry_delay(self.request.retries)) from error


@shared_task(name="letters.redrive_stuck_letters")
def redrive_stuck_letters() -> int:
    """Periodic sweep: queue again letters whose task was lost."""
    return services.letters_redrive()
