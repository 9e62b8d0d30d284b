"""The navigation bar: each entry names a URL and the policy predicate that shows it.

An entry appears only for users the predicate admits, so the bar shows what the role may use.
Add an entry here when a new top-level page lands.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from linkwork.accounts import policy


@dataclass(frozen=True)
class NavItem:
    """``label`` is the entry's text, or a function of the user giving it."""

    label: str | Callable[..., str]
    url_name: str
    shown_to: Callable[..., bool]


def _has_reports(user) -> bool:
    return policy.report_scope(user) is not None


def _reports_label(user) -> str:
    """The reports entry's label: "Reports" for a whole service (or every service), the
    report scope's own title ("My figures", "Practice summary") when it is narrowed to a
    caseload or a practice."""
    scope = policy.report_scope(user)
    if scope.worker_id is None and scope.practice_id is None:
        return "Reports"
    return scope.title


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home", lambda user: user.is_authenticated),
    NavItem("Caseload", "patients:caseload", policy.can_view_caseload),
    NavItem("Referrals", "referrals:list", policy.can_view_referrals),
    NavItem("Appeals", "appeals:case_list", policy.can_use_appeals),
    NavItem("Deadlines", "appeals:my_deadlines", policy.can_use_appeals),
    NavItem("Audit log", "audit:log", policy.can_view_audit_log),
    NavItem(_reports_label, "reports:index", _has_reports),
    NavItem("Administration", "admin:index", policy.can_use_admin_site),
]


def items_for(user) -> list[dict[str, str]]:
    """The entries the user may see, resolved to URLs."""
    return [
        {
            "label": item.label(user) if callable(item.label) else item.label,
            "url": reverse(item.url_name),
        }
        for item in NAVIGATION
        if item.shown_to(user)
    ]
