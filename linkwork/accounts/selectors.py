"""Reads for the role home pages."""

from django.db.models import Count, Q

from linkwork.accounts.models import Practice, Role, Service, User
from patients.models import Patient, PatientStatus


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
