"""Settings come from the environment, with safe development defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings as s; django.setup(); "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'broker': s.CELERY_BROKER_URL, "
    "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'tz': s.TIME_ZONE, "
    "'email': s.EMAIL_BACKEND, 'ssl': s.SECURE_SSL_REDIRECT}))"
)
VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "SECURE_SSL_REDIRECT",
)


# Configuring the Celery app, as a worker, beat or the first task sent does.
CELERY_PROBE = (
    "import django; django.setup(); from linkwork.celery import app; print(app.conf.broker_url)"
)


def load_settings(var_dir: Path, probe: str = PROBE, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "linkwork.settings.base"
    clean["LINKWORK_VAR_DIR"] = str(var_dir)
    return subprocess.run(  # noqa: S603 (fixed argument list)
        [sys.executable, "-c", probe],
        env=clean | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_development_defaults_need_no_servers(tmp_path):
    result = load_settings(tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == f"{tmp_path}/linkwork.sqlite3"
    assert loaded["broker"] == "filesystem://"
    assert loaded["hosts"] == ["127.0.0.1", "localhost"]
    assert loaded["tz"] == "Europe/London"
    assert loaded["email"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["ssl"] is False
    assert not (tmp_path / "celery").exists(), "loading the settings writes no folders"


def test_configuring_the_celery_app_creates_the_embedded_brokers_folders(tmp_path):
    result = load_settings(tmp_path, CELERY_PROBE, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "filesystem://"
    assert (tmp_path / "celery" / "queue").is_dir(), "the embedded broker's folders exist"
    assert (tmp_path / "celery" / "control").is_dir()


def test_a_broker_server_needs_no_folders(tmp_path):
    result = load_settings(
        tmp_path, CELERY_PROBE, DEBUG="true", CELERY_BROKER_URL="redis://cache.internal:6379/1"
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "celery").exists()


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_environment_selects_postgresql_redis_and_smtp(tmp_path):
    result = load_settings(
        tmp_path,
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://app:pw@db.internal:5432/linkwork",
        CELERY_BROKER_URL="redis://cache.internal:6379/1",
        ALLOWED_HOSTS="linkwork.example.nhs.uk,www.linkwork.example.nhs.uk",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example:587",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "linkwork"
    assert loaded["broker"] == "redis://cache.internal:6379/1"
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["linkwork.example.nhs.uk", "www.linkwork.example.nhs.uk"]
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["ssl"] is True


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database_and_broker():
    """``make test`` honours DATABASE_URL; in CI that must be PostgreSQL and Redis."""
    configured = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if configured.startswith("postgres") else "sqlite")
    if os.environ.get("CI") == "true":
        assert connection.vendor == "postgresql"
        assert settings.CELERY_BROKER_URL.startswith("redis://")
