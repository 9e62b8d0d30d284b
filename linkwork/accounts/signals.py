"""At sign-in: mark the moment in the session (for the absolute session limit) and start the
session unverified for two-factor authentication, so every password sign-in needs a fresh
one-time code."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from linkwork.accounts import two_factor
from linkwork.accounts.middleware import SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="linkwork_mark_sign_in")
def mark_sign_in(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT] = time.time()
    two_factor.clear_verified(request)
