"""A real Celery worker for integration tests.

``celery_worker_process`` starts ``celery worker`` in a subprocess against the configured broker
(Redis in CI, the filesystem transport otherwise), pointed at the test database and the test
media folder, consuming a queue private to this test run. Tests that use it need data the worker
can see, so they use ``transactional_db`` (committed rows), and they send tasks for real: the
fixture switches eager execution off for its duration.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from linkwork.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 30


def test_database_url() -> str:
    """A DATABASE_URL naming the database this test process is using."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log_path: Path
    email_dir: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker's whole process group, as a crashed machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(
    tmp_path: Path, name: str = "worker", extra_args: tuple[str, ...] = ()
) -> WorkerProcess:
    """Start a worker and wait until it reports ready."""
    log_path = tmp_path / f"{name}.log"
    email_dir = tmp_path / "mail"
    email_dir.mkdir(exist_ok=True)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "linkwork.settings.test",
        "DATABASE_URL": test_database_url(),
        "LINKWORK_TEST_EMAIL_DIR": str(email_dir),
    }
    command = [
        sys.executable, "-m", "celery", "--app", "linkwork", "worker",
        "--hostname", f"{name}-{os.getpid()}@%h", "--queues", settings.CELERY_TASK_DEFAULT_QUEUE,
        "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat", *extra_args,
    ]  # fmt: skip
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603 (fixed command)
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    worker = WorkerProcess(process=process, log_path=log_path, email_dir=email_dir)
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while "ready." not in worker.log():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            pytest.fail(f"Celery worker did not start:\n{worker.log()}")
        time.sleep(0.2)
    return worker


@pytest.fixture
def real_task_queue() -> Iterator[None]:
    """Send tasks through the broker instead of running them in-process."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_process(transactional_db, real_task_queue, tmp_path) -> Iterator[WorkerProcess]:
    worker = start_worker(tmp_path)
    yield worker
    worker.stop()


def wait_for(condition, timeout: float = 30, interval: float = 0.2, message: str = ""):
    """Poll ``condition`` until it returns a truthy value; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(interval)
    pytest.fail(message or f"condition not met within {timeout} s")
