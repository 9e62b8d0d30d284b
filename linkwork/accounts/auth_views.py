"""Sign-in pages beyond the password: two-factor set-up and verification, and the password
views that record what they do in the audit log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from linkwork.accounts import services, two_factor
from linkwork.accounts.forms import OneTimeCodeForm
from linkwork.accounts.middleware import two_factor_exempt
from linkwork.audit.models import AuditAction
from linkwork.audit.services import audit_record
from linkwork.http import safe_next_url


def _next_url(request: HttpRequest) -> str:
    """Where to go after the code: the ``next`` the middleware passed, if it is on this site."""
    return safe_next_url(request, reverse("home"))


def _with_query(url: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@two_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: the code from the user's authenticator app."""
    if not two_factor.is_pending(request):
        return redirect(_next_url(request))
    if two_factor.confirmed_device(request.user) is None:
        return redirect(_with_query(reverse("two_factor_setup"), request))
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_verify(request=request, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@two_factor_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of a role that needs two-factor authentication: scan the QR code (or type
    the key) into an authenticator app, then enter a code it shows."""
    if not two_factor.is_pending(request):
        return redirect(_next_url(request))
    if two_factor.confirmed_device(request.user) is not None:
        return redirect(_with_query(reverse("two_factor_verify"), request))
    device = services.two_factor_device_start(user=request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_enrol(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": two_factor.base32_secret(device),
        # Markup drawn by the qrcode library from the device's otpauth:// address: it holds
        # no user text, only path data.
        "qr_svg": mark_safe(two_factor.qr_code_svg(device.config_url)),  # noqa: S308
    }
    return render(request, "accounts/two_factor_setup.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (which keeps this session and ends every other one, through
    the session's password hash), recorded in the audit log."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(request=self.request, action=AuditAction.PASSWORD_CHANGED)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from an emailed link, recorded in the audit log. Whoever can
    read the account's email has proved it is theirs, so a sign-in lockout is lifted too."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(request=self.request, user=form.user, action=AuditAction.PASSWORD_RESET)
        services.user_unlock(user=form.user, by=form.user, request=self.request)
        return response


def locked_out(request: HttpRequest, credentials: dict | None = None) -> HttpResponse:
    """The page django-axes shows when an account's sign-in is locked (429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
