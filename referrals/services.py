"""Writes for referrals: intake, first contact, status transitions and messages back to the GP.

A status changes only through ``referral_transition`` (or, for ``contacted``, through
``referral_record_first_contact`` when a contact reaches the patient), which checks
``TRANSITIONS``, records who and when, and sends a message back to the GP where one is due.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from appeals.deadlines import add_working_days, english_bank_holidays
from patients.models import NeedCategory, Patient
from patients.services import patient_create, patient_reassign
from referrals.models import (
    MESSAGE_BACK_ON,
    OPEN_STATUSES,
    SNOMED_DECLINED,
    TRANSITIONS,
    CloseOutcome,
    DeclineReason,
    GPMessage,
    Referral,
    ReferralStatus,
    ReferralTransition,
)

if TYPE_CHECKING:
    from linkwork.accounts.models import Practice, User


def first_contact_due(received_on: date) -> date:
    """The last working day (England) for a first contact before the referral is overdue."""
    days = settings.REFERRAL_FIRST_CONTACT_WORKING_DAYS
    holidays = english_bank_holidays(range(received_on.year, received_on.year + 2))
    return add_working_days(received_on, days, holidays)


def open_referrals_of(patient: Patient):
    return patient.referrals.filter(status__in=OPEN_STATUSES)


@transaction.atomic
def referral_create(
    *,
    patient: Patient,
    by: User,
    source: str,
    received_on: date,
    referring_practice: Practice | None = None,
    referrer_name: str = "",
    referrer_role: str = "",
    reasons: list[str] | None = None,
    reason_text: str = "",
    urgency: str = "routine",
) -> Referral:
    """Take a referral in for an existing patient. A referral received while the patient has
    another open one is kept but flagged ``second_open_referral``."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received cannot be in the future."})
    reasons = list(dict.fromkeys(reasons or []))
    if unknown := set(reasons) - set(NeedCategory.values):
        raise ValidationError({"reasons": f"Unknown reasons: {', '.join(sorted(unknown))}."})
    if not reasons and not reason_text.strip():
        raise ValidationError({"reasons": "Choose at least one reason or describe the reason."})
    Patient.objects.select_for_update().get(pk=patient.pk)  # one intake at a time per patient
    referral = Referral(
        patient=patient,
        source=source,
        referring_practice=referring_practice,
        referrer_name=referrer_name,
        referrer_role=referrer_role,
        received_on=received_on,
        reasons=reasons,
        reason_text=reason_text,
        urgency=urgency,
        first_contact_due=first_contact_due(received_on),
        second_open_referral=open_referrals_of(patient).exists(),
        created_by=by,
    )
    referral.full_clean()
    referral._history_user = by
    referral.save()
    ReferralTransition.objects.create(
        referral=referral, from_status="", to_status=ReferralStatus.RECEIVED, by=by
    )
    return referral


@transaction.atomic
def referral_intake(
    *,
    by: User,
    patient: Patient | None,
    patient_fields: dict[str, Any] | None = None,
    holder: User | None = None,
    **referral_fields: Any,
) -> Referral:
    """The intake form's one write: use the matched ``patient`` or create one from
    ``patient_fields``, optionally give the case to ``holder``, and take the referral in. All or
    nothing."""
    if patient is None:
        if not patient_fields:
            raise ValidationError("Enter the patient's details or choose an existing patient.")
        patient = patient_create(by=by, **patient_fields, holder=holder)
    elif holder is not None and holder.pk != patient.holder_id:
        patient_reassign(patient=patient, to=holder, by=by, reason="Assigned at referral intake")
    return referral_create(patient=patient, by=by, **referral_fields)


def _record_transition(referral: Referral, to: str, by: User, note: str, at: datetime) -> None:
    ReferralTransition.objects.create(
        referral=referral, from_status=referral.status, to_status=to, by=by, at=at, note=note
    )
    referral.status = to
    referral.status_changed_at = at


@transaction.atomic
def referral_record_first_contact(*, patient: Patient, at: datetime, by: User) -> list[Referral]:
    """Called when a contact reaches the patient: each open referral received on or before the
    contact and still without a first contact gets ``first_contact_at``, and moves from received
    (or unable to contact) to contacted. Returns the referrals changed."""
    changed = []
    waiting = (
        Referral.objects.select_for_update()
        .filter(patient=patient, status__in=OPEN_STATUSES, first_contact_at__isnull=True)
        .filter(received_on__lte=timezone.localtime(at).date())
    )
    for referral in waiting:
        referral.first_contact_at = at
        if ReferralStatus.CONTACTED in TRANSITIONS[referral.status]:
            _record_transition(
                referral, ReferralStatus.CONTACTED, by, "First contact with the patient", at
            )
        referral._history_user = by
        referral.save()
        changed.append(referral)
    return changed


def gp_message_summary(referral: Referral, event: str, extra: str = "") -> str:
    """The text of a message back to the GP: the outcome, the support offered since the
    referral was received, and the SNOMED CT code. Never contact notes."""
    lines = [f"Referral received {referral.received_on:%d/%m/%Y}: {referral.get_status_display()}."]
    if event == ReferralStatus.DECLINED:
        lines.append(f"Reason: {DeclineReason(referral.decline_reason).label}.")
    if event == ReferralStatus.CLOSED:
        lines.append(f"Outcome: {CloseOutcome(referral.close_outcome).label}.")
    offers = referral.patient.support_offers.filter(offered_on__gte=referral.received_on)
    if offers:
        lines.append("Support offered:")
        lines.extend(
            f"- {offer.get_kind_display()} to {offer.organisation} "
            f"({offer.offered_on:%d/%m/%Y}): {offer.get_outcome_display().lower()}"
            for offer in offers
        )
    if referral.first_contact_at is not None:
        lines.append(f"Days from referral to first contact: {referral.days_to_first_contact}.")
    if extra.strip():
        lines.append(extra.strip())
    lines.append(f"SNOMED CT: {referral.snomed_code}")
    return "\n".join(lines)


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    to: str,
    by: User,
    note: str = "",
    decline_reason: str = "",
    close_outcome: str = "",
    message_to_gp: str = "",
) -> Referral:
    """Move a referral to ``to`` if ``TRANSITIONS`` allows it. Declining needs a reason and
    closing needs an outcome. Accepting, declining and closing send a message back to the GP
    (``GPMessage``) with the outcome, support offered and SNOMED CT code."""
    referral = Referral.objects.select_for_update().select_related("patient").get(pk=referral.pk)
    if to not in ReferralStatus.values:
        raise ValidationError({"to": "Choose what happened to the referral."})
    if to not in TRANSITIONS[referral.status]:
        raise ValidationError(
            {
                "to": f"A referral that is {referral.get_status_display().lower()} cannot be "
                f"marked {ReferralStatus(to).label.lower()}."
            }
        )
    if to == ReferralStatus.CONTACTED and referral.first_contact_at is None:
        raise ValidationError(
            {"to": "Record a contact in which you spoke to the patient to mark it contacted."}
        )
    if to == ReferralStatus.DECLINED:
        if decline_reason not in DeclineReason.values:
            raise ValidationError({"decline_reason": "Choose why the referral was declined."})
        if decline_reason == DeclineReason.OTHER and not note.strip():
            raise ValidationError({"note": "Describe why the referral was declined."})
        referral.decline_reason = decline_reason
        referral.snomed_code = SNOMED_DECLINED
    if to == ReferralStatus.CLOSED:
        if close_outcome not in CloseOutcome.values:
            raise ValidationError({"close_outcome": "Choose the outcome of the referral."})
        if close_outcome == CloseOutcome.OTHER and not note.strip():
            raise ValidationError({"note": "Describe the outcome."})
        referral.close_outcome = close_outcome
    now = timezone.now()
    _record_transition(referral, to, by, note, now)
    referral._history_user = by
    referral.save()
    if to in MESSAGE_BACK_ON:
        GPMessage.objects.create(
            referral=referral,
            event=to,
            snomed_code=referral.snomed_code,
            summary=gp_message_summary(referral, to, message_to_gp),
            sent_by=by,
            sent_at=now,
        )
    return referral
