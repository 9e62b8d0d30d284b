"""Demo step: every demo user gets an authenticator device with one published secret, so
``make run`` users can pass two-factor authentication. Demo only: the secret is public.

Get the current code with ``manage.py demo_code`` or ``oathtool --totp -b <DEMO_TOTP_SECRET>``,
or add the secret to any authenticator app."""

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts import two_factor

# The RFC 6238 test secret ("12345678901234567890"), published in the README. Never real.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")


def seed(people) -> None:
    for user in people.users.values():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name=two_factor.DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
            )
