import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from linkwork.accounts.demo import DEMO_TOTP_KEY, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo accounts made by seed_demo (they share "
        "one published secret). Demo only."
    )

    def handle(self, *args, **options):
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
        seconds_left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp.token():06d}")
        self.stderr.write(
            f"Valid for {seconds_left} more seconds. Demo secret (for an authenticator app or "
            f"`oathtool --totp -b {DEMO_TOTP_SECRET}`): {DEMO_TOTP_SECRET}"
        )
