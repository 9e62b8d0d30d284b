"""Every write to a supporting statement. Views, the admin, demo data and tasks call these.

Each service is atomic, checks the status against ``TRANSITIONS`` and raises
``ValidationError`` with a message a user can read. Emails go out through
``send_statement_notification`` enqueued when the transaction commits, so a rolled-back
request sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from appeals import services as appeal_services
from appeals import stages
from appeals.models import AppealCase, DeadlineKind, DeadlineStatus
from appeals.statements import content
from appeals.statements.models import (
    CONTENT_FIELDS,
    NotificationReason,
    NotificationStatus,
    SignedStatementError,
    StatementKind,
    StatementNotification,
    StatementStatus,
    SupportStatement,
)
from linkwork.accounts.models import Practice, Role, User

if TYPE_CHECKING:
    from appeals.models import Deadline

logger = logging.getLogger(__name__)

S = StatementStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.DRAFT, S.SIGNED, S.DECLINED, S.WITHDRAWN}),
    S.DRAFT: frozenset({S.DRAFT, S.SIGNED, S.DECLINED, S.WITHDRAWN}),
    S.SIGNED: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

DEFAULT_DUE_DAYS = 14
MAX_DUE_DAYS = 366
TEXT_LIMIT = 10_000
IMPACT_LIMIT = 1_000

_REFUSALS = {
    S.SIGNED: "This statement is signed and can no longer be changed.",
    S.DECLINED: "This request was declined, so it can no longer be changed.",
    S.WITHDRAWN: "This request was withdrawn, so it can no longer be changed.",
}


def default_due(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=DEFAULT_DUE_DAYS)


def _lock(statement: SupportStatement) -> SupportStatement:
    """The row again, locked for the rest of the transaction."""
    return SupportStatement.objects.select_for_update().get(pk=statement.pk)


CHANGED_MESSAGE = (
    "Someone else changed this statement after you opened it. Reload the page to read their "
    "changes, then make yours again."
)


def _require_unchanged(statement: SupportStatement, fingerprint: str | None) -> None:
    """Refuse when the page was built from content that has since changed."""
    if fingerprint is not None and fingerprint != content.draft_fingerprint(statement):
        raise ValidationError(CHANGED_MESSAGE, code="stale")


def _move(statement: SupportStatement, to: str) -> None:
    if statement.status == S.SIGNED:
        raise SignedStatementError
    if to not in TRANSITIONS[statement.status]:
        raise ValidationError(_REFUSALS.get(statement.status, "That change is not possible."))
    statement.status = to


def _require_open_case(case: AppealCase) -> None:
    if case.stage in stages.ENDED:
        raise ValidationError("This appeal case has ended: statements can no longer be added.")


# Requests


def gps_of_practice(practice: Practice):
    return User.objects.filter(role=Role.GP, practice=practice, is_active=True).order_by(
        "last_name", "first_name"
    )


@transaction.atomic
def statement_request(
    *,
    case: AppealCase,
    by: User,
    message: str,
    due: date,
    requested_of_user: User | None = None,
    requested_of_practice: Practice | None = None,
    today: date | None = None,
) -> SupportStatement:
    """Ask a GP (or any GP of a practice) for a statement on a case, due by ``due``.

    The practice defaults to the patient's practice; a named GP must belong to it. Adds a
    statement deadline to the case and emails the GP once the transaction commits."""
    today = today or timezone.localdate()
    _require_open_case(case)
    practice = requested_of_practice or case.patient.practice
    if requested_of_user is not None:
        if requested_of_user.role != Role.GP or not requested_of_user.is_active:
            raise ValidationError({"requested_of": "Choose a GP who can sign in to Linkwork."})
        practice = requested_of_user.practice
    if practice.pk != case.patient.practice_id:
        raise ValidationError(
            {"requested_of": "Ask a GP of the patient's own practice: only they hold the record."}
        )
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Say what you would like the GP to write about."})
    if len(message) > TEXT_LIMIT:
        raise ValidationError({"message": f"Keep the message under {TEXT_LIMIT} characters."})
    if due < today:
        raise ValidationError({"due": "The due date must be today or later."})
    if due > today + timedelta(days=MAX_DUE_DAYS):
        raise ValidationError({"due": "The due date must be within a year."})
    already = SupportStatement.objects.filter(
        case=case,
        kind=StatementKind.GP,
        status__in=[S.REQUESTED, S.DRAFT],
        requested_of_user=requested_of_user,
        requested_of_practice=practice,
    )
    if already.exists():
        raise ValidationError(
            "A request to the same GP is already open on this case: chase it instead of "
            "asking again."
        )
    addressee = str(requested_of_user) if requested_of_user else f"a GP at {practice.name}"
    deadline = appeal_services.deadline_add(
        case=case,
        kind=DeadlineKind.STATEMENT,
        due=due,
        label=f"GP statement from {addressee}",
        by=by,
    )
    statement = SupportStatement.objects.create(
        case=case,
        kind=StatementKind.GP,
        status=S.REQUESTED,
        requested_by=by,
        requested_of_user=requested_of_user,
        requested_of_practice=practice,
        request_message=message,
        deadline=deadline,
    )
    _notify(statement, NotificationReason.REQUEST, by)
    return statement


def recipients_for(statement: SupportStatement) -> list[str]:
    """The email addresses a request goes to: the GP asked, or every GP of the practice."""
    if statement.requested_of_user_id:
        people = [statement.requested_of_user]
    else:
        people = list(gps_of_practice(statement.requested_of_practice))
    return sorted({p.email for p in people if p.email and p.is_active})


def _notify(statement: SupportStatement, reason: str, by: User) -> StatementNotification:
    from appeals.statements.tasks import send_statement_notification

    notification = StatementNotification.objects.create(
        statement=statement, reason=reason, created_by=by, recipients=recipients_for(statement)
    )
    transaction.on_commit(lambda: send_statement_notification.delay(str(notification.pk)))
    return notification


@transaction.atomic
def statement_chase(*, statement: SupportStatement, by: User) -> StatementNotification:
    """Send the request to the GP again now (recorded as a chase)."""
    statement = _lock(statement)
    if statement.kind != StatementKind.GP or statement.status not in (S.REQUESTED, S.DRAFT):
        raise ValidationError("Only an open request to a GP can be chased.")
    return _notify(statement, NotificationReason.CHASE, by)


def _close_deadline(statement: SupportStatement, by: User, *, met: bool, reason: str = "") -> None:
    deadline: Deadline | None = statement.deadline
    if deadline is None or deadline.status != DeadlineStatus.OPEN:
        return
    if met:
        appeal_services.deadline_mark_met(deadline=deadline, by=by)
    else:
        appeal_services.deadline_waive(deadline=deadline, by=by, reason=reason)


@transaction.atomic
def statement_withdraw(
    *, statement: SupportStatement, by: User, reason: str = ""
) -> SupportStatement:
    """Call off an open request to a GP (its deadline is waived), or discard an unsigned link
    worker or carer statement."""
    statement = _lock(statement)
    _move(statement, S.WITHDRAWN)
    reason = reason.strip()[:TEXT_LIMIT]
    statement.closed_reason = reason
    statement.closed_at = timezone.now()
    statement.closed_by = by
    statement.save()
    _close_deadline(statement, by, met=False, reason=f"Request withdrawn. {reason}"[:200].strip())
    return statement


@transaction.atomic
def statement_decline(*, statement: SupportStatement, by: User, reason: str) -> SupportStatement:
    """The GP declines to write, saying why; the deadline is waived with that reason."""
    statement = _lock(statement)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are declining, so the link worker can plan."})
    if len(reason) > TEXT_LIMIT:
        raise ValidationError({"reason": f"Keep the reason under {TEXT_LIMIT} characters."})
    _move(statement, S.DECLINED)
    statement.closed_reason = reason
    statement.closed_at = timezone.now()
    statement.closed_by = by
    statement.save()
    _close_deadline(statement, by, met=False, reason=f"GP declined: {reason}"[:200])
    return statement


# Writing


@transaction.atomic
def statement_start(
    *,
    case: AppealCase,
    kind: str,
    by: User,
    maker_name: str = "",
    maker_relationship: str = "",
) -> SupportStatement:
    """Start the link worker's own statement, or a carer's statement the link worker records."""
    _require_open_case(case)
    if kind not in (StatementKind.LINK_WORKER, StatementKind.CARER):
        raise ValidationError({"kind": "Choose a link worker or a carer statement."})
    maker_name = maker_name.strip()[:200]
    maker_relationship = maker_relationship.strip()[:100]
    if kind == StatementKind.CARER and not maker_name:
        raise ValidationError({"maker_name": "Enter the carer's name."})
    return SupportStatement.objects.create(
        case=case,
        kind=kind,
        status=S.DRAFT,
        requested_by=by,
        author=by,
        maker_name=maker_name if kind == StatementKind.CARER else "",
        maker_relationship=maker_relationship if kind == StatementKind.CARER else "",
    )


def _clean_content(data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in CONTENT_FIELDS:
        text = str(data.get(name) or "").strip()
        if "\x00" in text:
            errors[name] = "Remove the unprintable characters from this text."
        elif len(text) > TEXT_LIMIT:
            errors[name] = f"Keep this under {TEXT_LIMIT} characters."
        values[name] = text
    impacts = content.clean_impacts(data.get("activity_impacts") or {})
    for entry in impacts.values():
        if any(len(v) > IMPACT_LIMIT or "\x00" in v for v in entry.values()):
            errors["activity_impacts"] = (
                f"Keep each activity answer under {IMPACT_LIMIT} characters."
            )
    if errors:
        raise ValidationError(errors)
    values["activity_impacts"] = impacts
    return values


@transaction.atomic
def statement_save_draft(
    *,
    statement: SupportStatement,
    by: User,
    data: Mapping[str, Any],
    fingerprint: str | None = None,
) -> SupportStatement:
    """Save the content typed so far. ``data`` holds the ``CONTENT_FIELDS`` and
    ``activity_impacts`` ({activity key: {how_often, how_reliably, help}}). ``fingerprint``
    (``content.draft_fingerprint`` when the form was opened) refuses a stale form."""
    statement = _lock(statement)
    values = _clean_content(data)
    _require_unchanged(statement, fingerprint)  # against the status the page was built from
    _move(statement, S.DRAFT)
    for name, value in values.items():
        setattr(statement, name, value)
    statement.author = by
    statement.save()
    return statement


@transaction.atomic
def statement_sign(
    *,
    statement: SupportStatement,
    by: User,
    password: str,
    registration: str = "",
    fingerprint: str | None = None,
    now=None,
) -> SupportStatement:
    """Sign the statement as ``by``, who re-enters their password. Records the signer, their
    professional registration, the time and the SHA-256 hash of the content; the due
    deadline is marked met. A wrong password signs nothing; neither does a ``fingerprint``
    of content other than what is stored (the signer must sign what they read)."""
    if not password or not by.check_password(password):
        raise ValidationError({"password": "That password is not right. Enter your own password."})
    statement = _lock(statement)
    if statement.status == S.SIGNED:
        raise SignedStatementError
    _require_unchanged(statement, fingerprint)
    if not content.has_content(statement):
        raise ValidationError("Write the statement before signing it.")
    registration = (registration or by.professional_registration).strip()
    if statement.kind == StatementKind.GP and not registration:
        raise ValidationError(
            {"registration": "Enter your professional registration, e.g. your GMC number."}
        )
    if len(registration) > 50:
        raise ValidationError({"registration": "Keep the registration under 50 characters."})
    _move(statement, S.SIGNED)
    statement.signed_by = by
    statement.signer_name = (by.get_full_name() or by.username)[:200]
    statement.signer_role = (by.job_title or by.get_role_display())[:100]
    statement.signer_registration = registration
    statement.signed_at = now or timezone.now()
    statement.content_hash = content.content_hash(statement)
    statement.save()
    _close_deadline(statement, by, met=True)
    return statement


@transaction.atomic
def statement_correct(*, statement: SupportStatement, by: User) -> SupportStatement:
    """Start a correction of a signed statement: a new draft version, filled with the signed
    content, that supersedes it once signed. The signed version is left as it is. A GP's
    correction is addressed to the GP who starts it."""
    statement = SupportStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != S.SIGNED:
        raise ValidationError("Only a signed statement can be corrected.")
    existing = (
        SupportStatement.objects.filter(supersedes=statement)
        .exclude(status__in=[S.DECLINED, S.WITHDRAWN])
        .first()
    )
    if existing is not None:
        if existing.is_signed:
            raise ValidationError("A newer version already replaces this one: correct that.")
        return existing
    return SupportStatement.objects.create(
        case=statement.case,
        kind=statement.kind,
        status=S.DRAFT,
        requested_by=statement.requested_by,
        # A GP's correction is theirs to write, even when the request went to the practice.
        requested_of_user=by if statement.kind == StatementKind.GP else None,
        requested_of_practice=statement.requested_of_practice,
        request_message=statement.request_message,
        maker_name=statement.maker_name,
        maker_relationship=statement.maker_relationship,
        activity_impacts=dict(statement.activity_impacts),
        author=by,
        version=statement.version + 1,
        supersedes=statement,
        **{name: getattr(statement, name) for name in CONTENT_FIELDS},
    )


# Notifications


def _email_text(notification: StatementNotification) -> tuple[str, str]:
    statement = notification.statement
    url = settings.SITE_URL.rstrip("/") + reverse("statements:detail", args=[statement.pk])
    chase = notification.reason == NotificationReason.CHASE
    subject = (
        "Reminder: supporting statement requested" if chase else "Supporting statement requested"
    )
    due = f"It is due by {statement.due:%d %B %Y}.\n\n" if statement.due else ""
    requester = statement.requested_by
    body = (
        f"{'This is a reminder. ' if chase else ''}A link worker"
        f"{' (' + str(requester) + ')' if requester else ''} at {settings.SERVICE_NAME} has "
        "asked for a supporting statement for a patient's benefit appeal.\n\n"
        f"{due}"
        f"Sign in to Linkwork to read the request and write the statement:\n{url}\n\n"
        "For the patient's privacy this email does not name them."
    )
    return subject, body


@transaction.atomic
def notification_send(*, notification_id) -> StatementNotification | None:
    """Send one pending notification and mark it sent. Safe to run twice: a row already sent
    (or gone) is left alone, so a redelivered task sends nothing more."""
    notification = (
        StatementNotification.objects.select_for_update(of=("self",))
        .select_related("statement__requested_by", "statement__deadline")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.status != NotificationStatus.PENDING:
        return notification
    if not notification.recipients:
        notification.status = NotificationStatus.FAILED
        notification.error = "No GP with an email address to send to."
        notification.save(update_fields=["status", "error"])
        logger.warning("Statement notification %s has no recipients", notification.pk)
        return notification
    subject, body = _email_text(notification)
    send_mail(subject, body, None, notification.recipients)
    notification.status = NotificationStatus.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["status", "sent_at"])
    return notification


def pending_notification_ids(older_than: timedelta = timedelta(minutes=10)) -> list[str]:
    """Notifications still waiting after ``older_than``: their task was lost."""
    cutoff = timezone.now() - older_than
    return [
        str(pk)
        for pk in StatementNotification.objects.filter(
            status=NotificationStatus.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    ]
