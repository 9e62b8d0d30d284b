"""Passwords: changing one ends every other session; weak passwords are refused."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from linkwork.audit.models import AuditAction, AuditEvent
from tests.conftest import SignedInClient

NEW_PASSWORD = "tangerine-lighthouse-47"


@pytest.mark.django_db
def test_password_change_signs_out_every_other_session(world, password):
    here, elsewhere = SignedInClient(), SignedInClient()
    here.force_login(world.link_worker)
    elsewhere.force_login(world.link_worker)
    assert elsewhere.get(reverse("password_change")).status_code == 200

    response = here.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.headers["Location"] == reverse("password_change_done")

    assert here.get(reverse("password_change")).status_code == 200
    response = elsewhere.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert event.user == world.link_worker


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short-1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("481516234200", "This password is entirely numeric."),
    ],
)
def test_weak_new_passwords_are_refused_with_a_reason(
    world, client, password, new_password, message
):
    client.force_login(world.gp)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    user = get_user_model().objects.get(pk=world.gp.pk)
    assert user.check_password(password)


@pytest.mark.django_db
def test_password_reset_by_email_link_is_recorded(world, client, mailoutbox):
    world.gp.email = "gp@example.org"
    world.gp.save()
    anonymous = SignedInClient()
    anonymous.post(reverse("password_reset"), {"email": "gp@example.org"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/" in line).strip()
    path = link[link.index("/accounts/") :]
    form_page = anonymous.get(path, follow=True)
    response = anonymous.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.headers["Location"] == reverse("password_reset_complete")
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert event.user == world.gp
