"""Time the service report on the data in the database, against the same counts as raw SQL.

    manage.py bench_reports [--service NAME] [--repeat 5] [--period last_12_months]

For one service (by default the one with most patients) it times building the whole report as a
manager sees it, then the caseload table, the referral counts (per month, source, practice,
decision and decline reason, in one pass) and the days-to-first-contact figures twice: through
the report's selectors (the ORM) and as hand-written SQL. The ratio shows what the ORM costs.
The raw SQL is PostgreSQL's (``percentile_cont``, ``date_trunc``).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appeals.models import AppealCase, Deadline
from appeals.stages import ENDED
from linkwork.accounts.models import Service, User
from linkwork.reports import figures, periods, selectors
from linkwork.reports.figures import ReportContext
from linkwork.reports.scope import ALL_SECTIONS, ReportScope
from patients.models import Patient
from referrals.models import Referral, ReferralTransition


def _tables() -> dict[str, str]:
    return {
        "user": User._meta.db_table,
        "patient": Patient._meta.db_table,
        "referral": Referral._meta.db_table,
        "transition": ReferralTransition._meta.db_table,
        "case": AppealCase._meta.db_table,
        "deadline": Deadline._meta.db_table,
        "service": Service._meta.db_table,
    }


CASELOAD_SQL = """
SELECT p.holder_id,
  COUNT(*) FILTER (WHERE p.status = 'active'),
  COUNT(*) FILTER (WHERE p.id IN (SELECT r.patient_id FROM {referral} r
    WHERE r.received_on BETWEEN %(start)s AND %(end)s)),
  COUNT(*) FILTER (WHERE p.id IN (SELECT r.patient_id FROM {referral} r
    WHERE r.status = 'closed'
    AND r.status_changed_at >= %(first)s AND r.status_changed_at < %(after)s)),
  COUNT(*) FILTER (WHERE p.status <> 'closed' AND p.id IN (SELECT r.patient_id
    FROM {referral} r WHERE r.status = 'received' AND r.first_contact_at IS NULL)),
  COUNT(*) FILTER (WHERE p.id IN (SELECT r.patient_id FROM {referral} r
    WHERE r.received_on BETWEEN %(year_start)s AND %(end)s))
FROM {patient} p
WHERE p.practice_id = ANY(%(practices)s)
GROUP BY p.holder_id
"""

CASELOAD_DEADLINES_SQL = """
SELECT c.holder_id,
  COUNT(*) FILTER (WHERE d.status = 'open' AND d.due < %(today)s),
  COUNT(*) FILTER (WHERE d.due BETWEEN %(start)s AND %(end)s AND d.status = 'met'),
  COUNT(*) FILTER (WHERE d.due BETWEEN %(start)s AND %(end)s AND d.status = 'missed'),
  COUNT(*) FILTER (WHERE d.due BETWEEN %(start)s AND %(end)s AND d.status = 'open'),
  COUNT(*) FILTER (WHERE d.due BETWEEN %(start)s AND %(end)s AND d.status = 'waived')
FROM {deadline} d JOIN {case} c ON c.id = d.case_id JOIN {patient} p ON p.id = c.patient_id
WHERE p.practice_id = ANY(%(practices)s)
  AND ((d.status = 'open' AND d.due < %(today)s) OR d.due BETWEEN %(start)s AND %(end)s)
GROUP BY c.holder_id
"""

CASELOAD_APPEALS_SQL = """
SELECT c.holder_id, c.stage, COUNT(*)
FROM {case} c JOIN {patient} p ON p.id = c.patient_id
WHERE p.practice_id = ANY(%(practices)s) AND NOT (c.stage = ANY(%(ended)s))
GROUP BY c.holder_id, c.stage
"""

CASELOAD_WORKERS_SQL = """
SELECT u.id, u.first_name, u.last_name, u.username, s.annual_capacity
FROM {user} u JOIN {service} s ON s.id = u.service_id
WHERE u.role = 'link_worker' AND u.is_active AND u.service_id = %(service)s
ORDER BY u.last_name, u.first_name, u.username
"""

REFERRALS_SQL = """
SELECT date_trunc('month', r.received_on)::date, r.source, p.practice_id, r.decline_reason,
  COUNT(*),
  COUNT(*) FILTER (WHERE r.id IN (SELECT t.referral_id FROM {transition} t
    WHERE t.to_status = 'accepted')),
  COUNT(*) FILTER (WHERE r.id IN (SELECT t.referral_id FROM {transition} t
    WHERE t.to_status = 'declined'))
FROM {referral} r JOIN {patient} p ON p.id = r.patient_id
WHERE p.practice_id = ANY(%(practices)s) AND r.received_on BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2, 3, 4
"""

FIRST_CONTACT_SQL = """
SELECT COUNT(*),
  percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
  percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
FROM (
  SELECT (r.first_contact_at AT TIME ZONE %(tz)s)::date - r.received_on AS days
  FROM {referral} r JOIN {patient} p ON p.id = r.patient_id
  WHERE p.practice_id = ANY(%(practices)s) AND r.received_on BETWEEN %(start)s AND %(end)s
  AND r.first_contact_at IS NOT NULL
) AS waits
"""


class Command(BaseCommand):
    help = "Time the service report against the same aggregation written as raw SQL."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--service", help="Service name (default: the one with most patients).")
        parser.add_argument("--repeat", type=int, default=5, help="Runs of each measurement.")
        parser.add_argument(
            "--period",
            default=periods.LAST_12_MONTHS,
            choices=[value for value, _label in periods.PERIOD_CHOICES if value != "custom"],
        )

    def handle(self, *args, **options) -> None:
        service = self._service(options["service"])
        repeat = max(1, options["repeat"])
        today = timezone.localdate()
        start, end = periods.period_dates(options["period"], today)
        scope = ReportScope(title="Service report", sections=ALL_SECTIONS, service_id=service.pk)

        def fresh() -> ReportContext:
            """A new report's context: one report's counts are never reused by the next."""
            return ReportContext(scope=scope, start=start, end=end, today=today)

        ctx = fresh()
        params = {
            "service": service.pk,
            "practices": ctx.service_practices,
            "start": start,
            "end": end,
            "today": today,
            "year_start": periods.year_before(end),
            "tz": timezone.get_current_timezone_name(),
            **dict(zip(("first", "after"), periods.instants(start, end), strict=True)),
            "ended": [stage.value for stage in ENDED],
        }
        sizes = {
            "link workers": selectors.workers(ctx).count(),
            "patients": figures.patients(ctx).count(),
            "referrals": figures.referrals(ctx).count(),
            "appeal cases": figures.cases(ctx).count(),
        }
        self.stdout.write(f"Service: {service.name}; period {start} to {end}; {repeat} runs each")
        self.stdout.write("Data: " + ", ".join(f"{n} {label}" for label, n in sizes.items()))

        with (
            override_settings(REPORT_CONNECTIONS=1),  # every query on this connection
            CaptureQueriesContext(connection) as captured,
        ):
            selectors.report_sections(fresh())
        queries = len(captured)  # read before the timed runs reset the connection's log
        whole = self._time(lambda: selectors.report_sections(fresh()), repeat)
        self.stdout.write(f"Whole report (5 sections, {queries} queries): {whole * 1000:.1f} ms")

        if connection.vendor != "postgresql":
            self.stdout.write("The raw SQL comparison needs PostgreSQL; skipped.")
            return
        self.stdout.write(f"{'Figures':<38}{'report (ms)':>12}{'raw SQL (ms)':>14}{'ratio':>8}")
        comparisons = [
            (
                "Caseload table",
                lambda: selectors.caseload_section(fresh()),
                lambda: [
                    self._raw(sql, params)
                    for sql in (
                        CASELOAD_SQL,
                        CASELOAD_DEADLINES_SQL,
                        CASELOAD_APPEALS_SQL,
                        CASELOAD_WORKERS_SQL,
                    )
                ],
            ),
            (
                "Referrals per month, source, decision",
                lambda: selectors.referral_counts(fresh()),
                lambda: self._raw(REFERRALS_SQL, params),
            ),
            (
                "Days to first contact (median, p90)",
                lambda: selectors.first_contact_days(fresh()),
                lambda: self._raw(FIRST_CONTACT_SQL, params),
            ),
        ]
        for label, orm, raw in comparisons:
            orm_time = self._time(orm, repeat)
            raw_time = self._time(raw, repeat)
            ratio = orm_time / raw_time if raw_time else float("nan")
            self.stdout.write(
                f"{label:<38}{orm_time * 1000:>12.1f}{raw_time * 1000:>14.1f}{ratio:>8.2f}"
            )

    def _service(self, name: str | None) -> Service:
        if name:
            service = Service.objects.filter(name=name).first()
            if service is None:
                raise CommandError(f"No service named {name!r}.")
            return service
        service = (
            Service.objects.annotate(n=Count("practices__patients")).order_by("-n", "name").first()
        )
        if service is None:
            raise CommandError("There are no services: seed some data first.")
        return service

    @staticmethod
    def _raw(sql: str, params: dict) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**_tables()), params)
            return cursor.fetchall()

    @staticmethod
    def _time(run: Callable[[], object], repeat: int) -> float:
        """The median wall time of ``repeat`` runs, in seconds."""
        timings = []
        for _ in range(repeat):
            reset_queries()
            began = time.perf_counter()
            run()
            timings.append(time.perf_counter() - began)
        return statistics.median(timings)
