"""The referral queryset's one rule for "awaiting first contact" and "overdue"."""

import datetime

import pytest

from patients.models import PatientStatus
from referrals.models import Referral, ReferralStatus
from tests.factories import PatientFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 10)


def test_awaiting_first_contact_is_received_uncontacted_and_of_an_open_record(world):
    waiting = ReferralFactory(patient=world.patient, first_contact_due=TODAY)
    ReferralFactory(patient=world.patient, status=ReferralStatus.CONTACTED)
    closed_patient = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    ReferralFactory(patient=closed_patient, first_contact_due=TODAY)

    assert list(Referral.objects.awaiting_first_contact()) == [waiting]


def test_first_contact_overdue_is_awaiting_after_the_due_date(world):
    overdue = ReferralFactory(
        patient=world.patient, first_contact_due=TODAY - datetime.timedelta(1)
    )
    ReferralFactory(patient=world.patient, first_contact_due=TODAY)
    closed_patient = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    ReferralFactory(patient=closed_patient, first_contact_due=TODAY - datetime.timedelta(1))

    assert list(Referral.objects.first_contact_overdue(TODAY)) == [overdue]
