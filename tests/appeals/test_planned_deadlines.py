"""The deadlines a case's dates call for (``appeals.deadlines.planned_deadlines``)."""

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from appeals.deadlines import (
    APPEAL,
    DWP_RESPONSE,
    HEARING_1_DAY,
    HEARING_7_DAYS,
    MOTABILITY_RETURN,
    MR,
    CaseDates,
    Planned,
    planned_deadlines,
)

dates = st.dates(min_value=date(2013, 4, 8), max_value=date(2100, 12, 31))


def test_no_dates_no_deadlines():
    assert planned_deadlines(CaseDates()) == {}


def test_mr_deadline_clamps_31_january_to_end_of_february():
    plan = planned_deadlines(CaseDates(decision_date=date(2025, 1, 31)))
    assert plan == {MR: Planned(date(2025, 2, 28))}


def test_mr_deadline_in_a_leap_year_is_29_february():
    assert planned_deadlines(CaseDates(decision_date=date(2024, 1, 31)))[MR].due == date(
        2024, 2, 29
    )


def test_statement_of_reasons_extends_the_clamped_date_by_14_days():
    plan = planned_deadlines(
        CaseDates(decision_date=date(2025, 1, 31), statement_of_reasons_requested=True)
    )
    assert plan[MR].due == date(2025, 3, 14)


def test_each_step_records_when_its_deadline_was_met():
    plan = planned_deadlines(
        CaseDates(
            decision_date=date(2025, 3, 3),
            mr_requested_date=date(2025, 3, 20),
            mr_notice_date=date(2025, 5, 31),
            appeal_lodged_date=date(2025, 6, 10),
            dwp_response_date=date(2025, 7, 30),
            hearing_date=date(2025, 11, 4),
            hearing_held=True,
        )
    )
    assert plan == {
        MR: Planned(date(2025, 4, 3), date(2025, 3, 20)),
        APPEAL: Planned(date(2025, 6, 30), date(2025, 6, 10)),
        DWP_RESPONSE: Planned(date(2025, 7, 8), date(2025, 7, 30)),
        HEARING_7_DAYS: Planned(date(2025, 10, 28), date(2025, 10, 28)),
        HEARING_1_DAY: Planned(date(2025, 11, 3), date(2025, 11, 3)),
    }


def test_motability_return_needs_a_customer_and_an_end_date():
    end = date(2025, 12, 31)
    assert MOTABILITY_RETURN not in planned_deadlines(CaseDates(mobility_allowance_end_date=end))
    plan = planned_deadlines(CaseDates(motability_customer=True, mobility_allowance_end_date=end))
    assert plan[MOTABILITY_RETURN] == Planned(date(2026, 2, 25))
    assert planned_deadlines(
        CaseDates(motability_customer=True, mobility_allowance_end_date=end), motability_weeks=4
    )[MOTABILITY_RETURN].due == end + timedelta(weeks=4)


@given(dates, st.booleans())
def test_mr_deadline_is_one_calendar_month_clamped_plus_any_extension(decision, reasons):
    due = planned_deadlines(
        CaseDates(decision_date=decision, statement_of_reasons_requested=reasons)
    )[MR].due
    base = due - timedelta(days=14) if reasons else due
    months = (base.year * 12 + base.month) - (decision.year * 12 + decision.month)
    assert months == 1
    assert base.day == min(decision.day, calendar.monthrange(base.year, base.month)[1])


@given(dates)
def test_appeal_deadline_is_never_more_than_31_days_nor_less_than_28(notice):
    due = planned_deadlines(CaseDates(mr_notice_date=notice))[APPEAL].due
    assert 28 <= (due - notice).days <= 31


@given(dates, dates)
def test_a_later_decision_never_gives_an_earlier_mr_deadline(first, second):
    early, late = sorted([first, second])
    assert (
        planned_deadlines(CaseDates(decision_date=early))[MR].due
        <= planned_deadlines(CaseDates(decision_date=late))[MR].due
    )


@given(dates)
def test_hearing_reminders_are_7_and_1_days_before_and_open_until_held(hearing):
    plan = planned_deadlines(CaseDates(hearing_date=hearing))
    assert plan[HEARING_7_DAYS] == Planned(hearing - timedelta(days=7))
    assert plan[HEARING_1_DAY] == Planned(hearing - timedelta(days=1))
