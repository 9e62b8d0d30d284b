import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from appeals.deadlines import (
    add_calendar_months,
    add_working_days,
    appeal_absolute_limit,
    appeal_due,
    days_left,
    dwp_response_due,
    dwp_response_overdue_from,
    english_bank_holidays,
    hearing_reminder_dates,
    is_working_day,
    last_working_day_on_or_before,
    motability_return_date,
    mr_due,
    mr_late_limit,
    working_days_between,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
month_counts = st.integers(min_value=-240, max_value=240)
BANK_HOLIDAYS_2024_2025 = english_bank_holidays([2024, 2025])


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# Calendar months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 6, 10), 0, date(2025, 6, 10)),
    ],
)
def test_add_calendar_months_keeps_day_number_clamped_to_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_calendar_months(start, months) == expected


@given(dates, month_counts)
def test_add_calendar_months_lands_in_the_target_month(d: date, months: int) -> None:
    result = add_calendar_months(d, months)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == months


@given(dates, month_counts)
def test_add_calendar_months_day_is_original_day_clamped_to_month_length(
    d: date, months: int
) -> None:
    result = add_calendar_months(d, months)
    assert result.day == min(d.day, last_day(result.year, result.month))


@given(dates, dates, month_counts)
def test_add_calendar_months_is_monotonic_in_the_start_date(
    d1: date, d2: date, months: int
) -> None:
    earlier, later = sorted([d1, d2])
    assert add_calendar_months(earlier, months) <= add_calendar_months(later, months)


@given(dates, month_counts, month_counts)
def test_add_calendar_months_is_monotonic_in_the_number_of_months(
    d: date, m1: int, m2: int
) -> None:
    fewer, more = sorted([m1, m2])
    assert add_calendar_months(d, fewer) <= add_calendar_months(d, more)


@given(dates, st.integers(min_value=0, max_value=240))
def test_add_calendar_months_round_trips_when_no_clamping_was_needed(d: date, months: int) -> None:
    assume(d.day <= 28)
    assert add_calendar_months(add_calendar_months(d, months), -months) == d


# Mandatory reconsideration


def test_mr_deadline_is_one_calendar_month_after_decision() -> None:
    assert mr_due(date(2025, 3, 14), statement_of_reasons_requested=False) == date(2025, 4, 14)


def test_mr_deadline_clamps_to_month_end() -> None:
    assert mr_due(date(2025, 1, 31), False) == date(2025, 2, 28)
    assert mr_due(date(2024, 1, 31), False) == date(2024, 2, 29)


def test_mr_deadline_with_statement_of_reasons_adds_fourteen_days() -> None:
    assert mr_due(date(2025, 1, 31), statement_of_reasons_requested=True) == date(2025, 3, 14)


@given(dates)
def test_statement_of_reasons_extension_is_exactly_fourteen_days(decision: date) -> None:
    assert mr_due(decision, True) - mr_due(decision, False) == timedelta(days=14)


def test_late_mr_limit_is_thirteen_calendar_months_after_decision() -> None:
    assert mr_late_limit(date(2025, 1, 31)) == date(2026, 2, 28)
    assert mr_late_limit(date(2024, 5, 20)) == date(2025, 6, 20)


# Appeal to the tribunal


def test_appeal_deadline_is_one_calendar_month_after_mr_notice() -> None:
    assert appeal_due(date(2025, 8, 31)) == date(2025, 9, 30)


def test_appeal_absolute_limit_is_twelve_months_beyond_the_appeal_deadline() -> None:
    assert appeal_absolute_limit(date(2025, 4, 10)) == date(2026, 5, 10)


def test_appeal_absolute_limit_counts_from_clamped_deadline() -> None:
    notice = date(2023, 1, 31)
    assert appeal_due(notice) == date(2023, 2, 28)
    assert appeal_absolute_limit(notice) == date(2024, 2, 28)


@given(dates)
def test_appeal_absolute_limit_is_never_after_thirteen_calendar_months(notice: date) -> None:
    limit = appeal_absolute_limit(notice)
    assert appeal_due(notice) < limit <= add_calendar_months(notice, 13)


def test_dwp_response_due_after_28_days_and_overdue_after_35() -> None:
    lodged = date(2025, 2, 3)
    assert dwp_response_due(lodged) == date(2025, 3, 3)
    assert dwp_response_overdue_from(lodged) == date(2025, 3, 10)


def test_hearing_reminders_fall_seven_days_and_one_day_before() -> None:
    assert hearing_reminder_dates(date(2025, 11, 20)) == (date(2025, 11, 13), date(2025, 11, 19))


def test_motability_car_return_date_is_eight_weeks_after_allowance_ends() -> None:
    assert motability_return_date(date(2025, 6, 1)) == date(2025, 7, 27)
    assert motability_return_date(date(2025, 6, 1), weeks=4) == date(2025, 6, 29)


def test_days_left_is_zero_on_the_day_and_negative_when_overdue() -> None:
    due = date(2025, 5, 10)
    assert days_left(due, date(2025, 5, 1)) == 9
    assert days_left(due, due) == 0
    assert days_left(due, date(2025, 5, 12)) == -2


# Working days


def test_english_bank_holidays_2025() -> None:
    assert english_bank_holidays(2025) == {
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    }


def test_english_bank_holidays_are_weekdays_including_substitute_days() -> None:
    holidays_2022 = english_bank_holidays([2022])
    assert date(2022, 12, 27) in holidays_2022
    assert date(2022, 12, 25) not in holidays_2022
    assert date(2022, 9, 19) in holidays_2022
    assert all(d.weekday() < 5 for d in holidays_2022)


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2025, 4, 17), BANK_HOLIDAYS_2024_2025)
    assert not is_working_day(date(2025, 4, 18), BANK_HOLIDAYS_2024_2025)
    assert not is_working_day(date(2025, 4, 19), BANK_HOLIDAYS_2024_2025)
    assert not is_working_day(date(2025, 4, 21), BANK_HOLIDAYS_2024_2025)


def test_add_working_days_skips_easter() -> None:
    assert add_working_days(date(2025, 4, 17), 1, BANK_HOLIDAYS_2024_2025) == date(2025, 4, 22)
    assert add_working_days(date(2025, 4, 22), -1, BANK_HOLIDAYS_2024_2025) == date(2025, 4, 17)
    assert add_working_days(date(2025, 4, 19), 0, BANK_HOLIDAYS_2024_2025) == date(2025, 4, 19)


def test_last_working_day_on_or_before_steps_back_over_christmas() -> None:
    assert last_working_day_on_or_before(date(2025, 12, 28), BANK_HOLIDAYS_2024_2025) == date(
        2025, 12, 24
    )
    assert last_working_day_on_or_before(date(2025, 12, 24), BANK_HOLIDAYS_2024_2025) == date(
        2025, 12, 24
    )


def test_working_days_between_counts_days_after_start_up_to_end() -> None:
    assert working_days_between(date(2025, 4, 14), date(2025, 4, 25), BANK_HOLIDAYS_2024_2025) == 7
    assert working_days_between(date(2025, 4, 14), date(2025, 4, 14), BANK_HOLIDAYS_2024_2025) == 0
    assert working_days_between(date(2025, 4, 25), date(2025, 4, 14), BANK_HOLIDAYS_2024_2025) == -7
    assert working_days_between(date(2024, 2, 3), date(2024, 2, 2), BANK_HOLIDAYS_2024_2025) == -1


working_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31))


@given(working_dates, st.integers(min_value=-60, max_value=60))
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    end = add_working_days(start, n, BANK_HOLIDAYS_2024_2025)
    assume(date(2024, 1, 1) <= end <= date(2025, 12, 31))
    assert working_days_between(start, end, BANK_HOLIDAYS_2024_2025) == n
    if n:
        assert is_working_day(end, BANK_HOLIDAYS_2024_2025)


@given(working_dates, working_dates)
def test_working_days_between_matches_day_by_day_count(start: date, end: date) -> None:
    def count(first: date, last: date) -> int:
        days = (first + timedelta(days=i) for i in range((last - first).days + 1))
        return sum(1 for d in days if is_working_day(d, BANK_HOLIDAYS_2024_2025))

    one = timedelta(days=1)
    expected = count(start + one, end) if end >= start else -count(end, start - one)
    assert working_days_between(start, end, BANK_HOLIDAYS_2024_2025) == expected


@given(working_dates)
def test_last_working_day_on_or_before_is_a_working_day_within_a_week(d: date) -> None:
    result = last_working_day_on_or_before(d, BANK_HOLIDAYS_2024_2025)
    assert is_working_day(result, BANK_HOLIDAYS_2024_2025)
    assert timedelta(0) <= d - result < timedelta(days=7)
