"""The caseload: the link worker's home and the service's patient list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from patients.models import PatientStatus
from tests.factories import ContactFactory, PatientFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [p.full_name for p in response.context["page"].object_list]


def overdue_referral(patient):
    received = timezone.localdate() - datetime.timedelta(days=30)
    return ReferralFactory(
        patient=patient,
        received_on=received,
        first_contact_due=received + datetime.timedelta(days=14),
    )


def test_home_of_a_link_worker_is_their_caseload(world, client):
    PatientFactory(practice=world.practice, holder=world.link_worker_not_holding)
    client.force_login(world.link_worker)
    response = client.get(reverse("home"))
    assert response.templates[0].name == "accounts/home_link_worker.html"
    assert list(response.context["page"].object_list) == [world.patient]
    assert "no-store" in response.headers["Cache-Control"]


def test_counts_show_active_awaiting_and_overdue(world, client):
    ReferralFactory(patient=world.patient)  # awaiting, not overdue
    late = PatientFactory(practice=world.practice, holder=world.link_worker)
    overdue_referral(late)
    PatientFactory(practice=world.practice, holder=world.link_worker, status=PatientStatus.ON_HOLD)
    client.force_login(world.link_worker)
    counts = client.get(reverse("home")).context["counts"]
    assert counts == {"active": 2, "on_hold": 1, "awaiting": 2, "overdue": 1}


def test_overdue_filter_shows_only_overdue_patients(world, client):
    late = PatientFactory(practice=world.practice, holder=world.link_worker, family_name="Late")
    overdue_referral(late)
    ReferralFactory(patient=world.patient)
    client.force_login(world.link_worker)
    response = client.get(reverse("home"), {"overdue": "on"})
    assert names(response) == [late.full_name]
    assert "Overdue" in response.text


def test_contact_with_the_patient_clears_overdue(world, client):
    late = PatientFactory(practice=world.practice, holder=world.link_worker)
    referral = overdue_referral(late)
    referral.first_contact_at = timezone.now()
    referral.status = "contacted"
    referral.save()
    client.force_login(world.link_worker)
    assert client.get(reverse("home")).context["counts"]["overdue"] == 0


@pytest.mark.parametrize(
    "query", ["943 476 5919", "9434765919", "m3 4ab", "M3", "lovel", "ada lov"]
)
def test_search_by_name_nhs_number_or_postcode(world, client, query):
    wanted = PatientFactory(
        practice=world.practice,
        holder=world.link_worker,
        given_name="Ada",
        family_name="Lovelace",
        nhs_number="9434765919",
        postcode="M3 4AB",
    )
    client.force_login(world.link_worker)
    assert names(client.get(reverse("home"), {"q": query})) == [wanted.full_name]


def test_filters_by_practice_flag_and_status(world, client):
    carer = PatientFactory(practice=world.other_practice, holder=world.link_worker, is_carer=True)
    closed = PatientFactory(
        practice=world.practice, holder=world.link_worker, status=PatientStatus.CLOSED
    )
    client.force_login(world.link_worker)
    home = reverse("home")
    assert names(client.get(home, {"practice": world.other_practice.pk})) == [carer.full_name]
    assert names(client.get(home, {"flag": "is_carer"})) == [carer.full_name]
    assert names(client.get(home, {"status": "closed"})) == [closed.full_name]
    assert closed.full_name not in names(client.get(home))


def test_sort_by_longest_since_last_contact(world, client):
    recent = PatientFactory(practice=world.practice, holder=world.link_worker)
    ContactFactory(patient=recent, at=timezone.now() - datetime.timedelta(days=1))
    ContactFactory(patient=world.patient, at=timezone.now() - datetime.timedelta(days=20))
    client.force_login(world.link_worker)
    response = client.get(reverse("home"), {"sort": "last_contact"})
    assert names(response) == [world.patient.full_name, recent.full_name]
    response = client.get(reverse("home"), {"sort": "-last_contact"})
    assert names(response)[0] == recent.full_name


def test_bad_filter_values_are_ignored_not_an_error(world, client):
    client.force_login(world.link_worker)
    response = client.get(
        reverse("home"), {"sort": "evil", "practice": "not-a-uuid", "status": "x", "page": "z"}
    )
    assert response.status_code == 200
    assert names(response) == [world.patient.full_name]


def test_manager_sees_the_whole_service_and_can_narrow_to_one_link_worker(world, client):
    other = PatientFactory(practice=world.practice, holder=world.link_worker_not_holding)
    unassigned = PatientFactory(practice=world.other_practice, holder=None)
    PatientFactory(practice=world.outside_practice)
    client.force_login(world.manager)
    url = reverse("patients:caseload")
    assert sorted(names(client.get(url))) == sorted(
        [world.patient.full_name, other.full_name, unassigned.full_name]
    )
    assert names(client.get(url, {"holder": world.link_worker_not_holding.pk})) == [other.full_name]
    assert names(client.get(url, {"holder": "unassigned"})) == [unassigned.full_name]


def test_caseload_paginates_25_a_page(world, client):
    PatientFactory.create_batch(30, practice=world.practice, holder=world.link_worker)
    client.force_login(world.link_worker)
    first = client.get(reverse("home"))
    assert len(first.context["page"].object_list) == 25
    assert "Page 1 of 2" in first.text
    assert len(client.get(reverse("home"), {"page": 2}).context["page"].object_list) == 6


def test_empty_caseload_explains_what_to_do(world, client):
    client.force_login(world.link_worker_not_holding)
    assert "You hold no cases yet" in client.get(reverse("home")).text
    client.force_login(world.link_worker)
    assert "No patients match" in client.get(reverse("home"), {"q": "zzzz"}).text


def populate(world, n):
    for _ in range(n):
        patient = PatientFactory(practice=world.practice, holder=world.link_worker, is_carer=True)
        ReferralFactory(patient=patient)
        ContactFactory(patient=patient)


@pytest.mark.parametrize("params", [{}, {"overdue": "on", "sort": "last_contact", "q": "a"}])
def test_caseload_query_count_does_not_grow_with_the_page(
    world, client, django_assert_max_num_queries, params
):
    populate(world, 3)
    client.force_login(world.link_worker)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("home"), params)
    populate(world, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"), params)
    assert response.status_code == 200


def test_service_caseload_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    populate(world, 2)
    client.force_login(world.manager)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("patients:caseload"))
    populate(world, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("patients:caseload"))


def test_never_contacted_patients_come_first_when_sorting_by_last_contact(world, client):
    contacted = PatientFactory(practice=world.practice, holder=world.link_worker)
    ContactFactory(patient=contacted, at=timezone.now() - datetime.timedelta(days=100))
    client.force_login(world.link_worker)
    response = client.get(reverse("home"), {"sort": "last_contact"})
    assert names(response) == [world.patient.full_name, contacted.full_name]
