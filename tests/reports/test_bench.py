"""The benchmark command runs on whatever data is there and prints both timings."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_bench_reports_prints_report_and_raw_sql_times(report_data):
    out = io.StringIO()
    call_command("bench_reports", "--service", "Service A", "--repeat", "1", stdout=out)
    text = out.getvalue()
    assert "Service: Service A" in text
    assert "Data: 2 link workers, 5 patients" in text
    assert "Whole report (5 sections" in text
    queries = int(text.split("Whole report (5 sections, ")[1].split(" queries")[0])
    assert queries > 10  # every section's queries, counted before the timed runs
    if connection.vendor == "postgresql":
        assert "Caseload table" in text
        assert "Days to first contact (median, p90)" in text


def test_raw_sql_caseload_gives_the_same_counts_as_the_report(report_data):
    """The raw SQL the benchmark times counts the same caseload as the report (the raw SQL
    is PostgreSQL's; on another database the command says so instead of timing it)."""
    if connection.vendor != "postgresql":
        out = io.StringIO()
        call_command("bench_reports", "--repeat", "1", stdout=out)
        assert "The raw SQL comparison needs PostgreSQL" in out.getvalue()
        return
    from linkwork.reports import periods
    from linkwork.reports.management.commands import bench_reports
    from linkwork.reports.selectors import caseload_counts, deadline_counts
    from tests.reports.conftest import END, START, TODAY

    ctx = report_data.context(report_data.world.manager)
    params = {
        "service": report_data.world.service.pk,
        "practices": ctx.service_practices,
        "start": START,
        "end": END,
        "today": TODAY,
        "year_start": START.replace(year=2025, month=4),
        "tz": "Europe/London",
        **dict(zip(("first", "after"), periods.instants(START, END), strict=True)),
        "ended": ["closed", "withdrawn", "lapsed", "struck_out"],
    }
    keys = ("active", "new", "closed", "awaiting", "year")
    raw = {
        row[0]: dict(zip(keys, row[1:], strict=True))
        for row in bench_reports.Command._raw(bench_reports.CASELOAD_SQL, params)
    }
    counts = caseload_counts(ctx)
    assert raw == counts["patients"]
    assert raw[report_data.lw1.pk] == {"active": 3, "new": 2, "closed": 0, "awaiting": 1, "year": 3}
    statuses = ("overdue", "met", "missed", "open", "waived")
    deadlines = {
        row[0]: dict(zip(statuses, row[1:], strict=True))
        for row in bench_reports.Command._raw(bench_reports.CASELOAD_DEADLINES_SQL, params)
    }
    assert deadlines == deadline_counts(ctx)
    assert {holder: row["overdue"] for holder, row in deadlines.items()} == counts[
        "overdue_deadlines"
    ]
    appeals: dict = {}
    for holder, _stage, n in bench_reports.Command._raw(bench_reports.CASELOAD_APPEALS_SQL, params):
        appeals[holder] = appeals.get(holder, 0) + n
    assert appeals == counts["open_appeals"]


def test_bench_reports_with_an_unknown_service_fails_clearly(db):
    with pytest.raises(CommandError, match="No service named"):
        call_command("bench_reports", "--service", "Nowhere", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the raw SQL is PostgreSQL's")
def test_raw_sql_referral_counts_and_days_to_first_contact_match_the_report(report_data):
    """The hand-written SQL the report's referral figures are timed against counts the same."""
    from linkwork.reports.management.commands import bench_reports
    from linkwork.reports.selectors import first_contact_days, referral_counts
    from tests.reports.conftest import END, START

    ctx = report_data.context(report_data.world.manager)
    params = {"practices": ctx.service_practices, "start": START, "end": END}
    rows = bench_reports.Command._raw(bench_reports.REFERRALS_SQL, params)
    counts = referral_counts(ctx)
    by_month: dict = {}
    for month, _source, _practice, _reason, n, _accepted, _declined in rows:
        by_month[month] = by_month.get(month, 0) + n
    assert by_month == counts.by_month
    assert sum(row[4] for row in rows) == counts.total > 0
    assert sum(row[5] for row in rows) == counts.accepted > 0
    assert sum(row[6] for row in rows) == counts.declined > 0

    params["tz"] = "Europe/London"
    ((n, median, p90),) = bench_reports.Command._raw(bench_reports.FIRST_CONTACT_SQL, params)
    assert (n, [median, p90]) == first_contact_days(ctx)
