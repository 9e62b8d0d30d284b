"""Reads for the audit pages, scoped through the policy."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from linkwork.accounts.policy import audit_events_visible_to
from linkwork.audit.models import AuditEvent


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_for(user, *, filters: dict) -> QuerySet[AuditEvent]:
    """The events the user may read, newest first, narrowed by the filter form's cleaned data
    (``user``, ``action``, ``date_from``, ``date_to``, ``patient``)."""
    events = audit_events_visible_to(user).select_related("user")
    if filters.get("user"):
        events = events.filter(username__icontains=filters["user"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("date_from"):
        events = events.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to") and filters["date_to"] < date.max:
        events = events.filter(at__lt=_start_of(filters["date_to"] + timedelta(days=1)))
    if filters.get("patient"):
        events = events.filter(patient_id=filters["patient"])
    return events.order_by("-at", "-id")


def patient_access_events(patient) -> QuerySet[AuditEvent]:
    """Every event about one patient, newest first, with the acting user."""
    return (
        AuditEvent.objects.filter(patient_id=patient.pk)
        .select_related("user")
        .order_by("-at", "-id")
    )
