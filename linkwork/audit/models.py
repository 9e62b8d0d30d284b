"""The audit log: who did what to which record, when, and from where. Append-only."""

import uuid

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported"
    SIGN = "sign", "Signed"
    LOGIN = "login", "Signed in"
    LOGOUT = "logout", "Signed out"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
    UNLOCKED = "unlocked", "Sign-in unlocked"
    TWO_FACTOR_ENROLLED = "2fa_enrolled", "Set up two-factor authentication"
    TWO_FACTOR_PASSED = "2fa_passed", "Passed two-factor check"
    TWO_FACTOR_FAILED = "2fa_failed", "Failed two-factor check"
    TWO_FACTOR_RESET = "2fa_reset", "Two-factor authentication reset"
    PASSWORD_CHANGED = "password_changed", "Changed password"
    PASSWORD_RESET = "password_reset", "Reset password by email link"
    ANONYMISED = "anonymised", "Anonymised"


def _refuse(model: type[models.Model], change: str) -> PermissionError:
    return PermissionError(
        f"{str(model._meta.verbose_name_plural).capitalize()} cannot be {change}."
    )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refuse(self.model, "changed")

    def delete(self):
        raise _refuse(self.model, "deleted")


class AppendOnlyModel(models.Model):
    """A record written once and never changed or deleted, one row at a time or in bulk."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _refuse(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self), "deleted")


class AuditEvent(AppendOnlyModel):
    """One attributable action. ``object_type`` and ``object_id`` name the record acted on;
    ``patient_id`` is kept too when the record belongs to a patient, so "who has accessed this
    record" is one indexed query. No names or NHS numbers are stored here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="As typed, for failed sign-ins with no user."
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    patient_id = models.UUIDField(null=True, blank=True)
    service_id = models.UUIDField(null=True, blank=True, help_text="The acting user's service.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        # Append-only: no add, change or delete permission exists to be granted.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["patient_id", "-at"], name="audit_patient_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["service_id", "-at"], name="audit_service_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or self.user_id} {self.action}"


class ErasureReason(models.TextChoices):
    RETENTION = "retention", "Retention period ended"


class Erasure(AppendOnlyModel):
    """The record of one patient's anonymisation: which rows and fields were erased and how
    many history rows were deleted, never what they said. ``kept`` counts the rows of other
    apps that point at the patient and were left as they were. Append-only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    patient_id = models.UUIDField(unique=True)
    reason = models.CharField(max_length=20, choices=ErasureReason.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the scheduled retention task did it.",
    )
    last_changed_at = models.DateTimeField(
        help_text="When the closed record was last changed before it was anonymised."
    )
    erased = models.JSONField(
        help_text='Per model: {"rows": n, "fields": [...]} of what was blanked or coarsened.'
    )
    history_rows_deleted = models.PositiveIntegerField(default=0)
    kept = models.JSONField(
        default=dict, help_text="Per model: rows pointing at the patient left unchanged."
    )

    class Meta:
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} erasure of {self.patient_id}"
