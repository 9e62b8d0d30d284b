"""Retention: closed records past the retention period are anonymised, keeping the counts and
recording what was erased."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from linkwork.audit import retention
from linkwork.audit.models import AuditAction, AuditEvent, Erasure
from linkwork.audit.tasks import anonymise_due_patients
from patients.models import Contact, Patient, PatientStatus
from patients.services import patient_update
from tests.factories.patients import (
    ConsentFactory,
    ContactFactory,
    NeedFactory,
    OutcomeMeasureFactory,
    PatientFactory,
    SupportOfferFactory,
)
from tests.factories.referrals import ReferralFactory


def closed_patient(years_ago: float, **fields) -> Patient:
    patient = PatientFactory(status=PatientStatus.CLOSED, **fields)
    Patient.objects.filter(pk=patient.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=365.25 * years_ago)
    )
    patient.refresh_from_db()
    return patient


@pytest.fixture
def old_case(world, settings):
    settings.RETENTION_YEARS = 8
    patient = closed_patient(
        9,
        practice=world.practice,
        given_name="Margaret",
        family_name="Oyelaran",
        date_of_birth=datetime.date(1948, 3, 17),
        postcode="M1 1AA",
        accessibility_needs="Large print; deaf in left ear",
    )
    patient.given_name = "Maggie"
    patient.save()  # a history row holding the old name
    Patient.objects.filter(pk=patient.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=365 * 9)
    )
    ContactFactory.create_batch(3, patient=patient, notes="Daughter Jane visits on Sundays")
    NeedFactory(patient=patient, detail="Lonely since her husband Tom died")
    SupportOfferFactory(patient=patient, notes="Met Jane at the lunch club")
    ConsentFactory(patient=patient, note="Said yes on the phone to Jane too")
    OutcomeMeasureFactory(patient=patient)
    ReferralFactory(patient=patient)
    return Patient.objects.get(pk=patient.pk)


@pytest.mark.django_db
def test_only_closed_records_unchanged_past_the_period_are_due(world, settings, old_case):
    recent = closed_patient(7, practice=world.practice)
    active = PatientFactory(practice=world.practice)
    Patient.objects.filter(pk=active.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=365 * 10)
    )
    assert list(retention.patients_due_for_anonymisation()) == [old_case]
    settings.RETENTION_YEARS = 6
    assert set(retention.patients_due_for_anonymisation()) == {old_case, recent}


@pytest.mark.django_db
def test_anonymising_erases_identity_and_notes_but_keeps_the_counts(old_case):
    erasure = retention.patient_anonymise(patient=old_case)
    patient = Patient.objects.get(pk=old_case.pk)
    assert patient.full_name == "Anonymised record"
    assert patient.nhs_number == ""
    assert patient.ni_number == ""
    assert patient.address == ""
    assert patient.phone == ""
    assert patient.accessibility_needs == ""
    assert patient.date_of_birth == datetime.date(1948, 7, 1)
    assert patient.postcode == "M1"
    assert patient.practice == old_case.practice
    assert patient.status == PatientStatus.CLOSED

    contacts = Contact.objects.filter(patient=patient)
    assert contacts.count() == 3
    assert set(contacts.values_list("notes", flat=True)) == {""}
    assert patient.needs.get().detail == ""
    assert patient.support_offers.get().notes == ""
    assert patient.consents.get().note == ""
    assert patient.measures.get().scores["worthwhile"] == 5

    assert erasure.erased["patients.Contact"] == {"rows": 3, "fields": ["notes"]}
    assert "given_name" in erasure.erased["patients.Patient"]["fields"]
    assert erasure.erased["referrals.Referral"]["rows"] == 1
    assert erasure.kept == {}
    assert erasure.history_rows_deleted >= 9
    assert erasure.last_changed_at == old_case.updated_at


@pytest.mark.django_db
def test_no_old_value_survives_in_the_change_history(old_case):
    retention.patient_anonymise(patient=old_case)
    assert not Patient.history.filter(id=old_case.pk).exists()
    assert not Contact.history.filter(patient_id=old_case.pk).exists()
    assert not Patient.objects.filter(given_name__in=["Margaret", "Maggie"]).exists()


@pytest.mark.django_db
def test_anonymising_is_recorded_and_safe_to_repeat(old_case):
    first = retention.patient_anonymise(patient=old_case)
    again = retention.patient_anonymise(patient=old_case)
    assert again == first
    assert Erasure.objects.count() == 1
    event = AuditEvent.objects.get(action=AuditAction.ANONYMISED)
    assert event.patient_id == old_case.pk
    assert event.user is None
    assert event.detail == "Retention period ended"
    assert "Margaret" not in str(Erasure.objects.values().get())


@pytest.mark.django_db
def test_open_cases_are_never_anonymised(world):
    with pytest.raises(ValidationError, match="Only a closed case"):
        retention.patient_anonymise(patient=world.patient)
    assert not Erasure.objects.exists()


@pytest.mark.django_db
def test_daily_task_anonymises_what_is_due_and_leaves_the_rest(world, old_case):
    other = closed_patient(1, practice=world.practice, given_name="Recent")
    assert anonymise_due_patients.delay().get() == 1
    assert Patient.objects.get(pk=old_case.pk).given_name == "Anonymised"
    assert Patient.objects.get(pk=other.pk).given_name == "Recent"
    assert Patient.objects.get(pk=world.patient.pk).given_name == world.patient.given_name
    assert anonymise_due_patients.delay().get() == 0


@pytest.mark.django_db
def test_erasure_records_are_append_only(old_case):
    erasure = retention.patient_anonymise(patient=old_case)
    with pytest.raises(PermissionError):
        erasure.save()
    with pytest.raises(PermissionError):
        erasure.delete()
    with pytest.raises(PermissionError, match="Erasures cannot be deleted"):
        Erasure.objects.all().delete()
    with pytest.raises(PermissionError, match="Erasures cannot be changed"):
        Erasure.objects.update(history_rows_deleted=0)


@pytest.mark.django_db
def test_the_schedule_runs_the_task_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["audit-anonymise-due-patients"]
    assert entry["task"] == anonymise_due_patients.name
    assert entry["schedule"] == datetime.timedelta(hours=24)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_an_erasure_record(old_case):
    erasure = retention.patient_anonymise(patient=old_case)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_erasure WHERE id = %s", [erasure.pk])
    assert Erasure.objects.filter(pk=erasure.pk).exists()


@pytest.mark.django_db
def test_a_case_reopened_while_the_task_runs_is_skipped(world, old_case, monkeypatch):
    listed = list(retention.patients_due_for_anonymisation())
    Patient.objects.filter(pk=old_case.pk).update(status=PatientStatus.ACTIVE)
    monkeypatch.setattr(retention, "patients_due_for_anonymisation", lambda now=None: listed)
    assert retention.patients_anonymise_due() == 0
    assert Patient.objects.get(pk=old_case.pk).given_name != "Anonymised"


@pytest.mark.django_db
def test_an_anonymised_record_cannot_be_reopened(old_case, world, client):
    retention.patient_anonymise(patient=old_case)
    patient = Patient.objects.get(pk=old_case.pk)
    with pytest.raises(ValidationError, match="anonymised when its retention period ended"):
        patient_update(patient=patient, by=world.manager, status=PatientStatus.ACTIVE)

    client.force_login(world.manager)
    response = client.post(
        reverse("patients:edit", kwargs={"pk": patient.pk}),
        {
            "given_name": "Margaret",
            "family_name": "Oyelaran",
            "date_of_birth": "1948-07-01",
            "address": "1 Quay Street",
            "postcode": "M1 1AA",
            "practice": patient.practice_id,
            "status": "active",
            "preferred_contact_method": "phone",
        },
    )
    assert response.status_code == 200
    assert "it stays closed" in response.text
    patient.refresh_from_db()
    assert (patient.status, patient.given_name) == (PatientStatus.CLOSED, "Anonymised")


@pytest.mark.django_db
def test_a_closed_record_not_anonymised_can_be_reopened(old_case, world):
    patient = patient_update(patient=old_case, by=world.manager, status=PatientStatus.ACTIVE)
    assert Patient.objects.get(pk=patient.pk).status == PatientStatus.ACTIVE
