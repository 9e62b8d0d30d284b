"""Django settings for Linkwork, all read from the environment.

Development needs nothing set: SQLite under ``var/``, Celery on kombu's filesystem transport
under ``var/``, email written to the console. Production sets ``DEBUG=false`` and must then
provide ``SECRET_KEY``; ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to PostgreSQL and
Redis. Every variable is listed in the README's configuration table and in ``.env.example``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("LINKWORK_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
_DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off. Set DEBUG=true for development, "
        "or export SECRET_KEY (for example from .env) for production."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "linkwork.apps.LinkworkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "linkwork.accounts",
    "linkwork.audit",
    "patients",
    "referrals",
    "appeals",
    "appeals.statements",
    "appeals.letters",
    "linkwork.reminders",
    "linkwork.reports",
    "linkwork.perf",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "linkwork.accounts.middleware.SessionLifetimeMiddleware",
    "linkwork.accounts.middleware.TwoFactorMiddleware",
    "linkwork.accounts.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linkwork.urls"
WSGI_APPLICATION = "linkwork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "linkwork.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'linkwork.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
#: Database connections one report counts on at once (PostgreSQL; 1 counts one section after
#: another): about the database server's cores. See linkwork/reports/concurrency.py.
REPORT_CONNECTIONS = env.int("REPORT_CONNECTIONS", default=2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks for a lockout before the password is tried; it must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after login
# whatever the activity (linkwork.accounts.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j M Y, H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: downloads go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# EMAIL_URL examples: consolemail:// (default), smtp+tls://user:password@host:587,
# filemail:///path/to/folder. See django-environ's email_url.
_EMAIL = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _EMAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = _EMAIL.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Linkwork <linkwork@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public address of the site, used in links inside emails and letters.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Shown on letters and in the page footer.
SERVICE_NAME = env("SERVICE_NAME", default="Linkwork social prescribing service")

# Celery: an embedded filesystem transport by default (no broker server needed), Redis or any
# kombu URL when CELERY_BROKER_URL is set. The database is the source of truth for every task's
# work, so no result backend is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # linkwork/celery.py creates these folders when the Celery app is configured.
    _CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
    _CELERY_CONTROL_DIR = VAR_DIR / "celery" / "control"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_CELERY_QUEUE_DIR),
        "data_folder_out": str(_CELERY_QUEUE_DIR),
        "control_folder": str(_CELERY_CONTROL_DIR),
        "store_processed": False,
    }
else:
    # A task taken by a worker that dies comes back to the queue after this many seconds. Short,
    # so a crashed worker's reminders go out within a minute; every task is safe to run twice,
    # and a task (or countdown) longer than this would be handed to a second worker
    # (docs/decisions/0004-exactly-once-reminders.md).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=30),
        # Look for such tasks every 5 seconds (kombu's default is every 100 seconds).
        "unacked_restore_interval": 5,
        "unacked_restore_throttle": 1,
    }
# The longest wait before a task's automatic retry. A worker holding a task for a later retry
# counts as having taken it, so the wait stays well inside the visibility timeout
# (docs/decisions/0004-exactly-once-reminders.md).
CELERY_RETRY_DELAY_MAX = CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 30) // 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # Deadline reminders: the scan records and sends what is due; the sweep re-drives reminders
    # whose delivery was lost (linkwork.reminders).
    "reminders-scan": {
        "task": "reminders.scan",
        "schedule": timedelta(minutes=env.int("REMINDER_SCAN_EVERY_MINUTES", default=15)),
    },
    "reminders-sweep": {"task": "reminders.sweep", "schedule": timedelta(minutes=5)},
    # Statement request emails whose task was lost are sent again (appeals.statements).
    "statements-resend-pending": {
        "task": "statements.resend_pending",
        "schedule": timedelta(minutes=15),
    },
    # Evidence letters whose rendering task was lost are queued again (appeals.letters).
    "letters-redrive-stuck": {
        "task": "letters.redrive_stuck_letters",
        "schedule": timedelta(minutes=10),
    },
    # Closed records past the retention period are anonymised (linkwork.audit.retention).
    "audit-anonymise-due-patients": {
        "task": "audit.anonymise_due_patients",
        "schedule": timedelta(hours=24),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO; keep its warnings (refused URLs) only.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Transport security: on by default in production, off in development.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Pages send the token in the hx-headers attribute and forms; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy (django-csp): this origin only, no inline script or style, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the icons Bootstrap's CSS draws inline (select arrows, close buttons).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Two-factor authentication (TOTP, django-otp): the roles that must pass a one-time code after
# their password before any page. Default: every role that can see patient data.
OTP_REQUIRED_ROLES = env.list(
    "OTP_REQUIRED_ROLES", default=["link_worker", "gp", "manager", "administrator"]
)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Linkwork")
# Administrators manage devices but never see a secret (no key, no QR code in the admin).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Retention: a closed patient record unchanged for this many years is anonymised by a daily
# task (linkwork.audit.retention). NHS Records Management Code of Practice: adult social care
# records 8 years after the end of care (check against your organisation's schedule).
RETENTION_YEARS = env.int("RETENTION_YEARS", default=8)

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failed sign-ins for one username from one
# address lock that pair for AXES_COOLOFF_MINUTES (so nobody elsewhere can lock a colleague out);
# an administrator can unlock it sooner (User admin action "Unlock sign-in", or
# ``manage.py axes_reset_username USERNAME``). See docs/guide/security.md.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "linkwork.accounts.auth_views.locked_out"
AXES_CLIENT_IP_CALLABLE = "linkwork.audit.services.client_ip"
AXES_VERBOSE = False

LINKWORK_VERSION = "0.1.0"

# Motability: weeks after a mobility award ends by which the car should be returned for the
# scheme's support payment (DOMAIN.md: 8 weeks, check each year).
APPEALS_MOTABILITY_RETURN_WEEKS = env.int("APPEALS_MOTABILITY_RETURN_WEEKS", default=8)

# A referral with no first contact this many working days after it was received is overdue.
REFERRAL_FIRST_CONTACT_WORKING_DAYS = env.int("REFERRAL_FIRST_CONTACT_WORKING_DAYS", default=10)

# Deadline reminders (linkwork.reminders): days before a due date on which the holder is
# reminded, daily overdue reminders for this many working days before escalating to the
# service's managers, and the local hour (Europe/London) from which a day's reminders go out.
REMINDER_OFFSETS_DAYS = env.list("REMINDER_OFFSETS_DAYS", cast=int, default=[14, 7, 2, 0])
REMINDER_OVERDUE_DAYS = env.int("REMINDER_OVERDUE_DAYS", default=3)
REMINDER_SEND_HOUR = env.int("REMINDER_SEND_HOUR", default=8)
# A reminder still queued or sending this many minutes after its last change is sent again by
# the sweep (its task was lost); reminders per delivery task; delivery attempts before "failed".
REMINDER_STUCK_MINUTES = env.int("REMINDER_STUCK_MINUTES", default=10)
REMINDER_DELIVERY_BATCH_SIZE = env.int("REMINDER_DELIVERY_BATCH_SIZE", default=20)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=3)
