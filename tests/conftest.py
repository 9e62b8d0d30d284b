"""Shared fixtures: the people of the permission matrix and a patient whose case one of them
holds.

The world: service A covers practices A1 and A2; service B covers practice B1. The patient is
registered at A1 and held by ``link_worker``.

Personas (``personas`` fixture, keyed by name):

* ``link_worker``: service A, holds the patient's case
* ``link_worker_not_holding``: service A, does not hold it
* ``link_worker_other_service``: service B
* ``gp``: practice A1 (the patient's practice)
* ``gp_other_practice``: practice A2 (same service, different practice)
* ``manager``: service A
* ``manager_other_service``: service B
* ``administrator``
"""

from dataclasses import dataclass

import pytest

from tests.factories import (
    GPFactory,
    LinkWorkerFactory,
    ManagerFactory,
    PatientFactory,
    PracticeFactory,
    ServiceFactory,
)
from tests.factories.accounts import PASSWORD, AdministratorFactory


@dataclass
class World:
    service: object
    other_service: object
    practice: object
    other_practice: object
    outside_practice: object
    link_worker: object
    link_worker_not_holding: object
    link_worker_other_service: object
    gp: object
    gp_other_practice: object
    manager: object
    manager_other_service: object
    administrator: object
    patient: object

    def personas(self) -> dict:
        return {
            "link_worker": self.link_worker,
            "link_worker_not_holding": self.link_worker_not_holding,
            "link_worker_other_service": self.link_worker_other_service,
            "gp": self.gp,
            "gp_other_practice": self.gp_other_practice,
            "manager": self.manager,
            "manager_other_service": self.manager_other_service,
            "administrator": self.administrator,
        }


@pytest.fixture
def world(db) -> World:
    service = ServiceFactory(name="Service A")
    other_service = ServiceFactory(name="Service B")
    practice = PracticeFactory(service=service, name="Practice A1")
    other_practice = PracticeFactory(service=service, name="Practice A2")
    outside_practice = PracticeFactory(service=other_service, name="Practice B1")
    link_worker = LinkWorkerFactory(service=service, username="lw-holder")
    return World(
        service=service,
        other_service=other_service,
        practice=practice,
        other_practice=other_practice,
        outside_practice=outside_practice,
        link_worker=link_worker,
        link_worker_not_holding=LinkWorkerFactory(service=service, username="lw-not-holding"),
        link_worker_other_service=LinkWorkerFactory(service=other_service, username="lw-outsider"),
        gp=GPFactory(practice=practice, username="gp-a1"),
        gp_other_practice=GPFactory(practice=other_practice, username="gp-a2"),
        manager=ManagerFactory(service=service, username="manager-a"),
        manager_other_service=ManagerFactory(service=other_service, username="manager-b"),
        administrator=AdministratorFactory(username="admin"),
        patient=PatientFactory(practice=practice, holder=link_worker),
    )


@pytest.fixture
def password() -> str:
    return PASSWORD
