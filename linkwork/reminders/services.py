"""Every write of the reminders app: the scan, delivery, the sweep, notifications, preferences.

Exactly once, in three parts (docs/decisions/0004-exactly-once-reminders.md):

1. ``reminders_scan`` records each reminder that applies now as a ``queued`` row. A unique
   constraint on (deadline or referral, due date, step, recipient) means a reminder is
   recorded once however many scans run, at the same time or one after another; only the scan
   whose row was inserted enqueues its delivery, after its transaction commits.
2. ``reminder_deliver`` locks the row (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL),
   marks it ``sending``, creates the in-app notification, sends the email and marks it
   ``sent``, all in one transaction: a worker killed half-way leaves the row ``queued`` (the
   transaction rolls back) and the broker hands the task to another worker; a row already
   ``sent`` is never sent again, and a row another worker holds is skipped.
3. ``reminders_sweep`` re-drives rows still ``queued`` or ``sending`` some minutes after their
   last change (their task was lost, or the email server refused and a retry is due).
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat, Left, Upper
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from appeals.models import Deadline, DeadlineKind, DeadlineStatus
from appeals.stages import ENDED
from linkwork.accounts.models import Role, User
from linkwork.reminders import schedule
from linkwork.reminders.models import (
    Notification,
    Reminder,
    ReminderPreference,
    ReminderStatus,
    ReminderStep,
    ReminderTopic,
)
from referrals.models import Referral

logger = logging.getLogger(__name__)

# Dates that are themselves reminders of a hearing: one reminder on the day, nothing overdue.
DATE_ONLY_KINDS = frozenset({DeadlineKind.HEARING_7_DAYS, DeadlineKind.HEARING_1_DAY})
_CHUNK = 2000


# Preferences


def preference_for(user: User) -> ReminderPreference:
    """The user's preferences, or the defaults (unsaved) when they never chose."""
    try:
        return user.reminder_preference
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(user=user)


@transaction.atomic
def preferences_update(
    *, user: User, offsets: Iterable[int], email_enabled: bool
) -> ReminderPreference:
    """Save which "before" reminders the user gets and whether they are emailed."""
    allowed = set(settings.REMINDER_OFFSETS_DAYS)
    chosen = sorted({int(o) for o in offsets}, reverse=True)
    unknown = [o for o in chosen if o not in allowed]
    if unknown:
        raise ValidationError(
            {"offsets": f"Choose from the reminder days offered ({_days_list(allowed)})."}
        )
    preference, _ = ReminderPreference.objects.update_or_create(
        user=user, defaults={"offsets": chosen, "email_enabled": email_enabled}
    )
    return preference


def _days_list(days: Iterable[int]) -> str:
    return ", ".join(str(d) for d in sorted(days, reverse=True))


# Notifications


@transaction.atomic
def notification_create(
    *, recipient: User, title: str, body: str = "", link: str = "", reminder: Reminder | None = None
) -> Notification:
    """Put a message under the recipient's bell. Other apps may call this for their own
    in-app messages; ``link`` is a path on this site (never containing names)."""
    return Notification.objects.create(
        recipient=recipient, title=title[:200], body=body, link=link[:300], reminder=reminder
    )


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    """Mark one of the user's own notifications read (no change if it already is)."""
    if notification.recipient_id != by.pk:
        raise ValidationError("You can only mark your own notifications as read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; return how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# The scan


@dataclass
class ScanResult:
    reminder_date: date
    considered: int = 0
    recorded: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Source:
    """A deadline or a referral's first contact, reduced to what the scan needs."""

    deadline_id: Any
    referral_id: Any
    topic: str
    label: str
    due: date
    initials: str
    service_id: Any
    recipients: tuple[Any, ...]
    audience: str  # who the recipients are, in words: "the case's holder"
    link: str
    with_overdue: bool


def _text(name: str | Coalesce) -> Cast:
    """A key column read as text: the scan compares keys, it never needs UUID objects."""
    return Cast(name, output_field=CharField())


def _canonical(uuid_text: str) -> str:
    """A UUID read as text in its usual dashed form (SQLite stores 32 hex digits)."""
    return uuid_text if len(uuid_text) == 36 else str(uuid.UUID(uuid_text))


def _initials(prefix: str) -> Concat:
    """ "J.S." for Jane Smith, worked out by the database: all of a patient a reminder's subject
    may show, and all of a name the scan ever reads."""
    return Concat(
        Upper(Left(f"{prefix}given_name", 1)),
        Value("."),
        Upper(Left(f"{prefix}family_name", 1)),
        Value("."),
        output_field=CharField(),
    )


def reminders_scan(*, now: datetime | None = None, enqueue: bool = True) -> ScanResult:
    """Record every reminder that applies now and is not yet recorded, and (after commit)
    enqueue their delivery. Safe to run at the same time as another scan, and late."""
    now = now or timezone.now()
    today = schedule.reminder_date(now, settings.REMINDER_SEND_HOUR)
    result = ScanResult(reminder_date=today)
    holidays = schedule.holidays_near(today)
    default_offsets = tuple(settings.REMINDER_OFFSETS_DAYS)
    overdue_days = settings.REMINDER_OVERDUE_DAYS
    window = schedule.scan_window(today, offsets=default_offsets, overdue_days=overdue_days)

    with transaction.atomic():
        sources = _deadline_sources(
            Deadline.objects.filter(status=DeadlineStatus.OPEN, due__range=window).exclude(
                case__stage__in=ENDED
            )
        ) + _referral_sources(
            Referral.objects.awaiting_first_contact().filter(first_contact_due__range=window)
        )
        result.considered = len(sources)
        service_ids = {s.service_id for s in sources}
        managers = _managers_by_service(service_ids)
        people = _people({r for s in sources for r in s.recipients} | _flatten(managers.values()))
        existing = _existing_keys(window)

        steps_cache: dict[tuple, schedule.Step | None] = {}

        def step_for(due: date, offsets: tuple[int, ...], with_overdue: bool):
            key = (due, offsets, with_overdue)
            if key not in steps_cache:
                steps_cache[key] = schedule.step_due_on(
                    due,
                    today,
                    offsets=offsets,
                    overdue_days=overdue_days,
                    holidays=holidays,
                    with_overdue=with_overdue,
                )
            return steps_cache[key]

        new: list[tuple] = []
        for source in sources:
            for recipient_id in source.recipients:
                person = people.get(recipient_id)
                if person is None or not _may_receive(person.role, source.topic):
                    continue
                step = step_for(source.due, person.offsets, source.with_overdue)
                if step is None or step.kind == schedule.StepKind.ESCALATION:
                    continue
                _add(new, existing, source, step, recipient_id, person, today)
            escalation = step_for(source.due, default_offsets, source.with_overdue)
            if escalation is not None and escalation.kind == schedule.StepKind.ESCALATION:
                for manager_id in managers.get(source.service_id, ()):
                    person = people.get(manager_id)
                    if person is not None:
                        _add(new, existing, source, escalation, manager_id, person, today)
        # Rows another scan recorded first are skipped by the unique constraint; only the rows
        # this scan inserted are delivered by it.
        result.recorded = _insert(new)
        if enqueue and result.recorded:
            ids = list(result.recorded)
            transaction.on_commit(lambda: enqueue_delivery(ids))
    logger.info(
        "Reminder scan for %s: %d deadlines considered, %d reminders recorded",
        today,
        result.considered,
        len(result.recorded),
    )
    return result


def enqueue_delivery(reminder_ids: list[str]) -> None:
    """Send delivery tasks for these reminders, a batch per task."""
    from linkwork.reminders.tasks import deliver_reminders

    size = max(1, settings.REMINDER_DELIVERY_BATCH_SIZE)
    for start in range(0, len(reminder_ids), size):
        deliver_reminders.delay(reminder_ids[start : start + size])


@dataclass(frozen=True)
class _Person:
    role: str
    offsets: tuple[int, ...]
    email_wanted: bool


def _flatten(groups: Iterable[Iterable[Any]]) -> set[Any]:
    return {item for group in groups for item in group}


def _may_receive(role: str, topic: str) -> bool:
    """A GP gets statement reminders only; everyone else what their role holds."""
    if role == Role.GP:
        return topic == ReminderTopic.STATEMENT
    return True


_COLUMNS = (
    "id",
    "deadline_id",
    "referral_id",
    "recipient_id",
    "topic",
    "step",
    "offset_days",
    "due",
    "scheduled_for",
    "subject",
    "link",
    "email_wanted",
)


def _add(
    new: list[tuple],
    existing: set[str],
    source: _Source,
    step: schedule.Step,
    recipient_id: str,
    person: _Person,
    today: date,
) -> None:
    key = _key(source.deadline_id or source.referral_id, source.due, step.offset, recipient_id)
    if key in existing:
        return
    existing.add(key)
    prefix = "Escalation: " if step.kind == schedule.StepKind.ESCALATION else ""
    new.append(
        (
            str(uuid.uuid4()),
            source.deadline_id,
            source.referral_id,
            recipient_id,
            source.topic,
            step.kind.value,
            step.offset,
            source.due,
            today,
            f"{prefix}{source.initials}: {source.label}"[:200],
            source.link,
            person.email_wanted,
        )
    )


def _key(source_id: str, due: date, offset: int, recipient_id: str) -> str:
    return f"{source_id}|{due.isoformat()}|{offset}|{recipient_id}"


def _insert(rows: list[tuple]) -> list[str]:
    """Insert the rows, skipping any the unique constraint refuses; return the ids inserted."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        # One statement whatever the number of rows: every column as a text array, unnested
        # and cast; RETURNING gives exactly the rows this scan inserted.
        types = ("uuid", "uuid", "uuid", "uuid", "text", "text", "smallint", "date", "date")
        types += ("text", "text", "boolean")
        names = [f"c{n}" for n in range(len(_COLUMNS))]
        values = ", ".join(f"NULLIF({c}, '')::{t}" for c, t in zip(names, types, strict=True))
        sql = (
            f"INSERT INTO {Reminder._meta.db_table} ({', '.join(_COLUMNS)}, status, "  # noqa: S608 (fixed names)
            f"failure_reason, attempts, created_at, updated_at) SELECT {values}, %s, '', 0, %s, %s "
            f"FROM unnest({', '.join(['%s::text[]'] * len(names))}) AS t({', '.join(names)}) "
            "ON CONFLICT DO NOTHING RETURNING id::text"
        )
        columns = [
            ["" if v is None else str(v) for v in column] for column in zip(*rows, strict=True)
        ]
        with connection.cursor() as cursor:
            written = timezone.now()
            cursor.execute(sql, [ReminderStatus.QUEUED.value, written, written, *columns])
            return [row[0] for row in cursor.fetchall()]
    reminders = [Reminder(**dict(zip(_COLUMNS, row, strict=True))) for row in rows]
    Reminder.objects.bulk_create(reminders, batch_size=500, ignore_conflicts=True)
    proposed = [row[0] for row in rows]
    inserted: list[str] = []
    for start in range(0, len(proposed), _CHUNK):
        inserted += map(
            str,
            Reminder.objects.filter(pk__in=proposed[start : start + _CHUNK]).values_list(
                "pk", flat=True
            ),
        )
    return inserted


def _deadline_sources(deadlines: QuerySet[Deadline]) -> list[_Source]:
    """The deadlines as sources, each with its recipients: the case's holder, or for a request
    to a GP the GP asked (every GP of the practice asked when no one GP was named)."""
    rows = list(
        deadlines.values_list(
            _text("id"),
            "kind",
            "due",
            _text("case_id"),
            _text("case__holder_id"),
            _initials("case__patient__"),
            _text("case__patient__practice__service_id"),
        )
    )
    statements = _statement_requests([r[0] for r in rows if r[1] == DeadlineKind.STATEMENT])
    case_link = reverse(
        "appeals:case_detail", kwargs={"pk": "00000000-0000-0000-0000-000000000000"}
    )
    sources = []
    for deadline_id, kind, due, case_id, holder_id, patient_initials, service_id in rows:
        recipients: tuple[Any, ...] = (holder_id,)
        audience = "the case's holder"
        link = case_link.replace("00000000-0000-0000-0000-000000000000", _canonical(case_id))
        if deadline_id in statements:
            recipients, audience, link = statements[deadline_id]
        sources.append(
            _Source(
                deadline_id=deadline_id,
                referral_id=None,
                topic=kind,
                label=str(ReminderTopic(kind).label),
                due=due,
                initials=patient_initials,
                service_id=service_id,
                recipients=recipients,
                audience=audience,
                link=link,
                with_overdue=kind not in DATE_ONLY_KINDS,
            )
        )
    return sources


def _statement_requests(deadline_ids: list[Any]) -> dict[Any, tuple[tuple[Any, ...], str, str]]:
    """For statement deadlines that belong to a request to a GP: the GP asked (or every GP of
    the practice asked, when no one GP was named), who they are in words, and the link to the
    statement page."""
    if not deadline_ids or not apps.is_installed("appeals.statements"):
        return {}
    statement_model = apps.get_model("statements", "SupportStatement")
    requests = {}
    practice_of: dict[Any, list[Any]] = {}
    for start in range(0, len(deadline_ids), _CHUNK):
        for deadline_id, pk, gp_id, practice_id in statement_model.objects.filter(
            deadline_id__in=deadline_ids[start : start + _CHUNK]
        ).values_list(
            _text("deadline_id"),
            _text("id"),
            _text("requested_of_user_id"),
            _text("requested_of_practice_id"),
        ):
            requests[deadline_id] = (pk, gp_id, practice_id)
            if gp_id is None and practice_id is not None:
                practice_of.setdefault(practice_id, [])
    if practice_of:
        for gp_id, practice_id in User.objects.filter(
            role=Role.GP, is_active=True, practice_id__in=list(practice_of)
        ).values_list(_text("id"), _text("practice_id")):
            practice_of[practice_id].append(gp_id)
    found = {}
    for deadline_id, (pk, gp_id, practice_id) in requests.items():
        if gp_id is not None:
            gps: tuple[Any, ...] = (gp_id,)
            audience = "the GP asked for the statement"
        elif practice_id is not None:
            gps = tuple(practice_of.get(practice_id, ()))
            audience = "a GP of the practice asked for the statement"
        else:
            continue  # not a request to a GP: the case holder is reminded
        link = reverse("statements:detail", kwargs={"pk": _canonical(pk)})
        found[deadline_id] = (gps, audience, link)
    return found


def _referral_sources(referrals: QuerySet[Referral]) -> list[_Source]:
    """The referrals' first contacts as sources, each with its recipients: the patient's holder,
    or every link worker of the service when no one holds the patient."""
    rows = list(
        referrals.values_list(
            _text("id"),
            "first_contact_due",
            _text("patient__holder_id"),
            _initials("patient__"),
            _text("patient__practice__service_id"),
        )
    )
    unheld_services = {row[4] for row in rows if row[2] is None}
    link_workers: dict[Any, list[Any]] = defaultdict(list)
    if unheld_services:
        for user_id, service_id in User.objects.filter(
            role=Role.LINK_WORKER, is_active=True, service_id__in=unheld_services
        ).values_list(_text("id"), _text("service_id")):
            link_workers[service_id].append(user_id)
    label = str(ReminderTopic.FIRST_CONTACT.label)
    sources = []
    for referral_id, due, holder_id, patient_initials, service_id in rows:
        if holder_id:
            recipients, audience = (holder_id,), "the patient's holder"
        else:
            recipients = tuple(link_workers.get(service_id, ()))
            audience = "a link worker of the patient's service"
        sources.append(
            _Source(
                deadline_id=None,
                referral_id=referral_id,
                topic=ReminderTopic.FIRST_CONTACT,
                label=label,
                due=due,
                initials=patient_initials,
                service_id=service_id,
                recipients=recipients,
                audience=audience,
                link=reverse("referrals:detail", kwargs={"pk": _canonical(referral_id)}),
                with_overdue=True,
            )
        )
    return sources


def _managers_by_service(service_ids: set[Any]) -> dict[Any, list[Any]]:
    """The active managers of each service: the recipients of its escalations."""
    managers: dict[Any, list[Any]] = defaultdict(list)
    if service_ids:
        for user_id, service_id in User.objects.filter(
            role=Role.MANAGER, is_active=True, service_id__in=service_ids
        ).values_list(_text("id"), _text("service_id")):
            managers[service_id].append(user_id)
    return managers


def _people(user_ids: set[Any]) -> dict[Any, _Person]:
    """Active recipients with their preferences (the defaults when they never chose)."""
    user_ids.discard(None)
    default_offsets = tuple(settings.REMINDER_OFFSETS_DAYS)
    people = {}
    ids = list(user_ids)
    for start in range(0, len(ids), _CHUNK):
        for user_id, role, email, offsets, email_enabled in User.objects.filter(
            pk__in=ids[start : start + _CHUNK], is_active=True
        ).values_list(
            _text("id"),
            "role",
            "email",
            "reminder_preference__offsets",
            "reminder_preference__email_enabled",
        ):
            people[user_id] = _Person(
                role=role,
                offsets=default_offsets if offsets is None else tuple(offsets),
                email_wanted=bool(email) and email_enabled is not False,
            )
    return people


def _existing_keys(window: tuple[date, date]) -> set[str]:
    """Reminders already recorded for due dates in the window, as keys. Only an optimisation
    (fewer rows offered to the insert): the unique constraint is what guarantees once."""
    return {
        _key(source_id, due, offset, recipient_id)
        for source_id, due, offset, recipient_id in Reminder.objects.filter(
            due__range=window
        ).values_list(
            _text(Coalesce("deadline_id", "referral_id")),
            "due",
            "offset_days",
            _text("recipient_id"),
        )
    }


# Delivery


def _stopped_reason(reminder: Reminder) -> str:
    """Why a recorded reminder must no longer go out, or "" if it still applies."""
    if not reminder.recipient.is_active:
        return "The recipient's account is deactivated."
    if reminder.deadline_id:
        deadline = reminder.deadline
        if deadline.status != DeadlineStatus.OPEN:
            return f"The deadline is {deadline.get_status_display().lower()}."
        if deadline.case.stage in ENDED:
            return "The case is closed."
        if deadline.due != reminder.due:
            return "The due date changed; reminders follow the new date."
    else:
        referral = reminder.referral
        if not referral.awaits_first_contact:
            return (
                "The patient has been contacted, the referral has moved on or the patient's "
                "record is closed."
            )
        if referral.first_contact_due != reminder.due:
            return "The due date changed; reminders follow the new date."
    return _recipient_changed(reminder)


def _recipient_changed(reminder: Reminder) -> str:
    """Why the scan would no longer choose the reminder's recipient for its deadline or referral
    (the case was reassigned, the statement asked of another GP, the manager moved service),
    or "" if it still would. Uses the scan's own rules, for this one source."""
    if reminder.deadline_id:
        (source,) = _deadline_sources(Deadline.objects.filter(pk=reminder.deadline_id))
    else:
        (source,) = _referral_sources(Referral.objects.filter(pk=reminder.referral_id))
    recipient = reminder.recipient
    if reminder.step == ReminderStep.ESCALATION:
        chosen = _managers_by_service({source.service_id}).get(source.service_id, ())
        audience = "a manager of the service"
    elif _may_receive(recipient.role, source.topic):
        chosen, audience = source.recipients, source.audience
    else:
        chosen, audience = (), source.audience
    if any(uuid.UUID(user_id) == recipient.pk for user_id in chosen if user_id):
        return ""
    return f"The recipient is no longer {audience}."


def _message(reminder: Reminder, today: date) -> dict[str, Any]:
    days_left = (reminder.due - today).days
    phrase = schedule.days_phrase(days_left)
    return {
        "reminder": reminder,
        "title": f"{reminder.subject}, {phrase}",
        "phrase": phrase,
        "url": settings.SITE_URL.rstrip("/") + reminder.link,
        "preferences_url": settings.SITE_URL.rstrip("/") + reverse("reminders:preferences"),
        "is_escalation": reminder.step == ReminderStep.ESCALATION,
        "is_statement": reminder.topic == ReminderTopic.STATEMENT,
        "service_name": settings.SERVICE_NAME,
    }


def message_id(reminder: Reminder) -> str:
    """The email's Message-ID, fixed per reminder: should a worker die between the mail server
    accepting the email and the commit, the copy sent again is the same message, which mail
    servers and clients recognise as one."""
    domain = urlsplit(settings.SITE_URL).hostname or "linkwork.invalid"
    return f"<reminder.{reminder.pk}@{domain}>"


def _send_email(reminder: Reminder, context: dict[str, Any]) -> None:
    text = render_to_string("reminders/email/reminder.txt", context)
    html = render_to_string("reminders/email/reminder.html", context)
    email = EmailMultiAlternatives(
        subject=context["title"],
        body=text,
        to=[reminder.recipient.email],
        headers={"Message-ID": message_id(reminder)},
    )
    email.attach_alternative(html, "text/html")
    email.send()


def reminder_deliver(*, reminder_id: Any, now: datetime | None = None) -> Reminder | None:
    """Deliver one recorded reminder: the in-app notification always, the email when the
    recipient wants it. Returns the reminder, or None when there was nothing to do (already
    delivered, or being delivered by another worker right now)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "deadline__case", "referral__patient")
            .filter(pk=reminder_id, status__in=(ReminderStatus.QUEUED, ReminderStatus.SENDING))
            .first()
        )
        if reminder is None:
            return None
        reason = _stopped_reason(reminder)
        if reason:
            reminder.status = ReminderStatus.CANCELLED
            reminder.failure_reason = reason
            reminder.save(update_fields=["status", "failure_reason", "updated_at"])
            return reminder
        reminder.status = ReminderStatus.SENDING
        reminder.attempts += 1
        reminder.save(update_fields=["status", "attempts", "updated_at"])
        context = _message(reminder, today)
        if not Notification.objects.filter(reminder=reminder).exists():
            notification_create(
                recipient=reminder.recipient,
                title=context["title"],
                body=reminder.get_step_display(),
                link=reminder.link,
                reminder=reminder,
            )
        reminder.failure_reason = ""
        if reminder.email_wanted and reminder.emailed_at is None:
            try:
                _send_email(reminder, context)
            except Exception as error:  # any transport error: recorded, retried by the sweep
                logger.warning(
                    "Reminder %s: email not sent (%s)", reminder.pk, type(error).__name__
                )
                reason = f"Email not sent: {type(error).__name__}: {error}"[:300]
                reminder.failure_reason = reason
                if reminder.attempts < settings.REMINDER_MAX_ATTEMPTS:
                    reminder.status = ReminderStatus.QUEUED
                else:
                    reminder.status = ReminderStatus.FAILED
                reminder.save(update_fields=["status", "failure_reason", "updated_at"])
                return reminder
            reminder.emailed_at = timezone.now()
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = timezone.now()
        reminder.save(
            update_fields=["status", "failure_reason", "emailed_at", "sent_at", "updated_at"]
        )
        return reminder


# The sweep


def reminders_sweep(*, now: datetime | None = None, limit: int = 5000) -> list[str]:
    """Re-drive reminders left ``queued`` or ``sending`` for ``REMINDER_STUCK_MINUTES``: their
    task was lost, or their email failed and a retry is due. Returns the ids re-driven."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.REMINDER_STUCK_MINUTES)
    with transaction.atomic():
        ids = [
            str(pk)
            for pk in Reminder.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=(ReminderStatus.QUEUED, ReminderStatus.SENDING),
                updated_at__lt=cutoff,
            )
            .values_list("pk", flat=True)[:limit]
        ]
        if ids:
            # Touch the rows so the next sweep waits another period before trying them again.
            Reminder.objects.filter(pk__in=ids).update(updated_at=now)
            transaction.on_commit(lambda: enqueue_delivery(ids))
    if ids:
        logger.info("Reminder sweep: %d reminders sent to delivery again", len(ids))
    return ids


@transaction.atomic
def reminder_requeue(*, reminder: Reminder, by: User) -> Reminder:
    """Try a failed reminder again (administrators, from the admin)."""
    if reminder.status != ReminderStatus.FAILED:
        raise ValidationError("Only a failed reminder can be sent again.")
    reminder.status = ReminderStatus.QUEUED
    reminder.attempts = 0
    reminder.save(update_fields=["status", "attempts", "updated_at"])
    pk = str(reminder.pk)
    transaction.on_commit(lambda: enqueue_delivery([pk]))
    logger.info("Reminder %s queued again by %s", pk, by.pk)
    return reminder
