from datetime import timedelta

import pytest
from django.utils import timezone

from appeals.models import HearingType, MRResult, Outcome
from tests.factories import AppealCaseFactory


def full_dates(today=None) -> dict:
    """Every date and fact of a case that has been through a hearing, all in the past."""
    today = today or timezone.localdate()
    return {
        "decision_date": today - timedelta(days=200),
        "mr_requested_date": today - timedelta(days=190),
        "mr_notice_date": today - timedelta(days=150),
        "mr_result": MRResult.UNCHANGED,
        "appeal_lodged_date": today - timedelta(days=140),
        "tribunal_reference": "SC242/25/01234",
        "dwp_response_date": today - timedelta(days=100),
        "hearing_type": HearingType.ORAL,
        "hearing_date": today - timedelta(days=10),
        "outcome": Outcome.IN_FAVOUR,
        "outcome_date": today - timedelta(days=5),
    }


@pytest.fixture
def case(world):
    """A PIP case of the world's patient, held by ``world.link_worker``."""
    return AppealCaseFactory(patient=world.patient, holder=world.link_worker)
