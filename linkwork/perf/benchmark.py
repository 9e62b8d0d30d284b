"""Timing pages and jobs against the data in the database, beside the time of their own SQL.

Pages are requested in this process with Django's test ``Client`` (the full middleware stack:
sessions, two-factor check, CSP, audit log, templates), signed in as a seeded person with a
session that has passed two-factor authentication, as after a real sign-in. Each item is run
``warmup`` times untimed, then ``repeat`` times timed; the median and 95th percentile are
reported with the number of queries of one run.

**The floor** of an item is the time of the SQL it sends, run directly: the item is run once
more with its queries captured, and each ``SELECT`` it sent is executed again straight on the
database cursor (same text, same parameters) and timed. ``ratio`` = item time / floor: what
Django, the templates and Python add on top of the database work the item needs. The floor
runs the SQL one query after another; a report page counts its sections on several
connections at once (``REPORT_CONNECTIONS``), so its ratio can be below 1.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals.models import AppealCase, Benefit, DeadlineStatus
from appeals.stages import ENDED
from appeals.statements.models import OPEN_STATUSES
from linkwork.accounts import two_factor
from linkwork.accounts.models import Role, User
from linkwork.perf.seeding import USERNAME_PREFIX
from patients.models import Patient


class _RollbackError(Exception):
    """Raised to undo what a measured job wrote."""


@dataclass(frozen=True)
class Target:
    ms: float
    floor_ratio: float | None = None


SMALL_OVERHEAD_MS = 20
PAGE = Target(150)
REPORT = Target(500, 2.0)
SCAN = Target(2000)
LETTER = Target(1000)


@dataclass
class Measurement:
    name: str
    times: list[float]
    queries: int
    floor: float | None
    target: Target
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.times, 95) * 1000

    @property
    def floor_ms(self) -> float | None:
        return None if self.floor is None else self.floor * 1000

    @property
    def ratio(self) -> float | None:
        if not self.floor:
            return None
        return statistics.median(self.times) / self.floor

    @property
    def meets_target(self) -> bool:
        """Under the time target; and, where a ratio is set, within that many times its SQL
        (an overhead under ``SMALL_OVERHEAD_MS`` counts as within: on an item of a few
        milliseconds, a fixed cost of rendering would otherwise fail it)."""
        ok = self.p95_ms < self.target.ms
        if self.target.floor_ratio is not None and self.ratio is not None:
            overhead_ms = self.median_ms - (self.floor_ms or 0)
            ok = ok and (self.ratio <= self.target.floor_ratio or overhead_ms < SMALL_OVERHEAD_MS)
        return ok


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (the value at or below which ``pct``% of runs fall)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def sql_floor(run: Callable[[], object], repeat: int = 3) -> tuple[int, float]:
    """Run ``run`` once capturing its queries; return the number of queries and the median
    time (seconds) of executing its SELECTs again directly on the cursor, one after another.
    A report counts its sections on several connections at once; here it counts them on this
    one, so that every query is captured."""
    with override_settings(REPORT_CONNECTIONS=1), CaptureQueriesContext(connection) as captured:
        run()
    selects = [q["sql"] for q in captured.captured_queries if _is_select(q["sql"])]
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
        timings.append(time.perf_counter() - began)
    return len(captured.captured_queries), statistics.median(timings)


def _is_select(sql: str) -> bool:
    head = sql.lstrip().upper()
    # Savepoints, session and audit writes are bookkeeping; locking reads are not replayed.
    return (head.startswith(("SELECT", "WITH"))) and "FOR UPDATE" not in head


def time_runs(run: Callable[[], object], *, warmup: int, repeat: int) -> list[float]:
    for _ in range(warmup):
        run()
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        timings.append(time.perf_counter() - began)
    return timings


# People and records to measure with


@dataclass
class Subjects:
    link_worker: User
    gp: User
    manager: User
    patient: Patient
    case: AppealCase


def subjects() -> Subjects:
    """The busiest seeded people: the link worker with most open PIP appeals, the GP with
    most open statement requests, the manager of that link worker's service; the link
    worker's patient with most contacts, and their open PIP case with most open deadlines."""
    seeded = User.objects.filter(username__startswith=USERNAME_PREFIX, is_active=True)
    open_pip = Q(appeal_cases__benefit=Benefit.PIP) & ~Q(appeal_cases__stage__in=ENDED)
    link_worker = (
        seeded.filter(role=Role.LINK_WORKER)
        .annotate(n=Count("appeal_cases", filter=open_pip))
        .order_by("-n", "username")
        .first()
    )
    if link_worker is None:
        msg = "No seeded data: run manage.py seed_scale first."
        raise LookupError(msg)
    gp = (
        seeded.filter(role=Role.GP)
        .annotate(
            n=Count(
                "practice__statement_requests",
                filter=Q(practice__statement_requests__status__in=OPEN_STATUSES),
            )
        )
        .order_by("-n", "username")
        .first()
    )
    manager = seeded.filter(role=Role.MANAGER, service=link_worker.service).first()
    patient = (
        Patient.objects.filter(holder=link_worker)
        .annotate(n=Count("contacts"))
        .order_by("-n", "pk")
        .first()
    )
    case = (
        AppealCase.objects.filter(holder=link_worker, benefit=Benefit.PIP)
        .exclude(stage__in=ENDED)
        .annotate(n=Count("deadlines", filter=Q(deadlines__status=DeadlineStatus.OPEN)))
        .order_by("-n", "pk")
        .first()
    )
    if None in (gp, manager, patient, case):
        msg = "The seeded data lacks a GP, manager, patient or open PIP case: seed more."
        raise LookupError(msg)
    return Subjects(link_worker, gp, manager, patient, case)


def signed_in_client(user: User) -> Client:
    """A test client signed in as ``user`` through both factors."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[two_factor.VERIFIED_SESSION_KEY] = "benchmark"
    session.save()
    return client


def page_items(s: Subjects) -> list[tuple[str, User, str, Target]]:
    """(name, who, URL, target) of each page measured."""
    report = reverse("reports:index")
    return [
        ("Caseload (link worker home)", s.link_worker, reverse("home"), PAGE),
        (
            "Caseload, all of the service",
            s.link_worker,
            reverse("patients:caseload") + "?holder=all",
            PAGE,
        ),
        (
            "Caseload search by name",
            s.link_worker,
            reverse("patients:caseload") + "?holder=all&q=smith",
            PAGE,
        ),
        (
            "Patient page (long history)",
            s.link_worker,
            reverse("patients:detail", args=[s.patient.pk]),
            PAGE,
        ),
        ("Appeal case page", s.link_worker, reverse("appeals:case_detail", args=[s.case.pk]), PAGE),
        ("My deadlines", s.link_worker, reverse("appeals:my_deadlines"), PAGE),
        ("GP statement list (GP home)", s.gp, reverse("home"), PAGE),
        ("Manager home", s.manager, reverse("home"), PAGE),
        ("Report: this month", s.manager, report, REPORT),
        ("Report: last 12 months", s.manager, report + "?period=last_12_months", REPORT),
        ("Report: financial year", s.manager, report + "?period=financial_year", REPORT),
    ]


def measure_page(
    name: str, user: User, url: str, target: Target, *, warmup: int, repeat: int
) -> Measurement:
    client = signed_in_client(user)

    def get() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            msg = f"{name}: {url} answered {response.status_code}"
            raise AssertionError(msg)

    times = time_runs(get, warmup=warmup, repeat=repeat)
    queries, floor = sql_floor(get)
    return Measurement(name, times, queries, floor, target)


def measure_report_sections(manager: User, *, warmup: int, repeat: int) -> list[Measurement]:
    """Each section of the manager's report (last 12 months), built as the page builds it."""
    from linkwork.accounts import policy
    from linkwork.reports import periods, selectors
    from linkwork.reports.figures import ReportContext
    from linkwork.reports.scope import ALL_SECTIONS

    today = timezone.localdate()
    start, end = periods.period_dates(periods.LAST_12_MONTHS, today)
    scope = policy.report_scope(manager)
    results = []
    for section in sorted(ALL_SECTIONS):

        def build(section: str = section) -> None:
            ctx = ReportContext(scope=scope, start=start, end=end, today=today)  # a new report
            selectors.report_sections(ctx, only=section)

        times = time_runs(build, warmup=warmup, repeat=repeat)
        queries, floor = sql_floor(build)
        results.append(Measurement(f"Report section: {section}", times, queries, floor, REPORT))
    return results


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _RollbackError
    except _RollbackError:
        pass


def measure_reminder_scan(*, repeat: int) -> list[Measurement]:
    """The reminder scan over every open deadline and waiting referral, as the beat schedule
    runs it (recording, not sending): first with no reminder recorded yet (the day's catch-up:
    every reminder that applies is written), then straight after (nothing new). Each run is
    rolled back."""
    from appeals.models import Deadline
    from linkwork.reminders import services
    from linkwork.reminders.models import Notification, Reminder

    def clear() -> None:
        Notification.objects.filter(reminder__isnull=False).delete()
        Reminder.objects.all().delete()

    open_deadlines = Deadline.objects.filter(status=DeadlineStatus.OPEN).count()
    first, again, recorded = [], [], 0
    for _ in range(repeat):
        with rolled_back():
            clear()
            began = time.perf_counter()
            recorded = len(services.reminders_scan(enqueue=False).recorded)
            first.append(time.perf_counter() - began)
            began = time.perf_counter()
            services.reminders_scan(enqueue=False)
            again.append(time.perf_counter() - began)
    with rolled_back():
        clear()
        queries, floor = sql_floor(lambda: services.reminders_scan(enqueue=False), repeat=1)
    with rolled_back():
        clear()
        services.reminders_scan(enqueue=False)
        queries_again, floor_again = sql_floor(
            lambda: services.reminders_scan(enqueue=False), repeat=1
        )
    note = f"{open_deadlines:,} open deadlines; {recorded:,} reminders recorded"
    return [
        Measurement("Reminder scan, first of the day", first, queries, floor, SCAN, note=note),
        Measurement("Reminder scan, nothing new", again, queries_again, floor_again, SCAN),
    ]


def measure_letter_rendering(link_worker: User, case: AppealCase, *, repeat: int) -> Measurement:
    """Rendering an MR letter for the case as the worker does (``letter_render``: load, build
    the HTML, lay out the PDF, store it), against bare WeasyPrint on the same HTML (the floor).
    Letters and files are rolled back / written to a temporary folder."""
    from weasyprint import HTML
    from weasyprint.urls import path2url

    from appeals.letters import content, services
    from appeals.letters.models import LetterKind
    from appeals.letters.rendering import ASSETS_DIR

    grounds = "She cannot prepare a meal or wash without help on most days. " * 12
    times, floors = [], []
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), rolled_back():

        def request():
            return services.letter_request(
                case=case,
                kind=LetterKind.MR_COVER,
                by=link_worker,
                grounds=grounds,
                awarded_points={"preparing_food": 2, "moving_around": 4},
            )

        first = request()
        html = content.letter_html(first.content)
        base_url = path2url(str(ASSETS_DIR) + "/")
        services.letter_render(letter_id=str(first.pk))  # warm fonts and caches
        for _ in range(repeat):
            letter = request()
            began = time.perf_counter()
            rendered = services.letter_render(letter_id=str(letter.pk))
            times.append(time.perf_counter() - began)
            if not rendered.is_ready:
                msg = f"Letter failed: {rendered.failure_reason}"
                raise AssertionError(msg)
            began = time.perf_counter()
            HTML(string=html, base_url=base_url).write_pdf()
            floors.append(time.perf_counter() - began)
        pages = rendered.page_count
    return Measurement(
        "Letter rendering (per letter)",
        times,
        0,
        statistics.median(floors),
        LETTER,
        note=f"{pages}-page MR letter; floor = bare WeasyPrint on the same HTML",
    )


def data_sizes() -> dict[str, int]:
    from appeals.models import Deadline
    from appeals.statements.models import SupportStatement
    from patients.models import Contact
    from referrals.models import Referral

    return {
        "patients": Patient.objects.count(),
        "referrals": Referral.objects.count(),
        "contacts": Contact.objects.count(),
        "appeal cases": AppealCase.objects.count(),
        "deadlines": Deadline.objects.count(),
        "statements": SupportStatement.objects.count(),
    }


def hosts() -> list[str]:
    return [*settings.ALLOWED_HOSTS, "testserver"]
