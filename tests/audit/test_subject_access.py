"""Subject access request: one JSON download of everything held about a patient."""

import json

import pytest
from django.urls import reverse

from appeals.statements.models import NotificationReason, StatementNotification
from linkwork.audit.models import AuditAction, AuditEvent
from tests.audit.story import story_patient
from tests.factories import PatientFactory
from tests.factories.patients import ContactFactory, NeedFactory
from tests.factories.referrals import ReferralFactory

STORY_WORD = "Brindlewood"


def download(client, patient):
    return client.get(reverse("audit:subject_access", args=[patient.pk]))


@pytest.mark.django_db
def test_bundle_holds_the_record_everything_linked_and_who_accessed_it(world, client):
    ContactFactory(patient=world.patient, notes="Spoke about the allotment")
    NeedFactory(patient=world.patient, detail="Wants to garden again")
    ReferralFactory(patient=world.patient, reason_text="Isolated after moving")
    other = PatientFactory(practice=world.practice)
    ContactFactory(patient=other, notes="Somebody else entirely")
    AuditEvent.objects.create(action=AuditAction.VIEW, user=world.gp, patient_id=world.patient.pk)
    client.force_login(world.manager)

    response = download(client, world.patient)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="subject-access-{world.patient.pk}-'
    )
    assert world.patient.family_name not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    bundle = json.loads(response.content)
    assert bundle["patient"]["given_name"] == world.patient.given_name
    assert bundle["patient"]["nhs_number"] == world.patient.nhs_number
    assert bundle["records"]["patients.Contact"][0]["notes"] == "Spoke about the allotment"
    assert bundle["records"]["patients.Need"][0]["detail"] == "Wants to garden again"
    assert bundle["records"]["referrals.Referral"][0]["reason_text"] == "Isolated after moving"
    assert bundle["records"]["referrals.Referral"][0]["status_display"]
    assert "Somebody else entirely" not in response.content.decode()
    assert any(entry["by"] == str(world.gp) for entry in bundle["access"])
    assert "ip_address" not in json.dumps(bundle["access"])


@pytest.mark.django_db
def test_download_is_recorded_as_an_export(world, client):
    client.force_login(world.administrator)
    download(client, world.patient)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.user == world.administrator
    assert event.patient_id == world.patient.pk
    assert event.detail == "Subject access request"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("link_worker", 403),
        ("link_worker_not_holding", 403),
        ("link_worker_other_service", 404),
        ("gp", 403),
        ("gp_other_practice", 404),
        ("manager", 200),
        ("manager_other_service", 404),
        ("administrator", 200),
    ],
)
def test_only_the_services_managers_and_administrators_may_download(world, client, persona, status):
    client.force_login(world.personas()[persona])
    assert download(client, world.patient).status_code == status
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists() is (status == 200)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_record(world, client, django_assert_max_num_queries):
    """One query per relation per level: the same kinds of record, more of them, no more
    queries."""
    client.force_login(world.manager)
    ContactFactory(patient=world.patient)
    NeedFactory(patient=world.patient)
    ReferralFactory(patient=world.patient)
    with django_assert_max_num_queries(60) as few:
        download(client, world.patient)
    ContactFactory.create_batch(15, patient=world.patient)
    NeedFactory.create_batch(5, patient=world.patient)
    ReferralFactory.create_batch(3, patient=world.patient)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = download(client, world.patient)
    assert len(json.loads(response.content)["records"]["patients.Contact"]) == 16


@pytest.mark.django_db
def test_access_page_offers_the_download_to_those_who_may_have_it(world, client):
    url = reverse("audit:subject_access", args=[world.patient.pk])
    client.force_login(world.manager)
    assert url in client.get(reverse("audit:patient_access", args=[world.patient.pk])).text
    client.force_login(world.link_worker)
    assert url not in client.get(reverse("audit:patient_access", args=[world.patient.pk])).text


@pytest.mark.django_db
def test_bundle_holds_every_apps_records_about_the_patient(world, client):
    """Referrals, appeal cases with their deadlines, notes and stage changes, statements,
    letters, reminders, contacts, consents, needs, support and measures: each in the bundle,
    with the text written about the patient."""
    patient = story_patient(world)
    StatementNotification.objects.create(
        statement=patient.appeal_cases.get().statements.first(), reason=NotificationReason.REQUEST
    )
    client.force_login(world.manager)
    bundle = json.loads(download(client, patient).content)
    records = bundle["records"]
    expected = {
        "patients.Contact": "notes",
        "patients.Consent": "note",
        "patients.Need": "detail",
        "patients.SupportOffer": "notes",
        "referrals.Referral": "reason_text",
        "referrals.ReferralTransition": "note",
        "referrals.GPMessage": "summary",
        "appeals.AppealCase": "decision_summary",
        "appeals.StageChange": "reason",
        "appeals.CaseNote": "text",
        "statements.SupportStatement": "conditions",
        "letters.EvidenceLetter": "grounds",
    }
    for label, column in expected.items():
        assert any(STORY_WORD in str(row[column]) for row in records[label]), label
    assert records["patients.OutcomeMeasure"][0]["scores"]
    deadlines = {row["label"] for row in records["appeals.Deadline"]}
    assert "Call Brindlewood about Zebedee's hearing" in deadlines
    assert {row["kind"] for row in records["appeals.Deadline"]} >= {"mr", "task"}
    assert {row["topic"] for row in records["reminders.Reminder"]} == {"task", "first_contact"}
    assert [row["title"] for row in records["reminders.Notification"]] == [
        "Z.Q.: Call Brindlewood, due"
    ]
    assert records["statements.StatementNotification"][0]["reason_display"] == "Request"
    assert records["letters.EvidenceLetter"][0]["status_display"]


@pytest.mark.django_db
def test_bundle_lists_who_opened_the_appeal_case_and_statement(world, client):
    patient = story_patient(world)
    case = patient.appeal_cases.get()
    statement = case.statements.filter(status="signed").get()
    client.force_login(world.link_worker)
    assert client.get(reverse("appeals:case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("statements:detail", args=[statement.pk])).status_code == 200
    client.force_login(world.manager)
    bundle = json.loads(download(client, patient).content)
    opened = {(entry["by"], entry["record"]) for entry in bundle["access"]}
    assert (str(world.link_worker), "appeals.AppealCase") in opened
    assert (str(world.link_worker), "statements.SupportStatement") in opened
