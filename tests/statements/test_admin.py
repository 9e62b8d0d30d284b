"""The statements admin: administrators find and read statements; a signed one cannot be
changed or deleted there, and opening one is audited."""

import pytest
from django.urls import reverse

from linkwork.audit.models import AuditAction, AuditEvent
from tests.factories import SignedStatementFactory, SupportStatementFactory

pytestmark = pytest.mark.django_db


def test_administrator_lists_and_searches_statements(world, client):
    signed = SignedStatementFactory(case__patient=world.patient)
    SupportStatementFactory()
    client.force_login(world.administrator)
    url = reverse("admin:statements_supportstatement_changelist")
    assert client.get(url).status_code == 200
    response = client.get(url, {"q": signed.signer_registration})
    assert list(response.context["cl"].result_list) == [signed]


def test_signed_statement_is_read_only_in_the_admin_and_opening_it_is_audited(world, client):
    signed = SignedStatementFactory(case__patient=world.patient)
    client.force_login(world.administrator)
    response = client.get(reverse("admin:statements_supportstatement_change", args=[signed.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    delete = client.post(
        reverse("admin:statements_supportstatement_delete", args=[signed.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(signed.pk), patient_id=world.patient.pk
    ).exists()
