"""Evidence letters: PDFs made from an appeal case for DWP or the tribunal.

A link worker asks for a letter of one **kind** on a case; each request is a new **version**
of that kind (numbered per case and kind). The row is created ``queued``; a Celery worker
renders it (``rendering``), then stores the PDF and marks it ``ready``, or marks it ``failed``
with a reason the user can read. The status moves only through ``TRANSITIONS``.

Everything printed on the letter is fixed when it is requested (the letter date, the grounds,
the points DWP awarded), so rendering a version again gives the same PDF byte for byte.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class LetterKind(models.TextChoices):
    MR_COVER = "mr_cover", "Mandatory reconsideration request (cover letter)"
    TRIBUNAL_PACK = "tribunal_pack", "Tribunal evidence pack"
    GP_SUPPORT = "gp_support", "GP support letter (from a signed statement)"


class Addressee(models.TextChoices):
    DWP = "dwp", "Department for Work and Pensions (DWP)"
    HMCTS = "hmcts", "HM Courts & Tribunals Service (HMCTS)"


class LetterStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


# The only status moves: from -> allowed targets.
TRANSITIONS: dict[str, frozenset[str]] = {
    LetterStatus.QUEUED: frozenset({LetterStatus.RENDERING, LetterStatus.FAILED}),
    LetterStatus.RENDERING: frozenset(
        {LetterStatus.RENDERING, LetterStatus.READY, LetterStatus.FAILED}
    ),
    LetterStatus.FAILED: frozenset({LetterStatus.QUEUED}),
    LetterStatus.READY: frozenset(),
}

IN_PROGRESS = frozenset({LetterStatus.QUEUED, LetterStatus.RENDERING})


def letter_file_name(letter: EvidenceLetter, filename: str = "") -> str:
    """Where a letter's PDF is stored: one fixed name per letter, so rendering it twice
    replaces the file instead of adding a second one. No names or NHS numbers in it."""
    return f"letters/{letter.case_id}/{letter.pk}.pdf"


class EvidenceLetter(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "appeals.AppealCase", on_delete=models.PROTECT, related_name="evidence_letters"
    )
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    version = models.PositiveIntegerField(
        help_text="Numbered per case and kind: 1 for the first letter of that kind."
    )
    addressee = models.CharField(max_length=10, choices=Addressee.choices)
    letter_date = models.DateField(help_text="The date printed on the letter.")
    grounds = models.TextField(
        blank=True,
        help_text="Why the decision is wrong, in the link worker's words; printed as written.",
    )
    awarded_points = models.JSONField(
        default=dict,
        blank=True,
        help_text="Points DWP awarded for each PIP activity (activity key -> points), from the "
        "decision letter.",
    )
    content = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the letter prints, fixed when it was requested (see content.py).",
    )
    statements = models.ManyToManyField(
        "statements.SupportStatement",
        blank=True,
        related_name="evidence_letters",
        help_text="The signed statement versions printed in the letter.",
    )
    status = models.CharField(
        max_length=10, choices=LetterStatus.choices, default=LetterStatus.QUEUED, db_index=True
    )
    failure_reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has started rendering this letter."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    rendering_started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=letter_file_name, max_length=200, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveIntegerField("size (bytes)", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"],
                name="letter_one_per_case_kind_version",
                violation_error_message="This version of the letter already exists.",
            ),
            models.CheckConstraint(
                name="letter_ready_has_file",
                condition=~Q(status="ready") | (~Q(file="") & ~Q(sha256="")),
                violation_error_message="A ready letter must have its file.",
            ),
            models.CheckConstraint(
                name="letter_failed_has_reason",
                condition=~Q(status="failed") | ~Q(failure_reason=""),
                violation_error_message="Say why the letter failed.",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "-requested_at"], name="letter_case_requested"),
            models.Index(fields=["status", "requested_at"], name="letter_status_requested"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def patient_id(self):
        """The patient the letter is about (for the audit log)."""
        return self.case.patient_id

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def is_ready(self) -> bool:
        return self.status == LetterStatus.READY

    @property
    def download_name(self) -> str:
        """The file name offered on download (no patient names)."""
        return f"{self.kind.replace('_', '-')}-v{self.version}-{self.letter_date:%Y-%m-%d}.pdf"
