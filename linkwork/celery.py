"""The Celery application. Configuration comes from Django settings prefixed ``CELERY_``;
tasks are found in each installed app's ``tasks.py``."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.settings.base")

app = Celery("linkwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def create_filesystem_broker_folders(sender: Celery, source, **kwargs) -> None:
    """With the embedded filesystem transport, create its folders once the app is configured
    (a worker or beat starting, or a process sending its first task): kombu does not create
    them, and the first task sent would fail without them. Loading the settings alone (every
    management command, a read-only container) creates nothing."""
    if not str(source.broker_url or "").startswith("filesystem://"):
        return
    options = source.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


def broker_is_reachable(timeout: float = 2.0) -> bool:
    """Whether a connection to the configured broker can be opened within ``timeout`` seconds."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            return True
    except Exception:  # any failure means unreachable; the reason is not shown to the caller
        return False
