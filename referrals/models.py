"""Referrals to the social-prescribing service and what the service tells the GP back.

A referral's ``status`` moves only along ``TRANSITIONS`` (see ``referrals.services``); every move
is kept as a ``ReferralTransition`` with who and when. The SNOMED CT code of the latest event is
stored on the referral so that it can be sent back to the GP system.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from patients.models import NeedCategory, Patient, PatientStatus

SNOMED_REFERRAL = "871731000000106"  # Referral to social prescribing service (procedure)
SNOMED_DECLINED = "871711000000103"  # Social prescribing declined (situation)


class ReferralSource(models.TextChoices):
    GP = "gp", "GP"
    OTHER_CLINICIAN = "other_clinician", "Other clinician"
    SELF = "self", "Self-referral"
    COMMUNITY = "community", "Community organisation"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Soon"
    URGENT = "urgent", "Urgent"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    CONTACTED = "contacted", "Contacted"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    CLOSED = "closed", "Closed"


#: Statuses of a referral that is still being worked.
OPEN_STATUSES = (
    ReferralStatus.RECEIVED,
    ReferralStatus.CONTACTED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.UNABLE_TO_CONTACT,
)

#: Allowed moves. ``contacted`` is reached only by recording a contact in which the link worker
#: spoke to the patient (``referrals.services.referral_record_first_contact``).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.RECEIVED: (
        ReferralStatus.CONTACTED,
        ReferralStatus.DECLINED,
        ReferralStatus.UNABLE_TO_CONTACT,
    ),
    ReferralStatus.CONTACTED: (
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.UNABLE_TO_CONTACT,
    ),
    ReferralStatus.ACCEPTED: (ReferralStatus.CLOSED,),
    ReferralStatus.DECLINED: (ReferralStatus.CLOSED,),
    ReferralStatus.UNABLE_TO_CONTACT: (ReferralStatus.CONTACTED, ReferralStatus.CLOSED),
    ReferralStatus.CLOSED: (),
}

#: Statuses a person chooses on the referral page (``contacted`` follows from the contact log).
MANUAL_TARGETS = (
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.UNABLE_TO_CONTACT,
    ReferralStatus.CLOSED,
)

#: Moves that send a message back to the referring practice's GPs.
MESSAGE_BACK_ON = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED)


class DeclineReason(models.TextChoices):
    PATIENT_DECLINED = "patient_declined", "Patient did not want the service"
    NOT_APPROPRIATE = "not_appropriate", "Not appropriate for social prescribing"
    ALREADY_SUPPORTED = "already_supported", "Already supported elsewhere"
    OUT_OF_AREA = "out_of_area", "Not registered with a covered practice"
    OTHER = "other", "Other"


class CloseOutcome(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    CONNECTED = "connected", "Connected to community support"
    PARTLY_MET = "partly_met", "Goals partly met"
    DISENGAGED = "disengaged", "Patient stopped engaging"
    DECLINED = "declined", "Referral declined"
    UNABLE_TO_CONTACT = "unable_to_contact", "Could not be contacted"
    MOVED_AWAY = "moved_away", "Moved away or changed practice"
    DIED = "died", "Patient died"
    OTHER = "other", "Other"


#: A referral still waiting for its first contact: received, and nobody has reached the
#: patient yet. The partial index ``referral_waiting_first_contact`` has this condition.
WAITING_FOR_FIRST_CONTACT = models.Q(status=ReferralStatus.RECEIVED, first_contact_at__isnull=True)


class ReferralQuerySet(models.QuerySet):
    def awaiting_first_contact(self) -> models.QuerySet:
        """Referrals waiting for their first contact, of patients whose record is not closed.

        A closed patient is not waiting for anyone: closing the record ends the work even when
        a referral was never moved on, so the caseload page, the report and the overdue lists
        leave such referrals out (one rule for every count of "awaiting first contact")."""
        return self.filter(WAITING_FOR_FIRST_CONTACT).exclude(patient__status=PatientStatus.CLOSED)

    def first_contact_overdue(self, today: date) -> models.QuerySet:
        """Referrals awaiting their first contact after its due date (before ``today``)."""
        return self.awaiting_first_contact().filter(first_contact_due__lt=today)


def patients_awaiting_first_contact(overdue_on: date | None = None) -> models.Q:
    """``ReferralQuerySet.awaiting_first_contact`` as a condition on patients: the patient's
    record is not closed and one of their referrals waits for its first contact (past its due
    date, when ``overdue_on`` is given). Testing the patient's own status, instead of joining
    every patient into the referrals, keeps the subquery to the waiting referrals' index."""
    waiting = Referral.objects.filter(WAITING_FOR_FIRST_CONTACT)
    if overdue_on is not None:
        waiting = waiting.filter(first_contact_due__lt=overdue_on)
    return ~models.Q(status=PatientStatus.CLOSED) & models.Q(pk__in=waiting.values("patient_id"))


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="referrals")
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    referring_practice = models.ForeignKey(
        "accounts.Practice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        help_text="The practice the referral came from, if it came from one.",
    )
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(
        max_length=100, blank=True, help_text="E.g. GP, practice nurse, housing officer."
    )
    received_on = models.DateField("date received")
    reasons = models.JSONField(
        default=list, blank=True, help_text="Needs named in the referral (NeedCategory values)."
    )
    reason_text = models.TextField("reason for referral", blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    first_contact_due = models.DateField(
        help_text="The last working day for the first contact before the referral is overdue."
    )
    first_contact_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set from the first contact log entry in which the patient was reached.",
    )
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    close_outcome = models.CharField(max_length=30, choices=CloseOutcome.choices, blank=True)
    snomed_code = models.CharField(
        "SNOMED CT code",
        max_length=20,
        default=SNOMED_REFERRAL,
        help_text="Code of the latest event, for the GP record.",
    )
    second_open_referral = models.BooleanField(
        default=False,
        help_text="Received while the patient already had an open referral.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(fields=["status", "first_contact_due"], name="referral_status_due"),
            models.Index(fields=["patient", "status"], name="referral_patient_status"),
            # Reports count referrals received in a period per patient of the service, and the
            # days to their first contact, from this index alone (an index-only scan).
            models.Index(
                fields=["received_on", "patient"],
                include=["first_contact_at"],
                name="referral_received_contact",
            ),
            # Reports count the patients with a referral closed in a period (status_changed_at
            # between two instants), from this index alone.
            models.Index(
                fields=["status", "status_changed_at", "patient"], name="referral_closed_patient"
            ),
            # Referrals still waiting for a first contact (a few percent of all): caseload
            # counts, overdue lists and reminders read them without touching the rest.
            models.Index(
                fields=["first_contact_due", "patient"],
                condition=WAITING_FOR_FIRST_CONTACT,
                name="referral_waiting_first_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral received {self.received_on:%d/%m/%Y} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_first_contact(self) -> bool:
        """``ReferralQuerySet.awaiting_first_contact`` for this one referral (reads its patient)."""
        return (
            self.status == ReferralStatus.RECEIVED
            and self.first_contact_at is None
            and self.patient.status != PatientStatus.CLOSED
        )

    def is_overdue(self, today: date | None = None) -> bool:
        """Still awaiting the first contact after its due date."""
        return self.awaits_first_contact and self.first_contact_due < (
            today or timezone.localdate()
        )

    @property
    def days_to_first_contact(self) -> int | None:
        """Calendar days from receipt to the first contact; derived, never typed."""
        if self.first_contact_at is None:
            return None
        return (timezone.localtime(self.first_contact_at).date() - self.received_on).days

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(NeedCategory.choices)
        return [str(labels.get(value, value)) for value in self.reasons]

    @property
    def allowed_manual_targets(self) -> list[str]:
        return [s for s in TRANSITIONS[self.status] if s in MANUAL_TARGETS]


class ReferralTransition(models.Model):
    """One status change: from, to, who, when and why. Never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]
        indexes = [
            # Reports count the referrals that were ever accepted or declined from this index
            # alone (the ids of the referrals that moved to a status).
            models.Index(fields=["to_status", "referral"], name="transition_status_referral"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"


class GPMessage(models.Model):
    """A message back to the referring practice's GPs when a referral is accepted, declined or
    closed: outcome, support offered and the SNOMED CT code. GP users of the patient's practice
    can read it; it never contains contact notes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    event = models.CharField(max_length=20, choices=ReferralStatus.choices)
    snomed_code = models.CharField("SNOMED CT code", max_length=20)
    summary = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "message back to the GP"
        verbose_name_plural = "messages back to the GP"

    def __str__(self) -> str:
        return f"Referral {self.get_event_display().lower()} ({self.sent_at:%d/%m/%Y})"
