"""The integration-test worker really runs tasks from the broker against the test database."""

from pathlib import Path

import pytest
from django.conf import settings

from linkwork.accounts.models import Service
from tests.integration.conftest import start_worker, wait_for
from tests.integration.probe_tasks import probe


@pytest.mark.integration
def test_worker_runs_tasks_against_the_test_database_and_media(
    transactional_db, real_task_queue, tmp_path
):
    worker = start_worker(tmp_path, extra_args=("--include", "tests.integration.probe_tasks"))
    try:
        probe.delay("probe-service")
        wait_for(
            lambda: Service.objects.filter(name="probe-service").exists(),
            message=f"the worker did not run the task:\n{worker.log()}",
        )
        assert Path(settings.MEDIA_ROOT, "probe-service.txt").read_text() == "probe-service"
    finally:
        worker.stop()
