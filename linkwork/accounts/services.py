"""Writes for accounts: services, practices and users."""

from django.db import transaction

from linkwork.accounts.models import Practice, Role, Service, User


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
