"""A signed statement cannot be changed or deleted at model level; the database holds the
signature rules."""

import pytest
from django.db import IntegrityError, transaction

from appeals.statements.models import SignedStatementError, StatementStatus, SupportStatement
from tests.factories import SignedStatementFactory, SupportStatementFactory

pytestmark = pytest.mark.django_db


def test_saving_a_loaded_signed_statement_is_refused(world):
    statement = SupportStatement.objects.get(pk=SignedStatementFactory().pk)
    statement.conditions = "Something else"
    with pytest.raises(SignedStatementError, match="signed and can no longer be changed"):
        statement.save()
    statement.refresh_from_db()
    assert statement.conditions == "Fibromyalgia; depression."


def test_moving_a_signed_statement_back_to_draft_is_refused(world):
    statement = SupportStatement.objects.get(pk=SignedStatementFactory().pk)
    statement.status = StatementStatus.DRAFT
    with pytest.raises(SignedStatementError):
        statement.save()
    assert SupportStatement.objects.get(pk=statement.pk).status == StatementStatus.SIGNED


def test_deleting_a_signed_statement_is_refused(world):
    statement = SupportStatement.objects.get(pk=SignedStatementFactory().pk)
    with pytest.raises(SignedStatementError):
        statement.delete()
    assert SupportStatement.objects.filter(pk=statement.pk).exists()


def test_a_draft_can_still_be_saved(world):
    statement = SupportStatement.objects.get(pk=SupportStatementFactory(draft=True).pk)
    statement.conditions = "Asthma"
    statement.save()
    statement.refresh_from_db()
    assert statement.conditions == "Asthma"


def test_database_refuses_a_signed_row_without_signer_or_hash(world):
    statement = SupportStatementFactory(draft=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportStatement.objects.filter(pk=statement.pk).update(status=StatementStatus.SIGNED)


def test_database_refuses_a_gp_statement_without_a_practice(world):
    statement = SupportStatementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportStatement.objects.filter(pk=statement.pk).update(requested_of_practice=None)


def test_history_is_kept(world):
    statement = SupportStatement.objects.get(pk=SupportStatementFactory().pk)
    statement.conditions = "Asthma"
    statement.status = StatementStatus.DRAFT
    statement.save()
    assert statement.history.count() == 2


def test_bulk_update_and_delete_refuse_signed_statements(world):
    signed = SignedStatementFactory()
    draft = SupportStatementFactory(draft=True)
    both = SupportStatement.objects.filter(pk__in=[signed.pk, draft.pk])
    with pytest.raises(SignedStatementError):
        both.update(conditions="Changed in bulk")
    with pytest.raises(SignedStatementError):
        both.delete()
    assert SupportStatement.objects.get(pk=signed.pk).conditions == "Fibromyalgia; depression."
    assert SupportStatement.objects.filter(pk=draft.pk).update(conditions="Asthma") == 1


def test_statement_names_its_patient_for_the_audit_log(world):
    statement = SupportStatementFactory(case__patient=world.patient)
    assert statement.patient_id == world.patient.pk
