"""Time the reminder scan over many open deadlines.

Seeds a service with link workers, managers, patients and appeal cases, and ``--deadlines``
open deadlines (default 100,000) due from 60 days ago to 300 days ahead, then times three
scans, printing the time and the number of queries of each: the first scan ever (every
reminder that applies today is recorded at once), a typical morning (yesterday's scans ran),
and the same scan run again (nothing new). Everything runs in one transaction that is rolled
back, so the database is left as it was and nothing is sent.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appeals.models import AppealCase, Deadline, DeadlineKind
from linkwork.accounts.models import Practice, Role, Service, User
from linkwork.reminders import services
from linkwork.reminders.schedule import reminder_date
from patients.models import Patient

DEADLINES_PER_CASE = 5


class _RollbackError(Exception):
    """Raised to roll the benchmark's data back."""


class Command(BaseCommand):
    help = "Seed open deadlines (default 100,000) and time the reminder scan; rolls back."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--deadlines", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                self._run(options["deadlines"], random.Random(options["seed"]))  # noqa: S311
                raise _RollbackError
        except _RollbackError:
            self.stdout.write("Rolled back: the database is as it was.")

    def _run(self, count: int, rng: random.Random) -> None:
        now = timezone.now()
        today = reminder_date(now, 0)
        started = time.perf_counter()
        service = Service.objects.create(name=f"Benchmark service {now:%Y%m%d%H%M%S%f}")
        practices = Practice.objects.bulk_create(
            Practice(ods_code=f"Z{n:05d}", name=f"Benchmark practice {n}", service=service)
            for n in range(5)
        )
        staff = User.objects.bulk_create(
            [
                User(
                    username=f"bench-lw-{service.pk.hex[:8]}-{n}",
                    email=f"lw{n}@bench.invalid",
                    role=Role.LINK_WORKER,
                    service=service,
                )
                for n in range(50)
            ]
            + [
                User(
                    username=f"bench-mgr-{service.pk.hex[:8]}-{n}",
                    email=f"mgr{n}@bench.invalid",
                    role=Role.MANAGER,
                    service=service,
                )
                for n in range(3)
            ]
        )
        workers = [u for u in staff if u.role == Role.LINK_WORKER]
        cases_needed = -(-count // DEADLINES_PER_CASE)
        patients = Patient.objects.bulk_create(
            (
                Patient(
                    given_name=f"Given{n}",
                    family_name=f"Family{n}",
                    date_of_birth=today - timedelta(days=365 * 40 + n % 9000),
                    address="1 Benchmark Street",
                    postcode="M1 1AA",
                    practice=practices[n % len(practices)],
                    holder=workers[n % len(workers)],
                )
                for n in range(cases_needed)
            ),
            batch_size=2000,
        )
        cases = AppealCase.objects.bulk_create(
            (AppealCase(patient=p, holder_id=p.holder_id) for p in patients), batch_size=2000
        )
        Deadline.objects.bulk_create(
            (
                Deadline(
                    case=cases[n // DEADLINES_PER_CASE],
                    kind=DeadlineKind.TASK,
                    label="Benchmark task",
                    due=today + timedelta(days=rng.randint(-60, 300)),
                )
                for n in range(count)
            ),
            batch_size=5000,
        )
        self.stdout.write(
            f"Seeded {count:,} open deadlines on {len(cases):,} cases "
            f"in {time.perf_counter() - started:.1f} s."
        )
        try:
            with transaction.atomic():
                self._timed("Day one, nothing recorded before (catches up)", now)
                raise _RollbackError
        except _RollbackError:
            pass
        services.reminders_scan(now=now - timedelta(days=1), enqueue=False)
        self._timed("A morning after yesterday's scans (typical)", now)
        self._timed("Run again straight away (nothing new)", now)

    def _timed(self, label: str, now) -> None:
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            result = services.reminders_scan(now=now, enqueue=False)
            elapsed = time.perf_counter() - began
        self.stdout.write(
            f"{label}: {elapsed:.2f} s, {len(queries.captured_queries)} queries, "
            f"{result.considered:,} deadlines in the window, "
            f"{len(result.recorded):,} reminders recorded."
        )
