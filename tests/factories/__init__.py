"""factory-boy factories, one module per app; import them from here."""

from tests.factories.accounts import (
    GPFactory,
    LinkWorkerFactory,
    ManagerFactory,
    PracticeFactory,
    ServiceFactory,
    UserFactory,
)
from tests.factories.patients import PatientFactory

__all__ = [
    "GPFactory",
    "LinkWorkerFactory",
    "ManagerFactory",
    "PatientFactory",
    "PracticeFactory",
    "ServiceFactory",
    "UserFactory",
]
