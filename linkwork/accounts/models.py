"""People and organisations: services (link-worker teams), GP practices, and users with a role.

A **service** is a social-prescribing team (often one Primary Care Network's link workers) that
covers one or more **GP practices**. Link workers and managers belong to a service; GPs belong to
a practice. What each role may see is decided in one place: ``linkwork.accounts.policy``.
"""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from patients.identifiers import normalise_postcode, validate_ods_code, validate_postcode


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(blank=True, help_text="Shown in the letterhead of letters.")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    annual_capacity = models.PositiveIntegerField(
        default=250,
        validators=[MinValueValidator(1)],
        help_text="People one full-time link worker is expected to support in a year.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    """A GP practice, identified by its ODS code (one letter and five digits, e.g. M85001)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        unique=True,
        validators=[validate_ods_code],
        help_text="The practice's Organisation Data Service code, e.g. M85001.",
    )
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    phone = models.CharField(max_length=40, blank=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="practices")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ods_code})"

    def clean(self) -> None:
        self.ods_code = self.ods_code.strip().upper()
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)


class Role(models.TextChoices):
    LINK_WORKER = "link_worker", "Link worker"
    GP = "gp", "GP"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """A person who signs in. The role decides the home page and, with the service or practice,
    what the person may see."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="Required for link workers and managers.",
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clinicians",
        help_text="Required for GPs.",
    )
    job_title = models.CharField(max_length=100, blank=True)
    professional_registration = models.CharField(
        max_length=50,
        blank=True,
        help_text="E.g. a GP's GMC number; printed beside the signature on statements.",
    )

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="user_gp_has_practice",
                condition=~Q(role=Role.GP) | Q(practice__isnull=False),
                violation_error_message="A GP must belong to a practice.",
            ),
            models.CheckConstraint(
                name="user_service_staff_have_service",
                condition=~Q(role__in=[Role.LINK_WORKER, Role.MANAGER]) | Q(service__isnull=False),
                violation_error_message="Link workers and managers must belong to a service.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_link_worker(self) -> bool:
        return self.role == Role.LINK_WORKER

    @property
    def is_gp(self) -> bool:
        return self.role == Role.GP

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR
