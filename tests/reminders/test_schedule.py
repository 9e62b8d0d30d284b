"""The offset logic: which reminder applies on a local date, across weekends, English bank
holidays, missed scans and BST changes."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appeals.deadlines import english_bank_holidays, is_working_day, last_working_day_on_or_before
from linkwork.reminders.schedule import (
    LONDON,
    StepKind,
    days_phrase,
    reminder_date,
    scan_window,
    step_due_on,
    steps_for,
)

HOLIDAYS = english_bank_holidays(range(2019, 2033))
OFFSETS = (14, 7, 2, 0)
dues = st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31))
offset_sets = st.sets(st.integers(min_value=0, max_value=30), max_size=5)


def _step(due, today, offsets=OFFSETS, overdue_days=3, with_overdue=True):
    return step_due_on(
        due,
        today,
        offsets=offsets,
        overdue_days=overdue_days,
        holidays=HOLIDAYS,
        with_overdue=with_overdue,
    )


def test_tuesday_deadline_gets_each_default_reminder_on_its_day():
    due = date(2026, 6, 16)  # a Tuesday
    sent = {
        s.offset: s.send_on
        for s in steps_for(due, offsets=OFFSETS, overdue_days=3, holidays=HOLIDAYS)
    }
    assert sent[14] == date(2026, 6, 2)
    assert sent[7] == date(2026, 6, 9)
    assert sent[2] == date(2026, 6, 12)  # Sunday 14th moves back to Friday
    assert sent[0] == due
    assert sent[-1] == date(2026, 6, 17)
    assert sent[-3] == date(2026, 6, 19)
    assert sent[-4] == date(2026, 6, 22)  # escalation on the next working day, a Monday


def test_deadline_on_a_saturday_is_reminded_on_the_friday():
    step = _step(date(2026, 6, 20), date(2026, 6, 19))
    assert (step.kind, step.offset) == (StepKind.BEFORE, 0)


def test_deadline_on_easter_monday_is_reminded_on_the_thursday_before_good_friday():
    # Good Friday 3 April 2026 and Easter Monday 6 April 2026 are English bank holidays.
    due = date(2026, 4, 6)
    assert _step(due, date(2026, 4, 2)).offset == 0
    assert _step(due, date(2026, 4, 1)).offset != 0


def test_late_scan_sends_the_reminder_that_applies_now_not_stale_ones():
    due = date(2026, 6, 16)
    # The scans of the last 13 days never ran; two days before, the "2 days" reminder applies.
    step = _step(due, date(2026, 6, 14))
    assert (step.kind, step.offset) == (StepKind.BEFORE, 2)


def test_nothing_applies_before_the_first_reminder():
    assert _step(date(2026, 6, 30), date(2026, 6, 1)) is None


def test_a_date_only_deadline_has_no_overdue_or_escalation():
    due = date(2026, 6, 16)
    steps = steps_for(due, offsets=(0,), overdue_days=3, holidays=HOLIDAYS, with_overdue=False)
    assert [(s.kind, s.offset) for s in steps] == [(StepKind.BEFORE, 0)]
    assert _step(due, due, offsets=(0,), with_overdue=False).offset == 0
    assert _step(due, due + timedelta(days=1), offsets=(0,), with_overdue=False) is None


@given(due=dues, today_offset=st.integers(-40, 40), offsets=offset_sets)
def test_the_step_that_applies_is_the_latest_whose_day_has_come(due, today_offset, offsets):
    today = due + timedelta(days=today_offset)
    steps = steps_for(due, offsets=offsets, overdue_days=3, holidays=HOLIDAYS)
    chosen = _step(due, today, offsets=offsets)
    started = [s for s in steps if s.send_on <= today]
    if not started:
        assert chosen is None
        return
    assert chosen == started[-1]
    assert all(s.send_on > today for s in steps[steps.index(chosen) + 1 :])


@given(due=dues, offsets=offset_sets)
def test_steps_happen_in_order_on_working_days(due, offsets):
    steps = steps_for(due, offsets=offsets, overdue_days=3, holidays=HOLIDAYS)
    assert [s.send_on for s in steps] == sorted(s.send_on for s in steps)
    assert all(is_working_day(s.send_on, HOLIDAYS) for s in steps)
    for step in steps:
        if step.kind == StepKind.BEFORE:
            assert step.send_on <= due - timedelta(days=step.offset)
        else:
            assert step.send_on > due


@given(due=dues)
def test_the_zero_day_reminder_is_the_last_working_day_on_or_before_the_due_date(due):
    zero = next(
        s for s in steps_for(due, offsets=(0,), overdue_days=3, holidays=HOLIDAYS) if s.offset == 0
    )
    assert zero.send_on == last_working_day_on_or_before(due, HOLIDAYS)
    days_between = (due - zero.send_on).days
    assert all(
        not is_working_day(zero.send_on + timedelta(days=n), HOLIDAYS)
        for n in range(1, days_between + 1)
    )


@given(
    due=dues,
    offsets=offset_sets,
    skipped=st.sets(st.integers(-35, 20), max_size=30),
)
def test_daily_scans_with_gaps_send_each_step_at_most_once_and_in_order(due, offsets, skipped):
    """Simulates the scan (record a step once per deadline) over 55 days, some days missed."""
    recorded = []
    for n in range(-35, 20):
        if n in skipped:
            continue
        step = _step(due, due + timedelta(days=n), offsets=offsets)
        if step is not None and step not in recorded:
            recorded.append(step)
    assert recorded == sorted(recorded)
    assert len(recorded) == len(set(recorded))
    last_day = max((n for n in range(-35, 20) if n not in skipped), default=None)
    if last_day is not None:
        final = _step(due, due + timedelta(days=last_day), offsets=offsets)
        assert (recorded[-1] if recorded else None) == final


@given(due=dues, today_offset=st.integers(-40, 40))
def test_the_scan_window_holds_every_deadline_with_a_step_today(due, today_offset):
    today = due + timedelta(days=today_offset)
    start, end = scan_window(today, offsets=OFFSETS, overdue_days=3)
    step = _step(due, today)
    # Inside the window: any step. Outside: only an escalation long past, already sent.
    if not start <= due <= end:
        assert step is None or (step.kind == StepKind.ESCALATION and step.send_on < today)


def test_first_overdue_reminder_after_christmas_eve_waits_for_the_29th():
    # Christmas Day is a Friday in 2026; Boxing Day's substitute holiday is Monday the 28th.
    step = _step(date(2026, 12, 24), date(2026, 12, 29))
    assert (step.kind, step.offset, step.send_on) == (StepKind.OVERDUE, -1, date(2026, 12, 29))
    assert _step(date(2026, 12, 24), date(2026, 12, 28)).kind == StepKind.BEFORE


# The local hour and BST


def test_reminders_of_a_day_start_at_the_local_send_hour_in_winter():
    assert reminder_date(datetime(2026, 1, 15, 7, 59, tzinfo=UTC), 8) == date(2026, 1, 14)
    assert reminder_date(datetime(2026, 1, 15, 8, 0, tzinfo=UTC), 8) == date(2026, 1, 15)


def test_reminders_of_a_day_start_at_the_local_send_hour_in_summer():
    # 07:00 UTC is 08:00 BST.
    assert reminder_date(datetime(2026, 7, 15, 6, 59, tzinfo=UTC), 8) == date(2026, 7, 14)
    assert reminder_date(datetime(2026, 7, 15, 7, 0, tzinfo=UTC), 8) == date(2026, 7, 15)


def test_the_day_the_clocks_go_forward_and_back():
    # 29 March 2026: clocks go forward at 01:00 UTC. 07:00 UTC is already 08:00 BST.
    assert reminder_date(datetime(2026, 3, 29, 7, 0, tzinfo=UTC), 8) == date(2026, 3, 29)
    assert reminder_date(datetime(2026, 3, 28, 7, 0, tzinfo=UTC), 8) == date(2026, 3, 27)
    # 25 October 2026: clocks go back at 01:00 UTC. 07:30 UTC is 07:30 GMT, still yesterday.
    assert reminder_date(datetime(2026, 10, 25, 7, 30, tzinfo=UTC), 8) == date(2026, 10, 24)
    assert reminder_date(datetime(2026, 10, 24, 7, 30, tzinfo=UTC), 8) == date(2026, 10, 24)


@settings(max_examples=300)
@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
        max_value=datetime(2032, 1, 1),  # noqa: DTZ001
    ),
    hour=st.integers(0, 23),
)
def test_reminder_date_follows_the_london_wall_clock(moment, hour):
    now = moment.replace(tzinfo=UTC)
    local = now.astimezone(LONDON)
    result = reminder_date(now, hour)
    assert result == (local.date() if local.hour >= hour else local.date() - timedelta(days=1))
    # Exactly one reminder date per local day: an hour later never goes back a day.
    assert reminder_date(now + timedelta(hours=1), hour) >= result


def test_reminder_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        reminder_date(datetime(2026, 1, 1, 9, 0), 8)  # noqa: DTZ001


def test_days_phrase_reads_naturally():
    assert [days_phrase(n) for n in (7, 1, 0, -1, -3)] == [
        "due in 7 days",
        "due tomorrow",
        "due today",
        "overdue by 1 day",
        "overdue by 3 days",
    ]


@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
        max_value=datetime(2032, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from(
            [UTC, LONDON, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]
        ),
    ),
)
def test_reminder_date_depends_on_the_instant_not_the_time_zone_it_is_given_in(moment):
    in_utc = moment.astimezone(UTC)

    assert reminder_date(moment, 8) == reminder_date(in_utc, 8)
