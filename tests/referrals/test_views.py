"""Referral intake with duplicate detection, the list, the referral page and status changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from patients.models import Patient
from referrals.models import GPMessage, Referral, ReferralStatus
from tests.factories import GPMessageFactory, PatientFactory, ReferralFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("referrals:create")


def intake(world, **overrides):
    return {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": "1950-12-10",
        "nhs_number": "943 476 5919",
        "address": "1 Quay Street\nManchester",
        "postcode": "m3 4ab",
        "practice": world.practice.pk,
        "source": "gp",
        "received_on": timezone.localdate().isoformat(),
        "reasons": ["money", "loneliness"],
        "urgency": "routine",
        "holder": world.link_worker.pk,
    } | overrides


def test_intake_creates_the_patient_and_the_referral(world, client):
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world))
    patient = Patient.objects.get(nhs_number="9434765919")
    assert response.headers["Location"] == reverse("patients:detail", kwargs={"pk": patient.pk})
    assert patient.postcode == "M3 4AB"
    assert patient.holder == world.link_worker
    referral = patient.referrals.get()
    assert referral.reasons == ["money", "loneliness"]
    assert referral.referring_practice == world.practice  # a GP referral defaults to it
    assert referral.created_by == world.link_worker


def test_intake_form_defaults_the_holder_to_the_link_worker(world, client):
    client.force_login(world.link_worker)
    response = client.get(CREATE)
    assert response.context["form"]["holder"].value() == world.link_worker.pk
    assert response.context["form"]["received_on"].value() == timezone.localdate()


def test_intake_with_bad_input_shows_every_problem_and_saves_nothing(world, client):
    client.force_login(world.link_worker)
    response = client.post(
        CREATE,
        intake(
            world,
            given_name="",
            nhs_number="1234567890",
            postcode="ZZZ",
            received_on="2999-01-01",
            reasons=[],
        ),
    )
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "Enter the patient&#x27;s first name." in text
    assert "This is not a valid NHS number" in text
    assert "Enter a valid UK postcode" in text
    assert "The date received cannot be in the future." in text
    assert "Choose at least one reason" in text
    assert not Referral.objects.exists()
    assert Patient.objects.count() == 1


def test_intake_finds_the_patient_by_nhs_number_and_asks_to_link(world, client):
    world.patient.nhs_number = "9434765919"
    world.patient.save()
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world, given_name="Someone", family_name="Else"))
    assert response.status_code == 200
    assert "may already be registered" in response.text
    assert response.context["matches"] == [world.patient]
    assert not Referral.objects.exists()
    response = client.post(CREATE, intake(world, match=str(world.patient.pk)))
    assert response.status_code == 302
    assert world.patient.referrals.count() == 1
    assert Patient.objects.count() == 1


def test_nhs_number_match_cannot_be_registered_again_as_new(world, client):
    world.patient.nhs_number = "9434765919"
    world.patient.save()
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world, match="new"))
    assert "already registered: link to them" in response.text
    assert Patient.objects.count() == 1


def test_intake_finds_the_patient_by_name_birth_date_and_postcode(world, client):
    existing = PatientFactory(
        practice=world.practice,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=datetime.date(1950, 12, 10),
        postcode="M3 4AB",
        nhs_number="",
    )
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world, nhs_number="", given_name="ADA"))
    assert response.context["matches"] == [existing]
    assert escape(existing.full_name) in response.text


def test_a_different_person_with_the_same_details_can_be_registered(world, client):
    PatientFactory(
        practice=world.practice,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=datetime.date(1950, 12, 10),
        postcode="M3 4AB",
        nhs_number="",
    )
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world, nhs_number="", match="new"))
    assert response.status_code == 302
    assert Patient.objects.filter(family_name="Lovelace").count() == 2


def test_matches_are_only_among_patients_the_user_may_see(world, client):
    PatientFactory(
        practice=world.outside_practice,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=datetime.date(1950, 12, 10),
        postcode="M3 4AB",
        nhs_number="",
    )
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world, nhs_number=""))
    assert response.status_code == 302


def test_nhs_number_of_another_services_patient_is_refused_without_revealing_them(world, client):
    outsider = PatientFactory(practice=world.outside_practice, nhs_number="9434765919")
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world))
    assert "registered with another service" in response.text
    assert escape(outsider.full_name) not in response.text
    assert not Referral.objects.exists()


def test_second_open_referral_must_be_confirmed_and_is_flagged(world, client):
    world.patient.nhs_number = "9434765919"
    world.patient.save()
    ReferralFactory(patient=world.patient)
    client.force_login(world.link_worker)
    response = client.post(CREATE, intake(world, match=str(world.patient.pk)))
    assert response.status_code == 200
    assert "already has an open referral" in response.text
    assert world.patient.referrals.count() == 1
    response = client.post(
        CREATE, intake(world, match=str(world.patient.pk), confirm_second_referral="on")
    )
    assert response.status_code == 302
    assert world.patient.referrals.filter(second_open_referral=True).count() == 1


def test_holder_of_another_service_is_refused(world, client):
    client.force_login(world.administrator)
    response = client.post(CREATE, intake(world, holder=world.link_worker_other_service.pk))
    assert "Choose a link worker of the service covering the practice." in response.text
    assert not Referral.objects.exists()


# The list


def test_gp_list_shows_only_their_practices_referrals(world, client):
    mine = ReferralFactory(patient=world.patient)
    ReferralFactory(patient=PatientFactory(practice=world.other_practice))
    client.force_login(world.gp)
    response = client.get(reverse("referrals:list"))
    assert list(response.context["page"].object_list) == [mine]


def test_list_filters_overdue_and_second_open(world, client):
    received = timezone.localdate() - datetime.timedelta(days=30)
    late = ReferralFactory(
        patient=world.patient,
        received_on=received,
        first_contact_due=received + datetime.timedelta(days=14),
    )
    second = ReferralFactory(patient=world.patient, second_open_referral=True)
    client.force_login(world.manager)
    url = reverse("referrals:list")
    assert list(client.get(url, {"overdue": "on"}).context["page"].object_list) == [late]
    assert list(client.get(url, {"second_open": "on"}).context["page"].object_list) == [second]


@pytest.mark.parametrize("persona", ["manager", "gp"])
def test_list_query_count_does_not_grow(world, client, django_assert_max_num_queries, persona):
    def populate(n):
        for _ in range(n):
            GPMessageFactory(referral__patient=PatientFactory(practice=world.practice))

    populate(2)
    client.force_login(world.personas()[persona])
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("referrals:list"), {"status": "any"})
    populate(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("referrals:list"), {"status": "any"})
    assert len(response.context["page"].object_list) == 25


# The referral and its status


def test_gp_sees_messages_back_but_not_the_status_notes(world, client):
    referral = ReferralFactory(patient=world.patient)
    referral.transitions.create(
        from_status="received", to_status="declined", by=world.link_worker, note="Private remark"
    )
    GPMessageFactory(referral=referral, summary="Referral declined: patient did not want it.")
    client.force_login(world.gp)
    response = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk}))
    assert "Referral declined: patient did not want it." in response.text
    assert "Private remark" not in response.text
    assert "871731000000106" in response.text


def test_link_worker_declines_with_a_reason_and_the_gp_gets_a_message(world, client):
    referral = ReferralFactory(patient=world.patient)
    client.force_login(world.link_worker)
    url = reverse("referrals:transition", kwargs={"pk": referral.pk})
    response = client.post(url, {"to": "declined"})
    assert "Choose why the referral was declined." in response.text
    response = client.post(url, {"to": "declined", "decline_reason": "already_supported"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.snomed_code == "871711000000103"
    assert GPMessage.objects.get(referral=referral).snomed_code == "871711000000103"


def test_a_move_not_in_the_table_is_a_form_error_not_a_500(world, client):
    referral = ReferralFactory(patient=world.patient)
    client.force_login(world.link_worker)
    response = client.post(
        reverse("referrals:transition", kwargs={"pk": referral.pk}),
        {"to": "closed", "close_outcome": "goals_met"},
    )
    assert response.status_code == 200
    assert "That change is not possible for this referral." in response.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


@pytest.mark.parametrize(
    ("persona", "status"),
    [("gp", 403), ("link_worker_not_holding", 403), ("gp_other_practice", 404)],
)
def test_status_change_by_someone_who_may_not_is_refused(world, client, persona, status):
    referral = ReferralFactory(patient=world.patient)
    client.force_login(world.personas()[persona])
    response = client.post(
        reverse("referrals:transition", kwargs={"pk": referral.pk}),
        {"to": "declined", "decline_reason": "other", "note": "x"},
    )
    assert response.status_code == status
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_linking_a_referral_keeps_the_holder_unless_the_user_may_reassign(world, client):
    world.patient.nhs_number = "9434765919"
    world.patient.save()
    client.force_login(world.link_worker_not_holding)
    data = intake(world, match=str(world.patient.pk), holder=world.link_worker_not_holding.pk)
    assert client.post(CREATE, data).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker
    client.force_login(world.manager)
    data |= {"holder": "", "confirm_second_referral": "on"}
    assert client.post(CREATE, data).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker  # an empty choice changes nothing
    data |= {"holder": world.link_worker_not_holding.pk}
    assert client.post(CREATE, data).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker_not_holding


def test_new_referral_from_the_patient_page_starts_filled_in_and_linked(world, client):
    client.force_login(world.link_worker)
    response = client.get(CREATE, {"patient": world.patient.pk})
    form = response.context["form"]
    assert form["family_name"].value() == world.patient.family_name
    assert form["match"].value() == str(world.patient.pk)
    assert "is already registered" in response.text
    data = intake(world, match=str(world.patient.pk), family_name="Typo")
    assert client.post(CREATE, data).status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.family_name != "Typo"
    assert world.patient.referrals.count() == 1
    assert Patient.objects.count() == 1


def patient_reads(queries) -> int:
    table = Patient._meta.db_table
    return sum(f'FROM "{table}"' in q["sql"] for q in queries.captured_queries)


def test_new_referral_from_the_patient_page_reads_the_patient_once(world, client):
    client.force_login(world.link_worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CREATE, {"patient": world.patient.pk})
    assert response.context["linked"] == world.patient
    assert patient_reads(queries) == 1


def test_intake_linked_to_a_patient_reads_the_patient_once(world, client):
    ReferralFactory(patient=world.patient)  # the page asks to confirm a second referral
    client.force_login(world.link_worker)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(CREATE, intake(world, match=str(world.patient.pk)))
    assert "already has an open referral" in response.text
    assert response.context["linked"] == response.context["chosen"] == world.patient
    assert patient_reads(queries) == 1


def test_prefill_and_link_ignore_a_patient_outside_the_users_scope(world, client):
    outsider = PatientFactory(practice=world.outside_practice)
    client.force_login(world.link_worker)
    response = client.get(CREATE, {"patient": outsider.pk})
    assert response.context["form"]["family_name"].value() is None
    response = client.post(CREATE, intake(world, match=str(outsider.pk)))
    assert "The patient chosen is not available." in response.text
    assert not Referral.objects.exists()


def test_a_garbled_patient_parameter_is_ignored(world, client):
    client.force_login(world.link_worker)
    assert client.get(CREATE, {"patient": "not-a-uuid"}).status_code == 200
