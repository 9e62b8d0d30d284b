"""Reads for the referral pages."""

import datetime

import pytest
from django.utils import timezone

from patients.models import PatientStatus
from referrals.selectors import referral_list
from tests.factories import PatientFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_overdue_referral_list_leaves_out_closed_patients(world):
    """The same rule as the caseload and the report: a closed record is waiting for no one."""
    past = timezone.localdate() - datetime.timedelta(days=3)
    overdue = ReferralFactory(patient=world.patient, first_contact_due=past)
    closed_patient = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    ReferralFactory(patient=closed_patient, first_contact_due=past)

    listed = list(referral_list(world.manager, status="all", overdue=True))

    assert listed == [overdue]
