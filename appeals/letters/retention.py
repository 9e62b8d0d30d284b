"""Erasing a patient's letters when their record is anonymised.

``erase_for_patient`` is an erasure step for ``linkwork.audit.retention.ERASURE_STEPS``: a
letter is a copy of the patient's identity and story (in its PDF and in its stored content),
so nothing of it can be kept in an anonymised record. It deletes the patient's letters, their
change history and, once the transaction commits, their PDF files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from appeals.letters.models import EvidenceLetter

if TYPE_CHECKING:
    from patients.models import Patient

ERASED_FIELDS = ["file", "content", "grounds", "awarded_points", "statements"]


def erase_for_patient(patient: Patient) -> tuple[dict[str, dict], int]:
    """Delete the patient's letters, their history and files. Returns ``(erased,
    history_rows_deleted)`` as the retention service expects."""
    letters = EvidenceLetter.objects.filter(case__patient=patient)
    ids = list(letters.values_list("pk", flat=True))
    if not ids:
        return {}, 0
    files = [name for name in letters.values_list("file", flat=True) if name]
    storage = EvidenceLetter._meta.get_field("file").storage
    letters.delete()
    # After the rows: deleting them writes history rows of its own, which go too.
    history_deleted, _ = EvidenceLetter.history.filter(id__in=ids).delete()

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    erased = {EvidenceLetter._meta.label: {"rows": len(ids), "fields": ERASED_FIELDS}}
    return erased, history_deleted
