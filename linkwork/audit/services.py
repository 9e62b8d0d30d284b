"""Recording audit events. Call ``audit_record`` from views (and services run on a user's
behalf) for every view, change, download and export of patient data.

Sign-in, sign-out, failed sign-in and lockout are recorded by ``linkwork.audit.signals``;
two-factor and password events by the account views.
"""

import ipaddress

from django.db import models
from django.http import HttpRequest

from linkwork.audit.models import AuditAction, AuditEvent

_FROM_REQUEST = object()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the web server saw it (behind a proxy, configure the proxy to
    set REMOTE_ADDR, e.g. gunicorn's --forwarded-allow-ips). Anything that is not an IP
    address is treated as unknown."""
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def audit_record(
    *,
    request: HttpRequest | None = None,
    user=_FROM_REQUEST,
    action: AuditAction,
    obj: models.Model | None = None,
    patient_id=None,
    detail: str = "",
    username: str = "",
    service_id=None,
) -> AuditEvent:
    """Append one event and return it.

    ``user`` defaults to the request's signed-in user (pass ``user=None`` for an event with no
    account, such as a failed sign-in). ``patient_id`` defaults to ``obj.patient_id`` (or
    ``obj.pk`` for a patient) so "who has accessed this record" finds every event.
    ``service_id`` defaults to the acting user's service. ``detail`` is free text for the
    reader of the log: never put names or NHS numbers in it.
    """
    if user is _FROM_REQUEST:
        user = None
        if request is not None and request.user.is_authenticated:
            user = request.user
    if obj is not None and patient_id is None:
        if obj._meta.label == "patients.Patient":
            patient_id = obj.pk
        else:
            patient_id = getattr(obj, "patient_id", None)
    if service_id is None:
        service_id = getattr(user, "service_id", None)
    return AuditEvent.objects.create(
        user=user,
        username=_clean_text(username or (user.get_username() if user is not None else ""), 150),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        patient_id=patient_id,
        service_id=service_id,
        ip_address=client_ip(request) if request is not None else None,
        detail=_clean_text(detail, 255),
    )


def _clean_text(text: str, length: int) -> str:
    """Text as typed by anyone (a username at a failed sign-in) made storable: no NUL or other
    control characters, cut to the column's length."""
    return "".join(ch for ch in str(text) if ch.isprintable())[:length]
