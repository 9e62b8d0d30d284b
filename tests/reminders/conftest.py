from datetime import date, datetime

import pytest

from linkwork.reminders.schedule import LONDON
from tests.factories import AppealCaseFactory

# A Monday in June, far from the dates the factories compute from the real today, so only the
# deadlines a test creates are near it.
TODAY = date(2027, 6, 14)
NOW = datetime(2027, 6, 14, 9, 0, tzinfo=LONDON)


def at(d: date, hour: int = 9) -> datetime:
    """A moment on a local date, after the default send hour."""
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def case(world):
    """An appeal case of the world's patient, held by ``world.link_worker``."""
    return AppealCaseFactory(patient=world.patient)
