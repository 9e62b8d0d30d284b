"""A task that touches the database and the media folder, loaded only into test workers
(``--include``) to prove the worker shares both with the test process."""

from pathlib import Path

from celery import shared_task
from django.conf import settings

from linkwork.accounts.models import Service


@shared_task(name="tests.probe")
def probe(name: str) -> None:
    Service.objects.create(name=name)
    Path(settings.MEDIA_ROOT, f"{name}.txt").write_text(name)
