"""Helpers for the sign-in tests: authenticator codes and plain (unverified) clients."""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's authenticator app shows now (or ``steps_ahead`` periods later:
    a code is accepted once, and the next period's is within the allowed drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def password_only_client(user) -> Client:
    """A session that has passed the password but not the one-time code."""
    client = Client()
    client.force_login(user)
    return client
