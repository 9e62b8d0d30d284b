"""Reminders of deadlines, the in-app notifications they produce, and each user's preferences.

A **reminder** is one (deadline or referral, due date, step, recipient) record. It is written
before anything is sent, and a unique constraint makes a second write of the same reminder
impossible, so two scans running at once, or a scan run twice, record it once. Its ``status``
is the source of truth for delivery: ``queued`` (recorded, waiting for a worker), ``sending``
(claimed by a worker, inside its transaction), ``sent``, ``failed`` (with the reason), or
``cancelled`` (the deadline was met or waived, or the case closed, before it went out).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from appeals.models import DeadlineKind


class ReminderStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class ReminderStep(models.TextChoices):
    BEFORE = "before", "Before the due date"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Escalated to managers"


# What a reminder is about: an appeal deadline's kind (the same values and labels, so the two
# cannot drift apart), or a referral's first contact.
ReminderTopic = models.TextChoices(
    "ReminderTopic",
    [(kind.name, (kind.value, kind.label)) for kind in DeadlineKind]
    + [("FIRST_CONTACT", ("first_contact", "First contact with a referred patient"))],
)


class Reminder(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    deadline = models.ForeignKey(
        "appeals.Deadline",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,  # the unique constraint's index starts with it
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,  # the unique constraint's index starts with it
        help_text="Set for first-contact reminders.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_index=False,  # reminder_recipient_created starts with it
    )
    topic = models.CharField(max_length=20, choices=ReminderTopic.choices)
    step = models.CharField(max_length=12, choices=ReminderStep.choices)
    offset_days = models.SmallIntegerField(
        help_text="Days before the due date; negative: working days after it (overdue)."
    )
    due = models.DateField(help_text="The due date the reminder was about when recorded.")
    scheduled_for = models.DateField(help_text="The local date the reminder applied to.")
    subject = models.CharField(
        max_length=200, help_text="Patient initials and the deadline kind only."
    )
    link = models.CharField(
        max_length=300, help_text="Path of the page the reminder points to (case or referral)."
    )
    email_wanted = models.BooleanField(
        default=True, help_text="The recipient had email reminders switched on when recorded."
    )
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.QUEUED
    )
    failure_reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "due", "offset_days", "recipient"],
                condition=Q(deadline__isnull=False),
                name="reminder_once_per_deadline_step_recipient",
            ),
            models.UniqueConstraint(
                fields=["referral", "due", "offset_days", "recipient"],
                condition=Q(referral__isnull=False),
                name="reminder_once_per_referral_step_recipient",
            ),
            models.CheckConstraint(
                name="reminder_has_one_source",
                condition=Q(deadline__isnull=False, referral__isnull=True)
                | Q(deadline__isnull=True, referral__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="reminder_status_updated"),
            models.Index(fields=["recipient", "-created_at"], name="reminder_recipient_created"),
            models.Index(fields=["due"], name="reminder_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient_id} ({self.get_status_display()})"


class Notification(models.Model):
    """An in-app message shown under the bell. A reminder makes at most one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification",
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def default_offsets() -> list[int]:
    return list(settings.REMINDER_OFFSETS_DAYS)


class ReminderPreference(models.Model):
    """One user's choices: which "before" reminders they get and whether they are emailed.
    In-app notifications, overdue reminders and escalations always apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_preference",
    )
    offsets = models.JSONField(
        default=default_offsets,
        blank=True,
        help_text="Days before a due date on which to be reminded.",
    )
    email_enabled = models.BooleanField(
        "email me reminders",
        default=True,
        help_text="Reminders always appear under the bell; this also sends them by email.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reminder preference"

    def __str__(self) -> str:
        return f"Reminder preferences of {self.user}"
