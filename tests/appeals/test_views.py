from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from appeals.models import AppealCase, Benefit, Deadline, DeadlineKind, DeadlineStatus, Stage
from appeals.services import STALE_MESSAGE, case_update
from linkwork.audit.models import AuditAction, AuditEvent
from patients.models import PatientStatus
from tests.factories import AppealCaseFactory, CaseNoteFactory, DeadlineFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lw_client(client, world):
    client.force_login(world.link_worker)
    return client


def detail_url(case) -> str:
    return reverse("appeals:case_detail", kwargs={"pk": case.pk})


# Opening a case


def test_link_worker_opens_a_case_and_sees_its_mr_deadline(lw_client, world):
    decision = timezone.localdate() - timedelta(days=3)
    response = lw_client.post(
        reverse("appeals:case_create", kwargs={"patient_id": world.patient.pk}),
        {
            "holder": world.link_worker.pk,
            "benefit": Benefit.PIP,
            "decision_date": decision.isoformat(),
            "daily_living_before": "standard",
            "mobility_before": "enhanced",
            "daily_living_decided": "none",
            "mobility_decided": "none",
        },
    )
    case = AppealCase.objects.get(patient=world.patient)
    assert response.status_code == 302
    assert response["Location"] == detail_url(case)
    assert case.deadlines.get(kind=DeadlineKind.MR).status == DeadlineStatus.OPEN
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(case.pk), patient_id=world.patient.pk
    ).exists()


def test_bad_date_shows_an_error_summary_and_saves_nothing(lw_client, world):
    response = lw_client.post(
        reverse("appeals:case_create", kwargs={"patient_id": world.patient.pk}),
        {"holder": world.link_worker.pk, "benefit": Benefit.PIP, "decision_date": "31/02/2025"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter the decision date as a real date" in content
    assert not AppealCase.objects.exists()


def test_decision_date_in_the_future_is_a_form_error_not_a_500(lw_client, world):
    response = lw_client.post(
        reverse("appeals:case_create", kwargs={"patient_id": world.patient.pk}),
        {
            "holder": world.link_worker.pk,
            "benefit": Benefit.PIP,
            "decision_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not AppealCase.objects.exists()


# The case page


def test_case_page_shows_header_deadlines_and_is_not_cached(lw_client, case, world, monkeypatch):
    monkeypatch.setattr("appeals.sections.CASE_SECTIONS", {})
    CaseNoteFactory(case=case, text="Patient brought the letter in.")
    response = lw_client.get(detail_url(case))
    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Personal Independence Payment (PIP) appeal" in content
    assert "Next deadline: <strong>Mandatory reconsideration request to reach DWP" in content
    assert "Patient brought the letter in." in content
    assert "No documents yet" in content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.pk), user=world.link_worker
    ).exists()


def test_case_page_flags_motability_and_dwp_lateness(lw_client, world):
    today = timezone.localdate()
    case = AppealCaseFactory(
        patient=world.patient,
        holder=world.link_worker,
        stage=Stage.WITH_DWP,
        decision_date=today - timedelta(days=120),
        mr_requested_date=today - timedelta(days=110),
        mr_notice_date=today - timedelta(days=80),
        appeal_lodged_date=today - timedelta(days=40),
        motability_customer=True,
        mobility_allowance_end_date=today - timedelta(days=20),
    )
    content = lw_client.get(detail_url(case)).content.decode()
    assert "Motability car at risk" in content
    assert "DWP&#x27;s response is 12 days late" in content or "response is 12 days late" in content
    assert "Motability car return" in content


def test_passed_mr_limit_shows_the_13_month_late_limit(lw_client, world):
    decision = timezone.localdate() - timedelta(days=60)
    case = AppealCaseFactory(
        patient=world.patient, holder=world.link_worker, decision_date=decision
    )
    content = lw_client.get(detail_url(case)).content.decode()
    assert "special circumstances" in content
    assert "limit for mandatory reconsideration has passed" in content


def test_sections_registered_by_other_apps_appear_in_documents(lw_client, case, monkeypatch):
    from appeals import sections

    monkeypatch.setattr(sections, "CASE_SECTIONS", {})
    sections.register_case_section(
        key="letters",
        title="Evidence letters",
        template="partials/empty_state.html",
        context=lambda request, case: {"heading": "ignored"},
    )
    content = lw_client.get(detail_url(case)).content.decode()
    assert "Evidence letters" in content
    assert "No documents yet" not in content


# Editing


def test_stale_edit_asks_to_reload_and_keeps_the_other_change(lw_client, case, world):
    form_version = case.version
    case_update(
        case=case,
        by=world.manager,
        version=form_version,
        data={"tribunal_reference": "SC100/25/00001"},
    )
    response = lw_client.post(
        reverse("appeals:case_edit", kwargs={"pk": case.pk}),
        {
            "version": form_version,
            "holder": world.link_worker.pk,
            "benefit": Benefit.PIP,
            "decision_date": case.decision_date.isoformat(),
            "tribunal_reference": "SC999/25/00009",
        },
    )
    assert response.status_code == 200
    assert "Someone else changed this case after you opened it" in response.content.decode()
    case.refresh_from_db()
    assert case.tribunal_reference == "SC100/25/00001"
    assert STALE_MESSAGE.startswith("Someone else")


def test_edit_with_current_version_saves_and_moves_deadlines(lw_client, case, world):
    new_decision = case.decision_date - timedelta(days=5)
    response = lw_client.post(
        reverse("appeals:case_edit", kwargs={"pk": case.pk}),
        {
            "version": case.version,
            "holder": world.link_worker.pk,
            "benefit": Benefit.PIP,
            "decision_date": new_decision.isoformat(),
        },
    )
    assert response.status_code == 302
    mr = case.deadlines.get(kind=DeadlineKind.MR)
    assert mr.due > new_decision


def test_link_worker_not_holding_cannot_post_an_edit(client, case, world):
    client.force_login(world.link_worker_not_holding)
    response = client.post(
        reverse("appeals:case_edit", kwargs={"pk": case.pk}),
        {"version": case.version, "holder": world.link_worker_not_holding.pk, "benefit": "pip"},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.holder == world.link_worker


def test_gp_of_other_practice_gets_404_on_the_case(client, case, world):
    client.force_login(world.gp_other_practice)
    assert client.get(detail_url(case)).status_code == 404


# Stage moves


def test_transition_form_asks_for_missing_dates(lw_client, case):
    url = reverse("appeals:case_transition", kwargs={"pk": case.pk, "to": Stage.MR_REQUESTED})
    response = lw_client.post(url, {"version": case.version})
    assert response.status_code == 200
    assert "Enter the mr requested on." in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.DECISION_RECEIVED


def test_transition_moves_the_case_and_shows_on_the_timeline(lw_client, case):
    url = reverse("appeals:case_transition", kwargs={"pk": case.pk, "to": Stage.MR_REQUESTED})
    response = lw_client.post(
        url,
        {
            "version": case.version,
            "decision_date": case.decision_date.isoformat(),
            "mr_requested_date": case.decision_date.isoformat(),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.MR_REQUESTED
    content = lw_client.get(detail_url(case)).content.decode()
    assert "Decision received → MR requested" in content


def test_transition_not_in_the_table_explains_where_the_case_can_go(lw_client, case):
    url = reverse("appeals:case_transition", kwargs={"pk": case.pk, "to": Stage.HEARING})
    response = lw_client.post(url, {"version": case.version})
    content = response.content.decode()
    assert response.status_code == 200
    assert "cannot move to “Hearing”" in content
    assert "From here it can move to" in content
    case.refresh_from_db()
    assert case.stage == Stage.DECISION_RECEIVED


def test_unknown_stage_in_the_url_is_404(lw_client, case):
    url = reverse("appeals:case_transition", kwargs={"pk": case.pk, "to": "nowhere"})
    assert lw_client.get(url).status_code == 404


# PIP estimate


def test_pip_estimate_sums_points_and_shows_the_likely_award(lw_client, case):
    url = reverse("appeals:pip_estimate", kwargs={"pk": case.pk})
    response = lw_client.post(
        url,
        {
            "version": case.version,
            "preparing_food": "f",  # 8
            "washing_and_bathing": "f",  # 4
            "moving_around": "d",  # 10
        },
    )
    assert response.status_code == 302
    content = lw_client.get(url).content.decode()
    assert '<td id="daily-living-points">12</td>' in content
    assert '<td id="mobility-points">10</td>' in content
    assert "<td>Enhanced</td>" in content
    assert "<td>Standard</td>" in content


def test_pip_estimate_descriptors_say_point_or_points(lw_client, case):
    content = lw_client.get(reverse("appeals:pip_estimate", kwargs={"pk": case.pk})).text
    assert "(1 point)</option>" in content
    assert "(2 points)</option>" in content
    assert "(1 points)" not in content


def test_pip_estimate_with_unknown_descriptor_is_a_form_error(lw_client, case):
    url = reverse("appeals:pip_estimate", kwargs={"pk": case.pk})
    response = lw_client.post(url, {"version": case.version, "preparing_food": "z"})
    assert response.status_code == 200
    assert "Choose one of the listed descriptors." in response.content.decode()


def test_pip_estimate_explains_it_is_for_pip_only(lw_client, world):
    case = AppealCaseFactory(
        patient=world.patient,
        holder=world.link_worker,
        benefit=Benefit.ESA,
        daily_living_before="",
        mobility_before="",
        daily_living_decided="",
        mobility_decided="",
    )
    response = lw_client.get(reverse("appeals:pip_estimate", kwargs={"pk": case.pk}))
    assert "The points estimate is for PIP cases" in response.content.decode()


# Notes and deadlines


def test_empty_note_is_refused_with_a_message(lw_client, case):
    response = lw_client.post(
        reverse("appeals:note_add", kwargs={"pk": case.pk}), {"text": ""}, follow=True
    )
    assert "Write the note before saving it." in response.content.decode()
    assert not case.notes.exists()


def test_task_deadline_is_added_from_the_form(lw_client, case):
    due = timezone.localdate() + timedelta(days=4)
    response = lw_client.post(
        reverse("appeals:deadline_add", kwargs={"pk": case.pk}),
        {"kind": "task", "label": "Chase GP letter", "due": due.isoformat()},
    )
    assert response.status_code == 302
    assert case.deadlines.get(kind=DeadlineKind.TASK).due == due


def test_deadline_form_with_bad_date_shows_errors(lw_client, case):
    response = lw_client.post(
        reverse("appeals:deadline_add", kwargs={"pk": case.pk}),
        {"kind": "task", "label": "", "due": "soon"},
    )
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Say what has to be done by this date." in content
    assert "Enter the due date as a real date" in content


def test_waiving_without_a_reason_is_refused(lw_client, case):
    mr = case.deadlines.get(kind=DeadlineKind.MR)
    response = lw_client.post(
        reverse("appeals:deadline_status", kwargs={"pk": case.pk, "deadline_id": mr.pk}),
        {"action": "waive", "reason": ""},
        follow=True,
    )
    assert "Say why this deadline no longer applies." in response.content.decode()
    mr.refresh_from_db()
    assert mr.status == DeadlineStatus.OPEN


def test_deadline_of_another_case_is_404(lw_client, case, world):
    other = AppealCaseFactory(patient=PatientFactory(practice=world.practice))
    theirs = other.deadlines.get(kind=DeadlineKind.MR)
    response = lw_client.post(
        reverse("appeals:deadline_status", kwargs={"pk": case.pk, "deadline_id": theirs.pk}),
        {"action": "waive", "reason": "x"},
    )
    assert response.status_code == 404


# My deadlines


def test_my_deadlines_lists_overdue_and_next_14_days_of_my_cases_sorted(lw_client, case, world):
    today = timezone.localdate()
    Deadline.objects.filter(case=case).delete()
    for days, label in [(14, "Day 14"), (-3, "Overdue task"), (15, "Day 15"), (2, "Day 2")]:
        DeadlineFactory(case=case, label=label, due=today + timedelta(days=days))
    DeadlineFactory(
        case=case, label="Waived one", due=today, status=DeadlineStatus.WAIVED, status_reason="n/a"
    )
    someone_elses = AppealCaseFactory(patient=PatientFactory(practice=world.practice))
    DeadlineFactory(case=someone_elses, label="Not mine", due=today)
    content = lw_client.get(reverse("appeals:my_deadlines")).content.decode()
    positions = [content.index(label) for label in ("Overdue task", "Day 2", "Day 14")]
    assert positions == sorted(positions)
    assert "Day 15" not in content
    assert "Waived one" not in content
    assert "Not mine" not in content


def test_manager_sees_the_service_deadlines(client, case, world):
    DeadlineFactory(case=case, label="Send diary to DWP")
    client.force_login(world.manager)
    content = client.get(reverse("appeals:my_deadlines")).content.decode()
    assert "Send diary to DWP" in content
    assert escape(str(world.link_worker)) in content


def test_my_deadlines_empty_state(client, world):
    client.force_login(world.link_worker_not_holding)
    content = client.get(reverse("appeals:my_deadlines")).content.decode()
    assert "Nothing due in the next 14 days" in content


def test_case_list_filters_by_stage_and_shows_empty_state(lw_client, case):
    content = lw_client.get(reverse("appeals:case_list")).content.decode()
    assert case.patient.full_name in content
    content = lw_client.get(reverse("appeals:case_list"), {"stage": "hearing"}).content.decode()
    assert "No cases match these filters" in content


# Query counts


def _make_cases(world, n):
    for _ in range(n):
        case = AppealCaseFactory(
            patient=PatientFactory(practice=world.practice), holder=world.link_worker
        )
        DeadlineFactory(case=case)
        CaseNoteFactory(case=case)


@pytest.mark.parametrize("url_name", ["appeals:case_list", "appeals:my_deadlines"])
def test_list_pages_make_the_same_queries_for_3_and_15_cases(
    lw_client, world, url_name, django_assert_max_num_queries
):
    _make_cases(world, 3)
    with django_assert_max_num_queries(12) as small:
        assert lw_client.get(reverse(url_name)).status_code == 200
    _make_cases(world, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert lw_client.get(reverse(url_name)).status_code == 200


def test_case_page_queries_do_not_grow_with_deadlines_and_notes(
    lw_client, case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as small:
        lw_client.get(detail_url(case))
    for _ in range(10):
        DeadlineFactory(case=case)
        CaseNoteFactory(case=case)
    with django_assert_max_num_queries(len(small.captured_queries)):
        lw_client.get(detail_url(case))


# Choosing the patient for a new case


def test_case_start_lists_my_patients_first_and_goes_on_to_the_case_form(lw_client, world):
    PatientFactory(practice=world.practice, family_name="Aaronson")
    response = lw_client.get(reverse("appeals:case_start"))
    choices = list(response.context["form"].fields["patient"].queryset)
    assert choices[0] == world.patient
    response = lw_client.post(reverse("appeals:case_start"), {"patient": world.patient.pk})
    assert response["Location"] == reverse(
        "appeals:case_create", kwargs={"patient_id": world.patient.pk}
    )


def test_case_start_refuses_a_patient_of_another_service(lw_client, world):
    outsider = PatientFactory(practice=world.outside_practice)
    response = lw_client.post(reverse("appeals:case_start"), {"patient": outsider.pk})
    assert response.status_code == 200
    assert "Choose one of the listed patients." in response.content.decode()


def test_case_start_does_not_offer_closed_patients(lw_client, world):
    closed = PatientFactory(practice=world.practice, status=PatientStatus.CLOSED)
    response = lw_client.get(reverse("appeals:case_start"))
    assert closed not in response.context["form"].fields["patient"].queryset


def test_no_case_can_be_opened_for_a_closed_patient(lw_client, world):
    world.patient.status = PatientStatus.CLOSED
    world.patient.save()
    url = reverse("appeals:case_create", kwargs={"patient_id": world.patient.pk})
    assert lw_client.get(url).status_code == 403
    response = lw_client.post(
        url,
        {
            "holder": world.link_worker.pk,
            "benefit": Benefit.PIP,
            "decision_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 403
    assert not AppealCase.objects.filter(patient=world.patient).exists()
    page = lw_client.get(reverse("patients:detail", kwargs={"pk": world.patient.pk}))
    assert url not in page.content.decode()


def test_every_change_is_audited_with_the_patient(lw_client, case, world):
    lw_client.post(
        reverse("appeals:note_add", kwargs={"pk": case.pk}), {"text": "Rang the patient."}
    )
    lw_client.post(
        reverse("appeals:case_edit", kwargs={"pk": case.pk}),
        {
            "version": case.version,
            "holder": world.link_worker.pk,
            "benefit": Benefit.PIP,
            "decision_date": case.decision_date.isoformat(),
        },
    )
    events = AuditEvent.objects.filter(patient_id=world.patient.pk, user=world.link_worker)
    assert set(events.values_list("action", flat=True)) >= {AuditAction.CREATE, AuditAction.UPDATE}


def test_navigation_shows_appeals_to_service_staff_only(world):
    from linkwork.navigation import items_for

    appeals_urls = {reverse("appeals:case_list"), reverse("appeals:my_deadlines")}
    for persona, shown in [
        ("link_worker", True),
        ("manager", True),
        ("gp", False),
        ("administrator", False),
    ]:
        urls = {item["url"] for item in items_for(world.personas()[persona])}
        assert (appeals_urls <= urls) is shown, persona


def test_case_page_shows_income_gained_in_pounds_and_pence(lw_client, case, world):
    AppealCase.objects.filter(pk=case.pk).update(
        arrears=Decimal("2027.04"), annual_gain=Decimal("7849.40")
    )
    content = lw_client.get(detail_url(case)).content.decode()
    assert "<strong>£2027.04</strong> arrears plus <strong>£7849.40</strong> a year" in content


def test_edit_form_groups_fields_and_carries_the_version(lw_client, case):
    content = lw_client.get(reverse("appeals:case_edit", kwargs={"pk": case.pk})).content.decode()
    for legend in ("The decision", "Mandatory reconsideration", "Hearing and outcome"):
        assert f"<legend>{legend}</legend>" in content
    assert f'name="version" value="{case.version}"' in content
    assert 'class="pip-only"' in content
    assert "js/appeals.js" in content
    assert content.count("csrfmiddlewaretoken") == 2  # the sign-out form and this one
