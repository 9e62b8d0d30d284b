"""Every write to an evidence letter. Views, the admin, the tasks and the benchmark call these.

* ``letter_request`` checks the request, snapshots what the letter will say and queues the
  rendering task when the transaction commits.
* ``letter_render`` (called by the task) renders one letter. It is safe to run twice: a ready
  letter is left alone, the file has one fixed name and is written to a temporary name first
  and then moved into place, so a half-written PDF is never served.
* ``letter_fail`` records a permanent failure with a reason a person can read;
  ``letter_retry`` queues a failed letter again.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone

from appeals.letters import content
from appeals.letters.models import (
    IN_PROGRESS,
    TRANSITIONS,
    Addressee,
    EvidenceLetter,
    LetterKind,
    LetterStatus,
    letter_file_name,
)
from appeals.models import AppealCase
from patients.selectors import consent_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from appeals.letters.rendering import RenderedPdf
    from appeals.statements.models import SupportStatement
    from linkwork.accounts.models import User
    from patients.models import Patient

logger = logging.getLogger(__name__)

GROUNDS_MAX_LENGTH = 20_000

# The names a patient's sharing consent may give each addressee (compared without case).
ADDRESSEE_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    Addressee.DWP: ("DWP", "Department for Work and Pensions"),
    Addressee.HMCTS: (
        "HMCTS",
        "HM Courts & Tribunals Service",
        "HM Courts and Tribunals Service",
        "Tribunal",
        "First-tier Tribunal",
        "SSCS",
    ),
}

# Errors worth trying again: the database connection or the file store was briefly unavailable.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, OSError)


def consented_addressees(patient: Patient) -> set[str]:
    """The addressees the patient's consent in force lets us send a letter to (under any of
    the names in ``ADDRESSEE_ORGANISATIONS``), by the rule of the policy's
    ``may_share_with_third_parties``, with the consent read once (one query)."""
    consent = consent_state(patient)
    return {
        addressee
        for addressee, names in ADDRESSEE_ORGANISATIONS.items()
        if any(consent.may_share_with(name) for name in names)
    }


def _consent_refusal(case: AppealCase, addressee: str) -> str | None:
    if addressee in consented_addressees(case.patient):
        return None
    names = ADDRESSEE_ORGANISATIONS[addressee]
    return (
        f"{case.patient.full_name} has not consented to us sharing their information with "
        f"{names[0]}. Record their consent to share with {names[0]} on their record first "
        f"(organisation “{names[0]}” or “{names[1]}”)."
    )


def _check_awarded_points(case: AppealCase, awarded_points: Mapping[str, int]) -> dict[str, int]:
    if not awarded_points:
        return {}
    if not case.is_pip:
        raise ValidationError({"awarded_points": "Points apply to PIP cases only."})
    rule_set = case.pip_rule_set
    cleaned: dict[str, int] = {}
    for key, points in awarded_points.items():
        try:
            activity = rule_set.activity(key)
        except ValueError as error:
            raise ValidationError({"awarded_points": str(error)}) from error
        if points is None or points == "":
            continue
        if not 0 <= int(points) <= activity.max_points:
            raise ValidationError(
                {
                    "awarded_points": f"Activity {activity.number} ({activity.title}) scores "
                    f"0 to {activity.max_points} points."
                }
            )
        cleaned[key] = int(points)
    return cleaned


def _check_case_ready(case: AppealCase, kind: str) -> None:
    if kind == LetterKind.MR_COVER and not case.decision_date:
        raise ValidationError(
            "Enter the date of DWP's decision on the case before writing the MR letter."
        )
    if kind == LetterKind.TRIBUNAL_PACK and not case.mr_notice_date:
        raise ValidationError(
            "Enter the mandatory reconsideration notice date on the case before making the "
            "tribunal pack: the tribunal hears appeals against the reconsidered decision."
        )


def statement_entry(statement: SupportStatement) -> dict[str, object]:
    """Printable values of one signed statement, laid out as the statements app lays it out."""
    from appeals.statements.content import statement_sections

    maker = statement.maker
    return {
        "title": statement.get_kind_display() + (f" from {maker}" if maker else ""),
        "sections": [[heading, text] for heading, text in statement_sections(statement)],
        "signer": statement.signer_name or str(statement.signed_by or ""),
        "signer_role": statement.signer_role,
        "signer_registration": statement.signer_registration,
        "signed_on": content.long_date(timezone.localdate(statement.signed_at))
        if statement.signed_at
        else "",
        "version": statement.version,
        "content_hash": statement.content_hash,
    }


def _check_statements(
    case: AppealCase, kind: str, statements: Iterable[SupportStatement]
) -> list[SupportStatement]:
    from appeals.statements.models import StatementKind
    from appeals.statements.selectors import signed_statements_for_case

    chosen = list(statements)
    current = {s.pk: s for s in signed_statements_for_case(case)}
    if any(s.pk not in current for s in chosen):
        raise ValidationError(
            {"statements": "Choose only signed, current statements of this case."}
        )
    chosen = [current[s.pk] for s in chosen]
    if kind == LetterKind.GP_SUPPORT and not any(s.kind == StatementKind.GP for s in chosen):
        raise ValidationError(
            {
                "statements": "A GP support letter is made from a signed GP statement: choose "
                "one (request one from the GP on the case page if there is none yet)."
            }
        )
    return sorted(chosen, key=lambda s: (s.signed_at, str(s.pk)))


def _next_version(case: AppealCase, kind: str) -> int:
    latest = EvidenceLetter.objects.filter(case=case, kind=kind).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _enqueue(letter: EvidenceLetter) -> None:
    from appeals.letters.tasks import render_letter

    letter_id = str(letter.pk)
    transaction.on_commit(lambda: render_letter.delay(letter_id))


@transaction.atomic
def letter_request(
    *,
    case: AppealCase,
    kind: str,
    by: User,
    grounds: str = "",
    awarded_points: Mapping[str, int] | None = None,
    statements: Iterable[SupportStatement] = (),
    letter_date: date | None = None,
) -> EvidenceLetter:
    """Queue a new version of a letter of ``kind`` for ``case``.

    ``statements`` are the signed statements to print in full (from
    ``appeals.statements.selectors.signed_statements_for_case``). Refuses
    (``ValidationError``) when the patient has not consented to sharing with the addressee,
    when the case lacks the dates the letter needs, when a statement is not a current signed
    one of the case, when a GP support letter has no signed GP statement, or when a letter of
    the same kind is still being made.
    """
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "Choose the kind of letter."})
    # Lock the case so two requests at once cannot take the same version number.
    case = (
        AppealCase.objects.select_for_update(of=("self",))
        .select_related("patient__practice__service")
        .get(pk=case.pk)
    )
    _check_case_ready(case, kind)
    addressee = content.addressee_for(kind, case)
    if refusal := _consent_refusal(case, addressee):
        raise ValidationError(refusal, code="no_consent")
    chosen = _check_statements(case, kind, statements)
    grounds = grounds.strip()
    if len(grounds) > GROUNDS_MAX_LENGTH:
        raise ValidationError(
            {"grounds": f"Keep the grounds under {GROUNDS_MAX_LENGTH:,} characters."}
        )
    points = _check_awarded_points(case, awarded_points or {})
    if EvidenceLetter.objects.filter(case=case, kind=kind, status__in=IN_PROGRESS).exists():
        raise ValidationError(
            f"A {LetterKind(kind).label.lower()} is already being made for this case: wait for "
            "it to be ready, then make another if you need to."
        )
    letter_date = letter_date or timezone.localdate()
    letter = EvidenceLetter.objects.create(
        case=case,
        kind=kind,
        version=_next_version(case, kind),
        addressee=addressee,
        letter_date=letter_date,
        grounds=grounds,
        awarded_points=points,
        content=content.build_snapshot(
            case,
            kind=kind,
            letter_date=letter_date,
            grounds=grounds,
            awarded_points=points,
            statements=[statement_entry(s) for s in chosen],
        ),
        requested_by=by,
        requested_at=timezone.now(),
    )
    letter.statements.set(chosen)
    _enqueue(letter)
    return letter


def _move(letter: EvidenceLetter, to: str) -> None:
    if to not in TRANSITIONS[letter.status]:
        raise ValidationError(
            f"A letter that is {letter.get_status_display().lower()} cannot become "
            f"{LetterStatus(to).label.lower()}."
        )
    letter.status = to


def _write_file(name: str, data: bytes) -> str:
    """Store ``data`` as ``name`` through the storage API. On a local file system it is written
    to a temporary file in the same folder and moved into place in one step, so a reader sees
    either no file or the whole file, and writing twice leaves one file."""
    storage = EvidenceLetter._meta.get_field("file").storage
    try:
        final = Path(storage.path(name))
    except NotImplementedError:  # remote storage: an object upload is published whole
        if storage.exists(name):
            storage.delete(name)
        return storage.save(name, ContentFile(data))
    final.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=final.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def letter_render(
    *, letter_id: str, renderer: Callable[[str], RenderedPdf] | None = None
) -> EvidenceLetter:
    """Render one letter and store its PDF. Idempotent: a ready (or failed) letter is
    returned unchanged. Transient errors (database, file store) propagate for the task to
    retry; any other error marks the letter failed with a readable reason.

    ``renderer`` defaults to ``rendering.render_pdf``, imported here so that WeasyPrint is
    loaded by the processes that render letters, not by every process at start-up."""
    if renderer is None:
        from appeals.letters.rendering import render_pdf as renderer
    with transaction.atomic():
        letter = EvidenceLetter.objects.select_for_update().get(pk=letter_id)
        if letter.status not in IN_PROGRESS:
            return letter
        _move(letter, LetterStatus.RENDERING)
        letter.attempts += 1
        letter.rendering_started_at = timezone.now()
        letter.save(update_fields=["status", "attempts", "rendering_started_at"])
    try:
        pdf: RenderedPdf = renderer(content.letter_html(letter.content))
    except TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Letter %s could not be rendered", letter_id)
        return letter_fail(
            letter_id=letter_id,
            reason=f"The PDF could not be laid out ({type(error).__name__}). Try again; if it "
            "fails again, tell your administrator.",
        )
    name = _write_file(letter_file_name(letter), pdf.data)
    with transaction.atomic():
        letter = EvidenceLetter.objects.select_for_update().get(pk=letter_id)
        if letter.status != LetterStatus.RENDERING:
            return letter
        _move(letter, LetterStatus.READY)
        letter.file.name = name
        letter.page_count = pdf.page_count
        letter.size_bytes = pdf.size
        letter.sha256 = pdf.sha256
        letter.rendered_at = timezone.now()
        letter.failure_reason = ""
        letter.save()
    return letter


@transaction.atomic
def letter_fail(*, letter_id: str, reason: str) -> EvidenceLetter:
    """Mark a letter failed with ``reason`` (shown to the user, so no patient data in it)."""
    letter = EvidenceLetter.objects.select_for_update().get(pk=letter_id)
    if letter.status not in IN_PROGRESS:
        return letter
    _move(letter, LetterStatus.FAILED)
    letter.failure_reason = reason[:300]
    letter.save(update_fields=["status", "failure_reason"])
    return letter


@transaction.atomic
def letter_retry(*, letter: EvidenceLetter, by: User) -> EvidenceLetter:
    """Queue a failed letter again (same version, same content)."""
    letter = EvidenceLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.FAILED:
        raise ValidationError("Only a letter that failed can be tried again.")
    _move(letter, LetterStatus.QUEUED)
    letter.failure_reason = ""
    letter._change_reason = f"Retried by {by.pk}"
    letter.save(update_fields=["status", "failure_reason"])
    _enqueue(letter)
    return letter


def letters_redrive(*, older_than_minutes: int = 10) -> int:
    """Queue again letters left queued or rendering for longer than a render can take (their
    task was lost). Returns how many were queued."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    stuck = list(
        EvidenceLetter.objects.filter(status__in=IN_PROGRESS, requested_at__lt=cutoff)
        .exclude(rendering_started_at__gte=cutoff)
        .values_list("pk", flat=True)
    )
    for pk in stuck:
        with transaction.atomic():
            _enqueue(EvidenceLetter(pk=pk))
    return len(stuck)
