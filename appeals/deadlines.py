"""Statutory deadlines of a benefit appeal, and working-day arithmetic.

Plain functions of dates: the appeal case records the dates on its letters and these functions
give the limits that follow from them. "One calendar month" is the same day number in the next
month, clamped to the last day of a shorter month (31 January gives 28 or 29 February); no
limit is approximated as 30 days.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from holidays import country_holidays

MR_STATEMENT_OF_REASONS_EXTENSION = timedelta(days=14)
DWP_RESPONSE_PERIOD = timedelta(days=28)
DWP_RESPONSE_OVERDUE_AFTER = timedelta(days=35)
MOTABILITY_RETURN_WEEKS = 8


def add_calendar_months(d: date, months: int) -> date:
    """Return the date ``months`` calendar months after ``d`` (before it, if negative).

    The day number is kept, clamped to the last day of the target month: 31 January plus one
    month is 28 February, or 29 February in a leap year.
    """
    month_index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def mr_due(decision_date: date, statement_of_reasons_requested: bool = False) -> date:
    """Last day for DWP to receive a mandatory reconsideration request.

    One calendar month from the decision, extended by 14 days when the claimant asked for a
    written statement of reasons (Universal Credit, Personal Independence Payment, Jobseeker's
    Allowance and Employment and Support Allowance (Decisions and Appeals) Regulations 2013,
    SI 2013/381, reg 5).
    """
    due = add_calendar_months(decision_date, 1)
    if statement_of_reasons_requested:
        due += MR_STATEMENT_OF_REASONS_EXTENSION
    return due


def mr_late_limit(decision_date: date) -> date:
    """Last day for a late mandatory reconsideration request: 13 calendar months from the decision.

    A late request needs special circumstances and is never accepted after this date
    (SI 2013/381, reg 6).
    """
    return add_calendar_months(decision_date, 13)


def appeal_due(mr_notice_date: date) -> date:
    """Last day to appeal to the First-tier Tribunal: one calendar month from the MR notice.

    Tribunal Procedure (First-tier Tribunal) (Social Entitlement Chamber) Rules 2008
    (SI 2008/2685), rule 22 and Schedule 1.
    """
    return add_calendar_months(mr_notice_date, 1)


def appeal_absolute_limit(mr_notice_date: date) -> date:
    """Last day a late appeal can be admitted: 12 months beyond the one-month time limit.

    The tribunal may not extend the time for appealing by more than 12 months (SI 2008/2685,
    rule 22(8)). Counting the 12 months from the end of the one-month limit gives the earlier
    of the two possible readings when that limit was clamped to a month end.
    """
    return add_calendar_months(appeal_due(mr_notice_date), 12)


def dwp_response_due(lodged_date: date) -> date:
    """Date the DWP's response to an appeal is due: 28 days after it received the appeal.

    SI 2008/2685, rule 24(1).
    """
    return lodged_date + DWP_RESPONSE_PERIOD


def dwp_response_overdue_from(lodged_date: date) -> date:
    """Date from which a missing DWP response is treated as overdue: 7 days after it was due.

    HMCTS's own appeals system sends its "DWP response overdue" notice at 35 days.
    """
    return lodged_date + DWP_RESPONSE_OVERDUE_AFTER


def motability_return_date(allowance_end: date, weeks: int = MOTABILITY_RETURN_WEEKS) -> date:
    """Date by which a Motability car should be returned after the qualifying allowance ends.

    Motability's one-off support payment has depended on the car being returned within
    8 weeks of the allowance ending; the number of weeks is a parameter because the scheme's
    terms change.
    """
    return allowance_end + timedelta(weeks=weeks)


def hearing_reminder_dates(hearing_date: date) -> tuple[date, date]:
    """Dates to remind the claimant of a hearing: 7 days and 1 day before, as HMCTS does."""
    return hearing_date - timedelta(days=7), hearing_date - timedelta(days=1)


def days_left(due: date, today: date) -> int:
    """Days from ``today`` to ``due``: 0 on the day itself, negative once it has passed."""
    return (due - today).days


def english_bank_holidays(years: int | Iterable[int]) -> frozenset[date]:
    """Bank holidays in England for the given years, as the ``holidays`` package lists them.

    Only weekdays are returned: when a holiday falls at a weekend the substitute weekday is the
    bank holiday (Banking and Financial Dealings Act 1971, Schedule 1, and royal proclamations).
    """
    year_list = [years] if isinstance(years, int) else list(years)
    calendar_ = country_holidays("GB", subdiv="ENG", years=year_list)
    return frozenset(d for d in calendar_ if d.weekday() < 5)


def is_working_day(d: date, holidays: Collection[date]) -> bool:
    """Say whether ``d`` is a working day: Monday to Friday and not one of ``holidays``."""
    return d.weekday() < 5 and d not in holidays


def add_working_days(d: date, n: int, holidays: Collection[date]) -> date:
    """Return the ``n``-th working day after ``d`` (before it, if ``n`` is negative).

    ``d`` itself is not counted, so ``n = 0`` returns ``d`` unchanged.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        d += step
        if is_working_day(d, holidays):
            remaining -= 1
    return d


def last_working_day_on_or_before(d: date, holidays: Collection[date]) -> date:
    """Return ``d`` if it is a working day, otherwise the nearest working day before it."""
    while not is_working_day(d, holidays):
        d -= timedelta(days=1)
    return d


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Count the working-day steps from ``start`` to ``end``, the inverse of ``add_working_days``.

    Going forward this is the working days after ``start`` up to and including ``end``; going
    back it is minus the working days from ``end`` up to but not including ``start``. So
    ``add_working_days(start, working_days_between(start, end, h), h)`` is ``end`` whenever
    ``end`` is a working day.
    """
    if end < start:
        day = timedelta(days=1)
        return -working_days_between(end - day, start - day, holidays)
    full_weeks, extra_days = divmod((end - start).days, 7)
    count = full_weeks * 5
    for offset in range(1, extra_days + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    count -= sum(1 for h in set(holidays) if start < h <= end and h.weekday() < 5)
    return count


# Deadlines of a case, worked out from the dates on its letters.

MR = "mr"
APPEAL = "appeal"
DWP_RESPONSE = "dwp_response"
HEARING_7_DAYS = "hearing_7_days"
HEARING_1_DAY = "hearing_1_day"
MOTABILITY_RETURN = "motability_return"


@dataclass(frozen=True)
class CaseDates:
    """The dates of an appeal case that deadlines follow from (None where not yet known)."""

    decision_date: date | None = None
    statement_of_reasons_requested: bool = False
    mr_requested_date: date | None = None
    mr_notice_date: date | None = None
    appeal_lodged_date: date | None = None
    dwp_response_date: date | None = None
    hearing_date: date | None = None
    hearing_held: bool = False
    motability_customer: bool = False
    mobility_allowance_end_date: date | None = None


@dataclass(frozen=True)
class Planned:
    """A deadline the dates call for: when it is due, and the day it was done if it was."""

    due: date
    done_on: date | None = None


def planned_deadlines(
    dates: CaseDates, motability_weeks: int = MOTABILITY_RETURN_WEEKS
) -> dict[str, Planned]:
    """Every deadline the case's dates call for, keyed by kind.

    A deadline appears once the date it counts from is known: the MR limit from the decision
    date, the appeal limit from the MR notice, the DWP response from the appeal being lodged,
    hearing reminders (7 days and 1 day before) from the hearing date, and the Motability
    car-return date from the end of the mobility award of a Motability customer. ``done_on`` is
    the date of the step that meets it (MR requested, appeal lodged, response received,
    hearing held: a hearing reminder counts as met once the hearing has taken place).
    """
    plan: dict[str, Planned] = {}
    if dates.decision_date:
        plan[MR] = Planned(
            mr_due(dates.decision_date, dates.statement_of_reasons_requested),
            dates.mr_requested_date,
        )
    if dates.mr_notice_date:
        plan[APPEAL] = Planned(appeal_due(dates.mr_notice_date), dates.appeal_lodged_date)
    if dates.appeal_lodged_date:
        plan[DWP_RESPONSE] = Planned(
            dwp_response_due(dates.appeal_lodged_date), dates.dwp_response_date
        )
    if dates.hearing_date:
        week_before, day_before = hearing_reminder_dates(dates.hearing_date)
        plan[HEARING_7_DAYS] = Planned(week_before, week_before if dates.hearing_held else None)
        plan[HEARING_1_DAY] = Planned(day_before, day_before if dates.hearing_held else None)
    if dates.motability_customer and dates.mobility_allowance_end_date:
        plan[MOTABILITY_RETURN] = Planned(
            motability_return_date(dates.mobility_allowance_end_date, motability_weeks)
        )
    return plan
