"""A real Celery worker on the configured broker (Redis in CI) renders an evidence letter end
to end: the request commits, the task goes through the broker, the worker lays out the PDF with
WeasyPrint and stores it in the shared media folder, and the PDF read back has the patient's
name, the signed statement and numbered pages. Sending the same task again leaves one file."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from appeals.letters import services
from appeals.letters.models import EvidenceLetter, LetterKind, LetterStatus
from appeals.letters.tasks import render_letter
from tests.factories import SignedStatementFactory
from tests.integration.conftest import wait_for
from tests.letters.conftest import AWARDED, give_sharing_consent, make_letter_case


def _status(letter_id, *wanted):
    letter = EvidenceLetter.objects.get(pk=letter_id)
    return letter if letter.status in wanted else None


@pytest.mark.integration
def test_worker_renders_a_letter_end_to_end(world, transactional_db, celery_worker_process):
    give_sharing_consent(world.patient, "HMCTS")
    case = make_letter_case(world.patient, world.link_worker)
    statement = SignedStatementFactory(
        case=case, statement="Falls twice a week when walking outdoors."
    )
    letter = services.letter_request(
        case=case,
        kind=LetterKind.TRIBUNAL_PACK,
        by=world.link_worker,
        grounds="Cannot walk 50 metres reliably.",
        awarded_points=AWARDED,
        statements=[statement],
    )
    done = wait_for(
        lambda: _status(letter.pk, LetterStatus.READY, LetterStatus.FAILED),
        timeout=60,
        message=f"the worker did not render the letter:\n{celery_worker_process.log()}",
    )
    assert done.status == LetterStatus.READY, done.failure_reason
    path = Path(settings.MEDIA_ROOT, done.file.name)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    assert world.patient.full_name in text
    assert "Falls twice a week when walking outdoors." in text
    assert "Cannot walk 50 metres reliably." in text
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert done.page_count == len(pages)
    assert "letters.render_letter" in celery_worker_process.log()

    # The same task delivered twice more (e.g. redelivered after a lost acknowledgement)
    # changes nothing: the letter is ready, so the worker leaves it and its single file.
    render_letter.delay(str(letter.pk))
    render_letter.delay(str(letter.pk))
    wait_for(
        lambda: celery_worker_process.log().count("letters.render_letter") >= 6,
        timeout=30,
        message=celery_worker_process.log(),
    )
    again = EvidenceLetter.objects.get(pk=letter.pk)
    assert (again.sha256, again.rendered_at, again.attempts) == (
        done.sha256,
        done.rendered_at,
        1,
    )
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.integration
def test_worker_killed_while_rendering_leaves_no_partial_file_and_the_sweep_recovers(
    world, transactional_db, real_task_queue, tmp_path
):
    from tests.integration.conftest import start_worker

    give_sharing_consent(world.patient, "DWP")
    case = make_letter_case(world.patient, world.link_worker)
    # A long statement makes a letter of dozens of pages: seconds of layout to kill it in.
    statement = SignedStatementFactory(
        case=case, statement="She needs help with every part of washing and dressing. " * 2500
    )
    worker = start_worker(tmp_path, name="doomed")
    try:
        letter = services.letter_request(
            case=case, kind=LetterKind.MR_COVER, by=world.link_worker, statements=[statement]
        )
        wait_for(
            lambda: _status(letter.pk, LetterStatus.RENDERING),
            timeout=60,
            interval=0.05,
            message=worker.log(),
        )
        worker.kill()
    finally:
        worker.stop()
    folder = Path(settings.MEDIA_ROOT, "letters", str(case.pk))
    killed = EvidenceLetter.objects.get(pk=letter.pk)
    assert killed.status == LetterStatus.RENDERING, "the worker finished before it was killed"
    assert not killed.file
    assert not folder.exists() or not any(p.suffix == ".pdf" for p in folder.iterdir())

    replacement = start_worker(tmp_path, name="replacement")
    try:
        # The periodic sweep, run as if it were due, queues the letter again (with Redis the
        # broker would also redeliver the unacknowledged task after its visibility timeout).
        assert services.letters_redrive(older_than_minutes=0) == 1
        done = wait_for(
            lambda: _status(letter.pk, LetterStatus.READY, LetterStatus.FAILED),
            timeout=120,
            message=replacement.log(),
        )
    finally:
        replacement.stop()
    assert done.status == LetterStatus.READY, done.failure_reason
    assert done.attempts == 2
    assert done.page_count > 10
    assert [p.name for p in folder.iterdir()] == [f"{letter.pk}.pdf"]
