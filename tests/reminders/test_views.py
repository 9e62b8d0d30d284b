"""The bell, the notification list, marking read, and the reminder settings page."""

import pytest
from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.reminders.models import ReminderPreference
from tests.factories import NotificationFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def test_bell_shows_the_unread_count(world, client):
    NotificationFactory.create_batch(3, recipient=world.link_worker)
    NotificationFactory(recipient=world.link_worker, read=True)
    NotificationFactory(recipient=world.manager)
    client.force_login(world.link_worker)

    response = client.get(reverse("reminders:bell"))

    assert response.status_code == 200
    assert 'data-unread="3"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_bell_is_empty_with_nothing_unread(world, client):
    client.force_login(world.gp)

    assert "badge" not in client.get(reverse("reminders:bell")).content.decode()


def test_every_page_loads_the_bell_count_with_htmx(world, client):
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:preferences")).content.decode()

    assert f'hx-get="{reverse("reminders:bell")}"' in page
    assert "<script>" not in page


def test_list_shows_only_the_users_own_unread_notifications(world, client):
    NotificationFactory(recipient=world.link_worker, title="J.S.: Task, due in 7 days")
    NotificationFactory(recipient=world.link_worker, title="A.B.: Old one", read=True)
    NotificationFactory(recipient=world.link_worker_not_holding, title="X.Y.: Not mine")
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:notifications")).content.decode()

    assert "J.S.: Task, due in 7 days" in page
    assert "A.B.: Old one" not in page
    assert "X.Y.: Not mine" not in page
    everything = client.get(reverse("reminders:notifications"), {"show": "all"}).content.decode()
    assert "A.B.: Old one" in everything


def test_list_is_audited_and_not_cached(world, client):
    client.force_login(world.link_worker)

    response = client.get(reverse("reminders:notifications"))

    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(user=world.link_worker, detail="Notifications").exists()


def test_list_search_finds_by_initials(world, client):
    NotificationFactory(recipient=world.link_worker, title="J.S.: Task, due in 7 days")
    NotificationFactory(recipient=world.link_worker, title="K.L.: Motability car return")
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:notifications"), {"q": "K.L."}).content.decode()

    assert "K.L.: Motability" in page
    assert "J.S.: Task" not in page
    nothing = client.get(reverse("reminders:notifications"), {"q": "Z.Z."}).content.decode()
    assert "No notifications match your search" in nothing


def test_empty_list_says_so(world, client):
    client.force_login(world.manager)

    assert (
        "You are all caught up" in client.get(reverse("reminders:notifications")).content.decode()
    )


def test_list_shows_the_delivery_status_of_each_reminder(world, client):
    sent = ReminderFactory(recipient=world.link_worker, sent=True)
    failed = ReminderFactory(recipient=world.link_worker, failed=True)
    NotificationFactory(recipient=world.link_worker, reminder=sent, title="Sent one")
    NotificationFactory(recipient=world.link_worker, reminder=failed, title="Failed one")
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:notifications")).content.decode()

    assert "Email sent" in page
    assert "Email failed: Email not sent: SMTPRecipientsRefused" in page


def test_list_is_paginated(world, client):
    NotificationFactory.create_batch(30, recipient=world.link_worker)
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:notifications")).content.decode()

    assert "Page 1 of 2" in page


@pytest.mark.parametrize("count", [3, 25])
def test_list_query_count_is_flat(world, client, django_assert_max_num_queries, count):
    for _ in range(count):
        reminder = ReminderFactory(recipient=world.link_worker, sent=True)
        NotificationFactory(recipient=world.link_worker, reminder=reminder)
    client.force_login(world.link_worker)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("reminders:notifications"))

    assert response.status_code == 200


def test_mark_read(world, client):
    notification = NotificationFactory(recipient=world.link_worker)
    client.force_login(world.link_worker)

    response = client.post(reverse("reminders:read", kwargs={"pk": notification.pk}))

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_read_with_htmx_returns_the_row(world, client):
    notification = NotificationFactory(recipient=world.link_worker, title="J.S.: Task")
    client.force_login(world.link_worker)

    response = client.post(
        reverse("reminders:read", kwargs={"pk": notification.pk}), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in response.content.decode()
    assert "Mark as read" not in response.content.decode()


def test_open_marks_read_and_goes_to_the_case(world, client):
    notification = NotificationFactory(recipient=world.link_worker, link="/appeals/")
    client.force_login(world.link_worker)

    response = client.post(reverse("reminders:read", kwargs={"pk": notification.pk}), {"open": "1"})

    assert response["Location"] == "/appeals/"


def test_mark_read_ignores_an_outside_next_address(world, client):
    notification = NotificationFactory(recipient=world.link_worker)
    client.force_login(world.link_worker)

    response = client.post(
        reverse("reminders:read", kwargs={"pk": notification.pk}),
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("reminders:notifications")


@pytest.mark.parametrize(
    "persona", ["link_worker_not_holding", "gp_other_practice", "manager", "administrator"]
)
def test_someone_elses_notification_is_404(world, client, persona):
    notification = NotificationFactory(recipient=world.link_worker)
    client.force_login(world.personas()[persona])

    response = client.post(reverse("reminders:read", kwargs={"pk": notification.pk}))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_touches_only_the_users_own(world, client):
    NotificationFactory.create_batch(2, recipient=world.link_worker)
    other = NotificationFactory(recipient=world.manager)
    client.force_login(world.link_worker)

    client.post(reverse("reminders:read_all"))

    assert not world.link_worker.notifications.filter(read_at__isnull=True).exists()
    other.refresh_from_db()
    assert not other.is_read


# Preferences


def test_preferences_show_the_defaults(world, client):
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:preferences")).content.decode()

    assert "14 days before" in page
    assert "On the day it is due" in page
    assert "checked" in page


def test_preferences_save(world, client):
    client.force_login(world.link_worker)

    response = client.post(reverse("reminders:preferences"), {"offsets": ["7", "0"]})

    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=world.link_worker)
    assert (preference.offsets, preference.email_enabled) == ([7, 0], False)


def test_preferences_refuse_a_day_not_offered_with_an_error_summary(world, client):
    client.force_login(world.link_worker)

    response = client.post(
        reverse("reminders:preferences"), {"offsets": ["5"], "email_enabled": "on"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose from the days listed." in page
    assert not ReminderPreference.objects.exists()


def test_gp_preferences_speak_of_statements(world, client):
    client.force_login(world.gp)

    assert (
        "supporting statements asked of you"
        in client.get(reverse("reminders:preferences")).content.decode()
    )


def test_the_bell_does_not_poll_so_an_idle_session_still_ends(world, client):
    client.force_login(world.link_worker)

    page = client.get(reverse("reminders:notifications")).content.decode()

    bell = reverse("reminders:bell")
    assert f'hx-get="{bell}" hx-trigger="load" hx-swap="innerHTML"' in page
