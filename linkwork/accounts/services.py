"""Writes for accounts: services, practices, users, two-factor devices and lockouts."""

from axes.utils import reset as axes_reset
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts import two_factor
from linkwork.accounts.models import Practice, Role, Service, User
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record


@transaction.atomic
def user_create(
    *,
    username: str,
    role: Role,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    service: Service | None = None,
    practice: Practice | None = None,
    job_title: str = "",
    professional_registration: str = "",
) -> User:
    """Create a user of a role. Administrators get the admin site; nobody else is staff.
    A ``password`` of None leaves the account without a usable password (set by reset)."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        service=service,
        practice=practice,
        job_title=job_title,
        professional_registration=professional_registration,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


# Two-factor authentication, lockout and sessions -----------------------------------------


def two_factor_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created with a fresh secret if none is
    waiting. Confirmed devices are left alone (a reset removes them)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=two_factor.DEVICE_NAME, confirmed=False
            )
        return device


def two_factor_enrol(*, request: HttpRequest, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm a new authenticator device with a code it shows, and pass two-factor for this
    session. Raises ``ValidationError`` when the code is wrong (the failure is kept: it counts
    towards the device's throttling and is in the audit log)."""
    _check_code(request=request, device=device, code=code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user_id, confirmed=False).delete()
        audit_record(request=request, action=AuditAction.TWO_FACTOR_ENROLLED)
    two_factor.mark_verified(request, device)
    return device


def two_factor_verify(*, request: HttpRequest, code: str) -> TOTPDevice:
    """Check the signed-in user's code against their confirmed device and mark the session
    verified. Raises ``ValidationError`` with a readable message otherwise."""
    device = two_factor.confirmed_device(request.user)
    if device is None:
        raise ValidationError("Set up two-factor authentication first.")
    _check_code(request=request, device=device, code=code)
    audit_record(request=request, action=AuditAction.TWO_FACTOR_PASSED)
    two_factor.mark_verified(request, device)
    return device


def _check_code(*, request: HttpRequest, device: TOTPDevice, code: str) -> None:
    # The device row is locked while the code is checked so two guesses cannot race past the
    # throttle; the failure count is committed before the error is raised.
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, throttle = locked.verify_is_allowed()
        accepted = allowed and locked.verify_token(code)
    if accepted:
        device.refresh_from_db()
        return
    audit_record(request=request, action=AuditAction.TWO_FACTOR_FAILED)
    if not allowed and throttle and throttle.get("locked_until"):
        wait = max(1, int((throttle["locked_until"] - timezone.now()).total_seconds()) + 1)
        raise ValidationError(
            f"Too many wrong codes. Wait {wait} second{'s' if wait != 1 else ''} and try again "
            "with the newest code."
        )
    raise ValidationError(
        "That code is not right. Check the time on your phone is correct and enter the newest code."
    )


@transaction.atomic
def two_factor_reset(*, user: User, by: User, request: HttpRequest | None = None) -> User:
    """Remove the user's authenticator devices (a lost phone) and end their sessions; at their
    next sign-in they set up a new one."""
    TOTPDevice.objects.filter(user=user).delete()
    user_sign_out_everywhere(user=user)
    audit_record(
        request=request,
        user=by,
        action=AuditAction.TWO_FACTOR_RESET,
        obj=user,
        detail=f"Two-factor reset for {user.get_username()}",
    )
    return user


@transaction.atomic
def user_unlock(*, user: User, by: User, request: HttpRequest | None = None) -> User:
    """Clear the failed sign-ins that locked the account, before the cool-off ends."""
    axes_reset(username=user.get_username())
    audit_record(
        request=request,
        user=by,
        action=AuditAction.UNLOCKED,
        obj=user,
        detail=f"Sign-in unlocked for {user.get_username()}",
    )
    return user


def user_sign_out_everywhere(*, user: User) -> int:
    """End every session of the user (stored sessions are searched; there are few). Returns
    how many were ended."""
    ended = 0
    user_key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == user_key:
            session.delete()
            ended += 1
    return ended
