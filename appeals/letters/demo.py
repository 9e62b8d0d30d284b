"""Demo letters for ``manage.py seed_demo``: on the first open demo appeal case with a signed
GP statement, the patient's consent to share with DWP and HMCTS and an MR cover letter with
that statement, queued for the worker (``make run`` starts one, which renders it).

Made through the services. Idempotent: nothing is added when any letter exists.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from appeals.letters import services
from appeals.letters.models import EvidenceLetter, LetterKind
from appeals.stages import ENDED
from appeals.statements.models import StatementStatus, SupportStatement
from patients.models import ConsentMethod, ConsentScope
from patients.selectors import consent_state
from patients.services import consent_record

GROUNDS = (
    "The decision does not reflect how breathless she is on most days. She cannot walk more "
    "than 20 metres without stopping, and cannot stand long enough to cook a meal safely; her "
    "GP's statement below describes both. We ask DWP to award the points set out in the table."
)
AWARDED = {"preparing_food": 2, "moving_around": 4}


@transaction.atomic
def seed(people) -> None:
    if EvidenceLetter.objects.exists():
        return
    statement = (
        SupportStatement.objects.filter(status=StatementStatus.SIGNED)
        .exclude(case__stage__in=ENDED)
        .exclude(case__decision_date=None)
        .select_related("case__patient__practice", "case__holder")
        .order_by("signed_at")
        .first()
    )
    if statement is None:
        return
    case = statement.case
    patient, holder = case.patient, case.holder
    today = timezone.localdate()
    state = consent_state(patient)
    if not state.holds_data:
        consent_record(
            patient=patient,
            by=holder,
            scope=ConsentScope.HOLD_DATA,
            given=True,
            decided_on=today,
            method=ConsentMethod.VERBAL_IN_PERSON,
        )
    for organisation in ("DWP", "HMCTS"):
        if not state.may_share_with(organisation):
            consent_record(
                patient=patient,
                by=holder,
                scope=ConsentScope.SHARE,
                organisation=organisation,
                given=True,
                decided_on=today,
                method=ConsentMethod.VERBAL_IN_PERSON,
                note="For the benefit appeal.",
            )
    services.letter_request(
        case=case,
        kind=LetterKind.MR_COVER,
        by=holder,
        grounds=GROUNDS,
        awarded_points=AWARDED if case.is_pip else {},
        statements=[statement],
    )
