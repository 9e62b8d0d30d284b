"""Settings for the test suite: ``base`` with a fixed secret, fast password hashing, in-memory
email, and Celery tasks run in-process unless a test starts a real worker.

``DATABASE_URL`` and ``CELERY_BROKER_URL`` are honoured, so ``make test`` runs against
PostgreSQL and Redis when they are configured (as in CI).
"""

import os
import tempfile
import uuid

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Set once in the test process and inherited by the Celery worker that integration tests start,
# so both use the same media folder and a queue no other test run consumes.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="linkwork-test-media-"))
os.environ.setdefault("LINKWORK_TEST_QUEUE", f"linkwork-test-{uuid.uuid4().hex[:12]}")

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, MIDDLEWARE, STORAGES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ["MEDIA_ROOT"]
STATIC_ROOT = tempfile.mkdtemp(prefix="linkwork-test-static-")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# One queue per pytest-xdist worker too: each has its own test database.
CELERY_TASK_DEFAULT_QUEUE = os.environ["LINKWORK_TEST_QUEUE"] + os.environ.get(
    "PYTEST_XDIST_WORKER", ""
)
# Emails sent by a worker process are written here, where the test can read them.
if os.environ.get("LINKWORK_TEST_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["LINKWORK_TEST_EMAIL_DIR"]

# SQLite test databases live in a file, so a worker process can open the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-linkwork.sqlite3")}

# N+1 detection: a query repeated per row of a page fails the test (django-zeal).
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
