"""Time the busiest pages and jobs on the data in the database and print a table.

    manage.py bench [--warmup 5] [--repeat 30] [--only pages,sections,scan,letters,reports]

Run it against ``manage.py seed_scale`` data on PostgreSQL with ``DEBUG=false`` (with DEBUG on,
Django keeps every query in memory and templates run in debug mode). For each item: median and
95th percentile time, queries of one run, the time of the item's own SELECTs run directly on
the database (the floor) and the ratio item / floor, the target and whether it is met. Pages
are requested in-process through the full middleware stack (``linkwork.perf.benchmark``).
``reports`` also runs ``bench_reports``: the report figures against hand-written SQL; ``apps``
(not run by default) runs the apps' own ``bench_letters`` and ``bench_reminders``, which make
their own sample data in a transaction they roll back.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from linkwork.perf import benchmark

PARTS = ("pages", "sections", "scan", "letters", "reports", "apps")
DEFAULT_PARTS = ("pages", "sections", "scan", "letters", "reports")


class Command(BaseCommand):
    help = "Time pages, report sections, the reminder scan and letter rendering; print a table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--warmup", type=int, default=5, help="Untimed runs first (5).")
        parser.add_argument("--repeat", type=int, default=30, help="Timed runs of each (30).")
        parser.add_argument(
            "--only",
            default=",".join(DEFAULT_PARTS),
            help=f"Comma-separated parts to run, of: {', '.join(PARTS)}.",
        )

        parser.add_argument(
            "--app-deadlines",
            type=int,
            default=100_000,
            help="Open deadlines bench_reminders seeds for the 'apps' part (100,000).",
        )

    def handle(self, *args, **options) -> None:
        parts = {p.strip() for p in options["only"].split(",") if p.strip()}
        if not parts or parts - set(PARTS):
            raise CommandError(f"Choose parts among: {', '.join(PARTS)}.")
        warmup, repeat = max(0, options["warmup"]), max(1, options["repeat"])
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: figures are slower than in production.")
        try:
            subjects = benchmark.subjects()
        except LookupError as error:
            raise CommandError(str(error)) from error
        sizes = benchmark.data_sizes()
        self.stdout.write(
            f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
            + ", ".join(f"{n:,} {label}" for label, n in sizes.items())
        )
        self.stdout.write(
            f"Warm-up {warmup}, timed runs {repeat} (pages and sections); "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start."
        )
        if parts & {"pages", "sections", "scan", "letters"}:
            self._header()
        with override_settings(ALLOWED_HOSTS=benchmark.hosts()):
            if "pages" in parts:
                for name, user, url, target in benchmark.page_items(subjects):
                    self._row(
                        benchmark.measure_page(
                            name, user, url, target, warmup=warmup, repeat=repeat
                        )
                    )
            if "sections" in parts:
                for measurement in benchmark.measure_report_sections(
                    subjects.manager, warmup=warmup, repeat=repeat
                ):
                    self._row(measurement)
            if "scan" in parts:
                for measurement in benchmark.measure_reminder_scan(repeat=min(repeat, 5)):
                    self._row(measurement)
            if "letters" in parts:
                self._row(
                    benchmark.measure_letter_rendering(
                        subjects.link_worker, subjects.case, repeat=min(repeat, 10)
                    )
                )
        if "reports" in parts:
            self.stdout.write("")
            self.stdout.write("Report figures against hand-written SQL (bench_reports):")
            call_command(
                "bench_reports",
                service=subjects.manager.service.name,
                period="last_12_months",
                repeat=max(3, min(repeat, 10)),
                stdout=self.stdout,
            )
        if "apps" in parts:
            self.stdout.write("")
            self.stdout.write("Letters, on the letters app's own sample (bench_letters):")
            call_command("bench_letters", letters=max(3, min(repeat, 10)), stdout=self.stdout)
            self.stdout.write("")
            self.stdout.write("Reminder scan on its own open deadlines (bench_reminders):")
            call_command("bench_reminders", deadlines=options["app_deadlines"], stdout=self.stdout)

    def _header(self) -> None:
        header = (
            f"{'Item':<34}{'median ms':>10}{'p95 ms':>9}{'queries':>8}"
            f"{'floor ms':>10}{'ratio':>7}{'target':>9}  ok"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

    def _row(self, m: benchmark.Measurement) -> None:
        floor = f"{m.floor_ms:10.1f}" if m.floor_ms is not None else f"{'-':>10}"
        ratio = f"{m.ratio:7.1f}" if m.ratio is not None else f"{'-':>7}"
        target = f"<{m.target.ms:.0f}"
        if m.target.floor_ratio:
            target += f",{m.target.floor_ratio:.0f}x"
        self.stdout.write(
            f"{m.name[:33]:<34}{m.median_ms:10.1f}{m.p95_ms:9.1f}{m.queries:8d}"
            f"{floor}{ratio}{target:>9}  {'yes' if m.meets_target else 'NO'}"
        )
        if m.note:
            self.stdout.write(f"{'':<4}{m.note}")
        self.stdout.flush()
