"""Patients referred to the social-prescribing service.

The patient row holds demographics (PRSB minimum: name, date of birth, address), identifiers,
how to reach them, who holds the case, and flags. Consent, contacts, needs, support offered and
outcome measures hang off it in their own models.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from patients.identifiers import (
    format_nhs_number,
    format_ni_number,
    validate_nhs_number,
    validate_ni_number,
    validate_postcode,
)


class PatientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Patient(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        validators=[validate_nhs_number],
        help_text="10 digits. Leave blank if the patient does not have it to hand.",
    )
    ni_number = models.CharField(
        "National Insurance number",
        max_length=9,
        blank=True,
        validators=[validate_ni_number],
        help_text="E.g. AB 12 34 56 C. Needed on letters to DWP.",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex_gender = models.CharField(
        "sex / gender as recorded", max_length=50, blank=True, help_text="As the GP record has it."
    )
    address = models.TextField()
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=20, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    preferred_contact_times = models.CharField(
        max_length=200, blank=True, help_text="E.g. 'mornings, not Wednesdays'."
    )
    interpreter_language = models.CharField(
        max_length=100, blank=True, help_text="Leave blank if no interpreter is needed."
    )
    accessibility_needs = models.TextField(
        blank=True, help_text="E.g. large print, BSL, hearing loop, home visits only."
    )
    practice = models.ForeignKey(
        "accounts.Practice",
        on_delete=models.PROTECT,
        related_name="patients",
        verbose_name="registered GP practice",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        limit_choices_to={"role": "link_worker"},
        verbose_name="link worker",
        help_text="The link worker who holds the case.",
    )
    status = models.CharField(
        max_length=20, choices=PatientStatus.choices, default=PatientStatus.ACTIVE
    )
    has_long_term_condition = models.BooleanField("long-term condition(s)", default=False)
    has_mental_health_need = models.BooleanField("mental health", default=False)
    has_mobility_need = models.BooleanField("mobility", default=False)
    is_carer = models.BooleanField("carer", default=False)
    safeguarding_concern = models.BooleanField(default=False)
    motability_customer = models.BooleanField(
        default=False, help_text="Leases a car through the Motability scheme."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number=""),
                name="patient_nhs_number_unique",
                violation_error_message="Another patient already has this NHS number.",
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "status"], name="patient_holder_status"),
            models.Index(fields=["practice", "status"], name="patient_practice_status"),
            models.Index(Lower("family_name"), "date_of_birth", name="patient_name_dob"),
            models.Index(fields=["postcode"], name="patient_postcode"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_closed(self) -> bool:
        """The service has closed the case (anonymised records are closed ones): no new work,
        such as an appeal case, is opened for the patient."""
        return self.status == PatientStatus.CLOSED

    @property
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number) if self.nhs_number else ""

    @property
    def ni_number_display(self) -> str:
        return format_ni_number(self.ni_number) if self.ni_number else ""

    def age_on(self, on: date) -> int:
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def flag_labels(self) -> list[str]:
        """Labels of the flags that are set, in the order the record lists them."""
        return [
            str(self._meta.get_field(name).verbose_name).capitalize()
            for name in FLAG_FIELDS
            if getattr(self, name)
        ]


FLAG_FIELDS = (
    "has_long_term_condition",
    "has_mental_health_need",
    "has_mobility_need",
    "is_carer",
    "safeguarding_concern",
    "motability_customer",
)


# Consent


class ConsentScope(models.TextChoices):
    HOLD_DATA = "hold_data", "Service holding their data"
    SHARE = "share", "Sharing with a named organisation"


class ConsentMethod(models.TextChoices):
    VERBAL_PHONE = "verbal_phone", "Verbal, by phone"
    VERBAL_IN_PERSON = "verbal_in_person", "Verbal, in person"
    WRITTEN = "written", "Written"
    ELECTRONIC = "electronic", "Electronic (email or form)"


class Consent(models.Model):
    """One dated consent decision. Entries are never changed or deleted: a withdrawal is a new
    entry with ``given=False``, and the latest entry for a scope (and organisation) is the one
    in force."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=20, choices=ConsentScope.choices)
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation the patient agrees we may share with (for sharing only).",
    )
    given = models.BooleanField(
        help_text="Yes when the patient gives consent, no when they refuse or withdraw it."
    )
    decided_on = models.DateField("date of the decision")
    method = models.CharField("how it was given", max_length=20, choices=ConsentMethod.choices)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        indexes = [models.Index(fields=["patient", "scope", "-decided_on"], name="consent_latest")]
        constraints = [
            models.CheckConstraint(
                name="consent_share_names_organisation",
                condition=~Q(scope="share") | ~Q(organisation=""),
                violation_error_message="Name the organisation the patient agrees to share with.",
            ),
        ]

    def __str__(self) -> str:
        verb = "gave" if self.given else "withdrew"
        return f"{verb} consent: {self.get_scope_display()} on {self.decided_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.scope == ConsentScope.SHARE and not self.organisation.strip():
            raise ValidationError({"organisation": "Name the organisation to share with."})
        if self.scope == ConsentScope.HOLD_DATA:
            self.organisation = ""


# Contact log


class ContactKind(models.TextChoices):
    PHONE = "phone", "Phone call"
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIDEO = "video", "Video call"
    HOME_VISIT = "home_visit", "Home visit"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class ContactOutcome(models.TextChoices):
    SPOKE = "spoke", "Spoke to patient"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left message"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    SENT = "sent", "Sent (letter or email)"


#: Outcomes that are an attempt to reach the patient that did not reach them.
UNSUCCESSFUL_OUTCOMES = (
    ContactOutcome.NO_ANSWER,
    ContactOutcome.LEFT_MESSAGE,
    ContactOutcome.WRONG_NUMBER,
)


class Contact(models.Model):
    """One interaction with (or attempt to reach) the patient. The notes are for the service
    only: GPs never see them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField("date and time")
    kind = models.CharField("type", max_length=20, choices=ContactKind.choices)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices)
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["patient", "-at"], name="contact_patient_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"

    @property
    def reached_patient(self) -> bool:
        return self.outcome == ContactOutcome.SPOKE


# What matters: needs and support offered


class NeedCategory(models.TextChoices):
    MONEY = "money", "Benefits and money"
    HOUSING = "housing", "Housing"
    LONELINESS = "loneliness", "Loneliness and isolation"
    MENTAL_WELLBEING = "mental_wellbeing", "Mental wellbeing"
    PHYSICAL_ACTIVITY = "physical_activity", "Physical activity"
    CARERS = "carers", "Carers"
    EMPLOYMENT = "employment", "Employment"
    FOOD = "food", "Food"
    OTHER = "other", "Other"


class Need(models.Model):
    """A need or concern the patient names: what matters to them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="needs")
    category = models.CharField(max_length=30, choices=NeedCategory.choices)
    detail = models.TextField("what matters to the patient", blank=True)
    identified_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-identified_on", "-created_at"]

    def __str__(self) -> str:
        return self.get_category_display()


class SupportKind(models.TextChoices):
    SIGNPOSTED = "signposted", "Signposted"
    REFERRED = "referred", "Referred"


class SupportOutcome(models.TextChoices):
    PENDING = "pending", "Waiting to hear"
    ENGAGED = "engaged", "Engaged"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined by patient"
    NOT_TAKEN_UP = "not_taken_up", "Not taken up"
    NOT_ACCEPTED = "not_accepted", "Not accepted by the organisation"


class SupportOffer(models.Model):
    """Support offered: signposting or a referral to an organisation, and how it went."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="support_offers")
    need = models.ForeignKey(
        Need,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_offers",
        help_text="The need this support addresses, if any.",
    )
    kind = models.CharField(max_length=20, choices=SupportKind.choices)
    organisation = models.CharField(max_length=200)
    offered_on = models.DateField()
    outcome = models.CharField(
        max_length=20, choices=SupportOutcome.choices, default=SupportOutcome.PENDING
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-offered_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.organisation}"


# Outcome measures


class MeasureKind(models.TextChoices):
    ONS4 = "ons4", "ONS4 personal wellbeing"


class Timepoint(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    FOLLOW_UP = "follow_up", "Follow-up"


@dataclass(frozen=True)
class MeasureItem:
    key: str
    question: str
    low: int
    high: int
    higher_is_better: bool = True


#: The items of each measure. A new measure (e.g. SWEMWBS) adds a kind and its items here.
MEASURE_ITEMS: dict[str, tuple[MeasureItem, ...]] = {
    MeasureKind.ONS4: (
        MeasureItem(
            "life_satisfaction", "Overall, how satisfied are you with your life nowadays?", 0, 10
        ),
        MeasureItem(
            "worthwhile",
            "Overall, to what extent do you feel that the things you do in your life are "
            "worthwhile?",
            0,
            10,
        ),
        MeasureItem("happiness", "Overall, how happy did you feel yesterday?", 0, 10),
        MeasureItem(
            "anxiety", "Overall, how anxious did you feel yesterday?", 0, 10, higher_is_better=False
        ),
    ),
}


def validate_scores(kind: str, scores: object) -> None:
    """Raise ``ValidationError`` unless ``scores`` has every item of the measure, in range."""
    items = MEASURE_ITEMS.get(kind)
    if items is None:
        raise ValidationError("Choose a measure.")
    if not isinstance(scores, dict) or set(scores) != {item.key for item in items}:
        raise ValidationError("Enter a score for every question.")
    for item in items:
        value = scores[item.key]
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not item.low <= value <= item.high
        ):
            raise ValidationError(f"Each score is a whole number from {item.low} to {item.high}.")


class OutcomeMeasure(models.Model):
    """One completed wellbeing measure. ``scores`` maps each item key of the measure (see
    ``MEASURE_ITEMS``) to its score, so another measure needs no new table."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField("measure", max_length=20, choices=MeasureKind.choices)
    timepoint = models.CharField(max_length=20, choices=Timepoint.choices)
    taken_on = models.DateField("date completed")
    scores = models.JSONField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind"],
                condition=Q(timepoint="baseline"),
                name="measure_one_baseline_per_kind",
                violation_error_message="This patient already has a baseline for this measure.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_timepoint_display()}, {self.taken_on})"

    def clean(self) -> None:
        validate_scores(self.kind, self.scores)

    @property
    def items(self) -> tuple[MeasureItem, ...]:
        return MEASURE_ITEMS[self.kind]
