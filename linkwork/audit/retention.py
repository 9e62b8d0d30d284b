"""Retention: a closed patient record that nobody has changed for ``RETENTION_YEARS`` is
anonymised by a scheduled task, and an ``Erasure`` row records what was erased.

What anonymising keeps, so that the service's counts and outcome figures stay true: the rows
themselves (patient, consents, contacts, needs, support offered, outcome measures), their
dates, kinds, outcomes, categories, flags and scores, the practice and the link worker; the
year of birth (as 1 July of that year, for age bands) and the postcode district (``M1``).

What it erases: names, NHS and National Insurance numbers, the exact date of birth, the address
and the rest of the postcode, phone, email, contact preferences and every free-text note, and
every row of their change history (which holds the old values).

Other apps add their own erasure for a patient in ``ERASURE_STEPS`` (dotted paths to functions
``step(patient) -> (erased, history_rows_deleted)``, with ``erased`` as
``{"app.Model": {"rows": n, "fields": [...]}}``). Until an app has one, its rows that point at
the patient are counted in ``Erasure.kept`` and left as they were.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string

from linkwork.audit.models import AuditAction, Erasure, ErasureReason
from linkwork.audit.services import audit_record
from patients.models import (
    Consent,
    Contact,
    Need,
    OutcomeMeasure,
    Patient,
    PatientStatus,
    SupportOffer,
)

ANONYMISED_GIVEN_NAME = "Anonymised"
ANONYMISED_FAMILY_NAME = "record"
PATIENT_BLANKED = {
    "given_name": ANONYMISED_GIVEN_NAME,
    "family_name": ANONYMISED_FAMILY_NAME,
    "preferred_name": "",
    "nhs_number": "",
    "ni_number": "",
    "address": "",
    "phone": "",
    "email": "",
    "preferred_contact_times": "",
    "accessibility_needs": "",
}
PATIENT_COARSENED = ["date_of_birth", "postcode"]
# Free text in the patient's own rows; dates, kinds, outcomes and scores stay.
CHILD_TEXT: dict[type[models.Model], list[str]] = {
    Consent: ["note"],
    Contact: ["notes"],
    Need: ["detail"],
    SupportOffer: ["notes"],
    OutcomeMeasure: [],
}

# Erasure steps of other apps (see the module docstring).
ERASURE_STEPS: list[str] = [
    "referrals.retention.erase_for_patient",
    "appeals.retention.erase_for_patient",
    "appeals.statements.retention.erase_for_patient",
    "appeals.letters.retention.erase_for_patient",
    "linkwork.reminders.retention.erase_for_patient",
]


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - relativedelta(years=settings.RETENTION_YEARS)


def patients_due_for_anonymisation(now: datetime.datetime | None = None):
    """Closed patients unchanged since the cut-off and not yet anonymised, oldest first."""
    erased = Erasure.objects.filter(patient_id=OuterRef("pk"))
    return (
        Patient.objects.filter(status=PatientStatus.CLOSED, updated_at__lt=retention_cutoff(now))
        .exclude(Exists(erased))
        .order_by("updated_at")
    )


def blank(erased: dict[str, dict], rows: models.QuerySet, fields: list[str], **values) -> None:
    """Blank ``fields`` of ``rows`` (``values`` set some of them to something else instead) and
    note it in ``erased`` under the model's label, as an erasure step reports it. Queryset
    updates write no history rows: the caller deletes the history, which holds the old values."""
    changes = {**dict.fromkeys(fields, ""), **values}
    count = rows.update(**changes) if changes else rows.count()
    if count:
        erased[rows.model._meta.label] = {"rows": count, "fields": fields}


def _postcode_district(postcode: str) -> str:
    """The outward code: ``M1 1AA`` -> ``M1``."""
    compact = postcode.replace(" ", "").upper()
    return compact[:-3] if len(compact) > len("1AA") else ""


@transaction.atomic
def patient_anonymise(
    *, patient: Patient, reason: ErasureReason = ErasureReason.RETENTION, by=None
) -> Erasure:
    """Anonymise one closed patient record and record the erasure. Safe to repeat: a patient
    already anonymised returns its existing ``Erasure``."""
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    existing = Erasure.objects.filter(patient_id=patient.pk).first()
    if existing is not None:
        return existing
    if patient.status != PatientStatus.CLOSED:
        raise ValidationError("Only a closed case can be anonymised.")

    # Queryset updates write no history rows, so the old values end with the deleted history.
    Patient.objects.filter(pk=patient.pk).update(
        **PATIENT_BLANKED,
        date_of_birth=datetime.date(patient.date_of_birth.year, 7, 1),
        postcode=_postcode_district(patient.postcode),
    )
    erased = {Patient._meta.label: {"rows": 1, "fields": [*PATIENT_BLANKED, *PATIENT_COARSENED]}}
    history_deleted = _delete_history(Patient.history.filter(id=patient.pk))
    for model, fields in CHILD_TEXT.items():
        blank(erased, model.objects.filter(patient=patient), fields)
        history_deleted += _delete_history(model.history.filter(patient_id=patient.pk))
    for step in ERASURE_STEPS:
        step_erased, step_history = import_string(step)(patient)
        erased |= step_erased
        history_deleted += step_history

    erasure = Erasure.objects.create(
        patient_id=patient.pk,
        reason=reason,
        by=by,
        last_changed_at=patient.updated_at,
        erased=erased,
        history_rows_deleted=history_deleted,
        kept=_rows_left_unchanged(patient, erased),
    )
    audit_record(
        user=by,
        action=AuditAction.ANONYMISED,
        obj=patient,
        detail=ErasureReason(reason).label,
    )
    return erasure


def patients_anonymise_due(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Anonymise up to ``limit`` due patients, each in its own transaction. Returns how many
    were anonymised (the scheduled task calls this daily)."""
    done = 0
    for patient in patients_due_for_anonymisation(now)[:limit]:
        try:
            patient_anonymise(patient=patient)
        except ValidationError:
            continue  # reopened since it was listed: no longer due
        done += 1
    return done


def _delete_history(history) -> int:
    deleted, _ = history.delete()
    return deleted


def _rows_left_unchanged(patient: Patient, erased: dict) -> dict[str, int]:
    """Rows of other models pointing at the patient that no erasure step covered."""
    kept = {}
    for relation in Patient._meta.related_objects:
        model = relation.related_model
        if model._meta.label in erased or model in CHILD_TEXT:
            continue
        count = model._base_manager.filter(**{relation.field.name: patient.pk}).count()
        if count:
            kept[model._meta.label] = count
    return kept
