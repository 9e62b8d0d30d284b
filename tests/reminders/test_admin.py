"""Administrators see every reminder's delivery status in the admin and can send a failed one
again; nobody else reaches these pages."""

import pytest
from django.urls import reverse

from linkwork.reminders.models import ReminderStatus
from tests.factories import NotificationFactory, ReminderFactory, ReminderPreferenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:reminders_reminder_changelist",
        "admin:reminders_notification_changelist",
        "admin:reminders_reminderpreference_changelist",
    ],
)
def test_administrator_sees_the_lists(world, client, url_name):
    ReminderFactory(failed=True)
    NotificationFactory()
    ReminderPreferenceFactory()
    client.force_login(world.administrator)

    response = client.get(reverse(url_name))

    assert response.status_code == 200


def test_delivery_status_and_reason_are_listed(world, client):
    ReminderFactory(failed=True)
    client.force_login(world.administrator)

    page = client.get(
        reverse("admin:reminders_reminder_changelist"), {"status__exact": "failed"}
    ).content.decode()

    assert "Email not sent: SMTPRecipientsRefused" in page


def test_send_again_action_delivers_a_failed_reminder(
    world, client, django_capture_on_commit_callbacks
):
    reminder = ReminderFactory(failed=True)
    client.force_login(world.administrator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:reminders_reminder_changelist"),
            {"action": "send_again", "_selected_action": [str(reminder.pk)]},
        )

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT


@pytest.mark.parametrize("persona", ["link_worker", "manager", "gp"])
def test_other_roles_cannot_open_the_reminder_admin(world, client, persona):
    client.force_login(world.personas()[persona])

    response = client.get(reverse("admin:reminders_reminder_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
