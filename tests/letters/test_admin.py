import pytest
from django.urls import reverse

from appeals.letters.models import EvidenceLetter, LetterStatus
from linkwork.audit.models import AuditAction, AuditEvent
from tests.factories import EvidenceLetterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.administrator)
    return client


def test_letter_list_opens_with_search_and_filters(admin_client, world, letter_case):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    EvidenceLetterFactory(case=letter_case, failed=True)
    url = reverse("admin:letters_evidenceletter_changelist")
    response = admin_client.get(url, {"q": str(letter.pk), "status__exact": "ready"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [letter]


def test_opening_a_letter_in_admin_is_audited(admin_client, world, letter_case):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    response = admin_client.get(reverse("admin:letters_evidenceletter_change", args=[letter.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(letter.pk), patient_id=world.patient.pk
    ).exists()


def test_admin_action_retries_failed_letters_only(admin_client, world, letter_case):
    failed = EvidenceLetterFactory(case=letter_case, failed=True)
    ready = EvidenceLetterFactory(case=letter_case, ready=True)
    response = admin_client.post(
        reverse("admin:letters_evidenceletter_changelist"),
        {"action": "retry_failed", "_selected_action": [failed.pk, ready.pk]},
        follow=True,
    )
    assert "1 letter(s) queued again." in response.content.decode()
    failed.refresh_from_db()
    ready.refresh_from_db()
    assert (failed.status, ready.status) == (LetterStatus.QUEUED, LetterStatus.READY)


def test_letters_cannot_be_added_changed_or_deleted_in_admin(admin_client, world, letter_case):
    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    assert admin_client.get(reverse("admin:letters_evidenceletter_add")).status_code == 403
    response = admin_client.get(reverse("admin:letters_evidenceletter_change", args=[letter.pk]))
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    delete = admin_client.post(
        reverse("admin:letters_evidenceletter_delete", args=[letter.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert EvidenceLetter.objects.filter(pk=letter.pk).exists()
