"""Patients referred to the social-prescribing service.

The patient row holds demographics (PRSB minimum: name, date of birth, address), identifiers,
how to reach them, who holds the case, and flags. Consent, contacts, needs, support offered and
outcome measures hang off it in their own models.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from patients.identifiers import (
    format_nhs_number,
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
        help_text="E.g. QQ 12 34 56 C. Needed on letters to DWP.",
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
    def nhs_number_display(self) -> str:
        return format_nhs_number(self.nhs_number) if self.nhs_number else ""

    def age_on(self, on: date) -> int:
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
