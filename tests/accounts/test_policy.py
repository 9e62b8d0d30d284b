"""Predicates of the permission policy that depend on the state of the object, not only on
who is asking."""

import pytest

from linkwork.accounts import policy
from linkwork.audit.retention import patient_anonymise
from patients.models import PatientStatus
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_service_staff_may_open_a_case_for_an_open_patient(world):
    on_hold = PatientFactory(practice=world.practice, status=PatientStatus.ON_HOLD)
    for persona in ("link_worker", "link_worker_not_holding", "manager"):
        user = world.personas()[persona]
        assert policy.can_open_case(user, world.patient), persona
        assert policy.can_open_case(user, on_hold), persona


def test_nobody_may_open_a_case_for_a_closed_patient(world):
    closed = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    for persona, user in world.personas().items():
        assert not policy.can_open_case(user, closed), persona


def test_nobody_may_open_a_case_for_an_anonymised_patient(world):
    patient = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    patient_anonymise(patient=patient)
    patient.refresh_from_db()
    for persona, user in world.personas().items():
        assert not policy.can_open_case(user, patient), persona
