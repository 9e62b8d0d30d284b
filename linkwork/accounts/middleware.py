"""Session lifetime: signed-in sessions end after a period without requests (the session cookie
age, ``SESSION_IDLE_MINUTES``, renewed on every request) and, whatever the activity,
``SESSION_MAX_HOURS`` after sign-in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

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
