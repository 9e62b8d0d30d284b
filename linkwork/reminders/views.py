"""The bell, the notification list, marking read, and reminder preferences.

A user only ever reaches their own notifications: another user's is a 404. Notification titles
carry patient initials, so the pages are never cached and each view is in the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.policy import is_gp
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.forms import apply_errors
from linkwork.http import safe_next_url
from linkwork.reminders import selectors, services
from linkwork.reminders.forms import PreferencesForm

PAGE_SIZE = 25


@never_cache
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The unread count beside the bell, fetched by htmx after the page loads."""
    return render(
        request, "reminders/_bell_count.html", {"unread": selectors.unread_count(request.user)}
    )


@never_cache
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "unread")
    if show not in ("unread", "all"):
        show = "unread"
    query = request.GET.get("q", "")[:100]
    notifications = selectors.notifications_for(
        request.user, unread_only=show == "unread", query=query
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(request=request, action=AuditAction.VIEW, detail="Notifications")
    return render(
        request,
        "reminders/notification_list.html",
        {
            "page": page,
            "show": show,
            "query": query,
            "unread": selectors.unread_count(request.user),
        },
    )


@never_cache
@require_POST
def notification_read(request: HttpRequest, pk) -> HttpResponse:
    """Mark one notification read; then open what it points to (``open=1``) or go back."""
    notification = selectors.notification_of(request.user, pk)
    services.notification_mark_read(notification=notification, by=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "reminders/_notification_row.html", {"notification": notification})
    if request.POST.get("open") and notification.link:
        return redirect(notification.link)
    return redirect(safe_next_url(request, reverse("reminders:notifications")))


@never_cache
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    changed = services.notifications_mark_all_read(user=request.user)
    if changed:
        messages.success(
            request, f"{changed} notification{'s' if changed != 1 else ''} marked as read."
        )
    return redirect(safe_next_url(request, reverse("reminders:notifications")))


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preference_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.preferences_update(
                    user=request.user,
                    offsets=form.cleaned_data["offsets"],
                    email_enabled=form.cleaned_data["email_enabled"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Your reminder settings are saved.")
                return redirect("reminders:preferences")
    else:
        form = PreferencesForm(
            initial={"offsets": current.offsets, "email_enabled": current.email_enabled}
        )
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "is_gp": is_gp(request.user), "has_email": bool(request.user.email)},
    )
