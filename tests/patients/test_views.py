"""The patient page and the forms that add to the record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from linkwork.audit.models import AuditEvent
from patients.models import Contact, ContactOutcome, Patient
from referrals.models import ReferralStatus
from tests.factories import (
    AppealCaseFactory,
    ConsentFactory,
    ContactFactory,
    GPMessageFactory,
    NeedFactory,
    OutcomeMeasureFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def detail(world):
    return reverse("patients:detail", kwargs={"pk": world.patient.pk})


def url(name, world, **kwargs):
    return reverse(f"patients:{name}", kwargs={"pk": world.patient.pk, **kwargs})


def test_patient_page_shows_the_summary_header(world, client):
    world.patient.nhs_number = "9434765919"
    world.patient.safeguarding_concern = True
    world.patient.save()
    client.force_login(world.link_worker_not_holding)
    response = client.get(detail(world))
    assert response.status_code == 200
    assert escape(world.patient.full_name) in response.text
    assert "943 476 5919" in response.text
    assert f"age {world.patient.age}" in response.text
    assert world.practice.name in response.text
    assert escape(str(world.link_worker)) in response.text
    assert "Safeguarding concern" in response.text


def test_patient_page_is_never_cached_and_audited(world, client):
    client.force_login(world.link_worker)
    response = client.get(detail(world))
    assert "no-store" in response.headers["Cache-Control"]
    event = AuditEvent.objects.filter(patient_id=world.patient.pk, action="view").get()
    assert event.user == world.link_worker


def test_patient_page_lists_the_patients_appeal_cases_for_the_service(world, client):
    case = AppealCaseFactory(patient=world.patient)
    client.force_login(world.link_worker_not_holding)
    response = client.get(detail(world))
    assert "Benefit appeals" in response.text
    assert reverse("appeals:case_detail", kwargs={"pk": case.pk}) in response.text


def test_patient_page_appeal_section_query_count_does_not_grow_with_cases(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.link_worker)
    AppealCaseFactory(patient=world.patient)
    with django_assert_max_num_queries(60) as one:
        client.get(detail(world))
    AppealCaseFactory.create_batch(4, patient=world.patient)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(detail(world))
    assert response.text.count(reverse("appeals:case_list")) >= 1


def test_patient_page_links_the_access_log_for_the_holder_only(world, client):
    access_log = reverse("audit:patient_access", args=[world.patient.pk])
    client.force_login(world.link_worker)
    assert access_log in client.get(detail(world)).text
    client.force_login(world.link_worker_not_holding)
    assert access_log not in client.get(detail(world)).text


def test_opening_a_patient_in_the_admin_is_audited(world, client):
    client.force_login(world.administrator)
    response = client.get(reverse("admin:patients_patient_change", args=[world.patient.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(patient_id=world.patient.pk, action="view")
    assert event.user == world.administrator


def test_banner_shows_when_no_consent_is_recorded(world, client):
    client.force_login(world.link_worker)
    assert "No consent recorded." in client.get(detail(world)).text
    ConsentFactory(patient=world.patient)
    assert "No consent recorded." not in client.get(detail(world)).text


def test_banner_shows_when_consent_was_withdrawn(world, client):
    ConsentFactory(patient=world.patient, decided_on=datetime.date(2026, 1, 5))
    ConsentFactory(patient=world.patient, decided_on=datetime.date(2026, 3, 2), withdrawn=True)
    client.force_login(world.link_worker)
    assert "Consent withdrawn on 2 Mar 2026." in client.get(detail(world)).text


def test_gp_sees_referral_summary_and_messages_but_never_contact_notes(world, client):
    ContactFactory(patient=world.patient, notes="Confidential: rent arrears")
    message = GPMessageFactory(
        referral__patient=world.patient, summary="Referral accepted. Support: Citizens Advice."
    )
    client.force_login(world.gp)
    response = client.get(detail(world))
    assert response.status_code == 200
    assert "rent arrears" not in response.text
    assert message.summary in response.text
    assert "Log contact" not in response.text


def test_timeline_lists_what_happened_newest_first(world, client):
    now = timezone.now()
    ContactFactory(
        patient=world.patient, at=now - datetime.timedelta(days=3), notes="first call notes"
    )
    ReferralFactory(
        patient=world.patient, received_on=timezone.localdate() - datetime.timedelta(days=5)
    )
    NeedFactory(
        patient=world.patient, identified_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(world.link_worker)
    timeline = client.get(detail(world)).context["timeline"]
    assert [entry.kind for entry in timeline] == ["need", "contact", "referral"]


def test_measures_show_the_change_from_baseline(world, client):
    OutcomeMeasureFactory(patient=world.patient, taken_on=datetime.date(2026, 1, 1))
    OutcomeMeasureFactory(
        patient=world.patient,
        timepoint="follow_up",
        taken_on=datetime.date(2026, 4, 1),
        scores={"life_satisfaction": 7, "worthwhile": 5, "happiness": 3, "anxiety": 4},
    )
    client.force_login(world.link_worker)
    response = client.get(detail(world))
    summary = response.context["measures"][0]
    changes = [(c.change, c.improved) for c in summary.changes]
    assert changes == [(3, True), (0, None), (0, None), (-3, True)]
    assert "+3 (better)" in response.text


# Changing the record


def test_edit_normalises_identifiers_and_records_the_change(world, client):
    client.force_login(world.link_worker)
    data = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": "1950-12-10",
        "nhs_number": "943 476 5919",
        "ni_number": "ab 12 34 56 c",
        "address": "1 Quay Street",
        "postcode": "m3 4ab",
        "preferred_contact_method": "phone",
        "practice": world.practice.pk,
        "status": "active",
        "is_carer": "on",
    }
    response = client.post(url("edit", world), data)
    assert response.status_code == 302
    world.patient.refresh_from_db()
    assert (world.patient.nhs_number, world.patient.ni_number, world.patient.postcode) == (
        "9434765919",
        "AB123456C",
        "M3 4AB",
    )
    assert world.patient.is_carer
    assert world.patient.history.first().history_user == world.link_worker


def test_edit_with_bad_input_shows_errors_and_saves_nothing(world, client):
    client.force_login(world.link_worker)
    before = world.patient.family_name
    response = client.post(
        url("edit", world),
        {
            "given_name": "Ada",
            "family_name": "Changed",
            "date_of_birth": "2999-01-01",
            "nhs_number": "123",
            "postcode": "nonsense",
            "address": "x",
            "practice": world.practice.pk,
            "status": "active",
            "preferred_contact_method": "phone",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "An NHS number is 10 digits" in response.text
    assert "Enter a valid UK postcode" in response.text
    assert "The date of birth must be in the past." in response.text
    world.patient.refresh_from_db()
    assert world.patient.family_name == before


def test_edit_refuses_an_nhs_number_another_patient_has(world, client):
    other = Patient.objects.exclude(pk=world.patient.pk).first() or ReferralFactory().patient
    other.nhs_number = "9434765919"
    other.save()
    client.force_login(world.link_worker)
    response = client.post(
        url("edit", world),
        {
            "given_name": "Ada",
            "family_name": "Lovelace",
            "date_of_birth": "1950-12-10",
            "nhs_number": "9434765919",
            "address": "x",
            "postcode": "M1 1AA",
            "practice": world.practice.pk,
            "status": "active",
            "preferred_contact_method": "phone",
        },
    )
    assert "Another patient already has this NHS number." in response.text


def test_consent_form_records_a_withdrawal_as_a_new_entry(world, client):
    ConsentFactory(patient=world.patient, decided_on=datetime.date(2026, 1, 5))
    client.force_login(world.link_worker)
    response = client.post(
        url("consent_add", world),
        {"scope": "hold_data", "given": "no", "decided_on": "2026-02-01", "method": "written"},
    )
    assert response.status_code == 302
    assert list(world.patient.consents.order_by("decided_on").values_list("given", flat=True)) == [
        True,
        False,
    ]


def test_consent_to_share_without_organisation_is_a_field_error(world, client):
    client.force_login(world.link_worker)
    response = client.post(
        url("consent_add", world),
        {"scope": "share", "given": "yes", "decided_on": "2026-02-01", "method": "written"},
    )
    assert "Name the organisation to share with." in response.text
    assert not world.patient.consents.exists()


def test_quick_add_contact_with_htmx_returns_the_form_and_the_updated_list(world, client):
    ReferralFactory(patient=world.patient)
    client.force_login(world.link_worker)
    at = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    response = client.post(
        url("contact_add", world),
        {
            "at": at.strftime("%Y-%m-%dT%H:%M"),
            "kind": "phone",
            "outcome": "spoke",
            "duration_minutes": "12",
            "notes": "Agreed to try the walking group",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Contact logged." in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "Agreed to try the walking group" in response.text
    contact = Contact.objects.get(patient=world.patient)
    assert contact.at == at
    assert world.patient.referrals.get().status == ReferralStatus.CONTACTED
    assert AuditEvent.objects.filter(action="create", object_id=str(contact.pk)).exists()


def test_quick_add_contact_with_errors_shows_them_in_the_form(world, client):
    client.force_login(world.link_worker)
    response = client.post(
        url("contact_add", world),
        {"at": "not a date", "kind": "phone", "outcome": "spoke"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Enter a real date and time." in response.text
    assert 'hx-swap-oob="true"' not in response.text
    assert not Contact.objects.exists()


def test_contact_form_without_htmx_redirects_to_the_patient(world, client):
    client.force_login(world.manager)
    response = client.post(
        url("contact_add", world),
        {
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "home_visit",
            "outcome": ContactOutcome.NO_ANSWER,
        },
    )
    assert response.headers["Location"] == detail(world)
    assert Contact.objects.get().recorded_by == world.manager


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("link_worker_not_holding", 403),
        ("gp", 403),
        ("gp_other_practice", 404),
        ("link_worker_other_service", 404),
    ],
)
def test_contact_post_by_someone_who_may_not_change_the_record_saves_nothing(
    world, client, persona, status
):
    client.force_login(world.personas()[persona])
    response = client.post(
        url("contact_add", world),
        {"at": "2026-11-20T10:00", "kind": "phone", "outcome": "spoke"},
    )
    assert response.status_code == status
    assert not Contact.objects.exists()


def test_need_and_support_are_recorded_and_linked(world, client):
    client.force_login(world.link_worker)
    client.post(
        url("need_add", world),
        {"category": "money", "detail": "Debts", "identified_on": "2026-11-20"},
    )
    need = world.patient.needs.get()
    response = client.post(
        url("support_add", world),
        {
            "need": need.pk,
            "kind": "referred",
            "organisation": "Citizens Advice",
            "offered_on": "2026-11-21",
            "outcome": "pending",
        },
    )
    assert response.status_code == 302
    offer = need.support_offers.get()
    client.post(
        url("support_edit", world, support_pk=offer.pk), {"outcome": "engaged", "notes": "Seen"}
    )
    offer.refresh_from_db()
    assert offer.outcome == "engaged"
    client.post(url("need_resolve", world, need_pk=need.pk), {"resolved_on": "2026-11-22"})
    need.refresh_from_db()
    assert need.resolved_on == datetime.date(2026, 11, 22)


def test_support_for_another_patients_need_is_refused(world, client):
    other_need = NeedFactory()
    client.force_login(world.link_worker)
    response = client.post(
        url("support_add", world),
        {
            "need": other_need.pk,
            "kind": "referred",
            "organisation": "Shelter",
            "offered_on": "2026-11-21",
            "outcome": "pending",
        },
    )
    assert response.status_code == 200
    assert not world.patient.support_offers.exists()


def test_measure_form_records_scores_and_explains_bad_ones(world, client):
    client.force_login(world.link_worker)
    bad = {"kind": "ons4", "timepoint": "baseline", "taken_on": "2026-11-20"} | {
        "life_satisfaction": "11",
        "worthwhile": "",
        "happiness": "3",
        "anxiety": "7",
    }
    response = client.post(url("measure_add", world), bad)
    assert "Enter a whole number from 0 to 10." in response.text
    assert "Enter a score for this question." in response.text
    good = bad | {"life_satisfaction": "6", "worthwhile": "5"}
    assert client.post(url("measure_add", world), good).status_code == 302
    assert world.patient.measures.get().scores == {
        "life_satisfaction": 6,
        "worthwhile": 5,
        "happiness": 3,
        "anxiety": 7,
    }
    response = client.post(url("measure_add", world), good)
    assert "already has a baseline" in response.text


def test_holder_reassigns_and_the_page_shows_who_held_the_case(world, client):
    client.force_login(world.link_worker)
    response = client.post(
        url("reassign", world),
        {"holder": world.link_worker_not_holding.pk, "reason": "Closer to home"},
    )
    assert response.status_code == 302
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker_not_holding
    client.force_login(world.manager)
    history = client.get(detail(world)).context["holder_history"]
    assert history[0]["holder"] == world.link_worker_not_holding
    assert history[0]["by"] == world.link_worker
    assert history[0]["reason"] == "Reassigned: Closer to home"


def test_link_worker_not_holding_cannot_reassign(world, client):
    client.force_login(world.link_worker_not_holding)
    response = client.post(url("reassign", world), {"holder": world.link_worker_not_holding.pk})
    assert response.status_code == 403
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker


def test_reassign_to_a_link_worker_of_another_service_is_a_form_error(world, client):
    client.force_login(world.manager)
    response = client.post(url("reassign", world), {"holder": world.link_worker_other_service.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker
