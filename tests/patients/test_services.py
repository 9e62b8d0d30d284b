"""Writes to the patient record: normalisation, consent, contacts, needs, measures and
reassignment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.accounts.policy import may_share_with_third_parties
from patients import services
from patients.models import (
    ConsentMethod,
    ConsentScope,
    ContactKind,
    ContactOutcome,
    MeasureKind,
    NeedCategory,
    Patient,
    SupportKind,
    Timepoint,
)
from patients.selectors import consent_state, contact_attempts_since_last_reached
from referrals.models import ReferralStatus
from tests.factories import (
    ConsentFactory,
    ContactFactory,
    LinkWorkerFactory,
    NeedFactory,
    OutcomeMeasureFactory,
    ReferralFactory,
)
from tests.factories.patients import ONS4_SCORES

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def patient_fields(world, **overrides):
    return {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": datetime.date(1950, 12, 10),
        "address": "1 Quay Street\nManchester",
        "postcode": "m3 4ab",
        "practice": world.practice,
        "nhs_number": "943 476 5919",
        "ni_number": "ab 12 34 56 c",
    } | overrides


def test_patient_create_stores_identifiers_normalised(world):
    patient = services.patient_create(by=world.link_worker, **patient_fields(world))
    patient.refresh_from_db()
    assert patient.nhs_number == "9434765919"
    assert patient.nhs_number_display == "943 476 5919"
    assert patient.ni_number == "AB123456C"
    assert patient.postcode == "M3 4AB"


def test_patient_create_rejects_a_bad_check_digit_with_a_readable_message(world):
    with pytest.raises(ValidationError) as error:
        services.patient_create(
            by=world.link_worker, **patient_fields(world, nhs_number="943 476 5918")
        )
    assert "one of the digits is wrong" in str(error.value.message_dict["nhs_number"])
    assert not Patient.objects.filter(family_name="Lovelace").exists()


def test_nhs_number_is_never_duplicated(world):
    world.patient.nhs_number = "9434765919"
    world.patient.save()
    with pytest.raises(ValidationError) as error:
        services.patient_create(by=world.link_worker, **patient_fields(world))
    assert "Another patient already has this NHS number." in error.value.messages


def test_patients_without_an_nhs_number_may_be_many(world):
    for _ in range(2):
        services.patient_create(by=world.link_worker, **patient_fields(world, nhs_number=""))
    assert Patient.objects.filter(nhs_number="", family_name="Lovelace").count() == 2


def test_patient_update_records_history_with_the_user(world):
    services.patient_update(patient=world.patient, by=world.manager, postcode="m1 2ab")
    latest = world.patient.history.first()
    assert latest.postcode == "M1 2AB"
    assert latest.history_user == world.manager


def test_reassign_hands_the_case_over_and_keeps_it_in_history(world):
    services.patient_reassign(
        patient=world.patient, to=world.link_worker_not_holding, by=world.manager, reason="Leave"
    )
    world.patient.refresh_from_db()
    assert world.patient.holder == world.link_worker_not_holding
    record = world.patient.history.first()
    assert record.history_user == world.manager
    assert record.history_change_reason == "Reassigned: Leave"
    assert world.patient.history.all()[1].holder_id == world.link_worker.pk


def test_reassign_refuses_a_link_worker_of_another_service(world):
    with pytest.raises(ValidationError, match="link worker of this patient's service"):
        services.patient_reassign(
            patient=world.patient, to=world.link_worker_other_service, by=world.manager
        )


def test_reassign_refuses_a_gp(world):
    with pytest.raises(ValidationError):
        services.patient_reassign(patient=world.patient, to=world.gp, by=world.manager)


def test_consent_withdrawal_is_a_new_entry_and_takes_effect(world):
    given = services.consent_record(
        patient=world.patient,
        by=world.link_worker,
        scope=ConsentScope.HOLD_DATA,
        given=True,
        decided_on=TODAY - datetime.timedelta(days=10),
        method=ConsentMethod.VERBAL_PHONE,
    )
    assert consent_state(world.patient).holds_data
    services.consent_record(
        patient=world.patient,
        by=world.link_worker,
        scope=ConsentScope.HOLD_DATA,
        given=False,
        decided_on=TODAY - datetime.timedelta(days=1),
        method=ConsentMethod.WRITTEN,
    )
    assert world.patient.consents.count() == 2
    assert world.patient.consents.filter(pk=given.pk).exists()
    assert not consent_state(world.patient).holds_data


def test_consent_to_share_needs_an_organisation(world):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            patient=world.patient,
            by=world.link_worker,
            scope=ConsentScope.SHARE,
            given=True,
            decided_on=TODAY,
            method=ConsentMethod.WRITTEN,
        )
    assert "organisation" in error.value.message_dict


def test_consent_cannot_be_dated_in_the_future(world):
    with pytest.raises(ValidationError, match="future"):
        services.consent_record(
            patient=world.patient,
            by=world.link_worker,
            scope=ConsentScope.HOLD_DATA,
            given=True,
            decided_on=timezone.localdate() + datetime.timedelta(days=1),
            method=ConsentMethod.WRITTEN,
        )


def test_sharing_is_refused_without_consent_to_hold_data(world):
    ConsentFactory(patient=world.patient, share=True, organisation="Citizens Advice")
    assert not may_share_with_third_parties(world.patient)


def test_sharing_is_allowed_with_the_named_organisation_only(world):
    ConsentFactory(patient=world.patient)
    ConsentFactory(patient=world.patient, share=True, organisation="Citizens Advice")
    assert may_share_with_third_parties(world.patient)
    assert may_share_with_third_parties(world.patient, "citizens advice")
    assert not may_share_with_third_parties(world.patient, "Housing Trust")


def test_sharing_stops_when_sharing_consent_is_withdrawn(world):
    ConsentFactory(patient=world.patient, decided_on=TODAY - datetime.timedelta(days=5))
    ConsentFactory(
        patient=world.patient,
        share=True,
        organisation="Citizens Advice",
        decided_on=TODAY - datetime.timedelta(days=5),
    )
    ConsentFactory(patient=world.patient, share=True, organisation="Citizens Advice", given=False)
    assert not may_share_with_third_parties(world.patient)
    assert not may_share_with_third_parties(world.patient, "Citizens Advice")


def test_contact_reaching_the_patient_sets_first_contact_and_moves_referral(world):
    referral = ReferralFactory(
        patient=world.patient, received_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    at = timezone.now() - datetime.timedelta(hours=2)
    services.contact_create(
        patient=world.patient,
        by=world.link_worker,
        at=at,
        kind=ContactKind.PHONE,
        outcome=ContactOutcome.SPOKE,
        duration_minutes=15,
    )
    referral.refresh_from_db()
    assert referral.first_contact_at == at
    assert referral.status == ReferralStatus.CONTACTED
    assert referral.days_to_first_contact == 3
    transition = referral.transitions.last()
    assert (transition.from_status, transition.to_status) == ("received", "contacted")
    assert transition.by == world.link_worker


def test_unanswered_attempt_is_not_a_first_contact_but_counts_as_an_attempt(world):
    referral = ReferralFactory(patient=world.patient)
    services.contact_create(
        patient=world.patient,
        by=world.link_worker,
        at=timezone.now(),
        kind=ContactKind.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
    )
    referral.refresh_from_db()
    assert referral.first_contact_at is None
    assert referral.status == ReferralStatus.RECEIVED
    assert contact_attempts_since_last_reached(world.patient) == 1


def test_attempts_count_restarts_after_the_patient_is_reached(world):
    now = timezone.now()
    ContactFactory(patient=world.patient, no_answer=True, at=now - datetime.timedelta(days=3))
    ContactFactory(patient=world.patient, at=now - datetime.timedelta(days=2))
    ContactFactory(patient=world.patient, no_answer=True, at=now - datetime.timedelta(days=1))
    assert contact_attempts_since_last_reached(world.patient) == 1


def test_first_contact_is_kept_from_the_first_contact_only(world):
    referral = ReferralFactory(
        patient=world.patient, received_on=timezone.localdate() - datetime.timedelta(days=5)
    )
    first = timezone.now() - datetime.timedelta(days=2)
    for at in (first, timezone.now()):
        services.contact_create(
            patient=world.patient,
            by=world.link_worker,
            at=at,
            kind=ContactKind.PHONE,
            outcome=ContactOutcome.SPOKE,
        )
    referral.refresh_from_db()
    assert referral.first_contact_at == first


def test_contact_cannot_be_in_the_future(world):
    with pytest.raises(ValidationError, match="future"):
        services.contact_create(
            patient=world.patient,
            by=world.link_worker,
            at=timezone.now() + datetime.timedelta(days=1),
            kind=ContactKind.PHONE,
            outcome=ContactOutcome.SPOKE,
        )
    assert not world.patient.contacts.exists()


def test_need_resolved_before_identified_is_refused(world):
    need = NeedFactory(patient=world.patient, identified_on=TODAY)
    with pytest.raises(ValidationError, match="before the need was identified"):
        services.need_resolve(
            need=need, by=world.link_worker, resolved_on=TODAY - datetime.timedelta(days=1)
        )


def test_support_offer_must_address_the_patients_own_need(world):
    other_need = NeedFactory(category=NeedCategory.HOUSING)
    with pytest.raises(ValidationError, match="this patient's needs"):
        services.support_offer_create(
            patient=world.patient,
            by=world.link_worker,
            kind=SupportKind.REFERRED,
            organisation="Shelter",
            offered_on=TODAY,
            need=other_need,
        )


def test_follow_up_needs_a_baseline_first(world):
    with pytest.raises(ValidationError, match="baseline before a follow-up"):
        services.measure_record(
            patient=world.patient,
            by=world.link_worker,
            kind=MeasureKind.ONS4,
            timepoint=Timepoint.FOLLOW_UP,
            taken_on=TODAY,
            scores=ONS4_SCORES,
        )


def test_second_baseline_is_refused(world):
    OutcomeMeasureFactory(patient=world.patient)
    with pytest.raises(ValidationError, match="already has a baseline"):
        services.measure_record(
            patient=world.patient,
            by=world.link_worker,
            kind=MeasureKind.ONS4,
            timepoint=Timepoint.BASELINE,
            taken_on=TODAY,
            scores=ONS4_SCORES,
        )


@pytest.mark.parametrize(
    "scores",
    [
        {"life_satisfaction": 11, "worthwhile": 5, "happiness": 3, "anxiety": 7},
        {"life_satisfaction": -1, "worthwhile": 5, "happiness": 3, "anxiety": 7},
        {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3},
        {"life_satisfaction": "4", "worthwhile": 5, "happiness": 3, "anxiety": 7},
    ],
)
def test_ons4_scores_must_be_whole_numbers_from_0_to_10_for_every_question(world, scores):
    with pytest.raises(ValidationError):
        services.measure_record(
            patient=world.patient,
            by=world.link_worker,
            kind=MeasureKind.ONS4,
            timepoint=Timepoint.BASELINE,
            taken_on=TODAY,
            scores=scores,
        )
    assert not world.patient.measures.exists()


def test_holder_must_be_of_the_patients_service_at_creation_via_reassign(world):
    other = LinkWorkerFactory(service=world.other_service)
    with pytest.raises(ValidationError):
        services.patient_reassign(patient=world.patient, to=other, by=world.administrator)
