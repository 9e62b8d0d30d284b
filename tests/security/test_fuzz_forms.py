"""Fuzzing the sign-in forms with hypothesis: whatever is typed, the answer is a page (never a
server error) and nothing is changed by a refused form."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SignedInClient
from tests.security.helpers import confirmed_device, password_only_client

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
typed = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["", " ", "\x00", "admin' OR '1'='1", "{{ 7*7 }}", "<script>", "%s%s%n"]),
)


@pytest.mark.django_db
@FUZZ
@given(username=typed, password=typed)
def test_login_form_never_errors(world, username, password):
    client = SignedInClient()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@FUZZ
@given(old=typed, new1=typed, new2=typed)
def test_password_change_form_never_errors_and_changes_nothing(world, password, old, new1, new2):
    client = SignedInClient()
    client.force_login(world.gp)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    assert get_user_model().objects.get(pk=world.gp.pk).check_password(password)


@pytest.mark.django_db
@FUZZ
@given(code=typed, next_url=typed)
def test_two_factor_code_form_never_errors(world, code, next_url):
    if not hasattr(world, "_device"):
        world._device = confirmed_device(world.gp)
    client = password_only_client(world.gp)
    response = client.post(reverse("two_factor_verify"), {"code": code, "next": next_url})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
@FUZZ
@given(
    user=typed,
    action=typed,
    date_from=typed,
    date_to=typed,
    patient=typed,
    page=typed,
)
def test_audit_log_filters_never_error(world, user, action, date_from, date_to, patient, page):
    client = SignedInClient()
    client.force_login(world.manager)
    params = {
        "user": user,
        "action": action,
        "date_from": date_from,
        "date_to": date_to,
        "patient": patient,
        "page": page,
    }
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
