"""A PIP appeal case ready for letters: the patient has consented to sharing with DWP and
HMCTS, the case has its decision and MR notice dates and a points estimate."""

import datetime

import pytest
from django.utils import timezone

from appeals.models import ComponentAward
from patients.models import ConsentScope
from tests.factories import AppealCaseFactory, ConsentFactory

ESTIMATE = {
    "preparing_food": "e",
    "washing_and_bathing": "e",
    "dressing_and_undressing": "d",
    "planning_and_following_journeys": "c",
    "moving_around": "b",
}
AWARDED = {"preparing_food": 2, "washing_and_bathing": 2, "moving_around": 4}


def give_sharing_consent(patient, *organisations: str) -> None:
    ConsentFactory(patient=patient, recorded_by=patient.holder)
    for organisation in organisations:
        ConsentFactory(
            patient=patient,
            scope=ConsentScope.SHARE,
            organisation=organisation,
            recorded_by=patient.holder,
        )


def make_letter_case(patient, holder, **overrides):
    today = timezone.localdate()
    values = {
        "patient": patient,
        "holder": holder,
        "decision_date": today - datetime.timedelta(days=60),
        "mr_requested_date": today - datetime.timedelta(days=50),
        "mr_notice_date": today - datetime.timedelta(days=20),
        "daily_living_decided": ComponentAward.NONE,
        "mobility_decided": ComponentAward.NONE,
        "decision_summary": "DWP awarded 4 points for daily living and 4 for mobility.",
        "tribunal_reference": "SC242/25/01234",
        "pip_choices": ESTIMATE,
    }
    return AppealCaseFactory(**(values | overrides))


@pytest.fixture
def letter_case(world):
    world.patient.ni_number = "QQ123456C"
    world.patient.save()
    give_sharing_consent(world.patient, "DWP", "HMCTS")
    return make_letter_case(world.patient, world.link_worker)
