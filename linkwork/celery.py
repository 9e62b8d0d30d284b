"""The Celery application. Configuration comes from Django settings prefixed ``CELERY_``;
tasks are found in each installed app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.settings.base")

app = Celery("linkwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_is_reachable(timeout: float = 2.0) -> bool:
    """Whether a connection to the configured broker can be opened within ``timeout`` seconds."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            return True
    except Exception:  # any failure means unreachable; the reason is not shown to the caller
        return False
