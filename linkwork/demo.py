"""Demo data for trying Linkwork locally (``manage.py seed_demo``). Idempotent: running it again
finds what exists by natural keys (service name, ODS code, username) and adds nothing twice.

Each domain app contributes a ``demo.seed(people)`` step, listed in ``DEMO_STEPS``; a step
receives the demo people and must itself be idempotent.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import import_string

from linkwork.accounts.models import Practice, Role, Service, User
from linkwork.accounts.services import user_create

# Demo only: these accounts exist to try the software and must never reach a real deployment.
DEMO_PASSWORD = "Linkwork-demo-1"  # noqa: S105

DEMO_STEPS: list[str] = [
    "linkwork.accounts.demo.seed",
    "patients.demo.seed",
    "referrals.demo.seed",
    "appeals.demo.seed",
    "appeals.statements.demo.seed",
    "appeals.letters.demo.seed",
    "linkwork.reminders.demo.seed",
]

SERVICE = {
    "name": "Riverside PCN Social Prescribing",
    "address": "Riverside Health Centre\n12 Quay Street\nManchester\nM3 4AB",
    "phone": "0161 496 0000",
    "email": "socialprescribing@riverside.example",
}
PRACTICES = [
    ("M85001", "Quayside Medical Practice", "12 Quay Street, Manchester", "M3 4AB"),
    ("M85002", "Canal Street Surgery", "40 Canal Street, Manchester", "M1 3HE"),
    ("M85003", "Ancoats Family Practice", "5 Jersey Street, Manchester", "M4 6JG"),
]
USERS = [
    # username, role, first, last, practice ODS code (GPs), job title, registration
    ("admin", Role.ADMINISTRATOR, "Ada", "Admin", None, "System administrator", ""),
    ("manager", Role.MANAGER, "Morgan", "Reid", None, "Social prescribing lead", ""),
    ("alex", Role.LINK_WORKER, "Alex", "Taylor", None, "Link worker", ""),
    ("sam", Role.LINK_WORKER, "Sam", "Okafor", None, "Link worker", ""),
    ("drpatel", Role.GP, "Priya", "Patel", "M85001", "GP partner", "GMC 7012345"),
    ("drjones", Role.GP, "Huw", "Jones", "M85002", "Salaried GP", "GMC 7023456"),
    ("drkhan", Role.GP, "Imran", "Khan", "M85003", "GP partner", "GMC 7034567"),
]


@dataclass
class DemoPeople:
    service: Service
    practices: list[Practice]
    users: dict[str, User]
    created_usernames: list[str] = field(default_factory=list)


@transaction.atomic
def seed() -> DemoPeople:
    service, _ = Service.objects.get_or_create(name=SERVICE["name"], defaults=SERVICE)
    practices = []
    for ods_code, name, address, postcode in PRACTICES:
        practice, _ = Practice.objects.get_or_create(
            ods_code=ods_code,
            defaults={"name": name, "address": address, "postcode": postcode, "service": service},
        )
        practices.append(practice)
    by_ods = {p.ods_code: p for p in practices}
    people = DemoPeople(service=service, practices=practices, users={})
    for username, role, first, last, ods_code, title, registration in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                role=role,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@riverside.example",
                service=service if role in (Role.LINK_WORKER, Role.MANAGER) else None,
                practice=by_ods[ods_code] if ods_code else None,
                job_title=title,
                professional_registration=registration,
            )
            people.created_usernames.append(username)
        people.users[username] = user
    for step in DEMO_STEPS:
        import_string(step)(people)
    return people
