"""The demo data gives the demo people reminders under the bell, once."""

import pytest
from django.core.management import call_command

from linkwork.reminders.models import Notification, Reminder

pytestmark = pytest.mark.django_db


def test_demo_people_get_notifications_and_a_second_seed_adds_none():
    call_command("seed_demo", force=True)
    reminders, notifications = Reminder.objects.count(), Notification.objects.count()

    call_command("seed_demo", force=True)

    assert reminders > 0
    assert notifications > 0
    assert (Reminder.objects.count(), Notification.objects.count()) == (reminders, notifications)
