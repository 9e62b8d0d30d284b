"""Reads for the reminder pages: always the signed-in user's own notifications, loaded in a
fixed number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from linkwork.accounts import policy

if TYPE_CHECKING:
    from linkwork.accounts.models import User
    from linkwork.reminders.models import Notification


def notifications_for(user: User, *, unread_only: bool = False, query: str = "") -> QuerySet:
    """The user's notifications, newest first, with the delivery record of each reminder."""
    notifications = policy.notifications_visible_to(user).select_related("reminder")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    if query.strip():
        notifications = notifications.filter(title__icontains=query.strip())
    return notifications.order_by("-created_at")


def unread_count(user: User) -> int:
    return policy.notifications_visible_to(user).filter(read_at__isnull=True).count()


def notification_of(user: User, pk) -> Notification:
    """One of the user's own notifications; anyone else's is a 404."""
    return get_object_or_404(policy.notifications_visible_to(user), pk=pk)
