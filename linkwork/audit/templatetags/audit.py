from django import template

from linkwork.accounts import policy

register = template.Library()


@register.filter
def may_view_access_log(user, patient) -> bool:
    """``{% if request.user|may_view_access_log:patient %}``: the policy's answer for the
    "who has accessed this record" list."""
    return policy.can_view_patient_access_log(user, patient)


@register.filter
def may_export_subject_access(user, patient) -> bool:
    """``{% if request.user|may_export_subject_access:patient %}``."""
    return policy.can_export_subject_access(user, patient)
