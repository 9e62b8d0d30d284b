import pytest

from tests.factories import AppealCaseFactory, SupportStatementFactory


@pytest.fixture
def case(world):
    """The world patient's PIP appeal, held by ``link_worker``."""
    return AppealCaseFactory(patient=world.patient, holder=world.link_worker)


@pytest.fixture
def requested(case):
    """A GP statement requested of the patient's practice (any GP there)."""
    return SupportStatementFactory(case=case)


@pytest.fixture
def draft(case):
    return SupportStatementFactory(case=case, draft=True)


CONTENT = {
    "conditions": "Fibromyalgia and depression.",
    "duration": "Since 2019.",
    "treatment": "Pregabalin.",
    "mental_health_effect": "The decision made her anxiety worse.",
    "statement": "She cannot stand to cook.",
    "activity_impacts": {
        "preparing_food": {"how_often": "Every day", "how_reliably": "Never safely", "help": ""},
        "moving_around": {"help": "Uses a stick"},
    },
}
