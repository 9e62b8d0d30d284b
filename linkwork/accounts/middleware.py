"""Request guards for signed-in users.

* ``SessionLifetimeMiddleware``: signed-in sessions end after a period without requests (the
  session cookie age, ``SESSION_IDLE_MINUTES``, renewed on every request) and, whatever the
  activity, ``SESSION_MAX_HOURS`` after sign-in.
* ``TwoFactorMiddleware``: a user whose role must use two-factor authentication reaches no page
  but the two-factor pages (and public ones) until the session has passed a one-time code.
* ``NoStoreMiddleware``: no response of a Django view is kept by the browser or a proxy, so
  patient data never sits in a shared or back-button cache.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from linkwork.accounts import two_factor

SIGNED_IN_AT = "linkwork_signed_in_at"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, "Your session has ended. Please sign in again.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def two_factor_exempt(view_func):
    """Mark a view a signed-in user may reach before passing two-factor authentication (the
    two-factor pages themselves and signing out)."""
    view_func.two_factor_exempt = True
    return view_func


class TwoFactorMiddleware:
    """Sends an unverified session of a role in ``OTP_REQUIRED_ROLES`` to the code page. Views
    that need no sign-in (``login_not_required``) and ``two_factor_exempt`` views are let
    through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not two_factor.is_pending(request):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if getattr(view_func, "two_factor_exempt", False):
            return None
        target = f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # An htmx request would swap the code page into part of a page: load it whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (with Django's other never-cache headers) on every response
    that passes through Django's views, and a ``Permissions-Policy`` turning off browser
    features Linkwork never uses. Static files are served earlier, by WhiteNoise, and keep their
    long cache lifetimes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
