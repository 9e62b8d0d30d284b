"""Load run: simulated users across roles against gunicorn, with Celery workers rendering
letters and sending reminders at the same time; then a check in the database that no reminder
was sent twice and no letter was lost.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--web 2] [--workers 2]

Needs ``manage.py seed_scale`` data and a Redis broker. Everything listens on 127.0.0.1 only
and stops after ``--seconds`` (plus a bounded wait for the queue to drain). Steps:

1. Sign in each simulated user (a database session that has passed two-factor
   authentication, as after a real sign-in): link workers, GPs and managers.
2. Start gunicorn (``--web`` processes, ``--threads`` threads each) and ``--workers`` Celery
   worker processes, with emails written to a temporary folder.
3. For ``--seconds``: each user requests a page of their role, waits a think time (``--think``
   seconds on average), and repeats. Meanwhile two reminder scans are enqueued at once, and an
   evidence letter is requested every ``--letter-every`` seconds on a different case.
4. Stop the users; wait until every letter and reminder has been dealt with; check the
   database; print the figures; stop gunicorn and the workers.

Reminders recorded before the run are deleted first (``--keep-reminders`` keeps them), so the
scan has work to do on every run.
"""

# ruff: noqa: T201 (a command-line script: it prints its report)
from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time (s)")
    parser.add_argument("--letter-every", type=float, default=2.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--drain-seconds", type=int, default=300)
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=10,
        help="CPU niceness of the Celery workers: on one shared host, pages come first",
    )
    parser.add_argument("--keep-reminders", action="store_true")
    return parser.parse_args()


def child_environment(mail_dir: str, media_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "linkwork.settings.base",
            "DEBUG": "false",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            # django-environ drops one leading slash of the path: four slashes keep it absolute.
            "EMAIL_URL": f"filemail:///{mail_dir}",
            "MEDIA_ROOT": media_dir,
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
    )
    return env


@dataclass
class VirtualUser:
    role: str
    cookie: str
    urls: list[str]


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)

    def add(self, key: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[key].append(seconds)
            if error:
                self.errors[f"{key}: {error}"] += 1


def build_users(count: int) -> list[VirtualUser]:
    """Sessions and page lists for ``count`` simulated users: 70% link workers, 20% GPs and
    10% managers, each on their own account."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from appeals.models import AppealCase
    from appeals.stages import ENDED
    from linkwork.accounts import two_factor
    from linkwork.accounts.models import Role, User
    from linkwork.perf.seeding import USERNAME_PREFIX
    from patients.models import Patient

    seeded = User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("username")
    pools = {
        Role.LINK_WORKER: list(seeded.filter(role=Role.LINK_WORKER)),
        Role.GP: list(seeded.filter(role=Role.GP)),
        Role.MANAGER: list(seeded.filter(role=Role.MANAGER)),
    }
    if not all(pools.values()):
        sys.exit("No seeded data: run manage.py seed_scale first.")
    plan = [Role.LINK_WORKER] * 7 + [Role.GP] * 2 + [Role.MANAGER]
    users = []
    for n in range(count):
        role = plan[n % len(plan)]
        pool = pools[role]
        user = pool[(n // len(plan)) % len(pool)]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[two_factor.VERIFIED_SESSION_KEY] = "load-run"
        session.create()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        home = reverse("home")
        if role == Role.LINK_WORKER:
            patients = Patient.objects.filter(holder=user).values_list("pk", flat=True)[:40]
            cases = (
                AppealCase.objects.filter(holder=user)
                .exclude(stage__in=ENDED)
                .values_list("pk", flat=True)[:20]
            )
            urls = [home, home, reverse("appeals:my_deadlines"), reverse("reminders:bell")]
            urls += [home + "?page=2", reverse("patients:caseload") + "?q=smith&holder=all"]
            urls += [reverse("patients:detail", args=[pk]) for pk in patients[:8]]
            urls += [reverse("appeals:case_detail", args=[pk]) for pk in cases[:4]]
        elif role == Role.GP:
            patients = Patient.objects.filter(practice=user.practice_id).values_list(
                "pk", flat=True
            )[:10]
            urls = [home, home, home, reverse("reminders:bell")]
            urls += [reverse("patients:detail", args=[pk]) for pk in patients]
        else:
            report = reverse("reports:index")
            urls = [
                home,
                report,
                report + "?period=last_12_months",
                reverse("appeals:my_deadlines"),
            ]
            urls += [reverse("patients:caseload") + "?holder=all"]
        users.append(VirtualUser(role=str(role), cookie=cookie, urls=urls))
    return users


def page_key(role: str, url: str) -> str:
    parts = [p for p in url.split("?")[0].split("/") if p]
    shape = "/".join("<id>" if len(p) == 36 else p for p in parts) or "home"
    return f"{role} {shape}"


def run_user(user: VirtualUser, port: int, until: float, think: float, stats: Stats) -> None:
    rng = random.Random()  # noqa: S311 (load pattern, not security)
    time.sleep(rng.uniform(0, think))
    while time.monotonic() < until:
        url = rng.choice(user.urls)
        key = page_key(user.role, url)
        began = time.perf_counter()
        error = None
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request("GET", url, headers={"Cookie": user.cookie, "Host": HOST})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                error = f"HTTP {response.status}"
        except OSError as exc:
            error = type(exc).__name__
        stats.add(key, time.perf_counter() - began, error)
        time.sleep(rng.expovariate(1 / think) if think > 0 else 0)


def request_letters(until: float, every: float, requested: list[str], problems: list[str]) -> None:
    """Request an MR letter on a different open case every ``every`` seconds, as link workers
    do from the case page (the service enqueues the render after commit)."""
    from django.core.exceptions import ValidationError
    from django.db import close_old_connections

    from appeals.letters import services
    from appeals.letters.models import LetterKind
    from appeals.models import AppealCase
    from appeals.stages import ENDED

    cases = list(
        AppealCase.objects.exclude(stage__in=ENDED)
        .exclude(evidence_letters__status__in=["queued", "rendering"])
        .select_related("holder", "patient")
        .order_by("?")[:500]
    )
    for case in cases:
        if time.monotonic() >= until:
            break
        try:
            letter = services.letter_request(
                case=case,
                kind=LetterKind.MR_COVER,
                by=case.holder,
                grounds="She cannot prepare a meal or wash without help on most days. " * 6,
                awarded_points={"preparing_food": 2} if case.is_pip else {},
            )
            requested.append(str(letter.pk))
        except ValidationError as error:
            problems.append(f"letter request refused: {error.messages[0]}")
        close_old_connections()
        time.sleep(every)


def wait_for_healthz(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": HOST})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not answer /healthz in time.")


def drain(letter_ids: list[str], timeout: float) -> float:
    """Wait until no letter or reminder is waiting for a worker; return the seconds waited."""
    from appeals.letters.models import EvidenceLetter
    from linkwork.reminders.models import Reminder

    began = time.monotonic()
    while time.monotonic() - began < timeout:
        busy_letters = EvidenceLetter.objects.filter(
            pk__in=letter_ids, status__in=["queued", "rendering"]
        ).count()
        busy_reminders = Reminder.objects.filter(status__in=["queued", "sending"]).count()
        if not busy_letters and not busy_reminders:
            break
        time.sleep(1)
    return time.monotonic() - began


def count_emails(mail_dir: str) -> int:
    total = 0
    for path in Path(mail_dir).glob("*.log"):
        total += path.read_text(errors="replace").count("\nMessage-ID: ")
    return total


def check(letter_ids: list[str], mail_dir: str, since) -> list[str]:
    """What the database says after the run; returns the problems found."""
    from django.db.models import Count

    from appeals.letters.models import EvidenceLetter
    from linkwork.reminders.models import Notification, Reminder

    problems = []
    letters = EvidenceLetter.objects.filter(pk__in=letter_ids)
    ready = letters.filter(status="ready")
    missing_files = [
        str(letter.pk)
        for letter in ready
        if not letter.file or not letter.file.storage.exists(letter.file.name)
    ]
    print(
        f"Letters requested {len(letter_ids)}, ready {ready.count()}, "
        f"other {letters.exclude(status='ready').values_list('status', flat=True).distinct()!s}"
    )
    if ready.count() != len(letter_ids):
        problems.append(f"{len(letter_ids) - ready.count()} letters not ready")
    if missing_files:
        problems.append(f"{len(missing_files)} ready letters without their file")

    reminders = Reminder.objects.all()
    by_status = dict(reminders.values_list("status").annotate(n=Count("pk")))
    duplicates = (
        reminders.values("deadline", "referral", "due", "offset_days", "recipient")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    # Emails written in this run's folder against reminders emailed since the run started.
    emailed = reminders.filter(emailed_at__gte=since).count()
    emails = count_emails(mail_dir)
    notifications = Notification.objects.filter(reminder__isnull=False)
    doubled = notifications.values("reminder").annotate(n=Count("pk")).filter(n__gt=1).count()
    print(
        f"Reminders by status {by_status}; emailed {emailed}; email messages written {emails}; "
        f"notifications {notifications.count()}"
    )
    if duplicates:
        problems.append(f"{duplicates} reminders recorded twice")
    if doubled:
        problems.append(f"{doubled} reminders with two notifications")
    if emails != emailed:
        problems.append(f"{emails} emails written for {emailed} reminders marked emailed")
    if by_status.get("queued") or by_status.get("sending"):
        problems.append("reminders still waiting for a worker")
    return problems


def report(stats: Stats, seconds: float) -> tuple[int, int]:
    from linkwork.perf.benchmark import percentile

    everything = [t for times in stats.times.values() for t in times]
    total, errors = len(everything), sum(stats.errors.values())
    print(f"\nRequests {total} in {seconds:.0f} s ({total / seconds:.1f}/s), errors {errors}")
    if not everything:
        return total, errors
    print(f"{'page':<44}{'n':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    rows = sorted(stats.times.items())
    rows.append(("ALL", everything))
    for key, times in rows:
        print(
            f"{key[:43]:<44}{len(times):>6}{statistics.median(times) * 1000:>11.0f}"
            f"{percentile(times, 95) * 1000:>9.0f}{max(times) * 1000:>9.0f}"
        )
    for message, n in stats.errors.most_common(10):
        print(f"  error x{n}: {message}")
    return total, errors


def main() -> int:
    args = parse_args()
    mail_dir = tempfile.mkdtemp(prefix="linkwork-load-mail-")
    media_dir = tempfile.mkdtemp(prefix="linkwork-load-media-")
    env = child_environment(mail_dir, media_dir)
    if not env.get("CELERY_BROKER_URL", "").startswith("redis://"):
        sys.exit("Set CELERY_BROKER_URL to a Redis URL (the workers and this script share it).")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import close_old_connections
    from django.utils import timezone

    from linkwork.accounts.models import User
    from linkwork.celery import app
    from linkwork.perf.seeding import USERNAME_PREFIX
    from linkwork.reminders.models import Notification, Reminder

    if not User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
        sys.exit("No seeded data: run manage.py seed_scale on a database of its own first.")
    if not args.keep_reminders:
        Notification.objects.filter(reminder__isnull=False).delete()
        Reminder.objects.all().delete()
    app.control.purge()
    started_at = timezone.now()
    users = build_users(args.users)
    close_old_connections()

    venv = Path(sys.executable).parent
    children = []
    try:
        children.append(
            subprocess.Popen(  # noqa: S603 (fixed command line)
                [
                    str(venv / "gunicorn"),
                    "linkwork.wsgi",
                    "--bind",
                    f"{HOST}:{args.port}",
                    "--workers",
                    str(args.web),
                    "--threads",
                    str(args.threads),
                    "--worker-class",
                    "gthread",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "60",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        for n in range(args.workers):
            children.append(
                subprocess.Popen(  # noqa: S603
                    [
                        shutil.which("nice") or "/usr/bin/nice",
                        "-n",
                        str(args.worker_nice),
                        str(venv / "celery"),
                        "-A",
                        "linkwork",
                        "worker",
                        "--concurrency",
                        "1",
                        "--hostname",
                        f"load{n + 1}@%h",
                        "--loglevel",
                        "WARNING",
                        "--without-gossip",
                        "--without-mingle",
                    ],
                    cwd=ROOT,
                    env=env,
                )
            )
        wait_for_healthz(args.port)
        time.sleep(3)  # the workers connect to the broker
        print(
            f"gunicorn: {args.web} processes x {args.threads} threads; "
            f"Celery: {args.workers} worker processes (nice {args.worker_nice}); "
            f"{len(users)} users "
            f"({Counter(u.role for u in users)}) for {args.seconds} s, think {args.think} s"
        )

        from linkwork.reminders.tasks import scan_reminders

        scan_reminders.delay()
        scan_reminders.delay()  # two scans at once, as after a beat restart: nothing twice
        stats, letters, problems = Stats(), [], []
        began = time.monotonic()
        until = began + args.seconds
        threads = [
            threading.Thread(target=run_user, args=(u, args.port, until, args.think, stats))
            for u in users
        ]
        threads.append(
            threading.Thread(
                target=request_letters, args=(until, args.letter_every, letters, problems)
            )
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        _total, errors = report(stats, elapsed)
        waited = drain(letters, args.drain_seconds)
        print(f"\nQueue drained {waited:.0f} s after the users stopped.")
        problems += check(letters, mail_dir, started_at)
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
    if errors:
        problems.append(f"{errors} requests failed")
    print("\nResult: " + ("no problems" if not problems else "; ".join(problems)))
    print(f"(emails in {mail_dir}, PDFs in {media_dir})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
