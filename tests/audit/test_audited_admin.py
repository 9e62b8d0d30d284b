"""``AuditedAdminMixin``: opening, changing and deleting patient data in the admin is audited."""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage

from linkwork.audit.admin import AuditedAdminMixin
from linkwork.audit.models import AuditAction, AuditEvent
from patients.models import Patient
from tests.factories import PatientFactory


class PatientAuditAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


@pytest.fixture
def model_admin():
    return PatientAuditAdmin(Patient, admin.AdminSite(name="audited-admin-test"))


@pytest.fixture
def admin_request(rf, world):
    def make(method="get"):
        request = getattr(rf, method)("/", REMOTE_ADDR="192.0.2.30")
        request.user = world.administrator
        request.session = {}
        request._messages = FallbackStorage(request)
        return request

    return make


@pytest.mark.django_db
def test_opening_a_record_in_the_admin_is_recorded(world, model_admin, admin_request):
    response = model_admin.change_view(admin_request(), str(world.patient.pk))
    assert response.status_code == 200
    recorded = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert recorded.patient_id == world.patient.pk
    assert recorded.user == world.administrator
    assert recorded.ip_address == "192.0.2.30"


@pytest.mark.django_db
def test_opening_the_change_history_is_recorded(world, model_admin, admin_request):
    model_admin.history_view(admin_request(), str(world.patient.pk))
    assert AuditEvent.objects.get(action=AuditAction.VIEW).detail.startswith(
        "Opened its change history"
    )


@pytest.mark.django_db
def test_changes_and_deletions_in_the_admin_are_recorded(world, model_admin, admin_request):
    model_admin.save_model(admin_request("post"), world.patient, form=None, change=True)
    added = PatientFactory.build(practice=world.practice)
    model_admin.save_model(admin_request("post"), added, form=None, change=False)
    assert AuditEvent.objects.get(action=AuditAction.CREATE).patient_id == added.pk
    doomed = PatientFactory(practice=world.practice)
    doomed_pk = doomed.pk
    model_admin.delete_queryset(admin_request("post"), Patient.objects.filter(pk=doomed_pk))
    assert AuditEvent.objects.get(action=AuditAction.UPDATE).patient_id == world.patient.pk
    assert AuditEvent.objects.get(action=AuditAction.DELETE).patient_id == doomed_pk
    assert not Patient.objects.filter(pk=doomed_pk).exists()


@pytest.mark.django_db
def test_a_missing_record_records_nothing(world, model_admin, admin_request):
    response = model_admin.change_view(admin_request(), str(world.service.pk))
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()
