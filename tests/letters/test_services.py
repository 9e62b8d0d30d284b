"""Requesting, rendering, failing and retrying letters, with real PDFs read back."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from appeals.letters import content, services, tasks
from appeals.letters.models import Addressee, EvidenceLetter, LetterKind, LetterStatus
from appeals.letters.rendering import render_pdf
from patients.models import ConsentScope
from tests.factories import ConsentFactory, SignedStatementFactory, SupportStatementFactory
from tests.letters.conftest import AWARDED, give_sharing_consent, make_letter_case

pytestmark = pytest.mark.django_db

INJECTION = "He said <img src=file:///etc/passwd> and see https://evil.example/x.png"


def read_pdf(letter: EvidenceLetter) -> tuple[list[str], PdfReader]:
    """Each page's text with runs of white space (line wraps) made single spaces."""
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [" ".join(page.extract_text().split()) for page in reader.pages], reader


def request(case, by, django_capture_on_commit_callbacks, **kwargs) -> EvidenceLetter:
    kwargs.setdefault("kind", LetterKind.MR_COVER)
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.letter_request(case=case, by=by, **kwargs)
    letter.refresh_from_db()
    return letter


def test_mr_letter_renders_patient_details_statements_points_and_page_numbers(
    world, letter_case, django_capture_on_commit_callbacks
):
    statement = SignedStatementFactory(
        case=letter_case, statement="She cannot stand long enough to cook a meal."
    )
    letter = request(
        letter_case,
        world.link_worker,
        django_capture_on_commit_callbacks,
        grounds="She needs help to wash and dress every day.",
        awarded_points=AWARDED,
        statements=[statement],
    )
    assert letter.status == LetterStatus.READY
    assert letter.addressee == Addressee.DWP
    assert list(letter.statements.all()) == [statement]
    pages, reader = read_pdf(letter)
    text = " ".join(pages)
    assert world.patient.full_name in text
    assert "QQ 12 34 56 C" in text
    assert world.patient.nhs_number_display in text
    assert "Request for mandatory reconsideration" in text
    assert "Personal Independence Payment" in text
    assert "DWP code 002" in text
    assert "She needs help to wash and dress every day." in text
    assert "She cannot stand long enough to cook a meal." in text
    assert f"Signed by {statement.signer_name}" in text
    assert "Service A" in pages[0]
    assert "Post Handling Site B" in pages[0]
    n = len(reader.pages)
    assert n == letter.page_count >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {n}" in page
        assert world.patient.full_name in page  # the footer is on every page
    assert letter.size_bytes == letter.file.size
    assert len(letter.sha256) == 64


def test_points_table_shows_awarded_and_estimated_per_activity(
    world, letter_case, django_capture_on_commit_callbacks
):
    letter = request(
        letter_case, world.link_worker, django_capture_on_commit_callbacks, awarded_points=AWARDED
    )
    table = letter.content["pip"]["components"]
    daily = {row["title"]: row for row in table[0]["rows"]}
    assert daily["Preparing food"]["awarded"] == 2
    assert daily["Preparing food"]["estimated"] == 4
    assert daily["Taking nutrition"]["awarded"] is None
    assert (table[0]["awarded_total"], table[0]["estimated_total"]) == (4, 9)
    assert (table[1]["awarded_total"], table[1]["estimated_total"]) == (4, 12)
    text = " ".join(read_pdf(letter)[0])
    assert "the points awarded give no award" in text
    assert "the points the evidence supports give the enhanced rate" in text


def test_points_table_without_an_estimate_leaves_the_estimate_blank(
    world, django_capture_on_commit_callbacks
):
    give_sharing_consent(world.patient, "DWP")
    case = make_letter_case(world.patient, world.link_worker, pip_choices={})
    letter = request(
        case, world.link_worker, django_capture_on_commit_callbacks, awarded_points=AWARDED
    )
    daily = letter.content["pip"]["components"][0]
    assert daily["estimated_total"] is None
    assert {row["estimated"] for row in daily["rows"]} == {None}
    text = " ".join(read_pdf(letter)[0])
    assert "Daily living: the points awarded give no award." in text
    assert "the points the evidence supports give" not in text
    assert "Daily living: the standard rate before the decision, no award after it." in text


def test_user_text_with_markup_prints_as_text_and_fetches_nothing(
    world, letter_case, django_capture_on_commit_callbacks
):
    letter_case.decision_summary = INJECTION
    letter_case.save()
    statement = SignedStatementFactory(case=letter_case, statement=INJECTION)
    letter = request(
        letter_case,
        world.link_worker,
        django_capture_on_commit_callbacks,
        grounds=INJECTION,
        statements=[statement],
    )
    pages, reader = read_pdf(letter)
    text = " ".join(pages)
    assert text.count("<img src=file:///etc/passwd>") == 3
    assert "https://evil.example/x.png" in text
    assert "root:" not in text
    assert sum(len(page.images) for page in reader.pages) == 0


def test_regenerating_from_the_same_data_gives_a_byte_identical_pdf(
    world, letter_case, django_capture_on_commit_callbacks
):
    statement = SignedStatementFactory(case=letter_case)
    kwargs = {"grounds": "Same grounds.", "awarded_points": AWARDED, "statements": [statement]}
    first = request(letter_case, world.link_worker, django_capture_on_commit_callbacks, **kwargs)
    second = request(letter_case, world.link_worker, django_capture_on_commit_callbacks, **kwargs)
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    assert first.sha256 == second.sha256
    with first.file.open("rb") as a, second.file.open("rb") as b:
        assert a.read() == b.read()
    # The PDF's dates come from the letter, not the clock.
    metadata = read_pdf(first)[1].metadata
    assert metadata.creation_date.date() == first.letter_date
    assert metadata.modification_date.date() == first.letter_date


def test_different_data_gives_a_different_pdf(
    world, letter_case, django_capture_on_commit_callbacks
):
    first = request(letter_case, world.link_worker, django_capture_on_commit_callbacks)
    second = request(
        letter_case, world.link_worker, django_capture_on_commit_callbacks, grounds="New."
    )
    assert first.sha256 != second.sha256


def test_request_enqueues_only_when_the_transaction_commits(
    world, letter_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = services.letter_request(
            case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker
        )
    assert len(callbacks) == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.QUEUED
    callbacks[0]()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY


def test_rendering_twice_keeps_one_file_and_changes_nothing(
    world, letter_case, django_capture_on_commit_callbacks, settings
):
    letter = request(letter_case, world.link_worker, django_capture_on_commit_callbacks)
    folder = Path(settings.MEDIA_ROOT, "letters", str(letter_case.pk))
    before = (letter.sha256, letter.rendered_at, letter.attempts)
    again = services.letter_render(letter_id=str(letter.pk))
    tasks.render_letter.delay(str(letter.pk))
    again.refresh_from_db()
    assert (again.sha256, again.rendered_at, again.attempts) == before
    # A redelivered task for a letter still marked rendering renders it again in place.
    EvidenceLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.RENDERING)
    services.letter_render(letter_id=str(letter.pk))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    assert letter.sha256 == before[0]
    assert sorted(p.name for p in folder.iterdir()) == [f"{letter.pk}.pdf"]


def test_a_letter_version_is_unique_per_case_and_kind(world, letter_case):
    from django.db import IntegrityError, transaction

    from tests.factories import EvidenceLetterFactory

    EvidenceLetterFactory(case=letter_case, kind=LetterKind.MR_COVER, version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLetterFactory(case=letter_case, kind=LetterKind.MR_COVER, version=1)
    EvidenceLetterFactory(case=letter_case, kind=LetterKind.TRIBUNAL_PACK, version=1)


def _boom(html: str):
    raise ValueError("layout exploded")


def test_permanent_failure_marks_failed_with_a_reason_and_retry_makes_it(
    world, letter_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        letter = services.letter_request(
            case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker
        )
    failed = services.letter_render(letter_id=str(letter.pk), renderer=_boom)
    assert failed.status == LetterStatus.FAILED
    assert "could not be laid out (ValueError)" in failed.failure_reason
    assert not failed.file
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_retry(letter=failed, by=world.link_worker)
    failed.refresh_from_db()
    assert failed.status == LetterStatus.READY
    assert failed.failure_reason == ""
    assert failed.attempts == 2


def test_retry_refuses_a_letter_that_has_not_failed(world, letter_case):
    from tests.factories import EvidenceLetterFactory

    letter = EvidenceLetterFactory(case=letter_case, ready=True)
    with pytest.raises(ValidationError, match="Only a letter that failed"):
        services.letter_retry(letter=letter, by=world.link_worker)


@pytest.fixture
def eager_retries():
    """Let eager tasks follow their retries in-process, as a worker would (test settings
    otherwise raise the first ``Retry``)."""
    from linkwork.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def test_transient_storage_error_is_retried_then_the_letter_is_made(
    world, letter_case, django_capture_on_commit_callbacks, monkeypatch, eager_retries
):
    real_write = services._write_file
    calls = []

    def flaky(name, data):
        calls.append(name)
        if len(calls) == 1:
            raise OSError("disk briefly unavailable")
        return real_write(name, data)

    monkeypatch.setattr(services, "_write_file", flaky)
    letter = request(letter_case, world.link_worker, django_capture_on_commit_callbacks)
    assert letter.status == LetterStatus.READY
    assert len(calls) == 2
    assert letter.attempts == 2


def test_transient_errors_that_persist_end_in_failed_with_a_reason(
    world, letter_case, django_capture_on_commit_callbacks, monkeypatch, eager_retries
):
    def broken(name, data):
        raise OSError("disk gone")

    monkeypatch.setattr(services, "_write_file", broken)
    letter = request(letter_case, world.link_worker, django_capture_on_commit_callbacks)
    assert letter.status == LetterStatus.FAILED
    assert "could not be saved after several tries" in letter.failure_reason
    assert letter.attempts == tasks.MAX_RETRIES + 1


def test_retry_delays_back_off_up_to_the_cap(settings):
    settings.CELERY_RETRY_DELAY_MAX = 60
    assert [tasks.retry_delay(n) for n in range(5)] == [10, 20, 40, 60, 60]


def test_retry_waits_stay_inside_the_brokers_visibility_timeout(settings):
    """A task held for a later retry counts as taken: a longer wait would be handed out twice."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 30)
    assert tasks.retry_delay(10) < timeout


def test_refused_without_consent_to_share_with_the_addressee(
    world, django_capture_on_commit_callbacks
):
    give_sharing_consent(world.patient, "Citizens Advice")
    case = make_letter_case(world.patient, world.link_worker)
    with pytest.raises(ValidationError, match="has not consented to us sharing"):
        services.letter_request(case=case, kind=LetterKind.MR_COVER, by=world.link_worker)
    assert not EvidenceLetter.objects.exists()


def test_consent_to_dwp_does_not_cover_the_tribunal(world):
    give_sharing_consent(world.patient, "Department for Work and Pensions")
    case = make_letter_case(world.patient, world.link_worker)
    services.letter_request(case=case, kind=LetterKind.MR_COVER, by=world.link_worker)
    with pytest.raises(ValidationError, match="HMCTS"):
        services.letter_request(case=case, kind=LetterKind.TRIBUNAL_PACK, by=world.link_worker)


def test_withdrawn_consent_refuses(world, letter_case):
    ConsentFactory(
        patient=world.patient,
        scope=ConsentScope.SHARE,
        organisation="DWP",
        given=False,
        decided_on=timezone.localdate() + datetime.timedelta(days=1),
        recorded_by=world.link_worker,
    )
    with pytest.raises(ValidationError, match="has not consented"):
        services.letter_request(case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker)


def test_mr_letter_needs_the_decision_date(world):
    give_sharing_consent(world.patient, "DWP", "HMCTS")
    case = make_letter_case(
        world.patient,
        world.link_worker,
        decision_date=None,
        mr_requested_date=None,
        mr_notice_date=None,
        pip_choices={},
    )
    with pytest.raises(ValidationError, match="date of DWP's decision"):
        services.letter_request(case=case, kind=LetterKind.MR_COVER, by=world.link_worker)


def test_tribunal_pack_needs_the_mr_notice_date(world):
    give_sharing_consent(world.patient, "DWP", "HMCTS")
    case = make_letter_case(world.patient, world.link_worker, mr_notice_date=None)
    with pytest.raises(ValidationError, match="mandatory reconsideration notice date"):
        services.letter_request(case=case, kind=LetterKind.TRIBUNAL_PACK, by=world.link_worker)


def test_tribunal_pack_goes_to_hmcts(world, letter_case, django_capture_on_commit_callbacks):
    letter = request(
        letter_case,
        world.link_worker,
        django_capture_on_commit_callbacks,
        kind=LetterKind.TRIBUNAL_PACK,
    )
    text = " ".join(read_pdf(letter)[0])
    assert letter.addressee == Addressee.HMCTS
    assert "HM Courts & Tribunals Service" in text
    assert "SC242/25/01234" in text
    assert "Case timeline" in text
    assert "Mandatory reconsideration notice issued" in text


def test_gp_support_letter_needs_a_signed_gp_statement(world, letter_case):
    draft = SupportStatementFactory(case=letter_case, draft=True)
    with pytest.raises(ValidationError) as refused:
        services.letter_request(
            case=letter_case, kind=LetterKind.GP_SUPPORT, by=world.link_worker, statements=[draft]
        )
    assert "signed, current statements" in str(refused.value)
    with pytest.raises(ValidationError, match="made from a signed GP statement"):
        services.letter_request(case=letter_case, kind=LetterKind.GP_SUPPORT, by=world.link_worker)


def test_statement_of_another_case_is_refused(world, letter_case):
    other = SignedStatementFactory(case=make_letter_case(world.patient, world.link_worker))
    with pytest.raises(ValidationError, match="signed, current statements"):
        services.letter_request(
            case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker, statements=[other]
        )


def test_gp_support_letter_prints_the_statement_in_full(
    world, letter_case, django_capture_on_commit_callbacks
):
    statement = SignedStatementFactory(
        case=letter_case,
        conditions="Rheumatoid arthritis.",
        statement="Needs help with buttons and zips every morning.",
    )
    letter = request(
        letter_case,
        world.link_worker,
        django_capture_on_commit_callbacks,
        kind=LetterKind.GP_SUPPORT,
        statements=[statement],
    )
    text = " ".join(read_pdf(letter)[0])
    assert "Rheumatoid arthritis." in text
    assert "Needs help with buttons and zips every morning." in text
    assert "Preparing food" in text  # the statement's activity entry
    assert statement.signer_name in text
    assert letter.addressee == Addressee.DWP  # no appeal lodged yet


def test_a_second_request_while_one_is_being_made_is_refused(world, letter_case):
    services.letter_request(case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker)
    with pytest.raises(ValidationError, match="already being made"):
        services.letter_request(case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker)
    other = services.letter_request(
        case=letter_case, kind=LetterKind.TRIBUNAL_PACK, by=world.link_worker
    )
    assert other.version == 1


@pytest.mark.parametrize(
    ("points", "message"),
    [({"preparing_food": 9}, "scores 0 to 8 points"), ({"flying": 2}, "Unknown PIP activity")],
)
def test_awarded_points_are_checked(world, letter_case, points, message):
    with pytest.raises(ValidationError, match=message):
        services.letter_request(
            case=letter_case, kind=LetterKind.MR_COVER, by=world.link_worker, awarded_points=points
        )


def test_redrive_queues_letters_whose_task_was_lost(
    world, letter_case, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from tests.factories import EvidenceLetterFactory

    stuck = EvidenceLetterFactory(
        case=letter_case,
        requested_at=timezone.now() - datetime.timedelta(hours=1),
        content=services.content.build_snapshot(
            letter_case,
            kind=LetterKind.MR_COVER,
            letter_date=timezone.localdate(),
            grounds="",
            awarded_points={},
        ),
    )
    fresh = EvidenceLetterFactory(case=letter_case, kind=LetterKind.TRIBUNAL_PACK)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.redrive_stuck_letters() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == LetterStatus.READY
    assert fresh.status == LetterStatus.QUEUED


def test_a_letter_with_long_grounds_runs_to_two_or_three_pages(world, letter_case):
    """The size of letter the speed target is set for (measured by ``manage.py bench_letters``)."""
    from django.utils import timezone

    from appeals.letters.content import build_snapshot, letter_html

    html = letter_html(
        build_snapshot(
            letter_case,
            kind=LetterKind.MR_COVER,
            letter_date=timezone.localdate(),
            grounds="She needs help to wash and dress every day. " * 20,
            awarded_points=AWARDED,
        )
    )
    assert 2 <= render_pdf(html).page_count <= 3


def test_esa_letter_has_no_points_table_and_asks_for_the_address_on_the_letter(
    world, django_capture_on_commit_callbacks
):
    from appeals.models import Benefit

    give_sharing_consent(world.patient, "DWP", "HMCTS")
    case = make_letter_case(
        world.patient,
        world.link_worker,
        benefit=Benefit.ESA,
        daily_living_decided="",
        mobility_decided="",
        daily_living_before="",
        mobility_before="",
        pip_choices={},
    )
    letter = request(case, world.link_worker, django_capture_on_commit_callbacks)
    text = " ".join(read_pdf(letter)[0])
    assert letter.content["pip"] is None
    assert "PIP points" not in text
    assert "Employment and Support Allowance (ESA) (DWP code 051)" in text
    assert "(the address printed on the decision letter)" in text
    with pytest.raises(ValidationError, match="Points apply to PIP cases only"):
        services.letter_request(
            case=case,
            kind=LetterKind.TRIBUNAL_PACK,
            by=world.link_worker,
            awarded_points={"preparing_food": 2},
        )


def test_points_rows_read_in_order(world, letter_case, django_capture_on_commit_callbacks):
    letter = request(
        letter_case, world.link_worker, django_capture_on_commit_callbacks, awarded_points=AWARDED
    )
    text = " ".join(read_pdf(letter)[0])
    assert "Activity Awarded Estimated 1. Preparing food" in text
    assert "prepare or cook 2 4 2. Taking nutrition \N{EN DASH} \N{EN DASH}" in text
    assert "Total 4 9" in text
    assert "Total 4 12" in text


def test_snapshot_prints_the_ni_number_in_pairs_or_nothing_when_blank(world, letter_case):
    def printed_ni_number() -> str:
        snapshot = content.build_snapshot(
            letter_case,
            kind=LetterKind.MR_COVER,
            letter_date=timezone.localdate(),
            grounds="",
            awarded_points={},
        )
        return snapshot["patient"]["ni_number"]

    assert printed_ni_number() == "QQ 12 34 56 C"
    letter_case.patient.ni_number = ""
    assert printed_ni_number() == ""
