"""Reads for the patient pages: the caseload counts and the service's link workers."""

import datetime

import pytest
from django.utils import timezone

from patients.models import PatientStatus
from patients.selectors import caseload_counts, link_workers_in, practices_in
from tests.factories import LinkWorkerFactory, PatientFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_caseload_counts_leave_closed_patients_out_of_awaiting_and_overdue(world):
    """The caseload's "awaiting first contact" is the report's: closed records do not count."""
    past = timezone.localdate() - datetime.timedelta(days=3)
    ReferralFactory(patient=world.patient, first_contact_due=past)
    closed_patient = PatientFactory(
        practice=world.practice, holder=world.link_worker, status=PatientStatus.CLOSED
    )
    ReferralFactory(patient=closed_patient, first_contact_due=past)

    counts = caseload_counts(world.link_worker, "mine")

    assert (counts["awaiting"], counts["overdue"]) == (1, 1)


def test_link_workers_in_a_service_are_its_active_ones_plus_those_holding(world):
    gone = LinkWorkerFactory(service=world.service, is_active=False)

    active = set(link_workers_in(world.service.pk))
    assert world.link_worker in active
    assert gone not in active
    assert world.link_worker_other_service not in active
    assert gone in set(link_workers_in(world.service.pk, holding=[gone.pk, None]))
    assert world.link_worker_other_service in set(link_workers_in(None))


def test_practices_in_a_service_or_every_service(world):
    assert world.outside_practice not in set(practices_in(world.service.pk))
    assert world.outside_practice in set(practices_in(None))
