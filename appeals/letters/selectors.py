"""Reads for the letter pages, scoped through the policy, in a fixed number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from appeals.letters.models import EvidenceLetter
from linkwork.accounts import policy

if TYPE_CHECKING:
    from appeals.models import AppealCase
    from linkwork.accounts.models import User


def letters_for_case(user: User, case: AppealCase) -> QuerySet[EvidenceLetter]:
    """The case's letters the user may see, newest first, with who asked for each."""
    return (
        policy.letters_visible_to(user)
        .filter(case=case)
        .select_related("requested_by")
        .defer("content")
        .order_by("-requested_at", "kind", "-version")
    )


def letter_for_user(user: User, pk) -> EvidenceLetter:
    """One letter the user may see (404 otherwise), with its case and patient loaded for the
    permission check and the audit record."""
    return get_object_or_404(
        policy.letters_visible_to(user)
        .select_related("case__patient__practice", "case__holder", "requested_by")
        .defer("content"),
        pk=pk,
    )


def latest_awarded_points(case: AppealCase) -> dict[str, int]:
    """The DWP-awarded points entered on the case's most recent letter, to prefill the next."""
    latest = (
        EvidenceLetter.objects.filter(case=case)
        .exclude(awarded_points={})
        .order_by("-requested_at")
        .values_list("awarded_points", flat=True)
        .first()
    )
    return dict(latest or {})
