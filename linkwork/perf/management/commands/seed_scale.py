"""Fill the database with the volume of a large service, quickly.

    manage.py seed_scale                      # 100,000 patients and everything in proportion
    manage.py seed_scale --patients 2000      # a small copy for a laptop

Writes services, practices, link workers, managers, GPs, patients, referrals with every status
change they went through, contacts, needs and the support offered, ONS4 wellbeing measures, appeal
cases with their deadlines, and GP statements in one transaction (PostgreSQL ``COPY``; batched
``INSERT`` elsewhere), then prints the counts and the time it took. Refuses a database that
already holds scale data, and (unless ``--force``) one that holds any other account or patient:
the seeded accounts share a known password. Every seeded user's username starts with
``scale-``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.perf import seeding


class Command(BaseCommand):
    help = (
        "Seed realistic volume: patients, referrals and their history, contacts, needs, "
        "support, wellbeing measures, appeal cases, statements."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patients", type=int, default=100_000, help="Patients (100,000).")
        parser.add_argument("--referrals", type=int, help="Referrals (default 1.5 per patient).")
        parser.add_argument("--contacts", type=int, help="Contacts (default 6 per patient).")
        parser.add_argument("--cases", type=int, help="Appeal cases (default 1 per 5 patients).")
        parser.add_argument(
            "--link-workers", type=int, help="Link workers (default 60 at 100,000 patients)."
        )
        parser.add_argument(
            "--practices", type=int, help="GP practices (default 40 at 100,000 patients)."
        )
        parser.add_argument("--seed", type=int, default=12, help="Random seed (same data).")
        parser.add_argument(
            "--password",
            default=seeding.DEFAULT_PASSWORD,
            help="Password of every seeded user.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed a database that already holds accounts or patients (never one holding "
            "real patients).",
        )

    def handle(self, *args, **options) -> None:
        if options["patients"] < 1:
            raise CommandError("Seed at least one patient.")
        plan = seeding.Plan.for_patients(
            options["patients"],
            referrals=options["referrals"],
            contacts=options["contacts"],
            cases=options["cases"],
            link_workers=options["link_workers"],
            practices=options["practices"],
            seed=options["seed"],
        )
        if plan.referrals < plan.patients:
            raise CommandError("Give each patient at least one referral.")
        self.stdout.write(
            f"Seeding {plan.patients:,} patients across {plan.practices} practices, "
            f"{plan.link_workers} link workers and {plan.services} services:"
        )
        try:
            result = seeding.seed(
                plan, password=options["password"], log=self.stdout.write, force=options["force"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Seeded {sum(v for k, v in result.counts.items() if k != 'open deadlines'):,} rows "
            f"({result.counts['open deadlines']:,} open deadlines) in {result.seconds:.1f} s."
        )
