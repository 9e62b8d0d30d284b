"""Figures dated by a timestamp count it on its Europe/London day, around the clock changes.

The report compares a timestamp with the two instants that bound the period's local days (so
the database can use an index); these tests pin that comparison to the local calendar date,
including the 23-hour day in March and the 25-hour day in October.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.policy import report_scope
from linkwork.reports import figures, periods, selectors
from linkwork.reports.figures import ReportContext
from referrals.models import ReferralStatus
from tests.factories import PatientFactory, ReferralFactory

# The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
SPRING = date(2026, 3, 29)
AUTUMN = date(2026, 10, 25)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_instants_bound_the_local_days_in_winter():
    first, after = periods.instants(date(2026, 1, 1), date(2026, 1, 31))
    assert first == utc(2026, 1, 1, 0, 0)
    assert after == utc(2026, 2, 1, 0, 0)


def test_instants_of_the_day_the_clocks_go_forward_are_23_hours_apart():
    first, after = periods.instants(SPRING, SPRING)
    assert first == utc(2026, 3, 29, 0, 0)  # midnight GMT
    assert after == utc(2026, 3, 29, 23, 0)  # midnight BST
    assert after.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=23)


def test_instants_of_the_day_the_clocks_go_back_are_25_hours_apart():
    first, after = periods.instants(AUTUMN, AUTUMN)
    assert first == utc(2026, 10, 24, 23, 0)  # midnight BST
    assert after == utc(2026, 10, 26, 0, 0)  # midnight GMT
    assert after.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=25)


def test_instants_of_a_summer_period_start_and_end_at_midnight_bst():
    first, after = periods.instants(date(2026, 6, 1), date(2026, 6, 30))
    assert first == utc(2026, 5, 31, 23, 0)
    assert after == utc(2026, 6, 30, 23, 0)


# Timestamps on either side of each local midnight near the two changes.
CLOSED_AT = [
    utc(2026, 3, 28, 23, 59),  # 28 Mar 23:59 GMT
    utc(2026, 3, 29, 0, 0),  # 29 Mar 00:00 GMT
    utc(2026, 3, 29, 0, 59),  # 29 Mar 00:59 GMT, just before the change
    utc(2026, 3, 29, 1, 0),  # 29 Mar 02:00 BST, just after
    utc(2026, 3, 29, 22, 59),  # 29 Mar 23:59 BST
    utc(2026, 3, 29, 23, 0),  # 30 Mar 00:00 BST
    utc(2026, 10, 24, 22, 59),  # 24 Oct 23:59 BST
    utc(2026, 10, 24, 23, 0),  # 25 Oct 00:00 BST
    utc(2026, 10, 25, 0, 30),  # 25 Oct 01:30 BST, the first of the two 01:30s
    utc(2026, 10, 25, 1, 30),  # 25 Oct 01:30 GMT, the second
    utc(2026, 10, 25, 23, 59),  # 25 Oct 23:59 GMT
    utc(2026, 10, 26, 0, 0),  # 26 Oct 00:00 GMT
]

PERIODS = [
    (date(2026, 3, 28), date(2026, 3, 28)),
    (SPRING, SPRING),
    (date(2026, 3, 30), date(2026, 3, 30)),
    (date(2026, 3, 1), date(2026, 3, 29)),
    (date(2026, 3, 30), date(2026, 10, 24)),
    (date(2026, 10, 24), date(2026, 10, 24)),
    (AUTUMN, AUTUMN),
    (date(2026, 10, 26), date(2026, 10, 31)),
    (date(2026, 4, 1), date(2027, 3, 31)),
]


@pytest.fixture
def closed_referrals(world):
    """One patient of the service per timestamp, with a referral closed at that instant."""
    patients = {}
    for moment in CLOSED_AT:
        patient = PatientFactory(practice=world.practice, holder=world.link_worker)
        ReferralFactory(
            patient=patient,
            received_on=date(2026, 1, 5),
            first_contact_due=date(2026, 1, 19),
            status=ReferralStatus.CLOSED,
            status_changed_at=moment,
            created_by=world.manager,
        )
        patients[moment] = patient
    return patients


def _context(user, start: date, end: date) -> ReportContext:
    return ReportContext(scope=report_scope(user), start=start, end=end, today=date(2027, 4, 10))


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_closed_in_period_counts_each_referral_on_its_london_day(
    world, closed_referrals, start, end
):
    expected = {
        patient.pk
        for moment, patient in closed_referrals.items()
        if start <= timezone.localdate(moment) <= end
    }
    ctx = _context(world.manager, start, end)
    listed = set(figures.FIGURES["closed"].queryset(ctx).values_list("pk", flat=True))
    assert listed == expected
    counts = selectors.caseload_counts(ctx)["patients"]
    assert counts[world.link_worker.pk]["closed"] == len(expected)


@pytest.mark.django_db
def test_the_23_hour_day_closes_four_referrals_and_the_25_hour_day_four(world, closed_referrals):
    """Hand-counted: 29 March has 00:00 GMT, 00:59 GMT, 02:00 BST and 23:59 BST; 25 October
    has 00:00 BST, both 01:30s and 23:59 GMT."""
    spring = selectors.caseload_counts(_context(world.manager, SPRING, SPRING))
    autumn = selectors.caseload_counts(_context(world.manager, AUTUMN, AUTUMN))
    assert spring["patients"][world.link_worker.pk]["closed"] == 4
    assert autumn["patients"][world.link_worker.pk]["closed"] == 4
