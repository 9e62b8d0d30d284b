import pytest
from django.urls import reverse

from appeals.models import Stage
from appeals.services import case_transition
from appeals.timeline import appeal_entries
from tests.factories import AppealCaseFactory

pytestmark = pytest.mark.django_db


def test_patient_timeline_shows_the_case_and_its_stage_changes(world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    case_transition(
        case=case,
        to=Stage.MR_REQUESTED,
        by=world.link_worker,
        data={"mr_requested_date": case.decision_date},
    )
    titles = [entry.title for entry in appeal_entries(world.patient, world.link_worker)]
    assert titles == [
        "Personal Independence Payment (PIP) appeal case opened",
        "Personal Independence Payment (PIP) appeal: Decision received → MR requested",
    ]


def test_gp_gets_no_appeal_entries(world):
    AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    assert list(appeal_entries(world.patient, world.gp)) == []


def test_patient_page_links_to_the_appeal_case(client, world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    client.force_login(world.link_worker)
    response = client.get(reverse("patients:detail", kwargs={"pk": world.patient.pk}))
    assert reverse("appeals:case_detail", kwargs={"pk": case.pk}) in response.content.decode()
