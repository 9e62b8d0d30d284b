"""Referral intake, the first-contact deadline, status transitions and messages back to the GP."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients.models import Patient
from referrals import services
from referrals.models import (
    SNOMED_DECLINED,
    SNOMED_REFERRAL,
    TRANSITIONS,
    CloseOutcome,
    DeclineReason,
    GPMessage,
    Referral,
    ReferralStatus,
)
from tests.factories import ContactFactory, ReferralFactory, SupportOfferFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Wednesday: ten working days later is the Wednesday two weeks on.
        (datetime.date(2026, 11, 11), datetime.date(2026, 11, 25)),
        # Christmas Day (Fri), Boxing Day (substitute Mon 28th) and New Year's Day skipped.
        (datetime.date(2026, 12, 21), datetime.date(2027, 1, 7)),
        # Received on a Saturday: the count starts from the next working day.
        (datetime.date(2026, 11, 14), datetime.date(2026, 11, 27)),
    ],
)
def test_first_contact_is_due_ten_working_days_after_receipt(received, due):
    assert services.first_contact_due(received) == due


def test_first_contact_period_comes_from_the_setting(settings):
    settings.REFERRAL_FIRST_CONTACT_WORKING_DAYS = 2
    assert services.first_contact_due(datetime.date(2026, 11, 13)) == datetime.date(2026, 11, 17)


def test_referral_is_overdue_only_after_the_due_date_without_contact():
    referral = ReferralFactory.build(
        received_on=datetime.date(2026, 11, 11), first_contact_due=datetime.date(2026, 11, 25)
    )
    assert not referral.is_overdue(today=datetime.date(2026, 11, 25))
    assert referral.is_overdue(today=datetime.date(2026, 11, 26))
    referral.first_contact_at = timezone.now()
    assert not referral.is_overdue(today=datetime.date(2026, 11, 26))


def test_referral_create_stores_the_snomed_code_and_the_first_transition(world):
    referral = services.referral_create(
        patient=world.patient,
        by=world.link_worker,
        source="gp",
        received_on=timezone.localdate(),
        reasons=["money", "housing"],
    )
    assert referral.snomed_code == SNOMED_REFERRAL == "871731000000106"
    assert referral.first_contact_due == services.first_contact_due(referral.received_on)
    assert not referral.second_open_referral
    transition = referral.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == (
        "",
        "received",
        world.link_worker,
    )


def test_second_open_referral_is_flagged(world):
    ReferralFactory(patient=world.patient)
    second = services.referral_create(
        patient=world.patient,
        by=world.link_worker,
        source="self",
        received_on=timezone.localdate(),
        reason_text="Wants help with bills",
    )
    assert second.second_open_referral


def test_closed_referral_does_not_make_the_next_one_second(world):
    ReferralFactory(patient=world.patient, status=ReferralStatus.CLOSED)
    referral = services.referral_create(
        patient=world.patient,
        by=world.link_worker,
        source="gp",
        received_on=timezone.localdate(),
        reasons=["food"],
    )
    assert not referral.second_open_referral


def test_referral_needs_a_reason(world):
    with pytest.raises(ValidationError, match="at least one reason"):
        services.referral_create(
            patient=world.patient,
            by=world.link_worker,
            source="gp",
            received_on=timezone.localdate(),
        )


def test_intake_is_all_or_nothing(world):
    fields = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": datetime.date(1950, 12, 10),
        "address": "1 Quay Street",
        "postcode": "M3 4AB",
        "practice": world.practice,
    }
    with pytest.raises(ValidationError):
        services.referral_intake(
            by=world.link_worker,
            patient=None,
            patient_fields=fields,
            source="gp",
            received_on=timezone.localdate() + datetime.timedelta(days=2),
            reasons=["money"],
        )
    assert not Patient.objects.filter(family_name="Lovelace").exists()


def test_intake_gives_the_case_to_the_chosen_link_worker(world):
    patient = world.patient
    services.referral_intake(
        by=world.manager,
        patient=patient,
        holder=world.link_worker_not_holding,
        source="gp",
        received_on=timezone.localdate(),
        reasons=["money"],
    )
    patient.refresh_from_db()
    assert patient.holder == world.link_worker_not_holding


def contacted_referral(world):
    referral = ReferralFactory(patient=world.patient)
    referral.first_contact_at = timezone.now()
    referral.status = ReferralStatus.CONTACTED
    referral.save()
    return referral


@pytest.mark.parametrize("status", ReferralStatus.values)
def test_only_moves_in_the_transition_table_are_allowed(world, status):
    referral = ReferralFactory(patient=world.patient, status=status)
    not_allowed = [
        s for s in (ReferralStatus.ACCEPTED, ReferralStatus.CLOSED) if s not in TRANSITIONS[status]
    ]
    for target in not_allowed:
        with pytest.raises(ValidationError, match="cannot be marked"):
            services.referral_transition(
                referral=referral, to=target, by=world.link_worker, close_outcome="goals_met"
            )


def test_received_cannot_jump_to_closed(world):
    referral = ReferralFactory(patient=world.patient)
    with pytest.raises(ValidationError, match="received cannot be marked closed"):
        services.referral_transition(
            referral=referral, to="closed", by=world.link_worker, close_outcome="goals_met"
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED
    assert not GPMessage.objects.exists()


def test_contacted_cannot_be_chosen_without_a_contact(world):
    referral = ReferralFactory(patient=world.patient, status=ReferralStatus.UNABLE_TO_CONTACT)
    with pytest.raises(ValidationError, match="Record a contact"):
        services.referral_transition(referral=referral, to="contacted", by=world.link_worker)


def test_declining_needs_a_reason_and_sets_the_declined_code(world):
    referral = ReferralFactory(patient=world.patient)
    with pytest.raises(ValidationError, match="why the referral was declined"):
        services.referral_transition(referral=referral, to="declined", by=world.link_worker)
    referral = services.referral_transition(
        referral=referral,
        to="declined",
        by=world.link_worker,
        decline_reason=DeclineReason.PATIENT_DECLINED,
    )
    assert referral.status == ReferralStatus.DECLINED
    assert referral.snomed_code == SNOMED_DECLINED == "871711000000103"
    message = referral.messages.get()
    assert message.snomed_code == SNOMED_DECLINED
    assert "Patient did not want the service" in message.summary


def test_closing_needs_an_outcome(world):
    referral = contacted_referral(world)
    services.referral_transition(referral=referral, to="accepted", by=world.link_worker)
    with pytest.raises(ValidationError, match="outcome"):
        services.referral_transition(referral=referral, to="closed", by=world.link_worker)


def test_each_move_is_recorded_with_who_and_when(world):
    referral = contacted_referral(world)
    services.referral_transition(referral=referral, to="accepted", by=world.link_worker)
    services.referral_transition(
        referral=referral,
        to="closed",
        by=world.manager,
        close_outcome=CloseOutcome.GOALS_MET,
        note="Attending the walking group weekly",
    )
    last = referral.transitions.order_by("at").last()
    assert (last.from_status, last.to_status, last.by) == ("accepted", "closed", world.manager)
    assert last.note == "Attending the walking group weekly"
    assert Referral.objects.get(pk=referral.pk).close_outcome == CloseOutcome.GOALS_MET


def test_message_back_summarises_outcome_and_support_but_never_contact_notes(world):
    referral = contacted_referral(world)
    ContactFactory(patient=world.patient, notes="Private: discussed family conflict")
    SupportOfferFactory(
        patient=world.patient,
        organisation="Citizens Advice Manchester",
        offered_on=timezone.localdate(),
    )
    services.referral_transition(referral=referral, to="accepted", by=world.link_worker)
    services.referral_transition(
        referral=referral,
        to="closed",
        by=world.link_worker,
        close_outcome=CloseOutcome.CONNECTED,
        message_to_gp="Now volunteering at the food bank.",
    )
    closing = referral.messages.get(event=ReferralStatus.CLOSED)
    assert "Outcome: Connected to community support." in closing.summary
    assert "Referred to Citizens Advice Manchester" in closing.summary
    assert "Now volunteering at the food bank." in closing.summary
    assert "SNOMED CT: 871731000000106" in closing.summary
    assert "family conflict" not in closing.summary
    assert referral.messages.count() == 2  # accepted and closed
