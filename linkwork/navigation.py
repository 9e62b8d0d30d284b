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
    label: str
    url_name: str
    shown_to: Callable[..., bool]


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home", lambda user: user.is_authenticated),
    NavItem("Caseload", "patients:caseload", policy.can_view_caseload),
    NavItem("Referrals", "referrals:list", policy.can_view_referrals),
    NavItem("Appeals", "appeals:case_list", policy.can_use_appeals),
    NavItem("Deadlines", "appeals:my_deadlines", policy.can_use_appeals),
    NavItem("Audit log", "audit:log", policy.can_view_audit_log),
    NavItem("Reports", "reports:index", policy.can_view_reports),
    NavItem("My figures", "reports:index", policy.is_link_worker),
    NavItem("Practice summary", "reports:index", policy.is_gp),
    NavItem("Administration", "admin:index", policy.can_use_admin_site),
]


def items_for(user) -> list[dict[str, str]]:
    """The entries the user may see, resolved to URLs."""
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in NAVIGATION
        if item.shown_to(user)
    ]
