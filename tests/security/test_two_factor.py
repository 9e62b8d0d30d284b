"""Two-factor authentication: required per role, set up with a QR code, checked at every
sign-in, throttled, resettable."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts import services, two_factor
from linkwork.audit.models import AuditAction, AuditEvent
from tests.matrix import PERSONAS
from tests.security.helpers import code_for, confirmed_device, password_only_client

SIGNED_IN_PERSONAS = [p for p in PERSONAS if p != "anonymous"]


def sign_in_with_password(client, user, password):
    return client.post(reverse("login"), {"username": user.username, "password": password})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", SIGNED_IN_PERSONAS)
def test_unverified_session_of_every_role_is_sent_to_the_code_page(world, persona):
    client = password_only_client(world.personas()[persona])
    for url in (reverse("home"), reverse("password_change"), reverse("audit:log")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert (
            response.headers["Location"]
            == f"{reverse('two_factor_verify')}?next={url.replace('/', '%2F')}"
        )


@pytest.mark.django_db
def test_unverified_session_cannot_reach_patient_data_or_the_admin(world):
    client = password_only_client(world.administrator)
    for url in (reverse("admin:index"), reverse("audit:patient_access", args=[world.patient.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
def test_unverified_htmx_request_is_sent_to_the_code_page_as_a_whole_page(world):
    client = password_only_client(world.gp)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
def test_roles_left_out_of_the_setting_sign_in_with_a_password_alone(world, settings):
    settings.OTP_REQUIRED_ROLES = ["administrator"]
    assert password_only_client(world.gp).get(reverse("home")).status_code == 200
    assert password_only_client(world.administrator).get(reverse("home")).status_code == 302
    assert (
        password_only_client(world.administrator)
        .get(reverse("home"))
        .headers["Location"]
        .startswith(reverse("two_factor_verify"))
    )


@pytest.mark.django_db
def test_public_pages_and_sign_out_work_before_the_code(world):
    client = password_only_client(world.gp)
    assert client.get(reverse("healthz")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_first_sign_in_sets_up_the_authenticator_with_a_qr_code(world, password):
    client = Client()
    response = sign_in_with_password(client, world.gp, password)
    assert response.headers["Location"] == reverse("home")
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    page = response.text
    assert "<svg" in page
    assert 'role="img"' in page
    device = TOTPDevice.objects.get(user=world.gp)
    assert not device.confirmed
    assert two_factor.base32_secret(device) in page
    assert 'src="data:' not in page

    response = client.post(
        reverse("two_factor_setup"), {"code": code_for(device), "next": reverse("home")}
    )
    assert response.headers["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(user=world.gp, action=AuditAction.TWO_FACTOR_ENROLLED).exists()


@pytest.mark.django_db
def test_wrong_code_at_set_up_leaves_the_device_unconfirmed(world):
    client = password_only_client(world.gp)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert "There is a problem" in response.text
    assert not TOTPDevice.objects.get(user=world.gp).confirmed
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(user=world.gp, action=AuditAction.TWO_FACTOR_FAILED).exists()


@pytest.mark.django_db
def test_set_up_page_sends_an_enrolled_user_to_the_code_page(world):
    confirmed_device(world.gp)
    client = password_only_client(world.gp)
    response = client.get(reverse("two_factor_setup"))
    assert response.headers["Location"] == reverse("two_factor_verify")


@pytest.mark.django_db
def test_code_after_password_opens_the_requested_page(world, password):
    device = confirmed_device(world.manager)
    client = Client()
    sign_in_with_password(client, world.manager, password)
    response = client.get(reverse("audit:log"))
    assert response.headers["Location"] == f"{reverse('two_factor_verify')}?next=%2Faudit%2F"
    page = client.get(response.headers["Location"])
    assert 'value="/audit/"' in page.text
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "/audit/"}
    )
    assert response.headers["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert AuditEvent.objects.filter(
        user=world.manager, action=AuditAction.TWO_FACTOR_PASSED
    ).exists()


@pytest.mark.django_db
def test_next_pointing_off_site_goes_home_instead(world):
    device = confirmed_device(world.gp)
    client = password_only_client(world.gp)
    response = client.post(
        reverse("two_factor_verify"),
        {"code": code_for(device), "next": "https://evil.example/phish"},
    )
    assert response.headers["Location"] == reverse("home")


@pytest.mark.django_db
def test_a_code_is_accepted_once_only(world):
    device = confirmed_device(world.gp)
    code = code_for(device)
    first = password_only_client(world.gp)
    assert first.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    second = password_only_client(world.gp)
    response = second.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "That code is not right" in response.text


@pytest.mark.django_db
def test_every_password_sign_in_asks_for_a_new_code(world, password):
    device = confirmed_device(world.gp)
    client = Client()
    sign_in_with_password(client, world.gp, password)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    sign_in_with_password(client, world.gp, password)
    response = client.get(reverse("home"))
    assert response.headers["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the six-digit code"),
        ("12ab56", "Enter the code as six digits"),
        ("\uff11\uff12\uff13\uff14\uff15\uff16", "Enter the code as six digits"),
        ("1234567", "Enter the code as six digits"),
    ],
)
def test_malformed_codes_get_a_plain_message(world, typed, message):
    confirmed_device(world.gp)
    client = password_only_client(world.gp)
    response = client.post(reverse("two_factor_verify"), {"code": typed})
    assert response.status_code == 200
    assert message in response.text


@pytest.mark.django_db
def test_code_with_spaces_is_accepted(world):
    device = confirmed_device(world.gp)
    code = code_for(device)
    client = password_only_client(world.gp)
    response = client.post(reverse("two_factor_verify"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.headers["Location"] == reverse("home")


@pytest.mark.django_db
def test_repeated_wrong_codes_are_throttled_even_with_the_right_code(world):
    device = confirmed_device(world.gp)
    client = password_only_client(world.gp)
    for _ in range(3):
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.text
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_reset_removes_the_device_and_ends_the_users_sessions(world):
    device = confirmed_device(world.gp)
    signed_in = password_only_client(world.gp)
    signed_in.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert signed_in.get(reverse("home")).status_code == 200
    services.two_factor_reset(user=world.gp, by=world.administrator)
    assert not TOTPDevice.objects.filter(user=world.gp).exists()
    response = signed_in.get(reverse("home"))
    assert response.headers["Location"].startswith(reverse("login"))
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert event.user == world.administrator
    assert event.object_id == str(world.gp.pk)


@pytest.mark.django_db
def test_administrator_resets_two_factor_from_the_user_admin(world, client):
    confirmed_device(world.gp)
    client.force_login(world.administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [world.gp.pk]},
        follow=True,
    )
    assert "Two-factor authentication reset for 1 account" in response.text
    assert not TOTPDevice.objects.filter(user=world.gp).exists()


@pytest.mark.django_db
def test_the_admin_never_shows_a_users_secret(world, client):
    device = confirmed_device(world.gp)
    client.force_login(world.administrator)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.text
    assert two_factor.base32_secret(device).replace(" ", "") not in page.text
    config = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))
    assert config.status_code == 403


@pytest.mark.django_db
def test_code_page_shows_no_navigation_until_the_code_is_passed(world):
    confirmed_device(world.manager)
    client = password_only_client(world.manager)
    page = client.get(reverse("two_factor_verify"))
    assert page.context["nav_items"] == []
    assert f'href="{reverse("audit:log")}"' not in page.text


@pytest.mark.django_db
def test_notification_bell_waits_until_the_code_is_entered(world, client):
    bell = reverse("reminders:bell")
    pending = password_only_client(world.link_worker)
    assert bell not in pending.get(reverse("two_factor_verify")).text
    client.force_login(world.link_worker)
    assert bell in client.get(reverse("password_change")).text
