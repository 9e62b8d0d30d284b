"""The demo statements: each state shown once, and seeding again adds nothing."""

import pytest
from django.core.management import call_command

from appeals.models import DeadlineStatus
from appeals.statements.content import hash_matches
from appeals.statements.models import StatementKind, StatementStatus, SupportStatement

pytestmark = pytest.mark.django_db


def test_demo_statements_cover_each_state_and_are_idempotent():
    call_command("seed_demo", force=True)
    statements = list(SupportStatement.objects.select_related("deadline"))
    by_status = {s.status for s in statements}
    assert {StatementStatus.REQUESTED, StatementStatus.DRAFT, StatementStatus.SIGNED} <= by_status
    signed = next(s for s in statements if s.status == StatementStatus.SIGNED)
    assert hash_matches(signed)
    assert signed.deadline.status == DeadlineStatus.MET
    assert any(s.kind == StatementKind.LINK_WORKER for s in statements)
    assert any(s.deadline and s.deadline.status == DeadlineStatus.OPEN for s in statements)
    call_command("seed_demo", force=True)
    assert SupportStatement.objects.count() == len(statements)
