"""Demo referrals for ``manage.py seed_demo``: one referral for each demo patient, with the
contact history that followed it (calls, unanswered attempts, visits), its status moves and the
messages back to the GP. Idempotent: patients of the demo practices who already have a
referral are skipped.

Statuses follow the transition table and the first-contact date comes from the first contact in
which the patient was reached, as in real use. A few recent referrals have had no contact yet,
so the caseload shows some awaiting and overdue."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from patients.models import Contact, ContactKind, ContactOutcome, Patient
from referrals.models import (
    SNOMED_DECLINED,
    CloseOutcome,
    DeclineReason,
    GPMessage,
    Referral,
    ReferralSource,
    ReferralStatus,
    ReferralTransition,
    Urgency,
)
from referrals.services import first_contact_due, gp_message_summary

SEED = 20261126
NOTES = [
    "Talked through what matters most: getting out of the house again.",
    "Agreed to phone Citizens Advice together next week.",
    "Patient tired today; asked to call back on Thursday.",
    "Went through the benefits check; will bring letters to the next meeting.",
    "Went to the walking group for the first time and enjoyed it.",
    "Home visit: flat cold, discussed the warm homes grant.",
]
GP_NAMES = {"M85001": "Dr Priya Patel", "M85002": "Dr Huw Jones", "M85003": "Dr Imran Khan"}


def _at(day, rng: random.Random) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))))
    )


@transaction.atomic
def seed(people) -> None:
    rng = random.Random(SEED)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    now = timezone.now()
    link_workers = [people.users["alex"], people.users["sam"]]
    patients = (
        Patient.objects.filter(practice__in=people.practices, referrals__isnull=True)
        .select_related("practice")
        .prefetch_related("needs")
        .order_by("nhs_number")
    )
    if not patients:
        return
    contacts, transitions, messages = [], [], []
    for index, patient in enumerate(patients):
        by = patient.holder or link_workers[index % 2]
        received = today - timedelta(days=rng.randint(1, 200))
        source = rng.choices(list(ReferralSource), weights=(70, 10, 12, 8))[0]
        referral = Referral.objects.create(
            patient=patient,
            source=source,
            referring_practice=patient.practice if source == ReferralSource.GP else None,
            referrer_name=GP_NAMES.get(patient.practice.ods_code, "")
            if source == ReferralSource.GP
            else "",
            referrer_role="GP" if source == ReferralSource.GP else "",
            received_on=received,
            reasons=sorted({need.category for need in patient.needs.all()}),
            reason_text="Please see for support with what matters to them.",
            urgency=Urgency.URGENT if index % 17 == 0 else Urgency.ROUTINE,
            first_contact_due=first_contact_due(received),
            created_by=by,
            status_changed_at=_at(received, rng),
        )
        transitions.append(
            ReferralTransition(
                referral=referral, to_status=ReferralStatus.RECEIVED, by=by, at=_at(received, rng)
            )
        )
        age = (today - received).days
        if index % 9 == 0 and age < 40:
            continue  # not yet contacted: awaiting, and overdue once past its due date
        # Contact history: a few unanswered attempts, then (usually) the patient is reached.
        day, status, reached_at = received, ReferralStatus.RECEIVED, None
        reachable = index % 11 != 0
        for attempt in range(rng.randint(2, 10)):
            day = day + timedelta(days=rng.randint(1, 12))
            if day > today:
                break
            at = _at(day, rng)
            if at > now:
                break
            if reachable and (attempt >= 1 or rng.random() < 0.6):
                outcome = ContactOutcome.SPOKE
            else:
                outcome = rng.choice(
                    [
                        ContactOutcome.NO_ANSWER,
                        ContactOutcome.LEFT_MESSAGE,
                        ContactOutcome.NO_ANSWER,
                    ]
                )
            contacts.append(
                Contact(
                    patient=patient,
                    at=at,
                    kind=ContactKind.PHONE
                    if outcome != ContactOutcome.SPOKE or rng.random() < 0.6
                    else rng.choice(
                        [ContactKind.FACE_TO_FACE, ContactKind.HOME_VISIT, ContactKind.VIDEO]
                    ),
                    outcome=outcome,
                    duration_minutes=rng.randint(10, 60)
                    if outcome == ContactOutcome.SPOKE
                    else None,
                    notes=rng.choice(NOTES) if outcome == ContactOutcome.SPOKE else "",
                    recorded_by=by,
                )
            )
            if outcome == ContactOutcome.SPOKE and reached_at is None:
                reached_at = at
                transitions.append(
                    ReferralTransition(
                        referral=referral,
                        from_status=status,
                        to_status=ReferralStatus.CONTACTED,
                        by=by,
                        at=at,
                        note="First contact with the patient",
                    )
                )
                status = ReferralStatus.CONTACTED
        later = _at(min(today, day + timedelta(days=1)), rng)
        moves: list[tuple[str, dict]] = []
        if reached_at is None and age > 30:
            moves.append((ReferralStatus.UNABLE_TO_CONTACT, {}))
            if age > 60:
                moves.append(
                    (ReferralStatus.CLOSED, {"close_outcome": CloseOutcome.UNABLE_TO_CONTACT})
                )
        elif reached_at is not None and index % 10 == 3:
            moves.append(
                (ReferralStatus.DECLINED, {"decline_reason": rng.choice(list(DeclineReason)[:3])})
            )
        elif reached_at is not None and age > 14:
            moves.append((ReferralStatus.ACCEPTED, {}))
            if age > 120:
                moves.append(
                    (ReferralStatus.CLOSED, {"close_outcome": rng.choice(list(CloseOutcome)[:4])})
                )
        for to, fields in moves:
            if to == ReferralStatus.CLOSED:  # closing comes weeks after the decision
                later = min(later + timedelta(days=rng.randint(30, 90)), now)
            transitions.append(
                ReferralTransition(
                    referral=referral, from_status=status, to_status=to, by=by, at=later
                )
            )
            status = to
            for name, value in fields.items():
                setattr(referral, name, value)
            if to == ReferralStatus.DECLINED:
                referral.snomed_code = SNOMED_DECLINED
            referral.status = to
            referral.first_contact_at = reached_at
            if to in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED):
                messages.append(
                    GPMessage(
                        referral=referral,
                        event=to,
                        snomed_code=referral.snomed_code,
                        summary=gp_message_summary(referral, to),
                        sent_by=by,
                        sent_at=later,
                    )
                )
        referral.first_contact_at = reached_at
        referral.status = status
        referral.status_changed_at = later if moves else reached_at or referral.status_changed_at
        referral.save()
    Contact.objects.bulk_create(contacts)
    ReferralTransition.objects.bulk_create(transitions)
    GPMessage.objects.bulk_create(messages)
