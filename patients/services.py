"""Writes to a patient's record. Each service checks its rules, runs in one transaction and
returns the object; a broken rule is a ``ValidationError`` with a message a user can read."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from linkwork.audit.models import Erasure
from patients.identifiers import normalise_nhs_number, normalise_ni_number, normalise_postcode
from patients.models import (
    Consent,
    ConsentScope,
    Contact,
    ContactOutcome,
    Need,
    OutcomeMeasure,
    Patient,
    PatientStatus,
    SupportOffer,
    SupportOutcome,
    Timepoint,
    validate_scores,
)

if TYPE_CHECKING:
    from linkwork.accounts.models import User

PATIENT_FIELDS = frozenset(
    f.name
    for f in Patient._meta.get_fields()
    if getattr(f, "editable", False) and f.concrete and f.name not in {"id"}
)
_NORMALISERS = {
    "nhs_number": normalise_nhs_number,
    "ni_number": normalise_ni_number,
    "postcode": normalise_postcode,
}
NHS_NUMBER_TAKEN = "Another patient already has this NHS number."
ANONYMISED_STAYS_CLOSED = (
    "This record was anonymised when its retention period ended, so it stays closed. Register "
    "the patient again if they come back to the service."
)


def normalise_identifiers(data: dict[str, Any]) -> dict[str, Any]:
    """Return ``data`` with the NHS number, NI number and postcode in their stored form
    (``9434765919``, ``QQ123456C``, ``M1 1AA``). Raise ``ValidationError`` keyed by field for a
    value that is not valid."""
    errors: dict[str, str] = {}
    cleaned = dict(data)
    for field, normalise in _NORMALISERS.items():
        value = (cleaned.get(field) or "").strip()
        if field not in cleaned:
            continue
        if not value:
            cleaned[field] = ""
            continue
        try:
            cleaned[field] = normalise(value)
        except ValueError as error:
            errors[field] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_patient(patient: Patient, by: User | None, reason: str) -> Patient:
    patient.full_clean()
    patient._history_user = by
    patient._change_reason = reason
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError as error:  # a concurrent save took the NHS number first
        if "patient_nhs_number_unique" in str(error):
            raise ValidationError({"nhs_number": NHS_NUMBER_TAKEN}) from error
        raise
    return patient


@transaction.atomic
def patient_create(*, by: User | None, **fields: Any) -> Patient:
    """Create a patient from typed-in fields, normalising identifiers first."""
    unknown = set(fields) - PATIENT_FIELDS
    if unknown:
        raise TypeError(f"Unknown patient fields: {sorted(unknown)}")
    patient = Patient(**normalise_identifiers(fields))
    return _save_patient(patient, by, "Created")


@transaction.atomic
def patient_update(*, patient: Patient, by: User | None, **fields: Any) -> Patient:
    """Change a patient's details. The holder changes only through ``patient_reassign``. An
    anonymised record cannot be reopened: what identified the patient is gone."""
    unknown = set(fields) - (PATIENT_FIELDS - {"holder"})
    if unknown:
        raise TypeError(f"Fields not changed here: {sorted(unknown)}")
    # An anonymised record is always closed; a model form has already set the new status on it.
    open_now = fields.get("status", patient.status) != PatientStatus.CLOSED
    if open_now and Erasure.objects.filter(patient_id=patient.pk).exists():
        raise ValidationError({"status": ANONYMISED_STAYS_CLOSED})
    for name, value in normalise_identifiers(fields).items():
        setattr(patient, name, value)
    return _save_patient(patient, by, "Details changed")


@transaction.atomic
def patient_reassign(*, patient: Patient, to: User | None, by: User, reason: str = "") -> Patient:
    """Hand the case to another link worker of the patient's service (or to nobody). The change
    is kept in the patient's history with who, when and why."""
    if to is not None and (not to.is_link_worker or to.service_id != patient.practice.service_id):
        raise ValidationError({"holder": "Choose a link worker of this patient's service."})
    if to is not None and not to.is_active:
        raise ValidationError({"holder": "This link worker's account is not active."})
    if to is not None and to.pk == patient.holder_id:
        raise ValidationError({"holder": "This link worker already holds the case."})
    patient.holder = to
    patient._history_user = by
    patient._change_reason = f"Reassigned: {reason}" if reason else "Reassigned"
    patient.save(update_fields=["holder", "updated_at"])
    return patient


@transaction.atomic
def consent_record(
    *,
    patient: Patient,
    by: User,
    scope: str,
    given: bool,
    decided_on: date,
    method: str,
    organisation: str = "",
    note: str = "",
) -> Consent:
    """Add a dated consent decision. A withdrawal is a new entry; nothing is ever deleted."""
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The date of the decision cannot be in the future."})
    consent = Consent(
        patient=patient,
        scope=scope,
        given=given,
        decided_on=decided_on,
        method=method,
        organisation=organisation.strip() if scope == ConsentScope.SHARE else "",
        note=note,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def contact_create(
    *,
    patient: Patient,
    by: User,
    at: datetime,
    kind: str,
    outcome: str,
    duration_minutes: int | None = None,
    notes: str = "",
) -> Contact:
    """Log a contact or an attempt. The first time the patient is reached, each open referral
    waiting for a first contact gets its first-contact date and moves to contacted."""
    if at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"at": "A contact cannot be in the future."})
    contact = Contact(
        patient=patient,
        at=at,
        kind=kind,
        outcome=outcome,
        duration_minutes=duration_minutes,
        notes=notes,
        recorded_by=by,
    )
    contact.full_clean()
    contact.save()
    if outcome == ContactOutcome.SPOKE:
        from referrals.services import referral_record_first_contact

        referral_record_first_contact(patient=patient, at=at, by=by)
    return contact


@transaction.atomic
def need_create(
    *, patient: Patient, by: User, category: str, identified_on: date, detail: str = ""
) -> Need:
    """Record a need or concern the patient names."""
    need = Need(
        patient=patient,
        category=category,
        detail=detail,
        identified_on=identified_on,
        recorded_by=by,
    )
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_resolve(*, need: Need, by: User, resolved_on: date) -> Need:
    """Mark a need as met on a date no earlier than it was identified."""
    if resolved_on < need.identified_on:
        raise ValidationError(
            {"resolved_on": "The date it was met cannot be before the need was identified."}
        )
    need.resolved_on = resolved_on
    need._history_user = by
    need.save(update_fields=["resolved_on"])
    return need


@transaction.atomic
def support_offer_create(
    *,
    patient: Patient,
    by: User,
    kind: str,
    organisation: str,
    offered_on: date,
    need: Need | None = None,
    outcome: str = SupportOutcome.PENDING,
    notes: str = "",
) -> SupportOffer:
    """Record signposting or a referral to an organisation."""
    if need is not None and need.patient_id != patient.pk:
        raise ValidationError({"need": "Choose one of this patient's needs."})
    offer = SupportOffer(
        patient=patient,
        need=need,
        kind=kind,
        organisation=organisation.strip(),
        offered_on=offered_on,
        outcome=outcome,
        notes=notes,
        recorded_by=by,
    )
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def support_offer_update_outcome(
    *, offer: SupportOffer, by: User, outcome: str, notes: str
) -> SupportOffer:
    """Record how the support went."""
    offer.outcome = outcome
    offer.notes = notes
    offer._history_user = by
    offer.full_clean()
    offer.save(update_fields=["outcome", "notes", "updated_at"])
    return offer


@transaction.atomic
def measure_record(
    *,
    patient: Patient,
    by: User,
    kind: str,
    timepoint: str,
    taken_on: date,
    scores: dict[str, int],
) -> OutcomeMeasure:
    """Record a completed outcome measure. The first of each kind is the baseline; a follow-up
    needs a baseline before it."""
    validate_scores(kind, scores)
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "The date completed cannot be in the future."})
    earlier = patient.measures.select_for_update().filter(kind=kind)
    baseline = earlier.filter(timepoint=Timepoint.BASELINE).first()
    if timepoint == Timepoint.BASELINE and baseline is not None:
        raise ValidationError(
            {"timepoint": "This patient already has a baseline: record a follow-up."}
        )
    if timepoint == Timepoint.FOLLOW_UP:
        if baseline is None:
            raise ValidationError({"timepoint": "Record a baseline before a follow-up."})
        if taken_on < baseline.taken_on:
            raise ValidationError({"taken_on": "A follow-up cannot be dated before the baseline."})
    measure = OutcomeMeasure(
        patient=patient,
        kind=kind,
        timepoint=timepoint,
        taken_on=taken_on,
        scores=scores,
        recorded_by=by,
    )
    measure.full_clean()
    measure.save()
    return measure
