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


def _render_patient_appeals(user, patient) -> str:
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load appeal_tags %}{% patient_appeals patient %}").render(
        Context({"request": request, "patient": patient})
    )


def test_patient_appeals_tag_lists_cases_and_offers_a_new_one(world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    html = _render_patient_appeals(world.link_worker_not_holding, world.patient)
    assert reverse("appeals:case_detail", kwargs={"pk": case.pk}) in html
    assert reverse("appeals:case_create", kwargs={"patient_id": world.patient.pk}) in html


def test_patient_appeals_tag_shows_gps_nothing(world):
    AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    assert _render_patient_appeals(world.gp, world.patient).strip() == ""
