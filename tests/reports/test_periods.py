"""Report periods: plain date arithmetic."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.reports import periods


@pytest.mark.parametrize(
    ("choice", "today", "expected"),
    [
        (periods.THIS_MONTH, date(2026, 3, 18), (date(2026, 3, 1), date(2026, 3, 18))),
        (periods.LAST_MONTH, date(2026, 3, 18), (date(2026, 2, 1), date(2026, 2, 28))),
        (periods.LAST_MONTH, date(2026, 1, 5), (date(2025, 12, 1), date(2025, 12, 31))),
        (periods.THIS_QUARTER, date(2026, 5, 9), (date(2026, 4, 1), date(2026, 5, 9))),
        (periods.LAST_QUARTER, date(2026, 5, 9), (date(2026, 1, 1), date(2026, 3, 31))),
        (periods.LAST_QUARTER, date(2026, 2, 1), (date(2025, 10, 1), date(2025, 12, 31))),
        (periods.FINANCIAL_YEAR, date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 31))),
        (periods.FINANCIAL_YEAR, date(2026, 4, 1), (date(2026, 4, 1), date(2026, 4, 1))),
        (periods.LAST_12_MONTHS, date(2026, 3, 18), (date(2025, 4, 1), date(2026, 3, 18))),
    ],
)
def test_named_periods(choice, today, expected):
    assert periods.period_dates(choice, today) == expected


def test_custom_is_not_a_named_period():
    with pytest.raises(ValueError, match="Not a named period"):
        periods.period_dates(periods.CUSTOM, date(2026, 1, 1))


def test_months_between_covers_partial_months():
    assert periods.months_between(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_year_before_is_365_days_including_both_ends():
    assert periods.year_before(date(2026, 3, 31)) == date(2025, 4, 1)


NAMED = [value for value, _label in periods.PERIOD_CHOICES if value != periods.CUSTOM]


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    choice=st.sampled_from(NAMED),
)
def test_every_named_period_is_ordered_and_ends_by_today(today, choice):
    start, end = periods.period_dates(choice, today)
    assert start <= end <= today
    assert start.day == 1
    assert end - start < timedelta(days=366)
