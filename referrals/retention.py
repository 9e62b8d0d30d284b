"""Erasing the identifying text of a patient's referrals when their record is anonymised.

``erase_for_patient`` is an erasure step for ``linkwork.audit.retention.ERASURE_STEPS``. The
referrals stay (so the service's counts of referrals, sources, reasons, statuses, outcomes and
times to first contact stay true); what the patient or the referrer wrote goes: the reason for
referral, the referrer's name, the notes of status changes, the messages back to the GP, and
every change-history row of the referrals (which holds the old values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkwork.audit.retention import blank
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
    blank(erased, Referral.objects.filter(patient=patient), REFERRAL_BLANKED)
    blank(erased, ReferralTransition.objects.filter(referral__patient=patient), TRANSITION_BLANKED)
    blank(erased, GPMessage.objects.filter(referral__patient=patient), MESSAGE_BLANKED)
    history_deleted, _ = Referral.history.filter(patient_id=patient.pk).delete()
    return erased, history_deleted
