"""The appeal cases' erasure step: free text goes; stages, deadlines, outcomes and money stay."""

from decimal import Decimal

import pytest

from appeals import retention
from appeals.models import AppealCase, CaseNote, Deadline, DeadlineKind, DeadlineStatus, StageChange
from tests.factories.appeals import AppealCaseFactory, CaseNoteFactory, DeadlineFactory


@pytest.mark.django_db
def test_step_blanks_case_text_notes_and_typed_labels_and_deletes_history(world):
    case = AppealCaseFactory(
        patient=world.patient,
        holder=world.link_worker,
        decision_summary="Refused: DWP says she can cook",
        tribunal_reference="SC242/25/01234",
        closed_reason="Moved to her daughter's",
        annual_gain=Decimal("1200.50"),
    )
    StageChange.objects.create(
        case=case, from_stage=case.stage, to_stage=case.stage, by=world.link_worker, reason="x"
    )
    CaseNoteFactory(case=case, text="Her daughter Priya will come to the hearing")
    task = DeadlineFactory(case=case, label="Ring Priya")
    waived = DeadlineFactory(
        case=case, label="Diary", status=DeadlineStatus.WAIVED, status_reason="Priya has it"
    )
    computed = Deadline.objects.filter(case=case, is_computed=True).count()

    erased, history_deleted = retention.erase_for_patient(world.patient)

    case = AppealCase.objects.get(pk=case.pk)
    assert (case.decision_summary, case.tribunal_reference, case.closed_reason) == ("", "", "")
    assert case.annual_gain == Decimal("1200.50")
    assert StageChange.objects.get(case=case).reason == ""
    assert CaseNote.objects.get(case=case).text == ""
    assert Deadline.objects.get(pk=task.pk).label == DeadlineKind.TASK.label
    waived = Deadline.objects.get(pk=waived.pk)
    assert waived.status == DeadlineStatus.WAIVED
    assert waived.status_reason == retention.ERASED_REASON  # a waived deadline keeps a reason
    assert Deadline.objects.filter(case=case).count() == computed + 2
    assert not AppealCase.history.filter(id=case.pk).exists()
    assert not Deadline.history.filter(case_id=case.pk).exists()
    assert not CaseNote.history.filter(case_id=case.pk).exists()
    assert history_deleted >= 4
    assert erased["appeals.AppealCase"]["fields"] == retention.CASE_BLANKED
    assert erased["appeals.Deadline"]["rows"] == computed + 2


@pytest.mark.django_db
def test_step_does_nothing_for_a_patient_without_cases(world):
    other = AppealCaseFactory(decision_summary="Someone else")
    assert retention.erase_for_patient(world.patient) == ({}, 0)
    assert AppealCase.objects.get(pk=other.pk).decision_summary == "Someone else"
