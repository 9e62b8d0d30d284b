"""Erasing what support statements say about a patient when their record is anonymised.

``erase_for_patient`` is an erasure step for ``linkwork.audit.retention.ERASURE_STEPS``. A
statement row stays with its kind, status, version, dates and the signer's snapshot (name, role
and registration are the professional's data, not the patient's), so counts of statements asked
for, signed and declined stay true. Everything written about the patient goes: the request
message, the maker's name and relationship (a carer), the conditions, duration, treatment,
functional impacts, mental-health effect, the statement itself and the reason it was declined or
withdrawn, and every change-history row.

Signed statements refuse ``save()``, ``delete()`` and queryset updates, so that nobody changes
what a GP signed. Anonymisation is the legal end of retention and must win: this step alone
blanks them through the model's base manager, which has no such guard
(``docs/decisions/0006-retention-and-signed-statements.md``). The content hash stays as the
record that a signed text existed; it cannot be turned back into the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from appeals.statements.models import SupportStatement

if TYPE_CHECKING:
    from patients.models import Patient

STATEMENT_BLANKED = [
    "request_message",
    "maker_name",
    "maker_relationship",
    "conditions",
    "duration",
    "treatment",
    "mental_health_effect",
    "statement",
    "closed_reason",
]
ERASED_FIELDS = [*STATEMENT_BLANKED, "activity_impacts"]


def erase_for_patient(patient: Patient) -> tuple[dict[str, dict], int]:
    """Blank the content of the patient's statements, signed or not, and delete their change
    history. Returns ``(erased, history_rows_deleted)`` as the retention service expects."""
    # The base manager is a plain manager: it skips the signed-statement guard of ``objects``.
    rows = SupportStatement._base_manager.filter(case__patient=patient)
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return {}, 0
    count = SupportStatement._base_manager.filter(pk__in=ids).update(
        **dict.fromkeys(STATEMENT_BLANKED, ""), activity_impacts={}
    )
    history_deleted, _ = SupportStatement.history.filter(id__in=ids).delete()
    return {SupportStatement._meta.label: {"rows": count, "fields": ERASED_FIELDS}}, history_deleted
