"""Role home pages, sign-in, session lifetime and the health endpoint."""

import time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils.html import escape

from linkwork.accounts.middleware import SIGNED_IN_AT
from tests.factories import PatientFactory


@pytest.mark.django_db
def test_link_worker_home_lists_only_the_cases_they_hold(world, client):
    PatientFactory(practice=world.practice, holder=world.link_worker_not_holding)
    client.force_login(world.link_worker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [world.patient]
    assert escape(world.patient.full_name) in response.text


@pytest.mark.django_db
def test_link_worker_home_query_count_does_not_grow_with_caseload(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.link_worker)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("home"))
    PatientFactory.create_batch(20, practice=world.other_practice, holder=world.link_worker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    assert len(response.context["page"].object_list) == 21


@pytest.mark.django_db
def test_link_worker_with_no_cases_sees_what_to_do(world, client):
    client.force_login(world.link_worker_not_holding)
    response = client.get(reverse("home"))
    assert "You hold no cases yet" in response.text


@pytest.mark.django_db
def test_gp_home_is_the_statement_requests_page(world, client):
    client.force_login(world.gp)
    response = client.get(reverse("home"))
    assert "Support statements requested of you" in response.text
    assert world.practice.name in response.text


@pytest.mark.django_db
def test_manager_home_summarises_their_service_only(world, client):
    PatientFactory(practice=world.outside_practice)
    client.force_login(world.manager)
    response = client.get(reverse("home"))
    assert response.context["patients"]["active"] == 1
    assert response.context["staff"]["link_workers"] == 2
    assert world.outside_practice.name not in response.text


@pytest.mark.django_db
def test_administrator_home_is_the_admin_site(world, client):
    client.force_login(world.administrator)
    response = client.get(reverse("home"))
    assert response.headers["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_navigation_shows_administration_to_administrators_only(world, client):
    client.force_login(world.manager)
    assert reverse("admin:index") not in client.get(reverse("home")).text
    client.force_login(world.administrator)
    assert reverse("admin:index") in client.get(reverse("password_change")).text


@pytest.mark.django_db
def test_sign_in_with_password_alone_asks_for_two_factor_set_up(world, client, password):
    response = client.post(
        reverse("login"), {"username": world.gp.username, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert "Set up two-factor authentication" in response.text
    assert "Support statements requested of you" not in response.text


@pytest.mark.django_db
def test_wrong_password_shows_an_error_and_stays_signed_out(world, client):
    response = client.post(reverse("login"), {"username": world.gp.username, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_session_ends_after_the_absolute_limit_whatever_the_activity(world, client, settings):
    client.force_login(world.link_worker)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_session_cookie_expires_after_idle_minutes(world, client, settings):
    client.force_login(world.link_worker)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60


@pytest.mark.django_db
def test_password_reset_sends_a_link_by_email(world, client, mailoutbox):
    world.gp.email = "gp@example.org"
    world.gp.save()
    client.post(reverse("password_reset"), {"email": "gp@example.org"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() | {"version": None} == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "version": None,
    }
    assert response.headers["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_reports_unreachable_broker_as_503(client):
    with mock.patch("linkwork.accounts.views.broker_is_reachable", return_value=False):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"
