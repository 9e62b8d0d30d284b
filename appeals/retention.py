"""Erasing the identifying text of a patient's benefit appeal cases when their record is
anonymised.

``erase_for_patient`` is an erasure step for ``linkwork.audit.retention.ERASURE_STEPS``. The
cases stay with their benefit, stages, dates, outcomes, awards, PIP points and money (so the
reports of appeals, outcomes and income gained stay true), and so do their deadlines with their
kinds, due dates and statuses. What goes: the summary of DWP's decision, the tribunal's
reference, the reason a case was closed, the reasons given for stage changes, the case notes,
deadline labels typed by hand (each becomes the name of its kind) and the reasons a deadline was
waived, plus every change-history row of cases, deadlines and notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, CharField, Value, When

from appeals.models import (
    AppealCase,
    CaseNote,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    StageChange,
)
from linkwork.audit.retention import blank

if TYPE_CHECKING:
    from patients.models import Patient

#: What a waived deadline's reason reads once erased (a waived deadline must give one).
ERASED_REASON = "Erased when the record was anonymised"
CASE_BLANKED = ["decision_summary", "tribunal_reference", "closed_reason"]
STAGE_CHANGE_BLANKED = ["reason"]
NOTE_BLANKED = ["text"]
DEADLINE_ERASED = ["label", "status_reason"]


def erase_for_patient(patient: Patient) -> tuple[dict[str, dict], int]:
    """Blank the free text of the patient's appeal cases and delete their change history.
    Returns ``(erased, history_rows_deleted)`` as the retention service expects."""
    case_ids = list(AppealCase.objects.filter(patient=patient).values_list("pk", flat=True))
    if not case_ids:
        return {}, 0
    erased: dict[str, dict] = {}
    blank(erased, AppealCase.objects.filter(pk__in=case_ids), CASE_BLANKED)
    blank(erased, StageChange.objects.filter(case_id__in=case_ids), STAGE_CHANGE_BLANKED)
    blank(erased, CaseNote.objects.filter(case_id__in=case_ids), NOTE_BLANKED)
    blank(
        erased,
        Deadline.objects.filter(case_id__in=case_ids),
        DEADLINE_ERASED,
        label=Case(
            *(When(kind=value, then=Value(str(label))) for value, label in DeadlineKind.choices),
            default=Value(""),
            output_field=CharField(),
        ),
        status_reason=Case(
            When(status=DeadlineStatus.WAIVED, then=Value(ERASED_REASON)),
            default=Value(""),
            output_field=CharField(),
        ),
    )

    history_deleted = 0
    for history in (
        AppealCase.history.filter(id__in=case_ids),
        Deadline.history.filter(case_id__in=case_ids),
        CaseNote.history.filter(case_id__in=case_ids),
    ):
        deleted, _ = history.delete()
        history_deleted += deleted
    return erased, history_deleted
