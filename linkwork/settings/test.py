"""Settings for the test suite: ``base`` with a fixed secret, fast password hashing, in-memory
email, and Celery tasks run in-process unless a test starts a real worker.

``DATABASE_URL`` and ``CELERY_BROKER_URL`` are honoured, so ``make test`` runs against
PostgreSQL and Redis when they are configured (as in CI).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="linkwork-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="linkwork-test-static-")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# N+1 detection: a query repeated per row of a page fails the test (django-zeal).
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
