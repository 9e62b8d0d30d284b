"""The audit log: an event for each action recorded here, append-only everywhere, and the
pages that read it."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import AuditAction, AuditEvent
from linkwork.audit.services import audit_record
from tests.factories import PatientFactory


def event(**fields) -> AuditEvent:
    return AuditEvent.objects.create(**fields)


# Sign-in events -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_is_recorded_with_user_and_address(world, password):
    Client().post(
        reverse("login"),
        {"username": world.link_worker.username, "password": password},
        REMOTE_ADDR="192.0.2.10",
    )
    recorded = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert recorded.user == world.link_worker
    assert recorded.ip_address == "192.0.2.10"
    assert recorded.service_id == world.service.pk


@pytest.mark.django_db
def test_sign_out_is_recorded(world, client):
    client.force_login(world.gp)
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.11")
    recorded = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert recorded.user == world.gp
    assert recorded.ip_address == "192.0.2.11"


@pytest.mark.django_db
def test_failed_sign_in_is_recorded_by_the_username_typed_never_the_password(world):
    Client().post(
        reverse("login"),
        {"username": world.manager.username, "password": "guess-number-one"},
        REMOTE_ADDR="192.0.2.12",
    )
    Client().post(reverse("login"), {"username": "nobody-here", "password": "guess-two"})
    known, unknown = (
        AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED, username=name)
        for name in (world.manager.username, "nobody-here")
    )
    assert known.user is None
    assert known.ip_address == "192.0.2.12"
    assert known.service_id == world.service.pk
    assert unknown.service_id is None
    stored = AuditEvent.objects.values_list("detail", "username", "object_id")
    assert not any("guess" in value for row in stored for value in row)


@pytest.mark.django_db
def test_failed_sign_in_with_control_characters_is_stored_cleanly(world):
    response = Client().post(reverse("login"), {"username": "bad\x07name\x1b", "password": "x"})
    assert response.status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).username == "badname"
    response = Client().post(reverse("login"), {"username": "nul\x00byte", "password": "x"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.text


@pytest.mark.django_db
def test_views_of_patient_data_record_the_patient(world, rf):
    request = rf.get("/", REMOTE_ADDR="not-an-address")
    request.user = world.link_worker
    recorded = audit_record(request=request, action=AuditAction.VIEW, obj=world.patient)
    assert recorded.patient_id == world.patient.pk
    assert recorded.object_type == "patients.Patient"
    assert recorded.ip_address is None
    assert recorded.service_id == world.service.pk


# Append-only -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_orm(world):
    recorded = event(action=AuditAction.VIEW, username="x")
    recorded.detail = "changed"
    with pytest.raises(PermissionError):
        recorded.save()
    with pytest.raises(PermissionError):
        recorded.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=recorded.pk).update(detail="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_updates_and_deletes(world):
    recorded = event(action=AuditAction.VIEW, username="x")
    for sql in (
        "UPDATE audit_auditevent SET detail = 'changed' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [recorded.pk])
    assert AuditEvent.objects.get(pk=recorded.pk).detail == ""


@pytest.mark.django_db
def test_admin_shows_the_log_read_only_even_to_superusers(world, client):
    recorded = event(action=AuditAction.VIEW, username="someone", detail="Opened the record")
    client.force_login(world.administrator)
    changelist = client.get(reverse("admin:audit_auditevent_changelist"), {"q": "someone"})
    assert changelist.status_code == 200
    assert "Opened the record" in changelist.text
    assert 'name="action"' not in changelist.text
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        client.get(reverse("admin:audit_auditevent_delete", args=[recorded.pk])).status_code == 403
    )
    detail = client.get(reverse("admin:audit_auditevent_change", args=[recorded.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text
    response = client.post(
        reverse("admin:audit_auditevent_change", args=[recorded.pk]), {"detail": "changed"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=recorded.pk).detail == "Opened the record"


# The audit log page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_manager_sees_their_service_and_their_patients_only(world, client):
    other_patient = PatientFactory(practice=world.outside_practice)
    staff_login = event(
        action=AuditAction.LOGIN, user=world.link_worker, service_id=world.service.pk
    )
    gp_view = event(action=AuditAction.VIEW, user=world.gp, patient_id=world.patient.pk)
    outside_view = event(
        action=AuditAction.VIEW,
        user=world.link_worker_other_service,
        service_id=world.other_service.pk,
        patient_id=other_patient.pk,
    )
    anonymous_failure = event(action=AuditAction.LOGIN_FAILED, username="nobody")
    client.force_login(world.manager)
    shown = set(client.get(reverse("audit:log")).context["page"].object_list)
    assert {staff_login, gp_view} <= shown
    assert outside_view not in shown
    assert anonymous_failure not in shown

    client.force_login(world.administrator)
    shown = set(client.get(reverse("audit:log")).context["page"].object_list)
    assert {staff_login, gp_view, outside_view, anonymous_failure} <= shown


@pytest.mark.django_db
def test_filters_narrow_the_log(world, client):
    forty_days_ago = timezone.now() - datetime.timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=forty_days_ago):
        old = event(
            action=AuditAction.VIEW,
            user=world.gp,
            username=world.gp.username,
            patient_id=world.patient.pk,
        )
    recent = event(
        action=AuditAction.LOGIN,
        user=world.link_worker,
        username=world.link_worker.username,
        service_id=world.service.pk,
    )
    client.force_login(world.administrator)

    def shown(**params):
        response = client.get(reverse("audit:log"), params)
        assert response.status_code == 200
        return set(response.context["page"].object_list)

    assert recent in shown(user="lw-hold")
    assert old not in shown(user="lw-hold")
    assert shown(action="view") & {old, recent} == {old}
    assert shown(patient=str(world.patient.pk)) == {old}
    today = timezone.localdate()
    assert recent in shown(date_from=today.isoformat())
    assert old not in shown(date_from=today.isoformat())
    assert old in shown(date_to=(today - datetime.timedelta(days=30)).isoformat())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31/02/2026"}, "Enter the start date as a date"),
        ({"date_to": "yesterday"}, "Enter the end date as a date"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "The end date must be on or after"),
        ({"patient": "12345"}, "Enter the patient id as it appears"),
        ({"action": "drop-table"}, "Select a valid choice"),
        ({"date_to": "9999-12-31", "page": "last"}, None),
        ({"page": "99999"}, None),
    ],
)
def test_bad_filters_show_a_message_not_an_error_page(world, client, params, message):
    client.force_login(world.administrator)
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
    if message:
        assert message in response.text
        assert "There is a problem" in response.text


@pytest.mark.django_db
def test_empty_log_says_so(world, client):
    client.force_login(world.manager_other_service)
    response = client.get(reverse("audit:log"), {"action": "export"})
    assert "No events match these filters" in response.text


@pytest.mark.django_db
def test_log_is_paginated(world, client):
    for _ in range(55):
        event(action=AuditAction.VIEW, user=world.gp, patient_id=world.patient.pk)
    client.force_login(world.manager)
    first = client.get(reverse("audit:log"))
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.text
    assert len(client.get(reverse("audit:log"), {"page": 2}).context["page"].object_list) >= 5


@pytest.mark.django_db
def test_log_query_count_does_not_grow_with_events(world, client, django_assert_max_num_queries):
    client.force_login(world.manager)
    for _ in range(3):
        event(action=AuditAction.VIEW, user=world.gp, patient_id=world.patient.pk)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("audit:log"))
    users = [world.gp, world.link_worker, world.link_worker_not_holding, world.manager]
    for i in range(40):
        event(action=AuditAction.VIEW, user=users[i % 4], patient_id=world.patient.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("audit:log"))


# Who has accessed this record ------------------------------------------------------------------


@pytest.mark.django_db
def test_holder_sees_who_has_accessed_the_record_and_the_look_is_recorded(world, client):
    event(
        action=AuditAction.VIEW,
        user=world.gp,
        patient_id=world.patient.pk,
        detail="Opened the summary",
    )
    other = PatientFactory(practice=world.practice)
    event(action=AuditAction.VIEW, user=world.gp, patient_id=other.pk, detail="Someone else")
    client.force_login(world.link_worker)
    response = client.get(reverse("audit:patient_access", args=[world.patient.pk]))
    assert response.status_code == 200
    assert "Opened the summary" in response.text
    assert "Someone else" not in response.text
    assert world.gp.get_full_name() in response.text
    assert reverse("patients:detail", args=[world.patient.pk]) in response.text
    looked = AuditEvent.objects.filter(
        user=world.link_worker, action=AuditAction.VIEW, patient_id=world.patient.pk
    )
    assert looked.count() == 1


@pytest.mark.django_db
def test_patient_access_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.manager)
    url = reverse("audit:patient_access", args=[world.patient.pk])
    event(action=AuditAction.VIEW, user=world.gp, patient_id=world.patient.pk)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for user in [world.gp, world.link_worker, world.link_worker_not_holding] * 10:
        event(action=AuditAction.VIEW, user=user, patient_id=world.patient.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("link_worker", 200),
        ("link_worker_not_holding", 403),
        ("link_worker_other_service", 404),
        ("gp", 403),
        ("gp_other_practice", 404),
        ("manager", 200),
        ("manager_other_service", 404),
        ("administrator", 200),
    ],
)
def test_who_may_see_who_has_accessed_a_record(world, client, persona, status):
    client.force_login(world.personas()[persona])
    response = client.get(reverse("audit:patient_access", args=[world.patient.pk]))
    assert response.status_code == status


@pytest.mark.django_db
def test_guessed_patient_id_is_404(world, client):
    client.force_login(world.administrator)
    response = client.get(reverse("audit:patient_access", args=[world.service.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "shown"), [("link_worker", True), ("gp", False), ("manager", True)]
)
def test_patient_page_link_shows_only_to_those_who_may_follow_it(world, rf, persona, shown):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = world.personas()[persona]
    html = render_to_string(
        "audit/_patient_access_link.html", {"patient": world.patient}, request=request
    )
    assert (reverse("audit:patient_access", args=[world.patient.pk]) in html) is shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "shown"),
    [("manager", True), ("administrator", True), ("link_worker", False), ("gp", False)],
)
def test_navigation_shows_the_audit_log_to_managers_and_administrators(
    world, client, persona, shown
):
    client.force_login(world.personas()[persona])
    page = client.get(reverse("password_change")).text
    assert (f'href="{reverse("audit:log")}"' in page) is shown
