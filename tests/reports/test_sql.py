"""Days between dates and percentiles, in the database: ``percentile_cont`` on PostgreSQL and
the portable fallback agree with each other and with a hand calculation."""

import datetime

import pytest
from django.db import connection
from django.db.models import F

from linkwork.reports.sql import DaysBetween, percentiles, percentiles_portable
from referrals.models import Referral
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waits(world):
    """Referrals received 1 March with first contact due after 1, 2, 4, 10 and 20 days."""
    received = datetime.date(2026, 3, 1)
    for days in (1, 2, 4, 10, 20):
        ReferralFactory(
            patient=world.patient,
            received_on=received,
            first_contact_due=received + datetime.timedelta(days=days),
            created_by=world.manager,
        )
    return Referral.objects.all()


def test_days_between_two_dates(waits):
    days = sorted(
        waits.annotate(days=DaysBetween(F("first_contact_due"), F("received_on"))).values_list(
            "days", flat=True
        )
    )
    assert days == [1, 2, 4, 10, 20]


def test_median_and_90th_percentile(waits):
    # Sorted 1, 2, 4, 10, 20: median 4; 90th: position 3.6 -> 10 + 0.6 x 10 = 16.
    n, (median, p90) = percentiles(
        waits, DaysBetween("first_contact_due", "received_on"), (0.5, 0.9)
    )
    assert n == 5
    assert median == pytest.approx(4.0)
    assert p90 == pytest.approx(16.0)


def test_portable_fallback_gives_the_same_answer(waits):
    expression = DaysBetween("first_contact_due", "received_on")
    fractions = (0, 0.25, 0.5, 0.9, 1)
    in_database = percentiles(waits, expression, fractions)
    portable = percentiles_portable(waits.annotate(_pvalue=expression), fractions)
    assert portable[0] == in_database[0] == 5
    assert portable[1] == pytest.approx(in_database[1])
    assert portable[1] == pytest.approx([1.0, 2.0, 4.0, 16.0, 20.0])


def test_percentiles_of_nothing_are_none(world):
    expression = DaysBetween("first_contact_due", "received_on")
    assert percentiles(Referral.objects.none(), expression, (0.5,)) == (0, [None])
    assert percentiles_portable(Referral.objects.annotate(_pvalue=expression), (0.5,)) == (
        0,
        [None],
    )


def test_percentiles_take_a_fixed_number_of_queries(waits, django_assert_num_queries):
    expression = DaysBetween("first_contact_due", "received_on")
    expected = 1 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(expected):
        percentiles(waits, expression, (0.5, 0.9))


def test_a_percentile_fraction_must_be_between_0_and_1():
    from linkwork.reports.sql import PercentileCont

    with pytest.raises(ValueError, match="between 0 and 1"):
        PercentileCont("x", fraction=1.5)
