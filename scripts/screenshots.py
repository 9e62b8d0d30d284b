"""Screenshots of the key screens, from the demo data, for the README's tour.

    .venv/bin/python scripts/screenshots.py            # all screens into docs/screenshots/
    .venv/bin/python scripts/screenshots.py gp-home    # only the screens named

Builds a throwaway SQLite database in a temporary folder (your own data is never touched),
loads the demo data (``migrate``, ``seed_demo``), serves the app with Django's development
server on a free local port, signs in as each demo user in headless Chromium (the same
``sign_in`` as the browser tests, two-factor code included) and saves one PNG per screen at a
desktop width. Chromium draws the notification bell with the system's emoji font: install
``fonts-noto-color-emoji`` (Debian) first.

To add a screen, add a ``Screen`` to ``SCREENS`` and a line to the README's tour. ``path`` is a
URL path, or a function returning one that runs with Django set up on the demo database (for
pages of one record: ``lambda: reverse("patients:detail", args=[Patient.objects.first().pk])``).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
SERVER_START_TIMEOUT = 60


@dataclass(frozen=True)
class Screen:
    name: str  # file name without .png
    title: str  # what the screen shows, for the README
    # demo username to sign in as (or a function returning one); None for a signed-out screen
    user: str | Callable[[], str] | None
    path: str | Callable[[], str] = "/"
    full_page: bool = False


# Pages of one record: the demo record that shows the most (run on the demo database).


def _busiest_patient() -> str:
    from django.db.models import Count
    from django.urls import reverse

    from patients.models import Patient

    patient = (
        Patient.objects.filter(holder__username="alex")
        .annotate(shown=Count("contacts", distinct=True) + Count("measures", distinct=True))
        .order_by("-shown", "family_name")
        .first()
    )
    return reverse("patients:detail", args=[patient.pk])


def _case(*, most: str) -> object:
    from django.db.models import Count

    from appeals.models import AppealCase

    return (
        AppealCase.objects.filter(holder__username="alex")
        .annotate(shown=Count(most, distinct=True))
        .order_by("-shown", "created_at")
        .first()
    )


def _case_page() -> str:
    from django.urls import reverse

    return reverse("appeals:case_detail", args=[_case(most="deadlines").pk])


def _pip_estimate() -> str:
    from django.urls import reverse

    from appeals.models import AppealCase, Benefit

    case = (
        AppealCase.objects.filter(benefit=Benefit.PIP)
        .exclude(pip_choices={})
        .order_by("created_at")
        .first()
    ) or _case(most="deadlines")
    return reverse("appeals:pip_estimate", args=[case.pk])


def _open_gp_statement() -> object:
    """The first GP statement waiting to be written, asked of a named GP."""
    from appeals.statements.models import OPEN_STATUSES, StatementKind, SupportStatement

    return (
        SupportStatement.objects.filter(
            kind=StatementKind.GP, status__in=OPEN_STATUSES, requested_of_user__isnull=False
        )
        .select_related("requested_of_user")
        .order_by("created_at")
        .first()
    )


def _gp_asked() -> str:
    return _open_gp_statement().requested_of_user.username


def _statement_form() -> str:
    from django.urls import reverse

    return reverse("statements:write", args=[_open_gp_statement().pk])


def _letters() -> str:
    from django.db.models import Count
    from django.urls import reverse

    from appeals.models import AppealCase

    case = (
        AppealCase.objects.annotate(shown=Count("evidence_letters"))
        .order_by("-shown", "created_at")
        .first()
    )
    return reverse("letters:case_letters", args=[case.pk])


SCREENS: list[Screen] = [
    Screen("login", "Signing in", None, "/accounts/login/"),
    Screen("link-worker-home", "A link worker's caseload", "alex"),
    Screen(
        "patient", "A patient's page: consent, contacts, needs, wellbeing", "alex", _busiest_patient
    ),
    Screen("referral-intake", "Taking a referral in", "alex", "/referrals/new/"),
    Screen("appeal-case", "An appeal case with its deadlines", "alex", _case_page),
    Screen("pip-estimate", "The PIP points estimate", "alex", _pip_estimate),
    Screen("gp-home", "A GP's support statement requests", _gp_asked),
    Screen("gp-statement", "A GP writing a support statement", _gp_asked, _statement_form),
    Screen("letters", "An appeal's letters, made as PDFs", "alex", _letters),
    Screen("notifications", "Reminders in the notification list", "alex", "/notifications/"),
    Screen("manager-home", "A manager's service overview", "manager"),
    Screen("reports", "The service reports", "manager", "/reports/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="screens to take (default: all)")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder for the PNG files")
    args = parser.parse_args()
    screens = [s for s in SCREENS if not args.names or s.name in args.names]
    if not screens:
        raise SystemExit(f"No such screen. Screens: {', '.join(s.name for s in SCREENS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="linkwork-screenshots-") as var_dir:
        env = demo_environment(Path(var_dir))
        os.environ.update(env)
        manage("migrate", "--noinput", env=env)
        manage("seed_demo", env=env)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_serving(base_url)
            take(screens, base_url, args.out)
        finally:
            server.terminate()
            server.wait(timeout=20)


def demo_environment(var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "linkwork.settings.base",
        "DEBUG": "true",
        "LINKWORK_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'demo.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_URL": "consolemail://",
        # Playwright's sync API marks an asyncio loop as running in this thread; the ORM calls
        # made between browser steps (two-factor devices, paths) are safe here.
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(base_url: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=5):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise SystemExit(f"The development server did not answer at {base_url}")


def take(screens: list[Screen], base_url: str, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from linkwork.accounts.models import User
    from linkwork.demo import DEMO_PASSWORD
    from tests.e2e.browser import launch, sign_in

    with sync_playwright() as playwright:
        browser = launch(playwright)
        for screen in screens:
            context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
            page = context.new_page()
            if screen.user:
                username = screen.user() if callable(screen.user) else screen.user
                user = User.objects.get(username=username)
                sign_in(page, base_url, user, password=DEMO_PASSWORD)
            path = screen.path() if callable(screen.path) else screen.path
            page.goto(f"{base_url}{path}")
            page.wait_for_load_state("networkidle")
            target = out / f"{screen.name}.png"
            page.screenshot(path=str(target), full_page=screen.full_page)
            print(f"{target.relative_to(ROOT)}: {screen.title}")  # noqa: T201
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
