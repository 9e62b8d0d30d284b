import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from linkwork.accounts.demo import DEMO_TOTP_SECRET
from linkwork.demo import DEMO_PASSWORD


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "patients", "referrals", "appeals"}
    }


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo", force=True)
    first = row_counts()
    assert DEMO_PASSWORD in capsys.readouterr().out
    call_command("seed_demo", force=True)
    assert row_counts() == first
    assert "nothing added" in capsys.readouterr().out
    assert first["accounts.User"] == 7
    assert first["accounts.Practice"] == 3


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_demo_users_can_sign_in(client):
    call_command("seed_demo", force=True)
    for username in ("alex", "drpatel", "manager", "admin"):
        assert client.login(username=username, password=DEMO_PASSWORD), username


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["alex", "drpatel", "manager", "admin"])
def test_demo_users_pass_two_factor_with_the_published_demo_code(username, capsys):
    call_command("seed_demo", force=True)
    assert DEMO_TOTP_SECRET in capsys.readouterr().out
    client = Client()
    client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert client.get(reverse("home")).headers["Location"].startswith(reverse("two_factor_verify"))
    call_command("demo_code")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6
    assert code.isdigit()
    response = client.post(reverse("two_factor_verify"), {"code": code})
    assert response.headers["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code in {200, 302}
    assert (
        not client.get(reverse("home"))
        .headers.get("Location", "")
        .startswith(reverse("two_factor_verify"))
    )


def test_demo_secret_is_the_published_rfc_6238_test_secret():
    assert DEMO_TOTP_SECRET == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
