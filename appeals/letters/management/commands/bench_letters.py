"""Measure how fast letters render, and what Linkwork adds to WeasyPrint's own work.

    python manage.py bench_letters --letters 30

Makes a sample patient, PIP appeal case and a 2-3 page MR letter (inside a transaction that is
rolled back, with PDFs written to a temporary folder), then times, in this one process:

* **Linkwork**: ``letter_render`` per letter, as the Celery task runs it: load the row, build
  the HTML from the snapshot, lay out the PDF, write the file (temporary name, fsync, move),
  record the result;
* **bare WeasyPrint**: ``HTML(string=...).write_pdf()`` on the same HTML.

Prints the median time per letter of each, Linkwork's overhead, and letters per second per
worker process (one worker process renders one letter at a time).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import path2url

from appeals.letters import content, services
from appeals.letters.models import EvidenceLetter, LetterKind, LetterStatus
from appeals.letters.rendering import ASSETS_DIR, render_pdf
from appeals.models import AppealCase, ComponentAward
from linkwork.accounts.models import Practice, Role, Service, User
from patients.models import Patient

GROUNDS = (
    "She cannot prepare a simple meal without someone with her: pain in her hands means she "
    "drops pans, and twice this year she has burnt herself. She needs help getting into and out "
    "of the bath every day and cannot do up buttons or zips. She has not left the house alone "
    "since March because of panic attacks on the bus. "
) * 3
STATEMENT = {
    "title": "GP or clinician statement from Dr A Example",
    "sections": [
        ["Conditions and diagnoses", "Rheumatoid arthritis (2018); generalised anxiety."],
        ["Treatment and medication", "Methotrexate weekly; sertraline 100 mg."],
        [
            "Activity 4: Washing and bathing",
            "How often: every day\nWhat help is needed: physical help getting into the bath",
        ],
        ["Statement", "Her condition fluctuates but on most days she needs help. " * 6],
    ],
    "signer": "Dr A Example",
    "signer_role": "GP",
    "signer_registration": "GMC 1234567",
    "signed_on": "3 March 2025",
    "version": 1,
    "content_hash": "0" * 64,
}


class _RollbackError(Exception):
    pass


class Command(BaseCommand):
    help = "Render sample letters and print the median time per letter and letters per second."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--letters", type=int, default=30, help="Letters to render (30).")

    def handle(self, *args, letters: int, **options) -> None:
        if letters < 1:
            self.stderr.write("Render at least one letter.")
            return
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            try:
                with transaction.atomic():
                    self._run(letters)
                    raise _RollbackError
            except _RollbackError:
                pass

    def _run(self, count: int) -> None:
        case, user = _sample_case()
        snapshot = content.build_snapshot(
            case,
            kind=LetterKind.MR_COVER,
            letter_date=date(2025, 4, 1),
            grounds=GROUNDS,
            awarded_points={"preparing_food": 2, "washing_and_bathing": 2, "moving_around": 4},
            statements=[STATEMENT],
        )
        html = content.letter_html(snapshot)
        base_url = path2url(str(ASSETS_DIR) + "/")
        render_pdf(html)  # warm up fonts and caches, as a running worker has
        HTML(string=html, base_url=base_url).write_pdf()

        bare = _Timings()
        for _ in range(count):
            with bare.measure():
                HTML(string=html, base_url=base_url).write_pdf()

        ids = [
            EvidenceLetter.objects.create(
                case=case,
                kind=LetterKind.MR_COVER,
                version=n + 1,
                addressee=snapshot["addressee"],
                letter_date=date(2025, 4, 1),
                content=snapshot,
                requested_by=user,
                requested_at=timezone.now(),
            ).pk
            for n in range(count)
        ]
        full = _Timings()
        for letter_id in ids:
            with full.measure():
                letter = services.letter_render(letter_id=str(letter_id))
            if letter.status != LetterStatus.READY:
                self.stderr.write(f"Letter failed: {letter.failure_reason}")
                return
        pages = EvidenceLetter.objects.get(pk=ids[0]).page_count

        self.stdout.write(f"Letters rendered: {count} ({pages} pages each)")
        self.stdout.write("Median per letter        wall clock   CPU time of this process")
        self.stdout.write(
            f"  Linkwork letter_render  {full.wall_ms:6.0f} ms   {full.cpu_ms:6.0f} ms"
        )
        self.stdout.write(
            f"  bare WeasyPrint         {bare.wall_ms:6.0f} ms   {bare.cpu_ms:6.0f} ms"
        )
        self.stdout.write(
            f"Linkwork overhead: {full.wall_ms - bare.wall_ms:.0f} ms wall, "
            f"{full.cpu_ms - bare.cpu_ms:.0f} ms CPU per letter "
            f"({(full.cpu_ms - bare.cpu_ms) / bare.cpu_ms * 100:.0f}% of WeasyPrint's CPU time)"
        )
        self.stdout.write(
            f"Letters per second per worker process: {1000 / full.wall_ms:.1f} "
            f"(wall clock), {1000 / full.cpu_ms:.1f} (CPU-bound, on an idle core)"
        )


class _Timings:
    """Wall-clock and CPU times of repeated runs."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextmanager
    def measure(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.wall) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000


def _sample_case() -> tuple[AppealCase, User]:
    service = Service.objects.create(
        name="Benchmark Social Prescribing Service",
        address="1 Example Street\nManchester\nM1 1AA",
        phone="0161 000 0000",
        email="links@example.org",
    )
    practice = Practice.objects.create(
        ods_code="Z99999", name="Benchmark Practice", service=service
    )
    user = User.objects.create(username="bench-letters", role=Role.LINK_WORKER, service=service)
    patient = Patient.objects.create(
        given_name="Alex",
        family_name="Example",
        date_of_birth=date(1970, 5, 17),
        ni_number="QQ123456C",
        address="2 Example Road\nManchester",
        postcode="M1 1AB",
        practice=practice,
        holder=user,
    )
    today = date(2025, 4, 1)
    case = AppealCase.objects.create(
        patient=patient,
        holder=user,
        decision_date=today - timedelta(days=40),
        mr_requested_date=today - timedelta(days=30),
        daily_living_before=ComponentAward.STANDARD,
        mobility_before=ComponentAward.ENHANCED,
        daily_living_decided=ComponentAward.NONE,
        mobility_decided=ComponentAward.NONE,
        decision_summary="DWP awarded 4 points for daily living and 4 for mobility.",
        pip_choices={
            "preparing_food": "e",
            "washing_and_bathing": "e",
            "dressing_and_undressing": "d",
            "engaging_with_other_people": "c",
            "planning_and_following_journeys": "c",
            "moving_around": "b",
        },
    )
    return AppealCase.objects.select_related("patient__practice__service").get(pk=case.pk), user
