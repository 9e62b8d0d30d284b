"""The admin pages for patients and referrals: lists, search and filters work for an
administrator with a flat number of queries."""

import pytest
from django.urls import reverse

from tests.factories import (
    ConsentFactory,
    ContactFactory,
    GPMessageFactory,
    NeedFactory,
    OutcomeMeasureFactory,
    SupportOfferFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:patients_patient_changelist",
    "admin:patients_consent_changelist",
    "admin:patients_contact_changelist",
    "admin:patients_need_changelist",
    "admin:patients_supportoffer_changelist",
    "admin:patients_outcomemeasure_changelist",
    "admin:referrals_referral_changelist",
    "admin:referrals_gpmessage_changelist",
]


def populate(world):
    ConsentFactory(patient=world.patient)
    ContactFactory(patient=world.patient)
    NeedFactory(patient=world.patient)
    SupportOfferFactory(patient=world.patient)
    OutcomeMeasureFactory(patient=world.patient)
    GPMessageFactory(referral__patient=world.patient)


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_administrator_can_list_and_search(world, client, url_name):
    populate(world)
    client.force_login(world.administrator)
    response = client.get(reverse(url_name), {"q": world.patient.family_name})
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_patient_and_referral_change_pages_open(world, client):
    populate(world)
    referral = world.patient.referrals.get()
    client.force_login(world.administrator)
    patient_page = reverse("admin:patients_patient_change", args=[world.patient.pk])
    assert client.get(patient_page).status_code == 200
    referral_page = reverse("admin:referrals_referral_change", args=[referral.pk])
    assert client.get(referral_page).status_code == 200


def test_consents_cannot_be_deleted_in_the_admin(world, client):
    consent = ConsentFactory(patient=world.patient)
    client.force_login(world.administrator)
    response = client.post(reverse("admin:patients_consent_delete", args=[consent.pk]))
    assert response.status_code == 403
