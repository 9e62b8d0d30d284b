"""Template tags for other apps' pages.

``{% load appeal_tags %}{% patient_appeals patient %}`` renders the patient's appeal cases (for
service staff; nothing for GPs) with a link to open a new one. Two queries.
"""

from django import template
from django.utils import timezone

from appeals.selectors import cases_for_patient
from linkwork.accounts import policy

register = template.Library()


@register.inclusion_tag("appeals/patient_cases.html", takes_context=True)
def patient_appeals(context, patient) -> dict:
    user = context["request"].user
    shown = policy.can_use_appeals(user)
    return {
        "shown": shown,
        "patient": patient,
        "appeal_cases": list(cases_for_patient(user, patient)) if shown else [],
        "can_open_appeal": shown and policy.can_open_case(user, patient),
        "today": timezone.localdate(),
    }
