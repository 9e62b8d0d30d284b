"""A reminder reaches the bell: a deadline due in a week, the scan that records reminders (run
here as the periodic task would run it), then the link worker reloads, sees the unread count on
the bell, opens the list and marks the reminder read."""

from datetime import date, datetime, timedelta

from django.urls import reverse
from playwright.sync_api import expect

from appeals.models import DeadlineKind
from linkwork.reminders.models import Notification
from linkwork.reminders.schedule import LONDON
from linkwork.reminders.services import reminders_scan
from tests.e2e.browser import (
    SMALL_SCREEN,
    assert_no_horizontal_scroll,
    assert_no_serious_axe_violations,
    sign_in,
)
from tests.factories import AppealCaseFactory, DeadlineFactory

# A Monday morning after the send hour, far from the dates factories compute from today.
TODAY = date(2027, 6, 14)
NOW = datetime(2027, 6, 14, 9, 0, tzinfo=LONDON)


def test_deadline_reminder_appears_in_the_bell_and_is_marked_read(page, live_server, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    DeadlineFactory(
        case=case,
        kind=DeadlineKind.TASK,
        due=TODAY + timedelta(days=7),
        label="Send the tribunal the GP letter",
    )
    sign_in(page, live_server, world.link_worker)
    bell = page.locator(".reminders-bell")
    expect(bell).to_be_visible()
    expect(bell.locator("[data-unread]")).to_have_count(0)

    result = reminders_scan(now=NOW)  # delivery runs on commit (eager in the test settings)
    assert len(result.recorded) == 1
    notification = Notification.objects.get(recipient=world.link_worker)

    page.reload()
    expect(bell.locator("[data-unread]")).to_have_text("1 unread")
    assert_no_serious_axe_violations(page)
    bell.click()
    page.wait_for_url(f"**{reverse('reminders:notifications')}")
    row = page.locator(f"#notification-{notification.pk}")
    expect(row).to_contain_text("Unread")
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(SMALL_SCREEN)
    assert_no_horizontal_scroll(page)

    row.get_by_role("button", name="Mark as read").click()
    expect(row.get_by_role("button", name="Mark as read")).to_have_count(0)
    expect(row).not_to_contain_text("Unread")
    notification.refresh_from_db()
    assert notification.is_read
    page.reload()
    expect(page.locator(".reminders-bell [data-unread]")).to_have_count(0)
