"""The benchmark command times the scan and leaves the database as it was."""

from io import StringIO

import pytest
from django.core.management import call_command

from appeals.models import Deadline
from linkwork.reminders.models import Reminder

pytestmark = pytest.mark.django_db


def test_bench_reports_time_and_queries_and_rolls_back():
    out = StringIO()

    call_command("bench_reminders", "--deadlines", "300", stdout=out)

    report = out.getvalue()
    assert "Seeded 300 open deadlines" in report
    assert "A morning after yesterday's scans (typical):" in report
    assert " queries, " in report
    assert "Rolled back" in report
    assert not Deadline.objects.exists()
    assert not Reminder.objects.exists()
