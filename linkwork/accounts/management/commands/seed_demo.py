from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from linkwork import demo
from linkwork.accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Load demo data: a service, three practices, users of every role, and the domain "
        "records each app adds. Safe to run again: nothing is added twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a system holding real patients).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only with "
                "DEBUG=true. Use --force for a throwaway system."
            )
        people = demo.seed()
        if people.created_usernames:
            self.stdout.write("Demo accounts created (demo only, never for real patients):")
            for username in people.created_usernames:
                user = people.users[username]
                self.stdout.write(
                    f"  {username:<10} {user.get_role_display():<14} password: {demo.DEMO_PASSWORD}"
                )
        else:
            self.stdout.write("Demo data already present; nothing added.")
        self.stdout.write(
            "Two-factor code for every demo account: run `manage.py demo_code`, or add the demo "
            f"secret {DEMO_TOTP_SECRET} to an authenticator app "
            f"(`oathtool --totp -b {DEMO_TOTP_SECRET}`)."
        )
