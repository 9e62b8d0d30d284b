"""Erasing the patient's initials and typed labels from reminders when their record is
anonymised.

``erase_for_patient`` is an erasure step for ``linkwork.audit.retention.ERASURE_STEPS``. A
reminder's subject and its in-app notification's title name the patient by initials and repeat
the deadline's label, which may have been typed by hand ("J.S.: call her daughter about the
hearing"). Both are rewritten to "Anonymised record: <what the reminder is about>". The rows
stay with their topic, step, dates and status, so the counts of reminders sent stay true.
Reminders keep no change history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, CharField, Q, Value, When

from linkwork.reminders.models import Notification, Reminder, ReminderTopic

if TYPE_CHECKING:
    from patients.models import Patient

ANONYMISED_PREFIX = "Anonymised record"


def _subject_by_topic() -> Case:
    return Case(
        *(
            When(topic=value, then=Value(f"{ANONYMISED_PREFIX}: {label}"))
            for value, label in ReminderTopic.choices
        ),
        default=Value(ANONYMISED_PREFIX),
        output_field=CharField(),
    )


def erase_for_patient(patient: Patient) -> tuple[dict[str, dict], int]:
    """Rewrite the subjects of the patient's reminders and the titles of their notifications.
    Returns ``(erased, history_rows_deleted)`` as the retention service expects."""
    about_patient = Q(deadline__case__patient=patient) | Q(referral__patient=patient)
    ids = list(Reminder.objects.filter(about_patient).values_list("pk", flat=True))
    if not ids:
        return {}, 0
    erased: dict[str, dict] = {}
    count = Reminder.objects.filter(pk__in=ids).update(subject=_subject_by_topic())
    if count:
        erased[Reminder._meta.label] = {"rows": count, "fields": ["subject"]}
    # An update cannot read a joined column: one update per topic.
    count = sum(
        Notification.objects.filter(reminder_id__in=ids, reminder__topic=value).update(
            title=f"{ANONYMISED_PREFIX}: {label}"
        )
        for value, label in ReminderTopic.choices
    )
    if count:
        erased[Notification._meta.label] = {"rows": count, "fields": ["title"]}
    return erased, 0
