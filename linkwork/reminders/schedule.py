"""When reminders go out: plain functions of dates, no ORM and no I/O.

A deadline has a fixed sequence of **steps**, in the order they happen:

* ``before``: one per offset (default 14, 7, 2 and 0 days before the due date), each sent on
  the last working day on or before ``due - offset``, so a deadline on a weekend or an English
  bank holiday gets its "0 days" reminder on the working day before it;
* ``overdue``: the 1st, 2nd, ... nth working day after the due date (default 3);
* ``escalation``: the working day after the last overdue reminder, to the service's managers.

On a given local date the step that applies is the **latest** step whose send date has come.
A scan that ran late (or not at all for a few days) therefore sends the one reminder that is
right today, never the stale ones it missed: a deadline now 2 days away gets the "2 days"
reminder, not "14 days" and "7 days" as well. Steps that fall on the same day collapse into
the later one.

Reminders go out at a local hour (default 08:00, Europe/London): before that hour the
reminder date is still yesterday.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from appeals.deadlines import (
    add_working_days,
    english_bank_holidays,
    last_working_day_on_or_before,
)

LONDON = ZoneInfo("Europe/London")


class StepKind(StrEnum):
    BEFORE = "before"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


@dataclass(frozen=True, order=True)
class Step:
    """One reminder of a deadline. ``offset`` is the number of days before the due date for a
    ``before`` step, and minus the number of working days after it otherwise (the escalation
    is one working day after the last overdue reminder), so it names the step uniquely."""

    send_on: date
    order: int
    kind: StepKind
    offset: int


def steps_for(
    due: date,
    *,
    offsets: Iterable[int],
    overdue_days: int,
    holidays: Collection[date],
    with_overdue: bool = True,
) -> list[Step]:
    """Every step of a deadline due on ``due``, in the order they happen.

    ``with_overdue=False`` is for dates that are themselves reminders (e.g. "hearing in 7
    days"): nothing is overdue after them, so there are no overdue or escalation steps.
    """
    steps: list[Step] = []
    order = 0
    for offset in sorted({int(o) for o in offsets if int(o) >= 0}, reverse=True):
        send_on = last_working_day_on_or_before(due - timedelta(days=offset), holidays)
        steps.append(Step(send_on, order, StepKind.BEFORE, offset))
        order += 1
    if with_overdue:
        for n in range(1, overdue_days + 1):
            steps.append(Step(add_working_days(due, n, holidays), order, StepKind.OVERDUE, -n))
            order += 1
        escalate_on = add_working_days(due, overdue_days + 1, holidays)
        steps.append(Step(escalate_on, order, StepKind.ESCALATION, -(overdue_days + 1)))
    return steps


def step_due_on(
    due: date,
    today: date,
    *,
    offsets: Iterable[int],
    overdue_days: int,
    holidays: Collection[date],
    with_overdue: bool = True,
) -> Step | None:
    """The step that applies on ``today``: the latest one whose send date has come (or None
    before the first, and after the date of a deadline with no overdue steps)."""
    if not with_overdue and today > due:
        return None
    current = None
    for step in steps_for(
        due,
        offsets=offsets,
        overdue_days=overdue_days,
        holidays=holidays,
        with_overdue=with_overdue,
    ):
        if step.send_on <= today:
            current = step
    return current


def holidays_near(today: date) -> frozenset[date]:
    """English bank holidays of the years a scan on ``today`` can touch."""
    return english_bank_holidays(range(today.year - 1, today.year + 2))


def reminder_date(now: datetime, send_hour: int, tz: ZoneInfo = LONDON) -> date:
    """The local date whose reminders are due at the instant ``now``: today once the local
    clock has reached ``send_hour``, yesterday before it. Follows BST changes."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    local = now.astimezone(tz)
    return local.date() if local.hour >= send_hour else local.date() - timedelta(days=1)


def scan_window(today: date, *, offsets: Iterable[int], overdue_days: int) -> tuple[date, date]:
    """The due dates a scan on ``today`` must look at: any deadline outside this range has no
    step today that it could still be missing. Generous on both sides: bank holidays and
    weekends move a step by a few days at most."""
    longest = max([0, *(int(o) for o in offsets)])
    return (
        today - timedelta(days=2 * (overdue_days + 1) + 14),
        today + timedelta(days=longest + 7),
    )


def days_phrase(days_left: int) -> str:
    """Plain words for how far away a due date is."""
    if days_left > 1:
        return f"due in {days_left} days"
    if days_left == 1:
        return "due tomorrow"
    if days_left == 0:
        return "due today"
    if days_left == -1:
        return "overdue by 1 day"
    return f"overdue by {-days_left} days"
