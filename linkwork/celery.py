"""The Celery application. Configuration comes from Django settings prefixed ``CELERY_``;
tasks are found in each installed app's ``tasks.py``."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.settings.base")

app = Celery("linkwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_queue_folders() -> None:
    """Create the embedded transport's folders (they are not created by kombu)."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@worker_init.connect
def _prepare_worker(**kwargs) -> None:
    ensure_filesystem_queue_folders()


def broker_is_reachable(timeout: float = 2.0) -> bool:
    """Whether a connection to the configured broker can be opened within ``timeout`` seconds."""
    try:
        ensure_filesystem_queue_folders()
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            return True
    except Exception:  # any failure means unreachable; the reason is not shown to the caller
        return False
