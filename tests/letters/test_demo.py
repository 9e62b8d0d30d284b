"""The demo letter: an MR letter with the signed demo GP statement, made by the worker (run
eagerly here); seeding again adds nothing."""

import pytest
from django.core.management import call_command

from appeals.letters.models import EvidenceLetter, LetterKind, LetterStatus

pytestmark = pytest.mark.django_db


def test_demo_letter_is_made_from_the_signed_statement_and_seeding_is_idempotent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    letter = EvidenceLetter.objects.get()
    assert letter.kind == LetterKind.MR_COVER
    assert letter.status == LetterStatus.READY
    assert letter.statements.count() == 1
    assert letter.page_count >= 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    assert EvidenceLetter.objects.count() == 1
