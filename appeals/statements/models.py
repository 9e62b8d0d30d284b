"""Supporting statements for an appeal case: a GP's (or another clinician's), the link
worker's own, and a carer's.

A GP statement starts as a **request** from the link worker, addressed to one GP or to any GP
of a practice, with a due date kept as an ``appeals.Deadline`` row so reminders and the
deadline lists cover it. The writer saves drafts and then **signs** with their password; the
signed row records the signer, their professional registration, the time and a SHA-256 hash of
the content. A signed statement never changes again (``save`` refuses): a correction is a new
row that ``supersedes`` it, and both stay visible. A correction abandoned before signing
(declined or withdrawn) leaves room for another.

Status moves only through ``TRANSITIONS`` (in ``appeals.statements.services``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

SIGNED_MESSAGE = (
    "This statement is signed and can no longer be changed. Write a correction instead: it "
    "becomes a new version and the signed one stays on record."
)


class SignedStatementError(ValidationError):
    """An attempt to change or delete a signed statement."""

    def __init__(self) -> None:
        super().__init__(SIGNED_MESSAGE, code="signed")


class StatementKind(models.TextChoices):
    GP = "gp", "GP or clinician statement"
    LINK_WORKER = "link_worker", "Link worker statement"
    CARER = "carer", "Carer statement"


class StatementStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = frozenset({StatementStatus.REQUESTED, StatementStatus.DRAFT})
FINISHED_STATUSES = frozenset(
    {StatementStatus.SIGNED, StatementStatus.DECLINED, StatementStatus.WITHDRAWN}
)

# The written sections of a statement, in reading order: those shown before the PIP activities
# and those after them.
SECTIONS_BEFORE_ACTIVITIES: tuple[str, ...] = ("conditions", "duration", "treatment")
SECTIONS_AFTER_ACTIVITIES: tuple[str, ...] = ("mental_health_effect", "statement")
CONTENT_FIELDS: tuple[str, ...] = SECTIONS_BEFORE_ACTIVITIES + SECTIONS_AFTER_ACTIVITIES
# What each PIP activity entry records.
IMPACT_PARTS: tuple[tuple[str, str], ...] = (
    ("how_often", "How often"),
    ("how_reliably", "How reliably"),
    ("help", "What help is needed"),
)


class SupportStatementQuerySet(models.QuerySet):
    """Bulk updates and deletes refuse to touch signed statements, as ``save`` does."""

    def update(self, **kwargs: Any) -> int:
        if self.filter(status=StatementStatus.SIGNED).exists():
            raise SignedStatementError
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=StatementStatus.SIGNED).exists():
            raise SignedStatementError
        return super().delete()


class SupportStatement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "appeals.AppealCase", on_delete=models.PROTECT, related_name="statements"
    )
    kind = models.CharField(max_length=20, choices=StatementKind.choices, default=StatementKind.GP)
    status = models.CharField(
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.REQUESTED,
        db_index=True,
    )

    # The request (GP statements).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_requested",
    )
    requested_of_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_requested_of",
        verbose_name="requested of (GP)",
        help_text="The GP asked. Blank: any GP of the practice may write it.",
    )
    requested_of_practice = models.ForeignKey(
        "accounts.Practice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_requests",
        verbose_name="requested of (practice)",
    )
    request_message = models.TextField(blank=True)
    deadline = models.OneToOneField(
        "appeals.Deadline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statement",
        help_text="The due date, kept as a deadline of the case so reminders cover it.",
    )

    # Who the statement is from, when not the signer's own account (a carer's statement).
    maker_name = models.CharField(
        "name of the person making the statement", max_length=200, blank=True
    )
    maker_relationship = models.CharField("relationship to the patient", max_length=100, blank=True)

    # Content.
    conditions = models.TextField("conditions and diagnoses", blank=True)
    duration = models.TextField("how long the conditions have lasted", blank=True)
    treatment = models.TextField("treatment and medication", blank=True)
    activity_impacts = models.JSONField(
        "functional impact per PIP activity",
        default=dict,
        blank=True,
        help_text="For each PIP activity key: how often, how reliably, what help.",
    )
    mental_health_effect = models.TextField("effect on mental health", blank=True)
    statement = models.TextField("statement", blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last saved the content.",
    )

    # Signing.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_signed",
    )
    signer_name = models.CharField(max_length=200, blank=True)
    signer_role = models.CharField(max_length=100, blank=True)
    signer_registration = models.CharField("professional registration", max_length=50, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(
        "content hash (SHA-256)", max_length=64, blank=True, editable=False
    )

    # Ending without a signature.
    closed_reason = models.TextField(blank=True, help_text="Why it was declined or withdrawn.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Versions.
    version = models.PositiveIntegerField(default=1)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The signed statement this one corrects.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportStatementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["case", "-created_at"], name="statement_case_created"),
            models.Index(fields=["requested_of_user", "status"], name="statement_gp_status"),
            models.Index(
                fields=["requested_of_practice", "status"], name="statement_practice_status"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="statement_signed_has_signature",
                condition=~Q(status="signed")
                | (Q(signed_by__isnull=False) & Q(signed_at__isnull=False) & ~Q(content_hash="")),
                violation_error_message="A signed statement records its signer and hash.",
            ),
            models.UniqueConstraint(
                fields=["supersedes"],
                condition=Q(status__in=["requested", "draft", "signed"]),
                name="statement_one_live_correction",
                violation_error_message="This statement already has a correction.",
            ),
            models.CheckConstraint(
                name="statement_gp_request_has_addressee",
                condition=~Q(kind="gp") | Q(requested_of_practice__isnull=False),
                violation_error_message="A GP statement is addressed to a practice.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse to change a statement that was signed when it was read from the database."""
        if not self._state.adding and self.was_signed_when_loaded:
            raise SignedStatementError
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def delete(self, *args: Any, **kwargs: Any):
        if self.status == StatementStatus.SIGNED or self.was_signed_when_loaded:
            raise SignedStatementError
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def was_signed_when_loaded(self) -> bool:
        return getattr(self, "_loaded_status", None) == StatementStatus.SIGNED

    @property
    def patient_id(self):
        """The patient the statement is about (for the audit log)."""
        return self.case.patient_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_signed(self) -> bool:
        return self.status == StatementStatus.SIGNED

    @property
    def is_gp_statement(self) -> bool:
        return self.kind == StatementKind.GP

    @property
    def due(self):
        return self.deadline.due if self.deadline_id else None

    @property
    def addressee(self) -> str:
        if self.requested_of_user_id:
            return str(self.requested_of_user)
        if self.requested_of_practice_id:
            return f"Any GP at {self.requested_of_practice.name}"
        return ""

    @property
    def maker(self) -> str:
        """Whose statement this is, as printed."""
        if self.kind == StatementKind.CARER and self.maker_name:
            relationship = f" ({self.maker_relationship})" if self.maker_relationship else ""
            return f"{self.maker_name}{relationship}"
        if self.signer_name:
            return self.signer_name
        return str(self.author) if self.author_id else ""


class NotificationReason(models.TextChoices):
    REQUEST = "request", "Request"
    CHASE = "chase", "Reminder (chase)"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"


class StatementNotification(models.Model):
    """One email to the GP (or the practice's GPs) about a request: the first notice and each
    chase. The row is the record of what was sent; the task sends a pending row once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    statement = models.ForeignKey(
        SupportStatement, on_delete=models.CASCADE, related_name="notifications"
    )
    reason = models.CharField(max_length=10, choices=NotificationReason.choices)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    recipients = models.JSONField(default=list, blank=True, help_text="Email addresses.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="stmt_notif_status_created")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"
