"""Sign-in lockout after repeated failed passwords (django-axes), and the ways to unlock."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from linkwork.accounts import services
from linkwork.audit.models import AuditAction, AuditEvent


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_until_locked(client, username, settings, ip="203.0.113.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "wrong-password-123", ip=ip)


@pytest.mark.django_db
def test_account_locks_after_the_failure_limit_even_for_the_right_password(
    world, password, settings
):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, world.gp.username, "wrong-password-123").status_code == 200
    response = attempt(client, world.gp.username, "wrong-password-123")
    assert response.status_code == 429
    response = attempt(client, world.gp.username, password)
    assert response.status_code == 429
    assert "Sign-in is locked for this account" in response.text
    assert f"paused for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in response.text
    assert "_auth_user_id" not in client.session
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_lockout_is_recorded_with_the_typed_username_and_address(world, settings):
    fail_until_locked(Client(), world.gp.username, settings)
    event = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).first()
    assert event is not None
    assert event.username == world.gp.username
    assert event.ip_address == "203.0.113.7"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= (
        settings.AXES_FAILURE_LIMIT
    )


@pytest.mark.django_db
def test_lockout_of_one_address_does_not_lock_the_user_out_elsewhere(world, password, settings):
    fail_until_locked(Client(), world.gp.username, settings, ip="203.0.113.7")
    response = attempt(Client(), world.gp.username, password, ip="198.51.100.20")
    assert response.status_code == 302


@pytest.mark.django_db
def test_administrator_unlocks_from_the_user_admin(world, client, password, settings):
    fail_until_locked(Client(), world.gp.username, settings)
    client.force_login(world.administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [world.gp.pk]},
        follow=True,
    )
    assert "Sign-in unlocked for 1 account" in response.text
    assert attempt(Client(), world.gp.username, password).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UNLOCKED)
    assert event.user == world.administrator
    assert event.object_id == str(world.gp.pk)


@pytest.mark.django_db
def test_unlock_service_and_management_command_clear_the_lock(world, password, settings):
    fail_until_locked(Client(), world.gp.username, settings)
    services.user_unlock(user=world.gp, by=world.administrator)
    assert attempt(Client(), world.gp.username, password).status_code == 302

    fail_until_locked(Client(), world.manager.username, settings)
    assert attempt(Client(), world.manager.username, password).status_code == 429
    call_command("axes_reset_username", world.manager.username)
    assert attempt(Client(), world.manager.username, password).status_code == 302


@pytest.mark.django_db
def test_successful_sign_in_clears_earlier_failures(world, password, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, world.gp.username, "wrong-password-123")
    assert attempt(client, world.gp.username, password).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, world.gp.username, "wrong-password-123")
    assert attempt(client, world.gp.username, password).status_code == 302


@pytest.mark.django_db
def test_resetting_the_password_by_email_lifts_the_lockout(world, settings, mailoutbox):
    world.gp.email = "gp@example.org"
    world.gp.save()
    fail_until_locked(Client(), world.gp.username, settings)
    client = Client()
    client.post(reverse("password_reset"), {"email": "gp@example.org"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/" in line).strip()
    form_page = client.get(link[link.index("/accounts/") :], follow=True)
    new_password = "tangerine-lighthouse-47"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert attempt(Client(), world.gp.username, new_password).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.UNLOCKED, user=world.gp).exists()
