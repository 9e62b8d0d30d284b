"""Erasing the identifying text of a patient's referrals when their record is anonymised.

``erase_for_patient`` is an erasure step for ``linkwork.audit.retention.ERASURE_STEPS``. The
referrals stay (so the service's counts of referrals, sources, reasons, statuses, outcomes and
times to first contact stay true); what the patient or the referrer wrote goes: the reason for
referral, the referrer's name, the notes of status changes, the messages back to the GP, and
every change-history row of the referrals (which holds the old values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referrals.models import GPMessage, Referral, ReferralTransition

if TYPE_CHECKING:
    from patients.models import Patient

REFERRAL_BLANKED = ["reason_text", "referrer_name"]
TRANSITION_BLANKED = ["note"]
MESSAGE_BLANKED = ["summary"]


def erase_for_patient(patient: Patient) -> tuple[dict[str, dict], int]:
    """Blank the free text of the patient's referrals and delete their change history.
    Returns ``(erased, history_rows_deleted)`` as the retention service expects."""
    erased: dict[str, dict] = {}
    for model, rows, fields in (
        (Referral, Referral.objects.filter(patient=patient), REFERRAL_BLANKED),
        (
            ReferralTransition,
            ReferralTransition.objects.filter(referral__patient=patient),
            TRANSITION_BLANKED,
        ),
        (GPMessage, GPMessage.objects.filter(referral__patient=patient), MESSAGE_BLANKED),
    ):
        # Queryset updates write no history rows.
        count = rows.update(**dict.fromkeys(fields, ""))
        if count:
            erased[model._meta.label] = {"rows": count, "fields": fields}
    history_deleted, _ = Referral.history.filter(patient_id=patient.pk).delete()
    return erased, history_deleted
