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
from django.http import HttpRequest
from django.test import Client

from linkwork.accounts import two_factor
from tests.factories import (
    GPFactory,
    LinkWorkerFactory,
    ManagerFactory,
    PatientFactory,
    PracticeFactory,
    ServiceFactory,
)
from tests.factories.accounts import PASSWORD, AdministratorFactory


class SignedInClient(Client):
    """The test client, with ``force_login`` and ``login`` giving a fully signed-in session:
    password and two-factor code both passed, as after a real sign-in. Tests of the two-factor
    step itself use the sign-in pages (or ``Client`` from django.test)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        self._pass_two_factor()

    def login(self, **credentials):
        # django-axes needs the request to check for a lockout before the password.
        credentials.setdefault("request", _test_request())
        signed_in = super().login(**credentials)
        if signed_in:
            self._pass_two_factor()
        return signed_in

    def _pass_two_factor(self) -> None:
        session = self.session
        session[two_factor.VERIFIED_SESSION_KEY] = "test-client"
        session.save()


def _test_request() -> HttpRequest:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return request


@pytest.fixture
def client() -> SignedInClient:
    """pytest-django's ``client``, signed in through both factors by ``force_login``."""
    return SignedInClient()


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
