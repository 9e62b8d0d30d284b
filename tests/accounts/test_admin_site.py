import pytest
from django.urls import reverse

from tests.matrix import PERSONAS


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_admin_site_is_for_administrators_only(world, client, persona):
    client.force_login(world.personas()[persona])
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        if persona == "administrator":
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert response.headers["Location"].startswith(reverse("admin:login"))
