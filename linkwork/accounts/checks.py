"""System checks for the sign-in settings: a misspelt role in ``OTP_REQUIRED_ROLES`` is an
error, and ``check --deploy`` warns when a role that sees patient data signs in without a
second factor."""

from django.conf import settings
from django.core import checks

from linkwork.accounts.models import Role

PATIENT_DATA_ROLES = {Role.LINK_WORKER, Role.GP, Role.MANAGER, Role.ADMINISTRATOR}


@checks.register(checks.Tags.security)
def check_otp_roles(app_configs, **kwargs):
    unknown = sorted(set(settings.OTP_REQUIRED_ROLES) - set(Role.values))
    if unknown:
        return [
            checks.Error(
                f"OTP_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
                hint=f"Use some of: {', '.join(Role.values)}.",
                id="linkwork.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_otp_covers_patient_data(app_configs, **kwargs):
    missing = sorted(PATIENT_DATA_ROLES - set(settings.OTP_REQUIRED_ROLES))
    if missing:
        return [
            checks.Warning(
                "Roles that can see patient data sign in without two-factor authentication: "
                f"{', '.join(missing)}.",
                hint="NHS policy asks for multi-factor authentication on remote access to patient "
                "records: add them to OTP_REQUIRED_ROLES.",
                id="linkwork.W001",
            )
        ]
    return []
