"""Report periods: plain date arithmetic, no ORM.

Quarters are calendar quarters (January, April, July, October), which are also the NHS
financial quarters; the financial year starts on 1 April.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

THIS_MONTH = "this_month"
LAST_MONTH = "last_month"
THIS_QUARTER = "this_quarter"
LAST_QUARTER = "last_quarter"
FINANCIAL_YEAR = "financial_year"
LAST_12_MONTHS = "last_12_months"
CUSTOM = "custom"

PERIOD_CHOICES = [
    (THIS_MONTH, "This month"),
    (LAST_MONTH, "Last month"),
    (THIS_QUARTER, "This quarter"),
    (LAST_QUARTER, "Last quarter"),
    (FINANCIAL_YEAR, "This financial year (from 1 April)"),
    (LAST_12_MONTHS, "Last 12 months"),
    (CUSTOM, "Choose dates"),
]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def period_dates(choice: str, today: date) -> tuple[date, date]:
    """First and last day (both included) of a named period. Periods that include today end
    today. Raises ``ValueError`` for ``custom`` or an unknown name."""
    if choice == THIS_MONTH:
        return _month_start(today), today
    if choice == LAST_MONTH:
        start = _add_months(today, -1)
        return start, _month_start(today) - timedelta(days=1)
    if choice == THIS_QUARTER:
        return _quarter_start(today), today
    if choice == LAST_QUARTER:
        this_quarter = _quarter_start(today)
        return _add_months(this_quarter, -3), this_quarter - timedelta(days=1)
    if choice == FINANCIAL_YEAR:
        year = today.year if today.month >= 4 else today.year - 1
        return date(year, 4, 1), today
    if choice == LAST_12_MONTHS:
        return _add_months(today, -11), today
    raise ValueError(f"Not a named period: {choice!r}")


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from ``start``'s month to ``end``'s month, in order."""
    months = []
    month = _month_start(start)
    while month <= end:
        months.append(month)
        month = _add_months(month, 1)
    return months


def year_before(end: date) -> date:
    """The first day of the 365-day year that ends on ``end`` (used for capacity)."""
    return end - timedelta(days=364)


def instants(start: date, end: date) -> tuple[datetime, datetime]:
    """The aware instants that bound the local days ``start`` to ``end`` (both included): the
    start of the first day and the start of the day after the last, in the current time zone.
    A timestamp falls on one of those days exactly when ``first <= timestamp < after``, which a
    database compares with an index on the column, where converting every timestamp to a local
    date cannot use one. Local midnight is on the right side of a change to or from summer
    time (the clocks change at 01:00 UTC), so a day of 23 or 25 hours is bounded exactly."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return first, after
