from django.conf import settings

from linkwork.navigation import items_for


def navigation(request):
    """The service name and the navigation entries the signed-in user may use."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": items_for(user) if signed_in else [],
    }
