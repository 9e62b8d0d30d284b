import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

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
