"""Reads for the referral pages: duplicate detection at intake and the referral list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.policy import patients_visible_to, referrals_visible_to
from patients.identifiers import nhs_number_is_valid
from patients.models import Patient
from referrals.models import OPEN_STATUSES, Referral, ReferralStatus

if TYPE_CHECKING:
    from linkwork.accounts.models import User


def possible_matches(
    user: User,
    *,
    nhs_number: str,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    postcode: str,
) -> list[Patient]:
    """Patients the user may see who may be the person being referred: the same NHS number,
    or else (for records without that NHS number) the same name, date of birth and postcode.
    Open referrals are loaded, so the form can warn about a second open referral."""
    visible = patients_visible_to(user).select_related("practice", "holder")
    if nhs_number:
        by_number = list(visible.filter(nhs_number=nhs_number))
        if by_number:
            return by_number
    same_person = Q(
        family_name__iexact=family_name.strip(),
        given_name__iexact=given_name.strip(),
        date_of_birth=date_of_birth,
        postcode=postcode,
    )
    candidates = visible.filter(same_person)
    if nhs_number:
        candidates = candidates.filter(nhs_number="")
    return list(candidates.order_by("family_name", "given_name")[:10])


def nhs_number_registered_elsewhere(user: User, nhs_number: str) -> bool:
    """True when another service's patient has this NHS number (the user cannot link to them)."""
    if not nhs_number:
        return False
    exists = Patient.objects.filter(nhs_number=nhs_number)
    return exists.exists() and not patients_visible_to(user).filter(nhs_number=nhs_number).exists()


def open_referrals(patient: Patient) -> list[Referral]:
    return list(patient.referrals.filter(status__in=OPEN_STATUSES).order_by("-received_on"))


def referral_list(
    user: User,
    *,
    q: str = "",
    status: str = "open",
    overdue: bool = False,
    second_open: bool = False,
) -> QuerySet[Referral]:
    """Referrals the user may see, filtered, with patient, practices and messages loaded."""
    queryset = referrals_visible_to(user).select_related(
        "patient__practice", "patient__holder", "referring_practice"
    )
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status in ReferralStatus.values:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.first_contact_overdue(timezone.localdate())
    if second_open:
        queryset = queryset.filter(second_open_referral=True)
    if q := q.strip():
        compact = q.replace(" ", "")
        if compact.isdigit() and nhs_number_is_valid(compact):
            queryset = queryset.filter(patient__nhs_number=compact)
        else:
            for word in q.split():
                queryset = queryset.filter(
                    Q(patient__given_name__icontains=word)
                    | Q(patient__family_name__icontains=word)
                    | Q(patient__preferred_name__icontains=word)
                )
    return queryset.prefetch_related("messages").order_by("-received_on", "-created_at", "pk")
