"""Reads for the role home pages."""

from django.db.models import Count, Q, QuerySet

from linkwork.accounts.models import Practice, Role, Service, User
from linkwork.accounts.policy import patients_visible_to
from patients.models import Patient, PatientStatus


def caseload_preview(user: User) -> QuerySet[Patient]:
    """The link worker's own active and on-hold patients, practice loaded."""
    return (
        patients_visible_to(user)
        .filter(holder=user)
        .exclude(status=PatientStatus.CLOSED)
        .select_related("practice")
        .order_by("family_name", "given_name")
    )


def service_overview(service: Service) -> dict:
    """Head counts for a manager's home: staff, practices and patients of the service."""
    staff = User.objects.filter(service=service, is_active=True).aggregate(
        link_workers=Count("pk", filter=Q(role=Role.LINK_WORKER)),
        managers=Count("pk", filter=Q(role=Role.MANAGER)),
    )
    patients = Patient.objects.filter(practice__service=service).aggregate(
        active=Count("pk", filter=Q(status=PatientStatus.ACTIVE)),
        unassigned=Count("pk", filter=Q(holder__isnull=True) & ~Q(status=PatientStatus.CLOSED)),
    )
    practices = Practice.objects.filter(service=service).order_by("name")
    return {"staff": staff, "patients": patients, "practices": practices}
