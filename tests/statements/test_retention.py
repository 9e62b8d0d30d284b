"""The statements' erasure step: what was written about the patient goes, even from a signed
statement; the signer's snapshot and the signature record stay."""

import pytest

from appeals.statements import retention
from appeals.statements.models import SignedStatementError, StatementStatus, SupportStatement
from tests.factories.appeals import AppealCaseFactory
from tests.factories.statements import SignedStatementFactory, SupportStatementFactory


@pytest.mark.django_db
def test_step_blanks_signed_and_draft_statements_but_keeps_the_signer(world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    signed = SignedStatementFactory(
        case=case, maker_name="Ann Lee", maker_relationship="sister", treatment="Sertraline"
    )
    draft = SupportStatementFactory(case=case, draft=True, closed_reason="")
    kept = SupportStatement.objects.values(
        "signer_name", "signer_registration", "signed_at", "content_hash", "status"
    ).get(pk=signed.pk)

    erased, history_deleted = retention.erase_for_patient(world.patient)

    for pk in (signed.pk, draft.pk):
        statement = SupportStatement.objects.get(pk=pk)
        for field in retention.STATEMENT_BLANKED:
            assert getattr(statement, field) == "", field
        assert statement.activity_impacts == {}
    assert (
        SupportStatement.objects.values(*kept).get(pk=signed.pk) == kept
    )  # signer, date, hash, status
    assert kept["status"] == StatementStatus.SIGNED
    assert not SupportStatement.history.filter(id__in=[signed.pk, draft.pk]).exists()
    assert history_deleted == 2
    assert erased == {"statements.SupportStatement": {"rows": 2, "fields": retention.ERASED_FIELDS}}


@pytest.mark.django_db
def test_signed_statements_stay_immutable_outside_the_erasure_step(world):
    case = AppealCaseFactory(patient=world.patient, holder=world.link_worker)
    signed = SignedStatementFactory(case=case)
    retention.erase_for_patient(world.patient)
    statement = SupportStatement.objects.get(pk=signed.pk)
    statement.statement = "Rewritten"
    with pytest.raises(SignedStatementError):
        statement.save()
    with pytest.raises(SignedStatementError):
        SupportStatement.objects.filter(pk=signed.pk).update(statement="Rewritten")
