"""Sign-in, sign-out, failed sign-in and lockout, recorded from Django's and django-axes'
signals (the only hook those apps give)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="linkwork_audit_login")
def record_login(sender, request, user, **kwargs):
    audit_record(request=request, user=user, action=AuditAction.LOGIN)


@receiver(user_logged_out, dispatch_uid="linkwork_audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(request=request, user=user, action=AuditAction.LOGOUT)


@receiver(user_login_failed, dispatch_uid="linkwork_audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    """The username as typed; the password is never kept. When the username names an account,
    the event carries that account's service so the service's managers see it."""
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or "")
    audit_record(
        request=request,
        user=None,
        action=AuditAction.LOGIN_FAILED,
        username=username,
        service_id=_service_of(username),
    )


@receiver(user_locked_out, dispatch_uid="linkwork_audit_locked_out")
def record_locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        request=request,
        user=None,
        action=AuditAction.LOCKED_OUT,
        username=str(username or ""),
        service_id=_service_of(str(username or "")),
    )


def _service_of(username: str):
    if not username or "\x00" in username:
        return None
    return (
        get_user_model()
        .objects.filter(username=username[:150])
        .values_list("service_id", flat=True)
        .first()
    )
