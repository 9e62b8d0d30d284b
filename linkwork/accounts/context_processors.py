from django.conf import settings

from linkwork.accounts import two_factor
from linkwork.navigation import items_for


def navigation(request):
    """The service name and the navigation entries the signed-in user may use. A session still
    waiting for its two-factor code gets no entries (they would only lead back to the code)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    pending = two_factor.is_pending(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": items_for(user) if signed_in and not pending else [],
        "two_factor_pending": pending,
    }
