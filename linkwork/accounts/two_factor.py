"""Two-factor authentication (TOTP) state: who must pass it and whether this session has.

A user whose role is in ``settings.OTP_REQUIRED_ROLES`` signs in with a password and then a
six-digit code from an authenticator app (a django-otp ``TOTPDevice``). Passing the code marks
the session; every sign-in starts unverified again (the mark is cleared on ``user_logged_in``),
and signing out flushes the session.
"""

from __future__ import annotations

import base64
import io
import re
from typing import TYPE_CHECKING

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from django.http import HttpRequest

    from linkwork.accounts.models import User

VERIFIED_SESSION_KEY = "linkwork_two_factor_verified"
DEVICE_NAME = "Authenticator app"


def two_factor_required(user: User) -> bool:
    """Whether the user's role must pass a one-time code after the password."""
    return bool(user.is_authenticated and user.role in settings.OTP_REQUIRED_ROLES)


def is_verified(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(VERIFIED_SESSION_KEY))


def is_pending(request: HttpRequest) -> bool:
    """Whether the signed-in user must still pass a one-time code in this session."""
    user = getattr(request, "user", None)
    return bool(user is not None and two_factor_required(user) and not is_verified(request))


def mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    request.session[VERIFIED_SESSION_KEY] = device.persistent_id


def clear_verified(request: HttpRequest) -> None:
    request.session.pop(VERIFIED_SESSION_KEY, None)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in (RFC 4648 base32, no padding),
    in groups of four for reading aloud."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(data: str) -> str:
    """The QR code as inline SVG markup, drawn here (no image service, no data: URI)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    # Drop the XML declaration so the markup can sit inside HTML, and size it for the screen.
    svg = svg[svg.index("<svg") :]
    return re.sub(
        r'<svg width="[^"]*" height="[^"]*"',
        '<svg width="220" height="220" role="img" aria-label="QR code for your authenticator app"',
        svg,
        count=1,
    )
