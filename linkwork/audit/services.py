"""Recording audit events. Call ``audit_record`` from views (and services run on a user's
behalf) for every view, change, download and export of patient data."""

from django.db import models
from django.http import HttpRequest

from linkwork.audit.models import AuditAction, AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the web server saw it (behind a proxy, configure the proxy to
    set REMOTE_ADDR, e.g. gunicorn's --forwarded-allow-ips)."""
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    request: HttpRequest | None = None,
    user=None,
    action: AuditAction,
    obj: models.Model | None = None,
    patient_id=None,
    detail: str = "",
    username: str = "",
) -> AuditEvent:
    """Append one event. ``user`` defaults to the request's user; ``patient_id`` defaults to
    ``obj.patient_id`` (or ``obj.pk`` for a patient) so patient access is always findable."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if obj is not None and patient_id is None:
        if obj._meta.label == "patients.Patient":
            patient_id = obj.pk
        else:
            patient_id = getattr(obj, "patient_id", None)
    return AuditEvent.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        patient_id=patient_id,
        service_id=getattr(user, "service_id", None),
        ip_address=client_ip(request) if request is not None else None,
        detail=detail[:255],
    )
