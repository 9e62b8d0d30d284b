"""Demo statements for ``manage.py seed_demo``: on the open demo appeal cases of patients of
the demo GPs' practices, a request waiting for the GP, an overdue one, a signed GP statement
and the link worker's own draft, so the GP portal and the case page show each state.

Made through the services (deadlines and notifications are real). Idempotent: nothing is added
when any demo case already has a statement.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from appeals.models import AppealCase
from appeals.stages import ENDED
from appeals.statements import services
from appeals.statements.models import StatementKind, SupportStatement
from linkwork.accounts.models import Role

SIGNED_CONTENT = {
    "conditions": "Chronic obstructive pulmonary disease (COPD), moderate to severe; "
    "generalised anxiety disorder.",
    "duration": "COPD diagnosed in 2016, worsening since 2022. Expected to be lifelong.",
    "treatment": "Inhaled steroid and two bronchodilators, home oxygen overnight, "
    "sertraline 100 mg. Pulmonary rehabilitation completed 2023.",
    "mental_health_effect": "Anxiety has worsened markedly since the decision; she reports "
    "panic attacks when she thinks about the car being returned.",
    "statement": "In my opinion she cannot walk more than 20 metres without stopping on most "
    "days, and needs prompting and help with cooking because of breathlessness.",
    "activity_impacts": {
        "preparing_food": {
            "how_often": "Most days",
            "how_reliably": "Cannot stand long enough to cook a simple meal safely",
            "help": "Needs another person to cook or to prepare food in advance",
        },
        "moving_around": {
            "how_often": "Every day",
            "how_reliably": "Breathless after 20 metres; slower than a normal pace",
            "help": "Uses a rollator and stops to rest",
        },
    },
}


@transaction.atomic
def seed(people) -> None:
    password = _demo_password()
    gps = {user.practice_id: user for user in people.users.values() if user.role == Role.GP}
    cases = list(
        AppealCase.objects.filter(patient__practice_id__in=gps.keys())
        .exclude(stage__in=ENDED)
        .select_related("patient__practice", "holder")
        .order_by("created_at")[:4]
    )
    if not cases or SupportStatement.objects.filter(case__in=cases).exists():
        return
    today = timezone.localdate()

    first = cases[0]
    gp = gps[first.patient.practice_id]
    services.statement_request(
        case=first,
        by=first.holder,
        requested_of_user=gp,
        message="She is appealing a PIP refusal that stops her Motability car. Could you "
        "describe her breathlessness and how it affects cooking and walking?",
        due=today + timedelta(days=5),
    )
    services.statement_start(case=first, kind=StatementKind.LINK_WORKER, by=first.holder)

    if len(cases) > 1:
        second = cases[1]
        services.statement_request(
            case=second,
            by=second.holder,
            message="Please write about his mental health and how it affects meeting people "
            "and planning journeys.",
            due=today - timedelta(days=2),
            today=today - timedelta(days=16),
        )

    if len(cases) > 2:
        third = cases[2]
        signer = gps[third.patient.practice_id]
        signed = services.statement_request(
            case=third,
            by=third.holder,
            requested_of_user=signer,
            message="Supporting statement for the tribunal, please.",
            due=today + timedelta(days=10),
        )
        services.statement_save_draft(statement=signed, by=signer, data=SIGNED_CONTENT)
        services.statement_sign(statement=signed, by=signer, password=password)


def _demo_password() -> str:
    from linkwork.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
